"""Protective marking and DRAFT on every page, in Word, PDF and HTML: top and bottom alike,
and a DRAFT mark that boxes, tables and shading do not hide."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import DATA, copy_example
from readback import has_pdftotext, html_text, pdf_layout_pages, pdf_page_texts

from scrdocs.kinds import Document
from scrdocs.render import render
from scrdocs.workspace import Workspace, load_workspace


def _headers(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for s in document.sections for p in s.header.paragraphs]


def test_profile_marking_is_on_every_pdf_page_and_the_word_header() -> None:
    """OFFICIAL from the profile heads every PDF page and the Word header."""
    ws = load_workspace(DATA / "thurrock")
    document = ws.documents["minutes-julia"]
    pages = pdf_page_texts(render(document, ws, "pdf"))
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
    assert all("OFFICIAL-SENSITIVE" in page for page in pdf_page_texts(render(document, ws, "pdf")))
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
    assert not any("OFFICIAL" in page for page in pdf_page_texts(render(document, ws, "pdf")))
    assert not any("OFFICIAL" in text for text in _headers(render(document, ws, "docx")))


def test_draft_marks_every_page(tmp_path: Path) -> None:
    """--draft puts DRAFT on every PDF page and a watermark in the Word header."""
    ws = load_workspace(DATA / "thurrock")
    document = ws.documents["minutes-julia"]
    pages = pdf_page_texts(render(document, ws, "pdf", draft=True))
    assert all("DRAFT" in page for page in pages)
    data = render(document, ws, "docx", draft=True)
    assert any("DRAFT" in text for text in _headers(data))
    header = docx.Document(io.BytesIO(data)).sections[0].header._element
    paths = header.xpath('.//*[local-name()="textpath" and @string="DRAFT"]')
    assert paths, "no watermark shape in the header"
    assert not any("DRAFT" in page for page in pdf_page_texts(render(document, ws, "pdf")))


def test_draft_flag_in_the_document_file(tmp_path: Path, run_cli) -> None:
    """`draft: true` in a document file marks it DRAFT without the option."""
    root = copy_example("thurrock", tmp_path)
    path = root / "documents" / "resolutions-julia.yaml"
    path.write_text("draft: true\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    ws = load_workspace(root)
    pages = pdf_page_texts(render(ws.documents["resolutions-julia"], ws, "pdf"))
    assert all("DRAFT" in page for page in pages)


def _footers(data: bytes) -> list[str]:
    """Return the text of every paragraph of the Word footers, those in its table too."""
    document = docx.Document(io.BytesIO(data))
    return ["".join(t.text or "" for t in p.iter(qn("w:t")))
            for s in document.sections for p in s.footer._element.iter(qn("w:p"))]


def _thurrock_with(tmp_path: Path, profile_marking: str) -> tuple[Workspace, Document]:
    """Return the Thurrock workspace with the profile's marking replaced, and its minutes."""
    root = copy_example("thurrock", tmp_path)
    profile = root / "scrdocs.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "marking: OFFICIAL", f"marking: {profile_marking}"), encoding="utf-8")
    ws = load_workspace(root)
    return ws, ws.documents["minutes-julia"]


MARKINGS = [("OFFICIAL", False, "OFFICIAL"),
            ("OFFICIAL-SENSITIVE", False, "OFFICIAL-SENSITIVE"),
            ("OFFICIAL", True, "OFFICIAL – DRAFT"),
            ("none", True, "DRAFT")]
"""Profile marking, --draft, and what the top and the bottom of every page must say."""


@pytest.mark.parametrize(("marking", "draft", "expected"), MARKINGS)
def test_html_page_shows_the_marking_at_its_top_and_bottom(
        tmp_path: Path, marking: str, draft: bool, expected: str) -> None:
    """Browsers draw no @page margin boxes, so the HTML page itself opens and closes with
    the marking."""
    ws, document = _thurrock_with(tmp_path, marking)
    lines = [line.strip() for line in html_text(render(document, ws, "html", draft=draft))
             .splitlines() if line.strip()]
    assert lines[0] == expected and lines[-1] == expected
    assert sum(expected in line for line in lines) == 2


