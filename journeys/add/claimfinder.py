"""Claims found for you: read a news story and propose every claim a fact-checker would look at.

Entering a trip means finding, in a story, each figure (a duration, a distance, a speed), each time
at a place, each destination and each route, and copying its words exactly. Done by eye, claims are
missed and quotes mangled. :func:`find_claims` proposes them, each with the sentence it comes from
(verbatim), the words that make it, the hedge ("about", "more than", "maximum"...), and a guess at
the place or the stretch of the journey it is about. Nothing here is a verdict: the user accepts,
edits or drops each proposal, so the finder prefers proposing too much to missing a claim.

Figures are located by a small finder and then validated with :func:`journeys.records.quantities.parse_quantity`,
the grammar the checks use. When the words are in a form that grammar does not read ("около 60 км/ч",
"时速60公里", "60km 정도"), the proposal carries an English ``figure`` that it does read, as the record
format expects (docs/records.md). English, Korean, Chinese and Russian are understood.

The module is pure: text in, proposals out. Place names come from a :class:`PlaceNames` the caller
builds (the command builds it from the gazetteers), so tests and callers choose what is known.

>>> [(c.kind, c.says, c.qualifier) for c in find_claims("The trip takes roughly 20 hours at about 60 km/h.")]
[('duration', 'roughly 20 hours', 'roughly'), ('speed', 'about 60 km/h', 'about')]
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from journeys.records.quantities import QUALIFIERS, TRAILING, TRANSLATED, QuantityKind, parse_quantity

Kind = Literal["duration", "distance", "speed", "time", "destination", "route"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class ProposedClaim:
    """One claim the story seems to make, ready for a person to accept, edit or drop.

    ``quote`` is the sentence, verbatim from the text (``text[quote_start:quote_start+len(quote)]``);
    ``says`` is a verbatim part of the quote, found at ``text[says_start:says_start+len(says)]``.
    ``figure`` is set only when ``says`` is in a form the
    figure grammar does not read. ``span`` is a guessed (from, to) pair of place names; ``place`` the
    place a time, destination or route claim names; ``time`` a time in the record time grammar.
    """

    kind: Kind
    quote: str
    says: str
    qualifier: str
    quote_start: int
    says_start: int
    figure: str | None = None
    place: str | None = None
    time: str | None = None
    span: tuple[str, str] | None = None
    note: str | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        """Fields a record claim needs that the finder could not guess (the user fills them in)."""
        needs: list[str] = []
        if self.kind in ("time", "destination", "route") and not self.place:
            needs.append("place")
        if self.kind == "time" and not self.time:
            needs.append("time")
        return tuple(needs)

    def claim_data(self, source: str) -> dict[str, Any]:
        """The proposal as a record's claim entry (the ``claims:`` list of docs/records.md)."""
        data: dict[str, Any] = {"source": source, "quote": self.quote, "kind": self.kind, "says": self.says}
        if self.figure:
            data["figure"] = self.figure
        if self.span and self.kind in ("duration", "distance", "speed"):
            data["span"] = {"from": self.span[0], "to": self.span[1]}
        if self.place and self.kind in ("time", "destination", "route"):
            data["place"] = self.place
        if self.time and self.kind == "time":
            data["time"] = self.time
        if self.note:
            data["note"] = self.note
        return data


# --- places -----------------------------------------------------------------------------------------

#: Countries, and phrases that stand for them, in the four languages: a story often names only the
#: country ("crossed into China", "trip to Russia"); the record then needs the place that stands for it.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "China": ("China", "Chinese territory", "PRC", "中国", "中華人民共和國", "中华人民共和国", "중국", "Китай", "КНР"),
    "Russia": ("Russia", "Russian territory", "Russian Federation", "俄罗斯", "俄羅斯", "러시아", "Россия"),
    "North Korea": ("North Korea", "DPRK", "朝鲜", "북한", "북측", "КНДР", "Северная Корея"),
    "Vietnam": ("Vietnam", "Viet Nam", "越南", "베트남", "Вьетнам"),
    "Mongolia": ("Mongolia", "蒙古", "몽골", "Монголия"),
}

_HAN_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3400-\u9fff\uf900-\ufaff]+")
_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+)?")
_LATIN_WORDS = re.compile(r"[A-Z][\w'’.-]*[\w]|[A-Z]")
#: Russian case endings, longest first, and what a nominative may end in instead ("Москву" → "Москва").
_RU_ENDINGS = ("ами", "ому", "ыми", "ого", "ом", "ой", "ем", "ей", "ам", "ах", "ях", "а", "у", "е", "ю", "я", "и", "ы")
_RU_NOMINATIVE = ("", "а", "я", "ь", "й", "о")


