"""The ``journeys`` command: parses arguments, calls the library, prints the result.

Every error the library raises for bad input derives from JourneysError and is printed as one line,
never a traceback. Commands import what they need inside their body, so ``journeys check`` never pays
for folium or geopandas.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from journeys import __version__
from journeys.errors import JourneysError

F = TypeVar("F", bound=Callable[..., Any])

records_option = click.option(
    "--records", "records_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
    help="A folder of your own journey records (repeatable); JOURNEYS_RECORDS works too.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format.",
)


def clean_errors(command: F) -> F:
    """Print a JourneysError as one 'Error: ...' line and exit 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (JourneysError, FileExistsError) as err:
            raise click.ClickException(str(err)) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def _quiet_broken_pipe() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:  # `journeys show ... | head`
        sys.stderr.close()


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journeys")
def main() -> None:
    """Reconstruct reported train journeys, check the press's figures, and map them."""


def _trips(records_dirs: Sequence[Path], ids: Sequence[str] = ()) -> list[Any]:
    from journeys.records import find_record, load_records
    from journeys.trip import make_trips

    records = load_records(records_dirs)
    if ids:
        records = [find_record(records, i) for i in ids]
    return make_trips(records)


@main.command("list")
@records_option
@format_option
@clean_errors
def list_command(records_dirs: tuple[Path, ...], fmt: str) -> None:
    """List the journeys: id, title, dates, stops and route distance."""
    from journeys.report import journey_summary, summary_table

    rows = [journey_summary(trip) for trip in _trips(records_dirs)]
    if fmt == "json":
        emit_json(rows)
    else:
        click.echo(summary_table(rows))


@main.command("show")
@click.argument("journey_id")
@records_option
@format_option
@clean_errors
def show_command(journey_id: str, records_dirs: tuple[Path, ...], fmt: str) -> None:
    """Show a journey's timeline: each stop's local and UTC time windows, and the sources."""
    from journeys.report import timeline_data, timeline_text

    (trip,) = _trips(records_dirs, [journey_id])
    if fmt == "json":
        emit_json(timeline_data(trip))
    else:
        click.echo(timeline_text(trip))


@main.command("schema")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@clean_errors
def schema_command(out: Path | None) -> None:
    """Print the JSON Schema of a journey record (for editors)."""
    from journeys.schema import schema_text

    text = schema_text()
    if out:
        from journeys.atomic import write_text_atomic

        write_text_atomic(out, text)
        click.echo(str(out))
    else:
        click.echo(text, nl=False)
