"""The running footer and the guide's masthead in Welsh and English, read back from the PDF
and from the Word file as LibreOffice lays it out.

A bilingual page says its number once a language, 'Tudalen 1 o 2 / Page 1 of 2', never
'Tudalen / Page 1 o / of 2'; a document in one language says 'Page 1 of 2' or
'Tudalen 1 o 2' as it always has. The Word footer shares its line among the organisation,
the marking and the page number as the PDF's three margin boxes do, so a long name wraps in
its own cell and the page number stays on its line. The guide's masthead label is as wide in
Word as in the PDF, a language a line, and the organisation's name is never cut by the rule.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from helpers import DATA
from jinja2.exceptions import TemplateRuntimeError
from readback import has_pdftotext, pdf_layout_pages

from scrdocs.bilingual import together
from scrdocs.finish import libreoffice, word_layouts
from scrdocs.footer import (
    FOOTER_TABLE,
    MarginBox,
    css_page_numbers,
    margin_box_widths,
    page_numbers,
)
from scrdocs.kinds.one_minute_guide import GUIDE
from scrdocs.render import render
from scrdocs.workspace import Workspace, load_workspace

FIXTURE = Path(__file__).parent / "data" / "bilingual"
LONG_FOOTER = (("Bwrdd Diogelu Plant ac Oedolion Rhanbarthol Enghreifftiol Gogledd a "
                "Chanolbarth Cymru"),
               ("Example Regional Children and Adults Safeguarding Board for North and Mid "
                "Wales"))
"""A footer long enough, in two languages, to take two lines beside the page number."""

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")
needs_libreoffice = pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice")


@dataclass(frozen=True)
class Word:
    """A word of a laid-out page and its box, in points from the page's top left."""

    text: str
    left: float
    top: float
    right: float
    bottom: float


def _workspace(parent: Path, name: str, layout: str, **fields: str) -> Workspace:
    """Return a copy of the bilingual fixture laid out ``layout``, the profile's ``fields``
    given the text of ``fields`` (YAML, the field's own line and those indented under it);
    a logo, logo.png, beside it."""
    root = parent / name
    shutil.copytree(FIXTURE, root)
    shutil.copy(DATA / "west-sussex" / "logo.png", root / "logo.png")
    profile = root / "scrdocs.yaml"
    text = profile.read_text(encoding="utf-8").replace("bilingual: block",
                                                       f"bilingual: {layout}")
    for field, value in fields.items():
        text = re.sub(rf"(?m)^{field}:.*\n", "", text) + f"{field}: {value}\n"
    profile.write_text(text, encoding="utf-8")
    return load_workspace(root)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every document these tests read, rendered once: 'name.pdf', 'name.docx', and when
    LibreOffice is installed 'name.docx.pdf', the Word file as LibreOffice lays it out."""
    parent = tmp_path_factory.mktemp("footer")
    spaces = {
        "block": _workspace(parent, "block", "block"),
        "side-by-side": _workspace(parent, "side-by-side", "side-by-side"),
        "separate": _workspace(parent, "separate", "separate"),
        "long": _workspace(parent, "long", "block", marking="OFFICIAL",
                           footer=f"{{cy: {LONG_FOOTER[0]}, en: {LONG_FOOTER[1]}}}"),
        "logo": _workspace(parent, "logo", "block", logo=(
            "\n  path: logo.png\n  alt: {cy: Logo'r Bwrdd, en: The Board's logo}")),
    }
    thurrock = load_workspace(DATA / "thurrock")
    spaces["thurrock"] = thurrock
    wanted = [("block", "committee-report", None), ("side-by-side", "committee-report", None),
              ("separate", "committee-report", "cy"), ("separate", "committee-report", "en"),
              ("long", "minutes", None), ("block", "one-minute-guide", None),
              ("block", "seven-minute-briefing", None), ("logo", "one-minute-guide", None),
              ("thurrock", "minutes-julia", None)]
    found: dict[str, bytes] = {}
    for space, name, language in wanted:
        ws = spaces[space]
        key = f"{space}/{name}" + (f".{language}" if language else "")
        for format in ("pdf", "docx"):
            found[f"{key}.{format}"] = render(ws.documents[name], ws, format, language=language)
    if libreoffice() is not None:
        laid_out = word_layouts({key: data for key, data in found.items()
                                 if key.endswith(".docx")})
        found.update({f"{key}.pdf": data for key, data in laid_out.items()})
    return found


def _footer_line(page: str) -> str:
    """Return a page's last line, its runs of spaces as one."""
    return " ".join([line for line in page.splitlines() if line.strip()][-1].split())


def _words(data: bytes, tmp_path: Path, page: int = 1) -> Iterator[Word]:
    """Yield the words of one page with their boxes, as pdftotext -bbox reads them."""
    source = tmp_path / "words.pdf"
    source.write_bytes(data)
    xhtml = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l",
                            str(page), str(source), "-"],
                           check=True, capture_output=True, text=True).stdout
    for found in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', xhtml):
        left, top, right, bottom = (float(value) for value in found.groups()[:4])
        yield Word(found.group(5), left, top, right, bottom)


