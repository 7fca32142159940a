"""Record text to plain Python data with the line and column of every key and item, fast and bounded.

A record is untrusted text, so this reader is written against the attacks YAML allows and for speed:

- libyaml (PyYAML's C parser) produces the events; this module builds the tree from them in a loop
  with an explicit stack, so nesting depth is checked (never a RecursionError or a C stack overflow)
  and the cost is linear in the size of the file;
- an alias (``*name``) shares the anchored value rather than copying it, and the size of the document
  as its readers will walk it (aliases expanded) is counted while it is built: a 1 KB "billion
  laughs" document, which would expand to gigabytes, is refused at once. Records written by
  ruamel.yaml use aliases for a repeated span, so they are capped rather than refused;
- tags other than ``!!str`` are refused: a record has no use for them;
- scalars are typed here, by YAML 1.2 core rules (as ruamel.yaml does, which wrote the bundled
  records), except that nothing becomes a date or a timestamp: ``2025-09-02T02:00:00+09:00`` stays
  the text written, and the time grammar (:mod:`journeys.records.times`) reads or refuses it.
  YAML's own timestamp typing would silently drop the offset;
- duplicate keys are an error, with the words ruamel.yaml uses.

libyaml's syntax errors are worded a little differently from ruamel.yaml's, which the records'
documentation and tests quote, so on a syntax error the text up to that point is parsed again by
ruamel.yaml (events only: bounded, no tree) to report its exact words and position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Deepest nesting of mappings and lists a record may use (a record needs 6).
MAX_DEPTH = 40
#: Most values a record may hold, counting each alias as the values it repeats (10,000 stops need ~200,000).
MAX_NODES = 1_000_000
#: Longest number a record may write, in characters (Python refuses to convert much longer ints).
_MAX_NUMBER_CHARS = 100
#: How much of a value an error message quotes.
_QUOTE_CHARS = 60

_STR_TAG = "tag:yaml.org,2002:str"
_NULL = re.compile(r"(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)


class YamlProblem(ValueError):
    """Text that is not a usable YAML record, at a line and column (from 1)."""

    def __init__(self, line: int, column: int, problem: str, fix: str) -> None:
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
        super().__init__(f"{line}:{column}: {problem}. Fix: {fix}")


SYNTAX_FIX = "check indentation and quote text that contains ':' or '#'"


def quoted(text: str, limit: int = _QUOTE_CHARS) -> str:
    """At most ``limit`` characters of one line of the input, for an error message."""
    line = text.split("\n", 1)[0]
    return line if line == text and len(line) <= limit else line[:limit] + "…"


@dataclass(frozen=True)
class Position:
    """Where a node starts: line and column from 1."""

    line: int
    column: int


class PosMap(dict[Any, Any]):
    """A mapping that remembers where each key and each value starts."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Position] = {}
        self.value_pos: dict[Any, Position] = {}


class PosList(list[Any]):
    """A list that remembers where each item starts."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []


def _number(text: str, kind: str) -> int | float:
    cleaned = text.replace("_", "")
    if len(cleaned) > _MAX_NUMBER_CHARS:
        raise ValueError(f"the number {quoted(text)!r} is too long; quote it if it is text")
    if kind == "int":
        sign = -1 if cleaned.startswith("-") else 1
        digits = cleaned.lstrip("+-")
        if digits.startswith(("0b", "0o", "0x")):
            return sign * int(digits[2:], {"b": 2, "o": 8, "x": 16}[digits[1]])
        return sign * int(digits, 10)
    lowered = cleaned.lower()
    if lowered.endswith((".inf", ".nan")):
        return float(lowered.replace(".", ""))
    return float(cleaned)


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under YAML 1.2 core rules; dates and timestamps stay text."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] in "-+0123456789.":
        if _INT.match(text):
            return _number(text, "int")
        if _FLOAT.match(text):
            return _number(text, "float")
    return text


def _mark(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _refuse(mark: Any, problem: str, fix: str) -> YamlProblem:
    position = _mark(mark)
    return YamlProblem(position.line, position.column, problem, fix)


_COMPLEX_KEY = object()  # stands for a key that is a mapping or a list, refused once the text has parsed


class _Builder:
    """Builds the tree from libyaml's events, counting its size with aliases expanded.

    A problem with the meaning of the text (a duplicate key, a tag) is kept and raised only once all
    of it has parsed, because a syntax error anywhere comes first, as it does in ruamel.yaml.
    Problems of size (nesting, aliases) stop the reading at once: that is what bounds it.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[PosMap | PosList, list[Any], str | None, int]] = []  # node, key, anchor, size before
        self.anchors: dict[str, tuple[Any, Position, int]] = {}  # anchor → (value, where, size with aliases expanded)
        self.size = 0  # nodes so far, aliases expanded
        self.root: Any = None
        self.problem: YamlProblem | None = None

    def defer(self, problem: YamlProblem) -> None:
        if self.problem is None:
            self.problem = problem

    def grow(self, nodes: int, event: Any) -> None:
        self.size += nodes
        if self.size > MAX_NODES:
            what = "with its aliases expanded " if self.anchors else ""
            raise _refuse(event.start_mark, f"the record {what}holds more than {MAX_NODES:,} values",
                          "write a repeated value out instead of using aliases (*name), or split the journey")

    def check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag not in ("!", _STR_TAG):
            self.defer(_refuse(event.start_mark, f"the tag {quoted(tag)!r} is not allowed in records",
                               "remove it; quote a value to make it text"))

    def finish(self, value: Any, pos: Position, anchor: str | None, size: int) -> None:
        """Put a finished node into its parent: a list item, a mapping key, or the key's value."""
        if anchor is not None:
            self.anchors[anchor] = (value, pos, size)
        if not self.stack:
            self.root = value
            return
        parent, pending = self.stack[-1][0], self.stack[-1][1]
        if isinstance(parent, PosList):
            parent.append(value)
            parent.item_pos.append(pos)
        elif not pending:
            if isinstance(value, (dict, list)):
                self.defer(YamlProblem(pos.line, pos.column, "a key must be plain text, not a mapping or a list",
                                       "write the key as a word followed by ':'"))
                value = _COMPLEX_KEY
            pending.append((value, pos))
        else:
            key, key_pos = pending.pop()
            if key is _COMPLEX_KEY:
                return
            if key in parent:
                self.defer(_duplicate(parent, key, value, key_pos))
                return
            parent[key] = value
            parent.key_pos[key] = key_pos
            parent.value_pos[key] = pos

    def scalar(self, event: Any) -> None:
        self.grow(1, event)
        self.check_tag(event)
        value: Any = event.value
        if not event.style and event.tag is None:  # plain: typed; quoted, block or !!str: text as written
            try:
                value = plain_scalar(value)
            except ValueError as err:
                self.defer(_refuse(event.start_mark, str(err), "shorten it, or quote it"))
        self.finish(value, _mark(event.start_mark), event.anchor, 1)

    def alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise _refuse(event.start_mark, f"invalid YAML: found undefined alias {quoted(event.anchor)!r}",
                          "define the anchor (&name) on a complete value before the alias (*name) that repeats it")
        value, pos, size = self.anchors[event.anchor]
        self.grow(size, event)
        self.finish(value, pos, None, size)  # located where the value is written out, as ruamel.yaml does

    def start(self, event: Any, node: PosMap | PosList) -> None:
        self.check_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            raise _refuse(event.start_mark, f"the record nests deeper than {MAX_DEPTH} levels", _TOO_DEEP)
        self.grow(1, event)
        self.stack.append((node, [], event.anchor, self.size - 1))

    def end(self) -> None:
        node, _, anchor, size_before = self.stack.pop()
        self.finish(node, node.pos, anchor, self.size - size_before)


