"""The Welsh example workspace (data/brif-7-munud): a real seven-minute briefing published in
Welsh and English, built Welsh first box by box and as a document a language.

Its words are measured against the sources it was transcribed from
(tests/data/real-bilingual/secstio.{cy,en}.txt), both ways and per language: the share of
the source's words the built document carries, and the share of the document's words found in
the source. scrdocs' own labels (from its catalogues), the profile's names, the links' titles
and addresses, and the passages the data says were invented are not counted against it.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from docx import Document
from docx.oxml.ns import qn
from readback import pdf_page_count, pdf_page_texts
from ruamel.yaml import YAML

from scrdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE = ROOT / "data" / "brif-7-munud"
SOURCES = Path(__file__).parent / "data" / "real-bilingual"
LANGUAGES = ("cy", "en")
BLOCK, SEPARATE = "secstio", "secstio-separate"
THRESHOLD = 0.95


def load(path: Path) -> dict:
    """Return a YAML file's data as plain dicts and lists."""
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


INVENTED = {
    "cy": ["Beth yw eich prif feddyliau a’ch myfyrdodau?",
           "Sut y gallwn sicrhau bod y dysgu wedi’i wreiddio, a sut y byddwn yn gwybod hynny?",
           "Sut y gallwn gynnwys y dysgu yng nghynlluniau gwella’r tîm neu’r gwasanaeth?"],
    "en": [("false sense of security. Studies have shown that 90% of those who have received "
            "a ‘sext’ have shared it with others.")],
}
"""What documents/secstio.yaml says it invented: the Welsh of box 6's questions, and the end of
box 2's English, where the held transcript stops."""

FIRST_WORDS = {
    "background": ("Ystyr ‘secstio’ yw anfon", "means sending sexually explicit"),
    "why_it_matters": ("Pan mae lluniau’n cael eu rhannu", "When images are shared online"),
    "information": ("Secstio yw pan fydd rhywun", "Sexting is when someone sends"),
    "learning": ("Mae cyfraith y Deyrnas Unedig", "In the UK the law says"),
    "what_to_do": ("Ond CYN i chi anfon llun", "However BEFORE you send a photo"),
    "questions": ("Beth yw eich prif feddyliau", "What are your key thoughts"),
    "further_information": ("Brîff 7 Munud - Secstio", "Sexting - 7 Minute Briefing"),
}
"""The opening words of each box's text (box 7: its first link), in Welsh and in English."""


# --- words ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Return the words of ``text``, lower-cased: runs of letters or digits, so that an
    apostrophe or a hyphen (and a line break's hyphen in a PDF) splits a word alike everywhere."""
    return _WORD.findall(text.casefold())


def source_text(language: str) -> str:
    """Return a source file's text without its header lines (those starting '# ')."""
    lines = (SOURCES / f"secstio.{language}.txt").read_text("utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# "))


def _catalogue_strings(language: str) -> list[str]:
    """Return the strings of scrdocs' catalogue for ``language``: the Welsh translations, or
    the English ones with the source strings they translate."""
    folder = {"cy": "cy", "en": "en_GB"}[language]
    with (ROOT / "scrdocs" / "locale" / folder / "LC_MESSAGES" / "scrdocs.po").open("rb") as po:
        catalogue = read_po(po)
    strings = []
    for message in catalogue:
        texts = (message.string,) if language == "cy" else (message.id, message.string)
        for text in texts:
            strings += [t for t in (text if isinstance(text, tuple) else (text,)) if t]
    return strings


def _tagged_strings(value: object, found: dict[str, list[str]]) -> None:
    """Collect the texts below ``value`` by language: each ``{cy: …, en: …}`` map's under its
    languages, plain text under both."""
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES):
            for language, text in value.items():
                found[language].append(str(text))
        else:
            for item in value.values():
                _tagged_strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _tagged_strings(item, found)
    elif isinstance(value, str):
        for language in LANGUAGES:
            found[language].append(value)


def not_counted(language: str) -> set[str]:
    """Return the words of ``language`` that are not the sources' and are not held against the
    output: those of scrdocs' labels in its catalogue and its box numbers, of the profile,
    and of the further information's link titles and addresses."""
    profile = load(WORKSPACE / "scrdocs.yaml")
    document = load(WORKSPACE / "documents" / f"{BLOCK}.yaml")
    found: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    _tagged_strings([profile["name"], profile["short_name"],
                     document["further_information"]], found)
    return {word for text in [*_catalogue_strings(language), *found[language]]
            for word in words(text)} | {str(number) for number in range(1, 8)}


def scores(output: str, language: str | None) -> tuple[float, float]:
    """Return (the share of the source's words found in ``output``, the share of ``output``'s
    words found in the source) for one language, or for both sources together when
    ``language`` is None. Words the source lacks count against the output unless they are
    the language's labels, the profile's, the links', or in a passage the data says it
    invented."""
    languages = LANGUAGES if language is None else (language,)
    source = Counter(w for lang in languages for w in words(source_text(lang)))
    invented = Counter(w for lang in languages for text in INVENTED[lang] for w in words(text))
    excused = set().union(*(NOT_COUNTED[lang] for lang in languages))
    said = Counter(words(output))
    found = said & (source + invented)
    unexplained = sum(n for word, n in (said - source - invented).items() if word not in excused)
    return (sum((said & source).values()) / sum(source.values()),
            sum(found.values()) / (sum(found.values()) + unexplained))


NOT_COUNTED = {language: not_counted(language) for language in LANGUAGES}


# --- reading the outputs back -----------------------------------------------------------------

def docx_text_by_language(data: bytes) -> dict[str, str]:
    """Return the text of a .docx's runs grouped by their ``w:lang`` (its first subtag:
    'cy', 'en'); runs without one under ''."""
    body = Document(io.BytesIO(data)).element.body
    texts: dict[str, list[str]] = {}
    for paragraph in body.iter(qn("w:p")):
        for run in paragraph.iter(qn("w:r")):
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            tag = (lang.get(qn("w:val")) or "") if lang is not None else ""
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            texts.setdefault(tag.split("-")[0].lower(), []).append(text)
        for parts in texts.values():
            parts.append("\n")
    return {tag: "".join(parts) for tag, parts in texts.items()}


def docx_text(data: bytes) -> str:
    """Return a .docx body's text in reading order, a paragraph a line."""
    body = Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in body.iter(qn("w:p")))


def pdf_text(data: bytes) -> str:
    """Return a PDF's text as pypdf extracts it, its pages in order."""
    return "\n".join(pdf_page_texts(data))


