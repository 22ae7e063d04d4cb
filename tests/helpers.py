"""Helpers the tests import: the minimal workspace's files and how to read CLI output."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import Result

if TYPE_CHECKING:
    from scrdocs.workspace import Workspace

DATA = Path(__file__).resolve().parents[1] / "data"
"""The example workspaces."""

PROFILE = "name: Anyshire Safeguarding Children Partnership\n"

REVIEW = """\
name: Jasmine
review_type: serious-case-review
published: 2021-04
learning_points:
  - Keep the child at the centre of every assessment.
actions:
  - action: Audit child protection plans for the voice of the child.
    due: 2021-09
    status: in-progress
"""

COMMITTEE_REPORT = """\
kind: committee-report
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-06-14
item:
  number: 5
  title: Serious Case Review Jasmine
  review: jasmine
"""

MINUTES = """\
kind: minutes
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-07-12
items:
  - number: 5
    title: Serious Case Review Jasmine
    review: jasmine
    resolutions:
      - That the Committee notes the learning from Serious Case Review Jasmine.
"""
"""A minutes document with one item on the review of the minimal workspace."""

MINIMAL_WORKSPACE: dict[str, str] = {
    "scrdocs.yaml": PROFILE,
    "reviews/jasmine.yaml": REVIEW,
    "documents/report-jasmine.yaml": COMMITTEE_REPORT,
}
"""The files of the smallest valid workspace: one profile, one review, one document."""

Files = Mapping[str, str | bytes | None]


def write_files(root: Path, files: Files) -> None:
    """Write ``files`` (relative path → text, bytes, or ``None`` to delete) below ``root``."""
    for name, content in files.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def error_lines(result: Result) -> list[str]:
    """Return the ``Error:`` lines a run printed on stderr, without the prefix."""
    return [line.removeprefix("Error: ") for line in result.stderr.splitlines()
            if line.startswith("Error: ")]


def copy_example(name: str, parent: Path) -> Path:
    """Copy the example workspace ``data/<name>`` (not its ``out/``) into ``parent``; return
    the copy's folder."""
    root = parent / name
    shutil.copytree(DATA / name, root, ignore=shutil.ignore_patterns("out"))
    return root


def replace_in_word_runs(template: Path, old: str, new: str) -> None:
    """Replace ``old`` with ``new`` in every run of every body paragraph of the Word file
    ``template``, and save it in place."""
    import docx

    document = docx.Document(str(template))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace(old, new)
    document.save(str(template))


def starter_workspace(folder: Path) -> Workspace:
    """Write the workspace ``scrdocs new`` starts into ``folder`` and return it loaded."""
    from scrdocs.new import new_workspace
    from scrdocs.workspace import load_workspace

    new_workspace(folder)
    return load_workspace(folder)


def render_every_format(workspaces: Mapping[str, Workspace],
                        documents: Iterable[tuple[str, str]]
                        ) -> dict[tuple[str, str], dict[str, bytes]]:
    """Render each ``(workspace, document)`` named as PDF, Word and HTML (a page-count warning
    fails), and add each .docx as LibreOffice lays it out (``"word"``) when it is installed."""
    from scrdocs.errors import PageCountWarning
    from scrdocs.finish import libreoffice, word_layouts
    from scrdocs.render import render

    found = {}
    for workspace, name in documents:
        ws = workspaces[workspace]
        with warnings.catch_warnings():
            warnings.simplefilter("error", PageCountWarning)
            found[(workspace, name)] = {format: render(ws.documents[name], ws, format)
                                        for format in ("pdf", "docx", "html")}
    if libreoffice() is not None:
        layouts = word_layouts({f"{w}/{n}": files["docx"] for (w, n), files in found.items()})
        for (workspace, name), files in found.items():
            files["word"] = layouts[f"{workspace}/{name}"]
    return found


def validate_in(root: Path, run_cli: Callable[..., Result],
                monkeypatch: pytest.MonkeyPatch) -> Result:
    """Run ``scrdocs validate .`` inside ``root`` and check it failed cleanly with code 2."""
    monkeypatch.chdir(root)
    result = run_cli("validate", ".")
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == 2, result.output
    return result