def _key(name: str) -> str:
    """Case, diacritics and punctuation folded, as the gazetteer folds them."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in "'’‘`ʼ-_.,()":
        kept = kept.replace(mark, " ")
    return unicodedata.normalize("NFC", " ".join(kept.split()))  # Hangul syllables back from their jamo


@dataclass(frozen=True)
class FoundPlace:
    """A place name found in a sentence: offsets into the sentence, the name a record would use."""

    start: int
    end: int
    name: str
    country: bool


class PlaceNames:
    """The place names a story may mention, in any script, each mapped to the name a record uses.

    Built once from the gazetteers (:meth:`from_places`), looked up per sentence. Latin names match
    as capitalised words, Russian names in any case form, Chinese and Korean names inside words
    (Korean particles attach to the name: "톈진을").
    """

    def __init__(self, names: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        self._names: dict[str, tuple[str, bool]] = {}
        for country, spellings in COUNTRIES.items():
            for spelling in spellings:
                self._names[_key(spelling)] = (country, True)
        for canonical, aliases in names:
            for alias in (canonical, *aliases):
                self._add(alias, canonical)
        self._longest_cjk = max((len(k) for k in self._names if _HAN_HANGUL.fullmatch(k)), default=0)

    def _add(self, alias: str, canonical: str) -> None:
        alias = alias.strip()
        for suffix in (" 시", " 역", "市", "站"):  # "단둥 시", "丹东市": the bare name is what stories write
            if alias.endswith(suffix) and len(alias) > len(suffix) + 1:
                self._add(alias[: -len(suffix)], canonical)
        too_short = len(alias) < 2 if _HAN_HANGUL.fullmatch(alias) else len(alias) < 4
        if too_short or (alias.isascii() and (alias.isupper() or not alias[:1].isupper())):
            return  # "Yu", "URC", "Lop": too easily a word or a code
        self._names.setdefault(_key(alias), (canonical, False))

    @classmethod
    def from_places(cls, places: Iterable[Any]) -> PlaceNames:
        """From gazetteer places (anything with ``name`` and ``aliases``): a record names the place
        by its English name, without "station" ("Moscow Yaroslavsky station" is "Moscow")."""
        entries = []
        for place in places:
            name = re.sub(r"\s*\(.*\)$", "", str(place.name))
            if "station" in name.lower() or "vokzal" in name.lower():
                shorter = [a for a in place.aliases if a.isascii() and name.startswith(a) and len(a) >= 4]
                name = min(shorter, key=len) if shorter else name
            entries.append((name, tuple(place.aliases)))
        return cls(entries)

    def find(self, sentence: str) -> list[FoundPlace]:
        """Every known place name in the sentence, in order, longest match first."""
        found: list[FoundPlace] = []
        for match in _LATIN_WORDS.finditer(sentence):
            self._latin_at(sentence, match.start(), found)
        for run in _HAN_HANGUL.finditer(sentence):
            position = run.start()
            while position < run.end():
                position = self._cjk_at(sentence, position, run.end(), found)
        for match in _CYRILLIC_WORD.finditer(sentence):
            self._cyrillic(match, found)
        found.sort(key=lambda p: (p.start, -p.end))
        kept: list[FoundPlace] = []
        for place in found:
            if not kept or place.start >= kept[-1].end:
                kept.append(place)
        return kept

    def _latin_at(self, sentence: str, start: int, found: list[FoundPlace]) -> None:
        if found and found[-1].end > start:
            return
        words = list(re.finditer(r"[\w'’.-]+", sentence[start:]))[:4]
        for count in range(len(words), 0, -1):
            end = start + words[count - 1].end()
            trailer = re.search(r"(?:['’]s)?\.?$", sentence[start:end])  # "Beijing's", "Beijing."
            end -= len(trailer[0]) if trailer else 0
            hit = self._names.get(_key(sentence[start:end]))
            if hit:
                written = _latin_name(sentence[start:end])
                name = hit[0] if hit[1] or "station" in written.lower() else written
                found.append(FoundPlace(start, end, name, hit[1]))
                return

    def _cjk_at(self, sentence: str, position: int, end: int, found: list[FoundPlace]) -> int:
        for length in range(min(self._longest_cjk, end - position), 1, -1):
            hit = self._names.get(sentence[position : position + length])
            if hit:
                found.append(FoundPlace(position, position + length, hit[0], hit[1]))
                return position + length
        return position + 1

    def _cyrillic(self, match: re.Match[str], found: list[FoundPlace]) -> None:
        words = match[0]
        for text in (words, words.split()[0]) if " " in words else (words,):
            for ending in ("", *_RU_ENDINGS):
                if ending and not text.endswith(ending):
                    continue
                stem = text[: len(text) - len(ending)]
                for nominative in _RU_NOMINATIVE if ending else ("",):
                    hit = self._names.get(_key(stem + nominative))
                    if hit:
                        found.append(FoundPlace(match.start(), match.start() + len(text), hit[0], hit[1]))
                        return


def _latin_name(written: str) -> str:
    """A Latin name as the story writes it, less a possessive ("Beijing's" is "Beijing")."""
    return re.sub(r"['’]s$", "", written)


# --- sentences ----------------------------------------------------------------------------------------

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "no", "vs", "jr", "inc",
                  "co", "corp", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "т", "г", "гг", "им"}
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9А-ЯЁ\uac00-\ud7af\u3400-\u9fff-])|[。！？]+[”」』]?")
_BULLET = re.compile(r"\s*(?:[-•*–—·]\s+|\d{1,2}[.)]\s+)?")
_DATELINE = re.compile(r"[ \t]*date\s+(\d{4}-\d{2}-\d{2})[ \t]+", re.MULTILINE)


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end) offsets, so every quote is a verbatim slice.

    Lines are split first (a headline or a bullet is a sentence of its own), then at sentence ends,
    not after abbreviations ("Mr.", "p.m.", "U.S."). A leading bullet mark is not part of a sentence.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        if dateline := _DATELINE.match(text, start, line.end()):
            start = dateline.end()
        start += _BULLET.match(text, start, line.end()).end() - start  # type: ignore[union-attr]
        cut = start
        for end in _END.finditer(text, start, line.end()):
            word = re.search(r"([\w.]+)$", text[cut : end.start()])
            token = (word[1] if word else "").lower()
            if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]|[a-z]", token):
                continue
            spans.append((cut, end.end()))
            cut = end.end()
            while cut < line.end() and text[cut].isspace():
                cut += 1
        if cut < line.end():
            spans.append((cut, line.end()))
    return [(s, e) for s, e in ((s, s + len(text[s:e].rstrip())) for s, e in spans) if e > s]


def published_date(text: str) -> dt.date | None:
    """The date of a stored story's dateline ("date 2025-09-02" opening a line), if it has one."""
    match = re.compile(r"^" + _DATELINE.pattern, re.MULTILINE).search(text)
    return dt.date.fromisoformat(match[1]) if match else None


