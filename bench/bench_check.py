"""Benchmark: the measuring core (lengths, durations, speed windows) against movingpandas and pyproj.

10,000 synthetic journeys of 10 legs, each leg a 50-point track (a seeded random walk) with
leave/reach time windows, measured three ways:

(a) ``journeys.geo.measure``: leg_lengths_km + elapsed_h + speeds_kmh over the packed arrays;
(b) movingpandas on the same legs as Trajectories (one per leg, the 50 points timed evenly between
    the leg's times): ``get_length`` and ``get_duration`` per trajectory (the same quantities), and
    ``TrajectoryCollection.add_speed`` (per-point speeds, movingpandas' own idea of speed);
(c) the floor: one ``pyproj.Geod.inv`` call over all consecutive pairs of the same points, with
    nothing else (no masking, no per-leg sums, no speeds).

movingpandas measures with geopy's pure-Python port of GeographicLib, ours with pyproj's C
GeographicLib: most of the difference is that, not cleverness. It is too slow to run on all legs,
so (a) and (b) are compared on the same first ``--mp-legs`` legs, and (a) against (c) on all of
them; no rate is extrapolated. Every comparison is taken in alternating turns (a, b, a, b, ...)
and summarised as the median with the range; ratios are ratios of medians of CPU time.

What users wait for is the commands, not this core: ``bench_commands.py`` times those end to end.

Run: ``python bench/bench_check.py`` (about 2 minutes on 2 idle cores); ``--help`` for the sizes;
``--write-readme`` puts the table into bench/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pyproj import Geod

from journeys.geo.measure import Windows, elapsed_h, leg_lengths_km, speeds_kmh

sys.path.insert(0, str(Path(__file__).parent))
from turns import Series, replace_block

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


class Clock(Series):
    """CPU and wall seconds of each turn of one measured path.

    Ratios use CPU time: every measured path is single-threaded, so on an idle machine CPU time is
    the wall time, and on a shared one it is not inflated by waiting for a core.
    """

    def run(self, fn: Callable[[], Any]) -> Any:
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        self.add(cpu=time.process_time() - c0, wall=time.perf_counter() - t0)
        return result

    def __str__(self) -> str:
        return f"{self.spread('cpu')} s CPU ({self.spread('wall')} s wall)"


# -- movingpandas -----------------------------------------------------------------------------------


def movingpandas_turns(j: Journeys, n_legs: int, our_lengths: np.ndarray, turns: int) -> dict[str, Any]:
    """movingpandas and ours on the same first n_legs legs, in alternating turns."""
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
    subset = Journeys.__new__(Journeys)
    subset.__dict__.update(j.__dict__)
    subset.n_legs, subset.coords, subset.offsets = n_legs, coords, j.offsets[:n_legs]
    for name in ("leave_earliest", "leave_latest", "reach_earliest", "reach_latest"):
        setattr(subset, name, getattr(j, name)[:n_legs])

    def build() -> Any:
        return mpd.TrajectoryCollection(gpd.GeoDataFrame(
            {"leg": np.repeat(np.arange(n_legs), pts), "t": pd.to_datetime(np.asarray(times.reshape(-1), dtype="datetime64[s]"))},
            geometry=gpd.points_from_xy(coords[:, 0], coords[:, 1]), crs="EPSG:4326",
        ), traj_id_col="leg", t="t")

    def lengths_and_speeds(collection: Any) -> tuple[list[float], list[float]]:
        lengths, speeds = [], []
        for trajectory in collection.trajectories:
            km = trajectory.get_length(units=("km",))
            hours = trajectory.get_duration().total_seconds() / 3600.0
            lengths.append(km)
            speeds.append(km / hours)
        return lengths, speeds

    ours_clock, build_clock, measure_clock, speed_clock = Clock("ours"), Clock("build"), Clock("measure"), Clock("add_speed")
    lengths: list[float] = []
    for _ in range(turns):
        ours_clock.run(lambda: ours(subset))
        collection = build_clock.run(build)
        lengths, _ = measure_clock.run(lambda c=collection: lengths_and_speeds(c))
        speed_clock.run(lambda c=collection: c.add_speed(units=("km", "h"), overwrite=True))
    mismatch = float(np.max(np.abs(np.array(lengths) - our_lengths[:n_legs]) / our_lengths[:n_legs]))
    return {"legs": n_legs, "ours": ours_clock, "build": build_clock, "measure": measure_clock, "add_speed": speed_clock,
            "max_rel_diff": mismatch}


# -- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=10_000)
    parser.add_argument("--legs", type=int, default=10, help="legs per journey")
    parser.add_argument("--points", type=int, default=50, help="points per leg")
    parser.add_argument("--mp-legs", type=int, default=1_000, help="legs on which ours and movingpandas are compared")
    parser.add_argument("--turns", type=int, default=3, help="alternating turns of each comparison")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args()

    t0 = time.perf_counter()
    j = Journeys(args.journeys, args.legs, args.points)
    n_pts = len(j.coords)
    print(f"== {args.journeys:,} journeys x {args.legs} legs x {args.points} points = {j.n_legs:,} legs, "
          f"{n_pts:,} points (built in {time.perf_counter() - t0:.1f} s) ==", flush=True)

    t_ours, t_floor = Clock("ours"), Clock("floor")
    for _ in range(args.turns):  # alternating, so that a slow moment on a shared machine falls on both
        lengths, speed = t_ours.run(lambda: ours(j))
        t_floor.run(lambda: floor(j))
    sample = slice(None, None, max(1, j.n_legs // 1000))
    check = np.array([GEOD.line_length(*j.leg(i).T) / 1000.0 for i in range(j.n_legs)[sample]])
    worst = float(np.max(np.abs(lengths[sample] - check) / check))
    assert worst < 1e-9, worst
    assert np.all(speed.low <= speed.high)

    mp = movingpandas_turns(j, min(args.mp_legs, j.n_legs), lengths, args.turns)
    legs = mp["legs"]
    ours_small, measure, build, add_speed = mp["ours"], mp["measure"], mp["build"], mp["add_speed"]
    cpu = {name: clock.median("cpu") for name, clock in
           (("ours", t_ours), ("floor", t_floor), ("ours_small", ours_small), ("measure", measure),
            ("build", build), ("add_speed", add_speed))}
    table = "\n".join([
        "| path | legs | CPU s | wall s | legs/s (CPU) |",
        "|---|---:|---:|---:|---:|",
        f"| (a) journeys.geo.measure: lengths + durations + speed windows | {j.n_legs:,} | {t_ours.spread('cpu')} "
        f"| {t_ours.spread('wall')} | {j.n_legs / cpu['ours']:,.0f} |",
        f"| (c) floor: one `Geod.inv` over the same points | {j.n_legs:,} | {t_floor.spread('cpu')} "
        f"| {t_floor.spread('wall')} | {j.n_legs / cpu['floor']:,.0f} |",
        f"| (a) journeys.geo.measure | {legs:,} | {ours_small.spread('cpu', 4)} | {ours_small.spread('wall', 4)} "
        f"| {legs / cpu['ours_small']:,.0f} |",
        f"| (b) movingpandas `get_length` + `get_duration` | {legs:,} | {measure.spread('cpu')} | {measure.spread('wall')} "
        f"| {legs / cpu['measure']:,.0f} |",
        f"| (b) movingpandas `TrajectoryCollection` build | {legs:,} | {build.spread('cpu')} | {build.spread('wall')} | |",
        f"| (b) movingpandas `add_speed` | {legs:,} | {add_speed.spread('cpu')} | {add_speed.spread('wall')} "
        f"| {legs / cpu['add_speed']:,.0f} |",
        "",
        "| ratio (medians of CPU time, same legs, alternating turns) | measured | goal |",
        "|---|---:|---|",
        f"| movingpandas get_length + get_duration / ours | **{cpu['measure'] / cpu['ours_small']:,.0f}×** | ≥ 10× |",
        f"| movingpandas build + get_length + get_duration / ours "
        f"| {(cpu['measure'] + cpu['build']) / cpu['ours_small']:,.0f}× | |",
        f"| movingpandas add_speed / ours | {cpu['add_speed'] / cpu['ours_small']:,.0f}× | |",
        f"| ours / floor (time) | **{cpu['ours'] / cpu['floor']:.2f}** | ≤ 2 |",
        "",
        f"Median of {args.turns} turns, range in brackets. movingpandas lengths agree with ours to "
        f"{mp['max_rel_diff']:.1e} (relative); ours agree with `Geod.line_length` to {worst:.1e}. movingpandas "
        "runs geopy's pure-Python GeographicLib and ours pyproj's C one: the ratio is mostly that.",
    ])
    print()
    print(table)
    if args.write_readme:
        replace_block(Path(__file__).parent / "README.md", "bench_check", table)


if __name__ == "__main__":
    main()
