"""The routable rail network: line sections read from any vector file, built into a graph.

One loader serves the bundled network (``geodata/network/*.geojson``) and a user's own file
(``--network FILE``: GeoJSON, GeoPackage, Shapefile, anything GDAL reads through pyogrio). Sections
become graph edges weighted by their length on the WGS84 ellipsoid. Ends are joined into one node
when they fall within :data:`JOIN_TOLERANCE_DEG` of each other; bundled sections also name their end
places (``from``/``to``), and an end more than :data:`SNAP_TOLERANCE_KM` from its named place is an
error in the data.

GeoJSON is read with the standard library and other formats with ``pyogrio.raw``; both give the
same sections to the same network builder. Neither path goes through geopandas, and the bundled
GeoJSON path does not import pyogrio (which imports pandas), so ``journeys check`` stays light.

A user's file may hold a million sections, so nothing here makes a Python object per section or
per junction: sections are a :class:`SectionTable` (packed coordinates, the file's columns, a
:class:`Section` made only for one a route uses) and the network is arrays of nodes and edges with
a CSR adjacency (:class:`Network`); ``bench/bench_network.py`` measures it.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from journeys.data_paths import geodata_dir
from journeys.errors import NetworkFileError
from journeys.geo.gazetteer import Gazetteer, curated

if TYPE_CHECKING:
    import networkx as nx

GEOD = Geod(ellps="WGS84")
#: Section ends closer than this (in degrees, about 11 m) are one junction.
JOIN_TOLERANCE_DEG = 1e-4
#: A bundled section's end must lie within this distance of the place it names.
SNAP_TOLERANCE_KM = 2.0
#: Added to the routing weight (never to the distance) of a section that crosses a national border.
#: With lines through Manchuria, the shortest way from Chita to Vladivostok runs through China (the
#: old Chinese Eastern Railway) by 1,000 km; state trains keep to their own country unless a stop or
#: a `via` place says otherwise, so a path crosses as few borders as it can, and the shortest of those.
BORDER_PENALTY_KM = 5000.0


def line_km(coords: np.ndarray) -> float:
    """Geodesic length in km of a (lon, lat) coordinate array."""
    if len(coords) < 2:
        return 0.0
    return float(GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


@dataclass(frozen=True, eq=False)
class Section:
    """One line section as read from a file; coordinates are (lon, lat)."""

    id: str
    line: str
    coords: np.ndarray = field(repr=False)
    gauge_mm: int | None = None
    start: str | None = None
    end: str | None = None
    published_km: float | None = None
    published_source: str | None = None
    source: str | None = None
    #: for a piece of a section split at a stop: the whole section, whose reference length it shares
    parent: Section | None = None
    #: the file the section was read from, for error messages
    origin: str = ""
    #: place ids of the interior vertices, when the file names them (coords[1:-1]); "" for a point of
    #: track geometry that is no station
    vertices: tuple[str, ...] = ()
    #: the geometry's licence (SPDX id) and the credit a map drawing it must show, when the file gives them
    licence: str | None = None
    attribution: str | None = None
    #: what the geometry was drawn from, when the file says: "track" or "generalised" (see geodata/FORMAT.md)
    kind: str | None = None
    #: the section crosses a national border (routing avoids needless crossings: BORDER_PENALTY_KM)
    border: bool = False
    #: an estimated stretch joining a stop that lies off the track to the nearest track
    access: bool = False

    @cached_property
    def length_km(self) -> float:
        """Geodesic length of the geometry (computed once: routing asks for it often)."""
        return line_km(self.coords)

    @property
    def geometry(self) -> LineString:
        return LineString(self.coords)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    """A yes/no property: JSON true, or 1/"true"/"yes" as GDAL formats may give it."""
    if isinstance(value, bool):
        return value
    return (_text(value) or "").lower() in ("1", "true", "yes")


def _number(value: Any) -> float | None:
    text = _text(value)
    return None if text is None else float(text)


#: A file's features as columns: the geometries (shapely, None where a feature has none) and each
#: property as a sequence indexed by feature, absent properties None.
Columns = tuple[np.ndarray, dict[str, Sequence[Any]]]


def _geojson_columns(path: Path) -> Columns:
    """GeoJSON read with the standard library: WGS84 by definition (RFC 7946), and no geopandas import."""
    from shapely.geometry import shape

    def geometry(value: Any) -> Any:
        if not value:
            return None
        if value.get("type") == "LineString":  # track has thousands of points: one array, not a list per point
            coords = np.asarray(value["coordinates"], dtype=float)
            if coords.ndim == 2 and len(coords) >= 2:
                return shapely.linestrings(coords[:, :2])
        return shape(value)

    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        geoms = np.empty(len(features), dtype=object)
        for row, feature in enumerate(features):
            geoms[row] = geometry(feature.get("geometry"))
        props = [feature.get("properties") or {} for feature in features]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a valid GeoJSON FeatureCollection") from err
    names = dict.fromkeys(name for p in props for name in p)
    return geoms, {name: [p.get(name) for p in props] for name in names}


def _gdal_columns(path: Path) -> Columns:  # the geometries as WKB
    """Any other vector format GDAL reads (GeoPackage, Shapefile...), through pyogrio, as arrays."""
    import pyogrio.raw
    from pyogrio.errors import DataSourceError

    try:
        meta, _, wkb, columns = pyogrio.raw.read(path, force_2d=True)
    except (DataSourceError, OSError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a GeoJSON, GeoPackage or Shapefile") from err
    if meta.get("crs") not in (None, "EPSG:4326", "OGC:CRS84"):
        raise NetworkFileError(f"{path} is in {meta['crs']}; reproject it to WGS84 (EPSG:4326) first")
    return wkb, dict(zip(meta["fields"], columns, strict=True))


def _vertex_ids(value: Any, count: int) -> tuple[str, ...]:
    """The `vertices` property (a list, or JSON text from GDAL) when it names every interior vertex."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if not isinstance(value, list) or len(value) != count:
        return ()
    return tuple(str(v) for v in value)


