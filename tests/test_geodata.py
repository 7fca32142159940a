"""The bundled reference data holds together: every point sourced, every vertex a place, dense enough to draw the track."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest

from journeys.data_paths import geodata_dir
from journeys.geo.chainage import chainage
from journeys.geo.gazetteer import curated
from journeys.geo.geocode import geodesic_km

GEODATA = geodata_dir()
NETWORK_FILES = sorted((GEODATA / "network").glob("*.geojson"))
FEATURES = [(path.name, feature) for path in NETWORK_FILES for feature in json.loads(path.read_text())["features"]]
#: "a point at least every ~20 km": the longest chord allowed between two sourced points of a section
MAX_GAP_KM = 25.0


def is_track(feature: dict[str, object]) -> bool:
    """Track geometry (OpenStreetMap-derived) names only the stations among its points; station-drawn geometry names all."""
    props = feature["properties"]
    assert isinstance(props, dict)
    return "stations" in props


def section_ids(feature: dict[str, object]) -> list[str]:
    """The place ids a section names, in order: its ends and every station (a vertex) between."""
    props = feature["properties"]
    assert isinstance(props, dict)
    if is_track(feature):
        return [props["from"], *(place for _, place in props["stations"]), props["to"]]
    return [props["from"], *props["vertices"], props["to"]]


STATION_FEATURES = [(name, f) for name, f in FEATURES if not is_track(f)]
TRACK_FEATURES = [(name, f) for name, f in FEATURES if is_track(f)]
#: a station named on track geometry lies within this of the track point that stands for it
STATION_ON_TRACK_KM = 3.0


@pytest.mark.parametrize("path", sorted((GEODATA / "places").glob("*.csv")), ids=lambda p: p.name)
def test_every_place_has_a_source_a_country_and_a_kind(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        for line, row in enumerate(csv.DictReader(stream), start=2):
            where = f"{path.name}:{line} ({row['id']})"
            assert row["source"].startswith(("http://", "https://")), where
            assert len(row["country"]) == 2 and row["country"].isupper(), where
            assert row["kind"] in {"station", "border_crossing", "site", "city"}, where
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, where


def test_place_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted((GEODATA / "places").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                assert row["id"] not in seen, f"{row['id']} is in {seen.get(row['id'])} and {path.name}"
                seen[row["id"]] = path.name


@pytest.mark.parametrize(("name", "feature"), STATION_FEATURES, ids=[f["properties"]["id"] for _, f in STATION_FEATURES])
def test_every_vertex_of_a_section_is_a_sourced_place(name: str, feature: dict[str, object]) -> None:
    places = curated().by_id
    ids = section_ids(feature)
    coords = feature["geometry"]["coordinates"]  # type: ignore[index]
    assert len(ids) == len(coords), f"{name}: vertices must name every interior point"
    for place_id, (lon, lat) in zip(ids, coords, strict=True):
        assert place_id in places, f"{name}: {place_id} is not in geodata/places"
        place = places[place_id]
        assert geodesic_km((lat, lon), (place.lat, place.lon)) < 0.01, f"{name}: {place_id} is drawn away from its place"


@pytest.mark.parametrize(("name", "feature"), FEATURES, ids=[f["properties"]["id"] for _, f in FEATURES])
def test_sections_have_a_point_every_twenty_odd_km_or_say_why_not(name: str, feature: dict[str, object]) -> None:
    """A longer chord is allowed only where the section's `sparse` note says which stations are missing and why."""
    props = feature["properties"]
    assert isinstance(props, dict)
    coords = feature["geometry"]["coordinates"]  # type: ignore[index]
    ids = section_ids(feature) if not is_track(feature) else [str(i) for i in range(len(coords))]  # track: vertex numbers
    gaps = [(round(geodesic_km((a[1], a[0]), (b[1], b[0])), 1), ids[i], ids[i + 1])
            for i, (a, b) in enumerate(itertools.pairwise(coords))]
    long_chords = [gap for gap in gaps if gap[0] > MAX_GAP_KM]
    if is_track(feature):  # a long straight run of track is track, not a missing station
        assert not props.get("sparse")
        return
    if props.get("sparse"):
        assert long_chords, f"{name}: {props['id']} has a point every {MAX_GAP_KM:g} km now; drop its `sparse` note"
        assert len(str(props["sparse"])) > 40
    else:
        assert long_chords == []


