"""Claims found for you: read a news story and propose every claim a fact-checker would look at.

Entering a trip means finding, in a story, each figure (a duration, a distance, a speed), each time
at a place, each destination and each route, and copying its words exactly. Done by eye, claims are
missed and quotes mangled. :func:`find_claims` proposes them, each with the sentence it comes from
(verbatim), the words that make it, the hedge ("about", "more than", "maximum"...), and a guess at
the place or the stretch of the journey it is about. Nothing here is a verdict: the user accepts,
edits or drops each proposal, so the finder prefers proposing too much to missing a claim.

This module holds the destination and route finders, the guess at a figure's span and the merging
of every finder's proposals; figures and times have their own modules. It is pure: text in,
proposals out. Place names come from a :class:`PlaceNames` the caller builds.

>>> [(c.kind, c.says, c.qualifier) for c in find_claims("The trip takes roughly 20 hours at about 60 km/h.")]
[('duration', 'roughly 20 hours', 'roughly'), ('speed', 'about 60 km/h', 'about')]
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence

from journeys.add.claims.figures import figure_claims
from journeys.add.claims.places import FoundPlace, PlaceNames, country_note, latin_name
from journeys.add.claims.proposal import KINDS, Kind, ProposedClaim
from journeys.add.claims.text import published_date, sentences
from journeys.add.claims.times import time_claims


def find_claims(text: str, places: PlaceNames | None = None, published: dt.date | None = None) -> list[ProposedClaim]:
    """Every duration, distance, speed, time, destination and route claim the text seems to make.

    ``places`` are the names to recognise (only countries, and capitalised words after "to" or
    "via", without it); ``published`` is the story's date, used to turn "on Tuesday" or "2일" into a
    date (default: the stored story's dateline, if any). Proposals come in text order.
    """
    names = places or PlaceNames()
    published = published or published_date(text)
    spans = sentences(text)
    found_places = [names.find(text[s:e]) for s, e in spans]
    proposals: list[tuple[int, int, ProposedClaim]] = []
    for index, (start, end) in enumerate(spans):
        sentence, here = text[start:end], found_places[index]
        around = found_places[max(0, index - 1) : index + 2]
        found = figure_claims(sentence, start, [])
        found = [(at, _with(c, sentence, start + at, _span(here, sentence, around))) for at, c in found]
        found += [(at, _with(c, sentence, start + at)) for at, c in _place_claims(sentence, here, start)]
        found += [(at, _with(c, sentence, start + at)) for at, c in time_claims(sentence, here, start, published)]
        proposals += [(start + at, KINDS.index(c.kind), c) for at, c in found]
    unique: dict[tuple[int, str, str, str | None], ProposedClaim] = {}
    for at, _, claim in sorted(proposals, key=lambda p: (p[0], p[1])):
        unique.setdefault((at, claim.kind, claim.says, claim.place), claim)
    return _drop_contained(list(unique.values()))


def _with(claim: ProposedClaim, sentence: str, says_start: int, span: tuple[str, str] | None = None) -> ProposedClaim:
    return ProposedClaim(claim.kind, sentence, claim.says, claim.qualifier, claim.quote_start, says_start, claim.figure,
                         claim.place, claim.time, span, claim.note)


def _drop_contained(claims: list[ProposedClaim]) -> list[ProposedClaim]:
    """One proposal per place and kind in a sentence: "reach Beijing" inside "expected to reach Beijing
    today" is the same destination, so the longer wording is kept."""
    kept = []
    for claim in claims:
        if claim.kind in ("destination", "route") and any(
            other is not claim and other.kind == claim.kind and other.place == claim.place
            and other.quote_start == claim.quote_start and claim.says in other.says and claim.says != other.says
            for other in claims
        ):
            continue
        kept.append(claim)
    return kept


# --- destinations and routes --------------------------------------------------------------------------

#: Words before a place that make it a destination or a route ("heads to", "en route to", "via").
_BEFORE_PLACE: list[tuple[Kind, re.Pattern[str]]] = [
    ("destination", re.compile(
        r"\b(?:head(?:s|ed|ing)?|bound|en\s+route|on\s+(?:his|her|its|the|their)\s+way|travel(?:l?ed|l?ing|s)?"
        r"|went|go(?:es|ing)?|flew|came|com(?:es|ing)|trip|journey|ride|visit|voyage|took\s+the\s+train|train"
        r"|depart(?:ed|s|ing)?|leav(?:es|ing)|left"
        r"|return(?:ed|s|ing)?|set\s+(?:off|out))"
        r"(?:\s+(?:back|directly|abroad|overseas|by\s+\w+(?:\s+train)?|in\s+\d{4}))?\s+(?:to|toward|towards|for|into)\s+",
        re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:left|depart(?:ed|s|ing)?|leav(?:es|ing)|set\s+off\s+from)\s+(?=\S+\s+for\s)",
                               re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:reach(?:ed|es|ing)?|arriv(?:ed|es|ing|e|al)\s+(?:in|at))\s+", re.IGNORECASE)),
    ("destination", re.compile(r"\b(?:summit|talks|parade|meeting|visit|stay)\s+in\s+", re.IGNORECASE)),
    ("destination", re.compile(r"(?:前往|赴|抵达|抵達|到达|到達|到访|到訪|访问|訪問|去往|开往|開往|驶往|駛往|出访|出訪)\s*")),
    ("destination", re.compile(
        r"(?:направ\w+|отправ\w+|выехал\w*|едет|ехал\w*|прибыл\w*|прибуд\w+|поездк\w+|визит\w*|пут[ьи]|следу\w+)"
        r"(?:\s+[а-яё]+){0,3}?\s+(?:в|во|на)\s+", re.IGNORECASE)),
    ("route", re.compile(r"\b(?:(?:stopped|stops?|stopover|stop-over|halt(?:ed|s)?|called)\s+(?:\w+\s+){0,2}?(?:in|at)"
                         r"|(?:route|stations?|stops?)\s+(?:\w+\s+){0,2}?includ(?:ed|es|e|ing))\s+", re.IGNORECASE)),
    ("route", re.compile(r"\b(?:bridge|line|railway|crossing)\s+(?:that\s+)?"
                         r"(?:connect(?:s|ing|ed)?|link(?:s|ing|ed)?|between)\s+",
                         re.IGNORECASE)),
    ("route", re.compile(r"\b(?:via|by\s+way\s+of|(?:pass(?:ed|es|ing)?\s+)?through|(?:cross(?:ed|es|ing)?\s+(?:the\s+"
                         r"border\s+)?)?(?:at|near)(?=\s+the\s+border)|over\s+the\s+border\s+at)\s+", re.IGNORECASE)),
    ("route", re.compile(r"(?:经由|經由|途经|途經|经过|經過|取道|经|經)\s*")),
    ("route", re.compile(r"\bчерез\s+", re.IGNORECASE)),
]
#: Words after a place that make it a destination or a route ("베이징으로 향하", "톈진을 거쳐", "北京之行").
_AFTER_PLACE: list[tuple[Kind, re.Pattern[str]]] = [
    ("destination", re.compile(r"\s*(?:으로|로)\s*(?:향\w*|출발\w*|떠\w*|가\w*)|\s*(?:을|를)?\s*방문\w*|\s*행\b|에\s*도착\w*")),
    ("destination", re.compile(r"\s*之行")),
    ("destination", re.compile(r"\s+summit\b", re.IGNORECASE)),
    ("route", re.compile(r"\s*(?:을|를)?\s*(?:거쳐|경유\w*|지나\w*)")),
]
#: Words between a trigger and its place: "through the north-eastern Chinese border city of Dandong".
_PLACE_LEAD = re.compile(r"(?:the\s+)?(?:[\w’'/-]+\s+){0,5}?(?:city|cities|town|towns|station|stations|port|border)"
                         r"\s+(?:of|at)\s+", re.IGNORECASE)
_LIST_NEXT = re.compile(r"\s*(?:,|、|，|/|和|及|与|與)\s*(?:and\s+|그리고\s+)?|(?:와|과)\s+"
                        r"|\s+(?:and|with|и|와|과)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?"
                        r"(?:(?:city|town|station|border\s+city)\s+of\s+)?")
_SUMMIT_LEAD = re.compile(r"(?:\b(?:for|to|at|attend(?:ed|ing)?)\s+the\s+(?:\d{4}\s+)?)$", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?:the\s+)?([A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’-]+){0,2})")
_TWO_PLACES = re.compile(r"\s+for\s+(?:the\s+)?")


