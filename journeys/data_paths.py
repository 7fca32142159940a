"""Where the bundled reference data lives, in a source checkout and in an installed wheel.

The wheel carries ``geodata/`` inside the package (``journeys/geodata``); a source checkout keeps it
at the top of the repository, beside the package, where people edit it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def geodata_dir() -> Path:
    """The folder holding places/, network/ and chainage/."""
    for candidate in (_PACKAGE / "geodata", _PACKAGE.parent / "geodata"):
        if (candidate / "places").is_dir():
            return candidate
    raise FileNotFoundError(f"no geodata folder next to {_PACKAGE}; reinstall journeys")
