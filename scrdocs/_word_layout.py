"""Paragraph layouts in Word: lists, sub-headings and numbered minute paragraphs.

Takes the paragraphs a view laid out (:class:`~scrdocs.markup.Layout`: a list item, a
sub-heading, a paragraph of a minute numbered 57.1, 57.2 …), which reach the filled Word
template carrying a marker run (:func:`marker`); produces real Word structure in their place:
the list styles (List Bullet, List Number and their second levels), Word numbering that counts
as the view did — 1., (a), (1), or 57.1 from a numbering level whose text starts with the
minute number, so that a paragraph added in Word is numbered too — and Heading styles.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from .design import LIST
from .markup import Layout

MARKER = "scrdocs-layout"
"""The run style name that carries a paragraph's layout through the Word template."""

LIST_STYLES = {("bullet", 1): "List Bullet", ("bullet", 2): "List Bullet 2",
               ("number", 1): "List Number", ("number", 2): "List Number 2"}
"""The Word list style of each kind of list item at each level ('letter' and
'parenthesised' lists are List Number paragraphs with their own numbering)."""

BASE_LEVELS = {"ListContinue": 1, "ListContinue2": 2}
"""How deep a paragraph continuing a list item already sits: a list in a response (a List
Continue paragraph under a point's bullet) nests one level under it. A template paragraph
that is itself a list item (List Number) is the item, at its level."""

FORMATS = {"number": ("decimal", "%{level}."), "letter": ("lowerLetter", "(%{level})"),
           "parenthesised": ("decimal", "(%{level})")}
"""Word's number format and level text for each kind of numbered list."""

WIDE_HANGING = 20.0
"""Points from a '(a)' or '(1)' marker to its text (wider than '1.')."""

MINUTE_HANGING = 36.0
"""Points from a numbered paragraph's number ('57.12') to its text; the PDF's stylesheet
indents numbered paragraphs as far."""


def marker(layout: Layout) -> str:
    """Return the empty run that carries ``layout`` into the Word template's paragraph."""
    value = ":".join(str(part) for part in (MARKER, layout.role, layout.level, layout.value,
                                            layout.minute or ""))
    return f'<w:r><w:rPr><w:rStyle w:val="{value}"/></w:rPr><w:t xml:space="preserve"></w:t></w:r>'


def apply_layouts(document: Any) -> None:
    """Turn every marked paragraph of the body into the Word structure its layout asks for,
    removing the markers."""
    numbering = _Numbering(document)
    for paragraph in list(document.element.body.iter(qn("w:p"))):
        layout = _take_marker(paragraph)
        if layout is None:
            continue
        if layout.role == "heading":
            _set_style(document, paragraph, f"Heading {layout.level}")
        elif layout.is_list:
            numbering.list_item(paragraph, layout)
        elif layout.minute is not None:
            numbering.minute_paragraph(paragraph, layout.minute)
    _indent_lists_under_numbered(document, numbering)


LIST_STYLE_NAMES = ("List Bullet", "List Bullet 2", "List Number", "List Number 2",
                    "List Continue", "List Continue 2")
"""The list styles whose paragraphs, directly under a numbered paragraph, sit under its text."""


def _indent_lists_under_numbered(document: Any, numbering: _Numbering) -> None:
    """Move the lists that follow a numbered paragraph (57.1) — its bullets, the points
    raised and their responses — in by the number's width, under the paragraph's text, as
    the PDF's stylesheet does (``p.numbered + ul``)."""
    list_styles = {}
    for name in LIST_STYLE_NAMES:
        try:
            list_styles[document.styles[name].style_id] = document.styles[name]
        except KeyError:
            continue
    minute_ids = set(numbering.minutes.values())
    under = False
    for paragraph in document.element.body.iterchildren(qn("w:p")):
        style = list_styles.get(_style_of(paragraph))
        if style is not None and under:
            _move_in(paragraph, style, MINUTE_HANGING)
            continue
        num_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        under = num_id is not None and num_id.get(qn("w:val")) in minute_ids


def _move_in(paragraph: Any, style: Any, by: float) -> None:
    """Indent ``paragraph`` ``by`` points more than it is (its own indent, else its
    style's), keeping its hanging indent."""
    indent = paragraph.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    if indent is not None:
        left = int(indent.get(qn("w:left"), "0")) / 20
        hanging = int(indent.get(qn("w:hanging"), "0")) / 20
    else:
        fmt = style.paragraph_format
        left = fmt.left_indent.pt if fmt.left_indent is not None else 0.0
        first = fmt.first_line_indent.pt if fmt.first_line_indent is not None else 0.0
        hanging = max(-first, 0.0)
    _Numbering._indent(paragraph, left + by, hanging)


def _take_marker(paragraph: Any) -> Layout | None:
    """Return the layout a paragraph's marker run carries (removing the run), or None."""
    found = None
    for style in paragraph.iter(qn("w:rStyle")):
        value = style.get(qn("w:val"), "")
        if value.startswith(MARKER + ":"):
            _, role, level, number, minute = value.split(":")
            found = Layout(role, int(level), int(number), int(minute) if minute else None)
            run = style.getparent().getparent()
            run.getparent().remove(run)
            break
    return found


