"""Names on the map and the played train, in headless Chromium with the network refused.

Names: every stop's name is on its journey's page at the fitted view, shown unless it would overprint
another name or a stop's symbol, and then only yielding to a name at least as important (origin and
destination, border crossings, other stops, places passed, cities last); no two shown names touch;
a few cities name the country around the route, never over a stop and never taking a click.

Playback: the travelled stretch is drawn in its own style up to the train and the rest dimmed; the
speed control sets how far a second of playing moves the train (Playwright's clock drives the
animation frames, so this is arithmetic, not timing); "follow" keeps the train in view; the clock
reads the local time and UTC that the journey's timeline (what `journeys show` prints) gives.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

import pytest
from playwright.sync_api import Page

from tests import test_maps_browser as in_browser
from tests.test_maps import XSS_NAME
from tests.test_maps_browser import OpenMap, Site, screenshot

pytestmark = pytest.mark.browser

# the browser tests' fixtures: the generated site, the browser, a page opened offline
site, browser, open_map = in_browser.site, in_browser.browser, in_browser.open_map

#: how much each kind of name counts when two would collide (as the page ranks them)
WEIGHT = {"origin": 5, "destination": 5, "border": 4, "stop": 3, "pass": 2, "city": 1}
OFFSET_PX = 4  # each line runs this far to the right of its direction of travel

Box = tuple[float, float, float, float]

NAMES = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const role = e => e.classList.contains('jr-label-city') ? 'city'
        : (Array.from(e.classList).find(c => c.startsWith('jr-role-')) || 'jr-role-stop').slice(8);
    return {
        names: Array.from(document.querySelectorAll('.jr-label')).map(e => ({
            text: e.textContent, role: role(e), shown: getComputedStyle(e).visibility === 'visible',
            clickable: getComputedStyle(e).pointerEvents !== 'none', box: box(e)})),
        symbols: Array.from(document.querySelectorAll('path.journey-stop')).map(box),
        view: box(document.querySelector('.folium-map')),
    };
}"""

MAP = "Object.values(window).find(v => v instanceof L.Map)"


def overlap(a: Box, b: Box, grow: float = 0.0) -> bool:
    return a[0] - grow < b[2] and b[0] - grow < a[2] and a[1] - grow < b[3] and b[1] - grow < a[3]


