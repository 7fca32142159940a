"""The routable rail network: line sections joined at shared ends into a graph of arrays.

One builder serves the bundled network (``geodata/network/*.geojson``) and a user's own file
(``--network FILE``: GeoJSON, GeoPackage, Shapefile, anything GDAL reads), both read by
:mod:`journeys.geo.network_files` into sections (:mod:`journeys.geo.track`). Sections become graph
edges weighted by their length on the WGS84 ellipsoid. Ends are joined into one node when they fall
within :data:`JOIN_TOLERANCE_DEG` of each other; bundled sections also name their end places
(``from``/``to``), and an end more than :data:`SNAP_TOLERANCE_KM` from its named place is an error in
the data.

A user's file may hold a million sections, so nothing here makes a Python object per section or
per junction: the network is arrays of nodes and edges with a CSR adjacency (:class:`Network`);
``bench/bench_network.py`` measures it. Distances along sections come from their kilometre posts
where sources give them (:mod:`journeys.geo.chainage`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from journeys.data_paths import geodata_dir
from journeys.errors import NetworkFileError
from journeys.geo.gazetteer import Gazetteer, curated
from journeys.geo.network_files import read_sections
from journeys.geo.track import GEOD, Section, SectionTable

if TYPE_CHECKING:
    import networkx as nx

#: Section ends closer than this (in degrees, about 11 m) are one junction.
JOIN_TOLERANCE_DEG = 1e-4
#: A bundled section's end must lie within this distance of the place it names.
SNAP_TOLERANCE_KM = 2.0
#: Where a track section is cut at one of its ``stations`` (FORMAT.md: a station lies within 3 km of
#: the track point that stands for it), the cut end may lie that far from the station's place.
STATION_TOLERANCE_KM = 3.0
#: Added to the routing weight (never to the distance) of a section that crosses a national border.
#: With lines through Manchuria, the shortest way from Chita to Vladivostok runs through China (the
#: old Chinese Eastern Railway) by 1,000 km; state trains keep to their own country unless a stop or
#: a `via` place says otherwise, so a path crosses as few borders as it can, and the shortest of those.
BORDER_PENALTY_KM = 5000.0


class Network:
    """Sections joined at shared ends: nodes and edges as arrays, with a shortest-path adjacency.

    Nodes are numbered in the order their ends first appear (a section's start, then its end);
    a node is a curated place (``node_place``) or a point rounded to :data:`JOIN_TOLERANCE_DEG`.
    Edges are numbered in the order their pair of nodes first appears; an edge is the shortest
    section (``pieces``) joining its pair. ``graph`` builds the same network as a networkx graph
    for callers that want one; routing does not need it.
    """

    def __init__(self, name: str, sections: Sequence[Section], pieces: SectionTable, node_xy: np.ndarray,
                 node_grid: np.ndarray, node_place: Sequence[str | None] | None, edges: np.ndarray,
                 edge_piece: np.ndarray) -> None:
        self.name = name
        #: the sections as read (before splitting at junctions)
        self.sections = sections
        #: the sections the edges are made of
        self.pieces = pieces
        #: (lon, lat) of every node
        self.node_xy = node_xy
        self._grid = node_grid
        self._place = node_place
        #: (first node, second node) of every edge, as its first section runs
        self.edges = edges
        self.edge_piece = edge_piece
        #: the routing weight of each edge: its section's length, plus BORDER_PENALTY_KM across a border
        self.edge_km = (pieces.measure() + np.where(pieces.border, BORDER_PENALTY_KM, 0.0))[edge_piece]
        # adjacency in CSR form: node i's neighbours are adj_node[adj_start[i]:adj_start[i + 1]],
        # in the order their edges first appear (as networkx would keep them), through edges adj_edge
        m = len(edges)
        source = edges.reshape(-1)  # edge e gives entries 2e (first -> second) and 2e + 1 (second -> first)
        order = np.argsort(source, kind="stable")
        self.adj_node = edges[:, ::-1].reshape(-1)[order]
        self.adj_edge = np.repeat(np.arange(m), 2)[order]
        self.adj_start = np.concatenate(([0], np.cumsum(np.bincount(source, minlength=len(node_xy))))).astype(np.intp)

    @property
    def node_count(self) -> int:
        return len(self.node_xy)

    def node_key(self, node: int) -> Any:
        """The node as the network names it: a place id, or its rounded (lon, lat)."""
        if self._place is not None and (place := self._place[node]) is not None:
            return place
        gx, gy = self._grid[node].tolist()
        return (gx * JOIN_TOLERANCE_DEG, gy * JOIN_TOLERANCE_DEG)

    def in_graph(self, node: int) -> bool:
        """Whether any edge meets the node (the ends of a closed loop alone are not joined to anything)."""
        return bool(self.adj_start[node + 1] > self.adj_start[node])

    def edge_section(self, edge: int) -> Section:
        return self.pieces[int(self.edge_piece[edge])]

    def edges_at(self, node: int) -> np.ndarray:
        return self.adj_edge[self.adj_start[node] : self.adj_start[node + 1]]

    @cached_property
    def adjacency_lists(self) -> tuple[list[int], list[int], list[float], list[int]]:
        """The adjacency as Python lists: what a Python shortest-path loop reads fastest."""
        return (self.adj_start.tolist(), self.adj_node.tolist(), self.edge_km[self.adj_edge].tolist(),
                self.adj_edge.tolist())

    @cached_property
    def graph_order(self) -> np.ndarray:
        """Each node's rank in the order networkx would hold it (first seen on an edge); -1 if on none."""
        ends = self.edges.reshape(-1)
        _, first = np.unique(ends, return_index=True)
        nodes = ends[np.sort(first)]
        rank = np.full(self.node_count, -1, dtype=np.intp)
        rank[nodes] = np.arange(len(nodes))
        return rank

    @cached_property
    def section_index(self) -> tuple[shapely.STRtree, np.ndarray]:
        """A spatial index of the edges' geometries and each one's (node, node), in networkx's edge order."""
        rank = self.graph_order
        first_is_lower = rank[self.edges[:, 0]] < rank[self.edges[:, 1]]
        ends = np.where(first_is_lower[:, None], self.edges, self.edges[:, ::-1])
        order = np.lexsort((np.arange(len(ends)), rank[ends[:, 0]]))
        pieces = self.edge_piece[order]
        starts, stops = self.pieces.offsets[pieces], self.pieces.offsets[pieces + 1]
        sizes = stops - starts
        gather = np.repeat(starts - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes) + np.arange(sizes.sum())
        geoms = shapely.linestrings(self.pieces.coords[gather], indices=np.repeat(np.arange(len(order)), sizes))
        return shapely.STRtree(geoms), np.column_stack([ends[order], order])

    @cached_property
    def node_index(self) -> shapely.STRtree:
        """A spatial index of the nodes, for the nearest junction to a stop."""
        return shapely.STRtree(shapely.points(self.node_xy))

    def nearest_node(self, lon: float, lat: float) -> int | None:
        """The node nearest (lon, lat) in degrees, the first in node order of equally near ones."""
        if not self.node_count:
            return None
        point = shapely.Point(lon, lat)
        tree = self.node_index
        near = tree.query_nearest(point, all_matches=True)
        reach = float(np.sqrt(self._squared(near, lon, lat).min()))
        candidates = np.sort(tree.query(point, predicate="dwithin", distance=reach * (1 + 1e-9) + 1e-12))
        return int(candidates[np.argmin(self._squared(candidates, lon, lat))])

    def _squared(self, nodes: np.ndarray, lon: float, lat: float) -> np.ndarray:
        xy = self.node_xy[nodes]
        return np.asarray((xy[:, 0] - lon) ** 2 + (xy[:, 1] - lat) ** 2)

    @cached_property
    def node_coords(self) -> dict[Any, tuple[float, float]]:
        """(lon, lat) of every node by its key."""
        return {self.node_key(i): (x, y) for i, (x, y) in enumerate(self.node_xy.tolist())}

    @cached_property
    def graph(self) -> nx.Graph:
        """The network as a networkx graph (edges carry ``section`` and ``km``), built when first asked for."""
        import networkx as nx

        graph = nx.Graph()
        keys = [self.node_key(i) for i in range(self.node_count)]
        graph.add_edges_from((keys[a], keys[b], {"km": float(km), "section": self.edge_section(e)})
                             for e, ((a, b), km) in enumerate(zip(self.edges.tolist(), self.edge_km.tolist(), strict=True)))
        return graph


def split_at_junctions(sections: Sequence[Section]) -> list[Section]:
    """Split sections at interior stations where another section starts or ends.

    A branch may leave a line at a station that the line's file draws as a mere vertex (the
    P'yŏngra Line leaves the Pyongui Line at Kalli); splitting there makes the junction a node.
    """
    ends = {s.start for s in sections} | {s.end for s in sections}
    result: list[Section] = []
    for section in sections:
        cuts = [i + 1 for i, vertex in enumerate(section.vertices) if vertex in ends]
        if not cuts:
            result.append(section)
            continue
        bounds = [0, *cuts, len(section.coords) - 1]
        names = [section.start, *(section.vertices[i - 1] for i in cuts), section.end]
        for k, (first, last) in enumerate(itertools.pairwise(bounds)):
            result.append(Section(
                id=f"{section.id}#{k + 1}", line=section.line, coords=section.coords[first : last + 1],
                gauge_mm=section.gauge_mm, start=names[k], end=names[k + 1], source=section.source,
                origin=section.origin, vertices=section.vertices[first : last - 1],
                licence=section.licence, attribution=section.attribution, kind=section.kind, border=section.border,
            ))
    return result


def _pieces(sections: Sequence[Section]) -> SectionTable:
    """The sections split at junctions, as a table; a file whose vertices name no junction is not touched."""
    if isinstance(sections, SectionTable):
        ends = set(sections.start) | set(sections.end)
        if sections.vertices is None or not any(v in ends for names in sections.vertices for v in names):
            return sections
    return SectionTable.of(split_at_junctions(sections))


def _cut_ends(sections: Sequence[Section], pieces: SectionTable) -> np.ndarray:
    """Per piece end (start, end, start, ...): whether it is a cut at an interior station, not a file's own end."""
    cut = np.zeros(2 * len(pieces), dtype=bool)
    if pieces is sections:
        return cut
    own = {(s.id, s.start) for s in sections} | {(s.id, s.end) for s in sections}
    for i in range(len(pieces)):
        piece = pieces[i]
        if "#" in piece.id:
            base = piece.id.split("#", 1)[0]
            cut[2 * i] = (base, piece.start) not in own
            cut[2 * i + 1] = (base, piece.end) not in own
    return cut


def build_network(sections: Sequence[Section], name: str, places: Gazetteer | None = None) -> Network:
    """Join sections at shared ends (or at the places they name) into a weighted network.

    Every step is an array operation over all sections: ends are rounded to
    :data:`JOIN_TOLERANCE_DEG` and numbered with one ``np.unique``, place ends are checked against
    their places with one geodesic call, and of the sections joining the same two nodes the shortest
    (the first of equals) becomes the edge.
    """
    pieces = _pieces(sections)
    # the routing weight: the length, plus a penalty for crossing a border (never in a distance)
    lengths = pieces.measure() + np.where(pieces.border, BORDER_PENALTY_KM, 0.0)
    n = len(pieces)
    ends_xy = np.empty((2 * n, 2))
    ends_xy[0::2] = pieces.coords[pieces.offsets[:-1]]
    ends_xy[1::2] = pieces.coords[pieces.offsets[1:] - 1]
    if (bad := np.flatnonzero(~np.isfinite(ends_xy).all(axis=1))).size:
        section = pieces[int(bad[0]) // 2]
        raise NetworkFileError(f"{section.origin}: section {section.id!r} ends at a coordinate that is not a number; "
                               "fix or remove that section")
    grid = np.round(ends_xy / JOIN_TOLERANCE_DEG).astype(np.int64)
    codes = _grid_codes(grid)

    names: list[str | None] | None = None
    if places is not None and any(p is not None for p in itertools.chain(pieces.start, pieces.end)):
        names = [p if p and p in places.by_id else None for pair in zip(pieces.start, pieces.end, strict=True) for p in pair]
        at = np.array([i for i, p in enumerate(names) if p is not None], dtype=np.intp)
        if at.size:
            place_xy = np.array([(places.by_id[names[i]].lon, places.by_id[names[i]].lat) for i in at.tolist()])
            gaps = np.asarray(GEOD.inv(ends_xy[at, 0], ends_xy[at, 1], place_xy[:, 0], place_xy[:, 1])[2]) / 1000.0
            tolerance = np.where(_cut_ends(sections, pieces)[at], STATION_TOLERANCE_KM, SNAP_TOLERANCE_KM)
            if (far := np.flatnonzero(gaps > tolerance)).size:
                end, gap = int(at[far[0]]), float(gaps[far[0]])
                section, place = pieces[end // 2], places.by_id[names[end] or ""]
                raise NetworkFileError(
                    f"{section.origin}: section {section.id!r} ends {gap:.1f} km from its place {names[end]!r}; "
                    f"move the end to ({place.lon}, {place.lat}) or name the right place"
                )
            _, place_no = np.unique(np.array([names[i] for i in at.tolist()], dtype=object), return_inverse=True)
            codes[at] = -1 - place_no  # a place is one node wherever its sections end
            ends_xy[at] = place_xy

    # nodes numbered by first appearance; each keeps the coordinates it first appeared with
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    node_of_end = rank[inverse.reshape(-1)]
    first_end = first[order]
    node_place = None if names is None else [names[i] for i in first_end.tolist()]

    # edges: of the sections joining one pair of nodes, the shortest, first of equals, in the
    # order the pair first appears, oriented as its first section runs
    a, b = node_of_end[0::2], node_of_end[1::2]
    joined = np.flatnonzero(a != b)
    pair = np.minimum(a, b)[joined] * len(order) + np.maximum(a, b)[joined]
    by_pair = np.lexsort((joined, lengths[joined], pair))
    chosen_at = np.flatnonzero(np.r_[True, pair[by_pair][1:] != pair[by_pair][:-1]])
    _, first_of_pair = np.unique(pair, return_index=True)  # same pair order as chosen_at
    edge_order = np.argsort(first_of_pair, kind="stable")
    first_section = joined[first_of_pair[edge_order]]
    edges = np.column_stack([a[first_section], b[first_section]])
    edge_piece = joined[by_pair[chosen_at]][edge_order]
    return Network(name, sections, pieces,
                   ends_xy[first_end], grid[first_end], node_place, edges, edge_piece)


def _grid_codes(grid: np.ndarray) -> np.ndarray:
    """One non-negative integer per rounded (lon, lat), equal for equal points."""
    if not len(grid):
        return np.zeros(0, dtype=np.int64)
    low = grid.min(axis=0)
    shifted = grid - low
    span = int(shifted[:, 1].max()) + 1
    if (int(shifted[:, 0].max()) + 1) * span >= 2**62:
        raise NetworkFileError("network coordinates out of range; give (lon, lat) in degrees")
    return np.asarray(shifted[:, 0] * span + shifted[:, 1], dtype=np.int64)


def load_network_file(path: Path | str, places: Gazetteer | None = None) -> Network:
    """Read a user's network file (or one bundled file) into a routable network."""
    path = Path(path)
    return build_network(read_sections(path), path.name, places)


@cache
def bundled_network() -> Network:
    """Every file in geodata/network, joined at the curated places their sections name.

    Built once and then kept (:mod:`journeys.geo.kept`), keyed by the network, chainage and places
    files it is built from.
    """
    from journeys.geo.kept import kept

    data = geodata_dir()
    paths = sorted((data / "network").glob("*.geojson"))
    sources = [*paths, *sorted((data / "chainage").glob("*.csv")), *sorted((data / "places").glob("*.csv"))]

    def build() -> Network:
        sections: list[Section] = []
        for path in paths:
            sections += read_sections(path)
        network = build_network(tuple(sections), "bundled network", curated())
        network.pieces.measure()  # every section's length, kept with the network
        return network

    return kept("network", sources, build)


