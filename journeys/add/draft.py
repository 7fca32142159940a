"""Adding a trip: from a person's answers, or a CSV of stops, to a checked record in their folder.

Two front ends share one builder. The interview (:class:`journeys.add.interview.Interview`, what ``journeys add`` asks in
a terminal) and the script form (``journeys add --stops FILE`` with options) both produce plain record
data, dicts in the shape of docs/records.md, through the same field checks; :func:`build_journey`
turns that data into a :class:`~journeys.records.model.Journey` with the model the loader uses. So the same
answers give byte-identical YAML whichever way they were given.

Validating and writing the record (and keeping the answers when that fails) is
:mod:`journeys.add.save`; the answer checks are in :mod:`journeys.add.fields`, the CSV readers in
:mod:`journeys.add.tables`.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeys.add.fields import (
    CLAIM_FIELDS,
    CLAIM_KINDS,
    PLACE_KINDS,
    QUANTITY_KINDS,
    REQUIRED_CLAIM_FIELDS,
    SEED_PREFIX,
    SOURCE_FIELDS,
    AddError,
    check_choice,
    check_country,
    check_date,
    check_figure,
    check_id,
    check_locator,
    check_new_source_id,
    check_required,
    check_role,
    check_says,
    check_source_ref,
    check_time,
    clean_text,
)
from journeys.errors import RecordProblem
from journeys.geo.geocode import Resolution
from journeys.records.files import (
    RECORDS_ENV,
    SUFFIX,
    bundled_records_dir,
    default_records_dir,
    record_dirs,
)
from journeys.records.model import Claim, Journey, Source, cross_check

# -- where the record goes -------------------------------------------------------------------------


def target_folder(records_dirs: Sequence[Path | str] = ()) -> Path:
    """Where a new record is written: the first ``--records`` folder, the first in JOURNEYS_RECORDS, or the default."""
    if records_dirs:
        return Path(records_dirs[0])
    from_env = [d for d in os.environ.get(RECORDS_ENV, "").split(os.pathsep) if d]
    return Path(from_env[0]) if from_env else default_records_dir()


def is_read_by_default(folder: Path) -> bool:
    """Whether the other commands read ``folder`` without being told (so `journeys list` shows the trip).

    A ``--records`` folder is read only by commands given it again, so it does not count.
    """
    return folder.resolve() in record_dirs()


def check_id_free(journey_id: str, target: Path, records_dirs: Sequence[Path | str] = (), overwrite: bool = False) -> None:
    """Refuse an id that a record already has, in the target folder (unless ``overwrite``) or in any other.

    File names are checked rather than records loaded, so that one broken record elsewhere does not
    stop anyone adding theirs; the loader insists a file is named after its id.
    """
    target = target.resolve()
    for folder in dict.fromkeys([target, *record_dirs(records_dirs)]):
        path = folder / f"{journey_id}{SUFFIX}"
        if not path.is_file() or (overwrite and folder == target):
            continue
        if folder == target:
            raise AddError(f"{path} exists; choose another id, or pass --overwrite to replace it")
        owner = "a bundled record" if folder == bundled_records_dir().resolve() else "the record"
        raise AddError(f"the id {journey_id!r} is already used by {owner} {path}; choose another id"
                       + (" (--overwrite only replaces a record in the folder written to)" if overwrite else ""))


# -- record data ----------------------------------------------------------------------------------


def _problem(err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def valid_data(model: Any, data: dict[str, Any], what: str) -> dict[str, Any]:
    """Check data against one of the record's models, so a bad part is caught where it is entered."""
    try:
        model.model_validate(data)
    except ValidationError as err:
        raise AddError(f"{what}: {_problem(err)}") from None
    return data


