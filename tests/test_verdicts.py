"""Each class of wrong verdict a fact-checker found, on a record of the test's own.

The record is a round trip on a test line of its own: Korea Bay (North Korea, UTC+9) → Test Border
(China, UTC+8, 40 km on) → Test Terminus (600 km west of Korea Bay in a straight line, 728 km by the
line, which bends north) and back. The *other* source (s2) reports the times; the claims come from
s1, so every claim is judged against what another source says happened.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyproj import Geod

from tests.conftest import RunCli, record_header

GEOD = Geod(ellps="WGS84")
BAY = (39.95, 124.75)


def west(km: float, north_km: float = 0.0) -> tuple[float, float]:
    """(lat, lon) ``km`` due west of Korea Bay, then ``north_km`` due north."""
    lon, lat, _ = GEOD.fwd(BAY[1], BAY[0], 270, km * 1000)
    if north_km:
        lon, lat, _ = GEOD.fwd(lon, lat, 0, north_km * 1000)
    return lat, lon


BORDER, BEND, TERMINUS = west(40), west(320, 200), west(600)
SHENYANG = (41.795, 123.39417)  # the curated gazetteer's point, reached by a spur from the bend

TIMES = {
    "origin": "    departure:\n      - {time: '2025-09-01 14:00', source: s2, quote: left at 2 pm}\n",
    "border": "    passing:\n      - {time: '2025-09-02 02:00', source: s2, quote: crossed at 2 am}\n",
    "terminus": ("    arrival:\n      - {time: '2025-09-02 12:00', source: s2, quote: arrived at noon}\n"
                 "    departure:\n      - {time: '2025-09-04 22:00', source: s2, quote: left at 10 pm}\n"),
    "border-back": "    passing:\n      - {time: '2025-09-05 08:00', source: s2, quote: crossed back at 8 am}\n",
    "home": "    arrival:\n      - {time: '2025-09-05 14:00', source: s2, quote: home at 2 pm}\n",
}


def stop(name: str, point: tuple[float, float], role: str, times: str, stop_id: str = "") -> str:
    ident = f"    id: {stop_id}\n" if stop_id else ""
    return (f"  - name: {name}\n{ident}    lat: {point[0]}\n    lon: {point[1]}\n    coordinates_source: s2\n"
            f"    role: {role}\n{times}")


def record(claims: list[str], times: dict[str, str] | None = None, legs: str = "") -> str:
    t = TIMES | (times or {})
    header = record_header("round-trip", "A round trip on a test line", 2025)
    header += "  - id: s2\n    publisher: Test Times\n    title: Another story\n    url: https://example.org/another\n"
    stops = "".join([
        stop("Korea Bay", BAY, "origin", t["origin"]),
        stop("Test Border", BORDER, "border", t["border"]),
        stop("Test Terminus", TERMINUS, "destination", t["terminus"]),
        stop("Test Border", BORDER, "border", t["border-back"], "test-border-back"),
        stop("Korea Bay", BAY, "stop", t["home"], "korea-bay-home"),
    ])
    return header + "stops:\n" + stops + legs + ("claims:\n" + "\n".join(claims) + "\n" if claims else "")


def claim(kind: str, says: str, quote: str = "", **extra: Any) -> str:
    lines = ["  - source: s1", f"    quote: {quote or 'the story says ' + says}", f"    kind: {kind}", f"    says: {says}"]
    for k, v in extra.items():
        lines.append(f"    {k}: {json.dumps(v)}")
    return "\n".join(lines)


def line_km(*points: tuple[float, float]) -> float:
    return float(GEOD.line_length([p[1] for p in points], [p[0] for p in points])) / 1000


#: the test line's length from Korea Bay to Test Terminus, worked out here from its points
MAIN_KM = line_km(BAY, BORDER, BEND) + line_km(BEND, TERMINUS)


def write_network(path: Path, west: dict[str, Any] | None = None) -> Path:
    """The test line; ``west`` adds properties to its western section (an alternative line, say)."""
    def coords(*points: tuple[float, float]) -> list[list[float]]:
        return [[lon, lat] for lat, lon in points]

    sections = (("test-east", "Test Main Line", coords(BAY, BORDER, BEND)),
                ("test-west", "Test Main Line", coords(BEND, TERMINUS)),
                ("test-spur", "Test Spur", coords(BEND, SHENYANG)))
    features = [{"type": "Feature", "properties": {"id": i, "line": name, "gauge_mm": 1435} | (
                 (west or {}) if i == "test-west" else {}),
                 "geometry": {"type": "LineString", "coordinates": line}} for i, name, line in sections]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def network_file(tmp_path: Path) -> Path:
    return write_network(tmp_path / "test-line.geojson")


@pytest.fixture
def check(run_cli: RunCli, records_dir: Path, network_file: Path) -> Any:
    def run(claims: list[str], network: Path = network_file, **kwargs: Any) -> dict[str, Any]:
        (records_dir / "round-trip.yaml").write_text(record(claims, **kwargs), encoding="utf-8")
        result = run_cli("check", "round-trip", "--records", str(records_dir), "--network", str(network),
                         "--format", "json")
        assert result.exit_code == 0, result.output
        (data,) = json.loads(result.output)
        return data  # type: ignore[no-any-return]

    return run


def test_the_evidence_overrides_the_60_kmh_projection(check: Any) -> None:
    """Class 1: the other sources have the train at the border early on Tuesday, though 40 km at 60 km/h
    from a Monday 2 pm start would put it there on Monday afternoon."""
    crossed = claim("time", "crossed the border early on Tuesday", place="Test Border", time="2025-09-02 early")
    (result,) = check([crossed])["claims"]
    assert (result["verdict"], result["decided_by"], result["model_verdict"]) == ("consistent", "evidence", "inconsistent")


def test_vague_evidence_is_undetermined_not_the_model(check: Any) -> None:
    """Class 1: with a vague departure the evidence allows both; the 60 km/h model does not settle it."""
    times = {"origin": "    departure:\n      - {time: '2025-09-01', source: s2, quote: left on Monday}\n"}
    span = {"from": "Korea Bay", "to": "Test Terminus"}
    (result,) = check([claim("duration", "a 30-hour journey", span=span)], times=times)["claims"]
    assert result["evidence_verdict"] == "undetermined" and result["verdict"] == "undetermined"
    assert result["decided_by"] == "evidence"


def test_a_departure_is_judged_as_a_departure(check: Any) -> None:
    """Class 2: 'leaves on Thursday evening' is about leaving, not reaching (which was on Tuesday)."""
    (result,) = check([claim("time", "leaves Test Terminus on Thursday evening", place="Test Terminus",
                             time="2025-09-04 evening")])["claims"]
    assert result["reading"]["event"] == "depart" and result["verdict"] == "consistent"


@pytest.mark.parametrize(("says", "place", "time"), [
    ("crossed back over the border on Friday morning", "Test Border", "2025-09-05 morning"),
    ("returned to Korea Bay on Friday afternoon", "Korea Bay", "2025-09-05 afternoon"),
])
def test_the_return_visit_is_the_one_judged(check: Any, says: str, place: str, time: str) -> None:
    """Class 3: a claim about the way back is matched to the return visit, not the outbound one or the origin."""
    (result,) = check([claim("time", says, place=place, time=time)])["claims"]
    assert result["reading"]["occurrence"] == "last" and result["verdict"] == "consistent", result["explanation"]


def test_the_record_can_say_which_visit(check: Any) -> None:
    """Class 3 and 7: a record's reading overrides the words; here it points the claim at the outbound crossing."""
    (result,) = check([claim("time", "crossed back over the border on Friday morning", place="Test Border",
                             time="2025-09-05 morning", reading={"occurrence": 1})])["claims"]
    assert result["reading"]["occurrence"] == 1 and result["verdict"] == "inconsistent"


