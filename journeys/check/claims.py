"""Each claim judged twice, side by side, and one documented rule choosing the verdict.

(a) **Evidence**: the claim against what the *other* sources say happened (the record's timeline with
the claim's own source left out, but for its time at one end of a span the others leave untimed) and
against the route along the track. (b) **The model**: the claim
against the distance along the track at the assumed speed (60 km/h unless the record says otherwise).

The rule: the evidence decides whenever it says anything; when it allows both readings the verdict is
``undetermined``; the model decides only where the evidence is silent (no reported times to measure
with), and the reason then says "by the 60 km/h model". A speed claim is never judged by the model,
which is itself an assumed speed.

Each result leads with one sentence a reader understands (``reason``), then the arithmetic. The rule
and what the judges share are in :mod:`journeys.check.rule`; the judges of figures (duration,
distance, speed) in :mod:`journeys.check.figures`, of places and times in :mod:`journeys.check.places`.
"""

from __future__ import annotations

from journeys.check.calculator import Calculator
from journeys.check.figures import judge_distance, judge_duration, judge_speed
from journeys.check.places import judge_destination, judge_route, judge_time
from journeys.check.reading import read_claim
from journeys.check.results import ClaimCheck
from journeys.check.rule import others
from journeys.records.model import Claim


def judge_claim(calc: Calculator, claim: Claim) -> ClaimCheck:
    """Read the claim, judge it by the evidence and by the model, and apply the rule."""
    reading = read_claim(claim)
    judges = {"duration": judge_duration, "distance": judge_distance, "speed": judge_speed, "destination": judge_destination,
              "route": judge_route, "time": judge_time}
    return judges[claim.kind](others(calc, claim.source), claim, reading)
