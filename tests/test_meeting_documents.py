"""Committee reports, minutes (and minutes templates) and resolution lists, read back."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from readback import docx_text, has_pdftotext, html_text, pdf_text, text_of
from seedscore import missing_lines, seed_score

from scrdocs.render import render
from scrdocs.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = Path(__file__).parent / "data" / "seeds"

MINUTES_SEEDS = [
    ("north-tyneside", "minutes-jasmine", "000_north_tyneside_minutes.txt"),
    ("thurrock", "minutes-julia", "001_thurrock_minutes.txt"),
    ("haringey", "minutes-learning-from-scrs", "004_haringey_minutes.txt"),
]

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")


def _text(workspace: str, name: str, format: str, tmp_path: Path) -> str:
    ws = load_workspace(DATA / workspace)
    return text_of(render(ws.documents[name], ws, format), format, tmp_path)


@pytest.mark.parametrize("format", ["docx", "html", pytest.param("pdf", marks=needs_pdftotext)])
@pytest.mark.parametrize("workspace,name,seed", MINUTES_SEEDS)
def test_minutes_reproduce_the_seed_wording(workspace: str, name: str, seed: str, format: str,
                                            tmp_path: Path) -> None:
    """The rendered minutes carry at least 95 % of the seed's words, in order, per line."""
    seed_text = (SEEDS / seed).read_text(encoding="utf-8")
    rendered = _text(workspace, name, format, tmp_path)
    score = seed_score(seed_text, rendered)
    assert score >= 0.95, (score, missing_lines(seed_text, rendered))


def _numbering(data: bytes, label: str) -> list[tuple[str, str | None]]:
    """Return (text, numId) of the paragraphs after ``label`` up to the next label or
    heading."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.strip() == label)
    found = []
    for paragraph in paragraphs[start + 1:]:
        if paragraph.style.name == "Minute Label" or paragraph.style.name.startswith("Heading"):
            break
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        num_id = num_pr.numId.val if num_pr is not None and num_pr.numId is not None else None
        found.append((paragraph.text, None if num_id is None else str(num_id)))
    return found


def test_thurrock_resolutions_are_word_numbered_one_to_five() -> None:
    """Thurrock's five resolutions are List Number paragraphs sharing one restarted list."""
    ws = load_workspace(DATA / "thurrock")
    data = render(ws.documents["minutes-julia"], ws, "docx")
    resolutions = _numbering(data, "RESOLVED:")
    assert len(resolutions) == 5
    assert all(text.startswith("That ") for text, _ in resolutions), "numbers are not typed"
    assert len({num_id for _, num_id in resolutions}) == 1
    assert resolutions[0][1] is not None
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == resolutions[0][1])
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    assert start is not None and start.get(qn("w:val")) == "1"


def test_thurrock_resolutions_are_numbered_in_pdf(tmp_path: Path) -> None:
    """The PDF and HTML number Thurrock's resolutions 1–5 with an ordered list."""
    ws = load_workspace(DATA / "thurrock")
    html = render(ws.documents["minutes-julia"], ws, "html").decode()
    assert html.count('<ol class="resolutions">') == 1
    section = html.split('<ol class="resolutions">')[1].split("</ol>")[0]
    assert section.count("<li>") == 5


def test_single_resolution_is_not_numbered() -> None:
    """Haringey's one resolution is a plain paragraph, with no Word numbering."""
    ws = load_workspace(DATA / "haringey")
    data = render(ws.documents["minutes-learning-from-scrs"], ws, "docx")
    resolutions = _numbering(data, "RESOLVED:")
    assert [text for text, _ in resolutions] == [
        "That the Local Safeguarding Children Board’s child protection handbook be given "
        "to all Councillors."]
    assert resolutions[0][1] is None


def test_item_without_minutes_renders_as_a_template() -> None:
    """An item with no minutes yet shows prompts and its recommendations as draft resolutions."""
    ws = load_workspace(DATA / "haringey")
    minutes = ws.documents["minutes-learning-from-scrs"]
    template_item = next(item for item in minutes.items if item.is_template)
    text = docx_text(render(minutes, ws, "docx"))
    after = text.split(template_item.title, 1)[1]
    assert "Minutes to be written" in after
    assert "Draft resolutions" in after
    for recommendation in template_item.recommendations:
        assert recommendation in after


