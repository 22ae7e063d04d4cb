"""The action log: every action a meeting's resolutions set, tracked to the next meeting.

Takes a workspace; collects the actions its minutes record (a resolution with
``action: {owner, due, status}``) and, when asked, its reviews' action plans, each with where
it was decided and its current status — overdue when it is past its due date and not
complete, whatever was last recorded. Produces the rows of the tracker that ``scrdocs
actions`` writes as an XLSX workbook (openpyxl) or CSV, and the "actions from previous
meetings" an agenda or a minutes template lists.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import PartialDate
from .kinds._decisions import action_of
from .kinds._meeting import house_style, resolution_texts
from .kinds._view import date_text
from .kinds.minutes import Minutes, MinutesItem, minute_numbers
from .kinds.resolution_list import ResolutionList, _entries
from .model import ActionStatus, Meeting

if TYPE_CHECKING:
    from .workspace import Workspace

COLUMNS = ("Reference", "Decided at", "Item", "Action", "Owner", "Due", "Status", "Update",
           "Source")
"""The tracker's columns, in order."""

STATUS_COLOURS = {ActionStatus.PLANNED: "DEE0E2", ActionStatus.IN_PROGRESS: "FFDD00",
                  ActionStatus.COMPLETE: "00703C", ActionStatus.OVERDUE: "B10E1E"}
"""The fill of each status in the XLSX tracker (the word is always written too)."""

STATUS_TEXT_COLOURS = {ActionStatus.PLANNED: "0B0C0C", ActionStatus.IN_PROGRESS: "0B0C0C",
                       ActionStatus.COMPLETE: "FFFFFF", ActionStatus.OVERDUE: "FFFFFF"}
"""The text colour on each status's fill: contrast of at least 4.5:1."""


@dataclass(frozen=True)
class TrackedAction:
    """One action on the log: what, who, by when, where it stands and where it was decided.

    :param reference: a stable id: the meeting's date and the minute cited
        (``2015-03-10/6(b)``), or ``review/<id>/<n>`` for a review's action.
    :param decided_at: where it was decided: 'Corporate Parenting Committee, 10 March 2015'
        or 'Serious Case Review Julia action plan'.
    :param meeting: the meeting that decided it (``None`` for a review's action).
    :param recorded: the status last recorded; :meth:`status` accounts for the date.
    :param source: the file it is kept in, relative to the workspace: documents/….yaml.
    """

    reference: str
    decided_at: str
    item: str
    action: str
    owner: str
    due: PartialDate | None
    recorded: ActionStatus
    update: str
    source: str
    meeting: Meeting | None = None
    cited: str = ""

    def status(self, today: dt.date) -> ActionStatus:
        """Return the action's status on ``today``: overdue once its due date has passed
        while it is not complete."""
        if self.recorded is ActionStatus.COMPLETE:
            return ActionStatus.COMPLETE
        if self.due is not None and last_day(self.due) < today:
            return ActionStatus.OVERDUE
        return self.recorded

    def is_open(self, today: dt.date) -> bool:
        """Return whether the action is still to be done."""
        return self.status(today) is not ActionStatus.COMPLETE


def last_day(date: PartialDate) -> dt.date:
    """Return the last day a partial date covers: '2015-06' is due by 30 June 2015."""
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return dt.date(date.year, month, day)


def action_log(workspace: Workspace, reviews: bool = False) -> list[TrackedAction]:
    """Return every action the workspace's minutes set (and, with ``reviews``, every action
    of its reviews' action plans), oldest meeting first, reviews last.

    A resolution list that carries its own meeting counts like minutes; one that takes its
    items from a minutes document adds nothing (the minutes are counted). An action met
    twice (the same meeting and minute) is listed once.
    """
    found: dict[str, TrackedAction] = {}
    for name, document in workspace.documents.items():
        if isinstance(document, Minutes) or (isinstance(document, ResolutionList)
                                             and not document.minutes):
            assert document.meeting is not None
            source = _source(workspace, name)
            for action in meeting_actions(document.meeting, document.items, workspace, source):
                found.setdefault(action.reference, action)
    ordered = sorted(found.values(), key=lambda a: (_date_key(a.meeting), a.reference))
    if reviews:
        ordered += review_actions(workspace)
    return ordered


def _date_key(meeting: Meeting | None) -> tuple[int, int, int]:
    date = meeting.date if meeting else None
    return (date.year, date.month or 0, date.day or 0) if date else (0, 0, 0)


def _source(workspace: Workspace, name: str) -> str:
    path = workspace.document_files.get(name)
    return f"documents/{path.name}" if path is not None else name


