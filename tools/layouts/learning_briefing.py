"""Word layout of the learning briefing: the PDF's newsletter page, with Word's own means.

The masthead is a one-cell table on the house colour (organisation, title, edition) over an
accent rule. The side column — "In this briefing" beside the headline, each theme's fast
facts and further-information links beside its text — is a floating table on the right that
the text wraps around, as the PDF floats it. Theme titles are Heading 1 paragraphs shaded in
the house colour, reviews Heading 2 with the accent rule beside them, questions carry the
house colour's rule. Sizes come from the shared type scale (:mod:`scrdocs.design`) and the
briefing's own measurements (``BRIEFING``); colours are drawn in the template brand, which
rendering swaps for the profile's. Everything stays ordinary editable text.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from make_templates import Builder
from word_design import border, brand_hex, drop, paragraph_style, place, shade, typeset

from scrdocs.design import COLOURS, TYPE
from scrdocs.kinds.learning_briefing import BRIEFING

from ._cells import cell_each, cell_tag, cell_text, row_tag

PRIMARY, ACCENT = brand_hex("primary"), brand_hex("accent")
GREY_FILL = "F3F2F1"
RULE = COLOURS["rule"].lstrip("#").upper()
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
MUTED = RGBColor.from_string(COLOURS["muted"].lstrip("#").upper())


def twips(points: float) -> int:
    """Return ``points`` in twentieths of a point."""
    return round(points * 20)


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    typeset(b.doc)
    _add_styles(b)
    _logo(b)
    _masthead(b)
    b.available_in()
    _contents(b)
    b.tag("if briefing.headline")
    _headline(b)
    b.tag("endif")
    b.tag("if briefing.author")
    b.p("{{r briefing.author }}", "Byline")
    b.tag("endif")
    b.tag("for section in introduction")
    _section(b, "section")
    b.tag("endfor")
    b.tag("for theme in themes")
    _theme(b)
    b.tag("endfor")
    b.tag("if final_word")
    _final_word(b)
    b.tag("endif")
    b.tag("if references")
    b.p("{{ document.labels.references }}", "Heading 1")
    b.each("reference", "references", "Reference Entry")
    b.tag("endif")


def _style(b: Builder, name: str, base: str = "Normal", *, size: float | None = None,
           line: float | None = None, before: float = 0, after: float = 0,
           bold: bool | None = None, italic: bool | None = None,
           colour: RGBColor | None = None, keep: bool = False) -> Any:
    """Return the paragraph style ``name`` set as given: size and line height in points and
    as a multiple, space before and after in points."""
    style = paragraph_style(b.doc, name)
    style.base_style = b.doc.styles[base]
    if size is not None:
        style.font.size = Pt(size)
        paragraph = style.paragraph_format
        paragraph.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        paragraph.line_spacing = Pt(round(size * (line or 1.4), 2))
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.font.bold, style.font.italic = bold, italic
    if colour is not None:
        style.font.color.rgb = colour
    style.paragraph_format.keep_with_next = keep or None
    return style


def _add_styles(b: Builder) -> None:
    g = BRIEFING
    body = TYPE["body"]
    _style(b, "Briefing Organisation", size=g.organisation_size, bold=True, colour=WHITE,
           after=3 * 72 / 25.4)
    title = b.doc.styles["Title"]
    title.font.size = Pt(g.title_size)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    title.paragraph_format.line_spacing = Pt(g.title_size * g.title_line)
    title.paragraph_format.space_before = title.paragraph_format.space_after = Pt(0)
    _style(b, "Edition", size=g.edition_size, line=1.4, bold=True, colour=WHITE,
           before=2 * 72 / 25.4)
    _style(b, "Byline", size=body.size, italic=True, colour=MUTED, after=body.after)
    side = {"size": g.side_size, "line": g.side_line}
    _style(b, "Box Title", **side, bold=True, after=g.box_title_after, keep=True,
           colour=RGBColor.from_string(PRIMARY)).font.all_caps = True
    _style(b, "Box Text", **side, after=g.box_title_after)
    _style(b, "Box Link", "List Bullet", **side, after=2)
    _style(b, "Contents Entry", **side, bold=True, colour=RGBColor.from_string(PRIMARY))
    _style(b, "Fact Figure", size=g.figure_size, line=g.figure_line, bold=True, colour=WHITE,
           after=1 * 72 / 25.4, keep=True)
    later = _style(b, "Fact Figure Next", "Fact Figure", before=g.fact_gap,
                   after=1 * 72 / 25.4, keep=True)
    _paragraph_border(later, "top", g.fact_rule, ACCENT, g.fact_gap)
    _style(b, "Fact Text", **side, colour=WHITE, after=1 * 72 / 25.4, keep=True)
    _style(b, "Fact Source", size=g.source_size, line=g.side_line, colour=WHITE)
    review = b.doc.styles["Heading 2"]
    review.paragraph_format.space_before = Pt(g.review_before)
    _paragraph_border(review, "left", g.review_rule, ACCENT, g.review_padding)
    review.paragraph_format.left_indent = Pt(g.review_rule + g.review_padding)
    question = _style(b, "Question", size=body.size, after=body.after)
    _paragraph_border(question, "left", g.question_rule, PRIMARY, g.question_padding)
    question.paragraph_format.left_indent = Pt(g.question_rule + g.question_padding)
    label = TYPE["label"]
    _style(b, "Briefing Label", size=label.size, bold=True, before=label.before,
           after=label.after, keep=True)
    _style(b, "Lead In", size=body.size, after=body.after, keep=True)
    _style(b, "Kept Link", "List Bullet", after=TYPE["list"].after, keep=True)
    _style(b, "Not Yet Published", size=body.size, bold=True, colour=MUTED, after=body.after)
    reference = _style(b, "Reference Entry", size=9.5, after=body.after)
    reference.paragraph_format.left_indent = Pt(6 * 72 / 25.4)
    reference.paragraph_format.first_line_indent = Pt(-6 * 72 / 25.4)


def _paragraph_border(style: Any, side: str, width: float, colour: str, space: float) -> None:
    """Draw a rule on one side of a paragraph style, ``space`` points from its text."""
    p_pr = style.element.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = place(p_pr, OxmlElement("w:pBdr"))
    drop(borders, f"w:{side}")
    borders.append(border(side, width, colour, space))


def _logo(b: Builder) -> None:
    """The logo, right-aligned above the masthead, when the profile has one."""
    b.tag("if document.organisation.logo_path")
    paragraph = b.doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.paragraph_format.space_after = Pt(3 * 72 / 25.4)
    paragraph.add_run("{{ document.organisation.logo_image }}")
    b.tag("endif")


def _headline(b: Builder) -> None:
    """The headline: a Heading 1, set larger and without the space above, as the PDF sets
    it beside the contents box."""
    g = BRIEFING
    paragraph = b.doc.add_paragraph(style="Heading 1")
    paragraph.add_run("{{ briefing.headline }}").font.size = Pt(g.headline_size)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    paragraph.paragraph_format.line_spacing = Pt(g.headline_size * TYPE["heading1"].line)


def _masthead(b: Builder) -> None:
    """The masthead: a one-cell table on the house colour over the accent rule."""
    g = BRIEFING
    section = b.doc.sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) / 12700
    table = _table(b, width)
    _cell_borders(table.rows[0].cells[0], {"bottom": (g.masthead_rule, ACCENT)})
    cell = table.rows[0].cells[0]
    shade(cell._tc.get_or_add_tcPr(), PRIMARY)
    _cell_margins(cell, g.masthead_padding_top, g.masthead_padding_inline,
                  g.masthead_padding_bottom)
    cell_text(cell, "{{ document.organisation.name }}", "Briefing Organisation")
    title = cell_text(cell, "{{ briefing.title }}", "Title")
    title.runs[0].font.color.rgb = WHITE
    cell_tag(cell, "if briefing.edition")
    cell_text(cell, "{{ briefing.edition }}", "Edition")
    cell_tag(cell, "endif")
    spacer = b.doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = Pt(g.masthead_after)


def _contents(b: Builder) -> None:
    """'In this briefing': a floating box on the right beside the headline, one row for its
    title and one for each theme, with a rule between themes."""
    g = BRIEFING
    table = _side_table(b)
    cell = table.add_row().cells[0]
    _box_cell(cell, GREY_FILL, bottom=0)
    cell_text(cell, "{{ document.labels.in_this_briefing }}", "Box Title")
    row_tag(table, "for entry in contents")
    cell = table.add_row().cells[0]
    shade(cell._tc.get_or_add_tcPr(), GREY_FILL)
    _cell_borders(cell, {"top": (0.5, RULE)})
    _cell_margins(cell, 2, g.box_padding_inline, 3)
    cell_text(cell, "{{ entry.title }}", "Contents Entry")
    row_tag(table, "endfor")
    foot = table.add_row()
    _row_height(foot, g.box_padding_bottom)
    shade(foot.cells[0]._tc.get_or_add_tcPr(), GREY_FILL)
    cell_text(foot.cells[0], "", "Box Text")


def _theme(b: Builder) -> None:
    """A theme: its band, its side column, its prose, then each review it draws on."""
    g = BRIEFING
    heading = b.doc.add_paragraph(style="Heading 1")
    run = heading.add_run("{{ theme.title }}")
    run.font.color.rgb = WHITE
    run.font.size = Pt(g.theme_size)
    p_pr = heading._p.get_or_add_pPr()
    borders = place(p_pr, OxmlElement("w:pBdr"))
    for side, space in (("top", g.theme_padding_block), ("left", g.theme_padding_inline),
                        ("bottom", g.theme_padding_block), ("right", g.theme_padding_inline)):
        borders.append(border(side, 0.5, PRIMARY, space))
    shade(p_pr, PRIMARY)
    heading.paragraph_format.left_indent = Pt(g.theme_padding_inline)
    heading.paragraph_format.right_indent = Pt(g.theme_padding_inline)
    heading.paragraph_format.space_before = Pt(g.theme_before)
    heading.paragraph_format.space_after = Pt(g.theme_after)
    b.tag("if theme.has_aside")
    _side_column(b)
    b.tag("endif")
    b.each("para", "theme.intro")
    b.each("item", "theme.bullets", "List Bullet")
    b.each("para", "theme.outro")
    b.tag("for review in theme.reviews")
    _review(b)
    b.tag("endfor")


def _side_column(b: Builder) -> None:
    """A theme's side column: the fast facts on the house colour, then the links box."""
    g = BRIEFING
    table = _side_table(b)
    row_tag(table, "if theme.fast_facts")
    cell = table.add_row().cells[0]
    _box_cell(cell, PRIMARY)
    title = cell_text(cell, "{{ document.labels.fast_facts }}", "Box Title")
    title.runs[0].font.color.rgb = WHITE
    cell_tag(cell, "for fact in theme.fast_facts")
    cell_tag(cell, "if loop.first")
    cell_text(cell, "{{ fact.figure }}", "Fact Figure")
    cell_tag(cell, "else")
    cell_text(cell, "{{ fact.figure }}", "Fact Figure Next")
    cell_tag(cell, "endif")
    cell_text(cell, "{{r fact.text }}", "Fact Text")
    cell_text(cell, "{{r fact.citation }}", "Fact Source")
    cell_tag(cell, "endfor")
    row_tag(table, "endif")
    row_tag(table, "if theme.fast_facts and (theme.more_information or "
                    "theme.more_information_intro)")
    gap = table.add_row()
    _row_height(gap, g.side_after)
    cell_text(gap.cells[0], "", "Box Text")
    row_tag(table, "endif")
    row_tag(table, "if theme.more_information or theme.more_information_intro")
    cell = table.add_row().cells[0]
    _box_cell(cell, GREY_FILL)
    cell_text(cell, "{{ document.labels.for_more_information }}", "Box Title")
    cell_each(cell, "para", "theme.more_information_intro", "Box Text")
    cell_each(cell, "link", "theme.more_information", "Box Link", "{{r link.text }}")
    _bulleted(b, cell.paragraphs[-2])
    row_tag(table, "endif")


