"""Finding, reading and writing journey records.

A record is untrusted, hand-written YAML, so reading one turns every problem (bad YAML, an unknown
field, a wrong type, a time the grammar cannot read, a reference to a missing stop or source) into
one :class:`~journeys.errors.RecordError` naming the file, line and column and the fix. ruamel.yaml
keeps the position of every key and item, which is how a problem found on the parsed model is
traced back to the text.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from journeys.atomic import create_text_exclusive, write_text_atomic
from journeys.errors import RecordError, RecordProblem, UnknownJourneyError
from journeys.records.model import ID_PATTERN, Journey, cross_check

RECORDS_ENV = "JOURNEYS_RECORDS"
SUFFIX = ".yaml"


def bundled_records_dir() -> Path:
    """The folder of records shipped inside the package."""
    return Path(str(files("journeys") / "records" / "bundled"))


def default_records_dir() -> Path:
    """The per-user records folder: ``$XDG_DATA_HOME/journeys/records``, else ``~/.local/share/...``.

    Never inside the installed package, which an upgrade replaces and which may not be writable.
    """
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / "journeys" / "records"


def record_dirs(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The bundled folder, each ``--records`` folder, those in ``JOURNEYS_RECORDS``, the per-user folder."""
    dirs = [bundled_records_dir(), *(Path(d) for d in extra)]
    dirs += [Path(d) for d in os.environ.get(RECORDS_ENV, "").split(os.pathsep) if d]
    dirs.append(default_records_dir())
    return list(dict.fromkeys(d.resolve() for d in dirs))


@dataclass(frozen=True)
class Record:
    """A journey with the file it came from and the parsed YAML tree, to locate later problems."""

    journey: Journey
    path: Path
    tree: Any

    def error(self, problem: RecordProblem) -> RecordError:
        """Turn a problem found on the model into an error at its line in this record's file."""
        line, column = locate(self.tree, problem.loc)
        return RecordError(self.path, line, column, problem.problem, problem.fix)


def locate(tree: Any, loc: Sequence[str | int]) -> tuple[int, int]:
    """Line and column (from 1) of the value at ``loc``, or of the deepest part of it that exists."""
    line, column = 1, 1
    node = tree
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line, column = node.lc.value(key) if not isinstance(node[key], (CommentedMap, CommentedSeq)) else node.lc.key(key)
            line, column = line + 1, column + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, column = (x + 1 for x in node.lc.item(key))
            node = node[key]
        else:
            if isinstance(node, CommentedMap) and node.lc.line is not None and (line, column) == (1, 1):
                line, column = node.lc.line + 1, node.lc.col + 1
            break
    return line, column


def _key_line(tree: Any, loc: Sequence[str | int]) -> tuple[int, int]:
    """Position of the key itself (for an unknown field, point at the key, not its value)."""
    parent = tree
    for key in loc[:-1]:
        try:
            parent = parent[key]
        except (KeyError, IndexError, TypeError):
            return locate(tree, loc)
    if isinstance(parent, CommentedMap) and loc and loc[-1] in parent:
        line, column = parent.lc.key(loc[-1])
        return line + 1, column + 1
    return locate(tree, loc)


def _explain(error: ErrorDetails) -> tuple[str, str]:
    """A problem and its fix for one pydantic error, in words for the person editing the file."""
    loc = error["loc"]
    field = str(loc[-1]) if loc else "record"
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return f"unknown field {field!r}", "remove it or correct its spelling; docs/records.md lists the fields"
    if kind == "missing":
        return f"missing required field {field!r}", f"add '{field}:' here; docs/records.md says what it holds"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{given!r} is not allowed for {field!r}", f"use one of {expected}"
    if kind == "string_pattern_mismatch" and field == "id":
        return (
            f"{given!r} is not a safe id",
            "use lowercase letters, digits and hyphens only (e.g. 2019-hanoi), at most 80 characters",
        )
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        problem, _, fix = message.partition("; ")
        return problem, fix or "see docs/records.md"
    return f"{field!r}: {error['msg'].lower()} (got {given!r})", "see docs/records.md for what this field holds"