def test_unmarked_final_html_has_no_marking_line(tmp_path: Path) -> None:
    """With `marking: none` and no draft, the HTML page carries no marking line."""
    ws, document = _thurrock_with(tmp_path, "none")
    text = html_text(render(document, ws, "html"))
    assert "OFFICIAL" not in text and "DRAFT" not in text


@pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")
@pytest.mark.parametrize(("marking", "draft", "expected"), MARKINGS)
def test_pdf_pages_say_the_same_marking_top_and_bottom_once_each(
        tmp_path: Path, marking: str, draft: bool, expected: str) -> None:
    """Every PDF page has the marking in its header and its footer, the same words in both,
    and the HTML page's own marking lines do not add a third."""
    ws, document = _thurrock_with(tmp_path, marking)
    pages = pdf_layout_pages(render(document, ws, "pdf", draft=draft), tmp_path)
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        header, footer = re.split(r"\s{2,}", lines[0]), re.split(r"\s{2,}", lines[-1])
        assert expected in header, (number, lines[0])
        assert expected in footer and f"Page {number} of {len(pages)}" in footer, lines[-1]
        assert page.count(expected.split(" – ")[0]) == 2, (number, page)


@pytest.mark.parametrize(("marking", "draft", "expected"), MARKINGS)
def test_word_header_and_footer_say_the_same_marking(
        tmp_path: Path, marking: str, draft: bool, expected: str) -> None:
    """The Word header is the marking, and the footer carries the same words once."""
    ws, document = _thurrock_with(tmp_path, marking)
    data = render(document, ws, "docx", draft=draft)
    assert _headers(data) == [expected]
    footer = "\n".join(_footers(data))
    assert re.search(rf"(^|[\s–]){re.escape(expected)}($|\s)", footer), footer
    assert footer.count(expected.split(" – ")[0]) == 1, footer


def test_draft_word_shading_lets_the_watermark_through() -> None:
    """Word draws the header's watermark beneath the page's text: in a draft the light fill
    of boxes and table header cells is taken out (borders stay), in the final it stays."""
    ws = load_workspace(DATA / "west-sussex")
    document = ws.documents["learning-briefing-winter-2017"]
    assert _light_fills(render(document, ws, "docx"))
    assert _light_fills(render(document, ws, "docx", draft=True)) == set()


def _light_fills(data: bytes) -> set[tuple[int, ...]]:
    """Return the light shading colours (each channel C0 or more, white aside) of a .docx's
    body and styles."""
    word = docx.Document(io.BytesIO(data))
    fills = {shading.get(qn("w:fill"), "auto") for root in (word.element.body,
                                                            word.styles.element)
             for shading in root.iter(qn("w:shd"))}
    colours = {_rgb(fill) for fill in fills if re.fullmatch(r"[0-9A-Fa-f]{6}", fill)}
    return {colour for colour in colours if min(colour) >= 0xC0 and colour != (255, 255, 255)}


def test_draft_word_keeps_dark_shading_under_light_text() -> None:
    """A dark fill (light text on it) is kept in a draft, so the text stays readable."""
    from scrdocs.word import clear_light_shading

    word = docx.Document()
    cell = word.add_table(rows=1, cols=2).rows[0].cells
    for target, fill in zip(cell, ("5B2C86", "F3F2F1")):
        shading = target._tc.get_or_add_tcPr().makeelement(qn("w:shd"), {
            qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
        target._tc.get_or_add_tcPr().append(shading)
    clear_light_shading(word)
    fills = [s.get(qn("w:fill")) for s in word.element.body.iter(qn("w:shd"))]
    assert fills == ["5B2C86", "auto"]


def _raster(pdf: Path, prefix: Path) -> list[object]:
    """Return every page of ``pdf`` as an RGB image at 50 dpi (pdftoppm)."""
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(prefix)], check=True,
                   capture_output=True, timeout=120)
    return [Image.open(path).convert("RGB")
            for path in sorted(prefix.parent.glob(f"{prefix.name}-*.png"))]