@pytest.mark.parametrize(("name", "feature"), TRACK_FEATURES, ids=[f["properties"]["id"] for _, f in TRACK_FEATURES])
def test_track_geometry_ends_at_its_places_and_passes_its_stations_in_order(name: str, feature: dict[str, object]) -> None:
    places = curated().by_id
    props = feature["properties"]
    assert isinstance(props, dict)
    coords = feature["geometry"]["coordinates"]  # type: ignore[index]
    for place_id, (lon, lat) in ((props["from"], coords[0]), (props["to"], coords[-1])):
        place = places[place_id]
        assert geodesic_km((lat, lon), (place.lat, place.lon)) < 0.01, f"{name}: {props['id']} does not end at {place_id}"
    indices = [index for index, _ in props["stations"]]
    assert indices == sorted(set(indices)), f"{name}: {props['id']}: stations out of order"
    assert all(0 < i < len(coords) - 1 for i in indices)
    for index, place_id in props["stations"]:
        assert place_id in places, f"{name}: {place_id} is not in geodata/places"
        lon, lat = coords[index]
        place = places[place_id]
        gap = geodesic_km((lat, lon), (place.lat, place.lon))
        assert gap < STATION_ON_TRACK_KM, f"{name}: {props['id']}: {place_id} is {gap:.1f} km from its track point"


def test_generalised_geometry_says_so_and_names_its_source() -> None:
    generalised = [(n, f) for n, f in TRACK_FEATURES if f["properties"].get("geometry_kind") == "generalised"]
    assert generalised, "no section is drawn along Natural Earth's railroads"
    for name, feature in generalised:
        props = feature["properties"]
        assert "bovine3dom/fahrtle" in props["geometry_source"], f"{name}: {props['id']}"
        assert "9335621720e026d7fd54b75c42441208f06009d3" in props["geometry_source"], f"{name}: {props['id']}"
        if props["licence"] == "ODbL-1.0":
            # pinned to OpenStreetMap's station nodes: the map credits OpenStreetMap, the source names the nodes' file
            assert props["attribution"] == "© OpenStreetMap contributors", f"{name}: {props['id']}"
            assert "hotosm_mng_railways_points" in props["geometry_source"], f"{name}: {props['id']}"
        else:
            assert props["licence"] == "public domain" and props["attribution"] == "Natural Earth", f"{name}: {props['id']}"


def test_a_line_pinned_to_station_nodes_passes_through_every_station_point_it_names() -> None:
    """Mongolia's line passes exactly through each OpenStreetMap station node it names (on the track, and
    on Natural Earth's line across the gaps of the track's export)."""
    places = curated().by_id
    pinned = [f for _, f in TRACK_FEATURES if "hotosm_mng_railways_points" in f["properties"]["geometry_source"]]
    assert {f["properties"]["id"] for f in pinned} >= {
        "transmongolian-sukhbaatar-ulaanbaatar", "transmongolian-ulaanbaatar-zamyn-uud"}
    for feature in pinned:
        coords = feature["geometry"]["coordinates"]
        stations = [(i, p) for i, p in feature["properties"]["stations"] if places[p].kind == "station"]
        assert stations, feature["properties"]["id"]
        for index, place_id in stations:
            lon, lat = coords[index]
            place = places[place_id]
            assert geodesic_km((lat, lon), (place.lat, place.lon)) < 0.01, f"{feature['properties']['id']}: {place_id}"


#: Mongolia's OpenStreetMap track: HOT's line export at the commit its station nodes come from
MONGOLIA_WAYS = ("hotosm_mng_railways_lines_geojson", "4790ddac521920460cd7eafae98e0fe696d41d9e")