def read_record(path: Path | str) -> Record:
    """Read and validate one record file; raise RecordError at the first problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise RecordError(path, 1, 1, f"the file is not UTF-8 text ({err.reason})", "save it as UTF-8") from err
    try:
        tree = YAML(typ="rt").load(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(err.problem or err.context or "invalid YAML").split())
        raise RecordError(
            path, line, column, f"invalid YAML: {problem}",
            "check indentation and quote text that contains ':' or '#'",
        ) from None
    if not isinstance(tree, CommentedMap):
        raise RecordError(path, 1, 1, "a record must be a mapping of fields", "start with 'id: ...', see docs/records.md")
    try:
        journey = Journey.model_validate(tree)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        # a value_error from a model validator is located at the model: point at its first line
        line, column = _key_line(tree, loc) if first["type"] == "extra_forbidden" else locate(tree, loc)
        problem, fix = _explain(first)
        raise RecordError(path, line, column, problem, fix) from None
    record = Record(journey, path, tree)
    try:
        cross_check(journey)
    except RecordProblem as problem:
        raise record.error(problem) from None
    if path.stem != journey.id:
        raise record.error(RecordProblem(("id",), f"the id {journey.id!r} differs from the file name {path.name!r}",
                                         f"rename the file to {journey.id}{SUFFIX} or change the id"))
    return record


def iter_record_files(dirs: Iterable[Path]) -> list[Path]:
    """Every ``*.yaml`` file in the given folders, sorted by name within each folder."""
    found: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            found += sorted(p for p in folder.iterdir() if p.suffix == SUFFIX and p.is_file())
    return found


def load_records(extra_dirs: Sequence[Path | str] = ()) -> list[Record]:
    """Read every record from the bundled folder and the user's folders; ids must be unique."""
    records: list[Record] = []
    seen: dict[str, Path] = {}
    for path in iter_record_files(record_dirs(extra_dirs)):
        record = read_record(path)
        first = seen.setdefault(record.journey.id, path)
        if first != path:
            raise record.error(RecordProblem(("id",), f"the id {record.journey.id!r} is already used by {first}",
                                             "give this journey another id (and file name)"))
        records.append(record)
    return records


def find_record(records: Sequence[Record], journey_id: str) -> Record:
    """The record with this id, or an error listing the ids there are."""
    for record in records:
        if record.journey.id == journey_id:
            return record
    ids = ", ".join(r.journey.id for r in records) or "none"
    raise UnknownJourneyError(f"no journey with id {journey_id!r}; known ids: {ids}")


def journey_to_yaml(journey: Journey) -> str:
    """The record as YAML in the field order of the model, omitting empty and default values."""
    data = journey.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data = {"id": journey.id, **data}  # id is never a default, but keep it first
    yaml = YAML(typ="rt")
    yaml.width = 4096  # long URLs and quotes stay on one line
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def write_record(journey: Journey, folder: Path, overwrite: bool = False, force: bool = False) -> Path:
    """Write a record as ``folder/ID.yaml``, complete or not at all.

    A new record is created exclusively: if the name is taken, even by another writer a moment ago,
    this raises :class:`~journeys.atomic.TargetExistsError` and nothing is replaced. With
    ``overwrite`` it replaces the file in one rename, refusing a non-regular or read-only one unless
    ``force``. Filesystem failures are :class:`~journeys.atomic.WriteError`, one line with the fix.
    """
    if not re.match(ID_PATTERN, journey.id):  # the model checks too; never trust a path
        raise ValueError(f"unsafe id {journey.id!r}")
    target = folder / f"{journey.id}{SUFFIX}"
    text = journey_to_yaml(journey)
    if overwrite:
        write_text_atomic(target, text, force)
    else:
        create_text_exclusive(target, text, "choose another id, or pass --overwrite to replace it")
    return target
