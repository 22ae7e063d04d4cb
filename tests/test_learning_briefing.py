"""Acceptance tests of the learning briefing: the West Sussex example in Word, PDF and HTML."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from seedscore import missing_lines, seed_score, words

from scrdocs.kinds.learning_briefing import LearningBriefing, view
from scrdocs.markup import inline
from scrdocs.model import Organisation, Review
from scrdocs.render import render
from scrdocs.workspace import Workspace, load_workspace

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = ROOT / "data" / "west-sussex"
DOCUMENT = "learning-briefing-winter-2017"
SEED = Path(__file__).parent / "data" / "seeds" / "002_west_sussex_briefing.txt"
FORMATS = ("docx", "pdf", "html")
UNPUBLISHED = {"q", "n", "s"}


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    """Return the West Sussex example workspace."""
    return load_workspace(WORKSPACE)


@pytest.fixture(scope="module")
def briefing(workspace: Workspace) -> LearningBriefing:
    """Return the Winter 2017/2018 briefing."""
    document = workspace.documents[DOCUMENT]
    assert isinstance(document, LearningBriefing)
    return document


@pytest.fixture(scope="module")
def files(workspace: Workspace, briefing: LearningBriefing,
          tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the briefing rendered once in every format, by format."""
    folder = tmp_path_factory.mktemp("briefing")
    written = {}
    for format in FORMATS:
        path = folder / f"{DOCUMENT}.{format}"
        path.write_bytes(render(briefing, workspace, format))
        written[format] = path
    return written


@pytest.fixture(scope="module")
def texts(files: dict[str, Path]) -> dict[str, str]:
    """Return the text read back from every rendered file, by format."""
    return {"docx": docx_text(files["docx"]), "pdf": pdf_text(files["pdf"]),
            "html": html_text(files["html"].read_text("utf-8"))}


def docx_text(path: Path) -> str:
    """Return a .docx's text in document order: body paragraphs and table cells."""
    lines = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [p.text for row in block.rows for cell in row.cells
                      for p in cell.paragraphs]
    return "\n".join(lines)


def pdf_text(path: Path) -> str:
    """Return a PDF's text in content-stream order (``pdftotext -raw`` keeps a hyphen that
    ends a line, which the reading-order mode drops), or by pypdf without poppler."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                              text=True).stdout
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


class _TextParser(HTMLParser):
    """Collect the visible text of an HTML page, one line per block element."""

    INLINE: ClassVar[set[str]] = {"a", "em", "strong", "span", "b", "i"}
    HIDDEN: ClassVar[set[str]] = {"head", "style", "script", "title"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.headings: list[tuple[int, str]] = []
        self.references: list[str] = []
        self._capture: list[str] | None = None
        self._in_references = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in self.HIDDEN
        if tag not in self.INLINE:
            self.parts.append("\n")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"} or (tag == "li" and
                                                         self._in_references):
            self._capture = []
        if tag == "ul" and ("class", "references") in attrs:
            self._in_references = True

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in self.HIDDEN
        if tag not in self.INLINE:
            self.parts.append("\n")
        if self._capture is not None and tag[0] == "h" and tag[1:].isdigit():
            self.headings.append((int(tag[1:]), "".join(self._capture).strip()))
            self._capture = None
        elif self._capture is not None and tag == "li":
            self.references.append("".join(self._capture).strip())
            self._capture = None
        if tag == "ul":
            self._in_references = False

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
            if self._capture is not None:
                self._capture.append(data)


def parse_html(html: str) -> _TextParser:
    """Return the parser after reading ``html``."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser


def html_text(html: str) -> str:
    """Return the visible text of an HTML page."""
    return "".join(parse_html(html).parts)


def contains(text: str, phrase: str) -> bool:
    """Return whether ``phrase``'s words occur together in ``text``, whatever the layout."""
    return f" {' '.join(words(phrase))} " in f" {' '.join(words(text))} "


def plain(text: str) -> str:
    """Return marked-up data text as it reads once rendered."""
    return str(inline(text))


def flat(text: str) -> str:
    """Return ``text`` with every run of white space made one space."""
    return " ".join(text.split())


@pytest.mark.parametrize("format", FORMATS)
def test_reproduces_the_seed_wording(texts: dict[str, str], format: str) -> None:
    """Each format reproduces at least 95 % of the West Sussex seed's wording."""
    seed = SEED.read_text("utf-8")
    score = seed_score(seed, texts[format])
    assert score >= 0.95, (score, missing_lines(seed, texts[format]))


