"""A traceback is never the command line's error message: an error scrdocs did not foresee
is one `Error:` line naming the command and the document, a request for a bug report and
exit code 70, with the traceback only under `scrdocs --debug`; Ctrl+C ends with exit 130."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import scrdocs.markup
import scrdocs.word
from scrdocs.cli import INTERRUPTED, UNEXPECTED_ERROR
from scrdocs.errors import TemplateError
from scrdocs.templating import default_templates


def _failing(error: BaseException):
    """Return a stand-in for the Word renderer that raises ``error``."""
    def render_docx(*args: object, **kwargs: object) -> bytes:
        raise error
    return render_docx


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_unexpected_error_is_one_error_line_naming_the_command_and_document(
        workspace: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug while rendering a .docx: one Error line naming `scrdocs render` and
    documents/report-jasmine.yaml (docx), then a line asking for a bug report with --debug;
    exit 70 and no traceback."""
    monkeypatch.setattr(scrdocs.word, "render_docx",
                        _failing(RuntimeError("the table grid\nwent wrong")))
    result = run_cli("render", workspace / "documents" / "report-jasmine.yaml", "-f", "docx")
    assert result.exit_code == UNEXPECTED_ERROR == 70
    assert _lines(result.stderr) == [
        ("Error: scrdocs render stopped while rendering documents/report-jasmine.yaml (docx) "
         "on an unexpected error (RuntimeError: the table grid went wrong)"),
        ("This is a bug in scrdocs. Please report it with what `scrdocs --debug render …` "
         "prints."),
    ]
    assert "Traceback" not in result.output + result.stderr
    assert not (workspace / "out" / "report-jasmine.docx").exists()


def test_unexpected_error_in_a_build_names_the_document(
        workspace: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """`scrdocs build` stopped by a bug in one document says which document and format it
    was rendering, as that document's failure; the build still did the others."""
    monkeypatch.setattr(scrdocs.word, "render_docx", _failing(ValueError("bad value")))
    result = run_cli("build", workspace, "--jobs", "1", "-f", "docx")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert result.exit_code == UNEXPECTED_ERROR
    assert errors == [
        "Error: 1 document failed and was not written: report-jasmine",
        ("Error: report-jasmine: stopped while rendering documents/report-jasmine.yaml (docx) "
         "on an unexpected error (ValueError: bad value); this is a bug in scrdocs: please "
         "report it with what `scrdocs --debug build …` prints")]
    assert "Traceback" not in result.stderr


def test_debug_option_shows_the_traceback(workspace: Path, run_cli,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """`scrdocs --debug render …` prints the traceback before the same Error line."""
    monkeypatch.setattr(scrdocs.word, "render_docx", _failing(RuntimeError("boom")))
    result = run_cli("--debug", "render", workspace / "documents" / "report-jasmine.yaml",
                     "-f", "docx")
    assert result.exit_code == UNEXPECTED_ERROR
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in result.stderr
    assert ("Error: scrdocs render stopped while rendering documents/report-jasmine.yaml "
            "(docx) on an unexpected error (RuntimeError: boom)") in result.stderr


def _template_with(root: Path, format: str, code: str) -> Path:
    """Write the workspace's own committee report template for ``format`` with ``code``
    in it; return the template's file."""
    folder = root / "templates" / "committee-report"
    folder.mkdir(parents=True, exist_ok=True)
    if format == "docx":
        page = docx.Document()
        page.add_paragraph(code)
        page.save(folder / "committee-report.docx")
        return folder / "committee-report.docx"
    source = (default_templates() / "committee-report" / "committee-report.html.j2"
              ).read_text(encoding="utf-8").replace("{% block body %}",
                                                    "{% block body %}" + code, 1)
    (folder / "committee-report.html.j2").write_text(source, encoding="utf-8")
    return folder / "committee-report.html.j2"


@pytest.mark.parametrize("format", ["docx", "pdf"])
@pytest.mark.parametrize("code, says", [("{{ document.title + 1 }}", "(TypeError)"),
                                        ("{{ 1 // 0 }}", "(ZeroDivisionError)")])
def test_a_mistake_in_an_organisations_template_is_a_template_error(
        workspace: Path, run_cli, format: str, code: str, says: str) -> None:
    """A template's own code failing (adding a number to a title, dividing by zero) is the
    template's error, named with it, exit 3: not a bug in scrdocs."""
    template = _template_with(workspace, format, code)
    result = run_cli("render", workspace / "documents" / "report-jasmine.yaml", "-f", format)
    assert result.exit_code == TemplateError.exit_code, result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert error.startswith(f"Error: {template}") and error.endswith(says), error
    assert "This is a bug" not in result.stderr


def test_a_bug_in_what_scrdocs_gives_a_template_is_still_a_bug(
        workspace: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure inside scrdocs' own code that a template's {{ … }} runs (a paragraph
    turning itself into HTML) is not blamed on the template: it is reported as a bug."""
    def html(*args: object) -> str:
        raise RuntimeError("paragraph went wrong")
    monkeypatch.setattr(scrdocs.markup.Rich, "__html__", html)
    result = run_cli("render", workspace / "documents" / "report-jasmine.yaml", "-f", "html")
    assert result.exit_code == UNEXPECTED_ERROR
    assert "RuntimeError: paragraph went wrong" in result.stderr
    assert "This is a bug in scrdocs" in result.stderr


def test_debug_option_is_listed_in_the_help(run_cli) -> None:
    """`scrdocs --help` lists --debug."""
    assert "--debug" in run_cli("--help").stdout


def test_scrdocs_errors_keep_their_exit_code_and_lines(make_workspace, run_cli) -> None:
    """An error scrdocs foresaw is unchanged: its own Error lines and exit code, no bug
    report request."""
    root = make_workspace({"reviews/jasmine.yaml": "name: 42\n"})
    result = run_cli("validate", root)
    assert result.exit_code == 2
    assert "This is a bug" not in result.stderr


def test_ctrl_c_is_a_short_message_and_exit_130(workspace: Path, run_cli,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C during a render ends with `scrdocs render: interrupted`, exit 130, no
    traceback."""
    monkeypatch.setattr(scrdocs.word, "render_docx", _failing(KeyboardInterrupt()))
    result = run_cli("render", workspace / "documents" / "report-jasmine.yaml", "-f", "docx")
    assert result.exit_code == INTERRUPTED == 130
    assert _lines(result.stderr) == ["scrdocs render: interrupted"]
