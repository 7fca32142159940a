"""Judging the places and times a story gives: where the train went, which way, and when it was where.

A destination or a route is a place compared with the stops and the track; a time claim is read
as an event (arrive, depart, pass) at one visit of a place, and set beside the window the other
sources give for it, or, where they are silent, the time the model puts the train there.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from shapely.geometry import LineString, Point

from journeys.check.calculator import SPEED_BOUNDS_KMH, Calculator
from journeys.check.reading import ClaimReading
from journeys.check.results import ClaimCheck
from journeys.check.rule import SAYS, claimed_place, reported_at, result, unknown_place
from journeys.check.window import INF, Verdict, Window
from journeys.geo.geocode import SAME_PLACE_KM, geodesic_km
from journeys.geo.measure import distances_km
from journeys.geo.route import RoutedLeg
from journeys.records.model import Claim
from journeys.records.times import parse_time
from journeys.records.zones import localize, zone_name


def judge_destination(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = claimed_place(calc, claim)
    if found is None:
        return unknown_place(calc, claim, reading)
    name, point = found
    coords = calc.trip.coords
    stops = calc.journey.stops
    nearest = min(range(len(coords)), key=lambda i: geodesic_km(point, coords[i]))
    gap = geodesic_km(point, coords[nearest])
    if gap <= SAME_PLACE_KM:
        reason = f"the journey reached {stops[nearest].name}, {gap:,.0f} km from {name}"
        return result(claim, reading, "consistent", None, reason, [], name, stops[nearest].name, calc.speed)
    farthest = max(range(len(coords)), key=lambda i: geodesic_km(coords[0], coords[i]))
    far_name = stops[farthest].name
    reason = (f"the journey never reached {name}: the farthest place it reached was {far_name}, "
              f"{geodesic_km(coords[0], coords[farthest]):,.0f} km from {stops[0].name}; {name} is "
              f"{geodesic_km(point, coords[farthest]):,.0f} km from {far_name} (straight line)")
    return result(claim, reading, "inconsistent", None, reason, [], name, f"farthest: {far_name}", calc.speed)


def judge_route(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = claimed_place(calc, claim)
    if found is None:
        return unknown_place(calc, claim, reading)
    name, (lat, lon) = found
    gap = min(_nearest_km((lat, lon), leg, 400) for leg in calc.route.legs)
    verdict: Verdict = "consistent" if gap <= SAME_PLACE_KM else "inconsistent"
    reason = f"the route passes {gap:,.0f} km from {name} (within {SAME_PLACE_KM:.0f} km counts)"
    return result(claim, reading, verdict, None, reason, [], name, f"{gap:,.0f} km away", calc.speed)


#: :func:`_nearest_km` answers by point, sampling and leg geometry (legs routed alike share one array,
#: held here with its answer so that its id is not reused): claims that many journeys repeat about a
#: leg they share are measured once.
_NEAREST: dict[tuple[tuple[float, float], int, int], tuple[object, float]] = {}
_MAX_NEAREST = 65536


def _nearest_km(point: tuple[float, float], leg: RoutedLeg, samples: int) -> float:
    """The least km from ``point`` to about ``samples`` vertices of the leg, spread evenly along it."""
    key = (point, samples, id(leg.coords))
    if key in _NEAREST:
        return _NEAREST[key][1]
    km = float(distances_km(point, leg.coords[:: max(1, len(leg.coords) // samples)]).min())
    if len(_NEAREST) >= _MAX_NEAREST:
        _NEAREST.clear()
    _NEAREST[key] = (leg.coords, km)
    return km


def _stops_at(calc: Calculator, claim: Claim, point: tuple[float, float], reading: ClaimReading) -> list[int]:
    """The stops that are the claimed place (by name or id, else within SAME_PLACE_KM), fit for its event."""
    stops = calc.journey.stops
    last = len(stops) - 1
    named = [i for i, s in enumerate(stops) if claim.place in (s.name, s.id)]
    near = named or [i for i, xy in enumerate(calc.trip.coords) if geodesic_km(point, xy) <= SAME_PLACE_KM]
    first_or_last = last if reading.event == "depart" else 0  # one cannot leave the end nor reach the start
    return [i for i in near if i != first_or_last] or near


def _window_at(calc: Calculator, index: int, event: str | None) -> Window | None:
    """When the train arrived at, left or passed a stop (UTC seconds); None when no source says."""
    return calc.leave(index) if event == "depart" else calc.reach(index)


def _gap(a: Window, b: Window) -> float:
    return max(0.0, a.low - b.high, b.low - a.high)


def _choose(calc: Calculator, candidates: list[int], reading: ClaimReading, claimed: Window) -> int:
    """Which visit a claim is about: as read, else the one whose reported time is nearest the claim's."""
    if isinstance(reading.occurrence, int):
        return candidates[min(reading.occurrence, len(candidates)) - 1]
    if reading.occurrence == "last":
        return candidates[-1]
    timed = [(i, w) for i in candidates if (w := _window_at(calc, i, reading.event)) is not None]
    if not timed:
        return candidates[0]
    return min(timed, key=lambda iw: _gap(iw[1], claimed))[0]


def _leg_after(calc: Calculator, point: tuple[float, float]) -> int:
    """The stop that ends the leg passing nearest to a place that is not a stop."""
    return min(calc.route.legs, key=lambda leg: _nearest_km(point, leg, 200)).end


def _route_km(calc: Calculator, index: int, point: tuple[float, float]) -> float:
    """Route km from the first stop to the place: stop ``index`` itself, or a point on the leg before it."""
    if geodesic_km(point, calc.trip.coords[index]) <= SAME_PLACE_KM or index == 0:
        return calc.route.km_between(0, index)
    leg = calc.route.legs[index - 1]
    fraction = float(LineString(leg.coords).project(Point(point[1], point[0]), normalized=True))
    return calc.route.km_between(0, index - 1) + leg.km * fraction


def _bounded(calc: Calculator, index: int, km_at: float) -> tuple[Window | None, str]:
    """Where the other sources' times put the train at a place: between the nearest reported times
    around it, never faster than the plausible bound for rail."""
    bound = SPEED_BOUNDS_KMH["rail"]
    stops = range(len(calc.journey.stops))
    before = next((i for i in reversed(stops) if i < index and calc.leave(i) is not None), None)
    after = next((i for i in stops if i >= index and calc.reach(i) is not None), None)
    low, high = -INF, INF
    parts = []
    if before is not None:
        leave = calc.leave(before)
        km = max(0.0, km_at - calc.route.km_between(0, before))
        low = leave.low + km / bound * 3600 if leave else -INF
        parts.append(f"{km:,.0f} km after leaving {calc.journey.stops[before].name}")
    if after is not None:
        reach = calc.reach(after)
        km = max(0.0, calc.route.km_between(0, after) - km_at)
        high = reach.high - km / bound * 3600 if reach else INF
        parts.append(f"{km:,.0f} km before reaching {calc.journey.stops[after].name}")
    if low == -INF and high == INF:
        return None, ""
    if high < low:
        low, high = high, low
    return Window(low, high), " and ".join(parts) + f", at no more than {bound:g} km/h"


def _local(seconds: float, zone: str) -> str:
    if seconds in (INF, -INF):
        return "open"
    moment = datetime.fromtimestamp(seconds, ZoneInfo(zone))
    if moment.year < 1000:  # strftime's %Y does not pad such years everywhere; keep its own answer
        return moment.strftime("%Y-%m-%d %H:%M")
    # the same text as strftime("%Y-%m-%d %H:%M"), several times faster (judging times prints many)
    return f"{moment.year}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"


def _span_text(window: Window, zone: str) -> str:
    low, high = _local(window.low, zone), _local(window.high, zone)
    return low if low == high else f"{low} – {high}"


def judge_time(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = claimed_place(calc, claim)
    if found is None or claim.time is None:
        return unknown_place(calc, claim, reading)
    name, point = found
    zone = zone_name(*point)
    local = parse_time(claim.time)
    claimed = Window(localize(local.earliest, zone).timestamp(), localize(local.latest, zone).timestamp())
    if claimed.low == claimed.high:  # "at 10 p.m." is a rounded clock time; "around 10 p.m." more so
        slack = 1800.0 if ABOUT_TIME.search(claim.says) else 900.0
        claimed = Window(claimed.low - slack, claimed.high + slack)
    others = calc
    candidates = _stops_at(others, claim, point, reading)
    what = {"depart": "left", "pass": "passed", "arrive": "reached"}[reading.event or "arrive"]
    details = [f"Reading: {reading.describe() or 'arrival'}; '{claim.says}' = {claim.time} local at {name}."]
    evidence_window: Window | None = None
    reported = False
    if candidates:
        index = _choose(others, candidates, reading, claimed)
        place_name = calc.journey.stops[index].name
        reported = reported_at(others, index, reading.event)
        evidence_window, how = _window_at(others, index, reading.event), "as the other sources report it"
        km_at = _route_km(calc, index, calc.trip.coords[index])
        if not reported and evidence_window is not None:
            how = "between the reported times around it"
    else:
        index = _leg_after(calc, point)
        place_name, km_at = name, _route_km(calc, index, point)
    if evidence_window is None:
        evidence_window, how = _bounded(others, index, km_at)
    evidence = None if evidence_window is None else _judge_times(evidence_window, claimed)
    if evidence_window is not None:
        details.append(f"Evidence: the train {what} {place_name} {_span_text(evidence_window, zone)} local, {how}: "
                       f"{evidence}.")
    if evidence == "undetermined" and not reported:  # bounds that allow both say nothing of the place itself
        evidence = None
    model, model_text = _time_model(others, index, km_at, claimed, zone)
    details.append(model_text)
    if evidence is not None and evidence_window is not None:
        reason = (f"the other sources put the train at {place_name} {_span_text(evidence_window, zone)} local, which "
                  f"{SAYS[evidence]} '{claim.says}'")
    else:
        reason = f"no other source times the train near {place_name}; {model_text[7:].rstrip('.')}"
    computed = _span_text(evidence_window, zone) if evidence_window else "no timeline"
    return result(claim, reading, evidence, model, reason, details, claim.time, computed, calc.speed)


#: Words that make a clock time approximate: "around 10 p.m.", "오후 3시쯤", "15点左右", "около 22:00".
ABOUT_TIME = re.compile(r"\b(?:around|about|approximately|roughly|some time|shortly)\b|쯤|경|전후|左右|前后|около|примерно",
                        re.IGNORECASE)


def _judge_times(evidence: Window, claimed: Window) -> Verdict:
    """Time windows meet only if they overlap by more than an instant: a day ends as the next begins."""
    if evidence.low >= claimed.low and evidence.high <= claimed.high:
        return "consistent"
    if evidence.high <= claimed.low or evidence.low >= claimed.high:
        return "inconsistent"
    return "undetermined"


def _time_model(calc: Calculator, index: int, km_at: float, claimed: Window, zone: str) -> tuple[Verdict | None, str]:
    """The last reported time before the place, plus the route distance at the assumed speed."""
    before = next((i for i in range(index - 1, -1, -1) if calc.leave(i) is not None), None)
    if before is None:
        return None, "Model: no reported time before the place to predict from."
    leave = calc.leave(before)
    if leave is None or leave.high == INF:
        return None, "Model: the last reported time before the place is open-ended."
    km = max(0.0, km_at - calc.route.km_between(0, before))
    hours = calc.model_hours(Window(km, km))
    predicted = Window(leave.low + hours.low * 3600, leave.high + hours.high * 3600)
    verdict = _judge_times(predicted, claimed)
    here = calc.trip.timeline.zones[before]
    return verdict, (f"Model: leaving {calc.journey.stops[before].name} {_span_text(leave, here)} local + {km:,.0f} km at "
                     f"{calc.model_text} ({hours} h) puts the train there {_span_text(predicted, zone)} local: {verdict}.")


