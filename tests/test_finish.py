"""The finish checks: what `scrdocs check` finds on the pages, and how it finds it.

Small pages made here show each check finding what it should — and passing the same page once
it is fixed — so the checks the bundled documents are held to (test_bundled_documents.py)
can fail. LibreOffice is faked where its own behaviour (a hang, a failure) is the point.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from helpers import write_files

from scrdocs.finish import (
    PROBLEMS,
    Marks,
    WordLayoutError,
    docx_marks,
    html_marks,
    libreoffice,
    page_findings,
    pdf_ua_findings,
    read_pages,
    word_layouts,
)
from scrdocs.render import render
from scrdocs.workspace import load_workspace

STYLE = ("<style>@page { size: A6; margin: 10mm; @bottom-left { content: 'Anyshire' } } "
         "body { font-family: sans-serif; font-size: 10pt }</style>")


MORE = "<div style='height: 30mm'></div><p>More on the last page.</p>"
"""Enough on a last page that it is not near-empty."""


def pdf_of(body: str, style: str = STYLE) -> tuple[bytes, Marks]:
    """Return a small PDF of ``body`` and what the checks look for in it."""
    import weasyprint

    html = f"<!DOCTYPE html><html lang='en-GB'><head>{style}</head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf(), html_marks(html)


def problems(pdf: bytes, marks: Marks, kind: str = "minutes") -> list[tuple[str, int | None,
                                                                          str]]:
    """Return each finding as (problem, page, text)."""
    return [(f.problem, f.page, f.text) for f in page_findings(pdf, kind, marks)]


def test_a_heading_left_at_the_foot_of_a_page_is_an_error() -> None:
    pdf, marks = pdf_of("<p>Report</p><div style='height: 90mm'></div><h2>Contact officer</h2>"
                        "<p style='break-before: page'>contact@anyshire.gov.uk</p>" + MORE)
    findings = page_findings(pdf, "committee-report", marks, document="report")
    assert [(f.problem, f.page, f.text) for f in findings] == [
        ("stranded-heading", 1, "Contact officer")]
    assert findings[0].severity == "error"
    assert str(findings[0]) == ('report.pdf page 1: a heading or label is the last line of its '
                                'page; it must keep with what follows it: "Contact officer"')


def test_a_heading_kept_with_what_follows_is_fine() -> None:
    pdf, marks = pdf_of("<p>Report</p><div style='height: 90mm'></div><h2>Contact officer</h2>"
                        "<p>contact@anyshire.gov.uk</p>")
    assert problems(pdf, marks) == []


def test_a_label_is_checked_like_a_heading_whatever_its_case() -> None:
    """A label (class label) upper-cased by CSS is still found at the foot of a page."""
    pdf, marks = pdf_of("<p>Minutes</p><div style='height: 90mm'></div>"
                        "<p class='label' style='text-transform: uppercase'>Resolved:</p>"
                        "<p style='break-before: page'>That the Committee notes the report.</p>"
                        + MORE)
    assert problems(pdf, marks) == [("stranded-heading", 1, "RESOLVED:")]


def test_a_heading_at_the_foot_of_a_column_is_an_error() -> None:
    pdf, marks = pdf_of(
        "<div style='columns: 2; column-fill: auto; height: 100mm'><p>Left</p>"
        "<div style='height: 40mm'></div><h2>Box</h2>"
        "<p style='break-before: column'>Right</p><div style='height: 75mm'></div><p>End</p>"
        "</div>")
    findings = page_findings(pdf, "one-minute-guide", marks)
    assert [(f.problem, f.page, f.text) for f in findings] == [("stranded-heading", 1, "Box")]
    assert "last line of its column" in findings[0].detail


def test_a_contents_entry_that_repeats_a_heading_is_not_a_heading() -> None:
    """A briefing's contents list repeats the theme headings in small print: an entry at the
    foot of the contents box is not a stranded heading."""
    pdf, marks = pdf_of(
        "<div style='float: right; width: 30mm; font-size: 7pt'><ul>"
        "<li>Neglect</li></ul></div><p>Introduction</p><p>More</p><p>More</p>"
        "<div style='height: 70mm'></div><h2>Neglect</h2><p>Body</p>")
    assert marks.ambiguous == ("Neglect",)
    assert problems(pdf, marks) == []


def test_a_near_empty_last_page_is_a_warning() -> None:
    pdf, marks = pdf_of("<p>First</p><div style='height: 90mm'></div><p>Last on page one</p>"
                        "<p style='break-before: page'>Alone</p>")
    findings = page_findings(pdf, "minutes", marks)
    assert [(f.problem, f.page, f.text) for f in findings] == [
        ("near-empty-last-page", 2, "Alone")]
    assert findings[0].severity == "warning"
    assert "holds 1 line" in findings[0].detail


def test_a_last_page_with_enough_on_it_is_fine() -> None:
    pdf, marks = pdf_of("<p>First</p><div style='height: 90mm'></div><p>Last on page one</p>"
                        "<p style='break-before: page'>Not alone</p>"
                        "<div style='height: 30mm'></div><p>End</p>")
    assert problems(pdf, marks) == []


def test_page_furniture_is_not_content() -> None:
    """The running footer and page numbers are neither the last line of a page nor content."""
    pdf, marks = pdf_of("<p>Body</p>", STYLE.replace(
        "@bottom-left { content: 'Anyshire' }",
        "@bottom-left { content: 'Anyshire' } @bottom-right { content: 'Page ' counter(page) }"
        " @top-center { content: 'OFFICIAL' }"))
    assert {"Anyshire", "OFFICIAL"} <= set(marks.furniture)
    [page] = read_pages(pdf, marks.furniture)
    assert [line.text for line in page.lines] == ["Body"]
    assert sorted(" ".join(line.text for line in page.furniture).split()) == [
        "1", "Anyshire", "OFFICIAL", "Page"]


def test_template_prompts_on_a_page_not_marked_draft_are_an_error() -> None:
    body = ("<p class='label'>Minutes:</p><p class='prompt'>Minutes to be written: record the "
            "presentation.</p><p>Supporting documents: none.</p>")
    pdf, marks = pdf_of(body)
    assert marks.prompts == ("Minutes to be written: record the presentation.",)
    found = page_findings(pdf, "minutes", marks)
    assert [(f.problem, f.page) for f in found] == [("template-prompt", 1)]
    assert found[0].text.startswith("Minutes to be written")
    draft, marks = pdf_of(body, STYLE.replace("@bottom-left { content: 'Anyshire' }",
                                              "@top-center { content: 'OFFICIAL – DRAFT' }"))
    assert problems(draft, marks) == []


def test_a_guide_over_two_pages_is_an_error_that_names_the_first_page_over() -> None:
    pdf, marks = pdf_of("<p>One</p><p style='break-before: page'>Two</p>"
                        "<p style='break-before: page'>Three starts here</p>"
                        "<div style='height: 40mm'></div><p>End</p>")
    assert problems(pdf, marks, "one-minute-guide") == [
        ("over-page-limit", 3, "Three starts here")]
    assert problems(pdf, marks, "minutes") == []


def test_docx_marks_come_from_the_word_styles(make_workspace) -> None:
    """Headings and labels by style (Title, Heading n, … Label), prompts by the Prompt style,
    furniture from the header and footer."""
    root = make_workspace({"documents/minutes.yaml": """\
