"""Folding names for the gazetteer: the quick path for ASCII names gives the same keys as the full one."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from journeys.geo.gazetteer import fold


def _unicode_fold(name: str) -> str:
    """The full definition: decompose, drop combining marks, marks as spaces, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in "'’‘`ʼ-_.,()":
        kept = kept.replace(mark, " ")
    return " ".join(kept.split())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_names_fold_as_the_full_definition_says(name: str) -> None:
    assert fold(name) == _unicode_fold(name)


@given(st.text())
def test_every_name_folds_as_the_full_definition_says(name: str) -> None:
    assert fold(name) == _unicode_fold(name)


def test_known_spellings_meet() -> None:
    assert fold("Sinŭiju") == fold("SINUIJU") == fold("  sinuiju ") == "sinuiju"
    assert fold("Ulan-Ude") == fold("Ulan Ude") == "ulan ude"
