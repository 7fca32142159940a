"""The last step of ``journeys add``: check the whole record, write it, and never lose the answers.

Nothing reaches the records folder before the record has passed everything a later command would do
with it: the loader itself (:func:`journeys.records.files.read_record` on a scratch copy), resolving
its stops and ``via`` places, its timeline, the route and the checks. A record ``add`` reports as an
error is therefore never written (one that was would break every later command, and adding it again
would say "exists").

The record is then created exclusively (:func:`journeys.records.files.write_record`): of two runs
adding one id, one writes and the other is told the id exists. If anything fails after the
interview, the answers are saved to a draft file outside the records folder and its name is given;
half an hour of answers is never thrown away. Errors name where the bad value was given (the CSV
file and line, or the stop or claim of the interview), never a line of the scratch copy the user
never sees.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeys.add.draft import StopEntry, check_id_free
from journeys.add.fields import AddError
from journeys.atomic import WriteError, create_text_exclusive
from journeys.errors import GeocodeError, JourneysError, RecordError, RecordProblem
from journeys.geo.geocode import PlaceResolver
from journeys.geo.trip import Trip, make_trip
from journeys.records.files import SUFFIX, journey_to_yaml, read_record, write_record
from journeys.records.model import Journey, cross_check

#: Where each part of the record was given: ("stops", 2) -> "stops.csv, line 5 (stop Dandong)".
Origins = Mapping[tuple[str, int], str]


@dataclass(frozen=True)
class Written:
    """A record written: its path, the trip read back from the file, and the checks' report."""

    path: Path
    trip: Trip
    report: str


# -- where a problem was given --------------------------------------------------------------------------


def stop_origins(stops: Sequence[StopEntry], legs: Sequence[Mapping[str, Any]] = ()) -> dict[tuple[str, int], str]:
    """Origins of the stops and of the legs (a leg's mode and via are given with the stop it reaches)."""
    origins = {("stops", i): _stop_label(i, e) for i, e in enumerate(stops)}
    keys = [e.key for e in stops]
    for number, leg in enumerate(legs):
        if leg.get("to") in keys:
            index = keys.index(str(leg["to"]))
            origins[("legs", number)] = f"{_stop_label(index, stops[index])}, its mode or via"
    return origins


def _stop_label(index: int, entry: StopEntry) -> str:
    what = f"stop {index + 1} ({entry.data.get('name')})"
    return f"{entry.origin} ({what})" if entry.origin else what


def _where(loc: Sequence[str | int], origins: Origins) -> str:
    """The origin of the deepest listed part of ``loc``, else a description in the record's terms."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        key = (str(loc[0]), loc[1])
        if key in origins:
            return origins[key]
        return f"{str(loc[0]).rstrip('s')} {loc[1] + 1}"
    return ".".join(str(p) for p in loc) or "the record"


def _item_at_line(text: str, line: int) -> tuple[str, int] | None:
    """Which list item of the scratch YAML (stop, leg, claim, source) holds ``line`` (from 1)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    tree = YAML(typ="rt").load(text)
    starts: list[tuple[int, tuple[str, int] | None]] = []
    for key in tree:
        starts.append((tree.lc.key(key)[0] + 1, None))
        value = tree[key]
        if isinstance(value, CommentedSeq):
            starts += [(value.lc.item(i)[0] + 1, (str(key), i)) for i in range(len(value))]
    found = None
    for start, item in sorted(starts, key=lambda s: s[0]):
        if start > line:
            break
        found = item
    return found


# -- checking everything before writing -------------------------------------------------------------------


def build(data: Mapping[str, Any], origins: Origins = {}) -> Journey:  # noqa: B006 - read only
    """The record data as a Journey, through the model and cross-checks the loader uses."""
    try:
        journey = Journey.model_validate(dict(data))
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        message = first["msg"].removeprefix("Value error, ")
        raise AddError(f"{_where(first['loc'], origins)}: {message}") from None
    try:
        cross_check(journey)
    except RecordProblem as problem:
        raise AddError(f"{_where(problem.loc, origins)}: {problem.problem}; {problem.fix}") from None
    return journey


