"""`journeys export`: every format read back with a real reader gives the record's stops and route.

GeoJSON, GPX and KML are read through GDAL (geopandas/pyogrio; KML with GDAL's LIBKML driver), CSV
with the csv module, and compared with the bundled record 2025-beijing as the trip resolves it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas
import pandas
import pyogrio
import pytest

from journeys.export.formats import FORMATS, GPX_NS, KML_NS, export_text, format_for
from journeys.geo.route import Route, route_trip
from journeys.geo.trip import make_trip
from journeys.records.files import RECORDS_ENV, bundled_records_dir, read_record

JOURNEY_ID = "2025-beijing"
TOLERANCE_DEG = 1e-6  # coordinates are exported to 6 decimals


@pytest.fixture(scope="module")
def route() -> Route:
    """The bundled record, read on its own so that another record being edited cannot break these tests."""
    return route_trip(make_trip(read_record(bundled_records_dir() / f"{JOURNEY_ID}.yaml")))


@pytest.fixture(scope="module")
def files(route: Route, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    written = {}
    for fmt in FORMATS:
        path = folder / f"{JOURNEY_ID}.{fmt}"
        path.write_text(export_text(route, fmt), encoding="utf-8")
        written[fmt] = path
    return written


def expected_stops(route: Route) -> list[tuple[str, float, float]]:
    return [(stop.name, place.place.lon, place.place.lat)
            for stop, place in zip(route.trip.journey.stops, route.trip.places, strict=True)]


def assert_points(frame: geopandas.GeoDataFrame, names: list[str], route: Route) -> None:
    """Names, count and coordinates of the points match the record's stops, in order."""
    expected = expected_stops(route)
    assert names == [name for name, _, _ in expected]
    assert list(frame.geometry.geom_type) == ["Point"] * len(expected)
    for point, (name, lon, lat) in zip(frame.geometry, expected, strict=True):
        assert point.x == pytest.approx(lon, abs=TOLERANCE_DEG), name
        assert point.y == pytest.approx(lat, abs=TOLERANCE_DEG), name


def assert_leg_lines(lines: list[object], route: Route) -> None:
    """One line per leg, following the routed coordinates from end to end."""
    assert len(lines) == len(route.legs) == len(route.trip.journey.stops) - 1
    for line, leg in zip(lines, route.legs, strict=True):
        coords = list(line.coords)  # type: ignore[attr-defined]
        assert len(coords) == len(leg.coords)
        for (x, y), (lon, lat) in ((coords[0], leg.coords[0]), (coords[-1], leg.coords[-1])):
            assert (x, y) == pytest.approx((lon, lat), abs=TOLERANCE_DEG)


def expect_moments(row: pandas.Series, kind: str, earliest: str, latest: str) -> None:
    """GDAL reads each end of a window as a date-time: the same instants in the local and UTC fields."""
    for clock in ("local", "utc"):
        assert pandas.Timestamp(row[f"{kind}_{clock}_earliest"]) == pandas.Timestamp(earliest), (kind, clock)
        assert pandas.Timestamp(row[f"{kind}_{clock}_latest"]) == pandas.Timestamp(latest), (kind, clock)


def test_geojson_read_by_gdal(files: dict[str, Path], route: Route) -> None:
    assert pyogrio.read_info(files["geojson"])["driver"] == "GeoJSON"
    frame = geopandas.read_file(files["geojson"], engine="pyogrio")
    stops = frame[frame["feature"] == "stop"]
    assert_points(stops, list(stops["name"]), route)
    assert list(stops["role"]) == [s.role for s in route.trip.journey.stops]
    expect_moments(stops.iloc[4], "arrival", "2025-09-02T16:00+08:00", "2025-09-02T16:00+08:00")  # Beijing
    expect_moments(stops.iloc[4], "departure", "2025-09-04T22:00+08:00", "2025-09-04T22:00+08:00")
    expect_moments(stops.iloc[0], "departure", "2025-09-01T12:00+09:00", "2025-09-01T18:00+09:00")  # Pyongyang
    expect_moments(stops.iloc[3], "passing", "2025-09-02T06:00+08:00", "2025-09-02T07:00+08:00")  # Shenyang
    assert pandas.isna(stops.iloc[1]["arrival_local_earliest"])  # nothing reported at Sinuiju
    legs = frame[frame["feature"] == "leg"]
    assert set(legs.geometry.geom_type) == {"LineString"}
    assert_leg_lines(list(legs.geometry), route)
    stops_named = route.trip.journey.stops
    for (_, row), leg in zip(legs.iterrows(), route.legs, strict=True):
        assert (row["from"], row["to"]) == (stops_named[leg.start].name, stops_named[leg.end].name)
        assert row["km"] == pytest.approx(leg.km, abs=0.05)
        assert (row["mode"], row["method"]) == (leg.mode, leg.method)


