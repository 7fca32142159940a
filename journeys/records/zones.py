"""The time zone of a point, and local times made aware in it.

Zones come from coordinates (timezonefinder's offline polygons), never from a country code: Russia's
Far East alone spans three zones. zoneinfo's tz database carries the historical offsets, so a stop in
Pyongyang in March 2018 gets UTC+08:30 and one in September 2025 gets UTC+09:00.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo


@cache
def _finder() -> object:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder(in_memory=True)


@cache
def zone_name(lat: float, lon: float) -> str:
    """The IANA zone at (lat, lon); the nearest zone for a point just off a coast or on a border river."""
    finder = _finder()
    name = finder.timezone_at(lng=lon, lat=lat)  # type: ignore[attr-defined]
    if name is None:
        name = finder.timezone_at_land(lng=lon, lat=lat)  # type: ignore[attr-defined]
    if name is None:
        raise ValueError(f"no time zone found at lat {lat}, lon {lon}; check the coordinates")
    return str(name)


def localize(moment: datetime, zone: str) -> datetime:
    """A naive local time made aware in ``zone`` (the earlier reading when a clock went back)."""
    return moment.replace(tzinfo=ZoneInfo(zone))


def format_offset(offset: timedelta | None) -> str:
    """+09:00 style offset text."""
    if offset is None:
        return "?"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
