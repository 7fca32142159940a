"""Adding a trip: from a person's answers, or a CSV of stops, to a checked record in their folder.

Two front ends share one builder. The interview (:class:`journeys.interview.Interview`, what ``journeys add`` asks in
a terminal) and the script form (``journeys add --stops FILE`` with options) both produce plain record
data, dicts in the shape of docs/records.md, through the same field checks; :func:`build_journey`
turns that data into a :class:`~journeys.model.Journey` with the model the loader uses. So the same
answers give byte-identical YAML whichever way they were given.

Nothing reaches the records folder before the whole record has passed the loader itself
(:func:`journeys.records.read_record` on a scratch copy), its stops have resolved and its times run
forward; then it is written in one atomic rename. An interrupted session (Ctrl-C at a prompt, a killed
process) therefore leaves either no file or the complete one.

The stops CSV, one row per stop (see docs/adding-a-trip.md)::

    name,country,role,arrival,departure,passing,source,quote

plus the optional columns ``id, lat, lon, coordinates_source, note, mode, via``. A row with an empty
``name`` adds more reported times (with its own source and quote) to the stop above it. ``mode`` and
``via`` (places separated by ``;``) describe the travel from the previous stop to this one.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import HttpUrl, TypeAdapter, ValidationError

from journeys.errors import JourneysError, RecordError, RecordProblem, TimeFormatError
from journeys.geocode import PlaceResolver, Resolution
from journeys.model import ID_PATTERN, Claim, ClaimKind, Journey, Mode, Role, Source, cross_check
from journeys.quantities import QuantityKind, parse_quantity
from journeys.records import (
    RECORDS_ENV,
    SUFFIX,
    bundled_records_dir,
    default_records_dir,
    journey_to_yaml,
    read_record,
    record_dirs,
    write_record,
)
from journeys.timeline import EVENT_ORDER
from journeys.times import parse_time
from journeys.trip import Trip, make_trip

T = TypeVar("T")

# the choices come from the model, where they are declared once
ROLES: tuple[str, ...] = get_args(Role)
MODES: tuple[str, ...] = get_args(Mode)
TIME_KINDS: tuple[str, ...] = EVENT_ORDER
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
QUANTITY_KINDS: tuple[str, ...] = get_args(QuantityKind)
PLACE_KINDS: tuple[str, ...] = tuple(k for k in CLAIM_KINDS if k not in QUANTITY_KINDS)

STOP_COLUMNS = ("name", "country", "role", "arrival", "departure", "passing", "source", "quote")
OPTIONAL_STOP_COLUMNS = ("id", "lat", "lon", "coordinates_source", "note", "mode", "via")
SOURCE_FIELDS = ("id", "publisher", "title", "date", "url")
CLAIM_FIELDS = ("kind", "source", "quote", "says", "from", "to", "place", "time", "figure", "note")
REQUIRED_CLAIM_FIELDS = ("kind", "source", "quote", "says")

_URL = TypeAdapter(HttpUrl)
#: In the url answer, marks the file name of a stored news story (the record's ``seed`` field).
SEED_PREFIX = "seed:"


class AddError(JourneysError, ValueError):
    """An answer, option or CSV row that cannot go into a record; the message says which and the fix."""


# -- where the record goes -------------------------------------------------------------------------


def target_folder(records_dirs: Sequence[Path | str] = ()) -> Path:
    """Where a new record is written: the first ``--records`` folder, the first in JOURNEYS_RECORDS, or the default."""
    if records_dirs:
        return Path(records_dirs[0])
    from_env = [d for d in os.environ.get(RECORDS_ENV, "").split(os.pathsep) if d]
    return Path(from_env[0]) if from_env else default_records_dir()


def is_read_by_default(folder: Path, records_dirs: Sequence[Path | str] = ()) -> bool:
    """Whether the other commands read ``folder`` without being told (so `journeys list` shows the trip)."""
    return folder.resolve() in record_dirs(records_dirs)


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


# -- one answer at a time ----------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def check_required(what: str) -> Callable[[str], str]:
    """A check that an answer is not empty."""

    def check(value: str) -> str:
        if not value.strip():
            raise AddError(f"the {what} cannot be empty")
        return value.strip()

    return check


def check_optional(value: str) -> str:
    """Any text, or nothing."""
    return value.strip()


def check_id(value: str) -> str:
    """A record id: safe as a file name."""
    value = value.strip()
    if not re.match(ID_PATTERN, value):
        raise AddError(f"{value!r} is not a safe id; use lowercase letters, digits and hyphens (e.g. 2025-pyongyang-beijing), "
                       "at most 80 characters")
    return value


def check_year(value: str | int) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise AddError(f"{value!r} is not a year; write it in digits, e.g. 2025") from None
    if not 1800 <= year <= 2200:
        raise AddError(f"{year} is outside 1800-2200; give the year the journey started")
    return year


def check_choice(what: str, choices: Sequence[str], allow_empty: bool = False) -> Callable[[str], str]:
    """A check that an answer is one of ``choices`` (case is ignored)."""

    def check(value: str) -> str:
        value = value.strip().lower()
        if (allow_empty and not value) or value in choices:
            return value
        raise AddError(f"{value!r} is not a {what}; use one of: {', '.join(choices)}")

    return check


check_role = check_choice("role", ROLES)
check_mode = check_choice("mode", MODES)


def check_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, or nothing."""
    value = value.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise AddError(f"{value!r} is not a two-letter ISO country code; use e.g. CN, KP, RU, VN, or leave it empty")
    return value


