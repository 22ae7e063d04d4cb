"""Word layout of the minutes template."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    after_masthead,
    item_heading,
    meeting_masthead,
    meeting_styles,
    paragraphs,
    presenter,
    resolutions,
)


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_styles(b)
    meeting_masthead(b)
    b.p("{{ document.title }}", "Title")
    after_masthead(b)
    b.tag("if meeting.venue")
    b.p("{{ meeting.venue }}")
    b.tag("endif")
    b.tag("for item in items")
    item_heading(b)
    paragraphs(b, "item.purpose", "Purpose")
    presenter(b, "item.presenter")
    b.p("Minutes:", "Minute Label")
    b.tag("if item.is_template")
    b.p("{{ prompts.minutes }}", "Prompt")
    b.p("{{ prompts.discussion }}", "Prompt")
    b.tag("if item.draft_resolutions")
    b.p("RESOLVED:", "Minute Label")
    b.p("{{ prompts.resolutions }}", "Prompt")
    resolutions(b, "item.draft_resolutions", "item.draft_resolutions|length > 1")
    b.tag("endif")
    b.tag("else")
    paragraphs(b, "item.minutes")
    b.tag("if item.discussion")
    b.p("{{r item.discussion_intro }}", "Lead In")
    b.tag("for point in item.discussion")
    b.p("{{r point.point }}", "List Bullet")
    b.each("para", "point.response", "List Continue")
    b.each("detail", "point.details", "List Bullet 2")
    b.tag("endfor")
    b.tag("endif")
    paragraphs(b, "item.closing")
    b.tag("if item.resolutions")
    b.p("RESOLVED:", "Minute Label")
    resolutions(b, "item.resolutions", "item.numbered")
    b.tag("endif")
    b.tag("endif")
    b.p("Supporting documents:", "Minute Label")
    b.tag("if item.supporting_documents")
    b.each("link", "item.supporting_documents", "List Bullet", "{{r link.text }}")
    b.tag("else")
    b.p("None.")
    b.tag("endif")
    b.tag("endfor")
