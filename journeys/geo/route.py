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

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import substring

from journeys.errors import GeocodeError, RoutingError
from journeys.geo.chainage import measured_km, posts_between
from journeys.geo.gazetteer import curated
from journeys.geo.geocode import PlaceResolver, geodesic_km
from journeys.geo.network import Network, bundled_network
from journeys.geo.track import GEOD, Section, line_km
from journeys.geo.trip import Trip

if TYPE_CHECKING:
    import geopandas

#: Distance of a leg that cannot be routed = geodesic × factor. Conventions, not measurements:
#: see docs/geodata.md.
DETOUR_FACTORS = {"rail": 1.3, "road": 1.3, "air": 1.0, "sea": 1.2}
#: An estimated leg's distance runs from its geodesic to this many times it (the window the checks use).
DETOUR_LIMIT = 1.6
#: A leg routed through the record's ``via`` places and longer than this many times the shortest route
#: on the network between the same stops is flagged as a detour: the via places send it the long way.
#: (A straight line is no guide: Dandong–Beijing is 1,133 km by rail, 1.67× its 678 km geodesic.)
VIA_DETOUR_LIMIT = 1.25
#: A stop or via place within this distance of a track is on the network.
ATTACH_KM = 10.0
#: A stop farther than ATTACH_KM but within this of a track (a cosmodrome's own sidings, say) is
#: joined to the nearest track by an estimated stretch, flagged; farther than this it is off the network.
ACCESS_KM = 30.0


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