def check_time(value: str) -> str:
    """A reported time in the time grammar of docs/records.md."""
    value = _text(value)
    try:
        parse_time(value)
    except TimeFormatError as err:
        raise AddError(str(err)) from None
    return value


def check_date(value: str) -> str:
    """A publication date YYYY-MM-DD, or nothing."""
    value = value.strip()
    if value:
        try:
            Source.model_validate({"id": "x", "publisher": "x", "title": "x", "date": value, "seed": "x"})
        except ValidationError:
            raise AddError(f"{value!r} is not a date; write YYYY-MM-DD, or leave it empty") from None
    return value


def check_url(value: str) -> str:
    """An http or https address, so that a reader can find the source."""
    value = value.strip()
    try:
        _URL.validate_python(value)
    except ValidationError:
        raise AddError(f"{value!r} is not a web address; give the http:// or https:// address of the story") from None
    return value


def check_locator(value: str) -> str:
    """Where to read a source: its web address, or ``seed:FILE`` for a story stored with the project."""
    value = value.strip()
    if value.startswith(SEED_PREFIX):
        if not value.removeprefix(SEED_PREFIX).strip():
            raise AddError("give the stored story's file name after 'seed:', e.g. seed:003_0beb9363fa79b2f0.txt")
        return value
    try:
        return check_url(value)
    except AddError:
        raise AddError(f"{value!r} is not a web address; give the http:// or https:// address of the story "
                       f"(or {SEED_PREFIX}FILE for a stored story)") from None


def check_source_ref(known: Sequence[str]) -> Callable[[str], str]:
    """A check that an answer is the id of a source already given."""

    def check(value: str) -> str:
        value = value.strip()
        if value not in known:
            raise AddError(f"no source with id {value!r}; use one of: {', '.join(known) or '(none yet)'}")
        return value

    return check


