"""Word layout of the resolution-list template."""

from __future__ import annotations

from make_templates import Builder  # noqa: F401

from ._meeting import meeting_masthead, resolutions


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_masthead(b)
    b.p("{{ document.title }}", "Title")
    b.tag("for item in items")
    b.p("{{ item.label }}", "Agenda Label")
    b.p("{{ item.title }}", "Heading 1")
    b.p("RESOLVED:", "Minute Label")
    b.tag("if item.resolutions")
    resolutions(b, "item.resolutions", "item.numbered",
                "{{r entry.text }} [{{ entry.id }}]")
    b.tag("else")
    b.p("{{ no_resolution }}")
    b.tag("endif")
    b.tag("endfor")
