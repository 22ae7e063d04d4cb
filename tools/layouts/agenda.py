"""Word layout of the agenda."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    contact_block,
    item_heading,
    meeting_opening,
    paragraphs,
    presenter,
    status_runs,
)

FRONT = (("date", "meeting.date"), ("time", "meeting.time"), ("venue", "meeting.venue"),
         ("membership", "front.membership"), ("quorum", "front.quorum"),
         ("date_of_publication", "front.published"))
"""The front sheet's lines: label (in ``document.labels``) and value, each printed when the
value is given."""


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_opening(b)
    for label, value in FRONT:
        b.tag(f"if {value}")
        b.labelled(f"{{{{ document.labels.{label} }}}} ", f"{{{{ {value} }}}}")
        b.tag("endif")
    b.tag("if front.contact_officer.lines")
    b.p("{{ document.labels.contact_officer }}", "Minute Label")
    contact_block(b, "front.contact_officer.lines")
    b.tag("endif")
    b.tag("if part_b")
    b.p("{{ document.labels.part_a }}", "Heading 1")
    b.tag("endif")
    b.tag("for item in standard_items + items")
    agenda_item(b)
    b.tag("endfor")
    b.tag("if part_b")
    b.p("{{ document.labels.part_b }}", "Heading 1")
    b.p("{{ part_b.exclusion }}")
    b.tag('for item in part_b["items"]')
    agenda_item(b)
    b.tag("endfor")
    b.tag("endif")


def agenda_item(b: Builder) -> None:
    """Add one agenda item inside a loop over items: heading, purpose, presenter, its report
    and appendices, why it is exempt, and the actions it reviews."""
    item_heading(b)
    b.tag("if item.supplement")
    b.p("{{ item.supplement }}", "Purpose")
    b.tag("endif")
    paragraphs(b, "item.purpose", "Purpose")
    presenter(b, "item.presenter")
    b.tag("if item.report")
    b.labelled("{{ document.labels.report_paper }} ", "{{ item.report.title }}")
    b.tag("endif")
    b.tag("for appendix in item.appendices")
    b.labelled("{{ appendix.label }}: ", "{{ appendix.title }}{% if appendix.exempt_note %} – "
               "{{ appendix.exempt_note }}{% endif %}")
    b.tag("endfor")
    b.tag("if item.exempt_note")
    b.p("{{ item.exempt_note }}.", "Purpose")
    b.tag("endif")
    b.tag("if item.actions")
    b.tag("for action in item.actions")
    action_line(b)
    b.tag("endfor")
    b.tag("endif")


def action_line(b: Builder) -> None:
    """Add an action from a previous meeting as a bullet: what, who, by when, its status
    written out and coloured, and where it was decided."""
    paragraph = b.doc.add_paragraph(style="List Bullet")
    paragraph.add_run("{{r action.text }} – {{ action.owner }}{% if action.due %}, "
                      "{{ document.labels.by }} "
                      "{{ action.due }}{% endif %}: ")
    status_runs(paragraph)
    paragraph.add_run(" ")
    paragraph.add_run("({{ action.where }})", "Reference")
