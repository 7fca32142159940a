"""The journey's GeoJSON download, packed small in the page and unpacked in the browser byte for byte.

A page offers what ``journeys export --format geojson`` writes as a file made in the page (no
request). Carried as it is, that text was most of a long journey's page (2001-moscow: 2.9 MB of
numbers, 380 KB even with its lines as encoded polylines), and every byte of a page is read and
parsed before anything is drawn. So the page carries it packed:

- the export's text with each LineString's coordinate list replaced by a placeholder string, and
  the lists themselves as encoded polylines (:mod:`journeys.render.compact`, exact for numbers
  already rounded to the export's decimals);
- that pair as JSON, gzipped (deterministic: no time stamp, so a page built twice is the same
  file) and base64'd, in a ``<script>`` element of its own that nothing reads until the reader
  asks for the file: the browser's ``DecompressionStream('gzip')`` unpacks it, the page script
  writes each list back in place as Python's ``json`` indents it and prints its floats (``repr``),
  and the result is the export's bytes (a browser test compares them).

A line whose numbers would not come back exactly, or an export that already holds the placeholder
text, is left in the text as it is: the packing only ever costs size, never correctness.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

from journeys.export.formats import geojson_collection, geojson_text
from journeys.export.rows import PRECISION
from journeys.render import compact
from journeys.render.schedule import MappedJourney

ELEMENT_ID = "journeys-geojson"  # (read by this id in static/journeys.js, offerDownload)
#: a placeholder's text; a NUL never comes out of a record as such, and _packed checks anyway
MARK = "\u0000line "


def _exact(coords: list[Any]) -> dict[str, Any] | None:
    """The line as an encoded polyline if it decodes to the very same floats, else None."""
    if not all(isinstance(v, float) for pair in coords for v in pair) or any(len(pair) != 2 for pair in coords):
        return None
    line = compact.encode(coords, PRECISION)
    return line if compact.decode(line) == [list(pair) for pair in coords] else None


def packed(mj: MappedJourney) -> dict[str, Any]:
    """The export's text with its exactly encodable lines taken out: ``{"text", "lines"}``, where
    ``lines[i]`` is ``{"polyline", "digits"}`` and the text holds ``"\\u0000line i"`` in its place."""
    collection = geojson_collection(mj.analysed)
    lines: list[dict[str, Any]] = []
    features = []
    for feature in collection["features"]:
        geometry = feature.get("geometry")
        line = _exact(geometry["coordinates"]) if geometry and geometry["type"] == "LineString" else None
        if line is not None:
            feature = {**feature, "geometry": {**geometry, "coordinates": f"{MARK}{len(lines)}"}}
            lines.append(line)
        features.append(feature)
    text = geojson_text({**collection, "features": features})
    if text.count(json.dumps(MARK)[1:-1]) != len(lines):  # the text of a record held it: never from a real one
        return {"text": geojson_text(collection), "lines": []}
    return {"text": text, "lines": lines}


def payload(mj: MappedJourney) -> str:
    """:func:`packed` as JSON, gzipped with no time stamp, in base64 (the element's text)."""
    raw = json.dumps(packed(mj), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def element(mj: MappedJourney) -> str:
    """The payload in a ``<script>`` element the browser neither runs nor parses (base64 holds no ``<``)."""
    return f'<script type="application/gzip;base64" id="{ELEMENT_ID}">{payload(mj)}</script>'
