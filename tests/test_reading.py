"""Reading records: bounded, never silently wrong, one bad file never hiding the others, and cached.

The bad inputs themselves live in tests/bad_records/ (each asserting its message through
tests/test_records.py); here are the behaviours around them: time and size bounds, the folder-level
rules, the cache, and a property test that random edits of the bundled records never escape as a
traceback.
"""

from __future__ import annotations

import pickle
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.errors import RecordError
from journeys.records import cache
from journeys.records.files import (
    MAX_RECORD_BYTES,
    bundled_records_dir,
    load_all,
    load_records,
    read_record,
)
from journeys.records.yamltree import parse_tree
from tests.conftest import RunCli

BAD = Path(__file__).parent / "bad_records"
BUNDLED = sorted(bundled_records_dir().glob("*.yaml"))


def test_an_alias_bomb_fails_fast_quoting_at_most_a_line(records_dir: Path, run_cli: RunCli) -> None:
    shutil.copy(BAD / "alias-bomb.yaml", records_dir)
    assert (BAD / "alias-bomb.yaml").stat().st_size < 1100
    started = time.perf_counter()
    with pytest.raises(RecordError, match="aliases expanded"):
        read_record(records_dir / "alias-bomb.yaml")
    assert time.perf_counter() - started < 2.0
    result = run_cli("show", "alias-bomb", "--records", str(records_dir))
    assert result.exit_code == 1
    assert len(result.output) < 400 and result.output.count("\n") == 1, result.output
    assert "aliases expanded holds more than 1,000,000 values" in result.output


def test_deep_nesting_is_refused_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\nstops: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(RecordError, match="nests deeper than 40 levels") as caught:
        read_record(path)
    assert caught.value.line == 2


def test_a_record_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("id: huge\nnote: '" + "x" * MAX_RECORD_BYTES + "'\n")
    with pytest.raises(RecordError, match=r"a record may be at most 8 MB\. Fix: split the journey"):
        read_record(path)


def test_a_long_bad_value_is_quoted_short(tmp_path: Path) -> None:
    text = (bundled_records_dir() / "2019-beijing.yaml").read_text()
    path = tmp_path / "2019-beijing.yaml"
    path.write_text(text.replace("traveller: ", "traveller: [" + "'word', " * 20_000 + "'end']\nx_traveller: ", 1))
    with pytest.raises(RecordError) as caught:
        read_record(path)
    assert len(str(caught.value)) < 500
    assert "'traveller': input should be a valid string" in str(caught.value)


def test_unquoted_dates_and_timestamps_are_text_for_the_time_grammar(tmp_path: Path) -> None:
    tree = parse_tree("a: 2025-09-02\nb: 2025-09-02T02:00:00+09:00\nc: 2025-09-02 02:00:00\nd: 12\ne: 1.5\nf: true\ng:\n")
    assert tree == {"a": "2025-09-02", "b": "2025-09-02T02:00:00+09:00", "c": "2025-09-02 02:00:00",
                    "d": 12, "e": 1.5, "f": True, "g": None}
    # an unquoted timestamp without offset reads as the minute it names, as it did before
    text = (BAD / "timestamp-with-offset.yaml").read_text().replace("T16:00:00+09:00", " 16:00:00")
    path = tmp_path / "timestamp-with-offset.yaml"
    path.write_text(text)
    stop = read_record(path).journey.stops[1]
    assert stop.arrival[0].window.earliest.isoformat() == "2025-09-02T16:00:00"


def test_an_offset_is_never_dropped(records_dir: Path, run_cli: RunCli) -> None:
    shutil.copy(BAD / "timestamp-with-offset.yaml", records_dir)
    result = run_cli("show", "timestamp-with-offset", "--records", str(records_dir))
    assert result.exit_code == 1
    assert ":23:15: '2025-09-02T16:00:00+09:00' has a UTC offset (+09:00)" in result.output
    assert "in quotes" in result.output


