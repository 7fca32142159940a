"""The GeoJSON download packed in a journey's page (journeys/render/download.py): it unpacks to what
`journeys export --format geojson` writes, byte for byte, and is the same for the same journey.

The page script's unpacking is tested in the browser (tests/test_maps_browser.py); here the packing
itself, unpacked as that script does (Python's json writing the lists, rather than the script's copy of it).
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.export.formats import to_geojson
from journeys.export.rows import PRECISION
from journeys.records.files import load_records
from journeys.render import download
from journeys.render.compact import decode
from journeys.render.maps import journey_page
from journeys.render.schedule import MappedJourney, map_records

PLACEHOLDER = re.compile(r'^( *)("coordinates": )"\\u0000line (\d+)"', re.M)


@pytest.fixture(scope="module")
def bundled() -> list[MappedJourney]:
    mapped, errors = map_records(load_records())
    assert mapped, f"no bundled journey could be mapped: {errors}"
    return mapped


def unpack(text: str) -> tuple[str, dict[str, Any]]:
    """The export text a payload holds, and the packed form it came from."""
    raw = gzip.decompress(base64.b64decode(text, validate=True))
    pack = json.loads(raw)

    def line(match: re.Match[str]) -> str:
        indent = match.group(1)
        listed = json.dumps(decode(pack["lines"][int(match.group(3))]), indent=1)
        return indent + match.group(2) + listed.replace("\n", "\n" + indent)

    return PLACEHOLDER.sub(line, pack["text"]), pack


def test_every_bundled_download_unpacks_to_the_export(bundled: list[MappedJourney]) -> None:
    for mj in bundled:
        text, pack = unpack(download.payload(mj))
        assert text == to_geojson(mj.analysed), mj.journey.id
        legs = sum(1 for f in json.loads(text)["features"] if f["geometry"] and f["geometry"]["type"] == "LineString")
        assert len(pack["lines"]) == legs, "every leg's line is packed, none left as numbers in the text"


def test_the_page_carries_the_packed_download_once_and_the_same_each_build(bundled: list[MappedJourney]) -> None:
    mj = max(bundled, key=lambda m: len(to_geojson(m.analysed)))  # the longest: 2001-moscow
    payload = download.payload(mj)
    assert download.payload(mj) == payload, "built twice, the same bytes"
    assert base64.b64decode(payload)[4:8] == b"\0\0\0\0", "no time stamp in the gzip header"
    page = journey_page(mj)
    assert page.count(f'id="{download.ELEMENT_ID}"') == 1 and payload in page
    assert len(payload) < len(to_geojson(mj.analysed).encode("utf-8")) / 5, "packed, a fifth of the export at most"


@given(st.lists(st.tuples(st.integers(-180_000_000, 180_000_000), st.integers(-90_000_000, 90_000_000)), max_size=50))
def test_a_line_of_export_decimals_packs_exactly(units: list[tuple[int, int]]) -> None:
    coords = [[round(lon / 10**PRECISION, PRECISION), round(lat / 10**PRECISION, PRECISION)] for lon, lat in units]
    line = download._exact(coords)
    assert line is not None and decode(line) == coords


@given(st.floats(-179, 179, allow_nan=False).filter(lambda v: round(v, PRECISION) != v))
def test_a_line_with_more_decimals_stays_in_the_text(value: float) -> None:
    assert download._exact([[value, 1.0], [1.0, 2.0]]) is None
