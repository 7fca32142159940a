"""Screenshots of every bundled map page for docs/maps.md, taken offline in headless Chromium.

Writes the pages with ``journeys map`` into a temporary folder, opens each at 1400×900 with every
request off the file refused, waits until the page says it is ready and its land is painted, and
saves ``docs/img/maps/<id>.jpg`` (JPEG, quality 80: 100–250 KB where a PNG of the same view is
three to five times that); the overview is also taken 390 px wide, as on a phone, and two border
crossings at zoom 10, where the land keeps Natural Earth's full detail. Then it rewrites
the block between the two ``screenshots`` markers in docs/maps.md to show them all. Old images of
journeys no longer bundled are removed. Run: ``python docs/screenshots.py`` (a minute or two).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Route, ViewportSize, sync_playwright

from journeys.atomic import write_text_atomic
from journeys.records.files import load_records
from journeys.render.maps import write_maps
from journeys.render.schedule import map_records

DOCS = Path(__file__).resolve().parent
IMAGES = DOCS / "img" / "maps"
CHROMIUM = "/usr/bin/chromium"
WIDE: ViewportSize = {"width": 1400, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
QUALITY = 80
#: border crossings at zoom 10, where the land keeps its full detail: (image, caption, (page, view))
CLOSE_UPS = [
    ("tumen-z10", "The Tumen mouth at zoom 10 (Khasan and Tumangang), 2023-russia",
     ("2023-russia", "#map=10/42.40/130.60")),
    ("yalu-z10", "The Yalu at zoom 10 (Dandong and Sinuiju), 2025-beijing", ("2025-beijing", "#map=10/40.10/124.40")),
]
BEGIN, END = "<!-- screenshots: begin (docs/screenshots.py) -->", "<!-- screenshots: end -->"


def refuse_network(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def shoot(browser: Browser, page_file: Path, image: Path, viewport: ViewportSize, view: str = "") -> None:
    """One page, offline, once it is ready and its land is painted; ``view`` is a ``#map=`` state."""
    context = browser.new_context(viewport=viewport)
    context.route("**/*", refuse_network)
    page = context.new_page()
    page.goto(page_file.as_uri() + view)
    for attribute in ("data-journeys-ready", "data-journeys-land-drawn"):
        page.wait_for_selector(f"html[{attribute}]", state="attached", timeout=60_000)
    page.screenshot(path=str(image), type="jpeg", quality=QUALITY)
    context.close()


def main() -> int:
    mapped, errors = map_records(load_records())
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    IMAGES.mkdir(parents=True, exist_ok=True)
    shots: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        pages = write_maps(mapped, Path(temp))
        titles = {m.journey.id: m.journey.title for m in mapped} | {"index": "The overview of every journey"}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for path in pages:
            shoot(browser, path, IMAGES / f"{path.stem}.jpg", WIDE)
            shots.append((path.stem, titles[path.stem]))
        shoot(browser, Path(temp) / "index.html", IMAGES / "index-390.jpg", PHONE)
        shots.append(("index-390", "The overview 390 px wide, as on a phone"))
        for stem, title, view in CLOSE_UPS:
            journey = Path(temp) / f"{view[0]}.html"
            if journey.exists():
                shoot(browser, journey, IMAGES / f"{stem}.jpg", WIDE, view[1])
                shots.append((stem, title))
        browser.close()
    for old in IMAGES.iterdir():
        if old.stem not in {stem for stem, _ in shots} or old.suffix != ".jpg":
            old.unlink()
    block = "\n\n".join(f"![{title}](img/maps/{stem}.jpg)" for stem, title in shots)
    doc = DOCS / "maps.md"
    text = doc.read_text(encoding="utf-8")
    section = f"{BEGIN}\n\n{block}\n\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## Screenshots\n\n{section}\n"
    write_text_atomic(doc, text)
    print(f"{len(shots)} screenshots in {IMAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
