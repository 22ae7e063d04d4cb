"""Language of passages in the PDF: a Welsh or English passage inside a document in the other
language carries its ``/Lang`` on its structure element, so a screen reader switches voice
there; nothing else gets one, a malformed ``lang`` is never written, and the PDF stays
PDF/UA-1 and the same bytes for the same input.

Read back with pypdf: the structure tree, and each marked-content passage's text from the
page's content stream, joined by their MCIDs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader

from scrdocs.check import pdf_problems
from scrdocs.pdf import _mark_passage_languages, import_weasyprint, render_pdf
from scrdocs.templating import default_templates

BILINGUAL = """<!DOCTYPE html><html lang="cy"><head><title>Adroddiad</title></head><body>
<h1>Adroddiad <span lang="en">Annual report</span> blynyddol</h1>
<p lang="en">The board met four times.</p>
<p>Cyfarfu’r bwrdd bedair gwaith.</p>
<p lang="cy">Paragraff Cymraeg arall.</p>
<ul><li lang="en">Training for staff</li><li>Hyfforddiant i staff</li></ul>
</body></html>"""
"""A Welsh document: an English span in a Welsh heading, an English paragraph, Welsh
paragraphs with and without their own ``lang``, an English and a Welsh list item."""


@dataclass(frozen=True)
class Element:
    """A structure element read back: its type, its own ``/Lang`` and the text below it."""

    kind: str
    lang: str | None
    text: str


@dataclass(frozen=True)
class Passage:
    """A marked-content passage: its text and the language a screen reader speaks it in."""

    text: str
    spoken_in: str | None


def render(html: str) -> bytes:
    """Return the PDF scrdocs renders from ``html``."""
    pdf, _ = render_pdf(html, (default_templates(),))
    return pdf


def _passage_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """Return the text of each marked-content passage, by page index and MCID."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        open_ids: list[int | None] = []

        def before(operator: bytes, operands: list[Any], *_: Any,
                   open_ids: list[int | None] = open_ids) -> None:
            if operator == b"BDC":
                properties = operands[1]
                open_ids.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"BMC":
                open_ids.append(None)
            elif operator == b"EMC":
                open_ids.pop()

        def text(chunk: str, *_: Any, number: int = number,
                 open_ids: list[int | None] = open_ids) -> None:
            if open_ids and open_ids[-1] is not None:
                key = (number, open_ids[-1])
                texts[key] = texts.get(key, "") + chunk

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: " ".join(value.split()) for key, value in texts.items()}


def read_structure(pdf: bytes) -> tuple[list[Element], list[Passage]]:
    """Return the PDF's structure elements and its passages, in reading order."""
    reader = PdfReader(io.BytesIO(pdf))
    texts = _passage_texts(reader)
    pages = [page.indirect_reference.idnum for page in reader.pages]
    elements: list[Element] = []
    passages: list[Passage] = []

    def walk(node: Any, spoken_in: str | None, page: int) -> str:
        if "/Pg" in node:
            page = pages.index(node.raw_get("/Pg").idnum)
        lang = str(node["/Lang"]) if "/Lang" in node else None
        spoken_in = lang or spoken_in
        kids = node.get("/K", [])
        pieces = []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                pieces.append(texts.get((page, kid), ""))
                passages.append(Passage(pieces[-1], spoken_in))
            elif "/S" in kid.get_object():
                pieces.append(walk(kid.get_object(), spoken_in, page))
        text = " ".join(piece for piece in pieces if piece)
        elements.append(Element(str(node["/S"]), lang, text))
        return text

    root = reader.trailer["/Root"]
    top = root["/StructTreeRoot"]["/K"]
    for document in top if isinstance(top, list) else [top]:
        walk(document.get_object(), str(root["/Lang"]), 0)
    return elements, passages


def languages_marked(pdf: bytes) -> set[tuple[str, str, str]]:
    """Return the type, ``/Lang`` and text of every structure element carrying a ``/Lang``."""
    elements, _ = read_structure(pdf)
    return {(element.kind, element.lang, element.text) for element in elements if element.lang}


def spoken(pdf: bytes) -> list[tuple[str, str | None]]:
    """Return each passage of text with the language it is spoken in, in reading order."""
    _, passages = read_structure(pdf)
    return [(passage.text, passage.spoken_in) for passage in passages if passage.text]


def test_weasyprint_still_builds_the_structure_tree_scrdocs_marks() -> None:
    """The marking wraps WeasyPrint's private ``weasyprint.pdf.tags._build_box_tree``; if a
    WeasyPrint release renames or reshapes it, say so here rather than lose the marking."""
    import_weasyprint()
    assert _mark_passage_languages(), (
        "weasyprint.pdf.tags._build_box_tree is missing or changed shape: PDFs no longer "
        "mark passages in another language; adapt scrdocs.pdf._mark_passage_languages")


