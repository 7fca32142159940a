"""Properties of the vectorised measuring core, and the geodesic cases that break naive formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from journeys.check.window import Window
from journeys.geo.measure import Windows, cumulative_km, elapsed_h, leg_lengths_km, segment_km, speeds_kmh

GEOD = Geod(ellps="WGS84")
#: WGS84 reference lengths (GeographicLib), independent of this code.
QUARTER_MERIDIAN_KM = 10_001.965729
EQUATOR_DEGREE_KM = 6_378_137.0 * math.pi / 180.0 / 1000.0

lons = st.floats(-180.0, 180.0, allow_nan=False)
lats = st.floats(-90.0, 90.0, allow_nan=False)
points = st.tuples(lons, lats)
legs = st.lists(points, min_size=0, max_size=8)
#: Legs of a few km, like real track (random points are mostly thousands of km apart).
local_legs = st.tuples(st.floats(-179.0, 179.0), st.floats(-85.0, 85.0)).flatmap(
    lambda origin: st.lists(
        st.tuples(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5)).map(lambda d: (origin[0] + d[0], origin[1] + d[1])),
        min_size=2, max_size=30,
    )
)


def pack(leg_list: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """Legs as one (N, 2) array and the index of each leg's first point."""
    sizes = [len(leg) for leg in leg_list]
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp) if sizes else np.zeros(0, np.intp)
    coords = np.array([p for leg in leg_list for p in leg], dtype=float).reshape(-1, 2)
    return coords, offsets


def line_length_km(leg: list[tuple[float, float]] | np.ndarray) -> float:
    array = np.asarray(leg, dtype=float).reshape(-1, 2)
    if len(array) < 2:
        return 0.0
    return float(GEOD.line_length(array[:, 0], array[:, 1])) / 1000.0


# -- properties --------------------------------------------------------------------------------------


@given(st.lists(legs, max_size=12))
@settings(max_examples=300)
def test_agrees_with_pyproj_line_length_per_leg(leg_list: list[list[tuple[float, float]]]) -> None:
    coords, offsets = pack(leg_list)
    lengths = leg_lengths_km(coords, offsets)
    assert lengths.shape == (len(leg_list),)
    for leg, km in zip(leg_list, lengths, strict=True):
        assert km == pytest.approx(line_length_km(leg), rel=1e-6, abs=1e-9)


@given(st.one_of(legs, local_legs))
@settings(max_examples=300)
def test_reversing_a_leg_gives_the_same_length(leg: list[tuple[float, float]]) -> None:
    coords = np.array(leg, dtype=float).reshape(-1, 2)
    forward, backward = leg_lengths_km(np.vstack([coords, coords[::-1]]), [0, len(coords)])
    assert forward == pytest.approx(backward, rel=1e-9, abs=1e-9)


@given(st.one_of(legs, local_legs).filter(lambda leg: len(leg) >= 3), st.data())
@settings(max_examples=300)
def test_splitting_a_leg_at_a_vertex_adds_up(leg: list[tuple[float, float]], data: st.DataObject) -> None:
    at = data.draw(st.integers(1, len(leg) - 2), label="split vertex")
    first, second = leg[: at + 1], leg[at:]
    coords, offsets = pack([leg, first, second])
    whole, a, b = leg_lengths_km(coords, offsets)
    assert a + b == pytest.approx(whole, rel=1e-12, abs=1e-9)


@given(local_legs)
def test_cumulative_ends_at_the_leg_length_and_never_decreases(leg: list[tuple[float, float]]) -> None:
    along = cumulative_km(leg)
    assert along[0] == 0.0
    assert (np.diff(along) >= 0).all()
    assert along[-1] == pytest.approx(line_length_km(leg), rel=1e-12)
    assert np.diff(along) == pytest.approx(segment_km(leg), rel=1e-12)


distances = st.floats(0.0, 20_000.0)
#: 0, or at least a millisecond: a subnormal number of hours overflows any division, and means nothing.
hours = st.one_of(st.just(0.0), st.floats(3e-7, 500.0))


@st.composite
def windows(draw: st.DrawFn, values: st.SearchStrategy[float]) -> tuple[float, float]:
    a, b = draw(values), draw(values)
    return (min(a, b), max(a, b))


@given(st.lists(st.tuples(windows(distances), windows(hours)), min_size=1, max_size=20))
def test_speed_times_time_is_distance(rows: list[tuple[tuple[float, float], tuple[float, float]]]) -> None:
    km = Windows(np.array([r[0][0] for r in rows]), np.array([r[0][1] for r in rows]))
    h = Windows(np.array([r[1][0] for r in rows]), np.array([r[1][1] for r in rows]))
    speed = speeds_kmh(km, h)
    assert (speed.low <= speed.high).all()
    for i in range(len(rows)):
        if h.high[i] > 0:
            assert speed.low[i] * h.high[i] == pytest.approx(km.low[i], rel=1e-12, abs=1e-12)
        else:
            assert speed.low[i] == math.inf
        if h.low[i] > 0:
            assert speed.high[i] * h.low[i] == pytest.approx(km.high[i], rel=1e-12, abs=1e-12)
        else:
            assert speed.high[i] == math.inf


@given(windows(distances), windows(hours))
def test_speeds_match_the_calculators_window_division(km: tuple[float, float], h: tuple[float, float]) -> None:
    expected = Window(*km).divided_by(Window(*h))
    speed = speeds_kmh(Windows(np.array([km[0]]), np.array([km[1]])), Windows(np.array([h[0]]), np.array([h[1]])))
    assert (speed.low[0], speed.high[0]) == (expected.low, expected.high)