def test_gpx_read_by_gdal(files: dict[str, Path], route: Route) -> None:
    root = ET.parse(files["gpx"]).getroot()
    assert root.tag == f"{{{GPX_NS}}}gpx" and root.get("version") == "1.1"
    assert pyogrio.read_info(files["gpx"], layer="waypoints")["driver"] == "GPX"
    waypoints = geopandas.read_file(files["gpx"], layer="waypoints", engine="pyogrio")
    assert_points(waypoints, list(waypoints["name"]), route)
    assert list(waypoints["type"]) == [s.role for s in route.trip.journey.stops]
    tracks = geopandas.read_file(files["gpx"], layer="tracks", engine="pyogrio")
    assert len(tracks) == 1
    (track,) = tracks.geometry
    assert track.geom_type == "MultiLineString"
    assert_leg_lines(list(track.geoms), route)


def test_kml_read_by_gdal(files: dict[str, Path], route: Route) -> None:
    root = ET.parse(files["kml"]).getroot()
    assert root.tag == f"{{{KML_NS}}}kml"
    layers = [name for name, _ in pyogrio.list_layers(files["kml"])]
    assert layers == ["stops", "route"]
    assert pyogrio.read_info(files["kml"], layer="stops")["driver"] == "LIBKML"
    stops = geopandas.read_file(files["kml"], layer="stops", engine="pyogrio")
    assert_points(stops, list(stops["Name"]), route)
    assert list(stops["role"]) == [s.role for s in route.trip.journey.stops]  # ExtendedData as fields
    legs = geopandas.read_file(files["kml"], layer="route", engine="pyogrio")
    assert set(legs.geometry.geom_type) == {"LineString"}
    assert_leg_lines(list(legs.geometry), route)
    assert [float(km) for km in legs["km"]] == pytest.approx([leg.km for leg in route.legs], abs=0.05)


def test_csv_read_by_the_csv_module(files: dict[str, Path], route: Route) -> None:
    with files["csv"].open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = expected_stops(route)
    assert [r["name"] for r in rows] == [name for name, _, _ in expected]
    for row, (name, lon, lat) in zip(rows, expected, strict=True):
        assert (float(row["lon"]), float(row["lat"])) == pytest.approx((lon, lat), abs=TOLERANCE_DEG), name
    assert [r["role"] for r in rows] == [s.role for s in route.trip.journey.stops]
    km = [float(r["km_from_origin"]) for r in rows]
    assert km[0] == 0 and km == sorted(km)
    assert km[-1] == pytest.approx(route.km, abs=0.05)
    dandong = rows[2]
    assert dandong["name"] == "Dandong"
    assert dandong["passing_local_latest"].endswith("+08:00")
    assert dandong["passing_utc_latest"].startswith("2025-09-01T") and dandong["passing_utc_latest"].endswith("Z")
    assert all(rows[1][f] == "" for f in rows[1] if f.endswith(("_earliest", "_latest")))  # nothing reported at Sinuiju


def test_format_from_suffix() -> None:
    assert format_for(Path("trip.gpx"), None) == "gpx"
    assert format_for(Path("trip.KML"), None) == "kml"
    assert format_for(Path("trip.json"), None) == "geojson"
    assert format_for(None, None) == "geojson"
    assert format_for(Path("trip.gpx"), "csv") == "csv"


def test_the_command_writes_what_the_library_exports(route: Route, tmp_path: Path) -> None:
    """`journeys export` (the installed script, run outside the repository): --out and stdout agree."""
    script = Path(sys.executable).with_name("journeys")
    env = {k: v for k, v in os.environ.items() if k != RECORDS_ENV} | {"HOME": str(tmp_path)}
    for fmt in FORMATS:
        out = tmp_path / "out" / f"trip.{fmt}"
        written = subprocess.run([str(script), "export", JOURNEY_ID, "--format", fmt, "--out", str(out)], cwd=tmp_path,
                                 env=env, capture_output=True, text=True, timeout=300)
        assert written.returncode == 0, written.stderr
        assert out.read_text(encoding="utf-8") == export_text(route, fmt)
        printed = subprocess.run([str(script), "export", JOURNEY_ID, "--format", fmt], cwd=tmp_path, env=env,
                                 capture_output=True, text=True, timeout=300)
        assert printed.returncode == 0, printed.stderr
        assert printed.stdout == export_text(route, fmt)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"trip.{fmt}" for fmt in FORMATS)


def test_unknown_journey_is_one_line(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("journeys")
    result = subprocess.run([str(script), "export", "no-such-trip", "--format", "gpx", "--out", str(tmp_path / "x.gpx")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "no journey with id 'no-such-trip'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.gpx").exists()
