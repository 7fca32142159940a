"""Reading line sections from a file: GeoJSON with the standard library, anything else GDAL reads.

GeoJSON is read with the standard library and other formats (GeoPackage, Shapefile, ...) with
``pyogrio.raw``; both give the same :class:`~journeys.geo.track.SectionTable`. Neither path goes
through geopandas, and the bundled GeoJSON path does not import pyogrio (which imports pandas), so
``journeys check`` stays light. Nothing here makes a Python object per row: columns stay columns and
WKB line strings are decoded with array operations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from journeys.errors import NetworkFileError
from journeys.geo.track import Section, SectionTable


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    """A yes/no property: JSON true, or 1/"true"/"yes" as GDAL formats may give it."""
    if isinstance(value, bool):
        return value
    return (_text(value) or "").lower() in ("1", "true", "yes")


def _number(value: Any) -> float | None:
    text = _text(value)
    return None if text is None else float(text)


#: A file's features as columns: the geometries (shapely, None where a feature has none) and each
#: property as a sequence indexed by feature, absent properties None.
Columns = tuple[np.ndarray, dict[str, Sequence[Any]]]


def _geojson_columns(path: Path) -> Columns:
    """GeoJSON read with the standard library: WGS84 by definition (RFC 7946), and no geopandas import."""
    from shapely.geometry import shape

    def geometry(value: Any) -> Any:
        if not value:
            return None
        if value.get("type") == "LineString":  # track has thousands of points: one array, not a list per point
            coords = np.asarray(value["coordinates"], dtype=float)
            if coords.ndim == 2 and len(coords) >= 2:
                return shapely.linestrings(coords[:, :2])
        return shape(value)

    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        geoms = np.empty(len(features), dtype=object)
        for row, feature in enumerate(features):
            geoms[row] = geometry(feature.get("geometry"))
        props = [feature.get("properties") or {} for feature in features]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a valid GeoJSON FeatureCollection") from err
    names = dict.fromkeys(name for p in props for name in p)
    return geoms, {name: [p.get(name) for p in props] for name in names}


def _gdal_columns(path: Path) -> Columns:  # the geometries as WKB
    """Any other vector format GDAL reads (GeoPackage, Shapefile...), through pyogrio, as arrays."""
    import pyogrio.raw
    from pyogrio.errors import DataSourceError

    try:
        meta, _, wkb, columns = pyogrio.raw.read(path, force_2d=True)
    except (DataSourceError, OSError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a GeoJSON, GeoPackage or Shapefile") from err
    if meta.get("crs") not in (None, "EPSG:4326", "OGC:CRS84"):
        raise NetworkFileError(f"{path} is in {meta['crs']}; reproject it to WGS84 (EPSG:4326) first")
    return wkb, dict(zip(meta["fields"], columns, strict=True))


def _vertex_ids(value: Any, count: int) -> tuple[str, ...]:
    """The `vertices` property (a list, or JSON text from GDAL) when it names every interior vertex."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if not isinstance(value, list) or len(value) != count:
        return ()
    return tuple(str(v) for v in value)


def _station_ids(value: Any, count: int) -> tuple[str, ...]:
    """The `stations` property of track geometry ([[vertex index, place id], ...]) as one id per interior vertex.

    Track geometry has thousands of points, few of them stations; the file names only those, and
    every other interior vertex gets "" (no place).
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if not isinstance(value, list):
        return ()
    ids = [""] * count
    for item in value:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], int) and 0 < item[0] <= count:
            ids[item[0] - 1] = str(item[1])
    return tuple(ids)


def _numbers(column: Sequence[Any] | None, rows: np.ndarray) -> np.ndarray:
    """A numeric property at the given rows as floats, NaN where absent; text is parsed here, so bad values fail at load."""
    if column is None:
        return np.full(len(rows), np.nan)
    if isinstance(column, np.ndarray) and column.dtype.kind in "iuf":
        return column[rows].astype(np.float64)
    return np.array([np.nan if (v := _number(column[r])) is None else v for r in rows.tolist()], dtype=np.float64)


def _linestring_wkb(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates and point counts of WKB LineStrings, read from the bytes with array operations.

    A big file is nearly always 2D LineStrings in little-endian WKB (what pyogrio gives with
    ``force_2d``): the coordinates are then the bytes that follow each 9-byte header, so one mask
    drops the headers and what remains is the (lon, lat) doubles in order, no geometry object
    made. Anything else (another type, Z, big-endian, a missing or one-point geometry) gives None
    and the caller decodes with shapely, as for any file.
    """
    if not len(wkb) or any(item is None for item in wkb):
        return None
    lengths = np.fromiter(map(len, wkb), dtype=np.intp, count=len(wkb))
    if (lengths < 9).any():
        return None
    blob = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    header = blob[starts[:, None] + np.arange(9)]  # (n, 9): byte order, type (4), points (4)
    kinds = header[:, 1:5].copy().view("<u4").ravel()
    points = header[:, 5:9].copy().view("<u4").ravel().astype(np.intp)
    if (header[:, 0] != 1).any() or (kinds != 2).any() or (lengths != 9 + 16 * points).any() or (points == 1).any():
        return None
    keep = np.ones(len(blob), dtype=bool)
    keep[(starts[:, None] + np.arange(9)).ravel()] = False
    return blob[keep].view("<f8").reshape(-1, 2), points


