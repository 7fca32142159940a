"""The claim finder against real stories: the seed stories' claims in the bundled records, every other
bundled claim's quote, and figures written in English, Korean, Chinese and Russian.

The seed stories are vendored under tests/data/articles/ (each names its source on its first line), so
no test reads outside the project.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from journeys.add.claims import PlaceNames, ProposedClaim, find_claims, known_places, proposals_yaml, sentences
from journeys.records.files import bundled_records_dir, read_record
from journeys.records.model import Claim, Journey
from tests.conftest import RunCli

ARTICLES = Path(__file__).parent / "data" / "articles"


def article(name: str) -> str:
    """A vendored story without its source line (the '# Source: ...' header and the blank line after it)."""
    text = (ARTICLES / name).read_text(encoding="utf-8")
    assert text.startswith("# Source: "), f"{name} must name its source on its first line"
    return text.split("\n", 2)[2]


def bundled() -> list[Journey]:
    return [read_record(path).journey for path in sorted(bundled_records_dir().glob("*.yaml"))]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def overlaps(a: str, b: str) -> bool:
    """Two wordings share a run of at least four characters (or all of the shorter one)."""
    a, b = _norm(a), _norm(b)
    run = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size
    return run >= min(4, len(a), len(b))


def proposes(proposals: list[ProposedClaim], claim: Claim) -> bool:
    """A proposal of the claim's kind, from the claim's sentence, whose words overlap the claim's."""
    return any(
        p.kind == claim.kind and (_norm(claim.quote) in _norm(p.quote) or _norm(p.quote) in _norm(claim.quote))
        and overlaps(p.says, claim.says)
        for p in proposals
    )


@pytest.fixture(scope="module")
def places() -> PlaceNames:
    return known_places()


def test_every_seed_claim_in_the_bundled_records_is_proposed_from_its_story(places: PlaceNames) -> None:
    checked, misses = 0, []
    for journey in bundled():
        seeds = {s.id: s for s in journey.sources if s.seed}
        for claim in journey.claims:
            source = seeds.get(claim.source)
            if source is None or not claim.source.startswith("seed-"):
                continue
            assert source.seed is not None
            proposals = find_claims(article(source.seed), places, published=source.date)
            checked += 1
            if not proposes(proposals, claim):
                misses.append(f"{journey.id}: {claim.kind} {claim.says!r} in {claim.quote!r}")
    assert checked >= 25, "the bundled records hold the seed stories' claims"
    assert not misses, "claims the finder missed:\n" + "\n".join(misses)


def test_bundled_claims_are_proposed_from_their_quotes(places: PlaceNames) -> None:
    """Every claim of every bundled record, its quote read alone; German and Croatian are out of scope."""
    out_of_scope = ("Über zehn Stunden", "Durchschnittsgeschwindigkeit", "ukupno", "oko 24 dana")
    total, misses = 0, []
    for journey in bundled():
        dates = {s.id: s.date for s in journey.sources}
        for claim in journey.claims:
            if any(word in claim.says for word in out_of_scope):
                continue
            total += 1
            if not proposes(find_claims(claim.quote, places, published=dates.get(claim.source)), claim):
                misses.append(f"{journey.id}: {claim.kind} {claim.says!r}")
    assert total > 150
    assert len(misses) <= 1, "claims the finder missed:\n" + "\n".join(misses)


