"""Track sections: the line geometry the network is built from, one object or a packed table of them.

A :class:`Section` is one line section as a file gives it (id, line, gauge, end places, the sources
of its geometry and length). A user's network may hold a million of them, so readers return a
:class:`SectionTable` that keeps the coordinates packed and makes a :class:`Section` only for one a
route uses; lengths are measured for the whole table in one vectorised geodesic call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import overload

import numpy as np
from pyproj import Geod
from shapely.geometry import LineString

GEOD = Geod(ellps="WGS84")


def line_km(coords: np.ndarray) -> float:
    """Geodesic length in km of a (lon, lat) coordinate array."""
    if len(coords) < 2:
        return 0.0
    return float(GEOD.line_length(coords[:, 0], coords[:, 1])) / 1000.0


@dataclass(frozen=True, eq=False)
class Section:
    """One line section as read from a file; coordinates are (lon, lat)."""

    id: str
    line: str
    coords: np.ndarray = field(repr=False)
    gauge_mm: int | None = None
    start: str | None = None
    end: str | None = None
    published_km: float | None = None
    published_source: str | None = None
    source: str | None = None
    #: another line between the same two places that a train may as well have taken, when no source says
    #: which: its published length, its name and the source; a leg over this section is a range of both
    alternative_km: float | None = None
    alternative_line: str | None = None
    alternative_source: str | None = None
    #: for a piece of a section split at a stop: the whole section, whose reference length it shares
    parent: Section | None = None
    #: the file the section was read from, for error messages
    origin: str = ""
    #: place ids of the interior vertices, when the file names them (coords[1:-1]); "" for a point of
    #: track geometry that is no station
    vertices: tuple[str, ...] = ()
    #: the geometry's licence (SPDX id) and the credit a map drawing it must show, when the file gives them
    licence: str | None = None
    attribution: str | None = None
    #: what the geometry was drawn from, when the file says: "track" or "generalised" (see geodata/FORMAT.md)
    kind: str | None = None
    #: the section crosses a national border (routing avoids needless crossings: BORDER_PENALTY_KM)
    border: bool = False
    #: an estimated stretch joining a stop that lies off the track to the nearest track
    access: bool = False

    @cached_property
    def length_km(self) -> float:
        """Geodesic length of the geometry (computed once: routing asks for it often)."""
        return line_km(self.coords)

    @property
    def geometry(self) -> LineString:
        return LineString(self.coords)


class SectionTable(Sequence[Section]):
    """Sections held as arrays, each made into a :class:`Section` only when asked for.

    A network of a million sections routes a leg through a few thousand of them: keeping the
    coordinates packed (``coords[offsets[i]:offsets[i + 1]]`` is section ``i``) and the attributes
    as the file's columns costs a fraction of the memory and time of a million objects. Made
    sections are kept, so that asking twice gives the same object.
    """

    def __init__(self, coords: np.ndarray, offsets: np.ndarray, start: Sequence[str | None],
                 end: Sequence[str | None], make: Callable[[int], Section],
                 vertices: Sequence[tuple[str, ...]] | None = None, border: np.ndarray | None = None) -> None:
        self.coords = coords
        self.offsets = offsets
        self.start = start
        self.end = end
        self._make = make
        #: the place ids of each section's interior vertices, when the file names them
        self.vertices = vertices
        #: whether each section crosses a national border
        self.border = np.zeros(len(offsets) - 1, dtype=bool) if border is None else border
        self._made: dict[int, Section] = {}
        #: geodesic length of every section in km, once measured (:meth:`measure`)
        self.lengths: np.ndarray | None = None

    @classmethod
    def of(cls, sections: Sequence[Section]) -> SectionTable:
        """A table over sections already made (a bundled file, or pieces split at junctions)."""
        if isinstance(sections, SectionTable):
            return sections
        listed = list(sections)
        sizes = np.array([len(s.coords) for s in listed], dtype=np.intp)
        coords = np.concatenate([s.coords for s in listed]) if listed else np.zeros((0, 2))
        table = cls(coords.reshape(-1, 2), np.concatenate(([0], np.cumsum(sizes))).astype(np.intp),
                    [s.start for s in listed], [s.end for s in listed], listed.__getitem__,
                    border=np.array([s.border for s in listed], dtype=bool))
        table._made = dict(enumerate(listed))
        return table

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, index: int) -> Section: ...
    @overload
    def __getitem__(self, index: slice) -> list[Section]: ...
    def __getitem__(self, index: int | slice) -> Section | list[Section]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = int(index)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        section = self._made.get(index)
        if section is None:
            section = self._made[index] = self._make(index)
            if self.lengths is not None:
                section.__dict__["length_km"] = float(self.lengths[index])  # fills the cached_property
        return section

    def coords_of(self, index: int) -> np.ndarray:
        return self.coords[self.offsets[index] : self.offsets[index + 1]]

    def measure(self) -> np.ndarray:
        """Every section's geodesic length in one vectorised call, stored as each made section's ``length_km``."""
        if self.lengths is None:
            self.lengths = _section_lengths(self.coords, self.offsets)
            for index, section in self._made.items():
                section.__dict__["length_km"] = float(self.lengths[index])
        return self.lengths


def _section_lengths(coords: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Geodesic km of each section of a packed array: :func:`journeys.geo.measure.leg_lengths_km`, to the last bit, at less cost.

    That function measures every consecutive pair and zeroes those that cross from one section to
    the next; with three points a section that is a third of the geodesic work thrown away. Here
    only the pairs inside sections are measured, into the same slots, summed by the same reduceat.
    Every section has at least one point (:func:`read_sections` and :class:`Section` see to it).
    """
    starts = offsets[:-1]
    if not len(starts):
        return np.zeros(0)
    inner = np.ones(len(coords), dtype=bool)  # pair j joins points j and j + 1
    inner[offsets[1:] - 1] = False  # a section's last point starts no pair of its own
    pairs = np.flatnonzero(inner)
    metres = np.zeros(len(coords) + 1)
    _, _, metres[pairs] = GEOD.inv(coords[pairs, 0], coords[pairs, 1], coords[pairs + 1, 0], coords[pairs + 1, 1],
                                   return_back_azimuth=False)
    return np.asarray(np.add.reduceat(metres, starts) / 1000.0)


