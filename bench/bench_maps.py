"""Benchmark: the map pages' size, the time from opening one to all its lines and markers drawn, and
the overview's size as journeys are added.

For each bundled journey that can be mapped three pages are built in the same run:

(a) ours, self-contained (Leaflet inline; the default of ``journeys map``);
(a') ours without the land background (the same page with no Natural Earth polygons), to show
     what drawing the land and borders costs;
(c) a bare folium map of the same route: ``folium.Map`` plus one ``PolyLine`` per leg with the same
    (display) coordinates our page draws, no tiles, and Leaflet inlined as ours is (folium's other
    CDN files, jQuery, Bootstrap and the rest, left out), so both pages load from the file alone.

Each page is opened in headless Chromium from a file:// URL with every other request refused.
"Drawn" is the first animation frame at which the page holds as many interactive SVG paths as it
draws (our legs and stop markers; folium's legs), read as ``performance.now()`` (ms since navigation
start). Each opening is in a fresh browser context. Every page is opened once per turn, ``--runs``
turns, and the median is reported, so the pages compared are measured under the same load.

The overview is built at 7 (the bundled records), 50 and 100 journeys: copies of the bundled records
with new ids in a temporary ``--records`` folder, as bench/bench_commands.py makes them, each a
real record that routes like its original; its size is what is reported.

``--profile`` prints, for each of our pages once, where its load time goes (the page script's own
``performance`` marks and the longest tasks). ``--against DIR`` also times ``journeys map`` end to
end on the bundled journeys against another source checkout (say ``git archive main | tar -x -C DIR``),
the two taken in turns. ``--write-readme`` puts the tables into bench/README.md.

Run: ``python bench/bench_maps.py`` (several minutes); ``--runs N``, ``--keep DIR`` to keep the pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import folium
from branca.element import Figure
from playwright.sync_api import Browser, Route, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from bench_commands import make_records
from turns import replace_block

from journeys.records.files import load_records
from journeys.render.assets import leaflet_head
from journeys.render.maps import JOURNEY_DETAIL, _Raw, journey_page, overview_page
from journeys.render.popups import display_coords
from journeys.render.schedule import MappedJourney, map_records

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
#: "Drawn": as many interactive paths as the page draws, checked every animation frame.
DRAWN = "n => document.querySelectorAll('path.leaflet-interactive').length >= n ? performance.now() : false"
OVERVIEW_SIZES = (7, 50, 100)
#: what the issue asks of a page's drawn time against the bare folium page, and of the overview's size
TIME_GOAL, SIZE_GOAL_MB = 1.5, 2.0


@dataclass(frozen=True)
class Variant:
    """One page to time: its file and how many interactive paths it draws."""

    name: str
    path: Path
    paths: int


def refuse_network(request: Route) -> None:
    """file:// as is; anything else (tiles) refused, as offline."""
    if request.request.url.startswith("file:"):
        request.continue_()
    else:
        request.abort()


def bare_folium(mj: MappedJourney) -> str:
    """folium's defaults and the same route, one PolyLine per leg, Leaflet inlined as ours is."""
    fmap = folium.Map(location=list(mj.trip.coords[0]), zoom_start=5, tiles=None)
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(_Raw(leaflet_head()), name="leaflet_inline")  # verbatim: not a Jinja template
    for leg in mj.route.legs:
        folium.PolyLine(display_coords(leg.coords, JOURNEY_DETAIL), weight=5).add_to(fmap)  # type: ignore[no-untyped-call]
    return str(fmap.get_root().render())


def without_land(mj: MappedJourney) -> str:
    """Our self-contained page with an empty land background."""
    with mock.patch("journeys.render.maps.page_land_data", return_value=[]):
        return journey_page(mj)


def build(mapped: list[MappedJourney], folder: Path) -> dict[str, list[Variant]]:
    """Write the variants of every journey, the bare folium page last."""
    pages: dict[str, list[Variant]] = {}
    for mj in mapped:
        ours = len(mj.route.legs) + len(mj.journey.stops)
        texts = [("ours", journey_page(mj), ours), ("ours, no land", without_land(mj), ours),
                 ("bare folium", bare_folium(mj), len(mj.route.legs))]
        pages[mj.journey.id] = [write(folder, f"{mj.journey.id}-{i}.html", name, text, count)
                                for i, (name, text, count) in enumerate(texts)]
    return pages


def write(folder: Path, file_name: str, name: str, text: str, paths: int) -> Variant:
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    return Variant(name, path, paths)


