"""The questions ``journeys add`` asks in a terminal, each answer checked as it is given.

The checks and the record builder are those of :mod:`journeys.add.draft`, which the script form
(``journeys add --stops FILE``) uses too; this module is only the conversation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

from journeys.add.claim_questions import ClaimQuestions, check_article
from journeys.add.draft import (
    StopEntry,
    journey_data,
    place_line,
    source_data,
    stop_data,
    time_data,
    valid_data,
)
from journeys.add.fields import (
    SEED_PREFIX,
    TIME_KINDS,
    AddError,
    check_choice,
    check_coordinates,
    check_country,
    check_date,
    check_id,
    check_locator,
    check_mode,
    check_new_source_id,
    check_optional,
    check_required,
    check_role,
    check_source_ref,
    check_time,
    check_url,
    check_year,
    split_via,
)
from journeys.errors import AmbiguousPlaceError, GeocodeError, RecordProblem
from journeys.geo.gazetteer import Place
from journeys.geo.geocode import SAME_PLACE_KM, PlaceResolver, Resolution, geodesic_km
from journeys.records.model import Journey, Stop
from journeys.records.timeline import build_timeline

T = TypeVar("T")

#: A stop farther than this (straight line) from the stop before must be confirmed, not refused. In the
#: bundled records the gaps between consecutive stops are under 1,300 km except on the 2001 Moscow trip
#: (2,243-3,586 km across Siberia, measured when this was set); a wrong match is usually a namesake
#: thousands of km away, as the 4,400 km one that made the first check of a trip read 16,536-23,368 km.
FAR_KM = 1_500.0
#: How many namesakes are listed to choose from.
CHOICES = 9


def check_yes_no(value: str) -> bool:
    """y/yes or n/no."""
    value = value.strip().lower()
    if value in ("y", "yes"):
        return True
    if value in ("n", "no"):
        return False
    raise AddError(f"{value!r} is not y or n")


def check_optional_locator(value: str) -> str:
    """A url or seed:FILE, or nothing (a print or broadcast source)."""
    return check_locator(value) if value.strip() else ""


def check_required_date(value: str) -> str:
    """A date that cannot be left out."""
    if not value.strip():
        raise AddError("the date cannot be empty here; write YYYY-MM-DD")
    return check_date(value)


def ask(text: str, check: Callable[[str], T], default: str | None = None, show_default: bool = False) -> T:
    """One question; an answer the check refuses is asked again, after 'Error: <the reason>'."""

    def convert(value: str) -> T:
        try:
            return check(value)
        except ValueError as err:  # AddError, and the model's own
            raise click.BadParameter(str(err)) from None

    answer: T = click.prompt(text, default=default, show_default=show_default, value_proc=convert)
    return answer


@dataclass
class _Draft:
    """A stop being entered: what is known so far, with where it resolved."""

    name: str
    country: str
    resolution: Resolution
    coordinates: tuple[float, float] | None = None
    coordinates_source: str = ""
    times: dict[str, list[dict[str, str]]] = field(default_factory=dict)


class Interview:
    """The questions of ``journeys add``, in the order a newcomer has the answers.

    Sources come before stops, so that every reported time can name its source and have that checked
    at once. Each stop is looked up as it is entered and the place shown; each time is checked
    against the grammar and against the times entered before it.
    """

    def __init__(self, id_check: Callable[[str], None], resolver: PlaceResolver | None = None) -> None:
        self.id_check = id_check
        self.resolver = resolver or PlaceResolver()
        self.sources: list[dict[str, Any]] = []
        self.stops: list[StopEntry] = []
        self.places: list[Resolution] = []
        self.claims: list[dict[str, Any]] = []
        #: each source's text, to propose claims from once the stops are known: (source id, text, date)
        self.articles: list[tuple[str, str, dt.date | None]] = []
        self.claim_questions = ClaimQuestions(ask, lambda: self.source_ids, lambda: [e.key for e in self.stops])

    @property
    def source_ids(self) -> list[str]:
        return [s["id"] for s in self.sources]

    def run(self) -> dict[str, Any]:
        """Ask everything; return the record data."""
        header = self.ask_header()
        click.echo("\nSources: the stories you quote, at least one. Press Enter at an empty id when done.")
        while (source := self.ask_source()) is not None:
            self.sources.append(source)
        click.echo("\nStops, in travel order, at least two. Press Enter at an empty name when done.")
        while (stop := self.ask_stop()) is not None:
            self.stops.append(stop)
        for source_id, text, published in self.articles:
            self.claims += self.claim_questions.review(source_id, text, published)
        click.echo("\nClaims: what the sources assert about the journey. Press Enter at an empty kind when done.")
        while (claim := self.ask_claim()) is not None:
            self.claims.append(claim)
        return journey_data(header, self.sources, self.stops, self.claims)

    def _check_new_id(self, value: str) -> str:
        journey_id = check_id(value)
        self.id_check(journey_id)
        return journey_id

    def ask_header(self) -> dict[str, Any]:
        return {
            "id": ask("Journey id (lowercase letters, digits, hyphens, e.g. 2025-pyongyang-beijing)", self._check_new_id),
            "title": ask("Title (one line)", check_required("title")),
            "traveller": ask("Traveller", check_required("traveller")),
            "year": ask("Year the journey started", check_year),
            "summary": ask("Summary (optional)", check_optional, default=""),
        }

    def ask_source(self) -> dict[str, Any] | None:
        more = bool(self.sources)
        source_id = ask(f"Source {len(self.sources) + 1} id (a short name, e.g. yonhap-2025-09-01"
                        f"{'; empty when done' if more else ''})", check_new_source_id(self.source_ids),
                        default="" if more else None)
        if not source_id:
            return None
        publisher = ask("  publisher", check_required("publisher"), default="unknown", show_default=True)
        title = ask("  title (the headline)", check_required("title"))
        date = ask("  date (YYYY-MM-DD; empty if unknown)", check_date, default="")
        url = ask(f"  url (or {SEED_PREFIX}FILE for a stored story; empty for print or broadcast)", check_optional_locator,
                  default="")
        locator = ""
        if not url:  # a newspaper page or a broadcast: found by publisher, date, title and page or programme
            locator = ask("  page or programme (e.g. p. 3, or KBS News 9 at 21:00)", check_required("page or programme"))
            if not date:
                date = ask("  date of the issue or broadcast (YYYY-MM-DD; needed without a url)", check_required_date)
        text = ask("  text of this source (file path, blank to skip; its claims are proposed after the stops)",
                   check_article, default="")
        if text:
            self.articles.append((source_id, text, dt.date.fromisoformat(date) if date else None))
        return source_data(source_id, publisher, title, date, url, locator)

    # stops

    def ask_stop(self) -> StopEntry | None:
        number = len(self.stops) + 1
        draft = self._ask_place(number)
        if draft is None:
            return None
        stop_id = ""
        earlier = next((i for i, e in enumerate(self.stops, start=1) if e.data["name"] == draft.name), None)
        if earlier is not None:
            taken = [str(e.data["id"]) for e in self.stops if e.data.get("id")]
            stop_id = ask(f"  id for this stop ({draft.name} is stop {earlier} too; e.g. {draft.name.lower()}-return)",
                          self._check_stop_id(taken))
        role = ask("  role (origin, stop, border, pass, destination)", check_role,
                   default="origin" if number == 1 else "stop", show_default=True)
        mode, via = ("rail", []) if number == 1 else self._ask_leg(draft)
        note = ask("  note (optional)", check_optional, default="")
        data = stop_data(draft.name, draft.country, role, stop_id=stop_id, coordinates=draft.coordinates,
                         coordinates_source=draft.coordinates_source, note=note)
        self._ask_times(draft, data)
        data |= {kind: draft.times[kind] for kind in TIME_KINDS if draft.times.get(kind)}
        self.places.append(draft.resolution)
        return StopEntry(valid_data(Stop, data, f"stop {number}"), mode, via)

    @staticmethod
    def _check_stop_id(taken: Sequence[str]) -> Callable[[str], str]:
        def check(value: str) -> str:
            stop_id = check_id(value)
            if stop_id in taken:
                raise AddError(f"stop id {stop_id!r} is used already; choose another")
            return stop_id

        return check

    def _ask_place(self, number: int) -> _Draft | None:
        """Name and country, looked up at once; an unknown place is asked again, or given coordinates."""
        done = len(self.stops) >= 2
        while True:
            name = ask(f"Stop {number} name (as reported{'; empty when done' if done else ''})",
                       check_optional if done else check_required("stop name"), default="" if done else None)
            if not name:
                return None
            country = ask("  country (ISO code such as KP, CN, RU; empty if unsure)", check_country, default="")
            near = [self.places[-1].latlon] if self.places else []
            try:
                resolution: Resolution | None = self.resolver.resolve(name, country or None, near)
            except AmbiguousPlaceError:
                resolution = self._choose(name, country)
            except GeocodeError as err:
                click.echo(f"Error: {err}")
                draft = self._ask_coordinates(name, country)
                if draft is None:
                    continue
                return draft
            if resolution is None or not self._keep(name, resolution):
                continue
            return _Draft(name, country, resolution)

    def _from_previous(self, resolution: Resolution) -> tuple[str, float] | None:
        """The previous stop's name and the straight-line distance to it (km), if there is one."""
        if not self.places:
            return None
        return self.stops[-1].data["name"], geodesic_km(self.places[-1].latlon, resolution.latlon)

    def _keep(self, name: str, resolution: Resolution) -> bool:
        """Show where the name resolved and how far that is from the stop before; a far match must be confirmed."""
        previous = self._from_previous(resolution)
        away = f"; {previous[1]:,.0f} km from {previous[0]}" if previous else ""
        click.echo(f"  → {place_line(name, resolution).partition(' → ')[2]} ({resolution.reason}){away}")
        if previous is None or previous[1] <= FAR_KM:
            return True
        return bool(ask(f"  That is {previous[1]:,.0f} km in a straight line from {previous[0]}, farther than a train "
                        f"goes between two reported stops. Keep it (y), or type the name again (n)?",
                        check_yes_no, default="n"))

    def _choose(self, name: str, country: str) -> Resolution | None:
        """Several places share the name: list them, nearest the stop before first; pick one or retype."""
        candidates = self._distinct(self.resolver.offline.candidates(name, country or None))
        if self.places:
            candidates.sort(key=lambda p: geodesic_km(self.places[-1].latlon, (p.lat, p.lon)))
        shown = candidates[:CHOICES]
        click.echo(f"  {name!r} is the name of {len(candidates)} places"
                   + (f"; the {len(shown)} nearest the stop before:" if len(shown) < len(candidates) else ":"))
        for number, place in enumerate(shown, start=1):
            away = f", {geodesic_km(self.places[-1].latlon, (place.lat, place.lon)):,.0f} km from "  \
                   f"{self.stops[-1].data['name']}" if self.places else ""
            click.echo(f"    {number}. {place.name} ({place.country}) {place.lat:.4f}, {place.lon:.4f}  "
                       f"[{place.gazetteer}: {place.id}]{away}")

        def check(value: str) -> int:
            value = value.strip()
            if not value:
                return 0
            if not value.isdigit() or not 1 <= int(value) <= len(shown):
                raise AddError(f"{value!r} is not one of the numbers 1-{len(shown)}; or press Enter to type the name again")
            return int(value)

        picked = ask(f"  which one (1-{len(shown)}; empty to type the name again, with a country)", check, default="")
        if not picked:
            return None
        place = shown[picked - 1]
        return Resolution(name, place, f"chosen from {len(candidates)} places of that name", tuple(candidates))

    @staticmethod
    def _distinct(found: Sequence[Place]) -> list[Place]:
        """One candidate per place: those within SAME_PLACE_KM of one kept already are dropped (stations first)."""
        kept: list[Place] = []
        for place in sorted(found, key=lambda p: p.kind != "station"):
            if all(geodesic_km((place.lat, place.lon), (k.lat, k.lon)) > SAME_PLACE_KM for k in kept):
                kept.append(place)
        return kept

    def _ask_coordinates(self, name: str, country: str) -> _Draft | None:
        coordinates = ask(f"  coordinates 'lat, lon' of {name} (empty to type the name again)", check_coordinates, default="")
        if coordinates is None:
            return None
        source = ask("  source of the coordinates (a source id or a URL)", self._check_coordinates_source)
        place = Place(id=name, name=name, lat=coordinates[0], lon=coordinates[1], country=country, kind="record",
                      source=source, gazetteer="record")
        click.echo(f"  → {name} {coordinates[0]:.5f}, {coordinates[1]:.5f}  [given in the record]")
        return _Draft(name, country, Resolution(name, place, "coordinates given in the record"), coordinates, source)

    def _check_coordinates_source(self, value: str) -> str:
        value = value.strip()
        if re.match(r"https?://", value):
            return check_url(value)
        return check_source_ref(self.source_ids)(value)

    def _ask_leg(self, draft: _Draft) -> tuple[str, list[str]]:
        before = self.stops[-1].data["name"]
        mode = ask(f"  travel from {before}: mode (rail, road, air, sea)", check_mode, default="rail", show_default=True)
        points = [self.places[-1].latlon, draft.resolution.latlon]

        def check_via(value: str) -> list[str]:
            via = split_via(value)
            for place in via:
                try:
                    self.resolver.resolve(place, near=points)
                except GeocodeError as err:
                    raise AddError(f"via place: {err}") from None
            return via

        via = ask("  via (places passed on the way, in order, separated by ';'; empty for none)", check_via, default="")
        return mode, via

    def _ask_times(self, draft: _Draft, data: dict[str, Any]) -> None:
        click.echo(f"  Reported times at {draft.name}, in its local time, each with its source and exact words.")
        while True:
            kind = ask("  time reported (arrival, departure, passing; empty when done)",
                       check_choice("kind of time", TIME_KINDS, allow_empty=True), default="")
            if not kind:
                return
            time = ask("    time (e.g. 2025-09-01 16:30, 2025-09-01 afternoon, 2025-09-02 02:00 / 2025-09-02 03:00)",
                       self._check_time_in_order(draft, data, kind))
            source = ask("    source id", check_source_ref(self.source_ids))
            quote = ask("    quote (the source's exact words)", check_required("quote"))
            draft.times.setdefault(kind, []).append(time_data(time, source, quote))

    def _check_time_in_order(self, draft: _Draft, data: dict[str, Any], kind: str) -> Callable[[str], str]:
        """The time must parse, and must not come before a time already entered (in UTC)."""

        def check(value: str) -> str:
            time = check_time(value)
            times = {k: list(v) for k, v in draft.times.items()}
            times.setdefault(kind, []).append({"time": time, "source": "-", "quote": "-"})
            stops = [Stop.model_validate(e.data) for e in self.stops]
            stops.append(Stop.model_validate({**data, **times}))
            coords = [p.latlon for p in self.places] + [draft.resolution.latlon]
            try:
                partial = Journey.model_construct(id="draft", title="-", traveller="-", year=2000, sources=[], stops=stops)
                build_timeline(partial, coords)
            except RecordProblem as problem:
                raise AddError(f"{problem.problem}; {problem.fix}") from None
            return time

        return check

    # claims

    def ask_claim(self) -> dict[str, Any] | None:
        return self.claim_questions.ask_claim(len(self.claims) + 1)