def source_data(source_id: str, publisher: str, title: str, date: str = "", url: str = "",
                locator: str = "") -> dict[str, Any]:
    """A source as record data: found by its url, a stored story, or (print, broadcast) date and page or programme."""
    data: dict[str, Any] = {"id": check_new_source_id([])(source_id), "publisher": clean_text(publisher) or "unknown",
                            "title": check_required("title")(title)}
    if not data["id"]:
        raise AddError("a source needs an id")
    if date.strip():
        data["date"] = check_date(date)
    if url.strip():
        where = check_locator(url)
        if where.startswith(SEED_PREFIX):
            data["seed"] = where.removeprefix(SEED_PREFIX).strip()
        else:
            data["url"] = where
    elif not locator.strip():
        raise AddError(f"source {source_id!r} needs a url, {SEED_PREFIX}FILE, or (for print or broadcast) "
                       "a page or programme with its date")
    if locator.strip():
        data["locator"] = clean_text(locator)
    if "date" not in data and not url.strip():
        raise AddError(f"source {source_id!r} has no url; give its date (YYYY-MM-DD) so a reader can find the "
                       "issue or broadcast")
    return valid_data(Source, data, f"source {source_id!r}")


def parse_source_option(text: str) -> dict[str, Any]:
    """A source written 'id|publisher|title|date|url[|locator]' (date may be empty; url may be seed:FILE, or
    empty for a print or broadcast source given its date and locator: 'id|KBS|News 9|2011-08-20||KBS1 21:00')."""
    parts = text.split("|")
    if not len(SOURCE_FIELDS) - 1 <= len(parts) <= len(SOURCE_FIELDS):
        raise AddError(f"--source {text!r} has {len(parts)} fields; write 'id|publisher|title|date|url' "
                       "(leave date empty when unknown: 'id|publisher|title||url'), or for print and broadcast "
                       "'id|publisher|title|date||page or programme'")
    return source_data(*parts)


def time_data(time: str, source: str, quote: str) -> dict[str, str]:
    """One reported time with its source and the source's words."""
    return {"time": check_time(time), "source": source.strip(), "quote": check_required("quote")(quote)}


@dataclass
class StopEntry:
    """A stop as entered, with how the train reached it from the stop before."""

    data: dict[str, Any]
    mode: str = "rail"
    via: list[str] = field(default_factory=list)
    origin: str = ""  # where it was given, e.g. 'stops.csv, line 4', for errors found later

    @property
    def key(self) -> str:
        return str(self.data.get("id") or self.data["name"])


def stop_data(name: str, country: str, role: str, *, stop_id: str = "", coordinates: tuple[float, float] | None = None,
              coordinates_source: str = "", note: str = "") -> dict[str, Any]:
    """A stop as record data, without its times."""
    data: dict[str, Any] = {"name": check_required("stop name")(name)}
    if stop_id.strip():
        data["id"] = check_id(stop_id)
    if country.strip():
        data["country"] = check_country(country)
    if coordinates is not None:
        data["lat"], data["lon"] = coordinates
        if not coordinates_source.strip():
            raise AddError("coordinates need a source: a source id or the URL they come from")
        data["coordinates_source"] = coordinates_source.strip()
    data["role"] = check_role(role)
    if note.strip():
        data["note"] = note.strip()
    return data


def check_claim_span(keys: Sequence[str], start: str, end: str) -> None:
    """A span names a stop and a later one, as legs and claims refer to stops."""
    if not start and not end:
        return
    if not start or not end:
        raise AddError("a claim's span needs both 'from' and 'to', or neither (the whole journey)")
    if start not in keys:
        raise AddError(f"no stop named {start!r}; use one of: {', '.join(dict.fromkeys(keys))}")
    later = keys[keys.index(start) + 1:]
    if end not in later:
        raise AddError(f"no stop named {end!r} after {start!r}; use one of: {', '.join(dict.fromkeys(later))}")


