"""The time grammar: every reported time becomes a window, and a window written out reads back the same."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.errors import TimeFormatError
from journeys.records.times import PARTS_OF_DAY, LocalWindow, format_window, parse_time


def test_part_of_day_is_a_window_of_local_hours() -> None:
    window = parse_time("2025-09-01 afternoon")
    assert (window.earliest, window.latest) == (datetime(2025, 9, 1, 12), datetime(2025, 9, 1, 18))


def test_a_date_alone_is_the_whole_day() -> None:
    window = parse_time("2019-02-26")
    assert window.latest - window.earliest == timedelta(days=1)


def test_an_exact_time_is_a_window_of_no_width() -> None:
    assert parse_time("2019-02-26 08:10").exact


def test_a_range_takes_the_start_of_its_left_and_the_end_of_its_right() -> None:
    window = parse_time("2025-09-01 evening / 2025-09-02 early")
    assert (window.earliest, window.latest) == (datetime(2025, 9, 1, 17), datetime(2025, 9, 2, 9))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Monday afternoon", "cannot read the time 'Monday afternoon'"),
        ("2025-02-30", "'2025-02-30' is not a calendar date"),
        ("2025-09-01 25:00", "'25:00' is not a time of day"),
        ("2025-09-01 teatime", "'teatime' is not a known part of the day"),
        ("2025-09-02 / 2025-08-30", "the range ends"),
        ("2025-09-01 / 2025-09-02 / 2025-09-03", "more than one '/'"),
    ],
)
def test_unreadable_times_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(TimeFormatError, match=message.replace("(", r"\(")):
        parse_time(text)


minutes = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
days = st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2040, 1, 1).date())


@st.composite
def windows(draw: st.DrawFn) -> LocalWindow:
    """Exact minutes, whole days, parts of days and arbitrary ranges."""
    kind = draw(st.sampled_from(["exact", "day", "part", "range"]))
    if kind == "exact":
        moment = draw(minutes)
        return LocalWindow(moment, moment)
    day = datetime.combine(draw(days), datetime.min.time())
    if kind == "day":
        return LocalWindow(day, day + timedelta(days=1))
    if kind == "part":
        first, last = PARTS_OF_DAY[draw(st.sampled_from(sorted(PARTS_OF_DAY)))]
        return LocalWindow(day + timedelta(hours=first), day + timedelta(hours=last))
    start = draw(minutes)
    return LocalWindow(start, start + timedelta(minutes=draw(st.integers(0, 60 * 24 * 10))))


@given(windows())
def test_any_window_written_out_and_parsed_back_is_unchanged(window: LocalWindow) -> None:
    assert parse_time(format_window(window)) == window
