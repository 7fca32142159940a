"""Benchmark: measuring legs (lengths, durations, speed windows) and the ``journeys check`` command.

Part 1 measures 10,000 synthetic journeys of 10 legs, each leg a 50-point track (a seeded random
walk) with leave/reach time windows, three ways:

(a) ``journeys.geo.measure``: leg_lengths_km + elapsed_h + speeds_kmh over the packed arrays;
(b) movingpandas on the same legs as Trajectories (one per leg, the 50 points timed evenly between
    the leg's times): ``get_length`` and ``get_duration`` per trajectory (the same quantities), and
    ``TrajectoryCollection.add_speed`` (per-point speeds, movingpandas' own idea of speed). It runs
    geographiclib in pure Python, so only a subset is timed and the rate extrapolated (said so in
    the output);
(c) the floor: one ``pyproj.Geod.inv`` call over all consecutive pairs of the same points, with
    nothing else (no masking, no per-leg sums, no speeds).

Part 2 times ``journeys check`` on the bundled records in a subprocess (best of N) against
``python -c "import pyproj"`` and checks that the command imported neither folium nor geopandas.
If the bundled records do not all load, it says so and measures on the ones that do.

Run: ``python bench/bench_check.py`` (about 1.5 minutes on 2 idle cores); ``--help`` for the sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pyproj import Geod

from journeys.geo.measure import Windows, elapsed_h, leg_lengths_km, speeds_kmh

GEOD = Geod(ellps="WGS84")
SEED = 20010726


# -- synthetic journeys ---------------------------------------------------------------------------


class Journeys:
    """Legs packed as the measuring core wants them, plus the leave/reach windows of each leg."""

    def __init__(self, n_journeys: int, legs_per_journey: int, points_per_leg: int, seed: int = SEED) -> None:
        rng = np.random.default_rng(seed)
        self.n_legs = n_journeys * legs_per_journey
        self.points_per_leg = points_per_leg
        steps = points_per_leg - 1
        # One random walk per journey; leg k is points [k*steps, k*steps + points_per_leg), so a
        # leg starts where the previous one ended, as on a real journey. Steps are ~5 km.
        walk_len = legs_per_journey * steps + 1
        origin = np.column_stack([rng.uniform(-180, 180, n_journeys), rng.uniform(-60, 60, n_journeys)])
        delta = rng.normal(0.0, 0.05, (n_journeys, walk_len - 1, 2))
        walk = np.concatenate([origin[:, None, :], origin[:, None, :] + np.cumsum(delta, axis=1)], axis=1)
        walk[..., 0] = (walk[..., 0] + 180.0) % 360.0 - 180.0  # crosses the antimeridian sometimes
        walk[..., 1] = np.clip(walk[..., 1], -89.0, 89.0)
        index = (np.arange(legs_per_journey) * steps)[:, None] + np.arange(points_per_leg)[None, :]
        self.coords = np.ascontiguousarray(walk[:, index, :].reshape(-1, 2))
        self.offsets = np.arange(self.n_legs, dtype=np.intp) * points_per_leg
        # Times: legs of 2-8 h with stays of 0-2 h between them; each reported time is a window of
        # up to half an hour either side, as vague reports are.
        minutes = np.timedelta64(1, "m")
        run = rng.uniform(120, 480, (n_journeys, legs_per_journey))
        stay = rng.uniform(0, 120, (n_journeys, legs_per_journey))
        start = np.datetime64("2001-07-26T10:00") + (rng.uniform(0, 60 * 24 * 365, n_journeys)[:, None]).astype(int) * minutes
        before = np.concatenate([np.zeros((n_journeys, 1)), (run + stay)[:, :-1]], axis=1)
        leave = start + np.cumsum(before, axis=1).astype(int) * minutes
        reach = leave + run.astype(int) * minutes
        slack = rng.uniform(0, 30, (4, self.n_legs)).astype(int) * minutes
        self.leave, self.reach = leave.reshape(-1), reach.reshape(-1)
        self.leave_earliest, self.leave_latest = self.leave - slack[0], self.leave + slack[1]
        self.reach_earliest, self.reach_latest = self.reach - slack[2], self.reach + slack[3]

    def leg(self, i: int) -> np.ndarray:
        return self.coords[self.offsets[i]: self.offsets[i] + self.points_per_leg]


def ours(j: Journeys) -> tuple[np.ndarray, Windows]:
    lengths = leg_lengths_km(j.coords, j.offsets)
    durations = elapsed_h(j.leave_earliest, j.leave_latest, j.reach_earliest, j.reach_latest)
    return lengths, speeds_kmh(lengths, durations)


def floor(j: Journeys) -> np.ndarray:
    lons, lats = j.coords[:, 0], j.coords[:, 1]
    return np.asarray(GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:], return_back_azimuth=False)[2])


class Clock:
    """Best wall and CPU seconds over repeated runs.

    Rates and ratios use CPU time: every measured path is single-threaded, so on an idle machine
    CPU time is the wall time, and on a shared one (2 cores, other jobs) it is not inflated by
    waiting for a core. Wall times are printed beside them.
    """

    def __init__(self) -> None:
        self.wall = self.cpu = float("inf")

    def run(self, fn: Callable[[], Any]) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        self.cpu = min(self.cpu, time.process_time() - c0)
        self.wall = min(self.wall, time.perf_counter() - t0)
        return result

    def __str__(self) -> str:
        return f"{self.cpu:7.2f} s CPU ({self.wall:6.2f} s wall)"


# -- movingpandas -----------------------------------------------------------------------------------


def movingpandas_rates(j: Journeys, n_legs: int, our_lengths: np.ndarray) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Missing optional dependencies ... Stone Soup"
        import geopandas as gpd
        import movingpandas as mpd
        import pandas as pd

    pts = j.points_per_leg
    coords = j.coords[: n_legs * pts]
    frac = np.linspace(0.0, 1.0, pts)
    span = (j.reach[:n_legs] - j.leave[:n_legs]).astype("timedelta64[s]").astype(np.int64)
    offsets_s = (span[:, None] * frac[None, :]).astype(np.int64) * np.timedelta64(1, "s")
    times = j.leave[:n_legs, None].astype("datetime64[s]") + offsets_s

    build, measure, add_speed = Clock(), Clock(), Clock()
    collection = build.run(lambda: mpd.TrajectoryCollection(gpd.GeoDataFrame(
        {"leg": np.repeat(np.arange(n_legs), pts), "t": pd.to_datetime(np.asarray(times.reshape(-1), dtype="datetime64[s]"))},
        geometry=gpd.points_from_xy(coords[:, 0], coords[:, 1]), crs="EPSG:4326",
    ), traj_id_col="leg", t="t"))

    def lengths_and_speeds() -> tuple[list[float], list[float]]:
        lengths, speeds = [], []
        for trajectory in collection.trajectories:
            km = trajectory.get_length(units=("km",))
            hours = trajectory.get_duration().total_seconds() / 3600.0
            lengths.append(km)
            speeds.append(km / hours)
        return lengths, speeds

    lengths, _ = measure.run(lengths_and_speeds)
    mismatch = float(np.max(np.abs(np.array(lengths) - our_lengths[:n_legs]) / our_lengths[:n_legs]))
    add_speed.run(lambda: collection.add_speed(units=("km", "h"), overwrite=True))
    return {"legs": n_legs, "build": build, "measure": measure, "add_speed": add_speed, "max_rel_diff": mismatch}


# -- journeys check ---------------------------------------------------------------------------------

RUNNER = """
import atexit, json, os, sys
from pathlib import Path
out = os.environ.get("BENCH_MODULES_OUT")
if out:
    atexit.register(lambda: Path(out).write_text(json.dumps(sorted(sys.modules))))
