"""Check results as a terminal table, JSON (schema in docs/checks.md) and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journeys.check.results import JourneyCheck
from journeys.check.views import table
from journeys.check.window import Window, window_data

if TYPE_CHECKING:
    import pandas


def check_data(result: JourneyCheck) -> dict[str, Any]:
    """One journey's results as JSON-ready data."""
    return {
        "id": result.id, "title": result.title, "assumed_speed_kmh": result.assumed_speed_kmh,
        "distance_km": window_data(result.distance_km), "distance_method": result.method,
        "running_h": window_data(result.running_h), "standing_h": window_data(result.standing_h),
        "legs": [{
            "from": leg.start, "to": leg.end, "mode": leg.mode, "distance_km": window_data(leg.distance_km),
            "distance_method": leg.method, "estimate_reason": leg.estimate_reason,
            "duration_h": window_data(leg.duration_h), "speed_kmh": window_data(leg.speed_kmh),
            "assumed_h": round(leg.assumed_h, 3), "flags": list(leg.flags),
            "implied_speed_kmh": window_data(leg.implied_kmh), "pace": leg.pace, "advice": list(leg.advice),
        } for leg in result.legs],
        "pace": None if result.pace is None else {
            "average_kmh": window_data(result.pace.average_kmh), "verdict": result.pace.verdict, "text": result.pace.text,
            "faster_legs": list(result.pace.faster), "slower_legs": list(result.pace.slower),
        },
        "claims": [{
            "id": c.claim.id, "kind": c.claim.kind, "quote": c.claim.quote, "says": c.claim.says,
            "source": c.claim.source, "reading": c.reading, "evidence_verdict": c.evidence, "model_verdict": c.model,
            "verdict": c.verdict, "decided_by": c.decided_by, "reason": c.reason, "reported": c.reported,
            "computed": c.computed, "explanation": c.explanation,
        } for c in result.claims],
        "flags": list(result.flags),
    }


def claims_frame(results: Sequence[JourneyCheck]) -> pandas.DataFrame:
    """Every claim's reading and verdict, one row per claim, for analysis in pandas."""
    import pandas

    rows = [{
        "journey": r.id, "kind": c.claim.kind, "source": c.claim.source, "says": c.claim.says,
        "event": c.reading.get("event"), "occurrence": c.reading.get("occurrence"), "measure": c.reading.get("measure"),
        "basis": c.reading.get("basis"), "evidence": c.evidence, "model": c.model, "verdict": c.verdict,
        "decided_by": c.decided_by, "reason": c.reason,
    } for r in results for c in r.claims]
    return pandas.DataFrame(rows)


def _opt(window: Window | None) -> str:
    return "" if window is None else str(window)


def check_text(result: JourneyCheck) -> str:
    """The leg table and the claims with their verdicts, for the terminal."""
    lines = [f"{result.title} ({result.id})",
             f"route {result.distance_km} km ({result.method}); assumed speed {result.assumed_speed_kmh:g} km/h", ""]
    rows = [[f"{leg.start} → {leg.end}", leg.mode, str(leg.distance_km), leg.method, _opt(leg.duration_h),
             _opt(leg.speed_kmh), f"{leg.assumed_h:.1f}", _opt(leg.implied_kmh), leg.pace] for leg in result.legs]
    lines.append(table(["leg", "mode", "km", "measured by", "hours (timeline)", "km/h", "hours at assumed",
                        "implied km/h", "pace"], rows))
    if result.pace is not None:
        lines += ["", f"Pace: {result.pace.text}."]
        if result.pace.faster:
            lines.append(f"  faster than {result.assumed_speed_kmh:g} km/h: {', '.join(result.pace.faster)}")
        if result.pace.slower:
            lines.append(f"  slower than {result.assumed_speed_kmh:g} km/h: {', '.join(result.pace.slower)}")
    if result.flags:
        lines += ["", "Flags:", *(f"  ! {flag}" for flag in result.flags)]
    advice = [a for leg in result.legs for a in leg.advice]
    if advice:
        lines += ["", "For the record's author:", *(f"  - {a}" for a in advice)]
    lines += ["", "Claims:"]
    for check in result.claims:
        lines.append(f"  [{check.verdict.upper()}] {check.claim.kind} ({check.claim.source}): “{check.claim.says}”")
        lines.append(f"      {check.reason} (decided by {_decider(check.decided_by)})")
        lines += [f"        {detail}" for detail in check.details]
    if not result.claims:
        lines.append("  (none)")
    return "\n".join(lines)


def _decider(decided_by: str) -> str:
    return {"evidence": "the evidence", "model": "the model", "none": "nothing: no evidence, no model"}[decided_by]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def check_markdown(result: JourneyCheck) -> str:
    """The same results as a Markdown section for a report."""
    lines = [f"## {_cell(result.title)} (`{result.id}`)", "",
             f"Route {result.distance_km} km ({result.method}); assumed speed {result.assumed_speed_kmh:g} km/h.", "",
             "| leg | mode | km | measured by | hours (timeline) | km/h |", "|---|---|---|---|---|---|"]
    lines += [f"| {_cell(leg.start)} → {_cell(leg.end)} | {leg.mode} | {leg.distance_km} | {leg.method} | "
              f"{_opt(leg.duration_h)} | {_opt(leg.speed_kmh)} |" for leg in result.legs]
    lines += ["", "| verdict | kind | source | says | arithmetic |", "|---|---|---|---|---|"]
    lines += [f"| **{c.verdict}** | {c.claim.kind} | {_cell(c.claim.source)} | {_cell(c.claim.says)} | "
              f"{_cell(c.explanation)} |" for c in result.claims]
    return "\n".join(lines)


def compare_row(r: JourneyCheck) -> dict[str, Any]:
    """One journey's distance, duration, average speed and running share, for :func:`compare_text`.

    Times are measured from the first stop with a reported departure to the last with a reported
    arrival, and the average speed over the route distance between those two stops.
    """
    total = speed = share = None
    if r.running_h and r.standing_h and r.timed_km:
        total = Window(r.running_h.low + r.standing_h.low, r.running_h.high + r.standing_h.high)
        speed = r.timed_km.divided_by(r.running_h) if r.running_h.high > 0 else None
        middle = (total.low + total.high) / 2
        share = 1 - (r.standing_h.low + r.standing_h.high) / 2 / middle if middle else None
    return {"id": r.id, "distance_km": window_data(r.distance_km), "timed_km": window_data(r.timed_km),
            "duration_h": window_data(total), "running_h": window_data(r.running_h),
            "standing_h": window_data(r.standing_h),
            "average_speed_kmh": window_data(speed), "running_share": None if share is None else round(share, 3),
            "_text": [r.id, str(r.distance_km), _opt(r.timed_km), _opt(total), _opt(r.running_h),
                      _opt(r.standing_h), _opt(speed), "" if share is None else f"{share:.0%}"]}


def compare_text(rows: Sequence[dict[str, Any]]) -> str:
    return table(["journey", "km", "timed km", "hours", "running h", "standing h", "avg km/h", "running share"],
                 [r["_text"] for r in rows])