kind: minutes
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-07-12
items:
  - number: 5
    title: Serious Case Review Jasmine
    review: jasmine
    recommendations:
      - That the Committee notes the learning.
"""})
    ws = load_workspace(root)
    marks = docx_marks(render(ws.documents["minutes"], ws, "docx"))
    assert {"Minutes template", "Minutes:", "RESOLVED:"} <= set(marks.headings)
    assert any(text.endswith("Serious Case Review Jasmine") for text in marks.headings)
    assert any(prompt.startswith("Minutes to be written") for prompt in marks.prompts)
    assert any("Anyshire Safeguarding Children Partnership" in text for text in marks.furniture)


def test_pdf_ua_failures_are_errors_naming_the_rule() -> None:
    pytest.importorskip("page")
    pdf, _ = pdf_of("<h1>Untagged</h1>")
    findings = pdf_ua_findings(pdf, "plain")
    assert findings and all(f.severity == "error" for f in findings)
    assert any("PDFUA1-" in f.detail for f in findings), findings


def _prompting_workspace(make_workspace) -> Path:
    """Return a workspace whose own committee report template leaves a prompt in the PDF."""
    return make_workspace({"templates/committee-report/committee-report.html.j2": """\
{% extends "_base/base.html.j2" %}
{% block body %}<h1>{{ item.title }}</h1>
<p class="prompt">Write the report here: what the review found.</p>{% endblock %}
"""})


def test_check_reports_the_finish_with_document_format_page_and_text(make_workspace,
                                                                      run_cli) -> None:
    root = _prompting_workspace(make_workspace)
    result = run_cli("check", "--no-word-layout", root)
    assert result.exit_code == 1
    assert ('Error: report-jasmine.pdf page 1: a template prompt is on a page not marked '
            'DRAFT (fill them in, or mark the document draft: true): "Write the report here: '
            'what the review found."') in result.stderr
    assert "Note: Word layout not checked (asked not to)" in result.stderr


def test_check_marked_draft_is_ready(make_workspace, run_cli) -> None:
    root = _prompting_workspace(make_workspace)
    path = root / "documents" / "report-jasmine.yaml"
    path.write_text("draft: true\n" + path.read_text())
    result = run_cli("check", "--no-word-layout", root)
    assert "report-jasmine.pdf" not in result.stderr
    assert "template prompt" not in result.stderr


def test_check_says_when_libreoffice_is_missing(make_workspace, run_cli,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("scrdocs.finish.libreoffice", lambda: None)
    result = run_cli("check", make_workspace())
    assert "(as LibreOffice lays it out)" not in result.stderr
    assert ("Note: Word layout not checked: LibreOffice is not installed"
            in result.stderr)


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed")
def test_check_lays_out_the_word_file_with_libreoffice(make_workspace, run_cli) -> None:
    """With LibreOffice installed, check lays out the Word files and says nothing is left
    unchecked."""
    result = run_cli("check", _prompting_workspace(make_workspace))
    assert result.exit_code == 1
    assert "Error: report-jasmine.pdf page 1: a template prompt" in result.stderr
    assert "Word layout not checked" not in result.stderr


def test_check_help_says_which_findings_block_publishing(run_cli) -> None:
    text = " ".join(run_cli("check", "--help").stdout.split())
    assert "Errors, as they block publishing: a document over its kind's page limit" in text
    for words in ("a heading or label left as the last line of a page or column",
                  "a template prompt on a page not marked DRAFT", "PDF/UA-1 failures",
                  "Warnings: a last page holding under 12 % of a page of text",
                  "Word and PDF page counts that differ", "LibreOffice"):
        assert words in text
    assert set(PROBLEMS) == {"over-page-limit", "stranded-heading", "template-prompt",
                             "not-pdf-ua", "near-empty-last-page", "page-counts-differ"}


def _fake_libreoffice(folder: Path, script: str) -> None:
    write_files(folder, {"soffice": "#!/bin/sh\n" + script})
    path = folder / "soffice"
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_a_libreoffice_that_hangs_is_stopped_with_what_it_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hung LibreOffice is stopped at the timeout, its child processes too."""
    _fake_libreoffice(tmp_path / "bin", f"sleep 60 & echo $! > {tmp_path}/child\nwait\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(WordLayoutError, match="took longer than 1 s and was stopped"):
        word_layouts({"minutes": b"PK"}, timeout=1)
    child = int((tmp_path / "child").read_text())
    for _ in range(50):
        if not Path(f"/proc/{child}").exists() or \
                Path(f"/proc/{child}/stat").read_text().split()[2] == "Z":
            break
        time.sleep(0.1)
    else:
        pytest.fail("LibreOffice's child process is still running")


def test_a_libreoffice_that_fails_says_so(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_libreoffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2\n"
                                        "exit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(WordLayoutError, match="source file could not be loaded"):
        word_layouts({"minutes": b"PK"})


def test_a_libreoffice_that_writes_nothing_names_the_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_libreoffice(tmp_path / "bin", "exit 0\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(WordLayoutError, match="did not lay out minutes.docx"):
        word_layouts({"minutes": b"PK"})


def test_word_and_pdf_page_counts_that_differ_are_a_warning_naming_both(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Word file LibreOffice lays out on more pages than the PDF is reported with both
    counts; the same count is not reported."""
    import io

    import docx

    from scrdocs import finish
    from scrdocs.finish import Rendered, finish_report

    one, _ = pdf_of("<p>One page.</p>" + MORE)
    two, _ = pdf_of("<p>First page.</p><p style='break-before: page'>Second.</p>" + MORE)
    blank = io.BytesIO()
    docx.Document().save(blank)
    html = b"<!DOCTYPE html><html lang='en-GB'><body><p>One page.</p></body></html>"
    documents = {name: Rendered("minutes", html, one, blank.getvalue())
                 for name in ("longer", "same")}
    monkeypatch.setattr(finish, "libreoffice", lambda: "soffice")
    monkeypatch.setattr(finish, "word_layouts",
                        lambda files, timeout: {"longer": two, "same": one})
    found = [(f.document, f.format, f.problem, f.detail)
             for f in finish_report(documents).findings if f.problem == "page-counts-differ"]
    assert found == [("longer", finish.WORD_LAYOUT, "page-counts-differ",
                      "runs to 2 pages; the PDF to 1")]
