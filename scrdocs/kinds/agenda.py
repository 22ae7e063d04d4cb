"""The agenda of a meeting, from the same meeting data the minutes use.

Takes an agenda document: either its own ``meeting`` and ``items``, or ``minutes:`` naming the
minutes document of the same meeting, whose meeting and items it uses (one meeting file,
nothing typed twice). Produces the view both templates lay out: the front sheet (committee,
date, time, venue, membership, quorum, contact officer), the standard items (apologies,
declarations of interest, minutes of the previous meeting, actions from previous meetings,
urgent business), then each item with its purpose, presenter, report and appendices, Part B
items after the resolution that excludes the press and public.

The same view, with ``pack`` information added (:mod:`scrdocs.pack`), is the front of the
agenda pack: its contents list and the agenda's item lines then give, and link to, the page
of each report and appendix.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, Strict, model_validator

from .._yaml import dotted
from ..dates import PartialDate
from ..errors import Problem
from ..i18n import N_, ngettext, pgettext
from ..i18n import gettext as _
from ..markup import inline, paragraphs, plain
from ..model import Contact, Labels, Meeting, Member, Text, clock_text, field_error
from ._base import DocumentBase
from ._meeting import _member, check_one_source, house_style
from ._papers import PaperItem, exempt_reason
from ._view import View, bullets, contact_view, date_text, document_view, meeting_view

if TYPE_CHECKING:
    from .._yaml import Located
    from ..actions import TrackedAction
    from ..workspace import Workspace


class StandardItem(str, enum.Enum):
    """The items every meeting of a committee takes, before its business."""

    APOLOGIES = "apologies"
    DECLARATIONS = "declarations"
    PREVIOUS_MINUTES = "previous-minutes"
    ACTIONS = "actions"
    URGENT_BUSINESS = "urgent-business"


STANDARD_ITEMS: dict[StandardItem, tuple[str, str]] = {
    StandardItem.APOLOGIES: (
        N_("Apologies for absence"),
        N_("To receive any apologies for absence and notice of substitutes.")),
    StandardItem.DECLARATIONS: (
        N_("Declarations of interest"),
        N_("To receive any declarations of interest from Members in the items on this agenda.")),
    StandardItem.PREVIOUS_MINUTES: (
        N_("Minutes of the previous meeting"),
        N_("To approve as a correct record the minutes of {meeting}.")),
    StandardItem.ACTIONS: (
        N_("Actions from previous meetings"),
        N_("To note progress on the actions set at previous meetings:")),
    StandardItem.URGENT_BUSINESS: (
        N_("Items of urgent business"),
        N_("To receive any items of business that the Chair agrees should be considered as a "
         "matter of urgency, in accordance with section 100B(4)(b) of the Local Government "
         "Act 1972.")),
}
"""Each standard item's title and what the agenda says of it."""

NO_OPEN_ACTIONS = N_("No actions set at previous meetings are outstanding.")
PREVIOUS_MEETING = N_("the previous meeting")
MATTERS_ARISING = N_("Actions from previous meetings, and where they stand:")
DEFAULT_STANDARD_ITEMS = [StandardItem.APOLOGIES, StandardItem.DECLARATIONS,
                          StandardItem.PREVIOUS_MINUTES, StandardItem.URGENT_BUSINESS]
"""The standard items of an agenda that lists none: the open actions from previous meetings
are listed under the minutes of the previous meeting (matters arising)."""

EXCLUSION = (
    N_("To resolve that, under section 100A(4) of the Local Government Act 1972, the press and "
       "public be excluded from the meeting for the following item of business, on the "
       "grounds that it involves the likely disclosure of exempt information as defined "
       "in {paragraphs} of Part 1 of Schedule 12A to the Act."),
    N_("To resolve that, under section 100A(4) of the Local Government Act 1972, the press and "
       "public be excluded from the meeting for the following items of business, on the "
       "grounds that they involve the likely disclosure of exempt information as defined "
       "in {paragraphs} of Part 1 of Schedule 12A to the Act."))
"""The resolution that opens Part B of an agenda."""


