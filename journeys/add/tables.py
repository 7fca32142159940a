"""The script form of ``journeys add``: stops and claims from CSV files, sources and claims from options.

The stops CSV, one row per stop (see docs/adding-a-trip.md)::

    name,country,role,arrival,departure,passing,source,quote

plus the optional columns ``id, lat, lon, coordinates_source, note, mode, via``. A row with an empty
``name`` adds more reported times (with its own source and quote) to the stop above it. ``mode`` and
``via`` (places separated by ``;``) describe the travel from the previous stop to this one.
"""

from __future__ import annotations

import csv
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


