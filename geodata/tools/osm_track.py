"""Rebuild the 1,520 mm sections' geometry from OpenStreetMap-derived track (run by hand, never at run time).

Why: sections drawn through station points are chords, 5–20% shorter than the track. The lines of
``trolleway/russian-railways-simplegeodata`` (commit f1e9782e…, ``rzd/{mainlines,secondary,tertiary}``)
are single traces over OpenStreetMap track (BRouter's rail profile), so the path through them from
station to station is the track itself.

How: every trace becomes a graph (its points are nodes; traces that pass through the same
OpenStreetMap node share it, and a trace's ends are joined to the nearest point of another trace
within 1 km). A section's stations (its ends and every sourced station it names) are snapped to the
nearest trace point and joined by shortest paths in order, so the route cannot leave the line the
stations trace. Between two named stations the path is simplified (shapely, 0.00005°, about 5 m),
which keeps each section's length within 0.1%. The section's ends are its places' own points; the
stations in between keep the track point nearest them, named in the ``stations`` property.

Usage: ``python geodata/tools/osm_track.py RZD_DIR`` where RZD_DIR holds the commit's ``rzd/`` folder
(``git --git-dir=... archive f1e9782ef205e0bbf931563055bfef14945083e7 rzd | tar -x``). It rewrites
the 1,520 mm features of ``geodata/network/*.geojson`` in place and prints each section's length.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
ROOT = Path(__file__).resolve().parents[1]
REPO = "trolleway/russian-railways-simplegeodata"
COMMIT = "f1e9782ef205e0bbf931563055bfef14945083e7"
TOLERANCE_DEG = 0.00005
SNAP_KM = 3.0

#: Sections that exist only as track (no station-drawn geometry before): their region file and properties.
NEW: list[tuple[str, dict[str, object]]] = [
    ("trans_siberian_west", {"id": "zabaikalsk-tarskaya-zabaikalsk", "line": "Tarskaya–Zabaikalsk line",
                             "from": "tarskaya", "to": "zabaikalsk", "stations": []}),
    ("trans_siberian_west", {"id": "naushki-zaudinskiy-naushki", "line": "Ulan-Ude–Naushki line",
                             "from": "zaudinskiy", "to": "naushki", "stations": []}),
    ("korea_east_russia_far_east", {"id": "grodekovo-ussuriysk-grodekovo", "line": "Ussuriysk–Grodekovo line",
                                    "from": "ussuriysk", "to": "grodekovo", "stations": []}),
    ("korea_east_russia_far_east", {"id": "bam-komsomolsk-vanino", "line": "Baikal–Amur Mainline",
                                    "from": "komsomolsk-sortirovochny", "to": "vanino", "stations": []}),
]


def km(coords: np.ndarray) -> float:
    return float(GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


def read_traces(rzd: Path) -> list[tuple[str, np.ndarray]]:
    traces = []
    for folder in ("mainlines", "secondary", "tertiary"):
        for path in sorted((rzd / folder).glob("*.geojson")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for feature in data["features"]:
                geom = feature.get("geometry")
                if not geom:
                    continue
                parts = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
                for part in parts:
                    coords = np.array([p[:2] for p in part], dtype=float)
                    if len(coords) >= 2:
                        traces.append((f"rzd/{folder}/{path.name}", coords))
    return traces


def key(lon: float, lat: float) -> tuple[int, int]:
    return (round(lon * 1e6), round(lat * 1e6))


def build_graph(traces: list[tuple[str, np.ndarray]]) -> tuple[nx.Graph, np.ndarray, list[tuple[int, int]], dict[tuple[int, int], set[str]]]:
    graph = nx.Graph()
    files: dict[tuple[int, int], set[str]] = {}
    for name, coords in traces:
        keys = [key(lon, lat) for lon, lat in coords]
        _, _, dist = GEOD.inv(coords[:-1, 0], coords[:-1, 1], coords[1:, 0], coords[1:, 1])
        for a, b, d in zip(keys[:-1], keys[1:], dist, strict=True):
            if a != b:
                graph.add_edge(a, b, w=float(d))
        for k in keys:
            files.setdefault(k, set()).add(name)
    nodes = list(graph.nodes)
    xy = np.array(nodes, dtype=float) / 1e6
    tree = shapely.STRtree(shapely.points(xy))
    # join each trace's ends to the nearest point of another trace within 1 km
    for name, coords in traces:
        for lon, lat in (coords[0], coords[-1]):
            here = key(lon, lat)
            near = tree.query(shapely.Point(lon, lat), predicate="dwithin", distance=0.015)
            best = None
            for i in near:
                other = nodes[int(i)]
                if name in files[other]:
                    continue
                d = float(GEOD.inv(lon, lat, other[0] / 1e6, other[1] / 1e6)[2])
                if d < 1000 and (best is None or d < best[0]):
                    best = (d, other)
            if best is not None:
                graph.add_edge(here, best[1], w=best[0])
    return graph, xy, nodes, files


def load_places() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every sourced place, read by the package's own gazetteer reader."""
    from journeys.geo.gazetteer import read_places_csv

    return {p.id: (p.lon, p.lat) for path in sorted((ROOT / "places").glob("*.csv")) for p in read_places_csv(path)}


