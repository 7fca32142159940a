"""The scripts and styles a map page needs, inlined so the page works with no network.

Leaflet's JS and CSS are read at build time from the installed ``xstatic-leaflet`` package (the same
1.9.3 release folium links from its CDN), with the CSS's images turned into ``data:`` URIs and the
source-map comment dropped, so opening the file never asks for anything. The page's own behaviour
(plain background with land and borders, fullscreen, measuring, legend, time slider) is ``static/journeys.js``, written
for this project with its styles in ``static/journeys.css``; it needs only Leaflet.

Scripts are minified at build time (``rjsmin``: comments and white space out, nothing renamed, the
same output for the same input): every byte of a page is read and parsed before the map is drawn,
and the page's own scripts, written to be read, were a sixth of a short journey's page.

Text put inside ``<script>`` or ``<style>`` is guarded so it cannot close its element early.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from rjsmin import jsmin

LEAFLET_VERSION = "1.9.3"


def leaflet_dir() -> Path:
    """The folder of the installed Leaflet distribution."""
    import xstatic.pkg.leaflet as xstatic_leaflet

    return Path(xstatic_leaflet.BASE_DIR)


@cache
def leaflet_js() -> str:
    """Leaflet's minified script, without its source-map comment (the map file is not shipped)."""
    text = (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def _data_uri(path: Path) -> str:
    mime = "image/png" if path.suffix == ".png" else "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with ``url(images/...)`` replaced by the images themselves."""
    folder = leaflet_dir()
    text = (folder / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = folder / "images" / match.group(1)
        return f"url({_data_uri(image)})" if image.is_file() else match.group(0)

    return re.sub(r"url\(images/([\w.-]+)\)", inline, text)


def script_tag(code: str) -> str:
    """An inline ``<script>``; ``</script`` and ``<!--`` inside the code are escaped so they stay code."""
    safe = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    return f"<script>\n{safe}\n</script>"


def style_tag(css: str) -> str:
    """An inline ``<style>``; a ``</style`` inside the CSS cannot end the element."""
    return "<style>\n" + re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE) + "\n</style>"


def json_script(element_id: str, payload: str) -> str:
    """JSON data in a ``<script type="application/json">``; <, > and & are escaped as \\u sequences.

    JSON.parse reads the escapes back, and no record text can end the element or start markup.
    """
    safe = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{safe}</script>'


def leaflet_head() -> str:
    """Leaflet's CSS and JS as inline elements for the page head."""
    return style_tag(leaflet_css()) + "\n" + script_tag(leaflet_js())


def _static(name: str) -> str:
    """A file of the page's own assets, shipped in the package beside this module."""
    return (files("journeys.render") / "static" / name).read_text(encoding="utf-8")


#: The page's own scripts, in load order: ``journeys.js`` defines ``window.Journeys`` (needs Leaflet and the
#: vendored plugins), ``labels.js`` the names on the map, ``playback.js`` the train through the timeline.
PAGE_SCRIPTS = ("journeys.js", "labels.js", "playback.js")
MAP_JS = jsmin("\n".join(_static(name) for name in PAGE_SCRIPTS))

#: The page's own styles (``static/journeys.css``).
MAP_CSS = _static("journeys.css")


#: The vendored Leaflet plugins the page script uses, in load order (see ``static/vendor/README.md``).
VENDOR_SCRIPTS = (
    "leaflet-polylineoffset/leaflet.polylineoffset.js",
    "leaflet-polylinedecorator/leaflet.polylineDecorator.js",
    "rbush/rbush.min.js",
    "labelgun/labelgun.min.js",
)


@cache
def vendor_js() -> str:
    """The vendored plugins' released files, minified (two are released unminified; a ``/*!`` comment
    would be kept, and none of them holds its licence in a comment: those are the LICENSE/NOTICE files
    beside them), concatenated, each as its own ``<script>``."""
    return "\n".join(script_tag(jsmin(_static(f"vendor/{name}"), keep_bang_comments=True)) for name in VENDOR_SCRIPTS)
