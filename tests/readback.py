"""Read rendered documents back as text, the way a reader or a screen reader meets them."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree


def docx_text(data: bytes) -> str:
    """Return every paragraph of a .docx body, tables included, one per line, in order."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.element.body.iter(qn("w:p")):
        lines.append(_run_text(block))
    return "\n".join(lines)


_BLANKS = {qn("w:tab"): "\t", qn("w:br"): "\n"}


def _run_text(paragraph: object) -> str:
    """Return a paragraph's text as a reader sees it: tabs and line breaks as whitespace."""
    pieces = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):  # type: ignore[attr-defined]
        if node.tag == qn("w:t"):
            pieces.append(node.text or "")
        elif node.getparent().tag == qn("w:r"):  # a tab stop's definition is no text
            pieces.append(_BLANKS[node.tag])
    return "".join(pieces)


def docx_parts_text(data: bytes) -> str:
    """Return the text of the body, headers and footers of a .docx (their tables
    included: the footer sets its name, marking and page number in cells)."""
    document = docx.Document(io.BytesIO(data))
    parts = [docx_text(data)]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [_run_text(p) for p in part._element.iter(qn("w:p"))]
    return "\n".join(parts)


def assert_strict_xml(data: bytes) -> None:
    """Assert that every XML part of a .docx parses with a strict (non-recovering) parser."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        assert parts
        for name in parts:
            etree.fromstring(package.read(name), parser)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """Return the text of a PDF as pdftotext reads it (reading order)."""
    source = tmp_path / "readback.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_layout_pages(data: bytes, tmp_path: Path) -> list[str]:
    """Return the text of each page of a PDF as poppler lays it out, top to bottom
    (``pdftotext -layout``), blank pages left out."""
    source = tmp_path / "layout.pdf"
    source.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(source), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def pdf_page_texts(data: bytes) -> list[str]:
    """Return the text of each page of a PDF, as pypdf extracts it."""
    import pypdf

    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_page_count(data: bytes) -> int:
    """Return a PDF's page count."""
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def text_of(data: bytes, format: str, tmp_path: Path | None = None) -> str:
    """Return a rendered document's text by its format: Word's body (:func:`docx_text`), the
    HTML's visible text (:func:`html_text`), or the PDF as pdftotext reads it
    (:func:`pdf_text`, which needs ``tmp_path``)."""
    if format == "docx":
        return docx_text(data)
    if format == "html":
        return html_text(data)
    if tmp_path is None:
        raise ValueError(f"reading a {format} back needs a folder for pdftotext")
    return pdf_text(data, tmp_path)


def has_pdftotext() -> bool:
    """Return whether poppler's pdftotext is installed."""
    return shutil.which("pdftotext") is not None


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script", "title", "head"):
            self.skip += 1
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "div", "tr", "dt", "dd", "section"):
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title", "head"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def html_text(data: bytes) -> str:
    """Return the visible text of an HTML document (entities decoded)."""
    parser = _TextParser()
    parser.feed(data.decode("utf-8"))
    return "".join(parser.chunks)


# --- the structure a reader meets: headings, labels and list items, in order ----------------

LABEL_TEXT = re.compile(r"agenda item \S+|resolved:|minutes:|supporting documents:|"
                        r"in this briefing|fast facts|for more information|one minute guide")
"""The product's labels, as text: a paragraph saying one of these is a label in either format."""

_WORD_LABEL_STYLE = re.compile(r".+ Label|Box Title")
_WORD_LIST_STYLE = re.compile(r"List (Bullet|Number)( \d)?")
_PARAGRAPH_NUMBER = re.compile(r"^\d+\.\d+\s+(?=\S)")
_MARKER = re.compile(r"[–•\-*·▪◦‣]|\(?\w{1,3}[.)]")


@dataclass(frozen=True)
class Entry:
    """One heading (``H1``–``H6``), ``label`` or list ``item`` and its text."""

    role: str
    text: str
    page: int = field(default=0, compare=False)
    """The page (0-based) the entry ends on, in a PDF."""

    @property
    def key(self) -> tuple[str, str]:
        """Return what two entries are compared by: role, and text with case and spacing
        aside (CSS may upper-case a label)."""
        return self.role, re.sub(r"\s+", "", unicodedata.normalize("NFKC", self.text).casefold())

    def __str__(self) -> str:
        return f"{self.role} \"{self.text}\""


def _is_label(text: str) -> bool:
    return bool(LABEL_TEXT.fullmatch(" ".join(text.split()).casefold()))


