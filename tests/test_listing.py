"""Records listed first and read one at a time: the same records, problems and journeys as reading
them all at once, from an empty cache, a filled one, a damaged one, or none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.cli.base import json_list_text, json_text
from journeys.records import cache
from journeys.records.files import bundled_records_dir, list_all, load_all
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


def same_as_loading(folder: Path) -> None:
    loaded, listed = load_all([folder]), list_all([folder])
    assert [(r.path, r.journey.id) for r in loaded.records] == [(r.path, r.journey_id) for r in listed.records]
    assert [(b.path, str(b.error), b.journey_id) for b in loaded.broken] == \
        [(b.path, str(b.error), b.journey_id) for b in listed.broken]
    for record, item in zip(loaded.records, listed.records, strict=True):
        assert item.read().journey == record.journey


@pytest.mark.parametrize("state", ["empty", "filled", "off"])
def test_listing_finds_what_loading_finds(mixed: Path, state: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if state == "off":
        monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    if state == "filled":
        load_all([mixed])
    same_as_loading(mixed)
    assert any(b.path.name == "id-differs-from-file.yaml" for b in list_all([mixed]).broken)


def test_without_a_cache_the_listed_record_is_kept(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    assert all(item.record is not None for item in list_all([mixed]).records)


def test_a_listed_record_is_read_from_the_cache(mixed: Path) -> None:
    listed = list_all([mixed]).records
    assert all(item.record is None for item in listed)  # each went to the cache; none is held
    entry = cache.key((mixed / "copy-hanoi.yaml").read_bytes())
    assert cache.stored_id(entry) == "copy-hanoi"


def test_a_damaged_entry_is_read_from_the_file(mixed: Path) -> None:
    list_all([mixed])
    entry = cache.cache_dir() / f"{cache.key((mixed / 'copy-hanoi.yaml').read_bytes())}{cache.SUFFIX}"
    entry.write_bytes(entry.read_bytes()[:300])  # head intact, the rest cut
    same_as_loading(mixed)
    entry.write_text("garbage", encoding="utf-8")  # no head: the record is read and checked again
    same_as_loading(mixed)


def test_a_record_edited_between_listing_and_reading_says_so(mixed: Path) -> None:
    (item,) = [i for i in list_all([mixed]).records if i.journey_id == "copy-hanoi"]
    path = mixed / "copy-hanoi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: copy-hanoi", "id: other-hanoi", 1), encoding="utf-8")
    with pytest.raises(Exception, match="the file changed while journeys was reading it") as raised:
        item.read()
    assert str(path) in str(raised.value)


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