class Agenda(DocumentBase):
    """A meeting's agenda (``kind: agenda``).

    Either carries ``meeting`` and ``items`` itself, or names the meeting's minutes document
    in ``minutes`` and takes them from there, so that the agenda, the minutes template and
    the minutes are made from one meeting file.
    """

    kind: Literal["agenda"] = "agenda"
    minutes: Text | None = Field(None, description=(
        "The name of the minutes document of this meeting (its file name without .yaml): "
        "the agenda takes its meeting and items from there."))
    meeting: Meeting | None = None
    items: list[PaperItem] = Field(default=[], description=(
        "The business of the meeting, in order, after the standard items."))
    membership: list[Text | Member] = Field(default=[], description=(
        "The committee's members: each a name, or {name, role}: 'Councillor Halden', "
        "{name: Councillor Kerin, role: Chair}."))
    quorum: Annotated[int, Strict(), Field(ge=1)] | Text | None = Field(None, description=(
        "How many members make a quorum: 3, or text such as 'one third of the members'."))
    contact_officer: Contact | None = Field(None, description=(
        "Who to ask about the agenda: the committee's democratic services officer."))
    published: PartialDate | None = Field(None, description=(
        "The date the agenda is published (five clear working days before the meeting)."))
    standard_items: list[StandardItem] = Field(default=DEFAULT_STANDARD_ITEMS, description=(
        "The standard items, in order, numbered 1, 2 … before the business: apologies, "
        "declarations, previous-minutes, actions (actions from previous meetings, as an "
        "item of their own; otherwise they are listed under previous-minutes) and "
        "urgent-business. The default is apologies, declarations, previous-minutes, "
        "urgent-business; [] for none."))
    review_actions: Annotated[bool, Strict()] = Field(False, description=(
        "List the open actions of the workspace's reviews' action plans among the actions "
        "from previous meetings, so a partnership board sees one log."))

    @model_validator(mode="after")
    def _one_source(self) -> Agenda:
        check_one_source(self.minutes, self.meeting, self.items, "agenda_source", (
            "give either 'minutes' (the minutes document of this meeting) or 'meeting' "
            "and 'items', not both"), (
            "give 'minutes' (the name of this meeting's minutes document) or both "
            "'meeting' and 'items'"))
        problem = number_clash(self, self.items)
        if problem:
            raise field_error(("items", problem[0], "number"), problem[1], problem[2])
        return self


def number_clash(agenda: Agenda, items: list[PaperItem]) -> tuple[int, str, str] | None:
    """Return the first item whose number a standard item has already (its index, the
    problem and the number), or ``None``."""
    count = len(agenda.standard_items)
    for index, item in enumerate(items):
        if isinstance(item.number, int) and 1 <= item.number <= count:
            title = STANDARD_ITEMS[agenda.standard_items[item.number - 1]][0]
            return index, (
                f"item number {item.number} is the standard item '{title}' (the standard "
                f"items are numbered 1 to {count}); number the business from {count + 1}, "
                "or list fewer standard_items"), str(item.number)
    return None


def item_numbers(agenda: Agenda) -> list[str]:
    """Return the number of each of the agenda's items: its own, else one more than the
    item before's, counting on from the standard items."""
    numbers = []
    following: int | None = len(agenda.standard_items) + 1
    for item in agenda.items:
        number = item.number if item.number not in (None, "") else following
        numbers.append("" if number is None else str(number))
        following = number + 1 if isinstance(number, int) else None
    return numbers


def view(agenda: Agenda, workspace: Workspace, draft: bool = False,
         pack: dict[str, Any] | None = None) -> View:
    """Return the agenda laid out for the templates.

    :param pack: what the agenda pack adds (:func:`scrdocs.pack.pack_view`): which items it
        carries, the pages of each paper, the contents list. ``None`` for the agenda alone.
    """
    assert agenda.meeting is not None, "resolve the agenda against its workspace first"
    from ..actions import actions_before

    meeting = meeting_view(agenda.meeting)
    meeting["time"] = clock_text(agenda.meeting.start_time) if agenda.meeting.start_time \
        else ""
    numbers = item_numbers(agenda)
    wanted = {StandardItem.ACTIONS, StandardItem.PREVIOUS_MINUTES}
    actions = actions_before(workspace, agenda.meeting, agenda.review_actions) \
        if wanted & set(agenda.standard_items) else []
    standard = [_standard_item(kind, index, agenda, workspace, actions)
                for index, kind in enumerate(agenda.standard_items, 1)]
    business = [_item(item, number, workspace, pack)
                for item, number in zip(agenda.items, numbers)]
    shown = [entry for entry in business if entry["shown"]]
    public = [entry for entry in shown if not entry["exempt"]]
    exempt = [entry for entry in shown if entry["exempt"]]
    title = agenda.title or _("Agenda")
    return {
        "document": document_view(workspace.organisation, agenda, title, meeting["header"],
                                  draft),
        "meeting": meeting,
        "front": _front(agenda, house_style(agenda.meeting, workspace.organisation).labels),
        "standard_items": standard if not (pack and pack.get("supplement")) else [],
        "items": public,
        "part_b": {"items": exempt, "exclusion": _exclusion(exempt)} if exempt else None,
        "pack": pack,
    }


