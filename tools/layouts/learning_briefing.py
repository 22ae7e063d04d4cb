"""Word layout of the learning-briefing template.

The newsletter's side column becomes shaded paragraphs right after each theme's heading —
fast facts (figure, text, source) and the theme's further-information links — which Word
and LibreOffice draw as one box; all of it stays ordinary editable text, with no layout
tables for screen readers to announce. Headings: Title (the briefing), Heading 1 (headline,
sections, themes), Heading 2 (reviews).
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from make_templates import GREY, Builder, _shade

from ._meeting import logo

BOX_FILL = "F3F2F1"
BOX_RULE = "505A5F"


def layout(b: Builder) -> None:
    """Lay out the Word template of this kind."""
    _add_styles(b)
    logo(b)
    b.p("{{ document.organisation.name }}", bold=True)
    b.p("{{ briefing.title }}", "Title")
    b.tag("if briefing.edition")
    b.p("{{ briefing.edition }}", "Subtitle")
    b.tag("endif")
    _contents_box(b)
    b.tag("if briefing.headline")
    b.p("{{ briefing.headline }}", "Heading 1")
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
    _section(b, "final_word")
    b.tag("endif")
    b.tag("if references")
    b.p("References and further information", "Heading 1")
    b.each("reference", "references", "Reference")
    b.tag("endif")


def _add_styles(b: Builder) -> None:
    styles = b.doc.styles

    def paragraph_style(name: str, base: str = "Normal", *, colour: Any = None,
                        **font: Any) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        for attribute, value in font.items():
            setattr(style.font, attribute, value)
        if colour is not None:
            style.font.color.rgb = colour
        return style

    paragraph_style("Byline", italic=True, colour=GREY)
    box = paragraph_style("Box", size=Pt(10))
    _box_borders(box.element.get_or_add_pPr())
    box.paragraph_format.left_indent = box.paragraph_format.right_indent = Mm(3)
    box.paragraph_format.space_after = Pt(3)
    box_title = paragraph_style("Box Title", "Box", bold=True, all_caps=True)
    box_title.paragraph_format.space_before = Pt(6)
    box_title.paragraph_format.keep_with_next = True
    figure = paragraph_style("Box Figure", "Box", bold=True, size=Pt(20))
    figure.paragraph_format.space_before = Pt(4)
    figure.paragraph_format.space_after = Pt(0)
    figure.paragraph_format.keep_with_next = True
    paragraph_style("Box Text", "Box").paragraph_format.keep_with_next = True
    paragraph_style("Box Source", "Box", size=Pt(8.5), colour=GREY)
    question = paragraph_style("Question")
    _left_rule(question.element.get_or_add_pPr())
    question.paragraph_format.left_indent = Mm(3)
    label = paragraph_style("Briefing Label", bold=True)
    label.paragraph_format.space_before = Pt(6)
    label.paragraph_format.keep_with_next = True
    paragraph_style("Not Yet Published", bold=True, colour=GREY)
    reference = paragraph_style("Reference", size=Pt(9.5))
    reference.paragraph_format.left_indent = Mm(6)
    reference.paragraph_format.first_line_indent = Mm(-6)
    reference.paragraph_format.space_after = Pt(4)
    styles["Title"].font.size = Pt(28)
    styles["Subtitle"].font.size = Pt(15)
    styles["Subtitle"].font.bold = True


def _border(borders: Any, side: str, size: int, colour: str, space: int) -> None:
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)),
                       ("w:color", colour)):
        edge.set(qn(key), value)
    borders.append(edge)


def _box_borders(p_pr: Any) -> None:
    """Shade a style and give it a rule on top and padding (borders in the shade's colour)
    at the sides; neighbouring paragraphs with the same borders form one box. Called before
    any spacing or indent is set, so the elements keep the order the schema asks for."""
    borders = OxmlElement("w:pBdr")
    _border(borders, "top", 24, BOX_RULE, 6)
    _border(borders, "left", 4, BOX_FILL, 6)
    _border(borders, "bottom", 4, BOX_FILL, 6)
    _border(borders, "right", 4, BOX_FILL, 6)
    p_pr.append(borders)
    _shade(p_pr, BOX_FILL)


def _left_rule(p_pr: Any) -> None:
    borders = OxmlElement("w:pBdr")
    _border(borders, "left", 12, BOX_RULE, 6)
    p_pr.append(borders)


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


def _theme(b: Builder) -> None:
    """A theme: heading, its side box, its prose, then each review it draws on."""
    b.p("{{ theme.title }}", "Heading 1")
    b.tag("if theme.fast_facts")
    b.p("Fast facts", "Box Title")
    b.tag("for fact in theme.fast_facts")
    b.p("{{ fact.figure }}", "Box Figure")
    b.p("{{r fact.text }}", "Box Text")
    b.p("{{r fact.citation }}", "Box Source")
    b.tag("endfor")
    b.tag("endif")
    b.tag("if theme.more_information or theme.more_information_intro")
    b.p("For more information", "Box Title")
    b.each("para", "theme.more_information_intro", "Box Text")
    b.each("link", "theme.more_information", "Box Text", "{{r link.text }}")
    b.tag("endif")
    b.each("para", "theme.intro")
    b.each("item", "theme.bullets", "List Bullet")
    b.each("para", "theme.outro")
    b.tag("for review in theme.reviews")
    _review(b)
    b.tag("endfor")


def _review(b: Builder) -> None:
    b.p("{{ review.title }}", "Heading 2")
    b.each("para", "review.summary")
    b.each("para", "review.findings")
    b.tag("if review.learning_points_intro")
    b.p("{{ review.learning_points_intro }}")
    b.tag("endif")
    b.each("point", "review.learning_points", "List Bullet")
    b.tag("for question in review.questions")
    b.labelled("Question: ", "{{r question }}", "Question")
    b.tag("endfor")
    b.tag("if review.links")
    b.p("For more information", "Briefing Label")
    b.each("link", "review.links", "List Bullet", "{{r link.text }}")
    b.tag("endif")
    b.tag("if review.not_yet_published")
    b.p("{{ review.not_yet_published }}", "Not Yet Published")
    b.tag("endif")


def _contents_box(b: Builder) -> None:
    b.p("In this briefing", "Box Title")
    b.each("entry", "contents", "Box Text", "{{ entry.title }}")
