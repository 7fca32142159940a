"""`journeys map`: pages that load nothing from the network, stay small, escape every record text,
and play the train on a schedule that respects the reported windows.

These tests read the generated HTML; test_maps_browser.py opens the pages in Chromium. The test
records give their stops' coordinates, so they do not depend on the gazetteers being filled in.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import shapely

from journeys.check.window import Window
from journeys.records.files import find_record, load_records, read_record
from journeys.render.assets import json_script, leaflet_css, leaflet_js, script_tag
from journeys.render.chart import ChartData, TimeBar, time_distance_svg
from journeys.render.compact import inflate
from journeys.render.maps import DATA_ID, JOURNEY_DETAIL, journey_page, overview_page, write_maps
from journeys.render.popups import display_coords, link, safe_url, speed_class
from journeys.render.schedule import MappedJourney, make_schedule, map_records
from tests.conftest import RunCli

TWO_MB = 2 * 1024 * 1024
XSS_NAME = "<img src=x onerror=alert(1)>"

SOUTH = """\
id: maptest-south
title: Test journey from Nanning by train to Dong Dang and by car to Hanoi
traveller: A test traveller
year: 2019
summary: A made-up journey for the map tests.
sources:
  - id: test-a
    publisher: Test Wire
    title: Test story about the train
    date: 2019-02-26
    url: https://example.org/story
  - id: test-b
    publisher: unknown
    title: A stored test story
    seed: 000_test.txt
stops:
  - name: Nanning
    country: CN
    lat: 22.830144
    lon: 108.310833
    role: origin
    departure:
      - time: 2019-02-25 17:00 / 2019-02-25 18:00
        source: test-a
        quote: the train left Nanning late in the afternoon
  - name: Pingxiang
    country: CN
    lat: 22.093889
    lon: 106.766111
    role: pass
  - name: Dong Dang
    country: VN
    lat: 21.94389
    lon: 106.69722
    role: border
    arrival:
      - time: 2019-02-26 08:10
        source: test-a
        quote: the train pulled into Dong Dang at 8.10 a.m.
      - time: 2019-02-26 morning
        source: test-b
        quote: arrived at the border station in the morning
    departure:
      - time: 2019-02-26 08:30
        source: test-a
        quote: the motorcade left Dong Dang at 8.30
  - name: Hanoi
    country: VN
    lat: 21.02417
    lon: 105.84083
    role: destination
    arrival:
      - time: 2019-02-26 late morning
        source: test-a
        quote: reached Hanoi before noon
legs:
  - from: Dong Dang
    to: Hanoi
    mode: road
    geometry: [[21.94389, 106.69722], [21.85, 106.76], [21.4, 106.4], [21.02417, 105.84083]]
claims:
  - source: test-a
    quote: The journey from Nanning to Hanoi took about 17 hours.
    kind: duration
    says: about 17 hours
  - source: test-b
    quote: a trip of some 400 km
    kind: distance
    says: some 400 km
  - source: test-a
    quote: He arrived in Hanoi.
    kind: destination
    says: arrived in Hanoi
    place: Hanoi
"""

XSS = """\
id: maptest-xss
title: '<script>alert("title")</script> {{ 7*7 }} ${alert(9)}'
traveller: '<b>nobody</b>'
year: 2020
summary: '<img src=x onerror=alert(5)> {% raw %}'
sources:
  - id: evil
    publisher: '<img src=x onerror=alert(2)>'
    title: '</script><script>alert(3)</script>'
    url: 'https://example.org/?q="><script>alert(4)</script>'
stops:
  - name: '<img src=x onerror=alert(1)>'
    country: CN
    lat: 40.0
    lon: 116.0
    role: origin
    note: '<iframe src=javascript:alert(10)></iframe>'
    departure:
      - time: 2020-01-01 10:00
        source: evil
        quote: '"><svg onload=alert(6)> ${alert(7)} {{ 7*7 }}'
  - name: Plain stop
    lat: 41.0
    lon: 117.0
    role: destination
    arrival:
      - time: 2020-01-01 14:00
        source: evil
        quote: 'arrived <b>late</b>'
legs:
  - from: '<img src=x onerror=alert(1)>'
    to: Plain stop
    mode: road
claims:
  - source: evil
    quote: 'went to <img src=x onerror=alert(1)> by train'
    kind: destination
    says: 'went to <img src=x onerror=alert(1)>'
    place: '<img src=x onerror=alert(1)>'
