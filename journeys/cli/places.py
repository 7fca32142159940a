"""The commands about places and track: geocode a name, list the network's sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from journeys.cli.base import (
    clean_errors,
    emit_json,
    extra_networks,
    format_option,
    main,
    network_option,
    online_geocoder,
    say,
)


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
    geocoder = online_geocoder(service, user_agent, domain, scheme) if online else None
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


@main.command("sections")
@network_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@clean_errors
def sections_command(network_files: tuple[Path, ...], fmt: str) -> None:
    """List the network's sections: geometry length beside published length or posts."""
    from journeys.check.views import table
    from journeys.geo.network import bundled_network
    from journeys.geo.sections import markdown_table, section_rows, within_summary

    networks = [*extra_networks(network_files), bundled_network()]
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
