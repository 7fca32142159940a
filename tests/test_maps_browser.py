"""The maps in a real browser: headless Chromium opens each page from a file:// URL with every other
request aborted, as a reader without a network would.

Each page must draw its route and one marker per stop with no console error and no request off the
file; a click on a stop opens its times; the overview's layer control switches journeys; the time
slider moves the train; the measuring tool and fullscreen work; and a record full of markup shows
that markup as text and runs none of it. A browser that cannot launch fails these tests: they never
skip. Screenshots go to tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route, ViewportSize, sync_playwright

from journeys.export.formats import to_geojson
from journeys.geo.geocode import geodesic_km
from journeys.records.files import load_records
from journeys.render.maps import write_maps
from journeys.render.schedule import MappedJourney, map_records
from tests.test_maps import NO_TIMES, TEST_RECORDS, XSS_NAME, write_records

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


@dataclass
class Site:
    """The generated maps: the test records (one without any time) and every bundled journey that can be mapped."""

    folder: Path
    journeys: dict[str, MappedJourney]

    def page(self, name: str) -> Path:
        return self.folder / f"{name}.html"


@dataclass
class Opened:
    """A page opened offline, with everything it tried that a test must see."""

    page: Page
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors"
        assert self.dialogs == [], "dialogs opened"
        assert self.requests == [], "requests off the file"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = write_records(tmp_path_factory.mktemp("records"), {**TEST_RECORDS, "maptest-untimed": NO_TIMES})
    mapped, errors = map_records(load_records([folder]))
    ids = [m.journey.id for m in mapped]
    assert set(TEST_RECORDS) <= set(ids), errors
    out = tmp_path_factory.mktemp("maps")
    write_maps(mapped, out)
    return Site(out, {m.journey.id: m for m in mapped})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class OpenMap(Protocol):
    """Opens a page offline, at the given window size; with ``clock``, its timers and animation frames
    run on Playwright's clock, which a test moves on (``page.clock``)."""

    def __call__(self, path: Path, viewport: ViewportSize = VIEWPORT, clock: bool = False) -> Opened: ...


@pytest.fixture
def open_map(browser: Browser) -> Iterator[OpenMap]:
    contexts = []

    def open_(path: Path, viewport: ViewportSize = VIEWPORT, clock: bool = False) -> Opened:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        if clock:
            context.clock.install()
        page = context.new_page()
        opened = Opened(page)

        def route(request: Route) -> None:
            if request.request.url.startswith("file:"):
                request.continue_()
            else:
                opened.requests.append(request.request.url)
                request.abort()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                opened.errors.append(message.text)

        def dialog(shown: Dialog) -> None:
            opened.dialogs.append(shown.message)
            shown.dismiss()

        context.route("**/*", route)
        page.on("console", console)
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.on("dialog", dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-journeys-ready]", state="attached", timeout=15_000)
        return opened

    yield open_
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def drawn_paths(page: Page, selector: str) -> list[str]:
    """The ``d`` of every SVG path matching ``selector``."""
    result: list[str] = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('d') || '')")
    return result


def topmost_stops(page: Page, count: int) -> list[int]:
    """Stops whose marker is the element under its own centre (not hidden by another marker or a control)."""
    result: list[int] = page.evaluate("""count => {
        const hits = [];
        for (let i = 0; i < count; i++) {
            const el = document.querySelector('path.journey-stop-' + i);
            if (!el) continue;
            const r = el.getBoundingClientRect();
            if (document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el) hits.push(i);
        }
        return hits;
    }""", count)
    return result


