"""Claims found for you: read a news story and propose each duration, distance, speed, time,
destination and route claim it makes, with its sentence and words verbatim, for a person to accept,
edit or drop before it goes into a record; English, Korean, Chinese and Russian are understood.
:mod:`.finder` merges the proposals of :mod:`.figures`, :mod:`.times` and its own place finders over
the sentences of :mod:`.text` and the names of :mod:`.places`; :mod:`.proposal` holds the proposal
and its outputs (a table, YAML entries, CSV rows). Nothing here is a verdict, and only
:func:`known_places` reads files.
"""

from journeys.add.claims.finder import find_claims
from journeys.add.claims.places import JOURNEY_COUNTRIES, PlaceNames, known_places
from journeys.add.claims.proposal import (
    SOURCE_PLACEHOLDER,
    ProposedClaim,
    proposals_rows,
    proposals_table,
    proposals_yaml,
)
from journeys.add.claims.text import line_of, published_date, sentences

__all__ = [
    "JOURNEY_COUNTRIES",
    "SOURCE_PLACEHOLDER",
    "PlaceNames",
    "ProposedClaim",
    "find_claims",
    "known_places",
    "line_of",
    "proposals_rows",
    "proposals_table",
    "proposals_yaml",
    "published_date",
    "sentences",
]