def check_new_source_id(known: Sequence[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value in known:
            raise AddError(f"source id {value!r} is used already; give this source another id")
        if value and not re.fullmatch(r"\S+", value):
            raise AddError(f"{value!r} has spaces; use a short name without spaces, e.g. yonhap-2025-09-01")
        return value

    return check


def check_says(says: str, quote: str) -> str:
    """The words of the claim, which must be copied from the quote."""
    says = says.strip()
    if not says:
        raise AddError("'says' cannot be empty; copy the words of the quote that make the claim")
    if _text(says).lower() not in _text(quote).lower():
        raise AddError(f"{says!r} is not in the quote; copy the words exactly from: {quote}")
    return says


def check_figure(kind: str, value: str) -> str:
    """A duration, distance or speed the checks can read."""
    try:
        parse_quantity(kind, value)  # type: ignore[arg-type]
    except ValueError as err:
        raise AddError(str(err)) from None
    return value.strip()


def check_coordinates(value: str) -> tuple[float, float] | None:
    """'lat, lon' in degrees, or nothing."""
    if not value.strip():
        return None
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise AddError(f"{value!r} is not 'lat, lon'; write two numbers in degrees, e.g. 40.1292, 124.3947") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AddError(f"{value!r} is off the globe; latitude is -90..90 and longitude -180..180, in that order")
    return lat, lon


def split_via(value: str) -> list[str]:
    """Via places written 'A; B; C'."""
    return [_text(p) for p in value.split(";") if p.strip()]


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


def source_data(source_id: str, publisher: str, title: str, date: str = "", url: str = "") -> dict[str, Any]:
    """A source as record data; a source needs a url so that a reader can find it."""
    data: dict[str, Any] = {"id": check_new_source_id([])(source_id), "publisher": _text(publisher) or "unknown",
                            "title": check_required("title")(title)}
    if not data["id"]:
        raise AddError("a source needs an id")
    if date.strip():
        data["date"] = check_date(date)
    locator = check_locator(url)
    if locator.startswith(SEED_PREFIX):
        data["seed"] = locator.removeprefix(SEED_PREFIX).strip()
    else:
        data["url"] = locator
    return valid_data(Source, data, f"source {source_id!r}")


def parse_source_option(text: str) -> dict[str, Any]:
    """A source written 'id|publisher|title|date|url' (date may be empty; url may be seed:FILE)."""
    parts = text.split("|")
    if len(parts) != len(SOURCE_FIELDS):
        raise AddError(f"--source {text!r} has {len(parts)} fields; write 'id|publisher|title|date|url' "
                       "(leave date empty when unknown: 'id|publisher|title||url')")
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


# -- the script form ----------------------------------------------------------------------------------


def _csv_rows(path: Path, required: Sequence[str], optional: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as {column: stripped text} with their line numbers; columns are checked first."""
    try:
        stream = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise AddError(f"cannot read {path}: {err.strerror}") from None
    with stream:
        reader = csv.DictReader(stream)
        columns = [c.strip() for c in reader.fieldnames or ()]
        missing = [c for c in required if c not in columns]
        unknown = [c for c in columns if c not in (*required, *optional)]
        if missing or unknown:
            problems = ([f"missing columns {', '.join(missing)}"] if missing else []) + (
                [f"unknown columns {', '.join(unknown)}"] if unknown else [])
            raise AddError(f"{path}: {'; '.join(problems)}; the header is {','.join(required)} "
                           f"(optional: {','.join(optional)})")
        rows = []
        try:
            for row in reader:
                if None in row:
                    raise AddError(f"{path}, line {reader.line_num}: more cells than columns; quote text that contains commas")
                cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
                if any(cells.values()):
                    rows.append((reader.line_num, cells))
        except UnicodeDecodeError:
            raise AddError(f"{path} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in a spreadsheet)") from None
    return rows


def _stop_from_row(cells: Mapping[str, str], first: bool) -> StopEntry:
    lat, lon = cells.get("lat", ""), cells.get("lon", "")
    if bool(lat) != bool(lon):
        raise AddError("give both lat and lon, or neither (the name is then looked up)")
    coordinates = check_coordinates(f"{lat},{lon}") if lat else None
    data = stop_data(cells["name"], cells["country"], cells["role"], stop_id=cells.get("id", ""), coordinates=coordinates,
                     coordinates_source=cells.get("coordinates_source", ""), note=cells.get("note", ""))
    mode = check_mode(cells.get("mode") or "rail")
    via = split_via(cells.get("via", ""))
    if first and (cells.get("mode") or via):
        raise AddError("mode and via describe the travel from the stop before; the first stop has none")
    return StopEntry(data, mode, via)


def _add_times(entry: StopEntry, cells: Mapping[str, str], source_ids: Sequence[str]) -> None:
    times = [(kind, cells[kind]) for kind in TIME_KINDS if cells[kind]]
    if not times:
        if cells["source"] or cells["quote"]:
            raise AddError("a source and quote without a time; put the reported time under arrival, departure or passing")
        return
    if not cells["source"] or not cells["quote"]:
        raise AddError("a reported time needs its source id and the source's exact words (columns source, quote)")
    source = check_source_ref(source_ids)(cells["source"])
    for kind, time in times:
        entry.data.setdefault(kind, []).append(time_data(time, source, cells["quote"]))


def read_stops_csv(path: Path, source_ids: Sequence[str]) -> list[StopEntry]:
    """The stops of a CSV file (format in the module docstring); errors name the line."""
    entries: list[StopEntry] = []
    for line, cells in _csv_rows(path, STOP_COLUMNS, OPTIONAL_STOP_COLUMNS):
        try:
            if cells["name"]:
                entries.append(_stop_from_row(cells, first=not entries))
            else:
                stray = [c for c in ("country", "role", *OPTIONAL_STOP_COLUMNS) if cells.get(c)]
                if not entries:
                    raise AddError("the first row must name a stop")
                if stray:
                    raise AddError(f"a row with an empty name only adds reported times to the stop above; "
                                   f"move {', '.join(stray)} to that stop's row")
            _add_times(entries[-1], cells, source_ids)
        except AddError as err:
            raise AddError(f"{path}, line {line}: {err}") from None
    if len(entries) < 2:
        raise AddError(f"{path} names {len(entries)} stop(s); a journey has at least two")
    return entries


def read_claims_csv(path: Path, source_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Claims from a CSV file with the columns of CLAIM_FIELDS (kind, source, quote, says required)."""
    optional = [c for c in CLAIM_FIELDS if c not in REQUIRED_CLAIM_FIELDS]
    claims = []
    for line, cells in _csv_rows(path, REQUIRED_CLAIM_FIELDS, optional):
        try:
            claims.append(claim_data(cells, source_ids))
        except AddError as err:
            raise AddError(f"{path}, line {line}: {err}") from None
    return claims


@dataclass(frozen=True)
class ScriptOptions:
    """The options of ``journeys add --stops FILE``."""

    stops_file: Path
    journey_id: str | None = None
    title: str | None = None
    traveller: str | None = None
    year: int | None = None
    summary: str | None = None
    sources: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    claims_file: Path | None = None


def data_from_options(options: ScriptOptions) -> dict[str, Any]:
    """The record data given by options, a stops CSV and perhaps a claims CSV."""
    missing = [f"--{name}" for name, value in (("id", options.journey_id), ("title", options.title),
                                                ("traveller", options.traveller), ("year", options.year),
                                                ("source", options.sources)) if not value]
    if missing:
        raise AddError(f"--stops needs {', '.join(missing)} as well (without --stops, journeys add asks for everything)")
    header = {"id": check_id(options.journey_id or ""), "title": check_required("title")(options.title or ""),
              "traveller": check_required("traveller")(options.traveller or ""), "year": check_year(options.year or 0),
              "summary": (options.summary or "").strip()}
    sources: list[dict[str, Any]] = []
    for text in options.sources:
        source = parse_source_option(text)
        check_new_source_id([s["id"] for s in sources])(source["id"])
        sources.append(source)
    ids = [s["id"] for s in sources]
    stops = read_stops_csv(options.stops_file, ids)
    claims = [parse_claim_option(text, ids) for text in options.claims]
    if options.claims_file:
        claims += read_claims_csv(options.claims_file, ids)
    return journey_data(header, sources, stops, claims)


# -- validating, writing, checking -------------------------------------------------------------------


def draft_yaml(data: Mapping[str, Any]) -> str:
    """Record data as YAML even when it is not a valid record, so an interview's answers are not lost."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(dict(data), buffer)
    return buffer.getvalue()


def validate_record(journey: Journey, resolver: PlaceResolver | None = None) -> Trip:
    """Load the record's YAML with the loader itself, resolve its stops and build its timeline.

    The scratch copy lives in a temporary folder, never in the records folder, so a check that fails
    (or is interrupted) leaves nothing there.
    """
    with tempfile.TemporaryDirectory(prefix="journeys-add-") as scratch:
        path = Path(scratch) / f"{journey.id}{SUFFIX}"
        path.write_text(journey_to_yaml(journey), encoding="utf-8")
        try:
            return make_trip(read_record(path), resolver)
        except RecordError as err:
            raise AddError(f"line {err.line} of the record: {err.problem}. Fix: {err.fix}") from None


def finish(data: Mapping[str, Any], target: Path, records_dirs: Sequence[Path | str] = (), overwrite: bool = False,
           resolver: PlaceResolver | None = None, keep_draft: bool = False) -> tuple[Path, Trip]:
    """Build, validate and atomically write the record; return its path and the trip read back from it."""
    try:
        journey = build_journey(data)
        validate_record(journey, resolver)
        check_id_free(journey.id, target, records_dirs, overwrite)
    except AddError as err:
        if not keep_draft:
            raise
        raise AddError(f"{err}\nThe record was not written. Your answers as YAML, to fix and save as "
                       f"{data.get('id')}{SUFFIX} in {target}:\n\n{draft_yaml(data)}") from None
    path = write_record(journey, target, overwrite)
    return path, make_trip(read_record(path), resolver)


def place_line(name: str, resolution: Resolution) -> str:
    """How a stop resolved, e.g. 'Dandong → Dandong (CN) 40.12917, 124.39472  [geonames: geonames-2037886]'."""
    place = resolution.place
    country = f" ({place.country})" if place.country else ""
    return f"{name} → {place.name}{country} {place.lat:.5f}, {place.lon:.5f}  [{place.gazetteer}: {place.id}]"


def check_report(trip: Trip) -> str:
    """The verdicts of the checks on the new record, as `journeys check` prints them."""
    from journeys.check import check_trips
    from journeys.check_report import check_text

    return "\n\n".join(check_text(r) for r in check_trips([trip]))
