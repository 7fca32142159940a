"""Benchmark: measuring legs (lengths, durations, speed windows) and the ``journeys check`` command.

Part 1 measures 10,000 synthetic journeys of 10 legs, each leg a 50-point track (a seeded random
walk) with leave/reach time windows, three ways:

(a) ``journeys.measure``: leg_lengths_km + elapsed_h + speeds_kmh over the packed arrays;
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

Run: ``python bench/bench_check.py`` (about 2 minutes on 2 cores); ``--help`` for the sizes.
"""

from __future__ import annotations

import argparse
import json
import os
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

from journeys.measure import Windows, elapsed_h, leg_lengths_km, speeds_kmh

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
        leave = start + np.cumsum(np.concatenate([np.zeros((n_journeys, 1)), (run + stay)[:, :-1]], axis=1), axis=1).astype(int) * minutes
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


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# -- movingpandas -----------------------------------------------------------------------------------


def movingpandas_rates(j: Journeys, n_legs: int, our_lengths: np.ndarray) -> dict[str, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Missing optional dependencies ... Stone Soup"
        import geopandas as gpd
        import movingpandas as mpd
        import pandas as pd

    pts = j.points_per_leg
    coords = j.coords[: n_legs * pts]
    frac = np.linspace(0.0, 1.0, pts)
    span = (j.reach[:n_legs] - j.leave[:n_legs]).astype("timedelta64[s]").astype(np.int64)
    times = j.leave[:n_legs, None].astype("datetime64[s]") + (span[:, None] * frac[None, :]).astype(np.int64) * np.timedelta64(1, "s")

    t0 = time.perf_counter()
    frame = gpd.GeoDataFrame(
        {"leg": np.repeat(np.arange(n_legs), pts), "t": pd.to_datetime(times.reshape(-1))},
        geometry=gpd.points_from_xy(coords[:, 0], coords[:, 1]), crs="EPSG:4326",
    )
    collection = mpd.TrajectoryCollection(frame, traj_id_col="leg", t="t")
    build = time.perf_counter() - t0

    t0 = time.perf_counter()
    lengths, speeds = [], []
    for trajectory in collection.trajectories:
        km = trajectory.get_length(units=("km",))
        hours = trajectory.get_duration().total_seconds() / 3600.0
        lengths.append(km)
        speeds.append(km / hours)
    measure = time.perf_counter() - t0
    mismatch = float(np.max(np.abs(np.array(lengths) - our_lengths[:n_legs]) / our_lengths[:n_legs]))

    t0 = time.perf_counter()
    collection.add_speed(units=("km", "h"), overwrite=True)
    add_speed = time.perf_counter() - t0
    return {"legs": n_legs, "build_s": build, "measure_s": measure, "add_speed_s": add_speed, "max_rel_diff": mismatch}


# -- journeys check ---------------------------------------------------------------------------------

RUNNER = """
import atexit, json, os, sys
from pathlib import Path
out = os.environ.get("BENCH_MODULES_OUT")
if out:
    atexit.register(lambda: Path(out).write_text(json.dumps(sorted(sys.modules))))
if os.environ.get("BENCH_RECORDS_DIR"):
    import journeys.records
    journeys.records.bundled_records_dir = lambda: Path(os.environ["BENCH_RECORDS_DIR"])
sys.argv = ["journeys", "check", *sys.argv[1:]]
from journeys.cli import main
main()
"""


def loadable_records() -> tuple[list[Path], list[str]]:
    """The bundled record files that load and build trips on their own, and why the others do not."""
    from journeys.records import bundled_records_dir, read_record
    from journeys.trip import make_trips

    good, bad = [], []
    for path in sorted(bundled_records_dir().glob("*.yaml")):
        try:
            make_trips([read_record(path)])
        except Exception as err:  # report any failure: others may be editing the records
            bad.append(f"{path.name}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
        else:
            good.append(path)
    return good, bad


def time_command(args: list[str], env: dict[str, str], repeat: int) -> tuple[float, subprocess.CompletedProcess[str]]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - t0)
    assert result is not None
    return best, result


def bench_command(repeat: int) -> None:
    print("\n== journeys check (subprocess, best of %d) ==" % repeat)
    env = dict(os.environ)
    env.pop("JOURNEYS_RECORDS", None)
    base, _ = time_command([sys.executable, "-c", "import pyproj"], env, repeat)
    print(f"baseline  python -c 'import pyproj'        {base:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        env["BENCH_MODULES_OUT"] = str(Path(tmp) / "modules.json")
        wall, run = time_command([sys.executable, "-c", RUNNER], env, repeat)
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
            wall, run = time_command([sys.executable, "-c", RUNNER], env, repeat)
            scope = f"the {len(good)} records that load ({', '.join(p.stem for p in good)})"
            if run.returncode != 0:
                print(f"  still fails (exit {run.returncode}): {run.stderr.strip()[-300:]}")
                return
        modules = set(json.loads(Path(env["BENCH_MODULES_OUT"]).read_text()))
    print(f"journeys check on {scope}: {wall:6.2f} s  = {wall / base:.1f}x the baseline")
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
    t_ours, t_floor = float("inf"), float("inf")
    for _ in range(args.repeat):
        t, (lengths, speed) = best_of(1, lambda: ours(j))
        t_ours = min(t_ours, t)
        t, pairs = best_of(1, lambda: floor(j))
        t_floor = min(t_floor, t)
    check = np.array([GEOD.line_length(*j.leg(i).T) / 1000.0 for i in range(0, j.n_legs, max(1, j.n_legs // 1000))])
    worst = float(np.max(np.abs(lengths[:: max(1, j.n_legs // 1000)] - check) / check))
    assert worst < 1e-9, worst
    assert np.all(speed.low <= speed.high)

    mp = movingpandas_rates(j, min(args.mp_legs, j.n_legs), lengths)
    rate_ours, rate_floor = j.n_legs / t_ours, j.n_legs / t_floor
    rate_mp = mp["legs"] / mp["measure_s"]
    rate_mp_all = mp["legs"] / (mp["build_s"] + mp["measure_s"])
    rate_mp_speed = mp["legs"] / mp["add_speed_s"]

    print(f"(a) journeys.measure  lengths + durations + speed windows: {t_ours:7.2f} s  {rate_ours:12,.0f} legs/s")
    print(f"(c) floor: one Geod.inv over the same {n_pts - 1:,} pairs:      {t_floor:7.2f} s  {rate_floor:12,.0f} legs/s")
    print(f"(b) movingpandas, {mp['legs']:,} legs timed, rate extrapolated to all {j.n_legs:,}:")
    print(f"    get_length + get_duration per trajectory:  {mp['measure_s']:7.2f} s  {rate_mp:12,.0f} legs/s"
          f"  (~{j.n_legs / rate_mp:,.0f} s for all)")
    print(f"    same, counting TrajectoryCollection build: {mp['build_s'] + mp['measure_s']:7.2f} s  {rate_mp_all:12,.0f} legs/s")
    print(f"    TrajectoryCollection.add_speed (per point): {mp['add_speed_s']:7.2f} s  {rate_mp_speed:12,.0f} legs/s")
    print(f"    movingpandas lengths agree with ours to {mp['max_rel_diff']:.1e} (relative); ours agree with "
          f"Geod.line_length to {worst:.1e}")
    print(f"ratio ours/movingpandas (get_length+get_duration): {rate_ours / rate_mp:8,.0f}x  (goal >= 10x)")
    print(f"ratio ours/movingpandas (add_speed):               {rate_ours / rate_mp_speed:8,.0f}x")
    print(f"ratio ours/floor (legs/s):                         {rate_ours / rate_floor:8.2f}   "
          f"(goal >= 0.5, i.e. within 2x of the floor; time ratio {t_ours / t_floor:.2f}x)")

    if not args.skip_command:
        bench_command(args.repeat)


if __name__ == "__main__":
    main()
