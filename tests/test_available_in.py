"""The line a version in one language prints to say the other's exists ("This document is
available in Welsh."): under the title of every kind, in Word, PDF and HTML alike, and nothing
at all when there is no such line; the line itself in each language; and the review types'
short forms in Welsh."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from helpers import starter_workspace, write_files
from pypdf import PdfReader
from readback import _run_text, html_text

import scrdocs
from scrdocs.design import COLOURS, TYPE
from scrdocs.i18n import available_in, use_language
from scrdocs.kinds import KINDS
from scrdocs.model import ReviewType

LINE = "This document is available in Welsh."
HTML_LINE = f'<p class="available-in">{LINE}</p>\n'
KIND_NAMES = sorted(KINDS)


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """Return every paragraph of a .docx body, tables included, in order: (style, text)."""
    document = docx.Document(io.BytesIO(data))
    styles = {style.style_id: style.name for style in document.styles}
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = styles.get(style.get(qn("w:val")), "") if style is not None else "Normal"
        found.append((name, _run_text(paragraph)))
    return found


@contextmanager
def _saying(line: str) -> Iterator[None]:
    """Make every kind's view carry ``line`` as the renderer does in a separate version."""
    with pytest.MonkeyPatch.context() as patch:
        for name, kind in list(KINDS.items()):
            def view(*args: Any, _view: Any = kind.view, **kwargs: Any) -> dict[str, Any]:
                found = _view(*args, **kwargs)
                found["document"]["available_in"] = line
                return found
            patch.setitem(KINDS, name, replace(kind, view=view))
        yield


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, bool], bytes]:
    """Every kind of the starter workspace, by (kind, format, with the line): Word and HTML
    with and without the line, the PDF with it."""
    workspace = starter_workspace(tmp_path_factory.mktemp("starter"))
    assert sorted(workspace.documents) == KIND_NAMES
    found = {}
    for name in KIND_NAMES:
        document = workspace.documents[name]
        for format in ("docx", "html"):
            found[name, format, False] = scrdocs.render(document, workspace, format)
    with _saying(LINE):
        for name in KIND_NAMES:
            document = workspace.documents[name]
            for format in ("docx", "html", "pdf"):
                found[name, format, True] = scrdocs.render(document, workspace, format)
    return found


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_word_prints_the_line_under_the_title(rendered: dict[tuple[str, str, bool], bytes],
                                              kind: str) -> None:
    """In Word the line is one paragraph in its own style, after the title and before the
    first heading of the content."""
    paragraphs = _paragraphs(rendered[kind, "docx", True])
    lines = [index for index, (_, text) in enumerate(paragraphs) if text == LINE]
    assert len(lines) == 1, kind
    style = paragraphs[lines[0]][0]
    assert style == "Available In"
    title = next(index for index, (style, _) in enumerate(paragraphs) if style == "Title")
    heading = next(index for index, (style, text) in enumerate(paragraphs)
                   if style.startswith("Heading") and text)
    assert title < lines[0] < heading


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_html_prints_the_line_under_the_title(rendered: dict[tuple[str, str, bool], bytes],
                                              kind: str) -> None:
    """In HTML the line is one ``p.available-in``, after the title and before the first
    heading of the content."""
    html = rendered[kind, "html", True].decode("utf-8")
    assert html.count(HTML_LINE) == 1
    at = html.index(HTML_LINE)
    assert html.index("<h1") < at < html.index("<h2", html.index("<body"))


