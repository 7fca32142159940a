"""The calculator: every claim a record quotes, judged against the route and the timeline.

Figures are windows, because reported times are: a duration is [shortest, longest] possible hours
between the reported windows (computed in UTC, so time zones cancel out), a speed is distance over
that window, and a distance is exact where the leg was routed on the network and [straight line,
DETOUR_LIMIT × straight line] where it was estimated. A claim is

- ``consistent`` when every value the computation allows lies in the claim's accepted range,
- ``inconsistent`` when none does,
- ``undetermined`` when some do: the vague times allow both readings.

Each result carries the numbers and a one-line explanation with the arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

import numpy as np
from shapely.geometry import LineString, Point

from journeys.check.tolerance import accepted_range, describe
from journeys.errors import GeocodeError
from journeys.geo.geocode import SAME_PLACE_KM, PlaceResolver, geodesic_km
from journeys.geo.measure import Windows, speeds_kmh
from journeys.geo.route import DETOUR_LIMIT, Route, combined_method
from journeys.geo.trip import Trip
from journeys.records.model import Claim
from journeys.records.timeline import Event

Verdict = Literal["consistent", "inconsistent", "undetermined"]
INF = float("inf")

#: Speed above which a leg is implausible for its mode (km/h). The rail bound is generous: sources
#: put the armoured train's average near 60 km/h and its top speed at 60-80 km/h.
SPEED_BOUNDS_KMH = {"rail": 100.0, "road": 130.0, "air": 1000.0, "sea": 60.0}


@dataclass(frozen=True)
class Window:
    """A closed range of possible values; ``low == high`` for an exact value."""

    low: float
    high: float

    def __str__(self) -> str:
        if self.high == INF:
            return f"≥ {self.low:,.1f}"
        if abs(self.high - self.low) < 0.05:
            return f"{self.low:,.1f}"
        return f"{self.low:,.1f}–{self.high:,.1f}"

    def divided_by(self, other: Window) -> Window:
        """self / other for positive ranges (speed = distance / duration), by the calculator's one rule."""
        (speed,) = _speeds([self], [other])
        return speed


def _speeds(distances: Sequence[Window], durations: Sequence[Window]) -> list[Window]:
    """Speed windows of many legs at once, through the vectorised core (journeys.geo.measure)."""
    result = speeds_kmh(Windows(np.array([d.low for d in distances]), np.array([d.high for d in distances])),
                        Windows(np.array([t.low for t in durations]), np.array([t.high for t in durations])))
    return [Window(float(low), float(high)) for low, high in zip(result.low, result.high, strict=True)]


def judge(window: Window, accepted: tuple[float, float]) -> Verdict:
    low, high = accepted
    eps = 1e-9
    if window.low >= low - eps and window.high <= high + eps:
        return "consistent"
    if window.high < low - eps or window.low > high + eps:
        return "inconsistent"
    return "undetermined"


@dataclass(frozen=True)
class LegCheck:
    """One leg: where, how far, how long, how fast, and anything implausible."""

    start: str
    end: str
    mode: str
    distance_km: Window
    method: str
    estimate_reason: str | None
    duration_h: Window | None
    speed_kmh: Window | None
    assumed_h: float
    flags: tuple[str, ...] = ()
    #: speeds the reported times allow over the leg, measured between the nearest timed stops around it
    implied_kmh: Window | None = None
    #: the stops ``implied_kmh`` is measured between (the leg's own ends when both are timed)
    implied_between: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class ClaimCheck:
    """A claim with its verdict, the values compared and the arithmetic in one line."""

    claim: Claim
    verdict: Verdict
    reported: str
    computed: str
    explanation: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class JourneyCheck:
    """Everything the calculator says about one journey."""

    id: str
    title: str
    assumed_speed_kmh: float
    distance_km: Window
    method: str
    legs: tuple[LegCheck, ...]
    claims: tuple[ClaimCheck, ...]
    running_h: Window | None
    standing_h: Window | None
    flags: tuple[str, ...] = field(default=())
    #: the stops the running and standing times are measured between (first and last with times)
    timed_span: tuple[int, int] | None = None
    timed_km: Window | None = None


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600.0


