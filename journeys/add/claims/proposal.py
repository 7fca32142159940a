"""A proposed claim, and the forms it is handed to a person in: a table, YAML entries, CSV rows.

A proposal is not a claim: the user accepts, edits or drops it. This module holds the one shape
every finder module produces (:class:`ProposedClaim`), how it becomes a record's claim entry, and
the outputs of ``journeys claims``, so the finders stay free of presentation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from journeys.add.claims.text import line_of

Kind = Literal["duration", "distance", "speed", "time", "destination", "route"]
KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class ProposedClaim:
    """One claim the story seems to make, ready for a person to accept, edit or drop.

    ``quote`` is the sentence, verbatim from the text (``text[quote_start:quote_start+len(quote)]``);
    ``says`` is a verbatim part of the quote, found at ``text[says_start:says_start+len(says)]``.
    ``figure`` is set only when ``says`` is in a form the
    figure grammar does not read. ``span`` is a guessed (from, to) pair of place names; ``place`` the
    place a time, destination or route claim names; ``time`` a time in the record time grammar.
    """

    kind: Kind
    quote: str
    says: str
    qualifier: str
    quote_start: int
    says_start: int
    figure: str | None = None
    place: str | None = None
    time: str | None = None
    span: tuple[str, str] | None = None
    note: str | None = None

    @property
    def missing(self) -> tuple[str, ...]:
        """Fields a record claim needs that the finder could not guess (the user fills them in)."""
        needs: list[str] = []
        if self.kind in ("time", "destination", "route") and not self.place:
            needs.append("place")
        if self.kind == "time" and not self.time:
            needs.append("time")
        return tuple(needs)

    def claim_data(self, source: str) -> dict[str, Any]:
        """The proposal as a record's claim entry (the ``claims:`` list of docs/records.md)."""
        data: dict[str, Any] = {"source": source, "quote": self.quote, "kind": self.kind, "says": self.says}
        if self.figure:
            data["figure"] = self.figure
        if self.span and self.kind in ("duration", "distance", "speed"):
            data["span"] = {"from": self.span[0], "to": self.span[1]}
        if self.place and self.kind in ("time", "destination", "route"):
            data["place"] = self.place
        if self.time and self.kind == "time":
            data["time"] = self.time
        if self.note:
            data["note"] = self.note
        return data


#: The source id written when the user has not named one: a record refuses it until it is replaced.
SOURCE_PLACEHOLDER = "SOURCE-ID"


def proposals_table(text: str, proposals: Sequence[ProposedClaim]) -> str:
    """A text table: line, kind, the words, the qualifier, the figure or time, the place or span."""
    from journeys.check.views import table

    rows = []
    for p in proposals:
        value = p.figure or p.time or ("(time?)" if p.kind == "time" else "")
        where = p.place or (f"{p.span[0]} → {p.span[1]}" if p.span else "")
        if p.kind in ("time", "destination", "route") and not p.place:
            where = "(place?)"
        rows.append([line_of(text, p.says_start), p.kind, p.says, p.qualifier, value, where])
    return table(["line", "kind", "says", "qualifier", "figure/time", "place/span"], rows)


def proposals_yaml(proposals: Sequence[ProposedClaim], source: str = SOURCE_PLACEHOLDER) -> str:
    """Entries to paste under a record's ``claims:``; what the finder could not guess is a comment to fill in."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096  # a quote stays on one line, as it was written
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = ["claims:"]
    for proposal in proposals:
        stream = io.StringIO()
        yaml.dump([proposal.claim_data(source)], stream)
        out.append(stream.getvalue().rstrip("\n"))
        out += [f"    # {field}: ?  (not found in the text: fill it in, or drop this claim)" for field in proposal.missing]
    return "\n".join(out) + "\n"


def proposals_rows(proposals: Sequence[ProposedClaim], source: str = SOURCE_PLACEHOLDER) -> list[dict[str, str]]:
    """Rows for ``journeys add --claims FILE`` (columns kind, source, quote, says, from, to, place, time,
    figure, note)."""
    rows = []
    for proposal in proposals:
        data = proposal.claim_data(source)
        span = data.pop("span", None) or {}
        rows.append({key: str(data.get(key) or "") for key in ("kind", "source", "quote", "says")}
                    | {"from": span.get("from", ""), "to": span.get("to", "")}
                    | {key: str(data.get(key) or "") for key in ("place", "time", "figure", "note")})
    return rows
