"""The claim questions of ``journeys add``: typed by hand, or proposed from a source's text and reviewed.

A source's text (a file the user names right after the source) goes through the claim finder
(:mod:`journeys.add.claims`) once the stops are known; each proposal is shown whole (quote, kind,
the words, qualifier, figure or time, place, span) and the user accepts, edits or drops it. Editing
asks the same questions as a claim typed by hand, each with the proposal's answer as its default,
so Enter keeps what the finder found. An accepted claim cites the source whose text it came from.
A proposed span whose stops are not the record's is never kept silently: a claim about "Pyongyang
to Beijing" read as the whole journey could get a wrong verdict, so it is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from journeys.add.draft import check_claim_span, claim_data
from journeys.add.fields import (
    CLAIM_KINDS,
    PLACE_KINDS,
    QUANTITY_KINDS,
    AddError,
    check_choice,
    check_figure,
    check_optional,
    check_required,
    check_says,
    check_source_ref,
    check_time,
)
from journeys.records.quantities import parse_quantity

if TYPE_CHECKING:
    from journeys.add.claims import ProposedClaim

ACTIONS = {"a": "accept", "accept": "accept", "e": "edit", "edit": "edit", "d": "drop", "drop": "drop"}


def check_article(value: str) -> str:
    """The text of the file named (UTF-8), or "" for a blank answer."""
    value = value.strip()
    if not value:
        return ""
    path = Path(value).expanduser()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise AddError(f"{path}: cannot read it ({err.strerror}); give the path of a text file, or leave it blank") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AddError(f"{path}: not UTF-8 text (a bad byte at offset {err.start}); save it as UTF-8 text, "
                       "or leave it blank") from None


def check_action(value: str) -> str:
    action = ACTIONS.get(value.strip().lower())
    if action is None:
        raise AddError(f"{value.strip()!r} is not a, e or d (accept, edit or drop)")
    return action


class ClaimQuestions:
    """Asks for claims against the sources and stops entered so far (the lists are read when asked)."""

    def __init__(self, ask: Callable[..., Any], source_ids: Callable[[], list[str]], keys: Callable[[], list[str]]) -> None:
        self.ask = ask
        self.source_ids = source_ids
        self.keys = keys

    def ask_claim(self, number: int) -> dict[str, Any] | None:
        """One claim typed by hand; None at an empty kind."""
        kind = self.ask(f"Claim {number} kind ({', '.join(CLAIM_KINDS)}; empty when done)",
                        check_choice("claim kind", CLAIM_KINDS, allow_empty=True), default="")
        if not kind:
            return None
        return self.ask_fields(kind, self.ask("  source id", check_source_ref(self.source_ids())))

    def _field(self, text: str, check: Callable[[str], Any], given: Mapping[str, str], name: str,
               optional: bool = False) -> Any:
        """A question whose default is the proposal's answer (Enter keeps it), else required or empty."""
        if given.get(name):
            return self.ask(text, check, default=given[name], show_default=True)
        return self.ask(text, check, default="" if optional else None)

    def ask_fields(self, kind: str, source: str, given: Mapping[str, str] = {}) -> dict[str, Any]:
        """The questions after kind and source; ``given`` (a proposal's fields) are the defaults."""
        fields = {"kind": kind, "source": source}
        fields["quote"] = self._field("  quote (the source's exact words)", check_required("quote"), given, "quote")
        fields["says"] = self._field("  says (the words of the quote that make the claim, copied exactly)",
                                     lambda value: check_says(value, fields["quote"]), given, "says")
        if kind in QUANTITY_KINDS:
            try:
                parse_quantity(kind, fields["says"])  # type: ignore[arg-type]
            except ValueError as err:
                click.echo(f"  {err}")
                fields["figure"] = self._field("  figure, in English words (e.g. about 36 hours)",
                                               lambda value: check_figure(kind, value), given, "figure")
        keys = self.keys()
        fields["from"] = self._field("  from stop (name or id; empty for the whole journey)",
                                     lambda value: self._check_stop_key(keys, value), given, "from", optional=True)
        if fields["from"]:
            fields["to"] = self._field("  to stop", lambda value: self._check_span_end(keys, fields["from"], value),
                                       given, "to")
        if kind in PLACE_KINDS:
            fields["place"] = self._field("  place (the place the claim names)", check_required("place"), given, "place")
        if kind == "time":
            fields["time"] = self._field("  time claimed (e.g. 2025-09-02 morning)", check_time, given, "time")
        fields["note"] = self._field("  note (optional)", check_optional, given, "note", optional=True)
        return claim_data(fields, self.source_ids())

    @staticmethod
    def _check_stop_key(keys: Sequence[str], value: str) -> str:
        value = value.strip()
        if value and value not in keys:
            raise AddError(f"no stop named {value!r}; use one of: {', '.join(dict.fromkeys(keys))}")
        return value

    @staticmethod
    def _check_span_end(keys: Sequence[str], start: str, value: str) -> str:
        value = value.strip()
        check_claim_span(keys, start, value)
        return value

    # proposals from a source's text

    def review(self, source: str, text: str, published: dt.date | None) -> list[dict[str, Any]]:
        """Propose the claims ``text`` makes; return those accepted (as found, or edited), citing ``source``."""
        from journeys.add.claims import find_claims, known_places, line_of

        proposals = find_claims(text, known_places(), published)
        click.echo(f"\nClaims proposed from the text of {source}: {len(proposals) or 'none'}.")
        accepted = []
        for number, proposal in enumerate(proposals, start=1):
            click.echo(f"\nProposed claim {number} of {len(proposals)} (line {line_of(text, proposal.says_start)}):")
            click.echo(describe(proposal))
            action = self.ask("  accept (a), edit (e) or drop (d)", check_action)
            if action == "drop":
                continue
            given = self._given(proposal, source)
            if action == "accept":
                unknown = self._unknown(proposal, given)
                if not unknown:
                    try:
                        accepted.append(claim_data(given, self.source_ids()))
                        continue
                    except AddError as err:
                        unknown = [str(err)]
                click.echo("  Not yet a claim (" + "; ".join(unknown) + "): answer these, Enter keeps an answer.")
            accepted.append(self.ask_fields(proposal.kind, source, given))
        return accepted

    def _given(self, proposal: ProposedClaim, source: str) -> dict[str, str]:
        """The proposal as answers to the claim questions; a span kept only when its ends are the record's stops."""
        data = proposal.claim_data(source)
        given = {k: str(v) for k, v in data.items() if k != "span"}
        if proposal.span and proposal.kind in QUANTITY_KINDS:
            ends = [self._stop_named(name) for name in proposal.span]
            keys = self.keys()
            if ends[0] and ends[1] and keys.index(ends[1]) > keys.index(ends[0]):
                given |= {"from": ends[0], "to": ends[1]}
        return given

    def _stop_named(self, name: str) -> str:
        """The stop key the finder's place name is (same name, any case), or ""."""
        return next((key for key in self.keys() if key.casefold() == name.casefold()), "")

    @staticmethod
    def _unknown(proposal: ProposedClaim, given: Mapping[str, str]) -> list[str]:
        unknown = list(proposal.missing)
        if proposal.span and not given.get("from"):
            unknown.append(f"the span {proposal.span[0]} → {proposal.span[1]} is not two of the stops")
        return unknown


def describe(proposal: ProposedClaim) -> str:
    """A proposal, field by field, as the user reviews it."""
    lines = [("quote", proposal.quote), ("kind", proposal.kind), ("says", proposal.says),
             ("qualifier", proposal.qualifier or "(none)")]
    if proposal.figure:
        lines.append(("figure", proposal.figure))
    if proposal.time or proposal.kind == "time":
        lines.append(("time", proposal.time or "(not found)"))
    if proposal.kind in PLACE_KINDS:
        lines.append(("place", proposal.place or "(not found)"))
    if proposal.kind in QUANTITY_KINDS:
        lines.append(("span", f"{proposal.span[0]} → {proposal.span[1]}" if proposal.span else "the whole journey"))
    if proposal.note:
        lines.append(("note", proposal.note))
    return "\n".join(f"  {name + ':':<10} {value}" for name, value in lines)