@pytest.mark.parametrize(
    ("text", "kind", "says", "qualifier", "figure", "value"),
    [
        ("For the 2019 Hanoi summit, he travelled roughly 4,500 km through China by train, a 2½‑day trip.",
         "distance", "roughly 4,500 km", "roughly", None, 4500),
        ("For the 2019 Hanoi summit, he travelled roughly 4,500 km through China by train, a 2½‑day trip.",
         "duration", "a 2½‑day trip", "", None, 60),
        ("Before that, he made a 60-hour journey to Vietnam.", "duration", "a 60-hour journey", "", None, 60),
        ("It travels at a maximum speed of 60km per hour.", "speed", "a maximum speed of 60km per hour", "maximum",
         None, 60),
        ("A year earlier, he spent almost a month in Russia.", "duration", "almost a month", "almost", None, 720),
        ("열차는 약 20시간 동안 달렸다.", "duration", "약 20시간", "about", None, 20),
        ("열차는 시속 60km 정도로 달린다.", "speed", "시속 60km 정도", "about", None, 60),
        ("평양에서 하산역까지 이동 거리는 약 1000㎞ 정도로 하루 반 정도가 소요됐다.", "duration", "하루 반 정도", "about",
         "about 36 hours", 36),
        ("两地之间60km 정도。", "distance", "60km 정도", "about", None, 60),
        ("专列全程约20小时。", "duration", "约20小时", "about", None, 20),
        ("专列走了20多小时。", "duration", "20多小时", "or more", None, 20),
        ("열차는 20여 시간 달렸다.", "duration", "20여 시간", "or more", "20 hours or more", 20),
        ("专列时速60公里。", "speed", "时速60公里", "", None, 60),
        ("从越南至朝鲜总里程3800公里 , 耗时约60小时 。", "distance", "3800公里", "", None, 3800),
        ("Поезд идёт со скоростью около 60 км/ч.", "speed", "со скоростью около 60 км/ч", "about", None, 60),
        ("Поезд преодолел более 4500 км.", "distance", "более 4500 км", "more than", None, 4500),
        ("Поезд преодолел 4 500 км.", "distance", "4 500 км", "", "4500 km", 4500),
        ("Путь занял почти 20 часов.", "duration", "почти 20 часов", "nearly", None, 20),
    ],
)
def test_figures_in_four_languages(text: str, kind: str, says: str, qualifier: str, figure: str | None,
                                   value: float) -> None:
    found = [p for p in find_claims(text) if p.kind == kind]
    assert [(p.says, p.qualifier, p.figure) for p in found] == [(says, qualifier, figure)]
    claim = Claim.model_validate(found[0].claim_data("s1"))
    assert claim.quantity.value == pytest.approx(value)


def test_korean_times_and_routes(places: PlaceNames) -> None:
    """Quotes from the 2025-beijing record's Korean sources (seoul-2025-09-01, newdaily-2025-09-02)."""
    text = ("열차는 북한의 수도 평양에서 출발해 서북부 접경지역에 위치한 신의주, 그리고 중국의 단둥, 선양, "
            "톈진을거쳐 베이징에 도착할 것으로 예상된다. 6년 8개월만에 방중에 나선 김정은 북한 국무위원장이 "
            "현지시각으로 2일 오후 3시를 전후해 중국 베이징에 도착할 것으로 보인다.")
    found = find_claims(text, places, published=dt.date(2025, 9, 2))
    assert ("route", "톈진을거쳐", "Tianjin") in [(p.kind, p.says, p.place) for p in found]
    (arrival,) = [p for p in found if p.kind == "time"]
    assert (arrival.says, arrival.place, arrival.time) == ("현지시각으로 2일 오후 3시를 전후해 중국 베이징에 도착", "Beijing",
                                                           "2025-09-02 15:00")


def test_chinese_times_and_routes(places: PlaceNames) -> None:
    text = "金正恩乘坐专列于9月2日下午抵达北京。专列从平壤到北京约1300公里，途经丹东和沈阳。"
    found = find_claims(text, places, published=dt.date(2025, 9, 2))
    by_kind = {(p.kind, p.place): p for p in found}
    assert by_kind[("time", "Beijing")].time == "2025-09-02 afternoon"
    assert by_kind[("destination", "Beijing")].says == "抵达北京"
    assert ("route", "Dandong") in by_kind and ("route", "Shenyang") in by_kind
    (distance,) = [p for p in found if p.kind == "distance"]
    assert (distance.says, distance.qualifier, distance.span) == ("约1300公里", "about", ("Pyongyang", "Beijing"))


