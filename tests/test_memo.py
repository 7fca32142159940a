"""The stored answers of check, list and compare: the same text, status and warnings, never a stale one.

A stored answer is proved used by making the pipeline fail on the second run: the command still
prints what it printed. A changed input (a record's bytes, the geodata, an option) must miss.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import journeys.check.analysis
from journeys.cli import memo
from journeys.data_paths import NO_CACHE_ENV
from journeys.records.folders import bundled_records_dir
from tests.conftest import RunCli


def _entries() -> list[Path]:
    return sorted(memo.cache_dir().glob("*.json"))


def _pipeline_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran although nothing changed")

    monkeypatch.setattr(journeys.check.analysis, "analyse_records", broken)


@pytest.mark.parametrize("args", [("check", "--format", "json", "2019-hanoi"), ("list",), ("compare", "--format", "json")])
def test_a_second_run_prints_the_stored_answer(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch,
                                               args: tuple[str, ...]) -> None:
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    assert len(_entries()) == 1
    _pipeline_fails(monkeypatch)
    second = run_cli(*args)
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout


def test_an_edited_record_is_checked_afresh(run_cli: RunCli, records_dir: Path) -> None:
    text = (bundled_records_dir() / "2019-hanoi.yaml").read_text(encoding="utf-8")
    text = text.replace("id: 2019-hanoi", "id: my-hanoi", 1)
    record = records_dir / "my-hanoi.yaml"
    record.write_text(text, encoding="utf-8")
    before = json.loads(run_cli("check", "my-hanoi", "--records", str(records_dir), "--format", "json").stdout)
    record.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    after = json.loads(run_cli("check", "my-hanoi", "--records", str(records_dir), "--format", "json").stdout)
    assert after[0]["title"] == "Edited " + before[0]["title"]
    assert len(_entries()) == 2


def test_an_option_is_part_of_the_key(run_cli: RunCli) -> None:
    at_60 = json.loads(run_cli("check", "2019-hanoi", "--format", "json").stdout)
    at_30 = json.loads(run_cli("check", "2019-hanoi", "--format", "json", "--speed", "30").stdout)
    assert (at_60[0]["assumed_speed_kmh"], at_30[0]["assumed_speed_kmh"]) == (60, 30)
    assert len(_entries()) == 2


def test_skipped_records_and_the_exit_status_are_replayed(run_cli: RunCli, records_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (records_dir / "bad-one.yaml").write_text("id: bad-one\ntitle: [unclosed\n", encoding="utf-8")
    args = ("check", "--records", str(records_dir), "--strict", "2019-hanoi")
    first = run_cli("check", "--records", str(records_dir))
    assert first.exit_code == 0 and "Skipped: " in first.stderr and "bad-one.yaml:3:1" in first.stderr
    _pipeline_fails(monkeypatch)
    second = run_cli("check", "--records", str(records_dir))
    assert (second.exit_code, second.stdout, second.stderr) == (0, first.stdout, first.stderr)
    monkeypatch.undo()
    strict = run_cli(*args)
    assert strict.exit_code == 1 and "could not be read" in strict.stderr  # an error: never stored
    assert run_cli(*args).stderr == strict.stderr


def test_a_failing_strict_check_keeps_its_status(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_cli("check", "--strict")
    assert first.exit_code == 1 and "inconsistent" in first.stdout
    _pipeline_fails(monkeypatch)
    second = run_cli("check", "--strict")
    assert (second.exit_code, second.stdout) == (1, first.stdout)


def test_errors_are_not_stored(run_cli: RunCli) -> None:
    for _ in range(2):
        result = run_cli("check", "no-such-journey")
        assert result.exit_code == 1 and "no journey with id 'no-such-journey'" in result.stderr
    assert _entries() == []


def test_a_damaged_entry_is_a_miss(run_cli: RunCli) -> None:
    first = run_cli("list")
    (entry,) = _entries()
    for damage in ("{not json", json.dumps({"stdout": 3, "code": 0, "stderr": []})):
        entry.write_text(damage, encoding="utf-8")
        assert run_cli("list").stdout == first.stdout


def test_the_cache_can_be_turned_off(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_CACHE_ENV, "1")
    assert run_cli("list").exit_code == 0
    assert _entries() == []


def test_the_geodata_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import journeys.data_paths

    copy = tmp_path / "geodata"
    shutil.copytree(journeys.data_paths.geodata_dir(), copy)
    monkeypatch.setattr(memo, "geodata_dir", lambda: copy)
    before = memo.key("check", {}, (), ())
    assert before is not None and memo.key("check", {}, (), ()) == before
    places = sorted((copy / "places").glob("*.csv"))[0]
    places.write_text(places.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert memo.key("check", {}, (), ()) != before
