"""The minute-ready list of every resolution of a meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, Strict, model_validator

from ..i18n import N_
from ..i18n import gettext as _
from ..model import Meeting, Text
from ._base import DocumentBase
from ._meeting import HouseStyle, check_one_source, house_style, item_label, item_title
from ._view import View, document_view, meeting_view
from .minutes import MinutesBody, MinutesItem, check_minute_numbers, minute_numbers

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
    include_unresolved: Annotated[bool, Strict()] = Field(False, description=(
        "List the items that have no resolution too (each says so); they are left out "
        "otherwise."))

    @model_validator(mode="after")
    def _one_source(self) -> ResolutionList:
        check_one_source(
            self.minutes, self.meeting, self.items, "resolution_source",
            "give either 'minutes' (a minutes document) or 'meeting' and 'items', not both",
            "give 'minutes' (the name of a minutes document) or both 'meeting' and 'items'")
        if self.meeting:
            check_minute_numbers(self.meeting, self.items)
        return self


NO_RESOLUTION = N_("No resolution recorded for this item.")


def view(resolutions: ResolutionList, workspace: Workspace, draft: bool = False) -> View:
    """Return every item's RESOLVED: block, each resolution with a stable id and the
    reference a minute would cite.

    A reference uses the minute number, as later papers cite it: ``57(a)``, ``57.2``,
    ``57.3`` (a resolution in numbered paragraph 57.3); an item without a minute number is
    cited by its agenda item number. The id is the meeting date and the reference,
    ``2021-06-14/57(a)``; the printed reference reads as minutes do: ``Ref. 57(a),
    14 June 2021``. Items without a resolution are left out unless ``include_unresolved``.
    """
    assert resolutions.meeting is not None, "resolve the document against its workspace first"
    style = house_style(resolutions.meeting, workspace.organisation)
    meeting = meeting_view(resolutions.meeting)
    prefix = resolutions.meeting.date.iso() if resolutions.meeting.date else ""
    items = []
    numbers = minute_numbers(resolutions.meeting, resolutions.items)
    for item, minute in zip(resolutions.items, numbers):
        entries = _entries(item, minute, style, prefix, meeting["date"])
        if entries or resolutions.include_unresolved:
            items.append({"label": item_label(item.number, minute, style.labels),
                          "title": item_title(item.title, item.number, minute, style.labels),
                          "resolutions": entries,
                          "numbered": _numbered(entries)})
    title = resolutions.title or _("Resolutions")
    unminuted = any(item.is_template for item in resolutions.items)
    return {
        "document": document_view(workspace.organisation, resolutions, title,
                                  meeting["header"], draft or unminuted),
        "meeting": meeting,
        "items": items,
        "resolved_label": style.labels.resolved or "",
        "no_resolution": _(NO_RESOLUTION),
    }


def _entries(item: MinutesItem, minute: int | None, style: HouseStyle, prefix: str,
             date: str) -> list[View]:
    """Return an item's resolutions numbered as its RESOLVED blocks number them, each with
    its id and printed reference."""
    body = MinutesBody(item, style, minute)
    body.blocks()
    return [{"id": "/".join(part for part in (prefix, found.reference or item.title) if part),
             "reference": reference(found.reference, date) if found.reference else "",
             "text": found.text}
            for found in body.citations]


def _numbered(entries: list[View]) -> bool:
    return any(entry["text"].layout.is_list for entry in entries)


def reference(cited: str, date: str) -> str:
    """Return how a minute cites a resolution: 'Ref. 6.2, 10 March 2015' (no date when the
    meeting has none), with no-break spaces so that it never parts across lines."""
    text = _("Ref. {minute}").format(minute=cited) + (f", {date}" if date else "")
    return text.replace(" ", "\u00a0")