def docx_outline(data: bytes) -> list[Entry]:
    """Return the headings, labels and list items of a .docx body in order.

    Title is H1 and Heading n is H(n+1), as the PDF's h1 is the document title; a label is a
    paragraph in a ``… Label`` or ``Box Title`` style, or one saying a product label
    (:data:`LABEL_TEXT`); a list item is a List Bullet/List Number paragraph or one with
    numbering of its own.
    """
    document = docx.Document(io.BytesIO(data))
    names = {style.style_id: style.name for style in document.styles}
    paragraph_numbering = _minute_paragraph_numbering(document)
    entries = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = " ".join("".join(node.text or "" if node.tag == qn("w:t") else " "
                                for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab"))
                                ).split())
        if not text:
            continue
        style_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = names.get(style_id.get(qn("w:val")), "") if style_id is not None else ""
        num_id = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        numbered = num_id is not None and num_id.get(qn("w:val")) not in paragraph_numbering
        if style == "Title":
            entries.append(Entry("H1", text))
        elif re.fullmatch(r"Heading [1-5]", style):
            entries.append(Entry(f"H{int(style[-1]) + 1}", text))
        elif _WORD_LABEL_STYLE.fullmatch(style) or _is_label(text):
            entries.append(Entry("label", text))
        elif _WORD_LIST_STYLE.fullmatch(style) or numbered:
            entries.append(Entry("item", text))
    return entries


def _minute_paragraph_numbering(document: Any) -> set[str]:
    """Return the ids of the numberings that number paragraphs after a minute ('57.%1'):
    such a paragraph is a numbered paragraph of the minutes, not a list item."""
    numbering = document.part.numbering_part.element
    texts = {abstract.get(qn("w:abstractNumId")):
             abstract.find(f"{qn('w:lvl')}/{qn('w:lvlText')}").get(qn("w:val"))
             for abstract in numbering.findall(qn("w:abstractNum"))
             if abstract.find(f"{qn('w:lvl')}/{qn('w:lvlText')}") is not None}
    return {num.get(qn("w:numId")) for num in numbering.findall(qn("w:num"))
            if re.fullmatch(r"\d+\.%1", texts.get(
                num.find(qn("w:abstractNumId")).get(qn("w:val")), ""))}


def pdf_outline(data: bytes, labels: Iterable[str] = ()) -> list[Entry]:
    """Return the headings, labels and list items of a tagged PDF's structure tree in order.

    H1–H6 are headings; a paragraph saying a product label (:data:`LABEL_TEXT`) or one of
    ``labels`` (the Word file's label texts) is a label; each LI is an item, its text that
    of its first block without the marker (``–``, ``1.``), a nested list giving items of its
    own. An LI with no marker continues the item before it across a page break.
    """
    import pikepdf

    texts = _marked_texts(data)
    label_keys = {Entry("label", text).key for text in labels}
    entries: list[Entry] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return []
        context = _Tree(texts, pages)
        for kid in _kids(root):
            _walk(kid, None, context, entries, label_keys)
    return entries


@dataclass
class _Tree:
    texts: dict[tuple[int, int], str]
    pages: dict[tuple[int, int], int]


def _kids(node: Any) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, __import__("pikepdf").Array) else [kids]


def _text(node: Any, page: int | None, tree: _Tree, skip: tuple[str, ...] = ()) -> str:
    """Return the text beneath ``node`` in order, leaving out elements of types ``skip``."""
    import pikepdf

    if isinstance(node, int):
        return tree.texts.get((page, node), "") if page is not None else ""
    if not isinstance(node, pikepdf.Dictionary):
        return ""
    if "/Pg" in node:
        page = tree.pages.get(node.Pg.objgen, page)
    if "/MCID" in node:
        return tree.texts.get((page, int(node.MCID)), "")
    if str(node.get("/S", "")) in skip:
        return ""
    return " ".join(part for kid in _kids(node) if (part := _text(kid, page, tree, skip)))


def _walk(node: Any, page: int | None, tree: _Tree, entries: list[Entry],
          labels: set[tuple[str, str]]) -> None:
    import pikepdf

    first_in_list = isinstance(node, _Continued)
    node = node.node if first_in_list else node
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return
    if "/Pg" in node:
        page = tree.pages.get(node.Pg.objgen, page)
    kind = str(node.S)[1:]
    if re.fullmatch(r"H[1-6]", kind):
        entries.append(Entry(kind, " ".join(_text(node, page, tree).split())))
        return
    if kind == "P":
        text = " ".join(_text(node, page, tree).split())
        text = _PARAGRAPH_NUMBER.sub("", text)  # a numbered paragraph's 57.3 (CSS counter)
        if text and (_is_label(text) or Entry("label", text).key in labels):
            entries.append(Entry("label", text))
            return
    if kind == "LI":
        _list_item(node, page, tree, entries, first_in_list)
    for index, kid in enumerate(_kids(node)):
        if kind == "L" and index == 0 and isinstance(kid, pikepdf.Dictionary):
            kid = _Continued(kid)
        _walk(kid, page, tree, entries, labels)


