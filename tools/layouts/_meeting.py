"""Layout pieces the meeting documents share."""

from __future__ import annotations

from make_templates import Builder  # noqa: F401


def meeting_masthead(b: Builder) -> None:
    """The logo when the profile has one, council in bold, then committee and date."""
    logo(b)
    b.p("{{ meeting.council or document.organisation.name }}", bold=True)
    b.p("{{ meeting.committee }}{% if meeting.date %} — {{ meeting.date }}{% endif %}",
        "Subtitle")




def paragraphs(b: Builder, sequence: str, style: str | None = None) -> None:
    """Add the paragraphs of a marked-up text field."""
    b.each("para", sequence, style)




def resolutions(b: Builder, sequence: str, numbered: str, text: str = "{{r entry }}") -> None:
    """Add resolutions: numbered by Word when more than one, a plain paragraph when alone."""
    b.tag(f"if {numbered}")
    b.each("entry", sequence, "List Number", text)
    b.tag("else")
    b.each("entry", sequence, None, text)
    b.tag("endif")




def logo(b: Builder) -> None:
    """Add the organisation's logo, when its profile has one (PNG or JPEG)."""
    b.tag("if document.organisation.logo_path")
    b.p("{{ document.organisation.logo_image }}")
    b.tag("endif")
