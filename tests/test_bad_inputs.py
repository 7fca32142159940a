"""A corpus of bad inputs (options, output paths, stop CSVs, sources, record text, user folders).

Each case is run as a user would type it and must end in one clear message, the one named here,
with no traceback, within a few seconds, and without replacing or writing anything it should not.
Bad record files are the corpus of tests/bad_records (see test_records.py); this module holds the
rest. A case that should be refused but is accepted, or that crashes, fails here with its name.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from journeys.records.files import bundled_records_dir, read_record
from tests.conftest import RunCli
from tests.test_add import STOPS, TRIP_ID, StopAnswers, script_args, stops_csv

ROOT = Path(__file__).resolve().parents[1]
HEADER = "name,country,role,arrival,departure,passing,source,quote"
GOOD_ROWS = ["Pyongyang,KP,origin,,2025-09-01 afternoon,,yonhap-test,Kim departed Pyongyang on Monday afternoon",
             "Sinuiju,KP,border,,,,,", "Beijing,CN,destination,2025-09-02 16:00,,,kbs-test,The train arrived in Beijing"]


@dataclass(frozen=True)
class Case:
    """A bad input: how to set it up (returns the arguments), the message it must get, what must not change."""

    name: str
    setup: Callable[[Path], list[str]]
    message: str
    after: Callable[[Path], None] = lambda folder: None


def export_to(out: str) -> Callable[[Path], list[str]]:
    return lambda folder: ["export", "2025-beijing", "--out", str(folder / out) if not out.startswith("/") else out]


def with_fifo(name: str, args: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(folder / name)
        return args(folder)

    return setup


def still_fifo(name: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        assert stat.S_ISFIFO((folder / name).lstat().st_mode), f"{name} was replaced"

    return check


def read_only_file(folder: Path) -> list[str]:
    (folder / "kept.geojson").write_text("old")
    (folder / "kept.geojson").chmod(0o444)
    return export_to("kept.geojson")(folder)


def symlink_out(folder: Path) -> list[str]:
    (folder / "real.txt").write_text("precious")
    (folder / "link.geojson").symlink_to(folder / "real.txt")
    return export_to("link.geojson")(folder)


def parent_is_a_file(folder: Path) -> list[str]:
    (folder / "plain").write_text("a file")
    return export_to("plain/out.geojson")(folder)


def unchanged(name: str, text: str) -> Callable[[Path], None]:
    def check(folder: Path) -> None:
        assert (folder / name).read_text() == text

    return check


def symlink_kept(folder: Path) -> None:
    assert (folder / "link.geojson").is_symlink() and (folder / "real.txt").read_text() == "precious"


def no_records(folder: Path) -> None:
    records = folder / "records"
    assert not records.exists() or not any(p.suffix == ".yaml" for p in records.iterdir()), "a record was written"


# -- add --stops: a CSV, options, and the records folder written to --------------------------------------------


def add_with(rows: list[str] | None = None, raw: bytes | None = None, extra: tuple[str, ...] = (),
             records: str = "records", stops: list[StopAnswers] | None = None) -> Callable[[Path], list[str]]:
    """``journeys add --stops`` with the standard options and a stops file made of rows, raw bytes or StopAnswers."""

    def setup(folder: Path) -> list[str]:
        csv_path = folder / "stops.csv"
        if raw is not None:
            csv_path.write_bytes(raw)
        elif rows is not None:
            csv_path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        else:
            stops_csv(csv_path, stops or STOPS)
        return [*script_args(csv_path), "--records", str(folder / records), *extra]

    return setup


def latin1_csv() -> bytes:
    rows = [HEADER, *GOOD_ROWS]
    rows[1] = rows[1].replace("Monday afternoon", "Monday afternoon, said a café owner")
    return ("\n".join(rows) + "\n").encode("latin-1")


def source_options(source: str) -> Callable[[Path], list[str]]:
    """The script form with its first --source replaced."""

    def setup(folder: Path) -> list[str]:
        args = add_with()(folder)
        args[args.index("--source") + 1] = source
        return args

    return setup


def fifo_at_the_record(folder: Path) -> list[str]:
    (folder / "records").mkdir()
    os.mkfifo(folder / "records" / f"{TRIP_ID}.yaml")
    return add_with()(folder)


def read_only_record(folder: Path) -> list[str]:
    (folder / "records").mkdir()
    record = folder / "records" / f"{TRIP_ID}.yaml"
    record.write_text("id: kept\n")
    record.chmod(0o444)
    return [*add_with()(folder), "--overwrite"]


def records_under_a_file(folder: Path) -> list[str]:
    (folder / "plain").write_text("a file")
    return add_with(records="plain/records")(folder)


BEIJING_VIA_NOWHERE = [replace(s, via="Atlantisville") if s.name == "Beijing" else s for s in STOPS]

CASES = [
    # options
    Case("speed-nan-check", lambda f: ["check", "2025-beijing", "--speed", "nan"], "'nan' is not a number"),
    Case("speed-nan-compare", lambda f: ["compare", "--speed", "NaN"], "'NaN' is not a number"),
    Case("speed-nan-map", lambda f: ["map", "2025-beijing", "--speed", "nan", "--out", str(f / "maps")],
         "'nan' is not a number", lambda f: None if not (f / "maps").exists() else pytest.fail("maps written")),
    Case("speed-inf", lambda f: ["check", "2025-beijing", "--speed", "inf"], "is not in the range 1<=x<=400"),
    Case("speed-negative", lambda f: ["check", "2025-beijing", "--speed", "-60"], "is not in the range 1<=x<=400"),
    Case("speed-text", lambda f: ["check", "2025-beijing", "--speed", "fast"], "'fast' is not a valid float"),
    Case("geocode-empty", lambda f: ["geocode", ""], "a place name is empty"),
    Case("geocode-blank", lambda f: ["geocode", "  \t "], "a place name is empty"),
    Case("geocode-empty-near", lambda f: ["geocode", "Dandong", "--near", ""], "a place name is empty"),
    Case("geocode-googlev3", lambda f: ["geocode", "Dandong", "--online", "--service", "googlev3"],
         "the geocoding service 'googlev3' cannot be used: it needs an API key"),
    Case("geocode-bing", lambda f: ["geocode", "Dandong", "--online", "--service", "bing"],
         "the geocoding service 'bing' cannot be used: it needs an API key"),
    Case("geocode-pelias-without-domain", lambda f: ["geocode", "Dandong", "--online", "--service", "pelias"],
         "the geocoding service 'pelias' cannot be used"),
    Case("geocode-unknown-service", lambda f: ["geocode", "Dandong", "--online", "--service", "nosuch"],
         "Unknown geocoder 'nosuch'"),
    Case("add-googlev3", add_with(extra=("--online", "--service", "googlev3")),
         "the geocoding service 'googlev3' cannot be used", no_records),
    # output paths
    Case("export-fifo", with_fifo("out.geojson", export_to("out.geojson")),
         "it is a named pipe (FIFO), not a regular file", still_fifo("out.geojson")),
    Case("export-read-only", read_only_file, "it is read-only", unchanged("kept.geojson", "old")),
    Case("export-symlink", symlink_out, "it is a symbolic link to", symlink_kept),
    Case("export-device", export_to("/dev/null"), "/dev/null: it is a character device"),
    Case("export-parent-is-a-file", parent_is_a_file, "plain is a file, not a folder. Fix:"),
    Case("schema-fifo", with_fifo("schema.json", lambda f: ["schema", "--out", str(f / "schema.json")]),
         "it is a named pipe (FIFO)", still_fifo("schema.json")),
    Case("map-page-fifo", with_fifo("maps/2025-beijing.html", lambda f: ["map", "2025-beijing", "--out", str(f / "maps")]),
         "2025-beijing.html: it is a named pipe (FIFO)",
         lambda f: None if [p.name for p in (f / "maps").iterdir()] == ["2025-beijing.html"] else pytest.fail("pages written")),
    Case("add-records-under-a-file", records_under_a_file, "plain is a file, not a folder", no_records),
    Case("add-fifo-at-the-record", fifo_at_the_record, "exists; choose another id", still_fifo(f"records/{TRIP_ID}.yaml")),
    Case("add-overwrite-read-only", read_only_record, "it is read-only", unchanged(f"records/{TRIP_ID}.yaml", "id: kept\n")),
    # stop CSVs
    Case("csv-latin1", add_with(raw=latin1_csv()),
         "stops.csv, line 2: the file is not UTF-8 text (perhaps Latin-1 or Windows-1252)", no_records),
    Case("csv-utf16-without-bom", add_with(raw=("\n".join([HEADER, *GOOD_ROWS]) + "\n").encode("utf-16-le")),
         "it looks like UTF-16 without a byte-order mark", no_records),
    Case("csv-nul", add_with(rows=[GOOD_ROWS[0], "Sinu\x00iju,KP,border,,,,,", GOOD_ROWS[2]]),
         "stops.csv, line 3: the file holds a NUL character", no_records),
    Case("csv-missing-column", add_with(raw=b"name,country\nPyongyang,KP\n"),
         "stops.csv, line 1: missing columns role", no_records),
    Case("csv-empty", add_with(raw=b""), "stops.csv, line 1: missing columns name", no_records),
    Case("csv-unknown-via", add_with(stops=BEIJING_VIA_NOWHERE),
         "stops.csv, line 6 (stop 4 (Beijing)), its mode or via: via place: 'Atlantisville' is not in the gazetteers",
         no_records),
    Case("csv-unknown-stop", add_with(rows=[GOOD_ROWS[0], "Atlantisville,,stop,,,,,", GOOD_ROWS[2]]),
         "stops.csv, line 3 (stop 2 (Atlantisville)): 'Atlantisville' is not in the gazetteers", no_records),
    Case("csv-times-backwards", add_with(rows=[GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[2].replace("2025-09-02", "2025-08-30")]),
         "stops.csv, line 4 (stop 3 (Beijing))", no_records),
    Case("csv-more-cells", add_with(rows=[GOOD_ROWS[0], "Sinuiju,KP,border,,,,,,extra", GOOD_ROWS[2]]),
         "stops.csv, line 3: more cells than columns", no_records),
    # sources
    Case("source-without-url-or-locator", source_options("yonhap-test|Yonhap|Kim leaves|2025-09-01|"),
         "source 'yonhap-test' needs a url", no_records),
    Case("source-print-without-date", source_options("yonhap-test|Rodong Sinmun|Kim leaves|||p. 1"),
         "source 'yonhap-test' has no url; give its date", no_records),
    Case("source-too-many-fields", source_options("a|b|c|d|e|f|g"), "has 7 fields", no_records),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_input_gets_its_message(case: Case, tmp_path: Path, run_cli: RunCli) -> None:
    args = case.setup(tmp_path)
    started = time.monotonic()
    result = run_cli(*args)
    elapsed = time.monotonic() - started
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert case.message in result.output, result.output
    assert "of the record" not in result.output  # a CSV's user never sees the record's scratch copy
    assert "\x1b" not in result.output
    case.after(tmp_path)
    assert elapsed < 30, f"{case.name} took {elapsed:.1f} s"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 35


# -- inputs that are accepted, and shown honestly ---------------------------------------------------------------


def test_a_utf16_stops_file_with_a_byte_order_mark_is_read(tmp_path: Path, run_cli: RunCli) -> None:
    """What a spreadsheet saves as "Unicode text": unambiguous, so read rather than refused."""
    utf8 = stops_csv(tmp_path / "utf8.csv")
    (tmp_path / "stops.csv").write_bytes(utf8.read_text(encoding="utf-8").encode("utf-16"))
    result = run_cli(*script_args(tmp_path / "stops.csv"), "--records", str(tmp_path / "records"))
    assert result.exit_code == 0, result.output
    journey = read_record(tmp_path / "records" / f"{TRIP_ID}.yaml").journey
    assert [s.name for s in journey.stops] == [s.name for s in STOPS]


def test_a_print_source_is_cited_without_a_url(tmp_path: Path, run_cli: RunCli) -> None:
    args = source_options("yonhap-test|Rodong Sinmun|Kim leaves for Beijing|2025-09-02||p. 1")(tmp_path)
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    source = read_record(tmp_path / "records" / f"{TRIP_ID}.yaml").journey.sources[0]
    assert (source.url, source.locator, str(source.date)) == (None, "p. 1", "2025-09-02")


def test_control_characters_in_record_text_are_shown_escaped(records_dir: Path, run_cli: RunCli) -> None:
    """A title that would retitle the terminal (OSC 0) and a bidi override are shown as escapes."""
    text = (bundled_records_dir() / "2025-beijing.yaml").read_text(encoding="utf-8")
    text = text.replace("id: 2025-beijing", "id: escape-test", 1)
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    text = text.replace(title_line, 'title: "Owned\\e]0;pwned\\a title \\u202Egnp.exe"', 1)
    (records_dir / "escape-test.yaml").write_text(text, encoding="utf-8")
    for args in (["list"], ["show", "escape-test"], ["check", "escape-test"], ["list", "--format", "json"]):
        result = run_cli(*args, "--records", str(records_dir))
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output, args
    listed = run_cli("list", "--records", str(records_dir)).output
    assert "Owned\\x1b]0;pwned\\x07 title \\u202egnp.exe" in listed


# -- the user's own folders ------------------------------------------------------------------------------------


def test_the_suite_ignores_a_users_broken_records(tmp_path: Path) -> None:
    """With a broken record in the real per-user folder and JOURNEYS_RECORDS, the tests still pass untouched.

    Runs tests that collect the bundled journeys at import time (test_route parametrizes over them),
    which is where a user's records leaked in before HOME was isolated.
    """
    home = tmp_path / "home"
    user_records = home / ".local" / "share" / "journeys" / "records"
    user_records.mkdir(parents=True)
    broken = user_records / "broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(home), "JOURNEYS_RECORDS": str(user_records)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_route.py",
                             "tests/test_records.py", "-k", "bundled_journeys_load or per_user_folder"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout
    assert broken.read_text() == "id: broken\ntitle: [unclosed\n"
    assert sorted(p.name for p in user_records.iterdir()) == ["broken.yaml"]
    shutil.rmtree(home)
