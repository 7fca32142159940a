"""The geopy side of geocoding, imported only when a command goes online.

geopy (and requests behind it) takes longer to import than the rest of a command's start-up, and
only ``--online`` needs it; :mod:`journeys.geo.geocode` therefore resolves names without it, and
this module holds what speaks geopy: :class:`OfflineGeocoder` (the bundled gazetteers behind
geopy's geocoder interface, so they compose with ``RateLimiter`` and ``geopy.geocoders``),
:class:`OnlineGeocoder` (a geopy service behind a rate limiter) and :class:`OnlineCache` (its
answers on disk, so a second run makes no request).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from journeys.atomic import write_text_atomic
from journeys.data_paths import cache_root
from journeys.errors import GeocodeError
from journeys.geo.gazetteer import Gazetteer, Place, cities, curated
from journeys.geo.geocode import GazetteerLookup


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
        self._lookup = GazetteerLookup(gazetteers)

    def candidates(self, query: str, country: str | None = None) -> list[Place]:
        """All places of the first gazetteer that knows the name."""
        return self._lookup.candidates(query, country)

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
        self.path = path or cache_root() / "geocode.json"
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