def meeting_actions(meeting: Meeting, items: list[MinutesItem], workspace: Workspace,
                    source: str) -> list[TrackedAction]:
    """Return the actions one meeting's resolutions set, each cited as the minutes cite it
    (``6(b)``, or ``57.3`` in numbered paragraphs)."""
    style = house_style(meeting, workspace.organisation)
    prefix = meeting.date.iso() if meeting.date else ""
    date = date_text(meeting.date)
    decided_at = ", ".join(part for part in (meeting.committee, date) if part)
    actions = []
    for item, minute in zip(items, minute_numbers(meeting, items)):
        texts = [text for group in resolution_texts(item) for text in group]
        if not any(action_of(text) for text in texts):
            continue
        entries = _entries(item, minute, style, prefix, date)
        for text, entry in zip(texts, entries):
            action = action_of(text)
            if action is None:
                continue
            cited = entry["id"].removeprefix(prefix).lstrip("/")
            actions.append(TrackedAction(
                reference=entry["id"], decided_at=decided_at, item=item.title,
                action=action.action or str(text), owner=action.owner, due=action.due,
                recorded=action.status, update=action.update or "", source=source,
                meeting=meeting, cited=cited))
    return actions


def review_actions(workspace: Workspace) -> list[TrackedAction]:
    """Return every action of the workspace's reviews' action plans, review by review."""
    actions = []
    for review_id, review in workspace.reviews.items():
        path = workspace.review_files.get(review_id)
        source = f"reviews/{path.name}" if path is not None else f"reviews.{review_id}"
        for number, action in enumerate(review.actions, 1):
            actions.append(TrackedAction(
                reference=f"review/{review_id}/{number}",
                decided_at=f"{review.title} action plan", item=review.title,
                action=action.action, owner=action.owner or "", due=action.due,
                recorded=action.status, update="", source=source))
    return actions


def actions_before(workspace: Workspace, meeting: Meeting, reviews: bool = False,
                   today: dt.date | None = None) -> list[TrackedAction]:
    """Return the actions a meeting hears about as "actions from previous meetings": those
    of earlier meetings of the same committee (and, with ``reviews``, of the reviews' action
    plans) that are still open on ``today`` (default: the day of the meeting, or today
    when its date is not known to the day)."""
    when = today or _meeting_day(meeting) or dt.date.today()
    earlier = [action for action in action_log(workspace, reviews)
               if action.meeting is None or (
                   action.meeting.committee == meeting.committee
                   and _date_key(action.meeting) < _date_key(meeting))]
    return [action for action in earlier if action.is_open(when)]


def _meeting_day(meeting: Meeting) -> dt.date | None:
    date = meeting.date
    if date is None or date.month is None or date.day is None:
        return None
    return dt.date(date.year, date.month, date.day)


def action_rows(actions: Iterable[TrackedAction], today: dt.date) -> list[list[str]]:
    """Return the tracker's rows (without the header): every cell as text."""
    return [[action.reference, action.decided_at, action.item, action.action, action.owner,
             date_text(action.due), action.status(today).label, action.update, action.source]
            for action in actions]


def write_csv(actions: Iterable[TrackedAction], today: dt.date) -> bytes:
    """Return the tracker as CSV (UTF-8 with a byte-order mark, so Excel reads it as UTF-8;
    Windows line ends, as RFC 4180 has them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_safe(row) for row in action_rows(actions, today))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(row: list[str]) -> list[str]:
    """Return ``row`` with every cell a spreadsheet would run as a formula (starting =, +,
    -, @, tab or carriage return) kept as text, with a leading apostrophe."""
    return [f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
            for cell in row]


def write_xlsx(actions: Iterable[TrackedAction], today: dt.date, title: str) -> bytes:
    """Return the tracker as an XLSX workbook: one sheet, its header row frozen and
    filterable (an Excel table), each status written out and coloured, overdue computed
    from ``today``. Text that starts with ``=`` stays text, never a formula.

    :param title: the workbook's title property, e.g. the organisation's name.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    actions = list(actions)
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(list(COLUMNS))
    for number, (action, row) in enumerate(zip(actions, action_rows(actions, today)), 2):
        sheet.append(row)
        for column in range(1, len(row) + 1):  # by number: max_row counts every cell
            # text as typed: '=SUM(…)' in an update is not run
            sheet.cell(row=number, column=column).data_type = "s"
        status = action.status(today)
        cell = sheet.cell(row=number, column=COLUMNS.index("Status") + 1)
        cell.fill = PatternFill("solid", fgColor=STATUS_COLOURS[status])
        cell.font = Font(bold=True, color=STATUS_TEXT_COLOURS[status])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = {"Reference": 18, "Decided at": 30, "Item": 34, "Action": 60, "Owner": 28,
              "Due": 14, "Status": 13, "Update": 40, "Source": 30}
    for index, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = widths[name]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 2)}"
    if actions:
        table = Table(displayName="Actions", ref=f"A1:{last}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        sheet.add_table(table)
    else:
        sheet.auto_filter.ref = f"A1:{last}"
    sheet.print_title_rows = "1:1"
    book.properties.title = title
    book.properties.creator = title
    fixed = dt.datetime(today.year, today.month, today.day)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