def _bulleted(b: Builder, paragraph: Any) -> None:
    """Number ``paragraph`` as List Bullet is numbered, in its own properties, so that it
    is a list item whatever its style (a link in a side box, set smaller)."""
    numbering = b.doc.styles["List Bullet"].element.pPr.numPr
    place(paragraph._p.get_or_add_pPr(), copy.deepcopy(numbering))


def _review(b: Builder) -> None:
    b.p("{{ review.title }}", "Heading 2")
    b.each("para", "review.summary_sentences")
    b.each("para", "review.findings")
    b.tag("if review.learning_points_intro")
    b.p("{{ review.learning_points_intro }}", "Lead In")
    b.tag("endif")
    b.each("point", "review.learning_points", "List Bullet")
    b.tag("for question in review.questions")
    b.labelled("{{ document.labels.question }} ", "{{r question }}", "Question")
    b.doc.paragraphs[-1].runs[0].font.color.rgb = RGBColor.from_string(PRIMARY)
    b.tag("endfor")
    b.tag("if review.links")
    b.p("{{ document.labels.for_more_information }}", "Briefing Label")
    b.tag("if review.not_yet_published")
    b.each("link", "review.links", "Kept Link", "{{r link.text }}")
    _bulleted(b, b.doc.paragraphs[-2])
    b.tag("else")
    b.each("link", "review.links", "List Bullet", "{{r link.text }}")
    b.tag("endif")
    b.tag("endif")
    b.tag("if review.not_yet_published")
    b.p("{{ review.not_yet_published }}", "Not Yet Published")
    b.tag("endif")


