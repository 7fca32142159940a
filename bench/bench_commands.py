"""Benchmark: the commands a user runs, end to end, at 7, 100 and 1,000 journeys, in three cache states.

Each command is timed as a user runs it — ``python -m journeys <command>`` in a fresh process,
imports, records, routing and output included — against ``python -c "import pyproj"`` (the least
any command that measures anything must pay), in alternating turns: baseline, each command, then
again. The 7 journeys are the bundled records; larger sets add copies of them with new ids
(``2019-hanoi-copy-0001``...) in a temporary ``--records`` folder, so that every journey is a real
record that routes and checks like the originals (copies share their stops, so their legs route
alike: the route of a leg is computed once per process, which the copies profit from).
``XDG_DATA_HOME`` points at an empty folder so that no user's own records are counted, and every
run must exit with status 0.

journeys keeps two caches under ``XDG_CACHE_HOME``: checked records by content
(:mod:`journeys.records.cache`) and the printed answer of ``check``, ``list`` and ``compare`` by
everything they read (:mod:`journeys.cli.memo`). Each command is timed in three states, each with
its own ``XDG_CACHE_HOME``:

- **empty cache**: a new, empty folder for every run (a first run after installing; it also writes
  the caches);
- **records cached**: the records were read by an earlier run, but the command's answer is not
  stored (what a run after editing one record, or with another option, costs; the answers folder is
  removed before each run);
- **unchanged**: nothing changed since the previous run of the same command (its answer is stored).

``journeys map`` is timed with its caches filled as a first run leaves them (the records, the
prepared land, each page's land, each route's border crossings and the chosen major cities; the
journeys are still routed and their claims judged, and every page is written), against the same
command of a checkout of another git ref (``--against``, ``main`` by default; ``git archive`` into a
temporary folder, run from there with this interpreter) in the same turns. Its pages are written to a temporary folder.

Reported per command, state and size: CPU seconds of the child and its worker processes (user +
system: the work done), wall seconds (what a user waits: ``check``, ``list`` and ``compare`` share
24 journeys or more among worker processes, one per core), peak resident memory of the largest
process, the peak proportional memory (PSS) of the whole process tree (what the workers, which share
the parent's pages, hold together), as the median of the turns with their range, and the ratios of
median CPU and median wall time to the baseline's. ``--serial`` also runs each of those commands
with ``--jobs 1`` in the same turns. Nothing is extrapolated: a size not run is not in the table.

Run: ``python bench/bench_commands.py`` (3 turns; ``journeys map`` at 7 journeys only, ``--map-max``
to go further); ``--write-readme`` puts the table into bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from turns import Series, compile_package, replace_block, run

from journeys.records.folders import bundled_records_dir

BASELINE = "import pyproj"
COMMANDS = ("check", "list", "compare", "map")
STATES = ("empty cache", "records cached", "unchanged")
ROOT = Path(__file__).resolve().parent.parent


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


def command_args(command: str, records: Path | None, out: Path, jobs: int | None = None) -> list[str]:
    args = [sys.executable, "-m", "journeys", command]
    if records is not None:
        args += ["--records", str(records)]
    if command == "map":
        args += ["--out", str(out)]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    return args


def checkout(ref: str, folder: Path) -> Path:
    """The tree of a git ref of this repository, written to ``folder`` (no git worktree is made)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def timed(args: list[str], env: dict[str, str], cwd: Path | None, what: str) -> tuple[float, float, float, float]:
    """CPU s (workers included), wall s, peak MiB of the largest process, peak MiB (PSS) of the process tree."""
    result = run(args, env=env, cwd=cwd)
    if result.returncode != 0:
        raise SystemExit(f"{what} exited {result.returncode}: {result.stderr.strip()[-1500:]}")
    return result.cpu, result.wall, result.peak_mib, result.tree_mib


