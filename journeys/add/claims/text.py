"""A story's text cut into sentences, its dateline read, an offset turned into a line number.

Every quote a proposal carries must be a verbatim slice of the story, so sentences are found as
offsets into the text, never rebuilt; the dateline gives the date relative times are read against.
"""

from __future__ import annotations

import datetime as dt
import re

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


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset, so a reader can find the quote in the file."""
    return text.count("\n", 0, offset) + 1
