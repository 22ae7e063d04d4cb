"""Bilingual workspaces (Welsh and English) as a reader and a business manager meet them.

The workspace tests/data/bilingual publishes in Welsh and English (``languages: [cy, en]``):
two reviews and one document of each kind, their text given as ``{cy: …, en: …}``. Read back
from Word, PDF and HTML:

- block by block (the profile's layout): each text in Welsh, then in English; scrdocs' own
  labels in both ('Canfyddiadau / Findings'); each part tagged with its language (HTML
  ``lang``, Word ``w:lang``, the PDF's ``/Lang``); none of the private-use characters that
  carry bilingual text through the templates left anywhere in any output;
- side by side: Word sets each body paragraph beside its translation in a two-column table,
  HTML marks the pair for the stylesheet; the boxed kinds refuse it, naming file and field;
- separate: ``scrdocs build`` writes ``name.cy.*`` and ``name.en.*``, each in its language
  only, saying the other exists, with page counts level or one apart;
- what goes wrong in the data is an error naming file, line and field, with exit code 2, and
  so is every hostile shape of a map of languages: never a traceback, a hang or a
  half-written output. A document the case key refuses leaves no version behind, and two
  builds give the same bytes.
"""

from __future__ import annotations

import io
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner, Result
from docx.oxml.ns import qn
from readback import docx_text, html_text, pdf_page_count, pdf_page_texts

import scrdocs
from scrdocs._yaml import Located
from scrdocs.bilingual import map_problems
from scrdocs.cli import main
from scrdocs.errors import ArgumentError
from scrdocs.i18n import translations
from scrdocs.workspace import Workspace, load_workspace

FIXTURE = Path(__file__).parent / "data" / "bilingual"
KIND_NAMES = ("committee-report", "minutes", "resolution-list", "agenda", "one-minute-guide",
              "learning-briefing", "seven-minute-briefing")
"""The fixture's documents: one of each kind, each named after its kind."""
FORMATS = ("pdf", "docx", "html")
PRIVATE_USE = re.compile("[\ue1a0-\ue1a3]")
"""The private-use characters scrdocs keeps for bilingual text: never in an output."""

PAIRS: dict[str, tuple[str, str]] = {
    "committee-report": ("Comisiynwyd yr adolygiad ym mis Mawrth 2024",
                         "The review was commissioned in March 2024"),
    "minutes": ("Cyflwynodd Rheolwr Busnes y Bwrdd yr adroddiad",
                "The Board Business Manager presented the report"),
    "resolution-list": ("Bod y Pwyllgor yn nodi canfyddiadau'r adolygiad o Blentyn A",
                        "That the Committee note the findings of the review of Child A"),
    "agenda": ("Cyflwyno canfyddiadau'r adolygiad o Blentyn A.",
               "To present the findings of the review of Child A."),
    "one-minute-guide": ("Mae cleisio'n brin mewn babanod", "Bruising is rare in babies"),
    "learning-briefing": ("Mae adolygiad Julia yn gofyn", "The review of Julia asks"),
    "seven-minute-briefing": ("Gall unrhyw glais ar fabi", "Any bruise on a baby"),
}
"""A Welsh sentence of each document's data and its English: the Welsh is read first."""

REVIEW_PAIRS: dict[str, tuple[str, str]] = {
    "committee-report": ("Ni ofynnodd yr un gweithiwr proffesiynol",
                         "No professional asked who else"),
    "one-minute-guide": ("Gofynnwch pwy sy'n byw yn y cartref",
                         "Ask who lives in the home"),
    "learning-briefing": ("Roedd diffyg cyfathrebu da", "There was a lack of good communication"),
    "seven-minute-briefing": ("Rhaid i gleisio ar fabi", "Bruising in a baby who is not yet"),
}
"""A Welsh sentence of a review each document draws on, and its English."""

LABELS = {
    "committee-report": "Findings", "minutes": "Minutes", "resolution-list": "Resolutions",
    "agenda": "Apologies for absence", "one-minute-guide": "One Minute Guide",
    "learning-briefing": "Fast facts", "seven-minute-briefing": "7 Minute Briefing",
}
"""A label scrdocs adds to each kind: printed in Welsh and English, the Welsh first."""

TITLES = {"committee-report": ("Adolygiad Plentyn A", "The review of Child A"),
          "one-minute-guide": ("Cleisio mewn babanod nad ydynt yn symud eto",
                               "Bruising in babies who are not yet mobile")}

WELSH_ONLY = ("Comisiynwyd yr adolygiad ym mis Mawrth 2024", "Canfyddiadau",
              "Cyflwyno canfyddiadau'r adolygiad o Blentyn A",
              "Ni ofynnodd yr un gweithiwr proffesiynol")
ENGLISH_ONLY = ("The review was commissioned in March 2024", "Findings",
                "To present the findings of the review of Child A",
                "No professional asked who else")