# --- figures ------------------------------------------------------------------------------------------

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


def _figure_claims(sentence: str, offset: int, taken: list[tuple[int, int]]) -> list[tuple[int, ProposedClaim]]:
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


# --- destinations and routes --------------------------------------------------------------------------

#: Words before a place that make it a destination or a route ("heads to", "en route to", "via").
_BEFORE_PLACE: list[tuple[Kind, re.Pattern[str]]] = [
    ("destination", re.compile(
        r"\b(?:head(?:s|ed|ing)?|bound|en\s+route|on\s+(?:his|her|its|the|their)\s+way|travel(?:l?ed|l?ing|s)?"
        r"|went|go(?:es|ing)?|flew|came|com(?:es|ing)|trip|journey|ride|visit|voyage|took\s+the\s+train|train"
        r"|depart(?:ed|s|ing)?|leav(?:es|ing)|left"
        r"|return(?:ed|s|ing)?|set\s+(?:off|out))"
        r"(?:\s+(?:back|directly|abroad|overseas|by\s+\w+(?:\s+train)?|in\s+\d{4}))?\s+(?:to|toward|towards|for|into)\s+",
        re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:left|depart(?:ed|s|ing)?|leav(?:es|ing)|set\s+off\s+from)\s+(?=\S+\s+for\s)",
                               re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:reach(?:ed|es|ing)?|arriv(?:ed|es|ing|e|al)\s+(?:in|at))\s+", re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:summit|talks|parade|meeting|visit|stay)\s+in\s+", re.IGNORECASE)),
    ("destination", re.compile(r"(?:前往|赴|抵达|抵達|到达|到達|到访|到訪|访问|訪問|去往|开往|開往|驶往|駛往|出访|出訪)\s*")),
    ("destination", re.compile(
        r"(?:направ\w+|отправ\w+|выехал\w*|едет|ехал\w*|прибыл\w*|прибуд\w+|поездк\w+|визит\w*|пут[ьи]|следу\w+)"
        r"(?:\s+[а-яё]+){0,3}?\s+(?:в|во|на)\s+", re.IGNORECASE)),
    ("route", re.compile(r"\b(?:(?:stopped|stops?|stopover|stop-over|halt(?:ed|s)?|called)\s+(?:\w+\s+){0,2}?(?:in|at)"
                         r"|(?:route|stations?|stops?)\s+(?:\w+\s+){0,2}?includ(?:ed|es|e|ing))\s+", re.IGNORECASE)),
    ("route", re.compile(r"\b(?:bridge|line|railway|crossing)\s+(?:that\s+)?"
                         r"(?:connect(?:s|ing|ed)?|link(?:s|ing|ed)?|between)\s+",
                         re.IGNORECASE)),
    ("route", re.compile(r"\b(?:via|by\s+way\s+of|(?:pass(?:ed|es|ing)?\s+)?through|(?:cross(?:ed|es|ing)?\s+(?:the\s+"
                         r"border\s+)?)?(?:at|near)(?=\s+the\s+border)|over\s+the\s+border\s+at)\s+", re.IGNORECASE)),
    ("route", re.compile(r"(?:经由|經由|途经|途經|经过|經過|取道|经|經)\s*")),
    ("route", re.compile(r"\bчерез\s+", re.IGNORECASE)),
]
#: Words after a place that make it a destination or a route ("베이징으로 향하", "톈진을 거쳐", "北京之行").
_AFTER_PLACE: list[tuple[Kind, re.Pattern[str]]] = [
    ("destination", re.compile(r"\s*(?:으로|로)\s*(?:향\w*|출발\w*|떠\w*|가\w*)|\s*(?:을|를)?\s*방문\w*|\s*행\b|에\s*도착\w*")),
    ("destination", re.compile(r"\s*之行")),
    ("destination", re.compile(r"\s+summit\b", re.IGNORECASE)),
    ("route", re.compile(r"\s*(?:을|를)?\s*(?:거쳐|경유\w*|지나\w*)")),
]
#: Words between a trigger and its place: "through the north-eastern Chinese border city of Dandong".
_PLACE_LEAD = re.compile(r"(?:the\s+)?(?:[\w’'/-]+\s+){0,5}?(?:city|cities|town|towns|station|stations|port|border)"
                         r"\s+(?:of|at)\s+", re.IGNORECASE)