def _covered_pixels(final: list[object], draft: list[object], colours: set[tuple[int, ...]],
                    changed: object) -> tuple[int, int]:
    """Return how many pixels inside areas filled with one of ``colours`` the final pages
    have (the pixel and its four neighbours all that colour, so not the edge of a letter),
    and at how many of those the draft pages pass ``changed(final_pixel, draft_pixel)``."""
    assert len(final) == len(draft)
    steps = range(-2, 3)
    near = {(r + i, g + j, b + k) for r, g, b in colours for i in steps for j in steps
            for k in steps}
    filled = marked = 0
    for final_page, draft_page in zip(final, draft):
        width, height = final_page.size  # type: ignore[attr-defined]
        before, after = _pixels(final_page), _pixels(draft_page)
        inside = [pixel in near for pixel in before]
        for y in range(1, height - 1):
            for x in range(1, width - 1):
                at = y * width + x
                if inside[at] and inside[at - 1] and inside[at + 1] \
                        and inside[at - width] and inside[at + width]:
                    filled += 1
                    marked += bool(changed(before[at], after[at]))  # type: ignore[operator]
    return filled, marked


def _pixels(image: object) -> list[tuple[int, ...]]:
    data = image.tobytes()  # type: ignore[attr-defined]
    return [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]


def _rgb(hex_colour: str) -> tuple[int, ...]:
    return tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pdf_draft_mark_is_drawn_over_coloured_boxes(tmp_path: Path) -> None:
    """In the PDF the DRAFT mark lies over the briefing's coloured boxes and headings, not
    under them: pixels filled with the primary colour in the final are tinted in the draft."""
    ws = load_workspace(DATA / "west-sussex")
    document = ws.documents["learning-briefing-winter-2017"]
    for name, draft in (("final", False), ("draft", True)):
        (tmp_path / f"{name}.pdf").write_bytes(render(document, ws, "pdf", draft=draft))
    final = _raster(tmp_path / "final.pdf", tmp_path / "final")
    drafted = _raster(tmp_path / "draft.pdf", tmp_path / "draft")
    primary = _rgb(ws.organisation.colours.primary)
    filled, marked = _covered_pixels(final, drafted, {primary},
                                     lambda a, b: max(abs(x - y) for x, y in zip(a, b)) > 8)
    assert filled > 2000, "the briefing has no boxes in the primary colour to test with"
    assert marked > 200, f"DRAFT hidden behind the boxes ({marked} of {filled} pixels)"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="needs LibreOffice and poppler-utils")
def test_word_draft_watermark_shows_through_shaded_boxes(tmp_path: Path) -> None:
    """LibreOffice, laying the .docx out as Word does, shows the DRAFT watermark where the
    final has shaded boxes and table header cells: those pixels turn pink in the draft."""
    ws = load_workspace(DATA / "west-sussex")
    document = ws.documents["learning-briefing-winter-2017"]
    for name, draft in (("final", False), ("draft", True)):
        (tmp_path / f"{name}.docx").write_bytes(render(document, ws, "docx", draft=draft))
    out = tmp_path / "converted"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(tmp_path / "final.docx"), str(tmp_path / "draft.docx")],
                   check=True, capture_output=True, timeout=300)
    final = _raster(out / "final.pdf", tmp_path / "final")
    drafted = _raster(out / "draft.pdf", tmp_path / "draft")
    shading = _light_fills((tmp_path / "final.docx").read_bytes())
    filled, marked = _covered_pixels(final, drafted, shading,
                                     lambda a, b: b[0] - b[1] > 15)
    assert filled > 2000, "the briefing has no shaded boxes to test with"
    assert marked > 200, f"watermark hidden behind shading ({marked} of {filled} pixels)"
