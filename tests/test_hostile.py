"""Hostile input: each case of tests/data/hostile renders verbatim everywhere, or is refused.

Also holds the read-back helpers the other ``test_hostile_*`` modules share: the whole text a
reader meets in a docx, pdf or html (visible text, plus title, author and subject), compared
with whitespace squeezed out.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from helpers import error_lines, validate_in
from readback import (
    assert_strict_xml,
    docx_parts_text,
    docx_text,
    has_pdftotext,
    html_text,
    pdf_text,
)

from scrdocs.render import render
from scrdocs.workspace import load_workspace

HOSTILE = Path(__file__).parent / "data" / "hostile"
FORMATS = ("docx", "pdf", "html")

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")


# -- reading outputs back -------------------------------------------------------------------

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                        "\u2066\u2067\u2068\u2069"))


def squeeze(text: str, format: str) -> str:
    """Return ``text`` with runs of whitespace made one space (in a PDF: removed, since a
    line may wrap anywhere) and the direction marks pdftotext adds dropped."""
    text = text.translate(_BIDI_CONTROLS)
    return "".join(text.split()) if format == "pdf" else " ".join(text.split())


class _HeadParser(HTMLParser):
    """Collect an HTML document's <title> text and the content of its <meta> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_title = tag == "title"
        if tag == "meta":
            self.parts += [value or "" for name, value in attrs if name == "content"]

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.parts.append(data)


def all_text(data: bytes, format: str, tmp_path: Path) -> str:
    """Return everything a reader of the output meets as text: the visible text, then the
    title, subject and author the file carries."""
    if format == "docx":
        core = docx.Document(io.BytesIO(data)).core_properties
        return "\n".join([docx_parts_text(data), core.title, core.subject, core.author])
    if format == "pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            info = [str(pdf.docinfo.get(key, "")) for key in ("/Title", "/Subject", "/Author")]
        return "\n".join([pdf_text(data, tmp_path), *info])
    parser = _HeadParser()
    parser.feed(data.decode("utf-8"))
    return "\n".join([html_text(data), *parser.parts])


def assert_verbatim(expected: str, data: bytes, format: str, tmp_path: Path) -> None:
    """Assert that ``expected`` comes out of the output exactly, whitespace aside."""
    text = all_text(data, format, tmp_path)
    assert squeeze(expected, format) in squeeze(text, format), (expected, text)


def embedded_files(data: bytes) -> list[str]:
    """Return the names of files embedded in a PDF, as attachments or file annotations."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        names = list(pdf.attachments.keys())
        for page in pdf.pages:
            names += [str(annot.get("/Contents", "annotation")) for annot in
                      page.get("/Annots", []) if annot.get("/Subtype") == "/FileAttachment"]
    return names


# -- the cases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One file of tests/data/hostile and the outcome it must produce."""

    name: str
    text: str
    kind: str
    outcome: str
    header: dict[str, list[str]]

    @property
    def place(self) -> str:
        """Return where the case goes in the minimal workspace."""
        suffix = Path(self.name).suffix
        return {"profile": "scrdocs.yaml", "review": f"reviews/jasmine{suffix}",
                "document": f"documents/{Path(self.name).stem}{suffix}"}[self.kind]

    @property
    def document(self) -> str:
        """Return the name of the document to render."""
        return Path(self.name).stem if self.kind == "document" else "report-jasmine"

    def files(self) -> dict[str, str | None]:
        """Return the workspace files the case writes (``None``: deleted)."""
        files: dict[str, str | None] = {"reviews/jasmine.yaml": None} \
            if self.kind == "review" else {}
        files[self.place] = self.text
        return files