def test_track_geometry_carries_its_licence_and_provenance() -> None:
    osm = [(n, f) for n, f in TRACK_FEATURES if f["properties"].get("geometry_kind") != "generalised"]
    assert osm, "no section has OpenStreetMap-derived track"
    notice = (GEODATA / "network" / "OSM-TRACK.md").read_text(encoding="utf-8")
    for needle in ("ODbL", "© OpenStreetMap contributors", "trolleway/russian-railways-simplegeodata",
                   "f1e9782ef205e0bbf931563055bfef14945083e7"):
        assert needle in notice
    for name, feature in osm:
        props = feature["properties"]
        assert props["licence"] == "ODbL-1.0", f"{name}: {props['id']}"
        assert props["attribution"] == "© OpenStreetMap contributors", f"{name}: {props['id']}"
        source = props["geometry_source"]
        russian = "f1e9782ef205e0bbf931563055bfef14945083e7" in source and "rzd/" in source
        assert russian or all(part in source for part in MONGOLIA_WAYS), f"{name}: {props['id']}"
        assert "branches_boundaries" not in source, f"{name}: {props['id']} uses a railway-boundary line"


def test_every_section_names_its_sources() -> None:
    for name, feature in FEATURES:
        props = feature["properties"]
        assert props.get("geometry_source"), f"{name}: {props['id']} has no geometry_source"
        if props.get("published_km") is not None:
            assert str(props.get("published_source", "")).startswith("http"), f"{name}: {props['id']}"
        assert props.get("gauge_mm") in (1435, 1520, 1000), f"{name}: {props['id']}"


def test_every_kilometre_post_is_on_the_network_and_every_series_is_usable() -> None:
    """A series counts only where two of its stations lie on sections of its line: a difference of posts is a distance."""
    on_line: dict[str, set[str]] = {}
    for _, feature in FEATURES:
        for line in feature["properties"]["line"].split(" / "):
            on_line.setdefault(line, set()).update(section_ids(feature))
    anywhere = set().union(*on_line.values())
    series: dict[str, list[str]] = {}
    posts = chainage()
    assert len(posts) > 500
    for (line, place_id), post in posts.items():
        assert place_id in anywhere, f"{place_id} (a post on {line}) is on no section"
        assert str(post.source).startswith("http")
        series.setdefault(line, []).append(place_id)
    for line, places in series.items():
        usable = [p for p in places if p in on_line.get(line.split(" (", 1)[0], set())]
        assert len(usable) >= 2, f"the series {line!r} has fewer than two stations on sections of that line"


def test_every_broad_gauge_section_of_russian_track_is_within_three_percent_of_its_reference() -> None:
    """OpenStreetMap-derived track is the track: its length matches the posts or the published length
    (Russia's from trolleway's traces, Mongolia's from HOT's export with its gaps bridged: see the test below).
    """
    from journeys.geo.network import bundled_network
    from journeys.geo.sections import WITHIN, section_rows

    rows = [r for r in section_rows(bundled_network().sections)
            if r.gauge_mm == 1520 and r.geometry == "track" and r.difference is not None]
    assert len(rows) >= 16
    assert {"transmongolian-sukhbaatar-ulaanbaatar", "transmongolian-ulaanbaatar-zamyn-uud"} <= {r.id for r in rows}
    outside = [(r.id, f"{r.difference:+.1%}") for r in rows if abs(r.difference or 0.0) > WITHIN]
    assert outside == []