_LIST_NEXT = re.compile(r"\s*(?:,|、|，|/|和|及|与|與)\s*(?:and\s+|그리고\s+)?|(?:와|과)\s+"
                        r"|\s+(?:and|with|и|와|과)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?"
                        r"(?:(?:city|town|station|border\s+city)\s+of\s+)?")
_SUMMIT_LEAD = re.compile(r"(?:\b(?:for|to|at|attend(?:ed|ing)?)\s+the\s+(?:\d{4}\s+)?)$", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?:the\s+)?([A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){0,2})")
_TWO_PLACES = re.compile(r"\s+for\s+(?:the\s+)?")


def _place_claims(sentence: str, places: list[FoundPlace], offset: int) -> list[tuple[int, ProposedClaim]]:
    """Destinations and routes: a place after "to", "via", "前往"... or before "으로 향해", "을 거쳐"."""
    found: list[tuple[int, ProposedClaim]] = []
    by_start = {p.start: p for p in places}
    for kind, pattern in _BEFORE_PLACE:
        for match in pattern.finditer(sentence):
            lead = _PLACE_LEAD.match(sentence, match.end())
            upper = lead is not None and sentence[lead.end() : lead.end() + 1].isupper()
            position = lead.end() if lead and (lead.end() in by_start or upper) else match.end()
            position += 4 if sentence[position : position + 4].lower() == "the " else 0
            place = by_start.get(position)
            if place is None and kind in ("destination", "route") and sentence[position : position + 1].isupper():
                guess = _CAPITALISED.match(sentence, position)
                if guess and guess[1].split()[0] not in _NOT_PLACES and not re.search(r"['’]s$", guess[1]):
                    place = FoundPlace(guess.start(1), guess.end(1), _latin_name(guess[1]), False)
            if place is None or re.match(r"['’]s\b", sentence[place.end :]):  # "for China's": not a destination
                continue
            end = place.end
            if (follow := _TWO_PLACES.match(sentence, end)) and (target := by_start.get(follow.end())):
                end, place = target.end, target  # "left Pyongyang for Beijing": Beijing is the destination
            elif match[0].lower().startswith(("left", "depart", "leav", "set off")) and not match[0].rstrip().endswith(
                    ("for", "to", "toward", "towards", "into")):
                continue  # "left Pyongyang" alone names the origin
            listed = [place]
            while kind == "route" and (more := _LIST_NEXT.match(sentence, end)) and (nxt := by_start.get(more.end())):
                listed.append(nxt)  # "through the cities of Dandong, Tianjin and Wuhan": each is a route claim
                end = nxt.end
            for one in listed:
                found.append((match.start(), ProposedClaim(kind, "", sentence[match.start() : max(end, one.end)].rstrip(),
                                                           "", offset, 0, place=one.name,
                                                           note=_country_note(one, kind))))
    for place in places:
        for kind, pattern in _AFTER_PLACE:
            after = pattern.match(sentence, place.end)
            if not after:
                continue
            start = place.start
            if "summit" in after[0].lower():
                lead = _SUMMIT_LEAD.search(sentence[: place.start])
                start = lead.start() if lead else start
            found.append((start, ProposedClaim(kind, "", sentence[start : after.end()], "", offset, 0, place=place.name,
                                               note=_country_note(place, kind))))
    return found


