"""The ``journeys`` command: parses arguments, calls the library, prints the result.

The group and what its commands share live in :mod:`journeys.cli.base`; the commands, by what they
do, in :mod:`~journeys.cli.reading` (list, show, schema, check, compare), :mod:`~journeys.cli.places`
(geocode, sections) and :mod:`~journeys.cli.writing` (add, claims, export, map). Importing this
package registers them all on :func:`main`.
"""

from journeys.cli import places, reading, writing
from journeys.cli.base import main, terminal_safe

__all__ = ["main", "places", "reading", "terminal_safe", "writing"]
