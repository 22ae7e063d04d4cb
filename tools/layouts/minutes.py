"""Word layout of the minutes template."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    item_heading,
    meeting_opening,
    meeting_record,
    minutes_blocks,
    paragraphs,
    presenter,
)
from .agenda import action_line


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_opening(b)
    b.tag("if meeting.venue")
    b.p("{{ meeting.venue }}")
    b.tag("endif")
    meeting_record(b)
    b.tag("if actions_from_previous")
    b.p("{{ actions_label }}", "Minute Label")
    b.tag("for action in actions_from_previous")
    action_line(b)
    b.tag("endfor")
    b.tag("endif")
    b.tag("for item in items")
    item_heading(b)
    paragraphs(b, "item.purpose", "Purpose")
    presenter(b, "item.presenter")
    b.tag("if item.minutes_label")
    b.p("{{ item.minutes_label }}", "Minute Label")
    b.tag("endif")
    b.tag("if item.is_template")
    b.p("{{ prompts.minutes }}", "Prompt")
    b.p("{{ prompts.discussion }}", "Prompt")
    b.tag("if item.draft_resolutions")
    b.p("{{ item.resolved_label or document.labels.resolved }}", "Minute Label")
    b.p("{{ prompts.resolutions }}", "Prompt")
    b.each("entry", "item.draft_resolutions")
    b.tag("endif")
    b.tag("else")
    minutes_blocks(b, "item.blocks")
    b.tag("endif")
    b.tag("if item.supporting_documents")
    b.tag("if item.supporting_label")
    b.p("{{ item.supporting_label }}", "Minute Label")
    b.tag("endif")
    b.each("link", "item.supporting_documents", "List Bullet", "{{r link.text }}")
    b.tag("endif")
    b.tag("endfor")
    b.tag("if meeting.ended")
    b.p("{{ meeting.ended }}")
    b.tag("endif")
