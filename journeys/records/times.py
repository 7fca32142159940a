"""Reported times, as vague as the press wrote them, turned into windows of local time.

A report such as "Monday afternoon" does not name a minute, so every reported time becomes a window
[earliest, latest] of naive local time. The stop's time zone is applied later (see
:mod:`journeys.records.timeline`), because the zone comes from the stop's coordinates, not from the text.

>>> parse_time("2025-09-01 afternoon")
LocalWindow(earliest=datetime.datetime(2025, 9, 1, 12, 0), latest=datetime.datetime(2025, 9, 1, 18, 0))
>>> format_window(parse_time("2025-09-01 16:00 / 2025-09-02"))
'2025-09-01 16:00 / 2025-09-03 00:00'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from journeys.errors import TimeFormatError

#: Parts of the day and the local hours each covers, [start, end). Documented in docs/records.md.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "early hours": (0, 5),
    "early morning": (0, 8),
    "early": (0, 9),
    "morning": (5, 12),
    "late morning": (9, 12),
    "midday": (11, 13),
    "noon": (11, 13),
    "early afternoon": (12, 15),
    "afternoon": (12, 18),
    "late afternoon": (15, 18),
    "evening": (17, 22),
    "night": (19, 24),
    "late night": (21, 24),
}

GRAMMAR_HINT = (
    "write 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD', 'YYYY-MM-DD <part of day>' (one of: "
    + ", ".join(PARTS_OF_DAY)
    + ") or a range 'A / B' of those"
)

#: Years a reported time may fall in: outside them a time is a typing error, and date arithmetic
#: near year 1 or 9999 overflows.
YEARS = (1800, 2200)

_DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
# 'HH:MM', also as YAML and ISO 8601 write it: with a 'T' and ':00' seconds (unquoted YAML timestamps
# reach us as the text written, see journeys.records.yamltree)
_ONE = re.compile(_DATE + r"(?:(?:\s+|t)(?P<hm>\d{1,2}:\d{2})(?P<sec>:\d{2}(?:\.\d*)?)?"
                  r"|\s+(?P<part>[a-z][a-z ]*[a-z]))?$")
# a UTC offset or 'Z' after a time, which the grammar does not take: the zone comes from the stop
_OFFSET = re.compile(r"(?P<time>.*\d:\d{2}(?::\d{2}(?:\.\d*)?)?)\s*(?P<offset>z|[-+]\d{1,2}(?::?\d{2})?)$")


@dataclass(frozen=True, order=True)
class LocalWindow:
    """A window of naive local time; ``earliest == latest`` for an exact time."""

    earliest: datetime
    latest: datetime

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise TimeFormatError(
                f"the range ends ({self.latest:%Y-%m-%d %H:%M}) before it starts "
                f"({self.earliest:%Y-%m-%d %H:%M}); write the earlier time first"
            )

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest


def _short(text: str) -> str:
    """The text for an error message: one line, at most 60 characters."""
    line = text.split("\n", 1)[0]
    return repr(line if line == text and len(line) <= 60 else line[:60] + "…")


def _refuse_offset(text: str) -> None:
    """A time written with a UTC offset: say why it is refused, and what to write."""
    match = _OFFSET.match(text.strip().lower())
    if not match:
        return
    offset = match["offset"].upper()
    if offset != "Z":
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        limit = 14 * 60 if offset[0] == "+" else 12 * 60
        if minutes > 59 or hours * 60 + minutes > limit:
            raise TimeFormatError(f"{offset!r} in {_short(text)} is not a UTC offset (they run from -12:00 to +14:00); "
                                  "write the stop's local time as 'YYYY-MM-DD HH:MM', without an offset")
    raise TimeFormatError(
        f"{_short(text)} has a UTC offset ({offset}), which the time grammar does not take: times are the "
        "stop's local time, its zone found from its place; write the local time as 'YYYY-MM-DD HH:MM' "
        "(converted from that offset if the stop's zone differs), in quotes"
    )


def _parse_one(text: str) -> LocalWindow:
    cleaned = text.strip().lower()
    match = _ONE.match(cleaned)
    if not match:
        _refuse_offset(text)
        raise TimeFormatError(f"cannot read the time {_short(text)}; {GRAMMAR_HINT}")
    try:
        day = date.fromisoformat(match["date"])
    except ValueError as err:
        raise TimeFormatError(f"{match['date']!r} is not a calendar date ({err}); {GRAMMAR_HINT}") from err
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise TimeFormatError(f"the year {day.year} in {_short(text)} is outside {YEARS[0]}–{YEARS[1]}; "
                              "check the year (write it with four digits)")
    start = datetime(day.year, day.month, day.day)
    if match["hm"]:
        hours, minutes = (int(x) for x in match["hm"].split(":"))
        if hours > 23 or minutes > 59:
            raise TimeFormatError(f"{match['hm']!r} is not a time of day; use 00:00 to 23:59")
        if match["sec"] and float(match["sec"][1:]) != 0:
            raise TimeFormatError(f"{_short(text)} gives seconds; reported times are kept to the minute: "
                                  f"write '{day:%Y-%m-%d} {hours:02d}:{minutes:02d}'")
        exact = start + timedelta(hours=hours, minutes=minutes)
        return LocalWindow(exact, exact)
    if match["part"]:
        part = " ".join(match["part"].split())
        if part not in PARTS_OF_DAY:
            raise TimeFormatError(f"{part!r} is not a known part of the day; {GRAMMAR_HINT}")
        first, last = PARTS_OF_DAY[part]
        return LocalWindow(start + timedelta(hours=first), start + timedelta(hours=last))
    return LocalWindow(start, start + timedelta(days=1))


def parse_time(text: str) -> LocalWindow:
    """Read a reported time in the grammar of docs/records.md into a local window.

    Kept per text (a window is immutable): a reported time is read when the record is validated,
    again for the timeline and again for each claim judged against it.
    """
    if not isinstance(text, str) or not text.strip():
        raise TimeFormatError(f"a time must be text, got {_short(repr(text))}; {GRAMMAR_HINT}")
    return _parsed(text)


@lru_cache(maxsize=16384)
def _parsed(text: str) -> LocalWindow:
    if "/" in text:
        left, _, right = text.partition("/")
        if "/" in right:
            raise TimeFormatError(f"{_short(text)} has more than one '/'; a range has two ends")
        return LocalWindow(_parse_one(left).earliest, _parse_one(right).latest)
    return _parse_one(text)


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def format_window(window: LocalWindow) -> str:
    """Write a window back in the time grammar, in the shortest form that reads back the same."""
    if window.exact:
        return _minute(window.earliest)
    day = window.earliest.replace(hour=0, minute=0)
    if window.earliest == day and window.latest == day + timedelta(days=1):
        return day.strftime("%Y-%m-%d")
    for part, (first, last) in PARTS_OF_DAY.items():
        if window.earliest == day + timedelta(hours=first) and window.latest == day + timedelta(hours=last):
            return f"{day:%Y-%m-%d} {part}"
    return f"{_minute(window.earliest)} / {_minute(window.latest)}"