def validate(journey: Journey, resolver: PlaceResolver | None = None, origins: Origins = {}) -> tuple[Trip, str]:  # noqa: B006
    """Load the record as the loader would, resolve stops and via places, route and check it.

    Returns the trip and the checks' report. The scratch copy lives in a temporary folder, never in
    the records folder, so a check that fails (or is interrupted) leaves nothing there.
    """
    resolver = resolver or PlaceResolver()
    text = journey_to_yaml(journey)
    with tempfile.TemporaryDirectory(prefix="journeys-add-") as scratch:
        path = Path(scratch) / f"{journey.id}{SUFFIX}"
        path.write_text(text, encoding="utf-8")
        try:
            trip = make_trip(read_record(path), resolver)
        except RecordError as err:
            item = _item_at_line(text, err.line)
            where = _where(item, origins) if item else "the record"
            raise AddError(f"{where}: {err.problem}. Fix: {err.fix}") from None
    _check_via(trip, resolver, origins)
    from journeys.check.analysis import analyse_trip
    from journeys.check.report import check_text

    try:
        report = check_text(analyse_trip(trip, resolver=resolver).check)
    except JourneysError as err:
        raise AddError(f"the trip cannot be routed or checked: {err}") from None
    return trip, report


def _check_via(trip: Trip, resolver: PlaceResolver, origins: Origins) -> None:
    """Each leg's via places resolve near its ends, as routing will need (an unknown one is an error now)."""
    keys = [s.key for s in trip.journey.stops]
    for number, leg in enumerate(trip.journey.legs):
        ends = [trip.places[keys.index(leg.from_)].latlon, trip.places[keys.index(leg.to)].latlon]
        for name in leg.via:
            try:
                resolver.resolve(name, near=ends)
            except GeocodeError as err:
                raise AddError(f"{_where(('legs', number), origins)}: via place: {err}") from None


# -- writing, or keeping the answers ----------------------------------------------------------------------------


def drafts_dir() -> Path:
    """Where unsaved answers go: ``$XDG_STATE_HOME/journeys/drafts`` (``~/.local/state/...``), never a records folder."""
    base = os.environ.get("XDG_STATE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "state"
    return root / "journeys" / "drafts"


def draft_yaml(data: Mapping[str, Any]) -> str:
    """Record data as YAML even when it is not a valid record, so the answers are not lost."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(dict(data), buffer)
    return buffer.getvalue()


def save_draft(data: Mapping[str, Any]) -> Path | None:
    """Write the answers to a new draft file (the drafts folder, else the temporary folder); None if neither works."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    name = f"{data.get('id') or 'trip'}-{stamp}-{os.getpid()}.draft{SUFFIX}"
    text = "# answers of `journeys add`, not yet a valid record: fix, then save as ID.yaml in a records folder\n"
    text += draft_yaml(data)
    for folder in (drafts_dir(), Path(tempfile.gettempdir()) / "journeys-drafts"):
        try:
            create_text_exclusive(folder / name, text)
        except WriteError:
            continue
        return folder / name
    return None


def kept(data: Mapping[str, Any], target: Path, problem: str) -> AddError:
    """The error to raise when the record was not written: the problem, and where the answers are."""
    draft = save_draft(data)
    name = f"{data.get('id')}{SUFFIX}"
    if draft is None:
        return AddError(f"{problem}\nThe record was not written, and no draft file could be saved. Your answers "
                        f"as YAML, to fix and save as {name} in {target}:\n\n{draft_yaml(data)}")
    return AddError(f"{problem}\nThe record was not written. Your answers are saved in {draft}; fix the problem "
                    f"there and save it as {name} in {target}, or run journeys add again")


def finish(data: Mapping[str, Any], target: Path, records_dirs: Sequence[Path | str] = (), overwrite: bool = False,
           resolver: PlaceResolver | None = None, keep_draft: bool = False, force: bool = False,
           origins: Origins = {}) -> Written:  # noqa: B006 - read only
    """Build, check and write the record, or write nothing; with ``keep_draft`` a failure saves the answers.

    ``keep_draft`` is for the interview, whose answers exist nowhere else; a Ctrl-C here (after the
    last answer) keeps them too.
    """
    resolver = resolver or PlaceResolver()
    try:
        journey = build(data, origins)
        _, report = validate(journey, resolver, origins)
        check_id_free(journey.id, target, records_dirs, overwrite)
        path = write_record(journey, target, overwrite, force)
    except JourneysError as err:
        if not keep_draft:
            raise
        raise kept(data, target, str(err)) from None
    except KeyboardInterrupt:
        if keep_draft and (draft := save_draft(data)) is not None:
            import sys

            print(f"\nInterrupted: nothing written to {target}; your answers are saved in {draft}", file=sys.stderr)
        raise
    return Written(path, make_trip(read_record(path), resolver), report)
