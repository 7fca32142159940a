"""The calculator's vectorised core: lengths, durations and speeds of many legs at once, as arrays.

The calculator's questions (how far is each leg, how long did it take, how fast was that) are asked
of every leg of every journey, and asking them one leg at a time in Python spends more time in the
interpreter than in the geodesy. Here the legs are packed into one coordinate array with the index
where each leg starts (``offsets``, like the offsets of a ragged array), so that

- every geodesic segment length is computed by **one** call to :meth:`pyproj.Geod.inv` over all
  consecutive pairs of points (the C loop of GeographicLib, Karney's algorithm: exact to a few
  nanometres on the WGS84 ellipsoid, and correct across the antimeridian and at the poles, where
  planar or haversine shortcuts are not), and
- the segment lengths are summed per leg by :func:`numpy.add.reduceat`, with the pairs that join the
  last point of one leg to the first point of the next set to zero.

Durations and speeds are windows, as everywhere in the calculator (:mod:`journeys.check.calculator`): reported
times are vague, so a duration is a range ``[low, high]`` of hours and a speed is the range of
distance over duration, with ``low speed × high duration = low distance`` and ``high speed × low
duration = high distance``. The rules for zero durations are those of
:meth:`journeys.check.window.Window.divided_by`, so either may be used for the same answer.

This module needs only numpy and pyproj: ``journeys check`` imports it without paying for geopandas.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from pyproj import Geod

FloatArray = npt.NDArray[np.float64]
IndexArray = npt.NDArray[np.intp]

#: The same ellipsoid as :data:`journeys.geo.network.GEOD`; defined here so that importing this module
#: does not import networkx and shapely.
GEOD = Geod(ellps="WGS84")


class Windows(NamedTuple):
    """Element-wise closed ranges ``[low, high]``; ``low == high`` for an exact value."""

    low: FloatArray
    high: FloatArray


def as_coords(coords: npt.ArrayLike) -> FloatArray:
    """Check and return an (N, 2) float array of (lon, lat) degrees.

    Geod.inv answers NaN for a latitude beyond ±90° instead of raising, and a NaN would silently
    poison a whole leg's sum; so both are refused here, once, for the whole array.
    """
    array = np.asarray(coords, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"coordinates must be an (N, 2) array of (lon, lat), not shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError("coordinates must be finite numbers (no NaN or infinity)")
    if array.size and np.abs(array[:, 1]).max() > 90.0:
        raise ValueError("a latitude is beyond ±90°: coordinates must be (lon, lat), in degrees")
    return array


def _as_offsets(offsets: npt.ArrayLike, n_points: int) -> IndexArray:
    array = np.asarray(offsets)
    if array.ndim != 1:
        raise ValueError(f"offsets must be one-dimensional, not shape {array.shape}")
    if array.size == 0:
        return np.zeros(0, dtype=np.intp)
    if not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"offsets must be integer indexes, not {array.dtype}")
    result = array.astype(np.intp, copy=False)
    if result[0] < 0 or result[-1] > n_points or (np.diff(result) < 0).any():
        raise ValueError(f"offsets must be non-decreasing indexes between 0 and the number of points ({n_points})")
    return result


def segment_km(coords: npt.ArrayLike) -> FloatArray:
    """Geodesic length in km of each of the N - 1 segments between consecutive points (one Geod.inv call)."""
    array = as_coords(coords)
    if len(array) < 2:
        return np.zeros(0, dtype=np.float64)
    lons, lats = array[:, 0], array[:, 1]
    _, _, metres = GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:], return_back_azimuth=False)
    return np.asarray(metres, dtype=np.float64) / 1000.0


def leg_lengths_km(coords: npt.ArrayLike, offsets: npt.ArrayLike) -> FloatArray:
    """Geodesic length in km of every leg, the legs packed into one array.

    ``coords`` is an (N, 2) array of (lon, lat) degrees holding the legs one after another, and
    ``offsets`` the index in it of each leg's first point, in order: leg ``i`` is
    ``coords[offsets[i]:offsets[i + 1]]`` and the last leg runs to the end. A leg of zero or one
    point has length 0; points before ``offsets[0]`` belong to no leg.

    One Geod.inv call measures every consecutive pair of points, the pairs that cross from one leg
    to the next are zeroed, and ``np.add.reduceat`` sums each leg's slice. The result equals
    ``Geod.line_length`` of each leg on its own (same algorithm, same segments), without a Python
    loop over legs.
    """
    array = as_coords(coords)
    starts = _as_offsets(offsets, len(array))
    if starts.size == 0:
        return np.zeros(0, dtype=np.float64)
    # One slot per point plus one: slot j is the pair (j, j + 1); the last two slots stay zero, so
    # that reduceat may start a (trailing, empty) leg at index N.
    metres = np.zeros(len(array) + 1, dtype=np.float64)
    if len(array) >= 2:
        lons, lats = array[:, 0], array[:, 1]
        _, _, pairs = GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:], return_back_azimuth=False)
        metres[: len(array) - 1] = pairs
        # The pair ending at a leg's first point starts in the previous leg: not part of either.
        crossing = starts[starts > 0] - 1
        metres[crossing] = 0.0
    totals: FloatArray = np.add.reduceat(metres, starts)
    # reduceat gives metres[i] (not 0) for an empty slice; an empty leg has no length.
    ends = np.append(starts[1:], len(array))
    totals[ends <= starts] = 0.0
    return totals / 1000.0


def distances_km(point: tuple[float, float], coords: npt.ArrayLike) -> FloatArray:
    """Geodesic km from ``point`` (lat, lon) to each (lon, lat) of ``coords``, in one Geod.inv call.

    Element for element the same figures as :func:`journeys.geo.geocode.geodesic_km` from ``point``
    (the same call, the same argument order), without a Python call per point: "how near does the
    route pass" asks it of thousands of track vertices per claim.
    """
    array = as_coords(coords)
    if not len(array):
        return np.zeros(0, dtype=np.float64)
    lats = np.full(len(array), point[0], dtype=np.float64)
    lons = np.full(len(array), point[1], dtype=np.float64)
    _, _, metres = GEOD.inv(lons, lats, array[:, 0], array[:, 1], return_back_azimuth=False)
    return np.asarray(metres, dtype=np.float64) / 1000.0


def rounded(values: npt.ArrayLike, digits: int) -> FloatArray:
    """``round(v, digits)`` of every value, exactly as Python rounds each float, without a call per value.

    ``rint(v × 10^digits) / 10^digits`` gives Python's answer whenever the scaled value is not within
    its own rounding error of a half (the division is correctly rounded, as Python's conversion of
    the rounded decimal is); the few values that are that near a half are rounded by Python itself.
    Map pages round hundreds of thousands of coordinates.
    """
    array = np.asarray(values, dtype=np.float64)
    if not 0 <= digits <= 15:  # 10^digits must be exact, and a double holds no more digits than that
        each: FloatArray = np.vectorize(lambda v: round(float(v), digits), otypes=[np.float64])(array)
        return each
    scale = 10.0 ** digits
    with np.errstate(over="ignore", invalid="ignore"):  # huge or non-finite values go to Python below
        scaled = array * scale
        result: FloatArray = np.rint(scaled) / scale
        size = np.abs(scaled)
        # the scaled value is within a few of its own ulps (|scaled| × 2^-52) of a half, or too large
        # (or not finite) for rint to mean anything: Python decides
        near_half = ~(size < 2.0**52) | (np.abs(scaled - np.floor(scaled) - 0.5) <= size * 2.0**-50)
    for index in zip(*np.nonzero(near_half), strict=True):
        result[index] = round(float(array[index]), digits)
    return result


def cumulative_km(coords: npt.ArrayLike) -> FloatArray:
    """Distance in km along a route from its first point to each of its points (0 for the first).

    The position of every vertex along the track, for answering "how far along the route is this
    place" by interpolation instead of measuring the prefix again for each question.
    """
    array = as_coords(coords)
    result = np.zeros(len(array), dtype=np.float64)
    if len(array) >= 2:
        np.cumsum(segment_km(array), out=result[1:])
    return result


def _as_windows(value: npt.ArrayLike | Windows, what: str) -> Windows:
    if isinstance(value, Windows):
        low, high = np.asarray(value.low, dtype=np.float64), np.asarray(value.high, dtype=np.float64)
    else:
        low = high = np.asarray(value, dtype=np.float64)
    if low.shape != high.shape:
        raise ValueError(f"{what}: low and high must have the same shape, not {low.shape} and {high.shape}")
    if np.isnan(low).any() or np.isnan(high).any():
        raise ValueError(f"{what} must not be NaN")
    if (low < 0).any():
        raise ValueError(f"{what} must not be negative")
    if (low > high).any():
        raise ValueError(f"{what}: every low must be at most its high")
    return Windows(low, high)


def elapsed_h(
    leave_earliest: npt.ArrayLike, leave_latest: npt.ArrayLike, reach_earliest: npt.ArrayLike, reach_latest: npt.ArrayLike
) -> Windows:
    """Hours between leaving and reaching, as windows, from datetime64 arrays (in UTC).

    The shortest possible time is from the latest leaving to the earliest reaching, the longest from
    the earliest leaving to the latest reaching; both are clamped at 0, as in the calculator (two
    overlapping windows allow no time at all).
    """
    hour = np.timedelta64(1, "h")
    low = (np.asarray(reach_earliest, dtype="datetime64[ns]") - np.asarray(leave_latest, dtype="datetime64[ns]")) / hour
    high = (np.asarray(reach_latest, dtype="datetime64[ns]") - np.asarray(leave_earliest, dtype="datetime64[ns]")) / hour
    return Windows(np.maximum(low, 0.0).astype(np.float64), np.maximum(high, 0.0).astype(np.float64))


def speeds_kmh(lengths_km: npt.ArrayLike | Windows, durations_h: npt.ArrayLike | Windows) -> Windows:
    """Speed windows in km/h: the slowest is the shortest distance over the longest time, and so on.

    Either argument is an array of exact values or :class:`Windows`. The bounds are built so that
    speed × time = distance holds at both ends: ``low × durations.high == lengths.low`` and
    ``high × durations.low == lengths.high``. A bound whose time is 0 is infinite (no time for any
    distance), exactly as :meth:`journeys.check.window.Window.divided_by` has it; this includes 0 km in
    0 h, which the calculator treats as "no time was left", not as standing still.
    """
    lengths = _as_windows(lengths_km, "lengths")
    durations = _as_windows(durations_h, "durations")
    shape = np.broadcast_shapes(lengths.low.shape, durations.low.shape)
    # A time so short that the quotient overflows is, like no time at all, an infinite speed.
    with np.errstate(over="ignore"):
        low = np.divide(lengths.low, durations.high, out=np.full(shape, np.inf), where=durations.high > 0)
        high = np.divide(lengths.high, durations.low, out=np.full(shape, np.inf), where=durations.low > 0)
    return Windows(low, high)
