"""Fixtures shared by the test suite: a minimal workspace on disk, a CLI runner, and the
editor running on a module's `root` workspace with a client for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result
from helpers import MINIMAL_WORKSPACE, Files, write_files

from scrdocs.cli import main

if TYPE_CHECKING:
    from serve_support import Client, Running

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


@pytest.fixture
def editor(root: Path) -> Iterator[Running]:
    """Return the editor running on ``root`` (the workspace fixture of a module that tests
    the editor), stopped after the test."""
    from serve_support import Running

    running = Running(root)
    yield running
    running.stop()


@pytest.fixture
def client(editor: Running) -> Client:
    """Return a client holding the editor run's cookie and CSRF token."""
    return editor.client()
