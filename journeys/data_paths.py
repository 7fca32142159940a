"""Where journeys' files live: the bundled reference data, and the user's cache folder.

The wheel carries ``geodata/`` inside the package (``journeys/geodata``); a source checkout keeps it
at the top of the repository, beside the package, where people edit it. Everything journeys derives
and keeps between commands (records read, answers, built gazetteer and network, zones, land, cities,
online answers) lives under one folder, ``$XDG_CACHE_HOME/journeys`` (``~/.cache/journeys`` when the
variable is unset or, as the XDG specification says, not an absolute path). ``JOURNEYS_NO_CACHE=1``
turns off the keeping of what records and code decide (records read, answers, built gazetteer and
network, zones); the map's land, cities and crossings, derived from the installed packages' data
alone and keyed by it, are kept regardless.
"""

from __future__ import annotations

import os
from pathlib import Path

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
