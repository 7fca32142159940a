"""The ``journeys`` command: parses arguments, calls the library, prints the result.

The group and what its commands share live in :mod:`journeys.cli.base`; the commands, by what they
do, in :mod:`~journeys.cli.reading` (list, show, schema, check, compare), :mod:`~journeys.cli.places`
(geocode, sections) and :mod:`~journeys.cli.writing` (add, claims, export, map). Importing this
package registers them all on :func:`main`.
"""

import gc
import os

# journeys does no linear algebra, but numpy's OpenBLAS starts a pool of threads (one per core) as it
# is imported, which costs every command that imports numpy some 0.05 s of CPU for nothing. The
# user's own setting, if any, is kept. Set here, before any command imports numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from journeys.cli import places, reading, writing
from journeys.cli.base import main, terminal_safe

# A command is a short process that allocates many small objects and frees nearly all of them by
# reference counting (records, parsed text, claims): the cyclic collector's default of a pass every
# 700 new objects re-walked the imported modules' objects hundreds of times. A pass every 100,000
# keeps it for the cycles a long run over many records does make. (Set here, after the command
# modules: the heavy libraries are imported inside the commands, under this setting.)
gc.set_threshold(100_000, 20, 20)

__all__ = ["main", "places", "reading", "terminal_safe", "writing"]
