"""Each claim judged twice, side by side, and one documented rule choosing the verdict.

(a) **Evidence**: the claim against what the *other* sources say happened (the record's timeline with
the claim's own source left out) and against the route along the track. (b) **The model**: the claim
against the distance along the track at the assumed speed (60 km/h unless the record says otherwise).

The rule: the evidence decides whenever it says anything; when it allows both readings the verdict is
``undetermined``; the model decides only where the evidence is silent (no reported times to measure
with), and the reason then says "by the 60 km/h model". A speed claim is never judged by the model,
which is itself an assumed speed.

Each result leads with one sentence a reader understands (``reason``), then the arithmetic.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from shapely.geometry import LineString, Point

from journeys.check.calculator import INF, SPEED_BOUNDS_KMH, Calculator, ClaimCheck, Verdict, Window, judge
from journeys.check.reading import ClaimReading, read_claim
from journeys.check.tolerance import accepted_range, describe
from journeys.errors import GeocodeError
from journeys.geo.geocode import SAME_PLACE_KM, geodesic_km
from journeys.geo.route import RoutedLeg
from journeys.records.model import Claim
from journeys.records.timeline import EventKind
from journeys.records.times import parse_time
from journeys.records.zones import localize, zone_name

SAYS = {"consistent": "agrees with", "inconsistent": "contradicts", "undetermined": "neither confirms nor rules out"}


def _range(accepted: tuple[float, float]) -> str:
    low, high = accepted
    return f"≥ {low:,.1f}" if high == INF else f"{low:,.1f}–{high:,.1f}"


def _decide(evidence: Verdict | None, model: Verdict | None) -> tuple[Verdict, str]:
    """The rule: evidence when it says anything, the model only where the evidence is silent."""
    if evidence is not None:
        return evidence, "evidence"
    if model is not None:
        return model, "model"
    return "undetermined", "none"


def _result(claim: Claim, reading: ClaimReading, evidence: Verdict | None, model: Verdict | None, reason: str,
            details: list[str], reported: str, computed: str, speed: float) -> ClaimCheck:
    verdict, decided_by = _decide(evidence, model)
    if decided_by == "model":
        reason += f" (by the {speed:g} km/h model, where the other sources are silent)"
    lead = f"{reason}: {verdict}"
    return ClaimCheck(claim, verdict, reported, computed, " ".join([lead + ".", *details]), tuple(details),
                      reading.as_dict(), reading.describe(), evidence, model, decided_by, lead)  # type: ignore[arg-type]


def _where(calc: Calculator, claim: Claim) -> tuple[int, int, str]:
    start, end = calc.journey.span_indexes(claim.span)
    return start, end, f"{calc.journey.stops[start].name} → {calc.journey.stops[end].name}"


# -- figures: duration, distance, speed --------------------------------------------------------------

#: A duration stated in whole days, weeks or months is counted in calendar days, as a reader counts
#: "a nine-day journey between July 26 and August 3": both ends' dates included.
DAY_WORDS = re.compile(r"day|week|month|dana|tage|天|日|일|주|周|个月|개월|дн|сут|недел|месяц", re.IGNORECASE)


def _in_days(claim: Claim) -> int | None:
    """The whole number of days a duration claim states in days, weeks or months (3 or more), else None."""
    value = claim.quantity.value / 24
    if value >= 3 and abs(value - round(value)) < 1e-9 and DAY_WORDS.search(claim.figure or claim.says):
        return round(value)
    return None


def _timed_within(calc: Calculator, start: int, end: int) -> tuple[int, int] | None:
    """The first and last stops of a span whose leaving and reaching the other sources report."""
    first = next((i for i in range(start, end) if _reported(calc, i, "depart")), None)
    last = next((i for i in range(end, start, -1) if _reported(calc, i, "arrive")), None)
    if first is None or last is None or last <= first:
        return None
    return first, last


def _calendar_days(calc: Calculator, first: int, last: int, before_h: float, after_h: float) -> Window:
    """Calendar days from the train's time at ``first`` (less ``before_h``) to its arrival at ``last``
    (plus ``after_h``), both dates counted, in each stop's local time."""
    timeline = calc.trip.timeline
    at_first = next(e for e in (timeline.at(first, k) for k in ("departure", "passing", "arrival")) if e)
    reach = calc.reach(last)
    assert reach is not None  # _timed_within checked it
    zones = timeline.zones

    def date(seconds: float, zone: str) -> int:
        return datetime.fromtimestamp(seconds, ZoneInfo(zone)).date().toordinal()

    shift, tail = before_h * 3600, after_h * 3600
    start = (date(at_first.earliest.timestamp() - shift, zones[first]), date(at_first.latest.timestamp() - shift, zones[first]))
    stop = (date(reach.low + tail, zones[last]), date(reach.high + tail, zones[last]))
    return Window(stop[0] - start[1] + 1, stop[1] - start[0] + 1)


