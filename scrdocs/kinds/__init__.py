"""The document kinds: ``KINDS`` is the one table a new kind is added to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import (
    agenda,
    committee_report,
    learning_briefing,
    minutes,
    one_minute_guide,
    resolution_list,
    seven_minute_briefing,
)
from ._base import DocumentBase
from .agenda import Agenda
from .committee_report import CommitteeReport
from .learning_briefing import LearningBriefing
from .minutes import Minutes
from .one_minute_guide import OneMinuteGuide
from .resolution_list import ResolutionList
from .seven_minute_briefing import SevenMinuteBriefing


@dataclass(frozen=True)
class Kind:
    """A document kind: its name in ``kind:``, its model, its view and what it is for.

    ``view(document, workspace, draft)`` returns the dict its templates lay out;
    ``page_advice(view)`` says what to shorten when the document runs past ``max_pages``.
    """

    name: str
    model: type[DocumentBase]
    view: Callable[..., dict[str, Any]]
    summary: str
    max_pages: int | None = None
    page_advice: Callable[[dict[str, Any]], str] | None = None
    replan: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    """Lays the view out again once a bilingual document's languages are in it (boxes
    planned down columns); ``None`` for a kind whose pages simply flow."""
    limits: Callable[[Any, Any], list[int | None]] | None = None
    """The limits on the learning points a boxed kind tries, loosest first, for a view
    made a language at a time and planned with both (``view(..., limits=[limit])``)."""
    side_by_side: bool = True
    """Whether the kind can set its languages side by side (boxed pages cannot)."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("committee-report", CommitteeReport, committee_report.view,
             "the paper that takes one review to one agenda item"),
        Kind("minutes", Minutes, minutes.view,
             "a meeting's minutes; items not yet minuted render as a minutes template"),
        Kind("resolution-list", ResolutionList, resolution_list.view,
             "minute-ready RESOLVED: text for every item of a meeting"),
        Kind("one-minute-guide", OneMinuteGuide, one_minute_guide.view,
             "one or two A4 pages for frontline practitioners", max_pages=2,
             page_advice=one_minute_guide.page_advice, replan=one_minute_guide.replan,
             limits=one_minute_guide.learning_point_limits, side_by_side=False),
        Kind("learning-briefing", LearningBriefing, learning_briefing.view,
             "a themed newsletter of learning from recent reviews"),
        Kind("agenda", Agenda, agenda.view,
             "a meeting's agenda, and the front of its agenda pack"),
        Kind("seven-minute-briefing", SevenMinuteBriefing, seven_minute_briefing.view,
             "the learning of a review or a theme in seven numbered boxes, on one or two "
             "pages", max_pages=2, page_advice=seven_minute_briefing.page_advice,
             replan=one_minute_guide.replan, limits=seven_minute_briefing.limits_for,
             side_by_side=False),
    ]
}

Document = (CommitteeReport | Minutes | ResolutionList | OneMinuteGuide | LearningBriefing
            | Agenda | SevenMinuteBriefing)

__all__ = [
    "KINDS",
    "Agenda",
    "CommitteeReport",
    "Document",
    "DocumentBase",
    "Kind",
    "LearningBriefing",
    "Minutes",
    "OneMinuteGuide",
    "ResolutionList",
    "SevenMinuteBriefing",
]
