"""Word layout of the resolution-list template."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    item_heading,
    meeting_opening,
)


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_opening(b)
    b.tag("for item in items")
    item_heading(b)
    b.tag("if resolved_label")
    b.p("{{ resolved_label }}", "Minute Label")
    b.tag("endif")
    b.tag("if item.resolutions")
    b.tag("for entry in item.resolutions")
    # numbered 1., (a) or (1) when rendered, as the minutes number them (never twice)
    b.p("{{r entry.text }}")
    b.doc.paragraphs[-1].add_run("{{ ' (' ~ entry.reference ~ ')' if entry.reference else '' }}",
                                 "Reference")
    b.tag("endfor")
    b.tag("else")
    b.p("{{ no_resolution }}")
    b.tag("endif")
    b.tag("endfor")
