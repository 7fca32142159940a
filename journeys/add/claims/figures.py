"""Figure claims: durations, distances and speeds, found in any of the four languages.

Figures are located by a small finder of numbers, hedges and units, then validated with
:func:`journeys.records.quantities.parse_quantity`, the grammar the checks use. When the words are in
a form that grammar does not read ("около 60 км/ч", "时速60公里", "60km 정도"), the proposal carries an
English ``figure`` that it does read, as the record format expects (docs/records.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from journeys.add.claims.proposal import ProposedClaim
from journeys.records.quantities import QUALIFIERS, TRAILING, TRANSLATED, QuantityKind, parse_quantity

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "a": 1, "an": 1, "하루": 1, "이틀": 2, "사흘": 3, "나흘": 4,
}  # fmt: skip
_HAN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}

_DIGITS = r"\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:[.,]\d+)?"
_ENGLISH_NUMBER = (r"\b(?:" + "|".join(k for k in _WORD_NUMBERS if k.isascii())
                   + r")(?:[\s-]+and[\s-]+a[\s-]+half)?\b")
_NUMBER = rf"(?:(?:{_DIGITS})\s*[½¼¾⅓⅔]?|[½¼¾⅓⅔]|[零一二两兩三四五六七八九十百千]+|{_ENGLISH_NUMBER})"
_KOREAN_DAYS = r"(?:하루|이틀|사흘|나흘)(?:\s*반)?"

#: Hedges before a figure, and the English qualifier each stands for ("" for none): the figure grammar's
#: own (QUALIFIERS, TRANSLATED) first, so a proposal's qualifier is the one the checks will read.
_PRE_QUALIFIERS: dict[str, str] = {
    "just over": "more than", "well over": "more than", "a little over": "more than", "just under": "less than",
    "approx.": "approximately", "an estimated": "about", "무려": "", "불과": "", "大概": "about", "將近": "nearly",
    "接近": "close to", "超過": "more than", "逾": "more than", "不到": "less than", "приблизительно": "approximately",
    "порядка": "about", "меньше": "less than", "не менее": "at least", "максимум": "up to",
} | TRANSLATED | {q: q for q in QUALIFIERS}
#: Words that say what the figure is (a maximum, an average) and come before hedge and number.
_MARKERS: dict[str, str] = {
    "a maximum speed of": "maximum", "maximum speed of": "maximum", "a top speed of": "maximum",
    "top speed of": "maximum", "a maximum of": "maximum", "maximum": "maximum", "averaging": "",
    "an average speed of": "", "average speed of": "", "an average of": "", "a speed of": "", "speeds of": "",
    "평균": "", "최고": "maximum", "平均": "", "最高": "maximum", "最快": "maximum", "в среднем": "",
    "со скоростью": "", "со средней скоростью": "", "с максимальной скоростью": "maximum",
}
#: Hedges after a figure ("60km 정도", "20小时左右"), or between number and unit ("20여 시간", "20多小时").
_POST_QUALIFIERS = {"안팎": "about", "미만": "less than"} | TRAILING
_MID_QUALIFIERS = {"여": "or more", "多": "or more", "余": "or more", "餘": "or more"}
#: Every qualifier the figure grammar reads; another hedge ("maximum") is shown but not put in a figure.
_GRAMMAR_QUALIFIERS = {*QUALIFIERS, *TRAILING.values()}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_NOT_AFTER_LETTER = r"(?<![A-Za-zА-Яа-яЁё])"  # Latin and Cyrillic hedges are words; Chinese ones attach ("全程约20小时")
_PRE = (rf"(?P<marker>{_NOT_AFTER_LETTER}(?:{_alternation(_MARKERS)})\s*)?"
        rf"(?P<qual>{_NOT_AFTER_LETTER}(?:{_alternation(_PRE_QUALIFIERS)})\s*)?")
_MID = rf"(?P<mid>[\s\-‐‑‒–—]*(?:plus[\s-]*)?(?:{_alternation(_MID_QUALIFIERS)})?\s*)"
_POST = rf"(?P<post>\s*(?:{_alternation(_POST_QUALIFIERS)}))?"
_NOUN = r"(?P<noun>[\s\-‐‑]+(?:long\s+)?(?:(?:train|rail)\s+)?(?:trip|journey|ride|run|voyage))?"

_SPEED_UNIT = (r"(?:km/h|km/hr|kmh\b|kph\b|mph\b|㎞/h|km/시|㎞/시|公里/小时|公里每小时|千米/小时|千米每小时|км/ч(?:ас)?\b"
               r"|(?:km|kilomet(?:re|er)s?|miles?)\s*(?:\([^)]{1,30}\)\s*)?(?:an|per|a|each)\s+hour\b"
               r"|километр\w*\s+в\s+час\b)")
_DISTANCE_UNIT = r"(?:km\b|㎞|kilomet(?:re|er)s?\b|miles?\b|킬로미터|킬로|公里|千米|км\b|километр\w*|миль\b)"
_DURATION_UNIT = (r"(?:hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|minutes?\b|mins?\b|주일?(?=\s*(?:간|동안))"
                  r"|(?:个|個)?(?:星期|月)(?=的?\s*(?:旅|行|时间|時間))|недел\w+|месяц\w*|시간|일(?=\s*(?:간|동안))|(?:个|個)?(?:小时|小時|钟头|鐘頭|天)"
                  r"|час(?:а|ов)?\b|ч\b|сут(?:ок|ки)\b|дн(?:я|ей)\b|день\b|минут\w*)")

_FIGURES: list[tuple[QuantityKind, re.Pattern[str]]] = [
    ("speed", re.compile(_PRE + r"(?P<speedmark>시속|时速|時速)\s*(?:" + _alternation(_PRE_QUALIFIERS) + r")?\s*"
                         + rf"(?P<num>{_NUMBER}){_MID}(?P<unit>km\b|㎞|킬로미터|킬로|公里|千米)" + _POST, re.IGNORECASE)),
    ("speed", re.compile(_PRE + rf"(?P<num>{_NUMBER}){_MID}(?P<unit>{_SPEED_UNIT})" + _POST, re.IGNORECASE)),
    ("distance", re.compile(_PRE + rf"(?P<num>{_NUMBER}){_MID}(?P<unit>{_DISTANCE_UNIT})" + _POST + _NOUN,
                            re.IGNORECASE)),
    ("duration", re.compile(_PRE + rf"(?P<num>{_KOREAN_DAYS})(?P<unit>)" + _POST, re.IGNORECASE)),
    ("duration", re.compile(_PRE + rf"(?P<num>{_NUMBER}){_MID}(?P<unit>{_DURATION_UNIT})" + _POST + _NOUN,
                            re.IGNORECASE)),
]
_UNIT_WORDS = {"duration": "hours", "distance": "km", "speed": "km/h"}


def _number(text: str) -> float | None:
    """The value of a written number ("4,500", "2½", "4 500", "двадцать" → None), None if unread."""
    text = text.strip().lower()
    half = 0.5 if re.search(r"(?:and a half|반)$", text) else 0.0
    first = re.split(r"[\s-]", text)[0]
    if first in _WORD_NUMBERS:
        return _WORD_NUMBERS[first] + half
    if re.fullmatch(r"[零一二两兩三四五六七八九十百千]+", text):
        return _han_number(text)
    fraction = 0.0
    if text[-1] in _FRACTIONS:
        fraction, text = _FRACTIONS[text[-1]], text[:-1].strip()
    if not text:
        return fraction
    if re.fullmatch(r"\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?", text):
        text = re.sub(r"[,\u00a0\u202f\u2009 ]", "", text)
    return float(text.replace(",", ".")) + fraction


def _han_number(text: str) -> float | None:
    total, digit = 0, 0
    for char in text:
        if char in _HAN_DIGITS:
            digit = _HAN_DIGITS[char]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
    return float(total + digit)


def _factor(kind: QuantityKind, unit: str, number: str) -> float:
    unit = unit.lower()
    if re.match(r"mile|mph|миль", unit):  # "60 km (37 miles) per hour" is in km
        return 1.609344
    if kind == "duration":
        if not unit or re.match(r"day|일|天|сут|дн|день", unit) or re.match(_KOREAN_DAYS, number):
            return 24.0
        if re.match(r"week|주|星期|个星期|個星期|недел", unit):
            return 7 * 24.0
        if re.match(r"month|个月|個月|月|месяц", unit):
            return 30 * 24.0  # a month is 28-31 days: the figure says "about 30 days" and the note says so
        if re.match(r"min|минут", unit):
            return 1 / 60
    return 1.0


def figure_claims(sentence: str, offset: int, taken: list[tuple[int, int]]) -> list[tuple[int, ProposedClaim]]:
    """Durations, distances and speeds: each located, then read by the figure grammar of the checks."""
    found: list[tuple[int, ProposedClaim]] = []
    for kind, pattern in _FIGURES:
        for match in pattern.finditer(sentence):
            if any(match.start("num") < end and start < match.end() for start, end in taken):
                continue
            start, end = match.start(), match.end()
            if match.groupdict().get("noun") is not None and not match["marker"] and not match["qual"]:
                article = re.search(r"(?:\b(?:an?|the)|\b(?:expected\s+to\s+take))\s+$", sentence[:start], re.IGNORECASE)
                start = article.start() if article else start
            says = sentence[start:end].rstrip(" ,")
            proposal = _figure(kind, match, says)
            if proposal is None:
                continue
            taken.append((start, end))
            qualifier, figure = proposal
            found.append((start, ProposedClaim(kind, "", says, qualifier, offset, 0, figure=figure)))
    return found


def _plain(value: float) -> str:
    """A number as the figure grammar reads it: no exponent, no trailing zeros ("4500", "2.5")."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _figure(kind: QuantityKind, match: re.Match[str], says: str) -> tuple[str, str | None] | None:
    """The qualifier and, when the grammar cannot read ``says`` right, an English figure it can."""
    qualifier = ""
    if match["qual"]:
        qualifier = _PRE_QUALIFIERS[" ".join(match["qual"].split()).lower()]
    for key, table in (("mid", _MID_QUALIFIERS), ("post", _POST_QUALIFIERS)):
        words = (match.groupdict().get(key) or "").strip(" -plus")
        qualifier = qualifier or next((q for w, q in table.items() if w in words), "")
    if not qualifier and match["marker"]:
        qualifier = _MARKERS[" ".join(match["marker"].split()).lower()]
    number = _number(match["num"])
    value = None if number is None else round(number * _factor(kind, match["unit"], match["num"]), 6)
    hedge = qualifier if qualifier in _GRAMMAR_QUALIFIERS else ""
    try:
        read = parse_quantity(kind, says)
    except ValueError:
        read = None
    if read is not None and (value is None or abs(read.value - value) < 1e-6) and (read.qualifier or not hedge):
        return read.qualifier or qualifier, None  # the grammar reads the words as they are: no figure needed
    if value is None or value <= 0:
        return None
    month = kind == "duration" and bool(re.match(r"month|个月|個月|月|месяц", match["unit"].lower()))
    if month and not hedge:
        qualifier = hedge = "about"
    amount, unit = _plain(value), _UNIT_WORDS[kind]
    if kind == "duration" and value >= 48 and value % 24 == 0:
        amount, unit = _plain(value / 24), "days"  # "three-week" reads better as "21 days" than "504 hours"
    trailing = hedge in TRAILING.values() and hedge not in QUALIFIERS
    figure = f"{amount} {unit} {hedge}" if trailing else f"{hedge} {amount} {unit}".strip()
    parse_quantity(kind, figure)  # the English figure must read back; a failure here is a bug, not bad input
    return qualifier, figure
