"""The gazetteer and network kept on disk: read back, they are what building them gives, and a change
to what they are built from is never answered from an old file."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from journeys.data_paths import geodata_dir
from journeys.geo import gazetteer, kept, network
from journeys.geo.gazetteer import Gazetteer, fold, read_places_csv
from journeys.geo.network import build_network
from journeys.geo.network_files import read_sections
from journeys.geo.route import route_trip
from journeys.geo.trip import make_trip
from journeys.records.files import bundled_records_dir, read_record


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Forget what this process built, as a new command would (each test has its own cache folder)."""
    for built in (gazetteer.curated, network.bundled_network):
        built.cache_clear()
    yield
    for built in (gazetteer.curated, network.bundled_network):
        built.cache_clear()


def built_gazetteer() -> Gazetteer:
    places = sorted((geodata_dir() / "places").glob("*.csv"))
    return Gazetteer(place for path in places for place in read_places_csv(path))


def kept_files(name: str) -> list[Path]:
    return sorted(kept.built_dir().glob(f"{name}-*.pickle"))


def test_the_kept_gazetteer_is_the_built_one() -> None:
    gazetteer.curated()  # builds and keeps
    assert len(kept_files("gazetteer")) == 1
    gazetteer.curated.cache_clear()
    read_back, built = gazetteer.curated(), built_gazetteer()
    assert read_back.places == built.places
    assert read_back.by_id == built.by_id
    for place in built.places:  # every name and alias finds the same places, in the same order
        for name in place.names:
            assert read_back.lookup(name) == built.lookup(name)
            assert read_back.lookup(name, place.country) == built.lookup(name, place.country)
    assert read_back.lookup("no such place anywhere") == []


def test_a_gazetteer_survives_pickling_whatever_its_names() -> None:
    built = built_gazetteer()
    again = pickle.loads(pickle.dumps(built))
    assert again.places == built.places and again.by_id == built.by_id
    assert {fold(n) for p in again.places for n in p.names} == set(again._index)


def test_the_kept_network_is_the_built_one() -> None:
    network.bundled_network()
    assert len(kept_files("network")) == 1
    network.bundled_network.cache_clear()
    read_back = network.bundled_network()
    data = geodata_dir()
    sections = [s for path in sorted((data / "network").glob("*.geojson")) for s in read_sections(path)]
    built = build_network(tuple(sections), "bundled network", built_gazetteer())
    assert read_back.node_count == built.node_count
    for name in ("node_xy", "edges", "edge_piece", "edge_km", "adj_start", "adj_node", "adj_edge"):
        assert np.array_equal(getattr(read_back, name), getattr(built, name)), name
    assert [read_back.node_key(i) for i in range(read_back.node_count)] == \
        [built.node_key(i) for i in range(built.node_count)]
    assert np.array_equal(read_back.pieces.measure(), built.pieces.measure())
    for index in range(len(built.pieces)):
        ours, theirs = read_back.pieces[index], built.pieces[index]
        assert ours.id == theirs.id and ours.length_km == theirs.length_km and np.array_equal(ours.coords, theirs.coords)


def test_a_route_on_the_kept_network_is_the_route_on_the_built_one() -> None:
    record = read_record(bundled_records_dir() / "2019-hanoi.yaml")
    first = route_trip(make_trip(record))  # network built here
    network.bundled_network.cache_clear()
    gazetteer.curated.cache_clear()
    again = route_trip(make_trip(record))  # and read back here
    assert [(leg.km, leg.method, leg.lines, leg.flags) for leg in again.legs] == \
        [(leg.km, leg.method, leg.lines, leg.flags) for leg in first.legs]
    assert again.gauge_breaks == first.gauge_breaks


def test_a_changed_source_is_built_again(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("one", encoding="utf-8")
    calls: list[str] = []

    def build() -> str:
        calls.append(source.read_text(encoding="utf-8"))
        return calls[-1]

    assert kept.kept("thing", [source], build) == "one"
    assert kept.kept("thing", [source], build) == "one"
    assert calls == ["one"]  # the second answer came from the file
    source.write_text("two", encoding="utf-8")
    assert kept.kept("thing", [source], build) == "two"
    assert calls == ["one", "two"]
    assert len(kept_files("thing")) == 1  # the old key's file was removed


def test_a_damaged_file_is_built_again_and_replaced(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("one", encoding="utf-8")
    assert kept.kept("thing", [source], lambda: {"value": 1}) == {"value": 1}
    (path,) = kept_files("thing")
    path.write_bytes(path.read_bytes()[:5])
    assert kept.kept("thing", [source], lambda: {"value": 2}) == {"value": 2}
    assert pickle.loads(path.read_bytes()) == {"value": 2}


def test_nothing_is_kept_with_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    source = tmp_path / "a.txt"
    source.write_text("one", encoding="utf-8")
    assert kept.kept("thing", [source], lambda: 1) == 1
    assert kept.kept("thing", [source], lambda: 2) == 2
    assert not kept.built_dir().exists()


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert len(gazetteer.curated().places) == len(built_gazetteer().places)


def test_the_code_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "a.txt"
    source.write_text("one", encoding="utf-8")
    before = kept.key([source])
    monkeypatch.setattr(kept, "_FORMAT", kept._FORMAT + 1)
    kept._code.cache_clear()
    try:
        assert kept.key([source]) != before
    finally:
        monkeypatch.undo()
        kept._code.cache_clear()
    assert kept.key([source]) == before


def test_a_folder_of_kept_files_holds_at_most_its_limit(tmp_path: Path) -> None:
    from journeys.data_paths import keep_file

    folder = tmp_path / "kept"
    for number in range(7):
        assert keep_file(folder / f"{number}.json", b"[]", 3)
        assert len(list(folder.glob("*.json"))) == min(number + 1, 3)
    assert (folder / "6.json").read_bytes() == b"[]"  # the newest stays


def test_a_kept_file_drops_only_the_files_of_its_pattern(tmp_path: Path) -> None:
    from journeys.data_paths import keep_file

    (tmp_path / "zones-1.json").write_text("{}")
    for number in range(3):
        assert keep_file(tmp_path / f"cities-{number}.json", b"{}", 1, "cities-*.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cities-2.json", "zones-1.json"]


def test_a_kept_file_that_cannot_be_written_only_says_so(tmp_path: Path) -> None:
    from journeys.data_paths import keep_file

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert not keep_file(blocker / "entry.json", b"{}", 3)
