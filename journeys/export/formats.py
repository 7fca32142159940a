"""A routed trip in the formats other tools read: GeoJSON, GPX, KML and CSV.

Every format carries the same two things: the stops (points with their role, reported time windows
and distance from the origin along the route) and the route (one line per leg with its distance,
how the distance was measured, and the mode). A reported time is a window, because that is what the
sources allow, so each event has four fields, its earliest and latest moment in local time (with the
offset then in force) and in UTC, each a plain ISO 8601 date-time (``2025-09-02T02:00:00+08:00``,
``2025-09-01T18:00:00Z``) that GDAL, QGIS and pandas read as a date-time; an interval in one field
would be cut to its first moment by such readers. GPX and KML are written with ElementTree.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journeys import __version__
from journeys.geo.route import Route, RoutedLeg
from journeys.records.timeline import EVENT_ORDER, Event
from journeys.records.zones import localize

FORMATS = ("geojson", "gpx", "kml", "csv")
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpx": "gpx", ".kml": "kml", ".csv": "csv"}
GPX_NS = "http://www.topografix.com/GPX/1/1"
KML_NS = "http://www.opengis.net/kml/2.2"
#: Decimal places of exported coordinates: 1e-6 degrees is about 0.1 m.
PRECISION = 6

WINDOW_FIELDS = tuple(f"{kind}_{clock}_{end}" for kind in EVENT_ORDER for clock in ("local", "utc")
                      for end in ("earliest", "latest"))
STOP_FIELDS = ("index", "name", "role", "country", "lat", "lon", "zone", *WINDOW_FIELDS, "km_from_origin")
LEG_FIELDS = ("index", "from", "to", "mode", "km", "method", "estimate_reason")


def format_for(out: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the output file's suffix names, else GeoJSON."""
    if fmt:
        return fmt
    if out is not None and out.suffix.lower() in SUFFIXES:
        return SUFFIXES[out.suffix.lower()]
    return "geojson"


def window_fields(kind: str, event: Event | None) -> dict[str, str | None]:
    """The event's earliest and latest moment, in local time with its offset and in UTC (None if unreported)."""
    if event is None:
        return {f"{kind}_{clock}_{end}": None for clock in ("local", "utc") for end in ("earliest", "latest")}
    local = [localize(moment, event.zone) for moment in (event.local.earliest, event.local.latest)]
    utc = [event.earliest, event.latest]
    fields: dict[str, str | None] = {}
    for clock, moments in (("local", local), ("utc", utc)):
        for end, moment in zip(("earliest", "latest"), moments, strict=True):
            fields[f"{kind}_{clock}_{end}"] = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return fields


def stop_rows(route: Route) -> list[dict[str, Any]]:
    """One row per stop: where it is, its windows (None where nothing was reported), km from the origin."""
    trip = route.trip
    rows = []
    for index, (stop, resolution) in enumerate(zip(trip.journey.stops, trip.places, strict=True)):
        row: dict[str, Any] = {
            "index": index, "name": stop.name, "role": stop.role, "country": stop.country or resolution.place.country or None,
            "lat": round(resolution.place.lat, PRECISION), "lon": round(resolution.place.lon, PRECISION),
            "zone": trip.timeline.zones[index],
        }
        for kind in EVENT_ORDER:
            row |= window_fields(kind, trip.timeline.at(index, kind))
        row["km_from_origin"] = round(float(route.km_between(0, index)), 1)
        rows.append(row)
    return rows


def leg_row(route: Route, index: int, leg: RoutedLeg) -> dict[str, Any]:
    """A leg's attributes: its ends, mode, km and how the km were measured."""
    stops = route.trip.journey.stops
    return {"index": index, "from": stops[leg.start].name, "to": stops[leg.end].name, "mode": leg.mode,
            "km": round(leg.km, 1), "method": leg.method, "estimate_reason": leg.estimate_reason}


def leg_coords(leg: RoutedLeg) -> list[tuple[float, float]]:
    """(lon, lat) points of a leg, rounded."""
    return [(round(float(lon), PRECISION), round(float(lat), PRECISION)) for lon, lat in leg.coords]


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


