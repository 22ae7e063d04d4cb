"""The running footer: the organisation, the marking and the page number, in both formats.

Takes the footer's words from a view — the organisation's footer text, the page marking, and
the page-number message "Page {page} of {pages}" in the language of the document (in a
bilingual document, one string holding each language: see :func:`scrdocs.bilingual.together`);
produces

- the CSS ``content:`` of the PDF's page-number margin box, each language's words round its
  own page counters ('Tudalen 1 o 2 / Page 1 of 2'), with :func:`css_page_numbers`;
- the pieces the Word footer sets round its PAGE and NUMPAGES fields, once a language, with
  :func:`page_numbers` (the Word template loops over them);
- the widths of the Word footer's three cells, shared out as the PDF shares the bottom
  margin among its three margin boxes (:func:`margin_box_widths`, :func:`fit_word_footer`),
  so that a long name wraps in its own cell as it wraps in its margin box.

A document in one language reads as it always has: 'Page 1 of 2', 'Tudalen 1 o 2'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import TemplateRuntimeError
from markupsafe import Markup

from .bilingual import BETWEEN, CLOSE, OPEN, parts, plain_text
from .design import TYPE
from .i18n import N_
from .markup import css_string

# Translators: the page number in every page's footer.
# Keep {page} (this page's number) before {pages} (how many pages there are).
PAGE_NUMBERS = N_("Page {page} of {pages}")
"""The page-number message; the HTML template asks for it as ``_("Page {page} of {pages}")``
and the Word template as ``document.labels.page_of``."""

FOOTER_TABLE = "Page footer: the organisation, the marking and the page number"
"""The description of the Word footer's table of three cells: a layout, not data. Rendering
sizes the table it names (:func:`fit_word_footer`)."""

FOOTER_SIZE = TYPE["footer"].size
"""The footer's type size in points, as the design sets it for both formats."""

SAMPLE_NUMBER = "10"
"""The page numbers the Word footer's right cell is measured with: Word fills the fields in
only when it lays the pages out, and every digit is as wide as another."""

_NUMBERS = re.compile(r"(.*?)\{page\}(.*?)\{pages\}(.*)", re.DOTALL)


@dataclass(frozen=True)
class PageNumbers:
    """One language's page number: the words before the page's number, between it and the
    number of pages, and after that ('Page ', ' of ', ''); ``lead`` is what stands before
    them, between this language and the one before (' / ')."""

    language: str | None
    before: str
    between: str
    after: str
    lead: str = ""


def page_number_parts(message: str) -> list[PageNumbers]:
    """Return the page-number message in each of its languages (one, outside a bilingual
    document), each with the words that stand before it (' / ' between two languages).

    :raises TemplateRuntimeError: the message is empty, or a language's message lacks
        ``{page}`` or ``{pages}``, gives one twice or them the other way round (a template
        gave the filter other words).
    """
    found: list[PageNumbers] = []
    lead = ""
    for language, said in parts(str(message)):
        if language is None and "{page}" not in said and found:
            lead += said  # the words between two languages, ' / '
            continue
        match = _NUMBERS.fullmatch(said)
        if match is None or any("{page" in piece for piece in match.groups()):
            raise _not_page_numbers(said)
        before, between, after = match.groups()
        found.append(PageNumbers(language, before, between, after, lead))
        lead = ""
    if not found:  # an empty message would leave the footer without its page number
        raise _not_page_numbers(str(message))
    return found


def _not_page_numbers(said: str) -> TemplateRuntimeError:
    """Return the error for a page-number message that does not hold ``{page}``, then
    ``{pages}``, once each."""
    return TemplateRuntimeError(
        f"the page-number message {plain_text(said)!r} needs {{page}}, then {{pages}}, once "
        "each: give it as _(\"Page {page} of {pages}\") or document.labels.page_of")


def css_page_numbers(message: str) -> Markup:
    """Return the CSS ``content:`` value that numbers the pages with ``message`` (a Jinja
    filter): ``"Page " counter(page) " of " counter(pages)``, each language's words round
    its own counters in a bilingual document."""
    tokens: list[str] = []
    for numbers in page_number_parts(message):
        for text, counter in ((numbers.lead + numbers.before, "page"),
                              (numbers.between, "pages"), (numbers.after, None)):
            if text:
                tokens.append(str(css_string(text)))
            if counter:
                tokens.append(f"counter({counter})")
    return Markup(" ".join(tokens))