def test_numbering_restarts_for_every_item(make_workspace) -> None:
    """Two items with two resolutions each get two separate Word lists, each from 1."""
    root = make_workspace({"documents/minutes.yaml": """\
kind: minutes
meeting: {committee: Scrutiny, date: 2021-06-14}
items:
  - {number: 1, title: First, minutes: Discussed., resolutions: [That A., That B.]}
  - {number: 2, title: Second, minutes: Discussed., resolutions: [That C., That D.]}
"""})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, "docx")
    document = docx.Document(io.BytesIO(data))
    ids = [p._p.pPr.numPr.numId.val for p in document.paragraphs
           if p.style.name == "List Number"]
    assert len(ids) == 4 and ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_resolution_list_gives_each_resolution_a_minute_reference() -> None:
    """The Thurrock resolution list follows each resolution with the reference a minute
    cites, item.number and meeting date, in words rather than as an identifier."""
    ws = load_workspace(DATA / "thurrock")
    document = ws.documents["resolutions-julia"]
    text = docx_text(render(document, ws, "docx")).replace("\xa0", " ")
    assert "RESOLVED:" in text
    for n in range(1, 6):
        assert f"(Ref. 6.{n}, 10 March 2015)" in text
    assert "2015-03-10/6/" not in text


def test_committee_report_tells_the_review_and_its_action_plan() -> None:
    """The committee report carries the review's facts and an action-plan table with counts."""
    ws = load_workspace(DATA / "north-tyneside")
    data = render(ws.documents["committee-report-jasmine"], ws, "docx")
    text = docx_text(data).replace("\t", " ")  # a fact's value sits at a tab stop
    for expected in ["Agenda item 5", "Serious Case Review Jasmine concerned",
                     "Commissioned: July 2019", "Completed: September 2020",
                     "Published: April 2021", "Action plan", "Recommendations",
                     "Contact officer"]:
        assert expected in text, expected
    document = docx.Document(io.BytesIO(data))
    table = document.tables[-1]  # the first is the masthead's layout table
    assert [c.text for c in table.rows[0].cells] == ["Action", "Owner", "Due", "Status"]
    review = ws.reviews["jasmine"]
    assert len(table.rows) == 1 + len(review.actions)
    assert f"{len(review.actions)} actions:" in text


HOSTILE = "Tom & Jerry <tag> \"quoted\" 'single' Zoë"


@pytest.mark.parametrize("format", ["docx", "html", pytest.param("pdf", marks=needs_pdftotext)])
def test_special_characters_survive_verbatim(make_workspace, format: str,
                                             tmp_path: Path) -> None:
    """&, <tag>, quotes and Zoë in data come out verbatim in every format."""
    quoted = json.dumps
    root = make_workspace({"documents/minutes.yaml": "\n".join([
        "kind: minutes",
        f"meeting: {{committee: {quoted(HOSTILE)}, date: 2021-06-14}}",
        "items:",
        "  - number: 1",
        f"    title: {quoted('Item ' + HOSTILE)}",
        f"    minutes: {quoted('Body ' + HOSTILE)}",
        f"    resolutions: [{quoted('That ' + HOSTILE)}]",
    ]) + "\n"})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, format)
    text = {"docx": docx_text, "html": html_text}.get(format, lambda d: pdf_text(d, tmp_path))(data)
    for prefix in ("Item ", "Body ", "That "):
        assert prefix + HOSTILE in text.replace("\n", " ")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_every_meeting_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    """LibreOffice converts every meeting document's .docx to PDF without error."""
    sources = []
    for workspace in ("north-tyneside", "thurrock", "haringey"):
        ws = load_workspace(DATA / workspace)
        for name, document in ws.documents.items():
            path = tmp_path / f"{name}.docx"
            path.write_bytes(render(document, ws, "docx"))
            sources.append(path)
    out = tmp_path / "converted"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    *map(str, sources)], check=True, capture_output=True, timeout=300)
    for source in sources:
        converted = out / f"{source.stem}.pdf"
        assert converted.is_file() and converted.stat().st_size > 1000, source.name


def test_supporting_documents_are_listed_once(make_workspace) -> None:
    """A link both on the item and on the review appears once under Supporting documents."""
    root = make_workspace({
        "reviews/jasmine.yaml": "name: Jasmine\nlinks:\n  - {title: Full report, "
                                "url: 'https://example.org/report'}\n",
        "documents/report-jasmine.yaml": """\
kind: committee-report
meeting: {committee: Scrutiny}
item:
  title: SCR Jasmine
  review: jasmine
  supporting_documents:
    - {title: Full report, url: 'https://example.org/report'}
"""})
    ws = load_workspace(root)
    text = docx_text(render(ws.documents["report-jasmine"], ws, "docx"))
    assert text.count("Full report") == 1
