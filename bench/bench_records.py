"""Benchmark: reading records, and what a user waits for on `journeys check`.

Three measurements, each printed with the median and the spread (min–max) of its runs:

(a) Reading one synthetic record of 1,000 and of 10,000 stops (each stop with coordinates, an
    arrival and a departure citing a source, each with a leg; about 330 bytes a stop): parse,
    validate and cross-check (:func:`journeys.records.files.read_record`, cache off), and the old
    reader's parse alone (ruamel.yaml round-trip ``load``) on the same text for comparison. Linear
    reading shows as a constant time per stop.
(b) ``journeys check`` on the bundled journeys, in a subprocess, against ``python -c "import pyproj"``:
    first with an empty cache folder (what a first run costs) and then with the cache the previous
    run filled (an unchanged folder). The three commands are run in alternating turns, so a busy
    machine slows them alike; times are the child's CPU seconds (user + system), wall beside them.
(c) What start-up imports: ``python -X importtime -m journeys check`` is read for geopy, requests,
    ruamel and folium, which ``check`` must not import (geopy and requests only serve ``--online``).

Run from the repository root: ``python bench/bench_records.py`` (about two minutes);
``--runs N`` sets the turns of (b), ``--stops N`` adds a record size to (a).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEADER = """id: {id}
title: A synthetic journey of {n} stops
traveller: Nobody
year: 2025
sources:
  - id: s1
    publisher: Bench Gazette
    title: A long trip
    url: https://example.org/long-trip
stops:
"""
STOP = """  - name: Place {i}
    id: place-{i}
    country: CN
    lat: {lat:.5f}
    lon: {lon:.5f}
    role: {role}
    arrival:
      - time: 2025-09-01 {hh:02d}:{mm:02d}
        source: s1
        quote: arrived at place {i}
    departure:
      - time: 2025-09-01 {hh:02d}:{mm:02d}
        source: s1
        quote: left place {i}
"""


def synthetic_record(folder: Path, stops: int) -> Path:
    """A valid record of ``stops`` stops along a line, with a leg between each pair."""
    journey_id = f"synthetic-{stops}"
    parts = [HEADER.format(id=journey_id, n=stops)]
    for i in range(stops):
        role = "origin" if i == 0 else "destination" if i == stops - 1 else "stop"
        minute = i * 1440 // stops
        parts.append(STOP.format(i=i, lat=30 + i * 10 / stops, lon=110 + i * 10 / stops, role=role,
                                 hh=minute // 60, mm=minute % 60))
    parts.append("legs:\n")
    parts += [f"  - from: place-{i}\n    to: place-{i + 1}\n" for i in range(stops - 1)]
    path = folder / f"{journey_id}.yaml"
    path.write_text("".join(parts))
    return path


def timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times):7.3f} s  (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})"


def bench_reading(sizes: list[int]) -> None:
    os.environ["JOURNEYS_NO_CACHE"] = "1"
    from ruamel.yaml import YAML

    from journeys.records.files import read_record

    print("(a) reading one record (parse + validate + cross-check; cache off)")
    with tempfile.TemporaryDirectory() as tmp:
        for stops in sizes:
            path = synthetic_record(Path(tmp), stops)
            runs = 3 if stops <= 1000 else 1
            ours = timed(lambda p=path: read_record(p), runs)
            print(f"  {stops:>6,} stops, {path.stat().st_size / 1e6:5.2f} MB  journeys: {spread(ours)}"
                  f"  = {statistics.median(ours) / stops * 1e3:.3f} ms/stop")
            if stops <= 1000:
                text = path.read_text()
                old = timed(lambda t=text: YAML(typ="rt").load(t), runs)
                print(f"  {'':>6}                  ruamel parse alone: {spread(old)}"
                      f"  = {statistics.median(old) / stops * 1e3:.3f} ms/stop")
    del os.environ["JOURNEYS_NO_CACHE"]


def child_cpu(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def bench_check(runs: int) -> None:
    print(f"\n(b) `journeys check` on the bundled journeys vs `python -c \"import pyproj\"`, {runs} alternating turns")
    check = [sys.executable, "-m", "journeys", "check"]
    baseline = [sys.executable, "-c", "import pyproj"]
    results: dict[str, list[tuple[float, float]]] = {"import pyproj": [], "check, empty cache": [],
                                                     "check, cache filled": []}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=str(Path(tmp) / "data"))  # no user records
        env.pop("JOURNEYS_RECORDS", None)
        for turn in range(runs + 1):
            cold = dict(env, XDG_CACHE_HOME=str(Path(tmp) / f"cold-{turn}"))
            warm = dict(env, XDG_CACHE_HOME=str(Path(tmp) / "warm"))
            measured = [("import pyproj", baseline, env), ("check, empty cache", check, cold),
                        ("check, cache filled", check, warm)]
            for name, args, child_env in measured[turn % 3:] + measured[: turn % 3]:
                sample = child_cpu(args, child_env)
                if turn > 0:  # turn 0 warms the disk cache and fills the warm record cache
                    results[name].append(sample)
    base = statistics.median(cpu for cpu, _ in results["import pyproj"])
    for name, samples in results.items():
        cpu = [c for c, _ in samples]
        wall = [w for _, w in samples]
        print(f"  {name:<20} CPU {spread(cpu)}; wall median {statistics.median(wall):.3f} s;"
              f"  {statistics.median(cpu) / base:5.1f}× import pyproj")


def bench_imports() -> None:
    print("\n(c) modules `journeys check` imports (python -X importtime), cumulative µs of the heaviest")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "journeys", "check", "2019-beijing"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
            rows.append((int(cumulative), name))
    names = {name for _, name in rows}
    for module in ("geopy", "requests", "ruamel.yaml", "folium", "geopandas", "yaml", "pydantic", "networkx"):
        mark = "imported" if module in names else "not imported"
        cost = next((c for c, n in rows if n == module), 0)
        print(f"  {module:<12} {mark:<13} {cost / 1e3:8.1f} ms")
    top = sorted((r for r in rows if "." not in r[1]), reverse=True)[:8]
    print("  heaviest top-level: " + ", ".join(f"{n} {c / 1e3:.0f} ms" for c, n in top))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="alternating turns of (b)")
    parser.add_argument("--stops", type=int, action="append", default=[], help="another record size for (a)")
    args = parser.parse_args()
    bench_reading(sorted({1000, 10_000, *args.stops}))
    bench_check(args.runs)
    bench_imports()


if __name__ == "__main__":
    main()
