"""The ``journeys`` command: parses arguments, calls the library, prints the result.

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
def _quiet_broken_pipe() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:  # `journeys show ... | head`
        sys.stderr.close()


def emit_json(data: Any) -> None:
    """JSON with non-ASCII text as is, but C1 controls and bidi overrides as \\u escapes (still the same JSON)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    click.echo(_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journeys")
def main() -> None:
    """Reconstruct reported train journeys, check the press's figures, and map them."""


def _records(records_dirs: Sequence[Path], ids: Sequence[str] = (), strict: bool = False) -> list[Any]:
    """The records of the bundled folder and the user's folders, or those named by ``ids``.

    A record that cannot be read is reported on stderr and the others are used, so one broken file
    never hides every journey; a command naming that record fails with its error, as does ``strict``.
    """
    from journeys.records.files import find_record, load_all, missing_folders

    missing = missing_folders(records_dirs)
    if missing:
        raise click.ClickException(f"no records folder {missing[0]}; check the path, or create the folder first")
    loaded = load_all(records_dirs)
    for wanted in ids:
        named = [b for b in loaded.broken if b.names(wanted)]
        if named:
            raise named[0].error
    for broken in loaded.broken:
        click.echo(f"Skipped: {broken.error}", err=True)
    if strict and loaded.broken:
        raise click.ClickException(f"{len(loaded.broken)} record(s) could not be read (see above); "
                                   "fix them, or leave out --strict to check the others")
    records = loaded.records
    if ids:
        records = [find_record(records, i) for i in ids]
    return records


def _analysed(records_dirs: Sequence[Path], ids: Sequence[str] = (), speed: float | None = None,
              door_to_door: bool = False, network_files: Sequence[Path] = (), strict: bool = False) -> list[Any]:
    from journeys.check.analysis import analyse_records

    records = _records(records_dirs, ids, strict)
    return analyse_records(records, speed, door_to_door, _networks(network_files))


@main.command("list")
@records_option
@format_option
@clean_errors
def list_command(records_dirs: tuple[Path, ...], fmt: str) -> None:
    """List the journeys: id, title, dates, stops and route distance."""
    from journeys.check.views import journey_summary, summary_table

    rows = [journey_summary(analysed) for analysed in _analysed(records_dirs)]
    if fmt == "json":
        emit_json(rows)
    else:
        say(summary_table(rows))


@main.command("show")
@click.argument("journey_id")
@records_option
@format_option
@clean_errors
def show_command(journey_id: str, records_dirs: tuple[Path, ...], fmt: str) -> None:
    """Show a journey's timeline: each stop's local and UTC time windows, and the sources."""
    from journeys.check.views import timeline_data, timeline_text

    (analysed,) = _analysed(records_dirs, [journey_id])
    if fmt == "json":
        emit_json(timeline_data(analysed))
    else:
        say(timeline_text(analysed))


@main.command("schema")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@force_option
@clean_errors
def schema_command(out: Path | None, force: bool) -> None:
    """Print the JSON Schema of a journey record (for editors)."""
    from journeys.records.schema import schema_text

    text = schema_text()
    if out:
        from journeys.atomic import write_text_atomic

        write_text_atomic(out, text, force)
        click.echo(str(out))
    else:
        click.echo(text, nl=False)


network_option = click.option(
    "--network", "network_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A line file of track (GeoJSON, GeoPackage, Shapefile) used before the bundled network (repeatable).",
)


def _networks(files: Sequence[Path]) -> list[Any]:
    from journeys.geo.gazetteer import curated
    from journeys.geo.network import load_network_file

    return [load_network_file(path, curated()) for path in files]


@main.command("check")
@click.argument("journey_ids", nargs=-1)
@records_option
@network_option
@speed_option
@click.option("--door-to-door", is_flag=True, help="Count stays at stops as travel time.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any claim is inconsistent or any record cannot be read.")
@clean_errors
def check_command(journey_ids: tuple[str, ...], records_dirs: tuple[Path, ...], network_files: tuple[Path, ...],
                  speed: float | None, door_to_door: bool, fmt: str, strict: bool) -> None:
    """Check every claim of the journeys (all of them by default) against route and timeline."""
    from journeys.check.report import check_data, check_markdown, check_text

    results = [a.check for a in _analysed(records_dirs, journey_ids, speed, door_to_door, network_files, strict)]
    if fmt == "json":
        emit_json([check_data(r) for r in results])
    elif fmt == "markdown":
        say("\n\n".join(check_markdown(r) for r in results))
    else:
        say("\n\n".join(check_text(r) for r in results))
    if strict and any(c.verdict == "inconsistent" for r in results for c in r.claims):
        sys.exit(1)


@main.command("compare")
@records_option
@network_option
@speed_option
@format_option
@clean_errors
def compare_command(records_dirs: tuple[Path, ...], network_files: tuple[Path, ...], speed: float | None, fmt: str) -> None:
    """All journeys side by side: distance, duration, average speed, time running vs standing."""
    from journeys.check.report import compare_rows, compare_text

    rows = compare_rows([a.check for a in _analysed(records_dirs, (), speed, False, network_files)])
    if fmt == "json":
        emit_json([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
    else:
        say(compare_text(rows))


@main.command("geocode")
@click.argument("name")
@click.option("--country", help="ISO country code, e.g. CN.")
@click.option("--near", "near", multiple=True, help="A place the answer should be near (repeatable).")
@click.option("--online", is_flag=True, help="Also ask an online geocoder (needs the network).")
@click.option("--service", default="nominatim", show_default=True, help="geopy service name for --online.")
@click.option("--user-agent", default="journeys", show_default=True, help="User agent for the online service.")
@click.option("--domain", help="Host of a self-hosted service, e.g. nominatim.example.org.")
@click.option("--scheme", type=click.Choice(["https", "http"]), default="https", show_default=True)
@format_option
@clean_errors
def geocode_command(name: str, country: str | None, near: tuple[str, ...], online: bool, service: str,
                    user_agent: str, domain: str | None, scheme: str, fmt: str) -> None:
    """Show what a place name resolves to, and why."""
    from journeys.errors import GeocodeError
    from journeys.geo.geocode import PlaceResolver

    for given in (name, *near):
        if not given.strip():
            raise click.UsageError("a place name is empty; give a name, e.g. journeys geocode Dandong --country CN")
    geocoder = _online_geocoder(service, user_agent, domain, scheme) if online else None
    resolver = PlaceResolver()
    points = [resolver.resolve(n).latlon for n in near]
    country = country.upper() if country else None
    notes: list[str] = []
    try:
        result = resolver.resolve(name, country, points)
    except GeocodeError as err:
        if not online:
            raise
        notes.append(f"offline: {err}")
        result = None
    online_answer = None
    if online:
        try:
            online_answer = geocoder.lookup(name, country) if geocoder else None
        except GeocodeError as err:
            notes.append(f"{err}; " + ("the offline answer is used" if result else "no offline answer either"))
        if result is None and online_answer is None:
            raise click.ClickException("; ".join(notes) or f"{name!r} was not found")
    data: dict[str, Any] = {"query": name}
    if result:
        data |= {"name": result.place.name, "lat": result.place.lat, "lon": result.place.lon,
                 "country": result.place.country, "kind": result.place.kind, "id": result.place.id,
                 "gazetteer": result.place.gazetteer, "source": result.place.source, "reason": result.reason,
                 "candidates": [{"name": c.name, "country": c.country, "lat": c.lat, "lon": c.lon, "id": c.id}
                                for c in result.candidates]}
    if online_answer:
        data["online"] = {"lat": online_answer.lat, "lon": online_answer.lon, "source": online_answer.source}
    data["notes"] = notes
    if fmt == "json":
        emit_json(data)
        return
    if result:
        say(f"{name} → {result.place.name} ({result.place.country}) {result.place.lat:.5f}, "
            f"{result.place.lon:.5f}  [{result.place.kind}, {result.place.gazetteer}: {result.place.id}]")
        say(f"  why: {result.reason}")
        say(f"  source: {result.place.source}")
    if online_answer:
        say(f"  online ({service}): {online_answer.lat:.5f}, {online_answer.lon:.5f}  {online_answer.source}")
    for note in notes:
        say(f"  note: {note}")


def _online_geocoder(service: str, user_agent: str, domain: str | None = None, scheme: str = "https") -> Any:
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


@main.command("sections")
@network_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@clean_errors
def sections_command(network_files: tuple[Path, ...], fmt: str) -> None:
    """List the network's sections: geometry length beside published length or posts."""
    from journeys.check.views import table
    from journeys.geo.network import bundled_network
    from journeys.geo.sections import markdown_table, section_rows, within_summary

    networks = [*_networks(network_files), bundled_network()]
    rows = section_rows(s for n in networks for s in n.sections)
    if fmt == "markdown":
        click.echo(markdown_table(rows))
    elif fmt == "json":
        emit_json([r.__dict__ | {"difference": r.difference} for r in rows])
    else:
        click.echo(table(["section", "line", "gauge", "geometry", "geometry km", "longest chord", "published km", "by",
                          "difference", "licence"],
                         [[r.id, r.line, r.gauge_mm, r.geometry, round(r.geometry_km, 1), round(r.longest_chord_km, 1),
                           None if r.published_km is None else round(r.published_km, 1), r.reference,
                           "" if r.difference is None else f"{r.difference:+.1%}", r.licence] for r in rows]))
        click.echo(within_summary(rows))


@main.command("add")
@records_option
@click.option("--stops", "stops_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV of stops (name,country,role,arrival,departure,passing,source,quote); without it, add asks.")
@click.option("--id", "journey_id", help="The record id, e.g. 2025-pyongyang-beijing (with --stops).")
@click.option("--title", help="One-line title (with --stops).")
@click.option("--traveller", help="Who travelled (with --stops).")
@click.option("--year", type=int, help="The year the journey started (with --stops).")
@click.option("--summary", help="A paragraph of context (with --stops).")
@click.option("--source", "sources", multiple=True,
              help="'id|publisher|title|date|url', or 'id|publisher|title|date||page or programme' for print and "
                   "broadcast (repeatable; with --stops).")
@click.option("--claim", "claims", multiple=True,
              help="'kind|source|quote|says[|from|to|place|time|figure|note]' (repeatable; with --stops).")
@click.option("--claims", "claims_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV of claims (kind,source,quote,says,from,to,place,time,figure,note; with --stops).")
@click.option("--overwrite", is_flag=True, help="Replace a record with the same id in the folder written to.")
@force_option
@click.option("--online", is_flag=True, help="Look up places the gazetteers lack with an online geocoder (needs the network).")
@click.option("--service", default="nominatim", show_default=True, help="geopy service name for --online.")
@click.option("--user-agent", default="journeys", show_default=True, help="User agent for the online service.")
@clean_errors
def add_command(records_dirs: tuple[Path, ...], stops_file: Path | None, journey_id: str | None, title: str | None,
                traveller: str | None, year: int | None, summary: str | None, sources: tuple[str, ...],
                claims: tuple[str, ...], claims_file: Path | None, overwrite: bool, force: bool, online: bool,
                service: str, user_agent: str) -> None:
    """Add a trip, question by question or from --stops FILE, write it to your records folder and check it.

    The record goes to the first --records folder, else the first JOURNEYS_RECORDS folder, else
    $XDG_DATA_HOME/journeys/records (~/.local/share/journeys/records). See docs/adding-a-trip.md.
    """
    from journeys.add import draft as add
    from journeys.add.save import finish
    from journeys.add.tables import ScriptOptions, data_from_options
    from journeys.geo.geocode import PlaceResolver

    target = add.target_folder(records_dirs)
    resolver = PlaceResolver(online=_online_geocoder(service, user_agent) if online else None)
    origins: dict[tuple[str, int], str] = {}
    if stops_file is None:
        if any((journey_id, title, traveller, year, summary, sources, claims, claims_file)):
            raise click.UsageError("--id, --title, --traveller, --year, --summary, --source and --claim(s) go with "
                                   "--stops FILE; without --stops, journeys add asks for everything")
        click.echo(f"Adding a trip to {target}. Ctrl-C at any question stops without writing anything.\n")
        from journeys.add.interview import Interview

        data = Interview(lambda i: add.check_id_free(i, target, records_dirs, overwrite), resolver).run()
    else:
        data, origins = data_from_options(ScriptOptions(stops_file, journey_id, title, traveller, year, summary,
                                                        sources, claims, claims_file))
        add.check_id_free(data["id"], target, records_dirs, overwrite)
    written = finish(data, target, records_dirs, overwrite, resolver, keep_draft=stops_file is None, force=force,
                     origins=origins)
    say("\nStops:")
    for stop, place in zip(written.trip.journey.stops, written.trip.places, strict=True):
        say(f"  {add.place_line(stop.name, place)}")
    say(f"\nWrote {written.path}")
    if not add.is_read_by_default(target):
        say(f"Note: other commands read this folder only when told: pass them --records {target} "
            f"or set JOURNEYS_RECORDS={target}")
    say("\n" + written.report)


@main.command("claims")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "yaml", "csv"]), default="text", show_default=True,
              help="text: a table; yaml: entries to paste under a record's claims:; csv: a file for add --claims.")
