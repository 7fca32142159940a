"""Encoded lines decode to exactly the rounded numbers, so a page's data means what it did as plain JSON."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from journeys.render.compact import decode, encode, inflate

coordinate = st.floats(min_value=-180, max_value=180, allow_nan=False)
lines = st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=50)


@given(lines, st.integers(min_value=0, max_value=6))
@example([(0.0, 0.15), (2.675, -0.125)], 1)  # 0.15 is stored a hair below it: Python rounds it to 0.1
@example([(2.675, -0.125)], 2)  # 2.675 → 2.67 (stored below), -0.125 → -0.12 (an exact half, to even)
def test_a_decoded_line_is_the_rounded_line_number_for_number(line: list[tuple[float, float]], digits: int) -> None:
    rounded = [[round(a, digits), round(b, digits)] for a, b in line]
    assert decode(encode(line, digits)) == rounded
    assert decode(encode(rounded, digits)) == rounded


@given(lines)
def test_an_encoded_line_is_json_safe_and_never_longer(line: list[tuple[float, float]]) -> None:
    rounded = [[round(a, 5), round(b, 5)] for a, b in line]
    encoded = encode(rounded, 5)
    assert all(63 <= ord(c) <= 126 for c in encoded["polyline"]), "a character outside the polyline alphabet"
    assert "<" not in encoded["polyline"] and ">" not in encoded["polyline"]  # cannot end a <script> element
    assert len(json.dumps(encoded)) <= len(json.dumps(rounded)) + 40


def test_inflate_decodes_lines_at_any_depth_and_leaves_the_rest() -> None:
    data = {"legs": [{"coords": encode([[42.1, 130.6], [42.2, 130.7]], 5), "km": 3.5}], "name": "polyline"}
    assert inflate(json.loads(json.dumps(data))) == {"legs": [{"coords": [[42.1, 130.6], [42.2, 130.7]], "km": 3.5}],
                                                     "name": "polyline"}


@given(st.lists(st.integers(-(2**62), 2**62 - 1) | st.integers(-40, 40), max_size=60))
def test_the_array_encoding_is_the_loop_encoding(values: list[int]) -> None:
    """Every value encoded by array operations exactly as the per-value loop encodes it."""
    import numpy as np

    from journeys.render.compact import _chunks, _encoded

    assert _encoded(np.array(values, dtype=np.int64)) == "".join(_chunks(v) for v in values)
