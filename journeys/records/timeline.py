"""A journey's reported times as windows in local time and in UTC, in the order they happened.

Each stop's arrival, passing and departure reports become one window each: when sources agree
(their windows overlap) the window is what all of them allow; when they do not, it is the span of
all of them and the conflict is kept for the reader. Times that go backwards along the stops are an
error in the record, reported at the time that is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Literal

from journeys.errors import RecordProblem
from journeys.records.model import Journey, ReportedTime
from journeys.records.times import LocalWindow, format_window
from journeys.records.zones import format_offset, localize, zone_name

EventKind = Literal["arrival", "passing", "departure"]
EVENT_ORDER: tuple[EventKind, ...] = ("arrival", "passing", "departure")


@dataclass(frozen=True)
class Event:
    """One timed event at a stop: its local window, zone, UTC window and the reports behind it."""

    stop_index: int
    kind: EventKind
    local: LocalWindow
    zone: str
    reports: tuple[ReportedTime, ...]
    conflict: str | None = None

    # The UTC moments are computed once per event (cached_property writes the instance's __dict__,
    # which a frozen dataclass allows): judging a journey's claims asks for them hundreds of times.
    @cached_property
    def earliest(self) -> datetime:
        """Earliest moment, aware, in UTC."""
        return localize(self.local.earliest, self.zone).astimezone(UTC)

    @cached_property
    def latest(self) -> datetime:
        """Latest moment, aware, in UTC."""
        return localize(self.local.latest, self.zone).astimezone(UTC)

    @cached_property
    def utc_seconds(self) -> tuple[float, float]:
        """(earliest, latest) as POSIX seconds."""
        return self.earliest.timestamp(), self.latest.timestamp()

    @property
    def offset(self) -> str:
        """UTC offset at the start of the window, e.g. +09:00 (+08:30 for Pyongyang in 2018)."""
        return format_offset(localize(self.local.earliest, self.zone).utcoffset())

    @property
    def local_text(self) -> str:
        return format_window(self.local)

    @property
    def utc_text(self) -> str:
        return format_window(LocalWindow(self.earliest.replace(tzinfo=None), self.latest.replace(tzinfo=None)))


@dataclass(frozen=True)
class Timeline:
    """The journey's events in travel order, with each stop's coordinates and zone."""

    journey: Journey
    coords: tuple[tuple[float, float], ...]
    zones: tuple[str, ...]
    events: tuple[Event, ...]

    @cached_property
    def _first(self) -> dict[tuple[int, EventKind], Event]:
        """The first event of each (stop, kind), so that :meth:`at` does not scan every event."""
        first: dict[tuple[int, EventKind], Event] = {}
        for event in self.events:
            first.setdefault((event.stop_index, event.kind), event)
        return first

    @cached_property
    def _others(self) -> dict[tuple[str, int | None], Timeline]:
        """:meth:`without_source` answers, per source (every claim of a source asks for the same one)."""
        return {}

    @cached_property
    def _reported_by(self) -> dict[str, frozenset[int]]:
        """The positions in :attr:`events` of the events each source reports (:meth:`without_source`
        rebuilds only those)."""
        positions: dict[str, set[int]] = {}
        for number, event in enumerate(self.events):
            for report in event.reports:
                positions.setdefault(report.source, set()).add(number)
        return {source: frozenset(numbers) for source, numbers in positions.items()}

    def at(self, stop_index: int, kind: EventKind) -> Event | None:
        return self._first.get((stop_index, kind))

    def leaving(self, stop_index: int) -> Event | None:
        """When the train left a stop: departure, else passing, else arrival (it cannot have left earlier)."""
        kinds: tuple[EventKind, ...] = ("departure", "passing", "arrival")
        for kind in kinds:
            event = self.at(stop_index, kind)
            if event:
                return event
        return None

    def without_source(self, source: str, keep_stop: int | None = None) -> Timeline:
        """The timeline the other sources give: every report of ``source`` left out (but those at
        ``keep_stop``, when given).

        A claim is checked against what the *other* sources say happened, so a source cannot confirm
        itself by the time it also reported. Its own time at *one* end of a span the others leave
        untimed may be kept: the other end still comes from other sources.
        """
        key = (source, keep_stop)
        if key in self._others:
            return self._others[key]
        reported = self._reported_by.get(source, frozenset())
        events = []
        for number, event in enumerate(self.events):
            if number not in reported or event.stop_index == keep_stop:  # all its reports stay
                events.append(event)
                continue
            reports = tuple(r for r in event.reports if r.source != source)
            if reports:
                window, conflict = _combine(reports)
                events.append(Event(event.stop_index, event.kind, window, event.zone, reports, conflict))
        others = Timeline(self.journey, self.coords, self.zones, tuple(events))
        self._others[key] = others
        return others

    def reaching(self, stop_index: int) -> Event | None:
        """When the train reached a stop: arrival, else passing, else departure."""
        for kind in EVENT_ORDER:
            event = self.at(stop_index, kind)
            if event:
                return event
        return None


#: A part of the day ("afternoon") has soft edges: a report this close outside it still agrees with it.
SOFT_EDGE = timedelta(hours=1)
#: Windows at least this wide are vague words with soft edges; narrower ones are clock times.
VAGUE = timedelta(hours=2)


def _intersect(windows: Sequence[LocalWindow]) -> LocalWindow | None:
    earliest = max(w.earliest for w in windows)
    latest = min(w.latest for w in windows)
    return LocalWindow(earliest, latest) if earliest <= latest else None


def _combine(reports: Sequence[ReportedTime]) -> tuple[LocalWindow, str | None]:
    """What all reports allow; a vague report's edges are soft (18:01 agrees with "afternoon")."""
    windows = [r.window for r in reports]
    agreed = _intersect(windows) or _intersect([
        LocalWindow(w.earliest - SOFT_EDGE, w.latest + SOFT_EDGE) if w.latest - w.earliest >= VAGUE else w
        for w in windows
    ])
    if agreed is not None:
        return agreed, None
    told = "; ".join(f"{r.source}: {r.time}" for r in reports)
    return LocalWindow(min(w.earliest for w in windows), max(w.latest for w in windows)), f"sources disagree ({told})"


def build_timeline(journey: Journey, coords: Sequence[tuple[float, float]]) -> Timeline:
    """Build the timeline from the stops' (lat, lon); raise RecordProblem if times go backwards."""
    zones = tuple(zone_name(lat, lon) for lat, lon in coords)
    events: list[Event] = []
    for index, stop in enumerate(journey.stops):
        for kind in EVENT_ORDER:
            reports = getattr(stop, kind)
            if reports:
                window, conflict = _combine(reports)
                events.append(Event(index, kind, window, zones[index], tuple(reports), conflict))
    for before_index, event in enumerate(events):
        for earlier in events[:before_index]:
            if event.latest < earlier.earliest:
                stop = journey.stops[event.stop_index]
                prior = journey.stops[earlier.stop_index]
                raise RecordProblem(
                    ("stops", event.stop_index, event.kind, 0, "time"),
                    f"times go backwards: {stop.name} {event.kind} ({event.local_text}, UTC{event.offset}) is "
                    f"before {prior.name} {earlier.kind} ({earlier.local_text}, UTC{earlier.offset})",
                    "check the dates, and that each time is in the local time of its own stop",
                )
    return Timeline(journey, tuple(coords), zones, tuple(events))
