"""Turning place names into coordinates: offline first, online only when asked, and never silently.

:class:`OfflineGeocoder` has geopy's geocoder interface, so it composes with geopy's own
(``RateLimiter``, ``geopy.geocoders``). :class:`PlaceResolver` resolves a journey's stops in the
order curated gazetteer → city gazetteer → online geocoder (only when one is given), and settles an
ambiguous name ("Pingxiang" is two cities 900 km apart) by the stop's country and its distance to the
neighbouring stops. When that cannot decide, the error lists every candidate.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from pyproj import Geod

from journeys.atomic import write_text_atomic
from journeys.errors import AmbiguousPlaceError, GeocodeError
from journeys.geo.gazetteer import Gazetteer, Place, cities, curated

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


def _location(place: Place) -> Location:
    raw = {"id": place.id, "country": place.country, "kind": place.kind, "source": place.source,
           "gazetteer": place.gazetteer}
    return Location(f"{place.name}, {place.country}", (place.lat, place.lon, 0.0), raw)


class OfflineGeocoder(Geocoder):  # type: ignore[misc]
    """A geopy geocoder over the bundled gazetteers; it never touches the network.

    >>> OfflineGeocoder().geocode("Sinŭiju").raw["country"]
    'KP'
    """

    def __init__(self, gazetteers: Sequence[Callable[[], Gazetteer]] = (curated, cities)) -> None:
        super().__init__()
        self._gazetteers = gazetteers

    def candidates(self, query: str, country: str | None = None) -> list[Place]:
        """All places of the first gazetteer that knows the name."""
        for gazetteer in self._gazetteers:
            found = gazetteer().lookup(query, country)
            if found:
                return found
        return []

    def geocode(  # geopy's signature
        self, query: str, *, exactly_one: bool = True, timeout: Any = None, country_codes: str | None = None
    ) -> Location | list[Location] | None:
        found = [_location(p) for p in self.candidates(query, country_codes.upper() if country_codes else None)]
        if not found:
            return None
        return found[0] if exactly_one else found


class OnlineCache:
    """A JSON file of online answers, so that a second run makes no request."""

    def __init__(self, path: Path | None = None) -> None:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        self.path = path or base / "journeys" / "geocode.json"
        self._data: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            try:
                self._data = json.loads(self.path.read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError):
                self._data = {}
        return self._data

    def get(self, key: str) -> Any:
        return self._load().get(key)

    def put(self, key: str, value: Any) -> None:
        data = self._load()
        data[key] = value
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


class OnlineGeocoder:
    """Any geopy geocoder behind a rate limiter and an on-disk cache.

    ``geocode`` is the callable to use (a geopy ``RateLimiter`` in normal use); tests pass a fake.
    """

    def __init__(self, service: str, geocode: Callable[..., Any], cache: OnlineCache | None = None) -> None:
        self.service = service
        self._geocode = geocode
        self.cache = cache or OnlineCache()

    @classmethod
    def from_service(cls, service: str, user_agent: str, min_delay_seconds: float = 1.0, domain: str | None = None,
                     scheme: str = "https") -> OnlineGeocoder:
        """Nominatim (or another geopy service by name) with geopy's RateLimiter."""
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        from journeys.errors import JourneysError

        try:
            factory = get_geocoder_for_service(service)
        except Exception as err:  # geopy's GeocoderNotFound lists the valid names
            raise JourneysError(str(err)) from None
        options = {"user_agent": user_agent, "scheme": scheme, **({"domain": domain} if domain else {})}
        geocoder = factory(**options)
        limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        return cls(service, limited)

    def lookup(self, query: str, country: str | None) -> Place | None:
        """The online answer for a name (cached); raises GeocodeError when the service fails."""
        from geopy.exc import GeopyError

        key = f"{self.service}|{query}|{country or ''}"
        cached = self.cache.get(key)
        if cached is None:
            try:
                kwargs = {"country_codes": country.lower()} if country else {}
                location = self._geocode(query, **kwargs)
            except (GeopyError, OSError) as err:
                raise GeocodeError(f"the online look-up of {query!r} with {self.service} failed: {err}") from err
            cached = {"found": False} if location is None else {
                "found": True, "address": location.address, "lat": location.latitude, "lon": location.longitude}
            self.cache.put(key, cached)
        if not cached["found"]:
            return None
        return Place(id=f"{self.service}:{query}", name=query, lat=cached["lat"], lon=cached["lon"],
                     country=country or "", kind="online", source=f"{self.service}: {cached['address']}",
                     gazetteer=self.service)


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

    def __init__(self, offline: OfflineGeocoder | None = None, online: OnlineGeocoder | None = None) -> None:
        self.offline = offline or OfflineGeocoder()
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
