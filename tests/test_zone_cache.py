"""The zones of stops kept between runs: the same answer as timezonefinder, without importing it again."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from journeys.records import zones
from journeys.workers import MIN_ITEMS, ordered_map

PYONGYANG = (39.0392, 125.7625)


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Forget what this process looked up, as a new command would."""
    zones.zone_name.cache_clear()
    zones._known.cache_clear()
    yield
    zones.zone_name.cache_clear()
    zones._known.cache_clear()


def _no_finder(lat: float, lon: float) -> str:
    raise AssertionError("timezonefinder was asked although the zone was kept")


def test_a_zone_found_once_is_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    assert zones.zone_name(*PYONGYANG) == "Asia/Pyongyang"
    path = zones._known_file()
    assert path is not None and path.is_file()
    zones.zone_name.cache_clear()
    zones._known.cache_clear()
    monkeypatch.setattr(zones, "_look_up", _no_finder)
    assert zones.zone_name(*PYONGYANG) == "Asia/Pyongyang"


def test_a_damaged_file_is_ignored_and_rewritten() -> None:
    path = zones._known_file()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert zones.zone_name(*PYONGYANG) == "Asia/Pyongyang"
    assert "Asia/Pyongyang" in path.read_text(encoding="utf-8")


def test_nothing_is_kept_with_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    assert zones._known_file() is None
    assert zones.zone_name(*PYONGYANG) == "Asia/Pyongyang"


def test_each_new_zone_adds_one_line_and_an_older_file_goes() -> None:
    path = zones._known_file()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    older = [path.parent / "zones-0123456789abcdef.json", path.parent / "zones-0123456789abcdef.jsonl"]
    for stale in older:
        stale.write_text("{}", encoding="utf-8")
    points = [(39.0392 + n / 100, 125.7625) for n in range(5)]
    for point in points:
        zones.zone_name(*point)
    zones.zone_name(*points[0])  # known: nothing added
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(points)
    assert not any(stale.exists() for stale in older)


def test_zones_found_by_several_workers_are_all_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    points = [(39.0 + n / 50, 125.0 + n / 50) for n in range(2 * MIN_ITEMS)]

    def found(point: tuple[float, float]) -> str:
        time.sleep(0.002)  # long enough that both workers find some
        return zones.zone_name(*point)

    names = list(ordered_map(found, points, jobs=2))
    zones.zone_name.cache_clear()
    zones._known.cache_clear()
    monkeypatch.setattr(zones, "_look_up", _no_finder)
    assert [zones.zone_name(*point) for point in points] == names