def test_open_ended_and_maximum_qualifiers(check: Any) -> None:
    """Class 4: '20 hours or more' is open above (not ±5%); a maximum speed is not an average."""
    span = {"from": "Korea Bay", "to": "Test Terminus"}
    hours, top = check([claim("duration", "20 hours or more", span=span),
                        claim("speed", "a maximum speed of 60 km/h", span=span)])["claims"]
    assert hours["verdict"] == "consistent", hours["explanation"]  # 23 h door to door
    assert top["reading"]["measure"] == "maximum" and top["verdict"] == "consistent", top["explanation"]


def test_a_map_distance_is_a_straight_line(check: Any) -> None:
    """Class 5: 'N km east of a city' is how far apart two places are; the track (728 km) is longer."""
    span = {"from": "Korea Bay", "to": "Test Terminus"}
    straight, track = check([claim("distance", "about 600 km east of Test Terminus", span=span),
                             claim("distance", "about 600 km by rail", span=span)])["claims"]
    assert straight["reading"]["basis"] == "straight" and straight["verdict"] == "consistent"
    assert track["reading"]["basis"] == "route" and track["verdict"] == "inconsistent"


def test_a_trip_length_is_door_to_door(check: Any) -> None:
    """Class 6: 'a four-day trip' counts the stay at the terminus; running time (38 h) would not."""
    (result,) = check([claim("duration", "a four-day trip")])["claims"]
    assert result["reading"]["basis"] == "door" and result["verdict"] == "consistent", result["explanation"]


