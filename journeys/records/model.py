"""The journey record's data model, declared once.

The YAML loader validates against these models, the JSON Schema in ``docs/journey.schema.json`` is
generated from them, and every later stage (geo, check, render) reads them. Models are frozen:
a record is what was reported, and nothing downstream edits it.

Cross-references inside a record (a time citing a source id, a leg naming two stops) are checked in
:func:`cross_check`, which reports the exact path of the bad value so the loader can name its line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from journeys.errors import RecordProblem, TimeFormatError
from journeys.records.quantities import Quantity, parse_quantity
from journeys.records.times import YEARS, LocalWindow, parse_time

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
#: a URL cited in place of a source id: http(s), with no spaces, quotes or angle brackets
_PLAIN_URL = r"https?://[^\s\"'<>]+"
DEFAULT_SPEED_KMH = 60.0

Role = Literal["origin", "stop", "border", "pass", "destination"]
Mode = Literal["rail", "road", "air", "sea"]
ClaimKind = Literal["duration", "distance", "speed", "destination", "route", "time"]
#: How a claim is read (see docs/checks.md): what happened at the place, how a speed is measured, what a
#: distance or duration is measured along.
Event = Literal["arrive", "depart", "pass"]
Measure = Literal["average", "maximum", "passing"]
Basis = Literal["route", "straight", "running", "door", "country"]
Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    # NaN and infinity are never a reported figure or a coordinate. The validators are built when a
    # record is first validated, not at import: a command whose records all come from the cache
    # (journeys.records.cache) validates none
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False, defer_build=True)


def _as_text(value: Any) -> Any:
    """A date or datetime given from Python is read as text in our grammar, offset and all.

    (The record reader never makes one: unquoted dates stay text. An offset is kept so that the
    grammar refuses it rather than a conversion dropping it.)
    """
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


#: A minus sign just before a number, not after one ("10 - 12 hours" is a range): "-20 hours" is no
#: duration a source can claim, and the figure parser would read it as 20.
_NEGATIVE = re.compile(r"(?:^|[^\d½¼¾⅓⅔\s])\s*[-−]\s*\d")


def _time_text(value: str) -> str:
    try:
        parse_time(value)
    except TimeFormatError as err:
        raise ValueError(str(err)) from None
    return value


class Source(_Model):
    """A news story, agency dispatch or reference page that the record cites."""

    id: Text = Field(description="Short name used by times and claims, e.g. seed-003.")
    publisher: Text = Field(description="Who published it, or 'unknown'.")
    title: Text = Field(description="Headline or title.")
    date: dt.date | None = Field(None, description="Publication date.")
    url: HttpUrl | None = Field(None, description="Where to read it (http or https).")
    seed: str | None = Field(None, description="File name of the stored news story it came from.")
    locator: str | None = Field(
        None, min_length=1,
        description="Where in a print or broadcast source, e.g. 'p. 3' or 'News 9, 21:00 KST' (with 'date', no url needed).")
    attributed_to: list[Text] = Field(default_factory=list, description="Agencies the source itself cites.")

    @field_validator("date")
    @classmethod
    def _sane_year(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
            raise ValueError(f"the publication date {value} is outside the years {YEARS[0]}–{YEARS[1]}; "
                             "check the year (YYYY-MM-DD)")
        return value

    @model_validator(mode="after")
    def _needs_a_locator(self) -> Source:
        # a print article or a broadcast has no URL; its publisher, date, title and page or programme find it
        if self.url is None and not self.seed and not self.locator:
            raise ValueError(f"source {self.id!r} has neither 'url', 'seed' nor 'locator'; add one so a reader can find it")
        if self.url is None and not self.seed and self.date is None:
            raise ValueError(f"source {self.id!r} is cited by 'locator' alone; add its 'date' (YYYY-MM-DD) so a reader "
                             "can find the issue or broadcast")
        return self


class ReportedTime(_Model):
    """One source's report of when something happened at a stop, in the stop's local time."""

    time: Text = Field(description="The time as reported, in the time grammar of docs/records.md.")
    source: Text = Field(description="Id of the source.")
    quote: Text = Field(description="The source's exact words.")

    _text = field_validator("time", mode="before")(_as_text)
    _check = field_validator("time")(_time_text)

    @property
    def window(self) -> LocalWindow:
        return parse_time(self.time)


class Stop(_Model):
    """A place on the journey, with what was reported about the train there."""

    name: Text = Field(description="The place as reported.")
    id: str | None = Field(None, pattern=ID_PATTERN, description="Unique name, for a place that occurs twice.")
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude, degrees WGS84.")
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude, degrees WGS84.")
    coordinates_source: str | None = Field(None, description="Source id or URL for lat/lon.")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings.")
    role: Role = Field(description="origin, stop, border, pass or destination.")
    arrival: list[ReportedTime] = Field(default_factory=list, description="Reported arrival times.")
    departure: list[ReportedTime] = Field(default_factory=list, description="Reported departure times.")
    passing: list[ReportedTime] = Field(default_factory=list, description="Reported times of passing through.")
    note: str | None = Field(None, description="Free text.")

    @model_validator(mode="after")
    def _coordinates_pair(self) -> Stop:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both 'lat' and 'lon', or neither (the name is then looked up)")
        for value in (self.lat, self.lon):
            if value is not None and math.isnan(value):
                raise ValueError("coordinates must be numbers, not NaN")
        return self

    @property
    def key(self) -> str:
        """The name legs and claims use for this stop."""
        return self.id or self.name


class Leg(_Model):
    """What is known about the travel between two consecutive stops."""

    from_: Text = Field(alias="from", description="Name or id of the stop the leg starts at.")
    to: Text = Field(description="Name or id of the next stop.")
    mode: Mode = Field("rail", description="rail, road, air or sea.")
    via: list[Text] = Field(default_factory=list, description="Places the route passes through, in order.")
    geometry: list[tuple[float, float]] | None = Field(
        None, description="For a road leg: [lat, lon] points along the road."
    )
    distance: Text | None = Field(
        None, description="The leg's length in its source's words, e.g. 'about 170 km': a road, air or sea leg is "
                          "measured by it (within its qualifier's tolerance) instead of the straight line × a detour factor."
    )
    source: str | None = Field(None, description="Id of the source for mode, via, geometry or distance.")

    @field_validator("distance")
    @classmethod
    def _distance_has_a_figure(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_quantity("distance", value)
            except ValueError:
                raise ValueError(f"no distance figure found in {value!r}; write the length with its unit, "
                                 "e.g. 'about 170 km'") from None
        return value

    @field_validator("geometry")
    @classmethod
    def _points_on_earth(cls, value: list[tuple[float, float]] | None) -> list[tuple[float, float]] | None:
        for index, (lat, lon) in enumerate(value or ()):
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"geometry point {index + 1} ({lat}, {lon}) is not a [lat, lon] on Earth; "
                                 "write each point as [latitude -90..90, longitude -180..180]")
        return value


class Span(_Model):
    """The part of a journey a claim is about: from one stop to a later one."""

    from_: Text = Field(alias="from", description="Name or id of the first stop.")
    to: Text = Field(description="Name or id of the last stop.")


class Reading(_Model):
    """How to read a claim, where its words do not say it plainly: each field overrides what the
    checks infer from the quote (docs/checks.md lists the words each is inferred from)."""

    event: Event | None = Field(None, description="Time claims: arrive, depart or pass (pass also means cross).")
    occurrence: int | Literal["last"] | None = Field(
        None, description="Time claims: which visit of the place, 1 for the first, 2 for the second, or 'last'."
    )
    measure: Measure | None = Field(None, description="Speed claims: average, maximum (a top speed), or passing "
                                    "(the speed at one point, through a station).")
    basis: Basis | None = Field(
        None,
        description="Distance claims: route (along the track) or straight (a map distance). Duration claims: "
        "door (from leaving to arriving, stays included), running (stays removed) or country (time in one country).",
    )
    country: str | None = Field(None, description="Duration claims with basis 'country': the ISO code, e.g. CN.")

    @field_validator("occurrence")
    @classmethod
    def _positive(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, int) and value < 1:
            raise ValueError("occurrence counts visits from 1 (or write 'last')")
        return value


class Claim(_Model):
    """Something a source asserts about the journey, quoted word for word."""

    id: str | None = Field(None, description="A short name.")
    source: Text = Field(description="Id of the source.")
    quote: Text = Field(description="The source's exact words.")
    kind: ClaimKind = Field(description="duration, distance, speed, destination, route or time.")
    says: Text = Field(description="The words of the quote that make the claim, e.g. 'close to 20 hours'.")
    figure: str | None = Field(
        None, description="The figure in English words when 'says' is in another language, e.g. 'about 36 hours'."
    )
    span: Span | None = Field(None, description="The stops the claim is about; the whole journey if absent.")
    place: str | None = Field(None, description="The place a destination, route or time claim names.")
    time: str | None = Field(None, description="For a time claim: the claimed time, in the time grammar.")
    reading: Reading | None = Field(None, description="How to read the claim, where its words do not say it plainly.")
    note: str | None = Field(None, description="Free text.")

    _text = field_validator("time", mode="before")(_as_text)

    @field_validator("time")
    @classmethod
    def _check_time(cls, value: str | None) -> str | None:
        return None if value is None else _time_text(value)

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if " ".join(self.says.split()).lower() not in " ".join(self.quote.split()).lower():
            raise ValueError(f"'says' ({self.says!r}) must be words copied from 'quote'; copy them exactly")
        if self.kind in ("duration", "distance", "speed") and _NEGATIVE.search(self.figure or self.says):
            raise ValueError(f"the {self.kind} in {self.figure or self.says!r} is negative; a claimed figure is a size: "
                             "write it without the minus sign (and check the quote)")
        if self.kind in ("destination", "route", "time") and not self.place:
            raise ValueError(f"a {self.kind} claim needs 'place': the place the claim names")
        if self.kind == "time" and not self.time:
            raise ValueError("a time claim needs 'time': the claimed time, e.g. '2025-09-02 early'")
        if self.kind in ("duration", "distance", "speed"):
            self.quantity  # noqa: B018 - raises ValueError with the fix when no figure is found
        return self

    @property
    def quantity(self) -> Quantity:
        """The figure a duration, distance or speed claim asserts."""
        if self.kind not in ("duration", "distance", "speed"):
            raise TypeError(f"a {self.kind} claim has no figure")
        return parse_quantity(self.kind, self.figure or self.says)


class Journey(_Model):
    """One reported trip: its stops, the travel between them, its sources and what they claim."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        allow_inf_nan=False,
        defer_build=True,
        json_schema_extra={"$id": "https://journeys.invalid/journey.schema.json"},
    )

    id: str = Field(pattern=ID_PATTERN, description="Safe as a file name; the file is ID.yaml.")
    title: Text = Field(description="One line.")
    traveller: Text = Field(description="Who travelled.")
    year: int = Field(ge=1800, le=2200, description="The year the journey started.")
    summary: str | None = Field(None, description="A paragraph of context.")
    assumed_speed_kmh: float = Field(DEFAULT_SPEED_KMH, gt=0, le=400, description="Speed the checks assume.")
    assumed_speed_source: str | None = Field(None, description="Id of the source for that speed.")
    sources: list[Source] = Field(min_length=1, description="The sources.")
    stops: list[Stop] = Field(min_length=2, description="The ordered stops.")
    legs: list[Leg] = Field(default_factory=list, description="Travel between consecutive stops.")
    claims: list[Claim] = Field(default_factory=list, description="What the sources assert.")

    def stop_index(self, key: str, after: int = -1) -> int:
        """Index of the first stop named (or with id) ``key`` after index ``after``."""
        for index in self._stop_positions().get(key, ()):
            if index > after:
                return index
        raise KeyError(key)

    def _stop_positions(self) -> dict[str, list[int]]:
        """Each stop name and id → the indexes of the stops it names, in order.

        Built once per journey (records with thousands of stops look a stop up for every leg), and
        kept outside the model, whose fields and equality must stay what the record says.
        """
        entry = _POSITIONS.get(id(self))
        if entry is not None and entry[0] is self.stops:
            return entry[1]
        positions: dict[str, list[int]] = {}
        for index, stop in enumerate(self.stops):
            for key in dict.fromkeys((stop.id, stop.name)):
                if key is not None:
                    positions.setdefault(key, []).append(index)
        if len(_POSITIONS) >= 256:
            _POSITIONS.pop(next(iter(_POSITIONS)))
        _POSITIONS[id(self)] = (self.stops, positions)  # the stops list kept alive, so an id reused is detected
        return positions

    def leg_info(self, index: int) -> Leg:
        """The leg from stop ``index`` to the next; a rail leg when the record lists none."""
        for leg in self.legs:
            start = self.stop_index(leg.from_)
            if start == index:
                return leg
        stops = self.stops
        return Leg.model_validate({"from": stops[index].key, "to": stops[index + 1].key})

    def span_indexes(self, span: Span | None) -> tuple[int, int]:
        """First and last stop index of a claim's span (the whole journey when None)."""
        if span is None:
            return 0, len(self.stops) - 1
        start = self.stop_index(span.from_)
        return start, self.stop_index(span.to, after=start)


