"""Interactive maps of journeys: a page per journey and an overview page, as self-contained HTML.

A journey's page shows its route along the track, each leg coloured by the speed its reported times
imply against the assumed speed (estimated legs dashed), a marker per stop whose popup gives the
reported times in local time and UTC with the sources' own words, the claims with their verdicts, and
a time slider that plays the train along the track beside a time–distance chart.

folium builds the Leaflet map; everything that carries text from a record goes through here first,
because a record is untrusted input: every string is HTML-escaped, a URL becomes a link only when it
is http(s), and record data reaches the page as JSON in a non-executable ``<script>`` element. It is
never put into a folium ``Popup`` (whose JavaScript template literal would run ``${...}``) nor into
a branca ``Element`` template (which Jinja would evaluate).

By default Leaflet itself is inlined (see :mod:`journeys.map_assets`), so a page opens with no
network; only the optional OpenStreetMap base layer needs one.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import folium
import numpy as np
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from journeys import basemap
from journeys.atomic import write_text_atomic
from journeys.chart import KIND_COLOURS, ChartData, TimeBar, time_distance_svg
from journeys.check import SPEED_BOUNDS_KMH, Calculator, JourneyCheck, LegCheck, Window
from journeys.errors import JourneysError
from journeys.geocode import PlaceResolver
from journeys.map_assets import MAP_CSS, MAP_JS, json_script, leaflet_head, script_tag, style_tag
from journeys.model import Journey
from journeys.network import Network
from journeys.records import Record
from journeys.route import Route, RoutedLeg, route_trip
from journeys.timeline import Event
from journeys.trip import Trip, make_trip
from journeys.zones import format_offset

HOUR = 3600.0
DATA_ID = "journeys-data"
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

#: Speed classes of a leg, judged on the window of speeds its reported times allow.
SPEED_COLOURS = {
    "slower": "#2c7bb6",
    "fits": "#1a9641",
    "faster": "#f08c00",
    "implausible": "#d7191c",
    "unknown": "#8c8c8c",
}
JOURNEY_COLOURS = ("#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf", "#17becf",
                   "#6a3d9a", "#b15928")
ROLE_LABELS = {"origin": "Origin", "stop": "Stop", "border": "Border crossing", "pass": "Passed through, no stop",
               "destination": "Destination"}
#: Display geometry: simplification tolerance (degrees) and decimals, per page kind.
JOURNEY_DETAIL = (0.0005, 5)
OVERVIEW_DETAIL = (0.005, 3)


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


class _Raw(Element):
    """Markup placed in the page verbatim: branca would parse an Element's text as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