def click_centre(page: Page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def open_stop(page: Page, index: int, journey_id: str | None = None) -> None:
    """Click stop ``index``'s marker and, when other stops lie under the pointer, pick it from the list."""
    extra = f".journey-{journey_id}" if journey_id else ""
    click_centre(page, f"path.journey-stop-{index}{extra}")
    page.locator(".leaflet-popup-content").wait_for(timeout=5000)
    if page.locator(".jr-chooser").count():
        choice = f'.jr-choice[data-stop="{index}"]' + (f'[data-journey="{journey_id}"]' if journey_id else "")
        page.locator(choice).click()
        page.wait_for_function("() => !document.querySelector('.jr-chooser')")  # the list fades out
        page.locator(".leaflet-popup-content h3").wait_for()


def centre(page: Page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


# -- every page draws, offline --------------------------------------------------------------------

def test_every_journey_map_draws_its_route_and_stops_offline(site: Site, open_map: Callable[[Path], Opened]) -> None:
    for journey_id, mj in site.journeys.items():
        opened = open_map(site.page(journey_id))
        page = opened.page
        screenshot(page, journey_id)
        opened.assert_clean()
        routes = drawn_paths(page, "path.journey-route")
        assert len(routes) == len(mj.route.legs), journey_id
        assert all(len(d) > 10 for d in routes), f"{journey_id}: a route path is empty"
        stops = drawn_paths(page, "path.journey-stop")
        assert len(stops) == len(mj.journey.stops), journey_id
        assert all(d not in ("", "M0 0") for d in stops), f"{journey_id}: a stop marker is not drawn"
        assert page.locator(".jr-train").count() == 1
        assert page.locator(".leaflet-control-scale").count() == 1


def test_overview_draws_every_journey_offline(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("index"))
    screenshot(opened.page, "index")
    opened.assert_clean()
    page = opened.page
    for journey_id, mj in site.journeys.items():
        assert len(drawn_paths(page, f"path.journey-route.journey-{journey_id}")) == len(mj.route.legs), journey_id
        assert len(drawn_paths(page, f"path.journey-stop.journey-{journey_id}")) == len(mj.journey.stops), journey_id


# -- popups ---------------------------------------------------------------------------------------

def test_clicking_a_stop_opens_its_popup_with_its_times(site: Site, open_map: Callable[[Path], Opened]) -> None:
    for journey_id, mj in site.journeys.items():
        timed = {e.stop_index for e in mj.trip.timeline.events}
        if not timed:
            continue
        opened = open_map(site.page(journey_id))
        page = opened.page
        candidates = [i for i in topmost_stops(page, len(mj.journey.stops)) if i in timed]
        assert candidates, f"{journey_id}: no timed stop can be clicked"
        index = candidates[0]
        open_stop(page, index)
        popup = page.locator(".leaflet-popup-content")
        text = popup.inner_text()
        assert mj.journey.stops[index].name in text
        for event in (e for e in mj.trip.timeline.events if e.stop_index == index):
            assert f"{event.local_text} local (UTC{event.offset})" in text, journey_id
            assert f"UTC {event.utc_text}" in text, journey_id
            assert event.reports[0].quote in text
        if journey_id == "maptest-south":
            page.wait_for_timeout(300)  # the popup fades in
            screenshot(page, f"{journey_id}-popup")
        opened.assert_clean()


# -- the overview's layer control -----------------------------------------------------------------

def test_layer_control_switches_a_journey_off_and_on(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("index"))
    page = opened.page
    mine = "path.journey-maptest-south"
    other = "path.journey-maptest-xss"
    drawn, others = page.locator(mine).count(), page.locator(other).count()
    assert drawn == 3 + 4 and others == 1 + 2
    page.hover(".leaflet-control-layers")  # collapsed until pointed at
    title = site.journeys["maptest-south"].journey.title
    checkbox = page.locator(".leaflet-control-layers-overlays label", has_text=title).locator("input")
    checkbox.uncheck()
    assert page.locator(mine).count() == 0
    assert page.locator(other).count() == others
    checkbox.check()
    assert page.locator(mine).count() == drawn
    opened.assert_clean()


# -- safety ---------------------------------------------------------------------------------------

def test_markup_in_a_record_is_shown_as_text_and_runs_nothing(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-xss"))
    page = opened.page
    journey = site.journeys["maptest-xss"].journey
    assert page.title() == f"{journey.title} — journeys"
    assert page.locator("#jr-panel h1").inner_text() == journey.title
    assert XSS_NAME in page.locator("#jr-where").inner_text()
    slider = page.locator("#jr-slider")
    slider.fill(slider.get_attribute("max") or "0")  # move the train off the first stop
    page.hover("path.journey-stop-0")
    assert XSS_NAME in page.locator(".leaflet-tooltip").inner_text()
    open_stop(page, 0)
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("h3").inner_text() == XSS_NAME
    assert '"><svg onload=alert(6)> ${alert(7)} {{ 7*7 }}' in popup.inner_text()
    assert "<iframe src=javascript:alert(10)></iframe>" in popup.inner_text()
    page.wait_for_timeout(500)  # give an injected onerror handler time to fire
    injected = page.evaluate("""() => document.querySelectorAll('img[src="x"], iframe, svg[onload]').length +
        Array.from(document.querySelectorAll('b')).filter(b => ['nobody', 'late'].includes(b.textContent)).length""")
    assert injected == 0
    screenshot(page, "maptest-xss-popup")
    opened.assert_clean()

    overview = open_map(site.page("index"))
    open_stop(overview.page, 0, "maptest-xss")
    assert overview.page.locator(".leaflet-popup-content h3").inner_text() == XSS_NAME
    overview.page.wait_for_timeout(300)
    overview.assert_clean()


# -- time ---------------------------------------------------------------------------------------------

def test_slider_moves_the_train_along_the_route(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-south"))
    page = opened.page
    slider = page.locator("#jr-slider")
    last = int(slider.get_attribute("max") or "0")
    assert last > 0

    def train_near(stop: int) -> bool:
        (x, y), (sx, sy) = centre(page, ".jr-train"), centre(page, f"path.journey-stop-{stop}")
        return abs(x - sx) < 3 and abs(y - sy) < 3

    assert train_near(0)
    assert page.locator("#jr-where").inner_text().startswith("At Nanning")
    assert page.locator("#jr-clock").inner_text() == "2019-02-25 17:30 local (UTC+08:00) · 2019-02-25 09:30 UTC"
    cursor = page.locator("#jr-chart-cursor").get_attribute("x1")
    slider.fill(str(last // 2))
    assert page.locator("#jr-where").inner_text().startswith("Between Nanning and Pingxiang")
    assert page.locator("#jr-chart-cursor").get_attribute("x1") != cursor
    slider.fill(str(last))
    assert train_near(3)
    assert page.locator("#jr-where").inner_text().startswith("At Hanoi")
    # clicking the chart near its left edge brings the train back towards the start
    box = page.locator("#jr-chart").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    assert 0 < int(slider.input_value()) < last
    screenshot(page, "maptest-south-slider")
    opened.assert_clean()


def test_play_button_plays_and_pauses(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-south"))
    page = opened.page
    play = page.locator("#jr-play")
    play.click()
    page.wait_for_timeout(800)
    assert play.inner_text() == "Pause"
    play.click()
    paused_at = float(page.locator("#jr-slider").input_value())
    assert paused_at > 0
    page.wait_for_timeout(300)
    assert float(page.locator("#jr-slider").input_value()) == paused_at
    opened.assert_clean()


# -- tools ----------------------------------------------------------------------------------------

def test_measuring_two_points_gives_the_geodesic_distance(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-south"))
    page = opened.page
    for a, b in [((39.0392, 125.7625), (55.7558, 37.6173)), ((22.830144, 108.310833), (21.02417, 105.84083)),
                 ((0.0, 0.0), (0.0, 0.5))]:
        js = page.evaluate("([a, b]) => Journeys.geodesicKm(L.latLng(a), L.latLng(b))", [list(a), list(b)])
        assert js == pytest.approx(geodesic_km(a, b), abs=0.001)  # within a metre of pyproj
    page.locator(".jr-measure a").click()
    assert page.locator(".jr-measure-out").inner_text() == "Click two points"
    box = page.locator(".folium-map").bounding_box()
    assert box is not None
    points = [(box["x"] + 300, box["y"] + 300), (box["x"] + 600, box["y"] + 450)]
    for x, y in points:
        page.mouse.click(x, y)
    out = page.locator(".jr-measure-out").inner_text()
    assert out.endswith(" km (geodesic)")
    expected = page.evaluate("""([p, q]) => {
        const map = Object.entries(window).find(([k, v]) => k.startsWith('map_') && v instanceof L.Map)[1];
        const box = map.getContainer().getBoundingClientRect();
        const a = map.containerPointToLatLng([p[0] - box.x, p[1] - box.y]);
        const b = map.containerPointToLatLng([q[0] - box.x, q[1] - box.y]);
        return Journeys.formatKm(Journeys.geodesicKm(a, b));
    }""", points)
    assert out == f"{expected} (geodesic)"
    assert page.locator(".jr-measure-label").inner_text() == expected
    assert page.locator(".leaflet-popup").count() == 0  # measuring does not open popups
    screenshot(page, "maptest-south-measure")
    opened.assert_clean()


def test_fullscreen_fills_the_window_and_returns(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-south"))
    page = opened.page
    before = page.locator(".folium-map").bounding_box()
    assert before is not None and before["width"] < VIEWPORT["width"]
    page.locator(".jr-fullscreen a").click()
    page.wait_for_function("() => document.fullscreenElement !== null || "
                           "document.querySelector('.jr-pseudo-fullscreen') !== null")
    page.wait_for_timeout(200)
    full = page.locator(".folium-map").bounding_box()
    assert full is not None and full["width"] >= VIEWPORT["width"] - 1
    page.locator(".jr-fullscreen a").click()
    page.wait_for_function("() => document.fullscreenElement === null && "
                           "document.querySelector('.jr-pseudo-fullscreen') === null")
    page.wait_for_timeout(200)
    after = page.locator(".folium-map").bounding_box()
    assert after is not None and after["width"] == pytest.approx(before["width"], abs=1)
    opened.assert_clean()


def test_the_offline_background_shows_sea_land_and_borders(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("2025-beijing"))
    # the land is painted in the frames after the route is drawn
    opened.page.wait_for_selector("html[data-journeys-land-drawn]", state="attached", timeout=15_000)
    colours = opened.page.evaluate("""points => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        const box = map.getContainer().getBoundingClientRect();
        return points.map(([lat, lon]) => {
            const p = map.latLngToContainerPoint([lat, lon]), x = box.left + p.x, y = box.top + p.y;
            const tile = [...document.querySelectorAll("canvas.leaflet-tile")].find(c => {
                const r = c.getBoundingClientRect();
                return r.left <= x && x < r.right && r.top <= y && y < r.bottom;
            });
            if (!tile) { return null; }
            const r = tile.getBoundingClientRect();
            const at = [Math.floor((x - r.left) * tile.width / r.width), Math.floor((y - r.top) * tile.height / r.height)];
            return Array.from(tile.getContext("2d").getImageData(at[0], at[1], 1, 1).data.slice(0, 3));
        });
    }""", [[36.3, 123.3], [40.7, 126.7], [38.3, 121.0]])
    opened.assert_clean()
    sea, land, bohai = colours
    assert sea == bohai == [0xDF, 0xE8, 0xEE], "the Yellow Sea and the Bohai are not drawn as sea"
    assert land == [0xF3, 0xF1, 0xEC], "North Korea is not drawn as land"
    assert "Natural Earth" in opened.page.locator(".leaflet-control-attribution").inner_text()


# -- both directions visible ---------------------------------------------------------------------

#: For every matching route path, the share of points along it (inside the map) where the topmost
#: element is a route path of the same group: what a reader can actually see of it.
VISIBLE_SHARE = """([selector, group]) => {
    const map = document.querySelector('.folium-map').getBoundingClientRect();
    const seen = {};
    document.querySelectorAll(selector).forEach(path => {
        const key = group(path), total = path.getTotalLength();
        const ctm = path.getScreenCTM();
        seen[key] = seen[key] || [0, 0];
        for (let s = 0; s <= total; s += 6) {
            const p = path.getPointAtLength(s).matrixTransform(ctm);
            if (p.x < map.left + 60 || p.x > map.right - 10 || p.y < map.top + 10 || p.y > map.bottom - 10) continue;
            const top = document.elementFromPoint(p.x, p.y);
            if (top && top.classList.contains('journey-stop')) continue;  // under a stop's marker, not a line
            seen[key][1] += 1;
            if (top && top.tagName === 'path' && top.classList.contains('journey-route') && group(top) === key) seen[key][0] += 1;
        }
    });
    return Object.fromEntries(Object.entries(seen).map(([k, [a, n]]) => [k, n ? a / n : null]));
}"""


def visible_share(page: Page, selector: str, group: str) -> dict[str, float | None]:
    """``group`` is a JS expression of ``p`` (a path element) naming the set it belongs to."""
    result: dict[str, float | None] = page.evaluate(
        f"([s, g]) => ({VISIBLE_SHARE})([s, new Function('p', 'return ' + g)])", [selector, group])
    return result


def test_outbound_and_return_of_every_round_trip_both_show(site: Site, open_map: Callable[[Path], Opened]) -> None:
    round_trips = 0
    for journey_id in site.journeys:
        opened = open_map(site.page(journey_id))
        page = opened.page
        if page.locator("path.journey-dir-back").count() == 0:
            continue
        round_trips += 1
        page.locator(".jr-legend").evaluate("e => e.style.display = 'none'")
        shares = visible_share(page, "path.journey-route", "p.classList.contains('journey-dir-back') ? 'back' : 'out'")
        out, back = shares["out"], shares["back"]
        assert out is not None and back is not None and out > 0.5 and back > 0.5, f"{journey_id}: {shares}"
        assert page.locator("path.jr-arrow").count() > 0, f"{journey_id}: no direction arrows"
        # each direction is its own layer, switched off and on
        names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert any("Outbound" in n for n in names) and any("Return" in n for n in names)
        opened.assert_clean()
    assert round_trips >= 5, "the bundled journeys hold at least five round trips"


ARROWS_OFF_THEIR_LINES = """() => {
    const lines = [...document.querySelectorAll('path.journey-route')];
    const styles = lines.map(l => [l.style.strokeWidth, l.style.strokeDasharray]);
    lines.forEach(l => {  // an arrow's middle is a few px from its tip; an estimated leg's dashes have gaps
        l.style.strokeWidth = '16px'; l.style.strokeDasharray = 'none';
    });
    const svg = lines[0].ownerSVGElement, arrows = [...document.querySelectorAll('path.jr-arrow')];
    const off = arrows.filter(a => {
        const box = a.getBBox(), pt = svg.createSVGPoint();
        pt.x = box.x + box.width / 2; pt.y = box.y + box.height / 2;
        return !lines.some(l => l.isPointInStroke(pt));
    }).length;
    lines.forEach((l, i) => { [l.style.strokeWidth, l.style.strokeDasharray] = styles[i]; });
    return [off, arrows.length];
}"""


def test_direction_arrows_sit_on_their_lines_after_the_page_and_every_move_draws_them(
        site: Site, open_map: Callable[[Path], Opened]) -> None:
    """The arrows follow the route (made after it, from the line Leaflet drew) and are placed anew after
    a pan and a zoom: every one lies on a drawn line, none where the line is not."""
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page
    off, count = page.evaluate(ARROWS_OFF_THEIR_LINES)
    assert count > 0 and off == 0, f"{off} of {count} arrows off their lines"
    page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                  " m.setView(m.getCenter(), m.getZoom() + 1, {animate: false}); m.panBy([150, 90], {animate: false}); }")
    off, moved = page.evaluate(ARROWS_OFF_THEIR_LINES)
    assert moved > 0 and off == 0, f"after a zoom and a pan, {off} of {moved} arrows off their lines"
    opened.assert_clean()


def test_overlapping_journeys_on_the_overview_each_show(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("index"))
    page = opened.page
    page.locator(".jr-legend").evaluate("e => e.style.display = 'none'")
    group = ("[...p.classList].find(c => c.startsWith('journey-') && !c.startsWith('journey-dir') "
             "&& c !== 'journey-route' && c !== 'journey-estimate')")
    shares = visible_share(page, "path.journey-route", group)
    assert set(shares) == {f"journey-{i}" for i in site.journeys}
    bundled = {f"journey-{i}" for i in site.journeys if not i.startswith("maptest")}
    assert all(shares[k] is not None for k in bundled), "a bundled journey's line is all under markers"
    hidden = {k: v for k, v in shares.items() if v is not None and v < 0.15}
    assert not hidden, f"journeys mostly hidden on the overview: {hidden}"
    # hovering a journey (its entry in the list, or its line) brings it to the front
    page.hover('li[data-journey="2018-beijing"]')
    last = page.evaluate("() => { const ps = [...document.querySelectorAll('path.journey-route')]; "
                         "return ps[ps.length - 1].getAttribute('class'); }")
    assert "journey-2018-beijing" in last
    opened.assert_clean()


# -- markers on one point ---------------------------------------------------------------------------

def test_every_stop_popup_opens_by_click_even_where_markers_overlap(site: Site,
                                                                   open_map: Callable[[Path], Opened]) -> None:
    for journey_id, mj in site.journeys.items():
        opened = open_map(site.page(journey_id))
        page = opened.page
        page.locator(".jr-legend").evaluate("e => e.style.display = 'none'")
        for index, stop in enumerate(mj.journey.stops):
            page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).closePopup()")
            page.wait_for_function("() => !document.querySelector('.leaflet-popup')")
            page.evaluate("([lat, lon]) => Object.values(window).find(v => v instanceof L.Map).panTo([lat, lon], "
                          "{animate: false})", list(mj.trip.coords[index]))
            open_stop(page, index)
            assert page.locator(".leaflet-popup-content h3").inner_text() == stop.name, f"{journey_id} stop {index}"
        opened.assert_clean()


def test_a_line_brought_to_the_front_never_covers_its_stops(site: Site, open_map: Callable[[Path], Opened]) -> None:
    """Hovering a line raises it above what it overlaps; the stops at its ends must stay above it, or a
    click on a stop opens the line's popup (Changsha on the way back opened "Wuhan → Changsha")."""
    mj = site.journeys["2019-hanoi"]
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page
    page.locator(".jr-legend").evaluate("e => e.style.display = 'none'")
    page.evaluate("() => document.querySelectorAll('path.journey-route').forEach("
                  "p => p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")  # every line raised
    for index, stop in enumerate(mj.journey.stops):  # the whole journey is in view at the fitted zoom
        x, y = centre(page, f"path.journey-stop-{index}")
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('class')", [x, y])
        assert "journey-stop" in hit, f"stop {index} ({stop.name}) is covered by {hit}"
    back = max(i for i, s in enumerate(mj.journey.stops) if s.name == "Changsha")  # the stop that opened the line
    open_stop(page, back)
    assert page.locator(".leaflet-popup-content h3").inner_text() == "Changsha"
    opened.assert_clean()


def test_track_drawn_from_openstreetmap_is_credited(site: Site, open_map: Callable[[Path], Opened]) -> None:
    """The ODbL asks every map that draws OpenStreetMap-derived track to credit it; others need not."""
    credited = [i for i, mj in site.journeys.items()
                if any("OpenStreetMap" in c for leg in mj.route.legs for c in leg.credits)]
    assert "2023-russia" in credited, "the Russian track is OpenStreetMap-derived"
    for journey_id in (*credited, "index"):
        attribution = open_map(site.page(journey_id)).page.locator(".leaflet-control-attribution").inner_text()
        assert "Track: © OpenStreetMap contributors" in attribution, journey_id
    plain = next(i for i, mj in site.journeys.items() if not any(leg.credits for leg in mj.route.legs))
    shown = open_map(site.page(plain)).page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap contributors" not in shown


# -- the panel tied to the map ----------------------------------------------------------------------

MAP_VIEW = """() => { const m = Object.values(window).find(v => v instanceof L.Map);
    return {zoom: m.getZoom(), box: m.getContainer().getBoundingClientRect().toJSON()}; }"""


def test_clicking_a_claim_highlights_its_stretch_and_shows_its_reason(site: Site,
                                                                     open_map: Callable[[Path], Opened]) -> None:
    mj = site.journeys["2001-moscow"]
    journey = mj.journey
    # a claim about part of the journey only (Omsk → Moscow), so the highlight must pick legs out
    index, check = next((i, c) for i, c in enumerate(mj.check.claims)
                        if c.claim.span is not None and journey.span_indexes(c.claim.span) != (0, len(journey.stops) - 1))
    start, end = journey.span_indexes(check.claim.span)
    inside = [k for k, leg in enumerate(mj.route.legs) if leg.start >= start and leg.end <= end]
    assert 0 < len(inside) < len(mj.route.legs)
    opened = open_map(site.page("2001-moscow"))
    page = opened.page
    assert page.locator("path.journey-route.jr-span").count() == 0
    assert page.locator(".jr-claim-note").is_hidden()

    page.locator("li.jr-claim").nth(index).click()
    highlighted = page.eval_on_selector_all("path.journey-route.jr-span", "ps => ps.map(p => Number(p.dataset.leg))")
    assert sorted(highlighted) == inside
    assert page.locator("path.journey-stop.jr-span-stop").count() == end - start + 1
    for i in (start, end):
        assert "jr-span-stop" in (page.locator(f"path.journey-stop-{i}").get_attribute("class") or "")
    outside = next(i for i in range(len(journey.stops)) if not start <= i <= end)
    assert "jr-span-stop" not in (page.locator(f"path.journey-stop-{outside}").get_attribute("class") or "")
    note = page.locator(".jr-claim-note")
    assert note.is_visible()
    assert check.reason and note.locator(".jr-claim-reason").inner_text() == check.reason
    assert note.locator(".jr-verdict").inner_text().lower() == check.verdict
    box = page.evaluate(MAP_VIEW)["box"]
    for i in (start, end):  # the map shows the whole stretch
        x, y = centre(page, f"path.journey-stop-{i}")
        assert box["left"] < x < box["right"] and box["top"] < y < box["bottom"], f"stop {i} out of view"
    screenshot(page, "2001-moscow-claim")

    # clicking it again clears the highlight and the note
    page.locator("li.jr-claim").nth(index).click()
    assert page.locator("path.journey-route.jr-span").count() == 0
    assert note.is_hidden()
    opened.assert_clean()


def test_a_claims_reason_with_markup_is_shown_as_text(site: Site, open_map: Callable[[Path], Opened]) -> None:
    opened = open_map(site.page("maptest-xss"))
    page = opened.page
    check = site.journeys["maptest-xss"].check.claims[0]
    page.locator("li.jr-claim").first.click()
    assert page.locator(".jr-claim-reason").inner_text() == check.reason
    assert "<img src=x onerror=alert(1)>" in check.reason
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    opened.assert_clean()


def test_a_stop_in_the_list_zooms_the_map_to_it_and_opens_its_popup(site: Site,
                                                                   open_map: Callable[[Path], Opened]) -> None:
    mj = site.journeys["maptest-south"]
    opened = open_map(site.page("maptest-south"))
    page = opened.page
    names = page.locator(".jr-stop-link").all_inner_texts()
    assert names == [s.name for s in mj.journey.stops]
    before = page.evaluate(MAP_VIEW)["zoom"]
    last = len(names) - 1
    page.locator(f'.jr-stop-link[data-stop="{last}"]').click()
    page.locator(".leaflet-popup-content h3").wait_for(timeout=5000)
    assert page.locator(".leaflet-popup-content h3").inner_text() == mj.journey.stops[last].name
    view = page.evaluate(MAP_VIEW)
    assert view["zoom"] >= 10 > before
    x, y = centre(page, f"path.journey-stop-{last}")
    box = view["box"]
    assert box["left"] < x < box["right"] and box["top"] < y < box["bottom"], "the stop is in view"
    screenshot(page, "maptest-south-stop-list")
    opened.assert_clean()


# -- sharing: the view and time in the URL, the GeoJSON to take away --------------------------------

def map_view(page: Page) -> dict[str, float]:
    result: dict[str, float] = page.evaluate("""() => {
        const map = Object.values(window).find(v => v instanceof L.Map), c = map.getCenter();
        return {lat: c.lat, lon: c.lng, zoom: map.getZoom()};
    }""")
    return result


def test_view_and_time_in_the_url_survive_a_reload(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("2023-russia"))
    page = opened.page
    assert page.evaluate("() => location.hash") == "", "opening a page leaves its URL as it was"
    entries = page.evaluate("() => history.length")
    page.evaluate("() => Object.values(window).find(v => v instanceof L.Map).setView([43.1, 131.9], 9, "
                  "{animate: false})")
    slider = page.locator("#jr-slider")
    minutes = int(slider.get_attribute("max") or "0") // 3
    assert minutes > 0
    slider.fill(str(minutes))
    page.wait_for_function("() => location.hash.includes('t=') && location.hash.includes('map=')")
    clock, where = page.locator("#jr-clock").inner_text(), page.locator("#jr-where").inner_text()
    hash_ = page.evaluate("() => location.hash")
    assert hash_ == f"#map=9/43.10000/131.90000&t={minutes}"
    assert page.evaluate("() => history.length") == entries, "moving the map adds no history entry"
    page.reload()
    page.wait_for_selector("html[data-journeys-ready]", state="attached", timeout=15_000)
    view = map_view(page)
    assert view["zoom"] == 9
    assert abs(view["lat"] - 43.1) < 1e-4 and abs(view["lon"] - 131.9) < 1e-4
    assert slider.input_value() == str(minutes)
    assert page.locator("#jr-clock").inner_text() == clock
    assert page.locator("#jr-where").inner_text() == where
    opened.assert_clean()
    # a link with a view to another place opens there on the overview as well
    index = open_map(site.page("index")).page
    index.goto(site.page("index").as_uri() + "#map=6.5/39.0/125.75")  # only the hash: the same document
    index.reload()
    index.wait_for_selector("html[data-journeys-ready]", state="attached", timeout=15_000)
    assert map_view(index) == {"lat": 39.0, "lon": 125.75, "zoom": 6.5}


def test_geojson_download_holds_the_journeys_legs(site: Site, open_map: OpenMap) -> None:
    for journey_id in sorted(site.journeys):  # every bundled journey, 2001-moscow's 2.9 MB too
        mj = site.journeys[journey_id]
        opened = open_map(site.page(journey_id))
        page = opened.page
        with page.expect_download() as info:
            page.locator("#jr-download").click()
        download = info.value
        assert download.suggested_filename == f"{journey_id}.geojson"
        data = Path(download.path()).read_bytes()
        assert data == to_geojson(mj.analysed).encode("utf-8"), "the download is what `journeys export` writes"
        collection = json.loads(data)
        assert collection["type"] == "FeatureCollection" and collection["name"] == journey_id
        legs = [f for f in collection["features"] if f["properties"]["feature"] == "leg"]
        stops = [f for f in collection["features"] if f["properties"]["feature"] == "stop"]
        assert len(legs) == len(mj.route.legs) and len(stops) == len(mj.journey.stops)
        for feature, leg in zip(legs, mj.route.legs, strict=True):
            assert feature["geometry"]["type"] == "LineString"
            assert feature["properties"]["from"] == mj.journey.stops[leg.start].name
            assert feature["properties"]["km"] == pytest.approx(leg.km, abs=0.1)
            first = feature["geometry"]["coordinates"][0]
            assert (first[1], first[0]) == pytest.approx(tuple(leg.coords[0][::-1]), abs=1e-5)
        assert [f["properties"]["name"] for f in stops] == [s.name for s in mj.journey.stops]
        opened.assert_clean()


# -- the overview at a glance and on a phone ------------------------------------------------------------

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_overview_layer_control_is_collapsed_and_lists_titles(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("index"))
    page = opened.page
    control = page.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    assert not page.locator(".leaflet-control-layers-overlays").is_visible()
    control.hover()
    names = [n.strip() for n in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]
    assert names == [mj.journey.title for mj in site.journeys.values()] + ["Place names"]
    assert site.journeys["maptest-xss"].journey.title in names, "markup in a title is shown as text"
    page.wait_for_timeout(300)
    opened.assert_clean()


def test_legend_leaves_the_map_free_at_390_px(site: Site, open_map: OpenMap) -> None:
    for name in ("index", "2023-russia"):
        opened = open_map(site.page(name), PHONE)
        page = opened.page
        screenshot(page, f"{name}-390px")
        share = page.evaluate("""() => {
            const area = r => r.width * r.height;
            return area(document.querySelector('.jr-legend').getBoundingClientRect()) /
                   area(document.querySelector('.folium-map').getBoundingClientRect());
        }""")
        assert share < 1 / 3, f"{name}: the legend covers {share:.0%} of the map"
        # folded, it still opens to be read, and closes again
        page.locator(".jr-legend summary").click()
        assert page.locator(".jr-legend-body").is_visible()
        assert "Stops" in page.locator(".jr-legend-body").inner_text()
        page.locator(".jr-legend summary").click()
        assert not page.locator(".jr-legend-body").is_visible()
        opened.assert_clean()


def test_the_route_is_fitted_beside_the_legend_by_the_legends_real_width(site: Site, open_map: OpenMap) -> None:
    """The page fits the route into the map beside the legend by the widest the legend may be (set on it,
    so that drawing need not measure it): the legend, padding and all, is never wider than that."""
    for name in ("index", *site.journeys):
        opened = open_map(site.page(name))
        width, widest, is_open = opened.page.evaluate("""() => {
            const legend = document.querySelector('.jr-legend');
            return [legend.getBoundingClientRect().width, parseFloat(legend.style.maxWidth), legend.open];
        }""")
        assert is_open, f"{name}: the legend is open on a {VIEWPORT['width']} px screen"
        assert 200 < width <= widest, f"{name}: the legend is {width} px wide, the route was fitted for {widest}"
        opened.assert_clean()
