"""Sections beyond Russia drawn along Natural Earth's railroads (run by hand, never at run time).

Why: no OpenStreetMap-derived track for China, Mongolia or the DPRK was at hand, and station points
alone leave 100–300 km chords on the lines state trains take through Manchuria and Mongolia. Natural
Earth's 1:10 million railroads (public domain) follow those lines, generalised: they cut curves, so
their length runs a few percent short, and the sections are measured by their posts or published
lengths wherever a source gives one (the geometry is only the cross-check).

Source: ``bovine3dom/fahrtle`` commit 9335621720e026d7fd54b75c42441208f06009d3,
``public/train_tiles/8/{x}/{y}.pbf`` (Mapbox vector tiles, layer ``ne_10m_railroads``; zoom 8 keeps
every feature), read with GDAL's MVT driver through pyogrio. Each tile is clipped to its own bounds
(tiles carry a buffer), the pieces become one graph (points within 300 m of a dangling end are
joined), and each section is the shortest path through its stations in order, each snapped to the
nearest railroad point; the section's ends are its places' own points. A section marked
``"drawn": "stations"`` is straight segments between its stations instead (FORMAT.md ``vertices``):
where Natural Earth is no better (it turns back into Angangxi; it has no short way over the Yalu
from Manp'o to Ji'an).

Usage: ``python geodata/tools/ne_track.py TILES_DIR [REGION]`` where TILES_DIR holds ``8/{x}/{y}.pbf``
for x 198–225, y 75–115 (``git --git-dir=... archive 9335621… public/train_tiles/8``). It writes
``geodata/network/REGION.geojson`` (REGION one of :data:`REGIONS`, ``china_north_east_mongolia`` by
default; each region is its own file, so adding one leaves the others as they are) and prints each
section's length.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pyogrio.raw
import shapely
from pyproj import Geod, Transformer

GEOD = Geod(ellps="WGS84")
ROOT = Path(__file__).resolve().parents[1]
MERCATOR = 20037508.342789244
REPO = "bovine3dom/fahrtle"
COMMIT = "9335621720e026d7fd54b75c42441208f06009d3"
#: a station is named on the section when the railroad passes within this distance of it
NAMED_KM = 3.0
#: The station points a ``"pinned"`` section passes through: OpenStreetMap ``railway=station`` nodes in the
#: Humanitarian OpenStreetMap Team's export of Mongolia's railways (ODbL 1.0, © OpenStreetMap contributors), as
#: vendored in this repository and commit; each is a row of geodata/places with this file as its source
MONGOLIA_STATIONS = ("https://github.com/xuanx1/greaterAsianTrains/blob/4790ddac521920460cd7eafae98e0fe696d41d9e/"
                     "uploads/hotosm_mng_railways_points_geojson.geojson")
OSM_CREDIT = "© OpenStreetMap contributors"
#: OpenStreetMap track of Mongolia's railways: the ways of HOT's line export (same repository and commit as
#: MONGOLIA_STATIONS) that lie in the Trans-Mongolian's corridor, as sources/README.md describes
MONGOLIA_WAYS = ("https://github.com/xuanx1/greaterAsianTrains/blob/4790ddac521920460cd7eafae98e0fe696d41d9e/"
                 "uploads/hotosm_mng_railways_lines_geojson.geojson")
MONGOLIA_WAYS_FILE = Path(__file__).resolve().parent / "sources" / "hotosm_mng_railways_lines_corridor.geojson"
#: Natural Earth's edges cost this much more than OpenStreetMap track in a section drawn on both, so
#: the path follows the track wherever the export has it and Natural Earth only across its gaps
NE_PENALTY = 1.5
#: an end of OpenStreetMap track joins Natural Earth's line within this distance (a gap in the export)
GAP_JOIN_M = 3000.0

Z = "https://zh-yue.m.wikipedia.org/wiki/%E6%BB%BF%E6%B4%B2%E9%87%8C%E7%AB%99"
SECTIONS: list[dict[str, object]] = [
    {"id": "manzhouli-zabaikalsk-border", "border_crossing": True, "line": "Zabaikalsk–Manzhouli border crossing (dual gauge 1435/1520)",
     "stations": ["zabaikalsk", "manzhouli"], "gauge_mm": 1435, "published_km": 12.0, "published_source": Z},
    {"id": "binzhou-manzhouli-harbin", "line": "Harbin–Manzhouli railway",
     "stations": ["manzhouli", "hailar", "zhalantun", "angangxi", "daqing", "harbin"], "gauge_mm": 1435,
     "published_km": 935.0,
     "published_source": "https://encyclopedia.datana.cloud/content/wikipedia_en_all_mini_2024-04/A/Harbin%E2%80%93Manzhouli_Railway"},
    {"id": "jingha-harbin-shenyang", "line": "Beijing–Harbin railway",
     "stations": ["harbin", "changchun", "siping", "tieling", "shenyang"], "gauge_mm": 1435},
    {"id": "binsui-harbin-suifenhe", "line": "Harbin–Suifenhe railway",
     "stations": ["harbin", "mudanjiang", "suifenhe"], "gauge_mm": 1435, "published_km": 548.0,
     "published_source": "https://www.weblio.jp/content/%E3%83%9D%E3%82%B0%E3%83%A9%E3%83%8B%E3%83%BC%E3%83%81%E3%83%8A%E3%83%A4%E9%A7%85"},
    {"id": "suifenhe-grodekovo-border", "border_crossing": True, "line": "Suifenhe–Grodekovo border crossing (dual gauge 1435/1520)",
     "stations": ["suifenhe", "grodekovo"], "gauge_mm": 1435, "published_km": 26.0,
     "published_source": "https://pediainside.com/wiki/%E6%B3%A2%E6%A0%BC%E6%8B%89%E5%B0%BC%E5%A5%87%E5%85%A7"},
    # Mongolia: pinned to OpenStreetMap's station nodes (HOT's export, MONGOLIA_STATIONS), a station or passing
    # loop every 10–25 km, so the line follows the track's bends between them closer than Natural Earth alone
    {"id": "transmongolian-naushki-sukhbaatar", "border_crossing": True, "line": "Trans-Mongolian Railway",
     "stations": ["naushki", "khoit-mn", "sukhbaatar-mn"], "gauge_mm": 1520, "pinned": True},
    {"id": "transmongolian-sukhbaatar-ulaanbaatar", "line": "Trans-Mongolian Railway", "osm_ways": True,
     "stations": ["sukhbaatar-mn", "shaamar-mn", "dulaan-mn", "yuroo-mn", "orkhon-mn", "enkhtal-mn", "darkhan",
                  "darkhan-2-mn", "tsaidam-mn", "salkhit-mn", "erkhet-mn", "nomgon-mn", "baruunkharaa-mn", "berkh-mn",
                  "zuunkharaa-mn", "unegt-mn", "tseg-264-mn", "shatanga-mn", "nogoontolgoi-mn", "rashaant-mn",
                  "davaany-mn", "emeelt-mn", "tolgoit-mn", "ulaanbaatar"], "gauge_mm": 1520, "pinned": True},
    {"id": "transmongolian-ulaanbaatar-zamyn-uud", "line": "Trans-Mongolian Railway", "osm_ways": True,
     "stations": ["ulaanbaatar", "amgalan-mn", "tuul-mn", "khonkhor-mn", "bumbat-mn", "bayan-mn", "khairkhan-mn",
                  "khoolt-mn", "tsagaan-khyar-mn", "chuluut-mn", "khangai-mn", "bagakhangai-mn", "maanyt-mn", "aguit-mn",
                  "naran-elgen-mn", "oortsog-enger-mn", "lun-mn", "bayantal-mn", "shivee-ovoo-mn", "shiveegovi-mn",
                  "ulziit-mn", "olon-ovoo-mn", "tsomog-mn", "airag-mn", "altganygol-mn", "ulkhyn-ovoo-mn", "agsumbet-mn",
                  "sainshand", "tushleg-mn", "urgun-mn", "doloodyn-khondii-mn", "ulaan-uul-mn", "nomt-mn",
                  "tsagaankhad-mn", "sumangiin-zoo-mn", "avgyn-gol-mn", "nartyn-khoshuu-mn", "shargyn-ovoo-mn",
                  "zamyn-uud-2-mn", "zamyn-uud"], "gauge_mm": 1520, "pinned": True},
    {"id": "zamyn-uud-erenhot-border", "border_crossing": True, "line": "Zamyn-Üüd–Erenhot border crossing (dual gauge 1520/1435)",
     "stations": ["zamyn-uud", "erenhot"], "gauge_mm": 1520},
    {"id": "jiner-erenhot-jining", "line": "Jining–Erenhot railway",
     "stations": ["erenhot", "jining-south"], "gauge_mm": 1435},
    {"id": "jingbao-jining-beijing", "line": "Beijing–Baotou railway",
     "stations": ["jining-south", "datong", "zhangjiakou", "beijing"], "gauge_mm": 1435},
]


Q = "https://github.com/CDK6182CHR/qETRC/blob/a6ad4071d04f46ed408d526e82b5f44b3b921bed/CRPassengerMileage.pyetlib"
#: China's east and south: sections measured by the national passenger mileage table (chainage/china_east_south.csv)
EAST_SOUTH: list[dict[str, object]] = [
    # Natural Earth's line reaches Angangxi from the south and turns back (+14% on the posts): drawn through stations
    {"id": "qiang-qiqihar-angangxi", "line": "Qiqihar–Angangxi railway", "drawn": "stations",
     "stations": ["qiqihar", "damintun", "yushutun", "angangxi"], "gauge_mm": 1435},
    {"id": "changtu-changchun-tumen", "line": "Changchun–Tumen railway",
     "stations": ["changchun", "jilin", "jiaohe", "dunhua", "antu", "yanji", "tumen-cn"], "gauge_mm": 1435},
    {"id": "shenji-shenyang-meihekou", "line": "Shenyang–Jilin railway",
     "stations": ["shenyang", "fushun-north", "nanzamu", "qingyuan-liaoning", "shanchengzhen", "meihekou"],
     "gauge_mm": 1435},
    {"id": "shenji-meihekou-jilin", "line": "Shenyang–Jilin railway",
     "stations": ["meihekou", "panshi", "kouqian", "jilin"], "gauge_mm": 1435},
    {"id": "meiji-meihekou-jian", "line": "Meihekou–Ji'an railway",
     "stations": ["meihekou", "liuhe-jilin", "tonghua", "jian"], "gauge_mm": 1435},
    {"id": "shenda-shenyang-dalian", "line": "Shenyang–Dalian railway",
     "stations": ["shenyang", "anshan", "haicheng", "dashiqiao", "gaizhou", "wafangdian", "jinzhou-dalian", "dalian"],
     "gauge_mm": 1435},
    {"id": "tianjin-west-link", "line": "Tianjin–Tianjin West link", "stations": ["tianjin", "tianjin-west"],
     "gauge_mm": 1435},
    {"id": "jinghu-tianjin-west-shanghai", "line": "Beijing–Shanghai railway",
     "stations": ["tianjin-west", "jinghai", "cangzhou", "botou", "dezhou", "pingyuan", "yucheng", "jinan", "taishan",
                  "yanzhou", "tengzhou", "zaozhuang-west", "xuzhou", "suzhou-anhui", "guzhen", "bengbu", "fengyang",
                  "mingguang", "chuzhou-north", "nanjing", "zhenjiang", "danyang", "changzhou", "wuxi", "suzhou",
                  "kunshan", "shanghai"], "gauge_mm": 1435},
    {"id": "jingguang-hengyang-guangzhou", "line": "Beijing–Guangzhou railway",
     "stations": ["hengyang", "leiyang", "chenzhou", "pingshi", "lechang", "shaoguan-east", "yingde", "yuantan",
                  "guangzhou"], "gauge_mm": 1435},
    {"id": "guangshen-guangzhou-shenzhen", "line": "Guangzhou–Shenzhen railway",
     "stations": ["guangzhou", "guangzhou-east", "dongguan", "changping-dongguan", "zhangmutou", "shenzhen"],
     "gauge_mm": 1435, "published_km": 147.0,
     "published_source": "https://wikiwand.com/en/articles/Guangzhou%E2%80%93Shenzhen_Railway"},
]
#: The DPRK's branches to Kaesong, Manp'o and Namyang along Natural Earth, kept on the line by the 1942
#: station list (a station every 5–10 km); Natural Earth comes closer to the posts than straight segments
#: between those stations (Pyongyang–Kaesong −6% against −9%, Sunch'ŏn–Manp'o −14% against −22%,
#: Hongŭi–Namyang −14% against −17%). The two bridges into China are drawn station to station: Natural
#: Earth's path from Manp'o to Ji'an runs 15.2 km, twice the 7.8 km between the stations
KOREA_BRANCHES: list[dict[str, object]] = [
    {"id": "pyongbu-pyongyang-kaesong", "line": "P'yŏngbu Line", "gauge_mm": 1435,
     "stations": ["pyongyang", "taedonggang-kp", "ryokpo-kp", "chunghwa-kp", "hukkyo-kp", "hwangju-kp", "simchon-1942-kp",
                  "kyedong-1942-kp", "sariwon-kp", "sinbongsan-1942-kp", "madong-1942-kp", "chonggye-kp", "hungsu-kp",
                  "sohung-kp", "sinmak-kp", "mulgae-kp", "namchon-1942-kp", "pyongsan-1942-kp", "hanpo-kp",
                  "kumgyo-1942-kp", "kyejong-kp", "ryohyon-kp", "tosong-1942-kp", "kaesong-kp"]},
    {"id": "manpo-sunchon-manpo", "line": "Manp'o Line", "gauge_mm": 1435,
     "stations": ["sunchon-kp", "chungpyong-kp", "kagam-kp", "ryongwolli-kp", "chondong-kp", "kaechon-kp", "wolli-kp",
                  "pongchon-kp", "chajak-kp", "kujang-kp", "sinhungdong-kp", "puksinhyon-kp", "myohyangsan-kp", "pusong-kp",
                  "huichon-kp", "chosang-kp", "myongmun-1942-kp", "kaego-kp", "kuhyon-1942-kp", "koin-kp", "riman-kp",
                  "unsong-manpo-kp", "chungam-1942-kp", "chonchon-kp", "ssangbangdong-kp", "pyorha-1942-kp",
                  "omoro-1942-kp", "kongin-kp", "kanggye-kp", "kokha-1942-kp", "ssangbu-1942-kp", "anchan-1942-kp",
                  "sijung-kp", "oegwi-1942-kp", "manpo-kp"]},
    {"id": "manpo-jian-border", "line": "Manp'o–Ji'an border crossing", "drawn": "stations", "gauge_mm": 1435,
     "border_crossing": True, "stations": ["manpo-kp", "jian"]},
    {"id": "hambuk-hongui-namyang", "line": "Hambuk Line", "gauge_mm": 1435,
     "stations": ["hongui-kp", "sahoe-1942-kp", "chonghak-1942-kp", "aoji-1942-kp", "sinasan-1942-kp", "singon-kp",
                  "sungnyang-1942-kp", "nongpo-1942-kp", "kyongwon-1942-kp", "hunyung-kp", "hwangpa-1942-kp",
                  "pungin-1942-kp", "onsong-kp", "seson-1942-kp", "pungi-1942-kp", "namyang-kp"]},
    {"id": "hambuk-chongjin-namyang", "line": "Hambuk Line", "gauge_mm": 1435,
     "stations": ["chongjin-kp", "susong-kp", "songmak-kp", "changhung-kp", "puryong-kp", "komusan-kp", "changpyong-kp",
                  "chongori-kp", "pungsan-1942-kp", "chungdo-1942-kp", "hoeryong-kp", "kumsaeng-kp", "koryongjin-1942-kp",
                  "hakpo-1942-kp", "sinjon-1942-kp", "kanpyong-1942-kp", "sangsambong-1942-kp", "chongsong-kp",
                  "soam-1942-kp", "tonggwan-1942-kp", "sugupo-1942-kp", "kangyang-1942-kp", "namyang-kp"]},
    {"id": "namyang-tumen-border", "line": "Namyang–Tumen border crossing", "drawn": "stations", "gauge_mm": 1435,
     "border_crossing": True, "stations": ["namyang-kp", "tumen-cn"]},
]
REGIONS = {"china_north_east_mongolia": SECTIONS, "china_east_south": EAST_SOUTH, "korea_branches": KOREA_BRANCHES}


def km(coords: np.ndarray) -> float:
    return float(GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


def read_tiles(tiles: Path) -> list[np.ndarray]:
    to_wgs84 = Transformer.from_crs(3857, 4326, always_xy=True)
    size = 2 * MERCATOR / 256
    lines = []
    for path in sorted(tiles.glob("8/*/*.pbf")):
        x, y = int(path.parent.name), int(path.stem)
        box = shapely.box(-MERCATOR + x * size, MERCATOR - (y + 1) * size, -MERCATOR + (x + 1) * size, MERCATOR - y * size)
        _, _, wkb, _ = pyogrio.raw.read(path, layer="ne_10m_railroads")
        for geom in shapely.from_wkb(wkb):
            clipped = shapely.intersection(geom, box)
            for part in getattr(clipped, "geoms", [clipped]):
                if part.geom_type == "LineString" and not part.is_empty:
                    xy = shapely.get_coordinates(part)
                    lon, lat = to_wgs84.transform(xy[:, 0], xy[:, 1])
                    lines.append(np.column_stack([lon, lat]))
    return lines


def build_graph(lines: list[np.ndarray], kind: str = "ne") -> nx.Graph:
    """One graph of ``lines`` (points within 300 m of a dangling end joined); each edge remembers its ``kind``."""
    graph = nx.Graph()
    for coords in lines:
        keys = [(round(float(a), 5), round(float(b), 5)) for a, b in coords]
        for a, b in itertools.pairwise(keys):
            if a != b:
                d = float(GEOD.inv(a[0], a[1], b[0], b[1])[2])
                graph.add_edge(a, b, w=d, m=d, kind=kind)
    nodes = list(graph.nodes)
    tree = shapely.STRtree(shapely.points(np.array(nodes)))
    for node in [n for n in nodes if graph.degree(n) == 1]:
        for i in tree.query(shapely.Point(node), predicate="dwithin", distance=0.003):
            other = nodes[int(i)]
            d = float(GEOD.inv(node[0], node[1], other[0], other[1])[2])
            if other != node and d < 300 and not graph.has_edge(node, other):
                graph.add_edge(node, other, w=d, m=d, kind=kind)
    return graph


def read_osm_ways(path: Path = MONGOLIA_WAYS_FILE) -> list[np.ndarray]:
    """The ``railway=rail`` ways of the vendored OpenStreetMap extract as coordinate arrays."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [np.array(f["geometry"]["coordinates"], dtype=float) for f in features
            if f["properties"]["railway"] == "rail"]