@pytest.mark.parametrize("format", FORMATS)
def test_every_review_with_its_learning_points_and_questions(
        texts: dict[str, str], workspace: Workspace, briefing: LearningBriefing,
        format: str) -> None:
    """Every review appears under its title with its learning points and its questions."""
    text = texts[format]
    assert set(briefing.review_ids()) == {"john", "key", "a", "q", "o", "n", "s"}
    for review_id in briefing.review_ids():
        review = workspace.reviews[review_id]
        assert contains(text, review.title), review.title
        assert contains(text, plain(review.summary or "")), review_id
        for point in review.learning_points:
            assert contains(text, plain(point)), point
        for question in review.questions:
            assert contains(text, "Question: " + plain(question)), question


@pytest.mark.parametrize("format", FORMATS)
def test_unpublished_reviews_say_so(texts: dict[str, str], workspace: Workspace,
                                    briefing: LearningBriefing, format: str) -> None:
    """Q, N and S carry 'SCR X report – not yet published'; the published reviews do not."""
    text = flat(texts[format])
    for review_id in briefing.review_ids():
        line = f"{workspace.reviews[review_id].short_title} report – not yet published"
        assert (line in text) == (review_id in UNPUBLISHED), line


@pytest.mark.parametrize("format", FORMATS)
def test_fast_facts_show_their_source(texts: dict[str, str], briefing: LearningBriefing,
                                      format: str) -> None:
    """Every fast fact shows its figure and its text, followed by 'Source:' and where from."""
    text = texts[format]
    facts = [fact for theme in briefing.themes for fact in theme.fast_facts]
    assert len(facts) == 3
    for fact in facts:
        assert contains(text, fact.figure)
        assert contains(text, plain(fact.text))
        assert contains(text, "Source: " + plain(fact.source)), fact.source


def test_references_list_each_source_once(texts: dict[str, str], files: dict[str, Path],
                                          briefing: LearningBriefing) -> None:
    """The references list every reference once, and every fact source is among them."""
    listed = parse_html(files["html"].read_text("utf-8")).references
    assert [flat(entry) for entry in listed] == [plain(ref) for ref in briefing.references]
    keys = [" ".join(words(entry)) for entry in listed]
    assert len(keys) == len(set(keys))
    for theme in briefing.themes:
        for fact in theme.fast_facts:
            source = words(plain(fact.source))
            assert any(_in_order(source, words(entry)) for entry in listed), fact.source
    for format in ("docx", "pdf"):
        assert contains(texts[format], "References and further information")
        for reference in briefing.references:
            assert contains(texts[format], plain(reference)), (format, reference)


def _in_order(wanted: list[str], words_: list[str]) -> bool:
    remaining = iter(words_)
    return all(word in remaining for word in wanted)


EXPECTED_OUTLINE = [
    (1, "Learning & improvement"),
    (2, "Serious Case Reviews"),
    (2, "What, why and how"),
    (2, "Local case review activity"),
    (2, "Sexual abuse and sexual exploitation"),
    (3, "Serious Case Review John"),
    (3, "Serious Case Review Key"),
    (2, "Adolescent vulnerability & suicide"),
    (3, "Serious Case Review A"),
    (3, "Serious Case Review Q"),
    (2, "Vulnerability during pregnancy & early infancy"),
    (3, "Serious Case Review O"),
    (3, "Serious Case Review N"),
    (3, "Serious Case Review S"),
    (2, "A final word ..."),
    (2, "References and further information"),
]


def _assert_no_skipped_levels(outline: list[tuple[int, str]]) -> None:
    assert outline[0][0] == 1
    for (before, _), (level, title) in itertools.pairwise(outline):
        assert level <= before + 1, title


def test_html_headings_in_order(files: dict[str, Path]) -> None:
    """The HTML has one h1, then h2 sections and themes, h3 reviews, no level skipped."""
    outline = parse_html(files["html"].read_text("utf-8")).headings
    _assert_no_skipped_levels(outline)
    assert outline == EXPECTED_OUTLINE


def _body_paragraphs(path: Path) -> list[Paragraph]:
    """Return every paragraph of a .docx body, those in tables (masthead, side boxes)
    included, in document order."""
    document = docx.Document(str(path))
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def test_docx_headings_in_order(files: dict[str, Path]) -> None:
    """The Word file uses Title, Heading 1 and Heading 2 in the HTML's order."""
    levels = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}
    outline = [(levels[p.style.name], p.text) for p in _body_paragraphs(files["docx"])
               if p.style is not None and p.style.name in levels]
    _assert_no_skipped_levels(outline)
    assert outline == EXPECTED_OUTLINE


