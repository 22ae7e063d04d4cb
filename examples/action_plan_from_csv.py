"""Read an action plan kept in a spreadsheet into a review, and produce the committee report.

The spreadsheet has one row per action and the columns ``action``, ``owner``, ``due``
(YYYY, YYYY-MM or YYYY-MM-DD) and ``status`` (planned, in-progress, complete or overdue; a
blank means planned). CSV needs nothing more; an Excel .xlsx file needs openpyxl
(``pip install "scrdocs[xlsx]"``). Run it from any folder::

    python examples/action_plan_from_csv.py                      # examples/action-plan.csv
    python examples/action_plan_from_csv.py plan.xlsx report.pdf  # your own, and where to write
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import scrdocs

HERE = Path(__file__).resolve().parent
THURROCK = HERE.parent / "data" / "thurrock"
COLUMNS = ("action", "owner", "due", "status")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Return the spreadsheet's rows as dicts keyed by the header row's (lower-case) names."""
    if path.suffix.lower() == ".xlsx":
        try:
            from openpyxl import load_workbook
        except ImportError:
            sys.exit(f"{path.name}: reading .xlsx needs openpyxl: pip install \"scrdocs[xlsx]\"")
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            cells = workbook.active.iter_rows()
            header, *rows = [[_cell_value(cell) for cell in row] for row in cells]
        finally:
            workbook.close()
        names = [str(name or "").strip().lower() for name in header]
        return [dict(zip(names, row)) for row in rows if any(cell is not None for cell in row)]
    with path.open(encoding="utf-8-sig", newline="") as stream:  # -sig: Excel's CSV too
        return [{(name or "").strip().lower(): value for name, value in row.items()}
                for row in csv.DictReader(stream)]


def _cell_value(cell: Any) -> Any:
    """Return an Excel cell's value; a date shown without its day ('Jun-25') as YYYY-MM."""
    value = cell.value
    if isinstance(value, (dt.date, dt.datetime)):
        shows_day = "d" in str(cell.number_format).lower()
        return value.strftime("%Y-%m-%d" if shows_day else "%Y-%m")
    return value


def to_action(row: dict[str, Any]) -> scrdocs.Action:
    """Return one row as an :class:`scrdocs.Action`; blank cells are left out."""
    fields = {}
    for column in COLUMNS:
        value = row.get(column)
        if value is not None and str(value).strip():
            fields[column] = str(value).strip()
    return scrdocs.Action.model_validate(fields)  # DataError when a cell is invalid


def main(source: Path, output: Path) -> None:
    """Put the actions of ``source`` into Julia's review and write the committee report."""
    workspace = scrdocs.load_workspace(THURROCK)
    rows = read_rows(source)
    actions = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            actions.append(to_action(row))
        except scrdocs.DataError as error:  # models built in code are checked as files are
            sys.exit("\n".join(f"{source.name}, row {number}: {problem.path}: "
                               f"{problem.message}" for problem in error.problems))
    workspace.reviews["julia"] = workspace.reviews["julia"].model_copy(
        update={"actions": actions})
    for action in actions:
        due = action.due.long() if action.due else "no date"
        print(f"  {action.status.label:<12} {due:<15} {action.action[:55]}")
    report = workspace.documents["committee-report-julia"]
    written = scrdocs.render_to_path(report, workspace, output)
    print(f"read {len(actions)} actions from {source.name}; wrote {written}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(Path(arguments[0]) if arguments else HERE / "action-plan.csv",
         Path(arguments[1]) if len(arguments) > 1 else Path("committee-report-julia.pdf"))
