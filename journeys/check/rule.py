"""The rule that chooses a verdict, and what every kind of claim's judge shares.

A claim is judged twice: by the evidence (what the *other* sources report, and the route) and by the
model (track distance at the assumed speed). :func:`decide` applies the rule (evidence when it says
anything, the model only where it is silent); :func:`result` turns both into a
:class:`~journeys.check.results.ClaimCheck` that leads with one sentence a reader understands.
"""

from __future__ import annotations

import dataclasses

from journeys.check.calculator import Calculator
from journeys.check.reading import ClaimReading
from journeys.check.results import ClaimCheck
from journeys.check.window import INF, Verdict
from journeys.errors import GeocodeError
from journeys.records.model import Claim
from journeys.records.timeline import EventKind

SAYS = {"consistent": "agrees with", "inconsistent": "contradicts", "undetermined": "neither confirms nor rules out"}


def others(calc: Calculator, source: str, keep_stop: int | None = None) -> Calculator:
    """The calculator on the timeline the *other* sources give: a source cannot confirm itself.

    With ``keep_stop``, the source's own reports at that one stop stay in (see :func:`own_end`).
    """
    key = (source, keep_stop)
    if key not in calc.others:  # every claim of a source asks for the same one
        calc.others[key] = _others(calc, source, keep_stop)
    return calc.others[key]


def _others(calc: Calculator, source: str, keep_stop: int | None) -> Calculator:
    timeline = calc.trip.timeline.without_source(source, keep_stop)
    reports = any(leg.reported_source == source for leg in calc.route.legs)
    if timeline.events == calc.trip.timeline.events and not reports:
        return calc
    return Calculator(dataclasses.replace(calc.trip, timeline=timeline), calc.route, calc.speed, calc.door_to_door,
                      calc.resolver, left_out=source, whole=calc)


def own_end(calc: Calculator, stop: int, event: str) -> Calculator | None:
    """The calculator with the left-out source's own time at one end of a span put back, when the
    other sources do not time that end and the left-out source does; else None.

    "Left Moscow on 8 August" (BBC) and "crossed home early on 18 August" (Los Angeles Times) measure
    the BBC's "10-day return journey" although only one end is another source's: the source does not
    confirm itself, yet its claim is not judged by a model that ignores when the train left.
    """
    if calc.left_out is None or calc.whole is None or reported_at(calc, stop, event):
        return None
    kept = others(calc.whole, calc.left_out, keep_stop=stop)
    return kept if reported_at(kept, stop, event) else None


def range_text(accepted: tuple[float, float]) -> str:
    low, high = accepted
    return f"≥ {low:,.1f}" if high == INF else f"{low:,.1f}–{high:,.1f}"


def decide(evidence: Verdict | None, model: Verdict | None) -> tuple[Verdict, str]:
    """The rule: evidence when it says anything, the model only where the evidence is silent."""
    if evidence is not None:
        return evidence, "evidence"
    if model is not None:
        return model, "model"
    return "undetermined", "none"


def result(claim: Claim, reading: ClaimReading, evidence: Verdict | None, model: Verdict | None, reason: str,
            details: list[str], reported: str, computed: str, speed: float) -> ClaimCheck:
    verdict, decided_by = decide(evidence, model)
    if decided_by == "model":
        reason += f" (by the {speed:g} km/h model, where the other sources are silent)"
    lead = f"{reason}: {verdict}"
    return ClaimCheck(claim, verdict, reported, computed, " ".join([lead + ".", *details]), tuple(details),
                      reading.as_dict(), reading.describe(), evidence, model, decided_by, lead)  # type: ignore[arg-type]


def where_of(calc: Calculator, claim: Claim) -> tuple[int, int, str]:
    start, end = calc.journey.span_indexes(claim.span)
    return start, end, f"{calc.journey.stops[start].name} → {calc.journey.stops[end].name}"



def claimed_place(calc: Calculator, claim: Claim) -> tuple[str, tuple[float, float]] | None:
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


def unknown_place(calc: Calculator, claim: Claim, reading: ClaimReading) -> ClaimCheck:
    reason = f"{claim.place!r} is not in the gazetteers, so it cannot be compared with the journey"
    return result(claim, reading, None, None, reason, [], claim.place or "", "unknown place", calc.speed)


def reported_at(calc: Calculator, index: int, event: str | None) -> bool:
    """Whether a source reports that event at the stop itself (not just bounds on it)."""
    timeline = calc.trip.timeline
    named: dict[str, tuple[EventKind, ...]] = {"depart": ("departure", "passing"), "pass": ("passing", "arrival", "departure")}
    kinds = named.get(event or "", ("arrival", "passing"))
    return any(timeline.at(index, kind) is not None for kind in kinds)