def _pdf_first_page(data: bytes) -> list[tuple[str, float, tuple[float, ...]]]:
    """Return the text drawn on a PDF's first page, piece by piece in drawing order: text,
    size in points and fill colour (0–1 RGB)."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    colour: list[tuple[float, ...]] = [()]
    found = []

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        if operator == b"rg":
            colour[0] = tuple(float(value) for value in operands)

    def text(chunk: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if chunk.strip():
            found.append((chunk.strip(), round(size * abs(tm[3] * cm[3]), 1), colour[0]))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def _first(tag: str, html: str) -> str:
    """Return the text of the first ``tag`` element of a page, as a reader sees it."""
    found = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.DOTALL)
    assert found is not None
    return html_text(found.group(1).encode()).strip()


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_pdf_prints_the_line_on_page_one(rendered: dict[tuple[str, str, bool], bytes],
                                         kind: str) -> None:
    """The PDF says it on its first page, after the title and before the content's first
    heading, in the size and colour of the Word style."""
    drawn = _pdf_first_page(rendered[kind, "pdf", True])
    texts = [text for text, _, _ in drawn]
    assert texts.count(LINE) == 1, texts[:12]
    at = texts.index(LINE)
    _, size, colour = drawn[at]
    assert size == TYPE["available-in"].size
    muted = COLOURS["muted"].lstrip("#")
    assert [round(c * 255) for c in colour] == [int(muted[i:i + 2], 16) for i in (0, 2, 4)]
    html = rendered[kind, "html", True].decode("utf-8")
    title, heading = _first("h1", html), _first("h2", html)
    heading_at = next(index for index, text in enumerate(texts)  # CSS may set it in capitals
                      if heading.casefold().startswith(text.casefold()))
    assert texts.index(title) < at < heading_at


def test_word_style_matches_the_pdf(rendered: dict[tuple[str, str, bool], bytes]) -> None:
    """The Word paragraph style sets the line as the PDF does: size, colour, not bold."""
    for kind in KIND_NAMES:
        style = docx.Document(io.BytesIO(rendered[kind, "docx", True])).styles["Available In"]
        assert style.font.size.pt == TYPE["available-in"].size, kind
        assert str(style.font.color.rgb) == COLOURS["muted"].lstrip("#").upper(), kind
        assert not style.font.bold and not style.font.italic, kind


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_no_line_adds_nothing(rendered: dict[tuple[str, str, bool], bytes], kind: str) -> None:
    """Without the line, Word has no paragraph for it (not an empty one) and the HTML is the
    same page without it, byte for byte."""
    without = _paragraphs(rendered[kind, "docx", False])
    with_line = _paragraphs(rendered[kind, "docx", True])
    assert len(without) == len(with_line) - 1
    assert [p for p in with_line if p[1] != LINE] == without
    assert "Available In" not in {style for style, _ in without}
    html = rendered[kind, "html", False].decode("utf-8")
    assert 'class="available-in"' not in html
    assert rendered[kind, "html", True].decode("utf-8").replace(HTML_LINE, "") == html


def test_the_line_is_escaped_in_html(tmp_path: Path) -> None:
    """The line is text: markup in it is shown, never run."""
    workspace = starter_workspace(tmp_path)
    with _saying("<b>Welsh</b> & English"):
        html = scrdocs.render(workspace.documents["minutes"], workspace, "html").decode()
    assert '<p class="available-in">&lt;b&gt;Welsh&lt;/b&gt; &amp; English</p>' in html


@pytest.mark.parametrize(("language", "other", "line"), [
    ("en-GB", "cy", "This document is available in Welsh."),
    ("en-GB", "en", "This document is available in English."),
    ("cy", "en", "Mae’r ddogfen hon ar gael yn Saesneg."),
    ("cy", "en-GB", "Mae’r ddogfen hon ar gael yn Saesneg."),
    ("cy", "cy", "Mae’r ddogfen hon ar gael yn Gymraeg."),
    ("cy-GB", "EN_gb", "Mae’r ddogfen hon ar gael yn Saesneg."),
    ("en-GB", "fr", "This document is also available in French."),
    ("cy", "fr", "Mae’r ddogfen hon hefyd ar gael yn Ffrangeg."),
    ("en-GB", "pt-BR", "This document is also available in Portuguese (Brazil)."),
    ("en-GB", "xx", "This document is also available in xx."),
    ("en-GB", "../cy", "This document is also available in ../cy."),
])
def test_available_in(language: str, other: str, line: str) -> None:
    """The line is in the version's language and names the other language: Welsh and
    English by their own messages, any other language by Babel's name for it, or by its
    tag when Babel does not know it."""
    with use_language(language):
        assert available_in(other) == line


def test_available_in_needs_a_language() -> None:
    """An empty language is a mistake of the caller, not a line naming nothing."""
    with pytest.raises(ValueError, match="other version's language"):
        available_in(" ")


WELSH_FORMS = {
    ReviewType.SERIOUS_CASE_REVIEW: ("SCR", "AAD"),
    ReviewType.SAFEGUARDING_PRACTICE_REVIEW: ("CSPR", "AYDP"),
    ReviewType.LEARNING_REVIEW: ("LR", "AD"),
    ReviewType.RAPID_REVIEW: ("RR", "AC"),
    ReviewType.SINGLE_UNIFIED_SAFEGUARDING_REVIEW: ("SUSR", "ADUS"),
    ReviewType.CHILD_PRACTICE_REVIEW_CONCISE: ("CPR", "AYP"),
    ReviewType.CHILD_PRACTICE_REVIEW_EXTENDED: ("CPR", "AYP"),
    ReviewType.OTHER: ("", ""),
}


def test_review_type_short_forms_in_welsh() -> None:
    """Each review type's short form is the initials of its Welsh name in Welsh, and
    unchanged in English."""
    assert {kind: kind.abbreviation for kind in ReviewType} == {
        kind: english for kind, (english, _) in WELSH_FORMS.items()}
    with use_language("cy"):
        assert {kind: kind.abbreviation for kind in ReviewType} == {
            kind: welsh for kind, (_, welsh) in WELSH_FORMS.items()}


GUIDE = """\
kind: one-minute-guide
title: Bruising in babies
sections:
  - heading: Why this matters
    body: Any bruise in a baby who is not yet mobile must be taken seriously.
