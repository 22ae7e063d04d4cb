"""The seven-minute briefing (scrdocs.kinds.seven_minute_briefing): seven numbered boxes in
order, written or drawn from reviews, on at most two pages in the PDF and in Word as
LibreOffice lays it out, and a real published briefing reproduced word for word."""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pytest
from helpers import render_every_format, starter_workspace
from readback import docx_text, html_text
from readback import pdf_page_count as pages
from seedscore import missing_lines, reverse_score, seed_score

from scrdocs.errors import DataError, PageCountWarning
from scrdocs.finish import libreoffice
from scrdocs.kinds.seven_minute_briefing import BOXES, SevenMinuteBriefing
from scrdocs.new import new_workspace
from scrdocs.render import render
from scrdocs.schema import json_schema
from scrdocs.workspace import Workspace, load_document, load_workspace

ROOT = Path(__file__).resolve().parents[1]
MERSEY_CARE = ROOT / "data" / "mersey-care"
SOURCE = (Path(__file__).parent / "data" / "seven-minute-briefings"
          / "mersey-care-voice-of-the-child.txt")
EXAMPLE = "7-minute-briefing-voice-of-the-child"
HAS_LIBREOFFICE = libreoffice() is not None


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workspace]:
    """Return the Mersey Care example and the workspace `scrdocs new` writes."""
    return {"mersey-care": load_workspace(MERSEY_CARE),
            "starter": starter_workspace(tmp_path_factory.mktemp("new") / "starter")}


BRIEFINGS = [("mersey-care", EXAMPLE), ("starter", "seven-minute-briefing")]


@pytest.fixture(scope="module")
def rendered(workspaces: dict[str, Workspace]) -> dict[tuple[str, str], dict[str, bytes]]:
    """Return both briefings in every format (a page-count warning fails), and each .docx
    as LibreOffice lays it out ('word') when LibreOffice is installed."""
    return render_every_format(workspaces, BRIEFINGS)


def pdf_text(pdf: bytes) -> str:
    """Return a PDF's text as pdftotext lays it out."""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def pdftotext_raw(pdf: bytes) -> str:
    """Return a PDF's text in content order, so that a paragraph reads on across lines."""
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


@pytest.mark.parametrize(("workspace", "name"), BRIEFINGS, ids=["/".join(b) for b in BRIEFINGS])
def test_briefing_fits_two_pages_in_both_formats(rendered, workspace: str, name: str) -> None:
    """Each briefing takes at most two pages as PDF and as Word laid out by LibreOffice,
    the same number in both."""
    files = rendered[(workspace, name)]
    assert pages(files["pdf"]) <= 2
    if "word" in files:
        assert pages(files["word"]) == pages(files["pdf"])


@pytest.mark.parametrize(("workspace", "name"), BRIEFINGS, ids=["/".join(b) for b in BRIEFINGS])
def test_seven_numbered_boxes_in_order_in_every_format(rendered, workspace: str,
                                                       name: str) -> None:
    """The masthead says '7 Minute Briefing' and the boxes are headed 1. to 7. in order in
    the Word file and the HTML (a line each), and all seven are in the PDF."""
    files = rendered[(workspace, name)]
    for text in (docx_text(files["docx"]), html_text(files["html"])):
        assert "7 Minute Briefing" in text
        numbers = [int(found) for found in re.findall(r"^\s*([1-7])\. \S", text, re.MULTILINE)]
        assert numbers == list(range(1, 8))
    pdf = pdf_text(files["pdf"])
    assert "7 Minute Briefing" in pdf
    assert all(re.search(rf"(^|\s){number}\. [A-Z]", pdf) for number in range(1, 8))