"""

NO_TIMES = """\
id: maptest-untimed
title: Test journey without a reported time
traveller: A test traveller
year: 2020
sources:
  - id: s
    publisher: Test Wire
    title: Untimed story
    url: https://example.org/untimed
stops:
  - {name: Here, lat: 40.0, lon: 116.0, role: origin}
  - {name: There, lat: 40.5, lon: 116.5, role: destination}
legs:
  - {from: Here, to: There, mode: road}
"""

UNKNOWN_PLACE = """\
id: maptest-nowhere
title: Test journey to a place no gazetteer knows
traveller: A test traveller
year: 2020
sources:
  - {id: s, publisher: Test Wire, title: Story, url: "https://example.org/nowhere"}
stops:
  - {name: Here, lat: 40.0, lon: 116.0, role: origin}
  - {name: Qwxzyville Central, role: destination}
"""

TEST_RECORDS = {"maptest-south": SOUTH, "maptest-xss": XSS}
#: Strings of the XSS record that must never reach the page as markup.
RAW_MARKUP = ("<img src=x", "<svg onload", "<script>alert", "</script><script>", "<iframe", '" onmouseover="',
              "<b>nobody</b>", "<b>late</b>")


def write_records(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for journey_id, text in texts.items():
        (folder / f"{journey_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def map_texts(texts: dict[str, str], folder: Path) -> dict[str, MappedJourney]:
    """Map the given records (read directly, so other records cannot interfere)."""
    write_records(folder, texts)
    mapped, errors = map_records([read_record(folder / f"{i}.yaml") for i in texts])
    assert not errors
    return {m.journey.id: m for m in mapped}


def page_data(page: str) -> dict[str, Any]:
    """The JSON the page script draws from, its encoded lines decoded as the page script does."""
    match = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', page, re.S)
    assert match, "no data element"
    data: dict[str, Any] = inflate(json.loads(match.group(1)))
    return data


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, MappedJourney]:
    return map_texts(TEST_RECORDS, tmp_path_factory.mktemp("records"))


@pytest.fixture(scope="module")
def pages(mapped: dict[str, MappedJourney], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("maps")
    paths = write_maps(list(mapped.values()), out)
    return {path.stem: path.read_text(encoding="utf-8") for path in paths}


# -- self-contained and small ---------------------------------------------------------------------

def external_references(page: str) -> list[str]:
    """src/href of every script, link, img and iframe element that points off the file."""
    found = re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", page, re.I)
    return [url for url in found if re.match(r"(?:https?:)?//", url, re.I)]


def test_self_contained_pages_reference_nothing_on_the_network(pages: dict[str, str]) -> None:
    assert set(pages) == {"maptest-south", "maptest-xss", "index"}
    for name, page in pages.items():
        assert external_references(page) == [], name
        assert leaflet_js()[:200] in page, f"{name}: Leaflet is not inlined"
        assert "url(images/" not in page


def test_cdn_pages_link_folium_defaults_and_are_smaller(mapped: dict[str, MappedJourney], pages: dict[str, str]) -> None:
    journey = mapped["maptest-south"]
    from journeys.render.maps import journey_page

    linked = journey_page(journey, self_contained=False)
    assert any("leaflet" in url and url.endswith(".js") for url in external_references(linked))
    assert leaflet_js()[:200] not in linked
    assert len(linked) < len(pages["maptest-south"]) / 2
    # the inlined plugins and page script need L: they come after the linked Leaflet
    leaflet_link = max(linked.index(url) for url in external_references(linked) if url.endswith("leaflet.js"))
    assert leaflet_link < linked.index("L.PolylineOffset") and leaflet_link < linked.index("window.Journeys")


def test_pages_are_small(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        assert len(page.encode("utf-8")) < TWO_MB, name


@pytest.fixture(scope="module")
def bundled() -> list[MappedJourney]:
    mapped, errors = map_records(load_records())
    assert mapped, f"no bundled journey could be mapped: {errors}"
    return mapped


def test_overview_of_the_bundled_journeys_is_under_2_mb(bundled: list[MappedJourney]) -> None:
    size = len(overview_page(bundled).encode("utf-8"))
    assert size < TWO_MB, f"{size:,} bytes for {len(bundled)} journeys"


# -- escaping -------------------------------------------------------------------------------------

def test_record_text_never_reaches_the_page_as_markup(pages: dict[str, str]) -> None:
    for name in ("maptest-xss", "index"):
        for raw in RAW_MARKUP:
            assert raw not in pages[name], f"{name}: {raw!r} is in the page unescaped"


def test_record_text_is_shown_escaped(pages: dict[str, str]) -> None:
    page = pages["maptest-xss"]
    assert "<title>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; {{ 7*7 }} ${alert(9)}" in page
    # no template engine saw the record's text: "{{ 7*7 }}" never became "49" (folium's random element
    # ids may contain "49", so look only where the record's text is shown)
    assert not re.search(r"&lt;/script&gt; 49 ", page)
    title = '<script>alert("title")</script> {{ 7*7 }} ${alert(9)}'
    assert f"<h1>{html.escape(title)}</h1>" in page
    data = page_data(page)
    stop = data["stops"][0]
    assert stop["name"] == XSS_NAME  # raw, for textContent only
    assert f"<h3>{html.escape(XSS_NAME)}</h3>" in stop["popup_html"]
    assert html.escape(XSS_NAME) in stop["tooltip_html"]
    arrival = data["stops"][1]["popup_html"]
    # the record's URL arrives percent-encoded by the model; nothing in it can leave the attribute
    assert re.findall(r'href="[^"]*"', arrival) == ['href="https://example.org/?q=%22%3E%3Cscript%3Ealert(4)%3C/script%3E"']


def test_json_payload_cannot_end_its_element() -> None:
    element = json_script("x", json.dumps({"a": "</script><script>alert(1)</script> & <!--"}))
    assert element.count("</script>") == 1 and "<script>alert" not in element and "<!--" not in element
    assert json.loads(element[element.index(">") + 1:-len("</script>")]) == {
        "a": "</script><script>alert(1)</script> & <!--"}


def test_inline_script_cannot_end_its_element() -> None:
    assert script_tag('var s = "</script><b>";').count("</script>") == 1
    assert script_tag("var s = '</SCRIPT>';").count("</SCRIPT>") == 0


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a?b=c", "https://example.org/a?b=c"),
    ("http://example.org", "http://example.org"),
    ("  HTTPS://example.org/x ", "https://example.org/x"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//example.org/no-scheme", None),
    ("https:///no-host", None),
    ("ftp://example.org/file", None),
    ("seed-003", None),
])
def test_only_http_urls_are_links(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_link_escapes_text_and_href() -> None:
    assert link("javascript:alert(1)", "<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert link('https://e.org/"><x>', "<b>") == ('<a href="https://e.org/&quot;&gt;&lt;x&gt;" target="_blank" '
                                                 'rel="noopener noreferrer">&lt;b&gt;</a>')


def test_leaflet_css_carries_its_images() -> None:
    css = leaflet_css()
    assert "url(images/" not in css and "url(data:image/png;base64," in css


# -- what the pages show --------------------------------------------------------------------------

def test_journey_page_data_has_a_leg_per_pair_of_stops(pages: dict[str, str], mapped: dict[str, MappedJourney]) -> None:
    data = page_data(pages["maptest-south"])
    journey = mapped["maptest-south"].journey
    assert [s["name"] for s in data["stops"]] == [s.name for s in journey.stops]
    legs = data["legs"]
    assert len(legs) == len(journey.stops) - 1
    route = mapped["maptest-south"].route
    assert [leg["coords"] for leg in legs] == [display_coords(leg.coords, JOURNEY_DETAIL) for leg in route.legs]
    assert all(len(leg["coords"]) >= 2 for leg in legs)
    assert [leg["estimate"] for leg in legs][-1] is False  # the road leg follows its record geometry
    dong_dang = data["stops"][2]["popup_html"]
    for text in ("Border crossing", "2019-02-26 08:10 local (UTC+07:00)", "UTC 2019-02-26 01:10",
                 "the train pulled into Dong Dang at 8.10 a.m.", 'href="https://example.org/story"',
                 "Departure"):
        assert text in dong_dang
    assert "000_test.txt" not in dong_dang  # the record's bookkeeping is not the reader's business


def test_claims_panel_lists_verdicts_and_explanations(pages: dict[str, str], mapped: dict[str, MappedJourney]) -> None:
    page = pages["maptest-south"]
    for check in mapped["maptest-south"].check.claims:
        assert f'<span class="jr-verdict {check.verdict}">{check.verdict}</span>' in page
        assert html.escape(check.explanation) in page


def test_overview_has_a_layer_per_journey(pages: dict[str, str]) -> None:
    page = pages["index"]
    data = page_data(page)
    assert [j["id"] for j in data["journeys"]] == ["maptest-south", "maptest-xss"]
    # a layer per journey, and one for the names on the map
    assert page.count("L.featureGroup(") == 2 + 1 and "L.control.layers(" in page
    assert 'href="maptest-south.html"' in page


# -- the played schedule --------------------------------------------------------------------------

def test_schedule_keeps_reported_times_inside_their_windows(mapped: dict[str, MappedJourney]) -> None:
    mj = mapped["maptest-south"]
    schedule = mj.schedule
    for event in mj.trip.timeline.events:
        moment = schedule.reach[event.stop_index] if event.kind == "arrival" else schedule.leave[event.stop_index]
        assert event.earliest.timestamp() <= moment <= event.latest.timestamp(), event
    anchors = schedule.anchors
    assert all(a[0] <= b[0] and a[1] <= b[1] for a, b in itertools.pairwise(anchors))


def test_unreported_stop_is_placed_evenly_between_its_neighbours(mapped: dict[str, MappedJourney]) -> None:
    s = mapped["maptest-south"].schedule  # Pingxiang, stop 1, has no time
    share = (s.stop_km[1] - s.stop_km[0]) / (s.stop_km[2] - s.stop_km[0])
    assert s.reach[1] == pytest.approx(s.leave[0] + (s.reach[2] - s.leave[0]) * share)


def test_journey_without_times_runs_at_the_assumed_speed(tmp_path: Path) -> None:
    mj = map_texts({"maptest-untimed": NO_TIMES}, tmp_path)["maptest-untimed"]
    schedule = make_schedule(mj.trip, mj.route, 50.0)
    assert schedule.relative
    assert schedule.reach[1] == pytest.approx(mj.route.km / 50.0 * 3600)


@pytest.mark.parametrize("window, expected", [
    (None, "unknown"), (Window(20, 40), "slower"), (Window(40, 80), "fits"), (Window(61, 90), "faster"),
    (Window(120, 200), "implausible"),
])
def test_speed_class(window: Window | None, expected: str) -> None:
    assert speed_class(window, 60.0, 100.0) == expected


def test_chart_is_valid_svg_with_a_bar_per_window() -> None:
    data = ChartData(path=[(0.0, 0.0), (3600.0, 50.0), (7200.0, 50.0)],
                     bars=[TimeBar(0.0, 0.0, 600.0, "departure", "A <b>"), TimeBar(50.0, 3000.0, 4000.0, "arrival", "B")],
                     stops=[(0.0, "<A>"), (50.0, "B & C")], speed_kmh=60.0, total_km=50.0)
    root = ET.fromstring(time_distance_svg(data))
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(f"{ns}rect") if "jr-bar" in r.get("class", "")]
    assert len(bars) == 2
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "<A>" in texts and "B & C" in texts
    assert root.find(f"{ns}line[@id='jr-chart-cursor']") is not None


# -- the command ----------------------------------------------------------------------------------

def test_map_command_writes_pages_and_index(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "umask", lambda mask: 0o022)
    folder = write_records(tmp_path / "records", TEST_RECORDS)
    out = tmp_path / "out"
    result = run_cli("map", "--records", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    written = [Path(p) for p in result.stdout.split()]
    assert written[-1] == out / "index.html"
    assert {out / f"{i}.html" for i in TEST_RECORDS} <= set(written)
    assert all(p.is_file() for p in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)  # no temporary files left
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in written)  # readable by others (umask 022)


def test_map_command_for_one_journey_leaves_the_overview_of_all(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", TEST_RECORDS)
    out = tmp_path / "out"
    assert run_cli("map", "--records", str(folder), "--out", str(out)).exit_code == 0
    overview = (out / "index.html").read_bytes()
    result = run_cli("map", "maptest-south", "--records", str(folder), "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / "maptest-south.html")]
    assert (out / "index.html").read_bytes() == overview
    assert set(TEST_RECORDS) <= {j["id"] for j in page_data(overview.decode("utf-8"))["journeys"]}


def test_map_command_writes_to_maps_in_the_current_folder(run_cli: RunCli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_records(tmp_path / "records", {"maptest-south": SOUTH})
    monkeypatch.chdir(tmp_path)
    result = run_cli("map", "maptest-south", "--records", str(folder), "--speed", "50")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "maps" / "maptest-south.html").read_text(encoding="utf-8")
    assert "assumed 50 km/h" in page


def test_map_command_reports_a_record_it_cannot_map_and_writes_the_rest(run_cli: RunCli, tmp_path: Path) -> None:
    folder = write_records(tmp_path / "records", {"maptest-south": SOUTH, "maptest-nowhere": UNKNOWN_PLACE})
    out = tmp_path / "out"
    result = run_cli("map", "maptest-nowhere", "maptest-south", "--records", str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert "Error: maptest-nowhere:" in result.stderr and "Qwxzyville Central" in result.stderr
    assert (out / "maptest-south.html").is_file() and not (out / "index.html").exists()  # ids given: no overview
    assert not (out / "maptest-nowhere.html").exists()


def test_map_command_unknown_id_is_one_clean_line(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("map", "no-such-journey", "--out", str(tmp_path))
    assert result.exit_code == 1 and "no journey with id 'no-such-journey'" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_core_does_not_import_folium() -> None:
    modules = "journeys.cli, journeys.check.analysis, journeys.check.views, journeys.render.chart, journeys.render.assets"
    code = f"import sys, {modules}, journeys.render.schedule; print(sorted(m for m in ('folium', 'branca') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- the offline background -----------------------------------------------------------------------

def test_the_offline_land_holds_every_station_and_leaves_the_sea_open() -> None:
    from journeys.geo.trip import make_trip
    from journeys.render.maps import page_land
    from journeys.render.schedule import map_journey

    mj = map_journey(make_trip(find_record(load_records(), "2025-beijing")))
    land = shapely.union_all([shapely.make_valid(shapely.Polygon(rings[0], rings[1:])) for rings in page_land([mj])])
    for lat, lon in mj.trip.coords:
        assert land.buffer(0.02).contains(shapely.Point(lon, lat)), (lat, lon)
    assert not land.contains(shapely.Point(123.3, 36.3)), "the Yellow Sea is drawn as land"
    assert not land.contains(shapely.Point(120.5, 39.0)), "the Bohai Sea is drawn as land"
    west, south, east, north = land.bounds
    assert west < 115.5 and east > 131 and south < 35 and north > 44, "the land does not reach around the route"
    # beyond the detailed box the countries around it go on, coarser: no rectangle of land in a sea
    assert land.buffer(0.2).contains(shapely.Point(37.62, 55.76)), "Moscow, far outside the box, is drawn as sea"


# -- a reader's page ------------------------------------------------------------------------------

def test_every_distance_on_a_page_is_the_one_journeys_check_gives(bundled: list[MappedJourney]) -> None:
    for mj in bundled:
        page = journey_page(mj)
        data = page_data(page)
        route = html.escape(str(mj.check.distance_km))
        assert f"· {route} km" in page, f"{mj.journey.id}: the header does not give the checked distance"
        assert data["distance_text"] == str(mj.check.distance_km)  # the time panel's figure
        for leg, check in zip(data["legs"], mj.check.legs, strict=True):
            assert f"{html.escape(str(check.distance_km))} km" in leg["popup_html"], mj.journey.id
            assert f"takes {check.assumed_h:,.1f} h" in leg["popup_html"], mj.journey.id
        # the reader is never told how to edit the record, nor which stored story a source came from
        assert "give the leg" not in page and "stored story" not in page, mj.journey.id
        assert "— “" not in page, f"{mj.journey.id}: a citation opens with the quoted time, not its source"


def test_a_flag_reaches_the_reader_without_the_advice_to_the_author() -> None:
    from journeys.render.popups import reader_flag

    # a flag in the form the router has used for a leg routed far around: the advice after '; give' is cut
    flag = "suspect detour: 1,900 km by rail is 2.6× the 730 km straight line; give the leg a 'via' place to correct it"
    assert reader_flag(flag) == "suspect detour: 1,900 km by rail is 2.6× the 730 km straight line"
    assert reader_flag("gauge change at Khasan") == "gauge change at Khasan"