def read_case(path: Path) -> Case:
    """Return the case in ``path``, read from its ``# key: value`` header comments."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header: dict[str, list[str]] = {}
    count = 0
    for line in lines:
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        header.setdefault(key.strip(), []).append(value.strip())
        count += 1
    text = "".join(lines[count:]) if path.suffix == ".json" else "".join(lines)
    return Case(path.name, text, header["kind"][0], header["outcome"][0], header)


def cases(outcome: str) -> list[Case]:
    """Return every case with ``outcome`` ('renders' or 'refused')."""
    found = [read_case(path) for path in sorted(HOSTILE.iterdir())
             if path.suffix in (".yaml", ".json")]
    return [case for case in found if case.outcome == outcome]


def rendering_params() -> list[Any]:
    """Return (case, format) parameters; known bugs are marked xfail in their format."""
    params = []
    for case in cases("renders"):
        formats = case.header.get("formats", [" ".join(FORMATS)])[0].split()
        xfails = dict(entry.split(":", 1) for entry in case.header.get("xfail", []))
        for format in formats:
            marks = [needs_pdftotext] if format == "pdf" else []
            if format in xfails:
                marks.append(pytest.mark.xfail(strict=True, reason=xfails[format].strip()))
            params.append(pytest.param(case, format, id=f"{case.name}-{format}", marks=marks))
    return params


def render_case(case: Case, make_workspace: Any, format: str) -> bytes:
    """Write the case into the minimal workspace and return its document rendered."""
    workspace = load_workspace(make_workspace(case.files()))
    return render(workspace.documents[case.document], workspace, format)


@pytest.mark.parametrize("case,format", rendering_params())
def test_hostile_text_comes_out_verbatim(case: Case, format: str, make_workspace,
                                         tmp_path: Path) -> None:
    """Every verbatim text of a renderable case comes out exactly, in every format."""
    data = render_case(case, make_workspace, format)
    if format == "docx":
        assert_strict_xml(data)
    for expected in case.header["verbatim"]:
        assert_verbatim(expected, data, format, tmp_path)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in cases("refused")])
def test_hostile_input_is_refused_with_file_line_and_field(case: Case, make_workspace, run_cli,
                                                           monkeypatch) -> None:
    """Each refused case gives exit code 2 and one located Error line naming its field."""
    root = make_workspace(case.files())
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{Path(case.place)}:{case.header['line'][0]}: "), errors[0]
    for expected in case.header["expect"]:
        assert expected in errors[0], errors[0]


def test_hostile_cases_exist() -> None:
    """The hostile folder holds both kinds of case, so no test passes vacuously."""
    assert len(cases("renders")) >= 8 and len(cases("refused")) >= 8


# -- what the cases do not show on their own ------------------------------------------------

def test_template_syntax_in_data_is_never_evaluated(make_workspace) -> None:
    """{{ 7*7 }} and {% %} in data stay literal in docx and html: no 49, no Jinja error."""
    case = read_case(HOSTILE / "profile_markup_characters.yaml")
    for format in ("docx", "html"):
        data = render_case(case, make_workspace, format)
        text = all_text(data, format, Path())
        assert "{{ 7*7 }}" in text and "{% raw %}" in text
        assert "49" not in text


@needs_pdftotext
def test_html_in_data_embeds_and_reads_nothing(make_workspace, tmp_path: Path) -> None:
    """<img>, <a rel=attachment> and <link> in data embed no file and leak no /etc content."""
    case = read_case(HOSTILE / "html_in_data.yaml")
    pdf = render_case(case, make_workspace, "pdf")
    assert embedded_files(pdf) == []
    assert b"/EmbeddedFiles" not in pdf and b"/FileAttachment" not in pdf
    assert "root:" not in pdf_text(pdf, tmp_path)
    html = render_case(case, make_workspace, "html").decode()
    assert '<img src="file:' not in html and "<style>body" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;" in html
    assert "root:" not in html


def test_markup_link_to_a_local_file_stays_text(make_workspace) -> None:
    """[title](file:///…) and javascript: are not links: no hyperlink in docx or html."""
    case = read_case(HOSTILE / "markdown_link_to_local_file.yaml")
    html = render_case(case, make_workspace, "html").decode()
    assert 'href="file:' not in html and 'href="javascript:' not in html
    data = render_case(case, make_workspace, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "file:///etc/passwd" not in rels and "javascript:" not in rels


@pytest.mark.parametrize("raw,field", [
    ("\x00", "summary"), ("\x0b", "summary"), ("\x1b", "summary"), ("\ud800", "summary"),
    ("\ufffe", "summary"), ("\x7f", "summary"), ("\x85", "summary"),
])
def test_control_characters_are_a_named_field_error(raw: str, field: str) -> None:
    """Control characters, lone surrogates and non-characters are refused, naming field and char."""
    from scrdocs._yaml import parse
    from scrdocs.model import Review
    from scrdocs.validation import validate

    located = parse('{"name": "Jasmine", "summary": "a' + _json_escape(raw) + 'b"}')
    review, problems = validate(Review, located)
    assert review is None and len(problems) == 1
    assert problems[0].path == field
    assert f"U+{ord(raw):04X}" in problems[0].message and "at position 2" in problems[0].message


def _json_escape(char: str) -> str:
    return f"\\u{ord(char):04x}"


def test_whitespace_mapping_is_the_documented_one(make_workspace) -> None:
    """A line break reads as a space, a blank line starts a paragraph, a tab stays a tab."""
    summary = "concerned one\nline; a\ttab.\n\nSecond paragraph."
    root = make_workspace({"reviews/jasmine.yaml":
                           f"name: Jasmine\nsummary: {json.dumps(summary)}\n"})
    workspace = load_workspace(root)
    document = workspace.documents["report-jasmine"]
    data = render(document, workspace, "docx")
    paragraphs = docx_text(data).splitlines()
    first = next(p for p in paragraphs if p.endswith("concerned one line; a\ttab."))
    assert paragraphs[paragraphs.index(first) + 1] == "Second paragraph."
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = package.read("word/document.xml").decode()
    assert re.search(r"a</w:t>.*?<w:tab/>.*?<w:t[^>]*>tab\.", body)
    html = render(document, workspace, "html").decode()
    assert re.search(r"concerned one line; a\ttab\.</p>\s*<p>Second paragraph\.</p>", html)


@needs_pdftotext
def test_css_string_shows_a_footer_verbatim_in_the_pdf(tmp_path: Path) -> None:
    """markup.css_string shows &, quotes, backslash and </style> verbatim in a PDF margin."""
    from scrdocs.markup import css_string
    from scrdocs.pdf import render_pdf
    from scrdocs.templating import default_templates

    footer = 'Footer & <b>bold</b> "quoted" \\back {{ footer }} </style> ŵ'
    html = ('<!DOCTYPE html><html lang="en"><head><title>Footer</title><style>@page { '
            f'@bottom-left {{ content: {css_string(footer)}; }} }}</style></head>'
            '<body><p>Body.</p></body></html>')
    pdf, _ = render_pdf(html, (default_templates(),))
    assert squeeze(footer, "pdf") in squeeze(pdf_text(pdf, tmp_path), "pdf")


def test_windows_line_breaks_inside_json_strings_keep_paragraphs(make_workspace) -> None:
    """CR LF and CR inside JSON strings are line breaks, so blank lines still split paragraphs."""
    root = make_workspace({"reviews/jasmine.yaml": None, "reviews/jasmine.json": json.dumps(
        {"name": "Jasmine", "summary": "concerned one\r\nline.\r\n\r\nSecond\rparagraph."})})
    workspace = load_workspace(root)
    document = workspace.documents["report-jasmine"]
    paragraphs = docx_text(render(document, workspace, "docx")).splitlines()
    first = next(p for p in paragraphs if p.endswith("concerned one line."))
    assert paragraphs[paragraphs.index(first) + 1] == "Second paragraph."
    html = render(document, workspace, "html").decode()
    assert "\r" not in html
    assert re.search(r"concerned one line\.</p>\s*<p>Second paragraph\.</p>", html)


FILE_TRAPS = {
    "tab-indentation": (b"name: Child Q\nlearning_points:\n\t- Listen to the child.\n", 3,
                        "(YAML indents with spaces, not tabs)"),
    "latin-1": (b"name: Child Q\nreviewer: Fran\xe7oise Lefevre\n", 2, "is not UTF-8 text"),
    "windows-1252-quotes": (b"name: Child Q\n\nsummary: \x93quoted\x94\n", 3,
                            "is not UTF-8 text"),
    "raw-escape-byte": (b"name: Child Q\nsummary: Child \x1bQ\n", 2, "control character"),
    "raw-nul-byte": (b"name: Child Q\r\nsummary: Child \x00Q\r\n", 2, "control character"),
    "utf-16-file": ("name: Child Q\n".encode("utf-16"), 1, "is not UTF-8 text"),
}


@pytest.mark.parametrize("name", sorted(FILE_TRAPS))
def test_file_level_traps_are_one_error_with_the_line(name: str, make_workspace, run_cli,
                                                      monkeypatch) -> None:
    """Tabs, non-UTF-8 bytes and raw control bytes give exit 2 and one FILE:LINE Error line."""
    content, line, expected = FILE_TRAPS[name]
    root = make_workspace({"reviews/child-q.yaml": content})
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{Path('reviews/child-q.yaml')}:{line}: "), errors[0]
    assert expected in errors[0], errors[0]


@pytest.mark.parametrize("content", [
    pytest.param("\ufeffname: Zoë & Co\nsummary: concerned NO one.\n".encode(), id="bom"),
    pytest.param(b"name: Zo\xc3\xab & Co\r\nsummary: concerned NO one.\r\n", id="crlf"),
    pytest.param(b"\xef\xbb\xbfname: Zo\xc3\xab & Co\r\nsummary: |\r\n  concerned NO one.\r\n",
                 id="bom-crlf-block"),
])
def test_bom_and_windows_line_endings_are_read_as_text(content: bytes, make_workspace,
                                                       run_cli, monkeypatch) -> None:
    """A UTF-8 BOM and CR LF line endings are accepted and leave no trace in the text."""
    root = make_workspace({"reviews/jasmine.yaml": content})
    monkeypatch.chdir(root)
    result = run_cli("validate", ".")
    assert result.exit_code == 0, result.stderr
    review = load_workspace(root).reviews["jasmine"]
    assert review.name == "Zoë & Co"
    assert review.summary is not None and review.summary.strip() == "concerned NO one."
