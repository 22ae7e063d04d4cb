"""Writing into table cells: the guide layouts build their boxes as tables, and fill each cell
with paragraphs and docxtpl's paragraph and row tags through these helpers."""

from __future__ import annotations

from docx.shared import RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph


def row_tag(table: Table, tag: str) -> None:
    """Add a row to ``table`` holding only the docxtpl row tag ``{%tr tag %}``."""
    row = table.add_row()
    row.cells[0].paragraphs[0].add_run(f"{{%tr {tag} %}}")


def cell_text(cell: _Cell, text: str, style: str | None = None,
              colour: RGBColor | None = None) -> Paragraph:
    """Add a paragraph holding ``text`` (none when empty) to ``cell``, in ``colour`` when
    given, filling the empty paragraph a new cell starts with first."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.text and not first.runs:
        paragraph = first
        if style:
            paragraph.style = style
    else:
        paragraph = cell.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if colour is not None:
            run.font.color.rgb = colour
    return paragraph


def cell_tag(cell: _Cell, tag: str) -> None:
    """Add a paragraph holding only the docxtpl paragraph tag ``{%p tag %}`` to ``cell``."""
    cell_text(cell, f"{{%p {tag} %}}")


def cell_each(cell: _Cell, name: str, sequence: str, style: str | None = None,
              text: str | None = None) -> None:
    """Add one paragraph of ``cell`` repeated for every entry of ``sequence``."""
    cell_tag(cell, f"for {name} in {sequence}")
    cell_text(cell, text or f"{{{{r {name} }}}}", style)
    cell_tag(cell, "endfor")