@given(windows(st.floats(0.0, 1e308)), windows(st.floats(0.0, 1e308)))
def test_window_division_is_the_cores_over_the_whole_float_range(km: tuple[float, float], h: tuple[float, float]) -> None:
    # the calculator divides one window in Python; subnormal times and quotients that overflow must
    # give what the vectorised core gives (an infinite speed), not an error or another float
    expected = Window(*km).divided_by(Window(*h))
    with np.errstate(over="ignore"):
        speed = speeds_kmh(Windows(np.array([km[0]]), np.array([km[1]])), Windows(np.array([h[0]]), np.array([h[1]])))
    assert (float(speed.low[0]), float(speed.high[0])) == (expected.low, expected.high)


def test_exact_speeds_are_distance_over_time() -> None:
    speed = speeds_kmh(np.array([120.0, 0.0]), np.array([2.0, 3.0]))
    assert speed.low.tolist() == speed.high.tolist() == [60.0, 0.0]


# -- geodesic edge cases -----------------------------------------------------------------------------


def test_reference_lengths_on_the_ellipsoid() -> None:
    coords = np.array([[0, 0], [0, 90], [0, 0], [1, 0]], dtype=float)
    quarter, degree = leg_lengths_km(coords, [0, 2])
    assert quarter == pytest.approx(QUARTER_MERIDIAN_KM, abs=1e-6)
    assert degree == pytest.approx(EQUATOR_DEGREE_KM, rel=1e-12)


def test_crossing_the_antimeridian_takes_the_short_way() -> None:
    across = leg_lengths_km([[179.5, 10.0], [-179.5, 10.0]], [0])[0]
    plain = leg_lengths_km([[0.0, 10.0], [1.0, 10.0]], [0])[0]
    assert across == pytest.approx(plain, rel=1e-12)
    assert across < 120


def test_antipodal_points() -> None:
    (half,) = leg_lengths_km([[0.0, 0.0], [180.0, 0.0]], [0])
    assert half == pytest.approx(2 * QUARTER_MERIDIAN_KM, abs=1e-6)  # over a pole, the shortest way on an oblate earth


def test_poles() -> None:
    # Every longitude at a pole is the same point.
    assert leg_lengths_km([[0.0, 90.0], [123.0, 90.0], [-45.0, 90.0]], [0])[0] == pytest.approx(0.0, abs=1e-9)
    # From 89°N on one meridian to 89°N on the opposite one goes over the pole: two degrees of meridian.
    over, up = leg_lengths_km([[0.0, 89.0], [180.0, 89.0], [0.0, 89.0], [0.0, 90.0]], [0, 2])
    assert over == pytest.approx(2 * up, rel=1e-9)
    south = leg_lengths_km([[10.0, -89.0], [-170.0, -89.0]], [0])[0]
    assert south == pytest.approx(over, rel=1e-9)


def test_identical_points_have_no_length() -> None:
    coords = np.tile([[116.4, 39.9]], (5, 1))
    assert leg_lengths_km(coords, [0, 2]).tolist() == [0.0, 0.0]
    assert cumulative_km(coords).tolist() == [0.0] * 5


def test_empty_and_single_point_legs() -> None:
    coords = np.array([[0, 0], [1, 0], [2, 0], [3, 0]], dtype=float)
    # legs: [], [p0, p1], [p2], [p3], [] (the last starts at N)
    lengths = leg_lengths_km(coords, [0, 0, 2, 3, 4])
    assert lengths[[0, 2, 3, 4]].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert lengths[1] == pytest.approx(EQUATOR_DEGREE_KM)
    assert leg_lengths_km(coords, []).shape == (0,)
    assert leg_lengths_km(np.zeros((0, 2)), [0]).tolist() == [0.0]
    assert cumulative_km(np.zeros((0, 2))).shape == (0,)


def test_points_before_the_first_offset_belong_to_no_leg() -> None:
    coords = np.array([[50, 0], [0, 0], [1, 0]], dtype=float)
    assert leg_lengths_km(coords, [1])[0] == pytest.approx(EQUATOR_DEGREE_KM)


@pytest.mark.parametrize(("coords", "offsets", "message"), [
    ([[0, 0], [np.nan, 1]], [0], "finite"),
    ([[0, 0], [1, np.inf]], [0], "finite"),
    ([[0, 0], [10, 91]], [0], "latitude"),
    ([0, 0, 1, 1], [0], "shape"),
    ([[0, 0, 0]], [0], "shape"),
    ([[0, 0], [1, 1]], [1, 0], "non-decreasing"),
    ([[0, 0], [1, 1]], [0, 3], "non-decreasing"),
    ([[0, 0], [1, 1]], [-1], "non-decreasing"),
    ([[0, 0], [1, 1]], [0.0, 1.0], "integer"),
    ([[0, 0], [1, 1]], [[0]], "one-dimensional"),
])
def test_bad_input_is_refused(coords: list[list[float]], offsets: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        leg_lengths_km(np.array(coords, dtype=float), np.array(offsets))


def test_bad_windows_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        speeds_kmh(np.array([1.0]), np.array([-1.0]))
    with pytest.raises(ValueError, match="at most"):
        speeds_kmh(Windows(np.array([2.0]), np.array([1.0])), np.array([1.0]))
    with pytest.raises(ValueError, match="NaN"):
        speeds_kmh(np.array([np.nan]), np.array([1.0]))


def test_elapsed_hours_are_windows_clamped_at_zero() -> None:
    t = np.datetime64("2001-07-26T10:00")
    hour = np.timedelta64(1, "h")
    window = elapsed_h([t, t], [t + hour, t + 5 * hour], [t + 3 * hour, t + 2 * hour], [t + 4 * hour, t + 6 * hour])
    assert window.low.tolist() == [2.0, 0.0]  # the second pair of windows overlaps: no time at all is possible
    assert window.high.tolist() == [4.0, 6.0]