def _section(b: Builder, name: str) -> None:
    """A headed block: heading, paragraphs, bullets, italic bullets, outro, links."""
    b.tag(f"if {name}.heading")
    b.p(f"{{{{ {name}.heading }}}}", "Heading 1")
    b.tag("endif")
    b.each("para", f"{name}.body")
    b.each("item", f"{name}.bullets", "List Bullet")
    b.each("item", f"{name}.emphasis", "List Bullet")
    b.each("para", f"{name}.outro")
    b.each("link", f"{name}.links", "List Bullet", "{{r link.text }}")


def _final_word(b: Builder) -> None:
    """The closing section: its heading under the accent rule."""
    heading = b.doc.add_paragraph(style="Heading 1")
    heading.add_run("{{ final_word.heading }}")
    borders = place(heading._p.get_or_add_pPr(), OxmlElement("w:pBdr"))
    borders.append(border("top", 3, ACCENT, 4 * 72 / 25.4))
    heading.paragraph_format.space_before = Pt(9 * 72 / 25.4)
    b.each("para", "final_word.body")
    b.each("item", "final_word.bullets", "List Bullet")
    b.each("item", "final_word.emphasis", "List Bullet")
    b.each("para", "final_word.outro")
    b.each("link", "final_word.links", "List Bullet", "{{r link.text }}")


