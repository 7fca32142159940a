"""Geocoding: offline first, ambiguous names settled or explained, online answers cached and failures plain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from geopy.exc import GeocoderUnavailable
from geopy.location import Location

from journeys.errors import AmbiguousPlaceError, GeocodeError
from journeys.geo.geocode import PlaceResolver, geodesic_km
from journeys.geo.online import OfflineGeocoder, OnlineCache, OnlineGeocoder
from journeys.geo.trip import make_trip
from journeys.records.files import find_record, load_records
from tests.conftest import RunCli


@pytest.mark.parametrize("spelling", ["Sinuiju", "Sinŭiju", "Sinuiju Chongnyon", "sinuiju", "신의주"])
def test_spellings_of_sinuiju_are_one_station(spelling: str) -> None:
    assert PlaceResolver().resolve(spelling).place.id == "sinuiju"


def test_the_offline_geocoder_has_geopys_interface() -> None:
    location = OfflineGeocoder().geocode("Dandong", exactly_one=True)
    assert isinstance(location, Location)
    assert location.raw["country"] == "CN" and location.raw["gazetteer"] == "curated"
    assert OfflineGeocoder().geocode("Nowhere-upon-Nothing") is None


def test_a_town_the_curated_gazetteer_lacks_comes_from_the_city_gazetteer() -> None:
    result = PlaceResolver().resolve("Hangzhou", "CN")
    assert result.place.gazetteer == "geonames"
    assert 30.0 < result.place.lat < 30.5


def test_pingxiang_without_context_lists_both_candidates() -> None:
    with pytest.raises(AmbiguousPlaceError, match=r"'Pingxiang' is ambiguous: Pingxiang \(CN, .*; Pingxiang \(CN"):
        PlaceResolver().resolve("Pingxiang", "CN")


def test_pingxiang_near_the_vietnamese_border_is_the_guangxi_one() -> None:
    resolver = PlaceResolver()
    near = [resolver.resolve("Nanning").latlon, resolver.resolve("Dong Dang").latlon]
    result = resolver.resolve("Pingxiang", "CN", near)
    assert result.place.lon < 108  # Guangxi; the Jiangxi one is at 113.9° E
    assert "share the name" in result.reason


def test_the_2019_record_resolves_pingxiang_to_guangxi() -> None:
    trip = make_trip(find_record(load_records(), "2019-hanoi"))
    pingxiang = [p for s, p in zip(trip.journey.stops, trip.places, strict=True) if s.name == "Pingxiang"]
    assert pingxiang
    dong_dang = PlaceResolver().resolve("Dong Dang").latlon
    for resolution in pingxiang:
        assert geodesic_km(resolution.latlon, dong_dang) < 40


def test_geocode_command_works_offline_and_says_why(run_cli: RunCli) -> None:
    result = run_cli("geocode", "Pingxiang", "--country", "CN", "--near", "Nanning")
    assert result.exit_code == 0, result.output
    assert "Pingxiang → Pingxiang (CN)" in result.output and "why:" in result.output and "source:" in result.output


def test_geocode_command_ambiguous_lists_candidates(run_cli: RunCli) -> None:
    result = run_cli("geocode", "Pingxiang")
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'Pingxiang' is ambiguous")
    assert "Traceback" not in result.output


def test_an_unknown_name_says_how_to_fix_it() -> None:
    with pytest.raises(GeocodeError, match=r"not in the gazetteers.*Give the stop 'lat' and 'lon'"):
        PlaceResolver().resolve("Atlantis Central")


class FakeService:
    """Stands in for a geopy geocoder: counts calls, answers from a dict or fails."""

    def __init__(self, answers: dict[str, tuple[float, float]] | None = None, fail: bool = False) -> None:
        self.answers = answers or {}
        self.fail = fail
        self.calls = 0

    def __call__(self, query: str, **kwargs: Any) -> Location | None:
        self.calls += 1
        if self.fail:
            raise GeocoderUnavailable("service unreachable")
        if query not in self.answers:
            return None
        lat, lon = self.answers[query]
        return Location(f"{query}, somewhere", (lat, lon, 0.0), {})


def test_online_answers_are_cached_so_a_second_run_makes_no_request(tmp_path: Path) -> None:
    cache = tmp_path / "geocode.json"
    service = FakeService({"Tumen River Bridge": (42.42, 130.64)})
    first = PlaceResolver(online=OnlineGeocoder("fake", service, OnlineCache(cache)))
    assert first.resolve("Tumen River Bridge").place.gazetteer == "fake"
    second = PlaceResolver(online=OnlineGeocoder("fake", service, OnlineCache(cache)))
    assert second.resolve("Tumen River Bridge").latlon == (42.42, 130.64)
    assert service.calls == 1
    assert "fake|Tumen River Bridge|" in json.loads(cache.read_text())


def test_a_failed_online_look_up_says_so(tmp_path: Path) -> None:
    resolver = PlaceResolver(online=OnlineGeocoder("fake", FakeService(fail=True), OnlineCache(tmp_path / "c.json")))
    with pytest.raises(GeocodeError, match=r"the online look-up of 'Tumen River Bridge' with fake failed"):
        resolver.resolve("Tumen River Bridge")
    assert resolver.resolve("Dandong").place.id == "dandong"  # offline answers need no network


def test_geocode_command_online_failure_falls_back_to_offline(run_cli: RunCli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    # a self-hosted Nominatim on a closed loopback port: the request fails at once, on this machine only
    result = run_cli("geocode", "Dandong", "--online", "--domain", "127.0.0.1:9", "--scheme", "http")
    assert result.exit_code == 0, result.output
    assert "Dandong → Dandong (CN)" in result.output
    assert "the online look-up of 'Dandong' with nominatim failed" in result.output
    assert "the offline answer is used" in result.output


def _modules_after(code: str) -> list[str]:
    """The network-facing packages a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in ('geopy', 'requests', 'urllib3') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(result.stdout.strip().splitlines()[-1].replace("'", '"')))


def test_checking_the_bundled_journeys_does_not_import_geopy_or_requests() -> None:
    # only --online asks a service; geopy and requests cost more to import than the rest of start-up
    check = ("from click.testing import CliRunner\nimport journeys.cli\n"
             "result = CliRunner().invoke(journeys.cli.main, ['check'])\n"
             "assert result.exit_code == 0 and '2025-beijing' in result.output, result.output")
    assert _modules_after("import journeys.cli") == []
    assert _modules_after(check) == []
    assert _modules_after("from journeys.geo.geocode import PlaceResolver\nPlaceResolver().resolve('Dandong')") == []
    # the online module is where geopy lives, so the probe would see it
    assert _modules_after("import journeys.geo.online") == ["geopy", "requests", "urllib3"]
