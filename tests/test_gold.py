"""The calculator against a fact-checker's gold set.

``tests/gold/<journey>.yaml`` holds, for every claim of a bundled record, the verdict a careful
fact-checker gives and a one-line reason from the sources, written from the sources before looking
at the calculator's answer. This test prints the agreement and every disagreement, and holds the
calculator to 97% agreement on at least 150 claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

GOLD = Path(__file__).parent / "gold"
AGREEMENT = 0.97
AT_LEAST = 150


def gold_entries() -> list[dict[str, Any]]:
    yaml = YAML(typ="safe")
    entries = []
    for path in sorted(GOLD.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        for entry in data["claims"]:
            entries.append({"journey": data["journey"], "file": path.name, **entry})
    return entries


def key(journey: str, source: str, kind: str, says: str, place: str | None) -> tuple[str, ...]:
    return (journey, source, kind, " ".join(says.split()), place or "")


@pytest.fixture(scope="module")
def calculated() -> dict[tuple[str, ...], list[Any]]:
    from journeys.check.analysis import analyse_records
    from journeys.records.files import bundled_records_dir, read_record

    records = [read_record(p) for p in sorted(bundled_records_dir().glob("*.yaml"))]
    found: dict[tuple[str, ...], list[Any]] = {}
    for analysed in analyse_records(records):
        for check in analysed.check.claims:
            c = check.claim
            found.setdefault(key(analysed.journey.id, c.source, c.kind, c.says, c.place), []).append(check)
    return found


def test_every_gold_entry_names_a_bundled_claim(calculated: dict[tuple[str, ...], list[Any]]) -> None:
    missing = [e for e in gold_entries()
               if key(e["journey"], e["source"], e["kind"], e["says"], e.get("place")) not in calculated]
    assert missing == [], f"gold entries with no such claim in the records: {missing}"


def test_the_calculator_agrees_with_the_gold_set(calculated: dict[tuple[str, ...], list[Any]],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    entries = gold_entries()
    judged = agree = 0
    disagreements = []
    for entry in entries:
        checks = calculated.get(key(entry["journey"], entry["source"], entry["kind"], entry["says"], entry.get("place")), [])
        for check in checks:
            judged += 1
            if check.verdict == entry["verdict"]:
                agree += 1
            else:
                disagreements.append(f"{entry['journey']} {entry['kind']} ({entry['source']}) “{entry['says']}”: "
                                     f"gold {entry['verdict']}, calculator {check.verdict}\n"
                                     f"    gold: {entry['reason']}\n    calculator: {check.reason}")
    with capsys.disabled():
        print(f"\ngold set: {agree}/{judged} claims agree ({agree / max(judged, 1):.1%})")
        for line in disagreements:
            print("  " + line)
    assert judged >= AT_LEAST
    assert agree / judged >= AGREEMENT, "\n".join(disagreements)
