"""The finish of the pages: what a reader sees that the words alone do not show.

Owns the page checks ``scrdocs check`` runs on every PDF and, when LibreOffice is installed,
on every .docx as LibreOffice lays it out (the closest this machine gets to Word's own
layout): a document over its kind's page limit, a heading or label left as the last line of
a page or column, a near-empty last page, template prompts on a page not marked DRAFT, Word
and PDF page counts that differ, and — with the optional ``page-validation`` package — PDF/UA-1
conformance checked by an independent validator.

Pages are read with pypdf (text, position and size of every line), so the checks need no
other program. What counts as a heading, a label, a prompt or page furniture is read from the
document itself (:func:`html_marks`, :func:`docx_marks`), so the checks follow the templates
as they change.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from lxml import etree

from .errors import ScrdocsError
from .limits import shorten

ERROR = "error"
WARNING = "warning"

PROBLEMS: dict[str, tuple[str, str]] = {
    "over-page-limit": (ERROR, "the document runs past its kind's page limit"),
    "stranded-heading": (ERROR, "a heading or label is the last line of a page or column"),
    "template-prompt": (ERROR, "a template prompt is on a page not marked DRAFT"),
    "not-pdf-ua": (ERROR, "the PDF fails PDF/UA-1 (page-validation)"),
    "near-empty-last-page": (WARNING, "the last page holds less than 12 % of a page of text"),
    "page-counts-differ": (WARNING, "the Word layout and the PDF have different page counts"),
}
"""Every finding the page checks make: its severity and what it means."""

NEAR_EMPTY = 0.12
"""A last page whose text fills less than this share of the text area is near-empty."""

WORD_LAYOUT = "docx"
"""The format a finding on LibreOffice's layout of the .docx names."""

LIBREOFFICE_TIMEOUT = 180.0
"""Seconds one LibreOffice call may take before it is stopped."""

WORD_LAYOUT_FONTS = "Arial=Arimo"
"""How LibreOffice is told to set the Word files' font (:func:`_font_setup`); a cache of its
layouts is only good for the same setting."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"(Title|Heading \d|.* Label|Box Title)", re.IGNORECASE)
_PROMPT_STYLE = "Prompt"
_PAGE_NUMBER = re.compile(r"\bpage\s*\d+(\s*of\s*\d+)?\b", re.IGNORECASE)
_MARKING_WORDS = {"official", "sensitive", "draft", "secret", "top", "–", "-", "—"}
_DRAFT = re.compile(r"\bDRAFF?T\b")  # DRAFT, and the Welsh DRAFFT
_TEXT_TAGS = {"p", "li", "td", "th", "dd", "dt", "a", "figcaption", "caption"}
_FURNITURE_BAND = 0.12
_CSS_STRING = re.compile(r"""content:\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1""")
_WATERMARK_SIZE = 60.0
_COLUMN_REACH = 0.35


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the finish of one document in one format.

    :param document: the document's name (its file stem under ``documents/``).
    :param format: ``pdf``, or ``docx`` for LibreOffice's layout of the Word file.
    :param problem: a key of :data:`PROBLEMS`.
    :param page: the page it is on (1-based), or ``None`` for the whole document.
    :param text: the text on the page it is about, as the reader sees it.
    :param detail: what is wrong, in words.
    """

    document: str
    format: str
    problem: str
    page: int | None
    text: str
    detail: str

    @property
    def severity(self) -> str:
        """Return ``error`` (blocks publishing) or ``warning`` (for a person to judge)."""
        return PROBLEMS[self.problem][0]

    def __str__(self) -> str:
        where = f"{self.document}.{self.format}"
        if self.format == WORD_LAYOUT:
            where += " (as LibreOffice lays it out)"
        if self.page is not None:
            where += f" page {self.page}"
        quoted = f": \"{shorten(_squash(self.text), 100)}\"" if self.text else ""
        return f"{where}: {self.detail}{quoted}"


@dataclass(frozen=True)
class Marks:
    """What the page checks look for in one document, read from the document itself.

    :param headings: the text of every heading and label (``RESOLVED:``, ``Agenda item 5``).
    :param prompts: the template prompts an author replaces (the minutes template's).
    :param furniture: running header and footer text, which is not part of the content.
    :param ambiguous: heading texts that also stand as ordinary text (a contents entry
        repeats a theme's heading): a line with one of them counts as the heading only when
        it is set at least as large as the page's body text.
    """

    headings: tuple[str, ...] = ()
    prompts: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """One line of text on a page: where it starts, its top and bottom (from the top of the
    page, in points) and its size."""

    text: str
    x: float
    top: float
    bottom: float
    size: float


