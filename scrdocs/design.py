"""The house design Word and PDF share: type, colours, spacing, list glyph, table columns.

One table of decisions, read twice: ``tools/make_templates.py`` draws the Word templates from
it and writes ``templates/_base/design.css``, which the print stylesheet includes. A change of
house style is one change here, then ``python tools/make_templates.py``.

Spacing is the same in both: a block has space *after* it, headings and labels add space
*before*, and where the two meet the larger wins (CSS collapses margins; Word and
LibreOffice use the larger of "space after" and "space before"). Line heights are fixed
multiples of the size (CSS ``line-height``; Word "at least" line spacing of the same
points), so a page holds the same lines in both.

Brand colours are not here: they come from the organisation's profile when a document is
rendered. The Word templates are drawn in :data:`TEMPLATE_BRAND`, which rendering replaces
with the profile's colours wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

TEMPLATE_BRAND = {"primary": "#1D4F91", "accent": "#00857C"}
"""The colours the Word templates are drawn in: the profile's defaults, recoloured at render."""

COLOURS = {
    "text": "#0B0C0C",
    "muted": "#505A5F",
    "rule": "#B1B4B6",
    "prompt": "#F8F8F8",
    "on-brand": "#FFFFFF",
    "overdue": "#B10E1E",
    "complete": "#00703C",
}
"""Fixed colours, by role. ``overdue`` and ``complete`` colour an action's status, which is
always written out as well: colour is never the only sign."""

FONT = {"family": "Arimo", "word": "Arial"}
"""The bundled typeface, and the metric-compatible one Word documents name."""

BLOCK_GAP = 7.0
"""Points after an ordinary block: a paragraph, a list item, a table row's paragraph group."""


@dataclass(frozen=True)
class Type:
    """How one kind of text is set: size, line height, space around, weight, colour, flow."""

    size: float
    """Font size in points."""
    line: float = 1.4
    """Line height as a multiple of the size."""
    before: float = 0.0
    """Points above (where the block above leaves more, that wins)."""
    after: float = BLOCK_GAP
    """Points below."""
    bold: bool = False
    italic: bool = False
    caps: bool = False
    tracking: float = 0.0
    """Letter spacing in em."""
    colour: str = "text"
    """A :data:`COLOURS` key, or ``primary`` for the organisation's colour."""
    keep_with_next: bool = False
    """Never the last line of a page: moves to the next page with the block after it."""
    keep_together: bool = False
    """Never split across pages."""

    @property
    def leading(self) -> float:
        """Return the line height in points."""
        return round(self.size * self.line, 2)


TYPE = {
    "body": Type(11),
    "title": Type(20, 1.2, after=6, bold=True, colour="primary", keep_with_next=True),
    "heading1": Type(14, 1.2, before=16, after=6, bold=True, colour="primary",
                     keep_with_next=True),
    "heading2": Type(12, 1.2, before=12, after=4, bold=True, colour="primary",
                     keep_with_next=True),
    "heading3": Type(11, 1.2, before=10, after=4, bold=True, colour="primary",
                     keep_with_next=True),
    "organisation": Type(11, after=0, bold=True, colour="primary"),
    "subtitle": Type(11, after=0, colour="muted"),
    "available-in": Type(10, colour="muted"),
    "agenda-label": Type(10, after=2, caps=True, tracking=0.06, colour="muted",
                         keep_with_next=True),
    "label": Type(11, before=10, after=4, bold=True, keep_with_next=True),
    "purpose": Type(11, italic=True),
    "presenter": Type(11),
    "lead-in": Type(11, keep_with_next=True),
    "contact": Type(11, keep_together=True),
    "prompt": Type(11, italic=True, colour="muted"),
    "list": Type(11, after=4),
    "fact": Type(11, after=4),
    "table": Type(9.5, 1.3, after=0),
    "reference": Type(9.5, colour="muted"),
    "footer": Type(8, 1.2, after=0, colour="muted"),
    "marking": Type(9, 1.2, after=0, bold=True, tracking=0.05),
}
"""Every kind of text the meeting documents set, by role (``available-in``, the line a
version in one language prints to name the other's, is set alike in every kind).

Keep rules are single links on purpose: a heading or label keeps with the one block after
it, and the agenda item's label is part of its heading (a line of its own in the heading's
paragraph). LibreOffice moves a keep-with-next paragraph to the next page with its
follower but not a chain of them, so one link is what lays out alike everywhere."""

WORD_STYLES = {
    "body": "Normal", "title": "Title", "heading1": "Heading 1", "heading2": "Heading 2",
    "heading3": "Heading 3", "organisation": "Masthead Organisation", "subtitle": "Subtitle",
    "available-in": "Available In",
    "agenda-label": "Agenda Label", "label": "Minute Label", "purpose": "Purpose",
    "presenter": "Presenter", "lead-in": "Lead In", "prompt": "Prompt", "fact": "Fact",
    "contact": "Contact", "table": "Table Text", "footer": "Footer", "marking": "Header",
}
"""The Word paragraph style that sets each role."""

