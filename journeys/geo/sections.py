"""The network's sections beside their published lengths: the table in geodata/README.md.

A section's geometry is only as good as the stations it was drawn through, so each one is compared
with the length a source publishes for it (or the difference of its end stations' kilometre posts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from journeys.geo.network import GEOD, Section, posts_km


@dataclass(frozen=True)
class SectionRow:
    id: str
    line: str
    start: str
    end: str
    gauge_mm: int | None
    geometry_km: float
    #: the longest straight chord between two of the section's points: where it is long, stations are missing
    longest_chord_km: float
    published_km: float | None
    reference: str
    source: str

    @property
    def difference(self) -> float | None:
        """(geometry − published) / published."""
        if not self.published_km:
            return None
        return (self.geometry_km - self.published_km) / self.published_km


def longest_chord_km(section: Section) -> float:
    """The longest distance between consecutive points of the section's geometry."""
    lon, lat = section.coords[:, 0], section.coords[:, 1]
    _, _, metres = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    return float(np.max(metres)) / 1000


def section_rows(sections: Iterable[Section]) -> list[SectionRow]:
    rows = []
    for section in sections:
        posts = posts_km(section)
        published, reference = (posts, "posts") if posts is not None else (section.published_km, "published")
        rows.append(SectionRow(
            section.id, section.line, section.start or "", section.end or "", section.gauge_mm,
            section.length_km, longest_chord_km(section), published, reference if published is not None else "none",
            (section.published_source or "") if reference == "published" else "geodata/chainage",
        ))
    return rows


def markdown_table(rows: Iterable[SectionRow]) -> str:
    lines = ["| section | line | from | to | gauge mm | geometry km | longest chord km | published km | by | difference |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        published = "—" if r.published_km is None else f"{r.published_km:,.1f}"
        diff = "—" if r.difference is None else f"{r.difference:+.1%}"
        lines.append(f"| {r.id} | {r.line} | {r.start} | {r.end} | {r.gauge_mm or '?'} | {r.geometry_km:,.1f} | "
                     f"{r.longest_chord_km:,.1f} | "
                     f"{published} | {r.reference} | {diff} |")
    return "\n".join(lines)
