"""The offline land and borders hold their detail where a reader zooms in: at the border crossings.

Checked on the real Natural Earth data and the bundled journeys' real routes: near the Tumen mouth
(Khasan/Tumangang) and at Dong Dang/Pingxiang, the land a page draws is valid, no two countries
overlap (an overlap is the sliver a reader saw along the Tumen), and its outline stays within a
pixel at zoom 10 of Natural Earth's full 1:10m outline, whatever the page's overall detail.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
import shapely

from journeys.geo.trip import make_trip
from journeys.records.files import find_record, load_records
from journeys.render import background as basemap
from journeys.render.compact import decode
from journeys.render.maps import page_land
from journeys.render.schedule import MappedJourney, map_journey

#: a pixel at zoom 10 in degrees of longitude (256 × 2^10 pixels round the globe)
PIXEL_Z10 = 360 / (256 * 2**10)
PLACES = Path(__file__).resolve().parents[1] / "geodata" / "places"
TUMEN_MOUTH = shapely.box(130.3, 42.1, 130.9, 42.7)
DONG_DANG = shapely.box(106.4, 21.7, 107.0, 22.3)


def journey(journey_id: str) -> MappedJourney:
    return map_journey(make_trip(find_record(load_records(), journey_id)))


def polygons_near(land: list[basemap.Polygon], area: shapely.Geometry) -> list[shapely.Polygon]:
    return [p for p in (shapely.Polygon(rings[0], rings[1:]) for rings in land) if p.intersects(area)]


@pytest.mark.parametrize(("journey_id", "area"), [("2001-moscow", TUMEN_MOUTH), ("2023-russia", TUMEN_MOUTH),
                                                  ("2019-hanoi", DONG_DANG)])
def test_land_at_a_border_crossing_is_valid_unoverlapped_and_fine_at_zoom_10(journey_id: str,
                                                                            area: shapely.Geometry) -> None:
    near = polygons_near(page_land([journey(journey_id)]), area)
    assert len(near) >= 2, "both countries of the crossing are drawn"
    for polygon in near:
        assert shapely.is_valid(polygon), shapely.is_valid_reason(polygon)
        for ring in (polygon.exterior, *polygon.interiors):
            assert ring.is_simple, f"{journey_id}: a ring crosses itself near {ring.coords[0]}"
    for a, b in itertools.combinations(near, 2):
        overlap = shapely.intersection(shapely.intersection(a, b), area).area
        assert overlap < 1e-9, f"{journey_id}: two countries overlap at the crossing"
    full = countries_in(area)
    drawn = shapely.intersection(shapely.union_all(near), area)
    assert shapely.hausdorff_distance(full.boundary, drawn.boundary) < PIXEL_Z10, \
        f"{journey_id}: the coast or border at the crossing is coarser than a pixel at zoom 10"


def countries_in(area: shapely.Geometry) -> shapely.Geometry:
    """Natural Earth's full 1:10m land, as the shapefile gives it, cut to ``area``."""
    full = basemap.countries()[basemap.LEVELS.index(basemap.FULL)]
    return shapely.intersection(shapely.union_all(full[shapely.intersects(full, area)]), area)


def test_a_route_crosses_borders_where_the_crossing_stations_are() -> None:
    found = basemap.crossings(np.concatenate([leg.coords for leg in journey("2019-hanoi").route.legs]))
    # Sinuiju/Dandong on the Yalu and Dong Dang/Pingxiang, each within the route's sampling step of the border
    assert any(abs(lon - 124.4) <= 0.2 and abs(lat - 40.1) <= 0.2 for lon, lat in found), found
    assert any(abs(lon - 106.7) <= 0.2 and abs(lat - 22.0) <= 0.2 for lon, lat in found), found
    assert len(found) == 2, f"the trip crosses two borders, each counted once on the way out and back: {found}"


def test_away_from_crossings_the_land_stays_simplified() -> None:
    """Full detail only in the windows: elsewhere a page as wide as 2001-moscow's stays light."""
    mj = journey("2001-moscow")
    land = page_land([mj])
    east_korean_coast = shapely.box(127.5, 38.5, 129.5, 40.5)  # hundreds of km from Khasan's window
    drawn = shapely.intersection(shapely.union_all(polygons_near(land, east_korean_coast)), east_korean_coast)
    full = countries_in(east_korean_coast)
    assert shapely.get_num_coordinates(drawn) < shapely.get_num_coordinates(full) / 3, \
        "the land far from any crossing is drawn at full detail"