def trace_section(graph: nx.Graph, tree: shapely.STRtree, nodes: list[tuple[int, int]], files: dict[tuple[int, int], set[str]],
                  stations: list[str], places: dict[str, tuple[float, float]]) -> tuple[np.ndarray, list[tuple[int, str]], set[str], float]:
    snapped: list[tuple[str, tuple[int, int]]] = []
    off: dict[str, float] = {}
    for place_id in stations:
        lon, lat = places[place_id]
        node = nodes[int(tree.nearest(shapely.Point(lon, lat)))]
        gap = float(GEOD.inv(lon, lat, node[0] / 1e6, node[1] / 1e6)[2]) / 1000
        if gap > SNAP_KM:
            print(f"  {place_id}: {gap:.1f} km off the track", file=sys.stderr)
            off[place_id] = gap
            continue
        snapped.append((place_id, node))
    # stations off the traces at either end (a trace that stops short of a terminus) stay chords through stations
    head = list(itertools.takewhile(lambda s: s in off, stations))
    tail = list(itertools.takewhile(lambda s: s in off, reversed(stations)))[::-1]
    path: list[tuple[int, int]] = [snapped[0][1]]
    named: list[tuple[int, str]] = []
    chunks: list[list[tuple[int, int]]] = []
    for (_, a), (name_b, b) in itertools.pairwise(snapped):
        piece = nx.shortest_path(graph, a, b, weight="w")
        chunks.append(piece)
        path += piece[1:]
    used: set[str] = set()
    for a, b in itertools.pairwise(path):  # the traces an edge of the path belongs to
        used |= files.get(a, set()) & files.get(b, set())
    # simplify chunk by chunk, keeping every named station a vertex
    coords: list[tuple[float, float]] = []
    for number, piece in enumerate(chunks):
        line = np.array(piece, dtype=float) / 1e6
        if len(line) > 2:
            line = shapely.get_coordinates(shapely.simplify(shapely.linestrings(line), TOLERANCE_DEG))
        if not coords:
            coords.append(tuple(line[0]))
        if number > 0:
            named.append((len(coords) - 1, snapped[number][0]))
        coords += [tuple(p) for p in line[1:]]
    if head:
        named = [(len(head), snapped[0][0]), *((i + len(head), s) for i, s in named)]
        coords = [places[s] for s in head] + coords
        named = [(i, s) for i, s in enumerate(head[1:], start=1)] + named
        used.add("chord:" + "–".join([*head, snapped[0][0]]))
    if tail:
        named.append((len(coords) - 1, snapped[-1][0]))
        named += [(len(coords) + i, s) for i, s in enumerate(tail[:-1])]
        coords += [places[s] for s in tail]
        used.add("chord:" + "–".join([snapped[-1][0], *tail]))
    result = np.array(coords)
    result[0] = places[stations[0]]
    result[-1] = places[stations[-1]]
    full = sum(km(np.array(p, dtype=float) / 1e6) for p in chunks)
    return result, named, used, full


def main(rzd: Path) -> None:
    traces = read_traces(rzd)
    print(f"{len(traces)} traces, {sum(len(c) for _, c in traces)} points", file=sys.stderr)
    graph, xy, nodes, files = build_graph(traces)
    tree = shapely.STRtree(shapely.points(xy))
    places = load_places()
    for path in sorted((ROOT / "network").glob("*.geojson")):
        data = json.loads(path.read_text(encoding="utf-8"))
        have = {f["properties"]["id"] for f in data["features"]}
        for region, props in NEW:
            if region == path.stem and props["id"] not in have:
                data["features"].append({"type": "Feature", "properties": {
                    **props, "gauge_mm": 1520, "published_km": None, "published_source": None},
                    "geometry": {"type": "LineString", "coordinates": []}})
        changed = False
        for feature in data["features"]:
            props = feature["properties"]
            if props.get("gauge_mm") != 1520 or props["id"] in ("moscow-termini-link", "ledyanaya-tsiolkovsky-branch"):
                continue
            if "stations" in props:
                stations = [props["from"], *(s for _, s in props["stations"]), props["to"]]
            else:
                stations = [props["from"], *props["vertices"], props["to"]]
            coords, named, used, full = trace_section(graph, tree, nodes, files, stations, places)
            raw = np.array(feature["geometry"]["coordinates"], dtype=float).reshape(-1, 2)
            print(f"{props['id']}: {km(raw):.1f} -> {km(coords):.1f} km (unsimplified {full:.1f}), {len(coords)} points, from {sorted(used)}")
            feature["geometry"]["coordinates"] = [[round(x, 6), round(y, 6)] for x, y in coords]
            props.pop("vertices", None)
            props.pop("sparse", None)
            props["stations"] = [[i, s] for i, s in named]
            props["geometry_source"] = (
                f"OpenStreetMap track traced by BRouter's rail profile: https://github.com/{REPO} commit {COMMIT}, "
                + ", ".join(name for name in sorted(used) if not name.startswith("chord:"))
                + "".join(f"; {name[6:]} drawn through its stations (no trace reaches it)" for name in sorted(used) if name.startswith("chord:"))
                + "; routed through the section's stations and simplified to 0.00005° (geodata/tools/osm_track.py)"
            )
            props["licence"] = "ODbL-1.0"
            props["attribution"] = "© OpenStreetMap contributors"
            changed = True
        if changed:
            # one feature a line: track geometry is long, and one line each keeps the file small and diffable by section
            rows = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"])
            text = '{"type":"FeatureCollection","features":[\n' + rows + "\n]}"
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text + "\n", encoding="utf-8")
            tmp.replace(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
