"""The calculator: a routed trip measured (distances, times, speeds) and every claim judged.

Figures are windows, because reported times are: a duration is [shortest, longest] possible hours
between the reported windows (computed in UTC, so time zones cancel out), a speed is distance over
that window, and a distance is exact where the leg was routed on the network and [straight line,
DETOUR_LIMIT × straight line] where it was estimated.

When the train left and reached each stop comes from the record's timeline, and what it does not say
stays open: a stop with an arrival and no reported departure was left somewhere between that arrival
and the next reported event, so a multi-day stay the sources skip is standing time, never running
time. A stop with no reported time at all is taken as passed without a stay.

The claims themselves are judged in :mod:`journeys.check.claims`, by the rule documented there and in
docs/checks.md: the evidence (the other sources' times and the route) decides when it is determinate,
and the assumed speed only where the evidence is silent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from journeys.check.results import JourneyCheck, LegCheck, Pace
from journeys.check.tolerance import accepted_range
from journeys.check.window import INF, Window, judge, speed_windows
from journeys.geo.geocode import PlaceResolver
from journeys.geo.route import DETOUR_LIMIT, Route, combined_method
from journeys.geo.trip import Trip
from journeys.records.quantities import parse_quantity
from journeys.records.timeline import Event

W = TypeVar("W", Window, Window | None)

#: Speed above which a leg is implausible for its mode (km/h). The rail bound is generous: sources
#: put the armoured train's average near 60 km/h and its top speed at 60-80 km/h. It also bounds where
#: the train can have been between two reported times (see :meth:`Calculator.passing_window`).
SPEED_BOUNDS_KMH = {"rail": 100.0, "road": 130.0, "air": 1000.0, "sea": 60.0}
#: "About 60 km/h" is right for a trip when the average its reported times imply is within this
#: fraction of the assumed speed (the tolerance of "about", docs/checks.md).
PACE_TOLERANCE = 0.10


def _hours(seconds: float) -> float:
    return seconds / 3600.0


def _utc(event: Event) -> Window:
    """An event's window as UTC seconds."""
    return Window(*event.utc_seconds)


