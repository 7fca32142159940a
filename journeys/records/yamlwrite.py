"""Record YAML that every YAML reader reads the same: text that YAML 1.1 would type is quoted.

journeys reads records by YAML 1.2 core rules with no dates (:mod:`.yamltree`), but many readers a
user reaches for (PyYAML's ``yaml.safe_load``, older GIS and notebook tools) follow YAML 1.1, where
an unquoted ``2025-09-02`` is a date, ``yes``, ``no``, ``on`` and ``off`` are booleans, ``1:30`` is
the sexagesimal number 90, and ``1e3`` is text. A record's times, dates and names must reach such a
reader as the text written, so the writer quotes every string that either rule set would read as
anything but that string. Numbers and booleans are written as YAML 1.2 writes them, which 1.1 reads
the same for the values a record holds (decimal ints and floats with a dot).

:func:`quote_ambiguous` marks the strings in data about to be dumped by ruamel.yaml;
:func:`yaml11_safe` rewrites existing record text in place, keeping its comments and key order.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import yaml

from journeys.records.yamltree import plain_scalar

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
#: booleans to the YAML 1.1 type repository that PyYAML leaves as text, but other 1.1 readers do not
_SHORT_BOOLS = frozenset({"y", "Y", "n", "N"})


def ambiguous(text: str) -> bool:
    """True if an unquoted ``text`` would not be read back as this string by YAML 1.1 or by journeys."""
    if not text:
        return False  # ruamel.yaml quotes an empty string itself
    if text in _SHORT_BOOLS:
        return True
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag != _STR or not isinstance(plain_scalar(text), str)


def quote_ambiguous(data: Any) -> Any:
    """``data`` with each ambiguous string (key or value) marked to be written in quotes.

    Mappings and lists are changed in place (so ruamel.yaml's comments stay attached) and returned.
    A date or date-time that ruamel.yaml typed on reading goes back as the quoted text it was.
    """
    from ruamel.yaml.scalarstring import ScalarString, SingleQuotedScalarString

    def fix(value: Any) -> Any:
        if isinstance(value, dt.date):  # dt.datetime is a date too
            value = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
        if isinstance(value, str) and not isinstance(value, ScalarString) and ambiguous(value):
            return SingleQuotedScalarString(value)
        return quote_ambiguous(value)

    if isinstance(data, dict):
        for key in list(data):
            data[key] = fix(data[key])
        if any(isinstance(key, str) and not isinstance(key, ScalarString) and ambiguous(key) for key in data):
            items = list(data.items())  # keys are replaced in order (a record's own keys never need it)
            data.clear()
            data.update((fix(key), value) for key, value in items)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            data[index] = fix(value)
    return data


def dump(data: Any, indent: tuple[int, int] | None = None) -> str:
    """Record data (plain or as ruamel.yaml read it) as YAML text, ambiguous strings quoted, long lines kept whole.

    ``indent`` is (sequence indent, dash offset) to keep a file's own layout; ruamel.yaml's default otherwise.
    """
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.width = 4096  # long URLs and quotes stay on one line
    if indent is not None:
        writer.indent(mapping=2, sequence=indent[0], offset=indent[1])
    buffer = io.StringIO()
    writer.dump(quote_ambiguous(data), buffer)
    return buffer.getvalue()


def yaml11_safe(text: str) -> str:
    """Record text with its ambiguous strings quoted; comments, order and every other scalar as they were."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, sequence, offset = load_yaml_guess_indent(text)
    reader = YAML(typ="rt")
    reader.preserve_quotes = True  # a string quoted by its author keeps its quotes
    return dump(reader.load(text), (sequence or 2, offset or 0))