# Tables

def _table(b: Builder, width: float) -> Table:
    """Add a one-column table ``width`` points wide, fixed, flush with the margin."""
    table = b.doc.add_table(rows=1, cols=1)
    _fix_width(table, width)
    return table


def _side_table(b: Builder) -> Table:
    """Add an empty one-column table floating on the right of the text, which wraps it."""
    g = BRIEFING
    table = b.doc.add_table(rows=0, cols=1)
    _fix_width(table, g.side_width)
    floating = parse_xml(
        f'<w:tblpPr {nsdecls("w")} w:leftFromText="{twips(g.side_gap)}" w:rightFromText="0" '
        f'w:topFromText="0" w:bottomFromText="{twips(g.side_after)}" w:vertAnchor="text" '
        'w:horzAnchor="margin" w:tblpXSpec="right" w:tblpY="1"/>')
    place(table._tbl.tblPr, floating)
    return table


def _fix_width(table: Table, width: float) -> None:
    table_pr = table._tbl.tblPr
    size = OxmlElement("w:tblW")
    size.set(qn("w:w"), str(twips(width)))
    size.set(qn("w:type"), "dxa")
    place(table_pr, size)
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    place(table_pr, fixed)
    margins = parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>')
    place(table_pr, margins)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    place(table_pr, indent)
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(twips(width)))
    for row in table.rows:
        row.cells[0].width = Pt(width)


def _box_cell(cell: _Cell, fill: str, bottom: float | None = None) -> None:
    """Shade a side-column cell, rule its top in the accent colour and pad it (``bottom``:
    the padding under its text, when not the box's)."""
    g = BRIEFING
    shade(cell._tc.get_or_add_tcPr(), fill)
    _cell_borders(cell, {"top": (g.box_rule, ACCENT)})
    _cell_margins(cell, g.box_padding_top, g.box_padding_inline,
                  g.box_padding_bottom if bottom is None else bottom)
    row_pr = cell._tc.getparent().get_or_add_trPr()
    place(row_pr, OxmlElement("w:cantSplit"))


def _cell_borders(cell: _Cell, edges: dict[str, tuple[float, str]]) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in edges:
            width, colour = edges[side]
            borders.append(border(side, width, colour) if width else
                           parse_xml(f'<w:{side} {nsdecls("w")} w:val="nil"/>'))
    properties = cell._tc.get_or_add_tcPr()
    properties.append(borders)
    _order_cell_properties(properties)


def _cell_margins(cell: _Cell, top: float, inline: float, bottom: float) -> None:
    margins = OxmlElement("w:tcMar")
    for side, value in (("top", top), ("left", inline), ("bottom", bottom), ("right", inline)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips(value)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = cell._tc.get_or_add_tcPr()
    properties.append(margins)
    _order_cell_properties(properties)


_TC_PR_ORDER = ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd",
                "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")


def _order_cell_properties(properties: Any) -> None:
    """Put a cell's properties in the order the schema requires."""
    children = sorted(properties, key=lambda child: _TC_PR_ORDER.index(
        child.tag.rsplit("}", 1)[-1]))
    for child in children:
        properties.append(child)


def _row_height(row: Any, points: float) -> None:
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(twips(points)))
    height.set(qn("w:hRule"), "exact")
    place(row._tr.get_or_add_trPr(), height)
