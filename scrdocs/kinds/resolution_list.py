"""The minute-ready list of every resolution of a meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..model import Meeting, Text
from ._base import DocumentBase, item_label
from ._view import View, bullets, document_view, meeting_view
from .minutes import MinutesItem

if TYPE_CHECKING:
    from ..workspace import Workspace


class ResolutionList(DocumentBase):
    """Resolutions of a meeting (``kind: resolution-list``).

    Either carries ``meeting`` and ``items`` itself, or names a minutes document of the same
    workspace in ``minutes`` and takes them from there.
    """

    kind: Literal["resolution-list"] = "resolution-list"
    minutes: Text | None = Field(
        None, description="The name of a minutes document (its file name without .yaml).")
    meeting: Meeting | None = None
    items: list[MinutesItem] = []

    @model_validator(mode="after")
    def _one_source(self) -> ResolutionList:
        if self.minutes and (self.meeting or self.items):
            raise PydanticCustomError(
                "resolution_source",
                "give either 'minutes' (a minutes document) or 'meeting' and 'items', not both")
        if not self.minutes and not (self.meeting and self.items):
            raise PydanticCustomError(
                "resolution_source",
                "give 'minutes' (the name of a minutes document) or both 'meeting' and 'items'")
        return self


NO_RESOLUTION = "No resolution recorded for this item."


def view(resolutions: ResolutionList, workspace: Workspace, draft: bool = False) -> View:
    """Return every item's RESOLVED: block, each resolution with a stable id and the
    reference a minute would cite.

    An id reads ``<meeting date>/<item number>/<resolution number>``, e.g. ``2021-06-14/5/2``;
    its reference reads as minutes do: ``Ref. 5.2, 14 June 2021``.
    """
    assert resolutions.meeting is not None, "resolve the document against its workspace first"
    meeting = meeting_view(resolutions.meeting)
    prefix = resolutions.meeting.date.iso() if resolutions.meeting.date else ""
    items = []
    for position, item in enumerate(resolutions.items, start=1):
        number = str(item.number) if item.number is not None else str(position)
        entries = [{"id": "/".join(p for p in (prefix, number, str(i)) if p),
                    "reference": reference(number, i, meeting["date"]), "text": text}
                   for i, text in enumerate(bullets(item.resolutions), start=1)]
        items.append({"label": item_label(item.number), "title": item.title,
                      "resolutions": entries, "numbered": len(entries) > 1})
    title = resolutions.title or "Resolutions"
    return {
        "document": document_view(workspace.organisation, resolutions, title,
                                  meeting["header"], draft),
        "meeting": meeting,
        "items": items,
        "no_resolution": NO_RESOLUTION,
    }


def reference(item: str, resolution: int, date: str) -> str:
    """Return how a minute cites a resolution: 'Ref. 6.2, 10 March 2015' (no date when the
    meeting has none), with no-break spaces so that it never parts across lines."""
    text = f"Ref. {item}.{resolution}" + (f", {date}" if date else "")
    return text.replace(" ", "\u00a0")
