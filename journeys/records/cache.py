"""Checked records kept by content, so an unchanged folder is not parsed and checked again.

A record that read without a problem is stored under ``$XDG_CACHE_HOME/journeys/records/<key>.pickle``
(``~/.cache/...`` without it). The key is a hash of the file's bytes and of the code that reads records
(package version and the size and time of each module under :mod:`journeys.records`), so an edited
record or a new version of journeys never sees a stale entry. Only records that read without a
problem are stored: errors are always found afresh, with their line and column.

An entry is one header line (``journeys-record <format> <id>``), then the checked journey as a pickle,
written atomically. A pickle, not the model's JSON validated again: validating a journey took twice the
time of unpickling it, and building the model's validators at start-up another 30 ms that a command
over cached records never needs (the model defers them, :mod:`journeys.records.model`). An entry is
the checked record as this code made it, in the user's own cache folder beside the kept network and
gazetteer (:mod:`journeys.geo.kept`, pickles too); an entry that is damaged, not a journey, or of
another id is ignored and replaced.

The cache is an optimisation: a folder that cannot be written (read-only home, full disk) only costs
speed. ``JOURNEYS_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from functools import lru_cache
from pathlib import Path

from journeys import __version__
from journeys.data_paths import cache_root, caching, keep_file
from journeys.records.model import Journey

#: Bumped when the stored form changes.
_FORMAT = 2
#: The file name of an entry is its key and this.
SUFFIX = ".pickle"
#: Entries kept: past this, the oldest are removed when a new one is stored (each is 10-40 KB). Well
#: above the records one command reads: a folder larger than the cache would evict, on every run,
#: the entries that run is about to read.
MAX_ENTRIES = 5000


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/journeys/records``, else ``~/.cache/journeys/records``."""
    return cache_root() / "records"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The version and the modules that decide what a record reads as: any change gives new keys."""
    digest = hashlib.sha256(f"{_FORMAT}:{__version__}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        stat = module.stat()
        digest.update(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.digest()


def key(data: bytes) -> str:
    """The cache key of a record file's bytes under this version of the code."""
    return hashlib.sha256(_code_fingerprint() + data).hexdigest()


def _head(journey_id: str) -> bytes:
    """The first line of an entry: its format and the stored journey's id."""
    return f"journeys-record {_FORMAT} {journey_id}\n".encode()


#: :func:`_head` read back (the id as :data:`journeys.records.model.ID_PATTERN` allows it).
_ID_HEAD = re.compile(re.escape(_head("ID")).replace(b"ID", rb"([a-z0-9][a-z0-9-]{0,79})"))


def load(entry: str) -> Journey | None:
    """The journey stored under ``entry``, or None when there is none or it cannot be used."""
    if not caching():
        return None
    try:
        data = (cache_dir() / f"{entry}{SUFFIX}").read_bytes()
    except OSError:
        return None
    head = _ID_HEAD.match(data)
    if head is None:
        return None
    try:
        journey = pickle.loads(data[head.end():])
    except Exception:  # a damaged entry may fail in any way; it is read afresh
        return None
    if type(journey) is not Journey or journey.id != head.group(1).decode("ascii"):
        return None
    return journey


def store(entry: str, journey: Journey) -> bool:
    """Keep a checked journey under ``entry``; whether it was kept (a cache that cannot be written is
    skipped, and past :data:`MAX_ENTRIES` the oldest entries go)."""
    if not caching():
        return False
    data = _head(journey.id) + pickle.dumps(journey, protocol=pickle.HIGHEST_PROTOCOL)
    return keep_file(cache_dir() / f"{entry}{SUFFIX}", data, MAX_ENTRIES)


def clear() -> int:
    """Remove every cached record; the number removed."""
    removed = 0
    for path in cache_dir().glob(f"*{SUFFIX}"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed

