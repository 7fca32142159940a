"""Routing a journey's legs along the rail network, and measuring them.

A rail leg is the shortest path through the network from its first stop to its last, through the
leg's ``via`` places in order. Each section it uses is measured by its kilometre posts where both
ends have them (railways measure distance that way), else by its published length, else by the
geodesic length of its geometry (see :func:`journeys.geo.chainage.measured_km`); each leg says which.
A leg that cannot be routed (no track, or a road, air or sea leg) is the geodesic distance times a
detour factor (:data:`DETOUR_FACTORS`), marked as an estimate with the reason.

Guards against wrong routes: a leg routed through ``via`` places that is longer than
:data:`VIA_DETOUR_LIMIT` times the shortest route on the network between its stops is flagged as a
detour, and a change of track gauge along a leg is reported at the place where it happens. A leg
without via places is the shortest route, so it is never a detour, however far it bends away from
the straight line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from shapely.geometry import LineString

from journeys.errors import GeocodeError, RoutingError
from journeys.geo.chainage import measured_km, posts_between
from journeys.geo.gazetteer import curated
from journeys.geo.geocode import PlaceResolver, geodesic_km
from journeys.geo.network import Network, bundled_network
from journeys.geo.router import DETOUR_FACTORS, Router, Step
from journeys.geo.track import GEOD, Section, line_km
from journeys.geo.trip import Trip
from journeys.records.quantities import parse_quantity

if TYPE_CHECKING:
    import geopandas

#: An estimated leg's distance runs from its geodesic to this many times it (the window the checks use).
DETOUR_LIMIT = 1.6
#: A leg routed through the record's ``via`` places and longer than this many times the shortest route
#: on the network between the same stops is flagged as a detour: the via places send it the long way.
#: (A straight line is no guide: Dandong–Beijing is 1,133 km by rail, 1.67× its 678 km geodesic.)
VIA_DETOUR_LIMIT = 1.25


@dataclass(frozen=True)
class RoutedLeg:
    """One leg, measured: coordinates are (lon, lat) along the route."""

    start: int
    end: int
    mode: str
    coords: np.ndarray = field(repr=False)
    km: float
    method: str
    geometry_km: float
    straight_km: float
    estimate_reason: str | None = None
    flags: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    gauge_changes: tuple[str, ...] = ()
    network: str | None = None
    #: the credits the track geometry's licence asks of any map drawing it ("© OpenStreetMap contributors")
    credits: tuple[str, ...] = ()
    #: the leg's distance when a section on it has another line the train may have taken
    #: (``alternative_km`` in the data): (shortest, longest); None when the line is not in doubt
    km_range: tuple[float, float] | None = None
    #: the leg's length as the record's source gives it ("about 170 km"), when it is measured by that
    reported: str | None = None
    #: the record's source id for that length
    reported_source: str | None = None

    @property
    def low_km(self) -> float:
        return self.km if self.km_range is None else self.km_range[0]

    @property
    def high_km(self) -> float:
        return self.km if self.km_range is None else self.km_range[1]

    @property
    def geometry(self) -> LineString:
        return LineString(self.coords)

    @property
    def is_estimate(self) -> bool:
        return self.estimate_reason is not None


@dataclass(frozen=True)
class Route:
    """All legs of a trip, in order, and the stops where the track gauge changes."""

    trip: Trip
    legs: tuple[RoutedLeg, ...]
    gauge_breaks: tuple[tuple[int, str], ...] = ()

    @property
    def km(self) -> float:
        return sum(leg.km for leg in self.legs)

    def km_between(self, start: int, end: int) -> float:
        return sum(leg.km for leg in self.legs if start <= leg.start and leg.end <= end)

    def legs_between(self, start: int, end: int) -> list[RoutedLeg]:
        return [leg for leg in self.legs if start <= leg.start and leg.end <= end]


def _great_circle(a: tuple[float, float], b: tuple[float, float], step_km: float = 20.0) -> np.ndarray:
    """(lon, lat) points along the geodesic from a to b, given as (lat, lon)."""
    n = max(int(geodesic_km(a, b) // step_km), 0)
    middle = GEOD.npts(a[1], a[0], b[1], b[0], n) if n else []
    return np.array([(a[1], a[0]), *middle, (b[1], b[0])], dtype=float)


def _place_name(node: Any) -> str:
    if isinstance(node, str) and node in curated().by_id:
        return curated().by_id[node].name
    return str(node)




def _far_end(step: Step) -> str | None:
    section, forward, _ = step
    return section.end if forward else section.start


def _distances(steps: list[Step]) -> list[tuple[float, str]]:
    """Each step's distance and how it was measured.

    Consecutive whole sections of one line are measured together by the posts of the run's first and
    last stations when the sections between have none of their own (a line posted only at its main
    stations); otherwise each section on its own (:func:`journeys.geo.chainage.measured_km`).
    """
    result: list[tuple[float, str]] = []
    i = 0
    while i < len(steps):
        section, forward, _ = steps[i]
        if section.access:
            result.append((section.length_km * DETOUR_FACTORS["rail"], "estimate"))
            i += 1
            continue
        first = section.start if forward else section.end
        best: tuple[int, float] | None = None
        j = i
        while j < len(steps) and steps[j][0].parent is None and not steps[j][0].access and steps[j][0].line == section.line:
            km = posts_between(section.line, first, _far_end(steps[j]))
            if km is not None:
                best = (j, km)
            j += 1
        if section.parent is None and best is not None and best[0] > i:
            last, km = best
            geometry = sum(steps[k][0].length_km for k in range(i, last + 1))
            result += [(km * steps[k][0].length_km / geometry, "posts") for k in range(i, last + 1)]
            i = last + 1
        else:
            result.append(measured_km(section))
            i += 1
    return result


def _measure(
    sections: list[Step],
) -> tuple[np.ndarray, float, float, str, list[str], list[str], list[str], tuple[float, float] | None]:
    """Coordinates along the path, its distance, geometry length, how measured, lines, gauge changes, notes,
    and the distance's range where a section has another line the train may have taken."""
    parts: list[np.ndarray] = []
    total, geometry_total = 0.0, 0.0
    low = high = 0.0
    methods: list[str] = []
    lines: list[str] = []
    changes: list[str] = []
    notes: list[str] = []
    previous_gauge: int | None = None
    for (section, forward, start_node), (km, how) in zip(sections, _distances(sections), strict=True):
        coords = section.coords if forward else section.coords[::-1]
        parts.append(coords if not parts else coords[1:])
        geometry_total += section.length_km
        total += km
        methods.append(how)
        other = _alternative(section, km)
        low, high = low + min(km, other or km), high + max(km, other or km)
        if other is not None and section.parent is None:
            ends = f"{_place_name(section.start)}–{_place_name(section.end)}"
            notes.append(f"line uncertain: {ends} is {km:,.1f} km by the {section.line} "
                         f"but {other:,.1f} km by the {section.alternative_line}, and no source says which the train took")
        if section.access:
            notes.append(f"a stop lies {section.length_km:.1f} km from the nearest track: that stretch is estimated "
                         f"(straight line × {DETOUR_FACTORS['rail']})")
        if section.line and (not lines or lines[-1] != section.line):
            lines.append(section.line)
        if section.gauge_mm and previous_gauge and section.gauge_mm != previous_gauge:
            changes.append(f"{_place_name(start_node)}: {previous_gauge} mm → {section.gauge_mm} mm")
        previous_gauge = section.gauge_mm or previous_gauge
    span = (low, high) if high - low > 1e-9 else None
    return np.vstack(parts), total, geometry_total, combined_method(methods), lines, changes, notes, span


