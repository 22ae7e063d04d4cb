"""The scripts in examples/: each runs from any folder and prints what it promises."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from readback import docx_text, has_pdftotext, pdf_text

import scrdocs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def run_example(name: str, *args: str | Path, cwd: Path,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run examples/NAME with this Python in the folder ``cwd``, as a user would."""
    return subprocess.run([sys.executable, str(EXAMPLES / name), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, **(env or {})})


def _without_openpyxl(tmp_path: Path) -> dict[str, str]:
    """Return an environment in which ``import openpyxl`` fails, as on a machine without it."""
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "openpyxl.py").write_text("raise ImportError('openpyxl is not installed')\n")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(blocker),
                                                        os.environ.get("PYTHONPATH")]))}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_examples_use_only_public_names(script):
    """Every example imports scrdocs itself and uses only names in scrdocs.__all__."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("scrdocs"), f"line {node.lineno}"
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "scrdocs"):
            assert node.attr in scrdocs.__all__, f"scrdocs.{node.attr} at line {node.lineno}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_examples_have_a_docstring_saying_how_to_run_them(script):
    """Every example opens with a docstring that shows the command that runs it."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    assert f"python examples/{script.name}" in docstring


def test_build_in_code_renders_every_format_to_bytes(tmp_path):
    """build_in_code.py renders a briefing built in code in each format, writing no file."""
    result = run_example("build_in_code.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Learning from case reviews (Summer 2025), drawing on Child "
                        "Safeguarding Practice Review Child B")
    sizes = {line.split()[0]: int(line.split()[1].replace(",", "")) for line in lines[1:]}
    assert list(sizes) == list(scrdocs.FORMATS)
    assert all(size > 1000 for size in sizes.values())
    if importlib.util.find_spec("pypdf"):
        assert lines[1 + scrdocs.FORMATS.index("pdf")].endswith(", 1 page")
    assert list(tmp_path.iterdir()) == []


def test_change_a_field_renders_the_changed_review(tmp_path):
    """change_a_field.py marks an action complete and the rendered report counts it."""
    julia = ROOT / "data" / "thurrock" / "reviews" / "julia.yaml"
    before = julia.read_bytes()
    result = run_example("change_a_field.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "before: planned 3, in-progress 1, complete 1",
        "after:  planned 3, complete 2",
        "marked complete: Audit cases to ensure accurate recording by Children’s Social Care",
        "rendered committee-report-julia.docx (" + result.stdout.split("(")[1].split(")")[0]
        + ") to a temporary folder",
        "its action plan now reads: 5 actions: 3 planned, 2 complete.",
    ]
    assert julia.read_bytes() == before
    assert list(tmp_path.iterdir()) == []


def test_action_plan_from_csv_writes_the_committee_report(tmp_path):
    """action_plan_from_csv.py reads examples/action-plan.csv into the report it writes."""
    result = run_example("action_plan_from_csv.py", cwd=tmp_path,
                         env=_without_openpyxl(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ("read 6 actions from action-plan.csv; wrote "
                                              "committee-report-julia.pdf")
    assert "  Planned      September 2015  Introduce a single assessment" in result.stdout
    report = tmp_path / "committee-report-julia.pdf"
    assert report.read_bytes().startswith(b"%PDF")
    if has_pdftotext():
        text = " ".join(pdf_text(report.read_bytes(), tmp_path).split())
        assert "Introduce a single assessment for the whole family" in text
        assert "6 actions: 1 planned, 2 in progress, 2 complete, 1 overdue." in text


def test_action_plan_from_csv_names_the_row_of_a_bad_cell(tmp_path):
    """A CSV row with an impossible date is refused, naming the file, row and column."""
    plan = tmp_path / "plan.csv"
    plan.write_text("action,owner,due,status\nAudit,Me,2025-06,planned\nTrain,You,2025-13,\n",
                    encoding="utf-8")
    result = run_example("action_plan_from_csv.py", plan, "out.docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == ("plan.csv, row 3: due: '2025-13' is not a date: there is "
                                     "no month 13")
    assert not (tmp_path / "out.docx").exists()


def test_action_plan_from_xlsx_needs_openpyxl(tmp_path):
    """Without openpyxl an .xlsx plan is refused with the command that installs it."""
    (tmp_path / "plan.xlsx").write_bytes(b"")
    result = run_example("action_plan_from_csv.py", "plan.xlsx", cwd=tmp_path,
                         env=_without_openpyxl(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == ('plan.xlsx: reading .xlsx needs openpyxl: '
                                     'pip install "scrdocs[xlsx]"')


def test_action_plan_from_xlsx(tmp_path):
    """With openpyxl an Excel plan is read; a due date shown as month and year stays one."""
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Action", "Owner", "Due", "Status"])
    with (EXAMPLES / "action-plan.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            year, month = map(int, row["due"].split("-"))
            sheet.append([row["action"], row["owner"], dt.datetime(year, month, 1),
                          row["status"] or None])
            sheet.cell(sheet.max_row, 3).number_format = "mmm-yy"
    sheet.cell(2, 3).number_format = "dd/mm/yyyy"
    workbook.save(tmp_path / "plan.xlsx")
    result = run_example("action_plan_from_csv.py", "plan.xlsx", "report.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  Complete     1 June 2015     Audit cases" in result.stdout
    assert "  Complete     March 2015      Deliver inter-agency training" in result.stdout
    text = docx_text((tmp_path / "report.docx").read_bytes())
    assert "Introduce a single assessment for the whole family" in text


def test_catch_data_error_prints_file_line_and_field_path(tmp_path):
    """catch_data_error.py prints every problem of the broken review with where it is."""
    result = run_example("catch_data_error.py", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "3 problems (the CLI would exit with code 2):",
        ("  broken-review.yaml, line 4, field published: '2021-13' is not a date: there is no "
         "month 13"),
        ("  broken-review.yaml, line 5, field learning_pionts: unknown field 'learning_pionts'; "
         "did you mean 'learning_points'?"),
        ("  broken-review.yaml, line 10, field actions.0.status: 'finished' is not allowed; "
         "use one of: planned, in-progress, complete, overdue"),
    ]
