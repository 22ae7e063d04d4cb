"""The finish of one-minute guides and learning briefings, in the PDF and in Word as
LibreOffice lays it out: guides on two pages with two real columns, boxes whole or continued
under their heading, the briefing's masthead and side boxes as Word tables, and the local
case reviews told by their learning points and questions."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import render_every_format, starter_workspace
from readback import docx_text, html_text, pdf_page_texts
from readback import pdf_page_count as pages

from scrdocs.errors import PageCountWarning
from scrdocs.finish import libreoffice, read_pages
from scrdocs.kinds._columns import Columns, Measured, flow
from scrdocs.kinds.learning_briefing import LearningBriefing
from scrdocs.kinds.one_minute_guide import OneMinuteGuide, view
from scrdocs.model import Organisation, Review, Section
from scrdocs.render import render
from scrdocs.workspace import Workspace, load_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
GUIDES = [("stoke-on-trent", "one-minute-guide"), ("west-sussex", "one-minute-guide-scr-s"),
          ("starter", "one-minute-guide")]
BRIEFINGS = [("west-sussex", "learning-briefing-winter-2017"), ("starter", "learning-briefing")]
HAS_LIBREOFFICE = libreoffice() is not None


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workspace]:
    """Return the bundled workspaces holding guides and briefings, and `scrdocs new`'s."""
    return {"stoke-on-trent": load_workspace(DATA / "stoke-on-trent"),
            "west-sussex": load_workspace(DATA / "west-sussex"),
            "starter": starter_workspace(tmp_path_factory.mktemp("new") / "starter")}


@pytest.fixture(scope="module")
def rendered(workspaces: dict[str, Workspace]) -> dict[tuple[str, str], dict[str, bytes]]:
    """Return every bundled guide and briefing in every format, and its .docx as
    LibreOffice lays it out ('word') when LibreOffice is installed."""
    return render_every_format(workspaces, GUIDES + BRIEFINGS)


