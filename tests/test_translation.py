"""Labels and dates in the profile's language: a Welsh profile gets Welsh words in Word, PDF
and HTML, Welsh dates, and catalogues shipped compiled and up to date."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from lxml import etree
from pypdf import PdfReader
from readback import pdf_page_texts

import scrdocs
from scrdocs.i18n import LOCALE_DIR, LanguageWarning, long_date, use_language
from scrdocs.new import new_workspace

FORMATS = ("docx", "pdf", "html")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def catalogue(language: str):
    """Return the .po catalogue of ``language`` as Babel reads it."""
    with (LOCALE_DIR / language / "LC_MESSAGES" / "scrdocs.po").open("rb") as handle:
        return read_po(handle)


def _welsh_workspace(folder: Path) -> Path:
    new_workspace(folder)
    profile = folder / "scrdocs.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "language: en-GB" in text
    profile.write_text(text.replace("language: en-GB", "language: cy"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """The text of every starter document rendered in Welsh, by (document, format)."""
    folder = _welsh_workspace(tmp_path_factory.mktemp("welsh"))
    workspace = scrdocs.load_workspace(folder)
    texts = {}
    for name, document in sorted(workspace.documents.items()):
        for format in FORMATS:
            texts[name, format] = read_text(scrdocs.render(document, workspace, format), format)
    texts["_data", "yaml"] = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.yaml")))
    return texts


def read_text(data: bytes, format: str) -> str:
    """Return what a reader sees of a rendered document, a line per paragraph."""
    if format == "pdf":
        return "\n".join(pdf_page_texts(data))
    if format == "docx":
        lines = []
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for part in sorted(package.namelist()):
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", part):
                    root = etree.fromstring(package.read(part))
                    lines += ["".join(t.text or "" for t in p.iter(f"{W}t"))
                              for p in root.iter(f"{W}p")]
        return "\n".join(lines)
    reader = _HtmlText()
    reader.feed(data.decode("utf-8"))
    return "\n".join(reader.parts)


class _HtmlText(HTMLParser):
    """Collect the text of an HTML page, and what it says to screen readers (alt,
    aria-label), leaving out its style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        self.parts += [value for name, value in attrs if name in ("alt", "aria-label") and value]

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.parts.append(data)


def _pattern(message: str) -> re.Pattern[str]:
    """Return a pattern finding ``message`` as words, any {placeholder} standing for text."""
    pieces = re.split(r"\{\w+\}", message.strip())
    body = r".+?".join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    return re.compile(rf"(?<!\w){body}(?!\w)")


def english_labels() -> list[str]:
    """Return the English labels whose Welsh differs, the phrases a Welsh document must not
    show (a word the two languages share, such as 'Agenda', or English 'am' that is Welsh
    'am' too, is left out)."""
    welsh = {(m.context, m.id): m.string for m in catalogue("cy") if m.id}
    welsh_words = "\n".join(string for strings in welsh.values()
                            for string in (strings if isinstance(strings, tuple) else (strings,)))
    found = []
    for message in catalogue("en_GB"):
        if not message.id:
            continue
        for english in (message.id if isinstance(message.id, tuple) else (message.id,)):
            translated = welsh[message.context, message.id]
            if english not in (translated if isinstance(translated, tuple) else (translated,)) \
                    and not _pattern(english).search(welsh_words):
                found.append(english)
    return found


def test_every_kind_in_welsh_shows_no_english_label(welsh: dict[tuple[str, str], str]) -> None:
    """A Welsh profile's documents carry no English label the catalogue translates, in Word,
    PDF and HTML; an English phrase the starter's own data holds is the data's, not a
    label."""
    data = welsh["_data", "yaml"]
    labels = [label for label in english_labels() if not _pattern(label).search(data)]
    assert len(labels) > 60
    english = {}
    for (name, format), text in welsh.items():
        if format == "yaml":
            continue
        shown = sorted({label for label in labels if _pattern(label).search(text)
                        or (label.isupper() is False and format == "pdf"
                            and _pattern(label.upper()).search(text) and len(label) > 3)})
        if shown:
            english[f"{name}.{format}"] = shown
    assert english == {}


