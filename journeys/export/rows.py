"""The three tables every export writes: stops, legs and claims, with typed values, from the analysed journey.

Every format writes the same rows, so a spreadsheet and a GIS see the same facts. Values keep their
type: numbers are ints and floats (never text), moments are ISO 8601 date-times with their offset
(``2025-09-02T16:00:00+08:00``, or ``...Z`` in UTC) which GDAL, QGIS and pandas read as date-times,
and nothing reported is ``None`` (an empty cell, a JSON null). A reported time is a window, so each
event has its earliest and latest moment, never one moment pretending to be exact; an estimated
leg's distance is a range (``distance_low_km`` to ``distance_high_km``) around the routed ``km``.

The numbers and verdicts are read from :class:`~journeys.check.analysis.AnalysedJourney` (its route
and its calculator's check); nothing here measures or judges again.

:data:`FIELDS` names each table's columns in order with their type, which the formats with a
schema (KML ``<Schema>``, GeoPackage) declare.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from journeys.check.analysis import AnalysedJourney
from journeys.check.window import Window
from journeys.records.timeline import EVENT_ORDER, Event
from journeys.records.zones import localize

#: Decimal places of exported coordinates: 1e-6 degrees is about 0.1 m.
PRECISION = 6

LAYERS = ("stops", "legs", "claims")

WINDOW_FIELDS = tuple(f"{kind}_{clock}_{end}" for kind in EVENT_ORDER for clock in ("local", "utc")
                      for end in ("earliest", "latest"))

#: Each table's columns, in order, with their type: int, double, string or datetime (ISO 8601 text).
FIELDS: dict[str, dict[str, str]] = {
    "stops": {
        "index": "int", "name": "string", "role": "string", "country": "string", "lat": "double", "lon": "double",
        "zone": "string", **dict.fromkeys(WINDOW_FIELDS, "datetime"),
        # when the train is known to have been at the stop: reached at the earliest, left at the latest
        "begin_utc": "datetime", "end_utc": "datetime", "km_from_origin": "double",
    },
    "legs": {
        "index": "int", "from": "string", "to": "string", "mode": "string", "km": "double",
        "distance_low_km": "double", "distance_high_km": "double", "method": "string", "estimate_reason": "string",
        # left the first stop at the earliest, reached the last at the latest: when the train was on the leg
        "begin_utc": "datetime", "end_utc": "datetime", "duration_low_h": "double", "duration_high_h": "double",
    },
    "claims": {
        "index": "int", "id": "string", "kind": "string", "quote": "string", "says": "string", "figure": "string",
        "place": "string", "claimed_time": "string", "span_from": "string", "span_to": "string",
        "span_from_index": "int", "span_to_index": "int", "verdict": "string", "reason": "string",
        "reported": "string", "computed": "string", "decided_by": "string", "source": "string",
        "source_publisher": "string", "source_title": "string", "source_date": "string", "source_url": "string",
        "source_locator": "string",
    },
}


def iso(moment: datetime) -> str:
    """An aware moment as ISO 8601 to the second; UTC written with Z, as GPX requires."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def window_fields(kind: str, event: Event | None) -> dict[str, str | None]:
    """The event's earliest and latest moment, in local time with its offset and in UTC (None if unreported)."""
    if event is None:
        return {f"{kind}_{clock}_{end}": None for clock in ("local", "utc") for end in ("earliest", "latest")}
    local = [localize(moment, event.zone) for moment in (event.local.earliest, event.local.latest)]
    utc = [event.earliest, event.latest]
    fields: dict[str, str | None] = {}
    for clock, moments in (("local", local), ("utc", utc)):
        for end, moment in zip(("earliest", "latest"), moments, strict=True):
            fields[f"{kind}_{clock}_{end}"] = iso(moment)
    return fields


def _number(value: float) -> float | None:
    """A figure rounded to 0.1, or None for an open end (a JSON file cannot hold infinity)."""
    return round(value, 1) if math.isfinite(value) else None


def _range(window: Window | None) -> tuple[float | None, float | None]:
    return (None, None) if window is None else (_number(window.low), _number(window.high))


def stop_rows(analysed: AnalysedJourney) -> list[dict[str, Any]]:
    """One row per stop: where it is, its windows (None where nothing was reported), km from the origin."""
    trip, route = analysed.trip, analysed.route
    timeline = trip.timeline
    rows = []
    for index, (stop, resolution) in enumerate(zip(trip.journey.stops, trip.places, strict=True)):
        row: dict[str, Any] = {
            "index": index, "name": stop.name, "role": stop.role, "country": stop.country or resolution.place.country or None,
            "lat": round(resolution.place.lat, PRECISION), "lon": round(resolution.place.lon, PRECISION),
            "zone": timeline.zones[index],
        }
        for kind in EVENT_ORDER:
            row |= window_fields(kind, timeline.at(index, kind))
        reached, left = timeline.reaching(index), timeline.leaving(index)
        row["begin_utc"] = _utc(reached.earliest if reached else None)
        row["end_utc"] = _utc(left.latest if left else None)
        row["km_from_origin"] = round(float(route.km_between(0, index)), 1)
        rows.append(row)
    return rows


def leg_rows(analysed: AnalysedJourney) -> list[dict[str, Any]]:
    """One row per leg: its ends, mode, routed km and the range the checks allow, how it was measured, when."""
    stops, timeline = analysed.journey.stops, analysed.trip.timeline
    rows = []
    for index, (leg, checked) in enumerate(zip(analysed.route.legs, analysed.check.legs, strict=True)):
        low_km, high_km = _range(checked.distance_km)
        low_h, high_h = _range(checked.duration_h)
        left, reached = timeline.leaving(leg.start), timeline.reaching(leg.end)
        rows.append({
            "index": index, "from": stops[leg.start].name, "to": stops[leg.end].name, "mode": leg.mode,
            "km": round(leg.km, 1), "distance_low_km": low_km, "distance_high_km": high_km, "method": leg.method,
            "estimate_reason": leg.estimate_reason,
            "begin_utc": _utc(left.earliest if left else None), "end_utc": _utc(reached.latest if reached else None),
            "duration_low_h": low_h, "duration_high_h": high_h,
        })
    return rows


def claim_rows(analysed: AnalysedJourney) -> list[dict[str, Any]]:
    """One row per claim: its words, the stops it is about, the verdict with its reason, and its source."""
    journey = analysed.journey
    sources = {source.id: source for source in journey.sources}
    rows = []
    for index, result in enumerate(analysed.check.claims):
        claim = result.claim
        start, end = journey.span_indexes(claim.span)
        source = sources.get(claim.source)
        rows.append({
            "index": index, "id": claim.id, "kind": claim.kind, "quote": claim.quote, "says": claim.says,
            "figure": claim.figure, "place": claim.place, "claimed_time": claim.time,
            "span_from": journey.stops[start].name, "span_to": journey.stops[end].name,
            "span_from_index": start, "span_to_index": end, "verdict": result.verdict, "reason": result.reason,
            "reported": result.reported, "computed": result.computed, "decided_by": result.decided_by,
            "source": claim.source,
            "source_publisher": source.publisher if source else None,
            "source_title": source.title if source else None,
            "source_date": source.date.isoformat() if source and source.date else None,
            "source_url": str(source.url) if source and source.url else None,
            "source_locator": source.locator if source else None,
        })
    return rows


def table(analysed: AnalysedJourney, layer: str) -> list[dict[str, Any]]:
    """The rows of one of :data:`LAYERS`."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; use one of {', '.join(LAYERS)}")
    return {"stops": stop_rows, "legs": leg_rows, "claims": claim_rows}[layer](analysed)