#: id(journey) → (its stops list, stop positions): a small cache for Journey.stop_index.
_POSITIONS: dict[int, tuple[list[Stop], dict[str, list[int]]]] = {}


def _check_stop_ref(journey: Journey, loc: tuple[str | int, ...], key: str, after: int = -1) -> int:
    try:
        return journey.stop_index(key, after)
    except KeyError:
        names = ", ".join(dict.fromkeys(s.key for s in journey.stops))
        where = "" if after < 0 else f" after {journey.stops[after].key!r}"
        raise RecordProblem(
            loc, f"no stop named {key!r}{where}", f"use one of the stop names or ids: {names}"
        ) from None


def cross_check(journey: Journey) -> None:
    """Check the references inside a record; raise :class:`RecordProblem` at the first bad one."""
    source_ids: dict[str, int] = {}
    for i, source in enumerate(journey.sources):
        if source_ids.setdefault(source.id, i) != i:
            raise RecordProblem(("sources", i, "id"), f"source id {source.id!r} is used twice", "rename one")
    known = ", ".join(source_ids)

    def cite(loc: tuple[str | int, ...], source_id: str | None) -> None:
        if source_id is not None and source_id not in source_ids and not re.fullmatch(_PLAIN_URL, source_id):
            raise RecordProblem(loc, f"no source with id {source_id!r}", f"add it to 'sources' or use one of: {known}")

    cite(("assumed_speed_source",), journey.assumed_speed_source)
    stop_ids = Counter(s.id for s in journey.stops if s.id)
    for i, stop in enumerate(journey.stops):
        if stop.id and stop_ids[stop.id] > 1:
            raise RecordProblem(("stops", i, "id"), f"stop id {stop.id!r} is used twice", "make stop ids unique")
        cite(("stops", i, "coordinates_source"), stop.coordinates_source)
        for field in ("arrival", "departure", "passing"):
            for j, report in enumerate(getattr(stop, field)):
                cite(("stops", i, field, j, "source"), report.source)
    for i, leg in enumerate(journey.legs):
        start = _check_stop_ref(journey, ("legs", i, "from"), leg.from_)
        end = _check_stop_ref(journey, ("legs", i, "to"), leg.to, after=start)
        if end != start + 1:
            raise RecordProblem(
                ("legs", i, "to"),
                f"a leg joins consecutive stops, but {leg.to!r} is not the stop after {leg.from_!r}",
                f"use 'to: {journey.stops[start + 1].key}' and list places in between under 'via'",
            )
        if leg.geometry is not None and leg.mode == "rail":
            raise RecordProblem(
                ("legs", i, "geometry"), "a rail leg is routed on the network", "remove 'geometry' or set 'mode: road'"
            )
        cite(("legs", i, "source"), leg.source)
    for i, claim in enumerate(journey.claims):
        cite(("claims", i, "source"), claim.source)
        if claim.span is not None:
            start = _check_stop_ref(journey, ("claims", i, "span", "from"), claim.span.from_)
            _check_stop_ref(journey, ("claims", i, "span", "to"), claim.span.to, after=start)