def test_pdf_bookmarks_in_order(files: dict[str, Path]) -> None:
    """The PDF's bookmarks follow the headings, nested by level."""
    outline: list[tuple[int, str]] = []

    def walk(entries: list, level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                outline.append((level, entry.title))

    walk(pypdf.PdfReader(files["pdf"]).outline, 1)
    _assert_no_skipped_levels(outline)
    assert outline == EXPECTED_OUTLINE


def test_docx_sets_the_side_column_as_floating_tables(
        files: dict[str, Path], briefing: LearningBriefing) -> None:
    """In Word, each theme's fast facts and links follow its heading in a table floating on
    the right, as the PDF floats its side column."""
    document = docx.Document(str(files["docx"]))
    boxes: dict[str, list[str]] = {}
    heading = None
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            heading = block.text if block.style.name == "Heading 1" else None
            if heading:
                boxes[heading] = []
        elif heading is not None:
            assert block._tbl.tblPr.find(qn("w:tblpPr")) is not None, heading
            boxes[heading] = [p.text for row in block.rows for p in row.cells[0].paragraphs
                              if p.text]
    first, second, third = (boxes[theme.title] for theme in briefing.themes)
    assert first == ["Fast facts", "40 - 85%", plain(briefing.themes[0].fast_facts[0].text),
                     "Source: Cavanagh, T., 2015", "14 - 15 years",
                     plain(briefing.themes[0].fast_facts[1].text), "Source: CEOP, 2011",
                     "For more information", "Pan Sussex Procedures:",
                     "Children who harm other children", "Child sexual exploitation"]
    assert second[:2] == ["Fast facts", "90 %"] and second[3] == "Source: NSPCC"
    assert third == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_converts_with_libreoffice(files: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice opens the Word file and converts it to a PDF holding the same text."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={tmp_path.as_uri()}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(files["docx"])],
                   check=True, capture_output=True, timeout=180)
    converted = tmp_path / f"{DOCUMENT}.pdf"
    assert converted.is_file()
    assert seed_score(SEED.read_text("utf-8"), pdf_text(converted)) >= 0.95


def _briefing_workspace(**theme: object) -> tuple[LearningBriefing, Workspace]:
    reviews = {"q": Review.model_validate({"name": "Q",
                                           "findings": ["The review found silos."]}),
               "p": Review.model_validate({"name": "P", "published": "2020",
                                           "learning_points": ["Think family."]})}
    document = LearningBriefing.model_validate({
        "title": "Learning briefing",
        "themes": [{"title": "Adolescents", "reviews": ["q", "p"], **theme}],
        "references": ["NSPCC, [Case reviews](https://example.org/reviews)",
                       "NSPCC,  [Case reviews](https://example.org/reviews)",
                       "Office for National Statistics (2019) *Crime in England*"],
    })
    return document, Workspace(Organisation(name="Anyshire SCP"), reviews=reviews)


def test_fact_source_with_address_and_date_is_cited_and_listed() -> None:
    """A fact's source shows its address and 'as at' date, and joins the references once."""
    document, workspace = _briefing_workspace(fast_facts=[
        {"figure": "1 in 5", "text": "children", "source": "Home Office, 2021",
         "url": "https://example.org/home-office", "as_of": "2021-03"},
        {"figure": "12%", "text": "adults", "source": "Home Office, 2021",
         "url": "https://example.org/home-office"},
        {"figure": "3", "text": "reviews", "source": "ONS, 2019"},
        {"figure": "4", "text": "cases", "source": "NSPCC", "url": "https://example.org/reviews"},
    ])
    shown = view(document, workspace)
    facts = shown["themes"][0]["fast_facts"]
    assert str(facts[0]["citation"]) == "Source: Home Office, 2021 (as at March 2021)"
    assert [span.url for span in facts[0]["citation"] if span.url] == [
        "https://example.org/home-office"]
    assert [str(entry) for entry in shown["references"]] == [
        "NSPCC, Case reviews",
        "Office for National Statistics (2019) Crime in England",
        "Home Office, 2021, example.org/home-office",
        "ONS, 2019",
    ]


def test_source_cited_author_date_points_to_its_reference() -> None:
    """A source such as 'CEOP, 2011' is not repeated when a reference carries its words."""
    document, workspace = _briefing_workspace(fast_facts=[
        {"figure": "9", "text": "in ten", "source": "Office for National Statistics, 2019"}])
    assert len(view(document, workspace)["references"]) == 2


def test_review_without_learning_points_has_no_lead_in() -> None:
    """A review with findings but no learning points gets no 'main learning points' line."""
    document, workspace = _briefing_workspace()
    q, p = view(document, workspace)["themes"][0]["reviews"]
    assert q["learning_points_intro"] == "" and q["not_yet_published"] == "SCR Q report – " \
        "not yet published"
    assert p["learning_points_intro"].startswith("Some of the main learning points")
    assert p["not_yet_published"] == ""
    html = render(document, workspace, "html").decode("utf-8")
    assert "Some of the main learning points" in html
    assert html.count("main learning points") == 1
