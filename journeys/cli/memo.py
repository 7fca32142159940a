"""What a reading command printed, kept by everything it read, so an unchanged folder answers at once.

``journeys check``, ``list`` and ``compare`` read every record, the bundled gazetteer and network and
the user's networks, route and judge: about a second before anything is printed. When none of that
has changed since the last run, the answer cannot have changed either, so the printed text, the
``Skipped:`` lines and the exit status are stored under a key made of:

- the command and its options;
- the bytes of every record file the command reads (the same folders, in the same order, as
  :func:`journeys.records.folders.record_dirs` gives it) and of every ``--network`` file;
- the bytes of the bundled geodata (places, network, kilometre posts);
- the code: name, size and modification time of every module of the package, the Python version,
  the name (so the version) of every installed distribution on ``sys.path``, and the time-zone
  database's files;
- the variables that change what is read (``JOURNEYS_RECORDS``, ``XDG_DATA_HOME``: through the
  folders above).

A hit imports neither numpy nor pydantic nor the network: it hashes about a megabyte and prints.
An error (a missing folder, an unknown id, ``--strict`` with a broken record) is never stored, so
it is always found afresh with its file, line and fix. Entries live in
``$XDG_CACHE_HOME/journeys/commands/`` (``~/.cache/...``), are written atomically and pruned to
:data:`MAX_ENTRIES`; a damaged entry is a miss. ``JOURNEYS_NO_CACHE=1`` turns this off with the
record cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from journeys.data_paths import cache_root, caching, geodata_dir, keep_file
from journeys.records.folders import iter_record_files, missing_folders, record_dirs

#: Bumped when the stored form changes.
_FORMAT = 1
#: Entries kept; past this the oldest are removed when one is stored.
MAX_ENTRIES = 200

_PACKAGE = Path(__file__).resolve().parent.parent


@dataclass
class Output:
    """What a command prints on stdout (already made terminal-safe), on stderr, and its exit status."""

    stdout: str
    code: int = 0
    stderr: list[str] = field(default_factory=list)


#: The output being produced now, so that :func:`echo_err` can keep the lines it prints.
_current: list[Output] = []


def echo_err(line: str) -> None:
    """Print a line on stderr, and keep it with the output being produced (replayed on a hit)."""
    click.echo(line, err=True)
    if _current:
        _current[-1].stderr.append(line)


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/journeys/commands``, else ``~/.cache/journeys/commands``."""
    return cache_root() / "commands"


def _add_file(digest: Any, path: Path) -> None:
    """A file's name and bytes, read a MiB at a time (a user's network file may be hundreds of MB)."""
    digest.update(f"\0{path}\0".encode())
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)


def _environment(digest: Any) -> None:
    """The code and the libraries: any change to them gives new keys."""
    digest.update(f"{_FORMAT}:{sys.version}:{sys.executable}".encode())
    for module in sorted(_PACKAGE.rglob("*.py")):
        stat = module.stat()
        digest.update(f"{module.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for entry in sys.path:
        with contextlib.suppress(OSError):
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
            digest.update(f"{entry}:{','.join(names)}\n".encode())
    for tzdir in ("/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo"):
        for name in ("tzdata.zi", "+VERSION"):
            with contextlib.suppress(OSError):
                stat = os.stat(os.path.join(tzdir, name))
                digest.update(f"{tzdir}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())


def key(command: str, options: dict[str, Any], records: Sequence[Path], networks: Sequence[Path]) -> str | None:
    """The key of a run, or None when it must not be cached (cache off, or an input cannot be read)."""
    if not caching() or missing_folders(records):
        return None
    digest = hashlib.sha256(json.dumps([command, options], sort_keys=True, default=str).encode())
    try:
        _environment(digest)
        data = geodata_dir()
        for path in sorted(p for p in data.rglob("*") if p.is_file() and "tools" not in p.relative_to(data).parts):
            _add_file(digest, path)
        for path in iter_record_files(record_dirs(records)):
            _add_file(digest, path)
        for path in networks:
            _add_file(digest, Path(path))
    except OSError:  # a file went away or cannot be read: run the command, which says what is wrong
        return None
    return digest.hexdigest()


def _load(entry: str) -> Output | None:
    try:
        data = json.loads((cache_dir() / f"{entry}.json").read_text(encoding="utf-8"))
        output = Output(data["stdout"], data["code"], data["stderr"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not (isinstance(output.stdout, str) and isinstance(output.code, int) and isinstance(output.stderr, list)
            and all(isinstance(line, str) for line in output.stderr)):
        return None
    return output


def _store(entry: str, output: Output) -> None:
    text = json.dumps({"stdout": output.stdout, "code": output.code, "stderr": output.stderr}, ensure_ascii=False)
    keep_file(cache_dir() / f"{entry}.json", text.encode("utf-8"), MAX_ENTRIES)  # the cache only saves time


def run(command: str, options: dict[str, Any], records: Sequence[Path], networks: Sequence[Path],
        produce: Callable[[], Output]) -> None:
    """Print what ``produce`` prints, from the cache when every input is as it was; exit with its status."""
    entry = key(command, options, records, networks)
    output = _load(entry) if entry else None
    if output is None:
        _current.append(Output(""))
        try:
            produced = produce()
            output = Output(produced.stdout, produced.code, _current[-1].stderr + produced.stderr)
        finally:
            _current.pop()
        if entry:
            _store(entry, output)
    else:
        for line in output.stderr:
            click.echo(line, err=True)
    click.echo(output.stdout)
    if output.code:
        sys.exit(output.code)
