"""Layout pieces the meeting documents share: masthead, labels, resolutions, action plan.

Every measure comes from :mod:`scrdocs.design`, which the print stylesheet reads too.
"""

from __future__ import annotations

from typing import Any

import word_design
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from make_templates import Builder

from scrdocs.design import ACTION_COLUMNS, MASTHEAD, PAGE

TEXT_WIDTH = Mm(PAGE["width"] - PAGE["left"] - PAGE["right"])
TWIPS_PER_EMU = 1 / 635


def meeting_styles(b: Builder) -> None:
    """Set the meeting documents in the shared type scale (sizes, line heights, spacing)."""
    word_design.typeset(b.doc)


def meeting_masthead(b: Builder) -> None:
    """Add the masthead: council in the brand colour over committee and date, the logo (when
    the profile has one) to their right, and the brand rule under both."""
    logo_width = Mm(MASTHEAD["logo_width"])
    table = _layout_table(b, [TEXT_WIDTH - logo_width, logo_width],
                          {"bottom": (MASTHEAD["rule"], word_design.brand_hex())},
                          {"bottom": MASTHEAD["padding"]})
    names, logo_cell = table.rows[0].cells
    names.paragraphs[0].style = b.doc.styles["Masthead Organisation"]
    names.paragraphs[0].add_run("{{ meeting.council or document.organisation.name }}")
    names.add_paragraph("{{ meeting.committee }}{% if meeting.date %} — {{ meeting.date }}"
                        "{% endif %}", "Subtitle")
    picture = logo_cell.paragraphs[0]
    picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    picture.paragraph_format.space_after = Pt(0)
    picture.add_run("{{ document.organisation.logo_image }}")
    for cell in (names, logo_cell):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def after_masthead(b: Builder) -> None:
    """Leave the masthead's space below the paragraph just added (the first after it)."""
    b.doc.paragraphs[-1].paragraph_format.space_before = Pt(MASTHEAD["after"])


def meeting_opening(b: Builder) -> None:
    """Open a meeting document: the shared type scale, the masthead, the document's title
    at the masthead's distance below it, and the line naming the document's other language."""
    meeting_styles(b)
    meeting_masthead(b)
    b.p("{{ document.title }}", "Title")
    after_masthead(b)
    b.available_in()


def item_heading(b: Builder) -> None:
    """Add an agenda item's heading inside a loop over items: its label on a line of its own
    above the title, in one Heading 1 paragraph (so that no page can part them), with a rule
    above it from the second item on, as between the items of the PDF."""
    b.tag("if loop.first")
    _labelled_heading(b)
    b.tag("else")
    word_design.rule_above(_labelled_heading(b))
    b.tag("endif")


def _labelled_heading(b: Builder) -> Any:
    paragraph = b.doc.add_paragraph(style="Heading 1")
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.add_run("{%r if item.label %}")
    paragraph.add_run("{{ item.label }}", "Agenda Label Char")
    paragraph.add_run().add_break()
    paragraph.add_run("{%r endif %}")
    paragraph.add_run("{{ item.title }}")
    return paragraph


def labelled_line(b: Builder, label: str, text: str, style: str | None = None) -> None:
    """Add a paragraph: ``label`` in bold (left out when it is empty), then ``text``."""
    paragraph = b.doc.add_paragraph(style=style)
    paragraph.add_run(f"{{%r if {label} %}}")
    paragraph.add_run(f"{{{{ {label} }}}} ").bold = True
    paragraph.add_run("{%r endif %}")
    paragraph.add_run(text)


def meeting_record(b: Builder) -> None:
    """Add the meeting's record under the title: time, present, apologies, in attendance
    and declarations of interest, each a labelled line (declarations may be bullets); in a
    minutes template, a prompt for each part not yet recorded."""
    b.tag("for entry in meeting.record")
    b.tag("if entry.prompt")
    labelled_line(b, "entry.label", "{{ entry.prompt }}", "Prompt")
    b.tag("else")
    labelled_line(b, "entry.label", "{{r entry.text }}")
    b.each("line", "entry.bullets", "List Bullet")
    b.tag("endif")
    b.tag("endfor")


def minutes_blocks(b: Builder, sequence: str) -> None:
    """Add an item's minutes, block by block in the order written: paragraphs (lists and
    numbered paragraphs are laid out when the document is rendered), the lead-in to a
    discussion, bullets, sub-headings, the points raised with their responses, and RESOLVED
    blocks."""
    b.tag(f"for block in {sequence}")
    b.tag('if block.type == "paragraphs"')
    b.each("para", "block.paragraphs")
    b.tag('elif block.type == "lead_in"')
    b.p("{{r block.text }}", "Lead In")
    b.tag('elif block.type == "bullets"')
    b.each("entry", "block.bullets", "List Bullet")
    b.tag('elif block.type == "heading"')
    b.p("{{r block.text }}", "Heading 2")
    b.tag('elif block.type == "points"')
    b.tag("for point in block.points")
    b.p("{{r point.point }}", "List Bullet")
    b.each("para", "point.response", "List Continue")
    b.each("detail", "point.details", "List Bullet 2")
    b.tag("endfor")
    b.tag('elif block.type == "resolved"')
    b.tag("if block.label")
    b.p("{{r block.label }}", "Minute Label")
    b.tag("endif")
    b.each("entry", "block.resolutions")
    b.tag("endif")
    b.tag("endfor")


def contact_block(b: Builder, lines: str) -> None:
    """Add a contact's lines as one paragraph, a line each, that never splits."""
    paragraph = b.doc.add_paragraph(style="Contact")
    paragraph.add_run(f"{{%r for line in {lines} %}}")
    paragraph.add_run("{{r line }}")
    paragraph.add_run("{%r if not loop.last %}")
    paragraph.add_run().add_break()
    paragraph.add_run("{%r endif %}")
    paragraph.add_run("{%r endfor %}")


