"""The learning briefing: a themed newsletter of what recent reviews taught."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..dates import PartialDate
from ..model import Link, Model, Section, Text, Url
from ._base import DocumentBase, unique


class FastFact(Model):
    """A figure with its text and where it comes from."""

    figure: Text
    text: Text
    source: Text = Field(description="Where the figure comes from; required.")
    as_of: PartialDate | None = None
    url: Url | None = None


class Theme(Model):
    """A themed section of a briefing and the reviews that speak to it."""

    title: Text
    intro: Text | None = None
    bullets: list[Text] = []
    outro: Text | None = None
    fast_facts: list[FastFact] = []
    more_information_intro: Text | None = Field(
        None, description="A line above the links, e.g. 'Pan Sussex Procedures:'.")
    more_information: list[Link] = []
    reviews: list[Text] = Field([], description="Review ids, in the order shown.")


class LearningBriefing(DocumentBase):
    """A learning briefing (``kind: learning-briefing``)."""

    kind: Literal["learning-briefing"] = "learning-briefing"
    title: Text
    edition: Text | None = None
    headline: Text | None = None
    author: Text | None = None
    introduction: list[Section] = []
    themes: list[Theme] = Field(min_length=1)
    final_word: Section | None = None
    references: list[Text] = []

    def review_ids(self) -> list[str]:
        return unique([review for theme in self.themes for review in theme.reviews])


def view(document: object, workspace: object, draft: bool = False) -> dict[str, object]:
    """Return the document laid out for the templates."""
    raise NotImplementedError("this kind's templates are not written yet")