def _formats(rendered: dict[str, bytes], key: str) -> list[tuple[str, bytes]]:
    """Return the PDF of ``key`` and, when LibreOffice laid it out, its Word file's."""
    pairs = [("pdf", rendered[f"{key}.pdf"])]
    if f"{key}.docx.pdf" in rendered:
        pairs.append(("docx", rendered[f"{key}.docx.pdf"]))
    return pairs


# --- the page number, once a language ---------------------------------------------------------

@needs_pdftotext
@pytest.mark.parametrize("layout", ["block", "side-by-side"])
def test_a_bilingual_page_says_its_number_once_a_language(
        rendered: dict[str, bytes], tmp_path: Path, layout: str) -> None:
    """Every page of a bilingual document, in the PDF and in Word, ends 'Tudalen 1 o 2 /
    Page 1 of 2', after the organisation's name in both languages."""
    for format, data in _formats(rendered, f"{layout}/committee-report"):
        pages = pdf_layout_pages(data, tmp_path)
        assert len(pages) == 2, format
        for number, page in enumerate(pages, 1):
            line = _footer_line(page)
            assert line.endswith(f"Tudalen {number} o 2 / Page {number} of 2"), (format, line)
            assert line.startswith("Bwrdd Diogelu Rhanbarthol Enghreifftiol / Example "
                                   "Regional Safeguarding Board"), (format, line)
            assert "Tudalen / Page" not in line and "o / of" not in line


