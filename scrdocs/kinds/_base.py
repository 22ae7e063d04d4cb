"""Parts every document kind shares: the fields common to all documents, and agenda items."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, Strict

from ..i18n import gettext as _
from ..model import BilingualLayout, Link, Marking, Model, Review, Text

ItemNumber = Annotated[int, Strict()] | Text
"""An agenda item number: 5, or text such as '5a'."""


class DocumentBase(Model):
    """Fields every document file may carry besides its own."""

    kind: str
    title: Text | None = Field(default=None, description="Overrides the title scrdocs derives.")
    marking: Marking | None = Field(
        None, description="Protective marking for this document; overrides the profile's.")
    draft: Annotated[bool, Strict()] = Field(default=False, description="Mark every page DRAFT.")
    bilingual: BilingualLayout | None = Field(None, description=(
        "In a workspace publishing in two languages: block, side-by-side or separate; "
        "the profile's `bilingual` when not given."))

    def review_ids(self) -> list[str]:
        """Return the ids of the reviews this document draws on, in order of first use:
        every ``review`` and ``reviews`` field, wherever it is."""
        return unique([review_id for _, review_id in review_refs(self.model_dump())])


class AgendaItem(Model):
    """What an agenda item is: the part committee reports and minutes share."""

    number: ItemNumber | None = None
    title: Text
    purpose: Text | None = None
    presenter: Text | None = None
    review: Text | None = Field(default=None, description="The id of the review this item is about.")
    recommendations: list[Text] = []
    supporting_documents: list[Link] = []


def review_refs(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Return every review id in a document's data (a field named ``review``, or a list
    named ``reviews``), with its field path, in document order."""
    refs: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "review" and isinstance(value, str):
                refs.append(((*path, key), value))
            elif key == "reviews" and isinstance(value, list):
                refs += [((*path, key, i), v) for i, v in enumerate(value) if isinstance(v, str)]
            else:
                refs += review_refs(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            refs += review_refs(value, (*path, i))
    return refs


def unique(ids: list[str | None]) -> list[str]:
    """Return the ids that are set, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for review_id in ids:
        if review_id:
            seen.setdefault(review_id)
    return list(seen)


def item_label(number: int | str | None) -> str:
    """Return an agenda item's label: 'Agenda item 5', or 'Agenda item' without a number."""
    label = _("Agenda item")
    return f"{label} {number}" if number not in (None, "") else label


def supporting_documents(item: AgendaItem, review: Review | None) -> list[Link]:
    """Return the item's supporting documents, then the review's own links not among them."""
    links = list(item.supporting_documents)
    seen = {link.url for link in links}
    for link in review.links if review else []:
        if link.url not in seen:
            links.append(link)
            seen.add(link.url)
    return links
