"""The network's sections beside their published lengths: the table in geodata/README.md.

A section's geometry is only as good as what it was drawn from, so each one is compared with the
length a source publishes for it (or the difference of its end stations' kilometre posts), and the
table says what the geometry is (OpenStreetMap-derived track, or a line through sourced station
points) and under which licence, because a map that draws OpenStreetMap-derived track must credit it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from journeys.geo.chainage import posts_km
from journeys.geo.track import GEOD, Section

#: A geometry within this fraction of its reference length is "within" (the issue's must-show: 3%).
WITHIN = 0.03


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
    #: "track" (OpenStreetMap-derived), "generalised" (Natural Earth's 1:10m railroads) or "stations"
    #: (a line through sourced station points)
    geometry: str = "stations"
    #: the geometry's licence and the credit a map must show, or "" for station points (each row of
    #: geodata/places names its own source)
    licence: str = ""

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


def geometry_kind(section: Section) -> str:
    """What the geometry was drawn from: track, a generalised line, or sourced station points.

    A file names the kind in `geometry_kind`; without it, geometry that carries a credit is track
    (the OpenStreetMap-derived sections) and any other is drawn through stations.
    """
    if section.kind:
        return section.kind
    return "track" if section.attribution else "stations"


def licence_text(section: Section) -> str:
    """The licence and credit of a section's geometry, as a map must show them ("" for station points)."""
    if not section.licence and not section.attribution:
        return ""
    return " ".join(part for part in (section.licence, section.attribution) if part)


def section_rows(sections: Iterable[Section]) -> list[SectionRow]:
    rows = []
    for section in sections:
        posts = posts_km(section)
        published, reference = (posts, "posts") if posts is not None else (section.published_km, "published")
        rows.append(SectionRow(
            section.id, section.line, section.start or "", section.end or "", section.gauge_mm,
            section.length_km, longest_chord_km(section), published, reference if published is not None else "none",
            (section.published_source or "") if reference == "published" else "geodata/chainage",
            geometry_kind(section), licence_text(section),
        ))
    return rows


def within_summary(rows: Iterable[SectionRow]) -> str:
    """How many sections with a reference length have geometry within WITHIN of it, overall and by gauge."""
    rows = list(rows)
    measured = [r for r in rows if r.difference is not None]
    inside = [r for r in measured if abs(r.difference or 0.0) <= WITHIN]
    parts = [f"{len(inside)} of {len(measured)} sections with a reference length are within {WITHIN:.0%} of it "
             f"({len(rows) - len(measured)} more have none)"]
    for gauge in sorted({r.gauge_mm or 0 for r in measured}):
        of_gauge = [r for r in measured if (r.gauge_mm or 0) == gauge]
        ok = [r for r in of_gauge if abs(r.difference or 0.0) <= WITHIN]
        parts.append(f"{gauge or '?'} mm: {len(ok)} of {len(of_gauge)}")
    for kind in ("track", "generalised", "stations"):
        of_kind = [r for r in measured if r.geometry == kind]
        if of_kind:
            ok = [r for r in of_kind if abs(r.difference or 0.0) <= WITHIN]
            parts.append(f"{kind} geometry: {len(ok)} of {len(of_kind)}")
    return "; ".join(parts) + "."


def markdown_table(rows: Iterable[SectionRow]) -> str:
    rows = list(rows)
    lines = ["| section | line | from | to | gauge mm | geometry | geometry km | longest chord km | published km | by "
             "| difference | licence |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        published = "—" if r.published_km is None else f"{r.published_km:,.1f}"
        diff = "—" if r.difference is None else f"{r.difference:+.1%}"
        lines.append(f"| {r.id} | {r.line} | {r.start} | {r.end} | {r.gauge_mm or '?'} | {r.geometry} | {r.geometry_km:,.1f} | "
                     f"{r.longest_chord_km:,.1f} | "
                     f"{published} | {r.reference} | {diff} | {r.licence or '—'} |")
    lines += ["", within_summary(rows)]
    return "\n".join(lines)