def page_numbers(message: str) -> list[dict[str, str]]:
    """Return the pieces the Word footer sets round its PAGE and NUMPAGES fields (a Jinja
    filter): one ``{before, between, after}`` a language, each piece marked with its
    language in a bilingual document so that its runs carry ``w:lang``."""
    return [{"before": numbers.lead + _marked(numbers.language, numbers.before),
             "between": _marked(numbers.language, numbers.between),
             "after": _marked(numbers.language, numbers.after)}
            for numbers in page_number_parts(message)]


def _marked(language: str | None, text: str) -> str:
    """Return ``text`` marked as written in ``language``."""
    if language is None or not text:
        return text
    return f"{OPEN}{language}{BETWEEN}{text}{CLOSE}"


# --- the widths of the three parts of the footer ---------------------------------------------

@dataclass(frozen=True)
class MarginBox:
    """What a margin box holds, measured: its text's width on one line (max-content) and
    the width of its longest word (min-content), in points."""

    longest: float
    widest_word: float

    @classmethod
    def of(cls, text: str, size: float = FOOTER_SIZE, bold: bool = False) -> MarginBox:
        """Return the measures of ``text`` set at ``size`` points."""
        from .fit import text_width

        words = text.split()
        return cls(text_width(text.strip(), size, bold),
                   max((text_width(word, size, bold) for word in words), default=0.0))


def margin_box_widths(left: MarginBox, centre: MarginBox | None, right: MarginBox,
                      available: float) -> tuple[float, float, float]:
    """Return the widths of the left, centre and right margin boxes along one edge of the
    page, as CSS Paged Media shares ``available`` among them (css-page-3, "margin box
    variable dimension computation", as WeasyPrint computes it): with a centre box, it is
    centred and the two sides are as wide as each other; without one (``None``), the two
    sides share the line in proportion to their text."""
    if centre is None:
        first, second = _shared(available, (left.longest, right.longest),
                                (left.widest_word, right.widest_word))
        return first, 0.0, second
    sides_longest = 2 * max(left.longest, right.longest)
    sides_widest = 2 * max(left.widest_word, right.widest_word)
    middle, _ = _shared(available, (centre.longest, sides_longest),
                        (centre.widest_word, sides_widest))
    side = (available - middle) / 2
    return side, middle, side


def _shared(available: float, longest: tuple[float, float],
            widest: tuple[float, float]) -> tuple[float, float]:
    """Return two boxes' widths sharing ``available``: each its text's width and a share of
    what is left in proportion to it; when the texts do not fit, each its longest word and
    a share of what is left (the space each could still use, or failing that its longest
    word, weighs the share)."""
    if available > sum(longest):
        weights, start = longest, longest
    elif available > sum(widest):
        weights = (longest[0] - widest[0], longest[1] - widest[1])
        start = widest
    else:
        weights, start = widest, widest
    spare = available - sum(start)
    total = sum(weights) or 1.0
    return start[0] + spare * weights[0] / total, start[1] + spare * weights[1] / total


# --- the Word footer --------------------------------------------------------------------------

def fit_word_footer(document: Any, view: Mapping[str, Any]) -> None:
    """Size the Word footer's table of three cells (organisation, marking, page number) as
    the PDF's bottom margin boxes: the widths :func:`margin_box_widths` gives for the
    document's footer text, marking and page number; without a marking the middle cell
    goes, as the PDF has no middle box. In a document read right to left the table is
    mirrored (see :func:`scrdocs.bidi.mark_word`), and the page number keeps to the outer
    edge. A footer whose table a template changed (not three cells) is left as it is."""
    from docx.oxml.ns import qn

    shown = view["document"]
    for section in document.sections:
        available = _text_width(section)
        for footer in _footers(section):
            for table in footer._element.iter(qn("w:tbl")):
                if _description(table) == FOOTER_TABLE and available:
                    _size_table(table, shown, available)


def _footers(section: Any) -> list[Any]:
    """Return the footers of ``section`` that are its own (not linked to the previous)."""
    found = [section.footer]
    for extra in (section.first_page_footer, section.even_page_footer):
        if not extra.is_linked_to_previous:
            found.append(extra)
    return found


def _text_width(section: Any) -> float:
    """Return the width between a section's margins in points (0 when a size is missing)."""
    try:
        width = section.page_width - section.left_margin - section.right_margin
    except TypeError:
        return 0.0
    return float(width) / 12700 if width > 0 else 0.0


def _description(table: Any) -> str:
    from docx.oxml.ns import qn

    found = table.find(f"{qn('w:tblPr')}/{qn('w:tblDescription')}")
    return found.get(qn("w:val"), "") if found is not None else ""


def _size_table(table: Any, shown: Mapping[str, Any], available: float) -> None:
    """Give the footer's table the widths of the PDF's margin boxes."""
    from docx.oxml.ns import qn

    rows = table.findall(qn("w:tr"))
    cells = [row.findall(qn("w:tc")) for row in rows]
    grid = table.find(qn("w:tblGrid"))
    columns = grid.findall(qn("w:gridCol")) if grid is not None else []
    if len(rows) != 1 or len(cells[0]) != 3 or len(columns) != 3:
        return
    numbers = plain_text(str(shown.get("labels", {}).get("page_of", PAGE_NUMBERS)))
    numbers = numbers.replace("{page}", SAMPLE_NUMBER).replace("{pages}", SAMPLE_NUMBER)
    marking = plain_text(str(shown.get("page_marking", "")))
    boxes = (MarginBox.of(plain_text(str(shown.get("footer", "")))),
             MarginBox.of(marking, bold=True) if marking else None, MarginBox.of(numbers))
    widths = margin_box_widths(*boxes, available)
    if not marking:
        table.find(qn("w:tr")).remove(cells[0][1])
        grid.remove(columns[1])
        kept = [(cells[0][0], columns[0], widths[0]), (cells[0][2], columns[2], widths[2])]
    else:
        kept = list(zip(cells[0], columns, widths, strict=True))
    twips = _no_word_cut([round(width * 20) for _, _, width in kept],
                         [round(box.widest_word * 20) + ROOM for box in boxes if box])
    twips[-1] += round(available * 20) - sum(twips)  # the cells fill the line exactly
    for (cell, column, _), width in zip(kept, twips, strict=True):
        column.set(qn("w:w"), str(width))
        cell_width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        if cell_width is not None:
            cell_width.set(qn("w:w"), str(width))
            cell_width.set(qn("w:type"), "dxa")
    if shown.get("direction") == "rtl":
        _align_outwards(kept[0][0], "right")
        _align_outwards(kept[-1][0], "left")


ROOM = 20
"""Twips (1 pt) a Word cell keeps beyond its longest word: a cell exactly as wide as a word,
as a margin box may be, would break it where Word measures a hair wider."""


def _no_word_cut(widths: list[int], words: list[int]) -> list[int]:
    """Return the cells' ``widths`` (twips) with each at least as wide as its longest word
    (``words``), the room made taken from the widest cell."""
    widths = list(widths)
    for index, word in enumerate(words):
        short = word - widths[index]
        if short > 0:
            widest = max(range(len(widths)), key=widths.__getitem__)
            widths[index] += short
            widths[widest] -= short
    return widths


def _align_outwards(cell: Any, side: str) -> None:
    """Align the left-to-right paragraphs of a footer cell to ``side``: in a mirrored
    table, the organisation to the right edge, the page number to the left."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for paragraph in cell.iter(qn("w:p")):
        properties = paragraph.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is not None:
            continue
        for old in properties.findall(qn("w:jc")):
            properties.remove(old)
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), side)
        _place_jc(properties, jc)


_AFTER_JC = ("textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
             "cnfStyle", "rPr", "sectPr", "pPrChange")
"""The ``w:pPr`` children that come after ``w:jc`` in the schema's order."""


def _place_jc(properties: Any, jc: Any) -> None:
    for child in properties:
        if child.tag.rsplit("}", 1)[-1] in _AFTER_JC:
            child.addprevious(jc)
            return
    properties.append(jc)