def names_on(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(NAMES)
    return result


def check_names_apart(found: dict[str, Any]) -> None:
    """No two shown names overlap, none covers a stop; a hidden stop name is hidden for a reason."""
    names, symbols = found["names"], found["symbols"]
    shown = [n for n in names if n["shown"]]
    for a, b in combinations(shown, 2):
        assert not overlap(a["box"], b["box"]), (a["text"], b["text"])
    for name in shown:
        assert not any(overlap(name["box"], s) for s in symbols), f"{name['text']} covers a stop"
    for hidden in (n for n in names if not n["shown"] and n["role"] != "city"):
        others = [o["box"] for o in names if o is not hidden] + symbols
        assert any(overlap(hidden["box"], o, grow=2) for o in others), f"{hidden['text']} hidden with room to show"
        for other in shown:  # a name yields only to one at least as important
            if overlap(hidden["box"], other["box"]):
                assert WEIGHT[other["role"]] >= WEIGHT[hidden["role"]], (hidden["text"], other["text"])


def test_every_stop_is_named_at_the_fitted_view_unless_names_would_collide(site: Site, open_map: OpenMap) -> None:
    for journey_id, mj in site.journeys.items():
        opened = open_map(site.page(journey_id))
        found = names_on(opened.page)
        stops = [n for n in found["names"] if n["role"] != "city"]
        # one name per place: a round trip's origin and its return are one label
        assert sorted({n["text"] for n in stops}) == sorted({s.name for s in mj.journey.stops}), journey_id
        assert len(stops) == len({(s.name, round(lat, 3), round(lon, 3))
                                  for s, (lat, lon) in zip(mj.journey.stops, mj.trip.coords, strict=True)})
        check_names_apart(found)
        origin = mj.journey.stops[0].name
        assert any(n["shown"] for n in stops if n["text"] == origin), f"{journey_id}: the origin is not named"
        assert sum(n["shown"] for n in stops) >= min(2, len(stops)), journey_id
        opened.assert_clean()


def test_fewer_names_when_zoomed_out_and_the_important_ones_stay(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page

    def shown() -> set[str]:
        return {n["text"] for n in names_on(page)["names"] if n["shown"] and n["role"] != "city"}

    fitted = shown()
    page.evaluate(f"() => {{ const m = {MAP}; m.setZoom(m.getZoom() - 2, {{animate: false}}); }}")
    zoomed_out = names_on(page)
    fewer = {n["text"] for n in zoomed_out["names"] if n["shown"] and n["role"] != "city"}
    assert fewer < fitted
    assert {"Pyongyang", "Hanoi"} <= fewer
    check_names_apart(zoomed_out)
    page.evaluate(f"() => {{ const m = {MAP}; m.setView([40.1, 124.4], 9, {{animate: false}}); }}")  # Dandong
    close = names_on(page)
    check_names_apart(close)
    view = close["view"]
    inside = [n for n in close["names"] if n["role"] != "city" and overlap(n["box"], view)]
    assert "Dandong" in {n["text"] for n in inside}
    assert all(n["shown"] for n in inside), "at a city's zoom every stop in view is named"
    screenshot(page, "2019-hanoi-names-dandong")
    opened.assert_clean()


def test_a_few_cities_name_the_country_around_the_route_and_take_no_click(site: Site, open_map: OpenMap) -> None:
    for journey_id in ("2019-hanoi", "2023-russia", "2001-moscow"):
        opened = open_map(site.page(journey_id))
        page = opened.page
        found = names_on(page)
        cities = [n for n in found["names"] if n["role"] == "city" and n["shown"]]
        assert 1 <= len(cities) <= 6, journey_id
        stop_names = {s.name for s in site.journeys[journey_id].journey.stops}
        assert not stop_names & {c["text"] for c in cities}
        assert not any(c["clickable"] for c in cities)
        box = cities[0]["box"]
        under = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('.jr-label') === null",
                              [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2])
        assert under, "a click on a city's name goes to the map below it"
        assert "City names: GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
        opened.assert_clean()


def test_a_stop_name_with_markup_is_shown_as_text(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("maptest-xss"))
    assert XSS_NAME in [n["text"] for n in names_on(opened.page)["names"]]
    assert opened.page.evaluate("() => document.querySelectorAll('.jr-label img').length") == 0
    opened.assert_clean()


# -- playback -------------------------------------------------------------------------------------

TRAIL_END = """() => {
    const drawn = Array.from(document.querySelectorAll('path.jr-trail')).filter(p => p.getTotalLength() > 0);
    if (!drawn.length) return null;
    const last = drawn[drawn.length - 1], end = last.getPointAtLength(last.getTotalLength());
    const m = last.getScreenCTM(), style = getComputedStyle(last);
    return {x: end.x * m.a + end.y * m.c + m.e, y: end.x * m.b + end.y * m.d + m.f, count: drawn.length,
            legs: drawn.map(p => Number(Array.from(p.classList).find(c => /^jr-trail-\\d+$/.test(c)).slice(9))),
            width: parseFloat(style.strokeWidth), opacity: parseFloat(style.strokeOpacity), colour: style.stroke,
            route: parseFloat(getComputedStyle(document.querySelector('path.journey-route')).strokeOpacity)};
}"""


def train_centre(page: Page) -> tuple[float, float]:
    box = page.locator(".jr-train").bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_the_played_stretch_is_drawn_bright_up_to_the_train_and_the_rest_dimmed(site: Site,
                                                                                open_map: OpenMap) -> None:
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page
    assert page.evaluate(TRAIL_END) is None, "nothing is played before the slider moves"
    slider = page.locator("#jr-slider")
    last = int(slider.get_attribute("max") or "0")
    for share in (0.15, 0.5, 0.85):
        slider.fill(str(round(last * share)))
        trail = page.evaluate(TRAIL_END)
        assert trail is not None
        x, y = train_centre(page)
        assert math.hypot(trail["x"] - x, trail["y"] - y) <= OFFSET_PX + 3, share
        assert trail["legs"] == list(range(trail["count"])), "the trail runs from the start, leg after leg"
        assert trail["width"] == 7 and trail["opacity"] == 1
        assert trail["route"] < 0.5, "the unplayed route is dimmed"
    screenshot(page, "2019-hanoi-trail")
    slider.fill("0")
    assert page.evaluate(TRAIL_END) is None
    opened.assert_clean()


def test_the_speed_control_sets_how_far_a_second_of_playing_moves_the_train(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("2019-hanoi"), clock=True)
    page = opened.page
    now = page.evaluate("() => Date.now()")
    page.clock.pause_at(datetime.fromtimestamp(now / 1000 + 1, tz=UTC))
    slider, play = page.locator("#jr-slider"), page.locator("#jr-play")
    assert page.locator("#jr-speed").input_value() == "10"  # ten days played in a minute or less

    def played(hours_per_second: str) -> float:
        slider.fill("0")
        page.locator("#jr-speed").select_option(hours_per_second)
        play.click()
        page.clock.run_for(2000)
        play.click()
        return float(slider.input_value())

    slow, fast = played("1"), played("10")
    assert 110 <= slow <= 121, "1 h a second: two seconds play two hours (less the first frame)"
    assert 9.5 <= fast / slow <= 10.5
    assert played("100") > 5 * fast
    opened.assert_clean()


def test_follow_keeps_the_train_in_view(site: Site, open_map: OpenMap) -> None:
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page
    slider = page.locator("#jr-slider")
    last = int(slider.get_attribute("max") or "0")

    def in_view() -> bool:
        view = page.locator(".folium-map").bounding_box()
        assert view is not None
        x, y = train_centre(page)
        return view["x"] <= x <= view["x"] + view["width"] and view["y"] <= y <= view["y"] + view["height"]

    zoom_on_origin = f"() => {{ const m = {MAP}; m.setView([39.0, 125.7], 10, {{animate: false}}); }}"
    page.evaluate(zoom_on_origin)
    slider.fill(str(last // 3))
    assert not in_view(), "without follow the map stays where the reader put it"
    page.locator("#jr-follow").check()
    assert in_view()
    for share in (0.5, 0.7, 1.0):
        slider.fill(str(round(last * share)))
        assert in_view(), share
    opened.assert_clean()


def test_the_clock_reads_the_timelines_local_time_and_utc(site: Site, open_map: OpenMap) -> None:
    mj = site.journeys["2019-hanoi"]
    t0 = mj.schedule.anchors[0][0]
    opened = open_map(site.page("2019-hanoi"))
    page = opened.page
    slider = page.locator("#jr-slider")
    checked = 0
    for event in mj.trip.timeline.events:
        seconds = event.earliest.timestamp() - t0
        if not event.local.exact or seconds % 60:
            continue
        slider.fill(str(int(seconds // 60)))
        expected = f"{event.local_text} local (UTC{event.offset}) · {event.utc_text} UTC"
        assert page.locator("#jr-clock").inner_text() == expected, mj.journey.stops[event.stop_index].name
        checked += 1
    assert checked >= 3
    opened.assert_clean()
