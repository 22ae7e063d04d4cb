"""The one-minute guide: one or two A4 pages for frontline practitioners.

Takes a guide and its workspace; produces the view its templates lay out: the masthead
("One Minute Guide", title, date, version), the sections grouped into boxes (a section with
no heading continues the box before it), the local case summaries placed among them, and
the contact block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, Strict

from ..dates import PartialDate
from ..markup import Rich, join, paragraphs, plain
from ..model import Contact, Model, Section, Text
from ._base import DocumentBase
from ._view import View, contact_view, date_text, document_view, review_view, section_view

if TYPE_CHECKING:
    from ..workspace import Workspace

GUIDE_LABEL = "One Minute Guide"
DEFAULT_LOCAL_REVIEWS_HEADING = "Local case reviews"


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
    contact: Contact | None = Field(default=None, description="Defaults to the profile's contact.")


def view(guide: OneMinuteGuide, workspace: Workspace, draft: bool = False) -> View:
    """Return the one-minute guide laid out for the templates."""
    local = guide.local_reviews
    split = len(guide.sections) if local is None or local.after is None else local.after
    return {
        "document": document_view(workspace.organisation, guide, guide.title, GUIDE_LABEL,
                                  draft),
        "guide": {
            "label": GUIDE_LABEL,
            "date": date_text(guide.date),
            "version": "" if guide.version is None else str(guide.version),
        },
        "sections_before": boxes(guide.sections[:split]),
        "local_reviews": local_reviews_view(local, workspace) if local else None,
        "sections_after": boxes(guide.sections[split:]),
        "contact": contact_block(guide.contact_heading,
                                 guide.contact or workspace.organisation.contact),
    }


def boxes(sections: list[Section]) -> list[View]:
    """Return the sections grouped into boxes, each a heading and the parts shown under it.

    A section without a heading continues the box before it; a section with nothing in it
    is left out.
    """
    grouped: list[View] = []
    for section in sections:
        part = section_view(section)
        has_body = any(part[key] for key in ("body", "bullets", "emphasis", "outro", "links"))
        if not (part["heading"] or has_body):
            continue
        if grouped and not part["heading"]:
            grouped[-1]["parts"].append(part)
            grouped[-1]["has_body"] = grouped[-1]["has_body"] or has_body
        else:
            grouped.append({"heading": part["heading"], "parts": [part], "has_body": has_body})
    return grouped


def local_reviews_view(local: LocalReviews, workspace: Workspace) -> View:
    """Return the local case summaries: heading, intro, each review, outro."""
    return {
        "heading": local.heading or DEFAULT_LOCAL_REVIEWS_HEADING,
        "intro": paragraphs(local.intro),
        "reviews": [review_view(workspace.reviews[review_id]) for review_id in local.reviews],
        "outro": paragraphs(local.outro),
    }


def contact_block(heading: str, contact: Contact | None) -> View | None:
    """Return the contact block as the seed prints it, or None when there is no contact.

    The website comes first, then who to ask ("SCB Manager, Carole Preston on:"), then
    phone and email on one line ("01782 235863 / carole.preston@stoke.gov.uk").
    """
    if contact is None:
        return None
    shown = contact_view(contact)
    reach: list[Rich] = shown["direct"]
    website: Rich | None = shown["website"]
    who: Rich = shown["who"]
    if who and reach:
        who = who + " on:"
    lines = [
        website,
        plain(contact.organisation) if contact.organisation else None,
        *paragraphs(contact.address),
        who or None,
        join(reach, " / ") if reach else None,
    ]
    present = [line for line in lines if line]
    return {"heading": heading, "lines": present} if present else None
