"""Journeys worked in forked processes: the same answers, errors and reports, in the same order, as
one process gives; the commands print the same bytes with one worker or several."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.errors import AmbiguousPlaceError, GeocodeError, RecordError, RecordProblem
from journeys.records.files import bundled_records_dir
from journeys.workers import MIN_ITEMS, ordered_map, worker_count
from tests.conftest import RunCli

BAD = Path(__file__).parent / "bad_records"


def test_answers_come_back_in_order_from_several_processes() -> None:
    def task(item: int) -> tuple[int, int]:
        time.sleep(0.005)  # long enough that one worker cannot take every item before the other starts
        return item, os.getpid()

    items = list(range(MIN_ITEMS * 4))
    answers = list(ordered_map(task, items, jobs=2))
    assert [item for item, _ in answers] == items
    workers = {pid for _, pid in answers} - {os.getpid()}
    assert len(workers) == 2  # both workers took items; the first item was worked here
    assert answers[0][1] == os.getpid()


def test_an_error_is_raised_in_its_turn_with_every_part_of_it() -> None:
    def task(item: int) -> int:
        if item == 40:
            raise RecordError(Path("records/x.yaml"), 3, 5, "the time '25:00' is not a time", "write 00:00-23:59")
        return item

    got: list[int] = []
    with pytest.raises(RecordError) as raised:
        for answer in ordered_map(task, list(range(100)), jobs=2):
            got.append(answer)
    assert got == list(range(40))
    error = raised.value
    assert (error.path, error.line, error.column, error.fix) == (Path("records/x.yaml"), 3, 5, "write 00:00-23:59")
    assert str(error) == "records/x.yaml:3:5: the time '25:00' is not a time. Fix: write 00:00-23:59"


def test_few_items_or_one_job_stay_in_this_process() -> None:
    assert worker_count(1, 1000) == 1
    assert worker_count(4, MIN_ITEMS - 1) == 1
    assert worker_count(4, 1000) == 4
    assert worker_count(2 * MIN_ITEMS, MIN_ITEMS) == MIN_ITEMS  # never more workers than items
    assert [pid for pid in ordered_map(lambda _: os.getpid(), list(range(100)), jobs=1)] == [os.getpid()] * 100


@given(st.text(max_size=30), st.text(max_size=30), st.integers(1, 10**6), st.integers(1, 10**4))
def test_errors_cross_between_processes_whole(problem: str, fix: str, line: int, column: int) -> None:
    for error in (RecordError(Path("a b/ç.yaml"), line, column, problem, fix), GeocodeError(problem, fix),
                  AmbiguousPlaceError(problem, fix), RecordProblem(("stops", line, "name"), problem, fix)):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error) and vars(again) == vars(error)


@pytest.fixture
def many(records_dir: Path) -> Path:
    """Thirty copies of the bundled records under new ids, with every broken record and a reused id."""
    bundled = sorted(bundled_records_dir().glob("*.yaml"))
    for number in range(30):
        source = bundled[number % len(bundled)]
        text = source.read_text(encoding="utf-8")
        new_id = f"{source.stem}-copy-{number:02d}"
        (records_dir / f"{new_id}.yaml").write_text(text.replace(f"id: {source.stem}", f"id: {new_id}", 1),
                                                    encoding="utf-8")
    for bad in sorted(BAD.glob("*.yaml")):
        if bad.stem not in ("times-go-backwards", "unknown-place"):  # these read, but stop check (their own test)
            shutil.copy(bad, records_dir / bad.name)
    shutil.copy(bundled_records_dir() / "2018-beijing.yaml", records_dir)  # the id is the bundled record's
    return records_dir


@pytest.mark.parametrize("args", [
    ("check",), ("check", "--format", "json"), ("check", "--format", "markdown", "--door-to-door", "--speed", "50"),
    ("check", "2025-beijing-copy-06", "2019-hanoi"), ("check", "--strict"), ("list",), ("list", "--format", "json"),
    ("compare",),
])
def test_workers_print_what_one_process_prints(many: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch,
                                               args: tuple[str, ...]) -> None:
    command = [*args, "--records", str(many)]
    first = run_cli(*command, "--jobs", "2")  # records parsed in the workers, into the cache
    shutil.rmtree(Path(os.environ["XDG_CACHE_HOME"]) / "journeys" / "commands", ignore_errors=True)
    cached = run_cli(*command, "--jobs", "2")  # records read from the cache in the workers
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    alone = run_cli(*command, "--jobs", "1")
    assert first.output == cached.output == alone.output
    assert first.exit_code == cached.exit_code == alone.exit_code
    assert "Skipped:" in first.output
    if args == ("check",):
        assert first.exit_code == 0 and first.output.count("\n\n") > 30


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_where_workers_cannot_be_forked_the_items_are_worked_here(platform: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert worker_count(4, 1000) == 1
    assert list(ordered_map(lambda _: os.getpid(), list(range(50)), jobs=4)) == [os.getpid()] * 50


def test_broken_records_are_reported_before_a_network_file_that_cannot_be_used(many: Path, run_cli: RunCli,
                                                                               tmp_path: Path) -> None:
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    result = run_cli("check", "--records", str(many), "--network", str(empty))
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1
    assert lines[-1].startswith(f"Error: {empty}") and all(line.startswith("Skipped:") for line in lines[:-1])
    assert len(lines) > 5


def test_a_journey_that_fails_in_a_worker_stops_check_with_its_error_in_its_turn(many: Path, run_cli: RunCli,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(BAD / "times-go-backwards.yaml", many)  # reads, but its timeline cannot be built
    shutil.copy(BAD / "unknown-place.yaml", many)  # reads, but a stop cannot be placed
    workers = run_cli("check", "--records", str(many), "--jobs", "2")
    monkeypatch.setenv("JOURNEYS_NO_CACHE", "1")
    alone = run_cli("check", "--records", str(many), "--jobs", "1")
    assert workers.output == alone.output and workers.exit_code == alone.exit_code == 1
    first_failing = sorted(p.name for p in many.glob("*.yaml") if p.stem in ("times-go-backwards", "unknown-place"))[0]
    assert workers.output.strip().splitlines()[-1].startswith(f"Error: {many / first_failing}:")


def test_when_no_worker_can_be_forked_the_items_are_worked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    def refused(*args: object, **kwargs: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # what fork says at a process limit

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", refused)
    assert list(ordered_map(lambda item: (item, os.getpid()), list(range(50)), jobs=2)) == \
        [(item, os.getpid()) for item in range(50)]
