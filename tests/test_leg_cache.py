"""Legs routed once per network and set of points: the same legs as routing afresh, shared read-only."""

from __future__ import annotations

import numpy as np
import pytest

from journeys.geo import route
from journeys.geo.route import route_trip
from journeys.geo.trip import Trip, make_trip
from journeys.records.files import find_record, load_records


@pytest.fixture
def trip() -> Trip:
    return make_trip(find_record(load_records(), "2019-hanoi"))


def _legs(trip: Trip) -> list[tuple[object, ...]]:
    return [(leg.start, leg.end, leg.mode, leg.km, leg.method, leg.geometry_km, leg.flags, leg.lines,
             leg.gauge_changes, leg.network, leg.credits, leg.km_range, leg.coords.tobytes())
            for leg in route_trip(trip).legs]


def test_a_kept_leg_is_the_leg_routed_afresh(trip: Trip) -> None:
    route._LEGS.clear()
    fresh = _legs(trip)
    again = _legs(trip)  # every rail leg now comes from what was kept
    assert route._LEGS and again == fresh


def test_kept_coordinates_are_shared_and_read_only(trip: Trip) -> None:
    first = route_trip(trip).legs
    second = route_trip(trip).legs
    rail = [(a, b) for a, b in zip(first, second, strict=True) if a.mode == "rail" and a.method != "estimate"]
    assert rail
    for a, b in rail:
        assert a.coords is b.coords
        assert not a.coords.flags.writeable
        with pytest.raises(ValueError):
            a.coords[0, 0] = np.nan
