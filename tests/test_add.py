"""`journeys add`: the interview and the script form write the same valid record, or nothing at all.

Every command runs as a user would run it: the installed console script (or ``python -m journeys``
in a pseudo-terminal driven by pexpect), from a folder outside the repository, with a temporary HOME
and records folder.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest

from journeys.add.draft import target_folder
from journeys.records.files import RECORDS_ENV, default_records_dir, read_record

SCRIPT = Path(sys.executable).with_name("journeys")
TRIP_ID = "test-add-pyongyang-beijing"
TITLE = "Kim Jong Un by train from Pyongyang to Beijing (test)"
TRAVELLER = "Kim Jong Un"
YEAR = "2025"

SOURCES = [
    ("yonhap-test", "Yonhap", "Kim leaves for Beijing", "2025-09-01", "https://example.com/yonhap"),
    ("kbs-test", "KBS", "Train seen crossing the Amnok", "", "https://example.com/kbs"),
]


@dataclass(frozen=True)
class StopAnswers:
    name: str
    country: str
    role: str
    times: tuple[tuple[str, str, str, str], ...] = ()  # (kind, time, source, quote)
    mode: str = ""
    via: str = ""


STOPS = [
    StopAnswers("Pyongyang", "KP", "origin",
                (("departure", "2025-09-01 afternoon", "yonhap-test", "Kim departed Pyongyang on Monday afternoon"),)),
    StopAnswers("Sinuiju", "KP", "border"),
    StopAnswers("Dandong", "CN", "border", (
        ("passing", "2025-09-02 early morning", "yonhap-test", "The train crossed into China early Tuesday morning"),
        ("passing", "2025-09-02 02:00 / 2025-09-02 03:00", "kbs-test", "The train was seen around 3 a.m., Korea time"),
    )),
    StopAnswers("Beijing", "CN", "destination",
                (("arrival", "2025-09-02 16:00", "kbs-test", "The train arrived in Beijing at around 4 p.m."),),
                mode="rail", via="Shenyang"),
]

CLAIMS = [
    {"kind": "duration", "source": "yonhap-test", "quote": "The trip typically takes about 20 hours.",
     "says": "about 20 hours", "from": "Pyongyang", "to": "Beijing"},
    {"kind": "destination", "source": "kbs-test", "quote": "The train arrived in Beijing at around 4 p.m.",
     "says": "arrived in Beijing", "place": "Beijing"},
]
CLAIM_ORDER = ("kind", "source", "quote", "says", "from", "to", "place", "time")


# -- the script form ------------------------------------------------------------------------------------


def stops_csv(path: Path, stops: list[StopAnswers] = STOPS) -> Path:
    """The stops as the documented CSV: one row per reported time, continuation rows with an empty name."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["name", "country", "role", "arrival", "departure", "passing", "source", "quote", "mode", "via"])
        for stop in stops:
            times = stop.times or (("", "", "", ""),)
            for number, (kind, when, source, quote) in enumerate(times):
                cells = [stop.name, stop.country, stop.role] if number == 0 else ["", "", ""]
                cells += [when if kind == k else "" for k in ("arrival", "departure", "passing")] + [source, quote]
                cells += [stop.mode, stop.via] if number == 0 else ["", ""]
                writer.writerow(cells)
    return path


def script_args(csv_path: Path, trip_id: str = TRIP_ID, title: str = TITLE) -> list[str]:
    args = ["add", "--stops", str(csv_path), "--id", trip_id, "--title", title, "--traveller", TRAVELLER, "--year", YEAR]
    for source in SOURCES:
        args += ["--source", "|".join(source)]
    for claim in CLAIMS:
        fields = [claim.get(name, "") for name in CLAIM_ORDER]
        while not fields[-1]:
            fields.pop()
        args += ["--claim", "|".join(fields)]
    return args


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A user's world: HOME, caches and records under tmp_path; commands run from here, outside the repo."""
    (tmp_path / "home").mkdir()
    return tmp_path


def user_env(home: Path, records: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != RECORDS_ENV and not k.startswith("XDG_")}
    env |= {"HOME": str(home / "home"), "XDG_CACHE_HOME": str(home / "cache"), "TERM": "dumb", "COLUMNS": "200"}
    if records is not None:
        env[RECORDS_ENV] = str(records)
    return env


