"""Word layout of the one-minute guide: a masthead across the page, then boxes in two columns.

The page matches the PDF's, measurement for measurement (``GUIDE`` in
``scrdocs.kinds.one_minute_guide`` holds them for both): a masthead table (logo and
organisation, "One Minute Guide" on the house colour), the title and the date line, then a
continuous section break into a section of two columns (``w:cols``), where every box the view
planned is a one-column table — a heading band over a content row. Rows cannot split and the
band keeps with its content, so Word and LibreOffice move a box whole to the next column, as
the PDF does. Line pitches are exact, so both formats break their columns alike. Colours are
drawn in the default house colours, which rendering swaps for the profile's
(``scrdocs.word``). Content uses Word's own styles (Heading 1 for box headings, Heading 2 for
reviews, List Bullet), so the guide stays editable.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import word_design
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table, _Cell
from make_templates import Builder

from scrdocs.design import TEMPLATE_BRAND
from scrdocs.kinds.one_minute_guide import GUIDE, GUIDE_LABEL, QUESTION_RULE, SUBHEADING_RULE

from ._cells import cell_each, cell_tag, cell_text, row_tag

PRIMARY = TEMPLATE_BRAND["primary"].lstrip("#").upper()
"""The primary colour the template is drawn in: rendering gives the profile's instead."""
ACCENT = TEMPLATE_BRAND["accent"].lstrip("#").upper()
"""The accent colour the template is drawn in: rendering gives the profile's instead."""
BOX_FILL = "F5F7FA"
GREY_TEXT = RGBColor(0x50, 0x5A, 0x5F)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)

Fill = Callable[[_Cell], None]


def twips(points: float) -> int:
    """Return ``points`` in twentieths of a point, as Word measures widths and heights."""
    return round(points * 20)


def layout(b: Builder, label: str = GUIDE_LABEL) -> None:
    """Lay out the Word template of this kind; ``label`` is the masthead's name for the
    document, which its band is sized to (the seven-minute briefing shares this page)."""
    _page(b)
    _add_styles(b)
    _masthead(b, label)
    b.p("{{ document.title }}", "Title")
    b.available_in()
    _meta(b)
    _two_columns(b)
    b.tag("for box in boxes")
    _column_break(b)
    b.tag("if box.kind == 'contact'")
    _box(b, top_rule=ACCENT)
    b.tag("else")
    _box(b)
    b.tag("endif")
    b.tag("endfor")


def _column_break(b: Builder) -> None:
    """Start the next column before a box the view's plan moved there to balance the last
    page's columns: a column break in a paragraph of 1 pt (the PDF breaks before the box)."""
    b.tag("if box.column_break")
    paragraph = b.doc.add_paragraph(style="Section Break")
    paragraph.add_run().add_break(WD_BREAK.COLUMN)
    b.tag("endif")


def _page(b: Builder) -> None:
    """Set the margins of the PDF's page (the running header and footer sit inside them)."""
    section = b.doc.sections[0]
    section.top_margin, section.bottom_margin = Pt(GUIDE.margin_top), Pt(GUIDE.margin_bottom)
    section.left_margin = section.right_margin = Pt(GUIDE.margin_side)


def _exact(style: object, size: float, pitch: float, before: float = 0,
           after: float = 0) -> None:
    """Give ``style`` a type size, an exact line pitch and the space around it."""
    style.font.size = Pt(size)  # type: ignore[attr-defined]
    paragraph = style.paragraph_format  # type: ignore[attr-defined]
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = Pt(pitch)
    paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)


