"""The one-minute guide (scrdocs.kinds.one_minute_guide) rendered and read back against seed 003."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from readback import docx_text, html_text, pdf_page_texts
from seedscore import missing_lines, seed_score

from scrdocs.errors import PageCountWarning
from scrdocs.kinds.one_minute_guide import OneMinuteGuide, boxes, view
from scrdocs.model import Organisation, Section
from scrdocs.render import FORMATS, render
from scrdocs.workspace import Workspace, load_workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = Path(__file__).parent / "data" / "seeds" / "003_stoke_one_minute_guide.txt"

STOKE_HEADINGS = [
    ("h1", "Learning Lessons from Serious Case Reviews"),
    ("h2", "Legislative background and guidance frameworks"),
    ("h2", "The Serious Case Review (SCR) Process:"),
    ("h2", "Background in Stoke-on-Trent"),
    ("h3", "Serious Case Review SOT14(1)"),
    ("h3", "Serious Case Review SOT14(2)"),
    ("h2", "The Independent Overview Report, Recommendations and Action Plans"),
    ("h2", "Monitoring and Accountability"),
    ("h2", "Contact for more information"),
]
WORD_LEVELS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
CRITERIA_OPENINGS = [
    "Whether the case highlights or could highlight",
    "Where the case raises or may raise issues requiring",
    "Whether the case highlights recurrent themes",
    "Whether the case raises or may raise issues relating",
]
EMAIL = "carole.preston@stoke.gov.uk"


@pytest.fixture(scope="module")
def stoke(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the Stoke guide in every format into a temporary folder; return the paths."""
    folder = tmp_path_factory.mktemp("stoke")
    ws = load_workspace(DATA / "stoke-on-trent")
    paths = {}
    for format in FORMATS:
        paths[format] = folder / f"one-minute-guide.{format}"
        paths[format].write_bytes(render(ws.documents["one-minute-guide"], ws, format))
    return paths


def _text(path: Path) -> str:
    """Return a rendered file's text; a PDF is read in content order, as WeasyPrint drew it."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        return docx_text(data)
    if path.suffix == ".html":
        return html_text(data)
    return "\n".join(pdf_page_texts(data))


@pytest.mark.parametrize("format", FORMATS)
def test_stoke_guide_reproduces_the_seed_wording(stoke: dict[str, Path], format: str) -> None:
    """The Stoke guide carries at least 95 % of seed 003's words, in order, line by line."""
    seed_text = SEED.read_text(encoding="utf-8")
    rendered = _text(stoke[format])
    score = seed_score(seed_text, rendered)
    assert score >= 0.95, (score, missing_lines(seed_text, rendered))


def test_stoke_guide_fits_on_two_pages(stoke: dict[str, Path]) -> None:
    """The Stoke guide's PDF runs to at most two A4 pages."""
    reader = pypdf.PdfReader(stoke["pdf"])
    assert len(reader.pages) <= 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("format", FORMATS)
def test_date_and_version_lines(stoke: dict[str, Path], format: str) -> None:
    """Every format shows 'Date: March 2018' and 'Version: V14' under the title."""
    text = re.sub(r"\s+", " ", _text(stoke[format]))
    assert "Date: March 2018" in text
    assert "Version: V14" in text


def _word_paragraphs(path: Path) -> list[Paragraph]:
    """Return every paragraph of the body, those in table cells included, in order."""
    document = docx.Document(str(path))
    return [Paragraph(p, document._body)
            for p in document.element.body.iter(qn("w:p"))]


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def test_criteria_bullets_are_italic_in_word(stoke: dict[str, Path]) -> None:
    """The four 'emphasis' criteria are List Bullet paragraphs whose every text run is italic."""
    paragraphs = _word_paragraphs(stoke["docx"])
    for opening in CRITERIA_OPENINGS:
        found = [p for p in paragraphs if p.text.startswith(opening)]
        assert len(found) == 1, opening
        assert _style(found[0]) == "List Bullet"
        runs = [run for run in found[0].runs if run.text]
        assert runs and all(run.italic for run in runs), opening
    body = next(p for p in paragraphs if p.text.startswith("The revised publication"))
    assert not any(run.italic for run in body.runs if run.text)


def test_criteria_bullets_are_italic_in_html(stoke: dict[str, Path]) -> None:
    """In HTML each criterion is a list item wrapped in <em>."""
    html = stoke["html"].read_text(encoding="utf-8")
    for opening in CRITERIA_OPENINGS:
        assert re.search(rf"<li><em>{re.escape(opening)}[^<]*</em></li>", html), opening


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.open = tag
            self.found.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            tag, text = self.found[-1]
            self.found[-1] = (tag, text + data)


def test_headings_in_order_in_html(stoke: dict[str, Path]) -> None:
    """HTML headings run h1 title, h2 sections, h3 cases, in the seed's order, none skipped."""
    parser = _Headings()
    parser.feed(stoke["html"].read_text(encoding="utf-8"))
    assert parser.found == STOKE_HEADINGS


def test_headings_in_order_in_word(stoke: dict[str, Path]) -> None:
    """Word headings are Title, Heading 1 and Heading 2 paragraphs, in the seed's order."""
    headings = [(_style(p), p.text) for p in _word_paragraphs(stoke["docx"])
                if _style(p) in ("Title", *(f"Heading {n}" for n in range(1, 10)))]
    assert headings == [(WORD_LEVELS[level], text) for level, text in STOKE_HEADINGS]


