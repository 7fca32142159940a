"""Finding, reading and writing journey records.

A record is untrusted, hand-written YAML, so reading one turns every problem (bad YAML, an unknown
field, a wrong type, a time the grammar cannot read, a reference to a missing stop or source) into
one :class:`~journeys.errors.RecordError` naming the file, line and column and the fix. The text is
parsed by libyaml into a tree that keeps the position of every key and item
(:mod:`journeys.records.yamltree`), which is how a problem found on the parsed model is traced back
to the text. Reading is bounded (file size, nesting, no aliases) so no record can hang a command.

A folder of records is read with :func:`load_all`: a broken record is reported and the others are
still read, because one bad file in a user's folder must not hide every other journey. A record that
was read and checked before is taken from a cache keyed by its content (:mod:`journeys.records.cache`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from journeys.atomic import create_text_exclusive, write_text_atomic
from journeys.errors import RecordError, RecordProblem, UnknownJourneyError
from journeys.records import cache
from journeys.records.folders import (
    RECORDS_ENV,
    SUFFIX,
    SUFFIXES,
    bundled_records_dir,
    default_records_dir,
    iter_record_files,
    missing_folders,
    record_dirs,
)
from journeys.records.model import ID_PATTERN, Journey, cross_check
from journeys.records.yamltree import PosList, PosMap, YamlProblem, parse_tree, position, quoted

__all__ = [  # the folder functions live in journeys.records.folders and are offered here too
    "MAX_RECORD_BYTES", "RECORDS_ENV", "SUFFIX", "SUFFIXES", "Broken", "Listed", "Loaded", "Record",
    "bundled_records_dir", "default_records_dir", "find_record", "iter_record_files", "journey_to_yaml", "load_all",
    "load_records", "locate", "missing_folders", "read_checked", "read_record", "record_dirs", "sorted_out",
    "write_record",
]

class _Identified(Protocol):
    @property
    def journey_id(self) -> str: ...


R = TypeVar("R", bound=_Identified)

#: Largest record file read, in bytes: a 10,000-stop journey is about 3 MB.
MAX_RECORD_BYTES = 8 * 1024 * 1024
#: Longest problem text an error shows (a problem may quote a value; never the whole input).
_MAX_PROBLEM_CHARS = 300


@dataclass(frozen=True)
class Record:
    """A journey with the file it came from and its bytes, to locate later problems at a line.

    The bytes are kept rather than the text: UTF-8 takes a third of the memory of a str holding
    Korean or accented names, and a thousand records are held at once by some commands.
    """

    journey: Journey
    path: Path
    data: bytes = field(repr=False)

    @property
    def journey_id(self) -> str:
        return self.journey.id

    @property
    def text(self) -> str:
        """The file's text, as it was read (line ends made ``\\n``)."""
        return _decoded(self.data)

    @cached_property
    def tree(self) -> Any:
        """The parsed YAML with positions, built only when a problem has to be located."""
        return parse_tree(self.text)

    def error(self, problem: RecordProblem) -> RecordError:
        """Turn a problem found on the model into an error at its line in this record's file."""
        return _located(self.path, self.tree, problem)


def _located(path: Path, tree: Any, problem: RecordProblem) -> RecordError:
    """A problem found on the model as an error at its line and column in the parsed file ``tree``."""
    line, column = locate(tree, problem.loc)
    return _error(path, line, column, problem.problem, problem.fix)


def _error(path: Path, line: int, column: int, problem: str, fix: str) -> RecordError:
    """A RecordError whose problem is one line of bounded length, whatever the input held."""
    return RecordError(path, line, column, quoted(problem, _MAX_PROBLEM_CHARS), fix)


def locate(tree: Any, loc: Sequence[str | int]) -> tuple[int, int]:
    """Line and column (from 1) of the value at ``loc``, or of the deepest part of it that exists.

    A scalar is located at its value; a mapping or list at its key, which is where the reader looks.
    """
    line, column = 1, 1
    node = tree
    for key in loc:
        if isinstance(node, PosMap) and key in node:
            pos = position(node.key_pos[key] if isinstance(node[key], (PosMap, PosList)) else node.value_pos[key])
            line, column = pos.line, pos.column
            node = node[key]
        elif isinstance(node, PosList) and isinstance(key, int) and 0 <= key < len(node):
            pos = position(node.item_pos[key])
            line, column = pos.line, pos.column
            node = node[key]
        else:
            if isinstance(node, PosMap) and (line, column) == (1, 1):
                pos = position(node.pos)
                line, column = pos.line, pos.column
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
    if isinstance(parent, PosMap) and loc and loc[-1] in parent:
        pos = position(parent.key_pos[loc[-1]])
        return pos.line, pos.column
    return locate(tree, loc)