def test_russian_times_destinations_and_spans(places: PlaceNames) -> None:
    text = ("В Приморье лидер КНДР прибыл утром 16 сентября. Лидер КНДР направляется в Москву. "
            "Путь от Пхеньяна до Владивостока занял почти 20 часов, поезд проехал через Хасан.")
    found = find_claims(text, places, published=dt.date(2023, 9, 17))
    assert next(p.time for p in found if p.kind == "time") == "2023-09-16 morning"
    assert ("destination", "направляется в Москву", "Moscow") in [(p.kind, p.says, p.place) for p in found]
    assert ("route", "Khasan") in [(p.kind, p.place) for p in found]
    (duration,) = [p for p in found if p.kind == "duration"]
    assert duration.span == ("Pyongyang", "Vladivostok")


def test_english_times_resolve_against_the_story_date(places: PlaceNames) -> None:
    found = find_claims(article("001_d2e0f26bd34e40b3.txt"), places, published=dt.date(2025, 9, 2))
    crossing = next(p for p in found if p.says == "crossed into Chinese territory early Tuesday morning")
    assert (crossing.kind, crossing.place, crossing.time) == ("time", "China", "2025-09-02 early morning")
    assert crossing.note and "border station" in crossing.note
    later = next(p for p in found if p.says == "is expected to reach Beijing later in the day")
    assert later.time == "2025-09-02" and later.note and "story's date" in later.note


def test_a_time_without_a_story_date_is_proposed_with_the_date_left_to_the_user(places: PlaceNames) -> None:
    (proposal,) = [p for p in find_claims("The train arrived in Dandong on Tuesday morning.", places)
                   if p.kind == "time"]
    assert proposal.time is None and proposal.missing == ("time",)
    assert proposal.note and "no date" in proposal.note


def test_spans_come_from_the_sentence_or_its_neighbours(places: PlaceNames) -> None:
    found = find_claims(article("003_0beb9363fa79b2f0.txt"), places)
    spans = {p.says: p.span for p in found if p.kind in ("duration", "speed")}
    assert spans["close to 20 hours"] == ("Pyongyang", "Beijing")  # "from Pyongyang to Beijing"
    assert spans["roughly 20 hours"] == ("Pyongyang", "Beijing")  # the bullet before names both
    assert spans["averaging around 60 km (37 miles) per hour"] == ("Pyongyang", "Beijing")  # the next sentence does


def test_every_complete_proposal_from_the_seed_stories_is_a_valid_record_claim(places: PlaceNames) -> None:
    for name in sorted(p.name for p in ARTICLES.glob("*.txt")):
        text = article(name)
        for proposal in find_claims(text, places, published=dt.date(2025, 9, 2)):
            assert text[proposal.quote_start :].startswith(proposal.quote)
            assert text[proposal.says_start :].startswith(proposal.says)
            if not proposal.missing:
                Claim.model_validate(proposal.claim_data("seed-x"))


def test_sentences_keep_abbreviations_and_drop_bullet_marks() -> None:
    text = "- The train arrived at around 4 p.m. (local time), nearly a day after departing. Mr. Kim waved.\nNext"
    assert [text[s:e] for s, e in sentences(text)] == [
        "The train arrived at around 4 p.m. (local time), nearly a day after departing.", "Mr. Kim waved.", "Next"]