def gazetteer() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every place in the bundled gazetteer, by id."""
    places = {}
    for path in PLACES.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                places[row["id"]] = (float(row["lon"]), float(row["lat"]))
    return places


@pytest.mark.parametrize(("one", "other"), [("zabaikalsk", "manzhouli"), ("naushki", "sukhbaatar-mn"),
                                            ("erenhot", "zamyn-uud"), ("khasan", "tumangang")])
def test_a_line_between_two_border_stations_gets_one_fine_window(one: str, other: str) -> None:
    """Crossings no bundled journey makes are found the same way: from the route, not from a list."""
    places = gazetteer()
    a, b = np.array(places[one]), np.array(places[other])
    line = np.linspace(a, b, 20)
    found = basemap.crossings(line)
    assert len(found) == 1, found
    assert np.hypot(*(np.array(found[0]) - (a + b) / 2)) < 0.3, f"the crossing is far from between {one} and {other}"
    area = shapely.box(*(found[0][0] - 0.3, found[0][1] - 0.3, found[0][0] + 0.3, found[0][1] + 0.3))
    bounds = (float(min(a[0], b[0])), float(min(a[1], b[1])), float(max(a[0], b[0])), float(max(a[1], b[1])))
    near = polygons_near(basemap.land(bounds, found), area)
    assert len(near) >= 2 and all(shapely.is_valid(p) for p in near)


def test_a_pages_land_is_cut_once_and_read_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second page of a region reads the land the first cut, to the last digit; a damaged file is cut anew."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    mapped = journey("2019-hanoi")
    routes = [np.concatenate([leg.coords for leg in mapped.route.legs])]
    at = tuple(sorted({c for route in routes for c in basemap.crossings(route)}))
    bounds = (105.0, 20.0, 126.0, 42.0)
    cut = basemap.cut_land(bounds, at)

    def kept() -> list[basemap.Polygon]:  # the in-process memo left out: the disk is what is tested
        return [[decode(ring) for ring in polygon] for polygon in basemap.land_data.__wrapped__(bounds, at)]

    first = kept()
    (stored,) = (tmp_path / "journeys" / "page-land").glob("*.json")
    assert first == cut
    assert kept() == cut
    stored.write_text("[[[[1, 2", encoding="utf-8")
    assert kept() == cut


def test_a_routes_crossings_are_walked_once_and_read_back_the_same(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept by the route's points: the same route reads them back, another route is walked; a damaged file is walked anew."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    route = np.concatenate([leg.coords for leg in journey("2019-hanoi").route.legs])
    walked = basemap.find_crossings(route)
    assert len(walked) >= 2  # out through Dandong and Pingxiang at least
    assert basemap.crossings(route) == walked
    (stored,) = (tmp_path / "journeys" / "crossings").glob("*.json")
    assert basemap.crossings(route) == walked
    stored.write_text("[[1", encoding="utf-8")
    assert basemap.crossings(route) == walked
    assert basemap.crossings(route[: len(route) // 3]) == basemap.find_crossings(route[: len(route) // 3])
    assert len(list((tmp_path / "journeys" / "crossings").glob("*.json"))) == 2


def test_a_journeys_crossings_are_found_once_for_its_page_and_the_overview(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from journeys.render.maps import journey_page, overview_page

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    walked: list[int] = []
    find = basemap.find_crossings

    def counted(points: np.ndarray) -> tuple[tuple[float, float], ...]:
        walked.append(len(points))
        return find(points)

    monkeypatch.setattr(basemap, "find_crossings", counted)
    mapped = [journey("2019-hanoi"), journey("2018-beijing")]
    for mj in mapped:
        assert "L.featureGroup(" in journey_page(mj)
    assert "drawOverview" in overview_page(mapped)
    assert len(walked) == 2
    assert all(len(mj.crossings) >= 1 for mj in mapped)  # both cross the Yalu

