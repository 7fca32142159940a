"""The network's sections beside their published lengths: the table in geodata/README.md.

A section's geometry is only as good as the stations it was drawn through, so each one is compared
with the length a source publishes for it (or the difference of its end stations' kilometre posts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from journeys.network import Section, posts_km


@dataclass(frozen=True)
class SectionRow:
    id: str
    line: str
    start: str
    end: str
    gauge_mm: int | None
    geometry_km: float
    published_km: float | None
    reference: str
    source: str

    @property
    def difference(self) -> float | None:
        """(geometry − published) / published."""
        if not self.published_km:
            return None
        return (self.geometry_km - self.published_km) / self.published_km


def section_rows(sections: Iterable[Section]) -> list[SectionRow]:
    rows = []
    for section in sections:
        posts = posts_km(section)
        published, reference = (posts, "posts") if posts is not None else (section.published_km, "published")
        rows.append(SectionRow(
            section.id, section.line, section.start or "", section.end or "", section.gauge_mm,
            section.length_km, published, reference if published is not None else "none",
            (section.published_source or "") if reference == "published" else "geodata/chainage",
        ))
    return rows


def markdown_table(rows: Iterable[SectionRow]) -> str:
    lines = ["| section | line | from | to | gauge mm | geometry km | published km | by | difference |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        published = "—" if r.published_km is None else f"{r.published_km:,.1f}"
        diff = "—" if r.difference is None else f"{r.difference:+.1%}"
        lines.append(f"| {r.id} | {r.line} | {r.start} | {r.end} | {r.gauge_mm or '?'} | {r.geometry_km:,.1f} | "
                     f"{published} | {r.reference} | {diff} |")
    return "\n".join(lines)