CSS_SELECTORS = {
    "body": "html", "title": "h1", "heading1": "h2", "heading2": "h3", "heading3": "h4",
    "organisation": ".masthead .organisation", "subtitle": ".masthead .subtitle",
    "available-in": ".available-in",
    "agenda-label": ".agenda-label", "label": ".label", "purpose": ".purpose",
    "presenter": ".presenter", "lead-in": ".lead-in", "prompt": ".prompt", "list": "li",
    "fact": ".facts dd", "contact": ".contact", "table": "th, td", "reference": ".reference",
}
"""The HTML elements that each role sets (the page margin boxes set ``footer`` and
``marking``)."""

LIST = {"glyph": "–", "indent": 18.0, "hanging": 12.0, "glyph_gap": "\u2002", "after": 8.0,
        "number_gap": 3.0}
"""Lists: the seeds' dash as the bullet, text ``indent`` points in from the list's edge, the
glyph ``hanging`` points before the text (each nested level one more ``indent``), and the
space after a whole list in the PDF (Word leaves the last item's own)."""

PAGE = {"width": 210.0, "height": 297.0, "top": 20.0, "bottom": 22.0, "left": 18.0,
        "right": 18.0, "header": 8.0, "footer": 9.0}
"""A4 in millimetres: margins, and how far from the paper's edge Word sets the header and
footer (the PDF centres them in the margin)."""

MASTHEAD = {"logo_height": 14.0, "logo_width": 55.0, "gap": 6.0, "rule": 3.0,
            "padding": 6.0, "after": 12.0}
"""The meeting documents' masthead: logo size and the gap beside it (mm), the brand rule
under it and the space above and below that rule (pt)."""

PROMPT = {"border": 1.0, "padding": 6.0, "inset": 8.0}
"""A template prompt's dashed box: border width, and padding above/below and at the sides
(pt)."""

ACTION_COLUMNS = (("action", "Action", 48), ("owner", "Owner", 22), ("due", "Due", 15),
                  ("status", "Status", 15))
"""The action-plan table: field, heading and share of the width (per cent); Action widest."""

FACT_LABEL_WIDTH = 36.0
"""Millimetres from the margin to a review fact's value (its label sits in that space)."""

ITEM_RULE = {"before": 18.0, "padding": 10.0, "width": 1.0}
"""The rule between two agenda items of minutes: space above it, space below it, weight
(pt)."""


GENERATED_NOTE = ("/* Generated from scrdocs/design.py by tools/make_templates.py: change the "
                  "design there, not here. */")


TIGHT = {"line": 0.93, "space": 0.7}
"""The tight setting: line heights and the space around blocks scaled by these. A document
is set tight only when that spares it a near-empty last page (:mod:`scrdocs.flow`)."""

NEAR_EMPTY = 0.12
"""A last page filled less than this share of its text area is near-empty (as ``scrdocs
check`` counts it)."""

FITTED_KINDS = ("committee-report", "minutes", "resolution-list")
"""The kinds set tight when that spares a near-empty last page."""


def tight(type_: Type) -> Type:
    """Return ``type_`` as the tight setting sets it."""
    return replace(type_, line=round(type_.line * TIGHT["line"], 3),
                   before=round(type_.before * TIGHT["space"], 1),
                   after=round(type_.after * TIGHT["space"], 1))


def colour(role: str, primary: str = TEMPLATE_BRAND["primary"]) -> str:
    """Return the #RRGGBB colour of a role: a :data:`COLOURS` key or ``primary``."""
    return primary if role == "primary" else COLOURS[role]


def css() -> str:
    """Return the stylesheet that sets every role of :data:`TYPE` and the shared parts
    (lists, tables, masthead, prompts), for ``templates/_base/design.css``."""
    lines = [GENERATED_NOTE, ":root {"]
    lines += [f"  --{name}: {value.lower()};" for name, value in COLOURS.items()]
    lines += ["}"]
    lines += [_css_rule(CSS_SELECTORS[role], TYPE[role], role) for role in CSS_SELECTORS]
    lines += _css_parts()
    lines.append("/* The tight setting (html.tight): less space, a little less leading. */")
    lines += [_css_rule(_tightened(CSS_SELECTORS[role]), tight(TYPE[role]), role)
              for role in CSS_SELECTORS]
    space = TIGHT["space"]
    lines += [f"html.tight p {{ margin-bottom: {_pt(round(BLOCK_GAP * space, 1))}; }}",
              (f"html.tight ul, html.tight ol {{ margin-bottom: "
               f"{_pt(round(LIST['after'] * space, 1))}; }}"),
              (f"html.tight h2 > .agenda-label {{ line-height: "
               f"{_pt(tight(TYPE['heading1']).leading)}; }}"),
              # The tight fact rule sets the whole margin: give the value back its indent,
              # or a value's second line runs under its label.
              f"html.tight .facts dd {{ margin-left: {FACT_LABEL_WIDTH:g}mm; }}"]
    return "\n".join(lines) + "\n"


