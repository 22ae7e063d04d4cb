"""The one-minute guide: one or two A4 pages for frontline practitioners."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict

from ..dates import PartialDate
from ..model import Contact, Model, Section, Text
from ._base import DocumentBase, unique


class LocalReviews(Model):
    """Local case summaries drawn from the workspace's review files."""

    heading: Text | None = None
    intro: Text | None = None
    reviews: list[Text] = Field(min_length=1, description="Review ids, in the order shown.")
    outro: Text | None = None
    after: Annotated[int, Strict()] | None = Field(
        None, ge=0, description="How many sections come before this block (default: all).")


class OneMinuteGuide(DocumentBase):
    """A one-minute guide (``kind: one-minute-guide``)."""

    kind: Literal["one-minute-guide"] = "one-minute-guide"
    title: Text
    date: PartialDate | None = None
    version: Text | Annotated[int, Strict()] | None = None
    sections: list[Section] = Field(min_length=1)
    local_reviews: LocalReviews | None = None
    contact_heading: Text = "Contact for more information"
    contact: Contact | None = Field(None, description="Defaults to the profile's contact.")

    def review_ids(self) -> list[str]:
        return unique(list(self.local_reviews.reviews) if self.local_reviews else [])


def view(document: object, workspace: object, draft: bool = False) -> dict[str, object]:
    """Return the document laid out for the templates."""
    raise NotImplementedError("this kind's templates are not written yet")