#: Every border station of the corridors, by each of its common names (issue 12, point 3).
BORDER_NAMES = {
    "zabaikalsk": ["Zabaikalsk", "Zabaykalsk", "Otpor", "Забайкальск", "Zabaikal'sk"],
    "manzhouli": ["Manzhouli", "Manchuria", "满洲里", "滿洲里", "Маньчжурия"],
    "naushki": ["Naushki", "Наушки"],
    "sukhbaatar-mn": ["Sükhbaatar", "Sukhbaatar", "Sühbaatar", "Сүхбаатар"],
    "erenhot": ["Erenhot", "Erlian", "Ereen", "二连浩特", "二连"],
    "zamyn-uud": ["Zamyn-Üüd", "Zamiin-Uud", "Zamyn Uud", "Замын-Үүд"],
    "suifenhe": ["Suifenhe", "绥芬河", "Pogranichnaya"],
    "grodekovo": ["Grodekovo", "Гродеково", "Pogranichny"],
    "tumangang": ["Tumangang", "Tuman'gang", "두만강"],
    "khasan": ["Khasan", "Hasan", "Хасан"],
    "dandong": ["Dandong", "丹东", "Andong"],
    "sinuiju": ["Sinuiju", "Sinŭiju", "신의주"],
    "pingxiang-guangxi": ["Pingxiang, Guangxi", "凭祥"],
    "dong-dang": ["Dong Dang", "Đồng Đăng", "同登"],
    "tumen-cn": ["Tumen", "Tumen railway station", "图们", "圖們", "투먼", "Тумэнь"],
    "namyang-kp": ["Namyang", "남양", "南陽", "Nan'yō"],
    "manpo-kp": ["Manpo", "Manp'o", "Manp'o Ch'ŏngnyŏn", "만포", "滿浦", "满浦"],
    "jian": ["Ji'an", "Jian", "集安", "지안", "Ji'an railway station"],
}


@pytest.mark.parametrize(("place_id", "name"), [(p, n) for p, names in BORDER_NAMES.items() for n in names])
def test_every_border_station_geocodes_offline_by_each_of_its_names(place_id: str, name: str) -> None:
    from journeys.geo.geocode import PlaceResolver

    assert PlaceResolver().resolve(name).place.id == place_id


def test_a_single_match_far_off_the_route_is_flagged_not_silently_taken() -> None:
    """'Sosnovy Bor' near Ulan-Ude: the only match is the town near St Petersburg, 4,700 km away."""
    from journeys.geo.geocode import PlaceResolver

    resolver = PlaceResolver()
    result = resolver.resolve("Sosnovy Bor", "RU", [resolver.resolve("Ulan-Ude").latlon])
    assert result.place.lon < 40
    assert any("OFF THE ROUTE" in w for w in result.warnings) and "OFF THE ROUTE" in result.reason
    near_home = resolver.resolve("Sosnovy Bor", "RU", [resolver.resolve("St Petersburg").latlon])
    assert near_home.warnings == () and "OFF THE ROUTE" not in near_home.reason


def test_the_nearest_of_several_matches_is_taken_and_the_others_listed() -> None:
    from journeys.geo.geocode import PlaceResolver

    resolver = PlaceResolver()
    result = resolver.resolve("Pingxiang", "CN", [resolver.resolve("Nanning").latlon])
    assert result.place.id == "pingxiang-guangxi"
    assert "pingxiang-jiangxi" in result.reason and "km away" in result.reason
    assert [p.id for p in result.candidates][:2] == ["pingxiang-guangxi", "pingxiang-jiangxi"]


def test_mongolias_line_on_openstreetmap_track_comes_within_three_percent_of_its_posts() -> None:
    """Natural Earth alone ran 7.2% and 5.7% short of the posts (Sükhbaatar–Ulaanbaatar, Ulaanbaatar–Zamyn-Üüd),
    pinned to the station nodes 4.9% and 3.7%; on OpenStreetMap's track, with the export's gaps bridged by
    Natural Earth's line, each is within 3%, and most of each section is track."""
    from journeys.geo.network import bundled_network
    from journeys.geo.sections import WITHIN, section_rows

    rows = {r.id: r for r in section_rows(bundled_network().sections)}
    features = {f["properties"]["id"]: f for _, f in TRACK_FEATURES}
    for section_id in ("transmongolian-sukhbaatar-ulaanbaatar", "transmongolian-ulaanbaatar-zamyn-uud"):
        row = rows[section_id]
        assert row.reference == "posts" and row.licence == "ODbL-1.0 © OpenStreetMap contributors", section_id
        assert row.geometry == "track", section_id
        assert row.difference is not None and abs(row.difference) <= WITHIN, (section_id, row.difference)
        assert row.longest_chord_km < MAX_GAP_KM, section_id
        source = features[section_id]["properties"]["geometry_source"]
        track_km = float(source.split("OpenStreetMap track for ")[1].split(" km")[0])
        assert track_km > 0.75 * row.geometry_km, (section_id, track_km)