def with_osm_track(ne_graph: nx.Graph, osm_lines: list[np.ndarray]) -> nx.Graph:
    """Natural Earth's graph with OpenStreetMap track laid over it, the track preferred.

    Natural Earth's edges weigh :data:`NE_PENALTY` times their length; each end of track left dangling
    (where the export has a gap, or where a yard ends) is joined to Natural Earth's nearest point within
    :data:`GAP_JOIN_M`, so a path crosses a gap on Natural Earth's line and returns to the track after it.
    Only the largest connected part is kept: a station snapped to an isolated siding would have no path.
    """
    osm = build_graph(osm_lines, kind="osm")
    graph = nx.Graph()
    for a, b, data in ne_graph.edges(data=True):
        graph.add_edge(a, b, w=data["w"] * NE_PENALTY, m=data["m"], kind="ne")
    ne_nodes = list(ne_graph.nodes)
    ne_tree = shapely.STRtree(shapely.points(np.array(ne_nodes)))
    graph.add_edges_from(osm.edges(data=True))
    for node in [n for n in osm.nodes if osm.degree(n) == 1]:
        other = ne_nodes[int(ne_tree.nearest(shapely.Point(node)))]
        d = float(GEOD.inv(node[0], node[1], other[0], other[1])[2])
        if d < GAP_JOIN_M:
            graph.add_edge(node, other, w=d * NE_PENALTY, m=d, kind="join")
    return graph.subgraph(max(nx.connected_components(graph), key=len)).copy()