def _alternative(section: Section, km: float) -> float | None:
    """The step's distance by the other line its section may have been, in proportion for a piece of it."""
    whole = section.parent or section
    if whole.alternative_km is None or section.access:
        return None
    share = 1.0 if section.parent is None else section.length_km / whole.length_km
    return float(whole.alternative_km) * share


def route_trip(
    trip: Trip, networks: Sequence[Network] | None = None, resolver: PlaceResolver | None = None
) -> Route:
    """Route every leg of a trip; the user's networks come before the bundled one."""
    networks = [*(networks or ()), bundled_network()]
    resolver = resolver or PlaceResolver()
    journey = trip.journey
    legs = []
    for index in range(len(journey.stops) - 1):
        info = journey.leg_info(index)
        a, b = trip.coords[index], trip.coords[index + 1]
        straight = geodesic_km(a, b)
        names = f"{journey.stops[index].name} → {journey.stops[index + 1].name}"
        reason: str
        if info.mode == "rail":
            try:
                via = [resolver.resolve(name, near=[a, b]).latlon for name in info.via]
            except GeocodeError as err:
                raise RoutingError(f"{journey.id}: leg {names}: via place: {err}") from err
            failures = []
            for network in networks:
                found = _rail_leg(network, a, tuple(via), b, tuple(info.via))
                if isinstance(found, str):
                    failures.append(found)
                    continue
                coords, km, geometry_km, method, flags, lines, changes, credits, span = found
                legs.append(RoutedLeg(index, index + 1, "rail", coords, km, method, geometry_km, straight,
                                      None, flags, lines, changes, network.name, credits, span))
                break
            else:
                reason = f"not routed on the rail network ({'; '.join(dict.fromkeys(failures))})"
                legs.append(_estimate(index, "rail", a, b, straight, reason))
            continue
        if info.distance:
            quantity = parse_quantity("distance", info.distance)
            legs.append(RoutedLeg(index, index + 1, info.mode, _great_circle(a, b), quantity.value, "reported", straight,
                                  straight, f"{info.mode} leg measured by the length its source gives, "
                                  f"'{info.distance}', within its qualifier's tolerance", reported=info.distance,
                                  reported_source=info.source))
            continue
        if info.geometry:
            coords = np.array([(lon, lat) for lat, lon in info.geometry], dtype=float)
            km = line_km(coords)
            legs.append(RoutedLeg(index, index + 1, info.mode, coords, km, "record geometry", km, straight,
                                  f"{info.mode} leg measured along the geometry given in the record"))
            continue
        reason = f"{info.mode} leg: no {info.mode} network, so geodesic × {DETOUR_FACTORS[info.mode]}"
        legs.append(_estimate(index, info.mode, a, b, straight, reason))
    return Route(trip, tuple(legs), gauge_breaks(trip, networks))


