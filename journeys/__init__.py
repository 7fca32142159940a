"""journeys: reconstruct reported train journeys, check the press's figures, and map them.

The pipeline reads top to bottom: records (what was reported) → geo (where, and how far along the
track) → check (is the reported figure consistent?) → render and export. The command-line tool in
:mod:`journeys.cli` is a thin layer over these modules.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("journeys")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
