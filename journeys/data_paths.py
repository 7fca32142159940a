"""Where journeys' files live: the bundled reference data, and the user's cache folder.

The wheel carries ``geodata/`` inside the package (``journeys/geodata``); a source checkout keeps it
at the top of the repository, beside the package, where people edit it. Everything journeys derives
and keeps between commands (records read, answers, built gazetteer and network, zones, land, cities,
online answers) lives under one folder, ``$XDG_CACHE_HOME/journeys`` (``~/.cache/journeys`` when the
variable is unset or, as the XDG specification says, not an absolute path). ``JOURNEYS_NO_CACHE=1``
turns off the keeping of what records and code decide (records read, answers, built gazetteer and
network, zones); the map's land, cities and crossings, derived from the installed packages' data
alone and keyed by it, are kept regardless. Every such file but two goes through :func:`keep_file`,
which also keeps each folder to its number of files: the online geocoder's answers (which cost
requests, so are written to last) and the zones of points, which grow a line at a time
(:mod:`journeys.records.zones`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from journeys.atomic import write_bytes_atomic

NO_CACHE_ENV = "JOURNEYS_NO_CACHE"

_PACKAGE = Path(__file__).resolve().parent


def geodata_dir() -> Path:
    """The folder holding places/, network/ and chainage/."""
    for candidate in (_PACKAGE / "geodata", _PACKAGE.parent / "geodata"):
        if (candidate / "places").is_dir():
            return candidate
    raise FileNotFoundError(f"no geodata folder next to {_PACKAGE}; reinstall journeys")


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/journeys``, else ``~/.cache/journeys``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "journeys"


def caching() -> bool:
    """Whether journeys keeps what it derives (``JOURNEYS_NO_CACHE`` unset, empty or 0)."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


#: Files matching each (folder, pattern) as this process last counted them, plus its writes since.
_COUNTS: dict[tuple[Path, str], int] = {}


def keep_file(path: Path, data: bytes, limit: int, pattern: str = "") -> bool:
    """Write one file of the cache, and drop the oldest files of its folder matching ``pattern``
    (``*`` and the file's suffix by default) past ``limit``; whether it was written.

    Written atomically but without waiting for the disk: every reader of the cache checks what it
    reads, and a file a power cut leaves short is made again. The folder is counted when this process
    first writes there and again only when its writes since would pass the limit, not at every write
    (a first run over a thousand records writes a thousand). A cache that cannot be written only costs
    the work next time.
    """
    try:
        write_bytes_atomic(path, data, force=True, durable=False)
    except OSError:
        return False
    key = (path.parent, pattern or f"*{path.suffix}")
    with contextlib.suppress(OSError):
        count = _COUNTS.get(key)
        count = sum(1 for _ in path.parent.glob(key[1])) if count is None else count + 1
        if count > limit:
            files = sorted(path.parent.glob(key[1]), key=lambda file: file.stat().st_mtime_ns)
            for stale in files[: len(files) - limit]:
                stale.unlink(missing_ok=True)
            count = min(len(files), limit)
        _COUNTS[key] = count
    return True
