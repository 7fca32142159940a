"""A record made concrete: its stops resolved to coordinates and its times laid on a timeline.

This is where the record layer meets the geo layer. Problems found here (a stop name no gazetteer
knows, times that go backwards) are still the record's problems, so they are reported at the line of
the record that causes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from journeys.errors import AmbiguousPlaceError, GeocodeError, RecordProblem
from journeys.geo.gazetteer import Place
from journeys.geo.geocode import PlaceResolver, Resolution
from journeys.records.files import Record
from journeys.records.model import Journey, Stop
from journeys.records.timeline import Timeline, build_timeline


@dataclass(frozen=True)
class Trip:
    """A journey with the place each stop resolved to and its timeline."""

    record: Record
    places: tuple[Resolution, ...]
    timeline: Timeline

    @property
    def journey(self) -> Journey:
        return self.record.journey

    @cached_property
    def coords(self) -> tuple[tuple[float, float], ...]:
        """(lat, lon) of each stop (made once: judging a journey's claims asks for them thousands of times)."""
        return tuple(r.latlon for r in self.places)


def _given(stop: Stop) -> Resolution | None:
    if stop.lat is None or stop.lon is None:
        return None
    place = Place(id=stop.key, name=stop.name, lat=stop.lat, lon=stop.lon, country=stop.country or "",
                  kind="record", source=stop.coordinates_source or "the record", gazetteer="record")
    return Resolution(stop.name, place, "coordinates given in the record")


def resolve_stops(record: Record, resolver: PlaceResolver) -> tuple[Resolution, ...]:
    """Resolve every stop; ambiguous names are settled by the stops around them."""
    stops = record.journey.stops
    resolved: list[Resolution | None] = [None] * len(stops)
    ambiguous: list[int] = []

    def fail(index: int, err: GeocodeError) -> RecordProblem:
        return RecordProblem(("stops", index, "name"), err.problem, err.fix or "add lat and lon to the stop")

    for index, stop in enumerate(stops):
        try:
            resolved[index] = _given(stop) or resolver.resolve(stop.name, stop.country)
        except AmbiguousPlaceError:
            ambiguous.append(index)
        except GeocodeError as err:
            raise record.error(fail(index, err)) from None
    for index in ambiguous:
        near = [r.latlon for r in (resolved[index - 1] if index else None,
                                   resolved[index + 1] if index + 1 < len(stops) else None) if r]
        try:
            resolved[index] = resolver.resolve(stops[index].name, stops[index].country, near)
        except GeocodeError as err:
            raise record.error(fail(index, err)) from None
    return tuple(r for r in resolved if r is not None)


def make_trip(record: Record, resolver: PlaceResolver | None = None) -> Trip:
    """Resolve a record's stops and build its timeline; problems are raised at the record's lines."""
    places = resolve_stops(record, resolver or PlaceResolver())
    try:
        timeline = build_timeline(record.journey, [p.latlon for p in places])
    except RecordProblem as problem:
        raise record.error(problem) from None
    return Trip(record, places, timeline)


def make_trips(records: Sequence[Record], resolver: PlaceResolver | None = None) -> list[Trip]:
    resolver = resolver or PlaceResolver()
    return [make_trip(r, resolver) for r in records]
