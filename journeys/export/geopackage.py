"""A GeoPackage with three layers, written by GDAL: stops (points), legs (lines) and claims (a table).

GeoPackage is the one export that holds several tables with declared types in one file, which is
what a GIS user loading a trip into QGIS wants: ``stops``, ``legs`` and ``claims`` (no geometry; its
``span_from_index`` and ``span_to_index`` name the stops it concerns). Numbers are REAL and
INTEGER columns; the UTC moments are DateTime columns. GeoPackage stores date-times in UTC, so the
local-time fields (which keep the offset then in force) are ISO 8601 text, as in the other formats.

GDAL writes the file in a scratch folder; its bytes then go to the target atomically (journeys.atomic).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from journeys.atomic import write_bytes_atomic
from journeys.check.analysis import AnalysedJourney
from journeys.export.rows import FIELDS, LAYERS, PRECISION, table


def _frame(analysed: AnalysedJourney, layer: str) -> Any:
    """The layer as a (Geo)DataFrame with typed columns."""
    import geopandas
    import pandas
    from shapely import LineString, Point

    rows = table(analysed, layer)
    frame = pandas.DataFrame(rows, columns=list(FIELDS[layer]))
    for name, kind in FIELDS[layer].items():
        if kind == "double":
            frame[name] = frame[name].astype("float64")
        elif kind == "int":
            frame[name] = frame[name].astype("int64")
        elif kind == "datetime" and (name.endswith("_utc") or "_utc_" in name):
            frame[name] = pandas.to_datetime(frame[name], utc=True)
    if layer == "stops":
        geometry = [Point(row["lon"], row["lat"]) for row in rows]
    elif layer == "legs":
        geometry = [LineString([(round(float(x), PRECISION), round(float(y), PRECISION)) for x, y in leg.coords])
                    for leg in analysed.route.legs]
    else:
        return frame
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def geopackage_bytes(analysed: AnalysedJourney) -> bytes:
    """The three layers as a GeoPackage file's bytes (GDAL writes to a private scratch folder)."""
    import pyogrio

    with tempfile.TemporaryDirectory(prefix="journeys-gpkg-") as scratch:
        path = Path(scratch) / f"{analysed.journey.id}.gpkg"
        for layer in LAYERS:
            pyogrio.write_dataframe(_frame(analysed, layer), path, layer=layer, driver="GPKG", append=path.exists())
        return path.read_bytes()


def write_geopackage(analysed: AnalysedJourney, out: Path, force: bool = False) -> None:
    """Write the GeoPackage to ``out`` atomically: a failed export leaves the old file or nothing."""
    write_bytes_atomic(out, geopackage_bytes(analysed), force)
