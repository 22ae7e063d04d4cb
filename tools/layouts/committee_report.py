"""Word layout of the committee-report template."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    action_table,
    after_masthead,
    contact_block,
    fact,
    meeting_masthead,
    meeting_styles,
    paragraphs,
    presenter,
)


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_styles(b)
    meeting_masthead(b)
    b.p("{{ item.label }}", "Agenda Label")
    after_masthead(b)
    b.p("{{ item.title }}", "Title")
    b.available_in()
    b.tag("if meeting.venue")
    b.p("{{ meeting.venue }}")
    b.tag("endif")
    b.tag("if item.purpose")
    b.p("{{ document.labels.purpose_of_the_report }}", "Heading 1")
    paragraphs(b, "item.purpose")
    b.tag("endif")
    presenter(b, "item.presenter")
    b.tag("if review")
    b.p("{{ document.labels.about_the_review }}", "Heading 1")
    paragraphs(b, "review.summary_sentence")
    b.tag("for fact in review.facts")
    fact(b)
    b.tag("endfor")
    b.tag("endif")
    b.tag("if item.report")
    b.p("{{ document.labels.report }}", "Heading 1")
    paragraphs(b, "item.report")
    b.tag("endif")
    b.tag("if review and review.findings")
    b.p("{{ document.labels.findings }}", "Heading 1")
    b.each("finding", "review.findings", "List Bullet")
    b.tag("endif")
    b.tag("if review and review.learning_points")
    b.p("{{ document.labels.learning_points }}", "Heading 1")
    b.each("point", "review.learning_points", "List Bullet")
    b.tag("endif")
    b.tag("if review and review.actions")
    b.p("{{ document.labels.action_plan }}", "Heading 1")
    b.p("{{ review.action_summary }}", "Lead In")
    action_table(b)
    b.tag("endif")
    b.tag("if item.recommendations")
    b.p("{{ document.labels.recommendations }}", "Heading 1")
    b.each("recommendation", "item.recommendations", "List Number")
    b.tag("endif")
    b.tag("if item.supporting_documents")
    b.p("{{ document.labels.supporting_documents }}", "Heading 1")
    b.each("link", "item.supporting_documents", "List Bullet", "{{r link.text }}")
    b.tag("endif")
    b.tag("if item.contact_officer.lines")
    b.p("{{ document.labels.contact_officer }}", "Heading 1")
    contact_block(b, "item.contact_officer.lines")
    b.tag("endif")