@pytest.mark.parametrize(("document", "words"), [
    ("minutes", ["Cofnodion", "Tudalen 1 o", "Yn bresennol:", "Datganiadau o fuddiant"]),
    ("agenda", ["Eitem", "Ymddiheuriadau am absenoldeb", "Dyddiad:", "Tudalen 1 o"]),
    ("committee-report", ["Eitem agenda", "Am yr adolygiad", "Cynllun gweithredu"]),
    ("one-minute-guide", ["Canllaw Un Munud"]),
    ("seven-minute-briefing", ["Brîff 7 Munud", "Cefndir"]),
    ("learning-briefing", ["Yn y briff hwn"]),
    ("resolution-list", ["Penderfyniadau"]),
])
@pytest.mark.parametrize("format", FORMATS)
def test_welsh_labels_in_every_format(welsh: dict[tuple[str, str], str], document: str,
                                      words: list[str], format: str) -> None:
    """Each kind prints its labels in Welsh, in Word as in PDF and HTML (in capitals where
    the style sets them so)."""
    text = welsh[document, format]
    if format != "pdf":  # the page number is drawn by the PDF (and by Word when laid out)
        words = [word for word in words if not word.startswith("Tudalen")]
    missing = [word for word in words if word.casefold() not in text.casefold()]
    assert missing == [], f"{document}.{format}"


def test_word_footer_numbers_pages_in_welsh(welsh: dict[tuple[str, str], str]) -> None:
    """The Word footer's 'Page X of Y' is 'Tudalen X o Y'."""
    assert re.search(r"Tudalen\s*\d+\s*o\s*\d+", welsh["minutes", "docx"])


def test_welsh_dates() -> None:
    """Dates print in the document's language at their own precision."""
    with use_language("cy"):
        assert long_date(2015, 3, 10) == "10 Mawrth 2015"
        assert long_date(2021, 4) == "Ebrill 2021"
        assert scrdocs.PartialDate.parse("2015-03-10").long() == "10 Mawrth 2015"
    assert scrdocs.PartialDate.parse("2015-03-10").long() == "10 March 2015"
    assert long_date(2015, 6, 1, "cy") == "1 Mehefin 2015"


def test_welsh_document_dates(welsh: dict[tuple[str, str], str]) -> None:
    """A Welsh profile's documents write their months in Welsh."""
    months = ("Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|"
              "Tachwedd|Rhagfyr")
    for format in FORMATS:
        assert re.search(rf"\d+ (?:{months}) \d{{4}}", welsh["minutes", format]), format


@pytest.mark.parametrize("language", ["cy", "en_GB"])
def test_compiled_catalogues_match_their_po(language: str) -> None:
    """The shipped .mo is the .po compiled: a translation edited and not compiled fails."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(language))
    shipped = (LOCALE_DIR / language / "LC_MESSAGES" / "scrdocs.mo").read_bytes()
    assert shipped == buffer.getvalue(), (
        f"run: pybabel compile -D scrdocs -d scrdocs/locale (the {language} .mo is stale)")


def test_catalogues_are_complete() -> None:
    """Every message has its Welsh, and both catalogues hold the same messages."""
    welsh, english = catalogue("cy"), catalogue("en_GB")
    assert [m.id for m in welsh if m.id and not m.string] == []
    assert {(m.context, str(m.id)) for m in welsh} == {(m.context, str(m.id)) for m in english}


def test_unknown_language_falls_back_to_english(tmp_path: Path) -> None:
    """A language scrdocs has no catalogue for prints English labels, with a warning naming
    the language, never a failure."""
    new_workspace(tmp_path)
    profile = tmp_path / "scrdocs.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "language: en-GB", "language: xx"), encoding="utf-8")
    workspace = scrdocs.load_workspace(tmp_path)
    with pytest.warns(LanguageWarning, match="'xx'"):
        html = scrdocs.render(workspace.documents["minutes"], workspace, "html")
    text = read_text(html, "html")
    assert "Present:" in text
    assert "Minutes" in text


def test_a_welsh_agenda_pack_is_stamped_and_listed_in_welsh(tmp_path: Path) -> None:
    """A Welsh profile's agenda pack says its own words in Welsh: the page stamps, the
    contents, the restricted banner and the bookmarks."""
    from test_pack import _workspace

    from scrdocs.pack import make_pack

    root = _workspace(tmp_path / "ws")
    profile = root / "scrdocs.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "language:" not in text
    profile.write_text(text + "language: cy\n", encoding="utf-8")
    result = make_pack(scrdocs.load_workspace(root), "agenda", tmp_path / "pack.pdf",
                       restricted=True)
    reader = PdfReader(io.BytesIO(result.path.read_bytes()))
    pages = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Tudalen 2", "Taflen flaen a chynnwys", "NID AR GYFER EI GYHOEDDI",
                  "Pecyn cyfyngedig", "Eitem 5: Serious Case Review Jasmine"):
        assert words in pages
    bookmarks = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert "Pecyn agenda – cyfyngedig" in bookmarks
    assert "Agenda" in bookmarks
    english = [words for words in ("NOT FOR PUBLICATION", "Front sheet", "Restricted pack",
                                   "Agenda pack") if words in pages + "\n".join(bookmarks)]
    assert english == []
    # the appendix, an English paper, keeps its own footer 'Page 1 of 1'
    assert not re.search(r"\bPages? \d+(?!\d)(?! of)", pages)