def _between(leave: Event | None, reach: Event | None) -> Window | None:
    if leave is None or reach is None:
        return None
    return Window(max(0.0, _hours(reach.earliest - leave.latest)), max(0.0, _hours(reach.latest - leave.earliest)))


class Calculator:
    """Checks one trip against its route at an assumed speed."""

    def __init__(self, trip: Trip, route: Route, speed_kmh: float | None = None, door_to_door: bool = False,
                 resolver: PlaceResolver | None = None) -> None:
        self.trip = trip
        self.route = route
        self.journey = trip.journey
        self.speed = speed_kmh or self.journey.assumed_speed_kmh
        self.door_to_door = door_to_door
        self.resolver = resolver or PlaceResolver()

    # -- distances and times -------------------------------------------------------------------
    def distance(self, start: int, end: int) -> Window:
        low = high = 0.0
        for leg in self.route.legs_between(start, end):
            if leg.is_estimate and leg.method == "estimate":
                low += leg.straight_km
                high += leg.straight_km * DETOUR_LIMIT
            else:
                low += leg.km
                high += leg.km
        return Window(low, high)

    def stay(self, index: int) -> Window:
        timeline = self.trip.timeline
        return _between(timeline.at(index, "arrival"), timeline.at(index, "departure")) or Window(0.0, 0.0)

    def elapsed(self, start: int, end: int) -> Window | None:
        """Hours from leaving ``start`` to reaching ``end``; stays in between removed unless door to door."""
        total = _between(self.trip.timeline.leaving(start), self.trip.timeline.reaching(end))
        if total is None or self.door_to_door:
            return total
        stays = [self.stay(i) for i in range(start + 1, end)]
        return Window(max(0.0, total.low - sum(s.high for s in stays)), max(0.0, total.high - sum(s.low for s in stays)))

    # -- legs ------------------------------------------------------------------------------------
    def legs(self) -> tuple[LegCheck, ...]:
        stops = self.journey.stops
        distances = [self.distance(leg.start, leg.end) for leg in self.route.legs]
        durations = [self.elapsed(leg.start, leg.end) for leg in self.route.legs]
        timed = [(i, d) for i, d in enumerate(durations) if d is not None]
        speeds: list[Window | None] = [None] * len(distances)
        for (i, _), speed_window in zip(timed, _speeds([distances[i] for i, _ in timed], [d for _, d in timed]), strict=True):
            speeds[i] = speed_window
        result = []
        for leg, distance, duration, speed in zip(self.route.legs, distances, durations, speeds, strict=True):
            flags = list(leg.flags) + [f"gauge change at {g}" for g in leg.gauge_changes]
            bound = SPEED_BOUNDS_KMH[leg.mode]
            if speed is not None and speed.low > bound:
                flags.append(f"implausible: at least {speed.low:,.0f} km/h, above the {bound:,.0f} km/h bound "
                             f"for {leg.mode}; the times leave no time for the distance")
            if leg.is_estimate:
                flags.append(f"distance is an estimate: {leg.estimate_reason}")
            implied, between = self.implied_speed(leg.start, leg.end)
            result.append(LegCheck(stops[leg.start].name, stops[leg.end].name, leg.mode, distance, leg.method,
                                   leg.estimate_reason, duration, speed, leg.km / self.speed, tuple(flags),
                                   implied, between))
        return tuple(result)

    def implied_speed(self, start: int, end: int) -> tuple[Window | None, tuple[int, int]]:
        """Speeds the reported times allow over a leg: between the nearest timed stops around it."""
        timeline = self.trip.timeline
        count = len(self.journey.stops)
        first = next((i for i in range(start, -1, -1) if timeline.leaving(i)), None)
        last = next((i for i in range(end, count) if timeline.reaching(i)), None)
        if first is None or last is None:
            return None, (start, end)
        elapsed = self.elapsed(first, last)
        if elapsed is None or elapsed.high <= 0:
            return None, (first, last)
        return self.distance(first, last).divided_by(elapsed), (first, last)

    # -- claims ----------------------------------------------------------------------------------
    def span(self, claim: Claim) -> tuple[int, int, str]:
        start, end = self.journey.span_indexes(claim.span)
        return start, end, f"{self.journey.stops[start].name} → {self.journey.stops[end].name}"

    def check_claim(self, claim: Claim) -> ClaimCheck:
        method = getattr(self, f"_check_{claim.kind}")
        return method(claim)  # type: ignore[no-any-return]

    def _check_distance(self, claim: Claim) -> ClaimCheck:
        start, end, where = self.span(claim)
        quantity = claim.quantity
        accepted = accepted_range(quantity)
        distance = self.distance(start, end)
        verdict = judge(distance, accepted)
        estimated = any(leg.is_estimate for leg in self.route.legs_between(start, end))
        note = " (partly estimated)" if estimated else ""
        text = (f"{where}: {distance} km by the route{note}; reported '{claim.says}' = {quantity.value:,.0f} km, "
                f"{describe(quantity)} accepts {_range(accepted)} km: {verdict}")
        return ClaimCheck(claim, verdict, f"{quantity.value:,.0f} km", f"{distance} km", text)

    def _check_duration(self, claim: Claim) -> ClaimCheck:
        start, end, where = self.span(claim)
        quantity = claim.quantity
        accepted = accepted_range(quantity)
        km = self.distance(start, end)
        assumed = Window(km.low / self.speed, km.high / self.speed)
        by_speed = judge(assumed, accepted)
        details = [f"{km} km at {self.speed:g} km/h is {assumed} h: {by_speed}"]
        elapsed = self.elapsed(start, end)
        by_times: Verdict | None = None
        if elapsed is not None:
            by_times = judge(elapsed, accepted)
            kind = "door to door" if self.door_to_door else "running time, stays removed"
            details.append(f"the reported times allow {elapsed} h ({kind}): {by_times}")
        verdict = by_times if by_times in ("consistent", "inconsistent") else by_speed
        if by_times == "undetermined" and by_speed == "consistent":
            verdict = "undetermined"
        text = (f"{where}: reported '{claim.says}' = {quantity.value:,.1f} h, {describe(quantity)} accepts "
                f"{_range(accepted)} h; " + "; ".join(details) + f" → {verdict}")
        computed = f"{assumed} h at {self.speed:g} km/h" + (f"; {elapsed} h by the timeline" if elapsed else "")
        return ClaimCheck(claim, verdict, f"{quantity.value:,.1f} h", computed, text, tuple(details))

    def _check_speed(self, claim: Claim) -> ClaimCheck:
        start, end, where = self.span(claim)
        quantity = claim.quantity
        accepted = accepted_range(quantity)
        elapsed = self.elapsed(start, end)
        distance = self.distance(start, end)
        if elapsed is None or elapsed.high == 0:
            text = (f"{where}: reported '{claim.says}'; the record has no times at both ends of the span, so "
                    f"no speed can be computed: undetermined")
            return ClaimCheck(claim, "undetermined", f"{quantity.value:g} km/h", "no timeline", text)
        speed = distance.divided_by(elapsed)
        verdict = judge(speed, accepted)
        text = (f"{where}: {distance} km in {elapsed} h is {speed} km/h; reported '{claim.says}' = "
                f"{quantity.value:g} km/h, {describe(quantity)} accepts {_range(accepted)} km/h: {verdict}")
        return ClaimCheck(claim, verdict, f"{quantity.value:g} km/h", f"{speed} km/h", text)

    def _claimed_place(self, claim: Claim) -> tuple[str, tuple[float, float]] | None:
        name = claim.place or ""
        try:
            index = self.journey.stop_index(name)
        except KeyError:
            pass
        else:
            return self.journey.stops[index].name, self.trip.coords[index]
        try:
            place = self.resolver.resolve(name, near=self.trip.coords[:1]).place
        except GeocodeError:
            return None
        return name, (place.lat, place.lon)

    def _check_destination(self, claim: Claim) -> ClaimCheck:
        found = self._claimed_place(claim)
        if found is None:
            return ClaimCheck(claim, "undetermined", claim.place or "", "unknown place",
                              f"{claim.place!r} is not in the gazetteers, so it cannot be compared with the stops")
        name, point = found
        origin = self.trip.coords[0]
        nearest = min(range(len(self.trip.coords)), key=lambda i: geodesic_km(point, self.trip.coords[i]))
        gap = geodesic_km(point, self.trip.coords[nearest])
        farthest = max(range(len(self.trip.coords)), key=lambda i: geodesic_km(origin, self.trip.coords[i]))
        far_name = self.journey.stops[farthest].name
        if gap <= SAME_PLACE_KM:
            text = f"the journey reached {self.journey.stops[nearest].name}, {gap:,.0f} km from {name}: consistent"
            return ClaimCheck(claim, "consistent", name, self.journey.stops[nearest].name, text)
        far_gap = geodesic_km(point, self.trip.coords[farthest])
        text = (f"the journey never reached {name}: the farthest place it reached was {far_name}, "
                f"{geodesic_km(origin, self.trip.coords[farthest]):,.0f} km from {self.journey.stops[0].name}; "
                f"{name} is {far_gap:,.0f} km from {far_name} (straight line): inconsistent")
        return ClaimCheck(claim, "inconsistent", name, f"farthest: {far_name}", text)

    def _check_route(self, claim: Claim) -> ClaimCheck:
        found = self._claimed_place(claim)
        if found is None:
            return ClaimCheck(claim, "undetermined", claim.place or "", "unknown place",
                              f"{claim.place!r} is not in the gazetteers, so it cannot be compared with the route")
        name, (lat, lon) = found
        gap = min(min(geodesic_km((lat, lon), (y, x)) for x, y in leg.coords[:: max(1, len(leg.coords) // 400)])
                  for leg in self.route.legs)
        verdict: Verdict = "consistent" if gap <= SAME_PLACE_KM else "inconsistent"
        text = f"the route passes {gap:,.0f} km from {name} (within {SAME_PLACE_KM:.0f} km counts): {verdict}"
        return ClaimCheck(claim, verdict, name, f"{gap:,.0f} km away", text)

    def _check_time(self, claim: Claim) -> ClaimCheck:
        from journeys.records.times import parse_time
        from journeys.records.zones import localize, zone_name

        found = self._claimed_place(claim)
        if found is None or claim.time is None:
            return ClaimCheck(claim, "undetermined", claim.time or "", "unknown place",
                              f"{claim.place!r} is not in the gazetteers")
        name, point = found
        window = parse_time(claim.time)
        zone = zone_name(*point)
        utc_low = localize(window.earliest, zone)
        utc_high = localize(window.latest, zone)
        index = self._position(point, claim.place or "")
        earlier = ((i, self.trip.timeline.leaving(i)) for i in range(index - 1, -1, -1))
        reference, leave = next(((i, e) for i, e in earlier if e is not None), (None, None))
        if reference is None or leave is None:
            text = f"no reported time before {name} to predict from: undetermined"
            return ClaimCheck(claim, "undetermined", claim.time, "no earlier time", text)
        km = self._km_to(reference, index, point)
        hours = km / self.speed
        predicted_low = leave.earliest + timedelta(hours=hours)
        predicted_high = leave.latest + timedelta(hours=hours)
        span = Window(predicted_low.timestamp(), predicted_high.timestamp())
        verdict = judge(span, (utc_low.timestamp(), utc_high.timestamp()))
        fmt = "%Y-%m-%d %H:%M"
        tzinfo = localize(window.earliest, zone).tzinfo
        local_low, local_high = (t.astimezone(tzinfo) for t in (predicted_low, predicted_high))
        end = "" if local_low == local_high else f"–{local_high:%H:%M}" if local_low.date() == local_high.date() else \
            f" – {local_high:{fmt}}"
        text = (f"leaving {self.journey.stops[reference].name} {leave.local_text} (UTC{leave.offset}) + {km:,.0f} km at "
                f"{self.speed:g} km/h ({hours:.1f} h) puts the train at {name} {local_low:{fmt}}{end} "
                f"local; reported '{claim.says}' = {claim.time}: {verdict}")
        reached = self.trip.timeline.reaching(index)
        if reached is not None and geodesic_km(point, self.trip.coords[index]) <= SAME_PLACE_KM:
            text += f" (the record's timeline has the train at {name} {reached.local_text})"
        return ClaimCheck(claim, verdict, claim.time, f"{local_low:{fmt}} – {local_high:{fmt}}", text)

    def _position(self, point: tuple[float, float], key: str) -> int:
        """Index of the stop the place is, or of the first stop after the leg nearest to it."""
        try:
            return self.journey.stop_index(key)
        except KeyError:
            pass
        best = min(self.route.legs, key=lambda leg: min(geodesic_km(point, (y, x)) for x, y in leg.coords))
        return best.end

    def _km_to(self, start: int, index: int, point: tuple[float, float]) -> float:
        """Route km from stop ``start`` to the claimed place: stop ``index``, or a point on the leg before it."""
        if geodesic_km(point, self.trip.coords[index]) <= SAME_PLACE_KM:
            return self.route.km_between(start, index)
        leg = self.route.legs[index - 1]
        fraction = float(LineString(leg.coords).project(Point(point[1], point[0]), normalized=True))
        return self.route.km_between(start, index - 1) + leg.km * fraction

    # -- the whole journey -----------------------------------------------------------------------
    def run(self) -> JourneyCheck:
        legs = self.legs()
        claims = tuple(self.check_claim(c) for c in self.journey.claims)
        last = len(self.journey.stops) - 1
        timed = self.timed_span()
        running = standing = None
        timed_km = None
        if timed is not None:
            first, final = timed
            total = _between(self.trip.timeline.leaving(first), self.trip.timeline.reaching(final)) or Window(0, 0)
            stays = [self.stay(i) for i in range(first + 1, final)]
            standing = Window(sum(s.low for s in stays), sum(s.high for s in stays))
            running = Window(max(0.0, total.low - standing.high), max(0.0, total.high - standing.low))
            timed_km = self.distance(first, final)
        flags = tuple(f"{leg.start} → {leg.end}: {flag}" for leg in legs for flag in leg.flags)
        flags += tuple(dict.fromkeys(f"gauge change at {text}" for _, text in self.route.gauge_breaks))
        return JourneyCheck(self.journey.id, self.journey.title, self.speed, self.distance(0, last),
                            combined_method(leg.method for leg in legs), legs, claims, running, standing, flags,
                            timed, timed_km)

    def timed_span(self) -> tuple[int, int] | None:
        """The first stop the record says when the train left and the last it says when it arrived."""
        stops = range(len(self.journey.stops))
        first = next((i for i in stops if self.trip.timeline.leaving(i)), None)
        final = next((i for i in reversed(stops) if self.trip.timeline.reaching(i)), None)
        if first is None or final is None or final <= first:
            return None
        return first, final


def _range(accepted: tuple[float, float]) -> str:
    low, high = accepted
    return f"≥ {low:,.1f}" if high == INF else f"{low:,.1f}–{high:,.1f}"