#: Capitalised words that follow "to" or "via" but are not places.
_NOT_PLACES = {"The", "A", "An", "His", "Her", "Its", "Their", "This", "That", "Meet", "Attend", "Be", "Mr", "Ms",
               "President", "Leader", "Chairman", "Watch", "Support", "Participate", "Take", "Talks", "Kim", "Putin",
               "Xi", "Trump", "Chinese", "Russian", "Korean", "North", "South", "Vietnamese", "Monday", "Tuesday",
               "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _country_note(place: FoundPlace, kind: str) -> str | None:
    if not place.country:
        return None
    if kind == "time":
        return f"names only the country ({place.name}); for a border crossing the place is the border station"
    return f"names only the country ({place.name}); the record's place is the stop that stands for it"


# --- times --------------------------------------------------------------------------------------------

_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {
    **{d: i for i, d in enumerate(_WEEKDAYS_EN)},
    **{d: i for i, d in enumerate(("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"))},
    **{f"{p}{d}": i for p in ("星期", "周", "週", "礼拜", "禮拜") for i, d in enumerate("一二三四五六日")},
    "星期天": 6,
    **{d: i for i, d in enumerate(("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"))},
}
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                           "dec"))}
_MONTHS_RU = {m: i + 1 for i, m in enumerate(("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
                                              "октябр", "ноябр", "декабр"))}
_MONTH_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_MONTH_RU = r"(?:январ|феврал|марта|апрел|мая|июн|июл|августа|сентябр|октябр|ноябр|декабр)[а-я]*"
_PART_EN = r"(?:(?:early|late|mid)[\s-]*)?(?:morning|afternoon|evening|night)"
_DAY_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

#: Time expressions: a day (named, relative or dated), a part of the day, a clock time.
_TIME_ATOMS = re.compile("|".join((
    rf"\b(?:(?:early|late)\s+(?:on\s+)?)?(?:on\s+)?{_DAY_EN}(?:\s+{_PART_EN})?\b",
    rf"\b(?:in\s+)?the\s+early\s+hours(?:\s+of\s+(?:{_DAY_EN}|\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}}))?",
    rf"\b(?:on\s+)?the\s+{_PART_EN}\s+of\s+(?:{_DAY_EN}|\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}})",
    rf"\b(?:later|early|earlier)\s+(?:in\s+the\s+(?:day|{_PART_EN})|today|tonight)\b",
    rf"\b(?:(?:later|early)\s+)?(?:today|tonight|tomorrow|yesterday|overnight|this\s+{_PART_EN})\b",
    rf"\b(?:in\s+the\s+)?{_PART_EN}\b",
    r"\bearly\s+on\b",
    rf"\b(?:on\s+)?(?:\d{{1,2}}\s+{_MONTH_EN}|{_MONTH_EN}\s+\d{{1,2}}(?!\d))(?:,?\s+\d{{4}})?",
    r"\b(?:at\s+)?(?:(?:around|about|approximately|roughly|some)\s+)?\d{1,2}(?::?\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)"
    r"(?:\s*\((?:local|Beijing|Pyongyang|Moscow)\s+time\))?",
    r"\bat\s+\d{1,2}:\d{2}\b|\b(?:at\s+)?(?:around\s+|about\s+)?\d{1,2}\s*o['’]clock\b",
    r"(?:현지시각으로\s*)?(?:\d{1,2}월\s*)?\d{1,2}일(?!\s*(?:간|동안))|이날|오늘|내일|어제|당일|[월화수목금토일]요일",
    r"새벽|아침|오전|오후(?:\s*늦게)?|저녁|밤|낮|심야|\d{1,2}시(?:\s*\d{1,2}분)?(?:\s*(?:경|쯤|께|를\s*전후해|전후))?",
    r"(?:\d{1,2}月)?\d{1,2}日|今天|明天|昨天|当天|當天|当日|今日|次日|(?:星期|周|週|礼拜|禮拜)[一二三四五六日天]",
    r"凌晨|清晨|早上|上午|中午|下午|傍晚|晚上|晚间|夜间|深夜|\d{1,2}(?:点|點|时|時)(?:\d{1,2}分|半)?(?:左右|许|許)?",
    r"(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)|сегодня|завтра|вчера",
    rf"\d{{1,2}}\s+{_MONTH_RU}|(?:рано\s+|поздно\s+)?(?:утром|днём|днем|вечером|ночью)|(?:около\s+)?(?:в\s+)?\d{{1,2}}:\d{{2}}",
)), re.IGNORECASE)

#: Words for arriving, leaving, crossing and passing, in the four languages.
_EVENTS = re.compile("|".join((
    r"\b(?:(?:is|are|was|were|be)\s+)?(?:expected|due|scheduled|set|likely)\s+(?:to\s+(?:arrive|reach|cross|enter|leave"
    r"|depart|pass|return|get)\w*|in\b|at\b)",
    r"\b(?:will|would|could|may|to|then)\s+(?:arrive|reach|cross|enter|leave|depart|return|pass|stay|visit|stop|make)\w*",
    r"\b(?:made|makes|making)\s+(?:his|her|its|their)\s+way(?:\s+back)?\b|\b(?:(?:first|next|last)\s+)?stop(?:over|s|ped)?\b|\b(?:is|are|was|were)\s+visiting\b|\bstay(?:ed|ing|s)?\b",
    r"\b(?:arriv(?:ed|es|ing|al|e)|reach(?:ed|es|ing)?|cross(?:ed|es|ing)|enter(?:ed|s|ing)|left|leav(?:es|ing)"
    r"|depart(?:ed|s|ing|ure)|pass(?:ed|es|ing)\s+through|return(?:ed|s|ing)|set\s+off|pulled\s+(?:in|out))\b",
    r"도착|출발|통과|떠나|떠났|넘어|넘었|진입|입경|귀환|돌아오",
    r"抵达|抵達|到达|到達|抵京|出发|出發|离开|離開|启程|啟程|越过|越過|跨过|跨過|进入|進入|入境|返回|回到",
    r"\b(?:прибы\w+|прибуд\w+|отправил\w*|выехал\w*|пересе\w+|въехал\w*|покинул\w*|проехал\w*|вернул\w*)",
)), re.IGNORECASE)

