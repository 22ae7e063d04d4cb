"""Read YAML and JSON files into plain Python data, remembering the line of every field.

Takes a file's bytes and produces ``Located`` data: dicts, lists, strings, numbers, booleans
and ``None``, plus a table from field path to 1-based line. Scalars follow YAML 1.2: ``NO``,
``yes`` and ``on`` stay text, dates stay text (``2021-13`` is the model's to judge), and
``0123`` is the number 123 written with a leading zero, which the model reports when text was
meant. JSON is read by the same parser, since JSON is YAML 1.2.

Two mappings make text from other tools mean what it meant there: CR LF and CR line breaks
inside a string become LF, and a UTF-16 surrogate pair written as two JSON escapes
(``"\\ud83d\\ude00"``) becomes the one character it encodes. Any other control character,
a lone surrogate or U+FFFE is left for :data:`scrdocs.model.Text` to refuse by name.

Aliases (``*name``) are expanded as copies of their anchors, up to :data:`ALIAS_VALUES` values
and :data:`ALIAS_TEXT` characters built through them in one file: far more than any real
workspace repeats, and far less than a "billion laughs" file of a few hundred bytes asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import DataError, Problem

FieldPath = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"),
                   ".nan": float("nan")}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True,
          "false": False, "False": False, "FALSE": False}

ALIAS_VALUES = 100_000
"""The most values (fields, list items, texts) one file may build through aliases."""

ALIAS_TEXT = 10_000_000
"""The most characters of text one file may repeat through aliases."""


@dataclass
class Located:
    """Data read from one file, with the line each field path starts on."""

    file: Path | None
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    raw: dict[FieldPath, str] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """Return the line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def read_file(path: Path) -> Located:
    """Read ``path`` (YAML or JSON) and return its data with line numbers.

    :raises DataError: the file cannot be read, is not UTF-8, or is not well-formed.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"cannot read the file: {exc.strerror}")]) from None
    return parse(raw, path)


def parse(raw: bytes | str, path: Path | None = None) -> Located:
    """Parse YAML or JSON text (bytes are decoded as UTF-8, a BOM is allowed)."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    text = text.removeprefix("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise DataError([Problem(path, line, "", f"the file holds the invisible control "
                                 f"character U+{ord(bad.group()):04X}; remove it")])
    try:
        root = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, path, text)]) from None
    except (YAMLError, RecursionError) as exc:
        message = "nested too deeply" if isinstance(exc, RecursionError) else \
            str(exc).splitlines()[0]
        raise DataError([Problem(path, None, "", f"not valid YAML: {message}")]) from None
    located = Located(path, None)
    problems: list[Problem] = []
    try:
        located.data = _build(root, (), located, problems, _Expansion()) \
            if root is not None else None
    except RecursionError:
        raise DataError([Problem(path, None, "", "not valid YAML: nested too deeply, or an "
                                 "alias (*name) refers to itself")]) from None
    if problems:
        raise DataError(problems)
    return located


def _decode(raw: bytes, path: Path | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(
            path, line, "",
            "the file is not UTF-8 text (it looks like Latin-1 or Windows-1252); "
            "save it again with UTF-8 encoding",
        )]) from None


def _syntax_problem(exc: MarkedYAMLError, path: Path | None, text: str = "") -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = (exc.problem or "not valid YAML").strip()
    hint = ""
    if "\t" in problem or "\\t" in problem or "tab" in problem:
        hint = " (YAML indents with spaces, not tabs)"
    elif "special characters are not allowed" in problem:
        hint = " (the file holds a control character; remove it or save the file again as text)"
    elif "mapping values are not allowed" in problem and mark is not None:
        lines = text.splitlines()
        hint = _colon_hint(lines[mark.line] if mark.line < len(lines) else "", mark.column)
    return Problem(path, line, "", f"not valid YAML: {problem}{hint}")


COLON_IN_TEXT = "a ': ' inside text makes YAML read a field name; put the text in quotes"
"""The advice for text holding ``: ``, which YAML takes for a field and its value."""

_LINE_START = re.compile(r"(\s*(?:-\s+)?)(?:([a-z_][a-z0-9_]*):\s+)?")


