"""JSON Schema for the data files, so editors check YAML as staff type it.

Owns ``scrdocs schema review|document|organisation|case-key``: the schema pydantic makes of
the models, with the one thing it cannot see added. In a bilingual workspace any free text
(the :data:`~scrdocs.model.Text` of the models) and any web address may be given as a map of
languages, ``{cy: …, en: …}`` (see :mod:`scrdocs.bilingual`); the schema says so for every
such field, and for none of those that stay the same in every language (:data:`NOT_TRANSLATED`).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import AfterValidator, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .kinds import KINDS
from .model import LANGUAGE_CODE, Organisation, Review, Text, Url

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SUBJECTS = ("review", "document", "organisation", "case-key")

LANGUAGE_KEY = "^" + LANGUAGE_CODE.replace("(?:", "(") + "$"
"""A language code as a key of a map of languages: 'cy', 'en', 'en-GB'."""

TEXT_IN_LANGUAGES = "or the text in each language: {cy: …, en: …}"
URL_IN_LANGUAGES = "or the address in each language: {cy: …, en: …}"

NOT_TRANSLATED = frozenset({"id", "review", "reviews", "committee_report", "number", "quorum",
                            "language"})
"""Text fields whose value is the same in every language, which the loader refuses as a map of
languages: the id of a review or the name of a document it refers to, an item's number, a
quorum, a language code (and a document's ``minutes`` when it names a minutes document)."""


def json_schema(subject: str) -> dict[str, Any]:
    """Return the JSON Schema of ``subject``: 'review', 'document', 'organisation' or
    'case-key'.

    >>> json_schema("review")["title"]
    'Review'
    """
    generator = _InLanguages
    if subject == "review":
        schema = Review.model_json_schema(schema_generator=generator)
    elif subject == "organisation":
        schema = Organisation.model_json_schema(schema_generator=generator)
    elif subject == "case-key":
        from .guard import CaseKey

        schema = CaseKey.model_json_schema()
    elif subject == "document":
        union = TypeAdapter(_document_union())
        schema = union.json_schema(schema_generator=generator)
        schema["title"] = "Document"
    else:
        raise ValueError(f"unknown schema '{subject}'; choose one of {', '.join(SUBJECTS)}")
    if subject != "case-key":
        schema = _same_in_every_language(schema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def _document_union() -> Any:
    from typing import Annotated, Union

    from pydantic import Field

    members = tuple(kind.model for kind in KINDS.values())
    union = Union[members]  # type: ignore[valid-type]  # noqa: UP007 - made at run time
    return Annotated[union, Field(discriminator="kind")]  # type: ignore[valid-type]


# --- text in several languages ----------------------------------------------------------------

def _check_of(annotated: Any) -> Any:
    """Return the function that checks the values of the annotated type ``annotated``."""
    return next(part.func for part in get_args(annotated) if isinstance(part, AfterValidator))


_IN_LANGUAGES = {_check_of(Text): TEXT_IN_LANGUAGES, _check_of(Url): URL_IN_LANGUAGES}
"""The checks of the types that may be given in each language, and what the schema says of
their maps."""


def in_languages(schema: JsonSchemaValue, description: str = TEXT_IN_LANGUAGES
                 ) -> JsonSchemaValue:
    """Return ``schema`` (a text's) with the map of languages allowed beside it: the same
    value in each language, ``{cy: …, en: …}``."""
    return {"anyOf": [schema, {"type": "object",
                               "patternProperties": {LANGUAGE_KEY: dict(schema)},
                               "additionalProperties": False, "minProperties": 1,
                               "description": description}]}


def is_map_of_languages(schema: Any) -> bool:
    """Return whether ``schema`` is the map of languages :func:`in_languages` allows."""
    return isinstance(schema, dict) and schema.get("type") == "object" \
        and list(schema.get("patternProperties", {})) == [LANGUAGE_KEY]


class _InLanguages(GenerateJsonSchema):
    """pydantic's schema generator, allowing each free text and address as a map of
    languages."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema
                              ) -> JsonSchemaValue:
        inner = super().function_after_schema(schema)
        description = _IN_LANGUAGES.get(schema["function"]["function"])
        return in_languages(inner, description) if description else inner


def _same_in_every_language(schema: Any, key: str | None = None) -> Any:
    """Return ``schema`` with nested alternatives made one list (``Text | None``), and with
    no map of languages for the fields of :data:`NOT_TRANSLATED` and the fields naming a
    minutes document (``minutes`` in a resolution list or agenda)."""
    if isinstance(schema, list):
        return [_same_in_every_language(item, key) for item in schema]
    if not isinstance(schema, dict):
        return schema
    plain = key in NOT_TRANSLATED or (key == "minutes" and "minutes document" in
                                      str(schema.get("description", "")))
    found: dict[str, Any] = {}
    for name, value in schema.items():
        if name in ("properties", "$defs", "patternProperties"):
            found[name] = {field: _same_in_every_language(spec, field if name == "properties"
                                                          else None)
                           for field, spec in value.items()}
        elif name in ("items", "anyOf", "oneOf", "allOf", "prefixItems"):
            found[name] = _same_in_every_language(value, key if plain else None)
        else:
            found[name] = value
    return _one_list(found, plain)


def _one_list(schema: dict[str, Any], plain: bool) -> dict[str, Any]:
    """Return ``schema`` with the options of an option that is only a list of options (as
    pydantic writes ``Text | None``) taken into its own ``anyOf``, and without the map of
    languages when ``plain``."""
    if "anyOf" not in schema:
        return schema
    options: list[Any] = []
    for option in schema["anyOf"]:
        nested = isinstance(option, dict) and set(option) == {"anyOf"}
        options.extend(option["anyOf"] if nested else [option])
    if plain:
        options = [option for option in options if not is_map_of_languages(option)]
    if len(options) == 1 and isinstance(options[0], dict):
        rest = {name: value for name, value in schema.items() if name != "anyOf"}
        return {**options[0], **rest}
    return {**schema, "anyOf": options}
