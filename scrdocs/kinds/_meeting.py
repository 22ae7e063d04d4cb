"""What minutes and resolution lists share: the house style of a meeting, its record
(times, attendance, declarations), item labels, and resolutions with their references.

Takes a meeting, its items and the organisation profile; produces plain values and
:class:`~scrdocs.markup.Rich` paragraphs (laid out as list items where numbered) for the
views of :mod:`scrdocs.kinds.minutes` and :mod:`scrdocs.kinds.resolution_list`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic_core import PydanticCustomError

from ..i18n import N_
from ..i18n import gettext as _
from ..markup import Layout, Rich, Span, as_list, inline, plain
from ..model import (
    NAME_SLOT,
    Apology,
    Attendee,
    Labels,
    Meeting,
    Member,
    Organisation,
    ResolutionStyle,
    clock_text,
)
from ._view import View

if TYPE_CHECKING:
    from .minutes import MinutesItem


@dataclass(frozen=True)
class HouseStyle:
    """The labels and resolution style one meeting's documents are printed in."""

    labels: Labels
    resolution_style: ResolutionStyle


def house_style(meeting: Meeting, organisation: Organisation) -> HouseStyle:
    """Return the meeting's house style: its own labels and resolution style over the
    profile's."""
    labels = organisation.labels.over(Labels.translated())
    labels = meeting.labels.over(labels) if meeting.labels else labels
    return HouseStyle(labels, meeting.resolution_style or organisation.resolution_style)


def check_one_source(minutes: str | None, meeting: Meeting | None, items: Sequence[object],
                     code: str, both: str, neither: str) -> None:
    """Raise ``code`` with ``both`` when a document names a minutes document and gives its
    own meeting or items too, with ``neither`` when it has neither the one nor both of the
    others: agendas and resolution lists take their meeting from exactly one place."""
    if minutes and (meeting or items):
        raise PydanticCustomError(code, both)
    if not minutes and not (meeting and items):
        raise PydanticCustomError(code, neither)


def labels_view(labels: Labels) -> View:
    """Return every label as text, '' for one the house style drops."""
    return {name: getattr(labels, name) or "" for name in type(labels).model_fields}


def item_label(number: int | str | None, minute: int | None, labels: Labels) -> str:
    """Return the line above an item's title: 'Agenda item 5', 'Minute 57 – Agenda item 5',
    or '' when the house style drops both labels (the number then opens the title's line:
    see :func:`item_title`) or the heading is neither a minute nor an agenda item.
    """
    parts = []
    if minute is not None and labels.minute:
        parts.append(f"{labels.minute} {minute}")
    if number not in (None, "") and labels.agenda_item:
        parts.append(f"{labels.agenda_item} {number}")
    return " – ".join(parts)


def item_title(title: str, number: int | str | None, minute: int | None,
               labels: Labels) -> str:
    """Return an item's title as its heading prints it: after its bare number when the
    house style drops that number's label ('17. Minutes of the meeting …', as East Sussex
    and Sefton print it), else as written."""
    if minute is not None:
        return title if labels.minute else f"{minute}. {title}"
    if number not in (None, "") and not labels.agenda_item:
        return f"{number}. {title}"
    return title


def bold(text: str) -> Rich:
    """Return ``text`` as one bold run."""
    return Rich((Span(text, bold=True),)) if text else Rich()


def labelled(label: str | None, text: Rich) -> Rich:
    """Return ``text`` after its label in bold ('**RESOLVED –** that …'), or alone when the
    house style drops the label."""
    return bold(label) + " " + text if label else text


# The record of a meeting: times, attendance, declarations -------------------------------------

RECORD_PROMPTS = {
    "present": N_("record the members present: the Chair first, then each member, and any "
                  "substitutes"),
    "apologies": N_("record the apologies for absence, and who substituted"),
    "in_attendance": N_("record the officers and others in attendance, with their job titles"),
    "declarations": N_("record each declaration of interest (member, item, interest), or None"),
}
"""What the minutes template asks for under each heading of the meeting's record."""


def meeting_times(meeting: Meeting, labels: Labels) -> tuple[str, str]:
    """Return the time line's text ('7.00 pm', or '7.00 pm – 9.15 pm' when the house style
    has no closing line) and the closing line ('The meeting ended at 9.15 pm.' or '')."""
    start = clock_text(meeting.start_time) if meeting.start_time else ""
    end = clock_text(meeting.end_time) if meeting.end_time else ""
    if end and labels.ended:
        return start, f"{labels.ended} {end}."
    return " – ".join(part for part in (start, end) if part), ""


def record_view(meeting: Meeting, labels: Labels, prompts: bool) -> list[View]:
    """Return the lines at the top of the minutes, in the usual order: time, present,
    apologies, in attendance, declarations of interest. Each is ``label`` (or ''), ``text``
    (a paragraph), ``bullets`` and ``prompt`` (what a minutes template asks for)
    — ``prompts``: the document is a minutes template, so parts not yet recorded are asked
    for."""
    time = meeting_times(meeting, labels)[0]
    lines = [_line(labels.time, plain(time))] if time else []
    people = {
        "present": [_member(entry, labels) for entry in meeting.present],
        "apologies": [_apology(entry, labels) for entry in meeting.apologies],
        "in_attendance": [_attendee(entry) for entry in meeting.in_attendance],
    }
    for name, names in people.items():
        if names:
            lines.append(_line(getattr(labels, name), plain(", ".join(names))))
        elif prompts:
            lines.append(_line(getattr(labels, name), prompt=_(RECORD_PROMPTS[name])))
    declarations = meeting.declarations
    if isinstance(declarations, str):
        lines.append(_line(labels.declarations, inline(declarations)))
    elif declarations:
        lines.append(_line(labels.declarations, bullets=[
            inline(_declaration(d.member, d.item, d.interest)) for d in declarations]))
    elif prompts:
        lines.append(_line(labels.declarations, prompt=_(RECORD_PROMPTS["declarations"])))
    return lines


