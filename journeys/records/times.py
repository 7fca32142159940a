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

_DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
_ONE = re.compile(_DATE + r"(?:\s+(?:(?P<hm>\d{1,2}:\d{2})|(?P<part>[a-z][a-z ]*[a-z])))?$")


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


def _parse_one(text: str) -> LocalWindow:
    match = _ONE.match(text.strip().lower())
    if not match:
        raise TimeFormatError(f"cannot read the time {text!r}; {GRAMMAR_HINT}")
    try:
        day = date.fromisoformat(match["date"])
    except ValueError as err:
        raise TimeFormatError(f"{match['date']!r} is not a calendar date ({err}); {GRAMMAR_HINT}") from err
    start = datetime(day.year, day.month, day.day)
    if match["hm"]:
        hours, minutes = (int(x) for x in match["hm"].split(":"))
        if hours > 23 or minutes > 59:
            raise TimeFormatError(f"{match['hm']!r} is not a time of day; use 00:00 to 23:59")
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
    """Read a reported time in the grammar of docs/records.md into a local window."""
    if not isinstance(text, str) or not text.strip():
        raise TimeFormatError(f"a time must be text, got {text!r}; {GRAMMAR_HINT}")
    if "/" in text:
        left, _, right = text.partition("/")
        if "/" in right:
            raise TimeFormatError(f"{text!r} has more than one '/'; a range has two ends")
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
