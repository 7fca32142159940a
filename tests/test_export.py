"""`journeys export`: every format of every bundled journey read back by GDAL (pyogrio) with typed fields.

Numbers come back as float64 and int columns, moments as date-time columns, GPX points with
``<time>`` where the record has one, KML and GeoPackage with a claims layer; the values are compared
with the analysed journey they were exported from (its route, timeline and the calculator's check).
CSV is read with the csv module.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas
import pyogrio
import pytest

from journeys.check.analysis import AnalysedJourney, analyse_records
from journeys.export.formats import TEXT_FORMATS, export_text, format_for
from journeys.export.geopackage import write_geopackage
from journeys.export.markup import GPX_NS, KML_NS
from journeys.export.rows import FIELDS
from journeys.records.files import RECORDS_ENV, bundled_records_dir, journey_to_yaml, read_record
from journeys.records.timeline import Event

IDS = sorted(p.stem for p in bundled_records_dir().glob("*.yaml"))
TOLERANCE_DEG = 1e-6  # coordinates are exported to 6 decimals
CSV_LAYERS = ("stops", "legs", "claims")


@pytest.fixture(scope="module")
def analysed() -> dict[str, AnalysedJourney]:
    """The bundled records, each read on its own so that another record being edited cannot break these tests."""
    records = [read_record(bundled_records_dir() / f"{jid}.yaml") for jid in IDS]
    return {a.journey.id: a for a in analyse_records(records)}


@pytest.fixture(scope="module")
def files(analysed: dict[str, AnalysedJourney], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every export of every journey: (id, format) -> file; CSV once per layer as (id, 'csv-<layer>')."""
    folder = tmp_path_factory.mktemp("export")
    written = {}
    for jid, journey in analysed.items():
        for fmt in ("geojson", "gpx", "kml"):
            written[jid, fmt] = folder / f"{jid}.{fmt}"
            written[jid, fmt].write_text(export_text(journey, fmt), encoding="utf-8")
        for layer in CSV_LAYERS:
            written[jid, f"csv-{layer}"] = folder / f"{jid}-{layer}.csv"
            written[jid, f"csv-{layer}"].write_text(export_text(journey, "csv", layer), encoding="utf-8")
        written[jid, "gpkg"] = folder / f"{jid}.gpkg"
        write_geopackage(journey, written[jid, "gpkg"])
    return written


def utc(event: Event | None, end: str) -> pandas.Timestamp | None:
    return None if event is None else pandas.Timestamp(event.earliest if end == "earliest" else event.latest)


def same_moments(column: pandas.Series, expected: Sequence[pandas.Timestamp | None]) -> None:
    assert [None if pandas.isna(v) else pandas.Timestamp(v) for v in column] == list(expected)


def is_datetime(column: pandas.Series) -> bool:
    return pandas.api.types.is_datetime64_any_dtype(column)


def assert_stops(frame: pandas.DataFrame, names: Sequence[str], journey: AnalysedJourney) -> None:
    """Names, points and the times the train was at each stop (reached at the earliest, left at the latest)."""
    trip, timeline = journey.trip, journey.trip.timeline
    assert list(names) == [s.name for s in trip.journey.stops]
    assert list(frame.geometry.geom_type) == ["Point"] * len(trip.places)
    for point, place in zip(frame.geometry, trip.places, strict=True):
        assert (point.x, point.y) == pytest.approx((place.place.lon, place.place.lat), abs=TOLERANCE_DEG)
    indexes = range(len(trip.places))
    for field, expected in (("begin", [utc(timeline.reaching(i), "earliest") for i in indexes]),
                            ("end", [utc(timeline.leaving(i), "latest") for i in indexes])):
        column = frame[field if field in frame else f"{field}_utc"]
        assert is_datetime(column), field
        same_moments(column, expected)


def assert_legs(frame: pandas.DataFrame, journey: AnalysedJourney) -> None:
    """One line per leg along the routed coordinates, km and the checks' range as float64 columns."""
    legs, checked = journey.route.legs, journey.check.legs
    assert len(frame) == len(legs) == len(journey.journey.stops) - 1
    for line, leg in zip(frame.geometry, legs, strict=True):
        coords = list(line.coords)
        assert len(coords) == len(leg.coords)
        assert coords[0] == pytest.approx(tuple(leg.coords[0]), abs=TOLERANCE_DEG)
        assert coords[-1] == pytest.approx(tuple(leg.coords[-1]), abs=TOLERANCE_DEG)
    for field in ("km", "distance_low_km", "distance_high_km"):
        assert frame[field].dtype == "float64", field
    assert list(frame["km"]) == pytest.approx([leg.km for leg in legs], abs=0.05)
    assert list(frame["distance_low_km"]) == pytest.approx([c.distance_km.low for c in checked], abs=0.05)
    assert list(frame["distance_high_km"]) == pytest.approx([c.distance_km.high for c in checked], abs=0.05)
    for low, km, high in zip(frame["distance_low_km"], frame["km"], frame["distance_high_km"], strict=True):
        assert low - 0.05 <= km <= high + 0.05  # the routed km lies in the range the checks allow
    # a range only where the distance is in doubt: an estimate, or a line the train may or may not have taken
    uncertain = [leg.is_estimate or leg.km_range is not None for leg in legs]
    assert list(frame["distance_low_km"] < frame["distance_high_km"]) == uncertain


