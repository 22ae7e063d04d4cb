"""Read rendered documents back as text, the way a reader or a screen reader meets them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree


def docx_text(data: bytes) -> str:
    """Return every paragraph of a .docx body, tables included, one per line, in order."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.element.body.iter(qn("w:p")):
        text = "".join(node.text or "" for node in block.iter(qn("w:t")))
        lines.append(text)
    return "\n".join(lines)


def docx_parts_text(data: bytes) -> str:
    """Return the text of the body, headers and footers of a .docx."""
    document = docx.Document(io.BytesIO(data))
    parts = [docx_text(data)]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
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