#: A time after "said" or "reported" dates the report, not the event before it.
_REPORTING = re.compile(r"\b(?:said|says|reported|reports|told|according|announced|confirmed)\b|\bсообщ|\bзаяви")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _time_claims(sentence: str, places: list[FoundPlace], offset: int,
                 published: dt.date | None) -> list[tuple[int, ProposedClaim]]:
    """A place and a time of day or date: an event word ("arrived", "도착") paired with the nearest time
    expression in its clause, after it in English and Russian, before it in Korean and Chinese."""
    atoms = _merge([(m.start(), m.end()) for m in _TIME_ATOMS.finditer(sentence)], sentence)
    events = list(_EVENTS.finditer(sentence))
    verb_final = bool(_HANGUL.search(sentence))  # Korean: time, place, then the verb
    time_first = verb_final or bool(_HAN.search(sentence))  # Chinese: time, verb, then the place
    found: list[tuple[int, ProposedClaim]] = []
    for i, event in enumerate(events):
        limit_after = events[i + 1].start() if i + 1 < len(events) else len(sentence)
        limit_before = events[i - 1].end() if i else 0
        after = [a for a in atoms if event.end() <= a[0] < limit_after and a[0] - event.end() < 80
                 and not _REPORTING.search(sentence, event.end(), a[0])]
        before = [a for a in atoms if limit_before <= a[0] and a[1] <= event.start()
                  and (time_first or event.start() - a[1] < 60)]
        options = (before[-1:] + after[:1]) if time_first else (after[:1] + before[-1:])
        if not options:
            continue
        atom = options[0]
        start, end = min(atom[0], event.start()), max(atom[1], event.end())
        place = _time_place(places, start, end, event, verb_final)
        if atom[0] >= event.end() and place is not None and place.end > atom[1] and not verb_final:
            end = place.end
        elif verb_final and place is not None and place.start < start:
            start = place.start
        if place is not None and place.start >= end and not verb_final:
            end = place.end
        time, why = _resolve(sentence[atom[0] : atom[1]], published)
        notes = [n for n in (why, _country_note(place, "time") if place else None) if n]
        found.append((start, ProposedClaim("time", "", sentence[start:end].rstrip(" ,"), "", offset, 0,
                                           place=place.name if place else None, time=time,
                                           note="; ".join(notes) or None)))
    return found


def _merge(atoms: list[tuple[int, int]], sentence: str) -> list[tuple[int, int]]:
    """Adjacent time words make one expression ("on Tuesday at around 4 p.m.", "2일 오후 3시")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(atoms):
        if merged and (start < merged[-1][1] or re.fullmatch(r"[\s,]*(?:at|on|in)?\s*", sentence[merged[-1][1] : start])):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _time_place(places: list[FoundPlace], start: int, end: int, event: re.Match[str],
                verb_final: bool) -> FoundPlace | None:
    """The place of an event: the first named in its words, else the nearest on the event's side."""
    inside = [p for p in places if start <= p.start and p.end <= end]
    if inside:
        return inside[-1] if verb_final else inside[0]
    if verb_final:
        near = [p for p in places if p.end <= event.start() and event.start() - p.end < 20]
        return near[-1] if near else None
    near = [p for p in places if p.start >= event.end() and p.start - event.end() < 30]
    return near[0] if near else None


