"""Routing along the rail network: the right way, measured the same both ways, estimates marked."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.geo.gazetteer import curated
from journeys.geo.geocode import geodesic_km
from journeys.geo.network import bundled_network, load_network_file
from journeys.geo.route import legs_frame, route_trip
from journeys.geo.router import Router
from journeys.geo.trip import make_trip
from journeys.records.files import find_record, load_records

NETWORK_PLACES = sorted(n for n in bundled_network().graph.nodes if isinstance(n, str))


def latlon(place_id: str) -> tuple[float, float]:
    place = curated().by_id[place_id]
    return place.lat, place.lon


def passes_near(coords: object, place_id: str, km: float = 2.0) -> bool:
    lat, lon = latlon(place_id)
    return any(geodesic_km((lat, lon), (y, x)) <= km for x, y in coords)  # type: ignore[attr-defined]


def path_km(a: str, b: str) -> float:
    sections = Router(bundled_network()).path_sections([latlon(a), latlon(b)])
    return sum(section.length_km for section, _, _ in sections)


def test_pyongyang_to_beijing_goes_by_sinuiju_dandong_and_shenyang() -> None:
    sections = Router(bundled_network()).path_sections([latlon("pyongyang"), latlon("beijing")])
    coords = [xy for section, forward, _ in sections for xy in (section.coords if forward else section.coords[::-1])]
    for place in ("sinuiju", "dandong", "shenyang"):
        assert passes_near(coords, place), place
    straight = geodesic_km(latlon("pyongyang"), latlon("beijing"))
    assert 1.3 * straight < sum(s.length_km for s, _, _ in sections) < 1.8 * straight


@pytest.mark.parametrize("journey_id", [r.journey.id for r in load_records()])
def test_every_rail_leg_of_every_bundled_journey_is_routed(journey_id: str) -> None:
    route = route_trip(make_trip(find_record(load_records(), journey_id)))
    for leg in route.legs:
        if leg.mode == "rail":
            assert not leg.is_estimate, f"{journey_id} leg {leg.start}->{leg.end}: {leg.estimate_reason}"
            if "estimate" in leg.method:  # only a stop standing off the track, and then said so
                assert any("from the nearest track: that stretch is estimated" in flag for flag in leg.flags)
            assert set(leg.method.split("+")) <= {"posts", "published", "geometry", "estimate"}


def test_the_same_journey_routed_twice_gives_the_same_length() -> None:
    record = find_record(load_records(), "2019-hanoi")
    first, second = (route_trip(make_trip(record)).km for _ in range(2))
    assert first == second


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NETWORK_PLACES), st.sampled_from(NETWORK_PLACES))
def test_a_route_and_its_reverse_have_the_same_length(a: str, b: str) -> None:
    try:
        forward = path_km(a, b)
    except Exception as err:  # places on parts of the network that do not connect: both ways must fail alike
        with pytest.raises(type(err)):
            path_km(b, a)
        return
    assert path_km(b, a) == pytest.approx(forward, rel=1e-9)


def test_road_legs_are_estimates_with_a_reason() -> None:
    route = route_trip(make_trip(find_record(load_records(), "2019-hanoi")))
    road = [leg for leg in route.legs if leg.mode == "road"]
    assert road
    for leg in road:
        assert leg.is_estimate and "road leg" in (leg.estimate_reason or "")
        if leg.reported is None:
            assert leg.km == pytest.approx(leg.straight_km * 1.3)
        else:  # the drive to Hanoi: AsiaNews gives its length
            assert (leg.reported, leg.km, leg.method) == ("about 170 km", 170.0, "reported")
    assert [leg.reported for leg in road] == ["about 170 km", None]


@pytest.mark.parametrize(("journey_id", "stop", "gauges"), [
    ("2019-hanoi", "Dong Dang", "1,000 mm / 1,435 mm"),
    ("2023-russia", "Khasan", "1,435 mm / 1,520 mm"),
])
def test_stops_where_the_gauge_changes_are_reported(journey_id: str, stop: str, gauges: str) -> None:
    route = route_trip(make_trip(find_record(load_records(), journey_id)))
    texts = [text for _, text in route.gauge_breaks]
    assert f"{stop}: tracks of {gauges} meet here" in texts


def test_a_users_network_is_used_before_the_bundled_one(tmp_path: Path) -> None:
    record = find_record(load_records(), "2025-beijing")
    trip = make_trip(record)
    a, b = trip.coords[0], trip.coords[1]  # Pyongyang, Sinuiju
    path = tmp_path / "shortcut.gpkg"
    frame = geopandas.GeoDataFrame(
        {"id": ["shortcut"], "line": ["A test line"], "gauge_mm": [1435]},
        geometry=geopandas.GeoSeries.from_wkt([f"LINESTRING ({a[1]} {a[0]}, {b[1]} {b[0]})"]), crs="EPSG:4326",
    )
    frame.to_file(path, driver="GPKG")
    route = route_trip(trip, [load_network_file(path)])
    first = route.legs[0]
    assert first.network == "shortcut.gpkg"
    assert first.km == pytest.approx(geodesic_km(a, b), rel=1e-6)
    assert route.legs[2].network == "bundled network"  # Dandong onwards is not in the user's file


def test_an_unreadable_network_file_is_a_clear_error(tmp_path: Path) -> None:
    from journeys.errors import NetworkFileError

    bad = tmp_path / "track.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [125, 39]}}]}))
    with pytest.raises(NetworkFileError, match="has no line geometry"):
        load_network_file(bad)


def test_legs_are_one_call_from_a_geodataframe() -> None:
    route = route_trip(make_trip(find_record(load_records(), "2025-beijing")))
    frame = legs_frame(route)
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == len(route.legs)
    assert frame.geometry.geom_type.unique().tolist() == ["LineString"]
    assert frame["km"].sum() == pytest.approx(route.km)


ROOT = Path(__file__).resolve().parents[1]


def test_the_section_table_in_geodata_readme_is_current() -> None:
    from click.testing import CliRunner

    from journeys.cli import main

    table = CliRunner().invoke(main, ["sections", "--format", "markdown"]).output.strip()
    readme = (ROOT / "geodata" / "README.md").read_text()
    block = readme.split("<!-- sections:start -->\n", 1)[1].split("\n<!-- sections:end -->", 1)[0]
    assert block == table, "run: journeys sections --format markdown, and paste it into geodata/README.md"


def test_no_section_geometry_is_longer_than_its_reference() -> None:
    """Station-to-station geometry may fall short of the track (chords), never exceed it: that means a wrong point."""
    from journeys.geo.chainage import reference_km

    checked = 0
    for section in bundled_network().sections:
        reference = reference_km(section)
        if reference is None:
            continue
        checked += 1
        assert section.length_km <= reference[0] * 1.03, (section.id, section.length_km, reference)
    assert checked >= 25


def test_a_leg_over_a_section_with_posts_is_measured_by_them() -> None:
    from journeys.geo.chainage import posts_km

    sections = Router(bundled_network()).path_sections([latlon("dandong"), latlon("shenyang")])
    (section, _, _), = sections
    assert posts_km(section) == pytest.approx(277.0)
    route = route_trip(make_trip(find_record(load_records(), "2025-beijing")))
    dandong_shenyang = next(leg for leg in route.legs if route.trip.journey.stops[leg.start].name == "Dandong")
    assert dandong_shenyang.km == pytest.approx(277.0) and dandong_shenyang.method == "posts"
    assert dandong_shenyang.geometry_km < dandong_shenyang.km  # the chord-short geometry is only the cross-check


def test_a_section_with_another_line_gives_its_legs_a_range() -> None:
    """Tianjin–Baoding: the data gives the old lines (184 km published) and the intercity railway
    (157.925 km) and no source says which the 2019 train took: both directions carry the range."""
    route = route_trip(make_trip(find_record(load_records(), "2019-hanoi")))
    doubtful = [leg for leg in route.legs if leg.km_range is not None]
    assert len(doubtful) == 2  # Tianjin → Zhengzhou out, Changsha → Tianjin back
    for leg in doubtful:
        low, high = leg.km_range or (0.0, 0.0)
        assert high == pytest.approx(leg.km) and high - low == pytest.approx(184 - 157.925)
        assert any(f.startswith("line uncertain: Tianjin–Baoding") for f in leg.flags)


#: Stations that lie on one long section of track, in line order (Tianjin West–Shanghai; Jining–Beijing).
ONE_SECTION = [("tianjin-west", ["dezhou", "jinan", "yanzhou", "xuzhou", "bengbu", "nanjing", "wuxi"], "shanghai"),
               ("jining-south", ["datong", "zhangjiakou"], "beijing")]


@pytest.mark.parametrize(("first", "between", "last"), ONE_SECTION, ids=[f"{a}-{c}" for a, _, c in ONE_SECTION])
@given(data=st.data())
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_stops_along_one_section_never_lengthen_the_route(first: str, between: list[str], last: str,
                                                          data: st.DataObject) -> None:
    """Stops on the line the train takes anyway add nothing: each splits the piece the stop before it left.

    (Splitting the whole section again at every stop left no piece between two stops, and the route
    from one to the next ran back to an end of the section: Jining–Beijing by Datong and Zhangjiakou
    came to 1,088 km instead of 842.)
    """
    chosen = data.draw(st.lists(st.sampled_from(between), unique=True), label="stops")
    stops = [first, *sorted(chosen, key=between.index), last]
    direct = sum(s.length_km for s, _, _ in Router(bundled_network()).path_sections([latlon(first), latlon(last)]))
    steps = Router(bundled_network()).path_sections([latlon(p) for p in stops])
    assert not any(s.access for s, _, _ in steps)
    assert sum(s.length_km for s, _, _ in steps) == pytest.approx(direct, rel=0.002)
