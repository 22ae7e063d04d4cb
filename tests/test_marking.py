"""Protective marking and DRAFT on every page, in Word and PDF."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from helpers import DATA, copy_example

from scrdocs.render import render
from scrdocs.workspace import load_workspace


def _pages(data: bytes) -> list[str]:
    import pypdf
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _headers(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for s in document.sections for p in s.header.paragraphs]


def test_profile_marking_is_on_every_pdf_page_and_the_word_header() -> None:
    """OFFICIAL from the profile heads every PDF page and the Word header."""
    ws = load_workspace(DATA / "thurrock")
    document = ws.documents["minutes-julia"]
    pages = _pages(render(document, ws, "pdf"))
    assert len(pages) > 1 and all("OFFICIAL" in page for page in pages)
    assert "OFFICIAL" in _headers(render(document, ws, "docx"))


def test_document_marking_overrides_the_profile(tmp_path: Path) -> None:
    """`marking: OFFICIAL-SENSITIVE` in a document replaces the profile's marking."""
    root = copy_example("thurrock", tmp_path)
    path = root / "documents" / "minutes-julia.yaml"
    path.write_text("marking: OFFICIAL-SENSITIVE\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    ws = load_workspace(root)
    document = ws.documents["minutes-julia"]
    assert all("OFFICIAL-SENSITIVE" in page for page in _pages(render(document, ws, "pdf")))
    assert "OFFICIAL-SENSITIVE" in _headers(render(document, ws, "docx"))


def test_no_marking_when_the_profile_says_none(tmp_path: Path) -> None:
    """With `marking: none` no page carries a marking."""
    root = copy_example("thurrock", tmp_path)
    profile = root / "scrdocs.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("marking: OFFICIAL",
                                                                   "marking: none"),
                       encoding="utf-8")
    ws = load_workspace(root)
    document = ws.documents["minutes-julia"]
    assert not any("OFFICIAL" in page for page in _pages(render(document, ws, "pdf")))
    assert not any("OFFICIAL" in text for text in _headers(render(document, ws, "docx")))


def test_draft_marks_every_page(tmp_path: Path) -> None:
    """--draft puts DRAFT on every PDF page and a watermark in the Word header."""
    ws = load_workspace(DATA / "thurrock")
    document = ws.documents["minutes-julia"]
    pages = _pages(render(document, ws, "pdf", draft=True))
    assert all("DRAFT" in page for page in pages)
    data = render(document, ws, "docx", draft=True)
    assert any("DRAFT" in text for text in _headers(data))
    header = docx.Document(io.BytesIO(data)).sections[0].header._element
    paths = header.xpath('.//*[local-name()="textpath" and @string="DRAFT"]')
    assert paths, "no watermark shape in the header"
    assert not any("DRAFT" in page for page in _pages(render(document, ws, "pdf")))


def test_draft_flag_in_the_document_file(tmp_path: Path, run_cli) -> None:
    """`draft: true` in a document file marks it DRAFT without the option."""
    root = copy_example("thurrock", tmp_path)
    path = root / "documents" / "resolutions-julia.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    ws = load_workspace(root)
    pages = _pages(render(ws.documents["resolutions-julia"], ws, "pdf"))
    assert all("DRAFT" in page for page in pages)


