"""Shared by the benchmarks: runs taken in alternating turns, summarised as medians with their spread.

Each measured run is a fresh Python process (``os.wait4`` gives its CPU time and peak resident
memory exactly), and the runs of every compared thing are interleaved — A, B, A, B, ... — so that
a slow minute on a shared machine falls on both sides. A summary is the median and the range
(min–max) over the turns; ratios are ratios of medians. Nothing is extrapolated.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """One process: CPU seconds (user + system, its worker processes' included), wall seconds, peak
    resident MiB (of the largest process), peak proportional MiB of the whole tree, and what it printed."""

    cpu: float
    wall: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str
    tree_mib: float = 0.0


class TreeMemory(threading.Thread):
    """The largest proportional set size (PSS) a process and its children reach together, sampled.

    A command that forks workers shares the parent's pages with them until written: adding their
    resident sizes would count those pages once per process, and ``wait4`` gives only the largest
    single process. PSS divides each shared page between the processes that map it, so the sum over
    the tree is the memory the command really holds. Sampled every 20 ms for the first second, then every
    100 ms (reading the processes' memory maps costs the machine a little CPU), so a peak shorter than
    that may be missed.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        started = time.perf_counter()
        while not self.done.wait(0.02 if time.perf_counter() - started < 1 else 0.1):
            total = 0
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for process in processes:
                try:
                    total += process.memory_full_info().pss
                except psutil.Error:  # a worker that ended while it was counted
                    continue
            self.peak = max(self.peak, total)


@dataclass
class Series:
    """The runs of one measured thing, in turn order."""

    name: str
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, **values: float) -> None:
        for key, value in values.items():
            self.values.setdefault(key, []).append(value)

    def median(self, key: str) -> float:
        return statistics.median(self.values[key])

    def spread(self, key: str, digits: int = 2) -> str:
        """The median with the range of the turns, e.g. ``1.23 (1.20–1.31)``."""
        v = self.values[key]
        if len(v) == 1:
            return f"{v[0]:.{digits}f} (1 run)"
        return f"{statistics.median(v):.{digits}f} ({min(v):.{digits}f}–{max(v):.{digits}f})"


def run(args: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run a command to its end; its own CPU time and peak memory (from wait4), not the benchmark's."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        process = subprocess.Popen(list(args), env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        memory = TreeMemory(process.pid)
        memory.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - t0
        memory.done.set()
        memory.join()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        out.seek(0)
        err.seek(0)
        return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode, out.read(),
                   err.read(), memory.peak / 2**20)


def compile_package(root: Path) -> None:
    """Write the bytecode of the ``journeys`` package under ``root``, as installing a package does.

    pip compiles every module it installs, so a user's commands import bytecode; a source checkout
    run with ``PYTHONDONTWRITEBYTECODE`` (or from a read-only folder) compiles every module on every
    run instead, which would add some 0.1-0.3 s of compiling to each timed command while the
    baseline's pyproj, installed by pip, pays none. Untimed.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "journeys")], check=True,
                   stdout=subprocess.DEVNULL)


def worker_result(result: Run) -> dict[str, float]:
    """The JSON a worker process printed last, failing loudly if it failed."""
    if result.returncode != 0:
        raise RuntimeError(f"worker failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def replace_block(path: Path, name: str, text: str) -> None:
    """Put ``text`` between the ``<!-- name -->`` and ``<!-- /name -->`` lines of a file, atomically."""
    content = path.read_text(encoding="utf-8")
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    if begin not in content or end not in content:
        raise SystemExit(f"{path} has no {begin} ... {end} block; add the two lines where the table goes")
    head, rest = content.split(begin, 1)
    _, tail = rest.split(end, 1)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(f"{head}{begin}\n{text.strip()}\n{end}{tail}", encoding="utf-8")
    os.replace(tmp, path)
