"""The side panels of the pages: the journey's summary, time slider, chart, claims and sources,
the legends, and the overview's list of journeys. All record text is escaped through :mod:`.popups`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from journeys.check.calculator import SPEED_BOUNDS_KMH
from journeys.records.model import Journey
from journeys.render.chart import KIND_COLOURS, ChartData, TimeBar, time_distance_svg
from journeys.render.popups import SPEED_COLOURS, class_labels, esc, implied_speed, source_html, speed_class
from journeys.render.schedule import MappedJourney

# -- panels and legends ---------------------------------------------------------------------------

#: Each line runs on the right of its direction of travel, so both ways along one track show.
DIRECTION_KEY = ('<svg width="24" height="12" viewBox="0 0 24 12" aria-hidden="true"><path d="M4 2l7 4-7 4z" fill="#555"/>'
                 '<path d="M20 2l-7 4 7 4z" fill="#555"/></svg>arrows: direction of travel; each direction '
                 "runs on its right, so outbound and return sit side by side")

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
        # data-from/data-to: the span's stops, which the page script highlights on the map with the
        # reason below (hidden here: the explanation already leads with it)
        items.append(
            f'<li class="{check.verdict} jr-claim" data-from="{start}" data-to="{end}" tabindex="0" '
            f'title="Show this stretch on the map"><span class="jr-verdict {check.verdict}">{check.verdict}</span> '
            f"<b>{esc(claim.kind)}</b>{esc(about)}: “{esc(claim.says)}”{esc(figure)} "
            f'<span class="jr-src">{esc(span)}</span>'
            f'<div class="jr-explain">{esc(check.explanation)}</div>'
            f'<div class="jr-quote">“{esc(claim.quote)}”</div>'
            f'<div class="jr-src">— {source_html(journey, claim.source, claim.quote)}</div>'
            f'<div class="jr-reason" hidden>{esc(check.reason or check.explanation)}</div></li>'
        )
    return (f'<p>{summary}</p><p class="jr-src">Click a claim to see its stretch on the map.</p>'
            f'<ol class="jr-claims">{"".join(items)}</ol>')


#: A stop's role as the stop list names it (the legend's words).
ROLE_WORDS = {"pass": "passed through", "border": "border crossing"}


def stop_list(mj: MappedJourney) -> str:
    """Every stop as a button the page script ties to its marker: a click zooms the map there and opens
    its popup, so a reader can go through the journey from the panel."""
    items = "".join(
        f'<li><button type="button" class="jr-stop-link" data-stop="{i}">{esc(stop.name)}</button> '
        f'<span class="jr-src">{esc(ROLE_WORDS.get(stop.role, stop.role))}</span></li>'
        for i, stop in enumerate(mj.journey.stops))
    return f'<ol class="jr-stop-list">{items}</ol>'


def swatch(colour: str, dashed: bool = False) -> str:
    return f'<span class="sw{" dash" if dashed else ""}" style="border-color:{colour}"></span>'


def stop_symbols() -> str:
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
    rows = [f"<div>{swatch(SPEED_COLOURS[k])}{esc(labels[k])}</div>" for k in SPEED_COLOURS if k in used]
    return (f"<b>Speed the times imply, against {mj.speed:g} km/h</b>{''.join(rows)}"
            f"<b>Line</b><div>{swatch('#555')}routed along the track</div>"
            f"<div>{swatch('#555', True)}estimated, not routed</div>"
            f"<div>{DIRECTION_KEY}</div>"
            f"<b>Stops</b>{stop_symbols()}")


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
    return "<ul>" + "".join(f'<li class="jr-src">{source_html(journey, s.id)}</li>'
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
<p class="jr-src"><a id="jr-download" href="#" download="{esc(journey.id)}.geojson">Download the stops, route and claims
(GeoJSON)</a>, as <code>journeys export</code> writes it</p>
{summary}
<h2>Time</h2>
<div class="jr-controls"><button id="jr-play" type="button" aria-pressed="false">Play</button>
<input id="jr-slider" type="range" min="0" max="{minutes}" step="1" value="0" aria-label="Time along the journey"></div>
{play_options(minutes)}
<output id="jr-clock" for="jr-slider"></output>
<div id="jr-where"></div>
{_chart(mj)}
<p class="jr-src">The slider places each reported time inside its window, as close as the window allows to
where {mj.speed:g} km/h puts the train; between reported times the train moves evenly along the track, and
before the first and after the last at {mj.speed:g} km/h. Click the chart to jump to a time.</p>
<h2>Claims ({len(mj.check.claims)})</h2>
{claims_html(mj)}
<h2>Stops ({len(journey.stops)})</h2>
{stop_list(mj)}
<h2>Sources</h2>
{_sources_html(journey)}
</aside>"""



#: Playing speeds offered, in hours of the journey per second.
PLAY_SPEEDS = (1, 10, 100)
#: The default speed is the slowest that plays the whole journey in this many seconds or fewer.
PLAY_SECONDS = 60


def default_speed(minutes: float) -> int:
    """The slowest of PLAY_SPEEDS that plays ``minutes`` of journey in PLAY_SECONDS, else the fastest."""
    return next((s for s in PLAY_SPEEDS if minutes / 60 / s <= PLAY_SECONDS), PLAY_SPEEDS[-1])


def play_options(minutes: float) -> str:
    """The speed control and the "follow the train" switch under the slider."""
    chosen = default_speed(minutes)
    options = "".join(f'<option value="{s}"{" selected" if s == chosen else ""}>{s}× ({s} h a second)</option>'
                      for s in PLAY_SPEEDS)
    return (f'<div class="jr-controls jr-play-options"><label>Speed <select id="jr-speed">{options}</select></label>'
            '<label><input id="jr-follow" type="checkbox"> follow the train</label></div>')


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
            f'<li data-journey="{esc(mj.journey.id)}"><span class="sw" style="background:{colour}"></span>'
            f'<a href="{esc(mj.journey.id)}.html">'
            f"<b>{esc(mj.journey.title)}</b></a><br><span class=\"jr-src\">{esc(mj.journey.id)} · {esc(_dates(mj))} · "
            f"{esc(str(mj.check.distance_km))} km · {len(mj.check.claims)} claims"
            f"{': ' + esc(verdicts) if verdicts else ''}</span></li>")
    return (f'<aside id="jr-panel"><h1>Journeys</h1><p class="jr-sub">{len(mapped)} journeys. Switch each on and off '
            f"in the layer control; open one for its timeline and the checks of its claims.</p>"
            f'<ul class="jr-journeys">{"".join(items)}</ul></aside>')