@click.option("--source", "source_id", help="The source id the claims cite (yaml, csv, json); a placeholder without it.")
@click.option("--date", "published", type=click.DateTime(["%Y-%m-%d"]),
              help="The story's date (YYYY-MM-DD), to turn 'on Tuesday' or '2일' into a date.")
@clean_errors
def claims_command(file: Path, fmt: str, source_id: str | None, published: Any) -> None:
    """Propose the claims a news story makes (durations, distances, speeds, times, destinations, routes).

    FILE is the story's text (UTF-8; - reads standard input). Each proposal has its sentence, the words
    that make it, the qualifier and a guessed place or span: accept, edit or drop each before it goes
    into a record (see docs/adding-a-trip.md).
    """
    from journeys.add.claims import (
        SOURCE_PLACEHOLDER,
        find_claims,
        known_places,
        line_of,
        proposals_rows,
        proposals_table,
        proposals_yaml,
    )

    text = _read_story(file)
    proposals = find_claims(text, known_places(), published.date() if published else None)
    source = source_id or SOURCE_PLACEHOLDER
    if fmt == "json":
        emit_json([p.claim_data(source) | {"qualifier": p.qualifier, "line": line_of(text, p.says_start),
                                           "missing": list(p.missing)} for p in proposals])
    elif fmt == "yaml":
        click.echo(proposals_yaml(proposals, source), nl=False)
    elif fmt == "csv":
        import csv
        import io

        from journeys.add.fields import CLAIM_FIELDS

        stream = io.StringIO()
        writer = csv.DictWriter(stream, fieldnames=list(CLAIM_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(proposals_rows(proposals, source))
        click.echo(stream.getvalue(), nl=False)
    else:
        click.echo(proposals_table(text, proposals) if proposals else "No claims found.")
        if proposals and any(p.missing for p in proposals):
            click.echo("\n(place?) and (time?): not found in the text; fill them in (--format yaml marks them).")


def _read_story(file: Path) -> str:
    """The story's text; a file that is missing or not UTF-8 text is one clear error."""
    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as err:
        raise click.ClickException(f"{file}: cannot read it ({err.strerror}); give the path of a text file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise click.ClickException(f"{file}: not UTF-8 text (a bad byte at offset {err.start}); save the story as UTF-8 text "
                                   "(or copy its text into a new .txt file)") from None


@main.command("export")
@click.argument("journey_id")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpx", "kml", "csv"]),
              help="Output format (default: from the --out suffix, else geojson).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically).")
@force_option
@records_option
@network_option
@clean_errors
def export_command(journey_id: str, fmt: str | None, out: Path | None, force: bool, records_dirs: tuple[Path, ...],
                   network_files: tuple[Path, ...]) -> None:
    """Export a journey's stops and route as GeoJSON, GPX, KML or CSV."""
    from journeys.export.formats import export_text, format_for

    if out:
        from journeys.atomic import check_target

        check_target(out, force)  # before the work, so a refused --out costs nothing
    (analysed,) = _analysed(records_dirs, [journey_id], network_files=network_files)
    text = export_text(analysed.route, format_for(out, fmt))
    if out:
        from journeys.atomic import write_text_atomic

        write_text_atomic(out, text, force)
        click.echo(str(out))
    else:
        with _quiet_broken_pipe():
            click.echo(text, nl=False)


@main.command("map")
@click.argument("journey_ids", nargs=-1)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("maps"), show_default=True,
              help="Folder to write <id>.html and index.html to.")
