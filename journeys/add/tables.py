"""The script form of ``journeys add``: stops and claims from CSV files, sources and claims from options.

The stops CSV, one row per stop (see docs/adding-a-trip.md)::

    name,country,role,arrival,departure,passing,source,quote

plus the optional columns ``id, lat, lon, coordinates_source, note, mode, via``. A row with an empty
``name`` adds more reported times (with its own source and quote) to the stop above it. ``mode`` and
``via`` (places separated by ``;``) describe the travel from the previous stop to this one.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeys.add.draft import StopEntry, claim_data, journey_data, parse_claim_option, parse_source_option, stop_data, time_data
from journeys.add.fields import (
    CLAIM_FIELDS,
    OPTIONAL_STOP_COLUMNS,
    REQUIRED_CLAIM_FIELDS,
    STOP_COLUMNS,
    TIME_KINDS,
    AddError,
    check_coordinates,
    check_id,
    check_mode,
    check_new_source_id,
    check_required,
    check_source_ref,
    check_year,
    split_via,
)
from journeys.add.save import stop_origins

# -- the script form ----------------------------------------------------------------------------------


#: A stops or claims file larger than this is refused before it is read (10,000 stops are about 2 MB).
MAX_CSV_BYTES = 20_000_000


def decode_csv(path: Path) -> str:
    """The text of a CSV file: UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is an error.

    Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark, which is unambiguous and read.
    A Latin-1 or Windows-1252 file is refused rather than guessed: a wrong guess would misspell
    place names without a word.
    """
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise AddError(f"{path} is larger than {MAX_CSV_BYTES // 1_000_000} MB; split it, or check it is the stops file")
        raw = path.read_bytes()
    except OSError as err:
        raise AddError(f"cannot read {path}: {(err.strerror or str(err)).lower()}") from None
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        hint = " (it looks like UTF-16 without a byte-order mark)" if b"\x00" in raw[:200] else \
            " (perhaps Latin-1 or Windows-1252)"
        raise AddError(f"{path}, line {line}: the file is not {'UTF-16' if encoding == 'utf-16' else 'UTF-8'} "
                       f"text{hint if encoding != 'utf-16' else ''}; save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet)") from None


def _csv_rows(path: Path, required: Sequence[str], optional: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as {column: stripped text} with their line numbers; columns are checked first."""
    text = decode_csv(path)
    if "\x00" in text:
        if text.count("\x00") * 4 >= len(text):  # every other byte: ASCII text saved as UTF-16
            raise AddError(f"{path}, line 1: it looks like UTF-16 without a byte-order mark; save it as UTF-8 "
                           "(\"CSV UTF-8\" in a spreadsheet)")
        line = text[:text.index("\x00")].count("\n") + 1
        raise AddError(f"{path}, line {line}: the file holds a NUL character; it is not a text CSV file")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        columns = [c.strip() for c in reader.fieldnames or ()]
        missing = [c for c in required if c not in columns]
        unknown = [c for c in columns if c not in (*required, *optional)]
        if missing or unknown:
            problems = ([f"missing columns {', '.join(missing)}"] if missing else []) + (
                [f"unknown columns {', '.join(unknown)}"] if unknown else [])
            raise AddError(f"{path}, line 1: {'; '.join(problems)}; the header is {','.join(required)} "
                           f"(optional: {','.join(optional)})")
        rows = []
        for row in reader:
            if None in row:
                raise AddError(f"{path}, line {reader.line_num}: more cells than columns; quote text that contains commas")
            cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            if any(cells.values()):
                rows.append((reader.line_num, cells))
    except csv.Error as err:
        raise AddError(f"{path}, line {reader.line_num}: {err}; check the quotes on that line") from None
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
                entries[-1].origin = f"{path}, line {line}"
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


def read_claims_csv(path: Path, source_ids: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    """Claims from a CSV file with the columns of CLAIM_FIELDS (kind, source, quote, says required), with their lines."""
    optional = [c for c in CLAIM_FIELDS if c not in REQUIRED_CLAIM_FIELDS]
    claims = []
    for line, cells in _csv_rows(path, REQUIRED_CLAIM_FIELDS, optional):
        try:
            claims.append((f"{path}, line {line}", claim_data(cells, source_ids)))
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


def data_from_options(options: ScriptOptions) -> tuple[dict[str, Any], dict[tuple[str, int], str]]:
    """The record data given by options, a stops CSV and perhaps a claims CSV; and where each stop, leg
    and claim was given (for errors found when the whole record is checked)."""
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
    claims = [(f"--claim {number}", parse_claim_option(text, ids)) for number, text in enumerate(options.claims, start=1)]
    if options.claims_file:
        claims += read_claims_csv(options.claims_file, ids)
    data = journey_data(header, sources, stops, [claim for _, claim in claims])
    origins = stop_origins(stops, data.get("legs", []))
    origins |= {("claims", number): origin for number, (origin, _) in enumerate(claims)}
    origins |= {("sources", number): f"--source {number + 1}" for number in range(len(sources))}
    return data, origins