def test_the_word_footer_numbers_pages_with_fields_in_each_language(
        rendered: dict[str, bytes]) -> None:
    """The Word footer counts pages with PAGE and NUMPAGES fields, once a language, and each
    language's words are marked with it (w:lang), so a screen reader reads each in its own
    voice."""
    footer = docx.Document(io.BytesIO(rendered["block/committee-report.docx"])).sections[0].footer
    (table,) = [table for table in footer.tables
                if table._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))
                == FOOTER_TABLE]
    numbers = table.rows[0].cells[-1]._tc
    fields = [field.get(qn("w:instr")) for field in numbers.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES", "PAGE", "NUMPAGES"]
    said = {}
    for run in numbers.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if text.strip() and not text.strip().isdigit():
            said[text] = lang.get(qn("w:val")) if lang is not None else None
    assert said == {"Tudalen ": "cy", " o ": "cy", " / ": None, "Page ": "en", " of ": "en"}


@needs_pdftotext
def test_a_document_in_one_language_numbers_its_pages_as_before(
        rendered: dict[str, bytes], tmp_path: Path) -> None:
    """English reads 'Page 1 of 3' and Welsh 'Tudalen 1 o 2', word for word as before the
    footer said its number once a language, in the PDF and in Word."""
    expected = {
        "thurrock/minutes-julia": ("Thurrock Council OFFICIAL Page {n} of {count}", "Tudalen"),
        "separate/committee-report.en": (
            "Example Regional Safeguarding Board Page {n} of {count}", "Tudalen"),
        "separate/committee-report.cy": (
            "Bwrdd Diogelu Rhanbarthol Enghreifftiol Tudalen {n} o {count}", "Page")}
    for key, (line, foreign) in expected.items():
        for format, data in _formats(rendered, key):
            pages = pdf_layout_pages(data, tmp_path)
            assert pages, (key, format)
            for number, page in enumerate(pages, 1):
                footer = _footer_line(page)
                assert footer == line.format(n=number, count=len(pages)), (key, format)
                assert foreign not in footer and " / " not in footer


# --- the Word footer shares its line as the PDF's margin boxes do ----------------------------

@needs_pdftotext
@needs_libreoffice
def test_a_long_name_wraps_in_its_own_cell_beside_the_page_number(
        rendered: dict[str, bytes], tmp_path: Path) -> None:
    """A footer too long for one line wraps in its own cell in Word, as in its margin box in
    the PDF: the page number stays on the name's line, never pushed below it, and sits where
    the PDF puts it; the marking stands in the middle in both."""
    placed = {}
    for format, data in _formats(rendered, "long/minutes"):
        words = [word for word in _words(data, tmp_path) if word.top > 785]
        name = [word for word in words if word.text in " ".join(LONG_FOOTER).split()
                and word.text not in ("Tudalen", "Page")]
        number = next(word for word in words if word.text == "Tudalen")
        marking = next(word for word in words if word.text == "OFFICIAL")
        rows = sorted({round(word.top) for word in name})
        assert len(rows) >= 2, (format, "the name takes more than one line")
        assert min(word.top for word in name) < number.top < max(word.top for word in name), \
            (format, "the page number beside the name, not under it")
        assert max(word.right for word in name) < marking.left < marking.right < number.left
        placed[format] = (number.left, (marking.left + marking.right) / 2)
    assert placed["docx"] == pytest.approx(placed["pdf"], abs=4)
    assert placed["pdf"][1] == pytest.approx(595.28 / 2, abs=1), "the marking is centred"


def test_margin_boxes_share_the_line_as_css_paged_media_does() -> None:
    """With a marking, the middle box is centred and the two sides are alike; without one,
    the sides share the line, each as wide as its text when both fit, else at least as
    wide as its longest word, the longer text taking the larger share."""
    name, numbers = MarginBox.of("Thurrock Council"), MarginBox.of("Page 10 of 10")
    marking = MarginBox.of("OFFICIAL", bold=True)
    left, middle, right = margin_box_widths(name, marking, numbers, 493)
    assert left == pytest.approx(right) and left + middle + right == pytest.approx(493)
    assert middle >= marking.longest and right >= numbers.longest
    left, middle, right = margin_box_widths(name, None, numbers, 493)
    assert middle == 0 and left + right == pytest.approx(493)
    assert left >= name.longest and right >= numbers.longest
    long_name = MarginBox.of(" / ".join(LONG_FOOTER))
    left, middle, right = margin_box_widths(long_name, None, numbers, 493)
    assert long_name.longest + numbers.longest > 493 and left + right == pytest.approx(493)
    assert right >= numbers.widest_word and left > 3 * right


def test_the_page_number_filters_keep_one_language_as_it_was() -> None:
    """The CSS of the PDF's page number, and the pieces round Word's fields, are what they
    were in one language, and a language's words round its own counters in two."""
    assert str(css_page_numbers("Page {page} of {pages}")) == \
        '"Page " counter(page) " of " counter(pages)'
    assert page_numbers("Tudalen {page} o {pages}") == \
        [{"before": "Tudalen ", "between": " o ", "after": ""}]
    both = together([("cy", "Tudalen {page} o {pages}"), ("en", "Page {page} of {pages}")])
    assert str(css_page_numbers(both)) == ('"Tudalen " counter(page) " o " counter(pages) '
                                           '" / Page " counter(page) " of " counter(pages)')
    with pytest.raises(TemplateRuntimeError, match=r"needs \{page\}, then \{pages\}"):
        css_page_numbers("Page")


# --- the guide's masthead -----------------------------------------------------------------------

@needs_pdftotext
@needs_libreoffice
@pytest.mark.parametrize(("kind", "lines"), [
    ("one-minute-guide", (("Canllaw", "Un", "Munud", "/"), ("One", "Minute", "Guide"))),
    ("seven-minute-briefing", (("Brîff", "7", "Munud", "/"), ("7", "Minute", "Briefing")))])
def test_the_masthead_label_is_as_wide_in_word_as_in_the_pdf(
        rendered: dict[str, bytes], tmp_path: Path, kind: str,
        lines: tuple[tuple[str, ...], ...]) -> None:
    """The label ('Canllaw Un Munud / One Minute Guide') stands a language a line, centred
    in a box as wide in Word as in the PDF, so the name beside it has the same room."""
    starts = {}
    for format, data in _formats(rendered, f"block/{kind}"):
        words = [word for word in _words(data, tmp_path) if word.top < 90 and word.left > 365]
        rows: dict[int, list[Word]] = {}
        for word in words:
            rows.setdefault(round(word.top / 5), []).append(word)
        shown = [tuple(word.text for word in sorted(row, key=lambda w: w.left))
                 for _, row in sorted(rows.items())]
        assert shown[:2] == list(lines), (format, shown)
        starts[format] = [min(word.left for word in row) for _, row in sorted(rows.items())][:2]
    assert starts["docx"] == pytest.approx(starts["pdf"], abs=4)


@needs_pdftotext
@needs_libreoffice
def test_the_masthead_grows_to_hold_a_long_name_and_the_plan_knows(
        rendered: dict[str, bytes], tmp_path: Path) -> None:
    """Beside a logo and a label in two languages, the organisation's name in two languages
    takes five lines: the masthead grows to hold it in both formats, no word of it reaching
    the title below, and the title starts where the guide's plan put it."""
    name = "Bwrdd Diogelu Rhanbarthol Enghreifftiol / Example Regional Safeguarding Board"
    row = GUIDE.masthead_row(name, together([("cy", "Canllaw Un Munud"),
                                             ("en", "One Minute Guide")]), logo=True)
    assert row > GUIDE.logo_height + GUIDE.masthead_padding
    planned = GUIDE.margin_top + row + GUIDE.masthead_rule + GUIDE.masthead_after
    for format, data in _formats(rendered, "logo/one-minute-guide"):
        words = list(_words(data, tmp_path))
        title = next(word for word in words if word.text == "Cleisio")
        shown = [word for word in words if word.bottom < title.top + 1]
        assert " ".join(word.text for word in shown).count("Board") == 1, format
        for part in name.split():
            assert any(word.text == part for word in shown), (format, part)
        assert title.top == pytest.approx(planned, abs=3), format