def test_an_unreported_departure_is_a_window_not_running_time(check: Any) -> None:
    """Class 6: with no reported departure from the terminus, the stay there stays open; the speed back
    is not the 10 km/h that counting three days of standing as running time would give."""
    times = {"terminus": "    arrival:\n      - {time: '2025-09-02 12:00', source: s2, quote: arrived at noon}\n"}
    data = check([claim("speed", "about 60 km/h", span={"from": "Test Terminus", "to": "korea-bay-home"})], times=times)
    (result,) = data["claims"]
    assert result["verdict"] == "undetermined", result["explanation"]
    back = next(leg for leg in data["legs"] if leg["from"] == "Test Terminus")
    assert back["speed_kmh"]["high"] is None or back["speed_kmh"]["high"] > 60  # None: unbounded


def test_a_wrong_via_place_makes_a_detour(check: Any) -> None:
    legs = "legs:\n  - {from: Test Border, to: Test Terminus, via: [Shenyang]}\n"
    data = check([], legs=legs)
    flags = [f for leg in data["legs"] for f in leg["flags"] if "detour" in f]
    assert len(flags) == 1 and "shortest route on the network" in flags[0]
    assert any("via" in a for leg in data["legs"] for a in leg["advice"])
    assert not any("detour" in f for leg in check([])["legs"] for f in leg["flags"])


def test_the_pace_verdict_names_the_average_and_the_slow_legs(check: Any) -> None:
    data = check([])
    pace = data["pace"]
    assert pace["verdict"] == "inconsistent" and pace["average_kmh"]["high"] < 54
    assert "Korea Bay → Test Border" in pace["slower_legs"]


def test_a_line_in_doubt_makes_the_distance_a_range(check: Any, tmp_path: Path) -> None:
    """When the data knows another line between a section's ends that the train may as well have taken,
    the distance runs from the shorter to the longer, and a figure that only the other line fits is
    neither confirmed nor ruled out (2019: Tianjin–Baoding by the old lines, 184 km, or the intercity, 158)."""
    west_km = line_km(BEND, TERMINUS)
    other = write_network(tmp_path / "other-line.geojson", {
        "alternative_km": round(west_km - 100, 3), "alternative_line": "Test Cut-off",
        "alternative_source": "https://example.org/cut-off"})
    says = f"{MAIN_KM - 100:,.0f} km by rail"  # ±5%: the main line is ~100 km too long for it, the cut-off fits
    span = {"from": "Korea Bay", "to": "Test Terminus"}
    (sure,) = check([claim("distance", says, span=span)])["claims"]
    assert sure["verdict"] == "inconsistent", sure["explanation"]
    data = check([claim("distance", says, span=span)], network=other)
    (doubt,) = data["claims"]
    assert doubt["verdict"] == "undetermined", doubt["explanation"]
    assert f"{MAIN_KM - 100:,.1f}–{MAIN_KM:,.1f} km" in doubt["explanation"]
    assert any("Test Cut-off" in f and "no source says which" in f for leg in data["legs"] for f in leg["flags"])


def test_a_reported_leg_length_is_evidence_but_not_for_its_own_source(check: Any) -> None:
    """A road leg's length as a source gives it ("about 50 km") measures the leg within its qualifier's
    tolerance instead of the straight line × a detour factor; a claim by that same source is judged
    without it, so that a source cannot confirm itself."""
    legs = "legs:\n  - {from: Korea Bay, to: Test Border, mode: road, distance: about 50 km, source: s2}\n"
    span = {"from": "Korea Bay", "to": "Test Border"}
    other, own = check([claim("distance", "about 50 km", span=span),
                        "  - source: s2\n    quote: a drive of about 50 km\n    kind: distance\n    says: about 50 km\n"
                        f"    span: {json.dumps(span)}"], legs=legs)["claims"]
    assert other["verdict"] == "consistent", other["explanation"]  # 45–55 km reported, 45–55 accepted
    assert "45.0–55.0 km" in other["explanation"]
    straight = line_km(BAY, BORDER)  # the straight line, 40 km, × 1.0–1.6 when the report is left out
    assert own["verdict"] == "undetermined" and f"{straight:,.1f}–" in own["explanation"], own["explanation"]


