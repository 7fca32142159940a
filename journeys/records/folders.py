"""Where records are looked for, and which files there are records: no parsing, no model.

Kept apart from :mod:`journeys.records.files` (which imports pydantic and the model) so that the
command-output cache (:mod:`journeys.cli.memo`) can list a command's record files and hash them
without paying for the reading stack when the answer is already known.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

RECORDS_ENV = "JOURNEYS_RECORDS"
SUFFIX = ".yaml"
#: File endings read as records (``.yml`` is the other common spelling of YAML).
SUFFIXES = (".yaml", ".yml")


def bundled_records_dir() -> Path:
    """The folder of records shipped inside the package (beside this module)."""
    return Path(__file__).resolve().parent / "bundled"


def default_records_dir() -> Path:
    """The per-user records folder: ``$XDG_DATA_HOME/journeys/records``, else ``~/.local/share/...``.

    Never inside the installed package, which an upgrade replaces and which may not be writable.
    """
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "journeys" / "records"


def record_dirs(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The bundled folder, each ``--records`` folder, those in ``JOURNEYS_RECORDS``, the per-user folder."""
    dirs = [bundled_records_dir(), *(Path(d) for d in extra)]
    dirs += [Path(d) for d in os.environ.get(RECORDS_ENV, "").split(os.pathsep) if d]
    dirs.append(default_records_dir())
    return list(dict.fromkeys(d.resolve() for d in dirs))


def iter_record_files(dirs: Iterable[Path]) -> list[Path]:
    """Every ``*.yaml`` and ``*.yml`` file in the given folders, sorted by name within each folder."""
    found: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return found


def missing_folders(extra_dirs: Sequence[Path | str]) -> list[Path]:
    """The folders named on the command line (or in JOURNEYS_RECORDS) that do not exist."""
    named = [Path(d) for d in extra_dirs]
    named += [Path(d) for d in os.environ.get(RECORDS_ENV, "").split(os.pathsep) if d]
    return [d for d in named if not d.is_dir()]