def _duplicate(mapping: PosMap, key: Any, value: Any, key_pos: Position) -> YamlProblem:
    def show(item: Any) -> str:
        return quoted(str(item)) if not isinstance(item, (dict, list)) else "…"

    return YamlProblem(
        key_pos.line, key_pos.column,
        f'invalid YAML: found duplicate key "{show(key)}" with value "{show(value)}" '
        f'(original value: "{show(mapping[key])}")',
        SYNTAX_FIX,
    )


def _build(text: str) -> Any:
    """The single document in ``text`` as PosMap/PosList/scalars; None for an empty document."""
    import yaml  # imported here: a command whose records all come from the cache parses none
    from yaml._yaml import CParser  # libyaml

    parser = CParser(text)
    builder = _Builder()
    documents = 0
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                builder.scalar(event)
            elif kind is yaml.MappingStartEvent:
                builder.start(event, PosMap(_mark(event.start_mark)))
            elif kind is yaml.SequenceStartEvent:
                builder.start(event, PosList(_mark(event.start_mark)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.end()
            elif kind is yaml.AliasEvent:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _refuse(event.start_mark, "invalid YAML: expected a single document in the stream",
                                  "a record is one document: remove the '---' line and what follows, "
                                  "or move it to its own file")
            elif kind is yaml.StreamEndEvent:
                if builder.problem is not None:
                    raise builder.problem
                return builder.root
    finally:
        parser.dispose()


def _ruamel_syntax_error(text: str, line: int) -> YamlProblem | None:
    """ruamel.yaml's words and position for a syntax error libyaml found at ``line`` (from 1)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    # ruamel.yaml is slow (and slower on long lines): it reads the lines up to the error and two
    # more, and nothing when those are long; libyaml's own words are used then
    head = "\n".join(text.split("\n", line + 2)[: line + 2])
    if len(head) > 256 * 1024:
        return None
    try:
        for _ in YAML(typ="rt").parse(head):
            pass
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if mark is None or mark.line + 1 > line + 2:
            return None
        problem = " ".join(str(err.problem or err.context or "invalid YAML").split())
        return YamlProblem(mark.line + 1, mark.column + 1, f"invalid YAML: {quoted(problem, 200)}", SYNTAX_FIX)
    except (YAMLError, RecursionError):  # an error ruamel.yaml finds first, without a position
        return None
    return None


_TOO_DEEP = "a record needs a few levels only: check the indentation and brackets"


def parse_tree(text: str) -> Any:
    """Parse record text; raise :class:`YamlProblem` with the line, column and fix on any problem."""
    import yaml

    try:
        return _build(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(err.problem or err.context or "invalid YAML").split())
        if "maximum nesting depth" in problem:  # libyaml's own limit, met while it scans ahead
            raise YamlProblem(line, column, f"the record nests deeper than {MAX_DEPTH} levels", _TOO_DEEP) from None
        located = _ruamel_syntax_error(text, line)
        if located is not None:
            raise located from None
        raise YamlProblem(line, column, f"invalid YAML: {quoted(problem, 200)}", SYNTAX_FIX) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, e.g. a control character
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        raise YamlProblem(line, column, f"invalid YAML: {quoted(err.reason, 200)} (character {err.character!r})",
                          "remove the character, or write it as an escape inside double quotes") from None
