"""The document kinds: ``KINDS`` is the one table a new kind is added to."""

from __future__ import annotations

from dataclasses import dataclass

from ._base import DocumentBase
from .committee_report import CommitteeReport
from .learning_briefing import LearningBriefing
from .minutes import Minutes
from .one_minute_guide import OneMinuteGuide
from .resolution_list import ResolutionList


@dataclass(frozen=True)
class Kind:
    """A document kind: its name in ``kind:``, its model and what it is for."""

    name: str
    model: type[DocumentBase]
    summary: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("committee-report", CommitteeReport,
             "the paper that takes one review to one agenda item"),
        Kind("minutes", Minutes,
             "a meeting's minutes; items not yet minuted render as a minutes template"),
        Kind("resolution-list", ResolutionList,
             "minute-ready RESOLVED: text for every item of a meeting"),
        Kind("one-minute-guide", OneMinuteGuide,
             "one or two A4 pages for frontline practitioners"),
        Kind("learning-briefing", LearningBriefing,
             "a themed newsletter of learning from recent reviews"),
    ]
}

Document = CommitteeReport | Minutes | ResolutionList | OneMinuteGuide | LearningBriefing

__all__ = ["KINDS", "Kind", "Document", "DocumentBase", "CommitteeReport", "Minutes",
           "ResolutionList", "OneMinuteGuide", "LearningBriefing"]
