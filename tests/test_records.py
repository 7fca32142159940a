"""Records: the bundled ones load, and every malformed one gets its own clear error, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from journeys.records.files import bundled_records_dir, load_records, read_record, write_record
from tests.conftest import RunCli

BAD = Path(__file__).parent / "bad_records"
BAD_FILES = sorted(BAD.glob("*.yaml"))
WHOLE_FILE_PROBLEMS = {"not-a-mapping", "not-utf8"}


def expected_message(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ")


def test_there_are_at_least_twenty_malformed_records() -> None:
    assert len(BAD_FILES) >= 20


@pytest.mark.parametrize("bad", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_a_malformed_record_gets_one_clear_error(bad: Path, records_dir: Path, run_cli: RunCli) -> None:
    shutil.copy(bad, records_dir / bad.name)
    result = run_cli("show", bad.stem, "--records", str(records_dir))  # a command naming the record fails
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    # file, line and column, then the problem, then the fix
    match = re.match(rf"Error: (?P<file>.+{re.escape(bad.name)}):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$", lines[0])
    assert match, lines[0]
    if bad.stem not in WHOLE_FILE_PROBLEMS:  # line 1 is the '# expect' comment: the error points into the record
        assert int(match["line"]) > 1
    assert expected_message(bad) in match["rest"]
    assert ". Fix: " in match["rest"]


def test_errors_point_at_the_offending_line(records_dir: Path, run_cli: RunCli) -> None:
    shutil.copy(BAD / "vague-weekday-time.yaml", records_dir)
    result = run_cli("show", "vague-weekday-time", "--records", str(records_dir))
    text = (BAD / "vague-weekday-time.yaml").read_text().splitlines()
    line = int(result.output.split(":")[2])
    assert "Monday afternoon" in text[line - 1]


def test_duplicate_ids_across_folders_are_refused(records_dir: Path, run_cli: RunCli) -> None:
    shutil.copy(bundled_records_dir() / "2025-beijing.yaml", records_dir)
    result = run_cli("check", "2025-beijing", "--records", str(records_dir))
    assert result.exit_code == 1
    assert "the id '2025-beijing' is already used by" in result.output
    assert "give this journey another id" in result.output


def test_records_env_variable_adds_a_folder(records_dir: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(BAD / "unknown-role.yaml", records_dir)
    monkeypatch.setenv("JOURNEYS_RECORDS", str(records_dir))
    result = run_cli("show", "unknown-role")
    assert "'terminus' is not allowed for 'role'" in result.output


def test_the_bundled_journeys_load() -> None:
    ids = {r.journey.id for r in load_records()}
    assert {"2025-beijing", "2019-hanoi", "2023-russia"} <= ids


def test_every_bundled_claim_quotes_its_source() -> None:
    for record in load_records():
        sources = {s.id for s in record.journey.sources}
        for claim in record.journey.claims:
            assert claim.source in sources
            assert claim.says.lower() in " ".join(claim.quote.split()).lower()


def test_write_then_read_gives_the_same_journey(tmp_path: Path) -> None:
    for record in load_records():
        written = write_record(record.journey, tmp_path)
        assert read_record(written).journey == record.journey


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    journey = load_records()[0].journey
    write_record(journey, tmp_path)
    with pytest.raises(FileExistsError, match="exists; choose another id"):
        write_record(journey, tmp_path)


def test_the_per_user_folder_is_read_without_being_named(run_cli: RunCli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = tmp_path / "journeys" / "records"
    folder.mkdir(parents=True)
    shutil.copy(BAD / "unknown-role.yaml", folder)
    assert "'terminus' is not allowed for 'role'" in run_cli("list").output  # reported, and the others listed