def _tightened(selector: str) -> str:
    """Return ``selector`` for a document set tight (``<html class="tight">``)."""
    return ", ".join("html.tight" if part.strip() == "html" else f"html.tight {part.strip()}"
                     for part in selector.split(","))


def _css_rule(selector: str, type_: Type, role: str) -> str:
    """Return the rule for one role; what it shares with body text is inherited, not set."""
    body = TYPE["body"]
    declarations = []
    if role == "body" or (type_.size, type_.line) != (body.size, body.line):
        declarations += [f"font-size: {_pt(type_.size)}", f"line-height: {type_.line}"]
    if role != "body":
        declarations.append(f"margin: {_pt(type_.before)} 0 {_pt(type_.after)}")
    if type_.bold:
        declarations.append("font-weight: bold")
    if type_.italic:
        declarations.append("font-style: italic")
    if type_.caps:
        declarations.append("text-transform: uppercase")
    if type_.tracking:
        declarations.append(f"letter-spacing: {type_.tracking}em")
    if role == "body" or type_.colour != "text":
        declarations.append(f"color: var(--{type_.colour})")
    if type_.keep_with_next:
        declarations += ["break-after: avoid", "page-break-after: avoid"]
    if type_.keep_together:
        declarations += ["break-inside: avoid", "page-break-inside: avoid"]
    return f"{selector} {{ {'; '.join(declarations)}; }}"


def _css_parts() -> list[str]:
    glyph = LIST["glyph"] + "\\" + f"{ord(LIST['glyph_gap']):x} "
    masthead, prompt, rule = MASTHEAD, PROMPT, ITEM_RULE
    rules = [
        f"p {{ margin: 0 0 {_pt(BLOCK_GAP)}; orphans: 2; widows: 2; }}",
        f"ul, ol {{ margin: 0 0 {_pt(LIST['after'])}; padding-left: {_pt(LIST['indent'])}; }}",
        f'ul {{ list-style-type: "{glyph}"; }}',
        # A list item holding paragraphs draws its dash itself: PDF/UA allows an LI only a
        # label and a body, and WeasyPrint tags a marker's paragraphs as neither.
        "ul.blocks { list-style: none; }",
        "ul.blocks > li { position: relative; }",
        (f'ul.blocks > li::before {{ content: "{LIST["glyph"]}"; position: absolute; '
         f"left: -{_pt(LIST['hanging'])}; }}"),
        (f"html[dir=rtl] ul.blocks > li::before {{ left: auto; "
         f"right: -{_pt(LIST['hanging'])}; }}"),
        "li { orphans: 2; widows: 2; }",
        (f".masthead {{ display: flex; align-items: center; gap: {masthead['gap']:g}mm; "
         f"border-bottom: {_pt(masthead['rule'])} solid var(--primary); "
         f"padding-bottom: {_pt(masthead['padding'])}; margin-bottom: {_pt(masthead['after'])}; }}"),
        ".masthead .names { flex: 1; }",
        (f".masthead .logo {{ height: {masthead['logo_height']:g}mm; width: auto; "
         f"max-width: {masthead['logo_width']:g}mm; }}"),
        (f".prompt {{ border: {_pt(prompt['border'])} dashed var(--rule); background: "
         f"var(--prompt); padding: {_pt(prompt['padding'])} {_pt(prompt['inset'])}; }}"),
        (f".prompt.continued {{ border-bottom: 0; margin-bottom: 0; "
         f"padding-bottom: {_pt(BLOCK_GAP)}; }}"),
        ".prompt.continuation { border-top: 0; padding-top: 0; }",
        f".facts dt {{ width: {FACT_LABEL_WIDTH - 2:g}mm; }}",
        f".facts dd {{ margin-left: {FACT_LABEL_WIDTH:g}mm; }}",
        "table.actions { table-layout: fixed; }",
        "tr { break-inside: avoid; page-break-inside: avoid; }",
        "thead { display: table-header-group; }",
        ".status-overdue { color: var(--overdue); font-weight: bold; }",
        ".status-complete { color: var(--complete); font-weight: bold; }",
        (f".item + .item {{ margin-top: {_pt(rule['before'])}; border-top: "
         f"{_pt(rule['width'])} solid var(--rule); padding-top: {_pt(rule['padding'])}; }}"),
    ]
    heading = TYPE["heading1"]
    rules.append(f"h2 > .agenda-label {{ display: block; margin: 0; font-weight: normal; "
                 f"line-height: {_pt(heading.leading)}; }}")
    rules += [f"table.actions col.{field} {{ width: {share}%; }}"
              for field, _, share in ACTION_COLUMNS]
    return rules


def _pt(points: float) -> str:
    return "0" if points == 0 else f"{points:g}pt"