#: each place's source URL and kind, filled by :func:`load_places`
SOURCES: dict[str, str] = {}
KINDS: dict[str, str] = {}


def load_places() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every sourced place, read by the package's own gazetteer reader."""
    from journeys.geo.gazetteer import read_places_csv

    rows = [p for path in sorted((ROOT / "places").glob("*.csv")) for p in read_places_csv(path)]
    SOURCES.update({p.id: p.source for p in rows})
    KINDS.update({p.id: p.kind for p in rows})
    return {p.id: (p.lon, p.lat) for p in rows}


def through_stations(spec: dict[str, object], places: dict[str, tuple[float, float]]) -> dict[str, object]:
    """A section drawn as straight segments between its sourced stations (FORMAT.md: ``vertices``)."""
    stations = list(spec["stations"])  # type: ignore[call-overload]
    coords = np.array([places[p] for p in stations], dtype=float)
    props = {
        "id": spec["id"], "line": spec["line"], "from": stations[0], "to": stations[-1], "vertices": stations[1:-1],
        "gauge_mm": spec["gauge_mm"], "published_km": spec.get("published_km"),
        "published_source": spec.get("published_source"),
        **({"border_crossing": True} if spec.get("border_crossing") else {}),
        "geometry_source": ("Straight segments between the stations in line order (order and kilometre posts in "
                            "geodata/chainage); each station point as its row in geodata/places gives it, with "
                            "its source (" + ", ".join(sorted({SOURCES[p] for p in stations})) + ") (geodata/tools/ne_track.py)"),
    }
    print(f"{spec['id']}: {km(coords):.1f} km through {len(coords)} stations")
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[round(x, 6), round(y, 6)] for x, y in coords]}}


