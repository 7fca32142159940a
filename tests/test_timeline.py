"""Timelines: local windows in each stop's own zone, with the tz database's historical offsets."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli, record_header

TRIP_2018 = record_header("test-2018", "A March 2018 trip from Pyongyang", 2018) + """\
stops:
  - name: Pyongyang
    lat: 39.0165
    lon: 125.7468
    coordinates_source: https://example.org/story
    role: origin
    departure:
      - time: 2018-03-25 evening
        source: s1
        quote: left on Sunday evening
  - name: Dandong
    lat: 40.1243
    lon: 124.3924
    coordinates_source: https://example.org/story
    role: destination
    arrival:
      - time: 2018-03-26 01:00
        source: s1
        quote: arrived at 1 am
"""


def _show(run_cli: RunCli, journey_id: str, *extra: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("show", journey_id, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def _offsets(data: dict, name: str) -> set[str]:  # type: ignore[type-arg]
    return {e["utc_offset"] for s in data["stops"] if s["name"] == name for e in s["events"]}


def test_2025_pyongyang_is_utc_plus_9_and_beijing_utc_plus_8(run_cli: RunCli) -> None:
    data = _show(run_cli, "2025-beijing")
    assert _offsets(data, "Pyongyang") == {"+09:00"}
    assert _offsets(data, "Beijing") == {"+08:00"}


def test_2025_show_prints_the_offsets_in_the_table(run_cli: RunCli) -> None:
    result = run_cli("show", "2025-beijing")
    assert result.exit_code == 0
    pyongyang = [line for line in result.output.splitlines() if line.startswith("Pyongyang ")]
    beijing = [line for line in result.output.splitlines() if line.startswith("Beijing ")]
    assert pyongyang and all("UTC+09:00" in line for line in pyongyang)
    assert beijing and all("UTC+08:00" in line for line in beijing)


def test_march_2018_pyongyang_gets_its_half_hour_offset(run_cli: RunCli, records_dir: Path) -> None:
    (records_dir / "test-2018.yaml").write_text(TRIP_2018)
    data = _show(run_cli, "test-2018", "--records", str(records_dir))
    assert _offsets(data, "Pyongyang") == {"+08:30"}
    departure = data["stops"][0]["events"][0]
    # 17:00-22:00 at UTC+8:30 is 08:30-13:30 UTC
    assert departure["utc_earliest"] == "2018-03-25T08:30:00+00:00"
    assert departure["utc_latest"] == "2018-03-25T13:30:00+00:00"


def test_the_bundled_2018_record_uses_the_2018_offset(run_cli: RunCli) -> None:
    assert _offsets(_show(run_cli, "2018-beijing"), "Pyongyang") == {"+08:30"}


def test_disagreeing_sources_are_kept_and_shown(run_cli: RunCli, records_dir: Path) -> None:
    text = TRIP_2018.replace(
        "        quote: arrived at 1 am\n",
        "        quote: arrived at 1 am\n"
        "      - time: 2018-03-26 evening\n        source: s1\n        quote: arrived in the evening\n",
    )
    (records_dir / "test-2018.yaml").write_text(text)
    data = _show(run_cli, "test-2018", "--records", str(records_dir))
    arrival = data["stops"][1]["events"][0]
    assert arrival["conflict"].startswith("sources disagree")
    assert (arrival["local_earliest"], arrival["local_latest"]) == ("2018-03-26T01:00:00", "2018-03-26T22:00:00")