def assert_claims(frame: pandas.DataFrame, journey: AnalysedJourney) -> None:
    """Every claim with the calculator's verdict and reason, the stops it concerns and its source cited."""
    checked = journey.check.claims
    assert len(frame) == len(checked) > 0
    assert list(frame["verdict"]) == [c.verdict for c in checked]
    assert list(frame["reason"]) == [c.reason for c in checked]
    assert list(frame["quote"]) == [c.claim.quote for c in checked]
    spans = [journey.journey.span_indexes(c.claim.span) for c in checked]
    assert list(frame["span_from_index"]) == [a for a, _ in spans] and list(frame["span_to_index"]) == [b for _, b in spans]
    sources = {s.id: s for s in journey.journey.sources}
    assert list(frame["source"]) == [c.claim.source for c in checked]
    assert list(frame["source_publisher"]) == [sources[c.claim.source].publisher for c in checked]
    assert list(frame["source_title"]) == [sources[c.claim.source].title for c in checked]
    urls = [str(sources[c.claim.source].url) if sources[c.claim.source].url else None for c in checked]
    assert [None if pandas.isna(u) else u for u in frame["source_url"]] == urls


@pytest.mark.parametrize("jid", IDS)
def test_geojson_read_by_gdal(jid: str, files: dict[tuple[str, str], Path], analysed: dict[str, AnalysedJourney]) -> None:
    path, journey = files[jid, "geojson"], analysed[jid]
    assert pyogrio.read_info(path)["driver"] == "GeoJSON"
    frame = pyogrio.read_dataframe(path)
    stops = frame[frame["feature"] == "stop"]
    assert_stops(stops, list(stops["name"]), journey)
    moments = [c for c in frame.columns if ("_utc_" in c or "_local_" in c) and frame[c].notna().any()]
    assert moments  # (a field no stop has a value for has no type in GeoJSON: GDAL reads it as text)
    for field in moments:
        assert is_datetime(frame[field]), field  # every reported moment, local or UTC, is a date-time
    assert frame["km_from_origin"].dtype == "float64"
    legs = frame[frame["feature"] == "leg"]
    assert set(legs.geometry.geom_type) == {"LineString"}
    assert_legs(legs, journey)
    claims = frame[frame["feature"] == "claim"]
    assert claims.geometry.isna().all()  # a claim is about stops, named by index, not a shape
    assert_claims(claims, journey)


@pytest.mark.parametrize("jid", IDS)
def test_gpx_read_by_gdal_with_times(jid: str, files: dict[tuple[str, str], Path],
                                     analysed: dict[str, AnalysedJourney]) -> None:
    path, journey = files[jid, "gpx"], analysed[jid]
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{GPX_NS}}}gpx" and root.get("version") == "1.1"
    timeline = journey.trip.timeline
    waypoints = pyogrio.read_dataframe(path, layer="waypoints")
    assert list(waypoints["type"]) == [s.role for s in journey.journey.stops]
    assert is_datetime(waypoints["time"])
    # a waypoint's time is the earliest moment the train may have reached the stop; none where no time is known
    same_moments(waypoints["time"], [utc(timeline.reaching(i), "earliest") for i in range(len(waypoints))])
    assert waypoints["time"].notna().sum() >= 2
    tracks = pyogrio.read_dataframe(path, layer="tracks")
    assert len(tracks) == 1 and tracks.geometry.iloc[0].geom_type == "MultiLineString"
    assert len(tracks.geometry.iloc[0].geoms) == len(journey.route.legs)
    points = pyogrio.read_dataframe(path, layer="track_points")
    assert is_datetime(points["time"])
    expected_ends = []
    for segment, leg in enumerate(journey.route.legs):
        ends = points[points["track_seg_id"] == segment].sort_values("track_seg_point_id")["time"]
        assert len(ends) == len(leg.coords)
        left, reached = timeline.leaving(leg.start), timeline.reaching(leg.end)
        same_moments(ends.iloc[[0, -1]], [utc(left, "earliest"), utc(reached, "earliest")])
        assert ends.iloc[1:-1].isna().all()  # no source says when the train passed the points between stops
        expected_ends += [timeline.leaving(leg.start), timeline.reaching(leg.end)]
    assert points["time"].notna().sum() == sum(e is not None for e in expected_ends)


