"""An analysed trip in the formats other tools read: GeoJSON, GPX, KML, CSV (and GeoPackage, a file).

Every format carries the same three tables (:mod:`journeys.export.rows`): the stops (points with
their role, reported time windows and distance from the origin along the route), the legs (one
line each, with the routed km, the range the checks allow, how it was measured and when the train
was on it) and the claims (the source's words, the stops they concern, the verdict with its reason
and the source cited). How each format keeps them apart:

- GeoJSON: one FeatureCollection; ``feature`` is ``stop``, ``leg`` or ``claim``. A claim has no
  geometry (its ``span_from_index`` and ``span_to_index`` name the stops it concerns): copying the
  route under every claim would multiply the file for nothing the legs do not already draw.
- KML: a Folder per table with a typed ``<Schema>``; stops and legs carry a ``<TimeSpan>``.
- GPX: stops as waypoints, legs as one track; claims have no place in GPX. See :mod:`.markup`.
- CSV: one table per file, ``layer`` chooses which (stops by default).
- GeoPackage: three layers, written with GDAL (:mod:`.geopackage`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from journeys.check.analysis import AnalysedJourney
from journeys.export.markup import to_gpx, to_kml
from journeys.export.rows import FIELDS, LAYERS, PRECISION, claim_rows, leg_rows, stop_rows, table
from journeys.geo.measure import rounded

FORMATS = ("geojson", "gpx", "kml", "csv", "gpkg")
#: The formats written as text (to a file or to standard output); a GeoPackage is a database file.
TEXT_FORMATS = ("geojson", "gpx", "kml", "csv")
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpx": "gpx", ".kml": "kml", ".csv": "csv", ".gpkg": "gpkg"}
STOP_FIELDS = tuple(FIELDS["stops"])
LEG_FIELDS = tuple(FIELDS["legs"])
CLAIM_FIELDS = tuple(FIELDS["claims"])

__all__ = ["FORMATS", "LAYERS", "TEXT_FORMATS", "export_text", "format_for", "to_csv", "to_geojson", "to_gpx", "to_kml"]


def format_for(out: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the output file's suffix names, else GeoJSON."""
    if fmt:
        return fmt
    if out is not None and out.suffix.lower() in SUFFIXES:
        return SUFFIXES[out.suffix.lower()]
    return "geojson"


def leg_coords(analysed: AnalysedJourney, index: int) -> list[list[float]]:
    """[lon, lat] points of a leg, rounded."""
    points: list[list[float]] = rounded(analysed.route.legs[index].coords, PRECISION).tolist()
    return points


def to_geojson(analysed: AnalysedJourney) -> str:
    """A FeatureCollection: stops as Points, legs as LineStrings, claims without geometry; ``feature`` tells them apart."""
    return geojson_text(geojson_collection(analysed))


def geojson_text(collection: dict[str, Any]) -> str:
    """A FeatureCollection as the GeoJSON export writes it (indented, UTF-8 kept, a final newline)."""
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def geojson_collection(analysed: AnalysedJourney) -> dict[str, Any]:
    """What :func:`to_geojson` writes, as the object: a map page embeds it without printing it with
    indentation (Python's slow encoder) and reading it back."""
    features: list[dict[str, Any]] = []
    for row in stop_rows(analysed):
        properties = {"feature": "stop", **{k: v for k, v in row.items() if k not in ("lat", "lon")}}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                         "properties": properties})
    for row in leg_rows(analysed):
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": leg_coords(analysed, row["index"])},
                         "properties": {"feature": "leg", **row}})
    for row in claim_rows(analysed):
        features.append({"type": "Feature", "geometry": None, "properties": {"feature": "claim", **row}})
    journey = analysed.journey
    return {"type": "FeatureCollection", "name": journey.id, "title": journey.title, "features": features}


def to_csv(analysed: AnalysedJourney, layer: str = "stops") -> str:
    """One table (stops, legs or claims) with its FIELDS as columns; an empty cell where nothing was reported."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=tuple(FIELDS[layer]), lineterminator="\n")
    writer.writeheader()
    for row in table(analysed, layer):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


def export_text(analysed: AnalysedJourney, fmt: str, layer: str = "stops") -> str:
    """The analysed trip in one of TEXT_FORMATS; ``layer`` chooses the CSV table."""
    if fmt == "csv":
        return to_csv(analysed, layer)
    writers = {"geojson": to_geojson, "gpx": to_gpx, "kml": to_kml}
    if fmt not in writers:
        raise ValueError(f"unknown text export format {fmt!r}; use one of {', '.join(TEXT_FORMATS)}")
    return writers[fmt](analysed)