def _leg_description(row: dict[str, Any]) -> str:
    reason = f" ({row['estimate_reason']})" if row["estimate_reason"] else ""
    return f"{row['mode']}, {row['km']:g} km, measured by {row['method']}{reason}"


# -- formats ------------------------------------------------------------------------------------------


def to_geojson(route: Route) -> str:
    """A FeatureCollection: stops as Points, then legs as LineStrings; ``feature`` tells them apart."""
    features: list[dict[str, Any]] = []
    for row in stop_rows(route):
        properties = {"feature": "stop", **{k: v for k, v in row.items() if k not in ("lat", "lon")}}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                         "properties": properties})
    for index, leg in enumerate(route.legs):
        features.append({"type": "Feature",
                         "geometry": {"type": "LineString", "coordinates": [list(p) for p in leg_coords(leg)]},
                         "properties": {"feature": "leg", **leg_row(route, index, leg)}})
    journey = route.trip.journey
    collection = {"type": "FeatureCollection", "name": journey.id, "title": journey.title, "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_gpx(route: Route) -> str:
    """GPX 1.1: each stop a waypoint, the route one track with a segment per leg."""
    journey = route.trip.journey
    root = ET.Element("gpx", {"version": "1.1", "creator": f"journeys {__version__}", "xmlns": GPX_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "name", journey.title)
    _sub(metadata, "desc", f"{journey.traveller}, {journey.year} (journeys record {journey.id})")
    for row in stop_rows(route):
        point = _sub(root, "wpt", lat=f"{row['lat']}", lon=f"{row['lon']}")
        _sub(point, "name", row["name"])
        _sub(point, "desc", _stop_description(row))
        _sub(point, "type", row["role"])
    track = _sub(root, "trk")
    _sub(track, "name", journey.title)
    _sub(track, "desc", "; ".join(f"{r['from']} → {r['to']}: {_leg_description(r)}"
                                  for r in (leg_row(route, i, leg) for i, leg in enumerate(route.legs))))
    for leg in route.legs:
        segment = _sub(track, "trkseg")
        for lon, lat in leg_coords(leg):
            _sub(segment, "trkpt", lat=f"{lat}", lon=f"{lon}")
    return _xml(root)


def _extended(parent: ET.Element, row: dict[str, Any], names: Sequence[str]) -> None:
    data = _sub(parent, "ExtendedData")
    for name in names:
        if row.get(name) is not None:
            _sub(_sub(data, "Data", name=name), "value", str(row[name]))


def to_kml(route: Route) -> str:
    """KML 2.2: a folder of stop placemarks and a folder of leg placemarks with LineStrings."""
    journey = route.trip.journey
    root = ET.Element("kml", {"xmlns": KML_NS})
    document = _sub(root, "Document")
    _sub(document, "name", journey.title)
    stops = _sub(document, "Folder")
    _sub(stops, "name", "stops")
    for row in stop_rows(route):
        placemark = _sub(stops, "Placemark")
        _sub(placemark, "name", row["name"])
        _sub(placemark, "description", _stop_description(row))
        _extended(placemark, row, [f for f in STOP_FIELDS if f not in ("name", "lat", "lon")])
        _sub(_sub(placemark, "Point"), "coordinates", f"{row['lon']},{row['lat']}")
    legs = _sub(document, "Folder")
    _sub(legs, "name", "route")
    for index, leg in enumerate(route.legs):
        row = leg_row(route, index, leg)
        placemark = _sub(legs, "Placemark")
        _sub(placemark, "name", f"{row['from']} → {row['to']}")
        _sub(placemark, "description", _leg_description(row))
        _extended(placemark, row, [f for f in LEG_FIELDS if f not in ("from", "to")])
        line = _sub(placemark, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", " ".join(f"{lon},{lat}" for lon, lat in leg_coords(leg)))
    return _xml(root)


def to_csv(route: Route) -> str:
    """One row per stop, columns STOP_FIELDS; an empty cell where nothing was reported."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STOP_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in stop_rows(route):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return buffer.getvalue()


WRITERS = {"geojson": to_geojson, "gpx": to_gpx, "kml": to_kml, "csv": to_csv}


def export_text(route: Route, fmt: str) -> str:
    """The routed trip in one of FORMATS."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return WRITERS[fmt](route)