"""Text of the committee report found in one version only, Welsh and English."""

AVAILABLE = {"cy": "Mae’r ddogfen hon ar gael yn Saesneg.",
             "en": "This document is available in Welsh."}
"""The line each separate version prints to say the other exists."""


# --- reading outputs back ---------------------------------------------------------------------

def flat(text: str) -> str:
    """Return ``text`` with its runs of whitespace as single spaces and case aside, as
    words read whatever the line breaks, tabs and capitals of each format."""
    return " ".join(text.split()).casefold()


def text_of(data: bytes, format: str) -> str:
    """Return what a reader reads of an output, by its format."""
    if format == "pdf":
        return "\n".join(pdf_page_texts(data))
    if format == "docx":
        return docx_text(data)
    return html_text(data)


def every_text(data: bytes, format: str) -> str:
    """Return every piece of text an output holds, seen or not: every XML part of a .docx;
    the page text, every string object and the XMP metadata of a PDF; the whole HTML."""
    if format == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "\n".join(package.read(name).decode("utf-8") for name in package.namelist()
                             if name.endswith((".xml", ".rels")))
    if format == "html":
        return data.decode("utf-8")
    texts = pdf_page_texts(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for found in pdf.objects:
            texts += _pdf_strings(found)
        metadata = pdf.Root.get("/Metadata")
        if metadata is not None:
            texts.append(metadata.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def _pdf_strings(value: Any, top: bool = True) -> Iterator[str]:
    """Yield the strings of one PDF object and of the direct objects inside it (each
    indirect one is an object of the file of its own)."""
    if isinstance(value, pikepdf.String):
        yield str(value)
    elif isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        if value.is_indirect and not top:
            return
        items = list(value) if isinstance(value, pikepdf.Array) else [
            value[key] for key in value]
        for item in items:
            yield from _pdf_strings(item, top=False)


def html_by_language(data: bytes) -> dict[str | None, str]:
    """Return the visible text of an HTML page by the language its nearest ``lang`` gives
    it, each language's pieces kept apart where the other's come between."""
    root = lxml.html.document_fromstring(data.decode("utf-8"))
    pieces: list[tuple[str | None, str]] = []

    def walk(element: Any, language: str | None) -> None:
        if not isinstance(element.tag, str) or element.tag in ("head", "style", "script"):
            return
        own = element.get("lang", language)
        if element.text:
            pieces.append((own, element.text))
        for child in element:
            walk(child, own)
            if child.tail:
                pieces.append((own, child.tail))

    walk(root, None)
    return _by_language(pieces)


def word_by_language(data: bytes) -> dict[str | None, str]:
    """Return the text of a .docx body by the ``w:lang`` of its runs (``None``: a run with
    none), each language's pieces kept apart where the other's, or a paragraph's end, come
    between."""
    document = docx.Document(io.BytesIO(data))
    pieces: list[tuple[str | None, str]] = []
    for paragraph in document.element.body.iter(qn("w:p")):
        for run in paragraph.iter(qn("w:r")):
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            language = lang.get(qn("w:val")) if lang is not None else None
            pieces.append((language, "".join(t.text or "" for t in run.iter(qn("w:t")))))
        pieces.append((_PARAGRAPH_END, ""))
    return _by_language(pieces)


_PARAGRAPH_END = "end of a paragraph"
_APART = " | "
"""What stands between two pieces of one language that text in another, or the end of a
paragraph, parts: a sentence is never found across it."""


def _by_language(pieces: list[tuple[str | None, str]]) -> dict[str | None, str]:
    found: dict[str | None, list[str]] = {}
    for language, text in pieces:
        for other, texts in found.items():
            if other != language and texts and texts[-1] != _APART:
                texts.append(_APART)
        if language != _PARAGRAPH_END:
            found.setdefault(language, []).append(text)
    return {language: flat("".join(texts)) for language, texts in found.items()}


def welsh_and_english(label: str) -> str:
    """Return a label of scrdocs' catalogue as a bilingual document prints it."""
    return f"{translations('cy').gettext(label)} / {label}"


def pdf_languages(data: bytes) -> tuple[str, set[str]]:
    """Return a PDF's document language and the ``/Lang`` of its structure elements."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        found: set[str] = set()
        stack = [pdf.Root.get("/StructTreeRoot")]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/Lang" in node:
                    found.add(str(node.Lang))
                kids = node.get("/K")
                if kids is not None:
                    stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            elif isinstance(node, pikepdf.Array):
                stack += list(node)
        return str(pdf.Root.get("/Lang", "")), found


# --- workspaces on disk and the command line ---------------------------------------------------

def copy_fixture(parent: Path, documents: dict[str, str] | None = None) -> Path:
    """Copy the fixture workspace below ``parent``; with ``documents``, keep only those
    (name → text, or name → '' to copy the fixture's own, or the name of a fixture document
    prefixed with a ``bilingual:`` line as 'layout:kind')."""
    root = parent / "workspace"
    shutil.copytree(FIXTURE, root)
    if documents is not None:
        shutil.rmtree(root / "documents")
        (root / "documents").mkdir()
        for name, text in documents.items():
            (root / "documents" / f"{name}.yaml").write_text(text, "utf-8")
    return root


def laid_out(layout: str, kind: str) -> str:
    """Return the fixture's document of ``kind`` laid out as ``layout``."""
    text = (FIXTURE / "documents" / f"{kind}.yaml").read_text("utf-8")
    return f"bilingual: {layout}\n{text}"


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (found once) with ``new`` in the file at ``path``; return the line
    ``new`` starts on."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} once"
    start = text.index(old)
    path.write_text(text.replace(old, new), "utf-8")
    return text.count("\n", 0, start) + 1


def clean_failure(result: Result, code: int = 2) -> list[str]:
    """Assert that a run failed cleanly with ``code`` (no traceback) and return its
    ``Error:`` lines, without the prefix."""
    assert "Traceback" not in result.output + result.stderr, result.stderr
    assert result.exit_code == code, result.output + result.stderr
    return [line.removeprefix("Error: ") for line in result.stderr.splitlines()
            if line.startswith("Error: ")]


def the_one_error(result: Result) -> str:
    """Return the one ``Error:`` line of a run that failed with exit code 2."""
    lines = clean_failure(result)
    assert len(lines) == 1, lines
    return lines[0]


# --- block by block: every kind in every format -----------------------------------------------

@pytest.fixture(scope="module")
def workspace() -> Workspace:
    """The fixture workspace, loaded."""
    return load_workspace(FIXTURE)


@pytest.fixture(scope="module")
def block(workspace: Workspace) -> dict[tuple[str, str], bytes]:
    """Every document of the fixture in every format, block by block (the profile's layout):
    a page-count warning fails."""
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in KIND_NAMES:
            for format in FORMATS:
                found[name, format] = scrdocs.render(workspace.documents[name], workspace,
                                                     format)
    return found


def test_the_fixture_holds_one_document_of_each_kind_and_two_reviews(
        workspace: Workspace) -> None:
    assert workspace.languages == ["cy", "en"]
    assert {name: document.kind for name, document in workspace.documents.items()} == {
        name: name for name in KIND_NAMES}
    assert sorted(workspace.reviews) == ["julia", "plentyn-a"]


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_block_reads_each_text_in_welsh_then_in_english(
        block: dict[tuple[str, str], bytes], kind: str, format: str) -> None:
    text = flat(text_of(block[kind, format], format))
    for welsh, english in filter(None, (PAIRS[kind], REVIEW_PAIRS.get(kind))):
        assert flat(welsh) in text and flat(english) in text, (welsh, english)
        assert text.index(flat(welsh)) < text.index(flat(english)), (welsh, english)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_block_prints_scrdocs_labels_in_welsh_then_english(
        block: dict[tuple[str, str], bytes], kind: str, format: str) -> None:
    label = welsh_and_english(LABELS[kind])
    assert not label.startswith(f"{LABELS[kind]} /"), "the Welsh catalogue lacks the label"
    assert flat(label) in flat(text_of(block[kind, format], format))


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_no_output_holds_a_private_use_marker(block: dict[tuple[str, str], bytes], kind: str,
                                              format: str) -> None:
    """Not in the text, the Word parts (core properties, headers, footers, styles), the
    PDF's strings (metadata, bookmarks, structure) nor the HTML's title or attributes."""
    found = PRIVATE_USE.findall(every_text(block[kind, format], format))
    assert not found, f"{len(found)} private-use characters, e.g. U+{ord(found[0]):04X}"


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_html_tags_the_welsh_and_the_english(block: dict[tuple[str, str], bytes],
                                             kind: str) -> None:
    html = block[kind, "html"].decode("utf-8")
    assert re.search(r'<html\b[^>]*\blang="cy"', html)
    texts = html_by_language(block[kind, "html"])
    for welsh, english in filter(None, (PAIRS[kind], REVIEW_PAIRS.get(kind))):
        assert flat(english) in texts.get("en", ""), english
        assert flat(english) not in texts.get("cy", ""), english
        assert flat(welsh) in texts.get("cy", ""), welsh
        assert flat(welsh) not in texts.get("en", ""), welsh


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_word_runs_carry_the_language_of_their_text(block: dict[tuple[str, str], bytes],
                                                    kind: str) -> None:
    texts = word_by_language(block[kind, "docx"])
    for welsh, english in filter(None, (PAIRS[kind], REVIEW_PAIRS.get(kind))):
        assert flat(welsh) in texts.get("cy", ""), welsh
        assert flat(english) in texts.get("en", ""), english
        assert flat(welsh) not in texts.get("en", "") + texts.get(None, ""), welsh
        assert flat(english) not in texts.get("cy", "") + texts.get(None, ""), english


@pytest.mark.parametrize("kind", ["committee-report", "seven-minute-briefing"])
def test_the_pdf_is_welsh_with_english_passages_tagged(block: dict[tuple[str, str], bytes],
                                                       kind: str) -> None:
    document_language, passages = pdf_languages(block[kind, "pdf"])
    assert document_language == "cy"
    assert "en" in passages


@pytest.mark.parametrize("kind", TITLES)
def test_the_word_title_holds_both_languages_without_markers(
        block: dict[tuple[str, str], bytes], kind: str) -> None:
    title = docx.Document(io.BytesIO(block[kind, "docx"])).core_properties.title
    welsh, english = TITLES[kind]
    assert welsh in title and english in title
    assert title.index(welsh) < title.index(english)
    assert not PRIVATE_USE.search(title)


# --- side by side, and the boxed kinds that refuse it -----------------------------------------

@pytest.fixture(scope="module")
def build_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of the committee report side by side and as separate versions, the
    seven-minute briefing separate, and the two boxed kinds asking for side by side."""
    return copy_fixture(tmp_path_factory.mktemp("layouts"), {
        "report-side": laid_out("side-by-side", "committee-report"),
        "report-separate": laid_out("separate", "committee-report"),
        "briefing-separate": laid_out("separate", "seven-minute-briefing"),
        "guide-side": laid_out("side-by-side", "one-minute-guide"),
        "briefing-side": laid_out("side-by-side", "seven-minute-briefing"),
    })


@pytest.fixture(scope="module")
def built(build_folder: Path) -> tuple[Result, Path]:
    """`scrdocs build` of :func:`build_folder`: its result and output folder."""
    return _build(build_folder, build_folder / "out")


def _build(root: Path, out: Path, *options: str) -> tuple[Result, Path]:
    """Run `scrdocs build` of ``root`` into ``out`` in this process, one document at a time."""
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 keeps stderr apart by itself
        runner = CliRunner()
    result = runner.invoke(main, ["build", str(root), "--out", str(out), "-j", "1", *options],
                           catch_exceptions=False)
    return result, out


@pytest.fixture(scope="module")
def outputs(built: tuple[Result, Path]) -> dict[str, bytes]:
    """Every file the build wrote, by name."""
    return {path.name: path.read_bytes() for path in sorted(built[1].iterdir())
            if not path.name.startswith(".")}


def test_side_by_side_sets_each_word_paragraph_beside_its_translation(
        outputs: dict[str, bytes]) -> None:
    """The body paragraphs sit in table rows of two cells: Welsh left, English right."""
    document = docx.Document(io.BytesIO(outputs["report-side.docx"]))
    rows = []
    for table in document.element.body.iter(qn("w:tbl")):
        for row in table.iter(qn("w:tr")):
            cells = row.findall(qn("w:tc"))
            rows.append([flat("".join(t.text or "" for t in cell.iter(qn("w:t"))))
                         for cell in cells])
    for welsh, english in (PAIRS["committee-report"],
                           ("Cyflwyno canfyddiadau'r adolygiad o Blentyn A",
                            "To present the findings of the review of Child A")):
        paired = [row for row in rows if any(flat(welsh) in cell for cell in row)]
        assert len(paired) == 1, welsh
        assert len(paired[0]) == 2
        assert flat(welsh) in paired[0][0] and flat(english) not in paired[0][0]
        assert flat(english) in paired[0][1] and flat(welsh) not in paired[0][1]


def test_side_by_side_html_marks_the_pairs_for_the_stylesheet(
        outputs: dict[str, bytes]) -> None:
    html = outputs["report-side.html"].decode("utf-8")
    root = lxml.html.document_fromstring(html)
    assert "bilingual-side-by-side" in root.get("class", "").split()
    welsh, english = PAIRS["committee-report"]
    first = [flat(span.text_content()) for span in root.find_class("bilingual-first")
             if span.get("lang") == "cy"]
    following = [flat(span.text_content()) for span in root.find_class("bilingual-next")
                 if span.get("lang") == "en"]
    assert any(flat(welsh) in text for text in first)
    assert any(flat(english) in text for text in following)


@pytest.mark.parametrize("name", ["guide-side", "briefing-side"])
def test_a_boxed_kind_refuses_side_by_side_naming_file_and_field(
        built: tuple[Result, Path], name: str) -> None:
    result, out = built
    lines = clean_failure(result)
    mine = [line for line in lines if f"documents/{name}.yaml" in line]
    assert len(mine) == 1, lines
    assert f"{name}: " in mine[0] and "bilingual" in mine[0]
    assert "side by side" in mine[0]
    assert not list(out.glob(f"{name}.*"))


# --- separate versions ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["report-separate", "briefing-separate"])
def test_separate_writes_a_version_a_language_and_no_bilingual_file(
        outputs: dict[str, bytes], name: str) -> None:
    assert {file for file in outputs if file.startswith(f"{name}.")} == {
        f"{name}.{language}.{format}" for language in ("cy", "en") for format in FORMATS}


@pytest.mark.parametrize("format", FORMATS)
def test_each_separate_version_is_in_its_language_only(outputs: dict[str, bytes],
                                                       format: str) -> None:
    welsh = flat(text_of(outputs[f"report-separate.cy.{format}"], format))
    english = flat(text_of(outputs[f"report-separate.en.{format}"], format))
    for text in WELSH_ONLY:
        assert flat(text) in welsh and flat(text) not in english, text
    for text in ENGLISH_ONLY:
        assert flat(text) in english and flat(text) not in welsh, text
    assert " / " not in welsh and " / " not in english  # no label in both languages


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("name", ["report-separate", "briefing-separate"])
def test_each_separate_version_says_the_other_exists(outputs: dict[str, bytes], name: str,
                                                      format: str) -> None:
    for language, line in AVAILABLE.items():
        other = AVAILABLE["en" if language == "cy" else "cy"]
        text = flat(text_of(outputs[f"{name}.{language}.{format}"], format))
        assert flat(line) in text
        assert flat(other) not in text


@pytest.mark.parametrize("name", ["report-separate", "briefing-separate"])
def test_separate_versions_run_to_level_page_counts(outputs: dict[str, bytes],
                                                    name: str) -> None:
    welsh = pdf_page_count(outputs[f"{name}.cy.pdf"])
    english = pdf_page_count(outputs[f"{name}.en.pdf"])
    assert abs(welsh - english) <= 1, (welsh, english)


def test_render_gives_one_languages_version_on_request(workspace: Workspace) -> None:
    document = workspace.documents["committee-report"]
    text = flat("\n".join(pdf_page_texts(scrdocs.render(document, workspace, "pdf",
                                                        language="en"))))
    assert flat(AVAILABLE["en"]) in text
    for line in ENGLISH_ONLY:
        assert flat(line) in text
    for line in WELSH_ONLY:
        assert flat(line) not in text


@pytest.mark.parametrize("language", [
    "fr", "CY", "../cy", "",
])
def test_render_refuses_a_language_the_workspace_does_not_publish_in(
        workspace: Workspace, language: str) -> None:
    with pytest.raises(ArgumentError, match="publishes in cy, en"):
        scrdocs.render(workspace.documents["committee-report"], workspace, "html",
                       language=language)


def test_two_builds_give_the_same_bytes(built: tuple[Result, Path], build_folder: Path,
                                        outputs: dict[str, bytes], tmp_path: Path) -> None:
    result, again = _build(build_folder, tmp_path / "again", "--force")
    assert result.exit_code == built[0].exit_code
    second = {path.name: path.read_bytes() for path in sorted(again.iterdir())
              if not path.name.startswith(".")}
    assert sorted(second) == sorted(outputs)
    assert [name for name in outputs if outputs[name] != second[name]] == []


def test_two_documents_never_write_the_same_output(tmp_path: Path,
                                                   run_cli: Callable[..., Result]) -> None:
    root = copy_fixture(tmp_path, {
        "report": laid_out("separate", "committee-report"),
        "report.cy": (FIXTURE / GUIDE).read_text("utf-8")})
    result = run_cli("build", root, "-j", "1", "-f", "html")
    written = sorted(path.name for path in (root / "out").glob("*.html"))
    assert result.exit_code == 2 and "report.cy" in result.stderr, written


# --- the case key ------------------------------------------------------------------------------

def test_a_real_name_in_the_welsh_alone_refuses_every_version(tmp_path: Path,
                                                              run_cli: Callable[..., Result]
                                                              ) -> None:
    """The name is in the Welsh text only, so the English version would not show it: both
    are refused, the hit names file, line and field, and the versions of an earlier build
    are removed."""
    root = copy_fixture(tmp_path, {"report": laid_out("separate", "committee-report")})
    first = run_cli("build", root, "-j", "1", "-f", "html", "-f", "docx")
    assert first.exit_code == 0, first.stderr
    assert {path.name for path in (root / "out").glob("report.*")} == {
        "report.cy.html", "report.en.html", "report.cy.docx", "report.en.docx"}
    (root / "case-key.yaml").write_text(
        "names:\n  - real: Mali Prydderch\n    pseudonym: Plentyn A\n", "utf-8")
    edit(root / "documents" / "report.yaml", "ar ôl i fabi pedwar mis oed",
         "ar ôl i Mali, babi pedwar mis oed,")
    line = edit(root / "documents" / "report.yaml", "  report:\n", "  report:\n")
    result = run_cli("build", root, "-j", "1")
    lines = clean_failure(result, code=6)
    hits = [text for text in lines if "'Mali'" in text]
    assert len(hits) == 1, lines
    assert f"documents/report.yaml:{line}: item.report" in hits[0]
    assert not list((root / "out").glob("report.*"))


# --- data errors --------------------------------------------------------------------------------

GUIDE = "documents/one-minute-guide.yaml"
HEADING = "heading: {cy: Pam mae hyn yn bwysig, en: Why this matters}"

def guide_alone(parent: Path) -> Path:
    """Copy the fixture with its one-minute guide as its only document."""
    return copy_fixture(parent, {"one-minute-guide": (FIXTURE / GUIDE).read_text("utf-8")})


DATA_ERRORS = {
    "no English": (GUIDE, HEADING, "heading: {cy: Pam mae hyn yn bwysig}",
                   "sections.0.heading", "has no English text"),
    "no Welsh": (GUIDE, HEADING, "heading: {en: Why this matters}",
                 "sections.0.heading", "has no Welsh text"),
    "French": (GUIDE, HEADING, "heading: {cy: Pam, en: Why, fr: Pourquoi}",
               "sections.0.heading.fr", "'fr' is not a language scrdocs.yaml publishes in"),
    "empty Welsh": (GUIDE, HEADING, 'heading: {cy: "", en: Why this matters}',
                    "sections.0.heading.cy", "the Welsh text is empty"),
    "bilingual sideways": ("scrdocs.yaml", "bilingual: block", "bilingual: sideways",
                           "bilingual", "'sideways' is not allowed"),
}


@pytest.mark.parametrize("case", DATA_ERRORS)
def test_a_map_of_languages_gone_wrong_is_an_error_with_file_line_and_field(
        tmp_path: Path, run_cli: Callable[..., Result], case: str) -> None:
    file, old, new, field, message = DATA_ERRORS[case]
    root = guide_alone(tmp_path)
    line = edit(root / file, old, new)
    lines = clean_failure(run_cli("validate", root))
    mine = [text for text in lines if f"{file}:{line}: {field}: " in text]
    assert mine and message in mine[0], lines


@pytest.mark.parametrize("char", ["\ue1a0", "\ue1a1", "\ue1a2", "\ue1a3"])
def test_a_private_use_marker_typed_into_the_data_is_refused_by_name(
        tmp_path: Path, run_cli: Callable[..., Result], char: str) -> None:
    root = guide_alone(tmp_path)
    line = edit(root / GUIDE, "cy: Pam mae hyn", f"cy: Pam{char} mae hyn")
    error = the_one_error(run_cli("validate", root))
    assert f"{root.name}/{GUIDE}:{line}: sections.0.heading: " in error
    assert f"U+{ord(char):04X}" in error and "private-use" in error


def test_a_map_in_a_one_language_workspace_is_an_error(tmp_path: Path,
                                                        run_cli: Callable[..., Result]) -> None:
    root = copy_fixture(tmp_path)
    (root / "scrdocs.yaml").write_text("name: Example Regional Safeguarding Board\n", "utf-8")
    shutil.rmtree(root / "documents")
    (root / "documents").mkdir()
    (root / "reviews" / "plentyn-a.yaml").unlink()
    line = edit(root / "reviews" / "julia.yaml", "summary:\n", "summary:\n")
    lines = clean_failure(run_cli("validate", root))
    summary = [text for text in lines if f"reviews/julia.yaml:{line}: summary: " in text]
    assert summary and "publishes in one" in summary[0], lines


PROFILE_ERRORS = {
    "one language": ("languages: [cy]", "names one language"),
    "a language twice": ("languages: [cy, cy]", "names a language twice"),
    "a bad code": ("languages: [cy, Welsh]", "'Welsh' is not a language code"),
    "a code leaving the folder": ("languages: [cy, ../en]", "'../en' is not a language code"),
}


@pytest.mark.parametrize("case", PROFILE_ERRORS)
def test_a_bad_list_of_languages_is_an_error_naming_it(tmp_path: Path,
                                                       run_cli: Callable[..., Result],
                                                       case: str) -> None:
    """The profile's own line says what is wrong; no map is checked against a list that
    is not one of languages (no 'give it as `../en:`')."""
    written, message = PROFILE_ERRORS[case]
    root = guide_alone(tmp_path)
    line = edit(root / "scrdocs.yaml", "languages: [cy, en]", written)
    for command in ("validate", "build"):
        lines = clean_failure(run_cli(command, root))
        assert any(f"{root.name}/scrdocs.yaml:{line}: languages" in text
                   and message in text for text in lines), lines
        assert not any("../en:" in text or "Welsh:" in text for text in lines), lines
    assert not (root / "out").exists() or not list((root / "out").glob("*.pdf"))


def test_a_bad_list_of_languages_is_not_buried_under_every_map(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = guide_alone(tmp_path)
    edit(root / "scrdocs.yaml", "languages: [cy, en]", "languages: [cy, cy]")
    lines = clean_failure(run_cli("validate", root))
    assert len(lines) <= 3, f"{len(lines)} errors: {lines[:3]}"


def test_a_language_babel_does_not_know_is_named_by_its_code(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """`languages: [cy, xx]` is a well-formed list: every map lacks its xx text, which the
    error says, naming the code."""
    root = guide_alone(tmp_path)
    edit(root / "scrdocs.yaml", "languages: [cy, en]", "languages: [cy, xx]")
    line = edit(root / GUIDE, HEADING, "heading: {cy: Pam mae hyn yn bwysig, xx: Why}")
    lines = clean_failure(run_cli("validate", root))
    assert not any(f"{GUIDE}:{line}: sections.0.heading" in text for text in lines), lines
    assert any(f"{GUIDE}:" in text and "sections.0.body: has no xx text: give it as `xx:`"
               in text for text in lines), lines


# --- attacks: hostile maps of languages -------------------------------------------------------

ATTACKS = {
    "a map in a map": ("heading: {cy: {cy: Pam, en: Why}, en: Why this matters}",
                       "sections.0.heading.cy", "the Welsh text is a set of fields"),
    "lists as the texts": ("heading: {cy: [Pam, mae], en: [Why, this]}",
                           "sections.0.heading.cy", "the Welsh text is a list"),
    "a number as the text": ("heading: {cy: Pam, en: 5}",
                             "sections.0.heading.en", "the English text is a number"),
    "a key leaving the folder": ("heading: {cy: Pam, en: Why, ../x: Hm}",
                                 "sections.0.heading", "'../x' is not a language code"),
    "a key with a line break": ('heading: {cy: Pam, "en\\n": Why}',
                                "sections.0.heading", "'en\\n' is not a language code"),
    "a key in capitals": ("heading: {cy: Pam, EN: Why}",
                          "sections.0.heading", "'EN' is not a language code"),
}


@pytest.mark.parametrize("case", ATTACKS)
def test_a_hostile_map_of_languages_is_a_clear_error(tmp_path: Path,
                                                     run_cli: Callable[..., Result],
                                                     case: str) -> None:
    """From `validate` and `build` alike: the map's file, line and field and what is wrong
    with it, exit code 2, and nothing written."""
    written, field, message = ATTACKS[case]
    root = guide_alone(tmp_path)
    line = edit(root / GUIDE, HEADING, written)
    for command in ("validate", "build"):
        lines = clean_failure(run_cli(command, root))
        mine = [text for text in lines if f"{root.name}/{GUIDE}:{line}: " in text]
        assert any(f": {field}: " in text and message in text for text in mine), lines
        assert not any("empty" in text for text in mine), lines
    debugged = run_cli("--debug", "build", root)  # a traceback, of the data's error
    assert debugged.exit_code == 2
    assert "This is a bug" not in debugged.stderr and f": {field}: " in debugged.stderr
    assert not (root / "out").exists() or not list((root / "out").glob("one-minute-guide*"))


SAME_IN_EVERY_LANGUAGE = {
    "a date": (GUIDE, "date: 2025-03", "date: {cy: 2025-03, en: 2026-04}", "date"),
    "a review it draws on": (GUIDE, "    - plentyn-a", "    - {cy: plentyn-a, en: julia}",
                             "local_reviews.reviews.0"),
    "the minutes it takes": ("documents/agenda.yaml", "minutes: minutes",
                             "minutes: {cy: minutes, en: minutes}", "minutes"),
    "an action's due date": ("reviews/plentyn-a.yaml", "due: 2025-03",
                             "due: {cy: 2025-03, en: 2025-04}", "actions.0.due"),
}


@pytest.mark.parametrize("case", SAME_IN_EVERY_LANGUAGE)
def test_a_map_where_every_language_must_agree_is_an_error(
        tmp_path: Path, run_cli: Callable[..., Result], case: str) -> None:
    """A date or a reference to another file given once a language would make the Welsh
    and the English say different things (another review, another date): refused."""
    file, old, new, field = SAME_IN_EVERY_LANGUAGE[case]
    root = copy_fixture(tmp_path)
    line = edit(root / file, old, new)
    lines = clean_failure(run_cli("validate", root))
    assert any(f"{root.name}/{file}:{line}: {field}: " in text
               and "the same in every language" in text for text in lines), lines


def test_a_language_map_of_100000_keys_is_one_short_error() -> None:
    """Every key but cy and en is not a language the profile lists: one problem says so,
    naming a few, not one line a key."""
    keys = {f"{a}{b}{c}": "x" for a in "abcdefghijklmnopqrstuvwxyz"
            for b in "abcdefghijklmnopqrstuvwxyz" for c in "abcdefghijklmnopqrstuvwxyz"}
    keys.update({f"{a}{b}-x{n}": "x" for a in "abcdef" for b in "abcdefghijklmnopqrstuvwxyz"
                 for n in range(100, 800)})
    heading = {"cy": "Pam", "en": "Why", **dict(list(keys.items())[:99_998])}
    assert len(heading) == 100_000
    located = Located(Path("documents/guide.yaml"), {"sections": [{"heading": heading}]})
    problems = map_problems(located, ["cy", "en"])
    assert len(problems) == 1
    assert problems[0].path == "sections.0.heading"
    assert "99,998 keys are not languages" in problems[0].message
    assert len(problems[0].message) < 400


def test_a_language_map_of_many_keys_fails_fast_from_the_command_line(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    keys = ", ".join(f"{a}{b}{c}: x" for a in "abcdefghij" for b in "abcdefghij"
                     for c in "abcdefghij")
    root = guide_alone(tmp_path)
    line = edit(root / GUIDE, HEADING, f"heading: {{cy: Pam, en: Why, {keys}}}")
    error = the_one_error(run_cli("validate", root))
    assert f"{root.name}/{GUIDE}:{line}: sections.0.heading: " in error
    assert "1,000 keys are not languages" in error


def test_an_alias_repeating_a_map_prints_both_languages_in_each_place(
        tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, {"guide": (FIXTURE / "documents" / "one-minute-guide.yaml")
                                   .read_text("utf-8")})
    edit(root / "documents" / "guide.yaml", HEADING,
         "heading: &why {cy: Pam mae hyn yn bwysig, en: Why this matters}")
    edit(root / "documents" / "guide.yaml",
         "heading: {cy: Beth ddylech chi ei wneud, en: What you should do}", "heading: *why")
    workspace = load_workspace(root)
    html = scrdocs.render(workspace.documents["guide"], workspace, "html")
    text = flat(html_text(html))
    assert text.count(flat("Pam mae hyn yn bwysig / Why this matters")) == 2
    assert not PRIVATE_USE.search(html.decode("utf-8"))


def test_a_url_given_once_a_language_links_each_to_its_own(block: dict[tuple[str, str], bytes]
                                                          ) -> None:
    html = block["committee-report", "html"].decode("utf-8")
    assert 'href="https://www.example.org/cy/adolygiadau/plentyn-a"' in html
    assert 'href="https://www.example.org/reviews/child-a"' in html


def test_a_welsh_url_that_is_not_one_is_an_error_naming_it(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = guide_alone(tmp_path)
    line = edit(root / "reviews" / "plentyn-a.yaml",
                'url: {cy: "https://www.example.org/cy/adolygiadau/plentyn-a"',
                'url: {cy: "javascript:alert(1)"')
    error = the_one_error(run_cli("validate", root))
    assert f"{root.name}/reviews/plentyn-a.yaml:{line}: links.0.url: " in error
    assert "javascript:alert(1)" in error and "not a web address" in error


def test_a_huge_welsh_heading_is_written_whole_and_titles_the_file_short(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    huge = " ".join(["Adolygiad"] * 3000)
    root = copy_fixture(tmp_path, {"report": laid_out("block", "committee-report")})
    edit(root / "documents" / "report.yaml", "title: {cy: Adolygiad Plentyn A,",
         f'title: {{cy: "{huge}",')
    result = run_cli("build", root, "-j", "1", "-f", "docx", "-f", "html")
    assert result.exit_code == 0, result.stderr
    html = (root / "out" / "report.html").read_bytes()
    assert flat(huge) in flat(html_text(html))
    title = docx.Document(str(root / "out" / "report.docx")).core_properties.title
    assert 0 < len(title) <= 255 and title.startswith("Adolygiad Adolygiad")
    assert not PRIVATE_USE.search(title + every_text(html, "html"))


def test_the_case_key_is_not_a_file_of_languages(tmp_path: Path,
                                                 run_cli: Callable[..., Result]) -> None:
    """A map of languages in the case key is the case key's error, not a bilingual one."""
    root = copy_fixture(tmp_path, {})
    (root / "case-key.yaml").write_text(
        "names:\n  - real: {cy: Mali Prydderch, en: Molly Pritchard}\n", "utf-8")
    lines = clean_failure(run_cli("validate", root))
    assert any("case-key.yaml:2: names.0.real" in text for text in lines), lines



def test_render_writes_every_version_of_a_separate_document(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """`scrdocs render` of a document laid out separate writes its Welsh and its English
    version; --language asks for one, -o names one file (the first language's)."""
    root = copy_fixture(tmp_path, {"report": laid_out("separate", "committee-report")})
    document = root / "documents" / "report.yaml"
    result = run_cli("render", document, "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in (root / "out").glob("report*")) == [
        "report.cy.html", "report.en.html"]
    english = run_cli("render", document, "-f", "docx", "--language", "en")
    assert english.exit_code == 0, english.stderr
    assert (root / "out" / "report.en.docx").is_file()
    assert not (root / "out" / "report.cy.docx").exists()
    named = run_cli("render", document, "-o", tmp_path / "one.html")
    assert named.exit_code == 0, named.stderr
    assert 'lang="cy"' in (tmp_path / "one.html").read_text("utf-8")[:200]
