"""The zones of stops kept between runs: the same answer as timezonefinder, without importing it again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from journeys.records import zones

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