def test_passages_in_another_language_carry_their_lang_and_nothing_else_does() -> None:
    """Only the English span, paragraph and list item get /Lang (en); the Welsh paragraph
    that repeats the document's language, and everything without a lang, gets none."""
    pdf = render(BILINGUAL)
    assert languages_marked(pdf) == {
        ("/Span", "en", "Annual report"),
        ("/P", "en", "The board met four times."),
        ("/LI", "en", "• Training for staff"),
    }
    assert spoken(pdf) == [
        ("Adroddiad", "cy"), ("Annual report", "en"), ("blynyddol", "cy"),
        ("The board met four times.", "en"),
        ("Cyfarfu’r bwrdd bedair gwaith.", "cy"), ("Paragraff Cymraeg arall.", "cy"),
        ("•", "en"), ("Training for staff", "en"), ("•", "cy"), ("Hyfforddiant i staff", "cy"),
    ]


def test_an_english_document_marks_its_welsh_passage() -> None:
    """In an English document the Welsh paragraph and cell carry /Lang (cy); an element
    saying lang="EN" (case aside, the document's language) carries none."""
    pdf = render('<!DOCTYPE html><html lang="en"><head><title>Report</title></head><body>'
                 '<p>The board met.</p><p lang="cy">Cyfarfu’r bwrdd.</p>'
                 '<p lang="EN">Also English.</p>'
                 '<table><tr><th>Language</th></tr><tr><td lang="cy">Cymraeg</td></tr>'
                 '<tr><td>English</td></tr></table></body></html>')
    assert languages_marked(pdf) == {("/P", "cy", "Cyfarfu’r bwrdd."),
                                     ("/TD", "cy", "Cymraeg")}


def test_a_passage_inside_another_language_switches_back() -> None:
    """A Welsh paragraph inside an English part of a Welsh document carries /Lang (cy)
    again, and a list nested in an English item is read in English, where the PDF hangs it
    on the outer (Welsh) list."""
    pdf = render('<!DOCTYPE html><html lang="cy"><head><title>T</title></head><body>'
                 '<div lang="en"><p>English part.</p><p lang="cy">Yn ôl i’r Gymraeg.</p></div>'
                 '<ul><li lang="en">English item<ul><li>Nested English</li></ul></li>'
                 '<li>Eitem Gymraeg</li></ul></body></html>')
    languages = dict(spoken(pdf))
    assert (languages["English part."], languages["Yn ôl i’r Gymraeg."]) == ("en", "cy")
    assert (languages["Nested English"], languages["Eitem Gymraeg"]) == ("en", "cy")
    assert ("/P", "cy", "Yn ôl i’r Gymraeg.") in languages_marked(pdf)


def test_a_passage_over_a_page_break_keeps_its_language_on_both_pages() -> None:
    """An English paragraph split over two pages is English on both."""
    english = "Safeguarding " * 900
    pdf = render('<!DOCTYPE html><html lang="cy"><head><title>T</title></head><body>'
                 f'<p lang="en">{english}</p><p>Diogelu.</p></body></html>')
    elements, passages = read_structure(pdf)
    english_parts = [element for element in elements
                     if element.kind == "/P" and "Safeguarding" in element.text]
    assert len(english_parts) >= 2
    assert all(element.lang == "en" for element in english_parts)
    assert {passage.spoken_in for passage in passages
            if "Safeguarding" in passage.text} == {"en"}
    assert ("Diogelu.", "cy") in spoken(pdf)


@pytest.mark.parametrize("lang", [
    'en" title="x', "en)/S /Figure (", "x" * 36, "en_GB", "cy\n", "en-", "-en", "ćy", " en",
    "en--GB", "abcdefghi"])
def test_a_malformed_lang_is_never_written(lang: str) -> None:
    """A lang value that is not a well-formed language tag (from a customised template) is
    left out: the passage is read in the language around it and the render goes on."""
    from html import escape

    pdf = render('<!DOCTYPE html><html lang="cy"><head><title>T</title></head><body>'
                 f'<p lang="{escape(lang)}">Testun.</p><p lang="en">English.</p></body></html>')
    assert languages_marked(pdf) == {("/P", "en", "English.")}
    assert ("Testun.", "cy") in spoken(pdf)


def test_a_long_well_formed_tag_is_written_as_it_is() -> None:
    """Region and script subtags are kept: lang="sr-Latn-RS" becomes /Lang (sr-Latn-RS)."""
    pdf = render('<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>'
                 '<p lang="sr-Latn-RS">Dobar dan.</p></body></html>')
    assert languages_marked(pdf) == {("/P", "sr-Latn-RS", "Dobar dan.")}


def test_a_marked_pdf_stays_pdf_ua_and_the_same_bytes() -> None:
    """The bilingual PDF passes the independent PDF/UA-1 validator and scrdocs' own checks,
    and rendering it again gives the same bytes."""
    pdf = render(BILINGUAL)
    assert render(BILINGUAL) == pdf
    assert pdf_problems(pdf) == []
    page = pytest.importorskip("page")
    report = page.validate_pdf_bytes(pdf, profile=page.ValidationProfile.PDF_UA_1)
    failures = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.is_compliant and not failures, "\n".join(failures)
