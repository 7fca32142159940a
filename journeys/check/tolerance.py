"""How far a hedged figure may be from the computed one: one table, documented in docs/checks.md.

A claim says "about 60 km/h" or "roughly 20 hours"; the hedge widens the range of values that make
the claim true. An open-ended hedge ("20 hours or more", "a 60-plus-hour ride") bounds one side only.
Qualifiers in other languages are mapped to these keys where the figure is parsed
(:data:`journeys.records.quantities.TRANSLATED` and ``TRAILING``). Each qualifier maps to
(below, above): the fractions of the claimed value the true value may fall short of or exceed it by.
``None`` means unbounded on that side.
"""

from __future__ import annotations

from journeys.records.quantities import Quantity

TOLERANCES: dict[str, tuple[float | None, float | None]] = {
    "": (0.05, 0.05),
    "about": (0.10, 0.10),
    "around": (0.10, 0.10),
    "approximately": (0.10, 0.10),
    "some": (0.10, 0.10),
    "roughly": (0.15, 0.15),
    "close to": (0.10, 0.02),
    "nearly": (0.10, 0.02),
    "almost": (0.10, 0.02),
    "more than": (0.0, None),
    "over": (0.0, None),
    "at least": (0.0, None),
    "or more": (0.0, None),
    "-plus": (0.0, None),
    "less than": (None, 0.0),
    "under": (None, 0.0),
    "up to": (None, 0.0),
    "no more than": (None, 0.0),
    "not more than": (None, 0.0),
    "at most": (None, 0.0),
    "a maximum of": (None, 0.0),
    "or less": (None, 0.0),
}


def accepted_range(quantity: Quantity) -> tuple[float, float]:
    """The values that make the claim true: [low, high], ``inf`` where unbounded."""
    below, above = TOLERANCES[quantity.qualifier]
    low = 0.0 if below is None else quantity.value * (1 - below)
    high = float("inf") if above is None else quantity.value * (1 + above)
    return low, high


def describe(quantity: Quantity) -> str:
    """'±10% for "about"' style text for explanations."""
    below, above = TOLERANCES[quantity.qualifier]
    name = f"'{quantity.qualifier}'" if quantity.qualifier else "no qualifier"
    if below == above and below is not None:
        return f"±{below:.0%} for {name}"
    low = "any lower" if below is None else f"-{below:.0%}"
    high = "any higher" if above is None else f"+{above:.0%}"
    return f"{low}/{high} for {name}"
