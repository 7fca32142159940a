"""The time zone of a point, and local times made aware in it.

Zones come from coordinates (timezonefinder's offline polygons), never from a country code: Russia's
Far East alone spans three zones. zoneinfo's tz database carries the historical offsets, so a stop in
Pyongyang in March 2018 gets UTC+08:30 and one in September 2025 gets UTC+09:00.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import datetime, timedelta
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from zoneinfo import ZoneInfo

from journeys.data_paths import cache_root, caching, keep_file


@cache
def _finder() -> object:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder(in_memory=True)


def _known_file() -> Path | None:
    """Where the zones found before are kept: named by the timezonefinder installed (where it is, its
    distribution's name and version, the size and time of its files and data folders), so that a new
    release's polygons are never answered from an old file. None when the cache is off or
    timezonefinder cannot be found."""
    if not caching():
        return None
    spec = find_spec("timezonefinder")
    if spec is None or not spec.submodule_search_locations:
        return None
    digest = hashlib.sha256()
    for name in spec.submodule_search_locations:
        folder = Path(name)
        releases = [n for n in os.listdir(folder.parent) if n.startswith("timezonefinder-")]
        digest.update(f"{folder}:{sorted(releases)}\n".encode())
        for path in sorted(folder.iterdir()):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return cache_root() / f"zones-{digest.hexdigest()[:16]}.json"


@cache
def _known() -> tuple[Path | None, dict[str, str]]:
    """The zones of points looked up before (by exact coordinates), and the file they are kept in.

    timezonefinder's import and polygons cost a command a tenth of a second or more; a record's
    stops are the same points run after run, so their zones are read from this file instead. A
    damaged file is ignored (and rewritten).
    """
    path = _known_file()
    known: dict[str, str] = {}
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                known = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
    return path, known


@cache
def zone_name(lat: float, lon: float) -> str:
    """The IANA zone at (lat, lon); the nearest zone for a point just off a coast or on a border river."""
    path, known = _known()
    key = f"{lat!r},{lon!r}"
    if key in known:
        return known[key]
    name = _look_up(lat, lon)
    known[key] = name
    if path is not None:  # the file only saves time; those of another timezonefinder go
        keep_file(path, json.dumps(known, sort_keys=True).encode(), 1, "zones-*.json")
    return name


def _look_up(lat: float, lon: float) -> str:
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
