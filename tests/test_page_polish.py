"""What a council officer sees when laying the Word file beside the PDF: tables whose edges
sit on the text margin, the guide's logo clear of the organisation's name, numbered minute
paragraphs whose number is set like the PDF's and whose lists sit under their text,
typographic apostrophes in the minutes template's prompts, and the columns of a guide's last
page balanced. Positions are read back from the
PDF and from LibreOffice's layout of the .docx (skipped where LibreOffice is not installed)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from helpers import starter_workspace
from readback import docx_text, html_text

from scrdocs.finish import Page, libreoffice, read_pages, word_layouts
from scrdocs.kinds._columns import Columns, Measured, balance, flow
from scrdocs.new import new_workspace
from scrdocs.render import render
from scrdocs.workspace import Workspace, load_workspace

DATA = Path(__file__).resolve().parents[1] / "data"
MM = 72 / 25.4
MARGIN = 18 * MM
"""The meeting documents' left text margin, in points."""

needs_libreoffice = pytest.mark.skipif(libreoffice() is None,
                                       reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Return the workspace `scrdocs new` starts."""
    return starter_workspace(tmp_path_factory.mktemp("new") / "starter")


@pytest.fixture(scope="module")
def layouts(starter: Workspace) -> dict[str, dict[str, list[Page]]]:
    """Return the pages of the starter's committee report and minutes, East Sussex's minutes
    and West Sussex's guide, as PDF ('pdf') and as LibreOffice lays the .docx out ('word')."""
    east, west = load_workspace(DATA / "east-sussex"), load_workspace(DATA / "west-sussex")
    documents = {"report": (starter, "committee-report"), "minutes": (starter, "minutes"),
                 "east-sussex": (east, "minutes-people-scrutiny-2020-09-15"),
                 "guide": (west, "one-minute-guide-scr-s")}
    words = word_layouts({name: render(ws.documents[doc], ws, "docx")
                          for name, (ws, doc) in documents.items()})
    return {name: {"pdf": read_pages(render(ws.documents[doc], ws, "pdf")),
                   "word": read_pages(words[name])}
            for name, (ws, doc) in documents.items()}


def _line(pages: list[Page], starts: str) -> float:
    """Return where the first line starting with ``starts`` begins, in points."""
    for page in pages:
        for line in page.lines:
            if line.text.startswith(starts):
                return line.x
    raise AssertionError(f"no line starts {starts!r}")


# --- D1: tables on the margin ---------------------------------------------------------------

@needs_libreoffice
def test_action_plan_table_text_sits_where_the_pdfs_does(layouts) -> None:
    """The action plan's cell text is inset from the text margin by the cell padding in Word as
    in the PDF: the table's edge, not its text, sits on the margin."""
    pages = layouts["report"]
    first_action = "Relaunch the bruising protocol"
    pdf, word = _line(pages["pdf"], first_action), _line(pages["word"], first_action)
    assert abs(word - pdf) < 1.0, (word, pdf)
    assert word > MARGIN + 3


def test_every_word_table_is_indented_by_its_cell_margin(starter: Workspace) -> None:
    """Every table of every kind's Word file that does not float is indented by exactly its
    left cell margin, so that its border lies on the text margin."""
    for name, document in starter.documents.items():
        word = docx.Document(io.BytesIO(render(document, starter, "docx")))
        for table in word.element.body.iter(qn("w:tbl")):
            properties = table.find(qn("w:tblPr"))
            if properties.find(qn("w:tblpPr")) is not None:
                continue
            indent = properties.find(qn("w:tblInd"))
            assert indent is not None, f"{name}: a table without an indent"
            margins = properties.find(qn("w:tblCellMar"))
            left = margins.find(qn("w:left")) if margins is not None else None
            expected = left.get(qn("w:w")) if left is not None else "108"
            assert indent.get(qn("w:w")) == expected, name


# --- D2: the guide's logo and organisation ----------------------------------------------------

def _logo_left(pdf: bytes) -> float:
    """Return where the first page's first picture starts, in points from the left."""
    found = []

    def visit(operator: bytes, _args: object, cm: list[float], _tm: object) -> None:
        if operator == b"Do":
            found.append(cm[4])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_operand_before=visit)
    return found[0]


