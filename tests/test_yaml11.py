"""Records read the same by YAML 1.1 readers (PyYAML's ``safe_load``) as by journeys' own reader.

An unquoted ``2025-09-02`` is a date to YAML 1.1, ``yes`` a boolean, ``1:30`` the number 90; the
record writer quotes such text, and the bundled records were rewritten by it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from journeys.records.files import bundled_records_dir, journey_to_yaml, read_record
from journeys.records.yamltree import parse_tree
from journeys.records.yamlwrite import ambiguous, dump, yaml11_safe

BUNDLED = sorted(bundled_records_dir().glob("*.yaml"))


def plain(tree: Any) -> Any:
    """journeys' reading of a record as plain dicts, lists and scalars (positions dropped)."""
    if isinstance(tree, dict):
        return {key: plain(value) for key, value in tree.items()}
    if isinstance(tree, list):
        return [plain(value) for value in tree]
    return tree


def test_there_are_bundled_records() -> None:
    assert len(BUNDLED) >= 7


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_pyyaml_reads_each_bundled_record_as_journeys_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == plain(parse_tree(text))
    assert yaml11_safe(text) == text, "the bundled record was not rewritten by the YAML-1.1-safe writer"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_the_writer_writes_records_pyyaml_reads_the_same(path: Path, tmp_path: Path) -> None:
    journey = read_record(path).journey
    text = journey_to_yaml(journey)
    assert yaml.safe_load(text) == plain(parse_tree(text))
    written = tmp_path / path.name
    written.write_text(text, encoding="utf-8")
    assert read_record(written).journey == journey


@pytest.mark.parametrize("text", ["2025-09-02", "2025-09-02 16:00:00", "yes", "No", "on", "OFF", "y", "1:30",
                                  "190:20:30", "1e3", "0o17", "~", "null", ".inf", "012", "1_000", "true", "3.5"])
def test_text_either_yaml_would_type_is_quoted(text: str) -> None:
    assert ambiguous(text)
    assert yaml.safe_load(dump({"time": text})) == {"time": text}
    assert plain(parse_tree(dump({"time": text}))) == {"time": text}


@pytest.mark.parametrize("text", ["2025-09-02 afternoon", "2001-07-26 09:00 / 2001-07-26 09:25", "Sinuiju", "60 km/h"])
def test_plain_text_stays_unquoted(text: str) -> None:
    assert not ambiguous(text)
    assert dump({"time": text}) == f"time: {text}\n"


WORDS = st.sampled_from(["2019-02-23", "12:30", "yes", "off", "1e5", "-", "0x1F", ".5", "+1", "~", " ", ":", "#", "'", '"'])
TEXT = st.lists(st.one_of(WORDS, st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=8)),
                max_size=4).map("".join)


@given(st.dictionaries(st.sampled_from(["note", "time", "title", "yes", "2020-01-01"]), st.one_of(TEXT, st.integers(),
                       st.booleans(), st.lists(TEXT, max_size=3)), max_size=4))
def test_any_text_reads_back_the_same_in_both_yamls(data: dict[str, Any]) -> None:
    text = dump(dict(data))
    assert yaml.safe_load(text) == data
    assert plain(parse_tree(text)) == data
