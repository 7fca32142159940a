"""Benchmark: the map pages' size and the time from opening one to all its layers drawn.

For each bundled journey that can be mapped, and for the overview, three pages are built in the same
run:

(a) ours, self-contained (Leaflet inline; the default of ``journeys map``);
(b) ours with ``--cdn`` (folium's default CDN links instead of inline assets);
(a') ours without the land background (the same page with no Natural Earth polygons), to show
     what drawing the land and borders costs;
(c) a bare folium map of the same route: ``folium.Map`` plus one ``PolyLine`` per leg with the same
    (display) coordinates our page draws, folium's defaults otherwise, no tiles.

Each page is opened in headless Chromium from a file:// URL. There is no network here, so the CDN
files of (b) and (c) are answered from the locally installed copies where one exists (Leaflet from
xstatic-leaflet, jQuery from xstatic-jquery, Font Awesome's CSS from xstatic-font-awesome) and with
an empty 200 response otherwise (Bootstrap, awesome-markers, glyphicons): that models a warm CDN,
and favours (b) and (c) a little, since they skip parsing Bootstrap. Tile requests are aborted.

"Drawn" is the first animation frame at which the page holds as many interactive SVG paths as it
draws (our legs and stop markers; folium's legs), read as ``performance.now()`` (ms since navigation
start). Each opening is in a fresh browser context.

Every page is opened once per turn, ``--runs`` turns, and the median is reported, so the pages
compared are measured under the same load. ``--against DIR`` also times ``journeys map`` end to end
on the bundled journeys against another source checkout (say ``git archive main | tar -x -C DIR``),
the two taken in turns.

Run: ``python bench/bench_maps.py`` (a few minutes); ``--runs N``, ``--keep DIR`` to keep the pages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import folium
from playwright.sync_api import Browser, Route, sync_playwright

from journeys.records.files import load_records
from journeys.render.assets import leaflet_dir
from journeys.render.maps import JOURNEY_DETAIL, journey_page, overview_page
from journeys.render.popups import display_coords
from journeys.render.schedule import MappedJourney, map_records

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
#: "Drawn": as many interactive paths as the page draws, checked every animation frame.
DRAWN = "n => document.querySelectorAll('path.leaflet-interactive').length >= n ? performance.now() : false"


@dataclass(frozen=True)
class Variant:
    """One page to time: its file and how many interactive paths it draws."""

    name: str
    path: Path
    paths: int


def local_cdn_files() -> dict[str, Path]:
    """CDN file names that have a locally installed copy."""
    import xstatic.pkg.font_awesome as font_awesome
    import xstatic.pkg.jquery as jquery

    return {
        "leaflet.js": leaflet_dir() / "leaflet.js",
        "leaflet.css": leaflet_dir() / "leaflet.css",
        "jquery-3.7.1.min.js": Path(jquery.BASE_DIR) / "jquery.min.js",
        "all.min.css": Path(font_awesome.BASE_DIR) / "css" / "all.min.css",
    }


def make_router(files: dict[str, Path]) -> Callable[[Route], None]:
    """file:// as is; CDN scripts and styles from local copies or empty; anything else (tiles) aborted."""

    def route(request: Route) -> None:
        url = request.request.url
        if url.startswith("file:"):
            request.continue_()
            return
        name = url.split("?")[0].rsplit("/", 1)[-1]
        if name.endswith((".js", ".css")):
            kind = "application/javascript" if name.endswith(".js") else "text/css"
            local = files.get(name)
            request.fulfill(status=200, content_type=kind, body=local.read_bytes() if local else b"")
        else:
            request.abort()

    return route


def bare_folium(mj: MappedJourney) -> str:
    """folium's defaults and the same route, one PolyLine per leg: what a minimal folium map costs."""
    fmap = folium.Map(location=list(mj.trip.coords[0]), zoom_start=5, tiles=None)
    for leg in mj.route.legs:
        folium.PolyLine(display_coords(leg.coords, JOURNEY_DETAIL), weight=5).add_to(fmap)  # type: ignore[no-untyped-call]
    return str(fmap.get_root().render())


def without_land(mj: MappedJourney) -> str:
    """Our self-contained page with an empty land background."""
    with mock.patch("journeys.render.maps.page_land", return_value=[]):
        return journey_page(mj)


def build(mapped: list[MappedJourney], folder: Path) -> dict[str, list[Variant]]:
    """Write the variants of every journey and of the overview."""
    pages: dict[str, list[Variant]] = {}
    for mj in mapped:
        ours = len(mj.route.legs) + len(mj.journey.stops)
        texts = [("ours", journey_page(mj), ours), ("ours, no land", without_land(mj), ours),
                 ("ours --cdn", journey_page(mj, self_contained=False), ours),
                 ("bare folium", bare_folium(mj), len(mj.route.legs))]
        pages[mj.journey.id] = [write(folder, f"{mj.journey.id}-{i}.html", name, text, count)
                                for i, (name, text, count) in enumerate(texts)]
    total = sum(len(m.route.legs) + len(m.journey.stops) for m in mapped)
    pages["index"] = [write(folder, "index-0.html", "ours", overview_page(mapped), total),
                      write(folder, "index-1.html", "ours --cdn", overview_page(mapped, self_contained=False), total)]
    return pages


def write(folder: Path, file_name: str, name: str, text: str, paths: int) -> Variant:
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    return Variant(name, path, paths)


def time_drawn_once(browser: Browser, variant: Variant, router: Callable[[Route], None]) -> float:
    """ms from navigation start to all paths drawn, in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", router)
    page = context.new_page()
    page.goto(variant.path.as_uri(), wait_until="commit")
    handle = page.wait_for_function(DRAWN, arg=variant.paths, polling="raf", timeout=30_000)
    ms = float(handle.json_value())
    context.close()
    return ms


def time_drawn(browser: Browser, variants: list[Variant], runs: int, router: Callable[[Route], None]) -> dict[Path, float]:
    """Median ms per page, the runs taken in turn (every page once, then every page again, ...), so a
    slow spell of the machine falls on all of them alike rather than on whichever ran then."""
    times: dict[Path, list[float]] = {v.path: [] for v in variants}
    for _ in range(runs):
        for variant in variants:
            times[variant.path].append(time_drawn_once(browser, variant, router))
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


def report(pages: dict[str, list[Variant]], timings: dict[Path, float]) -> None:
    print(f"{'page':<18} {'variant':<14} {'size KB':>9} {'drawn ms':>9} {'size ×':>8} {'time ×':>8}")
    for name, variants in pages.items():
        base = variants[-1] if variants[-1].name == "bare folium" else None
        for variant in variants:
            size = variant.path.stat().st_size
            ms = timings[variant.path]
            size_ratio = f"{size / base.path.stat().st_size:.1f}" if base else "-"
            time_ratio = f"{ms / timings[base.path]:.2f}" if base else "-"
            print(f"{name:<18} {variant.name:<14} {size / 1024:>9.1f} {ms:>9.1f} {size_ratio:>8} {time_ratio:>8}")
    print("\nsize × and time × are relative to the bare folium map of the same route (same run).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="openings per page (median reported)")
    parser.add_argument("--keep", type=Path, help="write the pages to this folder and keep them")
    parser.add_argument("--against", type=Path, help="another source checkout (e.g. `git archive main`) whose "
                        "`journeys map` is timed in turns with this one's")
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
        router = make_router(local_cdn_files())
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            timings = time_drawn(browser, [v for vs in pages.values() for v in vs], args.runs, router)
            browser.close()
        report(pages, timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
