"""What the calculator says about a journey, declared once: each leg, each claim, the pace, the whole.

The checks produce these; the reports, the exports and the maps read them (nothing recomputes a figure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from journeys.check.window import Verdict, Window
from journeys.records.model import Claim


@dataclass(frozen=True)
class LegCheck:
    """One leg: where, how far, how long, how fast, and anything implausible."""

    start: str
    end: str
    mode: str
    distance_km: Window
    method: str
    estimate_reason: str | None
    duration_h: Window | None
    speed_kmh: Window | None
    assumed_h: float
    flags: tuple[str, ...] = ()
    #: speeds the reported times allow over the leg, measured between the nearest timed stops around it
    implied_kmh: Window | None = None
    #: the stops ``implied_kmh`` is measured between (the leg's own ends when both are timed)
    implied_between: tuple[int, int] = (0, 0)
    #: slower, fits, faster or unknown: the implied speed against the assumed one
    pace: str = "unknown"
    #: what the record's author may do about a flag (printed by `journeys check`, never on a map)
    advice: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimCheck:
    """A claim with its reading, both tests, the verdict and the arithmetic.

    ``reason`` is one sentence a reader understands; ``explanation`` adds the arithmetic.
    """

    claim: Claim
    verdict: Verdict
    reported: str
    computed: str
    explanation: str
    details: tuple[str, ...] = ()
    reading: dict[str, str | int | None] = field(default_factory=dict)
    reading_text: str = ""
    evidence: Verdict | None = None
    model: Verdict | None = None
    decided_by: Literal["evidence", "model", "none"] = "evidence"
    reason: str = ""


@dataclass(frozen=True)
class Pace:
    """The mission's own question for one journey: is "about 60 km/h" right for this trip?"""

    average_kmh: Window | None
    over: tuple[int, int] | None
    verdict: Verdict
    text: str
    faster: tuple[str, ...] = ()
    slower: tuple[str, ...] = ()


@dataclass(frozen=True)
class JourneyCheck:
    """Everything the calculator says about one journey."""

    id: str
    title: str
    assumed_speed_kmh: float
    distance_km: Window
    method: str
    legs: tuple[LegCheck, ...]
    claims: tuple[ClaimCheck, ...]
    running_h: Window | None
    standing_h: Window | None
    flags: tuple[str, ...] = field(default=())
    #: the stops the running and standing times are measured between (first and last with times)
    timed_span: tuple[int, int] | None = None
    timed_km: Window | None = None
    pace: Pace | None = None