@dataclass
class Page:
    """One page: its size and its lines, content first then running header and footer."""

    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    furniture: list[Line] = field(default_factory=list)
    marked_draft: bool = False

    @property
    def text(self) -> str:
        """Return the content of the page, one line a line."""
        return "\n".join(line.text for line in self.lines)


# --- reading what to look for -------------------------------------------------------------

class _MarksParser(HTMLParser):
    """Collects the text of headings, labels and prompts, and the @page footer strings."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None, list[str]]] = []
        self.headings: list[str] = []
        self.prompts: list[str] = []
        self.others: list[str] = []
        self.style: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self.in_style = True
            return
        classes = (dict(attrs).get("class") or "").split()
        role = None
        if re.fullmatch(r"h[1-6]", tag) or any(_is_label_class(c) for c in classes):
            role = "heading"
        elif "prompt" in classes:
            role = "prompt"
        elif tag in _TEXT_TAGS:
            role = "other"
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        self.open.append((tag, role, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
            return
        if tag not in (name for name, _, _ in self.open):
            return
        while self.open:
            name, role, chunks = self.open.pop()
            text = "".join(chunks)
            if role and _squash(text):
                {"heading": self.headings, "prompt": self.prompts,
                 "other": self.others}[role].append(_squash(text))
            if self.open:
                self.open[-1][2].append(text)
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style.append(data)
        elif self.open:
            self.open[-1][2].append(data)


def _is_label_class(name: str) -> bool:
    return name in ("label", "box-title") or name.endswith("-label")


def html_marks(html: bytes | str) -> Marks:
    """Return the headings, labels and prompts of an HTML rendering, and the running footer
    and header text of its ``@page`` rules — what :func:`page_findings` looks for in the PDF
    made from it."""
    parser = _MarksParser()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    parser.close()
    style = "".join(parser.style)
    furniture = [_css_unescape(m.group(2)) for m in _CSS_STRING.finditer(style)]
    return Marks(tuple(parser.headings), tuple(parser.prompts),
                 tuple(text for text in furniture if text.strip()),
                 _ambiguous(parser.headings, parser.others))


def _ambiguous(headings: list[str], others: list[str]) -> tuple[str, ...]:
    plain = {_key(text) for text in others}
    return tuple(text for text in headings if _key(text) in plain)


def _css_unescape(text: str) -> str:
    text = re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), text)
    return re.sub(r"\\(.)", r"\1", text)


def docx_marks(docx: bytes) -> Marks:
    """Return the headings and labels (Title, Heading n, the … Label and Box Title styles),
    the prompts (Prompt style) and the header and footer text of a .docx."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = archive.namelist()
        styles = _style_names(archive.read("word/styles.xml")) \
            if "word/styles.xml" in names else {}
        body = etree.fromstring(archive.read("word/document.xml"))
        parts = [etree.fromstring(archive.read(name)) for name in names
                 if re.fullmatch(r"word/(header|footer)\d*\.xml", name)]
    headings, prompts, others = [], [], []
    for paragraph in body.iter(f"{_W}p"):
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        name = styles.get(style.get(f"{_W}val", ""), "") if style is not None else ""
        text = _squash(_paragraph_text(paragraph))
        if not text:
            continue
        if _HEADING_STYLE.fullmatch(name):
            headings.append(text)
        elif name == _PROMPT_STYLE:
            prompts.append(text)
        else:
            others.append(text)
    furniture = [_squash(_paragraph_text(p)) for part in parts for p in part.iter(f"{_W}p")]
    return Marks(tuple(headings), tuple(prompts), tuple(text for text in furniture if text),
                 _ambiguous(headings, others))


