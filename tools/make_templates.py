"""Write the default Word templates, ``templates/<kind>/<kind>.docx``, with python-docx.

Run ``python tools/make_templates.py`` after changing a layout here. The files it writes are
ordinary .docx documents holding docxtpl tags: a person can open them in Word, restyle them,
add text, and save them into a workspace's ``templates/`` folder to override the defaults.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
sys.path.insert(0, str(TEMPLATES.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import word_design  # noqa: E402

from scrdocs.design import COLOURS, css  # noqa: E402
from scrdocs.word import normalise_zip  # noqa: E402

GREY = RGBColor.from_string(COLOURS["muted"].lstrip("#"))


class Builder:
    """A Word template under construction: paragraphs, tags and tables, in order."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._setup_page()
        self._setup_styles()
        word_design.common(self.doc)
        self._setup_header_footer()

    def _setup_page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)

    def _setup_styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in [("Title", 22), ("Heading 1", 15), ("Heading 2", 13),
                           ("Heading 3", 11.5), ("Subtitle", 11)]:
            style = styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            rfonts = style.element.rPr.find(qn("w:rFonts"))
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                if rfonts is not None and rfonts.get(qn(attribute)) is not None:
                    del rfonts.attrib[qn(attribute)]
        styles["Subtitle"].font.color.rgb = GREY
        styles["Subtitle"].font.italic = False
        hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        hyperlink.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
        hyperlink.font.underline = True
        label = styles.add_style("Agenda Label", WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = normal
        label.font.size = Pt(9.5)
        label.font.all_caps = True
        label.font.color.rgb = GREY
        label.paragraph_format.space_after = Pt(2)
        label.paragraph_format.keep_with_next = True
        heading_label = styles.add_style("Minute Label", WD_STYLE_TYPE.PARAGRAPH)
        heading_label.base_style = normal
        heading_label.font.bold = True
        heading_label.paragraph_format.space_before = Pt(8)
        heading_label.paragraph_format.keep_with_next = True
        prompt = styles.add_style("Prompt", WD_STYLE_TYPE.PARAGRAPH)
        prompt.base_style = normal
        prompt.font.italic = True
        prompt.font.color.rgb = GREY
        word_design.shade(prompt.element.get_or_add_pPr(), "F3F2F1")

    def _setup_header_footer(self) -> None:
        word_design.header_and_footer(self.doc)

    def p(self, text: str = "", style: str | None = None, *, bold: bool = False,
          italic: bool = False) -> None:
        """Add a paragraph holding ``text`` in one run."""
        paragraph = self.doc.add_paragraph(style=style)
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None

    def labelled(self, label: str, text: str, style: str | None = None) -> None:
        """Add a paragraph with a bold label run, then ``text``."""
        paragraph = self.doc.add_paragraph(style=style)
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)

    def tag(self, tag: str) -> None:
        """Add a paragraph-level docxtpl tag: ``{%p tag %}``."""
        self.doc.add_paragraph(f"{{%p {tag} %}}")

    def available_in(self) -> None:
        """Add the line a version in one language prints to say the other's exists ('This
        document is available in Welsh.'): a paragraph only when the view gives the line."""
        self.tag("if document.available_in")
        self.p("{{ document.available_in }}", "Available In")
        self.tag("endif")

    def each(self, name: str, sequence: str, style: str | None = None,
             text: str | None = None) -> None:
        """Add one paragraph repeated for every entry of ``sequence``."""
        self.tag(f"for {name} in {sequence}")
        self.p(text or f"{{{{r {name} }}}}", style)
        self.tag("endfor")

    def table(self, headers: list[str], loop: str, cells: list[str]) -> None:
        """Add a table: a repeated header row, then one row per entry of ``loop``."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        for cell, header in zip(table.rows[0].cells, headers):
            cell.paragraphs[0].add_run(header).bold = True
            word_design.shade(cell._tc.get_or_add_tcPr(), "DEE0E2")
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
        for cell, text in zip(table.rows[2].cells, cells):
            cell.paragraphs[0].add_run(text)
        table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")

    def save(self, path: Path) -> None:
        """Write the template, stamped so that rebuilding gives the same bytes."""
        word_design.footer_tabs(self.doc)
        word_design.flush_tables(self.doc)
        core = self.doc.core_properties
        core.author = core.last_modified_by = ""
        core.title = core.subject = core.keywords = core.comments = ""
        core.revision = 1
        import datetime as dt
        core.created = core.modified = dt.datetime(2020, 1, 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        import io
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.write_bytes(normalise_zip(buffer.getvalue()))


def layouts() -> dict[str, Callable[[Builder], None]]:
    """Return every kind's layout function: ``tools/layouts/<kind>.py`` defines ``layout``."""
    found = {}
    for module_file in sorted((Path(__file__).parent / "layouts").glob("*.py")):
        if module_file.name.startswith("_"):
            continue
        module = importlib.import_module(f"layouts.{module_file.stem}")
        found[module_file.stem.replace("_", "-")] = module.layout
    return found


def main(kinds: list[str]) -> None:
    design_css = TEMPLATES / "_base" / "design.css"
    design_css.write_text(css(), encoding="utf-8")
    print(f"wrote templates/_base/{design_css.name}")
    available = layouts()
    for kind in kinds or list(available):
        builder = Builder()
        available[kind](builder)
        builder.save(TEMPLATES / kind / f"{kind}.docx")
        print(f"wrote templates/{kind}/{kind}.docx")


if __name__ == "__main__":
    main(sys.argv[1:])