def _line(label: str | None, text: Rich | None = None, bullets: list[Rich] | None = None,
          prompt: str = "") -> View:
    return {"label": label or "", "text": text or Rich(), "bullets": bullets or [],
            "prompt": prompt}


def _member(entry: str | Member, labels: Labels) -> str:
    if isinstance(entry, str):
        return entry
    notes = [entry.role or "", _phrased(labels.substitute_for, entry.substitute_for)]
    return _with_notes(entry.name, notes)


def _apology(entry: str | Apology, labels: Labels) -> str:
    if isinstance(entry, str):
        return entry
    return _with_notes(entry.name, [_phrased(labels.substitute, entry.substitute)])


def _phrased(phrase: str | None, name: str | None) -> str:
    """Return ``name`` in the house style's ``phrase`` ('{name} attending as substitute'),
    alone when the house style has none, or '' when there is no name."""
    if not name:
        return ""
    return phrase.replace(NAME_SLOT, name) if phrase else name


def _attendee(entry: str | Attendee) -> str:
    return entry if isinstance(entry, str) else _with_notes(entry.name, [entry.title or ""])


def _with_notes(name: str, notes: list[str]) -> str:
    shown = ", ".join(note for note in notes if note)
    return f"{name} ({shown})" if shown else name


def _declaration(member: str, item: int | str | None, interest: str | None) -> str:
    """Return a declaration as a line: 'Councillor Kerin – item 5: a personal interest as a
    school governor'."""
    text = member + (" – " + _("item {number}").format(number=item)
                     if item not in (None, "") else "")
    return f"{text}: {interest}" if interest else text


# Resolutions ------------------------------------------------------------------------------------

HAND_NUMBERED = re.compile(r"\s*(?:\((?P<paren>[a-z]{1,3}|[0-9]{1,3})\)|(?P<close>[a-z]{1,3})\)"
                           r"|(?P<dot>[0-9]{1,3})[.)])\s", re.IGNORECASE)
"""A resolution numbered by hand: '(a) That …', 'a) That …', '(1) …', '1. That …'."""

LIST_ROLES = {ResolutionStyle.NUMBERED: "number", ResolutionStyle.LETTERED: "letter",
              ResolutionStyle.RESOLVED_NUMBERED: "parenthesised"}
"""The list each resolution style numbers resolutions with: 1., (a), (1)."""


@dataclass(frozen=True)
class Resolution:
    """One resolution as printed, and how a minute or an action log cites it."""

    text: Rich
    reference: str


def hand_numbered(texts: list[str]) -> bool:
    """Return whether the resolutions carry their own numbers ('(a) That …'), so that
    numbering them again would print '1. (a) That …'."""
    return any(HAND_NUMBERED.match(text) for text in texts)


def resolutions(texts: list[str], style: ResolutionStyle, base: str, start: int = 1,
                total: int | None = None, paragraph: int | None = None) -> list[Resolution]:
    """Return resolutions laid out in the house ``style``: list items numbered 1., (a) or
    (1) from ``start`` when there is more than one, plain paragraphs when there is one or
    they are numbered by hand.

    :param base: the minute (or agenda item) number references start from: '57'.
    :param total: how many resolutions the item has in all (its blocks together).
    :param paragraph: the number of the paragraph they sit in, for an item whose
        paragraphs are numbered (57.3).
    """
    total = total if total is not None else len(texts)
    by_hand = hand_numbered(texts)
    shown = [inline(text) for text in texts]
    if len(texts) > 1 and not by_hand:
        shown = as_list(shown, LIST_ROLES[style], start, css_class="resolutions")
    where = f"{base}.{paragraph}" if base and paragraph else base
    return [Resolution(text, reference(where, style, start + i, total, texts[i], paragraph))
            for i, text in enumerate(shown)]


def reference(where: str, style: ResolutionStyle, index: int, total: int, text: str,
              paragraph: int | None = None) -> str:
    """Return how a resolution is cited: '57' (the only one), '57(a)', '57(1)', '57.2', or
    '57.3(a)' when it sits in numbered paragraph 57.3; the letter or number typed by hand
    when the text carries one."""
    if total == 1:
        return where
    typed = HAND_NUMBERED.match(text)
    if typed:
        mark = next(group for group in typed.groups() if group)
        suffix = f"({mark.lower()})"
    elif style is ResolutionStyle.LETTERED:
        suffix = f"({letter(index)})"
    elif style is ResolutionStyle.NUMBERED and not paragraph:
        suffix = f".{index}"
    else:
        suffix = f"({index})"
    return f"{where}{suffix}" if where else suffix.lstrip(".")


def letter(index: int) -> str:
    """Return the letter of the ``index``-th item (1 → 'a', 27 → 'aa'), as Word letters
    lists."""
    letters = string.ascii_lowercase
    return letters[(index - 1) % 26] * ((index - 1) // 26 + 1)


def minute_paragraph(text: Rich, minute: int | None) -> Rich:
    """Return ``text`` as a numbered paragraph of ``minute`` (57.1, 57.2 …), or as it is."""
    if minute is None or text.layout.role != "paragraph":
        return text
    return text.laid_out(Layout(minute=minute))


def resolution_texts(item: MinutesItem) -> list[list[str]]:
    """Return an item's resolutions, grouped as they are printed: its ``resolutions``, or
    each resolved and resolved_that block's."""
    if item.resolutions:
        return [list(item.resolutions)]
    return [block.resolved or [block.resolved_that or ""] for block in item.blocks
            if block.kind in ("resolved", "resolved_that")]
