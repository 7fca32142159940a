"""A folder read file by file in worker processes, each file's path and id kept: the same records and
problems, in the same order, as loading it whole, from an empty cache, a filled one, a damaged one, or
none; and ``check`` printing the same either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.cli.base import json_list_text, json_text
from journeys.errors import RecordError
from journeys.records import cache
from journeys.records.files import (
    Listed,
    Loaded,
    Record,
    bundled_records_dir,
    iter_record_files,
    load_all,
    read_checked,
    record_dirs,
    sorted_out,
)
from journeys.workers import ordered_map
from tests.conftest import RunCli

BAD = Path(__file__).parent / "bad_records"


@pytest.fixture
def mixed(records_dir: Path) -> Path:
    """A folder of broken records, a copy of a bundled one under a new id, and one reusing a bundled id."""
    for bad in sorted(BAD.glob("*.yaml")):
        shutil.copy(bad, records_dir / bad.name)
    text = (bundled_records_dir() / "2019-hanoi.yaml").read_text(encoding="utf-8")
    (records_dir / "copy-hanoi.yaml").write_text(text.replace("id: 2019-hanoi", "id: copy-hanoi", 1), encoding="utf-8")
    shutil.copy(bundled_records_dir() / "2018-beijing.yaml", records_dir)
    return records_dir


def listed_in_workers(folder: Path) -> Loaded[Listed]:
    """The folder as ``check`` sorts it out: each file read in a worker, only its path and id kept."""
    paths = list(iter_record_files(record_dirs([folder])))
    found = ordered_map(lambda p: r if isinstance(r := read_checked(p), RecordError) else Listed(p, r.journey_id),
                        paths, jobs=2)
    return sorted_out(paths, found)


def same_as_loading(folder: Path) -> None:
    loaded, listed = load_all([folder]), listed_in_workers(folder)
    assert [(r.path, r.journey.id) for r in loaded.records] == [(r.path, r.journey_id) for r in listed.records]
    assert [(b.path, str(b.error), b.journey_id) for b in loaded.broken] == \
        [(b.path, str(b.error), b.journey_id) for b in listed.broken]


@pytest.mark.parametrize("state", ["empty", "filled", "off"])
def test_a_folder_read_in_workers_is_the_folder_loaded(mixed: Path, state: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(20):  # enough files for workers
        shutil.copy(mixed / "copy-hanoi.yaml", mixed / f"copy-{number}.yaml")  # each id differs from its name
    if state == "off":
        monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    if state == "filled":
        load_all([mixed])
    same_as_loading(mixed)
    broken = {b.path.name for b in load_all([mixed]).broken}
    assert "id-differs-from-file.yaml" in broken and "2018-beijing.yaml" in broken and "copy-7.yaml" in broken


def test_a_damaged_entry_is_read_from_the_file(mixed: Path) -> None:
    path = mixed / "copy-hanoi.yaml"
    key = cache.key(path.read_bytes())
    entry = cache.cache_dir() / f"{key}{cache.SUFFIX}"
    load_all([mixed])
    for damage in (entry.read_bytes()[:300], b"garbage"):  # head intact and the rest cut; no head at all
        entry.write_bytes(damage)
        assert cache.load(key) is None
        same_as_loading(mixed)
        record = read_checked(path)
        assert isinstance(record, Record) and record.journey.id == "copy-hanoi"
        assert cache.load(key) == record.journey  # the entry was written again


def test_check_prints_the_same_with_and_without_the_cache(mixed: Path, run_cli: RunCli,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for fails in ("times-go-backwards", "unknown-place"):  # they read, but cannot be made trips: check stops there
        (mixed / f"{fails}.yaml").unlink()
    first = run_cli("check", "--records", str(mixed), "--format", "json")
    again = run_cli("check", "--records", str(mixed), "--format", "json", "--speed", "60")
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    without = run_cli("check", "--records", str(mixed), "--format", "json")
    assert first.exit_code == again.exit_code == without.exit_code == 0
    assert first.output == without.output
    assert "Skipped:" in first.output and '"id": "copy-hanoi"' in first.output


def test_a_record_whose_timeline_fails_stops_check_with_its_error(mixed: Path, run_cli: RunCli) -> None:
    result = run_cli("check", "--records", str(mixed))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {mixed / 'times-go-backwards.yaml'}:")
    assert '"id"' not in result.output and "→" not in result.output  # nothing of the other journeys is printed


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(st.lists(JSON, max_size=5))
def test_a_list_printed_item_by_item_is_the_list_printed_whole(items: list[object]) -> None:
    assert json_list_text([json_text(item) for item in items]) == json_text(items)