def claim_data(fields: Mapping[str, str], source_ids: Sequence[str]) -> dict[str, Any]:
    """A claim as record data, from the fields of CLAIM_FIELDS (empty ones left out)."""
    get = {name: (fields.get(name) or "").strip() for name in CLAIM_FIELDS}
    missing = [name for name in REQUIRED_CLAIM_FIELDS if not get[name]]
    if missing:
        raise AddError(f"a claim needs {', '.join(missing)}")
    kind = check_choice("claim kind", CLAIM_KINDS)(get["kind"])
    data: dict[str, Any] = {"source": check_source_ref(source_ids)(get["source"]), "quote": get["quote"], "kind": kind,
                            "says": check_says(get["says"], get["quote"])}
    if kind in QUANTITY_KINDS:
        check_figure(kind, get["figure"] or get["says"])
    if get["figure"]:
        data["figure"] = get["figure"]
    if get["from"] or get["to"]:
        if not (get["from"] and get["to"]):
            raise AddError("a claim's span needs both 'from' and 'to', or neither (the whole journey)")
        data["span"] = {"from": get["from"], "to": get["to"]}
    if kind in PLACE_KINDS and not get["place"]:
        raise AddError(f"a {kind} claim needs 'place': the place the claim names")
    if get["place"]:
        data["place"] = get["place"]
    if kind == "time" and not get["time"]:
        raise AddError("a time claim needs 'time': the claimed time, e.g. 2025-09-02 morning")
    if get["time"]:
        data["time"] = check_time(get["time"])
    if get["note"]:
        data["note"] = get["note"]
    return valid_data(Claim, data, "claim")


def parse_claim_option(text: str, source_ids: Sequence[str]) -> dict[str, Any]:
    """A claim written 'kind|source|quote|says|from|to|place|time|figure|note' (trailing fields may be left out)."""
    parts = text.split("|")
    if not len(REQUIRED_CLAIM_FIELDS) <= len(parts) <= len(CLAIM_FIELDS):
        raise AddError(f"--claim {text!r} has {len(parts)} fields; write 'kind|source|quote|says' and, if needed, "
                       "'|from|to|place|time|figure|note' (a quote containing '|' goes in a --claims CSV file)")
    return claim_data(dict(zip(CLAIM_FIELDS, parts, strict=False)), source_ids)


def legs_data(stops: Sequence[StopEntry]) -> list[dict[str, Any]]:
    """The legs worth writing: any that is not plain rail; a leg not listed is rail."""
    legs = []
    for before, entry in itertools.pairwise(stops):
        if entry.mode == "rail" and not entry.via:
            continue
        leg: dict[str, Any] = {"from": before.key, "to": entry.key, "mode": entry.mode}
        if entry.via:
            leg["via"] = list(entry.via)
        legs.append(leg)
    return legs


def check_repeated_names(stops: Sequence[StopEntry]) -> None:
    """A place that occurs twice needs an id on the later stop, or legs and claims would mean the first."""
    seen: dict[str, int] = {}
    for number, entry in enumerate(stops, start=1):
        name = entry.data["name"]
        if name in seen and not entry.data.get("id"):
            raise AddError(f"stop {number} ({name}) has the same name as stop {seen[name]}; give it an id, "
                           f"e.g. {re.sub(r'[^a-z0-9-]+', '-', name.lower()).strip('-') or 'stop'}-{number}")
        seen.setdefault(name, number)


def journey_data(header: Mapping[str, Any], sources: Sequence[dict[str, Any]], stops: Sequence[StopEntry],
                 claims: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The whole record as data, in the shape of docs/records.md."""
    check_repeated_names(stops)
    data: dict[str, Any] = {"id": header["id"], "title": header["title"], "traveller": header["traveller"],
                            "year": header["year"]}
    if header.get("summary"):
        data["summary"] = header["summary"]
    data |= {"sources": list(sources), "stops": [e.data for e in stops]}
    legs = legs_data(stops)
    if legs:
        data["legs"] = legs
    if claims:
        data["claims"] = list(claims)
    return data


def build_journey(data: Mapping[str, Any]) -> Journey:
    """The record data as a Journey, through the model and cross-checks the loader uses."""
    try:
        journey = Journey.model_validate(dict(data))
    except ValidationError as err:
        raise AddError(_problem(err)) from None
    try:
        cross_check(journey)
    except RecordProblem as problem:
        where = ".".join(str(p) for p in problem.loc)
        raise AddError(f"{where}: {problem.problem}; {problem.fix}") from None
    return journey


def place_line(name: str, resolution: Resolution) -> str:
    """How a stop resolved, e.g. 'Dandong → Dandong (CN) 40.12917, 124.39472  [geonames: geonames-2037886]'."""
    place = resolution.place
    country = f" ({place.country})" if place.country else ""
    return f"{name} → {place.name}{country} {place.lat:.5f}, {place.lon:.5f}  [{place.gazetteer}: {place.id}]"
