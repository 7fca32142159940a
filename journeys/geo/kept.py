"""Data built from the bundled geodata (the gazetteer, the network), kept on disk between commands.

Building the curated gazetteer (reading its CSVs, folding every name) and the bundled network
(reading the GeoJSON, measuring and joining the sections) costs a command a tenth of a second each
time, for data that only changes with the package. The built object is pickled once under
``$XDG_CACHE_HOME/journeys/built/<name>-<key>.pickle`` (``~/.cache/...`` without it) and read back
in a few milliseconds.

The key is a hash of everything the object is built from, so a file is never trusted across
versions or edits: the bytes and names of the source files, the size and time of every module of
:mod:`journeys.geo` and :mod:`journeys.records` (the code that builds it), the package, Python and
numpy versions, and :data:`_FORMAT`. A changed input gives a new name; the old file is never read
again (and files of other keys for the same name are removed when a new one is written). Files are
written atomically (:mod:`journeys.atomic`); one that cannot be read back whole is rebuilt. The
folder is the user's own, as every cache of journeys is: only a process that could already write
the user's files could plant a file there. ``JOURNEYS_NO_CACHE=1`` turns it off, and a folder that
cannot be written only costs speed.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from journeys.data_paths import cache_root, caching, keep_file

T = TypeVar("T")

#: Bumped when what is kept changes shape.
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent.parent


def built_dir() -> Path:
    """``$XDG_CACHE_HOME/journeys/built``, else ``~/.cache/journeys/built``."""
    return cache_root() / "built"


@cache
def _code() -> bytes:
    """The versions and the modules that build kept data: any change to them gives new keys."""
    import numpy

    from journeys import __version__

    digest = hashlib.sha256(f"{_FORMAT}:{__version__}:{sys.version}:{numpy.__version__}".encode())
    for folder in ("geo", "records"):
        for module in sorted((_PACKAGE / folder).glob("*.py")):
            stat = module.stat()
            digest.update(f"{folder}/{module.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def key(sources: Iterable[Path]) -> str:
    """The key of an object built from ``sources`` (their names and bytes) by this code."""
    digest = hashlib.sha256(_code())
    for path in sources:
        digest.update(f"\0{path.name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def kept(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """The object ``build()`` makes from ``sources``: read from its kept file, else built and kept."""
    if not caching():
        return build()
    try:
        path = built_dir() / f"{name}-{key(sources)}.pickle"
    except OSError:  # a source cannot be read: building reports it properly
        return build()
    with contextlib.suppress(Exception):  # absent, or damaged in any way: built again below
        with path.open("rb") as stream:
            loaded: T = pickle.load(stream)
        return loaded
    built = build()
    with contextlib.suppress(pickle.PicklingError):  # kept only to save time; the other keys' files go
        keep_file(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL), 1, f"{name}-*.pickle")
    return built