def presenter(b: Builder, value: str) -> None:
    """Add 'Presented by: …' when there is a presenter."""
    b.tag(f"if {value}")
    b.labelled("{{ document.labels.presented_by }} ", f"{{{{ {value} }}}}", "Presenter")
    b.tag("endif")


def paragraphs(b: Builder, sequence: str, style: str | None = None) -> None:
    """Add the paragraphs of a marked-up text field."""
    b.each("para", sequence, style)


def resolutions(b: Builder, sequence: str, numbered: str, text: str = "{{r entry }}",
                reference: str | None = None) -> None:
    """Add resolutions: numbered by Word when more than one, a plain paragraph when alone;
    each followed by its ``reference`` in the quieter Reference style, when given."""
    b.tag(f"if {numbered}")
    _each_resolution(b, sequence, "List Number", text, reference)
    b.tag("else")
    _each_resolution(b, sequence, None, text, reference)
    b.tag("endif")


def _each_resolution(b: Builder, sequence: str, style: str | None, text: str,
                     reference: str | None) -> None:
    b.tag(f"for entry in {sequence}")
    b.p(text, style)
    if reference:
        b.doc.paragraphs[-1].add_run(" ")
        b.doc.paragraphs[-1].add_run(reference, "Reference")
    b.tag("endfor")


def fact(b: Builder) -> None:
    """Add one review fact inside a loop over facts: its label in bold, a tab, its value."""
    paragraph = b.doc.add_paragraph(style="Fact")
    paragraph.add_run("{{ fact.label }}:").bold = True
    paragraph.add_run("\t")
    paragraph.add_run("{{r fact.value }}")


def logo(b: Builder) -> None:
    """Add the organisation's logo, when its profile has one (PNG or JPEG)."""
    b.tag("if document.organisation.logo_path")
    b.p("{{ document.organisation.logo_image }}")
    b.tag("endif")


def action_table(b: Builder, loop: str = "action in review.actions") -> None:
    """Add the action plan: columns as wide as their content needs (Action widest), a header
    row in the brand colour repeated on every page, rows that never split across pages, and
    each status written out, overdue in red and complete in green."""
    shares = [share for _, _, share in ACTION_COLUMNS]
    widths = [int(TEXT_WIDTH * share / sum(shares)) for share in shares]
    rule = (0.5, word_design.hex_of("rule"))
    table = _layout_table(b, widths, dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), rule),
        {"top": 3, "bottom": 3, "left": 5, "right": 5}, rows=4)
    header, opening, body, closing = table.rows
    for cell, (field, _, _) in zip(header.cells, ACTION_COLUMNS):
        word_design.shade(cell._tc.get_or_add_tcPr(), word_design.brand_hex())
        run = _cell_text(cell, f"{{{{ document.labels.{field} }}}}")
        run.bold = True
        run.font.color.rgb = word_design.rgb(word_design.colour("on-brand"))
    _row_flags(header, "cantSplit", "tblHeader")
    _cell_text(opening.cells[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(body.cells[:3], ("{{r action.action }}", "{{ action.owner }}",
                                           "{{ action.due }}")):
        _cell_text(cell, text)
    _status_cell(body.cells[3])
    _row_flags(body, "cantSplit")
    _cell_text(closing.cells[0], "{%tr endfor %}")


def _status_cell(cell: Any) -> None:
    """Write the status, in the colour its meaning has (the words are always there too)."""
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles["Table Text"]
    status_runs(paragraph)


def status_runs(paragraph: Any) -> None:
    """Add an action's status to ``paragraph`` in the character style of its meaning
    (overdue, complete, or plain otherwise)."""
    paragraph.add_run('{%r if action.status_key == "overdue" %}')
    paragraph.add_run("{{ action.status }}", "Status Overdue")
    paragraph.add_run('{%r elif action.status_key == "complete" %}')
    paragraph.add_run("{{ action.status }}", "Status Complete")
    paragraph.add_run("{%r else %}")
    paragraph.add_run("{{ action.status }}")
    paragraph.add_run("{%r endif %}")


def _cell_text(cell: Any, text: str) -> Any:
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles["Table Text"]
    return paragraph.add_run(text)


def _row_flags(row: Any, *flags: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for flag in flags:
        word_design.place(tr_pr, OxmlElement(f"w:{flag}"))


def _layout_table(b: Builder, widths: list[int], borders: dict[str, tuple[float, str]],
                  margins: dict[str, float], rows: int = 1) -> Any:
    """Add a table of fixed column ``widths`` (EMU) with only the ``borders`` given
    (side → (points, RRGGBB)) and cell ``margins`` (side → points; others 0)."""
    table = b.doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(sum(widths) * TWIPS_PER_EMU)))
    width.set(qn("w:type"), "dxa")
    word_design.place(tbl_pr, width)
    edges = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in borders:
            points, colour = borders[side]
            edges.append(word_design.border(side, points, colour))
        else:
            edges.append(_no_border(side))
    word_design.place(tbl_pr, edges)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    word_design.place(tbl_pr, layout)
    cell_margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(margins.get(side, 0) * 20)))
        margin.set(qn("w:type"), "dxa")
        cell_margins.append(margin)
    word_design.place(tbl_pr, cell_margins)
    for column, column_width in zip(table.columns, widths):
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width
    return table


def _no_border(side: str) -> Any:
    element = OxmlElement(f"w:{side}")
    element.set(qn("w:val"), "nil")
    return element
