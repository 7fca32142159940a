"""The vectorised rounding of coordinates gives exactly what Python's round gives, value for value."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from journeys.geo.measure import rounded

finite = st.floats(allow_nan=False, allow_infinity=False)


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


@given(st.lists(st.floats(), max_size=50), st.integers(-3, 20))
def test_every_float_rounds_as_python_rounds_it(values: list[float], digits: int) -> None:
    got = rounded(np.array(values, dtype=float), digits).tolist()
    assert all(_same(g, round(v, digits)) for g, v in zip(got, values, strict=True))


@given(st.lists(st.integers(-180_000_000, 180_000_000), min_size=1, max_size=50), st.sampled_from([3, 5, 6]))
def test_values_at_a_half_round_as_python_rounds_them(units: list[int], digits: int) -> None:
    """Decimals ending in 5 just past the kept digits: where a shortcut through v × 10^digits could slip."""
    values = [(u + 0.5) / 10**digits for u in units]
    got = rounded(np.array(values), digits).tolist()
    assert got == [round(v, digits) for v in values]


def test_coordinates_keep_their_shape() -> None:
    coords = np.array([[125.7625123456, 39.0392987654], [-0.0000004, 89.9999995]])
    assert rounded(coords, 6).tolist() == [[round(x, 6), round(y, 6)] for x, y in coords.tolist()]