def test_pdf_bookmarks_follow_the_headings(stoke: dict[str, Path]) -> None:
    """The PDF's bookmarks nest the sections under the title and the cases under their box."""
    def walk(outline: list, depth: int = 1) -> list[tuple[str, str]]:
        found = []
        for entry in outline:
            if isinstance(entry, list):
                found += walk(entry, depth + 1)
            else:
                found.append((f"h{depth}", entry.title))
        return found

    assert walk(pypdf.PdfReader(stoke["pdf"]).outline) == STOKE_HEADINGS


def test_contact_email_is_a_hyperlink_in_word(stoke: dict[str, Path]) -> None:
    """The contact's email is a real Word hyperlink to mailto:, on the seed's contact line."""
    document = docx.Document(str(stoke["docx"]))
    targets = {rel.rId: rel.target_ref for rel in document.part.rels.values()
               if rel.is_external}
    links = [link for link in document.element.body.iter(qn("w:hyperlink"))
             if targets.get(link.get(qn("r:id"))) == f"mailto:{EMAIL}"]
    assert len(links) == 1
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == EMAIL
    lines = [p.text for p in _word_paragraphs(stoke["docx"])]
    assert "SCB Manager, Carole Preston on:" in lines
    assert f"01782 235863 / {EMAIL}" in lines


def test_contact_email_is_a_link_in_pdf(stoke: dict[str, Path]) -> None:
    """The PDF carries a link annotation to the contact's email address."""
    uris = [annotation.get_object().get("/A", {}).get("/URI")
            for page in pypdf.PdfReader(stoke["pdf"]).pages
            for annotation in page.get("/Annots") or []]
    assert f"mailto:{EMAIL}" in uris


def test_local_reviews_come_after_all_sections_by_default() -> None:
    """Without `local_reviews.after` the case summaries follow every section."""
    ws = load_workspace(DATA / "stoke-on-trent")
    guide = ws.documents["one-minute-guide"]
    assert isinstance(guide, OneMinuteGuide) and guide.local_reviews
    moved = guide.model_copy(update={
        "local_reviews": guide.local_reviews.model_copy(update={"after": None})})
    shown = view(moved, ws)
    assert len(shown["sections_before"]) == 4
    assert shown["sections_after"] == []


def test_section_without_heading_continues_the_box_before() -> None:
    """A heading-less section joins the box above it; an empty section is left out."""
    grouped = boxes([Section(heading="Criteria", body="Before."), Section(body="After."),
                     Section(), Section(heading="Next", bullets=["One"])])
    assert [box["heading"] for box in grouped] == ["Criteria", "Next"]
    assert [str(part["body"][0]) for part in grouped[0]["parts"]] == ["Before.", "After."]


def test_heading_less_section_renders_inside_the_same_box() -> None:
    """In HTML the continuation sits in the same bordered box; in Word in the same table."""
    ws = Workspace(Organisation(name="Anyshire SCP"))
    guide = OneMinuteGuide(title="Neglect", sections=[
        Section(heading="Criteria", body="First paragraph."),
        Section(body="Continued paragraph.")])
    html = render(guide, ws, "html").decode("utf-8")
    boxes_html = re.findall(r'<section class="box[^"]*">(.*?)</section>', html, re.DOTALL)
    assert len(boxes_html) == 1
    assert "First paragraph." in boxes_html[0] and "Continued paragraph." in boxes_html[0]
    document = docx.Document(io.BytesIO(render(guide, ws, "docx")))
    cells = [cell.text for table in document.tables for row in table.rows
             for cell in row.cells]
    assert any("First paragraph." in text and "Continued paragraph." in text for text in cells)


def test_contact_falls_back_to_the_profile() -> None:
    """A guide without `contact` shows the organisation profile's contact."""
    ws = load_workspace(DATA / "west-sussex")
    guide = ws.documents["one-minute-guide-scr-s"]
    assert isinstance(guide, OneMinuteGuide)
    shown = view(guide, ws)
    assert [str(line) for line in shown["contact"]["lines"]] == [
        "www.westsussexscp.org.uk", "West Sussex Safeguarding Children Board"]


def test_long_guide_warns_about_page_count() -> None:
    """A guide of 40 sections runs past two pages and render() says so."""
    ws = Workspace(Organisation(name="Anyshire SCP"))
    body = "Practitioners should record what the child said and did. " * 8
    guide = OneMinuteGuide(title="A long guide", sections=[
        Section(heading=f"Section {n}", body=body) for n in range(1, 41)])
    with pytest.warns(PageCountWarning, match="is meant to fit on 2"):
        render(guide, ws, "pdf")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
@pytest.mark.parametrize("workspace,name", [("stoke-on-trent", "one-minute-guide"),
                                            ("west-sussex", "one-minute-guide-scr-s")])
def test_word_guide_converts_with_libreoffice(workspace: str, name: str,
                                              tmp_path: Path) -> None:
    """LibreOffice opens each rendered guide and converts it to a PDF with the same text."""
    ws = load_workspace(DATA / workspace)
    source = tmp_path / f"{name}.docx"
    source.write_bytes(render(ws.documents[name], ws, "docx"))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    converted = pypdf.PdfReader(tmp_path / f"{name}.pdf")
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in converted.pages))
    assert str(ws.documents[name].title) in text
