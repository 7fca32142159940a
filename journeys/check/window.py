"""Windows: the ranges every figure of the calculator is, and how a window is judged against the range a
claim's words accept.

Reported times are windows ("Monday afternoon"), so a duration is [shortest, longest], a speed is a
distance window over a time window, and a verdict compares two ranges: consistent when every value the
evidence allows is accepted, inconsistent when none is, undetermined otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from journeys.geo.measure import Windows, speeds_kmh

Verdict = Literal["consistent", "inconsistent", "undetermined"]
INF = float("inf")

@dataclass(frozen=True)
class Window:
    """A closed range of possible values; ``low == high`` for an exact value."""

    low: float
    high: float

    def __str__(self) -> str:
        if self.high == INF:
            return f"≥ {self.low:,.1f}"
        if abs(self.high - self.low) < 0.05:
            return f"{self.low:,.1f}"
        return f"{self.low:,.1f}–{self.high:,.1f}"

    def divided_by(self, other: Window) -> Window:
        """self / other for positive ranges (speed = distance / duration), by the calculator's one rule.

        Finite, ordered, non-negative windows are divided here with the rule's own arithmetic (IEEE
        division, an infinite bound where the time is 0): the same floats as the vectorised core, without
        its cost for one value, which judging claims pays thousands of times. Anything else (an infinite
        or NaN bound, a negative or reversed window) goes through the core, its checks and its errors.
        """
        low, high, shortest, longest = self.low, self.high, other.low, other.high
        if 0.0 <= low <= high < INF and 0.0 <= shortest <= longest < INF:
            return Window(float(low / longest) if longest > 0 else INF, float(high / shortest) if shortest > 0 else INF)
        (speed,) = speed_windows([self], [other])
        return speed

    def plus(self, other: Window) -> Window:
        return Window(self.low + other.low, self.high + other.high)

    def minus(self, other: Window) -> Window:
        """self − other, never below zero (a duration less the stays inside it)."""
        return Window(max(0.0, self.low - other.high), max(0.0, self.high - other.low))


def window_data(window: Window | None) -> dict[str, float | None] | None:
    """A window as JSON gives it: rounded bounds, ``null`` for an open (infinite) high."""
    if window is None:
        return None
    return {"low": round(window.low, 3), "high": None if window.high == INF else round(window.high, 3)}


def speed_windows(distances: Sequence[Window], durations: Sequence[Window]) -> list[Window]:
    """Speed windows of many legs at once, through the vectorised core (journeys.geo.measure)."""
    result = speeds_kmh(Windows(np.array([d.low for d in distances]), np.array([d.high for d in distances])),
                        Windows(np.array([t.low for t in durations]), np.array([t.high for t in durations])))
    return [Window(float(low), float(high)) for low, high in zip(result.low, result.high, strict=True)]


def judge(window: Window, accepted: tuple[float, float]) -> Verdict:
    """consistent when every value of the window is accepted, inconsistent when none is."""
    low, high = accepted
    eps = 1e-9
    if window.low >= low - eps and window.high <= high + eps:
        return "consistent"
    if window.high < low - eps or window.low > high + eps:
        return "inconsistent"
    return "undetermined"
