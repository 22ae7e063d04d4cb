"""Word layout of the one-minute guide: masthead, then every section as a boxed table.

Each box is a one-column table: a shaded heading row (Heading 1) over a content row, with a
small spacer paragraph after it so that neighbouring boxes stay separate tables. Content
uses Word's own styles (Normal, List Bullet, Heading 2), so the guide stays editable.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from make_templates import GREY, Builder, _shade

from ._meeting import logo

BAND_FILL = "E7EAEE"
"""The heading band's shading: a light neutral, so that Heading 1 in any house colour reads."""
BOX_FILL = "F7F8FA"
BORDER_COLOUR = "8A9096"

Fill = Callable[[_Cell], None]


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    _add_styles(b)
    logo(b)
    b.p("{{ document.organisation.name }}", "Guide Organisation")
    b.p("{{ guide.label }}", "Guide Label")
    b.p("{{ document.title }}", "Title")
    b.tag("if guide.date")
    b.labelled("Date: ", "{{ guide.date }}")
    b.tag("endif")
    b.tag("if guide.version")
    b.labelled("Version: ", "{{ guide.version }}")
    b.tag("endif")
    _sections(b, "sections_before")
    b.tag("if local_reviews")
    _box(b, "{{ local_reviews.heading }}", _local_reviews)
    b.tag("endif")
    _sections(b, "sections_after")
    b.tag("if contact")
    _box(b, "{{ contact.heading }}", lambda cell: _each(cell, "line", "contact.lines"))
    b.tag("endif")


def _add_styles(b: Builder) -> None:
    """Size the built-in styles for a one- or two-page guide and add the masthead's own."""
    section = b.doc.sections[0]
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    styles = b.doc.styles
    for name, size in [("Normal", 10.5), ("Title", 20), ("Heading 1", 12.5),
                       ("Heading 2", 11)]:
        styles[name].font.size = Pt(size)
    styles["Title"].paragraph_format.space_after = Pt(6)
    organisation = styles.add_style("Guide Organisation", WD_STYLE_TYPE.PARAGRAPH)
    organisation.base_style = styles["Normal"]
    organisation.font.bold = True
    organisation.font.size = Pt(13)
    organisation.paragraph_format.space_after = Pt(0)
    label = styles.add_style("Guide Label", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    label.font.bold = True
    label.font.size = Pt(18)
    label.font.color.rgb = GREY
    label.paragraph_format.space_after = Pt(4)
    spacer = styles.add_style("Box Spacer", WD_STYLE_TYPE.PARAGRAPH)
    spacer.base_style = styles["Normal"]
    spacer.font.size = Pt(4)
    spacer.paragraph_format.space_after = Pt(4)


def _sections(b: Builder, sequence: str) -> None:
    """Add one box per section of ``sequence``; a box without a heading has no band."""
    b.tag(f"for section in {sequence}")
    _box(b, "{{ section.heading }}", _section_parts, heading_if="section.heading",
         body_if="section.has_body")
    b.tag("endfor")


def _section_parts(cell: _Cell) -> None:
    _tag(cell, "for part in section.parts")
    _each(cell, "para", "part.body")
    _each(cell, "bullet", "part.bullets", "List Bullet")
    _each(cell, "bullet", "part.emphasis", "List Bullet")
    _each(cell, "para", "part.outro")
    _each(cell, "link", "part.links", text="{{r link.text }}")
    _tag(cell, "endfor")


def _local_reviews(cell: _Cell) -> None:
    _each(cell, "para", "local_reviews.intro")
    _tag(cell, "for review in local_reviews.reviews")
    heading = _p(cell, "{{ review.title }}", "Heading 2")
    heading.paragraph_format.space_before = Pt(8)
    heading.paragraph_format.space_after = Pt(3)
    _each(cell, "para", "review.summary")
    _each(cell, "finding", "review.findings", "List Bullet")
    _tag(cell, "endfor")
    _each(cell, "para", "local_reviews.outro")


def _box(b: Builder, heading: str, fill: Fill, heading_if: str | None = None,
         body_if: str | None = None) -> None:
    """Add a bordered one-column table: the heading band, then the content row."""
    table = b.doc.add_table(rows=0, cols=1)
    _borders(table._tbl)
    if heading_if:
        _row_tag(table, f"if {heading_if}")
    band = table.add_row()
    band_pr = band._tr.get_or_add_trPr()
    band_pr.append(OxmlElement("w:cantSplit"))
    _shade(band.cells[0]._tc.get_or_add_tcPr(), BAND_FILL)
    paragraph = _p(band.cells[0], heading, "Heading 1")
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(3)
    if heading_if:
        _row_tag(table, "endif")
    if body_if:
        _row_tag(table, f"if {body_if}")
    body = table.add_row().cells[0]
    _shade(body._tc.get_or_add_tcPr(), BOX_FILL)
    _margins(body, top=100, bottom=40)
    fill(body)
    if body_if:
        _row_tag(table, "endif")
    b.doc.add_paragraph(style="Box Spacer")


def _row_tag(table: object, tag: str) -> None:
    row = table.add_row()  # type: ignore[attr-defined]
    row.cells[0].paragraphs[0].add_run(f"{{%tr {tag} %}}")


def _p(cell: _Cell, text: str, style: str | None = None) -> object:
    """Add a paragraph to ``cell``, filling the empty one a new cell starts with first."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.text:
        paragraph = first
        if style:
            paragraph.style = style
    else:
        paragraph = cell.add_paragraph(style=style)
    paragraph.add_run(text)
    return paragraph


def _tag(cell: _Cell, tag: str) -> None:
    _p(cell, f"{{%p {tag} %}}")


def _each(cell: _Cell, name: str, sequence: str, style: str | None = None,
          text: str | None = None) -> None:
    """Add one paragraph of ``cell`` repeated for every entry of ``sequence``."""
    _tag(cell, f"for {name} in {sequence}")
    _p(cell, text or f"{{{{r {name} }}}}", style)
    _tag(cell, "endfor")


def _borders(tbl: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "6")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), BORDER_COLOUR)
        borders.append(element)
    table_pr = tbl.tblPr  # type: ignore[attr-defined]
    look = table_pr.find(qn("w:tblLook"))
    if look is None:
        table_pr.append(borders)
    else:
        look.addprevious(borders)  # the schema puts tblBorders before tblLook


def _margins(cell: _Cell, top: int, bottom: int) -> None:
    """Set the cell's top and bottom margins, in twentieths of a point."""
    margins = OxmlElement("w:tcMar")
    for edge, width in (("top", top), ("bottom", bottom)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(width))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    cell._tc.get_or_add_tcPr().append(margins)