def _parts(path: Path, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates, point counts, feature row, number of parts and part number of every line part."""
    kinds = shapely.get_type_id(geoms)
    rows = np.flatnonzero(((kinds == 1) | (kinds == 5)) & ~shapely.is_empty(geoms))  # LineString, MultiLineString
    if not rows.size:
        raise NetworkFileError(f"{path} has no line geometry; a network file holds LineStrings of track")
    if (kinds[rows] == 1).all():  # LineStrings only: each feature is one section
        parts, row, n_parts, part_no = geoms[rows], rows, np.ones(len(rows), dtype=np.intp), np.zeros(len(rows), dtype=np.intp)
    else:
        parts, part_of = shapely.get_parts(geoms[rows], return_index=True)
        row = rows[part_of]  # each part's feature
        n_parts = shapely.get_num_geometries(geoms[rows])[part_of]
        part_no = np.arange(len(parts)) - np.searchsorted(part_of, part_of)  # position among its feature's parts
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    sizes = np.bincount(owner, minlength=len(parts))
    if (empty := np.flatnonzero(sizes == 0)).size:
        raise NetworkFileError(f"{path}: feature {row[empty[0]]} has an empty line part; remove it or give it coordinates")
    return coords, sizes, row, n_parts, part_no


def read_sections(path: Path) -> SectionTable:
    """Read every LineString (or MultiLineString part) of a vector file as sections.

    The geometry is taken apart with one shapely call per step for the whole file, not per feature;
    the attributes stay the file's columns, read for a section when it is made.
    """
    geoms: np.ndarray | None
    lines: tuple[np.ndarray, np.ndarray] | None = None
    if path.suffix.lower() in (".geojson", ".json"):
        geoms, columns = _geojson_columns(path)
    else:
        wkb, columns = _gdal_columns(path)
        lines = _linestring_wkb(wkb)
        geoms = shapely.from_wkb(wkb) if lines is None else None
        del wkb
    if lines is not None:  # LineStrings only, decoded without making a geometry object per feature
        coords, points = lines
        row = np.flatnonzero(points > 0)  # an empty LineString is no section
        if not row.size:
            raise NetworkFileError(f"{path} has no line geometry; a network file holds LineStrings of track")
        sizes, n_parts, part_no = points[row], np.ones(len(row), dtype=np.intp), np.zeros(len(row), dtype=np.intp)
    else:
        assert geoms is not None
        coords, sizes, row, n_parts, part_no = _parts(path, geoms)
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.intp)

    def column(name: str) -> Sequence[Any] | None:
        return columns.get(name)

    def per_part(name: str) -> list[str | None]:
        values = column(name)
        if values is None:
            return [None] * len(row)
        texts = [_text(value) for value in values]
        return [texts[r] for r in row.tolist()]

    start, end = per_part("from"), per_part("to")
    gauge, published = _numbers(column("gauge_mm"), row), _numbers(column("published_km"), row)
    alternative = _numbers(column("alternative_km"), row)
    vertices: list[tuple[str, ...]] | None = None
    stations, names = column("stations"), column("vertices")
    if stations is not None or names is not None:
        vertices = []
        for r, n in zip(row.tolist(), sizes.tolist(), strict=True):
            if stations is not None and stations[r] is not None:
                vertices.append(_station_ids(stations[r], int(n) - 2))
            else:
                vertices.append(() if names is None else _vertex_ids(names[r], int(n) - 2))
    borders = column("border_crossing")
    border = [False] * len(row) if borders is None else [_flag(borders[r]) for r in row.tolist()]
    origin = str(path)

    def value(name: str, r: int) -> Any:
        values = column(name)
        return None if values is None else values[r]

    def make(i: int) -> Section:
        r = int(row[i])
        base = _text(value("id", r)) or f"{path.stem}-{r}"
        return Section(
            id=base if n_parts[i] == 1 else f"{base}-{part_no[i]}",
            line=_text(value("line", r)) or _text(value("name", r)) or "",
            coords=coords[offsets[i] : offsets[i + 1]],
            gauge_mm=None if np.isnan(gauge[i]) else int(gauge[i]),
            start=start[i], end=end[i],
            published_km=None if np.isnan(published[i]) else float(published[i]),
            published_source=_text(value("published_source", r)),
            alternative_km=None if np.isnan(alternative[i]) else float(alternative[i]),
            alternative_line=_text(value("alternative_line", r)),
            alternative_source=_text(value("alternative_source", r)),
            source=_text(value("geometry_source", r)), origin=origin,
            vertices=() if vertices is None else vertices[i],
            licence=_text(value("licence", r)), attribution=_text(value("attribution", r)),
            kind=_text(value("geometry_kind", r)), border=border[i],
        )

    return SectionTable(coords, offsets, start, end, make, vertices, np.array(border, dtype=bool))