def _show(value: Any) -> str:
    """A value from the record as a short repr: one line, never the whole input."""
    return quoted(repr(value))


def _explain(error: Any) -> tuple[str, str]:
    """A problem and its fix for one pydantic error, in words for the person editing the file."""
    loc = error["loc"]
    field = str(loc[-1]) if loc else "record"
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return f"unknown field {quoted(field)!r}", "remove it or correct its spelling; docs/records.md lists the fields"
    if kind == "missing":
        return f"missing required field {field!r}", f"add '{field}:' here; docs/records.md says what it holds"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_show(given)} is not allowed for {field!r}", f"use one of {expected}"
    if kind == "string_pattern_mismatch" and field == "id":
        return (
            f"{_show(given)} is not a safe id",
            "use lowercase letters, digits and hyphens only (e.g. 2019-hanoi), at most 80 characters",
        )
    if kind == "finite_number":  # named by its field, also inside a list ('geometry', not '0')
        named = next((str(part) for part in reversed(loc) if isinstance(part, str)), field)
        return f"{named!r} is {_show(given)}, not a number", "write a finite number"
    if kind.startswith("date_"):
        return (f"{field!r}: {error['msg'].lower()} (got {_show(given)})",
                "write a real calendar date as YYYY-MM-DD, in quotes if you like")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        problem, _, fix = message.partition("; ")
        return problem, fix or "see docs/records.md"
    return f"{field!r}: {error['msg'].lower()} (got {_show(given)})", "see docs/records.md for what this field holds"


