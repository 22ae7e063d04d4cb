"""Size: long fields, long lists and many reviews render whole; a field over the limit is
refused by name. (How render time grows with size is the benchmarks' business.)"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest
from helpers import error_lines, validate_in
from readback import docx_text, has_pdftotext, pdf_text
from test_hostile import squeeze

from scrdocs.model import MAX_TEXT_LENGTH
from scrdocs.render import render
from scrdocs.workspace import load_workspace

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")


def words(count: int, stem: str = "word") -> str:
    """Return ``count`` distinct words, in sentences of ten."""
    sentences = [" ".join(f"{stem}{n}" for n in range(start, min(start + 10, count))) + "."
                 for start in range(0, count, 10)]
    return " ".join(sentences)


def without_page_furniture(text: str) -> str:
    """Return pdftotext's text without each page's footer, which splits a paragraph that
    runs over a page break."""
    return re.sub(r"Anyshire Safeguarding Children Partnership\s+Page \d+ of \d+\s*", "",
                  text)


@pytest.fixture(scope="module")
def big_review_workspace(tmp_path_factory: pytest.TempPathFactory):
    """Return a workspace whose review has a 5,000-word summary and 1,000 learning points."""
    from helpers import MINIMAL_WORKSPACE, write_files

    root = tmp_path_factory.mktemp("size") / "workspace"
    points = "".join(f"  - Learning point number {n} of a thousand.\n" for n in range(1, 1001))
    write_files(root, {**MINIMAL_WORKSPACE, "reviews/jasmine.yaml":
                       f"name: Jasmine\nsummary: {json.dumps('concerned ' + words(5000))}\n"
                       f"learning_points:\n{points}"})
    return load_workspace(root)


def test_five_thousand_word_field_renders_whole(big_review_workspace, tmp_path: Path) -> None:
    """A 5,000-word summary comes out whole in docx and html, first word to last."""
    workspace = big_review_workspace
    document = workspace.documents["report-jasmine"]
    summary = workspace.reviews["jasmine"].summary
    assert summary is not None and len(summary.split()) == 5001
    for format in ("docx", "html"):
        data = render(document, workspace, format)
        text = docx_text(data) if format == "docx" else data.decode()
        assert summary in text


@needs_pdftotext
def test_long_review_renders_whole_in_pdf(big_review_workspace, tmp_path: Path) -> None:
    """The 5,000 words and all 1,000 learning points reach the PDF, over many pages."""
    workspace = big_review_workspace
    pdf = render(workspace.documents["report-jasmine"], workspace, "pdf")
    text = squeeze(without_page_furniture(pdf_text(pdf, tmp_path)), "pdf")
    assert squeeze(words(5000), "pdf") in text
    assert all(f"Learningpointnumber{n}ofathousand." in text for n in (1, 500, 1000))
    assert text.count("ofathousand.") == 1000


def test_thousand_learning_points_are_a_thousand_word_bullets(big_review_workspace) -> None:
    """1,000 learning points become 1,000 list paragraphs in the .docx, in order."""
    workspace = big_review_workspace
    data = render(workspace.documents["report-jasmine"], workspace, "docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs
                  if p.text.startswith("Learning point number ")]
    assert paragraphs == [f"Learning point number {n} of a thousand." for n in range(1, 1001)]


def many_reviews(count: int) -> dict[str, str]:
    """Return the files of ``count`` reviews, r1 … rN."""
    return {f"reviews/r{n}.yaml": f"name: Child {n}\nsummary: concerned child {n}.\n"
                                  f"learning_points: [Point of review {n}.]\n"
            for n in range(1, count + 1)}


def test_two_hundred_reviews_in_one_minutes_document(make_workspace) -> None:
    """Minutes with 200 items about 200 reviews keep every item in docx and html."""
    items = "".join(f"  - {{number: {n}, title: Review item {n}, review: r{n}, "
                    f"minutes: Minuted item {n}., resolutions: [That item {n} is noted.]}}\n"
                    for n in range(1, 201))
    root = make_workspace({**many_reviews(200), "documents/minutes.yaml":
                           "kind: minutes\nmeeting: {committee: Scrutiny, date: 2021-06-14}\n"
                           f"items:\n{items}"})
    workspace = load_workspace(root)
    document = workspace.documents["minutes"]
    assert len(workspace.reviews_for(document)) == 200
    text = docx_text(render(document, workspace, "docx"))
    assert [n for n in range(1, 201) if f"That item {n} is noted." not in text] == []
    html = render(document, workspace, "html").decode()
    assert html.count("is noted.") == 200


def test_two_hundred_reviews_in_one_briefing(make_workspace) -> None:
    """A learning briefing drawing on 200 reviews renders each review in docx and html."""
    from scrdocs.kinds import learning_briefing

    root = make_workspace({**many_reviews(200), "documents/briefing.yaml": (
        "kind: learning-briefing\ntitle: Two hundred reviews\nthemes:\n"
        "  - title: Everything\n    reviews: [" + ", ".join(f"r{n}" for n in range(1, 201))
        + "]\n")})
    workspace = load_workspace(root)
    document = workspace.documents["briefing"]
    try:
        learning_briefing.view(document, workspace)
    except NotImplementedError:
        pytest.skip("the learning briefing has no view yet")
    for format in ("docx", "html"):
        data = render(document, workspace, format)
        text = docx_text(data) if format == "docx" else data.decode()
        assert all(f"Child {n}" in text for n in (1, 100, 200)), format


def test_field_over_the_limit_is_refused_by_name(make_workspace, run_cli, monkeypatch) -> None:
    """A field over MAX_TEXT_LENGTH is one Error naming field and limit; at the limit is fine."""
    at_limit = "a" * (MAX_TEXT_LENGTH - 10) + " " + "b" * 9
    root = make_workspace({"reviews/jasmine.yaml": f"name: Jasmine\nsummary: {at_limit}\n"
                                                    f"methodology: {at_limit}c\n"})
    result = validate_in(root, run_cli, monkeypatch)
    assert error_lines(result) == [
        (f"{Path('reviews/jasmine.yaml')}:3: methodology: is {MAX_TEXT_LENGTH + 1} characters "
         f"long; the limit is {MAX_TEXT_LENGTH}")]