def _colon_hint(line: str, column: int) -> str:
    """Return the advice for a ``: `` at ``column`` of ``line`` that YAML refused, with the
    line corrected when the text it belongs to starts on that line."""
    start = _LINE_START.match(line)
    assert start is not None
    if column <= start.end() or not line[start.end():].strip():
        return f" ({COLON_IN_TEXT})"
    corrected = line[:start.end()] + quoted(line[start.end():].rstrip())
    return f" ({COLON_IN_TEXT}: {corrected.strip()})"


def quoted(text: str) -> str:
    """Return ``text`` as a quoted YAML scalar that reads back as ``text``."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


class _Expansion:
    """How much of one file has been built through aliases: an alias is the very node of its
    anchor, so a node met again is a copy made through an alias."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.values = 0
        self.text = 0
        self.origin: FieldPath | None = None
        """The path of the outermost alias being expanded, where an error points."""

    def count(self, node: Node, path: FieldPath, located: Located) -> bool:
        """Count ``node`` if it is built again; return whether an expansion starts here.

        :raises DataError: the file builds more through aliases than the limits allow.
        """
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return False
        starts = self.origin is None
        if starts:
            self.origin = path
        self.values += 1
        if isinstance(node, ScalarNode):
            self.text += len(node.value)
        if self.values > ALIAS_VALUES or self.text > ALIAS_TEXT:
            amount = f"{ALIAS_VALUES:,} values" if self.values > ALIAS_VALUES else \
                f"{ALIAS_TEXT:,} characters of text"
            raise DataError([Problem(
                located.file, _key_line(located, self.origin or path), "",
                f"too many repeated references (YAML aliases): the *aliases in this file "
                f"would expand to more than {amount}; write the repeated parts out, or "
                "repeat them less")])
        return starts


def _key_line(located: Located, path: FieldPath) -> int | None:
    """Return the line of the nearest field name on ``path`` (an alias's own line is not
    kept, and a list item read through an alias has its anchor's)."""
    for end in range(len(path), 0, -1):
        if isinstance(path[end - 1], str):
            return located.lines.get(path[:end])
    return located.lines.get(path[:1])


def _build(node: Node, path: FieldPath, located: Located,
           problems: list[Problem], expansion: _Expansion) -> Any:
    starts = expansion.count(node, path, located)
    try:
        return _build_node(node, path, located, problems, expansion)
    finally:
        if starts:
            expansion.origin = None


def _build_node(node: Node, path: FieldPath, located: Located,
                problems: list[Problem], expansion: _Expansion) -> Any:
    located.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        return _build_mapping(node, path, located, problems, expansion)
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), located, problems, expansion)
                for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    node.value = join_surrogates(unix_line_breaks(node.value))
    located.raw[path] = node.value
    return _scalar(node)


def _build_mapping(node: MappingNode, path: FieldPath, located: Located,
                   problems: list[Problem], expansion: _Expansion) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(located.file, key_node.start_mark.line + 1,
                                    dotted(path), "a field name must be plain text"))
            continue
        key = join_surrogates(str(key_node.value))
        if key in result:
            problems.append(Problem(located.file, key_node.start_mark.line + 1,
                                    dotted((*path, key)),
                                    f"'{key}' is given twice; keep one"))
            continue
        located.lines[(*path, key)] = key_node.start_mark.line + 1
        result[key] = _build(value_node, (*path, key), located, problems, expansion)
    return result


def _scalar(node: ScalarNode) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema; quoted scalars are always text."""
    value: str = node.value
    if node.style is not None:
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value):
        return float(value)
    if value.lower() in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[value.lower()]
    return value


_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def unix_line_breaks(text: str) -> str:
    """Return ``text`` with Windows (CR LF) and old Mac (CR) line breaks written as LF, as
    JSON from other tools carries them inside strings: a blank line stays a paragraph break."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def join_surrogates(text: str) -> str:
    """Return ``text`` with each UTF-16 surrogate pair (``"\\ud83d\\ude00"``, as JSON writers
    escape an emoji) joined into the one character it encodes; a lone half stays, for the
    model to refuse."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return _SURROGATE_PAIR.sub(
        lambda pair: pair.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"),
        text)


def dotted(path: FieldPath) -> str:
    """Return a field path as people write it: ``actions.2.status``."""
    return ".".join(str(part) for part in path)