if os.environ.get("BENCH_RECORDS_DIR"):
    import journeys.records.files
    journeys.records.files.bundled_records_dir = lambda: Path(os.environ["BENCH_RECORDS_DIR"])
sys.argv = ["journeys", "check", *sys.argv[1:]]
import importlib.util, runpy
if importlib.util.find_spec("journeys.__main__"):
    runpy.run_module("journeys", run_name="__main__", alter_sys=True)  # what `python -m journeys check` runs
else:  # no journeys/__main__.py: the console script's entry point
    from journeys.cli import main
    main()
"""


def loadable_records() -> tuple[list[Path], list[str]]:
    """The bundled record files that load and build trips on their own, and why the others do not."""
    from journeys.geo.trip import make_trips
    from journeys.records.files import bundled_records_dir, read_record

    good, bad = [], []
    for path in sorted(bundled_records_dir().glob("*.yaml")):
        try:
            make_trips([read_record(path)])
        except Exception as err:  # report any failure: others may be editing the records
            bad.append(f"{path.name}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
        else:
            good.append(path)
    return good, bad


def time_command(args: list[str], env: dict[str, str], repeat: int) -> tuple[Clock, subprocess.CompletedProcess[str]]:
    """Best wall time and best CPU time (user + system of the child) of a command."""
    clock, result = Clock(), None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        clock.wall = min(clock.wall, time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        clock.cpu = min(clock.cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert result is not None
    return clock, result


def bench_command(repeat: int) -> None:
    print(f"\n== journeys check (subprocess, best of {repeat}) ==")
    env = dict(os.environ)
    env.pop("JOURNEYS_RECORDS", None)
    base, _ = time_command([sys.executable, "-c", "import pyproj"], env, repeat)
    print(f"baseline  python -c 'import pyproj':  {base}")
    with tempfile.TemporaryDirectory() as tmp:
        env["BENCH_MODULES_OUT"] = str(Path(tmp) / "modules.json")
        took, run = time_command([sys.executable, "-c", RUNNER], env, repeat)
        scope = "all bundled records"
        if run.returncode != 0:
            print(f"journeys check FAILS on the bundled records (exit {run.returncode}): "
                  f"{(run.stderr.strip().splitlines() or ['?'])[-1][:300]}")
            good, bad = loadable_records()
            for line in bad:
                print(f"  does not load: {line}")
            if not good:
                print("  no bundled record loads; nothing to time")
                return
            folder = Path(tmp) / "records"
            folder.mkdir()
            for path in good:
                shutil.copy(path, folder)
            env["BENCH_RECORDS_DIR"] = str(folder)
            took, run = time_command([sys.executable, "-c", RUNNER], env, repeat)
            scope = f"the {len(good)} records that load ({', '.join(p.stem for p in good)})"
            if run.returncode != 0:
                print(f"  still fails (exit {run.returncode}): {run.stderr.strip()[-300:]}")
                return
        modules = set(json.loads(Path(env["BENCH_MODULES_OUT"]).read_text()))
    print(f"journeys check on {scope}:  {took}")
    print(f"ratio journeys check / baseline: {took.cpu / base.cpu:.1f}x in CPU time, {took.wall / base.wall:.1f}x in wall time")
    heavy = sorted(m for m in modules if m.split(".")[0] in {"folium", "geopandas", "branca", "pandas", "matplotlib"})
    print(f"  modules imported: {len(modules)}; folium/geopandas/branca/pandas/matplotlib: {', '.join(heavy) or 'none'}")
    if any(m.split(".")[0] in {"folium", "geopandas"} for m in heavy):
        print("  FAIL: journeys check must not import folium or geopandas")


# -- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=10_000)
    parser.add_argument("--legs", type=int, default=10, help="legs per journey")
    parser.add_argument("--points", type=int, default=50, help="points per leg")
    parser.add_argument("--mp-legs", type=int, default=1_000, help="legs timed with movingpandas (then extrapolated)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--skip-command", action="store_true", help="do not time `journeys check`")
    args = parser.parse_args()

    t0 = time.perf_counter()
    j = Journeys(args.journeys, args.legs, args.points)
    n_pts = len(j.coords)
    print(f"== {args.journeys:,} journeys x {args.legs} legs x {args.points} points = {j.n_legs:,} legs, "
          f"{n_pts:,} points (built in {time.perf_counter() - t0:.1f} s) ==")

    # Interleave (a) and (c) so that a slow moment on a shared machine does not favour either.
    t_ours, t_floor = Clock(), Clock()
    for _ in range(args.repeat):
        lengths, speed = t_ours.run(lambda: ours(j))
        t_floor.run(lambda: floor(j))
    sample = slice(None, None, max(1, j.n_legs // 1000))
    check = np.array([GEOD.line_length(*j.leg(i).T) / 1000.0 for i in range(j.n_legs)[sample]])
    worst = float(np.max(np.abs(lengths[sample] - check) / check))
    assert worst < 1e-9, worst
    assert np.all(speed.low <= speed.high)

    mp = movingpandas_rates(j, min(args.mp_legs, j.n_legs), lengths)
    rate_ours, rate_floor = j.n_legs / t_ours.cpu, j.n_legs / t_floor.cpu
    rate_mp = mp["legs"] / mp["measure"].cpu
    rate_mp_all = mp["legs"] / (mp["build"].cpu + mp["measure"].cpu)
    rate_mp_speed = mp["legs"] / mp["add_speed"].cpu

    print(f"(a) journeys.geo.measure: lengths + durations + speed windows  {t_ours}  {rate_ours:10,.0f} legs/s")
    print(f"(c) floor: one Geod.inv over the same {n_pts - 1:,} pairs       {t_floor}  {rate_floor:10,.0f} legs/s")
    print(f"(b) movingpandas: {mp['legs']:,} legs timed, the rate extrapolated to all {j.n_legs:,}")
    print(f"    get_length + get_duration per trajectory               {mp['measure']}  {rate_mp:10,.0f} legs/s"
          f"  (~{j.n_legs / rate_mp:,.0f} s CPU for all)")
    print(f"    TrajectoryCollection build (not counted in the ratio)  {mp['build']}")
    print(f"    TrajectoryCollection.add_speed (per point)             {mp['add_speed']}  {rate_mp_speed:10,.0f} legs/s")
    print(f"    movingpandas lengths agree with ours to {mp['max_rel_diff']:.1e} (relative); ours agree with "
          f"Geod.line_length to {worst:.1e}")
    print(f"ratio ours/movingpandas (get_length+get_duration):   {rate_ours / rate_mp:8,.0f}x  (goal >= 10x)")
    print(f"ratio ours/movingpandas (build + get_length+get_duration): {rate_ours / rate_mp_all:,.0f}x")
    print(f"ratio ours/movingpandas (add_speed):                 {rate_ours / rate_mp_speed:8,.0f}x")
    print(f"ratio ours/floor in legs/s:                          {rate_ours / rate_floor:8.2f}   "
          f"(goal >= 0.5, i.e. within 2x of the floor; in time, ours take {t_ours.cpu / t_floor.cpu:.2f}x the floor)")

    if not args.skip_command:
        bench_command(args.repeat)


if __name__ == "__main__":
    main()
