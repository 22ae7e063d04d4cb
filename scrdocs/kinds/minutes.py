"""Minutes of a meeting, and the minutes template prepared before it sits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..model import Meeting, Model, Text
from ._base import AgendaItem, DocumentBase, unique


class DiscussionPoint(Model):
    """A point raised by members and the answer it got."""

    raised_by: Text | None = Field(None, description="'A Member', 'Councillor Halden'.")
    point: Text
    response: Text | None = None
    details: list[Text] = []


class MinutesItem(AgendaItem):
    """One agenda item as minuted; with no minutes yet it renders as a template."""

    minutes: Text | None = Field(None, description="The narrative paragraphs.")
    discussion_intro: Text | None = None
    discussion: list[DiscussionPoint] = []
    closing: Text | None = Field(None, description="'The Chair thanked …'.")
    resolutions: list[Text] = []

    @property
    def is_template(self) -> bool:
        """Return whether nothing has been minuted for this item yet."""
        return not (self.minutes or self.discussion or self.closing or self.resolutions)


class Minutes(DocumentBase):
    """A meeting's minutes (``kind: minutes``)."""

    kind: Literal["minutes"] = "minutes"
    meeting: Meeting
    items: list[MinutesItem] = Field(min_length=1)

    def review_ids(self) -> list[str]:
        return unique([item.review for item in self.items])