def test_starter_briefing_draws_its_boxes_from_the_review(rendered) -> None:
    """Boxes the briefing leaves out come from Child A's review: summary (led by the review's
    title), findings, learning points, questions and links; the contact ends box 7."""
    text = docx_text(rendered[("starter", "seven-minute-briefing")]["docx"])
    for expected in ("1. Background",
                     "Child Safeguarding Practice Review Child A concerned a four-month-old",
                     "3. Information",
                     "The local protocol for bruising in babies who are not independently",
                     "4. What we learned",
                     "Share relevant information at the time it could change a decision",
                     "6. Questions for reflection",
                     "Do you know where to find the bruising protocol",
                     "7. Further information", "Child A: full report",
                     "safeguarding.partnership@example.org"):
        assert expected in text, expected


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_real_briefing_reproduces_its_source(rendered, format: str) -> None:
    """Mersey Care's published briefing on the voice of the child comes through word for
    word (seed score at least 0.95); the words scrdocs or the transcription added — the
    box labels, the invented questions — stay a small share of the output."""
    files = rendered[("mersey-care", EXAMPLE)]
    text = docx_text(files["docx"]) if format == "docx" else pdf_text(files["pdf"])
    source = SOURCE.read_text(encoding="utf-8")
    assert seed_score(source, text) >= 0.95, missing_lines(source, text)
    assert reverse_score(source, text) >= 0.85


def briefing_file(tmp_path: Path, body: str) -> Path:
    """Return a workspace holding one briefing document with ``body``."""
    (tmp_path / "documents").mkdir()
    (tmp_path / "scrdocs.yaml").write_text("name: Test Partnership\n", encoding="utf-8")
    path = tmp_path / "documents" / "briefing.yaml"
    path.write_text("kind: seven-minute-briefing\ntitle: Neglect\n" + body, encoding="utf-8")
    return path


def test_a_box_only_the_briefing_can_write_is_required(tmp_path: Path) -> None:
    """A briefing drawing on reviews must still write 'Why it matters' itself: the error
    names the file, the field and what to write."""
    path = briefing_file(tmp_path, "reviews: [child-a]\nwhat_to_do:\n  body: Act.\n")
    with pytest.raises(DataError) as caught:
        load_document(path)
    message = str(caught.value)
    assert "briefing.yaml" in message and "why_it_matters" in message
    assert "'Why it matters' box" in message


def test_a_briefing_without_reviews_must_write_every_box(tmp_path: Path) -> None:
    """With no reviews listed, a box left out is an error pointing to `reviews` too."""
    boxes = "".join(f"{field}:\n  body: Text.\n" for field, _ in BOXES if field != "learning")
    with pytest.raises(DataError) as caught:
        load_document(briefing_file(tmp_path, boxes))
    assert "learning" in str(caught.value) and "`reviews`" in str(caught.value)


def test_a_box_no_review_fills_is_a_workspace_problem(tmp_path: Path) -> None:
    """A box left to reviews that have nothing for it (no findings) is reported by the
    workspace check, naming the field, instead of going out missing."""
    new_workspace(tmp_path / "ws")
    review = tmp_path / "ws" / "reviews" / "child-a.yaml"
    text = review.read_text(encoding="utf-8")
    start = text.index("findings:")
    end = text.index("learning_points:")
    review.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_workspace(tmp_path / "ws")
    problems = [p for p in caught.value.problems if p.path == "information"]
    assert problems and "write it as `information:`" in problems[0].message
    assert Path(problems[0].file).name == "seven-minute-briefing.yaml"


def test_learning_points_are_cut_to_keep_two_pages(workspaces) -> None:
    """A review with many long learning points is shown with fewer, the rest counted, so
    the briefing stays on two pages."""
    ws = workspaces["starter"]
    review = ws.reviews["child-a"]
    long_points = [f"Learning point {n}: " + "practitioners should stay curious about who "
                   "lives in the home and record what they are told " * 3 for n in range(30)]
    ws.reviews["child-a"] = review.model_copy(update={"learning_points": long_points})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PageCountWarning)
            pdf = render(ws.documents["seven-minute-briefing"], ws, "pdf")
    finally:
        ws.reviews["child-a"] = review
    assert pages(pdf) <= 2
    assert "more learning points in the full report" in " ".join(pdftotext_raw(pdf).split())


def test_schema_offers_the_kind() -> None:
    """`scrdocs schema document` lists the kind and its seven boxes."""
    schema = json_schema("document")
    text = str(schema)
    assert "seven-minute-briefing" in text
    for field, _ in BOXES:
        assert field in text
    assert SevenMinuteBriefing.model_fields["why_it_matters"].description
