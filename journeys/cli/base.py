"""What every ``journeys`` command shares: the group, its options, safe printing, reading records.

Every error the library raises for bad input derives from JourneysError and is printed as one line,
never a traceback. Commands import what they need inside their body, so ``journeys check`` never pays
for folium or geopandas.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from journeys.errors import JourneysError, RecordError

F = TypeVar("F", bound=Callable[..., Any])

records_option = click.option(
    "--records", "records_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="A folder of your own journey records (repeatable); JOURNEYS_RECORDS works too.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)


force_option = click.option(
    "--force", is_flag=True,
    help="Replace an output that is not a regular file (FIFO, device, symlink) or is read-only; refused otherwise.",
)

#: Characters a terminal acts on (C0 and C1 controls but tab and newline, bidirectional overrides):
#: record text is untrusted, and an escape sequence in a title must not retitle or repaint the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""``text`` with every control character shown as its escape, e.g. ``\x1b``; the rest unchanged.

    >>> terminal_safe("Beijing\x1b]0;owned\x07 arr")
    'Beijing\\x1b]0;owned\\x07 arr'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def say(text: str, nl: bool = True, err: bool = False) -> None:
    """Echo text that may hold record text, with control characters escaped."""
    click.echo(terminal_safe(text), nl=nl, err=err)


class FiniteFloat(click.FloatRange):
    """A FloatRange that also refuses NaN (every comparison with NaN is false, so a range lets it through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if isinstance(number, float) and not math.isfinite(number):
            self.fail(f"{value!r} is not a number; give km/h as digits, e.g. 60", param, ctx)
        return number


speed_option = click.option("--speed", type=FiniteFloat(min=1, max=400),
                            help="Assumed speed in km/h (default: the record's).")


def clean_errors(command: F) -> F:
    """Print a JourneysError as one 'Error: ...' line and exit 1; control characters in it are escaped."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (JourneysError, FileExistsError) as err:
            raise click.ClickException(terminal_safe(str(err))) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def quiet_broken_pipe() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:  # `journeys show ... | head`
        sys.stderr.close()


def json_text(data: Any) -> str:
    """JSON with non-ASCII text as is, but C1 controls and bidi overrides as \\u escapes (still the same JSON)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_list_text(items: Sequence[str]) -> str:
    """:func:`json_text` of a list, from the :func:`json_text` of each item: the same text, without
    holding every item's data at once (a check of a thousand journeys is hundreds of MB as dicts).

    JSON text holds no raw newline inside a string, so indenting each line of an item by two spaces
    puts it one level down, exactly as ``json.dumps`` would.
    """
    if not items:
        return "[]"
    return "[\n" + ",\n".join("  " + item.replace("\n", "\n  ") for item in items) + "\n]"


def emit_json(data: Any) -> None:
    """Print :func:`json_text` of ``data``."""
    click.echo(json_text(data))


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the version is looked up only here (see :mod:`journeys`)."""
    if not value or ctx.resilient_parsing:
        return
    import journeys

    click.echo(f"journeys, version {journeys.__version__}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Reconstruct reported train journeys, check the press's figures, and map them."""


def load_records(records_dirs: Sequence[Path], ids: Sequence[str] = (), strict: bool = False) -> list[Any]:
    """The records of the bundled folder and the user's folders, or those named by ``ids``.

    A record that cannot be read is reported on stderr and the others are used, so one broken file
    never hides every journey; a command naming that record fails with its error, as does ``strict``.
    """
    from journeys.records.files import load_all

    _refuse_missing(records_dirs)
    return _usable(load_all(records_dirs), ids, strict)


def _refuse_missing(records_dirs: Sequence[Path]) -> None:
    from journeys.records.files import missing_folders

    missing = missing_folders(records_dirs)
    if missing:
        raise click.ClickException(f"no records folder {missing[0]}; check the path, or create the folder first")


def _usable(loaded: Any, ids: Sequence[str], strict: bool) -> list[Any]:
    """The records of ``loaded`` (a :class:`journeys.records.files.Loaded`) a command uses: those named
    by ``ids``, else all; each broken one reported, and refused where it is named or ``strict`` is set."""
    from journeys.records.files import find_record

    for wanted in ids:
        named = [b for b in loaded.broken if b.names(wanted)]
        if named:
            raise named[0].error
    from journeys.cli.memo import echo_err

    for broken in loaded.broken:
        echo_err(f"Skipped: {broken.error}")
    if strict and loaded.broken:
        raise click.ClickException(f"{len(loaded.broken)} record(s) could not be read (see above); "
                                   "fix them, or leave out --strict to check the others")
    records: list[Any] = loaded.records
    if ids:
        records = [find_record(records, i) for i in ids]
    return records


def analysed_journeys(records_dirs: Sequence[Path], ids: Sequence[str] = (), speed: float | None = None,
              door_to_door: bool = False, network_files: Sequence[Path] = (), strict: bool = False) -> list[Any]:
    from journeys.check.analysis import analyse_records

    records = load_records(records_dirs, ids, strict)
    return analyse_records(records, speed, door_to_door, extra_networks(network_files))


T = TypeVar("T")


def each_analysed(view: Callable[[Any], T], records_dirs: Sequence[Path], ids: Sequence[str] = (),
                  speed: float | None = None, door_to_door: bool = False, network_files: Sequence[Path] = (),
                  strict: bool = False, jobs: int = 1) -> Iterator[T]:
    """``view`` of each journey :func:`analysed_journeys` gives, in order, with the same reports and
    errors, for a command that needs a part of each (a table row, its printed check).

    Each record is read, analysed and viewed in one go, in one of ``jobs`` worker processes (0: one
    per core; :func:`journeys.workers.ordered_map`): a record parsed for the first time is not read
    back from the cache, the journeys are shared among the cores, and only the views are kept. What
    ``view`` returns comes back pickled, as does an error, which is raised when its journey's turn
    comes, after every broken record has been reported.
    """
    from journeys.check.analysis import analyse_trip
    from journeys.geo.geocode import PlaceResolver
    from journeys.geo.trip import make_trip
    from journeys.records.files import Listed, iter_record_files, read_checked, record_dirs, sorted_out
    from journeys.workers import ordered_map

    _refuse_missing(records_dirs)
    network_problem: JourneysError | None = None
    try:
        networks = extra_networks(network_files)
    except JourneysError as err:  # raised once the records are listed, as a command that lists first would
        network_problem, networks = err, []
    paths = list(iter_record_files(record_dirs(records_dirs)))
    resolver = PlaceResolver()

    def read_and_view(path: Path) -> tuple[Any, Any]:
        record = read_checked(path)
        if isinstance(record, RecordError):
            return record, None
        listed = Listed(path, record.journey.id)  # the view, not the record, goes back
        if (ids and record.journey.id not in ids) or network_problem is not None:
            return listed, None
        try:
            shown: Any = view(analyse_trip(make_trip(record, resolver), speed, door_to_door, networks, resolver))
        except Exception as err:  # raised in its turn, if the journey is used (its id may be taken)
            shown = _Failed(err)
        return listed, shown

    found = list(ordered_map(read_and_view, paths, jobs))
    shown = {item.path: value for item, value in found if isinstance(item, Listed)}
    usable = _usable(sorted_out(paths, [item for item, _ in found]), ids, strict)
    if network_problem is not None:
        raise network_problem
    for item in usable:
        value = shown[item.path]
        if isinstance(value, _Failed):
            raise value.error
        yield value


@dataclass(frozen=True)
class _Failed:
    """An error that analysing or viewing a journey raised in a worker, to be raised in its turn."""

    error: Exception


jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
    help="Worker processes reading and checking the journeys: 0 for one per core, 1 for this process alone "
         "(workers on Linux only).",
)


