"""journeys: reconstruct reported train journeys, check the press's figures, and map them.

The pipeline reads top to bottom: records (what was reported) → geo (where, and how far along the
track) → check (is the reported figure consistent?) → render and export. The command-line tool in
:mod:`journeys.cli` is a thin layer over these modules.

``__version__`` is looked up on first use (PEP 562): importing :mod:`importlib.metadata` costs a
command tens of milliseconds at start-up, and only ``--version`` and exports that name the version
need it.
"""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("journeys")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'journeys' has no attribute {name!r}")
