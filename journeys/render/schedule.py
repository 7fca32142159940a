"""What a map shows: an analysed journey with the schedule the time slider plays.

The schedule places each reported time inside its window, as near as the window allows to where the
assumed speed puts the train; stops with no reported time are placed evenly along the track between
reported ones. It is a drawing aid, never evidence: the checks never read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from journeys.check.analysis import AnalysedJourney, analyse_each, analyse_trip
from journeys.check.results import JourneyCheck
from journeys.geo.geocode import PlaceResolver
from journeys.geo.network import Network
from journeys.geo.route import Route
from journeys.geo.trip import Trip
from journeys.records.files import Record
from journeys.records.model import Journey
from journeys.records.timeline import Event

HOUR = 3600.0


# -- what a map shows -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """When the played train is where: route km of each stop, and when it reaches and leaves it.

    Times are UTC seconds, or seconds from departure when ``relative`` (no reported time at all).
    """

    stop_km: tuple[float, ...]
    reach: tuple[float, ...]
    leave: tuple[float, ...]
    relative: bool

    @property
    def anchors(self) -> list[tuple[float, float]]:
        """(time, km) points the train moves between linearly; a stay is two points at one km."""
        points: list[tuple[float, float]] = []
        for km, reach, leave in zip(self.stop_km, self.reach, self.leave, strict=True):
            points.append((reach, km))
            if leave > reach:
                points.append((leave, km))
        return points


@dataclass(frozen=True)
class MappedJourney:
    """An analysed journey with the schedule its map plays: everything a page draws."""

    analysed: AnalysedJourney
    schedule: Schedule

    @property
    def trip(self) -> Trip:
        return self.analysed.trip

    @property
    def route(self) -> Route:
        return self.analysed.route

    @property
    def check(self) -> JourneyCheck:
        return self.analysed.check

    @property
    def journey(self) -> Journey:
        return self.analysed.journey

    @property
    def speed(self) -> float:
        return self.analysed.speed

    @cached_property
    def crossings(self) -> tuple[tuple[float, float], ...]:
        """Where the route passes from one country to another, as (lon, lat): found once per journey,
        for its own page and the overview alike (see journeys.render.background.crossings)."""
        if not self.route.legs:
            return ()
        import numpy as np

        from journeys.render import background

        return background.crossings(np.concatenate([leg.coords for leg in self.route.legs]))


def stop_distances(route: Route) -> tuple[float, ...]:
    """Route km at each stop; route_trip makes one leg per pair of consecutive stops, in order."""
    km = [0.0]
    for leg in route.legs:
        km.append(km[-1] + leg.km)
    return tuple(km)


def _place_events(events: Sequence[Event], stop_km: Sequence[float], speed: float) -> list[tuple[int, float]]:
    """One moment per reported event: inside its window, as near as the window allows to where the
    assumed speed puts the train after the previous event (the first event at the middle of its window)."""
    placed: list[tuple[int, float]] = []
    previous: tuple[float, float] | None = None
    for event in events:
        low, high = event.earliest.timestamp(), event.latest.timestamp()
        km = stop_km[event.stop_index]
        if previous is None:
            moment = (low + high) / 2
        else:
            ideal = previous[0] + (km - previous[1]) / speed * HOUR
            moment = max(min(max(ideal, low), high), previous[0])
        placed.append((event.stop_index, moment))
        previous = (moment, km)
    return placed


def _fill_unreported(reach: list[float], leave: list[float], stop_km: Sequence[float], speed: float) -> None:
    """Times for stops without a report: evenly along the track between reported ones, and at the
    assumed speed before the first and after the last."""
    known = [i for i, t in enumerate(reach) if not math.isnan(t)]
    for i, t in enumerate(reach):
        if not math.isnan(t):
            continue
        before = max((k for k in known if k < i), default=None)
        after = min((k for k in known if k > i), default=None)
        if before is not None and after is not None:
            span = stop_km[after] - stop_km[before]
            share = (stop_km[i] - stop_km[before]) / span if span > 0 else 0.0
            moment = leave[before] + (reach[after] - leave[before]) * share
        elif before is not None:
            moment = leave[before] + (stop_km[i] - stop_km[before]) / speed * HOUR
        else:
            assert after is not None
            moment = reach[after] - (stop_km[after] - stop_km[i]) / speed * HOUR
        reach[i] = leave[i] = moment


def make_schedule(trip: Trip, route: Route, speed: float) -> Schedule:
    """Where the slider puts the train when: see :func:`_place_events` and :func:`_fill_unreported`."""
    stop_km = stop_distances(route)
    count = len(trip.journey.stops)
    placed = _place_events(trip.timeline.events, stop_km, speed)
    relative = not placed
    reach, leave = [math.nan] * count, [math.nan] * count
    for index, moment in placed or [(0, 0.0)]:
        if math.isnan(reach[index]):
            reach[index] = moment
        leave[index] = moment
    _fill_unreported(reach, leave, stop_km, speed)
    for i in range(count):  # never backwards, whatever the windows did
        reach[i] = max(reach[i], leave[i - 1]) if i else reach[i]
        leave[i] = max(leave[i], reach[i])
    return Schedule(stop_km, tuple(reach), tuple(leave), relative)


def map_analysed(analysed: Sequence[AnalysedJourney]) -> list[MappedJourney]:
    """Lay out the played schedule of each analysed journey, ready to draw."""
    return [MappedJourney(a, make_schedule(a.trip, a.route, a.speed)) for a in analysed]


def map_journey(trip: Trip, speed: float | None = None, resolver: PlaceResolver | None = None,
                networks: Sequence[Network] = ()) -> MappedJourney:
    """Route and check a trip and lay out its schedule, ready to draw."""
    (mapped,) = map_analysed([analyse_trip(trip, speed, networks=networks, resolver=resolver)])
    return mapped


def map_records(records: Sequence[Record], speed: float | None = None,
                networks: Sequence[Network] = ()) -> tuple[list[MappedJourney], list[str]]:
    """Map every record that can be mapped, and say why the others cannot, one line each."""
    analysed, errors = analyse_each(records, speed, networks)
    return map_analysed(analysed), errors
