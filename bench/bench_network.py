"""Benchmark: loading a big user network file and routing one leg across it.

Generates a grid-like rail network of about 1,000,000 line sections (a 708 × 708 grid of junctions
about 1 km apart, jittered, each section a 3-point LineString with a bent middle vertex, EPSG:4326,
attributes id/line/gauge_mm), writes it as a GeoPackage in a temporary folder, then compares, in
alternating turns, each turn every side in a fresh process:

- ``journeys.geo.network.load_network_file(path)`` against ``pyogrio.raw.read(path)`` (what the
  loader starts with): CPU and wall time of the call, and the peak resident memory it adds to the
  process (peak during the call minus resident before it; both processes have imported pyogrio,
  shapely and numpy before timing);
- the first route over the loaded network, one leg corner to corner between two stations in the
  middle of sections, with ``journeys.geo.router.Router(network).path_sections`` (it builds its
  spatial index and adjacency lists on this first call), and the same call again, against
  ``networkx.shortest_path(graph, a, b, weight="km")`` alone between the route's first and last
  junctions on the same network as a networkx graph (``network.graph``, built before timing); the
  worker checks that both find the same junctions.

The summary is the median of the turns with the range beside it; ratios are ratios of medians.
``--write-readme`` puts the table into bench/README.md.

Run: ``python bench/bench_network.py`` (about 5 minutes at the default size and 3 turns);
``--side 100`` for a quick run.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from turns import Series, replace_block, run, worker_result

STEP_DEG = 0.01  # junction spacing, ~1.1 km in latitude
ORIGIN = (100.0, 30.0)  # lon, lat of the south-west corner


def rss_mb() -> float:
    """Resident memory of this process now, in MiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20


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


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clocked(fn: Any) -> tuple[dict[str, float], Any]:
    """CPU and wall seconds of a call, and the resident memory it added at its peak and after it."""
    before = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    return {"cpu": cpu, "wall": wall, "peak_mib": peak_mb() - before, "kept_mib": rss_mb() - before}, result


def worker(kind: str, path: Path, points: list[tuple[float, float]]) -> dict[str, Any]:
    """One side of one turn, in its own process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyogrio.raw
        import shapely  # noqa: F401

        from journeys.geo.network import load_network_file
        from journeys.geo.router import Router
    if kind == "raw":
        stats, _ = clocked(lambda: pyogrio.raw.read(path, force_2d=True))
        return stats
    if kind == "load":
        stats, network = clocked(lambda: load_network_file(path))
        stats["junctions"], stats["edges"] = network.node_count, len(network.edges)
        return stats
    network = load_network_file(path)
    if kind == "route":
        stats, steps = clocked(lambda: Router(network).path_sections(points))
        warm, _ = clocked(lambda: Router(network).path_sections(points))
        stats["warm_cpu"], stats["warm_wall"] = warm["cpu"], warm["wall"]
        stats["sections"] = len(steps)
        stats["km"] = sum(section.length_km for section, _, _ in steps)
        return stats
    if kind == "networkx":
        import networkx as nx

        graph_stats, graph = clocked(lambda: network.graph)
        steps = Router(network).path_sections(points)
        # between the first and last junctions of the route (its two stations are temporary nodes)
        junctions = [node for _, _, node in steps[1:]]
        stats, nodes = clocked(lambda: nx.shortest_path(graph, junctions[0], junctions[-1], weight="km"))
        stats["same_path"] = float(nodes == junctions)
        stats["graph_cpu"] = graph_stats["cpu"]
        return stats
    raise SystemExit(f"unknown worker {kind}")


SIDES = {"raw": "`pyogrio.raw.read` (baseline)", "load": "`load_network_file`",
         "networkx": "`nx.shortest_path` on `network.graph` (baseline)", "route": "`Router.path_sections`, first call"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--side", type=int, default=708, help="junctions per side; sections = 2·side·(side-1)")
    parser.add_argument("--turns", type=int, default=3, help="turns; each side runs once per turn, in a fresh process")
    parser.add_argument("--keep", type=Path, help="write the GeoPackage here instead of a temporary folder")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        kind, path, *numbers = args.worker
        values = [float(v) for v in numbers]
        print(json.dumps(worker(kind, Path(path), [(values[0], values[1]), (values[2], values[3])])))
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "grid.gpkg"
        t0 = time.perf_counter()
        n, a, b = make_network(args.side, path)
        print(f"== {n:,} sections in a {args.side}x{args.side} grid: {path.stat().st_size / 2**20:,.0f} MiB GeoPackage "
              f"(generated and written in {time.perf_counter() - t0:.1f} s) ==", flush=True)
        series = {kind: Series(kind) for kind in SIDES}
        info: dict[str, Any] = {}
        for turn in range(args.turns):
            for kind in SIDES:
                result = worker_result(run([sys.executable, __file__, "--worker", kind, str(path), *map(str, (*a, *b))]))
                info.update(result)
                series[kind].add(**{k: v for k, v in result.items() if k in ("cpu", "wall", "peak_mib", "kept_mib", "warm_cpu")})
                print(f"turn {turn + 1} {kind:<9} {result['cpu']:7.2f} s CPU {result['wall']:7.2f} s wall "
                      f"+{result['peak_mib']:7.0f} MiB peak", flush=True)
        table = render(series, info, n, args)
        print()
        print(table)
        if args.write_readme:
            replace_block(Path(__file__).parent / "README.md", "bench_network", table)


def render(series: dict[str, Series], info: dict[str, Any], n: int, args: argparse.Namespace) -> str:
    raw, load, nxs, route = series["raw"], series["load"], series["networkx"], series["route"]
    rows = [
        "| step | CPU s | wall s | peak memory added, MiB | ratio (CPU) | ratio (memory) | goal |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| {SIDES['raw']} | {raw.spread('cpu')} | {raw.spread('wall')} | {raw.spread('peak_mib', 0)} | 1 | 1 | |",
        f"| {SIDES['load']} | {load.spread('cpu')} | {load.spread('wall')} | {load.spread('peak_mib', 0)} "
        f"| **{load.median('cpu') / raw.median('cpu'):.2f}×** | **{load.median('peak_mib') / raw.median('peak_mib'):.2f}×** "
        "| ≤ 3× time, ≤ 2× memory |",
        f"| {SIDES['networkx']} | {nxs.spread('cpu')} | {nxs.spread('wall')} | | 1 | | |",
        f"| {SIDES['route']} | {route.spread('cpu')} | {route.spread('wall')} | "
        f"| **{route.median('cpu') / nxs.median('cpu'):.2f}×** | | ≤ 1.2× |",
        f"| `Router.path_sections`, again | {route.spread('warm_cpu')} | | "
        f"| {route.median('warm_cpu') / nxs.median('cpu'):.2f}× | | |",
    ]
    same = "the same junctions" if info.get("same_path") == 1.0 else "**different junctions**"
    notes = (
        f"\n{n:,} sections ({args.side} × {args.side} grid) → {int(info['junctions']):,} junctions, "
        f"{int(info['edges']):,} edges; "
        f"the leg crosses {int(info['sections']):,} sections ({info['km']:,.0f} km), and networkx finds {same}. "
        f"Median of {args.turns} turns (range in brackets), every run a fresh process. Memory is the peak resident "
        f"memory a call adds to its process. Building `network.graph` for the networkx baseline took "
        f"{info['graph_cpu']:.1f} s CPU (not counted; routing does not build it)."
    )
    return "\n".join(rows) + "\n" + notes


if __name__ == "__main__":
    main()