def _style_names(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    names = {}
    for style in root.iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        names[style.get(f"{_W}styleId", "")] = name.get(f"{_W}val", "") if name is not None \
            else ""
    return names


def _paragraph_text(paragraph: Any) -> str:
    """Return a Word paragraph's text, a line break or tab as a space."""
    return "".join(node.text or "" if node.tag == f"{_W}t" else " "
                   for node in paragraph.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab"))


# --- reading the pages ------------------------------------------------------------------

def read_pages(pdf: bytes, furniture: Iterable[str] = ()) -> list[Page]:
    """Return the pages of ``pdf`` with their lines of text, telling content from page
    furniture (running header and footer, page numbers, protective marking).

    :param furniture: header and footer text known to repeat on every page.
    """
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [_read_page(page) for page in reader.pages]
    known = {_key(text) for text in furniture}
    sorted_lines = [
        [(line, _is_furniture(line, number, pages, known)) for line in page.lines]
        for number, page in enumerate(pages)]
    for page, lines in zip(pages, sorted_lines):
        page.lines = [line for line, furniture in lines if not furniture]
        page.furniture = [line for line, furniture in lines if furniture]
        page.marked_draft = page.marked_draft or any(_DRAFT.search(line.text)
                                                     for line, _ in lines)
    return pages


def _is_furniture(line: Line, number: int, pages: list[Page], known: set[str]) -> bool:
    """Return whether ``line`` is running header or footer: in the top or bottom margin band,
    and known furniture, a page number, a protective marking, or repeated on another page."""
    band = _FURNITURE_BAND * pages[number].height
    if band <= line.top and line.bottom <= pages[number].height - band:
        return False
    return (_is_marking(line.text) or _key(line.text) in known
            or bool(_PAGE_NUMBER.search(line.text)) or _repeats(line, number, pages))


def _read_page(page: Any) -> Page:
    box = page.mediabox
    left, top = float(box.left), float(box.top)
    result = Page(float(box.width), float(box.height))
    fragments: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(a * d - b * c) ** 0.5
        height = (size or 1) * (scale or 1)
        if abs(b) > 0.01 * abs(a) + 1e-9 or a < 0 or height > _WATERMARK_SIZE:
            # rotated or huge text (a watermark): it marks the page, it is not content
            result.marked_draft = result.marked_draft or bool(_DRAFT.search(text))
            return
        baseline = top - y
        for offset, part in enumerate(text.split("\n")):
            if part.strip():
                line_base = baseline + offset * height * 1.2
                fragments.append(Line(part, x - left, line_base - 0.8 * height,
                                      line_base + 0.25 * height, height))

    page.extract_text(visitor_text=visit)
    for fragment in fragments:
        last = result.lines[-1] if result.lines else None
        if last and abs(last.bottom - fragment.bottom) < 0.35 * fragment.size \
                and fragment.x >= last.x and 0.5 < fragment.size / last.size < 2:
            result.lines[-1] = Line(f"{last.text} {fragment.text}", last.x,
                                    min(last.top, fragment.top),
                                    max(last.bottom, fragment.bottom), max(last.size,
                                                                           fragment.size))
        else:
            result.lines.append(fragment)
    result.lines = [Line(_squash(line.text), line.x, line.top, line.bottom, line.size)
                    for line in result.lines if line.text.strip()]
    return result


def _is_marking(text: str) -> bool:
    words = set(re.split(r"\s+", text.strip().casefold()))
    return bool(words) and words <= _MARKING_WORDS


def _repeats(line: Line, number: int, pages: list[Page]) -> bool:
    """Return whether the same line (page numbers aside) stands at the same height on
    another page: a running header or footer."""
    key = re.sub(r"\d+", "#", _key(line.text))
    return any(re.sub(r"\d+", "#", _key(other.text)) == key and abs(other.top - line.top) < 3
               for index, page in enumerate(pages) if index != number
               for other in page.lines)


# --- the checks -----------------------------------------------------------------------------

def page_findings(pdf: bytes, kind: str, marks: Marks, *, document: str = "document",
                  format: str = "pdf") -> list[Finding]:
    """Return what is wrong with the finish of the pages of one rendered document.

    The same checks ``scrdocs check`` runs; ``format`` is ``pdf`` for scrdocs' PDF and
    ``docx`` for LibreOffice's layout of the Word file (:func:`word_layouts`)::

        marks = html_marks(render(doc, ws, "html"))
        findings = page_findings(render(doc, ws, "pdf"), doc.kind, marks, document="guide")

    :param kind: the document's kind (its page limit comes from :data:`scrdocs.KINDS`).
    :param marks: the document's headings, labels, prompts and furniture
        (:func:`html_marks` for the PDF, :func:`docx_marks` for the Word file).
    """
    return _page_findings(read_pages(pdf, marks.furniture), kind, marks, document, format)


def _page_findings(pages: list[Page], kind: str, marks: Marks, document: str,
                   format: str) -> list[Finding]:
    """Return :func:`page_findings` on pages already read (:func:`read_pages`)."""

    def finding(problem: str, page: int | None, text: str, detail: str) -> Finding:
        return Finding(document, format, problem, page, text, detail)

    findings = _over_limit(pages, kind, finding)
    findings += _stranded(pages, marks, finding)
    findings += _near_empty(pages, finding)
    findings += _prompts(pages, marks, finding)
    return findings


def _over_limit(pages: list[Page], kind: str, finding: Any) -> list[Finding]:
    from .kinds import KINDS

    limit = KINDS[kind].max_pages if kind in KINDS else None
    if not limit or len(pages) <= limit:
        return []
    first = pages[limit].lines[0].text if pages[limit].lines else ""
    return [finding("over-page-limit", limit + 1, first,
                    f"runs to {len(pages)} pages; a {kind} must fit on {limit} — page "
                    f"{limit + 1} starts")]


def _stranded(pages: list[Page], marks: Marks, finding: Any) -> list[Finding]:
    headings = {_key(text) for text in marks.headings if _key(text)}
    ambiguous = {_key(text) for text in marks.ambiguous}
    body_size = _body_size(pages)
    findings = []
    for number, page in enumerate(pages, start=1):
        for index, line in enumerate(page.lines):
            heading = _closes_heading(page.lines, index, headings)
            if heading is None or _followed(page, line):
                continue
            if _key(heading) in ambiguous and line.size < body_size - 0.2:
                continue
            lowest = max(other.bottom for other in page.lines)
            where = "page" if line.bottom >= lowest - 1.5 * line.size else "column"
            findings.append(finding("stranded-heading", number, heading,
                                    f"a heading or label is the last line of its {where}; "
                                    "it must keep with what follows it"))
    return findings


def _body_size(pages: list[Page]) -> float:
    """Return the size most of the text is set in."""
    sizes: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            size = round(line.size, 1)
            sizes[size] = sizes.get(size, 0) + len(line.text)
    return max(sizes, key=sizes.__getitem__) if sizes else 0.0


def _closes_heading(lines: list[Line], index: int, headings: set[str]) -> str | None:
    """Return the heading that ``lines[index]`` ends (a heading may wrap over lines)."""
    text = ""
    for back in range(index, max(index - 4, -1), -1):
        text = f"{lines[back].text} {text}".strip()
        if _key(text) in headings:
            return text
    return None


def _followed(page: Page, line: Line) -> bool:
    """Return whether any content lies below ``line`` in its column."""
    reach = _COLUMN_REACH * page.width
    return any(other.top >= line.bottom - 0.3 * line.size and abs(other.x - line.x) < reach
               and other is not line for other in page.lines)


def _near_empty(pages: list[Page], finding: Any) -> list[Finding]:
    if len(pages) < 2:
        return []
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return []
    top = min(line.top for line in lines)
    bottom = max(line.bottom for line in lines)
    last = pages[-1]
    used = (max(line.bottom for line in last.lines) - top) / (bottom - top) \
        if last.lines and bottom > top else 0.0
    if used >= NEAR_EMPTY:
        return []
    count = len(last.lines)
    return [finding("near-empty-last-page", len(pages), last.lines[0].text if count else "",
                    f"the last page holds {count} line{'s' * (count != 1)} "
                    f"({int(used * 100)} % of the text area)")]


def _prompts(pages: list[Page], marks: Marks, finding: Any) -> list[Finding]:
    prompts = [(_key(text)[:40], text) for text in marks.prompts if _key(text)]
    findings = []
    for number, page in enumerate(pages, start=1):
        if page.marked_draft:
            continue
        content = _key(page.text)
        found = [text for start, text in dict.fromkeys(prompts) if start in content]
        if found:
            count = f"{len(found)} template prompts are" if len(found) > 1 \
                else "a template prompt is"
            findings.append(finding("template-prompt", number, found[0],
                                    f"{count} on a page not marked DRAFT (fill them in, or "
                                    "mark the document draft: true)"))
    return findings


def page_count_findings(document: str, pdf: bytes, word: bytes) -> list[Finding]:
    """Return a finding when LibreOffice's layout of the Word file and the PDF of the same
    document run to different numbers of pages."""
    import pypdf

    return _page_count_findings(document, len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
                                len(pypdf.PdfReader(io.BytesIO(word)).pages))


def _page_count_findings(document: str, pdf_pages: int, word_pages: int) -> list[Finding]:
    """Return :func:`page_count_findings` on the page counts of the two layouts."""
    if pdf_pages == word_pages:
        return []
    return [Finding(document, WORD_LAYOUT, "page-counts-differ", None, "",
                    f"runs to {word_pages} pages; the PDF to {pdf_pages}")]


def pdf_ua_findings(pdf: bytes, document: str = "document") -> list[Finding] | None:
    """Return the PDF/UA-1 rule failures the independent ``page-validation`` checker finds,
    or ``None`` when it is not installed (``pip install scrdocs[check]``)."""
    try:
        import page
    except ImportError:
        return None
    try:
        report = page.validate_pdf_bytes(pdf, profile=page.ValidationProfile.PDF_UA_1)
    except page.PageError as exc:
        return [Finding(document, "pdf", "not-pdf-ua", None, str(exc),
                        "the PDF/UA-1 validator could not read the PDF")]
    return [Finding(document, "pdf", "not-pdf-ua", None, failure.message,
                    f"PDF/UA-1 rule {failure.rule_id} fails")
            for failure in report.failures]


# --- LibreOffice ----------------------------------------------------------------------------

class WordLayoutError(ScrdocsError):
    """LibreOffice could not lay out the Word files (it failed or ran out of time)."""


def libreoffice() -> str | None:
    """Return the LibreOffice command on PATH (``soffice`` or ``libreoffice``), if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def word_layouts(files: Mapping[str, bytes], timeout: float = LIBREOFFICE_TIMEOUT
                 ) -> dict[str, bytes]:
    """Return each .docx laid out by LibreOffice, as PDF bytes, keyed like ``files``.

    One LibreOffice call converts them all, with a private profile in a temporary folder
    (so a LibreOffice the user has open is neither used nor disturbed); it is stopped, with
    every process it started, if it runs past ``timeout`` seconds. LibreOffice sets Arial,
    the font the Word files name, in the bundled Arimo (:func:`_font_setup`), as Word sets
    it in Arial of the same widths: without that, a machine lacking Arial lays the Word files
    out in a wider font and their pages run longer than in Word.

    :param files: document name → .docx bytes.
    :raises WordLayoutError: LibreOffice is not installed, failed, or timed out.
    """
    command = libreoffice()
    if command is None:
        raise WordLayoutError("LibreOffice is not installed (no soffice or libreoffice on PATH)")
    if not files:
        return {}
    with tempfile.TemporaryDirectory(prefix="scrdocs-word-") as scratch:
        folder = Path(scratch)
        (folder / "in").mkdir()
        sources = []
        for index, (name, data) in enumerate(files.items()):
            source = folder / "in" / f"{index:04d}.docx"
            source.write_bytes(data)
            sources.append((name, source))
        _run_libreoffice([command, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                          "--headless", "--norestore", "--nologo", "--nodefault",
                          "--convert-to", "pdf", "--outdir", str(folder / "out"),
                          *(str(source) for _, source in sources)], timeout,
                         _font_setup(folder))
        results = {}
        for name, source in sources:
            output = folder / "out" / f"{source.stem}.pdf"
            if not output.is_file():
                raise WordLayoutError(f"LibreOffice did not lay out {name}.docx")
            results[name] = output.read_bytes()
        return results


def _font_setup(folder: Path) -> dict[str, str]:
    """Return the environment that has LibreOffice (through fontconfig) find the bundled
    fonts and take Arimo for Arial: a fontconfig file in ``folder`` that reads the system's
    own configuration, then adds the bundled fonts and the substitution."""
    from xml.sax.saxutils import escape

    from .templating import default_templates

    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    fonts = default_templates() / "_base" / "fonts"
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        f"  <dir>{escape(str(fonts))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'fontconfig'))}</cachedir>\n"
        '  <alias binding="same"><family>Arial</family>'
        "<prefer><family>Arimo</family></prefer></alias>\n"
        "</fontconfig>\n", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(config)}


def _run_libreoffice(command: list[str], timeout: float,
                     environment_extra: Mapping[str, str] | None = None) -> None:
    environment = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", **(environment_extra or {})}
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, env=environment,
                          start_new_session=True) as process:
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise WordLayoutError(f"LibreOffice took longer than {timeout:.0f} s and was "
                                  "stopped") from None
        finally:
            _stop(process)
    if process.returncode:
        message = errors.decode("utf-8", "replace").strip().splitlines()
        raise WordLayoutError("LibreOffice failed"
                              + (f": {message[-1]}" if message else f" ({process.returncode})"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and every process it started (its own process group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    if process.poll() is None:
        process.kill()
    process.wait()


# --- a whole workspace ----------------------------------------------------------------------

@dataclass
class FinishReport:
    """The findings on every document of a workspace, and what could not be checked."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        """Return the findings that block publishing."""
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        """Return the findings for a person to judge."""
        return [f for f in self.findings if f.severity == WARNING]


@dataclass(frozen=True)
class Rendered:
    """One document's outputs as the finish checks need them."""

    kind: str
    html: bytes
    pdf: bytes | None = None
    docx: bytes | None = None


def finish_report(documents: Mapping[str, Rendered], word_layout: bool = True,
                  timeout: float = LIBREOFFICE_TIMEOUT) -> FinishReport:
    """Return the finish findings on every document of a workspace, in PDF and — when
    ``word_layout`` and LibreOffice is installed — in LibreOffice's layout of the .docx
    (one LibreOffice call for them all)."""
    report = FinishReport()
    validated = True
    pdf_pages: dict[str, int] = {}  # each PDF read once: its page count is compared below
    for name, rendered in documents.items():
        if rendered.pdf is None:
            continue
        marks = html_marks(rendered.html)
        pages = read_pages(rendered.pdf, marks.furniture)
        pdf_pages[name] = len(pages)
        report.findings += _page_findings(pages, rendered.kind, marks, name, "pdf")
        ua = pdf_ua_findings(rendered.pdf, name)
        validated = validated and ua is not None
        report.findings += ua or []
    if not validated:
        report.notes.append("PDF/UA-1 not validated independently: install the page-validation "
                            "package (pip install 'scrdocs[check]')")
    report.findings += _word_findings(documents, word_layout, timeout, report.notes,
                                      pdf_pages)
    return report


def _word_findings(documents: Mapping[str, Rendered], word_layout: bool, timeout: float,
                   notes: list[str], pdf_pages: Mapping[str, int]) -> list[Finding]:
    files = {name: r.docx for name, r in documents.items() if r.docx is not None}
    if not word_layout or not files:
        if files:
            notes.append("Word layout not checked (asked not to)")
        return []
    if libreoffice() is None:
        notes.append("Word layout not checked: LibreOffice is not installed (soffice)")
        return []
    try:
        layouts = word_layouts(files, timeout)
    except WordLayoutError as exc:
        notes.append(f"Word layout not checked: {exc}")
        return []
    findings = []
    for name, layout in layouts.items():
        rendered = documents[name]
        marks = docx_marks(files[name])
        pages = read_pages(layout, marks.furniture)
        findings += _page_findings(pages, rendered.kind, marks, name, WORD_LAYOUT)
        if name in pdf_pages:
            findings += _page_count_findings(name, pdf_pages[name], len(pages))
    return findings


# --- text ---------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    """Return ``text`` as the checks compare it: case, spacing and compatibility forms
    aside (CSS may upper-case a label; a PDF may split a line's words into pieces)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def check_outputs(workspace: Any, outputs: Mapping[str, Mapping[str, bytes]],
                  word_layout: bool = True) -> FinishReport:
    """Return the finish findings on a workspace's rendered documents, for ``scrdocs check``.

    :param workspace: the :class:`~scrdocs.workspace.Workspace` they were rendered from.
    :param outputs: document name (or a version's: 'report.cy') → format (``html``,
        ``pdf``, ``docx``) → bytes; a
        document without its HTML page (it could not be rendered: reported already, with
        the Word and PDF renders) is left out.
    """
    documents = {}
    for name, data in outputs.items():
        html = data.get("html")
        if html is None:
            continue
        document = workspace.documents.get(name) or workspace.documents[name.rpartition(".")[0]]
        kind = document.kind  # 'report.cy': a version of report in one language
        documents[name] = Rendered(kind, html, data.get("pdf"), data.get("docx"))
    return finish_report(documents, word_layout)
