"""The time–distance chart of a journey, as inline SVG made in Python.

Distance along the route runs up the chart and time (UTC) runs across it, so a moving train is a
rising line, a stay is a flat one, and a reported time is a horizontal bar as wide as its window: a
vague "afternoon" is a long bar, "21:20" a dot. The line of the assumed speed starts where the
played train starts; where the played line is steeper than it, the times demand a faster train.

The SVG is built as text with every label escaped, so it needs no plotting library and no script,
and it prints and scales with the page. The page's script moves a cursor over it; the ``data-``
attributes on the ``<svg>`` give that script the mapping from time and distance to chart pixels.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

WIDTH, HEIGHT = 360, 270
LEFT, RIGHT, TOP, BOTTOM = 86, 318, 12, 232
KIND_COLOURS = {"arrival": "#1f6fb4", "passing": "#2e8b57", "departure": "#d9730d"}
HOUR = 3600.0
#: Candidate spacings of the time ticks, in hours.
TICK_HOURS = (1, 2, 3, 6, 12, 24, 48, 96, 168, 336)


@dataclass(frozen=True)
class TimeBar:
    """A reported window at a stop: ``start``/``end`` in UTC seconds, ``km`` along the route."""

    km: float
    start: float
    end: float
    kind: str
    label: str
    conflict: bool = False


@dataclass(frozen=True)
class ChartData:
    """What the chart shows; times are UTC seconds (hours from departure when ``relative``)."""

    path: Sequence[tuple[float, float]]
    bars: Sequence[TimeBar]
    stops: Sequence[tuple[float, str]]
    speed_kmh: float
    total_km: float
    relative: bool = False


@dataclass(frozen=True)
class _Frame:
    """The mapping from (time, km) to chart pixels."""

    t0: float
    t1: float
    km1: float

    def x(self, t: float) -> float:
        return LEFT + (t - self.t0) / (self.t1 - self.t0) * (RIGHT - LEFT)

    def y(self, km: float) -> float:
        return BOTTOM - km / self.km1 * (BOTTOM - TOP)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _frame(data: ChartData) -> _Frame:
    """Time range covering the played path and every bar, with a little room at both ends."""
    times = [t for t, _ in data.path] + [b.start for b in data.bars] + [b.end for b in data.bars]
    t0, t1 = (min(times), max(times)) if times else (0.0, HOUR)
    if t1 - t0 < HOUR:
        t0, t1 = t0 - HOUR / 2, t1 + HOUR / 2
    pad = (t1 - t0) * 0.03
    return _Frame(t0 - pad, t1 + pad, max(data.total_km, 1.0))


def _time_step(frame: _Frame) -> float:
    """A round spacing of the time ticks that gives at most six of them, in seconds."""
    span_h = (frame.t1 - frame.t0) / HOUR
    return next((h for h in TICK_HOURS if span_h / h <= 6), TICK_HOURS[-1]) * HOUR


def _time_ticks(frame: _Frame) -> list[float]:
    step = _time_step(frame)
    first = math.ceil(frame.t0 / step) * step
    return [first + i * step for i in range(int((frame.t1 - first) // step) + 1)]


def _time_label(t: float, step: float, relative: bool) -> str:
    """Short enough for six to fit: the day at midnight and for day steps, else the hour."""
    if relative:
        return f"+{t / HOUR:g} h"
    moment = datetime.fromtimestamp(t, UTC)
    return moment.strftime("%d %b") if step >= 24 * HOUR or (moment.hour, moment.minute) == (0, 0) else f"{moment:%H:%M}"


def _km_ticks(total: float) -> list[float]:
    """Round distances, about five of them."""
    raw = max(total, 1.0) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(int(total // step) + 1)]


def _axes(frame: _Frame, relative: bool) -> list[str]:
    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{RIGHT - LEFT}" height="{BOTTOM - TOP}" class="jr-plot"/>']
    step = _time_step(frame)
    for t in _time_ticks(frame):
        x = frame.x(t)
        parts.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{BOTTOM}" class="jr-grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{BOTTOM + 13}" text-anchor="middle">{_esc(_time_label(t, step, relative))}</text>')
    for km in _km_ticks(frame.km1):
        y = frame.y(km)
        parts.append(f'<text x="{RIGHT + 3}" y="{y + 3:.1f}">{km:,.0f}</text>')
    axis = "hours from departure" if relative else "time, UTC"
    parts.append(f'<text x="{(LEFT + RIGHT) / 2:.0f}" y="{HEIGHT - 8}" text-anchor="middle" class="jr-axis">{axis}</text>')
    parts.append(f'<text x="{RIGHT + 3}" y="{TOP - 2}" class="jr-axis">km</text>')
    return parts


def _stop_rows(frame: _Frame, stops: Sequence[tuple[float, str]]) -> list[str]:
    """A faint line per stop; a name only where it does not overprint the one below it."""
    parts: list[str] = []
    last_y = math.inf
    for km, name in sorted(stops, key=lambda s: s[0]):
        y = frame.y(km)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{RIGHT}" y2="{y:.1f}" class="jr-stopline"/>')
        if last_y - y >= 10:
            short = name if len(name) <= 14 else name[:13] + "…"
            parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{_esc(short)}'
                         f"<title>{_esc(name)}</title></text>")
            last_y = y
    return parts


def _bars(frame: _Frame, bars: Sequence[TimeBar]) -> list[str]:
    parts = []
    for bar in bars:
        x0, x1, y = frame.x(bar.start), frame.x(bar.end), frame.y(bar.km)
        width = max(x1 - x0, 3.0)
        colour = KIND_COLOURS.get(bar.kind, "#555")
        extra = ' stroke="#c62828" stroke-width="1.5"' if bar.conflict else ""
        parts.append(f'<rect x="{min(x0, x1 - 1.5):.1f}" y="{y - 3:.1f}" width="{width:.1f}" height="6" rx="1.5" '
                     f'fill="{colour}" fill-opacity="0.75"{extra} class="jr-bar jr-bar-{_esc(bar.kind)}">'
                     f"<title>{_esc(bar.label)}</title></rect>")
    return parts


def _assumed_line(frame: _Frame, data: ChartData) -> list[str]:
    """The assumed speed, non-stop, from where the played train starts."""
    if not data.path:
        return []
    t, km = data.path[0]
    end_km = data.total_km
    end_t = t + (end_km - km) / data.speed_kmh * HOUR
    if end_t > frame.t1:  # clip at the right edge
        end_t = frame.t1
        end_km = km + (end_t - t) / HOUR * data.speed_kmh
    return [f'<line x1="{frame.x(t):.1f}" y1="{frame.y(km):.1f}" x2="{frame.x(end_t):.1f}" y2="{frame.y(end_km):.1f}" '
            f'class="jr-assumed"><title>{data.speed_kmh:g} km/h non-stop</title></line>']


def _played_path(frame: _Frame, path: Sequence[tuple[float, float]]) -> list[str]:
    points = " ".join(f"{frame.x(t):.1f},{frame.y(km):.1f}" for t, km in path)
    return [f'<polyline points="{points}" class="jr-played"><title>the train as the slider plays it</title></polyline>']


def time_distance_svg(data: ChartData, element_id: str = "jr-chart") -> str:
    """The chart as an ``<svg>`` element with a cursor the page's script moves."""
    frame = _frame(data)
    start_x = frame.x(data.path[0][0]) if data.path else LEFT
    start_y = frame.y(data.path[0][1]) if data.path else BOTTOM
    parts = [
        f'<svg id="{_esc(element_id)}" class="jr-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="Distance along the route against time" '
        f'data-t0="{frame.t0:.0f}" data-t1="{frame.t1:.0f}" data-x0="{LEFT}" data-x1="{RIGHT}" '
        f'data-y0="{BOTTOM}" data-y1="{TOP}" data-km1="{frame.km1:.3f}">',
        *_axes(frame, data.relative),
        *_stop_rows(frame, data.stops),
        *_assumed_line(frame, data),
        *_played_path(frame, data.path),
        *_bars(frame, data.bars),
        f'<line id="{_esc(element_id)}-cursor" x1="{start_x:.1f}" y1="{TOP}" x2="{start_x:.1f}" y2="{BOTTOM}" '
        f'class="jr-cursor"/>',
        f'<circle id="{_esc(element_id)}-dot" cx="{start_x:.1f}" cy="{start_y:.1f}" r="4" class="jr-dot"/>',
        "</svg>",
    ]
    return "\n".join(parts)
