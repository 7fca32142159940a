"""Shortest paths on the rail network between points that may lie anywhere along a section.

Routing a leg means joining its stops to the track (a stop within :data:`ATTACH_KM` of a section is
on it; one within :data:`ACCESS_KM` is joined by a flagged, estimated stretch) and then searching the
network. The :class:`Router` does both without changing the network: attached points become
temporary nodes and edges kept beside its arrays.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from heapq import heappop, heappush
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.ops import substring

from journeys.errors import RoutingError
from journeys.geo.geocode import geodesic_km
from journeys.geo.network import Network
from journeys.geo.track import Section, line_km

#: Distance of a leg that cannot be routed = geodesic × factor. Conventions, not measurements:
#: see docs/geodata.md.
DETOUR_FACTORS = {"rail": 1.3, "road": 1.3, "air": 1.0, "sea": 1.2}
#: A stop or via place within this distance of a track is on the network.
ATTACH_KM = 10.0
#: A stop farther than ATTACH_KM but within this of a track (a cosmodrome's own sidings, say) is
#: joined to the nearest track by an estimated stretch, flagged; farther than this it is off the network.
ACCESS_KM = 30.0

Step = tuple[Section, bool, Any]  # a section on a path, whether it runs forwards, the node it starts at


class Router:
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
        #: the live pieces of each section already split by a stop, by the section's id: (end, end, piece)
        self.pieces: dict[str, list[tuple[int, int, Section]]] = {}

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
        a, b, section = self._piece_at(a, b, section, at)
        node = self._split(a, b, section, at, tag)
        if gap <= ATTACH_KM:
            return node
        stop = self._new_node(("access", tag), (lon, lat))
        coords = np.array([(lon, lat), (at.x, at.y)])
        self._add_edge(stop, node, line_km(coords) * DETOUR_FACTORS["rail"],
                       Section(id=f"access@{tag}", line="", coords=coords, access=True))
        return stop

    def _piece_at(self, a: int, b: int, section: Section, at: Point) -> tuple[int, int, Section]:
        """Of a section that earlier stops have split, the piece under ``at`` (with its ends); else the section.

        Three stops on one long section (Jinan, Xuzhou and Nanjing on the Tianjin–Shanghai line) must
        split it in turn: splitting the whole section again at each stop would leave no piece between
        two stops, and the path from one to the next would run back to an end of the section.
        """
        live = self.pieces.get(section.id)
        if not live:
            return a, b, section
        return min(live, key=lambda piece: piece[2].geometry.distance(at))

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
        whole = section.parent or section
        root = section.id.split("@", 1)[0]
        live = self.pieces.setdefault(root, [])
        if any(piece[2] is section for piece in live):  # a piece of an earlier split gives way to its two halves
            live[:] = [piece for piece in live if piece[2] is not section]
            for u, v in ((a, b), (b, a)):
                self.extra[u] = [edge for edge in self.extra.get(u, []) if not (edge[0] == v and edge[2] is section)]
        for end, part in ((first_end, substring(line, 0, distance)), (other_end, substring(line, distance, line.length))):
            coords = shapely.get_coordinates(part)
            piece = Section(id=f"{root}@{tag}", line=section.line, coords=coords, gauge_mm=section.gauge_mm,
                            parent=whole)
            self._add_edge(node, end, line_km(coords), piece)
            live.append((node, end, piece))
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