def run(home: Path, *args: str, records: Path | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(SCRIPT), *args], cwd=home, env=user_env(home, records), capture_output=True,
                            text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_script_form_writes_a_record_that_list_show_and_check_use(home: Path) -> None:
    records = home / "records"
    result = run(home, *script_args(stops_csv(home / "stops.csv")), records=records)
    path = records / f"{TRIP_ID}.yaml"
    assert f"Wrote {path}" in result.stdout
    assert "Dandong → Dandong (CN)" in result.stdout  # each stop's resolved place is shown
    assert "[CONSISTENT] destination" in result.stdout  # and the checks ran on the new record
    journey = read_record(path).journey
    assert [s.name for s in journey.stops] == [s.name for s in STOPS]
    assert [t.time for t in journey.stops[2].passing] == [t[1] for t in STOPS[2].times]
    assert [leg.via for leg in journey.legs] == [["Shenyang"]]
    assert {s.id for s in journey.sources} == {s[0] for s in SOURCES}

    listed = run(home, "list", "--format", "json", records=records).stdout
    assert TRIP_ID in listed
    checked = run(home, "check", TRIP_ID, records=records).stdout
    assert re.search(r"\[(CONSISTENT|INCONSISTENT|UNDETERMINED)\] duration \(yonhap-test\)", checked)
    assert "[CONSISTENT] destination (kbs-test)" in checked
    shown = run(home, "show", TRIP_ID, "--records", str(records)).stdout
    assert "2025-09-02 16:00" in shown


