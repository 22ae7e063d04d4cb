"""Minutes of a meeting, and the minutes template prepared before it sits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..markup import inline, paragraphs
from ..model import Meeting, Model, Text
from ._base import AgendaItem, DocumentBase, item_label
from ._view import View, bullets, document_view, links_view, meeting_view

if TYPE_CHECKING:
    from ..workspace import Workspace


class DiscussionPoint(Model):
    """A point raised by members and the answer it got."""

    raised_by: Text | None = Field(default=None, description="'A Member', 'Councillor Halden'.")
    point: Text
    response: Text | None = None
    details: list[Text] = []


class MinutesItem(AgendaItem):
    """One agenda item as minuted; with no minutes yet it renders as a template."""

    minutes: Text | None = Field(default=None, description="The narrative paragraphs.")
    discussion_intro: Text | None = None
    discussion: list[DiscussionPoint] = []
    closing: Text | None = Field(default=None, description="'The Chair thanked …'.")
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


MINUTES_PROMPT = ("Minutes to be written: record the presentation, the main points of the "
                  "discussion and the answers given.")
DISCUSSION_PROMPT = "Members raised the following points: (record each point and the response)"
RESOLUTIONS_PROMPT = "Draft resolutions, from the report's recommendations:"
DEFAULT_DISCUSSION_INTRO = ("Members discussed the issues raised in the Report and in the "
                            "course of the discussion raised the following points:")


def item_view(item: MinutesItem, workspace: Workspace) -> View:
    """Return one agenda item as minuted, or as a minutes template when not minuted yet."""
    review = workspace.reviews.get(item.review) if item.review else None
    resolutions = bullets(item.resolutions)
    return {
        "label": item_label(item.number),
        "number": "" if item.number is None else str(item.number),
        "title": item.title,
        "purpose": paragraphs(item.purpose),
        "presenter": item.presenter or "",
        "review": review.title if review else "",
        "is_template": item.is_template,
        "minutes": paragraphs(item.minutes),
        "discussion_intro": inline(item.discussion_intro or DEFAULT_DISCUSSION_INTRO)
        if item.discussion else None,
        "discussion": [{
            "point": inline(point.point),
            "response": paragraphs(point.response),
            "details": bullets(point.details),
        } for point in item.discussion],
        "closing": paragraphs(item.closing),
        "resolutions": resolutions,
        "numbered": len(resolutions) > 1,
        "draft_resolutions": bullets(item.recommendations),
        "supporting_documents": links_view(item.supporting_documents),
    }


def view(minutes: Minutes, workspace: Workspace, draft: bool = False) -> View:
    """Return the minutes (or minutes template) laid out for the templates."""
    meeting = meeting_view(minutes.meeting)
    is_template = all(item.is_template for item in minutes.items)
    title = minutes.title or ("Minutes template" if is_template else "Minutes")
    return {
        "document": document_view(workspace.organisation, minutes, title, meeting["header"],
                                  draft),
        "meeting": meeting,
        "items": [item_view(item, workspace) for item in minutes.items],
        "prompts": {"minutes": MINUTES_PROMPT, "discussion": DISCUSSION_PROMPT,
                    "resolutions": RESOLUTIONS_PROMPT},
    }
