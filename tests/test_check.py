"""The calculator, on hand-worked examples and on the laws its arithmetic must keep."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from journeys.check.tolerance import accepted_range
from journeys.check.window import Window, judge
from journeys.records.quantities import parse_quantity
from tests.conftest import RunCli, record_header

GEOD = Geod(ellps="WGS84")
A = (39.95, 124.75)  # (lat, lon) in North Korea: UTC+9 in 2025
_lon, _lat, _ = GEOD.fwd(A[1], A[0], 270, 600_000)
B = (_lat, _lon)  # 600 km due west along the geodesic, in China: UTC+8

RECORD = record_header("hand-worked", "600 km in 10 hours across a time-zone border", 2025) + """\
  - id: s2
    publisher: Test Times
    title: Another story
    url: https://example.org/another
stops:
  - name: West Korea Bay Junction
    lat: {a_lat}
    lon: {a_lon}
    coordinates_source: s1
    role: origin
    departure:
      - time: 2025-09-01 08:00
        source: s2
        quote: left at 8 am
  - name: Test Terminus
    lat: {b_lat}
    lon: {b_lon}
    coordinates_source: s1
    role: destination
    arrival:
      - time: 2025-09-01 17:00
        source: s2
        quote: arrived at 5 pm
claims:
{claims}
"""


def claim(kind: str, says: str, **extra: str) -> str:
    lines = ["  - source: s1", f"    quote: the story says {says}", f"    kind: {kind}", f"    says: {says}"]
    lines += [f"    {k}: {v}" for k, v in extra.items()]
    return "\n".join(lines)


@pytest.fixture
def network_file(tmp_path: Path) -> Path:
    path = tmp_path / "line.geojson"
    feature = {"type": "Feature", "properties": {"id": "test-line", "line": "Test Line", "gauge_mm": 1435},
               "geometry": {"type": "LineString", "coordinates": [[A[1], A[0]], [B[1], B[0]]]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def run_check(run_cli: RunCli, records_dir: Path, network: Path, claims: list[str], *extra: str) -> dict[str, Any]:
    text = RECORD.format(a_lat=A[0], a_lon=A[1], b_lat=B[0], b_lon=B[1], claims="\n".join(claims))
    (records_dir / "hand-worked.yaml").write_text(text)
    result = run_cli("check", "hand-worked", "--records", str(records_dir), "--network", str(network),
                     "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)
    return data  # type: ignore[no-any-return]


def test_600_km_in_10_hours_across_a_time_zone_change(run_cli: RunCli, records_dir: Path, network_file: Path) -> None:
    data = run_check(run_cli, records_dir, network_file, [claim("speed", "about 60 km/h")])
    (leg,) = data["legs"]
    assert leg["distance_km"]["low"] == pytest.approx(600.0, abs=0.01)
    assert leg["distance_method"] == "geometry"
    # 08:00 at UTC+9 to 17:00 at UTC+8 is 10 hours, not the 9 the clock faces suggest
    assert leg["duration_h"] == {"low": 10.0, "high": 10.0}
    assert leg["speed_kmh"]["low"] == pytest.approx(60.0, abs=0.01)
    assert leg["assumed_h"] == pytest.approx(10.0, abs=0.001)
    (verdict,) = data["claims"]
    assert verdict["verdict"] == "consistent"
    assert "600.0 km in 10.0 h is 60.0 km/h" in verdict["explanation"]


@pytest.mark.parametrize(
    ("says", "verdict"),
    [
        ("about 545 km", "inconsistent"),  # ±10%: 490.5-599.5 km, just short of 600
        ("about 546 km", "consistent"),  # 491.4-600.6 km
        ("about 666 km", "consistent"),  # 599.4-732.6 km
        ("about 667 km", "inconsistent"),  # 600.3-733.7 km, just past 600
    ],
)
def test_a_distance_at_the_edge_of_its_tolerance(
    run_cli: RunCli, records_dir: Path, network_file: Path, says: str, verdict: str
) -> None:
    data = run_check(run_cli, records_dir, network_file, [claim("distance", says)])
    assert data["claims"][0]["verdict"] == verdict


def test_a_duration_is_judged_by_the_timeline_and_by_the_assumed_speed(
    run_cli: RunCli, records_dir: Path, network_file: Path
) -> None:
    data = run_check(run_cli, records_dir, network_file, [claim("duration", "roughly 20 hours")])
    result = data["claims"][0]
    assert result["verdict"] == "inconsistent"
    assert result["decided_by"] == "evidence" and result["evidence_verdict"] == "inconsistent"
    assert "600.0 km at about 60 km/h (54–66) is 9.1–11.1 h" in result["explanation"]  # 600/66 and 600/54
    assert "the other sources' times give West Korea Bay Junction → Test Terminus 10.0 h" in result["explanation"]


def test_a_slower_assumed_speed_changes_the_prediction(run_cli: RunCli, records_dir: Path, network_file: Path) -> None:
    data = run_check(run_cli, records_dir, network_file, [claim("duration", "about 20 hours")], "--speed", "30")
    assert "600.0 km at about 30 km/h (27–33) is 18.2–22.2 h" in data["claims"][0]["explanation"]


def test_strict_exits_1_on_an_inconsistent_claim(run_cli: RunCli, records_dir: Path, network_file: Path) -> None:
    run_check(run_cli, records_dir, network_file, [claim("distance", "about 1,000 km")])
    result = run_cli("check", "hand-worked", "--records", str(records_dir), "--network", str(network_file), "--strict")
    assert result.exit_code == 1
    assert "[INCONSISTENT] distance" in result.output


def test_markdown_output_is_a_table(run_cli: RunCli, records_dir: Path, network_file: Path) -> None:
    run_check(run_cli, records_dir, network_file, [claim("distance", "about 600 km")])
    result = run_cli("check", "hand-worked", "--records", str(records_dir), "--network", str(network_file),
                     "--format", "markdown")
    assert "| **consistent** | distance | s1 | about 600 km |" in result.output


@settings(deadline=None)  # a law, not a timing: a busy machine must not fail it
@given(st.floats(1, 20_000), st.floats(0.1, 500), st.floats(0, 100))
def test_speed_times_time_is_distance(km: float, hours: float, spread: float) -> None:
    duration = Window(hours, hours + spread)
    speed = Window(km, km).divided_by(duration)
    assert speed.low * duration.high == pytest.approx(km)
    assert speed.high * duration.low == pytest.approx(km)


@given(st.floats(1, 10_000), st.sampled_from(["", "about ", "roughly ", "close to ", "more than ", "less than "]))
def test_a_claim_of_the_exact_computed_value_is_consistent(value: float, qualifier: str) -> None:
    quantity = parse_quantity("distance", f"{qualifier}{value:.0f} km")
    assert judge(Window(round(value), round(value)), accepted_range(quantity)) == "consistent"


@pytest.fixture(scope="module")
def bundled_trips() -> list[Any]:
    from journeys.geo.trip import make_trips
    from journeys.records.files import load_records

    return make_trips(load_records())


def verdicts(results: list[Any]) -> dict[str, list[tuple[str, str]]]:
    return {r.id: [(c.claim.says, c.verdict) for c in r.claims] for r in results}


def test_verdicts_do_not_depend_on_the_order_of_the_journeys(bundled_trips: list[Any]) -> None:
    from hypothesis import HealthCheck, settings

    from journeys.check.analysis import check_trips

    expected = verdicts(check_trips(bundled_trips))
    assert len(expected) >= 7

    @settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.permutations(bundled_trips))
    def in_any_order(order: list[Any]) -> None:
        results = check_trips(order)
        assert [r.id for r in results] == [t.journey.id for t in order]  # same order out as in
        assert verdicts(results) == expected

    in_any_order()


def test_the_2023_moscow_claim_is_inconsistent_and_names_the_farthest_place(bundled_trips: list[Any]) -> None:
    from journeys.check.analysis import check_trips

    (result,) = check_trips([t for t in bundled_trips if t.journey.id == "2023-russia"])
    (moscow,) = [c for c in result.claims if c.claim.says == "travelled to Moscow"]
    assert moscow.verdict == "inconsistent"
    assert "the farthest place it reached was Komsomolsk-on-Amur" in moscow.explanation
    assert re.search(r"Moscow is [\d,]+ km from Komsomolsk-on-Amur", moscow.explanation)


def test_every_bundled_claim_gets_a_verdict_with_its_numbers(bundled_trips: list[Any]) -> None:
    from journeys.check.analysis import check_trips

    for result in check_trips(bundled_trips):
        for check in result.claims:
            assert check.verdict in ("consistent", "inconsistent", "undetermined")
            assert check.explanation
            if check.claim.kind in ("duration", "distance", "speed"):
                assert re.search(r"\d", check.explanation) and check.reported


def test_the_2019_claims_are_judged_with_their_numbers(bundled_trips: list[Any]) -> None:
    from journeys.check.analysis import check_trips

    (result,) = check_trips([t for t in bundled_trips if t.journey.id == "2019-hanoi"])
    by_says = {c.claim.says: c for c in result.claims}
    distance = by_says["roughly 4,500 km"]
    assert "Pyongyang → Dong Dang" in distance.explanation and "±15% for 'roughly'" in distance.explanation
    for says in ("a 2½‑day trip", "a 60-hour journey"):
        assert "60.0 h" in by_says[says].explanation and "km at about 60 km/h (54–66) is" in by_says[says].explanation


def test_the_text_views_load_without_the_routing_and_records_stack() -> None:
    # `journeys sections` and `journeys claims` print with check.views.table; they must not pay for
    # numpy, shapely, pydantic and the YAML reader that only routing and records need
    heavy = ("numpy", "shapely", "pydantic", "yaml")
    code = ("import sys, journeys.check.views, journeys.add.claims.proposal\n"
            "print(journeys.check.views.table(['a', 'b'], [['x', 1.5]]))\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "[]"
    assert lines[:3] == ["a    b", "-  ---", "x  1.5"]
    # the probe can see them: the calculator does load numpy, shapely and pydantic; the YAML reader
    # is loaded when a record is parsed (a command whose records all come from the cache parses none)
    code = (f"import sys, journeys.check.calculator\nprint(sorted(m for m in {heavy!r} if m in sys.modules))\n"
            "from journeys.records.yamltree import parse_tree\nparse_tree('a: 1')\nprint('yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines() == [str(sorted(set(heavy) - {"yaml"})), "True"]


def test_list_and_compare_print_the_distance_check_prints(run_cli: RunCli) -> None:
    """2019-hanoi's route is a range (a line in doubt, a road leg whose length a source gives): the list
    and the comparison print that range, never a surer single figure than the check."""
    checked = {j["id"]: j["distance_km"] for j in json.loads(run_cli("check", "--format", "json").stdout)}
    listed = {j["id"]: j["distance_km"] for j in json.loads(run_cli("list", "--format", "json").stdout)}
    compared = {j["id"]: j["distance_km"] for j in json.loads(run_cli("compare", "--format", "json").stdout)}
    assert listed == checked == compared
    assert checked["2019-hanoi"]["high"] - checked["2019-hanoi"]["low"] > 100


def test_the_comparison_never_runs_a_train_faster_than_its_plausible_bound(run_cli: RunCli) -> None:
    """Vague stays can leave the reported times almost no room to run (2001: 20,174 km in as little as
    131 h, 154 km/h); running time is never less than the distance at 100 km/h by rail."""
    rows = json.loads(run_cli("compare", "--format", "json").stdout)
    rail_only = [r for r in rows if r["id"] != "2019-hanoi"]
    assert all(r["average_speed_kmh"]["high"] <= 100.0 + 1e-6 for r in rail_only), rows
    moscow = next(r for r in rows if r["id"] == "2001-moscow")
    assert moscow["running_h"]["low"] == pytest.approx(moscow["timed_km"]["low"] / 100, abs=0.01)
