"""Place names in a story, in any of the four scripts, mapped to the names records use.

A claim about a time, a destination or a route is about a place, and a figure about the stretch
between two: the finder needs to know which words of a sentence name places. :class:`PlaceNames`
answers that from the gazetteers' spellings (:func:`known_places`), folding case, diacritics and
Russian case endings, so the finder itself reads no files.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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
                written = latin_name(sentence[start:end])
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


def latin_name(written: str) -> str:
    """A Latin name as the story writes it, less a possessive ("Beijing's" is "Beijing")."""
    return re.sub(r"['’]s$", "", written)


def country_note(place: FoundPlace, kind: str) -> str | None:
    """The note for a claim whose place is only a country: the record needs the stop that stands for it."""
    if not place.country:
        return None
    if kind == "time":
        return f"names only the country ({place.name}); for a border crossing the place is the border station"
    return f"names only the country ({place.name}); the record's place is the stop that stands for it"


#: Countries whose GeoNames towns the default place names include: those the journeys cross.
JOURNEY_COUNTRIES = ("KP", "KR", "CN", "RU", "VN", "MN")


@functools.cache
def known_places(countries: tuple[str, ...] = JOURNEY_COUNTRIES) -> PlaceNames:
    """The curated gazetteer's places and the GeoNames towns of ``countries``, in every spelling they list.

    The one function of the claim finder that reads files (the gazetteers), so
    :func:`journeys.add.claims.find_claims` stays pure.
    """
    from journeys.geo.gazetteer import cities, curated

    towns = [p for p in cities().places if p.country in countries]
    return PlaceNames.from_places([*curated().places, *towns])