def _add_styles(b: Builder) -> None:
    """Size Word's styles as the PDF sets the guide, and add the guide's own."""
    g = GUIDE
    styles = b.doc.styles

    def add(name: str, base: str = "Normal") -> object:
        """Return a new paragraph style ``name`` based on ``base``, in place of any style
        of that name the shared design set up for other kinds."""
        if name in [style.name for style in styles]:
            styles[name].delete()
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        return style

    _exact(styles["Title"], g.title_size, g.title_pitch, g.masthead_after, g.title_after)
    styles["Title"].font.bold = True
    _exact(styles["Heading 1"], g.heading_size, g.heading_pitch)
    styles["Heading 1"].paragraph_format.keep_with_next = True
    subheading = styles["Heading 2"]
    _exact(subheading, g.subheading_size, g.subheading_pitch, g.subheading_before,
           g.subheading_after)
    _rule(subheading.element.get_or_add_pPr(), "left", SUBHEADING_RULE, ACCENT,
          g.subheading_indent - SUBHEADING_RULE)
    subheading.paragraph_format.left_indent = Pt(g.subheading_indent)
    box_text = add("Box Text")
    _exact(box_text, g.body_size, g.body_pitch, after=g.after)
    contact = add("Contact Line", "Box Text")
    contact.paragraph_format.space_after = Pt(g.contact_after)
    bullet = styles["List Bullet"]
    _exact(bullet, g.body_size, g.body_pitch, after=g.after)
    for spacing in bullet.element.pPr.findall(qn("w:contextualSpacing")):
        bullet.element.pPr.remove(spacing)  # items keep their space after, as in the PDF
    bullet.paragraph_format.left_indent = Pt(g.bullet_indent)
    bullet.paragraph_format.first_line_indent = Pt(-g.bullet_indent * 0.75)
    lead = add("Lead In", "Box Text")
    lead.paragraph_format.keep_with_next = True
    more = add("More Points", "Box Text")
    more.font.italic = True
    question = add("Question", "Box Text")
    _rule(question.element.get_or_add_pPr(), "left", QUESTION_RULE, PRIMARY,
          g.question_indent - QUESTION_RULE)
    question.paragraph_format.left_indent = Pt(g.question_indent)
    status = add("Not Yet Published", "Box Text")
    status.font.bold = True
    status.font.color.rgb = GREY_TEXT
    band = add("Box Continued")
    _exact(band, g.heading_size, g.heading_pitch)
    band.font.bold = True
    band.paragraph_format.keep_with_next = True
    resumed = add("Review Continued", "Heading 2")
    resumed.paragraph_format.keep_with_next = True
    _exact(add("Box Spacer"), 1, g.box_gap)
    _exact(add("Section Break"), 1, 1)
    organisation = add("Guide Organisation")
    _exact(organisation, g.organisation_size, g.organisation_pitch)
    organisation.font.bold = True
    label = add("Guide Label")
    _exact(label, g.label_size, g.label_pitch)
    label.font.bold = True
    label.font.color.rgb = WHITE
    label.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = add("Guide Meta")
    _exact(meta, g.body_size, g.body_pitch, after=g.meta_after)
    _rule(meta.element.get_or_add_pPr(), "bottom", g.meta_rule, ACCENT, g.meta_padding)


def _rule(p_pr: object, side: str, width: float, colour: str, space: float) -> None:
    """Draw a rule ``width`` points wide on one side of a paragraph style, ``space`` points
    from its text."""
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(round(width * 8))),
                       ("w:space", str(round(space))), ("w:color", colour)):
        edge.set(qn(key), value)
    borders.append(edge)
    _insert_in_order(p_pr, borders)


_P_PR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
               "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
               "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
               "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
               "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
               "jc", "textDirection", "textAlignment", "textboxTightWrap",
               "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def _insert_in_order(p_pr: object, element: object) -> None:
    """Insert ``element`` into paragraph properties where the schema wants it."""
    name = element.tag.split("}")[1]  # type: ignore[attr-defined]
    later = _P_PR_ORDER[_P_PR_ORDER.index(name) + 1:]
    for child in p_pr:  # type: ignore[attr-defined]
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    p_pr.append(element)  # type: ignore[attr-defined]


def _masthead(b: Builder, label: str) -> None:
    """Add the masthead: the logo (when the profile has one), the organisation, and the
    label ('One Minute Guide') on the house colour, over a rule in the house colour."""
    b.tag("if document.organisation.logo_path")
    _masthead_table(b, label, with_logo=True)
    b.tag("else")
    _masthead_table(b, label, with_logo=False)
    b.tag("endif")


