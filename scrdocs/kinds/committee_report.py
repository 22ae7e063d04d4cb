"""The committee report: the paper that takes one case review to one agenda item."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..markup import paragraphs
from ..model import Contact, Meeting, Text
from ._base import AgendaItem, DocumentBase, item_label, supporting_documents
from ._view import View, bullets, contact_view, document_view, links_view, meeting_view, review_view

if TYPE_CHECKING:
    from ..workspace import Workspace


class ReportItem(AgendaItem):
    """The agenda item a committee report is written for."""

    report: Text | None = None
    contact_officer: Contact | None = None


class CommitteeReport(DocumentBase):
    """A committee paper about one review (``kind: committee-report``)."""

    kind: Literal["committee-report"] = "committee-report"
    meeting: Meeting
    item: ReportItem




def view(report: CommitteeReport, workspace: Workspace, draft: bool = False) -> View:
    """Return the committee report laid out for the templates."""
    item = report.item
    review = workspace.reviews[item.review] if item.review else None
    title = report.title or item.title
    meeting = meeting_view(report.meeting)
    return {
        "document": document_view(workspace.organisation, report, title, meeting["header"],
                                  draft),
        "meeting": meeting,
        "item": {
            "label": item_label(item.number),
            "title": item.title,
            "purpose": paragraphs(item.purpose),
            "presenter": item.presenter or "",
            "report": paragraphs(item.report),
            "recommendations": bullets(item.recommendations),
            "supporting_documents": links_view(supporting_documents(item, review)),
            "contact_officer": contact_view(item.contact_officer),
        },
        "review": review_view(review) if review else None,
    }