def test_a_broken_user_record_hides_nothing_else(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = tmp_path / "journeys" / "records"
    folder.mkdir(parents=True)
    shutil.copy(BAD / "unknown-role.yaml", folder)
    result = run_cli("check", "2025-beijing")
    assert result.exit_code == 0, result.output
    assert "2025-beijing" in result.output
    assert f"Skipped: {folder / 'unknown-role.yaml'}:21:11: 'terminus' is not allowed for 'role'" in result.output
    listed = run_cli("list", "--format", "json")
    assert listed.exit_code == 0 and '"2019-hanoi"' in listed.output
    strict = run_cli("check", "--strict", "2025-beijing")
    assert strict.exit_code == 1
    assert "1 record(s) could not be read" in strict.output
    named = run_cli("check", "unknown-role")
    assert named.exit_code == 1
    assert named.output.startswith("Error: ") and "unknown-role.yaml:21:11:" in named.output


def test_load_records_reports_and_goes_on(records_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(BAD / "duplicate-key.yaml", records_dir)
    shutil.copy(bundled_records_dir() / "2019-beijing.yaml", records_dir / "2019-beijing-copy.yaml")
    records = load_records([records_dir])
    assert len(records) == len(BUNDLED)
    err = capsys.readouterr().err
    assert "duplicate-key.yaml:6:1: invalid YAML: found duplicate key" in err
    assert "2019-beijing-copy.yaml" in err and "differs from the file name" in err
    broken = load_all([records_dir]).broken
    assert [b.path.name for b in broken] == ["2019-beijing-copy.yaml", "duplicate-key.yaml"]
    assert broken[0].names("2019-beijing") and broken[0].names("2019-beijing-copy")


def test_yml_files_are_read_like_yaml(records_dir: Path, run_cli: RunCli) -> None:
    text = (bundled_records_dir() / "2019-beijing.yaml").read_text().replace("id: 2019-beijing", "id: my-trip", 1)
    (records_dir / "my-trip.yml").write_text(text)
    result = run_cli("check", "my-trip", "--records", str(records_dir))
    assert result.exit_code == 0, result.output
    assert "my-trip" in result.output


def test_a_missing_records_folder_is_an_error(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("list", "--records", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.output == f"Error: no records folder {tmp_path / 'nowhere'}; check the path, or create the folder first\n"


def test_checked_records_are_cached_by_content(tmp_path: Path) -> None:
    path = tmp_path / "2019-beijing.yaml"
    shutil.copy(bundled_records_dir() / "2019-beijing.yaml", path)
    first = read_record(path)
    entries = sorted(cache.cache_dir().glob(f"*{cache.SUFFIX}"))
    assert len(entries) == 1
    assert cache.load(entries[0].name.removesuffix(cache.SUFFIX)) == first.journey
    second = read_record(path)  # from the cache: same journey, and errors still located from the text
    assert second.journey == first.journey
    assert second.tree["stops"].pos.line == first.tree["stops"].pos.line
    # an edited record is a new entry, read afresh
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    assert read_record(path).journey.title.startswith("Edited ")
    assert len(list(cache.cache_dir().glob(f"*{cache.SUFFIX}"))) == 2


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "2019-beijing.yaml"
    shutil.copy(bundled_records_dir() / "2019-beijing.yaml", path)
    journey = read_record(path).journey
    (entry,) = cache.cache_dir().glob(f"*{cache.SUFFIX}")
    entry.write_text('{"id": "2019-beijing", "title": "tampered"')
    assert read_record(path).journey == journey
    head = b"journeys-record 2 2019-beijing\n"
    other = journey.model_copy(update={"id": "other-trip"})
    for body in (pickle.dumps({"id": "2019-beijing"}), pickle.dumps(other), entry.read_bytes()[len(head):][:-40]):
        entry.write_bytes(head + body)  # not a journey, another journey's, cut short: each read afresh
        assert read_record(path).journey == journey


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert read_record(bundled_records_dir() / "2019-beijing.yaml").journey.id == "2019-beijing"


def test_errors_are_not_cached(tmp_path: Path) -> None:
    shutil.copy(BAD / "unknown-role.yaml", tmp_path)
    for _ in range(2):
        with pytest.raises(RecordError, match=":21:11: 'terminus' is not allowed"):
            read_record(tmp_path / "unknown-role.yaml")
    assert not cache.cache_dir().exists() or not any(cache.cache_dir().iterdir())


EDITS = st.sampled_from([":", "- ", "\t", "'", '"', "[", "]", "{", "}", "#", "&a ", "*a", "!!int ", "\n", "  ", "? ",
                         "|", ">", "%", "@", "`", ",", "---\n", "\\", "\x07", "-", ".nan", "9999-", "T02:00:00+25:00",
                         "2025-02-30", "\ufeff", "é", "\x00"])


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(BUNDLED))
    journey_id = f"edited-{path.stem}"  # its own id, so that an edit that still reads is analysed too
    text = path.read_text().replace(f"id: {path.stem}", f"id: {journey_id}", 1)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        insert = draw(st.booleans())
        end = at if insert else at + draw(st.integers(1, 40))
        text = text[:at] + (draw(EDITS) if insert else "") + text[end:]
    return journey_id, text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_random_edits_never_escape_as_a_traceback(case: tuple[str, str], tmp_path_factory: pytest.TempPathFactory,
                                                  run_cli: RunCli) -> None:
    journey_id, text = case
    folder = tmp_path_factory.mktemp("mutated")
    (folder / f"{journey_id}.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    loaded = load_all([folder])  # never raises: the bundled copy and the edited one, or a broken one
    assert len(loaded.records) + len(loaded.broken) == len(BUNDLED) + 1
    assert all(isinstance(b.error, RecordError) for b in loaded.broken)
    result = run_cli("show", journey_id, "--records", str(folder), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def test_the_cache_keeps_a_bounded_number_of_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    text = (bundled_records_dir() / "2019-beijing.yaml").read_text()
    for n in range(5):
        path = tmp_path / "2019-beijing.yaml"
        path.write_text(text.replace("title: ", f"title: Version {n} ", 1))
        read_record(path)
    assert len(list(cache.cache_dir().glob(f"*{cache.SUFFIX}"))) == 3