class _Continued(dict):  # type: ignore[type-arg]
    """The first LI of a list: without a marker it continues the item before the list
    (WeasyPrint starts a new list when an item runs over a page break)."""

    def __init__(self, node: Any) -> None:
        super().__init__()
        self.node = node


_BLOCKS = {"/P", "/L", "/Div", "/Table", "/BlockQuote", "/Lbl", "/LBody",
           *(f"/H{level}" for level in range(1, 7))}


def _list_item(node: Any, page: int | None, tree: _Tree, entries: list[Entry],
               first_in_list: bool = False) -> None:
    """Add the item an LI holds: its first block's text, the marker left out."""
    blocks = _blocks(node, page, tree)
    text = next((text for kind, text in blocks if kind == "text"), "")
    if blocks and blocks[0][0] == "list":
        text = ""
    pages = _pages(node, page, tree)
    if any(kind == "marker" for kind, _ in blocks):
        entries.append(Entry("item", text, max(pages, default=0)))
    elif first_in_list and text and entries and entries[-1].role == "item" \
            and min(pages, default=0) > entries[-1].page:
        entries[-1] = Entry("item", f"{entries[-1].text} {text}", max(pages))


def _pages(node: Any, page: int | None, tree: _Tree) -> list[int]:
    """Return the pages the marked content beneath ``node`` is on."""
    import pikepdf

    if isinstance(node, int):
        return [page] if page is not None else []
    if not isinstance(node, pikepdf.Dictionary):
        return []
    if "/Pg" in node:
        page = tree.pages.get(node.Pg.objgen, page)
    if "/MCID" in node:
        return [page] if page is not None else []
    return [found for kid in _kids(node) for found in _pages(kid, page, tree)]


def _blocks(node: Any, page: int | None, tree: _Tree) -> list[tuple[str, str]]:
    """Return the blocks of an LI in order: ``marker``, ``text`` or a nested ``list``."""
    import pikepdf

    blocks: list[tuple[str, str]] = []
    inline: list[str] = []

    def flush() -> None:
        text = " ".join(" ".join(inline).split())
        inline.clear()
        marker = re.match(rf"({_MARKER.pattern})(\s+|$)", text)
        if marker and not blocks:  # WeasyPrint tags a marker inside the item's text
            blocks.append(("marker", marker.group(1)))
            text = text[marker.end():]
        if text:
            blocks.append(("text", text))

    for body in _kids(node):
        kids = _kids(body) if isinstance(body, pikepdf.Dictionary) \
            and str(body.get("/S", "")) == "/LBody" else [body]
        for kid in kids:
            kind = str(kid.get("/S", "")) if isinstance(kid, pikepdf.Dictionary) else ""
            if kind not in _BLOCKS:
                inline.append(_text(kid, page, tree, skip=("/L",)))
                continue
            flush()
            if kind == "/L":
                blocks.append(("list", ""))
            elif kind == "/Lbl":
                blocks.append(("marker", ""))
            else:
                inline.append(_text(kid, page, tree, skip=("/L",)))
                flush()
        flush()
    return blocks


def _marked_texts(data: bytes) -> dict[tuple[int, int], str]:
    """Return the text of each marked-content sequence: (page index, MCID) → text."""
    import pypdf

    texts: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        for mcid, chunk in _page_marked_texts(page):
            texts[index, mcid] = f"{texts.get((index, mcid), '')} {chunk}".strip()
    return texts


def _page_marked_texts(page: Any) -> list[tuple[int, str]]:
    """Return each piece of text on ``page`` with the MCID of the sequence it is in."""
    stack: list[int | None] = []
    pieces: list[tuple[int, str]] = []

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator == b"BDC":
            properties = operands[1] if len(operands) > 1 else {}
            mcid = properties.get("/MCID") if hasattr(properties, "get") else None
            stack.append(int(mcid) if mcid is not None else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(chunk: str, *_: Any) -> None:
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None and chunk.strip():
            pieces.append((mcid, chunk))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return pieces


def first_difference(word: list[Entry], pdf: list[Entry]) -> str | None:
    """Return where the Word and PDF outlines first differ, with what comes before, or
    ``None`` when they are identical."""
    matcher = difflib.SequenceMatcher(None, [e.key for e in word], [e.key for e in pdf],
                                      autojunk=False)
    for tag, w1, w2, p1, p2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = f" after {word[w1 - 1]}" if w1 else " at the start"
        words = "; ".join(map(str, word[w1:min(w2, w1 + 3)])) or "nothing"
        pdfs = "; ".join(map(str, pdf[p1:min(p2, p1 + 3)])) or "nothing"
        return (f"entry {w1 + 1}{before}: Word has {words}{' …' if w2 - w1 > 3 else ''} "
                f"where the PDF has {pdfs}{' …' if p2 - p1 > 3 else ''}")
    return None
