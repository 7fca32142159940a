"""The commands that write: add a record, find claims in a story, export a journey, draw the maps."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from journeys.cli.base import (
    analysed_journeys,
    clean_errors,
    emit_json,
    extra_networks,
    force_option,
    load_records,
    main,
    network_option,
    online_geocoder,
    quiet_broken_pipe,
    records_option,
    say,
    speed_option,
)


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
    resolver = PlaceResolver(online=online_geocoder(service, user_agent) if online else None)
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
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpx", "kml", "csv", "gpkg"]),
              help="Output format (default: from the --out suffix, else geojson); gpkg needs --out.")
@click.option("--layer", type=click.Choice(["stops", "legs", "claims"]), default="stops", show_default=True,
              help="The table a CSV holds (the other formats hold all three).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically).")
@force_option
@records_option
@network_option
@clean_errors
def export_command(journey_id: str, fmt: str | None, layer: str, out: Path | None, force: bool,
                   records_dirs: tuple[Path, ...], network_files: tuple[Path, ...]) -> None:
    """Export a journey's stops, legs and claims (with verdicts and sources) as GeoJSON, GPX, KML, CSV or GeoPackage."""
    from journeys.export.formats import export_text, format_for

    fmt = format_for(out, fmt)
    if fmt == "gpkg" and not out:
        raise click.UsageError("a GeoPackage is a database file: give --out FILE.gpkg")
    if out:
        from journeys.atomic import check_target

        check_target(out, force)  # before the work, so a refused --out costs nothing
    (analysed,) = analysed_journeys(records_dirs, [journey_id], network_files=network_files)
    if out and fmt == "gpkg":
        from journeys.export.geopackage import write_geopackage

        write_geopackage(analysed, out, force)
        click.echo(str(out))
        return
    text = export_text(analysed, fmt, layer)
    if out:
        from journeys.atomic import write_text_atomic

        write_text_atomic(out, text, force)
        click.echo(str(out))
    else:
        with quiet_broken_pipe():
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
    analysed, errors = analyse_each(load_records(records_dirs, journey_ids), speed, extra_networks(network_files))
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
