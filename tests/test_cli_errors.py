"""A traceback is never the command line's error message: an error scrdocs did not foresee
is one `Error:` line naming the command and the document, a request for a bug report and
exit code 70, with the traceback only under `scrdocs --debug`; Ctrl+C ends with exit 130."""

from __future__ import annotations

from pathlib import Path

import pytest

import scrdocs.word
from scrdocs.cli import INTERRUPTED, UNEXPECTED_ERROR


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
    """`scrdocs build` stopped by a bug says which document and format it was rendering."""
    monkeypatch.setattr(scrdocs.word, "render_docx", _failing(ValueError("bad value")))
    result = run_cli("build", workspace, "--jobs", "1", "-f", "docx")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert result.exit_code == UNEXPECTED_ERROR
    assert errors == [("Error: scrdocs build stopped while rendering documents/"
                       "report-jasmine.yaml (docx) on an unexpected error (ValueError: bad "
                       "value)")]
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