def _masthead_table(b: Builder, label_text: str, with_logo: bool) -> None:
    """Add the masthead as a table of one row: [logo,] organisation, label. The label's
    cell is as wide as ``label_text`` needs here; rendering gives it the width the view
    measured for the document's own label (in each of its languages), as the PDF's label
    box has (:func:`scrdocs.word.fit_masthead_label`)."""
    g = GUIDE
    width = g.masthead_width
    label_width = g.label_width(label_text)
    logo_width = [g.logo_width] if with_logo else []
    table = _table(b, [*logo_width, width - label_width - sum(logo_width), label_width])
    _borders(table, {"bottom": (g.masthead_rule, PRIMARY)})
    row = table.rows[0]
    _row_height(row, g.logo_height + g.masthead_padding)
    *brand, label = row.cells
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _margins(cell, top=0, bottom=0 if cell is label else g.masthead_padding,
                 left=g.label_padding_inline if cell is label else 0,
                 right=g.label_padding_inline if cell is label else 0)
    if with_logo:
        logo = cell_text(brand[0], "{{ document.organisation.logo_image }}", "Normal")
        logo.paragraph_format.space_after = Pt(0)
    name = cell_text(brand[-1], "{{ document.organisation.name }}", "Guide Organisation")
    name.runs[0].font.color.rgb = RGBColor.from_string(PRIMARY)
    word_design.shade(label._tc.get_or_add_tcPr(), PRIMARY)
    cell_text(label, "{{ guide.label }}", "Guide Label")


def _meta(b: Builder) -> None:
    """Add 'Date: …' and 'Version: …' on one line over the accent rule."""
    b.tag("if guide.date or guide.version")
    paragraph = b.doc.add_paragraph(style="Guide Meta")
    paragraph.add_run("{% if guide.date %}")
    paragraph.add_run("{{ document.labels.date }} ").bold = True
    paragraph.add_run("{{ guide.date }}{% endif %}{% if guide.date and guide.version %}"
                      "\u2003\u2003{% endif %}{% if guide.version %}")
    paragraph.add_run("{{ document.labels.version }} ").bold = True
    paragraph.add_run("{{ guide.version }}{% endif %}")
    b.tag("endif")


def _two_columns(b: Builder) -> None:
    """End the masthead's section and lay out the rest of the guide in two columns."""
    body = b.doc.element.body
    last = body.sectPr
    masthead = copy.deepcopy(last)
    paragraph = b.doc.add_paragraph(style="Section Break")
    paragraph._p.get_or_add_pPr().append(masthead)
    start = OxmlElement("w:type")
    start.set(qn("w:val"), "continuous")
    last.insert(0, start)
    columns = last.find(qn("w:cols"))
    if columns is None:
        columns = OxmlElement("w:cols")
        last.append(columns)
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), str(twips(GUIDE.column_gap)))


def _box(b: Builder, top_rule: str | None = None) -> None:
    """Add a box: a one-column table, the heading band over the content row; then the space
    to the next box."""
    g = GUIDE
    table = _table(b, [g.column_width])
    rule = {"top": (g.contact_rule, top_rule)} if top_rule else {}
    _borders(table, {side: (g.border, PRIMARY)
                     for side in ("top", "left", "bottom", "right", "insideH")} | rule)
    row_tag(table, "if box.heading")
    band = table.add_row()
    _keep_row(band)
    cell = band.cells[0]
    word_design.shade(cell._tc.get_or_add_tcPr(), PRIMARY)
    _margins(cell, top=g.heading_padding_block, bottom=g.heading_padding_block,
             left=g.heading_padding_inline, right=g.heading_padding_inline)
    cell_tag(cell, "if box.continued")
    cell_text(cell, "{{ box.heading_shown }}", "Box Continued", WHITE)
    cell_tag(cell, "else")
    cell_text(cell, "{{ box.heading }}", "Heading 1", WHITE)
    cell_tag(cell, "endif")
    row_tag(table, "endif")
    row_tag(table, "if box.has_body")
    content = table.add_row()
    _keep_row(content)
    cell = content.cells[0]
    word_design.shade(cell._tc.get_or_add_tcPr(), BOX_FILL)
    _margins(cell, top=g.padding_top, bottom=g.padding_bottom, left=g.padding_inline,
             right=g.padding_inline)
    _parts(cell)
    row_tag(table, "endif")
    b.doc.add_paragraph(style="Box Spacer")