#: A rail leg measured on a network: coordinates, km, geometry km, method, flags, lines, gauge
#: changes, credits, the km's range where the line is in doubt; or why it could not be routed there.
_Measured = tuple[np.ndarray, float, float, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...],
                  tuple[float, float] | None]
#: Legs measured so far, per network (kept with the network, so its id stays its own): the same
#: stops and via places give the same path on the same network, however many journeys share them.
_LEGS: dict[int, tuple[Network, dict[tuple[Any, ...], _Measured | str]]] = {}
#: Legs kept per network before the oldest half is dropped (a leg holds its track's coordinates).
MAX_KEPT_LEGS = 4096


def _rail_leg(network: Network, a: tuple[float, float], via: tuple[tuple[float, float], ...],
              b: tuple[float, float], via_names: tuple[str, ...]) -> _Measured | str:
    """A rail leg routed and measured on one network, or the reason it cannot be; computed once per
    network and set of points (the coordinates returned are read-only, since legs share them)."""
    kept = _LEGS.setdefault(id(network), (network, {}))[1]
    key = (a, via, b, via_names)
    if key in kept:
        return kept[key]
    found: _Measured | str
    try:
        sections = Router(network).path_sections([a, *via, b])
    except RoutingError as err:
        found = str(err)
    else:
        coords, km, geometry_km, method, lines, changes, flags, span = _measure(sections)
        if via:
            flags += _via_detour(network, a, b, km, via_names)
        credits = tuple(dict.fromkeys(s.attribution for s, _, _ in sections if s.attribution))
        coords.setflags(write=False)
        found = (coords, km, geometry_km, method, tuple(flags), tuple(lines), tuple(changes), credits, span)
    if len(kept) >= MAX_KEPT_LEGS:
        for old in list(kept)[: MAX_KEPT_LEGS // 2]:
            del kept[old]
    kept[key] = found
    return found


def _via_detour(network: Network, a: tuple[float, float], b: tuple[float, float], km: float,
                via: Sequence[str]) -> list[str]:
    """A flag when the via places make the leg much longer than the shortest route between its stops."""
    try:
        shortest = _measure(Router(network).path_sections([a, b]))[1]
    except RoutingError:
        return []
    if shortest <= 0 or km <= VIA_DETOUR_LIMIT * shortest:
        return []
    return [f"detour: {km:,.0f} km through {', '.join(via)} is {km / shortest:.2f}× the {shortest:,.0f} km "
            f"shortest route on the network between the same stops"]


def gauge_breaks(trip: Trip, networks: Sequence[Network]) -> tuple[tuple[int, str], ...]:
    """Stops standing where tracks of different gauges meet (Khasan, Dong Dang): (stop index, text).

    The junction nearest each stop comes from the first network with one within 2 km of it.
    """
    found = []
    for index, (lat, lon) in enumerate(trip.coords):
        for network in networks:
            gauges = _gauges_at(network, lat, lon)
            if gauges is None:
                continue
            if len(gauges) > 1:
                text = " / ".join(f"{g:,} mm" for g in gauges)
                found.append((index, f"{trip.journey.stops[index].name}: tracks of {text} meet here"))
            break
    return tuple(found)


#: :func:`_gauges_at` answers per network, kept with the network as :data:`_LEGS` is: the same stop
#: (Pyongyang, Dandong, Khasan) begins or ends journey after journey.
_GAUGES: dict[int, tuple[Network, dict[tuple[float, float], tuple[int, ...] | None]]] = {}


def _gauges_at(network: Network, lat: float, lon: float) -> tuple[int, ...] | None:
    """The gauges (mm, sorted) of the sections meeting at the junction nearest (lat, lon), from the
    network's spatial index of its nodes; None when no junction of the network lies within 2 km."""
    kept = _GAUGES.setdefault(id(network), (network, {}))[1]
    if (lat, lon) in kept:
        return kept[(lat, lon)]
    gauges: tuple[int, ...] | None = None
    node = network.nearest_node(lon, lat)
    if node is not None and network.in_graph(node):
        x, y = network.node_xy[node].tolist()
        if geodesic_km((lat, lon), (y, x)) <= 2.0:
            edges = network.edges_at(node).tolist()
            gauges = tuple(sorted({network.edge_section(edge).gauge_mm or 0 for edge in edges} - {0}))
    if len(kept) >= MAX_KEPT_LEGS:
        for old in list(kept)[: MAX_KEPT_LEGS // 2]:
            del kept[old]
    kept[(lat, lon)] = gauges
    return gauges


def _estimate(index: int, mode: str, a: tuple[float, float], b: tuple[float, float], straight: float,
              reason: str) -> RoutedLeg:
    km = straight * DETOUR_FACTORS[mode]
    return RoutedLeg(index, index + 1, mode, _great_circle(a, b), km, "estimate", straight, straight, reason)


def combined_method(methods: Iterable[str]) -> str:
    """How a set of legs was measured, each way named once: 'posts+geometry', 'estimate'..."""
    order = ("posts", "published", "geometry", "record geometry", "reported", "estimate")
    used = {part for method in methods for part in method.split("+")}
    return "+".join(m for m in order if m in used)


def legs_frame(route: Route) -> geopandas.GeoDataFrame:
    """The legs as a GeoDataFrame in EPSG:4326, one row per leg."""
    import geopandas

    journey = route.trip.journey
    rows = [{
        "journey": journey.id, "from": journey.stops[leg.start].name, "to": journey.stops[leg.end].name,
        "mode": leg.mode, "km": leg.km, "method": leg.method, "geometry_km": leg.geometry_km,
        "estimate_reason": leg.estimate_reason, "flags": "; ".join(leg.flags), "lines": "; ".join(leg.lines),
        "geometry": leg.geometry,
    } for leg in route.legs]
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
