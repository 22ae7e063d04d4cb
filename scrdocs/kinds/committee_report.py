"""The committee report: the paper that takes one case review to one agenda item."""

from __future__ import annotations

from typing import Literal

from ..model import Contact, Meeting, Text
from ._base import AgendaItem, DocumentBase


class ReportItem(AgendaItem):
    """The agenda item a committee report is written for."""

    report: Text | None = None
    contact_officer: Contact | None = None


class CommitteeReport(DocumentBase):
    """A committee paper about one review (``kind: committee-report``)."""

    kind: Literal["committee-report"] = "committee-report"
    meeting: Meeting
    item: ReportItem

    def review_ids(self) -> list[str]:
        return [self.item.review] if self.item.review else []