local_reviews:
  heading: Reviews
  reviews: [jasmine]
"""


@pytest.mark.parametrize(("language", "shown", "absent"), [
    ("cy", "AAD Jasmine adroddiad – heb ei gyhoeddi eto", "SCR Jasmine"),
    ("en-GB", "SCR Jasmine report – not yet published", "AAD Jasmine"),
])
@pytest.mark.parametrize("format", ["docx", "html"])
def test_short_title_in_a_welsh_document(tmp_path: Path, language: str, shown: str,
                                         absent: str, format: str) -> None:
    """A guide naming a review not yet published calls it by its short title: 'AAD Jasmine'
    in a Welsh profile's guide, 'SCR Jasmine' in an English one."""
    write_files(tmp_path, {
        "scrdocs.yaml": f"name: Anyshire Safeguarding Children Partnership\n"
                        f"language: {language}\n",
        "reviews/jasmine.yaml": "name: Jasmine\nreview_type: serious-case-review\n"
                                "learning_points:\n  - Keep the child at the centre.\n",
        "documents/guide.yaml": GUIDE,
    })
    workspace = scrdocs.load_workspace(tmp_path)
    data = scrdocs.render(workspace.documents["guide"], workspace, format)
    text = (html_text(data) if format == "html"
            else "\n".join(text for _, text in _paragraphs(data)))
    text = re.sub(r"\s+", " ", text)
    assert shown in text
    assert absent not in text


@pytest.mark.parametrize(("language", "line"), [
    ("cy", "Mae’r ddogfen hon ar gael yn Saesneg."),
    ("en", "This document is available in Welsh."),
])
@pytest.mark.parametrize("format", ["docx", "html"])
def test_each_separate_version_names_the_other(tmp_path: Path, language: str, line: str,
                                               format: str) -> None:
    """A workspace publishing Welsh and English versions apart prints, under each version's
    title, the line in its own language naming the other."""
    starter_workspace(tmp_path)
    profile = tmp_path / "scrdocs.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "language: en-GB\n" in text
    profile.write_text(text.replace("language: en-GB\n", "languages: [cy, en]\n"
                                    "bilingual: separate\n"), encoding="utf-8")
    workspace = scrdocs.load_workspace(tmp_path)
    data = scrdocs.render(workspace.documents["minutes"], workspace, format,
                          language=language)
    if format == "html":
        assert f'</h1>\n<p class="available-in">{line}</p>\n' in data.decode("utf-8")
    else:
        paragraphs = _paragraphs(data)
        title = next(index for index, (style, _) in enumerate(paragraphs) if style == "Title")
        assert paragraphs[title + 1] == ("Available In", line)
