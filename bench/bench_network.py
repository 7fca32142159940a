"""Benchmark: loading a big user network file and routing one leg across it.

Generates a grid-like rail network of about 1,000,000 line sections (a 708 × 708 grid of junctions
about 1 km apart, jittered, each section a 3-point LineString with a bent middle vertex, EPSG:4326,
attributes id/line/gauge_mm), writes it as a GeoPackage in a temporary folder, then times

- ``journeys.geo.network.load_network_file(path)`` (read + graph build), with its two phases
  ``read_sections`` and ``build_network`` timed inside that same call, against
  ``pyogrio.raw.read`` (what read_sections starts with) and ``pyogrio.read_dataframe`` of the same file;
- routing one leg corner to corner with ``journeys.geo.route._Router(network).path_sections`` (cold: it
  builds the spatial index of the sections first; then warm) against ``networkx.shortest_path``
  alone between the two end junctions, and ``shapely.STRtree`` built over the geometries that
  ``pyogrio.read_dataframe`` returned.

Times are wall-clock, with the process's CPU time beside them (the machine may be shared), and the
ratios are taken within the run. Python's cyclic garbage collector runs many times while a million
long-lived objects are created; a second load with it disabled shows what that costs.

Run: ``python bench/bench_network.py`` (about 2 minutes and 2.5 GB of memory at the default size);
``--side 100`` for a quick run; ``--profile`` adds a cProfile of load_network_file (1 more minute).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import pstats
import resource
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

STEP_DEG = 0.01  # junction spacing, ~1.1 km in latitude
ORIGIN = (100.0, 30.0)  # lon, lat of the south-west corner


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


class Timing:
    """Wall and CPU seconds of a call (CPU too, because the machine may be shared)."""

    def __init__(self, wall: float = float("inf"), cpu: float = float("inf")) -> None:
        self.wall, self.cpu = wall, cpu

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s ({self.cpu:6.2f} s CPU)"

    def best(self, other: Timing) -> Timing:
        return Timing(min(self.wall, other.wall), min(self.cpu, other.cpu))


def ratio(t: Timing, base: Timing) -> str:
    return f"{t.wall / base.wall:5.1f}x (CPU {t.cpu / max(base.cpu, 1e-9):5.1f}x)"


def timed(fn: Callable[[], Any]) -> tuple[Timing, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return Timing(time.perf_counter() - t0, time.process_time() - c0), result


def best_of_two(fn: Callable[[], Any]) -> tuple[Timing, Any]:
    """Routing allocates much, so a cyclic garbage collection may fall in one run and not the other."""
    first, _ = timed(fn)
    second, result = timed(fn)
    return first.best(second), result


def without_gc(fn: Callable[[], Any]) -> Callable[[], Any]:
    def call() -> Any:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()
    return call


def make_network(side: int, path: Path, seed: int = 1) -> tuple[int, tuple[float, float], tuple[float, float]]:
    """Write the grid network; returns the number of sections and two (lat, lon) points on track."""
    import geopandas as gpd
    import pyogrio
    import shapely

    rng = np.random.default_rng(seed)
    lon = ORIGIN[0] + np.arange(side) * STEP_DEG
    lat = ORIGIN[1] + np.arange(side) * STEP_DEG
    grid = np.stack(np.meshgrid(lon, lat), axis=-1) + rng.uniform(-0.002, 0.002, (side, side, 2))
    east = np.stack([grid[:, :-1], grid[:, 1:]], axis=2).reshape(-1, 2, 2)
    north = np.stack([grid[:-1, :], grid[1:, :]], axis=2).reshape(-1, 2, 2)
    ends = np.concatenate([east, north])
    middle = ends.mean(axis=1) + rng.normal(0.0, 0.0005, (len(ends), 2))
    coords = np.stack([ends[:, 0], middle, ends[:, 1]], axis=1)
    n = len(coords)
    geoms = shapely.linestrings(coords.reshape(-1, 2), indices=np.repeat(np.arange(n), 3))
    frame = gpd.GeoDataFrame(
        {"id": [f"s{i}" for i in range(n)], "line": np.where(np.arange(n) < len(east), "east-west", "north-south"),
         "gauge_mm": np.full(n, 1435)},
        geometry=geoms, crs="EPSG:4326",
    )
    pyogrio.write_dataframe(frame, path, layer="track")
    # Two stations in the middle of sections near opposite corners: routing must attach them by
    # splitting the section, as it does for real stops.
    first = middle[side + 1]  # an east-west section in the second row
    last = middle[len(east) - side - 2]
    return n, (float(first[1]), float(first[0])), (float(last[1]), float(last[0]))


def route_timings(network: Any, points: list[tuple[float, float]]) -> tuple[Timing, Timing, Timing, int, float]:
    """path_sections cold (it builds the spatial index first) and warm, and networkx alone."""
    import networkx as nx

    from journeys.geo.route import _Router

    t_cold, sections = timed(lambda: _Router(network).path_sections(points))
    t_warm, sections = best_of_two(lambda: _Router(network).path_sections(points))
    # networkx alone, between the first and last junctions of that route (the stations at its two
    # ends were temporary nodes, gone once path_sections returns)
    graph, start, end = network.graph, sections[1][2], sections[-1][2]
    t_nx, nodes = best_of_two(lambda: nx.shortest_path(graph, start, end, weight="km"))
    km = sum(graph.edges[u, v]["km"] for u, v in itertools.pairwise(nodes))
    return t_cold, t_warm, t_nx, len(nodes), km


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--side", type=int, default=708, help="junctions per side; sections = 2·side·(side-1)")
    parser.add_argument("--profile", action="store_true", help="also cProfile load_network_file (slower)")
    parser.add_argument("--keep", type=Path, help="write the GeoPackage here instead of a temporary folder")
    args = parser.parse_args()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyogrio
        import pyogrio.raw
        import shapely

        import journeys.geo.network as network_module
        import journeys.geo.route as route_module
        from journeys.geo.network import load_network_file

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "grid.gpkg"
        t_make, (n, a, b) = timed(lambda: make_network(args.side, path))
        print(f"== {n:,} sections in a {args.side}x{args.side} grid: {path.stat().st_size / 2**20:,.0f} MiB GeoPackage "
              f"(generated and written in {t_make.wall:.1f} s) ==")

        t_raw, raw = timed(lambda: pyogrio.raw.read(path, force_2d=True))
        del raw
        t_frame, frame = timed(lambda: pyogrio.read_dataframe(path))
        t_tree_base, _ = timed(lambda: shapely.STRtree(frame.geometry.values))
        frame = None  # free it before loading
        gc.collect()

        # load_network_file, with its two phases timed inside the very same call.
        phases: dict[str, Timing] = {}

        def clock(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                t, result = timed(lambda: fn(*args, **kwargs))
                phases[name] = t
                return result
            return wrapper

        read_sections, build_network = network_module.read_sections, network_module.build_network
        network_module.read_sections = clock("read_sections", read_sections)
        network_module.build_network = clock("build_network", build_network)
        before = rss_mb()
        try:
            t_load, network = timed(lambda: load_network_file(path))
        finally:
            network_module.read_sections, network_module.build_network = read_sections, build_network
        memory = rss_mb() - before
        graph = network.graph
        print(f"network: {graph.number_of_nodes():,} junctions, {graph.number_of_edges():,} edges")

        t_cold, t_warm, t_nx, hops, km = route_timings(network, [a, b])
        network = graph = None  # free it before loading again
        route_module._tree.cache_clear()  # it holds the network too
        gc.collect()
        t_nogc, _ = timed(without_gc(lambda: load_network_file(path)))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        print("\n-- loading (wall, CPU) --")
        print(f"pyogrio.raw.read (baseline)               {t_raw}")
        print(f"pyogrio.read_dataframe (baseline)         {t_frame}")
        print(f"load_network_file                         {t_load}  = {ratio(t_load, t_raw)} raw.read, "
              f"{ratio(t_load, t_frame)} read_dataframe; +{memory:,.0f} MiB resident")
        for name, t in phases.items():
            print(f"  of which {name:<15}                {t}  = {ratio(t, t_raw)} raw.read")
        print(f"load_network_file, cyclic GC disabled     {t_nogc}  = {ratio(t_nogc, t_load)} with GC")
        print("\n-- routing one leg corner to corner (wall, CPU) --")
        print(f"networkx.shortest_path alone (baseline)   {t_nx}  ({hops:,} junctions, {km:,.0f} km)")
        print(f"shapely.STRtree of the geometries (base.) {t_tree_base}")
        both = Timing(t_nx.wall + t_tree_base.wall, t_nx.cpu + t_tree_base.cpu)
        print(f"_Router.path_sections, cold               {t_cold}  = {ratio(t_cold, both)} (shortest_path + STRtree)")
        print(f"_Router.path_sections, warm               {t_warm}  = {ratio(t_warm, t_nx)} shortest_path")
        print(f"\npeak resident memory of this benchmark: {peak:,.0f} MiB")

        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            load_network_file(path)
            profile.disable()
            print("\n-- cProfile of load_network_file, by own time --")
            pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
