"""Benchmark: the zones of new points, kept as they are found, against timezonefinder alone.

A folder of many trips has thousands of distinct stations, and every point's zone found for the first
time is kept (:mod:`journeys.records.zones`). Each size runs in a fresh process with an empty cache
folder: ``zone_name`` over N new points (seeded, in North-East Asia), against timezonefinder's own
``timezone_at`` over the same points in the same process, in alternating turns. Keeping is linear when
the ratio stays flat as N grows.

Run from the repository root: ``python bench/bench_zones.py`` (``--sizes``, ``--turns``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

WORKER = r"""
import json, os, random, sys, tempfile, time
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp()
from journeys.records import zones
size, turns = int(sys.argv[1]), int(sys.argv[2])
finder = zones._finder()
random.seed(size)
ours, bare = [], []
for turn in range(turns):
    points = [(random.uniform(30, 50), random.uniform(100, 130)) for _ in range(size)]  # new every turn
    start = time.process_time()
    for lat, lon in points:
        finder.timezone_at(lng=lon, lat=lat)
    bare.append(time.process_time() - start)
    start = time.process_time()
    for lat, lon in points:
        zones.zone_name(lat, lon)
    ours.append(time.process_time() - start)
print(json.dumps({"ours": ours, "bare": bare}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000])
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args()
    print("| new points | `zone_name`, kept, CPU s | `timezone_at` alone, CPU s | ratio |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        done = subprocess.run([sys.executable, "-c", WORKER, str(size), str(args.turns)], check=True,
                              capture_output=True, text=True)
        times = json.loads(done.stdout.strip().splitlines()[-1])
        ours, bare = statistics.median(times["ours"]), statistics.median(times["bare"])
        print(f"| {size:,} | {ours:.3f} ({min(times['ours']):.3f}–{max(times['ours']):.3f}) | "
              f"{bare:.3f} ({min(times['bare']):.3f}–{max(times['bare']):.3f}) | **{ours / bare:.2f}×** |")
    print(f"\nMedian of {args.turns} turns (range in brackets), each size a fresh process with an empty cache.")


if __name__ == "__main__":
    main()