def _place_claims(sentence: str, places: list[FoundPlace], offset: int) -> list[tuple[int, ProposedClaim]]:
    """Destinations and routes: a place after "to", "via", "前往"... or before "으로 향해", "을 거쳐"."""
    found: list[tuple[int, ProposedClaim]] = []
    by_start = {p.start: p for p in places}
    for kind, pattern in _BEFORE_PLACE:
        for match in pattern.finditer(sentence):
            lead = _PLACE_LEAD.match(sentence, match.end())
            upper = lead is not None and sentence[lead.end() : lead.end() + 1].isupper()
            position = lead.end() if lead and (lead.end() in by_start or upper) else match.end()
            position += 4 if sentence[position : position + 4].lower() == "the " else 0
            place = by_start.get(position)
            if place is None and kind in ("destination", "route") and sentence[position : position + 1].isupper():
                guess = _CAPITALISED.match(sentence, position)
                if guess and guess[1].split()[0] not in _NOT_PLACES and not re.search(r"['’]s$", guess[1]):
                    place = FoundPlace(guess.start(1), guess.end(1), latin_name(guess[1]), False)
            if place is None or re.match(r"['’]s\b", sentence[place.end :]):  # "for China's": not a destination
                continue
            end = place.end
            if (follow := _TWO_PLACES.match(sentence, end)) and (target := by_start.get(follow.end())):
                end, place = target.end, target  # "left Pyongyang for Beijing": Beijing is the destination
            elif match[0].lower().startswith(("left", "depart", "leav", "set off")) and not match[0].rstrip().endswith(
                    ("for", "to", "toward", "towards", "into")):
                continue  # "left Pyongyang" alone names the origin
            listed = [place]
            while kind == "route" and (more := _LIST_NEXT.match(sentence, end)) and (nxt := by_start.get(more.end())):
                listed.append(nxt)  # "through the cities of Dandong, Tianjin and Wuhan": each is a route claim
                end = nxt.end
            for one in listed:
                found.append((match.start(), ProposedClaim(kind, "", sentence[match.start() : max(end, one.end)].rstrip(),
                                                           "", offset, 0, place=one.name,
                                                           note=country_note(one, kind))))
    for place in places:
        for kind, pattern in _AFTER_PLACE:
            after = pattern.match(sentence, place.end)
            if not after:
                continue
            start = place.start
            if "summit" in after[0].lower():
                lead = _SUMMIT_LEAD.search(sentence[: place.start])
                start = lead.start() if lead else start
            found.append((start, ProposedClaim(kind, "", sentence[start : after.end()], "", offset, 0, place=place.name,
                                               note=country_note(place, kind))))
    return found


