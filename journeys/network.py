"""The routable rail network: line sections read from any vector file, built into a graph.

One loader serves the bundled network (``geodata/network/*.geojson``) and a user's own file
(``--network FILE``: GeoJSON, GeoPackage, Shapefile, anything GDAL reads through pyogrio). Sections
become graph edges weighted by their length on the WGS84 ellipsoid. Ends are joined into one node
when they fall within :data:`JOIN_TOLERANCE_DEG` of each other; bundled sections also name their end
places (``from``/``to``), and an end more than :data:`SNAP_TOLERANCE_KM` from its named place is an
error in the data.

Files are read with ``pyogrio.raw`` rather than geopandas, so that ``journeys check`` stays light.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString

from journeys.data_paths import geodata_dir
from journeys.errors import NetworkFileError
from journeys.gazetteer import Gazetteer, curated

GEOD = Geod(ellps="WGS84")
#: Section ends closer than this (in degrees, about 11 m) are one junction.
JOIN_TOLERANCE_DEG = 1e-4
#: A bundled section's end must lie within this distance of the place it names.
SNAP_TOLERANCE_KM = 2.0


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

    @property
    def length_km(self) -> float:
        return line_km(self.coords)

    @property
    def geometry(self) -> LineString:
        return LineString(self.coords)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    text = _text(value)
    return None if text is None else float(text)


def read_sections(path: Path) -> list[Section]:
    """Read every LineString (or MultiLineString part) of a vector file as sections."""
    import pyogrio.raw
    from pyogrio.errors import DataSourceError

    try:
        meta, _, wkb, columns = pyogrio.raw.read(path, force_2d=True)
    except (DataSourceError, OSError) as err:
        raise NetworkFileError(f"cannot read network file {path}: {err}; give a GeoJSON, GeoPackage or Shapefile") from err
    if meta.get("crs") not in (None, "EPSG:4326", "OGC:CRS84"):
        raise NetworkFileError(f"{path} is in {meta['crs']}; reproject it to WGS84 (EPSG:4326) first")
    names = list(meta["fields"])
    props = {name: columns[i] for i, name in enumerate(names)}
    geoms = shapely.from_wkb(wkb)
    sections: list[Section] = []
    for row, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        parts = list(geom.geoms) if geom.geom_type == "MultiLineString" else [geom]
        if parts[0].geom_type != "LineString":
            continue
        def get(key: str, row: int = row) -> Any:
            return props[key][row] if key in props else None
        base = _text(get("id")) or f"{path.stem}-{row}"
        for part_no, part in enumerate(parts):
            coords = shapely.get_coordinates(part)
            gauge = _number(get("gauge_mm"))
            sections.append(Section(
                id=base if len(parts) == 1 else f"{base}-{part_no}", line=_text(get("line")) or _text(get("name")) or "",
                coords=coords, gauge_mm=None if gauge is None else int(gauge), start=_text(get("from")),
                end=_text(get("to")), published_km=_number(get("published_km")),
                published_source=_text(get("published_source")), source=_text(get("geometry_source")),
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


def build_network(sections: Sequence[Section], name: str, places: Gazetteer | None = None) -> Network:
    """Join sections at shared ends (or at the places they name) into a weighted graph."""
    graph = nx.Graph()
    node_coords: dict[Any, tuple[float, float]] = {}
    for section in sections:
        ends = []
        for coord, place_id in ((section.coords[0], section.start), (section.coords[-1], section.end)):
            if place_id and places is not None and place_id in places.by_id:
                place = places.by_id[place_id]
                gap = float(GEOD.inv(coord[0], coord[1], place.lon, place.lat)[2]) / 1000.0
                if gap > SNAP_TOLERANCE_KM:
                    raise NetworkFileError(
                        f"section {section.id!r} ends {gap:.1f} km from its place {place_id!r}; "
                        f"move the end to ({place.lon}, {place.lat}) or name the right place"
                    )
                key: Any = place_id
                node_coords[key] = (place.lon, place.lat)
            else:
                key = _node_key(float(coord[0]), float(coord[1]))
                node_coords.setdefault(key, (float(coord[0]), float(coord[1])))
            ends.append(key)
        km = section.length_km
        a, b = ends
        if a == b:
            continue
        if graph.has_edge(a, b) and graph.edges[a, b]["km"] <= km:
            continue
        graph.add_edge(a, b, km=km, section=section)
    return Network(graph, tuple(sections), name, node_coords)


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


def posts_km(section: Section) -> float | None:
    """The section's length from its end stations' kilometre posts, when both are known."""
    table = chainage()
    first, last = table.get((section.line, section.start or "")), table.get((section.line, section.end or ""))
    if first is None or last is None:
        return None
    return abs(last.km - first.km)


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


def iter_sections(networks: Iterable[Network]) -> Iterable[Section]:
    for network in networks:
        yield from network.sections
