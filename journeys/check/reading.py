"""Claims read as a fact-checker reads them: what event, which visit, which measure, along what.

A time claim says the train *arrived*, *left* or *passed* somewhere, on the way out or on the way
back; a speed is an *average* or a *maximum*; "2,250 km east of Moscow" is a *straight-line* distance,
not the length of the track; "a 10-day journey" is *door to door*, stays included. The words say so,
in whatever language the source wrote; these tables list the words (docs/checks.md prints them).
A record's ``reading:`` overrides any of it, and the reading is printed with every verdict so a
reader can see what was judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from journeys.records.model import Basis, Claim, Event, Measure

Occurrence = int | Literal["last"] | None

#: Words that make a time claim about leaving or passing (arriving is the default).
DEPART_WORDS = (
    r"\bleav(?:e|es|ing)\b", r"\bleft\b", r"\bdepart", r"\bset (?:off|out)\b", r"\bsets off\b", r"\bheading (?:for|to)",
    "출발", "떠나", "떠났", "떠난", "离开", "出发", "驶离", "启程", "отправ", "выехал", "покинул", "отбыл",
)
PASS_WORDS = (
    r"\bpass(?:es|ed|ing)?\b", r"\bthrough\b", r"\bcross(?:es|ed|ing)?\b", r"\bentered\b", r"\benters?\b",
    "통과", "건너", "넘어", "经过", "通过", "越过", "过境", "пересек", "проследова", "проех", "въехал",
)
#: Words that make a time claim about the way back, so about the last visit of a place.
RETURN_WORDS = (
    r"\breturn", r"\bback\b", r"\bhome\b", r"\bhomebound\b", r"\bway home\b",
    "귀국", "귀환", "돌아", "복귀", "回国", "返回", "回到", "返程", "обратн", "возвращ", "вернул",
)
#: Words that make a speed a maximum rather than an average.
MAXIMUM_WORDS = (r"\bmaximum\b", r"\bmax\b", r"\btop speeds?\b", r"\bhighest speed", "최고", "최대", "最高", "максимальн")
#: Words that make a speed the one at which the train passed a point (through a station), not an average.
PASSING_SPEED_WORDS = (r"\bpass(?:es|ed|ing)? (?:through|by)\b", r"\bthrough (?:the )?stations?\b", r"\bran through\b",
                       "통과 속도", "通过速度", "проследовал со скоростью")
#: Words that make a distance a straight line between places rather than a length of track.
STRAIGHT_WORDS = (
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)? of\b",
    r"\bas the crow flies\b", r"\bstraight[- ]line\b", "직선 거리", "直线距离", "по прямой",
)
#: Words that make a duration running time (stays removed) rather than door to door.
RUNNING_WORDS = (r"\bnon-?stop\b", r"\brunning time\b", r"\bwithout (?:a )?stops?\b", "운행 시간", "运行时间", "в пути")


@dataclass(frozen=True)
class ClaimReading:
    """What a claim is about, and where each part of the reading came from (its cue)."""

    event: Event | None = None
    occurrence: Occurrence = None
    measure: Measure | None = None
    basis: Basis | None = None
    country: str | None = None
    cues: tuple[str, ...] = ()

    def describe(self) -> str:
        """The reading in words, e.g. 'departure, last visit' or 'door to door'."""
        parts: list[str] = []
        if self.event:
            parts.append({"arrive": "arrival", "depart": "departure", "pass": "passing or crossing"}[self.event])
        if self.occurrence == "last":
            parts.append("the last visit")
        elif isinstance(self.occurrence, int):
            parts.append(f"visit {self.occurrence}")
        if self.measure:
            parts.append(f"{self.measure} speed")
        if self.basis:
            parts.append({"route": "along the track", "straight": "straight line", "running": "running time",
                          "door": "door to door", "country": f"time in {self.country or 'one country'}"}[self.basis])
        return ", ".join(parts)

    def as_dict(self) -> dict[str, str | int | None]:
        return {"event": self.event, "occurrence": self.occurrence, "measure": self.measure, "basis": self.basis,
                "country": self.country}


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """A word list's patterns compiled once as one alternation (every claim is read against several
    lists), which finds whether any of them matches in one pass."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags=re.IGNORECASE)


def _found(patterns: tuple[str, ...], text: str) -> str | None:
    """The first words of ``text`` a pattern matches (the cue printed with the reading): the
    pattern first in the list wins, wherever in the text the others match."""
    if _compiled(patterns).search(text) is None:  # most texts match none of a list: one search, not one per word
        return None
    for pattern in patterns:  # compiled when first needed, and kept, by re's own cache
        match = re.search(pattern, text, flags=re.IGNORECASE)
        if match:
            return match.group(0)
    return None


def _after_says(patterns: tuple[str, ...], claim: Claim, cues: list[str]) -> bool:
    """Words right after the claim's own words in the quote: "some 1,170 kilometers *east of* the space center"."""
    at = " ".join(claim.quote.split()).lower().find(" ".join(claim.says.split()).lower())
    if at < 0:
        return False
    tail = " ".join(claim.quote.split())[at + len(" ".join(claim.says.split())):][:40]
    hit = _found(patterns, tail)
    if hit:
        cues.append(hit)
    return hit is not None


def read_claim(claim: Claim) -> ClaimReading:
    """Infer the reading from the claim's words (``says`` first, then the whole quote); the record's
    ``reading:`` wins wherever it says something."""
    says, quote = claim.says, claim.quote
    given = claim.reading
    cues: list[str] = []
    event: Event | None = None
    occurrence: Occurrence = None
    measure: Measure | None = None
    basis: Basis | None = None

    def cue(patterns: tuple[str, ...], *, quote_too: bool = True) -> str | None:
        hit = _found(patterns, says) or (_found(patterns, quote) if quote_too else None)
        if hit:
            cues.append(hit)
        return hit

    if claim.kind == "time":
        event = "depart" if cue(DEPART_WORDS, quote_too=False) else "pass" if cue(PASS_WORDS, quote_too=False) else "arrive"
        occurrence = "last" if cue(RETURN_WORDS) else None
    elif claim.kind == "speed":
        measure = ("maximum" if cue(MAXIMUM_WORDS) or claim.quantity.qualifier == "up to" else
                   "passing" if cue(PASSING_SPEED_WORDS) else "average")
    elif claim.kind == "distance":
        basis = "straight" if cue(STRAIGHT_WORDS, quote_too=False) or _after_says(STRAIGHT_WORDS, claim, cues) else "route"
    elif claim.kind == "duration":
        basis = "running" if cue(RUNNING_WORDS) else "door"
    if given is not None:
        cues.append("the record's reading")
        event = given.event or event
        occurrence = given.occurrence if given.occurrence is not None else occurrence
        measure = given.measure or measure
        basis = given.basis or basis
    return ClaimReading(event, occurrence, measure, basis, given.country if given else None, tuple(cues))