def _front(agenda: Agenda, labels: Labels) -> View:
    """Return the front sheet's parts: membership, quorum, contact officer, publication;
    members named in the house style's ``labels`` (a substitute's phrase)."""
    quorum = agenda.quorum
    if isinstance(quorum, int):
        quorum = ngettext("{count} member", "{count} members", quorum).format(count=quorum)
    return {
        "membership": ", ".join(_member(member, labels) for member in agenda.membership),
        "quorum": quorum or "",
        "contact_officer": contact_view(agenda.contact_officer),
        "published": date_text(agenda.published),
    }


def _standard_item(kind: StandardItem, number: int, agenda: Agenda, workspace: Workspace,
                   actions: list[TrackedAction]) -> View:
    title, text = (_(words) for words in STANDARD_ITEMS[kind])
    if kind is StandardItem.PREVIOUS_MINUTES:
        date = previous_meeting_date(agenda, workspace)
        text = text.format(meeting=_("the meeting held on {date}").format(date=date) if date
                           else _(PREVIOUS_MEETING))
    entry = _blank_entry(str(number), title)
    entry.update({"standard": kind.value, "purpose": [plain(text)]})
    carries_actions = kind is StandardItem.ACTIONS or (
        kind is StandardItem.PREVIOUS_MINUTES
        and StandardItem.ACTIONS not in agenda.standard_items)
    if carries_actions:
        entry["actions"] = [action_line(action, agenda.meeting) for action in actions]
        if kind is StandardItem.ACTIONS and not actions:
            entry["purpose"] = [plain(_(NO_OPEN_ACTIONS))]
        elif kind is StandardItem.PREVIOUS_MINUTES and actions:
            entry["purpose"].append(plain(_(MATTERS_ARISING)))
    return entry


def previous_meeting_date(agenda: Agenda, workspace: Workspace) -> str:
    """Return the date of the committee's last meeting before this one that the workspace
    keeps minutes of ('10 March 2015'), or '' when it keeps none."""
    from .minutes import Minutes

    meeting = agenda.meeting
    assert meeting is not None
    earlier = [document.meeting.date for document in workspace.documents.values()
               if isinstance(document, Minutes) and document.meeting.date is not None
               and document.meeting.committee == meeting.committee
               and (meeting.date is None or document.meeting.date < meeting.date)]
    return date_text(max(earlier)) if earlier else ""


def action_line(action: TrackedAction, meeting: Meeting | None) -> View:
    """Return an action as an agenda or minutes template lists it: what, who, by when,
    its status as of the meeting, and where it was decided."""
    from ..actions import _meeting_day

    when = _meeting_day(meeting) if meeting else None
    status = action.status(when or dt.date.today())
    minute, by = _("minute"), pgettext("due date", "by")
    where = action.decided_at + (f", {minute} {action.cited}" if action.cited else "")
    due = f", {by} {date_text(action.due)}" if action.due else ""
    return {
        "text": inline(action.action),
        "owner": action.owner,
        "due": date_text(action.due),
        "status": status.label,
        "status_key": status.value,
        "where": where,
        "line": plain(f"{action.owner}{due} – {status.label}"),
        "update": inline(action.update) if action.update else None,
    }


def _blank_entry(number: str, title: str) -> View:
    label = _("Item")
    return {"number": number, "label": f"{label} {number}" if number else "", "title": title,
            "purpose": [], "presenter": "", "report": None, "appendices": [],
            "exempt": False, "exempt_paragraph": None, "exempt_note": "", "supplement": "", "standard": "",
            "actions": [], "shown": True, "omitted": "", "pages": "", "link": "",
            "recommendations": []}


def _item(item: PaperItem, number: str, workspace: Workspace,
          pack: dict[str, Any] | None) -> View:
    """Return one item of business, with its papers and, in a pack, their pages."""
    entry = _blank_entry(number, item.title)
    report = workspace.documents.get(item.committee_report) if item.committee_report else None
    entry.update({
        "purpose": paragraphs(item.purpose),
        "presenter": item.presenter or "",
        "report": {"title": report_title(report, item), "name": item.committee_report}
        if item.committee_report else None,
        "appendices": [{"label": _("Appendix {number}").format(number=index), "title": appendix.shown_title,
                        "exempt_note": exempt_reason(appendix.exempt_paragraph)
                        if appendix.exempt_paragraph else "", "pages": "", "link": "",
                        "omitted": ""}
                       for index, appendix in enumerate(item.appendices, 1)],
        "exempt": item.is_exempt,
        "exempt_paragraph": item.exempt_paragraph,
        "exempt_note": exempt_reason(item.exempt_paragraph) if item.exempt_paragraph else "",
        "supplement": _("Supplementary agenda {number}").format(number=item.supplement)
        if item.supplement else "",
        "recommendations": bullets(item.recommendations),
    })
    if pack is not None:
        entry.update(pack["items"].get(number, {"shown": False}))
        for appendix, placed in zip(entry["appendices"], entry.get("placed", [])):
            appendix.update(placed)
    return entry