class _Router:
    """Shortest paths on one network, attaching points that lie along a section.

    Points are attached through temporary nodes and edges kept beside the network's arrays (the
    network itself is never changed), and the search is networkx's bidirectional Dijkstra over the
    network's adjacency lists, step for step, so that it finds the same path.
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        #: temporary edges by node: (other node, km, section), in the order they were added
        self.extra: dict[int, list[tuple[int, float, Section]]] = {}
        self.temp_xy: dict[int, tuple[float, float]] = {}
        self.temp_key: dict[int, Any] = {}

    def xy(self, node: int) -> tuple[float, float]:
        if node in self.temp_xy:
            return self.temp_xy[node]
        x, y = self.network.node_xy[node].tolist()
        return x, y

    def key(self, node: int) -> Any:
        return self.temp_key[node] if node in self.temp_key else self.network.node_key(node)

    def _new_node(self, key: Any, xy: tuple[float, float]) -> int:
        node = self.network.node_count + len(self.temp_key)
        self.temp_key[node], self.temp_xy[node] = key, xy
        return node

    def _add_edge(self, a: int, b: int, km: float, section: Section) -> None:
        self.extra.setdefault(a, []).append((b, km, section))
        self.extra.setdefault(b, []).append((a, km, section))

    def attach(self, lat: float, lon: float, tag: str) -> int:
        """The node for a point near a track (a temporary one when the point is not at a junction)."""
        tree, ends = self.network.section_index
        point = Point(lon, lat)
        a, b, edge = ends[int(tree.nearest(point))].tolist()
        section = self.network.edge_section(edge)
        line = section.geometry
        at = line.interpolate(line.project(point))
        gap = geodesic_km((lat, lon), (at.y, at.x))
        if gap > ACCESS_KM:
            raise RoutingError(f"{gap:.0f} km from the nearest track of {self.network.name}")
        node = self._split(a, b, section, at, tag)
        if gap <= ATTACH_KM:
            return node
        stop = self._new_node(("access", tag), (lon, lat))
        coords = np.array([(lon, lat), (at.x, at.y)])
        self._add_edge(stop, node, line_km(coords) * DETOUR_FACTORS["rail"],
                       Section(id=f"access@{tag}", line="", coords=coords, access=True))
        return stop

    def _split(self, a: int, b: int, section: Section, at: Point, tag: str) -> int:
        """The node at point ``at`` of a section: an end within 0.5 km, or a new node splitting it."""
        line = section.geometry
        for node in (a, b):
            x, y = self.xy(node)
            if geodesic_km((y, x), (at.y, at.x)) < 0.5:
                return node
        node = self._new_node(("stop", tag), (at.x, at.y))
        distance = line.project(at)
        first_end = a if self._starts_at(section, a) else b
        other_end = b if first_end == a else a
        for end, part in ((first_end, substring(line, 0, distance)), (other_end, substring(line, distance, line.length))):
            coords = shapely.get_coordinates(part)
            piece = Section(id=f"{section.id}@{tag}", line=section.line, coords=coords, gauge_mm=section.gauge_mm,
                            parent=section.parent or section)
            self._add_edge(node, end, line_km(coords), piece)
        return node

    def _starts_at(self, section: Section, node: int) -> bool:
        x, y = self.xy(node)
        first, last = section.coords[0], section.coords[-1]
        return bool((first[0] - x) ** 2 + (first[1] - y) ** 2 <= (last[0] - x) ** 2 + (last[1] - y) ** 2)

    def path_sections(self, points: Sequence[tuple[float, float]]) -> list[Step]:
        """Sections along the shortest path through the points, each with its direction and start node."""
        nodes = [self.attach(lat, lon, f"{i}:{lat:.5f},{lon:.5f}") for i, (lat, lon) in enumerate(points)]
        added = list(self.temp_key)
        if len(added) == 2 and len(nodes) == 2 and nodes == added:
            self._join_same_section(*nodes)
        result: list[Step] = []
        for a, b in itertools.pairwise(nodes):
            if a == b:
                continue
            path = self.shortest_path(a, b)
            if path is None:
                raise RoutingError(f"no track joins them in {self.network.name}")
            for u, v in itertools.pairwise(path):
                section = self._section_between(u, v)
                result.append((section, self._starts_at(section, u), self.key(u)))
        if not result:
            raise RoutingError(f"both ends meet the same point of {self.network.name}")
        return result

    def _section_between(self, u: int, v: int) -> Section:
        for other, _, section in self.extra.get(u, ()):
            if other == v:
                return section
        network = self.network
        for edge in network.edges_at(u).tolist():
            if v in network.edges[edge].tolist():
                return network.edge_section(edge)
        raise KeyError((u, v))

    def _join_same_section(self, a: int, b: int) -> None:
        """Two points on one section: add the piece between them, which no path through the ends can give."""
        ends_a = {other for other, _, _ in self.extra.get(a, ())}
        if ends_a != {other for other, _, _ in self.extra.get(b, ())}:
            return
        (ax, ay), (bx, by) = self.xy(a), self.xy(b)
        coords = np.array([(ax, ay), (bx, by)])
        parent = self.extra[a][0][2].parent
        self._add_edge(a, b, line_km(coords), Section(id="between", line="", coords=coords, parent=parent))

    def shortest_path(self, source: int, target: int) -> list[int] | None:
        """The nodes of the shortest path from source to target, None when no track joins them.

        This is ``networkx.bidirectional_dijkstra`` (what ``nx.shortest_path`` runs) over the
        adjacency lists: the same expansion order and tie-breaking, hence the same path, without
        building a networkx graph of the whole network.
        """
        if source == target:
            return [source]
        starts, neighbours, kms, _ = self.network.adjacency_lists
        base = len(starts) - 1
        extra = self.extra
        dists: tuple[dict[int, float], dict[int, float]] = ({}, {})
        preds: tuple[dict[int, int | None], dict[int, int | None]] = ({source: None}, {target: None})
        seen: tuple[dict[int, float], dict[int, float]] = ({source: 0.0}, {target: 0.0})
        fringe: tuple[list[tuple[float, int, int]], list[tuple[float, int, int]]] = ([], [])
        counter = itertools.count()
        heappush(fringe[0], (0.0, next(counter), source))
        heappush(fringe[1], (0.0, next(counter), target))
        finaldist: float | None = None
        meetnode = -1
        direction = 1
        while fringe[0] and fringe[1]:
            direction = 1 - direction
            dist, _, v = heappop(fringe[direction])
            done = dists[direction]
            if v in done:
                continue
            done[v] = dist
            if v in dists[1 - direction]:
                return self._join_paths(preds, meetnode)
            seen_here, seen_there, pred, heap = seen[direction], seen[1 - direction], preds[direction], fringe[direction]
            if v < base:
                first, last = starts[v], starts[v + 1]
                pairs: Iterable[tuple[int, float]] = zip(neighbours[first:last], kms[first:last], strict=True)
                if v in extra:
                    pairs = [*pairs, *((w, km) for w, km, _ in extra[v])]
            else:
                pairs = [(w, km) for w, km, _ in extra[v]]
            for w, cost in pairs:
                length = dist + cost
                if w in done:
                    continue
                if w not in seen_here or length < seen_here[w]:
                    seen_here[w] = length
                    heappush(heap, (length, next(counter), w))
                    pred[w] = v
                    if w in seen_there:
                        total = length + seen_there[w]
                        if finaldist is None or finaldist > total:
                            finaldist, meetnode = total, w
        return None

    @staticmethod
    def _join_paths(preds: tuple[dict[int, int | None], dict[int, int | None]], meet: int) -> list[int]:
        forward: list[int] = []
        node: int | None = meet
        while node is not None:
            forward.append(node)
            node = preds[0][node]
        forward.reverse()
        node = preds[1][meet]
        while node is not None:
            forward.append(node)
            node = preds[1][node]
        return forward


def _place_name(node: Any) -> str:
    if isinstance(node, str) and node in curated().by_id:
        return curated().by_id[node].name
    return str(node)


Step = tuple[Section, bool, Any]  # a section on a path, whether it runs forwards, the node it starts at


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
) -> tuple[np.ndarray, float, float, str, list[str], list[str], list[str]]:
    """Coordinates along the path, its distance, geometry length, how measured, lines, gauge changes, notes."""
    parts: list[np.ndarray] = []
    total, geometry_total = 0.0, 0.0
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
        if section.access:
            notes.append(f"a stop lies {section.length_km:.1f} km from the nearest track: that stretch is estimated "
                         f"(straight line × {DETOUR_FACTORS['rail']})")
        if section.line and (not lines or lines[-1] != section.line):
            lines.append(section.line)
        if section.gauge_mm and previous_gauge and section.gauge_mm != previous_gauge:
            changes.append(f"{_place_name(start_node)}: {previous_gauge} mm → {section.gauge_mm} mm")
        previous_gauge = section.gauge_mm or previous_gauge
    return np.vstack(parts), total, geometry_total, combined_method(methods), lines, changes, notes


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
                try:
                    sections = _Router(network).path_sections([a, *via, b])
                except RoutingError as err:
                    failures.append(str(err))
                    continue
                coords, km, geometry_km, method, lines, changes, flags = _measure(sections)
                if via:
                    flags += _via_detour(network, a, b, km, info.via)
                credits = tuple(dict.fromkeys(s.attribution for s, _, _ in sections if s.attribution))
                legs.append(RoutedLeg(index, index + 1, "rail", coords, km, method, geometry_km, straight,
                                      None, tuple(flags), tuple(lines), tuple(changes), network.name, credits))
                break
            else:
                reason = f"not routed on the rail network ({'; '.join(dict.fromkeys(failures))})"
                legs.append(_estimate(index, "rail", a, b, straight, reason))
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


def _via_detour(network: Network, a: tuple[float, float], b: tuple[float, float], km: float,
                via: Sequence[str]) -> list[str]:
    """A flag when the via places make the leg much longer than the shortest route between its stops."""
    try:
        shortest = _measure(_Router(network).path_sections([a, b]))[1]
    except RoutingError:
        return []
    if shortest <= 0 or km <= VIA_DETOUR_LIMIT * shortest:
        return []
    return [f"detour: {km:,.0f} km through {', '.join(via)} is {km / shortest:.2f}× the {shortest:,.0f} km "
            f"shortest route on the network between the same stops"]


def gauge_breaks(trip: Trip, networks: Sequence[Network]) -> tuple[tuple[int, str], ...]:
    """Stops standing where tracks of different gauges meet (Khasan, Dong Dang): (stop index, text).

    The junction nearest each stop comes from the network's spatial index of its nodes.
    """
    found = []
    for index, (lat, lon) in enumerate(trip.coords):
        for network in networks:
            node = network.nearest_node(lon, lat)
            if node is None or not network.in_graph(node):
                continue
            x, y = network.node_xy[node].tolist()
            if geodesic_km((lat, lon), (y, x)) > 2.0:
                continue
            gauges = sorted({network.edge_section(edge).gauge_mm or 0 for edge in network.edges_at(node).tolist()} - {0})
            if len(gauges) > 1:
                text = " / ".join(f"{g:,} mm" for g in gauges)
                found.append((index, f"{trip.journey.stops[index].name}: tracks of {text} meet here"))
            break
    return tuple(found)


def _estimate(index: int, mode: str, a: tuple[float, float], b: tuple[float, float], straight: float,
              reason: str) -> RoutedLeg:
    km = straight * DETOUR_FACTORS[mode]
    return RoutedLeg(index, index + 1, mode, _great_circle(a, b), km, "estimate", straight, straight, reason)


def combined_method(methods: Iterable[str]) -> str:
    """How a set of legs was measured, each way named once: 'posts+geometry', 'estimate'..."""
    order = ("posts", "published", "geometry", "record geometry", "estimate")
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