def loop_erased(path: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The path without its out-and-back detours: where it comes back to a point, what lay between is cut.

    A station snapped to a branch just off the main line (Khonkhor, at the Nalaikh branch) would
    otherwise send the path up the branch and back, adding length the track does not have.
    """
    out: list[tuple[float, float]] = []
    where: dict[tuple[float, float], int] = {}
    for point in path:
        if point in where:
            for dropped in out[where[point] + 1:]:
                del where[dropped]
            del out[where[point] + 1:]
        else:
            where[point] = len(out)
            out.append(point)
    return out


def pin(path: list[tuple[float, float]], stations: list[str],
        places: dict[str, tuple[float, float]]) -> tuple[np.ndarray, list[tuple[int, str, float]]]:
    """The path with each intermediate station's nearest point (in line order) moved onto the station's own point.

    Only sourced station points are pinned (a town point such as a GeoNames city is not on the track);
    each station is looked for after the one before it, so the line never runs back. Returns the
    coordinates and ``(vertex index, place id, km between the place and that vertex)`` per station.
    """
    line = np.array(path, dtype=float)
    coords = line.copy()
    marks: list[tuple[int, str, float]] = []
    last = 0
    for place_id in stations[1:-1]:
        lon, lat = places[place_id]
        metres = np.asarray(GEOD.inv(np.full(len(line), lon), np.full(len(line), lat), line[:, 0], line[:, 1])[2])
        metres[: last + 1] = np.inf
        metres[-1] = np.inf
        index = int(np.argmin(metres))
        gap = float(metres[index]) / 1000
        if KINDS[place_id] == "station":
            if gap > NAMED_KM:
                raise SystemExit(f"{place_id} is {gap:.1f} km from the line after the station before it: out of order?")
            coords[index] = (lon, lat)
            gap = 0.0
        marks.append((index, place_id, gap))
        last = index
    return coords, marks


def main(tiles: Path, region: str = "china_north_east_mongolia") -> None:
    ne_graph = build_graph(read_tiles(tiles))
    graphs = {False: ne_graph}
    if any(spec.get("osm_ways") for spec in REGIONS[region]):
        graphs[True] = with_osm_track(ne_graph, read_osm_ways())
    places = load_places()
    features = []
    for spec in REGIONS[region]:
        if spec.get("drawn") == "stations":
            features.append(through_stations(spec, places))
            continue
        graph = graphs[bool(spec.get("osm_ways"))]
        nodes = list(graph.nodes)
        tree = shapely.STRtree(shapely.points(np.array(nodes)))
        stations = list(spec["stations"])  # type: ignore[call-overload]
        pinned = bool(spec.get("pinned"))
        snapped = []
        for place_id in stations:
            lon, lat = places[place_id]
            node = nodes[int(tree.nearest(shapely.Point(lon, lat)))]
            gap = float(GEOD.inv(lon, lat, node[0], node[1])[2]) / 1000
            snapped.append((place_id, node, gap))
        path: list[tuple[float, float]] = [snapped[0][1]]
        marks: list[tuple[int, str, float]] = []
        for (_, a, _), (place_id, b, gap) in itertools.pairwise(snapped):
            path += nx.shortest_path(graph, a, b, weight="w")[1:]
            marks.append((len(path) - 1, place_id, gap))
        on_track = ""
        if spec.get("osm_ways"):
            by_kind = {"osm": 0.0, "ne": 0.0, "join": 0.0}
            for a, b in itertools.pairwise(loop_erased(path)):
                if a != b:
                    by_kind[graph.edges[a, b]["kind"]] += graph.edges[a, b]["m"] / 1000
            on_track = (
                f"OpenStreetMap track for {by_kind['osm']:.1f} km: the railway=rail ways of the Humanitarian "
                f"OpenStreetMap Team's export of Mongolia's railways ({MONGOLIA_WAYS}; the ways in the corridor, "
                f"each with its first, last and about one vertex in four, in geodata/tools/sources); across the "
                f"export's gaps ({by_kind['ne']:.1f} km, joined to the track by {by_kind['join']:.1f} km) "
            )
            print(f"  {spec['id']}: {on_track}")
        if pinned:
            coords, marks = pin(loop_erased(path), stations, places)
        else:
            coords = np.array(path, dtype=float)
            marks = marks[:-1]
        coords[0], coords[-1] = places[stations[0]], places[stations[-1]]
        named = [[i, p] for i, p, gap in marks if gap <= NAMED_KM and 0 < i < len(coords) - 1]
        far = [f"{p} ({gap:.1f} km)" for p, _, gap in snapped if gap > NAMED_KM]
        pins = sorted({SOURCES[p] for p in stations if KINDS[p] == "station"}) if pinned else []
        props = {
            "id": spec["id"], "line": spec["line"], "from": stations[0], "to": stations[-1], "stations": named,
            "gauge_mm": spec["gauge_mm"], "published_km": spec.get("published_km"),
            "published_source": spec.get("published_source"),
            "geometry_kind": "track" if on_track else "generalised",
            **({"border_crossing": True} if spec.get("border_crossing") else {}),
            "geometry_source": (
                on_track + f"Natural Earth 1:10m railroads (public domain), as vector tiles in https://github.com/{REPO} commit "
                f"{COMMIT}, public/train_tiles/8; routed through " + ", ".join(stations)
                + (f"; these stations lie off the generalised line: {', '.join(far)}" if far else "")
                + ("; the line passes through each station's own point (OpenStreetMap station nodes, ODbL 1.0, "
                   "© OpenStreetMap contributors: " + ", ".join(pins) + "), Natural Earth's line between them"
                   if pins else "")
                + " (geodata/tools/ne_track.py)"
            ),
            **({"licence": "ODbL-1.0", "attribution": OSM_CREDIT} if pins
               else {"licence": "public domain", "attribution": "Natural Earth"}),
        }
        print(f"{spec['id']}: {km(coords):.1f} km, {len(coords)} points, reference {spec.get('published_km')}, far {far}")
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": [[round(x, 5), round(y, 5)] for x, y in coords]}})
    rows = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    out = ROOT / "network" / f"{region}.geojson"
    tmp = out.with_suffix(".tmp")
    tmp.write_text('{"type":"FeatureCollection","features":[\n' + rows + "\n]}\n", encoding="utf-8")
    tmp.replace(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), *sys.argv[2:3])