@click.option("--cdn", is_flag=True,
              help="Link Leaflet and folium's defaults from their CDNs (smaller files, need the network) instead of inlining.")
@force_option
@records_option
@network_option
@speed_option
@clean_errors
def map_command(journey_ids: tuple[str, ...], out: Path, cdn: bool, force: bool, records_dirs: tuple[Path, ...],
                network_files: tuple[Path, ...], speed: float | None) -> None:
    """Write an interactive map of each journey (all by default) and an overview, index.html.

    Given ids, only those journeys' pages are written: the overview is left as it is, never replaced
    by one of just those journeys.
    """
    from journeys.atomic import check_target, forcing
    from journeys.check.analysis import analyse_each
    from journeys.render.maps import write_maps
    from journeys.render.schedule import map_analysed

    if out.exists() and not out.is_dir():
        raise click.ClickException(f"--out {out} is a file; the maps go in a folder. Fix: give a folder name")
    analysed, errors = analyse_each(_records(records_dirs, journey_ids), speed, _networks(network_files))
    mapped = map_analysed(analysed)
    for error in errors:
        say(f"Error: {error}", err=True)
    if not mapped:
        raise click.ClickException("no journey could be mapped")
    overview = not journey_ids
    for page in [*(f"{m.journey.id}.html" for m in mapped), *(["index.html"] if overview else [])]:
        check_target(out / page, force)  # every page before the first is written: all or none
    with forcing(force):
        paths = write_maps(mapped, out, self_contained=not cdn, overview=overview)
    for path in paths:
        click.echo(str(path))
    if errors:
        sys.exit(1)
