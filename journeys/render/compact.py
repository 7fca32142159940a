"""Lines in a page's data as encoded polylines, so a page carries its coordinates in a third of the bytes.

Coordinates were most of a page: ``[130.608,42.421],`` spends 17 characters on a point that the
encoded polyline algorithm (Google's, as Leaflet plugins and OSRM use it) writes in 4 to 6, as the
difference from the point before in units of the last kept decimal. A line becomes
``{"polyline": "...", "digits": 5}``; the page script turns every such object back into its list of
pairs when it reads the data (``inflate`` in journeys.js), before anything draws.

Decoding is exact: a value rounded to ``digits`` decimals is carried as the integer ``n`` of its last
decimal, and ``n / 10**digits`` in the browser is the same double as the rounded value read from
JSON, so a decoded line equals the rounded one number for number (the packed GeoJSON download,
journeys/render/download.py, relies on that to give back what ``journeys export`` writes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from journeys.geo.measure import rounded

#: the key that marks an encoded line in the page data
KEY = "polyline"


def _chunks(value: int) -> str:
    """One signed integer in the polyline alphabet (ASCII 63–126): zig-zag, then 5 bits a character."""
    value = ~(value << 1) if value < 0 else value << 1
    out = []
    while value >= 0x20:
        out.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    out.append(chr(value + 63))
    return "".join(out)


def encode(pairs: Sequence[Sequence[float]] | np.ndarray, digits: int) -> dict[str, Any]:
    """A line of number pairs (in whatever order: [lat, lon] or [lon, lat]) as an encoded polyline object."""
    array = np.asarray(pairs, dtype=float).reshape(-1, 2)
    # round to the decimals first, as Python (and so json) would (np.round takes 0.15 to 0.2; Python,
    # rightly, to 0.1, as 0.15 is stored a hair below it), then take the integer of the last decimal
    units = np.rint(rounded(array, digits) * 10.0**digits).astype(np.int64)
    deltas = np.diff(units, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {KEY: _encoded(deltas.ravel()), "digits": digits}


#: bit offsets of the 5-bit chunks of a zig-zagged 64-bit integer
_SHIFTS = np.arange(13, dtype=np.int64) * 5


def _encoded(values: np.ndarray) -> str:
    """:func:`_chunks` of every value, joined, as array operations (a page has hundreds of thousands).

    Chunk ``k`` of a value exists when ``k == 0`` or anything is left above its lower ``5k`` bits,
    and carries the continuation bit when chunk ``k + 1`` exists: the loop of :func:`_chunks`.
    """
    if not len(values):
        return ""
    signed = values.astype(np.int64)
    zigzag = np.where(signed < 0, ~(signed << 1), signed << 1)
    # only as many chunks as the largest value has (a line's steps take 2 to 5, not 13)
    chunks = max(1, -(-int(zigzag.max()).bit_length() // 5))
    above = zigzag[:, None] >> _SHIFTS[None, :chunks]
    exists = above > 0
    exists[:, 0] = True
    more = np.zeros_like(exists)
    more[:, :-1] = exists[:, 1:]
    codes = (above & 0x1F) + np.where(more, 0x20, 0) + 63
    return codes[exists].astype(np.uint8).tobytes().decode("ascii")


def decode(line: dict[str, Any]) -> list[list[float]]:
    """The pairs of an encoded line, as the page script reads them (for tests and tools)."""
    text, factor = line[KEY], 10.0 ** line["digits"]
    values: list[int] = []
    index = 0
    while index < len(text):
        result, shift = 0, 0
        while True:
            chunk = ord(text[index]) - 63
            index += 1
            result |= (chunk & 0x1F) << shift
            shift += 5
            if chunk < 0x20:
                break
        values.append(~(result >> 1) if result & 1 else result >> 1)
    totals = np.cumsum(np.array(values, dtype=np.int64).reshape(-1, 2), axis=0)
    return [[a / factor, b / factor] for a, b in totals.tolist()]


def inflate(value: Any) -> Any:
    """Page data with every encoded line turned back into its pairs, as the page script reads it."""
    if isinstance(value, list):
        return [inflate(v) for v in value]
    if isinstance(value, dict):
        if isinstance(value.get(KEY), str):
            return decode(value)
        return {k: inflate(v) for k, v in value.items()}
    return value


def encode_land(polygons: Iterable[Sequence[Sequence[Sequence[float]]]], digits: int) -> list[list[dict[str, Any]]]:
    """Land polygons (lists of rings) with every ring encoded."""
    return [[encode(ring, digits) for ring in polygon] for polygon in polygons]