def _read_text(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text, refusing a file too large or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise _error(path, 1, 1, f"the file is {size / 2**20:.1f} MB; a record may be at most "
                         f"{MAX_RECORD_BYTES // 2**20} MB", "split the journey into several records")
        data = path.read_bytes()[: MAX_RECORD_BYTES + 1]  # the file may grow between stat and read
    except OSError as err:
        raise _error(path, 1, 1, f"the file cannot be read ({err.strerror or err})",
                     "check that it exists and that you may read it") from None
    if len(data) > MAX_RECORD_BYTES:
        raise _error(path, 1, 1, f"the file is over {MAX_RECORD_BYTES // 2**20} MB",
                     "split the journey into several records")
    try:
        text = _decoded(data)
    except UnicodeDecodeError as err:
        raise RecordError(path, 1, 1, f"the file is not UTF-8 text ({err.reason})", "save it as UTF-8") from err
    return data, text


def _decoded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n", "\n")


def _validated(path: Path, data: bytes, text: str) -> Record:
    """Parse and check record text (no cache)."""
    try:
        tree = parse_tree(text)
    except YamlProblem as bad:
        raise _error(path, bad.line, bad.column, bad.problem, bad.fix) from None
    if not isinstance(tree, PosMap):
        raise RecordError(path, 1, 1, "a record must be a mapping of fields", "start with 'id: ...', see docs/records.md")
    from pydantic import ValidationError

    try:
        journey = Journey.model_validate(tree)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        # a value_error from a model validator is located at the model: point at its first line
        line, column = _key_line(tree, loc) if first["type"] == "extra_forbidden" else locate(tree, loc)
        what, fix = _explain(first)
        raise _error(path, line, column, what, fix) from None
    try:
        cross_check(journey)
    except RecordProblem as problem:
        raise _located(path, tree, problem) from None
    # the parsed tree (several times the text's size) is not kept: a problem found later parses the
    # text again to locate it, which only an error pays for
    return Record(journey, path, data)


def _read(path: Path) -> Record:
    """A record read and checked, from the cache when its bytes were read before; the id is not compared
    with the file name here."""
    data, text = _read_text(path)
    key = cache.key(data)
    journey = cache.load(key)
    if journey is not None:
        return Record(journey, path, data)
    record = _validated(path, data, text)
    cache.store(key, record.journey)
    return record


def _name_problem(path: Path, journey_id: str) -> RecordProblem | None:
    if path.stem == journey_id:
        return None
    return RecordProblem(("id",), f"the id {journey_id!r} differs from the file name {path.name!r}",
                         f"rename the file to {journey_id}{SUFFIX} or change the id")


def _id_problem(path: Path, journey_id: str, seen: dict[str, Path]) -> RecordProblem | None:
    """Why a record of a folder may not be used under its id (file name, or an id read before), if it may not."""
    problem = _name_problem(path, journey_id)
    if problem is None and (first := seen.setdefault(journey_id, path)) != path:
        problem = RecordProblem(("id",), f"the id {journey_id!r} is already used by {first}",
                                "give this journey another id (and file name)")
    return problem


def _check_file_name(record: Record) -> None:
    if (problem := _name_problem(record.path, record.journey.id)) is not None:
        raise record.error(problem)


def read_record(path: Path | str) -> Record:
    """Read and validate one record file; raise RecordError at the first problem.

    A record read before, with the same bytes and the same version of journeys, comes from the cache.
    """
    record = _read(Path(path))
    _check_file_name(record)
    return record


@dataclass(frozen=True)
class Broken:
    """A record file that could not be read, and why."""

    path: Path
    error: RecordError
    journey_id: str | None = None  # the id the file gives, when it could be read that far

    def names(self, journey_id: str) -> bool:
        """Whether a command asking for ``journey_id`` may mean this file."""
        return journey_id in (self.path.stem, self.journey_id)


@dataclass(frozen=True)
class Loaded(Generic[R]):
    """The records that could be read (or what a caller keeps of each, e.g. a :class:`Listed`), and the
    files that could not."""

    records: list[R]
    broken: list[Broken]


def load_all(extra_dirs: Sequence[Path | str] = ()) -> Loaded[Record]:
    """Read every record from the bundled folder and the user's folders, keeping going past bad ones.

    Ids must be unique: a second file with an id already read is reported as broken, the first kept.
    """
    paths = list(iter_record_files(record_dirs(extra_dirs)))
    return sorted_out(paths, [read_checked(path) for path in paths])


def read_checked(path: Path) -> Record | RecordError:
    """One record file read and checked (from the cache, or parsed and put there), or why it cannot be;
    its id is not yet compared with its file's name or other records' (:func:`sorted_out` does that)."""
    try:
        return _read(path)
    except RecordError as err:
        return err


def sorted_out(paths: Sequence[Path], found: Iterable[R | RecordError]) -> Loaded[R]:
    """The record files ``paths``, each as it was read (its record, or what a caller keeps of it, or
    why it could not be read), with the rules that need the whole folder applied in order: a record's
    id is its file's name, and the first file of an id keeps it (a later one is broken)."""
    records: list[R] = []
    broken: list[Broken] = []
    seen: dict[str, Path] = {}
    for path, item in zip(paths, found, strict=True):
        if isinstance(item, RecordError):
            broken.append(Broken(path, item))
            continue
        problem = _id_problem(path, item.journey_id, seen)
        if problem is not None:
            tree = item.tree if isinstance(item, Record) else parse_tree(_read_text(path)[1])
            broken.append(Broken(path, _located(path, tree, problem), item.journey_id))
            continue
        records.append(item)
    return Loaded(records, broken)


@dataclass(frozen=True)
class Listed:
    """A record file that read without a problem, by its path and id: what a command that uses each
    journey as soon as it is read (in a worker process) keeps of it for :func:`sorted_out`."""

    path: Path
    journey_id: str


def _to_stderr(broken: Broken) -> None:
    print(f"journeys: skipped {broken.error}", file=sys.stderr)


def load_records(extra_dirs: Sequence[Path | str] = (),
                 report: Callable[[Broken], None] | None = _to_stderr) -> list[Record]:
    """Every record that can be read; each broken one is passed to ``report`` (stderr by default)."""
    loaded = load_all(extra_dirs)
    for broken in loaded.broken:
        if report is not None:
            report(broken)
    return loaded.records


def find_record(records: Sequence[R], journey_id: str) -> R:
    """The record (or listed record) with this id, or an error listing the ids there are."""
    for record in records:
        if record.journey_id == journey_id:
            return record
    ids = ", ".join(r.journey_id for r in records) or "none"
    raise UnknownJourneyError(f"no journey with id {journey_id!r}; known ids: {ids}")


def journey_to_yaml(journey: Journey) -> str:
    """The record as YAML in the field order of the model, omitting empty and default values, YAML-1.1-safe."""
    data = journey.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data = {"id": journey.id, **data}  # id is never a default, but keep it first
    from journeys.records.yamlwrite import dump  # only writing needs ruamel: reading uses libyaml

    return dump(data)  # dates, times, yes/no quoted: YAML 1.1 readers (PyYAML) read the same record


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