def _either(a: Verdict, b: Verdict) -> Verdict:
    """Of two readings, the one that makes the claim true if either does."""
    order: tuple[Verdict, ...] = ("consistent", "undetermined", "inconsistent")
    return min(a, b, key=order.index)


def _duration(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = _where(calc, claim)
    quantity = claim.quantity
    days = _in_days(claim) if reading.basis != "running" else None
    accepted = accepted_range(quantity)
    if days:
        accepted = (accepted[0] / 24, accepted[1] / 24)
    unit = "days" if days else "h"
    value = quantity.value / (24 if days else 1)
    hedge = f"'{claim.says}' = {value:,.1f} {unit}, {describe(quantity)}, accepts {_range(accepted)} {unit}"
    km = calc.distance(start, end)
    standing = calc.standing(start, end)
    model_h = Window(km.low / calc.speed, km.high / calc.speed)
    if reading.basis != "running":
        model_h = model_h.plus(standing)
    how = {"running": "running time, stays removed", "country": f"time in {reading.country}"}.get(
        reading.basis or "", "calendar days, both ends counted" if days else "door to door, stays included")
    details = [f"Reading: {how}; {hedge}."]
    timed = _timed_within(calc, start, end)
    evidence: Verdict | None = None
    model: Verdict | None = judge(Window(model_h.low / 24, model_h.high / 24) if days else model_h, accepted)
    measured: Window | None = None
    if reading.basis == "country" and reading.country:
        measured = _time_in(calc, start, end, reading.country)
    elif timed is not None:
        first, last = timed
        before_h = calc.distance(start, first).high / calc.speed
        after_h = calc.distance(last, end).high / calc.speed
        door = calc.door(first, last) or Window(0.0, 0.0)
        measured = door.minus(calc.standing(first, last)) if reading.basis == "running" else door
        measured = measured.plus(Window(before_h, before_h)).plus(Window(after_h, after_h))
        verdict = judge(measured, accepted)
        if days:  # "a nine-day journey": as many dates, or as many days elapsed; either reading will do
            elapsed = Window(measured.low / 24, measured.high / 24)
            measured = _calendar_days(calc, first, last, before_h, after_h)
            verdict = _either(judge(measured, accepted), judge(elapsed, accepted))
            details.append(f"Calendar days {measured}, elapsed {elapsed} days: either reading may make it true.")
        stops = calc.journey.stops
        if (first, last) == (start, end):
            evidence = verdict
            model_reason = None
            details.append(f"Evidence: the other sources' times give {where} {measured} {unit}: {evidence}.")
        else:
            model = verdict
            model_reason = (f"the other sources time {stops[first].name} → {stops[last].name}; with the untimed "
                            f"ends at {calc.speed:g} km/h, {where} is {measured} {unit}")
            details.append(f"Evidence and model: the other sources' times from {stops[first].name} to "
                           f"{stops[last].name}, and {before_h + after_h:,.1f} h at {calc.speed:g} km/h for the rest "
                           f"of {where}: {measured} {unit}: {model}.")
    if evidence is not None and measured is not None:
        reason = f"the reported times give {where} {measured} {unit} ({how}), which {SAYS[evidence]} '{claim.says}'"
    elif measured is not None and model_reason:
        reason = model_reason + f", which {SAYS[model or 'undetermined']} '{claim.says}'"
    else:
        reason = f"{where} at {calc.speed:g} km/h takes {model_h} h"
        details.append(f"Evidence: no other source times both ends of {where}.")
    stays = f" plus {standing} h of reported stays" if reading.basis != "running" and standing.high > 0 else ""
    details.append(f"Model: {km} km at {calc.speed:g} km/h is {Window(km.low / calc.speed, km.high / calc.speed)} h"
                   f"{stays}.")
    computed = f"{model_h} h at {calc.speed:g} km/h" + (f"; {measured} {unit} by the timeline" if measured else "")
    return _result(claim, reading, evidence, model, reason, details, f"{quantity.value:,.1f} h", computed, calc.speed)


def _time_in(calc: Calculator, start: int, end: int, country: str) -> Window | None:
    """Hours from reaching the first stop in ``country`` to leaving the last one, within the span."""
    inside = [i for i in range(start, end + 1) if (calc.journey.stops[i].country or "").upper() == country.upper()]
    if not inside:
        return None
    enter, leave = calc.reach(inside[0]) or calc.leave(inside[0]), calc.leave(inside[-1]) or calc.reach(inside[-1])
    if enter is None or leave is None:
        return None
    return Window(max(0.0, leave.low - enter.high) / 3600, max(0.0, leave.high - enter.low) / 3600)


def _distance(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = _where(calc, claim)
    quantity = claim.quantity
    accepted = accepted_range(quantity)
    if reading.basis == "straight":
        a, b = calc.trip.coords[start], calc.trip.coords[end]
        if claim.place:
            found = _claimed_place(calc, claim)
            b = found[1] if found else b
        straight = geodesic_km(a, b)
        km = Window(straight, straight)
        how, what = "a straight-line (map) distance", f"{straight:,.0f} km in a straight line"
    else:
        km = calc.distance(start, end)
        estimated = any(leg.is_estimate for leg in calc.route.legs_between(start, end))
        how, what = "a distance along the track", f"{km} km along the track" + (" (partly estimated)" if estimated else "")
    verdict = judge(km, accepted)
    reason = f"{where} is {what}, which {SAYS[verdict]} '{claim.says}'"
    details = [f"Reading: {how}; '{claim.says}' = {quantity.value:,.0f} km, {describe(quantity)}, accepts "
               f"{_range(accepted)} km.",
               f"Evidence: {what}: {verdict}."]
    return _result(claim, reading, verdict, None, reason, details, f"{quantity.value:,.0f} km", f"{km} km", calc.speed)


def _speed(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = _where(calc, claim)
    quantity = claim.quantity
    accepted = accepted_range(quantity)
    distance = calc.distance(start, end)
    elapsed = calc.elapsed(start, end)
    maximum = reading.measure == "maximum"
    details = [f"Reading: {'a maximum (top) speed' if maximum else 'an average speed'}; '{claim.says}' = "
               f"{quantity.value:g} km/h, {describe(quantity)}, accepts {_range(accepted)} km/h."]
    model = judge(Window(calc.speed, calc.speed), (0.0, accepted[1]) if maximum else accepted)
    if elapsed is None or elapsed.high == 0:
        reason = f"no other source times both ends of {where}, so no speed can be measured"
        details.append(f"Model: the assumed {calc.speed:g} km/h is itself a speed claim, so it does not judge one "
                       f"({model} with it).")
        return _result(claim, reading, None, None, reason, details, f"{quantity.value:g} km/h", "no timeline", calc.speed)
    speed = distance.divided_by(elapsed)
    how = f"{distance} km in {elapsed} h is {speed} km/h"
    runs = calc.run_average(start, end)
    if runs is not None and (runs[1].low < distance.low or speed.high - speed.low > runs[0].high - runs[0].low):
        speed, km = runs  # the timed runs say more than a span with stays of unknown length
        how = f"over the {km} km the sources time from departure to arrival the train averaged {speed} km/h"
    evidence: Verdict
    if maximum:  # a top speed is only contradicted by an average above it
        evidence = "inconsistent" if speed.low > accepted[1] else "consistent" if speed.high <= accepted[1] else "undetermined"
        reason = f"the train averaged {speed} km/h over {where}, which {SAYS[evidence]} a top speed of '{claim.says}'"
    else:
        evidence = judge(speed, accepted)
        reason = f"the reported times imply {speed} km/h over {where}, which {SAYS[evidence]} '{claim.says}'"
    details.append(f"Evidence: {how}: {evidence}.")
    return _result(claim, reading, evidence, model, reason, details, f"{quantity.value:g} km/h", f"{speed} km/h", calc.speed)


# -- places: destination, route, time ----------------------------------------------------------------

def _claimed_place(calc: Calculator, claim: Claim) -> tuple[str, tuple[float, float]] | None:
    name = claim.place or ""
    try:
        index = calc.journey.stop_index(name)
    except KeyError:
        pass
    else:
        return calc.journey.stops[index].name, calc.trip.coords[index]
    try:
        place = calc.resolver.resolve(name, near=calc.trip.coords[:1]).place
    except GeocodeError:
        return None
    return name, (place.lat, place.lon)


def _unknown(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    reason = f"{claim.place!r} is not in the gazetteers, so it cannot be compared with the journey"
    return _result(claim, reading, None, None, reason, [], claim.place or "", "unknown place", calc.speed)


def _destination(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = _claimed_place(calc, claim)
    if found is None:
        return _unknown(calc, claim, reading)
    name, point = found
    coords = calc.trip.coords
    stops = calc.journey.stops
    nearest = min(range(len(coords)), key=lambda i: geodesic_km(point, coords[i]))
    gap = geodesic_km(point, coords[nearest])
    if gap <= SAME_PLACE_KM:
        reason = f"the journey reached {stops[nearest].name}, {gap:,.0f} km from {name}"
        return _result(claim, reading, "consistent", None, reason, [], name, stops[nearest].name, calc.speed)
    farthest = max(range(len(coords)), key=lambda i: geodesic_km(coords[0], coords[i]))
    far_name = stops[farthest].name
    reason = (f"the journey never reached {name}: the farthest place it reached was {far_name}, "
              f"{geodesic_km(coords[0], coords[farthest]):,.0f} km from {stops[0].name}; {name} is "
              f"{geodesic_km(point, coords[farthest]):,.0f} km from {far_name} (straight line)")
    return _result(claim, reading, "inconsistent", None, reason, [], name, f"farthest: {far_name}", calc.speed)


def _route(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = _claimed_place(calc, claim)
    if found is None:
        return _unknown(calc, claim, reading)
    name, (lat, lon) = found
    gap = min(min(geodesic_km((lat, lon), (y, x)) for x, y in leg.coords[:: max(1, len(leg.coords) // 400)])
              for leg in calc.route.legs)
    verdict: Verdict = "consistent" if gap <= SAME_PLACE_KM else "inconsistent"
    reason = f"the route passes {gap:,.0f} km from {name} (within {SAME_PLACE_KM:.0f} km counts)"
    return _result(claim, reading, verdict, None, reason, [], name, f"{gap:,.0f} km away", calc.speed)


def _stops_at(calc: Calculator, claim: Claim, point: tuple[float, float], reading: ClaimReading) -> list[int]:
    """The stops that are the claimed place (by name or id, else within SAME_PLACE_KM), fit for its event."""
    stops = calc.journey.stops
    last = len(stops) - 1
    named = [i for i, s in enumerate(stops) if claim.place in (s.name, s.id)]
    near = named or [i for i, xy in enumerate(calc.trip.coords) if geodesic_km(point, xy) <= SAME_PLACE_KM]
    first_or_last = last if reading.event == "depart" else 0  # one cannot leave the end nor reach the start
    return [i for i in near if i != first_or_last] or near


def _reported(calc: Calculator, index: int, event: str | None) -> bool:
    """Whether a source reports that event at the stop itself (not just bounds on it)."""
    timeline = calc.trip.timeline
    named: dict[str, tuple[EventKind, ...]] = {"depart": ("departure", "passing"), "pass": ("passing", "arrival", "departure")}
    kinds = named.get(event or "", ("arrival", "passing"))
    return any(timeline.at(index, kind) is not None for kind in kinds)


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
    def gap(leg: RoutedLeg) -> float:
        return min(geodesic_km(point, (y, x)) for x, y in leg.coords[:: max(1, len(leg.coords) // 200)])

    return min(calc.route.legs, key=gap).end


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
    return datetime.fromtimestamp(seconds, ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _span_text(window: Window, zone: str) -> str:
    low, high = _local(window.low, zone), _local(window.high, zone)
    return low if low == high else f"{low} – {high}"


def _time(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    found = _claimed_place(calc, claim)
    if found is None or claim.time is None:
        return _unknown(calc, claim, reading)
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
        reported = _reported(others, index, reading.event)
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
    return _result(claim, reading, evidence, model, reason, details, claim.time, computed, calc.speed)


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
    hours = km / calc.speed
    predicted = Window(leave.low + hours * 3600, leave.high + hours * 3600)
    verdict = _judge_times(predicted, claimed)
    here = calc.trip.timeline.zones[before]
    return verdict, (f"Model: leaving {calc.journey.stops[before].name} {_span_text(leave, here)} local + {km:,.0f} km at "
                     f"{calc.speed:g} km/h ({hours:.1f} h) puts the train there {_span_text(predicted, zone)} local: {verdict}.")


def others(calc: Calculator, source: str) -> Calculator:
    """The calculator on the timeline the *other* sources give: a source cannot confirm itself."""
    timeline = calc.trip.timeline.without_source(source)
    if timeline.events == calc.trip.timeline.events:
        return calc
    return Calculator(dataclasses.replace(calc.trip, timeline=timeline), calc.route, calc.speed, calc.door_to_door,
                      calc.resolver)


def judge_claim(calc: Calculator, claim: Claim) -> ClaimCheck:
    """Read the claim, judge it by the evidence and by the model, and apply the rule."""
    reading = read_claim(claim)
    judges = {"duration": _duration, "distance": _distance, "speed": _speed, "destination": _destination,
              "route": _route, "time": _time}
    return judges[claim.kind](others(calc, claim.source), claim, reading)
