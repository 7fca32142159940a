"""Screenshots of every bundled map page for docs/maps.md, taken offline in headless Chromium.

Writes the pages with ``journeys map`` into a temporary folder, opens each at 1400×900 with every
request off the file refused, waits until the page says it is drawn, and saves
``docs/img/maps/<id>.png``; then rewrites the block between the two ``screenshots`` markers in
docs/maps.md to show them all. Run: ``python docs/screenshots.py`` (a minute or two).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from journeys.records.files import load_records
from journeys.render.maps import write_maps
from journeys.render.schedule import map_records

DOCS = Path(__file__).resolve().parent
IMAGES = DOCS / "img" / "maps"
CHROMIUM = "/usr/bin/chromium"
BEGIN, END = "<!-- screenshots: begin (docs/screenshots.py) -->", "<!-- screenshots: end -->"


def refuse_network(route: Route) -> None:
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


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
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", refuse_network)
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-journeys-ready]", state="attached", timeout=30_000)
            page.wait_for_timeout(500)  # the background's tiles
            page.screenshot(path=str(IMAGES / f"{path.stem}.png"))
            shots.append((path.stem, titles[path.stem]))
            context.close()
        browser.close()
    block = "\n\n".join(f"![{title}](img/maps/{stem}.png)" for stem, title in shots)
    doc = DOCS / "maps.md"
    text = doc.read_text(encoding="utf-8")
    section = f"{BEGIN}\n\n{block}\n\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## Screenshots\n\n{section}\n"
    doc.write_text(text, encoding="utf-8")
    print(f"{len(shots)} screenshots in {IMAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