def report_title(report: Any, item: PaperItem) -> str:
    """Return the title a committee report prints: its own, else its item's title (the
    agenda item's, when the report is not in the workspace)."""
    inner = getattr(report, "item", None)
    return getattr(report, "title", None) or getattr(inner, "title", None) or item.title


def _exclusion(items: list[View]) -> str:
    """Return the resolution excluding the press and public before the Part B items."""
    found = sorted({int(str(entry["exempt_paragraph"])) for entry in items
                    if entry.get("exempt_paragraph")})
    many = len(items) > 1
    if not found:
        paragraphs_text = "Schedule 12A"
    elif len(found) == 1:
        paragraphs_text = _("paragraph {number}").format(number=found[0])
    else:
        # Translators: Welsh 'a' becomes 'ac' before a vowel; the numbers are figures.
        paragraphs_text = _("paragraphs {numbers} and {last}").format(
            numbers=", ".join(map(str, found[:-1])), last=found[-1])
    return _(EXCLUSION[many]).format(paragraphs=paragraphs_text)



def drawn_on(agenda: Agenda | Any, workspace: Workspace) -> list[Path]:
    """Return the files an agenda's (or a minutes template's) outputs are made from besides
    its own and its minutes': every record of a meeting in the workspace (the actions from
    previous meetings and the date of the last meeting come from them) and, with
    ``review_actions``, every review."""
    from .minutes import Minutes
    from .resolution_list import ResolutionList

    names = [name for name, document in workspace.documents.items()
             if isinstance(document, (Minutes, ResolutionList)) and document is not agenda]
    files = [workspace.document_files[name] for name in names
             if name in workspace.document_files]
    if getattr(agenda, "review_actions", False):
        files += list(workspace.review_files.values())
    return files


def reference_problems(agenda: Agenda, located: Located, workspace: Workspace,
                       items: list[PaperItem] | None = None) -> list[Problem]:
    """Return what is wrong with the papers the agenda's items name: a committee report
    that is not a committee-report document of the workspace, an appendix that is not a
    file in the workspace folder.

    :param items: the items, when they are the minutes' (``agenda.minutes``); the problems
        then name the agenda's ``minutes`` field.
    """
    from ..workspace import document_name
    from .committee_report import CommitteeReport

    reports = sorted(name for name, document in workspace.documents.items()
                     if isinstance(document, CommitteeReport))
    problems = []
    clash = number_clash(agenda, items) if items is not None else None
    if clash:
        problems.append(Problem(located.file, located.line_of(("minutes",)), "minutes",
                                f"in the minutes' items: {clash[1]}"))
    for index, item in enumerate(items if items is not None else agenda.items):
        where: tuple[str | int, ...] = ("minutes",) if items is not None else ("items", index)
        if item.committee_report and not isinstance(
                workspace.documents.get(document_name(item.committee_report)), CommitteeReport):
            path = where + (("committee_report",) if items is None else ())
            problems.append(Problem(located.file, located.line_of(path), dotted(path), (
                f"item {item.number or index + 1} takes the committee report "
                f"'{item.committee_report}', which is not a committee-report document of "
                f"this workspace; committee reports here: {', '.join(reports) or '(none)'}")))
        for number, appendix in enumerate(item.appendices):
            path = where + (("appendices", number, "file") if items is None else ())
            problem = appendix_file_problem(appendix.file, workspace.root)
            if problem:
                problems.append(Problem(located.file, located.line_of(path), dotted(path),
                                        problem))
    return problems


def appendix_file_problem(file: str, root: Path | None) -> str:
    """Return why an appendix's file cannot be used ('' when it can): it must be a file
    inside the workspace folder."""
    if root is None:
        return ""
    path = (root / file).resolve()
    if not path.is_relative_to(root.resolve()):
        return f"the appendix '{file}' is outside the workspace folder; copy it in"
    if not path.is_file():
        return f"there is no file '{file}' in the workspace folder"
    return ""
