"""The array-backed network: the same sections whichever way a file is read, and the same routes as networkx."""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas
import networkx as nx
import numpy as np
import pytest
import shapely

from journeys.geo.measure import leg_lengths_km
from journeys.geo.network import bundled_network, load_network_file
from journeys.geo.network_files import read_sections
from journeys.geo.router import Router
from journeys.geo.track import _section_lengths


def grid_frame(side: int, seed: int = 3) -> geopandas.GeoDataFrame:
    """A jittered grid of junctions joined by bent 3-point sections, as a user's file would hold track."""
    rng = np.random.default_rng(seed)
    lon, lat = np.meshgrid(126.0 + 0.02 * np.arange(side), 39.0 + 0.02 * np.arange(side))
    grid = np.stack([lon, lat], axis=-1) + rng.uniform(-0.004, 0.004, (side, side, 2))
    ends = np.concatenate([np.stack([grid[:, :-1], grid[:, 1:]], axis=2).reshape(-1, 2, 2),
                           np.stack([grid[:-1, :], grid[1:, :]], axis=2).reshape(-1, 2, 2)])
    middle = ends.mean(axis=1) + rng.normal(0, 0.001, (len(ends), 2))
    coords = np.stack([ends[:, 0], middle, ends[:, 1]], axis=1)
    geoms = shapely.linestrings(coords.reshape(-1, 2), indices=np.repeat(np.arange(len(coords)), 3))
    n = len(coords)
    return geopandas.GeoDataFrame({"id": [f"s{i}" for i in range(n)], "line": ["Grid Line"] * n,
                                   "gauge_mm": np.where(np.arange(n) % 7 == 0, 1520, 1435)},
                                  geometry=geoms, crs="EPSG:4326")


def sections_as_values(path: Path) -> list[tuple[object, ...]]:
    return [(s.id, s.line, s.coords.tolist(), s.gauge_mm, s.start, s.end, s.published_km, s.source)
            for s in read_sections(path)]


def test_a_geopackage_and_the_same_geojson_give_the_same_sections_and_network(tmp_path: Path) -> None:
    frame = grid_frame(12)
    gpkg, geojson = tmp_path / "grid.gpkg", tmp_path / "grid.geojson"
    frame.to_file(gpkg, driver="GPKG")  # decoded from the WKB bytes directly
    frame.to_file(geojson, driver="GeoJSON")  # decoded through shapely
    assert sections_as_values(gpkg) == sections_as_values(geojson)
    a, b = load_network_file(gpkg), load_network_file(geojson)
    assert list(a.graph.nodes) == list(b.graph.nodes)
    assert list(a.graph.edges) == list(b.graph.edges)
    assert a.graph.number_of_nodes() == 144 and a.graph.number_of_edges() == 2 * 12 * 11


def test_multilinestring_parts_are_sections_named_by_part(tmp_path: Path) -> None:
    path = tmp_path / "multi.gpkg"
    geopandas.GeoDataFrame(
        {"id": ["branch", "spur"], "gauge_mm": [1435, 1435]},
        geometry=geopandas.GeoSeries.from_wkt([
            "MULTILINESTRING ((126 39, 126.1 39.05), (126.1 39.05, 126.2 39.1))",
            "LINESTRING (126.2 39.1, 126.3 39.1)",
        ]), crs="EPSG:4326",
    ).to_file(path, driver="GPKG")
    assert [s.id for s in read_sections(path)] == ["branch-0", "branch-1", "spur"]
    network = load_network_file(path)
    assert network.graph.number_of_edges() == 3 and network.graph.number_of_nodes() == 4


def test_section_lengths_are_leg_lengths_to_the_last_bit(tmp_path: Path) -> None:
    path = tmp_path / "grid.gpkg"
    grid_frame(15).to_file(path, driver="GPKG")
    for table in (load_network_file(path).pieces, bundled_network().pieces):
        assert np.array_equal(_section_lengths(table.coords, table.offsets), leg_lengths_km(table.coords, table.offsets[:-1]))


def test_routes_on_the_arrays_are_networkx_shortest_paths(tmp_path: Path) -> None:
    path = tmp_path / "grid.gpkg"
    grid_frame(20).to_file(path, driver="GPKG")
    network = load_network_file(path)
    graph = network.graph
    rng = np.random.default_rng(11)
    for _ in range(25):
        points = [(39.0 + rng.uniform(0, 0.38), 126.0 + rng.uniform(0, 0.38)) for _ in range(2)]
        steps = Router(network).path_sections(points)
        junctions = [node for _, _, node in steps[1:]]
        if len(junctions) < 2:
            continue
        assert nx.shortest_path(graph, junctions[0], junctions[-1], weight="km") == junctions
        for (section, _, u), (_, _, v) in itertools.pairwise(steps[1:]):
            assert graph.edges[u, v]["section"] is section  # one Section object per edge, however reached


def test_a_gauge_break_is_found_at_the_nearest_junction_of_a_big_file(tmp_path: Path) -> None:
    from journeys.geo.route import gauge_breaks
    from journeys.geo.trip import make_trip
    from journeys.records.files import find_record, load_records

    trip = make_trip(find_record(load_records(), "2025-beijing"))
    lat, lon = trip.coords[0]
    frame = grid_frame(20)  # 760 sections of two gauges, far from the stop
    meeting = geopandas.GeoDataFrame(
        {"id": ["east", "north"], "line": ["Test", "Test"], "gauge_mm": [1435, 1520]},
        geometry=[shapely.LineString([(lon, lat), (lon + 0.05, lat)]), shapely.LineString([(lon, lat), (lon, lat + 0.05)])],
        crs="EPSG:4326",
    )
    path = tmp_path / "grid.gpkg"
    geopandas.GeoDataFrame(np.concatenate([frame.values, meeting.values]), columns=frame.columns,
                           geometry="geometry", crs="EPSG:4326").to_file(path, driver="GPKG")
    network = load_network_file(path)
    node = network.nearest_node(lon, lat)
    assert node is not None
    assert np.allclose(network.node_xy[node], (lon, lat))
    squared = ((network.node_xy - (lon, lat)) ** 2).sum(axis=1)
    assert squared[node] == squared.min()
    name = trip.journey.stops[0].name
    assert gauge_breaks(trip, [network])[0] == (0, f"{name}: tracks of 1,435 mm / 1,520 mm meet here")


@pytest.mark.parametrize("wkt", ["LINESTRING Z (126 39 1, 126.1 39 2)", "POINT (126 39)"])
def test_files_the_fast_decoder_does_not_take_still_load(tmp_path: Path, wkt: str) -> None:
    path = tmp_path / "odd.gpkg"
    frame = geopandas.GeoDataFrame({"id": ["a", "b"]}, crs="EPSG:4326", geometry=geopandas.GeoSeries.from_wkt(
        [wkt, "LINESTRING (126.1 39, 126.2 39.1)"]))
    frame.to_file(path, driver="GPKG")
    ids = [s.id for s in read_sections(path)]
    assert ids == (["a", "b"] if wkt.startswith("LINESTRING") else ["b"])


def test_a_section_ending_at_nan_is_named(tmp_path: Path) -> None:
    from journeys.errors import NetworkFileError

    path = tmp_path / "nan.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "bad"}, '
                    '"geometry": {"type": "LineString", "coordinates": [[126, 39], [126.1, NaN]]}}]}')
    with pytest.raises(NetworkFileError, match=r"nan.geojson: section 'bad' ends at a coordinate that is not a number"):
        load_network_file(path)
