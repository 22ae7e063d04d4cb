"""Fixtures shared by the test suite: a minimal workspace on disk and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import MINIMAL_WORKSPACE, Files, write_files

from scrdocs.cli import main

MakeWorkspace = Callable[..., Path]
RunCli = Callable[..., Result]


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """Return a function that writes the minimal workspace, with changes, and returns its folder.

    ``make_workspace({"reviews/q.yaml": "name: Q\\n"})`` adds a file; a value of ``None``
    deletes one; bytes are written as they are. Calling it again changes the same workspace.
    """
    root = tmp_path / "workspace"

    def make(files: Files | None = None) -> Path:
        if not root.exists():
            write_files(root, MINIMAL_WORKSPACE)
        write_files(root, files or {})
        return root

    return make


@pytest.fixture
def workspace(make_workspace: MakeWorkspace) -> Path:
    """Return the folder of a fresh minimal workspace."""
    return make_workspace()


def _runner() -> CliRunner:
    """Return a runner that keeps stderr apart from stdout (click 8.1 needs asking)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click >= 8.2 always keeps them apart
        return CliRunner()


@pytest.fixture
def run_cli() -> RunCli:
    """Return a function that runs ``scrdocs ARGS…`` in-process and returns the click Result.

    Exceptions other than ``SystemExit`` propagate, so a crash fails the test with its
    traceback instead of hiding in ``result.exception``.
    """
    def run(*args: str | Path) -> Result:
        return _runner().invoke(main, [str(arg) for arg in args], prog_name="scrdocs",
                                catch_exceptions=False)

    return run