RETURN = {"from": "Test Terminus", "to": "korea-bay-home"}
#: the claim's own source (s1) times the start of the way home; the other source the end, or nothing
OWN_START = {"terminus": ("    arrival:\n      - {time: '2025-09-02 12:00', source: s2, quote: arrived at noon}\n"
                          "    departure:\n      - {time: '2025-09-03', source: s1, quote: left on Wednesday}\n")}


def test_the_claims_own_time_at_one_end_is_kept_where_no_other_source_gives_it(check: Any) -> None:
    """'Left on Wednesday' is the claim's own source's; 'home at 2 pm on Friday' another's. The claim is
    measured on both (a source does not confirm itself with one end), not by a model that does not know
    when the train left; a date-only departure runs to midnight, so it counts one date, not two (3, 4 and 5 September)."""
    (result,) = check([claim("duration", "a three-day journey home", span=RETURN)], times=OWN_START)["claims"]
    assert (result["verdict"], result["decided_by"]) == ("consistent", "evidence"), result["explanation"]
    assert "Test Gazette's own report times Test Terminus" in result["explanation"]
    assert "Calendar days 3.0," in result["explanation"]


def test_a_claim_is_never_measured_by_its_own_times_at_both_ends(check: Any) -> None:
    both_own = OWN_START | {"border-back": "",
                            "home": "    arrival:\n      - {time: '2025-09-05 14:00', source: s1, quote: home at 2 pm}\n"}
    (result,) = check([claim("duration", "a three-day journey home", span=RETURN)], times=both_own)["claims"]
    assert result["decided_by"] == "model" and "own report" not in result["explanation"], result["explanation"]


def test_a_speed_at_one_point_is_not_read_as_an_average(check: Any) -> None:
    passing = claim("speed", "passed through at 40 km/h", quote="the train passed through at 40 km/h at the station")
    (result,) = check([passing])["claims"]
    assert result["reading"]["measure"] == "passing"
    assert (result["verdict"], result["decided_by"]) == ("undetermined", "none"), result["explanation"]


def test_a_speed_over_an_untimed_span_speaks_of_the_runs_inside_it(check: Any) -> None:
    """Nobody times the start of the round trip, but the other source times the way home from the
    terminus: a part cannot settle an average over the whole, and the reason says what it does show."""
    times = {"origin": ""}
    (result,) = check([claim("speed", "an average speed of 60 km/h")], times=times)["claims"]
    assert (result["verdict"], result["decided_by"]) == ("undetermined", "evidence"), result["explanation"]
    assert "that they time from departure to arrival the train averaged" in result["reason"]


def test_the_model_runs_at_about_the_assumed_speed_not_exactly_at_it(check: Any) -> None:
    """Nobody times Korea Bay → Test Border (40 km): exactly 60 km/h takes 40 minutes, so "45 minutes"
    would miss by a hair; "about 60 km/h" (54–66) takes 36–44 minutes, which no claim of 45 ± 5% rules
    out. "20 minutes" is still ruled out."""
    times = {"origin": "", "border": ""}
    span = {"from": "Korea Bay", "to": "Test Border"}
    near, far = check([claim("duration", "45 minutes", span=span), claim("duration", "20 minutes", span=span)],
                      times=times)["claims"]
    assert (near["verdict"], near["decided_by"]) == ("undetermined", "model"), near["explanation"]
    assert "about 60 km/h (54–66)" in near["reason"]
    assert (far["verdict"], far["decided_by"]) == ("inconsistent", "model"), far["explanation"]


def test_a_leg_length_without_a_figure_is_refused(run_cli: RunCli, records_dir: Path) -> None:
    legs = "legs:\n  - {from: Korea Bay, to: Test Border, mode: road, distance: a short drive, source: s2}\n"
    path = records_dir / "round-trip.yaml"
    path.write_text(record([], legs=legs), encoding="utf-8")
    result = run_cli("check", "round-trip", "--records", str(records_dir))
    assert result.exit_code == 1
    assert "round-trip.yaml" in result.output and "no distance figure found in 'a short drive'" in result.output