def test_the_yaml_pastes_into_a_record(places: PlaceNames) -> None:
    """The ``claims:`` yaml loads (also in a YAML 1.1 reader) and validates as a record's claims."""
    text = article("002_46a5a0052f6e7471.txt")
    proposals = find_claims(text, places)
    pasted = proposals_yaml(proposals, "seed-002")
    assert pasted.count("# place: ?") + pasted.count("# time: ?") == sum(len(p.missing) for p in proposals)
    claims = YAML(typ="safe").load(pasted)["claims"]
    assert claims == YAML(typ="safe").load("%YAML 1.1\n---\n" + pasted)["claims"]  # no date read as a date in 1.1
    complete = [c for c, p in zip(claims, proposals, strict=True) if not p.missing]
    journey = Journey.model_validate({
        "id": "paste-test", "title": "t", "traveller": "x", "year": 2025,
        "sources": [{"id": "seed-002", "publisher": "unknown", "title": "t", "seed": "002_46a5a0052f6e7471.txt"}],
        "stops": [{"name": "Pyongyang", "role": "origin"}, {"name": "Beijing", "role": "destination"}],
        "claims": complete,
    })
    assert len(journey.claims) == len(complete) >= 8
    assert {c.time for c in journey.claims if c.kind == "time"} >= {"2025-09-01", "2025-09-02 early"}


def test_claims_command_formats(run_cli: RunCli, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(article("003_0beb9363fa79b2f0.txt"), encoding="utf-8")
    table = run_cli("claims", str(story))
    assert table.exit_code == 0, table.output
    assert "close to 20 hours" in table.output and "Pyongyang → Beijing" in table.output
    assert "(time?)" in table.output  # no story date: the times wait for one
    dated = run_cli("claims", str(story), "--date", "2025-09-02", "--format", "json", "--source", "seed-003")
    rows = json.loads(dated.output)
    crossing = next(r for r in rows if r["says"] == "crossed the border into China in the early hours of Tuesday")
    assert crossing | {"note": None} == {
        "source": "seed-003", "quote": crossing["quote"], "kind": "time", "says": crossing["says"], "place": "China",
        "time": "2025-09-02 early hours", "note": None, "qualifier": "", "line": 12, "missing": []}
    pasted = run_cli("claims", str(story), "--format", "yaml", "--source", "seed-003")
    assert pasted.output.startswith("claims:\n  - source: seed-003\n")
    csv_out = run_cli("claims", str(story), "--format", "csv", "--source", "seed-003")
    header, *lines = csv_out.output.splitlines()
    assert header == "kind,source,quote,says,from,to,place,time,figure,note"
    assert any(line.startswith("duration,seed-003,") and "close to 20 hours,Pyongyang,Beijing" in line for line in lines)


def test_claims_command_refuses_what_is_not_a_text_file(run_cli: RunCli, tmp_path: Path) -> None:
    binary = tmp_path / "story.pdf"
    binary.write_bytes(b"%PDF-1.4\n\xe2\x28\xa1")
    result = run_cli("claims", str(binary))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {binary}: not UTF-8 text (a bad byte at offset 9); save the story as UTF-8 text " \
        "(or copy its text into a new .txt file)"
    missing = run_cli("claims", str(tmp_path / "none.txt"))
    assert missing.exit_code == 1 and "none.txt: cannot read it" in missing.output


_FRAGMENTS = st.sampled_from([
    "roughly 4,500 km", "a 2½‑day trip", "약 20시간", "60km 정도", "约20小时", "时速60公里", "около 60 км/ч",
    "более 4500 км", " arrived in Beijing on Tuesday morning", " via Dandong", "。", ". ", "\n", "- ", " p.m. ",
    "Pyongyang", "베이징에 도착", "в Пекин", "前往北京", " to ", "60-hour journey", "about 60 km (37 miles) per hour",
    "1000000 км", "0 km", "0.5 hours", "二十天", "하루 반", "2½-day trip", "three-week", "on Tuesday", "2일 오후 3시",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=14).map("".join))
def test_quotes_and_says_are_verbatim(text: str) -> None:
    for proposal in find_claims(text, known_places(), published=dt.date(2025, 9, 2)):
        assert proposal.quote in text and text[proposal.quote_start :].startswith(proposal.quote)
        assert proposal.says in proposal.quote and text[proposal.says_start :].startswith(proposal.says)
        assert proposal.kind in ("duration", "distance", "speed", "time", "destination", "route")
