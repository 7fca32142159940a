"""Plain-text and JSON-ready views of analysed journeys for the terminal: lists and timelines.

Kept apart from the CLI so the same views serve the library user and the tests. :func:`table` is
also what ``journeys sections`` and ``journeys claims`` print with, so this module imports nothing
of the routing and records stack at load time (numpy, shapely, pydantic, the YAML reader): a
command that only formats a table does not pay for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journeys.errors import RoutingError

if TYPE_CHECKING:
    from journeys.check.analysis import AnalysedJourney


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A fixed-width text table; numbers are right-aligned."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) or row[i] is None for row in rows) and rows for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        cells = (v.rjust(w) if numeric[i] else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True)))
        return "  ".join(cells).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def public(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as JSON gives them: the keys starting with "_" hold the terminal's text of a row."""
    return [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]


def journey_summary(analysed: AnalysedJourney) -> dict[str, Any]:
    """One line of `journeys list`: id, title, first and last reported dates, stops, distance.

    The distance is the one `journeys check` prints for the route, a range where a line is in doubt
    or a leg's length is a reported or estimated one: a list must not print a surer figure than the check.
    """
    from journeys.check.calculator import Calculator
    from journeys.check.window import window_data
    from journeys.geo.route import combined_method

    trip = analysed.trip
    events = trip.timeline.events
    first = events[0].local.earliest.date().isoformat() if events else None
    last = events[-1].local.latest.date().isoformat() if events else None
    try:
        route = analysed.route
    except RoutingError:  # the list still shows the journey, without a distance
        km = method = None
    else:
        km = Calculator(trip, route, analysed.speed_kmh, resolver=analysed.resolver).distance(0, len(trip.journey.stops) - 1)
        method = combined_method(leg.method for leg in route.legs)
    return {
        "id": trip.journey.id, "title": trip.journey.title, "traveller": trip.journey.traveller,
        "first_date": first, "last_date": last, "stops": len(trip.journey.stops),
        "distance_km": window_data(km), "distance_method": method, "_km": "" if km is None else str(km),
    }


def summary_table(rows: Sequence[dict[str, Any]]) -> str:
    return table(
        ["id", "title", "first date", "last date", "stops", "km"],
        [[r["id"], r["title"], r["first_date"], r["last_date"], r["stops"], r["_km"]] for r in rows],
    )


def timeline_data(analysed: AnalysedJourney) -> dict[str, Any]:
    """The timeline as JSON-ready data: each stop, where it resolved, and its events."""
    trip = analysed.trip
    journey = trip.journey
    stops = []
    for index, (stop, place) in enumerate(zip(journey.stops, trip.places, strict=True)):
        events = [e for e in trip.timeline.events if e.stop_index == index]
        stops.append({
            "name": stop.name, "role": stop.role, "lat": place.place.lat, "lon": place.place.lon,
            "place": place.place.id, "resolved_by": place.reason, "zone": trip.timeline.zones[index],
            "events": [{
                "kind": e.kind, "local": e.local_text, "utc_offset": e.offset, "utc": e.utc_text,
                "local_earliest": e.local.earliest.isoformat(), "local_latest": e.local.latest.isoformat(),
                "utc_earliest": e.earliest.isoformat(), "utc_latest": e.latest.isoformat(),
                "conflict": e.conflict,
                "reports": [r.model_dump() for r in e.reports],
            } for e in events],
        })
    return {
        "id": journey.id, "title": journey.title, "traveller": journey.traveller, "year": journey.year,
        "stops": stops, "sources": [s.model_dump(mode="json", exclude_none=True) for s in journey.sources],
    }


def timeline_text(analysed: AnalysedJourney) -> str:
    """The timeline for the terminal: one line per event, then the sources."""
    data = timeline_data(analysed)
    lines = [f"{data['title']} ({data['id']})", ""]
    rows = []
    for stop in data["stops"]:
        if not stop["events"]:
            rows.append([stop["name"], stop["role"], "", "(no reported time)", "", ""])
        for event in stop["events"]:
            sources = ", ".join(dict.fromkeys(r["source"] for r in event["reports"]))
            conflict = "  ! " + event["conflict"] if event["conflict"] else ""
            rows.append([stop["name"], stop["role"], event["kind"], event["local"], f"UTC{event['utc_offset']}",
                         f"{event['utc']} UTC  [{sources}]{conflict}"])
    lines.append(table(["stop", "role", "event", "local time", "offset", "UTC window [sources]"], rows))
    lines += ["", "Sources:"]
    for source in data["sources"]:
        where = source.get("url") or source.get("locator") or f"stored story {source.get('seed')}"
        lines.append(f"  {source['id']}: {source['publisher']}, {source['title']!r}, {source.get('date', 'undated')}, {where}")
    return "\n".join(lines)
