"""Benchmark: what starting ``journeys check`` costs, against ``python -c "import pyproj"``.

A user waits for the start-up on every command, so the imports must be only those the command
needs: ``check`` must not import geopy or requests (only ``--online`` asks a service), nor folium,
ruamel.yaml or networkx. This script times ``python -m journeys check`` on the bundled journeys and
the baseline ``python -c "import pyproj"`` (the least any command that measures must pay) in
alternating turns — baseline, check, baseline, check ... — each a fresh process, measured by its
own CPU time (user + system, from ``os.wait4`` in :mod:`turns`; the machine may be shared, so CPU
time, not wall time, is the measure). It prints the medians with their range and the ratio of the
medians, then lists the heavy packages that ``python -X importtime -m journeys check`` imported and
fails if a forbidden one is among them.

The caches are pointed at a temporary folder and filled by one untimed run first. Two states of
``check`` are timed in the same turns: **unchanged** (nothing changed since the previous run, so
the stored answer is printed, :mod:`journeys.cli.memo`) and **records cached** (the stored answer
is removed before each run, so the command reads its records from the record cache and routes and
checks them: what a run after editing one record, or with another option, costs). The imports are
listed for the second, where the pipeline runs. ``XDG_DATA_HOME`` points at an empty folder so
that no user's own records are counted. Nothing is extrapolated.

Run: ``python bench/bench_startup.py`` (9 turns, about half a minute idle); ``--write-readme`` puts
the table into bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from turns import Series, compile_package, replace_block, run

BASELINE = "import pyproj"
#: Imported by ``journeys check`` would mean start-up pays for a command it is not running.
FORBIDDEN = ("geopy", "requests", "urllib3", "folium", "branca", "ruamel", "networkx", "geopandas")
#: Heavy packages worth naming when they are imported.
WATCHED = (*FORBIDDEN, "pydantic", "numpy", "shapely", "pyproj", "yaml", "timezonefinder", "click")


def imported(env: dict[str, str]) -> dict[str, float]:
    """Top-level packages of WATCHED that ``journeys check`` imported, with their cumulative import ms
    (its stored answer removed first, so the whole pipeline runs)."""
    forget_answers(env)
    result = run([sys.executable, "-X", "importtime", "-m", "journeys", "check"], env=env)
    if result.returncode != 0:
        raise SystemExit(f"journeys check exited {result.returncode}: {result.stderr.strip()[-1500:]}")
    found: dict[str, float] = {}
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s*(\S+)$", line)
        if m and m.group(2) in WATCHED:
            found[m.group(2)] = max(found.get(m.group(2), 0.0), int(m.group(1)) / 1000)
    return found


def forget_answers(env: dict[str, str]) -> None:
    """Remove the stored command answers, keeping the record and zone caches."""
    shutil.rmtree(Path(env["XDG_CACHE_HOME"]) / "journeys" / "commands", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=9, help="alternating turns (each runs both)")
    parser.add_argument("--write-readme", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=str(Path(tmp) / "xdg-data"), XDG_CACHE_HOME=str(Path(tmp) / "xdg-cache"))
        env.pop("JOURNEYS_RECORDS", None)
        check = [sys.executable, "-m", "journeys", "check"]
        compile_package(Path(__file__).resolve().parent.parent)  # bytecode, as an install writes it (untimed)
        warm = run(check, env=env)  # fills the record cache; not timed
        if warm.returncode != 0:
            raise SystemExit(f"journeys check exited {warm.returncode}: {warm.stderr.strip()[-1500:]}")
        baseline, command, missed = Series(BASELINE), Series("check"), Series("check, records cached")
        for turn in range(args.turns):
            b = run([sys.executable, "-c", BASELINE], env=env)
            c = run(check, env=env)
            forget_answers(env)
            m = run(check, env=env)
            for result in (c, m):
                if result.returncode != 0:
                    raise SystemExit(f"journeys check exited {result.returncode}: {result.stderr.strip()[-1500:]}")
            baseline.add(cpu=b.cpu, wall=b.wall)
            command.add(cpu=c.cpu, wall=c.wall)
            missed.add(cpu=m.cpu, wall=m.wall)
            print(f"turn {turn + 1}: baseline {b.cpu:.3f} s CPU, check unchanged {c.cpu:.3f} s CPU, "
                  f"records cached {m.cpu:.3f} s CPU", flush=True)
        packages = imported(env)

    ratio = command.median("cpu") / baseline.median("cpu")
    bad = sorted(p for p in packages if p in FORBIDDEN)
    table = "\n".join([
        f"| what | CPU s, median (range), n={args.turns} | wall s | × `import pyproj` |",
        "|---|---:|---:|---:|",
        f"| `python -c \"{BASELINE}\"` | {baseline.spread('cpu', 3)} | {baseline.spread('wall', 3)} | 1 |",
        f"| `journeys check`, 7 bundled journeys, unchanged (stored answer) | {command.spread('cpu', 3)} "
        f"| {command.spread('wall', 3)} | **{ratio:.1f}×** |",
        f"| `journeys check`, 7 bundled journeys, records cached (answer not stored) | {missed.spread('cpu', 3)} "
        f"| {missed.spread('wall', 3)} | **{missed.median('cpu') / baseline.median('cpu'):.1f}×** |",
        "",
        "Imported by `journeys check` with the records cached (cumulative `-X importtime` ms, one run): "
        + ", ".join(f"{name} {ms:.0f}" for name, ms in sorted(packages.items(), key=lambda kv: -kv[1]))
        + ". Not imported: " + ", ".join(p for p in FORBIDDEN if p not in packages) + ".",
    ])
    print()
    print(table)
    if bad:
        raise SystemExit(f"journeys check imports {', '.join(bad)}, which only other commands need")
    if args.write_readme:
        replace_block(Path(__file__).parent / "README.md", "bench_startup", table)


if __name__ == "__main__":
    main()
