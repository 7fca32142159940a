"""Writes that cannot lose data: the old file or the whole new one; nothing unusual replaced; one writer wins."""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeys.atomic import TargetExistsError, WriteError, create_text_exclusive, forcing, write_text_atomic
from journeys.records.files import find_record, journey_to_yaml, load_records, read_record, write_record


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "a.txt", "hello")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "a.txt").read_text() == "hello"


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "b.txt"
    target.write_text("old")
    target.chmod(0o600)
    write_text_atomic(target, "new")
    assert target.stat().st_mode & 0o777 == 0o600 and target.read_text() == "new"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "c.txt"
    target.write_text("old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.txt"]


# -- refusing targets that replacing would harm ------------------------------------------------------------


def test_a_fifo_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "out.geojson"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match=r"refusing to replace .*out\.geojson: it is a named pipe \(FIFO\).*--force"):
        write_text_atomic(fifo, "data")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]  # no temporary left


def test_a_read_only_file_is_refused_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(WriteError, match=r"it is read-only.*chmod u\+w.*--force"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    write_text_atomic(target, "new", force=True)
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o444


def test_a_symlink_is_refused_and_its_target_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("precious")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(WriteError, match=f"it is a symbolic link to {re.escape(str(real))}"):
        write_text_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "precious"
    with forcing():
        write_text_atomic(link, "new")
    assert not link.is_symlink() and link.read_text() == "new" and real.read_text() == "precious"


def test_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="it is a character device"):
        write_text_atomic(Path("/dev/null"), "data")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_a_folder_is_refused_even_when_forced(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="it is a folder"):
        write_text_atomic(tmp_path, "data", force=True)


def test_a_parent_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("a file")
    with pytest.raises(WriteError, match=r"cannot write into .*deeper: .*plain is a file, not a folder\. Fix: "):
        write_text_atomic(tmp_path / "plain" / "deeper" / "out.txt", "data")
    with pytest.raises(WriteError, match=r"plain is a file, not a folder"):
        create_text_exclusive(tmp_path / "plain" / "out.txt", "data")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError, match=r"permission denied\. Fix: choose a folder you can write to"):
            write_text_atomic(folder / "out.txt", "data")
    finally:
        folder.chmod(0o755)


# -- creating a new file exclusively -------------------------------------------------------------------


def test_creating_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    create_text_exclusive(target, "first")
    with pytest.raises(TargetExistsError, match=r"new\.yaml exists; pick another"):
        create_text_exclusive(target, "second", "pick another")
    assert target.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.yaml"]


def test_a_dangling_symlink_counts_as_taken(tmp_path: Path) -> None:
    link = tmp_path / "taken.yaml"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(TargetExistsError):
        create_text_exclusive(link, "data")
    assert not (tmp_path / "nowhere").exists()


def _race(write: Callable[[], None], barrier: Any, results: Any, name: str) -> None:
    barrier.wait()
    try:
        write()
    except TargetExistsError:
        results.put((name, "exists"))
    except BaseException as err:  # anything else is a failure the test reports
        results.put((name, repr(err)))
    else:
        results.put((name, "written"))


def race(writers: dict[str, Callable[[], None]]) -> dict[str, str]:
    """Start one process per writer, released together by a barrier; what each reported."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(writers)), context.Queue()
    workers = [context.Process(target=_race, args=(write, barrier, results, name)) for name, write in writers.items()]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    return dict(results.get(timeout=10) for _ in workers)


@pytest.mark.parametrize(("rounds", "through"), [(50, "the file layer"), (5, "write_record")])
def test_two_writers_of_one_id_one_wins_and_nothing_is_lost(tmp_path: Path, rounds: int, through: str) -> None:
    """Two processes create the same record at the same moment: exactly one succeeds, its file whole.

    50 rounds race the exclusive create with the two records' text ready (so the processes meet at
    the name within microseconds); 5 more go through write_record, serialising included.
    """
    journey = find_record(load_records(), "2025-beijing").journey
    versions = {"a": journey.model_copy(update={"title": "Version A"}),
                "b": journey.model_copy(update={"title": "Version B"})}
    texts = {name: journey_to_yaml(version) for name, version in versions.items()}
    for round_number in range(rounds):
        folder = tmp_path / f"round-{round_number}"
        target = folder / "2025-beijing.yaml"
        if through == "write_record":
            writers = {n: functools.partial(write_record, versions[n], folder) for n in versions}
        else:
            writers = {n: functools.partial(create_text_exclusive, target, texts[n]) for n in versions}
        outcome = race(writers)
        assert sorted(outcome.values()) == ["exists", "written"], (round_number, outcome)
        winner = next(n for n, result in outcome.items() if result == "written")
        assert target.read_text(encoding="utf-8") == texts[winner]  # whole, and the winner's
        assert read_record(target).journey.title == f"Version {winner.upper()}"
        assert sorted(p.name for p in folder.iterdir()) == [target.name]  # no temporary left behind
