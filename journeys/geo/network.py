"""The routable rail network: line sections read from any vector file, built into a graph.

One loader serves the bundled network (``geodata/network/*.geojson``) and a user's own file
(``--network FILE``: GeoJSON, GeoPackage, Shapefile, anything GDAL reads through pyogrio). Sections
become graph edges weighted by their length on the WGS84 ellipsoid. Ends are joined into one node
when they fall within :data:`JOIN_TOLERANCE_DEG` of each other; bundled sections also name their end
places (``from``/``to``), and an end more than :data:`SNAP_TOLERANCE_KM` from its named place is an
error in the data.

GeoJSON is read with the standard library and other formats with ``pyogrio.raw``; both give the
same sections to the same graph builder. Neither path goes through geopandas, and the bundled GeoJSON
path does not import pyogrio (which imports pandas), so ``journeys check`` stays light.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from journeys.data_paths import geodata_dir
from journeys.errors import NetworkFileError
from journeys.geo.gazetteer import Gazetteer, curated
from journeys.geo.measure import leg_lengths_km

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


Feature = tuple[Any, dict[str, Any]]  # (shapely geometry or None, properties)


def _geojson_features(path: Path) -> list[Feature]:
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
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(geometry(f.get("geometry")), f.get("properties") or {}) for f in data["features"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a valid GeoJSON FeatureCollection") from err


def _gdal_features(path: Path) -> list[Feature]:
    """Any other vector format GDAL reads (GeoPackage, Shapefile...), through pyogrio."""
    import pyogrio.raw
    from pyogrio.errors import DataSourceError

    try:
        meta, _, wkb, columns = pyogrio.raw.read(path, force_2d=True)
    except (DataSourceError, OSError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a GeoJSON, GeoPackage or Shapefile") from err
    if meta.get("crs") not in (None, "EPSG:4326", "OGC:CRS84"):
        raise NetworkFileError(f"{path} is in {meta['crs']}; reproject it to WGS84 (EPSG:4326) first")
    names = list(meta["fields"])
    geoms = shapely.from_wkb(wkb)
    return [(geom, {name: columns[i][row] for i, name in enumerate(names)}) for row, geom in enumerate(geoms)]


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


def _interior_ids(props: dict[str, Any], count: int) -> tuple[str, ...]:
    if "stations" in props and props["stations"] is not None:
        return _station_ids(props["stations"], count)
    if "vertices" in props:
        return _vertex_ids(props["vertices"], count)
    return ()


def read_sections(path: Path) -> list[Section]:
    """Read every LineString (or MultiLineString part) of a vector file as sections."""
    features = _geojson_features(path) if path.suffix.lower() in (".geojson", ".json") else _gdal_features(path)
    sections: list[Section] = []
    for row, (geom, props) in enumerate(features):
        if geom is None or geom.is_empty or geom.geom_type not in ("LineString", "MultiLineString"):
            continue
        parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
        base = _text(props.get("id")) or f"{path.stem}-{row}"
        gauge = _number(props.get("gauge_mm"))
        for part_no, part in enumerate(parts):
            coords = shapely.get_coordinates(part)
            sections.append(Section(
                id=base if len(parts) == 1 else f"{base}-{part_no}",
                line=_text(props.get("line")) or _text(props.get("name")) or "",
                coords=coords, gauge_mm=None if gauge is None else int(gauge),
                start=_text(props.get("from")), end=_text(props.get("to")),
                published_km=_number(props.get("published_km")), published_source=_text(props.get("published_source")),
                source=_text(props.get("geometry_source")), origin=str(path),
                vertices=_interior_ids(props, len(coords) - 2),
                licence=_text(props.get("licence")), attribution=_text(props.get("attribution")),
                kind=_text(props.get("geometry_kind")), border=_flag(props.get("border_crossing")),
            ))
    if not sections:
        raise NetworkFileError(f"{path} has no line geometry; a network file holds LineStrings of track")
    return sections


@dataclass(frozen=True, eq=False)
class Network:
    """A graph whose edges are sections (attribute ``section``) weighted by ``km``."""

    graph: nx.Graph
    sections: tuple[Section, ...]
    name: str
    #: (lon, lat) of every node, for nearest-node look-ups
    node_coords: dict[Any, tuple[float, float]]

    def edge_section(self, a: Any, b: Any) -> Section:
        return self.graph.edges[a, b]["section"]  # type: ignore[no-any-return]


def _node_key(lon: float, lat: float) -> tuple[float, float]:
    return (round(lon / JOIN_TOLERANCE_DEG) * JOIN_TOLERANCE_DEG, round(lat / JOIN_TOLERANCE_DEG) * JOIN_TOLERANCE_DEG)


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


def build_network(sections: Sequence[Section], name: str, places: Gazetteer | None = None) -> Network:
    """Join sections at shared ends (or at the places they name) into a weighted graph."""
    graph = nx.Graph()
    node_coords: dict[Any, tuple[float, float]] = {}
    pieces = split_at_junctions(sections)
    _measure_all(pieces)
    for section in pieces:
        ends = []
        for coord, place_id in ((section.coords[0], section.start), (section.coords[-1], section.end)):
            if place_id and places is not None and place_id in places.by_id:
                place = places.by_id[place_id]
                gap = float(GEOD.inv(coord[0], coord[1], place.lon, place.lat)[2]) / 1000.0
                if gap > SNAP_TOLERANCE_KM:
                    raise NetworkFileError(
                        f"{section.origin}: section {section.id!r} ends {gap:.1f} km from its place {place_id!r}; "
                        f"move the end to ({place.lon}, {place.lat}) or name the right place"
                    )
                key: Any = place_id
                node_coords[key] = (place.lon, place.lat)
            else:
                key = _node_key(float(coord[0]), float(coord[1]))
                node_coords.setdefault(key, (float(coord[0]), float(coord[1])))
            ends.append(key)
        km = section.length_km + (BORDER_PENALTY_KM if section.border else 0.0)
        a, b = ends
        if a == b:
            continue
        if graph.has_edge(a, b) and graph.edges[a, b]["km"] <= km:
            continue
        graph.add_edge(a, b, km=km, section=section)
    return Network(graph, tuple(sections), name, node_coords)


def _measure_all(sections: Sequence[Section]) -> None:
    """Every section's geodesic length in one vectorised call, stored as its ``length_km``."""
    if not sections:
        return
    sizes = np.array([len(s.coords) for s in sections])
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    lengths = leg_lengths_km(np.concatenate([s.coords for s in sections]), offsets)
    for section, km in zip(sections, lengths, strict=True):
        section.__dict__["length_km"] = float(km)  # fills the cached_property


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
    return build_network(sections, "bundled network", curated())


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