@needs_libreoffice
def test_guide_logo_stands_as_far_from_the_organisation_as_in_the_pdf() -> None:
    """West Sussex's guide: the logo starts on the margin and the organisation's name as far
    from it, in Word as in the PDF."""
    ws = load_workspace(DATA / "west-sussex")
    document = ws.documents["one-minute-guide-scr-s"]
    pdf = render(document, ws, "pdf")
    word = word_layouts({"guide": render(document, ws, "docx")})["guide"]
    name = "West Sussex Safeguarding"
    gaps = {format: _line(read_pages(data), name) - _logo_left(data)
            for format, data in (("pdf", pdf), ("word", word))}
    assert abs(_logo_left(word) - _logo_left(pdf)) < 1.0
    assert abs(gaps["word"] - gaps["pdf"]) < 1.0, gaps


# --- D9: the resolutions prompt ---------------------------------------------------------------

def test_resolutions_prompt_has_a_typographic_apostrophe() -> None:
    """Haringey's item not yet minuted asks for draft resolutions "from the report’s
    recommendations", with a curly apostrophe as every other prompt, in Word and HTML."""
    ws = load_workspace(DATA / "haringey")
    minutes = ws.documents["minutes-learning-from-scrs"]
    for text in (docx_text(render(minutes, ws, "docx")),
                 html_text(render(minutes, ws, "html"))):
        assert "from the report’s recommendations:" in text
        assert "report's" not in text


# --- D10, D11: numbered minute paragraphs -----------------------------------------------------

def test_a_numbered_label_has_its_number_in_regular_weight(starter: Workspace) -> None:
    """The starter minutes' "42.2 RESOLVED:": the label is bold, its number is not, as in the
    PDF (the numbering level sets the number's weight in Word)."""
    word = docx.Document(io.BytesIO(render(starter.documents["minutes"], starter, "docx")))
    paragraph = next(p for p in word.paragraphs
                     if p.text == "RESOLVED:" and p._p.pPr.numPr is not None)
    num_id = paragraph._p.pPr.numPr.numId.val
    numbering = word.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(abstract_id))
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "42.%1"
    bold = level.find(f"{qn('w:rPr')}/{qn('w:b')}")
    assert bold is not None and bold.get(qn("w:val")) in ("0", "false")
    html = render(starter.documents["minutes"], starter, "html").decode()
    assert '<p class="label numbered">RESOLVED:</p>' in html


@needs_libreoffice
@pytest.mark.parametrize(("document", "paragraph", "under"), [
    ("minutes", "42.1", ["health visitors and midwives", "social care teams",
                         "Councillor Evans asked"]),
    ("east-sussex", "70.2", ["In response to queries", "Members discussed the impact"])])
def test_lists_under_a_numbered_paragraph_sit_under_its_text(
        layouts, document: str, paragraph: str, under: list[str]) -> None:
    """The bullets and points raised under a numbered paragraph start right of the
    paragraph's text (which starts 36 pt in, after its number), in both formats; the
    supporting documents after the item stay on the margin."""
    for format, pages in layouts[document].items():
        text = _line(pages, paragraph) + 36
        for start in under:
            found = next(line for page in pages for line in page.lines
                         if start in line.text)
            assert found.x >= text - 1, (format, start, found.x, text)
        if document == "minutes":
            links = next(line for page in pages for line in page.lines
                         if "Child A: full report" in line.text)
            assert links.x < text - 1, (format, links.x)


# --- D8: balanced columns on a guide's last page ----------------------------------------------

def test_balance_moves_the_last_boxes_of_the_first_column_to_the_second() -> None:
    """Four boxes the flow stacks three and one: balancing moves the third to the top of the
    second column (where the renderers break before it), the taller column now shorter."""
    columns = Columns(per_page=2, first=500, other=500, gap=10, minimum=30)
    boxes = [Measured(10, (140.0,), (False,), 10) for _ in range(4)]
    plan = flow(boxes, columns)
    assert [piece.column for piece in plan.pieces] == [0, 0, 0, 1]
    balance(plan, boxes)
    assert [piece.column for piece in plan.pieces] == [0, 0, 1, 1]
    assert plan.column_starts == {2}
    assert plan.used == [330.0, 330.0]


def test_balance_leaves_a_cut_box_and_a_page_that_cannot_be_evened() -> None:
    """A column ending on a box cut into the next is left as flowed, and so is a page where
    no move makes the taller column shorter by at least the least worth moving."""
    columns = Columns(per_page=2, first=300, other=300, gap=10, minimum=30)
    tall = Measured(10, (100.0,) * 4, (False,) * 4, 10)
    cut = flow([tall, tall], columns)
    before = [(piece.box, piece.column) for piece in cut.pieces]
    assert not balance(cut, [tall, tall]).column_starts
    assert [(piece.box, piece.column) for piece in cut.pieces] == before
    short, long = Measured(0, (100.0,), (False,), 0), Measured(0, (250.0,), (False,), 0)
    even = flow([short, short, long], columns)
    assert not balance(even, [short, short, long]).column_starts


