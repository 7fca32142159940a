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

from journeys.data_paths import cache_root, caching


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
    return cache_root() / f"zones-{digest.hexdigest()[:16]}{_SUFFIX}"


#: The kept zones are one JSON ``[coordinates, zone]`` pair per line, appended as each is found.
_SUFFIX = ".jsonl"


@cache
def _known() -> tuple[Path | None, dict[str, str]]:
    """The zones of points looked up before (by exact coordinates), and the file they are kept in.

    timezonefinder's import and polygons cost a command a tenth of a second or more; a record's
    stops are the same points run after run, so their zones are read from this file instead. A line
    that cannot be read (a write cut short) is skipped.
    """
    path = _known_file()
    known: dict[str, str] = {}
    if path is not None:
        with contextlib.suppress(OSError), path.open(encoding="utf-8") as lines:
            for line in lines:
                with contextlib.suppress(ValueError):
                    pair = json.loads(line)
                    if isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair):
                        known[pair[0]] = pair[1]
    return path, known


def _keep(path: Path, key: str, name: str) -> None:
    """Add one zone to the file, as a line appended: each new point costs one short write, not the
    whole file written again (a folder of thousands of stations wrote it thousands of times), and
    worker processes finding zones at once each add theirs rather than replace the others'. The first
    line of a new file removes the files of another timezonefinder or an earlier journeys."""
    with contextlib.suppress(OSError):  # the file only saves time
        new = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps([key, name]) + "\n")  # one write of a short line: appends do not interleave
        if new:
            for stale in path.parent.glob("zones-*.json*"):  # (and the whole-file JSON of earlier versions)
                if stale != path:
                    stale.unlink(missing_ok=True)


@cache
def zone_name(lat: float, lon: float) -> str:
    """The IANA zone at (lat, lon); the nearest zone for a point just off a coast or on a border river."""
    path, known = _known()
    key = f"{lat!r},{lon!r}"
    if key in known:
        return known[key]
    name = _look_up(lat, lon)
    known[key] = name
    if path is not None:
        _keep(path, key, name)
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
