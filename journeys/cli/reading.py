"""The commands that read and judge journeys: list, show, schema, check, compare."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from journeys.cli import memo
from journeys.cli.base import (
    analysed_journeys,
    clean_errors,
    each_analysed,
    emit_json,
    force_option,
    format_option,
    jobs_option,
    json_list_text,
    json_text,
    main,
    network_option,
    records_option,
    say,
    speed_option,
    terminal_safe,
)


@main.command("list")
@records_option
@format_option
@jobs_option
@clean_errors
def list_command(records_dirs: tuple[Path, ...], fmt: str, jobs: int) -> None:
    """List the journeys: id, title, dates, stops and route distance."""

    def produce() -> memo.Output:
        from journeys.check.views import journey_summary, public, summary_table

        rows = list(each_analysed(journey_summary, records_dirs, jobs=jobs))
        return memo.Output(json_text(public(rows)) if fmt == "json" else terminal_safe(summary_table(rows)))

    memo.run("list", {"format": fmt}, records_dirs, (), produce)


@main.command("show")
@click.argument("journey_id")
@records_option
@format_option
@clean_errors
def show_command(journey_id: str, records_dirs: tuple[Path, ...], fmt: str) -> None:
    """Show a journey's timeline: each stop's local and UTC time windows, and the sources."""
    from journeys.check.views import timeline_data, timeline_text

    (analysed,) = analysed_journeys(records_dirs, [journey_id])
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


@main.command("check")
@click.argument("journey_ids", nargs=-1)
@records_option
@network_option
@speed_option
@click.option("--door-to-door", is_flag=True, help="Count stays at stops as travel time.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any claim is inconsistent or any record cannot be read.")
@jobs_option
@clean_errors
def check_command(journey_ids: tuple[str, ...], records_dirs: tuple[Path, ...], network_files: tuple[Path, ...],
                  speed: float | None, door_to_door: bool, fmt: str, strict: bool, jobs: int) -> None:
    """Check every claim of the journeys (all of them by default) against route and timeline."""

    def produce() -> memo.Output:
        from journeys.check.report import check_data, check_markdown, check_text

        view = check_markdown if fmt == "markdown" else check_text

        def shown_and_failed(analysed: Any) -> tuple[str, bool]:  # in a worker: made safe there too
            result = analysed.check
            text = json_text(check_data(result)) if fmt == "json" else terminal_safe(view(result))
            return text, any(c.verdict == "inconsistent" for c in result.claims)

        shown: list[str] = []
        failed = False
        for text, inconsistent in each_analysed(shown_and_failed, records_dirs, journey_ids, speed, door_to_door,
                                                network_files, strict, jobs):
            shown.append(text)
            failed = failed or inconsistent
        text = json_list_text(shown) if fmt == "json" else "\n\n".join(shown)
        return memo.Output(text, 1 if strict and failed else 0)

    options = {"ids": journey_ids, "speed": speed, "door_to_door": door_to_door, "format": fmt, "strict": strict}
    memo.run("check", options, records_dirs, network_files, produce)


@main.command("compare")
@records_option
@network_option
@speed_option
@format_option
@jobs_option
@clean_errors
def compare_command(records_dirs: tuple[Path, ...], network_files: tuple[Path, ...], speed: float | None, fmt: str,
                    jobs: int) -> None:
    """All journeys side by side: distance, duration, average speed, time running vs standing."""

    def produce() -> memo.Output:
        from journeys.check.report import compare_row, compare_text
        from journeys.check.views import public

        rows = list(each_analysed(lambda a: compare_row(a.check), records_dirs, (), speed, False, network_files,
                                  jobs=jobs))
        if fmt == "json":
            return memo.Output(json_text(public(rows)))
        return memo.Output(terminal_safe(compare_text(rows)))

    memo.run("compare", {"speed": speed, "format": fmt}, records_dirs, network_files, produce)
