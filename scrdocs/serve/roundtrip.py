"""Write form data back into a YAML file the way the person who wrote it would.

Takes the text of a data file and the values a form posted; produces the new text, made
through ruamel's round trip: comments, key order, quoting and block style of every field the
form did not change stay as they were, a changed text keeps its style where it can (a
``|`` block stays a block), and a field the form does not know (a misspelt one, say) is
left alone for the validator to report. JSON files are written back as JSON.

The form's convention: a field posted as ``None`` is emptied (its line removed, unless it
was already ``null`` in the file), a field not posted is not touched.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEY_LINE = re.compile(r"^( *)(?:- +)?[^\s#-][^:#]*:\s*(?:#.*)?$")


class YamlSyntaxError(ValueError):
    """The text is not YAML the round trip can read; the message says where."""


def yaml_for(text: str = "") -> YAML:
    """Return a round-trip YAML reader and writer set to the indentation ``text`` uses."""
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long line someone wrote on one line
    mapping, offset = guess_indent(text)
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    yaml.representer.add_representer(type(None), _represent_null)
    return yaml


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def guess_indent(text: str) -> tuple[int, int]:
    """Return how ``text`` indents a mapping under its key, and how far in a list's ``- ``
    sits under its key (2 and 2 when the text does not show it)."""
    mapping = offset = None
    lines = [line for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    for above, line in itertools.pairwise(lines):
        match = _KEY_LINE.match(above)
        if not match:
            continue
        start = len(above) - len(above.lstrip(" -")) if above.lstrip().startswith("- ") \
            else len(match.group(1))
        indent = len(line) - len(line.lstrip(" "))
        if indent < start:
            continue
        if line.lstrip().startswith("- ") and offset is None:
            offset = indent - start
        elif not line.lstrip().startswith("- ") and mapping is None and indent > start:
            mapping = indent - start
        if mapping is not None and offset is not None:
            break
    return mapping or 2, 2 if offset is None else offset


def load(text: str) -> Any:
    """Return the round-trip tree of ``text`` (an empty mapping for an empty file).

    :raises YamlSyntaxError: the text is not valid YAML.
    """
    try:
        tree = yaml_for(text).load(text)
    except (YAMLError, ValueError, RecursionError) as exc:
        raise YamlSyntaxError(" ".join(str(exc).split())) from None
    return CommentedMap() if tree is None else tree


def plain(node: Any) -> Any:
    """Return the round-trip tree ``node`` as plain data, as scrdocs reads it: dates stay
    text (``2025-03-12``), styled strings become ``str``."""
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, ScalarString):
        return str(node)
    if isinstance(node, dt.datetime):
        return node.isoformat(sep=" ")
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def merge(old: Any, new: Any) -> Any:
    """Return ``new`` written over the round-trip node ``old``, keeping what did not change.

    A mapping keeps its keys, comments and order; a posted ``None`` removes a key, a key
    not posted is kept; a new key goes where the form lists it. A list is merged item by
    item. A scalar that did not change is kept as written (its quotes, its ``|``).
    """
    if isinstance(new, dict) and isinstance(old, CommentedMap):
        return _merge_mapping(old, new)
    if isinstance(new, list) and isinstance(old, CommentedSeq):
        return _merge_list(old, new)
    if plain(old) == new and type(plain(old)) is type(new):
        return old
    return fresh(new, old)


def _merge_mapping(old: CommentedMap, new: dict[str, Any]) -> CommentedMap:
    rank = {key: index for index, key in enumerate(new)}
    last_kept = max((rank[key] for key in old if key in rank), default=-1)
    for key, value in new.items():
        if key in old:
            if value is None and isinstance(old[key], CommentedMap):
                _empty_mapping(old, key)
            elif value is None and isinstance(old[key], CommentedSeq) and not old[key]:
                continue  # an empty list posts as no list: the file's `[]` stays
            elif value is None and old[key] is not None:
                del old[key]
            elif value is not None or old[key] is not None:
                old[key] = merge(old[key], value)
        elif value is not None and rank[key] > last_kept and not old.merge:
            old[key] = fresh(value)  # after every key the file had: at the end
        elif value is not None:
            old.insert(_position(old, rank, key), key, fresh(value))
    if old.fa.flow_style() and any(isinstance(value, str) and "\n" in value
                                   for value in old.values()):
        old.fa.set_block_style()  # a text of several lines is written as a | block
    return old


def _empty_mapping(parent: CommentedMap, key: str) -> None:
    """Empty the group ``parent[key]`` the form posted as ``None`` (all its fields empty):
    each field that held a value goes, each written as ``null`` stays (``minute: null``
    drops a label, which is not the same as leaving the field out), and the group goes
    when nothing is left in it."""
    group = parent[key]
    _merge_mapping(group, {name: None for name in group})
    if not group:
        del parent[key]


def _position(old: CommentedMap, rank: dict[str, int], key: str) -> int:
    """Return where ``key`` goes among ``old``'s keys: before the first key the form lists
    after it (``rank``: each posted key's place in the form), else at the end."""
    place = rank[key]
    for position, existing in enumerate(old):
        if rank.get(existing, -1) > place:
            return position
    return len(old)


def _merge_list(old: CommentedSeq, new: list[Any]) -> CommentedSeq:
    for index, value in enumerate(new):
        if index < len(old):
            old[index] = merge(old[index], value)
        else:
            old.append(fresh(value))
    while len(old) > len(new):
        del old[len(old) - 1]
    return old


def fresh(value: Any, like: Any = None) -> Any:
    """Return ``value`` as a round-trip node; a text keeps the style of ``like``, the value
    it replaces (a ``|`` block stays one), and a text of several lines becomes a block."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            if item is not None:
                mapping[key] = fresh(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(fresh(item) for item in value)
    if isinstance(value, str):
        return _text(value, like)
    return value


def _text(value: str, like: Any) -> Any:
    block = isinstance(like, (LiteralScalarString, FoldedScalarString))
    if block or "\n" in value:
        return LiteralScalarString(value)
    if isinstance(like, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        return type(like)(value)
    if _FULL_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)  # written plain, as people write dates
        except ValueError:
            return value
    return value


def dump(tree: Any, text: str) -> str:
    """Return ``tree`` written as YAML indented the way ``text`` (the file it came from)
    is."""
    stream = io.StringIO()
    yaml_for(text).dump(tree, stream)
    return stream.getvalue()


def updated(text: str, data: dict[str, Any], json_file: bool = False) -> str:
    """Return ``text`` (a YAML or JSON file) with the form's ``data`` written over it.

    :raises YamlSyntaxError: ``text`` is not valid YAML (it is then written afresh from
        ``data`` by the caller, who knows the file is broken).
    """
    if json_file:
        current = json.loads(text) if text.strip() else {}
        merged = plain(merge(_commented(current), data))
        return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
    tree = merge(load(text), data)
    return dump(tree, text)


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((key, _commented(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(item) for item in value)
    return value


def written_afresh(data: dict[str, Any]) -> str:
    """Return ``data`` as a new YAML file (for a file whose old text cannot be read)."""
    return dump(fresh(data), "")