def open_page(browser: Browser, variant: Variant) -> tuple[float, object]:
    """ms from navigation start to all paths drawn in a fresh context, and the page's own profile."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", refuse_network)
    page = context.new_page()
    page.goto(variant.path.as_uri(), wait_until="commit")
    handle = page.wait_for_function(DRAWN, arg=variant.paths, polling="raf", timeout=60_000)
    ms = float(handle.json_value())
    profile = page.evaluate("""() => ({
        marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]),
        measures: performance.getEntriesByType('measure').map(m => [m.name, Math.round(m.duration)]),
        nav: (e => e ? {domInteractive: Math.round(e.domInteractive), domContentLoaded: Math.round(e.domContentLoadedEventEnd),
                        load: Math.round(e.loadEventEnd)} : null)(performance.getEntriesByType('navigation')[0])})""")
    context.close()
    return ms, profile


def time_drawn(browser: Browser, variants: list[Variant], runs: int) -> dict[Path, float]:
    """Median ms per page, the runs taken in turn (every page once, then every page again, ...), so a
    slow spell of the machine falls on all of them alike rather than on whichever ran then."""
    times: dict[Path, list[float]] = {v.path: [] for v in variants}
    for turn in range(runs):
        for variant in variants:
            times[variant.path].append(open_page(browser, variant)[0])
        print(f"turn {turn + 1} of {runs} done", file=sys.stderr, flush=True)
    return {path: statistics.median(values) for path, values in times.items()}


def time_map_command(sources: dict[str, Path], runs: int) -> dict[str, list[float]]:
    """Wall seconds of ``journeys map`` on the bundled journeys for each source checkout, in turns.

    Each run is a fresh process writing to a fresh folder; the land cache (see
    journeys.render.background) is warm after the first run, which is what a user sees from then on.
    """
    times: dict[str, list[float]] = {name: [] for name in sources}
    for _ in range(runs):
        for name, source in sources.items():
            with tempfile.TemporaryDirectory() as out:
                env = {**os.environ, "PYTHONPATH": str(source)}
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "journeys", "map", "--out", out], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
    return times


def overview_sizes(folder: Path, sizes: tuple[int, ...] = OVERVIEW_SIZES) -> list[tuple[int, int]]:
    """(journeys, bytes) of the overview page for the bundled records plus copies up to each size."""
    make_records(folder, max(sizes))
    mapped, errors = map_records(load_records([folder]))
    if errors:
        raise SystemExit(f"copies that could not be mapped: {errors[:3]}")
    copies = {path.stem for path in folder.glob("*.yaml")}
    order = [mj for mj in mapped if mj.journey.id not in copies] + sorted(
        (mj for mj in mapped if mj.journey.id in copies), key=lambda mj: mj.journey.id.rsplit("-", 1)[-1])
    return [(size, len(overview_page(order[:size]).encode("utf-8"))) for size in sizes]


def drawn_table(pages: dict[str, list[Variant]], timings: dict[Path, float], runs: int) -> str:
    rows = ["| page | ours KB | no land KB | bare folium KB | ours ms | no land ms | bare folium ms "
            f"| ours / bare folium (time) | ≤ {TIME_GOAL}× |",
            "|---|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for name, (ours, no_land, bare) in pages.items():
        ratio = timings[ours.path] / timings[bare.path]
        sizes = " | ".join(f"{v.path.stat().st_size / 1024:,.0f}" for v in (ours, no_land, bare))
        times = " | ".join(f"{timings[v.path]:,.0f}" for v in (ours, no_land, bare))
        rows.append(f"| {name} | {sizes} | {times} | **{ratio:.2f}×** | {'yes' if ratio <= TIME_GOAL else 'no'} |")
    return "\n".join(rows) + (f"\n\nDrawn time: median of {runs} openings per page, the pages opened in turn "
                              "(every page once, then again), each in a fresh context, headless Chromium, offline.")


def size_table(sizes: list[tuple[int, int]]) -> str:
    rows = ["| overview of | size MB | KB per journey | ≤ 2 MB |", "|---:|---:|---:|:---:|"]
    rows += [f"| {n} journeys | {b / 1e6:.2f} | {b / 1024 / n:.1f} | {'yes' if b / 1e6 <= SIZE_GOAL_MB else 'no'} |"
             for n, b in sizes]
    return "\n".join(rows)


def profile_pages(browser: Browser, pages: dict[str, list[Variant]]) -> None:
    """Where each of our pages spends its load: the page script's marks and measures, once per page."""
    for name, variants in pages.items():
        ms, profile = open_page(browser, variants[0])
        print(f"{name}: drawn at {ms:.0f} ms; {profile}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="openings per page (median reported)")
    parser.add_argument("--keep", type=Path, help="write the pages to this folder and keep them")
    parser.add_argument("--against", type=Path, help="another source checkout (e.g. `git archive main`) whose "
                        "`journeys map` is timed in turns with this one's")
    parser.add_argument("--profile", action="store_true", help="print where each of our pages spends its load")
    parser.add_argument("--no-overview", action="store_true", help="skip the overview at 7, 50 and 100 journeys")
    parser.add_argument("--write-readme", action="store_true", help="put the tables into bench/README.md")
    args = parser.parse_args()
    if args.against:
        sources = {"this checkout": Path(__file__).resolve().parents[1], str(args.against): args.against}
        for name, values in time_map_command(sources, args.runs).items():
            print(f"journeys map, {name}: median {statistics.median(values):.2f} s "
                  f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} runs in turns)")
    mapped, errors = map_records(load_records())
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    if not mapped:
        print("no bundled journey could be mapped", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        pages = build(mapped, folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if args.profile:
                profile_pages(browser, pages)
            timings = time_drawn(browser, [v for vs in pages.values() for v in vs], args.runs)
            browser.close()
        tables = {"bench_maps": drawn_table(pages, timings, args.runs)}
        if not args.no_overview:
            tables["bench_maps_overview"] = size_table(overview_sizes(Path(temp) / "records"))
    for table in tables.values():
        print(f"\n{table}")
    if args.write_readme:
        for name, table in tables.items():
            replace_block(Path(__file__).parent / "README.md", name, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
