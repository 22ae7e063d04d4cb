"""JSON Schema for the data files, so editors check YAML as staff type it."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from .kinds import KINDS
from .model import Organisation, Review

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SUBJECTS = ("review", "document", "organisation", "case-key")


def json_schema(subject: str) -> dict[str, Any]:
    """Return the JSON Schema of ``subject``: 'review', 'document', 'organisation' or
    'case-key'.

    >>> json_schema("review")["title"]
    'Review'
    """
    if subject == "review":
        schema = Review.model_json_schema()
    elif subject == "organisation":
        schema = Organisation.model_json_schema()
    elif subject == "case-key":
        from .guard import CaseKey

        schema = CaseKey.model_json_schema()
    elif subject == "document":
        union = TypeAdapter(_document_union())
        schema = union.json_schema()
        schema["title"] = "Document"
    else:
        raise ValueError(f"unknown schema '{subject}'; choose one of {', '.join(SUBJECTS)}")
    return {"$schema": SCHEMA_DIALECT, **schema}


def _document_union() -> Any:
    from typing import Annotated, Union

    from pydantic import Field

    members = tuple(kind.model for kind in KINDS.values())
    union = Union[members]  # noqa: UP007 - built from a tuple at run time
    return Annotated[union, Field(discriminator="kind")]  # type: ignore[valid-type]
