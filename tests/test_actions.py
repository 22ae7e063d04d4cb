"""The action log: actions set by resolutions, exported as an XLSX tracker (read back with
openpyxl and with LibreOffice) and as CSV, overdue from the day given, and listed again by
the next meeting's minutes template."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest
from helpers import MINUTES, error_lines
from readback import docx_text
from test_agenda import MINUTES_WITH_ACTIONS

from scrdocs import load_workspace, render

HEADER = ["Reference", "Decided at", "Item", "Action", "Owner", "Due", "Status", "Update",
          "Source"]

NEXT_MEETING = MINUTES.replace("date: 2021-07-12", "date: 2021-09-13").replace(
    "    resolutions:\n"
    "      - That the Committee notes the learning from Serious Case Review Jasmine.\n", "")


@pytest.fixture
def actions_workspace(make_workspace):
    """Return a workspace whose July minutes set three actions (one complete)."""
    return make_workspace({"documents/minutes.yaml": MINUTES_WITH_ACTIONS.replace(
        "          status: in-progress\n",
        "          status: in-progress\n"
        "          update: =SUM(A1:A9) drafted; to Committee in September\n")})


def _xlsx_rows(path):
    from openpyxl import load_workbook

    book = load_workbook(path)
    return book, book["Actions"], [[cell.value for cell in row]
                                   for row in book["Actions"].iter_rows()]


def test_the_xlsx_tracker_has_a_frozen_filterable_header_and_coloured_statuses(
        actions_workspace, run_cli, tmp_path):
    """Every action is a row under a frozen, filterable header; the status is written and
    coloured; an action past its due date is overdue on the day given."""
    target = tmp_path / "actions.xlsx"
    result = run_cli("actions", actions_workspace, "-o", target, "--today", "2021-09-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("3 actions, 1 overdue")
    _, sheet, rows = _xlsx_rows(target)
    assert rows[0] == HEADER
    assert sheet.freeze_panes == "A2"
    assert [table.ref for table in sheet.tables.values()] == ["A1:I4"]
    assert [row[3:7] for row in rows[1:]] == [
        ["That officers audit child protection plans for the voice of the child.",
         "Head of Children's Social Care", "August 2021", "Overdue"],
        ["That the learning be shared with schools.", "Education Safeguarding Lead",
         "December 2021", "Planned"],
        ["That the action plan be published.", "Business Manager", None, "Complete"],
    ]
    assert rows[1][0] == "2021-07-12/5.2"
    assert rows[1][1] == "Children's Services Scrutiny Committee, 12 July 2021"
    assert rows[1][8] == "documents/minutes.yaml"
    fills = [sheet.cell(row=row, column=7).fill.fgColor.rgb[-6:] for row in (2, 3, 4)]
    assert fills == ["B10E1E", "DEE0E2", "00703C"]
    update = sheet.cell(row=2, column=8)
    assert update.value.startswith("=SUM(A1:A9)") and update.data_type == "s"


def test_overdue_is_computed_from_the_day(actions_workspace, run_cli, tmp_path):
    """Before its due date has passed, the same action is as last recorded."""
    target = tmp_path / "actions.xlsx"
    run_cli("actions", actions_workspace, "-o", target, "--today", "2021-08-31")
    assert _xlsx_rows(target)[2][1][6] == "In progress"


def test_the_csv_tracker_has_the_same_rows(actions_workspace, run_cli, tmp_path):
    """The CSV holds the header and a row per action, UTF-8 with a byte-order mark."""
    target = tmp_path / "actions.csv"
    assert run_cli("actions", actions_workspace, "-o", target, "--today",
                   "2021-09-01").exit_code == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [row[6] for row in rows[1:]] == ["Overdue", "Planned", "Complete"]
    assert rows[1][7].startswith("'=SUM")  # kept as text when opened in a spreadsheet


def test_review_actions_can_join_the_tracker(actions_workspace, run_cli, tmp_path):
    """With --reviews, each review's action plan is on the same tracker."""
    target = tmp_path / "actions.csv"
    run_cli("actions", actions_workspace, "-o", target, "--reviews", "--today", "2021-10-01")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[-1][:7] == ["review/jasmine/1", "Serious Case Review Jasmine action plan",
                            "Serious Case Review Jasmine",
                            "Audit child protection plans for the voice of the child.", "",
                            "September 2021", "Overdue"]


def test_libreoffice_opens_the_xlsx_with_the_expected_rows(actions_workspace, run_cli,
                                                           tmp_path):
    """LibreOffice reads the workbook: converted to CSV, it has the header and the rows."""
    from scrdocs.finish import libreoffice

    command = libreoffice()
    if command is None:
        pytest.skip("LibreOffice is not installed")
    program = Path(os.path.realpath(command)).parent
    if not any(program.glob("libsclo.*")):
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    target = tmp_path / "actions.xlsx"
    run_cli("actions", actions_workspace, "-o", target, "--today", "2021-09-01")
    subprocess.run([command, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "csv",
                    "--outdir", str(tmp_path / "out"), str(target)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO(
        (tmp_path / "out" / "actions.csv").read_text(encoding="utf-8"))))
    assert rows[0] == HEADER
    assert [row[6] for row in rows[1:]] == ["Overdue", "Planned", "Complete"]
    assert rows[2][4] == "Education Safeguarding Lead"


def test_the_next_meetings_minutes_template_lists_the_open_actions(actions_workspace):
    """The minutes template of the committee's next meeting lists the actions still open,
    with their status, in Word and PDF alike; completed ones are left out."""
    root = actions_workspace
    (root / "documents" / "minutes-september.yaml").write_text(NEXT_MEETING)
    ws = load_workspace(root)
    text = docx_text(render(ws.documents["minutes-september"], ws, "docx"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = lines.index("Actions from previous meetings")
    assert lines[start + 1] == (
        "That officers audit child protection plans for the voice of the child. – Head of "
        "Children's Social Care, by August 2021: Overdue (Children's Services Scrutiny "
        "Committee, 12 July 2021, minute 5.2)")
    assert lines[start + 2].startswith("That the learning be shared with schools. – "
                                       "Education Safeguarding Lead, by December 2021: "
                                       "Planned")
    assert "That the action plan be published." not in text
    finished = docx_text(render(ws.documents["minutes"], ws, "docx"))
    assert "Actions from previous meetings" not in finished


def test_an_action_without_an_owner_is_refused(make_workspace, run_cli):
    """Every action has an owner: one without names the file, line and field."""
    root = make_workspace({"documents/minutes.yaml": MINUTES_WITH_ACTIONS.replace(
        "          owner: Head of Children's Social Care\n", "")})
    result = run_cli("validate", root)
    assert result.exit_code == 2
    assert any("minutes.yaml:12: items.0.resolutions.1.action.owner: required field is "
               "missing" in line for line in error_lines(result)), result.stderr
