"""Turn what pydantic reports into problems a business manager can act on.

Takes a model class and ``Located`` data from one file; produces validated models or a list
of :class:`~scrdocs.errors.Problem` with file, line, field path and a plain-words message
(did-you-mean for misspelt fields, the allowed values for enumerations).
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ._yaml import COLON_IN_TEXT, Located, dotted, quoted
from .errors import Problem, closest
from .model import describe_value

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a set of fields",
    "model_attributes_type": "a set of fields",
    "dict_type": "a set of fields",
    "bool_type": "yes/no (true or false)",
    "int_type": "a whole number",
}


def validate(model: type[M], located: Located) -> tuple[M | None, list[Problem]]:
    """Return the model built from ``located`` and the problems found (all of them)."""
    try:
        return model.__pydantic_validator__.validate_python(located.data), []
    except ValidationError as exc:
        return None, problems(model, exc, located)


def problems(model: type[BaseModel], exc: ValidationError,
             located: Located | None = None) -> list[Problem]:
    """Return pydantic's errors in validating ``model`` as problems in plain words.

    :param located: the data validated, with its file and lines when read from one; data
        built in code gives problems with field paths and no file.
    """
    where = located or Located(None, None)
    return [_problem(model, where, error) for error in _useful(exc.errors())]


def _useful(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop the echoes of union members, keeping the most telling error per field."""
    by_place: dict[tuple[Any, ...], ErrorDetails] = {}
    for error in _meant_member(errors):
        loc = tuple(part for part in error["loc"] if not _is_union_tag(part))
        if loc not in by_place or error["type"] in ("string_type", "empty", "missing"):
            by_place[loc] = {**error, "loc": loc}
    return list(by_place.values())


def _meant_member(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Keep, where a field may be text or a set of fields (``present: [name, or {name,
    role}]``), only the errors of the form the data was written in: a set of fields is
    judged as one, anything else as text."""
    errors = [{**error, "loc": tuple(part for part in error["loc"] if not _is_union_tag(part))}
              for error in errors]
    shapes = {tuple(error["loc"]): isinstance(error.get("input"), (dict, list))
              for error in errors if _member_of(error) is None}
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        at = _member_of(error)
        if at is None:
            member_errors = any(_member_of(other) == len(loc)
                                and tuple(other["loc"][:len(loc)]) == loc for other in errors)
            if not (member_errors and shapes.get(loc)):
                kept.append(error)
        elif shapes.get(loc[:at], True):
            kept.append({**error, "loc": loc[:at] + loc[at + 1:]})
    return kept


def _member_of(error: ErrorDetails) -> int | None:
    """Return where a union member's name sits in an error's field path, or None; the last
    part of an unknown field's path is the key the user wrote ('Version'), never a
    member's name, whatever its case."""
    loc = error["loc"]
    return _member_at(loc[:-1] if error["type"] == "extra_forbidden" else loc)


def _member_at(loc: Any) -> int | None:
    """Return where a union member's name (``Member``, ``list[Declaration]``) sits in an
    error's field path, or None: field names are never capitalised or bracketed."""
    for index, part in enumerate(loc):
        if isinstance(part, str) and (part[:1].isupper() or part.startswith("list[")):
            return index
    return None


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and (part.startswith(("function-", "constrained-"))
                                      or part in ("str", "int", "lax-or-strict[lax=union["))


def _problem(model: type[BaseModel], located: Located, error: ErrorDetails) -> Problem:
    loc = tuple(error["loc"])
    line = located.line_of(loc)
    return Problem(located.file, line, dotted(loc), _message(model, located, error))


def _message(model: type[BaseModel], located: Located, error: ErrorDetails) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc)
    if kind in ("enum", "literal_error"):
        allowed = _allowed_values(model, loc)
        return f"'{value}' is not allowed; use one of: {', '.join(allowed)}"
    if kind in _EXPECTED and value is None:
        return f"is empty; write {_EXPECTED[kind]} after the colon, or remove the line"
    if kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}, got {describe_value(value)}"
        raw = located.raw.get(loc)
        if kind == "string_type" and raw is not None and not isinstance(value, (list, dict)):
            message += f" (put it in quotes to keep it as text: \"{raw}\")"
        if kind == "string_type" and isinstance(value, dict):
            message += _colon_in_text(loc, value, located)
        return message
    if kind == "too_short" and isinstance(value, list):
        return "must list at least one entry"
    if kind == "string_too_short":
        return "must not be empty"
    return str(error["msg"]).removeprefix("Value error, ")


def _colon_in_text(loc: tuple[Any, ...], value: dict[str, Any], located: Located) -> str:
    """Return the advice for text that YAML read as a field and its value because it holds
    ``: `` (``- Language matters: say…``), with the line corrected; '' for other fields."""
    if len(value) != 1:
        return ""
    ((key, inner),) = value.items()
    if isinstance(inner, (dict, list)):
        return ""
    rest = located.raw.get((*loc, key), "" if inner is None else str(inner))
    text = f"{key}: {rest}" if rest else f"{key}:"
    if "\n" in text or not loc:
        return f" ({COLON_IN_TEXT})"
    start = "- " if isinstance(loc[-1], int) else f"{loc[-1]}: "
    return f" ({COLON_IN_TEXT}: {start}{quoted(text)})"


def _unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = _model_at(model, loc[:-1])
    known = list(owner.model_fields) if owner else []
    name = str(loc[-1])
    guess = closest(name, known)
    if guess:
        return f"unknown field '{name}'; did you mean '{guess}'?"
    return f"unknown field '{name}'; the fields here are: {', '.join(known)}"


def _allowed_values(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    annotation = _annotation_at(model, loc)
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return [str(member.value) for member in candidate]
        if typing.get_origin(candidate) is typing.Literal:
            return [str(arg) for arg in typing.get_args(candidate)]
    return []


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    for candidate in _flatten(_annotation_at(model, loc)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _annotation_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
    return annotation


def _step(annotation: Any, part: Any) -> Any:
    for candidate in _flatten(annotation):
        if isinstance(part, int) and typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
        if (isinstance(part, str) and isinstance(candidate, type)
                and issubclass(candidate, BaseModel) and part in candidate.model_fields):
            return candidate.model_fields[part].annotation
    return None


def _flatten(annotation: Any) -> list[Any]:
    """Return the members of a union (or the annotation alone), unwrapping Annotated."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _flatten(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    if args and typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [member for arg in args for member in _flatten(arg)]
    return [annotation]
