"""Problems print as `FILE:LINE: field.path: message`; errors carry exit codes (scrdocs.errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrdocs.errors import (
    ArgumentError,
    DataError,
    FormatError,
    OutputError,
    Problem,
    RenderError,
    ScrdocsError,
    TemplateError,
)


def test_problem_prints_file_line_path_message(tmp_path, monkeypatch):
    """A problem reads FILE:LINE: field.path: message, the file relative to the current folder."""
    monkeypatch.chdir(tmp_path)
    problem = Problem(tmp_path / "reviews" / "q.yaml", 7, "actions.2.status", "is wrong")
    assert str(problem) == f"{Path('reviews/q.yaml')}:7: actions.2.status: is wrong"


def test_problem_without_line_or_path_or_file():
    """Missing parts are left out; data built in code shows as <data>."""
    assert str(Problem(Path("/elsewhere/q.yaml"), None, "", "unreadable")) == (
        f"{Path('/elsewhere/q.yaml')}: unreadable")
    assert str(Problem(None, None, "name", "must not be empty")) == (
        "<data>: name: must not be empty")


def test_data_error_sorts_problems_by_file_then_line():
    """A DataError lists its problems by file and line, one per message line."""
    late = Problem(Path("b.yaml"), 9, "x", "late")
    early = Problem(Path("b.yaml"), 2, "y", "early")
    other = Problem(Path("a.yaml"), 5, "z", "other")
    error = DataError([late, early, other])
    assert error.problems == [other, early, late]
    assert error.lines() == ["a.yaml:5: z: other", "b.yaml:2: y: early", "b.yaml:9: x: late"]


@pytest.mark.parametrize(("error", "code"), [
    (ScrdocsError("x"), 1), (DataError([]), 2), (TemplateError("x"), 3),
    (RenderError("x"), 4), (OutputError("x"), 5), (FormatError("x"), 5),
    (ArgumentError("x"), 1),
])
def test_each_error_carries_its_exit_code(error, code):
    """Every error class has its own exit code, and all derive from ScrdocsError."""
    assert isinstance(error, ScrdocsError)
    assert error.exit_code == code


def test_error_without_message_names_its_class():
    """An error with no message still prints one line: its class name."""
    assert TemplateError().lines() == ["TemplateError"]


@pytest.mark.parametrize(("error", "also"), [
    (DataError([]), ValueError), (FormatError("x"), ValueError), (ArgumentError("x"), TypeError),
])
def test_errors_are_also_the_builtin_errors_they_replace(error, also):
    """DataError and FormatError are ValueErrors and ArgumentError a TypeError, so code that
    caught the built-in errors scrdocs used to let through keeps working."""
    assert isinstance(error, also)