# -- what a map shows -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """When the played train is where: route km of each stop, and when it reaches and leaves it.

    Times are UTC seconds, or seconds from departure when ``relative`` (no reported time at all).
    """

    stop_km: tuple[float, ...]
    reach: tuple[float, ...]
    leave: tuple[float, ...]
    relative: bool

    @property
    def anchors(self) -> list[tuple[float, float]]:
        """(time, km) points the train moves between linearly; a stay is two points at one km."""
        points: list[tuple[float, float]] = []
        for km, reach, leave in zip(self.stop_km, self.reach, self.leave, strict=True):
            points.append((reach, km))
            if leave > reach:
                points.append((leave, km))
        return points


@dataclass(frozen=True)
class MappedJourney:
    """A trip with everything its map shows: the route, the checks and the played schedule."""

    trip: Trip
    route: Route
    check: JourneyCheck
    calculator: Calculator
    schedule: Schedule

    @property
    def journey(self) -> Journey:
        return self.trip.journey

    @property
    def speed(self) -> float:
        return self.calculator.speed


def stop_distances(route: Route) -> tuple[float, ...]:
    """Route km at each stop; route_trip makes one leg per pair of consecutive stops, in order."""
    km = [0.0]
    for leg in route.legs:
        km.append(km[-1] + leg.km)
    return tuple(km)


def _place_events(events: Sequence[Event], stop_km: Sequence[float], speed: float) -> list[tuple[int, float]]:
    """One moment per reported event: inside its window, as near as the window allows to where the
    assumed speed puts the train after the previous event (the first event at the middle of its window)."""
    placed: list[tuple[int, float]] = []
    previous: tuple[float, float] | None = None
    for event in events:
        low, high = event.earliest.timestamp(), event.latest.timestamp()
        km = stop_km[event.stop_index]
        if previous is None:
            moment = (low + high) / 2
        else:
            ideal = previous[0] + (km - previous[1]) / speed * HOUR
            moment = max(min(max(ideal, low), high), previous[0])
        placed.append((event.stop_index, moment))
        previous = (moment, km)
    return placed


def _fill_unreported(reach: list[float], leave: list[float], stop_km: Sequence[float], speed: float) -> None:
    """Times for stops without a report: evenly along the track between reported ones, and at the
    assumed speed before the first and after the last."""
    known = [i for i, t in enumerate(reach) if not math.isnan(t)]
    for i, t in enumerate(reach):
        if not math.isnan(t):
            continue
        before = max((k for k in known if k < i), default=None)
        after = min((k for k in known if k > i), default=None)
        if before is not None and after is not None:
            span = stop_km[after] - stop_km[before]
            share = (stop_km[i] - stop_km[before]) / span if span > 0 else 0.0
            moment = leave[before] + (reach[after] - leave[before]) * share
        elif before is not None:
            moment = leave[before] + (stop_km[i] - stop_km[before]) / speed * HOUR
        else:
            assert after is not None
            moment = reach[after] - (stop_km[after] - stop_km[i]) / speed * HOUR
        reach[i] = leave[i] = moment


def make_schedule(trip: Trip, route: Route, speed: float) -> Schedule:
    """Where the slider puts the train when: see :func:`_place_events` and :func:`_fill_unreported`."""
    stop_km = stop_distances(route)
    count = len(trip.journey.stops)
    placed = _place_events(trip.timeline.events, stop_km, speed)
    relative = not placed
    reach, leave = [math.nan] * count, [math.nan] * count
    for index, moment in placed or [(0, 0.0)]:
        if math.isnan(reach[index]):
            reach[index] = moment
        leave[index] = moment
    _fill_unreported(reach, leave, stop_km, speed)
    for i in range(count):  # never backwards, whatever the windows did
        reach[i] = max(reach[i], leave[i - 1]) if i else reach[i]
        leave[i] = max(leave[i], reach[i])
    return Schedule(stop_km, tuple(reach), tuple(leave), relative)


def map_journey(trip: Trip, speed: float | None = None, resolver: PlaceResolver | None = None,
                networks: Sequence[Network] = ()) -> MappedJourney:
    """Route and check a trip and lay out its schedule, ready to draw."""
    resolver = resolver or PlaceResolver()
    route = route_trip(trip, networks, resolver)
    calculator = Calculator(trip, route, speed, resolver=resolver)
    return MappedJourney(trip, route, calculator.run(), calculator, make_schedule(trip, route, calculator.speed))


def map_records(records: Sequence[Record], speed: float | None = None,
                networks: Sequence[Network] = ()) -> tuple[list[MappedJourney], list[str]]:
    """Map every record that can be mapped, and say why the others cannot, one line each.

    One record that fails (a stop no gazetteer knows) should not cost the reader every other map.
    """
    resolver = PlaceResolver()
    mapped: list[MappedJourney] = []
    errors: list[str] = []
    for record in records:
        try:
            mapped.append(map_journey(make_trip(record, resolver), speed, resolver, networks))
        except JourneysError as err:
            errors.append(f"{record.journey.id}: {err}")
    return mapped, errors


# -- legs: speed classes and geometry -------------------------------------------------------------

def implied_speed(mj: MappedJourney, leg: RoutedLeg) -> tuple[Window | None, int, int]:
    """Speeds the reported times allow over the leg: between the nearest timed stops around it."""
    timeline = mj.trip.timeline
    count = len(mj.journey.stops)
    start = next((i for i in range(leg.start, -1, -1) if timeline.leaving(i)), None)
    end = next((i for i in range(leg.end, count) if timeline.reaching(i)), None)
    if start is None or end is None:
        return None, leg.start, leg.end
    elapsed = mj.calculator.elapsed(start, end)
    if elapsed is None or elapsed.high <= 0:
        return None, start, end
    return mj.calculator.distance(start, end).divided_by(elapsed), start, end


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
    return [[round(float(lat), digits), round(float(lon), digits)] for lon, lat in shapely.get_coordinates(line)]


def _window_text(window: Window, unit: str) -> str:
    return f"{window} {unit}" if window.high != math.inf else f"at least {window.low:,.1f} {unit}"


def leg_popup(mj: MappedJourney, leg: RoutedLeg, check: LegCheck) -> tuple[str, str, str]:
    """Popup and tooltip HTML of a leg, and its speed class."""
    stops = mj.journey.stops
    speed, start, end = implied_speed(mj, leg)
    kind = speed_class(speed, mj.speed, SPEED_BOUNDS_KMH.get(leg.mode, math.inf))
    names = f"{stops[leg.start].name} → {stops[leg.end].name}"
    how = "estimated: " + (leg.estimate_reason or "") if leg.method == "estimate" else f"measured by {leg.method}"
    lines = [f"<h3>{esc(names)}</h3>", f'<div class="jr-meta">{esc(leg.mode)} · {leg.km:,.0f} km, {esc(how)}</div>']
    if speed is not None:
        span = "" if (start, end) == (leg.start, leg.end) else f" (between {stops[start].name} and {stops[end].name})"
        lines.append(f"<div>Implied speed{esc(span)}: <b>{esc(_window_text(speed, 'km/h'))}</b></div>")
    lines.append(f"<div>{esc(class_labels(mj.speed)[kind])}; at {mj.speed:g} km/h the leg takes "
                 f"{leg.km / mj.speed:,.1f} h</div>")
    if leg.lines:
        lines.append(f'<div class="jr-src">Lines: {esc("; ".join(leg.lines))}</div>')
    lines += [f'<div class="jr-flag">{esc(flag)}</div>' for flag in check.flags if not flag.startswith("distance is an")]
    tooltip = f"{esc(names)} · {leg.km:,.0f} km" + (f" · {esc(_window_text(speed, 'km/h'))}" if speed else "")
    return "\n".join(lines), tooltip, kind


# -- stops: popups with times and sources ---------------------------------------------------------

def source_html(journey: Journey, source_id: str) -> str:
    """A source as 'publisher, title (linked), date, citing …'; a URL cited directly is a link."""
    source = next((s for s in journey.sources if s.id == source_id), None)
    if source is None:
        return link(source_id, source_id)
    title = link(source.url, source.title) if source.url else esc(source.title)
    parts = [esc(source.publisher), f"<cite>{title}</cite>"]
    if source.date:
        parts.append(esc(source.date.isoformat()))
    if source.attributed_to:
        parts.append("citing " + esc(", ".join(source.attributed_to)))
    if source.url is None and source.seed:
        parts.append(f"stored story {esc(source.seed)}")
    return ", ".join(parts)


def _offset_at(moment: float, zone: str) -> str:
    return format_offset(datetime.fromtimestamp(moment, ZoneInfo(zone)).utcoffset())


def _offset_minutes(moment: float, zone: str) -> int:
    offset = datetime.fromtimestamp(moment, ZoneInfo(zone)).utcoffset()
    return 0 if offset is None else int(offset.total_seconds() // 60)


def _event_html(journey: Journey, event: Event) -> str:
    reports = "".join(
        f'<li><span class="jr-quote">“{esc(r.quote)}”</span> <span class="jr-src">— “{esc(r.time)}”, '
        f"{source_html(journey, r.source)}</span></li>" for r in event.reports
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
    meta.append(f"{mj.schedule.stop_km[index]:,.0f} km along the route")
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


# -- panels and legends ---------------------------------------------------------------------------

def claims_html(mj: MappedJourney) -> str:
    """Every claim: its verdict, what it says and about which stretch, the arithmetic, the quote."""
    journey = mj.journey
    checks = mj.check.claims
    if not checks:
        return "<p>The record quotes no claims.</p>"
    counts = Counter(c.verdict for c in checks)
    summary = " ".join(f'<span class="jr-verdict {v}">{counts[v]} {v}</span>'
                       for v in ("consistent", "inconsistent", "undetermined") if counts[v])
    items = []
    for check in checks:
        claim = check.claim
        start, end = journey.span_indexes(claim.span)
        span = f"{journey.stops[start].name} → {journey.stops[end].name}"
        about = f" ({claim.place})" if claim.place else ""
        figure = f" = {claim.figure}" if claim.figure else ""
        items.append(
            f'<li class="{check.verdict}"><span class="jr-verdict {check.verdict}">{check.verdict}</span> '
            f"<b>{esc(claim.kind)}</b>{esc(about)}: “{esc(claim.says)}”{esc(figure)} "
            f'<span class="jr-src">{esc(span)}</span>'
            f'<div class="jr-explain">{esc(check.explanation)}</div>'
            f'<div class="jr-quote">“{esc(claim.quote)}”</div>'
            f'<div class="jr-src">— {source_html(journey, claim.source)}</div></li>'
        )
    return f'<p>{summary}</p><ol class="jr-claims">{"".join(items)}</ol>'


def _swatch(colour: str, dashed: bool = False) -> str:
    return f'<span class="sw{" dash" if dashed else ""}" style="border-color:{colour}"></span>'


def _stop_symbols() -> str:
    """The stop markers as the map draws them (styles match STOP_STYLES in the page script)."""
    def circle(r: float, fill: str, stroke: str, width: float, dash: str = "") -> str:
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><circle cx="10" cy="10" r="{r}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dashed}/></svg>')

    rows = [(circle(7, "#111", "#999", 2), "origin, destination"), (circle(5.5, "#fff", "#111", 2), "stop"),
            (circle(4, "#fff", "#444", 1.5), "passed through"), (circle(7, "#ffd400", "#c62828", 3, "3 2"), "border crossing")]
    return "".join(f"<div>{svg}{label}</div>" for svg, label in rows)


def journey_legend(mj: MappedJourney) -> str:
    labels = class_labels(mj.speed)
    used = {speed_class(implied_speed(mj, leg)[0], mj.speed, SPEED_BOUNDS_KMH.get(leg.mode, math.inf))
            for leg in mj.route.legs}
    rows = [f"<div>{_swatch(SPEED_COLOURS[k])}{esc(labels[k])}</div>" for k in SPEED_COLOURS if k in used]
    return (f"<b>Speed the times imply, against {mj.speed:g} km/h</b>{''.join(rows)}"
            f"<b>Line</b><div>{_swatch('#555')}routed along the track</div>"
            f"<div>{_swatch('#555', True)}estimated, not routed</div>"
            f"<b>Stops</b>{_stop_symbols()}")


def _chart(mj: MappedJourney) -> str:
    schedule = mj.schedule
    timeline = mj.trip.timeline
    stops = mj.journey.stops
    bars = [TimeBar(schedule.stop_km[e.stop_index], e.earliest.timestamp(), e.latest.timestamp(), e.kind,
                    f"{stops[e.stop_index].name}, {e.kind}: {e.local_text} local (UTC{e.offset}); UTC {e.utc_text}"
                    + (f"; sources disagree ({e.conflict})" if e.conflict else ""), e.conflict is not None)
            for e in timeline.events]
    data = ChartData(schedule.anchors, bars, [(schedule.stop_km[i], s.name) for i, s in enumerate(stops)],
                     mj.speed, schedule.stop_km[-1], schedule.relative)
    key = "".join(f'<span><i style="background:{c}"></i>{k} window</span>' for k, c in KIND_COLOURS.items())
    key += (f'<span><i style="background:#111;height:2px"></i>played train</span>'
            f'<span><i style="border-top:2px dashed #888;height:0"></i>{mj.speed:g} km/h non-stop</span>')
    return time_distance_svg(data) + f'<div class="jr-chart-key">{key}</div>'


def _sources_html(journey: Journey) -> str:
    return "<ul>" + "".join(f'<li class="jr-src">{esc(s.id)}: {source_html(journey, s.id)}</li>'
                            for s in journey.sources) + "</ul>"


def journey_panel(mj: MappedJourney) -> str:
    """The side panel: what the journey is, the time slider and chart, the claims, the sources."""
    journey = mj.journey
    anchors = mj.schedule.anchors
    minutes = max(1, math.ceil((anchors[-1][0] - anchors[0][0]) / 60))
    distance = mj.check.distance_km
    summary = (f'<details class="jr-summary"><summary>About this journey</summary><p>{esc(journey.summary)}</p></details>'
               if journey.summary else "")
    return f"""<aside id="jr-panel">
