"""Right-to-left text (Arabic, Hebrew, Persian, Urdu …) in documents that are mostly not.

Takes rendered HTML, or a Word document, and gives each paragraph the direction of its first
letter with a strong direction, as a browser does for ``dir="auto"``: a paragraph that opens
in Arabic reads right to left and sits against the right margin; one that opens in English
inside an Arabic document reads left to right. A document whose profile language is written
right to left (``ar``, ``he``, ``fa``, ``ur`` …) is right to left as a whole.

WeasyPrint honours ``dir="rtl"`` but not ``dir="auto"`` or ``unicode-bidi: plaintext``, and
Word needs ``w:bidi`` on the paragraph, so the direction is written out explicitly. Documents
without right-to-left letters, and without a right-to-left language, pass through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku-arab", "prs", "ps",
                           "sd", "syr", "ug", "ur", "yi"})
"""Language tags (their first part, or the whole tag) written right to left."""

_RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
                          "\U00010800-\U00010fff\U0001e800-\U0001efff]")

BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
                    "caption", "figcaption", "blockquote", "address", "div", "section",
                    "header", "footer", "aside", "ul", "ol", "dl", "table", "tr", "tbody",
                    "thead", "body", "html", "main", "article", "nav", "figure"})
"""Elements that start a paragraph of their own for the bidirectional algorithm."""

_MARKED = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
                     "caption", "figcaption", "blockquote", "address"})
"""The block elements that hold text and get a ``dir`` of their own when it differs."""


def is_rtl_language(language: str | None) -> bool:
    """Return whether ``language`` (a BCP 47 tag such as ``ar`` or ``he-IL``) is written right
    to left.

    >>> is_rtl_language("ar-SA"), is_rtl_language("en-GB")
    (True, False)
    """
    tag = (language or "").lower().replace("_", "-")
    return tag in RTL_LANGUAGES or tag.split("-")[0] in RTL_LANGUAGES


def has_rtl(text: str) -> bool:
    """Return whether ``text`` holds any right-to-left letter."""
    return _RTL_LETTERS.search(text) is not None


def direction(text: str) -> str:
    """Return ``'rtl'`` or ``'ltr'`` after the first letter of ``text`` with a strong
    direction, or ``''`` when it has none (digits and punctuation only).

    >>> direction("« مرحبا » Hello"), direction("12. Hello"), direction("12.")
    ('rtl', 'ltr', '')
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


def mark_html(html: str, base: str = "ltr") -> str:
    """Return ``html`` with ``dir`` on each text block whose direction differs from ``base``.

    Elements that carry a ``dir`` already are left as they are, and so is their content.
    """
    if base != "rtl" and not has_rtl(html):
        return html
    finder = _BlockDirections(base)
    finder.feed(html)
    finder.close()
    if not finder.inserts:
        return html
    starts = [0]  # where each line starts; the parser counts lines by "\n" alone
    for line in html.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    pieces, done = [], 0
    for (line, column), text, wanted in finder.inserts:
        start = starts[line - 1] + column
        end = start + len(text) - (2 if text.endswith("/>") else 1)
        pieces += [html[done:end], f' dir="{wanted}"']
        done = end
    pieces.append(html[done:])
    return "".join(pieces)


class _BlockDirections(HTMLParser):
    """Find the text blocks whose first strong letter goes against the document's direction."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.inserts: list[tuple[tuple[int, int], str, str]] = []
        self._open: tuple[tuple[int, int], str] | None = None
        self._fixed = 0  # depth inside elements that set their own dir

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._open = None
        if self._fixed:
            self._fixed += tag not in _VOID
            return
        if tag != "html" and any(name == "dir" for name, _ in attrs):
            self._fixed = int(tag not in _VOID)
            return
        if tag in _MARKED:
            self._open = (self.getpos(), self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._open = None

    def handle_endtag(self, tag: str) -> None:
        if self._fixed:
            self._fixed -= 1
        if tag in BLOCKS:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is None or self._fixed:
            return
        found = direction(data)
        if not found:
            return
        position, text = self._open
        if found != self.base:
            self.inserts.append((position, text, found))
        self._open = None


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


def mark_word(roots: list[Any], base: str = "ltr") -> None:
    """Make right to left (``w:bidi``) every Word paragraph below ``roots`` (the story parts
    of a document: body and tables, headers, footers, notes) whose first strong letter is
    right to left, or that has none in a right-to-left document; give every run holding
    right-to-left letters the right-to-left run property (``w:rtl``), and in a right-to-left
    document every table its mirrored column order (``w:bidiVisual``). Word's paragraphs are
    left to right otherwise."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if base != "rtl" and not any(has_rtl(node.text or "") for root in roots
                                 for node in root.iter(qn("w:t"))):
        return
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            texts = [node.text or "" for node in paragraph.iter(qn("w:t"))]
            if base != "rtl" and not any(has_rtl(text) for text in texts):
                continue
            found = direction("".join(texts)) or base
            p_pr = paragraph.find(qn("w:pPr"))
            if found == "rtl" and (p_pr is None or p_pr.find(qn("w:bidi")) is None):
                _insert_in_order(paragraph.get_or_add_pPr(), OxmlElement("w:bidi"),
                                 _PPR_BEFORE_BIDI)
            for run in paragraph.iter(qn("w:r")):
                if any(has_rtl(node.text or "") for node in run.iter(qn("w:t"))):
                    r_pr = run.get_or_add_rPr()
                    if r_pr.find(qn("w:rtl")) is None:
                        _insert_in_order(r_pr, OxmlElement("w:rtl"), _RPR_BEFORE_RTL)
    if base == "rtl":  # tables read right to left too: the first column on the right
        for root in roots:
            for properties in root.iter(qn("w:tblPr")):
                if properties.find(qn("w:bidiVisual")) is None:
                    _insert_in_order(properties, OxmlElement("w:bidiVisual"),
                                     ("tblStyle", "tblpPr", "tblOverlap"))


_PPR_BEFORE_BIDI = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                    "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs",
                    "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
                    "topLinePunct", "autoSpaceDE", "autoSpaceDN")
"""The ``w:pPr`` children that come before ``w:bidi`` in the schema's order."""

_RPR_BEFORE_RTL = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
                   "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
                   "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz",
                   "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign")
"""The ``w:rPr`` children that come before ``w:rtl`` in the schema's order."""


def _insert_in_order(parent: Any, child: Any, before: tuple[str, ...]) -> None:
    """Insert ``child`` after the last of ``parent``'s children named in ``before``."""
    from docx.oxml.ns import qn

    names = {qn(f"w:{name}") for name in before}
    position = 0
    for index, existing in enumerate(parent):
        if existing.tag in names:
            position = index + 1
    parent.insert(position, child)