def _resolve(words: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """The time grammar's form of a time expression, and a note on what was assumed."""
    lowered = words.lower()
    day: dt.date | None = None
    note = None
    weekday = next((i for name, i in _WEEKDAYS.items() if name in lowered), None)
    if published and weekday is not None:
        shift = (weekday - published.weekday() + 3) % 7 - 3  # the nearest such day, three days either way
        day = published + dt.timedelta(days=shift)
        note = f"the weekday read as the one nearest the story's date ({published.isoformat()})"
    elif (dated := _explicit_date(lowered, published)) is not None:
        day = dated
    elif published:
        relative = {"tomorrow": 1, "내일": 1, "明天": 1, "次日": 1, "завтра": 1, "yesterday": -1, "어제": -1, "昨天": -1,
                    "вчера": -1}
        shift = next((v for k, v in relative.items() if k in lowered), 0)
        day = published + dt.timedelta(days=shift)
        named = re.search(r"today|tonight|this|오늘|이날|당일|今天|今日|当天|當天|当日|сегодня", lowered) or shift
        note = None if named else f"no day named: the story's date ({published.isoformat()}) assumed"
    if day is None:
        return None, "no date: give the day in 'time' (the story's date was not known)"
    return f"{day.isoformat()} {_part(lowered)}".strip(), note


def _explicit_date(words: str, published: dt.date | None) -> dt.date | None:
    year = published.year if published else None
    if match := re.search(r"(\d{1,2})\s+(" + _MONTH_EN + r")|(" + _MONTH_EN + r")\s+(\d{1,2})", words):
        day_text, month_text = (match[1], match[2]) if match[1] else (match[4], match[3])
        month = _MONTHS.get(month_text[:3])
    elif match := re.search(r"(\d{1,2})\s+(" + _MONTH_RU + ")", words):
        day_text, month = match[1], next((v for k, v in _MONTHS_RU.items() if match[2].startswith(k)), None)
    elif match := re.search(r"(?:(\d{1,2})(?:월|月)\s*)?(\d{1,2})(?:일|日)", words):
        day_text = match[2]
        month = int(match[1]) if match[1] else (published.month if published else None)
    else:
        return None
    if year and month:
        try:
            return dt.date(year, month, int(day_text))
        except ValueError:
            return None
    return None


def _part(words: str) -> str:
    """The part of the day (docs/records.md) or the clock time an expression names."""
    if clock := re.search(r"(\d{1,2})(?::?(\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b)", words):
        hour = int(clock[1]) % 12 + (12 if clock[3].startswith("p") else 0)
        return f"{hour:02d}:{clock[2] or '00'}"
    if clock := re.search(r"(\d{1,2})(?:시|点|點|时|時)\s*(?:(\d{1,2})(?:분|分)|(半))?", words):
        hour = int(clock[1]) + (12 if re.search(r"오후|저녁|밤|下午|晚上|傍晚", words) and int(clock[1]) < 12 else 0)
        minutes = int(clock[2]) if clock[2] else (30 if clock[3] else 0)
        return f"{hour:02d}:{minutes:02d}"
    if clock := re.search(r"(\d{1,2})\s*o['’]clock", words):
        hour = int(clock[1]) + (12 if re.search(r"afternoon|evening|night", words) and int(clock[1]) < 12 else 0)
        return f"{hour:02d}:00"
    if clock := re.search(r"(\d{1,2}):(\d{2})", words):
        return f"{int(clock[1]):02d}:{clock[2]}"
    parts = [
        (r"early hours|새벽|凌晨", "early hours"), (r"\bearly\b.*\bmorning|рано утром|清晨", "early morning"),
        (r"\blate\b.*\bmorning", "late morning"), (r"\bearly\b.*\bafternoon", "early afternoon"),
        (r"\blate\b.*\bafternoon|오후\s*늦게", "late afternoon"), (r"\blate\b.*\bnight|심야|深夜", "late night"),
        (r"morning|아침|오전|早上|上午|утром", "morning"), (r"\bnoon\b|midday|낮|中午", "midday"),
        (r"afternoon|오후|下午|днём|днем", "afternoon"), (r"evening|저녁|傍晚|вечером", "evening"),
        (r"night|tonight|overnight|밤|晚上|晚间|夜间|ночью", "night"), (r"\bearly\b", "early"),
    ]
    return next((part for pattern, part in parts if re.search(pattern, words)), "")


# --- spans --------------------------------------------------------------------------------------------

_BETWEEN = re.compile(r"\s*(?:to|and|on\s+to|[-–—‑]|에서(?:부터)?|到|至|-|до|в|во)\s*(?:the\s+)?", re.IGNORECASE)


def _span(here: list[FoundPlace], sentence: str, around: Sequence[list[FoundPlace]]) -> tuple[str, str] | None:
    """The (from, to) a figure is about: "from X to Y" in the sentence, else its first and last town,
    else those of the sentence with its neighbours (a figure often follows the sentence naming the trip)."""
    for first, second in itertools.pairwise(here):
        gap = sentence[first.end : second.start]
        if _BETWEEN.fullmatch(gap) and first.name != second.name:
            return first.name, second.name
    towns = list(dict.fromkeys(p.name for p in here if not p.country))
    if len(towns) >= 2:
        return towns[0], towns[-1]
    if towns:
        return None  # one town only: the other end is not in the text, and a neighbour's would be a guess too far
    nearby = list(dict.fromkeys(p.name for places in around for p in places if not p.country))
    return (nearby[0], nearby[-1]) if len(nearby) >= 2 else None


# --- the finder ---------------------------------------------------------------------------------------

#: Countries whose GeoNames towns the default place names include: those the journeys cross.
JOURNEY_COUNTRIES = ("KP", "KR", "CN", "RU", "VN", "MN")


@functools.cache
def known_places(countries: tuple[str, ...] = JOURNEY_COUNTRIES) -> PlaceNames:
    """The curated gazetteer's places and the GeoNames towns of ``countries``, in every spelling they list.

    The one function here that reads files (the gazetteers), so :func:`find_claims` stays pure.
    """
    from journeys.geo.gazetteer import cities, curated

    towns = [p for p in cities().places if p.country in countries]
    return PlaceNames.from_places([*curated().places, *towns])



def find_claims(text: str, places: PlaceNames | None = None, published: dt.date | None = None) -> list[ProposedClaim]:
    """Every duration, distance, speed, time, destination and route claim the text seems to make.

    ``places`` are the names to recognise (only countries, and capitalised words after "to" or
    "via", without it); ``published`` is the story's date, used to turn "on Tuesday" or "2일" into a
    date (default: the stored story's dateline, if any). Proposals come in text order.
    """
    names = places or PlaceNames()
    published = published or published_date(text)
    spans = sentences(text)
    found_places = [names.find(text[s:e]) for s, e in spans]
    proposals: list[tuple[int, int, ProposedClaim]] = []
    for index, (start, end) in enumerate(spans):
        sentence, here = text[start:end], found_places[index]
        around = found_places[max(0, index - 1) : index + 2]
        found = _figure_claims(sentence, start, [])
        found = [(at, _with(c, sentence, start + at, _span(here, sentence, around))) for at, c in found]
        found += [(at, _with(c, sentence, start + at)) for at, c in _place_claims(sentence, here, start)]
        found += [(at, _with(c, sentence, start + at)) for at, c in _time_claims(sentence, here, start, published)]
        proposals += [(start + at, KINDS.index(c.kind), c) for at, c in found]
    unique: dict[tuple[int, str, str, str | None], ProposedClaim] = {}
    for at, _, claim in sorted(proposals, key=lambda p: (p[0], p[1])):
        unique.setdefault((at, claim.kind, claim.says, claim.place), claim)
    return _drop_contained(list(unique.values()))


def _with(claim: ProposedClaim, sentence: str, says_start: int, span: tuple[str, str] | None = None) -> ProposedClaim:
    return ProposedClaim(claim.kind, sentence, claim.says, claim.qualifier, claim.quote_start, says_start, claim.figure,
                         claim.place, claim.time, span, claim.note)


def _drop_contained(claims: list[ProposedClaim]) -> list[ProposedClaim]:
    """One proposal per place and kind in a sentence: "reach Beijing" inside "expected to reach Beijing
    today" is the same destination, so the longer wording is kept."""
    kept = []
    for claim in claims:
        if claim.kind in ("destination", "route") and any(
            other is not claim and other.kind == claim.kind and other.place == claim.place
            and other.quote_start == claim.quote_start and claim.says in other.says and claim.says != other.says
            for other in claims
        ):
            continue
        kept.append(claim)
    return kept


# --- rendering ------------------------------------------------------------------------------------------

#: The source id written when the user has not named one: a record refuses it until it is replaced.
SOURCE_PLACEHOLDER = "SOURCE-ID"


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset, so a reader can find the quote in the file."""
    return text.count("\n", 0, offset) + 1


def proposals_table(text: str, proposals: Sequence[ProposedClaim]) -> str:
    """A text table: line, kind, the words, the qualifier, the figure or time, the place or span."""
    from journeys.check.views import table

    rows = []
    for p in proposals:
        value = p.figure or p.time or ("(time?)" if p.kind == "time" else "")
        where = p.place or (f"{p.span[0]} → {p.span[1]}" if p.span else "")
        if p.kind in ("time", "destination", "route") and not p.place:
            where = "(place?)"
        rows.append([line_of(text, p.says_start), p.kind, p.says, p.qualifier, value, where])
    return table(["line", "kind", "says", "qualifier", "figure/time", "place/span"], rows)


def proposals_yaml(proposals: Sequence[ProposedClaim], source: str = SOURCE_PLACEHOLDER) -> str:
    """Entries to paste under a record's ``claims:``; what the finder could not guess is a comment to fill in."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096  # a quote stays on one line, as it was written
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = ["claims:"]
    for proposal in proposals:
        stream = io.StringIO()
        yaml.dump([proposal.claim_data(source)], stream)
        out.append(stream.getvalue().rstrip("\n"))
        out += [f"    # {field}: ?  (not found in the text: fill it in, or drop this claim)" for field in proposal.missing]
    return "\n".join(out) + "\n"


def proposals_rows(proposals: Sequence[ProposedClaim], source: str = SOURCE_PLACEHOLDER) -> list[dict[str, str]]:
    """Rows for ``journeys add --claims FILE`` (columns kind, source, quote, says, from, to, place, time,
    figure, note)."""
    rows = []
    for proposal in proposals:
        data = proposal.claim_data(source)
        span = data.pop("span", None) or {}
        rows.append({key: str(data.get(key) or "") for key in ("kind", "source", "quote", "says")}
                    | {"from": span.get("from", ""), "to": span.get("to", "")}
                    | {key: str(data.get(key) or "") for key in ("place", "time", "figure", "note")})
    return rows