def _column_bottoms(pages: list[Page]) -> tuple[float, float, float]:
    """Return where the last page's left and right columns end, and the column's height."""
    page = pages[-1]
    middle = page.width / 2
    left = max(line.bottom for line in page.lines if line.x < middle)
    right = max(line.bottom for line in page.lines if line.x >= middle)
    top = min(line.top for line in page.lines if line.x >= middle)
    return left, right, max(left, right) - top


def test_starter_briefings_columns_are_balanced(starter: Workspace) -> None:
    """The starter seven-minute briefing: "4. What we learned" starts the right column, so
    that neither column runs a third of its height past the other, in the PDF and (when
    LibreOffice is installed) in Word."""
    document = starter.documents["seven-minute-briefing"]
    pdf = render(document, starter, "pdf")
    layouts = {"pdf": pdf}
    if libreoffice() is not None:
        layouts["word"] = word_layouts({"b": render(document, starter, "docx")})["b"]
    for format, data in layouts.items():
        pages = read_pages(data)
        heading = next(line for line in pages[0].lines if line.text == "4. What we learned")
        assert heading.x > pages[0].width / 2, format
        left, right, height = _column_bottoms(pages)
        assert abs(left - right) < height / 3, (format, left, right)
    html = render(document, starter, "html").decode()
    assert html.count("column-start") == 2  # the stylesheet's rule and the one box


def _text_starts(pdf: bytes, word: str, tmp_path: Path) -> list[float]:
    """Return where the word after each item number before ``word`` starts (pdftotext's
    word boxes), in reading order."""
    import re
    import subprocess

    source = tmp_path / "layout.pdf"
    source.write_bytes(pdf)
    boxes = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', subprocess.run(
        ["pdftotext", "-bbox", str(source), "-"], capture_output=True, text=True,
        check=True).stdout)
    return [float(x) for (x, text), (_, before) in zip(boxes[1:], boxes)
            if text == word and re.fullmatch(r"\d+\.", before)]


@needs_libreoffice
def test_a_long_numbered_list_keeps_its_text_in_line_in_word(tmp_path: Path) -> None:
    """Items 10 and on of a numbered list in free text start their text where items 1–9 do,
    in Word as in the PDF: the number is set flush right before a small gap, as the PDF's
    markers are, so "10." no longer pushes its text to the next tab stop."""
    root = tmp_path / "ws"
    new_workspace(root)
    document = root / "documents" / "minutes.yaml"
    items = "".join(f"      {n}. Priority {n} for the partnership\n" for n in range(1, 13))
    document.write_text(document.read_text(encoding="utf-8").replace(
        "    minutes: |\n", "    minutes: |\n      The priorities were:\n\n" + items + "\n", 1),
        encoding="utf-8")
    ws = load_workspace(root)
    minutes = ws.documents["minutes"]
    word = word_layouts({"minutes": render(minutes, ws, "docx")})["minutes"]
    for pdf in (word, render(minutes, ws, "pdf")):
        starts = _text_starts(pdf, "Priority", tmp_path)
        assert len(starts) == 12
        assert max(starts) - min(starts) < 1, starts
    assert abs(_text_starts(word, "Priority", tmp_path)[0]
               - _text_starts(render(minutes, ws, "pdf"), "Priority", tmp_path)[0]) < 2


def test_a_nearly_empty_last_page_takes_the_last_box_of_the_page_before() -> None:
    """Five boxes that fill a page and leave a sliver of the fifth's on the next: no cut
    saves the page, so the fourth box starts the second page (the renderers break the column
    before it), and the last page is no longer nearly empty."""
    from scrdocs.kinds.one_minute_guide import NEAR_EMPTY, best_plan

    columns = Columns(per_page=2, first=500, other=500, gap=10, minimum=30)
    boxes = [Measured(10, (220.0,), (False,), 10) for _ in range(4)]
    boxes.append(Measured(10, (60.0,), (False,), 10))
    flowed = flow(boxes, columns)
    assert [piece.column for piece in flowed.pieces] == [0, 0, 1, 1, 2]
    assert flowed.last_page_share() < NEAR_EMPTY
    plan = best_plan(boxes, columns)
    assert plan.pages == 2
    assert [piece.column for piece in plan.pieces] == [0, 0, 1, 2, 3]
    assert plan.column_starts == {3, 4}
    assert plan.last_page_share() >= NEAR_EMPTY