def _station_ids(value: Any, count: int) -> tuple[str, ...]:
    """The `stations` property of track geometry ([[vertex index, place id], ...]) as one id per interior vertex.

    Track geometry has thousands of points, few of them stations; the file names only those, and
    every other interior vertex gets "" (no place).
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ()
    if not isinstance(value, list):
        return ()
    ids = [""] * count
    for item in value:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], int) and 0 < item[0] <= count:
            ids[item[0] - 1] = str(item[1])
    return tuple(ids)


def _numbers(column: Sequence[Any] | None, rows: np.ndarray) -> np.ndarray:
    """A numeric property at the given rows as floats, NaN where absent; text is parsed here, so bad values fail at load."""
    if column is None:
        return np.full(len(rows), np.nan)
    if isinstance(column, np.ndarray) and column.dtype.kind in "iuf":
        return column[rows].astype(np.float64)
    return np.array([np.nan if (v := _number(column[r])) is None else v for r in rows.tolist()], dtype=np.float64)


class SectionTable(Sequence[Section]):
    """Sections held as arrays, each made into a :class:`Section` only when asked for.

    A network of a million sections routes a leg through a few thousand of them: keeping the
    coordinates packed (``coords[offsets[i]:offsets[i + 1]]`` is section ``i``) and the attributes
    as the file's columns costs a fraction of the memory and time of a million objects. Made
    sections are kept, so that asking twice gives the same object.
    """

    def __init__(self, coords: np.ndarray, offsets: np.ndarray, start: Sequence[str | None],
                 end: Sequence[str | None], make: Callable[[int], Section],
                 vertices: Sequence[tuple[str, ...]] | None = None, border: np.ndarray | None = None) -> None:
        self.coords = coords
        self.offsets = offsets
        self.start = start
        self.end = end
        self._make = make
        #: the place ids of each section's interior vertices, when the file names them
        self.vertices = vertices
        #: whether each section crosses a national border
        self.border = np.zeros(len(offsets) - 1, dtype=bool) if border is None else border
        self._made: dict[int, Section] = {}
        #: geodesic length of every section in km, once measured (:meth:`measure`)
        self.lengths: np.ndarray | None = None

    @classmethod
    def of(cls, sections: Sequence[Section]) -> SectionTable:
        """A table over sections already made (a bundled file, or pieces split at junctions)."""
        if isinstance(sections, SectionTable):
            return sections
        listed = list(sections)
        sizes = np.array([len(s.coords) for s in listed], dtype=np.intp)
        coords = np.concatenate([s.coords for s in listed]) if listed else np.zeros((0, 2))
        table = cls(coords.reshape(-1, 2), np.concatenate(([0], np.cumsum(sizes))).astype(np.intp),
                    [s.start for s in listed], [s.end for s in listed], listed.__getitem__,
                    border=np.array([s.border for s in listed], dtype=bool))
        table._made = dict(enumerate(listed))
        return table

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, index: int) -> Section: ...
    @overload
    def __getitem__(self, index: slice) -> list[Section]: ...
    def __getitem__(self, index: int | slice) -> Section | list[Section]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = int(index)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        section = self._made.get(index)
        if section is None:
            section = self._made[index] = self._make(index)
            if self.lengths is not None:
                section.__dict__["length_km"] = float(self.lengths[index])  # fills the cached_property
        return section

    def coords_of(self, index: int) -> np.ndarray:
        return self.coords[self.offsets[index] : self.offsets[index + 1]]

    def measure(self) -> np.ndarray:
        """Every section's geodesic length in one vectorised call, stored as each made section's ``length_km``."""
        if self.lengths is None:
            self.lengths = _section_lengths(self.coords, self.offsets)
            for index, section in self._made.items():
                section.__dict__["length_km"] = float(self.lengths[index])
        return self.lengths


def _section_lengths(coords: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Geodesic km of each section of a packed array: :func:`journeys.geo.measure.leg_lengths_km`, to the last bit, at less cost.

    That function measures every consecutive pair and zeroes those that cross from one section to
    the next; with three points a section that is a third of the geodesic work thrown away. Here
    only the pairs inside sections are measured, into the same slots, summed by the same reduceat.
    Every section has at least one point (:func:`read_sections` and :class:`Section` see to it).
    """
    starts = offsets[:-1]
    if not len(starts):
        return np.zeros(0)
    inner = np.ones(len(coords), dtype=bool)  # pair j joins points j and j + 1
    inner[offsets[1:] - 1] = False  # a section's last point starts no pair of its own
    pairs = np.flatnonzero(inner)
    metres = np.zeros(len(coords) + 1)
    _, _, metres[pairs] = GEOD.inv(coords[pairs, 0], coords[pairs, 1], coords[pairs + 1, 0], coords[pairs + 1, 1],
                                   return_back_azimuth=False)
    return np.asarray(np.add.reduceat(metres, starts) / 1000.0)


def _linestring_wkb(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Coordinates and point counts of WKB LineStrings, read from the bytes with array operations.

    A big file is nearly always 2D LineStrings in little-endian WKB (what pyogrio gives with
    ``force_2d``): the coordinates are then the bytes that follow each 9-byte header, so one mask
    drops the headers and what remains is the (lon, lat) doubles in order, no geometry object
    made. Anything else (another type, Z, big-endian, a missing or one-point geometry) gives None
    and the caller decodes with shapely, as for any file.
    """
    if not len(wkb) or any(item is None for item in wkb):
        return None
    lengths = np.fromiter(map(len, wkb), dtype=np.intp, count=len(wkb))
    if (lengths < 9).any():
        return None
    blob = np.frombuffer(b"".join(wkb), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    header = blob[starts[:, None] + np.arange(9)]  # (n, 9): byte order, type (4), points (4)
    kinds = header[:, 1:5].copy().view("<u4").ravel()
    points = header[:, 5:9].copy().view("<u4").ravel().astype(np.intp)
    if (header[:, 0] != 1).any() or (kinds != 2).any() or (lengths != 9 + 16 * points).any() or (points == 1).any():
        return None
    keep = np.ones(len(blob), dtype=bool)
    keep[(starts[:, None] + np.arange(9)).ravel()] = False
    return blob[keep].view("<f8").reshape(-1, 2), points


def _parts(path: Path, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Coordinates, point counts, feature row, number of parts and part number of every line part."""
    kinds = shapely.get_type_id(geoms)
    rows = np.flatnonzero(((kinds == 1) | (kinds == 5)) & ~shapely.is_empty(geoms))  # LineString, MultiLineString
    if not rows.size:
        raise NetworkFileError(f"{path} has no line geometry; a network file holds LineStrings of track")
    if (kinds[rows] == 1).all():  # LineStrings only: each feature is one section
        parts, row, n_parts, part_no = geoms[rows], rows, np.ones(len(rows), dtype=np.intp), np.zeros(len(rows), dtype=np.intp)
    else:
        parts, part_of = shapely.get_parts(geoms[rows], return_index=True)
        row = rows[part_of]  # each part's feature
        n_parts = shapely.get_num_geometries(geoms[rows])[part_of]
        part_no = np.arange(len(parts)) - np.searchsorted(part_of, part_of)  # position among its feature's parts
    coords, owner = shapely.get_coordinates(parts, return_index=True)
    sizes = np.bincount(owner, minlength=len(parts))
    if (empty := np.flatnonzero(sizes == 0)).size:
        raise NetworkFileError(f"{path}: feature {row[empty[0]]} has an empty line part; remove it or give it coordinates")
    return coords, sizes, row, n_parts, part_no


def read_sections(path: Path) -> SectionTable:
    """Read every LineString (or MultiLineString part) of a vector file as sections.

    The geometry is taken apart with one shapely call per step for the whole file, not per feature;
    the attributes stay the file's columns, read for a section when it is made.
    """
    geoms: np.ndarray | None
    lines: tuple[np.ndarray, np.ndarray] | None = None
    if path.suffix.lower() in (".geojson", ".json"):
        geoms, columns = _geojson_columns(path)
    else:
        wkb, columns = _gdal_columns(path)
        lines = _linestring_wkb(wkb)
        geoms = shapely.from_wkb(wkb) if lines is None else None
        del wkb
    if lines is not None:  # LineStrings only, decoded without making a geometry object per feature
        coords, points = lines
        row = np.flatnonzero(points > 0)  # an empty LineString is no section
        if not row.size:
            raise NetworkFileError(f"{path} has no line geometry; a network file holds LineStrings of track")
        sizes, n_parts, part_no = points[row], np.ones(len(row), dtype=np.intp), np.zeros(len(row), dtype=np.intp)
    else:
        assert geoms is not None
        coords, sizes, row, n_parts, part_no = _parts(path, geoms)
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.intp)

    def column(name: str) -> Sequence[Any] | None:
        return columns.get(name)

    def per_part(name: str) -> list[str | None]:
        values = column(name)
        if values is None:
            return [None] * len(row)
        texts = [_text(value) for value in values]
        return [texts[r] for r in row.tolist()]

    start, end = per_part("from"), per_part("to")
    gauge, published = _numbers(column("gauge_mm"), row), _numbers(column("published_km"), row)
    vertices: list[tuple[str, ...]] | None = None
    stations, names = column("stations"), column("vertices")
    if stations is not None or names is not None:
        vertices = []
        for r, n in zip(row.tolist(), sizes.tolist(), strict=True):
            if stations is not None and stations[r] is not None:
                vertices.append(_station_ids(stations[r], int(n) - 2))
            else:
                vertices.append(() if names is None else _vertex_ids(names[r], int(n) - 2))
    borders = column("border_crossing")
    border = [False] * len(row) if borders is None else [_flag(borders[r]) for r in row.tolist()]
    origin = str(path)

    def value(name: str, r: int) -> Any:
        values = column(name)
        return None if values is None else values[r]

    def make(i: int) -> Section:
        r = int(row[i])
        base = _text(value("id", r)) or f"{path.stem}-{r}"
        return Section(
            id=base if n_parts[i] == 1 else f"{base}-{part_no[i]}",
            line=_text(value("line", r)) or _text(value("name", r)) or "",
            coords=coords[offsets[i] : offsets[i + 1]],
            gauge_mm=None if np.isnan(gauge[i]) else int(gauge[i]),
            start=start[i], end=end[i],
            published_km=None if np.isnan(published[i]) else float(published[i]),
            published_source=_text(value("published_source", r)),
            source=_text(value("geometry_source", r)), origin=origin,
            vertices=() if vertices is None else vertices[i],
            licence=_text(value("licence", r)), attribution=_text(value("attribution", r)),
            kind=_text(value("geometry_kind", r)), border=border[i],
        )

    return SectionTable(coords, offsets, start, end, make, vertices, np.array(border, dtype=bool))


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
            if (far := np.flatnonzero(gaps > SNAP_TOLERANCE_KM)).size:
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
    """Every file in geodata/network, joined at the curated places their sections name."""
    sections: list[Section] = []
    for path in sorted((geodata_dir() / "network").glob("*.geojson")):
        sections += read_sections(path)
    return build_network(tuple(sections), "bundled network", curated())


@dataclass(frozen=True)
class Post:
    line: str
    place: str
    km: float
    source: str


@cache
def chainage() -> dict[tuple[str, str], Post]:
    """Kilometre posts from geodata/chainage, keyed by (line, place id)."""
    posts: dict[tuple[str, str], Post] = {}
    for path in sorted((geodata_dir() / "chainage").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                post = Post(row["line"].strip(), row["place"].strip(), float(row["km"]), row["source"].strip())
                posts[(post.line, post.place)] = post
    return posts


@cache
def _datums() -> dict[str, tuple[str, ...]]:
    """Each line's chainage series: 'P'yŏngra Line' and any 'P'yŏngra Line (km from P'yŏngyang)'.

    A line may be posted from more than one origin; a difference of posts is only valid within one.
    """
    series: dict[str, list[str]] = {}
    for line, _ in chainage():
        base = line.split(" (", 1)[0]
        series.setdefault(base, [])
        if line not in series[base]:
            series[base].append(line)
    return {base: tuple(sorted(names, key=lambda n: n != base)) for base, names in series.items()}


def posts_between(line: str, first: str | None, last: str | None) -> float | None:
    """Distance along one line between two stations by their kilometre posts, in any one series."""
    if not first or not last:
        return None
    table = chainage()
    for series in _datums().get(line, ()):
        a, b = table.get((series, first)), table.get((series, last))
        if a is not None and b is not None:
            return abs(b.km - a.km)
    return None


def posts_km(section: Section) -> float | None:
    """The section's length from its end stations' kilometre posts, when both are known."""
    return posts_between(section.line, section.start, section.end)


def reference_km(section: Section) -> tuple[float, str] | None:
    """The section's length as sources give it, and which: kilometre posts first, then a published length."""
    posts = posts_km(section)
    if posts is not None:
        return posts, "posts"
    if section.published_km:
        return section.published_km, "published"
    return None


def measured_km(section: Section) -> tuple[float, str]:
    """A section's (or piece's) distance and how it was measured.

    A whole section with a reference length is that length. A piece of one (a stop part-way along)
    gets the reference length in proportion to its share of the geometry: railways interpolate
    between kilometre posts the same way. Without a reference, the geodesic length of the geometry.
    """
    whole = section.parent or section
    reference = reference_km(whole)
    if reference is None:
        return section.length_km, "geometry"
    km, how = reference
    if section.parent is None:
        return km, how
    return km * section.length_km / whole.length_km, how