def flat(text: str) -> str:
    """Return ``text`` with its whitespace (line breaks included) made single spaces."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a copy of the workspace with `scrdocs build` and return its out/ folder."""
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("real-bilingual") / "brif-7-munud"
    shutil.copytree(WORKSPACE, root, ignore=shutil.ignore_patterns("out"))
    result = CliRunner().invoke(main, ["build", "--jobs", "1", str(root)],
                               catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "out"


# --- the data ---------------------------------------------------------------------------------

def test_block_and_separate_documents_carry_the_same_briefing() -> None:
    """The separate document is the block document with `bilingual: separate`, word for word."""
    def data(name: str) -> dict:
        return load(WORKSPACE / "documents" / f"{name}.yaml")

    separate = data(SEPARATE)
    assert separate.pop("bilingual") == "separate"
    assert separate == data(BLOCK)


def test_the_profile_publishes_in_welsh_first() -> None:
    """The profile lists Welsh before English and lays documents out block by block."""
    profile = load(WORKSPACE / "scrdocs.yaml")
    assert profile["languages"] == ["cy", "en"]
    assert profile["bilingual"] == "block"


# --- the block layout: Welsh, then English, in one document -----------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_block_word_file_carries_each_language_word_for_word(out: Path, language: str) -> None:
    """The Word file's runs tagged in a language carry at least 95% of that language's source
    words, and at least 95% of their words are the source's."""
    text = docx_text_by_language((out / f"{BLOCK}.docx").read_bytes())[language]
    coverage, precision = scores(text, language)
    assert coverage >= THRESHOLD, f"{language}: {coverage:.3f} of the source's words"
    assert precision >= THRESHOLD, f"{language}: {precision:.3f} of the words are the source's"


@pytest.mark.parametrize("language", LANGUAGES)
def test_block_pdf_carries_each_language_word_for_word(out: Path, language: str) -> None:
    """The PDF carries at least 95% of each language's source words."""
    coverage, _ = scores(pdf_text((out / f"{BLOCK}.pdf").read_bytes()), language)
    assert coverage >= THRESHOLD, f"{language}: {coverage:.3f} of the source's words"


def test_block_pdf_says_nothing_the_sources_do_not(out: Path) -> None:
    """At least 95% of the PDF's words are the sources' (both languages together: pypdf's
    text does not say which language a word is in)."""
    _, precision = scores(pdf_text((out / f"{BLOCK}.pdf").read_bytes()), None)
    assert precision >= THRESHOLD, f"{precision:.3f} of the words are the sources'"


@pytest.mark.parametrize("format", ["docx", "pdf"])
@pytest.mark.parametrize("box", list(FIRST_WORDS))
def test_block_puts_each_box_in_welsh_before_english(out: Path, format: str, box: str) -> None:
    """Each box's Welsh comes before its English, and after the English of the box before."""
    data = (out / f"{BLOCK}.{format}").read_bytes()
    text = flat(docx_text(data) if format == "docx" else pdf_text(data))
    welsh, english = FIRST_WORDS[box]
    assert text.count(welsh) == 1 and text.count(english) == 1
    assert text.index(welsh) < text.index(english)
    boxes = list(FIRST_WORDS)
    if boxes.index(box):
        assert text.index(FIRST_WORDS[boxes[boxes.index(box) - 1]][1]) < text.index(welsh)


# --- the separate layout: a document a language -----------------------------------------------

def test_separate_build_writes_a_document_a_language(out: Path) -> None:
    """The separate document is written as .cy and .en files in every format (and not as one
    file), its PDFs' page counts equal or one apart."""
    for format in ("pdf", "docx", "html"):
        assert (out / f"{SEPARATE}.cy.{format}").is_file()
        assert (out / f"{SEPARATE}.en.{format}").is_file()
        assert not (out / f"{SEPARATE}.{format}").exists()
    counts = [pdf_page_count((out / f"{SEPARATE}.{language}.pdf").read_bytes())
              for language in LANGUAGES]
    assert abs(counts[0] - counts[1]) <= 1, counts


@pytest.mark.parametrize("format", ["docx", "pdf"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_separate_version_carries_its_language_word_for_word(out: Path, format: str,
                                                             language: str) -> None:
    """Each language's version carries at least 95% of that language's source words, and at
    least 95% of its words are that source's."""
    data = (out / f"{SEPARATE}.{language}.{format}").read_bytes()
    coverage, precision = scores(docx_text(data) if format == "docx" else pdf_text(data),
                                 language)
    assert coverage >= THRESHOLD, f"{language}: {coverage:.3f} of the source's words"
    assert precision >= THRESHOLD, f"{language}: {precision:.3f} of the words are the source's"


@pytest.mark.parametrize("language", LANGUAGES)
def test_separate_version_says_the_other_exists(out: Path, language: str) -> None:
    """The English version says a Welsh one exists, and the Welsh version an English one."""
    line = {"en": "This document is available in Welsh.",
            "cy": "Mae’r ddogfen hon ar gael yn Saesneg."}[language]
    for format in ("docx", "pdf"):
        data = (out / f"{SEPARATE}.{language}.{format}").read_bytes()
        assert line in flat(docx_text(data) if format == "docx" else pdf_text(data))
