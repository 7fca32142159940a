"""The background in a real browser, offline: a tile layer that cannot load says so, and the drawn land
stays under it rather than a blank grey map.

Headless Chromium opens a bundled journey's page from a file:// URL with every other request refused
(see tests/test_maps_browser.py, whose browser and page fixtures these tests share).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from journeys.records.files import find_record, load_records
from journeys.render.maps import write_maps
from journeys.render.schedule import map_records
from tests.test_maps_browser import OpenMap, browser, open_map, screenshot  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

NOTE = "Map tiles could not load (offline?); the drawn land and borders remain"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mapped, errors = map_records([find_record(load_records(), "2025-beijing")])
    assert mapped, errors
    out = tmp_path_factory.mktemp("maps")
    write_maps(mapped, out)
    return out


def base_layer(page: Page, name: str) -> Locator:
    """The radio button of a base layer in the layer control."""
    return page.locator(".leaflet-control-layers-base label", has_text=name).locator("input")


def land_tiles(page: Page) -> int:
    """How many of the plain background's canvas tiles are in the page."""
    count: int = page.evaluate("document.querySelectorAll('.leaflet-tile-container canvas, canvas.leaflet-tile').length")
    return count


def test_openstreetmap_offline_says_tiles_did_not_load_and_keeps_the_land(
        pages: Path, open_map: OpenMap) -> None:  # noqa: F811 (the shared fixture)
    opened = open_map(pages / "2025-beijing.html")
    page = opened.page
    assert page.locator(".jr-tile-note").count() == 0, "a note before any tile was asked for"
    page.hover(".leaflet-control-layers")  # collapsed until pointed at
    base_layer(page, "OpenStreetMap").check()
    note = page.locator(".jr-tile-note")
    note.wait_for(state="visible", timeout=10_000)
    assert note.inner_text() == NOTE
    assert any("tile.openstreetmap.org" in url for url in opened.requests), "no tile was asked for"
    assert land_tiles(page) > 0, "the drawn land is gone under the tiles that failed"
    screenshot(page, "tile-note")
    # back to the plain background: the note goes, the land stays
    page.hover(".leaflet-control-layers")
    base_layer(page, "Plain background").check()
    note.wait_for(state="hidden", timeout=5_000)
    assert land_tiles(page) > 0


def test_the_page_script_decodes_every_line_as_python_does(pages: Path, open_map: OpenMap) -> None:  # noqa: F811
    from tests.test_maps import page_data

    path = pages / "2025-beijing.html"
    expected = page_data(path.read_text(encoding="utf-8"))
    page = open_map(path).page
    read = page.evaluate("() => { const d = Journeys.readData('journeys-data');"
                         " return {legs: d.legs.map(l => l.coords), land: d.land}; }")
    assert read["legs"] == [leg["coords"] for leg in expected["legs"]]
    assert read["land"] == expected["land"]