def layouts(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return the PDF and, when LibreOffice made it, the Word layout, by name."""
    return {"pdf": files["pdf"], **({"word": files["word"]} if "word" in files else {})}


# --- one-minute guides ---------------------------------------------------------------------

@pytest.mark.parametrize(("workspace", "name"), GUIDES, ids=["/".join(g) for g in GUIDES])
def test_guide_fits_two_pages_in_both_formats(rendered, workspace: str, name: str) -> None:
    """Every bundled guide takes at most two pages as PDF and as Word laid out by
    LibreOffice, the same number in both, without a page-count warning."""
    files = rendered[(workspace, name)]
    assert pages(files["pdf"]) <= 2
    if "word" not in files:
        pytest.skip("LibreOffice is not installed: the Word layout was not checked")
    assert pages(files["word"]) == pages(files["pdf"])


@pytest.mark.parametrize(("workspace", "name"), GUIDES, ids=["/".join(g) for g in GUIDES])
def test_word_guide_sets_its_boxes_in_two_columns(rendered, workspace: str, name: str) -> None:
    """The Word guide has a one-column section for the masthead, then a continuous section of
    two columns holding every box as a table."""
    document = docx.Document(io.BytesIO(rendered[(workspace, name)]["docx"]))
    sections = document.sections
    assert len(sections) == 2

    def columns(section) -> int:
        cols = section._sectPr.find(qn("w:cols"))
        return int(cols.get(qn("w:num"), "1")) if cols is not None else 1

    assert [columns(section) for section in sections] == [1, 2]
    assert sections[1].start_type == 0  # WD_SECTION.CONTINUOUS
    body = document.element.body
    masthead_end = next(p for p in body.iter(qn("w:p"))
                        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None)
    boxes = [table for table in masthead_end.itersiblings(qn("w:tbl"))]
    assert boxes, "no box tables in the two-column section"
    for table in boxes:
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                   for row in table.iter(qn("w:tr"))), "a box row may split"


@pytest.mark.parametrize(("workspace", "name"), GUIDES, ids=["/".join(g) for g in GUIDES])
def test_no_box_heading_ends_a_column(rendered, workspaces, workspace: str, name: str) -> None:
    """No column of any page, in either format, ends on a box's heading or a review's title."""
    ws = workspaces[workspace]
    shown = view(ws.resolve(ws.documents[name]), ws)
    headings = {box["heading_shown"] for box in shown["boxes"]} | {
        part["subheading"] for box in shown["boxes"] for part in box["parts"]}
    headings.discard("")
    for format, pdf in layouts(rendered[(workspace, name)]).items():
        for number, page in enumerate(read_pages(pdf), start=1):
            middle = page.width / 2
            for column in ([line for line in page.lines if line.x < middle],
                           [line for line in page.lines if line.x >= middle]):
                if column:
                    last = max(column, key=lambda line: line.bottom)
                    assert last.text not in headings, (format, number, last.text)


def test_local_review_shows_its_learning_points_and_questions(rendered, workspaces) -> None:
    """The SCR S guide shows the review's summary as a sentence, every one of its 13
    learning points and its 3 questions, in the PDF and in Word."""
    review = workspaces["west-sussex"].reviews["s"]
    files = rendered[("west-sussex", "one-minute-guide-scr-s")]
    texts = {"pdf": _words(_pdf_text(files["pdf"])), "docx": _words(docx_text(files["docx"]))}
    assert len(review.learning_points) == 13 and len(review.questions) == 3
    for format, text in texts.items():
        assert _words("This review concerns the serious and life threatening") in text, format
        for point in review.learning_points:
            assert _words(point) in text, (format, point)
        for question in review.questions:
            assert _words("Question: " + question.strip("*")) in text, (format, question)
        assert _words("SCR S report – not yet published") in text, format


def test_guide_shows_findings_only_when_asked(workspaces) -> None:
    """A guide's local reviews leave out the findings unless `show_findings` is set."""
    ws = workspaces["starter"]
    guide = ws.documents["one-minute-guide"]
    finding = ws.reviews["child-a"].findings[0]
    assert _words(finding) not in _words(html_text(render(guide, ws, "html")))
    asked = guide.model_copy(update={"local_reviews": guide.local_reviews.model_copy(
        update={"show_findings": True})})
    for format, text in (("html", html_text(render(asked, ws, "html"))),
                         ("docx", docx_text(render(asked, ws, "docx")))):
        assert _words(finding) in _words(text), format


def test_learning_points_limit_counts_the_rest(workspaces) -> None:
    """With `learning_points_limit: 2` a review shows two learning points, then how many
    more the full report has, in both formats."""
    ws = workspaces["west-sussex"]
    guide = ws.documents["one-minute-guide-scr-s"]
    limited = guide.model_copy(update={"local_reviews": guide.local_reviews.model_copy(
        update={"learning_points_limit": 2})})
    points = ws.reviews["s"].learning_points
    for format, text in (("pdf", _pdf_text(render(limited, ws, "pdf"))),
                         ("docx", docx_text(render(limited, ws, "docx")))):
        words = _words(text)
        assert _words(points[1]) in words and _words(points[2]) not in words, format
        assert _words("And 11 more learning points in the full report.") in words, format


def test_long_reviews_are_cut_down_to_fit_two_pages() -> None:
    """A guide whose reviews have more learning points than two pages hold shows fewer of
    each, counts the rest, and fits two pages without a warning."""
    point = ("Practitioners should record who lives in the household and who visits, and "
             "check it with other agencies before the assessment is closed. ")
    reviews = {f"r{n}": Review.model_validate({
        "name": f"R{n}", "summary": "concerned a baby.",
        "learning_points": [f"{n}.{i} {point}" for i in range(12)],
        "questions": ["What would you do?"]}) for n in range(1, 5)}
    ws = Workspace(Organisation(name="Anyshire SCP"), reviews=reviews)
    guide = OneMinuteGuide.model_validate({
        "title": "Four reviews", "sections": [{"heading": "Why", "body": "Because."}],
        "local_reviews": {"reviews": list(reviews)}})
    with warnings.catch_warnings():
        warnings.simplefilter("error", PageCountWarning)
        pdf = render(guide, ws, "pdf")
    assert pages(pdf) <= 2
    text = _words(_pdf_text(pdf))
    assert re.search(r" and \d+ more learning points? in the full report ", text)
    for n in range(1, 5):
        assert _words(f"{n}.0 {point}") in text


def test_box_too_tall_for_a_column_continues_under_its_heading() -> None:
    """A box taller than a column is cut in two, the second piece headed '… (continued)';
    every bullet appears once, in both formats."""
    ws = Workspace(Organisation(name="Anyshire SCP"))
    items = [f"Item {n}: ask who else lives in the home and who visits, and record it."
             for n in range(1, 61)]
    guide = OneMinuteGuide(title="A long list", sections=[
        Section(heading="Why", body="Because."), Section(heading="Checklist", bullets=items)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PageCountWarning)
        outputs = {"pdf": _pdf_text(render(guide, ws, "pdf")),
                   "docx": docx_text(render(guide, ws, "docx"))}
    for format, text in outputs.items():
        assert "Checklist (continued)" in " ".join(text.split()), format
        for item in items:
            assert " ".join(text.split()).count(item) == 1, (format, item)


def test_page_count_warning_names_the_box_to_shorten() -> None:
    """A guide past two pages is warned about with its longest box named."""
    ws = Workspace(Organisation(name="Anyshire SCP"))
    body = "Practitioners should record what the child said and did. " * 8
    guide = OneMinuteGuide(title="A long guide", sections=[
        Section(heading=f"Section {n}", body=body * (3 if n == 7 else 1))
        for n in range(1, 31)])
    with pytest.warns(PageCountWarning, match=r"shorten its longest box, 'Section 7'"):
        render(guide, ws, "pdf")


# --- the plan of the columns ------------------------------------------------------------------

COLUMNS = Columns(per_page=2, first=100, other=100, gap=5, minimum=10)


def box(*blocks: float, keep: tuple[bool, ...] = ()) -> Measured:
    """Return a box of ``blocks`` with a 10-point head and no foot."""
    return Measured(10, blocks, keep or (False,) * len(blocks), 0)


def test_a_box_that_fits_the_next_column_moves_whole() -> None:
    """A box that does not fit under the one before, but fits a column, starts the next."""
    plan = flow([box(60), box(30, 30)], COLUMNS)
    assert [(p.box, p.start, p.end, p.column) for p in plan.pieces] == [
        (0, 0, 1, 0), (1, 0, 2, 1)]


def test_a_box_too_tall_for_a_column_is_cut_where_it_stands() -> None:
    """A box taller than any column fills the column it starts in and continues in the
    next; with a sub-heading kept with its next block, the cut never falls after it."""
    plan = flow([box(40), box(20, 20, 20, 20, 20)], COLUMNS)
    assert [(p.box, p.start, p.end, p.column) for p in plan.pieces] == [
        (0, 0, 1, 0), (1, 0, 1, 0), (1, 1, 5, 1)]
    kept = flow([box(40), box(20, 20, 20, 20, 20, keep=(True, False, False, False, False))],
                COLUMNS)
    assert [(p.start, p.end, p.column) for p in kept.pieces[1:]] == [(0, 4, 1), (4, 5, 2)]


def test_fill_cuts_rather_than_moves() -> None:
    """Filling cuts a box that would otherwise move whole, to save a column."""
    whole = flow([box(50), box(20, 20, 20)], COLUMNS)
    tight = flow([box(50), box(20, 20, 20)], COLUMNS, fill=True)
    assert [(p.start, p.end, p.column) for p in whole.pieces] == [(0, 1, 0), (0, 3, 1)]
    assert [(p.start, p.end, p.column) for p in tight.pieces] == [
        (0, 1, 0), (0, 1, 0), (1, 3, 1)]


# --- learning briefings ---------------------------------------------------------------------

@pytest.mark.parametrize(("workspace", "name"), BRIEFINGS, ids=["/".join(b) for b in BRIEFINGS])
def test_briefing_has_the_same_page_count_in_word(rendered, workspace: str, name: str) -> None:
    """LibreOffice lays the Word briefing out on as many pages as the PDF has."""
    files = rendered[(workspace, name)]
    if "word" not in files:
        pytest.skip("LibreOffice is not installed: the Word layout was not checked")
    assert pages(files["word"]) == pages(files["pdf"])


@pytest.mark.parametrize(("workspace", "name"), BRIEFINGS, ids=["/".join(b) for b in BRIEFINGS])
def test_word_briefing_has_masthead_and_side_box_tables(rendered, workspaces, workspace: str,
                                                        name: str) -> None:
    """In Word the masthead is a table shaded in the house colour holding the title, the
    contents box floats on the right, and each theme with fast facts or links has its side
    boxes in a shaded table floating on the right of its text."""
    briefing = workspaces[workspace].documents[name]
    assert isinstance(briefing, LearningBriefing)
    document = docx.Document(io.BytesIO(rendered[(workspace, name)]["docx"]))
    masthead, *floating = document.tables
    cell = masthead.rows[0].cells[0]
    assert [p.text for p in cell.paragraphs if p.style.name == "Title"] == [briefing.title]
    assert cell._tc.tcPr.find(qn("w:shd")) is not None
    assert masthead._tbl.tblPr.find(qn("w:tblpPr")) is None
    for table in floating:
        position = table._tbl.tblPr.find(qn("w:tblpPr"))
        assert position is not None and position.get(qn("w:tblpXSpec")) == "right"
    titles = [[p.text for row in table.rows for p in row.cells[0].paragraphs
               if p.style.name == "Box Title"] for table in floating]
    asides = [theme for theme in briefing.themes
              if theme.fast_facts or theme.more_information or theme.more_information_intro]
    assert titles[0] == ["In this briefing"]
    assert len(titles) == 1 + len(asides)
    for theme, found in zip(asides, titles[1:]):
        expected = (["Fast facts"] if theme.fast_facts else []) + (
            ["For more information"] if theme.more_information else [])
        assert found == expected, theme.title


# --- text both kinds share ------------------------------------------------------------------

@pytest.mark.parametrize(("workspace", "name"), GUIDES + BRIEFINGS,
                         ids=["/".join(d) for d in GUIDES + BRIEFINGS])
def test_review_paragraphs_start_with_a_capital(rendered, workspaces, workspace: str,
                                                name: str) -> None:
    """The paragraph under each review's title starts with a capital in both formats (a
    summary opening on its verb reads "This review concerned …"), and no line leading into
    learning points ends in ';'."""
    ws = workspaces[workspace]
    titles = {ws.reviews[review_id].title for review_id in ws.documents[name].review_ids()}
    files = rendered[(workspace, name)]
    html = files["html"].decode("utf-8")
    following = {title: re.sub(r"<[^>]+>", "", first).strip() for title, first in re.findall(
        r"<h3>([^<]*)</h3>\s*<p[^>]*>(.*?)</p>", html, re.DOTALL) if title in titles}
    assert set(following) == titles
    document = docx.Document(io.BytesIO(files["docx"]))
    paragraphs = [p for p in document.element.body.iter(qn("w:p"))]
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
    under = {texts[i]: texts[i + 1] for i in range(len(texts) - 1) if texts[i] in titles}
    assert set(under) == titles
    for format, found in (("html", following), ("docx", under)):
        for title, text in found.items():
            assert text[:1].isupper(), (format, title, text)
    for text in texts:
        assert not text.rstrip().endswith("were;"), text


def _pdf_text(data: bytes) -> str:
    return "\n".join(pdf_page_texts(data))


def _words(text: str) -> str:
    """Return ``text`` as its words in order, for finding a phrase whatever the line
    breaks and punctuation."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "
