"""GPX and KML, the two XML exports, written with ElementTree from the rows of :mod:`journeys.export.rows`.

Times. GPX gives a point one ``<time>``, an instant, where the sources give a window ("afternoon",
"between 06:00 and 07:00"). The choice made here: a point's ``<time>`` is the *earliest* moment the
window allows (in UTC), never a midpoint that no source said; the whole window, local and UTC, is
in the point's ``<desc>``. A waypoint's time is when the train reached the stop (arrival, else
passing, else departure); a track segment (one per leg) has a time on its first point (leaving the
first stop: departure, else passing, else arrival) and on its last (reaching the next stop), and
none in between, where no source says when the train passed. A stop with no reported time has no
``<time>``. KML has intervals, so stops and legs carry ``<TimeSpan>`` with the window's earliest
``<begin>`` and latest ``<end>``.

Types. KML's ExtendedData is text unless declared: each folder's fields are declared in a
``<Schema>`` (``SimpleField type="double"`` for km, ``int`` for indexes), so GDAL, QGIS and Google
Earth read numbers as numbers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from journeys import __version__
from journeys.check.analysis import AnalysedJourney
from journeys.export.rows import FIELDS, PRECISION, claim_rows, leg_rows, stop_rows
from journeys.records.timeline import EVENT_ORDER

GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
#: KML SimpleField types for the rows' types; a date-time is ISO 8601 text in KML (its TimeSpan is typed)
KML_TYPES = {"int": "int", "double": "double", "string": "string", "datetime": "string"}
#: fields a placemark carries in its own elements: <name>, and <TimeSpan> for the moments it spans
KML_OWN = ("name", "begin_utc", "end_utc")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _window_text(row: dict[str, Any], kind: str, clock: str) -> str:
    earliest, latest = row[f"{kind}_{clock}_earliest"], row[f"{kind}_{clock}_latest"]
    return str(earliest) if earliest == latest else f"{earliest}/{latest}"


def _times_text(row: dict[str, Any]) -> str:
    """The windows in words for a description: 'arrival 2025-09-02T16:00:00+08:00 (UTC ...)'."""
    parts = [f"{kind} {_window_text(row, kind, 'local')} (UTC {_window_text(row, kind, 'utc')})"
             for kind in EVENT_ORDER if row[f"{kind}_local_earliest"]]
    return "; ".join(parts) or "no reported time"


def _stop_description(row: dict[str, Any]) -> str:
    return f"{row['role']}; {_times_text(row)}; {row['km_from_origin']:g} km from the origin along the route"


def _km_text(row: dict[str, Any]) -> str:
    low, high = row["distance_low_km"], row["distance_high_km"]
    return f"{row['km']:g} km" if low == high else f"{row['km']:g} km (between {low:g} and {high:g} km)"


def _leg_description(row: dict[str, Any]) -> str:
    reason = f" ({row['estimate_reason']})" if row["estimate_reason"] else ""
    return f"{row['mode']}, {_km_text(row)}, measured by {row['method']}{reason}"


def _claim_description(row: dict[str, Any]) -> str:
    where = row["source_url"] or row["source_locator"] or ""
    cited = ", ".join(str(p) for p in (row["source_publisher"], row["source_title"], row["source_date"], where) if p)
    return f"“{row['quote']}” ({row['kind']}: {row['says']}) — {row['verdict']}: {row['reason']}. Source {row['source']}: {cited}"


def _coords(analysed: AnalysedJourney, index: int) -> list[tuple[float, float]]:
    return [(round(float(lon), PRECISION), round(float(lat), PRECISION)) for lon, lat in analysed.route.legs[index].coords]


# -- GPX ----------------------------------------------------------------------------------------------


def _point(parent: ET.Element, tag: str, lon: float, lat: float, time: str | None) -> ET.Element:
    point = _sub(parent, tag, lat=f"{lat}", lon=f"{lon}")
    if time is not None:
        _sub(point, "time", time)
    return point


def to_gpx(analysed: AnalysedJourney) -> str:
    """GPX 1.1: each stop a waypoint with its earliest reported moment, the route one track with a segment per leg."""
    journey = analysed.journey
    root = ET.Element("gpx", {"version": "1.1", "creator": f"journeys {__version__}", "xmlns": GPX_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "name", journey.title)
    _sub(metadata, "desc", f"{journey.traveller}, {journey.year} (journeys record {journey.id}); a <time> is the "
                           "earliest moment of the reported window given in <desc>")
    stops = stop_rows(analysed)
    for row in stops:
        point = _point(root, "wpt", row["lon"], row["lat"], row["begin_utc"])  # wpt: <time> before <name>
        _sub(point, "name", row["name"])
        _sub(point, "desc", _stop_description(row))
        _sub(point, "type", row["role"])
    legs = leg_rows(analysed)
    track = _sub(root, "trk")
    _sub(track, "name", journey.title)
    _sub(track, "desc", "; ".join(f"{r['from']} → {r['to']}: {_leg_description(r)}" for r in legs))
    for row, leg in zip(legs, analysed.route.legs, strict=True):
        segment = _sub(track, "trkseg")
        coords = _coords(analysed, row["index"])
        reached = stops[leg.end]
        last_time = reached["begin_utc"]
        for position, (lon, lat) in enumerate(coords):
            time = row["begin_utc"] if position == 0 else last_time if position == len(coords) - 1 else None
            _point(segment, "trkpt", lon, lat, time)
    return _xml(root)


# -- KML ----------------------------------------------------------------------------------------------


def _schema(document: ET.Element, layer: str) -> None:
    schema = _sub(document, "Schema", name=layer, id=layer)
    for name, kind in FIELDS[layer].items():
        if name not in KML_OWN:
            _sub(schema, "SimpleField", type=KML_TYPES[kind], name=name)


def _placemark(folder: ET.Element, layer: str, name: str, description: str, row: dict[str, Any]) -> ET.Element:
    """A placemark with name, description, TimeSpan (where known) and typed ExtendedData; the caller adds geometry."""
    placemark = _sub(folder, "Placemark")
    _sub(placemark, "name", name)
    _sub(placemark, "description", description)
    if row.get("begin_utc") or row.get("end_utc"):
        span = _sub(placemark, "TimeSpan")
        for tag, key in (("begin", "begin_utc"), ("end", "end_utc")):
            if row.get(key):
                _sub(span, tag, row[key])
    data = _sub(_sub(placemark, "ExtendedData"), "SchemaData", schemaUrl=f"#{layer}")
    for field in FIELDS[layer]:
        if field not in KML_OWN and row.get(field) is not None:
            _sub(data, "SimpleData", str(row[field]), name=field)
    return placemark


def to_kml(analysed: AnalysedJourney) -> str:
    """KML 2.2: folders of stop, leg and claim placemarks; claims have no geometry (the span's stops are fields)."""
    journey = analysed.journey
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = _sub(root, "Document")
    _sub(document, "name", journey.title)
    for layer in ("stops", "legs", "claims"):
        _schema(document, layer)
    stops = _sub(document, "Folder")
    _sub(stops, "name", "stops")
    for row in stop_rows(analysed):
        placemark = _placemark(stops, "stops", row["name"], _stop_description(row), row)
        _sub(_sub(placemark, "Point"), "coordinates", f"{row['lon']},{row['lat']}")
    legs = _sub(document, "Folder")
    _sub(legs, "name", "legs")
    for row in leg_rows(analysed):
        placemark = _placemark(legs, "legs", f"{row['from']} → {row['to']}", _leg_description(row), row)
        line = _sub(placemark, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", " ".join(f"{lon},{lat}" for lon, lat in _coords(analysed, row["index"])))
    claims = _sub(document, "Folder")
    _sub(claims, "name", "claims")
    for row in claim_rows(analysed):
        _placemark(claims, "claims", f"{row['kind']}: {row['says']}", _claim_description(row), row)
    return _xml(root)