def _set_style(document: Any, paragraph: Any, name: str) -> bool:
    """Give ``paragraph`` the style ``name`` when the template has it; return whether it did."""
    try:
        style_id = document.styles[name].style_id
    except KeyError:
        return False
    p_pr = paragraph.get_or_add_pPr()
    p_pr.get_or_add_pStyle().set(qn("w:val"), style_id)
    return True


def _style_of(paragraph: Any) -> str:
    p_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return p_style.get(qn("w:val"), "") if p_style is not None else ""


def _twips(points: float) -> str:
    return str(round(points * 20))


class _Numbering:
    """The numbering definitions added while laying paragraphs out, and the lists open."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbering = document.part.numbering_part.element
        self.abstracts: dict[Any, str] = {}  # (kind, level) or minute → abstractNumId
        self.minutes: dict[int, str] = {}  # minute → numId
        self.open: dict[int, tuple[str, str, int]] = {}  # level → (role, numId, next value)

    def list_item(self, paragraph: Any, layout: Layout) -> None:
        """Make ``paragraph`` an item of a Word list at its level under the paragraph style
        it sits in, numbered as the view counted it: an item that counts on from the list
        open at its level (the second RESOLVED block of an item, lettered on from (c))
        continues that list's numbering, any other starts a numbering of its own."""
        level = min(BASE_LEVELS.get(_style_of(paragraph), 0) + layout.level, 2)
        kind = "bullet" if layout.role == "bullet" else "number"
        _set_style(self.document, paragraph, LIST_STYLES[(kind, level)])
        for deeper in [key for key in self.open if key > level]:
            del self.open[deeper]
        if layout.role == "bullet":
            self.open.pop(level, None)
            return
        role, num_id, expected = self.open.get(level, ("", "", 0))
        if role != layout.role or layout.value != expected:
            num_id = self._new_num(self._abstract(layout.role, level), layout.value)
        self.open[level] = (layout.role, num_id, layout.value + 1)
        self._number(paragraph, num_id)
        if layout.role != "number":
            self._indent(paragraph, LIST["indent"] * (level - 1) + WIDE_HANGING, WIDE_HANGING)

    def minute_paragraph(self, paragraph: Any, minute: int) -> None:
        """Number ``paragraph`` as the next paragraph of ``minute``: 57.1, 57.2 …"""
        if minute not in self.minutes:
            self.minutes[minute] = self._new_num(self._abstract("minute", minute), 1)
        self._number(paragraph, self.minutes[minute])
        self._indent(paragraph, MINUTE_HANGING, MINUTE_HANGING)

    def _abstract(self, role: str, level: int) -> str:
        """Return the id of the numbering definition for ``role`` lists at ``level`` (for a
        minute's paragraphs, ``level`` is the minute number)."""
        key = (role, level)
        if key in self.abstracts:
            return self.abstracts[key]
        if role == "number":
            style = LIST_STYLES[("number", level)]
            found = self._style_abstract(style)
            if found is not None:
                self.abstracts[key] = found
                return found
        if role == "minute":
            fmt, text = "decimal", f"{level}.%1"
            left = hanging = MINUTE_HANGING
        else:
            fmt, text = FORMATS[role]
            text = text.format(level=1)
            hanging = WIDE_HANGING if role != "number" else LIST["hanging"]
            left = LIST["indent"] * (level - 1) + hanging
        self.abstracts[key] = self._add_abstract(fmt, text, left, hanging)
        return self.abstracts[key]

    def _style_abstract(self, name: str) -> str | None:
        """Return the numbering definition a list style numbers with, when it has one."""
        try:
            p_pr = self.document.styles[name].element.pPr
        except KeyError:
            return None
        num_pr = p_pr.numPr if p_pr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        num = self.numbering.num_having_numId(num_pr.numId.val)
        return str(num.abstractNumId.val)

    def _add_abstract(self, fmt: str, text: str, left: float, hanging: float) -> str:
        used = [int(a.get(qn("w:abstractNumId"))) for a in
                self.numbering.findall(qn("w:abstractNum"))]
        abstract_id = str(max(used, default=-1) + 1)
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{_twips(left)}"/></w:tabs>'
            f'<w:ind w:left="{_twips(left)}" w:hanging="{_twips(hanging)}"/></w:pPr>'
            # the number in regular weight, as the PDF's, also before a bold label (RESOLVED:)
            '<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/></w:rPr>'
            '</w:lvl></w:abstractNum>')
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        return abstract_id

    def _new_num(self, abstract_id: str, start: int) -> str:
        num = self.numbering.add_num(int(abstract_id))
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return str(num.numId)

    @staticmethod
    def _number(paragraph: Any, num_id: str) -> None:
        num_pr = paragraph.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = int(num_id)

    @staticmethod
    def _indent(paragraph: Any, left: float, hanging: float) -> None:
        p_pr = paragraph.get_or_add_pPr()
        for old in p_pr.findall(qn("w:ind")):
            p_pr.remove(old)
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), _twips(left))
        indent.set(qn("w:hanging"), _twips(hanging))
        _place_indent(p_pr, indent)


_AFTER_IND = ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange")


def _place_indent(p_pr: Any, indent: Any) -> None:
    """Put ``w:ind`` where the schema wants it among a paragraph's properties."""
    for index, child in enumerate(p_pr):
        if child.tag.rsplit("}", 1)[-1] in _AFTER_IND:
            p_pr.insert(index, indent)
            return
    p_pr.append(indent)
