"""Kilometre posts and published lengths: the distance reference of a section, where sources give one.

Geometry, however good, is a drawing; a railway's own kilometre posts (``geodata/chainage``) or a
published length is what a distance should be measured by. A section's measured length is its
reference length when it has one, else its geodesic length.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from journeys.data_paths import geodata_dir
from journeys.geo.track import Section


@dataclass(frozen=True)
class Post:
    line: str
    place: str
    km: float
    source: str


@cache
def chainage() -> dict[tuple[str, str], Post]:
    """Kilometre posts from geodata/chainage, keyed by (line, place id)."""
    posts: dict[tuple[str, str], Post] = {}
    for path in sorted((geodata_dir() / "chainage").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                post = Post(row["line"].strip(), row["place"].strip(), float(row["km"]), row["source"].strip())
                posts[(post.line, post.place)] = post
    return posts


@cache
def _datums() -> dict[str, tuple[str, ...]]:
    """Each line's chainage series: 'P'yŏngra Line' and any 'P'yŏngra Line (km from P'yŏngyang)'.

    A line may be posted from more than one origin; a difference of posts is only valid within one.
    """
    series: dict[str, list[str]] = {}
    for line, _ in chainage():
        base = line.split(" (", 1)[0]
        series.setdefault(base, [])
        if line not in series[base]:
            series[base].append(line)
    return {base: tuple(sorted(names, key=lambda n: n != base)) for base, names in series.items()}


def posts_between(line: str, first: str | None, last: str | None) -> float | None:
    """Distance along one line between two stations by their kilometre posts, in any one series."""
    if not first or not last:
        return None
    table = chainage()
    for series in _datums().get(line, ()):
        a, b = table.get((series, first)), table.get((series, last))
        if a is not None and b is not None:
            return abs(b.km - a.km)
    return None


def posts_km(section: Section) -> float | None:
    """The section's length from its end stations' kilometre posts, when both are known."""
    return posts_between(section.line, section.start, section.end)


def reference_km(section: Section) -> tuple[float, str] | None:
    """The section's length as sources give it, and which: kilometre posts first, then a published length."""
    posts = posts_km(section)
    if posts is not None:
        return posts, "posts"
    if section.published_km:
        return section.published_km, "published"
    return None


def measured_km(section: Section) -> tuple[float, str]:
    """A section's (or piece's) distance and how it was measured.

    A whole section with a reference length is that length. A piece of one (a stop part-way along)
    gets the reference length in proportion to its share of the geometry: railways interpolate
    between kilometre posts the same way. Without a reference, the geodesic length of the geometry.
    """
    whole = section.parent or section
    reference = reference_km(whole)
    if reference is None:
        return section.length_km, "geometry"
    km, how = reference
    if section.parent is None:
        return km, how
    return km * section.length_km / whole.length_km, how