def _parts(cell: _Cell) -> None:
    """Fill a box's content row: every part's sub-heading, then its blocks in order."""
    cell_tag(cell, "for part in box.parts")
    cell_tag(cell, "if part.subheading")
    cell_tag(cell, "if part.subheading_continued")
    cell_text(cell, "{{ part.subheading }}", "Review Continued")
    cell_tag(cell, "else")
    cell_text(cell, "{{ part.subheading }}", "Heading 2")
    cell_tag(cell, "endif")
    cell_tag(cell, "endif")
    cell_tag(cell, "if box.kind == 'contact'")
    cell_each(cell, "line", "part.body", "Contact Line")
    cell_tag(cell, "else")
    cell_each(cell, "para", "part.body", "Box Text")
    cell_tag(cell, "endif")
    cell_each(cell, "item", "part.findings", "List Bullet")
    cell_each(cell, "para", "part.lead", "Lead In")
    cell_each(cell, "item", "part.bullets", "List Bullet")
    cell_each(cell, "item", "part.emphasis", "List Bullet")
    cell_each(cell, "para", "part.more", "More Points")
    cell_tag(cell, "for question in part.questions")
    paragraph = cell_text(cell, "{{ document.labels.question }} ", "Question")
    paragraph.runs[0].bold = True
    paragraph.runs[0].font.color.rgb = RGBColor.from_string(PRIMARY)
    paragraph.add_run("{{r question }}")
    cell_tag(cell, "endfor")
    cell_each(cell, "para", "part.outro", "Box Text")
    cell_each(cell, "link", "part.links", "Box Text", "{{r link.text }}")
    cell_each(cell, "para", "part.status", "Not Yet Published")
    cell_tag(cell, "endfor")


def _table(b: Builder, widths: list[float]) -> Table:
    """Add a table of one row (none when it has one column) with fixed column widths."""
    table = b.doc.add_table(rows=0 if len(widths) == 1 else 1, cols=len(widths))
    table_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(twips(sum(widths))))
    width.set(qn("w:type"), "dxa")
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    for element in (width, fixed):
        word_design.place(table_pr, element)
    for column, size in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        column.set(qn("w:w"), str(twips(size)))
    for row in table.rows:
        for cell, size in zip(row.cells, widths):
            cell.width = Pt(size)
    return table


_TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                 "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
                 "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _borders(table: Table, edges: dict[str, tuple[float, str]]) -> None:
    """Draw the table's borders: side → (width in points, colour)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side not in edges:
            continue
        width, colour = edges[side]
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", str(round(width * 8))),
                           ("w:space", "0"), ("w:color", colour)):
            edge.set(qn(key), value)
        borders.append(edge)
    table_pr = table._tbl.tblPr
    later = _TBL_PR_ORDER[_TBL_PR_ORDER.index("tblBorders") + 1:]
    for child in table_pr:
        if child.tag.split("}")[1] in later:
            child.addprevious(borders)
            return
    table_pr.append(borders)


def _keep_row(row: object) -> None:
    """Keep a table row from breaking across columns and pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _row_height(row: object, points: float) -> None:
    """Make a row at least ``points`` tall."""
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(twips(points)))
    height.set(qn("w:hRule"), "atLeast")
    row._tr.get_or_add_trPr().append(height)  # type: ignore[attr-defined]


def _margins(cell: _Cell, top: float, bottom: float, left: float | None = None,
             right: float | None = None) -> None:
    """Set the space between a cell's borders and its text, in points."""
    margins = OxmlElement("w:tcMar")
    for edge, width in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        if width is None:
            continue
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(twips(width)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    cell._tc.get_or_add_tcPr().append(margins)
