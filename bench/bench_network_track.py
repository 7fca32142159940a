"""Benchmark: ``journeys check`` on all bundled journeys with yesterday's network files and today's.

The 1,520 mm sections now carry OpenStreetMap-derived track (tens of thousands of points where
there were a few hundred station points), so loading and routing could have got slower; the
requirement is no more than 1.2 × the old time. Both runs happen here, in the same process tree,
interleaved, best of N each, so the machine's load falls on both alike:

- **old**: the ``geodata/`` folder of a git ref (``main`` by default: the network as it was), taken
  with ``git archive`` into a temporary folder;
- **new**: the ``geodata/`` folder of this checkout.

Each run is a fresh ``python`` that points ``journeys.data_paths.geodata_dir`` at one folder before
anything else of journeys is imported, then runs ``journeys check`` exactly as the console script
does. A second pair of runs times the network alone (``bundled_network()``: read, split, build the
graph) and one route across it (Moscow–Vladivostok where the folder reaches it).

Run: ``python bench/bench_network_track.py`` (about a minute); ``--repeat 3 --ref HEAD~1`` to compare
with another commit.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PATCH = """
import os, sys
from pathlib import Path
import journeys.data_paths
journeys.data_paths.geodata_dir = lambda: Path(os.environ["BENCH_GEODATA_DIR"])
"""

CHECK = PATCH + """
sys.argv = ["journeys", "check", *sys.argv[1:]]
from journeys.cli import main
main()
"""

NETWORK = PATCH + """
import time
t0 = time.process_time()
from journeys.geo.network import bundled_network
network = bundled_network()
t1 = time.process_time()
from journeys.geo.gazetteer import curated
from journeys.geo.router import Router
places = curated().by_id
a, b = places["moscow-yaroslavsky"], places["vladivostok"]
try:
    steps = Router(network).path_sections([(a.lat, a.lon), (b.lat, b.lon)])
    km = sum(s.length_km for s, _, _ in steps)
except Exception as err:  # the old network may not reach: say so
    km = float("nan")
t2 = time.process_time()
points = sum(len(s.coords) for s in network.sections)
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {len(network.sections)} {points} {km:.1f}")
"""


def run(code: str, geodata: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (user + system of the child) of one fresh interpreter.

    Caches off (``JOURNEYS_NO_CACHE``): with them, the second run of each side would print the stored
    answer or load the network kept built, and time neither side's network files.
    """
    env = dict(os.environ, BENCH_GEODATA_DIR=str(geodata), JOURNEYS_NO_CACHE="1")
    env.pop("JOURNEYS_RECORDS", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, result


def old_geodata(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref, "geodata"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "geodata"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main", help="git ref whose geodata/ is the old network (default: main)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each, interleaved; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"old": old_geodata(args.ref, Path(tmp)), "new": ROOT / "geodata"}
        best: dict[str, list[float]] = {name: [float("inf"), float("inf")] for name in folders}
        codes: dict[str, set[int]] = {name: set() for name in folders}
        for _ in range(args.repeat):
            for name, folder in folders.items():
                wall, cpu, result = run(CHECK, folder)
                best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
                codes[name].add(result.returncode)
        print(f"== journeys check on all bundled journeys (best of {args.repeat}, interleaved) ==")
        for name in folders:
            where = f"git {args.ref}:geodata" if name == "old" else "this checkout's geodata"
            print(f"{name}: {best[name][0]:6.2f} s wall, {best[name][1]:6.2f} s CPU  (exit codes {sorted(codes[name])}; {where})")
        ratio_cpu, ratio_wall = best["new"][1] / best["old"][1], best["new"][0] / best["old"][0]
        verdict = "ok" if ratio_cpu <= 1.2 else "TOO SLOW"
        print(f"ratio new / old: {ratio_cpu:.2f}x CPU, {ratio_wall:.2f}x wall  (limit 1.2x: {verdict})")
        print("\n== the network alone: bundled_network() and one route Moscow–Vladivostok (CPU s, best of 3) ==")
        for name, folder in folders.items():
            rows = []
            for _ in range(3):
                _, _, result = run(NETWORK, folder)
                if result.returncode != 0:
                    print(f"{name}: failed: {result.stderr.strip()[-300:]}")
                    break
                rows.append(result.stdout.split())
            if rows:
                load = min(float(r[0]) for r in rows)
                route = min(float(r[1]) for r in rows)
                sections, points, km = rows[0][2], rows[0][3], rows[0][4]
                print(f"{name}: load {load:.3f} s, route {route:.3f} s; {sections} sections, {points} points; "
                      f"Moscow–Vladivostok geometry {km} km")


if __name__ == "__main__":
    main()
