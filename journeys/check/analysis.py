"""One result down the pipe: a record taken to an analysed journey (trip, route, timeline, checks).

Every front end (``check``, ``list``, ``show``, ``compare``, ``map``, ``export``, ``add``) starts from
:func:`analyse_records` or :func:`analyse_trip` and reads the :class:`AnalysedJourney` it returns;
none of them assembles the pipeline itself. The route and the checks are computed on first use and
kept, so ``journeys show`` (which needs only the timeline) never routes, and ``journeys list`` (which
needs only the distance) never runs the calculator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from journeys.check.calculator import Calculator
from journeys.check.results import JourneyCheck
from journeys.errors import JourneysError
from journeys.geo.geocode import PlaceResolver
from journeys.geo.network import Network
from journeys.geo.route import Route, route_trip
from journeys.geo.trip import Trip, make_trip
from journeys.records.files import Record
from journeys.records.model import Journey


@dataclass(frozen=True, eq=False)
class AnalysedJourney:
    """A trip with its route along the network and the calculator's verdicts on its claims."""

    trip: Trip
    speed_kmh: float | None = None
    door_to_door: bool = False
    networks: Sequence[Network] = ()
    resolver: PlaceResolver = field(default_factory=PlaceResolver)

    @property
    def journey(self) -> Journey:
        return self.trip.journey

    @cached_property
    def route(self) -> Route:
        """The trip routed on the user's networks, then the bundled one (raises RoutingError)."""
        return route_trip(self.trip, self.networks, self.resolver)

    @cached_property
    def check(self) -> JourneyCheck:
        """Every leg measured and every claim judged."""
        return Calculator(self.trip, self.route, self.speed_kmh, self.door_to_door, self.resolver).run()

    @property
    def speed(self) -> float:
        """The assumed speed the checks used (km/h)."""
        return self.check.assumed_speed_kmh


def analyse_trip(trip: Trip, speed_kmh: float | None = None, door_to_door: bool = False,
                 networks: Sequence[Network] = (), resolver: PlaceResolver | None = None) -> AnalysedJourney:
    return AnalysedJourney(trip, speed_kmh, door_to_door, tuple(networks), resolver or PlaceResolver())


def analyse_records(records: Sequence[Record], speed_kmh: float | None = None, door_to_door: bool = False,
                    networks: Sequence[Network] = ()) -> list[AnalysedJourney]:
    """Analyse each record, in the order given; the first record that cannot be made a trip raises."""
    resolver = PlaceResolver()
    return [analyse_trip(make_trip(r, resolver), speed_kmh, door_to_door, networks, resolver) for r in records]


def analyse_each(records: Sequence[Record], speed_kmh: float | None = None,
                 networks: Sequence[Network] = ()) -> tuple[list[AnalysedJourney], list[str]]:
    """Analyse (route and check) every record that can be, and say why the others cannot, one line each.

    One record that fails (a stop no gazetteer knows) should not cost the reader every other result.
    """
    resolver = PlaceResolver()
    done: list[AnalysedJourney] = []
    errors: list[str] = []
    for record in records:
        try:
            analysed = analyse_trip(make_trip(record, resolver), speed_kmh, False, networks, resolver)
            analysed.check  # noqa: B018 - route and check now, so a failure is reported here
        except JourneysError as err:
            errors.append(f"{record.journey.id}: {err}")
        else:
            done.append(analysed)
    return done, errors


def check_trips(trips: Sequence[Trip], speed_kmh: float | None = None, door_to_door: bool = False,
                networks: Sequence[Network] = ()) -> list[JourneyCheck]:
    """Route and check each trip; results come back in the order given."""
    resolver = PlaceResolver()
    return [analyse_trip(t, speed_kmh, door_to_door, networks, resolver).check for t in trips]
