"""Judging the figures a story gives: a duration, a distance, a speed.

Durations are measured on the timeline the other sources give (in calendar days when the claim
counts days), distances along the route, speeds as distance over the reported times; the model
(track distance at the assumed speed) speaks only where no times are reported, and never on a speed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from journeys.check.calculator import Calculator
from journeys.check.reading import ClaimReading
from journeys.check.results import ClaimCheck
from journeys.check.rule import SAYS, claimed_place, own_end, range_text, reported_at, result, where_of
from journeys.check.tolerance import accepted_range, describe
from journeys.check.window import Verdict, Window, judge
from journeys.geo.geocode import geodesic_km
from journeys.records.model import Claim

# -- figures: duration, distance, speed --------------------------------------------------------------

#: A duration stated in whole days, weeks or months is counted in calendar days, as a reader counts
#: "a nine-day journey between July 26 and August 3": both ends' dates included.
DAY_WORDS = re.compile(r"day|week|month|dana|tage|天|日|일|주|周|个月|개월|дн|сут|недел|месяц", re.IGNORECASE)


#: How far before its latest moment a window's last calendar date is read (a window ends at midnight).
BOUNDARY_S = 1.0


def _in_days(claim: Claim) -> int | None:
    """The whole number of days a duration claim states in days, weeks or months (3 or more), else None."""
    value = claim.quantity.value / 24
    if value >= 3 and abs(value - round(value)) < 1e-9 and DAY_WORDS.search(claim.figure or claim.says):
        return round(value)
    return None


def _timed_within(calc: Calculator, start: int, end: int, stays: bool = True) -> tuple[int, int] | None:
    """The first and last stops of a span that the other sources time: leaving the first (or, past the
    span's start when its ``stays`` count, reaching it: the train was there then) and reaching the last."""
    first = next((i for i in range(start, end) if reported_at(calc, i, "depart") or
                  (stays and i > start and reported_at(calc, i, "pass"))), None)
    last = next((i for i in range(end, start, -1) if reported_at(calc, i, "arrive")), None)
    if first is None or last is None or last <= first:
        return None
    return first, last


def _door(calc: Calculator, start: int, first: int, last: int) -> Window:
    """Hours from the train's time at ``first`` to reaching ``last``, stays included: from leaving it
    when it is the span's start, else from reaching it (the time before it is the model's)."""
    reach = calc.reach(last)
    anchor = calc.leave(first) if first == start else calc.reach(first) or calc.leave(first)
    if reach is None or anchor is None:
        return Window(0.0, 0.0)
    return Window(max(0.0, reach.low - anchor.high) / 3600, max(0.0, reach.high - anchor.low) / 3600)


def _with_own_end(calc: Calculator, start: int, end: int, covers: Callable[[Calculator], bool]) -> tuple[Calculator, str]:
    """``calc``, or the calculator with the claim's own source timing one end of the span when the other
    sources leave that end untimed and that makes ``covers`` true; and a note saying so (or "")."""
    for stop, event in ((start, "depart"), (end, "arrive")):
        kept = own_end(calc, stop, event)
        if kept is not None and covers(kept):
            source = next((s for s in calc.journey.sources if s.id == calc.left_out), None)
            name = source.publisher if source and source.publisher != "unknown" else calc.left_out
            return kept, (f" ({name}'s own report times {calc.journey.stops[stop].name}, which no other "
                          f"source does)")
    return calc, ""


def _calendar_days(calc: Calculator, first: int, last: int, before_h: Window, after_h: Window) -> Window:
    """Calendar days from the train's time at ``first`` (less ``before_h``) to its arrival at ``last``
    (plus ``after_h``), both dates counted, in each stop's local time."""
    timeline = calc.trip.timeline
    at_first = next(e for e in (timeline.at(first, k) for k in ("departure", "passing", "arrival")) if e)
    reach = calc.reach(last)
    assert reach is not None  # _timed_within checked it
    zones = timeline.zones

    def date(seconds: float, zone: str) -> int:
        return datetime.fromtimestamp(seconds, ZoneInfo(zone)).date().toordinal()

    # A window's latest moment is where it stops: "8 August" runs to midnight, which is not 9 August.
    start = (date(at_first.earliest.timestamp() - before_h.high * 3600, zones[first]),
             date(at_first.latest.timestamp() - before_h.low * 3600 - BOUNDARY_S, zones[first]))
    stop = (date(reach.low + after_h.low * 3600, zones[last]),
            date(max(reach.low, reach.high - BOUNDARY_S) + after_h.high * 3600, zones[last]))
    return Window(stop[0] - start[1] + 1, stop[1] - start[0] + 1)


def _either(a: Verdict, b: Verdict) -> Verdict:
    """Of two readings, the one that makes the claim true if either does."""
    order: tuple[Verdict, ...] = ("consistent", "undetermined", "inconsistent")
    return min(a, b, key=order.index)


def judge_duration(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = where_of(calc, claim)
    quantity = claim.quantity
    days = _in_days(claim) if reading.basis != "running" else None
    accepted = accepted_range(quantity)
    if days:
        accepted = (accepted[0] / 24, accepted[1] / 24)
    unit = "days" if days else "h"
    value = quantity.value / (24 if days else 1)
    hedge = f"'{claim.says}' = {value:,.1f} {unit}, {describe(quantity)}, accepts {range_text(accepted)} {unit}"
    km = calc.distance(start, end)
    standing = calc.standing(start, end)
    model_h = calc.model_hours(km)
    if reading.basis != "running":
        model_h = model_h.plus(standing)
    how = {"running": "running time, stays removed", "country": f"time in {reading.country}"}.get(
        reading.basis or "", "calendar days, both ends counted" if days else "door to door, stays included")
    details = [f"Reading: {how}; {hedge}."]
    door_to_door = reading.basis != "running"
    timed = _timed_within(calc, start, end, door_to_door)
    own = ""
    if timed != (start, end):
        def covers(kept: Calculator) -> bool:
            found = _timed_within(kept, start, end, door_to_door)
            return found is not None and (timed is None or (found[0] <= timed[0] and found[1] >= timed[1]))
        calc, own = _with_own_end(calc, start, end, covers)
        timed = _timed_within(calc, start, end, door_to_door)
    sources = "sources" if own else "other sources"
    evidence: Verdict | None = None
    model: Verdict | None = judge(Window(model_h.low / 24, model_h.high / 24) if days else model_h, accepted)
    measured: Window | None = None
    if reading.basis == "country" and reading.country:
        measured = _time_in(calc, start, end, reading.country)
    elif timed is not None:
        first, last = timed
        before_h = calc.model_hours(calc.distance(start, first))
        after_h = calc.model_hours(calc.distance(last, end))
        if door_to_door:
            measured = _door(calc, start, first, last)
        else:
            measured = (calc.door(first, last) or Window(0.0, 0.0)).minus(calc.standing(first, last))
        measured = measured.plus(before_h).plus(after_h)
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
            details.append(f"Evidence: the {sources}' times{own} give {where} {measured} {unit}: {evidence}.")
        else:
            model = verdict
            model_reason = (f"the {sources} time {stops[first].name} → {stops[last].name}{own}; with the untimed "
                            f"ends at {calc.model_text}, {where} is {measured} {unit}")
            details.append(f"Evidence and model: the {sources}' times from {stops[first].name} to "
                           f"{stops[last].name}, and {before_h.plus(after_h)} h at {calc.model_text} for the rest "
                           f"of {where}: {measured} {unit}: {model}.")
    if evidence is not None and measured is not None:
        reason = (f"the reported times{own} give {where} {measured} {unit} ({how}), which {SAYS[evidence]} "
                  f"'{claim.says}'")
    elif measured is not None and model_reason:
        reason = model_reason + f", which {SAYS[model or 'undetermined']} '{claim.says}'"
    else:
        reason = f"{where} at {calc.model_text} takes {model_h} h"
        details.append(f"Evidence: no other source times both ends of {where}.")
    stays = f" plus {standing} h of reported stays" if reading.basis != "running" and standing.high > 0 else ""
    details.append(f"Model: {km} km at {calc.model_text} is {calc.model_hours(km)} h{stays}.")
    computed = f"{model_h} h at {calc.model_text}" + (f"; {measured} {unit} by the timeline" if measured else "")
    return result(claim, reading, evidence, model, reason, details, f"{quantity.value:,.1f} h", computed, calc.speed)


def _time_in(calc: Calculator, start: int, end: int, country: str) -> Window | None:
    """Hours from reaching the first stop in ``country`` to leaving the last one, within the span."""
    inside = [i for i in range(start, end + 1) if (calc.journey.stops[i].country or "").upper() == country.upper()]
    if not inside:
        return None
    enter, leave = calc.reach(inside[0]) or calc.leave(inside[0]), calc.leave(inside[-1]) or calc.reach(inside[-1])
    if enter is None or leave is None:
        return None
    return Window(max(0.0, leave.low - enter.high) / 3600, max(0.0, leave.high - enter.low) / 3600)


def judge_distance(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = where_of(calc, claim)
    quantity = claim.quantity
    accepted = accepted_range(quantity)
    if reading.basis == "straight":
        a, b = calc.trip.coords[start], calc.trip.coords[end]
        if claim.place:
            found = claimed_place(calc, claim)
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
               f"{range_text(accepted)} km.",
               f"Evidence: {what}: {verdict}."]
    return result(claim, reading, verdict, None, reason, details, f"{quantity.value:,.0f} km", f"{km} km", calc.speed)


def judge_speed(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    start, end, where = where_of(calc, claim)
    quantity = claim.quantity
    accepted = accepted_range(quantity)
    distance = calc.distance(start, end)
    elapsed = calc.elapsed(start, end)
    if reading.measure == "passing":  # no time measures the speed at one point
        return _passing_speed(claim, reading, where, calc.speed)
    own = ""
    if elapsed is None:
        calc, own = _with_own_end(calc, start, end, lambda kept: kept.elapsed(start, end) is not None)
        elapsed = calc.elapsed(start, end)
    maximum = reading.measure == "maximum"
    details = [f"Reading: {'a maximum (top) speed' if maximum else 'an average speed'}; '{claim.says}' = "
               f"{quantity.value:g} km/h, {describe(quantity)}, accepts {range_text(accepted)} km/h."]
    model = judge(Window(calc.speed, calc.speed), (0.0, accepted[1]) if maximum else accepted)
    runs = calc.run_average(start, end)
    if (elapsed is None or elapsed.high == 0) and runs is not None:
        return _judge_speed_by_runs(claim, reading, runs, distance, where, model, details, calc.speed)
    if elapsed is None or elapsed.high == 0:
        reason = f"no other source times both ends of {where}, so no speed can be measured"
        details.append(f"Model: the assumed {calc.speed:g} km/h is itself a speed claim, so it does not judge one "
                       f"({model} with it).")
        return result(claim, reading, None, None, reason, details, f"{quantity.value:g} km/h", "no timeline", calc.speed)
    speed = distance.divided_by(elapsed)
    how = f"{distance} km in {elapsed} h is {speed} km/h"
    if runs is not None and (runs[1].low < distance.low or speed.high - speed.low > runs[0].high - runs[0].low):
        speed, km = runs  # the timed runs say more than a span with stays of unknown length
        how = f"over the {km} km the sources time from departure to arrival the train averaged {speed} km/h"
    evidence: Verdict
    if maximum:  # a top speed is only contradicted by an average above it
        evidence = "inconsistent" if speed.low > accepted[1] else "consistent" if speed.high <= accepted[1] else "undetermined"
        reason = f"the train averaged {speed} km/h over {where}{own}, which {SAYS[evidence]} a top speed of '{claim.says}'"
    else:
        evidence = judge(speed, accepted)
        reason = f"the reported times imply {speed} km/h over {where}{own}, which {SAYS[evidence]} '{claim.says}'"
    details.append(f"Evidence: {how}: {evidence}.")
    return result(claim, reading, evidence, model, reason, details, f"{quantity.value:g} km/h", f"{speed} km/h", calc.speed)


def _judge_speed_by_runs(claim: Claim, reading: ClaimReading, runs: tuple[Window, Window], distance: Window, where: str,
                         model: Verdict, details: list[str], assumed: float) -> ClaimCheck:
    """A speed over a span whose ends no other source times, against the runs inside it that they do
    time: a part cannot settle an average over the whole, but a run averaging more than a claimed top
    speed contradicts it."""
    speed, km = runs
    accepted = accepted_range(claim.quantity)
    evidence: Verdict = "undetermined"
    if reading.measure == "maximum" and speed.low > accepted[1]:
        evidence = "inconsistent"
    reason = (f"no other source times both ends of {where}; over the {km} of its {distance} km that they time from "
              f"departure to arrival the train averaged {speed} km/h, which {SAYS[evidence]} '{claim.says}'")
    details.append(f"Evidence: the timed runs, {km} km at {speed} km/h; the rest of {where} is untimed: {evidence}.")
    return result(claim, reading, evidence, model, reason, details, f"{claim.quantity.value:g} km/h", f"{speed} km/h",
                  assumed)


def _passing_speed(claim: Claim, reading: ClaimReading, where: str, assumed: float) -> ClaimCheck:
    """A speed at one point ("passed through the station at 40 km/h"): no reported time measures it (an
    average over a span says nothing of the speed at a point in it), nor does the assumed average."""
    reason = (f"'{claim.says}' is the speed at which the train passed one point, and neither the reported times "
              f"(which give averages over {where}) nor the assumed {assumed:g} km/h average measure it")
    details = [f"Reading: the speed passing one point; '{claim.says}' = {claim.quantity.value:g} km/h, "
               f"{describe(claim.quantity)}."]
    return result(claim, reading, None, None, reason, details, f"{claim.quantity.value:g} km/h", "not measurable",
                  assumed)