network_option = click.option(
    "--network", "network_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A line file of track (GeoJSON, GeoPackage, Shapefile) used before the bundled network (repeatable).",
)


def extra_networks(files: Sequence[Path]) -> list[Any]:
    from journeys.geo.gazetteer import curated
    from journeys.geo.network import load_network_file

    return [load_network_file(path, curated()) for path in files]



def online_geocoder(service: str, user_agent: str, domain: str | None = None, scheme: str = "https") -> Any:
    """The online geocoder asked for, or one clear error: journeys passes no API key or account.

    geopy raises its own errors (ConfigurationError, TypeError for a missing key) when a service is
    set up; they are turned into one line with the fix here, before any question is asked.
    """
    from geopy.exc import GeopyError

    from journeys.geo.online import OnlineGeocoder

    try:
        return OnlineGeocoder.from_service(service, user_agent, domain=domain, scheme=scheme)
    except JourneysError:
        raise
    except (GeopyError, TypeError, ValueError) as err:
        detail = " ".join(str(err).split())[:160]
        raise click.ClickException(
            f"the geocoding service {service!r} cannot be used: it needs an API key, an account or a --domain "
            f"({detail}). Fix: use --service nominatim (the default, no key), photon or arcgis, or --domain for "
            "your own Nominatim") from None
