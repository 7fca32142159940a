"""One answer at a time: each field of a new record checked as it is given, with the fix in the error.

The interview asks again on an error; the script form stops with it. The choices offered come from
the model, where they are declared once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar, get_args

from pydantic import HttpUrl, TypeAdapter, ValidationError

from journeys.errors import JourneysError, TimeFormatError
from journeys.records.model import ID_PATTERN, ClaimKind, Mode, Role, Source
from journeys.records.quantities import QuantityKind, parse_quantity
from journeys.records.timeline import EVENT_ORDER
from journeys.records.times import parse_time

T = TypeVar("T")

# the choices come from the model, where they are declared once
ROLES: tuple[str, ...] = get_args(Role)
MODES: tuple[str, ...] = get_args(Mode)
TIME_KINDS: tuple[str, ...] = EVENT_ORDER
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
QUANTITY_KINDS: tuple[str, ...] = get_args(QuantityKind)
PLACE_KINDS: tuple[str, ...] = tuple(k for k in CLAIM_KINDS if k not in QUANTITY_KINDS)

STOP_COLUMNS = ("name", "country", "role", "arrival", "departure", "passing", "source", "quote")
OPTIONAL_STOP_COLUMNS = ("id", "lat", "lon", "coordinates_source", "note", "mode", "via")
SOURCE_FIELDS = ("id", "publisher", "title", "date", "url", "locator")
CLAIM_FIELDS = ("kind", "source", "quote", "says", "from", "to", "place", "time", "figure", "note")
REQUIRED_CLAIM_FIELDS = ("kind", "source", "quote", "says")

_URL = TypeAdapter(HttpUrl)
#: In the url answer, marks the file name of a stored news story (the record's ``seed`` field).
SEED_PREFIX = "seed:"


class AddError(JourneysError, ValueError):
    """An answer, option or CSV row that cannot go into a record; the message says which and the fix."""



# -- one answer at a time ----------------------------------------------------------------------------


def clean_text(value: str | None) -> str:
    return " ".join((value or "").split())


def check_required(what: str) -> Callable[[str], str]:
    """A check that an answer is not empty."""

    def check(value: str) -> str:
        if not value.strip():
            raise AddError(f"the {what} cannot be empty")
        return value.strip()

    return check


def check_optional(value: str) -> str:
    """Any text, or nothing."""
    return value.strip()


def check_id(value: str) -> str:
    """A record id: safe as a file name."""
    value = value.strip()
    if not re.match(ID_PATTERN, value):
        raise AddError(f"{value!r} is not a safe id; use lowercase letters, digits and hyphens (e.g. 2025-pyongyang-beijing), "
                       "at most 80 characters")
    return value


def check_year(value: str | int) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise AddError(f"{value!r} is not a year; write it in digits, e.g. 2025") from None
    if not 1800 <= year <= 2200:
        raise AddError(f"{year} is outside 1800-2200; give the year the journey started")
    return year


def check_choice(what: str, choices: Sequence[str], allow_empty: bool = False) -> Callable[[str], str]:
    """A check that an answer is one of ``choices`` (case is ignored)."""

    def check(value: str) -> str:
        value = value.strip().lower()
        if (allow_empty and not value) or value in choices:
            return value
        raise AddError(f"{value!r} is not a {what}; use one of: {', '.join(choices)}")

    return check


check_role = check_choice("role", ROLES)
check_mode = check_choice("mode", MODES)


def check_country(value: str) -> str:
    """An ISO 3166-1 alpha-2 code, or nothing."""
    value = value.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise AddError(f"{value!r} is not a two-letter ISO country code; use e.g. CN, KP, RU, VN, or leave it empty")
    return value


def check_time(value: str) -> str:
    """A reported time in the time grammar of docs/records.md."""
    value = clean_text(value)
    try:
        parse_time(value)
    except TimeFormatError as err:
        raise AddError(str(err)) from None
    return value


def check_date(value: str) -> str:
    """A publication date YYYY-MM-DD, or nothing."""
    value = value.strip()
    if value:
        try:
            Source.model_validate({"id": "x", "publisher": "x", "title": "x", "date": value, "seed": "x"})
        except ValidationError:
            raise AddError(f"{value!r} is not a date; write YYYY-MM-DD, or leave it empty") from None
    return value


def check_url(value: str) -> str:
    """An http or https address, so that a reader can find the source."""
    value = value.strip()
    try:
        _URL.validate_python(value)
    except ValidationError:
        raise AddError(f"{value!r} is not a web address; give the http:// or https:// address of the story") from None
    return value


def check_locator(value: str) -> str:
    """Where to read a source: its web address, or ``seed:FILE`` for a story stored with the project."""
    value = value.strip()
    if value.startswith(SEED_PREFIX):
        if not value.removeprefix(SEED_PREFIX).strip():
            raise AddError("give the stored story's file name after 'seed:', e.g. seed:003_0beb9363fa79b2f0.txt")
        return value
    try:
        return check_url(value)
    except AddError:
        raise AddError(f"{value!r} is not a web address; give the http:// or https:// address of the story "
                       f"(or {SEED_PREFIX}FILE for a stored story)") from None


def check_source_ref(known: Sequence[str]) -> Callable[[str], str]:
    """A check that an answer is the id of a source already given."""

    def check(value: str) -> str:
        value = value.strip()
        if value not in known:
            raise AddError(f"no source with id {value!r}; use one of: {', '.join(known) or '(none yet)'}")
        return value

    return check


def check_new_source_id(known: Sequence[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if value in known:
            raise AddError(f"source id {value!r} is used already; give this source another id")
        if value and not re.fullmatch(r"\S+", value):
            raise AddError(f"{value!r} has spaces; use a short name without spaces, e.g. yonhap-2025-09-01")
        return value

    return check


def check_says(says: str, quote: str) -> str:
    """The words of the claim, which must be copied from the quote."""
    says = says.strip()
    if not says:
        raise AddError("'says' cannot be empty; copy the words of the quote that make the claim")
    if clean_text(says).lower() not in clean_text(quote).lower():
        raise AddError(f"{says!r} is not in the quote; copy the words exactly from: {quote}")
    return says


def check_figure(kind: str, value: str) -> str:
    """A duration, distance or speed the checks can read."""
    try:
        parse_quantity(kind, value)  # type: ignore[arg-type]
    except ValueError as err:
        raise AddError(str(err)) from None
    return value.strip()


def check_coordinates(value: str) -> tuple[float, float] | None:
    """'lat, lon' in degrees, or nothing."""
    if not value.strip():
        return None
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise AddError(f"{value!r} is not 'lat, lon'; write two numbers in degrees, e.g. 40.1292, 124.3947") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise AddError(f"{value!r} is off the globe; latitude is -90..90 and longitude -180..180, in that order")
    return lat, lon


def split_via(value: str) -> list[str]:
    """Via places written 'A; B; C'."""
    return [clean_text(p) for p in value.split(";") if p.strip()]