@pytest.mark.parametrize("jid", IDS)
def test_kml_read_by_gdal_with_schema_and_timespans(jid: str, files: dict[tuple[str, str], Path],
                                                    analysed: dict[str, AnalysedJourney]) -> None:
    path, journey = files[jid, "kml"], analysed[jid]
    assert ET.parse(path).getroot().tag == f"{{{KML_NS}}}kml"
    assert [name for name, _ in pyogrio.list_layers(path)] == ["stops", "legs", "claims"]
    assert pyogrio.read_info(path, layer="stops")["driver"] == "LIBKML"
    stops = pyogrio.read_dataframe(path, layer="stops")
    assert_stops(stops, list(stops["Name"]), journey)  # TimeSpan begin/end read as date-times
    assert list(stops["role"]) == [s.role for s in journey.journey.stops]
    assert stops["km_from_origin"].dtype == "float64" and stops["index"].dtype.kind == "i"
    legs = pyogrio.read_dataframe(path, layer="legs")
    assert_legs(legs, journey)
    timeline = journey.trip.timeline
    same_moments(legs["begin"], [utc(timeline.leaving(leg.start), "earliest") for leg in journey.route.legs])
    same_moments(legs["end"], [utc(timeline.reaching(leg.end), "latest") for leg in journey.route.legs])
    claims = pyogrio.read_dataframe(path, layer="claims")
    assert claims["span_from_index"].dtype.kind == "i"
    assert_claims(claims, journey)


@pytest.mark.parametrize("jid", IDS)
def test_geopackage_has_three_typed_layers(jid: str, files: dict[tuple[str, str], Path],
                                           analysed: dict[str, AnalysedJourney]) -> None:
    path, journey = files[jid, "gpkg"], analysed[jid]
    assert pyogrio.read_info(path, layer="stops")["driver"] == "GPKG"
    layers = dict(pyogrio.list_layers(path))
    assert list(layers) == ["stops", "legs", "claims"] and layers["stops"] == "Point" and layers["legs"] == "LineString"
    assert layers["claims"] is None
    stops = pyogrio.read_dataframe(path, layer="stops")
    assert_stops(stops, list(stops["name"]), journey)
    assert is_datetime(stops["arrival_utc_earliest"]) and stops["km_from_origin"].dtype == "float64"
    legs = pyogrio.read_dataframe(path, layer="legs")
    assert_legs(legs, journey)
    assert is_datetime(legs["begin_utc"]) and is_datetime(legs["end_utc"])
    assert_claims(pyogrio.read_dataframe(path, layer="claims", read_geometry=False), journey)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def optional(value: str) -> Any:
    return value or None


@pytest.mark.parametrize("jid", IDS)
def test_csv_one_table_per_layer(jid: str, files: dict[tuple[str, str], Path], analysed: dict[str, AnalysedJourney]) -> None:
    journey = analysed[jid]
    stops = read_csv(files[jid, "csv-stops"])
    assert [r["name"] for r in stops] == [s.name for s in journey.journey.stops]
    for row, place in zip(stops, journey.trip.places, strict=True):
        assert (float(row["lon"]), float(row["lat"])) == pytest.approx((place.place.lon, place.place.lat), abs=TOLERANCE_DEG)
    km = [float(r["km_from_origin"]) for r in stops]
    assert km[0] == 0 and km == sorted(km) and km[-1] == pytest.approx(journey.route.km, abs=0.05)
    legs = read_csv(files[jid, "csv-legs"])
    ranges = [km for c in journey.check.legs for km in (c.distance_km.low, c.distance_km.high)]
    assert [float(r[f]) for r in legs for f in ("distance_low_km", "distance_high_km")] == pytest.approx(ranges, abs=0.05)
    claims = read_csv(files[jid, "csv-claims"])
    assert [(r["verdict"], r["source"], r["quote"]) for r in claims] == [(c.verdict, c.claim.source, c.claim.quote)
                                                                        for c in journey.check.claims]