#: Capitalised words that follow "to" or "via" but are not places.
_NOT_PLACES = {"The", "A", "An", "His", "Her", "Its", "Their", "This", "That", "Meet", "Attend", "Be", "Mr", "Ms",
               "President", "Leader", "Chairman", "Watch", "Support", "Participate", "Take", "Talks", "Kim", "Putin",
               "Xi", "Trump", "Chinese", "Russian", "Korean", "North", "South", "Vietnamese", "Monday", "Tuesday",
               "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


# --- spans --------------------------------------------------------------------------------------------

_BETWEEN = re.compile(r"\s*(?:to|and|on\s+to|[-–—‑]|에서(?:부터)?|到|至|-|до|в|во)\s*(?:the\s+)?", re.IGNORECASE)


def _span(here: list[FoundPlace], sentence: str, around: Sequence[list[FoundPlace]]) -> tuple[str, str] | None:
    """The (from, to) a figure is about: "from X to Y" in the sentence, else its first and last town,
    else those of the sentence with its neighbours (a figure often follows the sentence naming the trip)."""
    for first, second in itertools.pairwise(here):
        gap = sentence[first.end : second.start]
        if _BETWEEN.fullmatch(gap) and first.name != second.name:
            return first.name, second.name
    towns = list(dict.fromkeys(p.name for p in here if not p.country))
    if len(towns) >= 2:
        return towns[0], towns[-1]
    if towns:
        return None  # one town only: the other end is not in the text, and a neighbour's would be a guess too far
    nearby = list(dict.fromkeys(p.name for places in around for p in places if not p.country))
    return (nearby[0], nearby[-1]) if len(nearby) >= 2 else None