class Calculator:
    """Measures one trip against its route at an assumed speed, and judges its claims."""

    def __init__(self, trip: Trip, route: Route, speed_kmh: float | None = None, door_to_door: bool = False,
                 resolver: PlaceResolver | None = None, left_out: str | None = None,
                 whole: Calculator | None = None) -> None:
        self.trip = trip
        #: a source whose reports are left out (a claim is judged on what the *other* sources say)
        self.left_out = left_out
        #: with a source left out, the calculator on every source's timeline it was made from
        self.whole = whole
        self.route = route
        self.journey = trip.journey
        self.speed = speed_kmh or self.journey.assumed_speed_kmh
        self.door_to_door = door_to_door
        self.resolver = resolver or PlaceResolver()
        # Pure answers kept per calculator: the trip, route and speed never change once it is built, and
        # judging a journey's claims asks for the same stops' times and spans' distances many times over.
        self._memo: dict[tuple[str, int, int], Any] = {}
        #: calculators on the other sources' timelines (journeys.check.rule.others), per (source, keep_stop)
        self.others: dict[tuple[str, int | None], Calculator] = {}

    # -- the model: the assumed speed, read as "about" it ------------------------------------------
    @property
    def model_speeds(self) -> Window:
        """The speeds the model runs at: "about 60 km/h" is 54–66 km/h, the tolerance of "about", so a
        claim two minutes off what exactly 60 km/h would give is not called wrong by an assumption."""
        return Window(self.speed * (1 - PACE_TOLERANCE), self.speed * (1 + PACE_TOLERANCE))

    @property
    def model_text(self) -> str:
        speeds = self.model_speeds
        return f"about {self.speed:g} km/h ({speeds.low:,.0f}–{speeds.high:,.0f})"

    def model_hours(self, km: Window) -> Window:
        """Hours to run ``km`` at the model's speeds."""
        speeds = self.model_speeds
        return Window(km.low / speeds.high, km.high / speeds.low)

    # -- distances -------------------------------------------------------------------------------
    def _remembered(self, key: tuple[str, int, int], compute: Callable[[], W]) -> W:
        """``compute()``, once per key for this calculator (see ``_memo``)."""
        if key not in self._memo:
            self._memo[key] = compute()
        found: W = self._memo[key]
        return found

    def distance(self, start: int, end: int) -> Window:
        """Route km between two stops (see :meth:`_distance`)."""
        return self._remembered(("distance", start, end), lambda: self._distance(start, end))

    def _distance(self, start: int, end: int) -> Window:
        """Route km between two stops.

        An estimated leg is [straight line, DETOUR_LIMIT × straight line]; a leg whose length a source
        reports ("about 170 km") is the range its qualifier allows, unless that source is the one left out;
        a leg over a section whose line is in doubt runs from the shorter line to the longer.
        """
        low = high = 0.0
        for leg in self.route.legs_between(start, end):
            if leg.reported is not None and leg.reported_source != self.left_out:
                reported_low, reported_high = accepted_range(parse_quantity("distance", leg.reported))
                low += reported_low
                high += reported_high
            elif leg.method in ("estimate", "reported"):  # a reported length left out is an estimate again
                low += leg.straight_km
                high += leg.straight_km * DETOUR_LIMIT
            else:
                low += leg.low_km
                high += leg.high_km
        return Window(low, high)

    # -- when the train was where (UTC seconds) ---------------------------------------------------
    def _event_near(self, index: int, step: int) -> Event | None:
        """The nearest reported event at a stop after (step 1) or before (step -1) ``index``."""
        events = self.trip.timeline.events
        found = [e for e in events if (e.stop_index - index) * step > 0]
        if not found:
            return None
        return min(found, key=lambda e: abs(e.stop_index - index)) if step > 0 else \
            max(found, key=lambda e: (e.stop_index, e.latest))

    def reach(self, index: int) -> Window | None:
        """When the train reached a stop (see :meth:`_reach`)."""
        return self._remembered(("reach", index, 0), lambda: self._reach(index))

    def leave(self, index: int) -> Window | None:
        """When the train left a stop (see :meth:`_leave`)."""
        return self._remembered(("leave", index, 0), lambda: self._leave(index))

    def _reach(self, index: int) -> Window | None:
        """When the train reached a stop: its arrival (or passing); with only a departure reported,
        any time between the previous reported event and that departure."""
        timeline = self.trip.timeline
        event = timeline.at(index, "arrival") or timeline.at(index, "passing")
        if event is not None:
            return _utc(event)
        departure = timeline.at(index, "departure")
        if departure is None:
            return None
        before = self._event_near(index, -1)
        return Window(before.utc_seconds[0] if before else -INF, departure.utc_seconds[1])

    def _leave(self, index: int) -> Window | None:
        """When the train left a stop: its departure (or passing); with only an arrival reported, any
        time between that arrival and the next reported event (an unreported stay stays open)."""
        timeline = self.trip.timeline
        event = timeline.at(index, "departure") or timeline.at(index, "passing")
        if event is not None:
            return _utc(event)
        arrival = timeline.at(index, "arrival")
        if arrival is None:
            return None
        after = self._event_near(index, 1)
        return Window(arrival.utc_seconds[0], after.utc_seconds[1] if after else INF)

    def stay(self, index: int) -> Window:
        """Hours stood at a stop: from reaching it to leaving it; none at a stop with no reported time."""
        if self.journey.stops[index].role == "pass":
            return Window(0.0, 0.0)
        reach, leave = self.reach(index), self.leave(index)
        if reach is None or leave is None:
            return Window(0.0, 0.0)
        return Window(_hours(max(0.0, leave.low - reach.high)), _hours(max(0.0, leave.high - reach.low)))

    def door(self, start: int, end: int) -> Window | None:
        """Hours from leaving ``start`` to reaching ``end``, stays included; None when either is untimed."""
        leave, reach = self.leave(start), self.reach(end)
        if leave is None or reach is None:
            return None
        return Window(_hours(max(0.0, reach.low - leave.high)), _hours(max(0.0, reach.high - leave.low)))

    def standing(self, start: int, end: int) -> Window:
        """Hours stood at the stops strictly between ``start`` and ``end``."""
        total = Window(0.0, 0.0)
        for index in range(start + 1, end):
            total = total.plus(self.stay(index))
        return total

    def elapsed(self, start: int, end: int) -> Window | None:
        """Hours from leaving ``start`` to reaching ``end``; stays in between removed unless door to door."""
        total = self.door(start, end)
        if total is None or self.door_to_door:
            return total
        return total.minus(self.standing(start, end))

    # -- legs ------------------------------------------------------------------------------------
    def legs(self) -> tuple[LegCheck, ...]:
        stops = self.journey.stops
        distances = [self.distance(leg.start, leg.end) for leg in self.route.legs]
        durations = [self.elapsed(leg.start, leg.end) for leg in self.route.legs]
        timed = [(i, d) for i, d in enumerate(durations) if d is not None and d.high > 0]
        speeds: list[Window | None] = [None] * len(distances)
        timed_speeds = speed_windows([distances[i] for i, _ in timed], [d for _, d in timed])
        for (i, _), speed_window in zip(timed, timed_speeds, strict=True):
            speeds[i] = speed_window
        result = []
        for leg, distance, duration, speed in zip(self.route.legs, distances, durations, speeds, strict=True):
            flags = list(leg.flags) + [f"gauge change at {g}" for g in leg.gauge_changes]
            advice = [f"{stops[leg.start].name} → {stops[leg.end].name}: check the leg's 'via' places in the record; "
                      f"without them the route is the shortest on the network" for f in leg.flags if f.startswith("detour")]
            bound = SPEED_BOUNDS_KMH[leg.mode]
            if speed is not None and speed.low > bound:
                flags.append(f"implausible: at least {speed.low:,.0f} km/h, above the {bound:,.0f} km/h bound "
                             f"for {leg.mode}; the times leave no time for the distance")
            if leg.reported is not None:
                flags.append(f"distance as its source gives it: {leg.estimate_reason}")
            elif leg.is_estimate:
                flags.append(f"distance is an estimate: {leg.estimate_reason}")
            implied, between = self.implied_speed(leg.start, leg.end)
            result.append(LegCheck(stops[leg.start].name, stops[leg.end].name, leg.mode, distance, leg.method,
                                   leg.estimate_reason, duration, speed, leg.km / self.speed, tuple(flags),
                                   implied, between, self.pace_class(implied), tuple(advice)))
        return tuple(result)

    def implied_speed(self, start: int, end: int) -> tuple[Window | None, tuple[int, int]]:
        """Speeds the reported times allow over a leg: between the nearest timed stops around it."""
        count = len(self.journey.stops)
        first = next((i for i in range(start, -1, -1) if self.leave(i) is not None), None)
        last = next((i for i in range(end, count) if self.reach(i) is not None), None)
        if first is None or last is None:
            return None, (start, end)
        elapsed = self.elapsed(first, last)
        if elapsed is None or elapsed.high <= 0:
            return None, (first, last)
        return self.distance(first, last).divided_by(elapsed), (first, last)

    def pace_class(self, speed: Window | None) -> str:
        """slower / fits / faster than the assumed speed (within the tolerance of "about"), or unknown."""
        if speed is None or (speed.high == INF and speed.low == 0):
            return "unknown"
        low, high = self.speed * (1 - PACE_TOLERANCE), self.speed * (1 + PACE_TOLERANCE)
        if speed.low > high:
            return "faster"
        if speed.high < low:
            return "slower"
        if speed.low >= low and speed.high <= high:
            return "fits"
        return "unknown"

    # -- the whole journey -----------------------------------------------------------------------
    def runs(self) -> list[tuple[int, int]]:
        """Stretches the sources time without a stop between: from a reported departure to the next
        reported arrival, with nothing but passings in between. Their times are independent, so their
        hours add up without counting one report twice."""
        timeline = self.trip.timeline
        found = []
        for start in range(len(self.journey.stops)):
            if timeline.at(start, "departure") is None:
                continue
            end = next((j for j in range(start + 1, len(self.journey.stops))
                        if timeline.at(j, "arrival") or timeline.at(j, "departure")), None)
            if end is not None and timeline.at(end, "arrival") and all(
                    leg.mode == "rail" for leg in self.route.legs_between(start, end)):
                found.append((start, end))
        return found

    def run_average(self, start: int, end: int) -> tuple[Window, Window] | None:
        """The average speed over the timed runs between two stops, and the km they cover; None if none.

        Stretches with an end no source times (a stay of unknown length) are left out, so the figure is
        what the reports show, not what the assumptions fill in; no run is taken to have been faster
        than the plausible bound for rail.
        """
        bound = SPEED_BOUNDS_KMH["rail"]
        timed = []
        for run in self.runs():
            hours = self.door(*run)
            if start <= run[0] and run[1] <= end and hours is not None and 0 < hours.high < INF:
                timed.append((self.distance(*run), Window(max(hours.low, self.distance(*run).high / bound), hours.high)))
        if not timed:
            return None
        km = Window(sum(k.low for k, _ in timed), sum(k.high for k, _ in timed))
        hours = Window(sum(h.low for _, h in timed), sum(h.high for _, h in timed))
        return km.divided_by(hours), km

    def pace(self, legs: Sequence[LegCheck]) -> Pace:
        """The average over the runs the sources time, against the assumed speed."""
        accepted = f"{self.speed * (1 - PACE_TOLERANCE):,.0f}–{self.speed * (1 + PACE_TOLERANCE):,.0f} km/h"
        faster = tuple(f"{leg.start} → {leg.end}" for leg in legs if leg.pace == "faster")
        slower = tuple(f"{leg.start} → {leg.end}" for leg in legs if leg.pace == "slower")
        last = len(self.journey.stops) - 1
        found = self.run_average(0, last)
        if found is None:
            return Pace(None, None, "undetermined", f"no stretch by rail is timed at both ends, so nothing says "
                        f"whether 'about {self.speed:g} km/h' fits this trip", faster, slower)
        average, km = found
        verdict = judge(average, (self.speed * (1 - PACE_TOLERANCE), self.speed * (1 + PACE_TOLERANCE)))
        says = {"consistent": "fits", "inconsistent": "does not fit", "undetermined": "may or may not fit"}[verdict]
        text = (f"'about {self.speed:g} km/h' {says} this trip: over the stretches the sources time from departure "
                f"to arrival ({km} of {self.distance(0, last)} km), the train averaged {average} km/h, at most "
                f"{SPEED_BOUNDS_KMH['rail']:g} km/h on any stretch ({accepted} would fit)")
        return Pace(average, (0, last), verdict, text, faster, slower)

    def run(self) -> JourneyCheck:
        from journeys.check.claims import judge_claim

        legs = self.legs()
        claims = tuple(judge_claim(self, c) for c in self.journey.claims)
        last = len(self.journey.stops) - 1
        timed = self.timed_span()
        running = standing = None
        timed_km = None
        if timed is not None:
            first, final = timed
            total = self.door(first, final) or Window(0, 0)
            standing = self.standing(first, final)
            timed_km = self.distance(first, final)
            running = total.minus(standing)
            # no faster than the plausible bound of each leg's mode: vague stays must not leave no time to run
            fastest = sum(self.distance(leg.start, leg.end).low / SPEED_BOUNDS_KMH[leg.mode]
                          for leg in self.route.legs_between(first, final))
            running = Window(min(max(running.low, fastest), running.high), running.high)
        flags = tuple(f"{leg.start} → {leg.end}: {flag}" for leg in legs for flag in leg.flags)
        flags += tuple(dict.fromkeys(f"gauge change at {text}" for _, text in self.route.gauge_breaks))
        return JourneyCheck(self.journey.id, self.journey.title, self.speed, self.distance(0, last),
                            combined_method(leg.method for leg in legs), legs, claims, running, standing, flags,
                            timed, timed_km, self.pace(legs))

    def timed_span(self) -> tuple[int, int] | None:
        """The first stop the record says when the train left and the last it says when it arrived."""
        stops = range(len(self.journey.stops))
        first = next((i for i in stops if self.leave(i) is not None and self.leave(i) != Window(-INF, INF)), None)
        final = next((i for i in reversed(stops) if self.reach(i) is not None), None)
        if first is None or final is None or final <= first:
            return None
        return first, final
