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


def position(mark: Any) -> Position:
    """The :class:`Position` of a libyaml mark (lines and columns from 0).

    The tree keeps libyaml's marks as they come and turns one into a position only when an error
    asks where a value is: a record has hundreds of values, an error message names one.
    """
    return Position(mark.line + 1, mark.column + 1)


class PosMap(dict[Any, Any]):
    """A mapping that remembers where each key and each value starts (libyaml marks: :func:`position`)."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Any) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Any] = {}
        self.value_pos: dict[Any, Any] = {}


class PosList(list[Any]):
    """A list that remembers where each item starts (libyaml marks: :func:`position`)."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Any) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Any] = []


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


#: First characters after which an unquoted scalar can only be text (most of a record's values).
_TEXT_ONLY_START = frozenset(
    "abcdeghijklmopqrsuvwxyzABCDEGHIJKLMOPQRSUVWXYZ"  # not n/N (null), t/T (true), f/F (false)
    "\"(),/:;<=>?@[]^_`{|}!\"#$%&'*"
) | frozenset(chr(c) for c in range(0x80, 0x250))


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under YAML 1.2 core rules; dates and timestamps stay text."""
    if text and text[0] in _TEXT_ONLY_START:
        return text
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


def _refuse(mark: Any, problem: str, fix: str) -> YamlProblem:
    where = position(mark)
    return YamlProblem(where.line, where.column, problem, fix)


_COMPLEX_KEY = object()  # stands for a key that is a mapping or a list, refused once the text has parsed


def _too_big(mark: Any, aliased: bool) -> YamlProblem:
    what = "with its aliases expanded " if aliased else ""
    return _refuse(mark, f"the record {what}holds more than {MAX_NODES:,} values",
                   "write a repeated value out instead of using aliases (*name), or split the journey")


def _bad_tag(mark: Any, tag: str) -> YamlProblem:
    return _refuse(mark, f"the tag {quoted(tag)!r} is not allowed in records", "remove it; quote a value to make it text")


def _duplicate(mapping: PosMap, key: Any, value: Any, key_mark: Any) -> YamlProblem:
    def show(item: Any) -> str:
        return quoted(str(item)) if not isinstance(item, (dict, list)) else "…"

    return _refuse(
        key_mark,
        f'invalid YAML: found duplicate key "{show(key)}" with value "{show(value)}" '
        f'(original value: "{show(mapping[key])}")',
        SYNTAX_FIX,
    )


def _build(text: str) -> Any:
    """The single document in ``text`` as PosMap/PosList/scalars; None for an empty document.

    libyaml's events are turned into the tree in one loop with an explicit stack, so nesting depth
    is checked (never a RecursionError or a C stack overflow) and the cost is linear in the size of
    the text. The size of the document as its readers will walk it (aliases expanded) is counted as
    it is built. A problem with the meaning of the text (a duplicate key, a tag) is kept and raised
    only once all of it has parsed, because a syntax error anywhere comes first, as it does in
    ruamel.yaml; problems of size (nesting, aliases) stop the reading at once: that is what bounds it.
    The steps of a value are written out in the loop rather than called: a record has hundreds of
    values and a call per step was most of the time of reading one.
    """
    import yaml  # imported here: a command whose records all come from the cache parses none
    from yaml._yaml import CParser  # libyaml

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    text_only, typed = _TEXT_ONLY_START, plain_scalar

    parser = CParser(text)
    get_event = parser.get_event
    # open mappings and lists: (node, key waiting for its value or None, anchor, size before)
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, Any, int]] = {}  # anchor → (value, mark, size with aliases expanded)
    size = 0  # values so far, aliases expanded
    root: Any = None
    problem: YamlProblem | None = None
    documents = 0
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind is scalar_event:
                size += 1
                if size > MAX_NODES:
                    raise _too_big(event.start_mark, bool(anchors))
                value: Any = event.value
                tag = event.tag
                if tag is not None:
                    if tag != "!" and tag != _STR_TAG and problem is None:
                        problem = _bad_tag(event.start_mark, tag)
                elif not event.style and value:  # plain: typed; quoted, block or !!str: text as written
                    if value[0] not in text_only:
                        try:
                            value = typed(value)
                        except ValueError as err:
                            if problem is None:
                                problem = _refuse(event.start_mark, str(err), "shorten it, or quote it")
                elif not event.style:
                    value = None
                mark, anchor, node_size = event.start_mark, event.anchor, 1
            elif kind is map_start or kind is seq_start:
                tag = event.tag
                if tag is not None and tag != "!" and tag != _STR_TAG and problem is None:
                    problem = _bad_tag(event.start_mark, tag)
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(event.start_mark, f"the record nests deeper than {MAX_DEPTH} levels", _TOO_DEEP)
                size += 1
                if size > MAX_NODES:
                    raise _too_big(event.start_mark, bool(anchors))
                node: PosMap | PosList = PosMap(event.start_mark) if kind is map_start else PosList(event.start_mark)
                stack.append([node, None, event.anchor, size - 1])
                continue
            elif kind in ends:
                value, _, anchor, size_before = stack.pop()
                mark, node_size = value.pos, size - size_before
            elif kind is alias_event:
                if event.anchor not in anchors:
                    raise _refuse(event.start_mark, f"invalid YAML: found undefined alias {quoted(event.anchor)!r}",
                                  "define the anchor (&name) on a complete value before the alias (*name) that repeats it")
                value, mark, node_size = anchors[event.anchor]  # located where the value is written out, as ruamel.yaml does
                size += node_size
                if size > MAX_NODES:
                    raise _too_big(event.start_mark, True)
                anchor = None
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _refuse(event.start_mark, "invalid YAML: expected a single document in the stream",
                                  "a record is one document: remove the '---' line and what follows, "
                                  "or move it to its own file")
                continue
            elif kind is stream_end:
                if problem is not None:
                    raise problem
                return root
            else:
                continue
            # a finished value goes into its parent: a list item, a mapping key, or the key's value
            if anchor is not None:
                anchors[anchor] = (value, mark, node_size)
            if not stack:
                root = value
                continue
            top = stack[-1]
            parent = top[0]
            if type(parent) is PosList:
                parent.append(value)
                parent.item_pos.append(mark)
            elif top[1] is None:
                if isinstance(value, (dict, list)):
                    if problem is None:
                        problem = _refuse(mark, "a key must be plain text, not a mapping or a list",
                                          "write the key as a word followed by ':'")
                    value = _COMPLEX_KEY
                top[1] = (value, mark)
            else:
                key, key_mark = top[1]
                top[1] = None
                if key is _COMPLEX_KEY:
                    continue
                if key in parent:
                    if problem is None:
                        problem = _duplicate(parent, key, value, key_mark)
                    continue
                parent[key] = value
                parent.key_pos[key] = key_mark
                parent.value_pos[key] = mark
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
