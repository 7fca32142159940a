"""Benchmark: the commands a user runs, end to end, at 7, 100 and 1,000 journeys.

Each command is timed as a user runs it — ``python -m journeys <command>`` in a fresh process,
imports, records, routing and output included — against ``python -c "import pyproj"`` (the least
any command that measures anything must pay), in alternating turns: baseline, each command, then
again. The 7 journeys are the bundled records; larger sets add copies of them with new ids
(``2019-hanoi-copy-0001``...) in a temporary ``--records`` folder, so that every journey is a real
record that routes and checks like the originals. ``XDG_DATA_HOME`` points at an empty folder so
that no user's own records are counted, and every run must exit with status 0.

Reported per command and size: CPU seconds of the child (user + system; the machine may be shared,
so CPU time, not wall time, is the measure), wall seconds, peak resident memory of the child, as
the median of the turns with their range, and the ratio of median CPU to the baseline's. Nothing
is extrapolated: a size not run is not in the table.

Run: ``python bench/bench_commands.py`` (3 turns at 7 and 100 journeys, 2 at 1,000; ``journeys map``
at 7 only, ``--map-max`` to go further; about 15 minutes on 2 shared cores); ``--write-readme``
puts the table into bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from turns import Series, replace_block, run

from journeys.records.files import bundled_records_dir

BASELINE = "import pyproj"
COMMANDS = ("check", "list", "compare", "map")


def make_records(folder: Path, total: int) -> list[str]:
    """Copies of the bundled records with new ids, so that bundled + copies = ``total`` journeys."""
    bundled = sorted(bundled_records_dir().glob("*.yaml"))
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for number, path in zip(range(1, total - len(bundled) + 1), itertools.cycle(bundled), strict=False):
        text = path.read_text(encoding="utf-8")
        new_id = f"{path.stem}-copy-{number:04d}"
        copied, count = re.subn(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
        if count != 1:
            raise SystemExit(f"{path}: no top-level 'id:' line to rename")
        (folder / f"{new_id}.yaml").write_text(copied, encoding="utf-8")
        ids.append(new_id)
    return ids


def command_args(command: str, records: Path | None, out: Path) -> list[str]:
    args = [sys.executable, "-m", "journeys", command]
    if records is not None:
        args += ["--records", str(records)]
    if command == "map":
        args += ["--out", str(out)]
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 100, 1000], help="numbers of journeys")
    parser.add_argument("--turns", type=int, default=3, help="turns at each size up to 100 journeys")
    parser.add_argument("--turns-big", type=int, default=2, help="turns at sizes above 100 journeys")
    parser.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--map-max", type=int, default=7, help="run `journeys map` only up to this many journeys")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args()

    bundled = len(list(bundled_records_dir().glob("*.yaml")))
    rows = [
        "| command | journeys | CPU s | wall s | peak MiB | CPU ms per journey | ratio (CPU) to `import pyproj` |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=str(Path(tmp) / "xdg"))
        env.pop("JOURNEYS_RECORDS", None)
        for size in args.sizes:
            if size < bundled:
                raise SystemExit(f"--sizes: at least the {bundled} bundled journeys")
            records = Path(tmp) / f"records-{size}" if size > bundled else None
            if records is not None:
                make_records(records, size)
            commands = [c for c in args.commands if c != "map" or size <= args.map_max]
            baseline = Series(BASELINE)
            series = {command: Series(command) for command in commands}
            turns = args.turns if size <= 100 else args.turns_big
            for turn in range(turns):
                result = run([sys.executable, "-c", BASELINE], env=env)
                baseline.add(cpu=result.cpu, wall=result.wall, peak=result.peak_mib)
                print(f"{size:>5} journeys, turn {turn + 1}: baseline {result.cpu:7.2f} s CPU "
                      f"{result.wall:7.2f} s wall {result.peak_mib:6.0f} MiB", flush=True)
                for command in commands:
                    result = run(command_args(command, records, Path(tmp) / "maps"), env=env)
                    if result.returncode != 0:
                        raise SystemExit(f"journeys {command} at {size} journeys exited {result.returncode}: "
                                         f"{result.stderr.strip()[-1500:]}")
                    series[command].add(cpu=result.cpu, wall=result.wall, peak=result.peak_mib)
                    print(f"{size:>5} journeys, turn {turn + 1}: {command:<8} {result.cpu:7.2f} s CPU "
                          f"{result.wall:7.2f} s wall {result.peak_mib:6.0f} MiB", flush=True)
            rows.append(f"| `python -c \"{BASELINE}\"` (baseline) | | {baseline.spread('cpu')} | {baseline.spread('wall')} "
                        f"| {baseline.spread('peak', 0)} | | 1 |")
            for command, s in series.items():
                rows.append(f"| `journeys {command}` | {size:,} | {s.spread('cpu')} | {s.spread('wall')} | {s.spread('peak', 0)} "
                            f"| {1000 * s.median('cpu') / size:.0f} | **{s.median('cpu') / baseline.median('cpu'):.1f}×** |")
    table = "\n".join(rows) + (
        f"\n\nMedian of the turns with the range in brackets ({args.turns} turns up to 100 journeys, {args.turns_big} above); "
        "the baseline is timed in the same turns as the commands of its size. "
        + ("" if args.map_max >= max(args.sizes) else f"`journeys map` was run up to {args.map_max} journeys only.")
    )
    print()
    print(table)
    if args.write_readme:
        replace_block(Path(__file__).parent / "README.md", "bench_commands", table)


if __name__ == "__main__":
    main()