def prepare(state: str, cache: Path) -> None:
    """Put a command's cache folder in ``state`` before a timed run."""
    if state == "empty cache":
        shutil.rmtree(cache, ignore_errors=True)
    elif state == "records cached":
        shutil.rmtree(cache / "journeys" / "commands", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 100, 1000], help="numbers of journeys")
    parser.add_argument("--turns", type=int, default=3, help="alternating turns at each size")
    parser.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--states", nargs="+", choices=STATES, default=list(STATES))
    parser.add_argument("--serial", action="store_true",
                        help="also run check, list and compare with --jobs 1 (one process), in the same turns")
    parser.add_argument("--map-max", type=int, default=7, help="run `journeys map` only up to this many journeys")
    parser.add_argument("--against", default="main", help="git ref whose `journeys map` is timed beside this one")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    parser.add_argument("--block", default="bench_commands",
                        help="the README block the table goes in (a run of some sizes may fill its own block)")
    args = parser.parse_args()

    bundled = len(list(bundled_records_dir().glob("*.yaml")))
    rows = [
        "| command | cache | journeys | CPU s | wall s | peak MiB | tree MiB (PSS) | CPU ms per journey "
        "| ratio (CPU) to `import pyproj` | ratio (wall) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    map_rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, XDG_DATA_HOME=str(tmp / "xdg"))
        for name in ("JOURNEYS_RECORDS", "JOURNEYS_NO_CACHE"):
            env.pop(name, None)
        other = checkout(args.against, tmp / "against") if "map" in args.commands else None
        for tree in (ROOT, other):  # bytecode written as an install writes it (untimed)
            if tree is not None:
                compile_package(tree)
        for size in args.sizes:
            if size < bundled:
                raise SystemExit(f"--sizes: at least the {bundled} bundled journeys")
            records = tmp / f"records-{size}" if size > bundled else None
            if records is not None:
                make_records(records, size)
            # (label, state, args, cwd, cache folder)
            cases: list[tuple[str, str, list[str], Path | None, Path]] = []
            for command in args.commands:
                if command == "map":
                    if size > args.map_max:
                        continue
                    out = tmp / "maps"
                    cases.append(("map", "filled", [*command_args("map", records, out)], None, tmp / f"map-{size}"))
                    cases.append((f"map ({args.against})", "filled", [*command_args("map", records, out)], other,
                                  tmp / f"map-against-{size}"))
                    continue
                for state in args.states:
                    cases.append((command, state, command_args(command, records, tmp / "maps"), None,
                                  tmp / f"cache-{command}-{state}-{size}"))
                    if args.serial:
                        cases.append((f"{command} --jobs 1", state, command_args(command, records, tmp / "maps", 1),
                                      None, tmp / f"cache-{command}-serial-{state}-{size}"))
            for _, state, command, cwd, cache in cases:  # fill the caches the states start from (untimed)
                if state != "empty cache":
                    timed(command, dict(env, XDG_CACHE_HOME=str(cache)), cwd, " ".join(command[2:]))
            baseline = Series(BASELINE)
            series = {(label, state): Series(label) for label, state, *_ in cases}
            for turn in range(args.turns):
                cpu, wall, peak, tree = timed([sys.executable, "-c", BASELINE], env, None, BASELINE)
                baseline.add(cpu=cpu, wall=wall, peak=peak, tree=tree)
                print(f"{size:>5} journeys, turn {turn + 1}: baseline {cpu:7.2f} s CPU {wall:7.2f} s wall "
                      f"{peak:6.0f} MiB", flush=True)
                for label, state, command, cwd, cache in cases:
                    prepare(state, cache)
                    cpu, wall, peak, tree = timed(command, dict(env, XDG_CACHE_HOME=str(cache)), cwd,
                                                  f"{label} at {size}")
                    series[(label, state)].add(cpu=cpu, wall=wall, peak=peak, tree=tree)
                    print(f"{size:>5} journeys, turn {turn + 1}: {label:<22} {state:<15} {cpu:7.2f} s CPU "
                          f"{wall:7.2f} s wall {peak:6.0f} MiB {tree:6.0f} MiB tree", flush=True)
            rows.append(f"| `python -c \"{BASELINE}\"` (baseline) | | | {baseline.spread('cpu')} | "
                        f"{baseline.spread('wall')} | {baseline.spread('peak', 0)} | {baseline.spread('tree', 0)} | | 1 | 1 |")
            for (label, state), s in series.items():
                rows.append(f"| `journeys {label}` | {state} | {size:,} | {s.spread('cpu')} | {s.spread('wall')} | "
                            f"{s.spread('peak', 0)} | {s.spread('tree', 0)} | {1000 * s.median('cpu') / size:.0f} | "
                            f"**{s.median('cpu') / baseline.median('cpu'):.1f}×** | "
                            f"**{s.median('wall') / baseline.median('wall'):.1f}×** |")
            if ("map", "filled") in series:
                ours, theirs = series[("map", "filled")], series[(f"map ({args.against})", "filled")]
                map_rows.append(f"`journeys map` at {size} journeys: {args.against} / this checkout = "
                                f"**{theirs.median('cpu') / ours.median('cpu'):.2f}×** in CPU time (medians).")
    table = "\n".join(rows) + (
        f"\n\nMedian of {args.turns} turns with the range in brackets; the baseline is timed in the same turns as "
        "the commands of its size. " + " ".join(map_rows)
        + ("" if args.map_max >= max(args.sizes) else f" `journeys map` was run up to {args.map_max} journeys only.")
    )
    print()
    print(table)
    if args.write_readme:
        replace_block(Path(__file__).parent / "README.md", args.block, table)


if __name__ == "__main__":
    main()
