"""Word layout of the resolution-list template."""

from __future__ import annotations

from make_templates import Builder

from ._meeting import (
    after_masthead,
    item_heading,
    meeting_masthead,
    meeting_styles,
    resolutions,
)


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    meeting_styles(b)
    meeting_masthead(b)
    b.p("{{ document.title }}", "Title")
    after_masthead(b)
    b.tag("for item in items")
    item_heading(b)
    b.p("RESOLVED:", "Minute Label")
    b.tag("if item.resolutions")
    resolutions(b, "item.resolutions", "item.numbered", "{{r entry.text }}",
                reference="({{ entry.reference }})")
    b.tag("else")
    b.p("{{ no_resolution }}")
    b.tag("endif")
    b.tag("endfor")
