"""Turning place names into coordinates: offline first, online only when asked, and never silently.

:class:`PlaceResolver` resolves a journey's stops in the order curated gazetteer → city gazetteer →
online geocoder (only when one is given), and settles an ambiguous name ("Pingxiang" is two cities
900 km apart) by the stop's country and its distance to the neighbouring stops. When that cannot
decide, the error lists every candidate.

This module imports nothing of geopy or requests: every command resolves places, but only
``--online`` talks to a service, and geopy's import (with requests behind it) cost more than a third
of a command's start-up. The geopy-facing parts (:class:`~journeys.geo.online.OfflineGeocoder`,
:class:`~journeys.geo.online.OnlineGeocoder`) live in :mod:`journeys.geo.online`, imported only by
the code paths that ask the network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyproj import Geod

from journeys.errors import AmbiguousPlaceError, GeocodeError
from journeys.geo.gazetteer import Gazetteer, Place, cities, curated

if TYPE_CHECKING:
    from journeys.geo.online import OnlineGeocoder

_GEOD = Geod(ellps="WGS84")

#: Candidates closer than this to the best one are the same place (a city and its station).
SAME_PLACE_KM = 30.0
#: The nearest candidate wins only if the next one is at least this many times farther away.
CLEAR_MARGIN = 2.0
#: A match farther than this from every neighbouring stop (or than the neighbours' own spread, if
#: larger) is flagged as off the route: "Sosnovy Bor" near Ulan-Ude must not silently become the
#: town of that name near St Petersburg, 4,400 km away.
FAR_KM = 300.0


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the WGS84 ellipsoid between two (lat, lon) points, in km."""
    return float(_GEOD.inv(a[1], a[0], b[1], b[0])[2]) / 1000.0


class GazetteerLookup:
    """The bundled gazetteers, asked in order; it never touches the network.

    >>> GazetteerLookup().candidates("Sinŭiju")[0].country
    'KP'
    """

    def __init__(self, gazetteers: Sequence[Callable[[], Gazetteer]] = (curated, cities)) -> None:
        self._gazetteers = gazetteers

    def candidates(self, query: str, country: str | None = None) -> list[Place]:
        """All places of the first gazetteer that knows the name."""
        for gazetteer in self._gazetteers:
            found = gazetteer().lookup(query, country)
            if found:
                return found
        return []


@dataclass(frozen=True)
class Resolution:
    """Where a name resolved to, and why: the evidence a user needs to trust or correct it."""

    query: str
    place: Place
    reason: str
    candidates: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def latlon(self) -> tuple[float, float]:
        return self.place.lat, self.place.lon


def _source(place: Place) -> str:
    return "curated gazetteer" if place.gazetteer == "curated" else f"{place.gazetteer} city gazetteer"


def _off_route(place: Place, near: Sequence[tuple[float, float]]) -> str | None:
    """A warning when the place lies far from every neighbouring stop (None when it is near, or none is given)."""
    if not near:
        return None
    gap = min(geodesic_km((place.lat, place.lon), n) for n in near)
    spread = max((geodesic_km(a, b) for a in near for b in near), default=0.0)
    if gap <= max(FAR_KM, spread):
        return None
    return (f"OFF THE ROUTE: {place.name} ({place.country}) is {gap:,.0f} km from the nearest neighbouring stop; "
            f"if another place of that name is meant, give the stop 'lat' and 'lon' with a source")


def _describe(place: Place) -> str:
    return f"{place.name} ({place.country}, {place.lat:.4f}, {place.lon:.4f}, {place.gazetteer}: {place.id})"


class PlaceResolver:
    """Resolve names the way docs/geodata.md describes; ``online`` is None unless the user asks."""

    def __init__(self, offline: GazetteerLookup | None = None, online: OnlineGeocoder | None = None) -> None:
        self.offline = offline or GazetteerLookup()
        self.online = online

    def resolve(
        self, name: str, country: str | None = None, near: Sequence[tuple[float, float]] = ()
    ) -> Resolution:
        """Resolve one name; ``near`` holds (lat, lon) of neighbouring stops for ambiguous names."""
        warnings: list[str] = []
        found = self.offline.candidates(name, country)
        if not found and self.online is not None:
            try:
                place = self.online.lookup(name, country)
            except GeocodeError as err:
                warnings.append(str(err))
            else:
                if place is not None:
                    return Resolution(name, place, f"online geocoder {self.online.service}", (place,), tuple(warnings))
        if not found:
            where = f" in {country}" if country else ""
            extra = "; " + "; ".join(warnings) if warnings else ""
            raise GeocodeError(
                f"{name!r} is not in the gazetteers{where}{extra}",
                "Give the stop 'lat' and 'lon' with a source, add the place to geodata/places, "
                "or allow an online look-up (--online)",
            )
        distinct = self._distinct(found)
        if len(distinct) == 1:
            place = distinct[0]
            reason = f"{_source(place)}, the only match"
            flag = _off_route(place, near)
            if flag:
                warnings.append(flag)
                reason += f"; {flag}"
            return Resolution(name, place, reason, tuple(found), tuple(warnings))
        if near:
            def away(p: Place) -> float:
                return min(geodesic_km((p.lat, p.lon), n) for n in near)

            scored = sorted(distinct, key=away)
            best, second = away(scored[0]), away(scored[1])
            if second >= CLEAR_MARGIN * max(best, 1.0):
                others = "; ".join(f"{_describe(p)}, {away(p):,.0f} km away" for p in scored[1:])
                reason = (f"{_source(scored[0])}: {len(distinct)} places share the name; this one is {best:,.0f} km "
                          f"from the neighbouring stops, the next {second:,.0f} km (the others: {others})")
                flag = _off_route(scored[0], near)
                if flag:
                    warnings.append(flag)
                    reason += f"; {flag}"
                return Resolution(name, scored[0], reason, tuple(scored), tuple(warnings))
            listing = "; ".join(f"{_describe(p)}, {away(p):,.0f} km from the neighbouring stops" for p in scored)
            raise AmbiguousPlaceError(
                f"{name!r} is ambiguous: {listing}; none is clearly the nearest",
                "Give the stop a 'country', 'lat' and 'lon', or a more specific name",
            )
        listing = "; ".join(_describe(p) for p in distinct)
        raise AmbiguousPlaceError(
            f"{name!r} is ambiguous: {listing}", "Give the stop a 'country', 'lat' and 'lon', or a more specific name"
        )

    @staticmethod
    def _distinct(found: list[Place]) -> list[Place]:
        """Candidates with those within SAME_PLACE_KM of an earlier one dropped (stations first)."""
        ordered = sorted(found, key=lambda p: p.kind != "station")
        kept: list[Place] = []
        for place in ordered:
            if all(geodesic_km((place.lat, place.lon), (k.lat, k.lon)) > SAME_PLACE_KM for k in kept):
                kept.append(place)
        return kept