def test_record_folder_choice(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(home / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv(RECORDS_ENV, raising=False)
    assert default_records_dir() == home / "home" / ".local" / "share" / "journeys" / "records"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    assert target_folder() == home / "data" / "journeys" / "records"
    monkeypatch.setenv(RECORDS_ENV, os.pathsep.join([str(home / "a"), str(home / "b")]))
    assert target_folder() == home / "a"
    assert target_folder([home / "c", home / "d"]) == home / "c"


def test_default_folder_is_per_user(home: Path) -> None:
    run(home, *script_args(stops_csv(home / "stops.csv")))
    written = home / "home" / ".local" / "share" / "journeys" / "records" / f"{TRIP_ID}.yaml"
    assert read_record(written).journey.id == TRIP_ID


def test_refuses_to_overwrite(home: Path) -> None:
    records = home / "records"
    csv_path = stops_csv(home / "stops.csv")
    run(home, *script_args(csv_path), records=records)
    path = records / f"{TRIP_ID}.yaml"
    before = path.read_bytes()

    again = run(home, *script_args(csv_path, title="Another title"), records=records, check=False)
    assert again.returncode != 0
    assert "exists" in again.stderr and "--overwrite" in again.stderr
    assert path.read_bytes() == before

    bundled = run(home, *script_args(csv_path, trip_id="2025-beijing"), "--overwrite", records=records, check=False)
    assert bundled.returncode != 0
    assert "already used by a bundled record" in bundled.stderr
    assert not (records / "2025-beijing.yaml").exists()

    run(home, *script_args(csv_path, title="Another title"), "--overwrite", records=records)
    assert read_record(path).journey.title == "Another title"
    assert sorted(p.name for p in records.iterdir()) == [path.name]


@pytest.mark.parametrize(("row", "message"), [
    ("Dandong,CN,border,,,yesterday-ish,kbs-test,words", "line 3: cannot read the time 'yesterday-ish'"),
    ("Dandong,CN,border,,,2025-09-02,nope,words", "line 3: no source with id 'nope'"),
    ("Dandong,CN,frontier,,,,,", "line 3: 'frontier' is not a role"),
    ("Dandong,CHINA,border,,,,,", "line 3: 'CHINA' is not a two-letter ISO country code"),
    ("Atlantisville,CN,border,,,,,", "'Atlantisville' is not in the gazetteers in CN"),
])
def test_script_form_names_the_bad_row(home: Path, row: str, message: str) -> None:
    csv_path = home / "stops.csv"
    csv_path.write_text("name,country,role,arrival,departure,passing,source,quote\n"
                        "Pyongyang,KP,origin,,2025-09-01,,yonhap-test,Kim left on Monday\n"
                        f"{row}\nBeijing,CN,destination,,,,,\n", encoding="utf-8")
    result = run(home, *script_args(csv_path), records=home / "records", check=False)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (home / "records").exists()


# -- the interview ------------------------------------------------------------------------------------------

Step = tuple[str, str]  # (a fragment of the prompt, the answer)


def interview(trip_id: str = TRIP_ID) -> list[Step]:
    """The interview's prompts and the answers that give the same record as the script form."""
    steps: list[Step] = [("Journey id", trip_id), ("Title", TITLE), ("Traveller", TRAVELLER), ("Year", YEAR),
                         ("Summary", "")]
    for source_id, publisher, title, date, url in SOURCES:
        steps += [("Source", source_id), ("publisher", publisher), ("title (the headline)", title), ("date", date),
                  ("url", url), ("text of this source", "")]
    steps.append(("Source", ""))
    for number, stop in enumerate(STOPS):
        steps += [("Stop", stop.name), ("country", stop.country), ("role", stop.role)]
        if number:
            steps += [("mode", stop.mode), ("via", stop.via)]
        steps.append(("note", ""))
        for kind, when, source, quote in stop.times:
            steps += [("time reported", kind), ("    time (e.g.", when), ("source id", source), ("quote", quote)]
        steps.append(("time reported", ""))
    steps.append(("Stop", ""))
    for claim in CLAIMS:
        steps += [("Claim", claim["kind"]), ("source id", claim["source"]), ("quote", claim["quote"]),
                  ("says", claim["says"]), ("from stop", claim.get("from", ""))]
        if claim.get("from"):
            steps.append(("to stop", claim["to"]))
        if claim["kind"] in ("destination", "route", "time"):
            steps.append(("place", claim["place"]))
        steps.append(("note", ""))
    steps.append(("Claim", ""))
    return steps


def _default_sigint() -> None:
    """Ctrl-C as a person's terminal delivers it: a suite started in the background (``cmd &``) has
    SIGINT ignored, and a child would inherit that and never see the interrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def spawn(home: Path, records: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "journeys", "add", "--records", str(records)], cwd=str(home),
                          env=user_env(home), encoding="utf-8", timeout=180, dimensions=(40, 250),
                          preexec_fn=_default_sigint)
    child.delaybeforesend = None  # each answer follows its prompt, which input() is already waiting on
    return child


def prompt(fragment: str) -> str:
    """A regex for a prompt containing ``fragment`` that is now waiting for an answer."""
    return re.escape(fragment) + r"[^\n]*: $"


def answer(child: pexpect.spawn, fragment: str, text: str) -> str:
    """Wait for the prompt, answer it; return what was printed before the prompt."""
    try:
        child.expect(prompt(fragment))
    except (pexpect.TIMEOUT, pexpect.EOF):
        pytest.fail(f"no prompt {fragment!r}; the session ended with:\n{child.before}")
    before = str(child.before)
    child.sendline(text)
    return before


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF, timeout=300)
    child.close()
    output = str(child.before)
    assert child.exitstatus == 0, output
    return output


def test_interview_writes_the_same_record_as_the_script_form(home: Path) -> None:
    run(home, *script_args(stops_csv(home / "stops.csv")), "--records", str(home / "scripted"))
    child = spawn(home, home / "asked")
    shown = []
    for fragment, text in interview():
        before = answer(child, fragment, text)
        if fragment == "role":
            shown.append(before)  # the place the stop resolved to is shown before the role is asked
    output = finish(child)
    assert "→ Dandong (CN) 40.1" in shown[2]
    assert "Wrote" in output and "Claims:" in output
    name = f"{TRIP_ID}.yaml"
    assert (home / "asked" / name).read_bytes() == (home / "scripted" / name).read_bytes()


def test_interview_asks_again_with_the_reason(home: Path) -> None:
    """Bad answers are refused with the reason and asked again; the record ends up as if none were given."""
    bad: dict[tuple[str, str], list[tuple[str, str]]] = {  # (fragment, good answer) -> [(bad answer, reason)]
        ("Journey id", TRIP_ID): [("Bad Id!", "is not a safe id"), ("2025-beijing", "already used by a bundled record")],
        ("Year", YEAR): [("twenty", "is not a year")],
        ("url", SOURCES[0][4]): [("example.com", "is not a web address")],
        ("date", SOURCES[0][3]): [("1 Sept 2025", "is not a date")],
        ("Source", SOURCES[1][0]): [(SOURCES[0][0], "is used already")],
        ("country", "KP"): [("Korea", "is not a two-letter ISO country code")],
        ("    time (e.g.", STOPS[0].times[0][1]): [("Monday afternoon", "cannot read the time")],
        ("source id", STOPS[0].times[0][2]): [("reuters", "no source with id 'reuters'")],
        ("role", "border"): [("frontier", "is not a role")],
        ("via", "Shenyang"): [("Atlantisville", "'Atlantisville' is not in the gazetteers")],
        ("    time (e.g.", STOPS[3].times[0][1]): [("2025-09-01 10:00", "times go backwards")],
        ("says", CLAIMS[0]["says"]): [("about 30 hours", "is not in the quote")],
        ("to stop", "Beijing"): [("Pyongyang", "no stop named 'Pyongyang' after 'Pyongyang'")],
    }
    run(home, *script_args(stops_csv(home / "stops.csv")), "--records", str(home / "scripted"))
    child = spawn(home, home / "asked")
    steps = interview()
    steps.insert(steps.index(("Stop", "Sinuiju")), ("Stop", "Atlantisville"))  # unknown place: shown, then...
    steps.insert(steps.index(("Stop", "Atlantisville")) + 1, ("country", ""))
    steps.insert(steps.index(("Stop", "Atlantisville")) + 2, ("coordinates", ""))  # ...the name is asked again
    for fragment, text in steps:
        for wrong, reason in bad.pop((fragment, text), []):
            answer(child, fragment, wrong)
            try:
                child.expect(r"Error: [^\n]*" + re.escape(reason))
            except (pexpect.TIMEOUT, pexpect.EOF):
                pytest.fail(f"{wrong!r} for {fragment!r} was not refused with {reason!r}:\n{child.before}")
        before = answer(child, fragment, text)
        if fragment == "coordinates":
            assert "'Atlantisville' is not in the gazetteers" in before
    finish(child)
    assert not bad, f"prompts never reached: {list(bad)}"
    name = f"{TRIP_ID}.yaml"
    assert (home / "asked" / name).read_bytes() == (home / "scripted" / name).read_bytes()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def steps_until(fragment: str, occurrence: int = 1) -> Iterator[Step]:
    """The interview up to (not including) the ``occurrence``-th prompt with this fragment."""
    seen = 0
    for step in interview():
        if step[0] == fragment:
            seen += 1
            if seen == occurrence:
                return
        yield step
    raise AssertionError(f"no prompt {fragment!r} #{occurrence}")


def interrupt(child: pexpect.spawn) -> None:
    """Press Ctrl-C at the prompt shown, and wait for the process to end.

    A SIGINT that lands after the prompt is written but before input() blocks in read() is only
    noticed at the next one (a race in CPython's input(), not in journeys), so a second Ctrl-C follows
    if the first went unnoticed; a person pressing Ctrl-C is never that fast.
    """
    time.sleep(0.2)
    child.sendintr()
    if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=10) == 1:
        child.sendintr()
        try:
            child.expect(pexpect.EOF, timeout=180)
        except pexpect.TIMEOUT:
            pytest.fail(f"Ctrl-C did not end the session:\n{child.before}")
    child.close()


INTERRUPT_POINTS = [("Title", 1), ("url", 2), ("Stop", 3), ("    time (e.g.", 2), ("says", 1), ("Claim", 3)]


def at_prompt(home: Path, fragment: str, occurrence: int) -> tuple[pexpect.spawn, Path]:
    """An interview answered up to the given prompt, waiting there; and the folder it writes to."""
    records = home / "records"
    child = spawn(home, records)
    for step in steps_until(fragment, occurrence):
        answer(child, *step)
    child.expect(prompt(fragment))
    return child, records


@pytest.mark.parametrize(("fragment", "occurrence"), INTERRUPT_POINTS)
def test_ctrl_c_at_a_prompt_leaves_no_file(home: Path, fragment: str, occurrence: int) -> None:
    child, records = at_prompt(home, fragment, occurrence)
    interrupt(child)
    assert child.exitstatus == 1
    assert "Aborted!" in str(child.before)
    assert "Traceback" not in str(child.before)
    assert files_in(records) == []


@pytest.mark.parametrize(("fragment", "occurrence"), [("Stop", 2), ("Claim", 3)])
def test_kill_at_a_prompt_leaves_no_file(home: Path, fragment: str, occurrence: int) -> None:
    child, records = at_prompt(home, fragment, occurrence)
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert files_in(records) == []


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0, 3.0])
def test_kill_while_writing_leaves_no_file_or_the_complete_one(home: Path, delay: float) -> None:
    """kill -9 after the last answer, at some moment of validating, writing or checking."""
    records = home / "records"
    child = spawn(home, records)
    steps = interview()
    for step in steps[:-1]:
        answer(child, *step)
    answer(child, *steps[-1])
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.close(force=True)
    records_written = [p for p in files_in(records) if p.endswith(".yaml")]
    assert records_written in ([], [f"{TRIP_ID}.yaml"])
    if records_written:
        assert read_record(records / records_written[0]).journey.id == TRIP_ID
    # a kill -9 between creating and renaming the temporary file can leave it (named .ID.yaml.*.tmp);
    # the loader reads only *.yaml, so it is never taken for a record
    assert all(p.startswith(f".{TRIP_ID}.yaml.") and p.endswith(".tmp") for p in files_in(records) if p not in records_written)


def test_options_without_stops_are_refused(home: Path) -> None:
    result = run(home, "add", "--id", TRIP_ID, records=home / "records", check=False)
    assert result.returncode == 2
    assert "go with --stops FILE" in result.stderr


@pytest.fixture(autouse=True, scope="module")
def _no_stray_records() -> Iterator[None]:
    """The tests write only into temporary folders, never the bundled records."""
    from journeys.records.files import bundled_records_dir

    yield
    assert not list(bundled_records_dir().glob("test-add-*")), "a test wrote into the bundled records"


# -- a safe interview: far or shared names confirmed in place, print sources, answers kept ------------------------

PRINT_SOURCE = ("kbs-test", "KBS", "Train seen crossing the Amnok", "2025-09-02", "", "KBS1 News 9, 21:00")


def test_a_far_match_is_rejected_and_retyped_and_a_broadcast_is_cited_without_a_url(home: Path) -> None:
    """Ulan-Ude is the only match for its name, 2,000 km from Pyongyang: shown, refused, and the stop retyped.

    Kazan names two places, neither near: they are listed to choose from, and Enter types the name again.
    The second source is a broadcast: no url, a programme and a date instead. The record written is
    byte for byte the one the script form writes from the same facts.
    """
    args = script_args(stops_csv(home / "stops.csv"))
    args[args.index("|".join(SOURCES[1]))] = "|".join(PRINT_SOURCE)
    run(home, *args, "--records", str(home / "scripted"))

    steps = interview()
    at = steps.index(("url", SOURCES[1][4]))
    steps[at:at + 1] = [("url", ""), ("page or programme", PRINT_SOURCE[5]), ("date of the issue", PRINT_SOURCE[3])]
    at = steps.index(("Stop", "Sinuiju"))
    steps[at:at] = [("Stop", "Ulan-Ude"), ("country", ""), ("Keep it (y)", "n"),
                    ("Stop", "Kazan"), ("country", ""), ("which one", "")]
    child = spawn(home, home / "asked")
    shown: dict[str, str] = {}
    transcript = []
    for fragment, text in steps:
        before = answer(child, fragment, text)
        transcript.append(before)
        shown.setdefault(fragment, before)
    output = finish(child)
    assert re.search(r"→ Ulan-Ude \(RU\) 51\.8\d+, 107\.5\d+ .*; 2,0\d\d km from Pyongyang", shown["Keep it (y)"])
    assert "That is 2,0" not in shown["which one"]  # the far place was not kept
    assert re.search(r"'Kazan' is the name of 2 places:\s+1\. Kazan \(RU\)[^\n]*, 5,7\d\d km from Pyongyang\s+2\. Kazan \(TR\)",
                     shown["which one"])
    assert re.search(r"→ Dandong \(CN\) 40\.1[^\n]*; \d+ km from Sinuiju", "".join(transcript))  # and its distance
    assert "Wrote" in output
    name = f"{TRIP_ID}.yaml"
    assert (home / "asked" / name).read_bytes() == (home / "scripted" / name).read_bytes()
    source = read_record(home / "asked" / name).journey.sources[1]
    assert (source.url, source.locator, str(source.date)) == (None, PRINT_SOURCE[5], PRINT_SOURCE[3])


def test_a_failed_write_after_the_interview_keeps_the_answers(home: Path) -> None:
    """The records folder cannot be made (a file is in the way): one clear error, and the answers in a draft file."""
    (home / "plain").write_text("a file, not a folder")
    child = spawn(home, home / "plain" / "records")
    for step in interview():
        answer(child, *step)
    child.expect(pexpect.EOF, timeout=300)
    child.close()
    output = str(child.before)
    assert child.exitstatus == 1, output
    assert "Traceback" not in output
    assert "plain is a file, not a folder" in output
    match = re.search(r"Your answers are saved in (\S+\.draft\.yaml);", output)
    assert match, output
    draft = Path(match[1])
    assert draft.is_relative_to(home / "home")  # the user's state folder, not a records folder
    saved = draft.read_text(encoding="utf-8")
    assert f"id: {TRIP_ID}" in saved and CLAIMS[0]["quote"] in saved and "Dandong" in saved
    assert (home / "plain").read_text() == "a file, not a folder"


# -- claims proposed from a source's text, reviewed one by one ---------------------------------------------------

ARTICLE = """SEOUL, Sept. 1 (Yonhap) -- North Korean leader Kim Jong Un departed Pyongyang for Beijing on Monday \
afternoon aboard his special armoured train, state media said.

The trip from Pyongyang to Beijing typically takes about 20 hours, covering some 1,300 kilometres.

From Dandong to Tianjin the train needs roughly 12 hours.

The train is expected to arrive in Beijing on Tuesday afternoon.
"""


def test_claims_proposed_from_a_sources_text_are_accepted_edited_or_dropped(home: Path) -> None:
    """The text of the first source is named after it; after the stops, each claim found in it is shown whole
    and accepted, edited (Enter keeps the proposal's answer) or dropped; those kept cite that source."""
    article = home / "yonhap-story.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    steps = interview()
    at = steps.index(("url", SOURCES[0][4])) + 1
    steps[at] = ("text of this source", str(article))
    review = [("accept (a)", "a"),  # time: departed Pyongyang ... on Monday afternoon
              ("accept (a)", "d"),  # destination: departed Pyongyang for Beijing
              ("accept (a)", "a"),  # duration: about 20 hours, Pyongyang -> Beijing
              ("accept (a)", "e"), ("quote", ""), ("says", "1,300 kilometres"), ("from stop", ""), ("to stop", "Dandong"),
              ("note", "span shortened in review"),  # distance: edited
              ("accept (a)", "a"), ("quote", ""), ("says", ""), ("from stop", "Dandong"), ("to stop", "Beijing"),
              ("note", ""),  # duration: Dandong -> Tianjin, Tianjin not a stop: the span is asked, not dropped
              ("accept (a)", "x"), ("accept (a)", "d"),  # time: expected ... Tuesday afternoon (x is refused first)
              ("accept (a)", "d")]  # destination: arrive in Beijing
    steps[steps.index(("Claim", CLAIMS[0]["kind"])):] = [*review, ("Claim", "")]  # none typed by hand
    child = spawn(home, home / "asked")
    shown = [answer(child, fragment, text) for fragment, text in steps]
    output = finish(child)
    transcript = "".join(shown)
    assert "Claims proposed from the text of yonhap-test: 7." in transcript
    assert re.search(r"Proposed claim 3 of 7 \(line 3\):\s+quote: +The trip from Pyongyang to Beijing typically takes about "
                     r"20 hours, covering some 1,300 kilometres\.\s+kind: +duration\s+says: +about 20 hours\s+"
                     r"qualifier: +about\s+span: +Pyongyang → Beijing", transcript)
    assert "'x' is not a, e or d" in transcript
    assert "Not yet a claim (the span Dandong → Tianjin is not two of the stops)" in transcript
    assert "Wrote" in output
    journey = read_record(home / "asked" / f"{TRIP_ID}.yaml").journey
    claims = [(c.kind, c.source, c.says, c.span.from_ if c.span else None, c.span.to if c.span else None, c.place, c.time,
               c.note) for c in journey.claims]
    assert claims == [
        ("time", "yonhap-test", "departed Pyongyang for Beijing on Monday afternoon", None, None, "Pyongyang",
         "2025-09-01 afternoon", "the weekday read as the one nearest the story's date (2025-09-01)"),
        ("duration", "yonhap-test", "about 20 hours", "Pyongyang", "Beijing", None, None, None),
        ("distance", "yonhap-test", "1,300 kilometres", "Pyongyang", "Dandong", None, None, "span shortened in review"),
        ("duration", "yonhap-test", "roughly 12 hours", "Dandong", "Beijing", None, None, None),
    ]
    assert all(c.quote in ARTICLE for c in journey.claims)
    assert re.search(r"\[(CONSISTENT|INCONSISTENT|UNDETERMINED)\] distance \(yonhap-test\)", output)
