"""Popups and tooltips of legs and stops, and the escaping every record text goes through.

A record is untrusted input: every string is HTML-escaped here, and a URL becomes a link only when it
is http(s).
"""

from __future__ import annotations

import html
import math
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import shapely

from journeys.check.calculator import SPEED_BOUNDS_KMH
from journeys.check.results import LegCheck
from journeys.check.window import Window
from journeys.geo.measure import rounded
from journeys.geo.route import RoutedLeg
from journeys.records.model import Journey
from journeys.records.timeline import Event
from journeys.records.zones import format_offset
from journeys.render.schedule import HOUR, MappedJourney

#: Speed classes of a leg, judged on the window of speeds its reported times allow.
SPEED_COLOURS = {
    "slower": "#2c7bb6",
    "fits": "#1a9641",
    "faster": "#f08c00",
    "implausible": "#d7191c",
    "unknown": "#8c8c8c",
}
ROLE_LABELS = {"origin": "Origin", "stop": "Stop", "border": "Border crossing", "pass": "Passed through, no stop",
               "destination": "Destination"}
#: Display geometry: simplification tolerance (degrees) and decimals, per page kind.


# -- escaping -------------------------------------------------------------------------------------

def esc(text: object) -> str:
    """HTML-escape any record text (quotes included, so it is safe in attributes too)."""
    return html.escape(str(text), quote=True)


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) with a host, normalised; None for anything else (javascript:, data:, …)."""
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(parts)


def link(url: object, text: object) -> str:
    """A link that opens in a new tab when the URL is http(s); otherwise the text alone."""
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'



# -- legs: speed classes and geometry -------------------------------------------------------------

def implied_speed(mj: MappedJourney, leg: RoutedLeg) -> tuple[Window | None, int, int]:
    """Speeds the reported times allow over the leg (the calculator's result for it), and between which stops."""
    check = mj.check.legs[leg.start]
    return check.implied_kmh, *check.implied_between


def speed_class(speed: Window | None, assumed: float, bound: float) -> str:
    """slower / fits / faster than the assumed speed, implausible above the mode's bound, or unknown."""
    if speed is None:
        return "unknown"
    if speed.low > bound:
        return "implausible"
    if speed.low > assumed:
        return "faster"
    if speed.high < assumed:
        return "slower"
    return "fits"


def class_labels(assumed: float) -> dict[str, str]:
    return {
        "slower": f"slower than {assumed:g} km/h",
        "fits": f"{assumed:g} km/h fits the times",
        "faster": f"faster than {assumed:g} km/h",
        "implausible": "faster than plausible for the mode",
        "unknown": "no reported times around the leg",
    }


def display_coords(coords: Any, detail: tuple[float, int]) -> list[list[float]]:
    """(lat, lon) pairs for drawing: simplified within ``tolerance`` degrees and rounded, to keep pages small."""
    tolerance, digits = detail
    line = shapely.LineString(coords)
    if len(coords) > 2 and tolerance > 0:
        line = line.simplify(tolerance, preserve_topology=False)
    points: list[list[float]] = rounded(shapely.get_coordinates(line)[:, ::-1], digits).tolist()
    return points


def _window_text(window: Window, unit: str) -> str:
    return f"{window} {unit}" if window.high != math.inf else f"at least {window.low:,.1f} {unit}"


def reader_flag(flag: str) -> str:
    """A flag as a reader needs it: what was found, without the advice to the record's author that the
    calculator's flag may end with ("…; give the leg a 'via' place to correct it")."""
    return flag.split("; give ", 1)[0]


def leg_popup(mj: MappedJourney, leg: RoutedLeg, check: LegCheck) -> tuple[str, str, str]:
    """Popup and tooltip HTML of a leg, and its speed class."""
    stops = mj.journey.stops
    speed, start, end = implied_speed(mj, leg)
    kind = speed_class(speed, mj.speed, SPEED_BOUNDS_KMH.get(leg.mode, math.inf))
    names = f"{stops[leg.start].name} → {stops[leg.end].name}"
    how = "estimated: " + (leg.estimate_reason or "") if leg.method == "estimate" else f"measured by {leg.method}"
    lines = [f"<h3>{esc(names)}</h3>", f'<div class="jr-meta">{esc(leg.mode)} · {esc(str(check.distance_km))} km, '
             f"{esc(how)}</div>"]
    if speed is not None:
        span = "" if (start, end) == (leg.start, leg.end) else f" (between {stops[start].name} and {stops[end].name})"
        lines.append(f"<div>Implied speed{esc(span)}: <b>{esc(_window_text(speed, 'km/h'))}</b></div>")
    lines.append(f"<div>{esc(class_labels(mj.speed)[kind])}; at {mj.speed:g} km/h the leg takes "
                 f"{check.assumed_h:,.1f} h</div>")
    if leg.lines:
        lines.append(f'<div class="jr-src">Lines: {esc("; ".join(leg.lines))}</div>')
    lines += [f'<div class="jr-flag">{esc(reader_flag(flag))}</div>' for flag in check.flags
              if not flag.startswith("distance is an")]
    tooltip = f"{esc(names)} · {esc(str(check.distance_km))} km" + (f" · {esc(_window_text(speed, 'km/h'))}" if speed else "")
    return "\n".join(lines), tooltip, kind


# -- stops: popups with times and sources ---------------------------------------------------------

#: publisher values that mean the record does not know it: left out of a citation rather than printed
UNKNOWN = {"", "unknown", "n/a", "none"}


def source_html(journey: Journey, source_id: str, quote: str | None = None) -> str:
    """A source as a reader's citation: 'Publisher, “Title” (linked), date, citing …'.

    An unknown publisher is left out, and so is a title that only repeats the quote shown beside it;
    the record's own bookkeeping (which stored story a source came from) is for its author, not here.
    """
    source = next((s for s in journey.sources if s.id == source_id), None)
    if source is None:
        return link(source_id, source_id)
    parts = [esc(source.publisher)] if source.publisher.strip().lower() not in UNKNOWN else []
    same = quote is not None and source.title.strip(" “”\"'").casefold() == quote.strip(" “”\"'").casefold()
    if not same:
        title = link(source.url, source.title) if source.url else esc(source.title)
        parts.append(f"<cite>{title}</cite>")
    elif source.url:
        parts.append(link(source.url, "link"))
    if source.date:
        parts.append(esc(source.date.isoformat()))
    if source.attributed_to:
        parts.append("citing " + esc(", ".join(source.attributed_to)))
    return ", ".join(parts) or esc(source.id)


def _offset_at(moment: float, zone: str) -> str:
    return format_offset(datetime.fromtimestamp(moment, ZoneInfo(zone)).utcoffset())


def offset_minutes(moment: float, zone: str) -> int:
    offset = datetime.fromtimestamp(moment, ZoneInfo(zone)).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def _event_html(journey: Journey, event: Event) -> str:
    reports = "".join(
        f'<li><span class="jr-quote">“{esc(r.quote)}”</span> <span class="jr-src">— '
        f"{source_html(journey, r.source, r.quote)}</span></li>" for r in event.reports
    )
    conflict = f'<div class="jr-conflict">Sources disagree: {esc(event.conflict)}</div>' if event.conflict else ""
    return (f'<div class="jr-event"><b>{esc(event.kind.capitalize())}</b>: {esc(event.local_text)} local '
            f'(UTC{esc(event.offset)})<br><span class="jr-src">UTC {esc(event.utc_text)}</span>{conflict}'
            f"<ul>{reports}</ul></div>")


def _played_text(mj: MappedJourney, index: int) -> str:
    moment = mj.schedule.reach[index]
    if mj.schedule.relative:
        return f"the slider puts the train here {moment / HOUR:,.1f} h after departure at {mj.speed:g} km/h"
    zone = mj.trip.timeline.zones[index]
    local = datetime.fromtimestamp(moment, ZoneInfo(zone))
    return (f"the slider puts the train here at about {local:%Y-%m-%d %H:%M} local "
            f"(UTC{_offset_at(moment, zone)}), from the times around it")


def stop_popup(mj: MappedJourney, index: int) -> str:
    """Name, role, where it was placed, each reported time in local time and UTC, and the quotes."""
    journey = mj.journey
    stop = journey.stops[index]
    place = mj.trip.places[index]
    meta = [ROLE_LABELS.get(stop.role, stop.role)] + ([stop.country] if stop.country else [])
    parts = [f"<h3>{esc(stop.name)}</h3>", f'<div class="jr-meta">{esc(" · ".join(meta))}</div>']
    events = [e for e in mj.trip.timeline.events if e.stop_index == index]
    parts += [_event_html(journey, e) for e in events]
    if not events:
        parts.append(f"<div>No reported time; {esc(_played_text(mj, index))}.</div>")
    if stop.note:
        parts.append(f'<div class="jr-src">Note: {esc(stop.note)}</div>')
    parts.append(f'<div class="jr-src">Placed at {place.place.lat:.4f}, {place.place.lon:.4f}: {esc(place.reason)}</div>')
    return "\n".join(parts)


def stop_tooltip(mj: MappedJourney, index: int) -> str:
    stop = mj.journey.stops[index]
    first = next((e for e in mj.trip.timeline.events if e.stop_index == index), None)
    when = f" · {first.kind} {first.local_text} (UTC{first.offset})" if first else ""
    return esc(f"{stop.name} ({ROLE_LABELS.get(stop.role, stop.role).lower()}){when}")