def test_2025_beijing_windows(files: dict[tuple[str, str], Path]) -> None:
    """The reported windows, local (with the offset then) and UTC, as the sources give them."""
    frame = pyogrio.read_dataframe(files["2025-beijing", "geojson"])
    stops = frame[frame["feature"] == "stop"]

    def expect(row: pandas.Series, kind: str, earliest: str, latest: str) -> None:
        for clock in ("local", "utc"):
            assert pandas.Timestamp(row[f"{kind}_{clock}_earliest"]) == pandas.Timestamp(earliest), (kind, clock)
            assert pandas.Timestamp(row[f"{kind}_{clock}_latest"]) == pandas.Timestamp(latest), (kind, clock)

    expect(stops.iloc[4], "arrival", "2025-09-02T16:00+08:00", "2025-09-02T16:00+08:00")  # Beijing
    expect(stops.iloc[4], "departure", "2025-09-04T22:00+08:00", "2025-09-04T22:00+08:00")
    expect(stops.iloc[0], "departure", "2025-09-01T12:00+09:00", "2025-09-01T18:00+09:00")  # Pyongyang
    expect(stops.iloc[3], "passing", "2025-09-02T06:00+08:00", "2025-09-02T07:00+08:00")  # Shenyang
    assert pandas.isna(stops.iloc[1]["arrival_local_earliest"])  # nothing reported at Sinuiju
    dandong = read_csv(files["2025-beijing", "csv-stops"])[2]
    assert dandong["name"] == "Dandong" and dandong["passing_local_latest"].endswith("+08:00")
    assert dandong["passing_utc_latest"].startswith("2025-09-01T") and dandong["passing_utc_latest"].endswith("Z")


def test_format_from_suffix() -> None:
    assert format_for(Path("trip.gpx"), None) == "gpx"
    assert format_for(Path("trip.KML"), None) == "kml"
    assert format_for(Path("trip.json"), None) == "geojson"
    assert format_for(Path("trip.gpkg"), None) == "gpkg"
    assert format_for(None, None) == "geojson"
    assert format_for(Path("trip.gpx"), "csv") == "csv"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("journeys")
    env = {k: v for k, v in os.environ.items() if k != RECORDS_ENV} | {"HOME": str(cwd)}
    return subprocess.run([str(script), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_command_writes_what_the_library_exports(analysed: dict[str, AnalysedJourney], tmp_path: Path) -> None:
    """`journeys export` (the installed script, run outside the repository): --out and stdout agree."""
    journey = analysed["2025-beijing"]
    for fmt in TEXT_FORMATS:
        out = tmp_path / "out" / f"trip.{fmt}"
        written = run(["export", "2025-beijing", "--format", fmt, "--out", str(out)], tmp_path)
        assert written.returncode == 0, written.stderr
        assert out.read_text(encoding="utf-8") == export_text(journey, fmt)
        printed = run(["export", "2025-beijing", "--format", fmt], tmp_path)
        assert printed.returncode == 0, printed.stderr
        assert printed.stdout == export_text(journey, fmt)
    claims = run(["export", "2025-beijing", "--format", "csv", "--layer", "claims"], tmp_path)
    assert claims.returncode == 0 and claims.stdout == export_text(journey, "csv", "claims")
    gpkg = run(["export", "2025-beijing", "--out", str(tmp_path / "out" / "trip.gpkg")], tmp_path)
    assert gpkg.returncode == 0, gpkg.stderr
    assert [name for name, _ in pyogrio.list_layers(tmp_path / "out" / "trip.gpkg")] == ["stops", "legs", "claims"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"trip.{fmt}" for fmt in (*TEXT_FORMATS, "gpkg"))


def test_a_geopackage_needs_a_file(tmp_path: Path) -> None:
    result = run(["export", "2025-beijing", "--format", "gpkg"], tmp_path)
    assert result.returncode != 0 and "give --out FILE.gpkg" in result.stderr and "Traceback" not in result.stderr


def test_unknown_journey_is_one_line(tmp_path: Path) -> None:
    result = run(["export", "no-such-trip", "--format", "gpx", "--out", str(tmp_path / "x.gpx")], tmp_path)
    assert result.returncode != 0
    assert "no journey with id 'no-such-trip'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.gpx").exists()


def test_a_journey_without_claims_has_an_empty_claims_layer(tmp_path: Path) -> None:
    """A user's record with no claims yet still exports: the claims layer is there, with no rows."""
    record = read_record(bundled_records_dir() / "2018-beijing.yaml")
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "no-claims-yet.yaml").write_text(
        journey_to_yaml(record.journey.model_copy(update={"claims": [], "id": "no-claims-yet"})), encoding="utf-8")
    (journey,) = analyse_records([read_record(folder / "no-claims-yet.yaml")])
    write_geopackage(journey, tmp_path / "trip.gpkg")
    assert [name for name, _ in pyogrio.list_layers(tmp_path / "trip.gpkg")] == ["stops", "legs", "claims"]
    assert len(pyogrio.read_dataframe(tmp_path / "trip.gpkg", layer="claims", read_geometry=False)) == 0
    (tmp_path / "trip.kml").write_text(export_text(journey, "kml"), encoding="utf-8")
    assert [name for name, _ in pyogrio.list_layers(tmp_path / "trip.kml")] == ["stops", "legs", "claims"]
    assert export_text(journey, "csv", "claims").splitlines() == [",".join(FIELDS["claims"])]
