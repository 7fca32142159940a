"""The figure a claim asserts: its number, its unit and its qualifier ("about", "roughly"...).

Press figures come with hedges, and the hedge decides how far off the figure may be before a claim is
wrong, so the qualifier is kept beside the number. Units are normalised to hours, kilometres and
km/h.

>>> parse_quantity("duration", "a 2½-day trip")
Quantity(value=60.0, unit='h', qualifier='')
>>> parse_quantity("speed", "averaging around 60 km (37 miles) per hour")
Quantity(value=60.0, unit='km/h', qualifier='around')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

QuantityKind = Literal["duration", "distance", "speed"]

#: Qualifiers in the order they are searched (longest first, so "close to" wins over "to").
QUALIFIERS = (
    "no more than",
    "not more than",
    "a maximum of",
    "more than",
    "less than",
    "at least",
    "at most",
    "close to",
    "approximately",
    "roughly",
    "around",
    "about",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "up to",
)

#: Qualifiers in other languages some sources use before the number, and their English equivalents.
TRANSLATED = {
    "약": "about", "대략": "roughly", "거의": "nearly", "최소": "at least", "최대": "up to",
    "约": "about", "大约": "about", "近": "nearly", "将近": "nearly", "超过": "more than", "最高": "up to",
    "около": "about", "примерно": "about", "почти": "nearly", "более": "more than", "свыше": "more than",
    "больше": "more than", "не более": "no more than", "до": "up to", "менее": "less than",
    "über": "more than", "etwa": "about", "circa": "about", "oltre": "more than", "environ": "about",
    "oko": "about", "preko": "more than",
}

#: Qualifiers that follow the figure ("20 hours or more", "60km 정도", "20多小时"), and their English equivalents.
TRAILING = {
    "or more": "or more", "or longer": "or more", "or so": "about", "or less": "or less",
    "정도": "about", "가량": "about", "쯤": "about", "이상": "or more", "넘게": "or more", "남짓": "or more",
    "左右": "about", "上下": "about", "以上": "or more", "多": "or more", "余": "or more",
}

_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "hundred": 100, "a": 1, "an": 1,
}  # fmt: skip
_NUMBER = (
    r"(?P<num>\d[\d,]*(?:\.\d+)?\s*[½¼¾⅓⅔]?|[½¼¾⅓⅔]|\b(?:" + "|".join(_WORDS) + r")(?:[\s-]+and[\s-]+a[\s-]+half)?)"
)
_HOURS = r"(?:hours?\b|hrs?\b|h\b|小时|个小时|시간|ore\b|stunden\b|heures\b|час(?:а|ов)?\b|sati\b|sata\b)"
_KM_PER_HOUR = (
    r"(?:km/h|kmh|kph|km an hour|kilomet(?:re|er)s? (?:an|per) hour|km per hour|stundenkilometer"
    r"|km(?: \([^)]*\))? per hour|км/ч|км в час|km/시|킬로미터|公里/小时|公里每小时)"
)
_UNITS: dict[QuantityKind, list[tuple[str, str, float]]] = {
    # pattern after the number, canonical unit, factor to canonical
    "duration": [(r"(?:days?\b|天|일|дн(?:я|ей)\b|сут(?:ок|ки)\b|dana\b)", "h", 24.0), (_HOURS, "h", 1.0),
                 (r"(?:weeks?\b|주\b|周|недел[иья]\b)", "h", 168.0), (r"(?:months?\b|개월|个月|месяц(?:а|ев)?\b)", "h", 720.0),
                 (r"(?:minutes?\b|分钟|분)", "h", 1 / 60)],
    "distance": [(r"(?:km\b|kilometres?\b|kilometers?\b|kilometara\b|公里|킬로미터|км\b|километр(?:а|ов)?\b)", "km", 1.0),
                 (r"miles?\b", "km", 1.609344)],
    "speed": [(_KM_PER_HOUR, "km/h", 1.0), (r"(?:mph|miles? (?:an|per) hour)", "km/h", 1.609344)],
}


@dataclass(frozen=True)
class Quantity:
    """A claimed figure in canonical units, with the qualifier that hedges it ('' for none)."""

    value: float
    unit: str
    qualifier: str


def _number(text: str) -> float:
    text = text.strip().lower()
    first = re.split(r"[\s-]", text)[0]
    if first in _WORDS:
        value = float(_WORDS[first])
        return value + (0.5 if text.endswith("half") else 0.0)
    fraction = 0.0
    if text[-1] in _FRACTIONS:
        fraction = _FRACTIONS[text[-1]]
        text = text[:-1].strip()
    return (float(text.replace(",", "")) if text else 0.0) + fraction


#: The qualifier patterns, compiled once (a claim is read by trying each in turn).
_ENGLISH = [(re.compile(rf"\b{q}\s*$"), q) for q in QUALIFIERS]
_TRANSLATED = [(re.compile(rf"(?:^|[\s(]){k}\s*$|(?<![\w]){k}$"), q) for k, q in TRANSLATED.items()]
_TRAILING = [(re.compile(rf"\s*{re.escape(k)}"), q) for k, q in TRAILING.items()]


def _qualifier(before: str, plus: bool) -> str:
    """The hedge just before the number ("about 60", "a maximum of 60"), or a "-plus" after it ("60-plus-hour")."""
    english = next((q for pattern, q in _ENGLISH if pattern.search(before)), "")
    translated = next((q for pattern, q in _TRANSLATED if pattern.search(before)), "")
    return english or ("-plus" if plus else "") or translated


def _trailing(after: str) -> str:
    """A hedge right after the figure: "20 hours or more", "60km 정도", "5시간 이상"."""
    return next((q for pattern, q in _TRAILING if pattern.match(after)), "")


def parse_quantity(kind: QuantityKind, says: str) -> Quantity:
    """Find the figure in the words of a claim; raise ValueError, saying what to write, if none.

    Kept per (kind, words): a claim's figure is asked for by its validation and by every judge, and
    the same words (a figure many stories repeat) read the same way. The answer is immutable.
    """
    return _parsed(kind, says)


@lru_cache(maxsize=4096)
def _parsed(kind: QuantityKind, says: str) -> Quantity:
    protected = "".join(f"\x00{i}\x00" if c in _FRACTIONS else c for i, c in enumerate(says))
    lowered = " ".join(unicodedata.normalize("NFKC", protected).lower().split())  # "㎞" is "km"
    lowered = re.sub(r"\x00(\d+)\x00", lambda m: says[int(m[1])], lowered)  # but keep "½" whole
    if kind == "speed":  # 时速60公里 / 시속 60km: the unit word comes first
        match = re.search(r"(?:时速|시속)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?:公里|km|킬로미터)?", lowered)
        if match:
            before, after = lowered[: match.start()], lowered[match.end():]
            return Quantity(_number(match["num"]), "km/h", _qualifier(before, False) or _trailing(after))
    for pattern, unit, factor in _UNITS[kind]:
        match = re.search(_NUMBER + r"(?P<plus>[\s-]*plus|多|余)?[\s\-‐‑‒–—]*" + pattern, lowered)
        if match:
            before, after = lowered[: match.start()], lowered[match.end():]
            plus = match["plus"] or ""
            qualifier = _qualifier(before, False) or ("-plus" if "plus" in plus else "or more" if plus else "")
            return Quantity(round(_number(match["num"]) * factor, 6), unit, qualifier or _trailing(after))
    examples = {"duration": "'roughly 20 hours'", "distance": "'4,500 km'", "speed": "'about 60 km/h'"}
    raise ValueError(
        f"no {kind} figure found in {says!r}; 'says' must hold the number and its unit, e.g. {examples[kind]}"
    )