<p class="jr-src"><a href="index.html">All journeys</a></p>
<h1>{esc(journey.title)}</h1>
<p class="jr-sub">{esc(journey.traveller)} · {journey.year} · {len(journey.stops)} stops · {esc(str(distance))} km
({esc(mj.check.method)}) · assumed {mj.speed:g} km/h</p>
{summary}
<h2>Time</h2>
<div class="jr-controls"><button id="jr-play" type="button" aria-pressed="false">Play</button>
<input id="jr-slider" type="range" min="0" max="{minutes}" step="1" value="0" aria-label="Time along the journey"></div>
<output id="jr-clock" for="jr-slider"></output>
<div id="jr-where"></div>
{_chart(mj)}
<p class="jr-src">The slider places each reported time inside its window, as close as the window allows to
where {mj.speed:g} km/h puts the train; between reported times the train moves evenly along the track, and
before the first and after the last at {mj.speed:g} km/h. Click the chart to jump to a time.</p>
<h2>Claims ({len(mj.check.claims)})</h2>
{claims_html(mj)}
<h2>Sources</h2>
{_sources_html(journey)}
</aside>"""


# -- page data ------------------------------------------------------------------------------------

def _legs_data(mj: MappedJourney, detail: tuple[float, int], with_popups: bool = True) -> list[dict[str, Any]]:
    legs = []
    for leg, check, start_km in zip(mj.route.legs, mj.check.legs, mj.schedule.stop_km, strict=False):
        popup, tooltip, kind = leg_popup(mj, leg, check)
        legs.append({
            "coords": display_coords(leg.coords, detail), "start_km": round(start_km, 3), "km": round(leg.km, 3),
            "estimate": leg.method == "estimate", "color": SPEED_COLOURS[kind], "speed_class": kind,
            "popup_html": popup if with_popups else tooltip, "tooltip_html": tooltip,
        })
    return legs


def _stops_data(mj: MappedJourney) -> list[dict[str, Any]]:
    """Stop data; ``name`` is raw text, only ever set with textContent, the ``_html`` fields are escaped."""
    stops = []
    for index, stop in enumerate(mj.journey.stops):
        lat, lon = mj.trip.coords[index]
        moment = mj.schedule.reach[index]
        offset = 0 if mj.schedule.relative else _offset_minutes(moment, mj.trip.timeline.zones[index])
        stops.append({
            "name": stop.name, "role": stop.role, "lat": round(lat, 5), "lon": round(lon, 5),
            "km": round(mj.schedule.stop_km[index], 3), "offset_min": offset,
            "popup_html": stop_popup(mj, index), "tooltip_html": stop_tooltip(mj, index),
        })
    return stops


def journey_data(mj: MappedJourney) -> dict[str, Any]:
    """Everything the page script draws for one journey."""
    anchors = mj.schedule.anchors
    return {
        "id": mj.journey.id, "speed": mj.speed,
        "legs": _legs_data(mj, JOURNEY_DETAIL), "stops": _stops_data(mj),
        "anchors": [[round(t, 1), round(km, 3)] for t, km in anchors],
        "time": {"t0": anchors[0][0], "t1": anchors[-1][0], "relative": mj.schedule.relative},
        "legend_html": journey_legend(mj),
    }


def _payload(data: dict[str, Any]) -> str:
    return json_script(DATA_ID, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


# -- folium assembly ------------------------------------------------------------------------------

class _PlainBackground(folium.map.Layer):
    """The offline base layer: a graticule the page script draws, no tiles to fetch."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = Journeys.plainLayer(
                Journeys.readData({{ this.data_id|tojson }}).land, {{ this.attribution|tojson }});
        {% endmacro %}
    """)

    def __init__(self, name: str, show: bool) -> None:
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "PlainBackground"
        self.attribution = f"Plain background, no tiles. {basemap.ATTRIBUTION}"
        self.data_id = DATA_ID


class _Draw(MacroElement):
    """Calls the page script's drawing function with the map and its folium layer groups."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            Journeys.{{ this.function }}({{ this._parent.get_name() }}, {{ this.layers }},
                                         Journeys.readData({{ this.data_id|tojson }}));
        {% endmacro %}
    """)

    def __init__(self, function: str, layers: dict[str, folium.FeatureGroup]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "JourneysDraw"
        self.function = function
        self.data_id = DATA_ID
        self.layers = "{" + ", ".join(f"{json.dumps(key)}: {group.get_name()}" for key, group in layers.items()) + "}"


def _figure(fmap: folium.Map) -> Figure:
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    return figure


def base_map(title: str, self_contained: bool) -> folium.Map:
    """A map with the page's head, scale bar and base layers; Leaflet inline unless linking the CDN.

    The plain background is the default when self-contained, so the page draws everything offline;
    with ``--cdn`` the page needs the network anyway, so OpenStreetMap comes first.
    """
    fmap = folium.Map(location=(0.0, 0.0), zoom_start=2, tiles=None, control_scale=True, zoom_snap=0.25)
    head = [f"<title>{esc(title)}</title>"]
    if self_contained:
        fmap.default_js = []
        fmap.default_css = []
        head.append(leaflet_head())
    head.append(style_tag(MAP_CSS))
    _figure(fmap).header.add_child(_Raw("\n".join(head)), name="journeys_head")
    _PlainBackground("Plain background (works offline)", show=self_contained).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap (needs the network)", show=not self_contained).add_to(fmap)
    return fmap


def page_land(mapped: Sequence[MappedJourney]) -> list[basemap.Polygon]:
    """The land and borders around every stop and leg of the journeys (see journeys.basemap).

    The bounds are rounded to 0.1° so that pages of one region share the cached land.
    """
    stops = [np.array(mj.trip.coords, dtype=float).reshape(-1, 2)[:, ::-1] for mj in mapped]  # (lat, lon) → (lon, lat)
    arrays = [*stops, *(leg.coords for mj in mapped for leg in mj.route.legs)]
    points = np.concatenate(arrays) if arrays else np.empty((0, 2))
    if not len(points):
        return []
    west, south, east, north = shapely.bounds(shapely.multipoints(points)).tolist()
    return basemap.land((round(west, 1), round(south, 1), round(east, 1), round(north, 1)))


def _finish(fmap: folium.Map, body: str, data: dict[str, Any], function: str,
            layers: dict[str, folium.FeatureGroup], collapsed: bool) -> str:
    folium.LayerControl(collapsed=collapsed).add_to(fmap)
    _Draw(function, layers).add_to(fmap)
    figure = _figure(fmap)
    figure.html.add_child(_Raw("\n".join([body, _payload(data), script_tag(MAP_JS)])), name="journeys_body")
    return str(figure.render())


def journey_page(mj: MappedJourney, self_contained: bool = True) -> str:
    """The HTML page of one journey."""
    fmap = base_map(f"{mj.journey.title} — journeys", self_contained)
    layers = {
        "route": folium.FeatureGroup(name="Route, coloured by implied speed"),
        "stops": folium.FeatureGroup(name="Stops"),
        "train": folium.FeatureGroup(name="Train at the slider's time"),
    }
    for group in layers.values():
        group.add_to(fmap)
    data = {**journey_data(mj), "land": page_land([mj])}
    return _finish(fmap, journey_panel(mj), data, "drawJourney", layers, collapsed=True)


def _overview_entry(mj: MappedJourney, colour: str) -> dict[str, Any]:
    return {"id": mj.journey.id, "color": colour, "legs": _legs_data(mj, OVERVIEW_DETAIL, with_popups=False),
            "stops": _stops_data(mj)}


def _dates(mj: MappedJourney) -> str:
    events = mj.trip.timeline.events
    if not events:
        return "no reported times"
    return f"{events[0].local.earliest:%Y-%m-%d} – {events[-1].local.latest:%Y-%m-%d}"


def overview_panel(mapped: Sequence[MappedJourney], colours: Sequence[str]) -> str:
    items = []
    for mj, colour in zip(mapped, colours, strict=True):
        counts = Counter(c.verdict for c in mj.check.claims)
        verdicts = ", ".join(f"{counts[v]} {v}" for v in ("consistent", "inconsistent", "undetermined") if counts[v])
        items.append(
            f'<li><span class="sw" style="background:{colour}"></span><a href="{esc(mj.journey.id)}.html">'
            f"<b>{esc(mj.journey.title)}</b></a><br><span class=\"jr-src\">{esc(mj.journey.id)} · {esc(_dates(mj))} · "
            f"{esc(str(mj.check.distance_km))} km · {len(mj.check.claims)} claims"
            f"{': ' + esc(verdicts) if verdicts else ''}</span></li>")
    return (f'<aside id="jr-panel"><h1>Journeys</h1><p class="jr-sub">{len(mapped)} journeys. Switch each on and off '
            f"in the layer control; open one for its timeline and the checks of its claims.</p>"
            f'<ul class="jr-journeys">{"".join(items)}</ul></aside>')


def overview_page(mapped: Sequence[MappedJourney], self_contained: bool = True) -> str:
    """The overview page: every journey as a layer that can be switched on and off."""
    fmap = base_map("Journeys — overview", self_contained)
    colours = [JOURNEY_COLOURS[i % len(JOURNEY_COLOURS)] for i in range(len(mapped))]
    layers: dict[str, folium.FeatureGroup] = {}
    for mj, colour in zip(mapped, colours, strict=True):
        label = f'<span class="sw" style="background:{colour}"></span>{esc(mj.journey.id)}'
        layers[mj.journey.id] = folium.FeatureGroup(name=label)
        layers[mj.journey.id].add_to(fmap)
    legend = ("<b>Line</b>" f"<div>{_swatch('#555')}routed along the track</div>"
              f"<div>{_swatch('#555', True)}estimated, not routed</div><b>Stops</b>{_stop_symbols()}")
    data = {"journeys": [_overview_entry(mj, c) for mj, c in zip(mapped, colours, strict=True)], "legend_html": legend,
            "land": page_land(mapped)}
    return _finish(fmap, overview_panel(mapped, colours), data, "drawOverview", layers, collapsed=False)


def _write_page(target: Path, text: str) -> Path:
    """Write atomically, readable as a plainly written file would be: the temporary file that
    write_text_atomic renames into place is created 0600, and a map is made to be shared or served."""
    write_text_atomic(target, text)
    umask = os.umask(0)
    os.umask(umask)
    target.chmod(0o666 & ~umask)
    return target


def write_maps(mapped: Sequence[MappedJourney], out_dir: Path, self_contained: bool = True) -> list[Path]:
    """Write ``<id>.html`` per journey and ``index.html``, each atomically; return the paths written."""
    written = []
    for mj in mapped:
        if not SAFE_ID.match(mj.journey.id):  # the model checks ids; a file name is never trusted blindly
            raise ValueError(f"unsafe journey id {mj.journey.id!r}")
        written.append(_write_page(out_dir / f"{mj.journey.id}.html", journey_page(mj, self_contained)))
    written.append(_write_page(out_dir / "index.html", overview_page(mapped, self_contained)))
    return written

