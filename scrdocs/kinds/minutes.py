"""Minutes of a meeting, and the minutes template prepared before it sits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import ConfigDict, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

from ..i18n import N_
from ..i18n import gettext as _
from ..markup import LIST_DEPTH, Rich, inline, list_depth, paragraphs, plain
from ..model import Meeting, Model, ResolutionStyle, Text, field_error
from ._base import DocumentBase, supporting_documents
from ._decisions import Resolution as ResolutionEntry
from ._meeting import (
    HouseStyle,
    Resolution,
    house_style,
    item_label,
    item_title,
    labelled,
    labels_view,
    meeting_times,
    minute_paragraph,
    record_view,
    reference,
    resolution_texts,
)
from ._meeting import resolutions as meeting_resolutions
from ._papers import PaperItem
from ._view import View, bullets, document_view, links_view, meeting_view

if TYPE_CHECKING:
    from ..workspace import Workspace


class DiscussionPoint(Model):
    """A point raised by members and the answer it got."""

    raised_by: Text | None = Field(default=None, description=(
        "'A Member', 'Councillor Halden': printed before the point, unless the point "
        "already starts with it."))
    point: Text
    response: Text | None = Field(None, description=(
        "The answer: paragraphs; a list in it is laid out one level under the point."))
    details: list[Text] = []

    @model_validator(mode="after")
    def _response_lists_fit(self) -> DiscussionPoint:
        check_response_lists(self.response)
        return self


def check_response_lists(response: str | None) -> None:
    """Refuse a response whose lists nest: they are laid out under the point's bullet,
    which leaves room for one level."""
    if response and list_depth(response) > LIST_DEPTH - 1:
        raise field_error(("response",), (
            f"holds a list nested {list_depth(response)} levels deep; a response sits under "
            "its point's bullet, so its lists may not nest (no item indented under another)"))


BLOCK_KINDS = ("paragraph", "bullets", "heading", "point", "resolved", "resolved_that")
"""What a block of an item's minutes can be; each block is exactly one of them."""

POINT_PARTS = ("raised_by", "response", "details")
"""The fields that belong to a block's ``point``."""


class Block(Model):
    """One block of an item's minutes, kept in the order written: exactly one of
    ``paragraph``, ``bullets``, ``heading``, ``point`` (with ``raised_by``, ``response`` and
    ``details``), ``resolved`` or ``resolved_that``::

        blocks:
          - paragraph: The Committee received the annual report.
          - point: Asked how many referrals had come from schools.
            raised_by: Councillor Halden
            response: About a third, the Business Manager said.
          - resolved: [That the report be noted.]
          - heading: Matters arising
          - paragraph: There were none.
    """

    model_config = ConfigDict(json_schema_extra={
        "oneOf": [{"required": [kind]} for kind in BLOCK_KINDS]})

    paragraph: Text | None = Field(None, description=(
        "Narrative text: paragraphs, and lists and ### sub-headings as in any text."))
    bullets: list[Text] | None = Field(None, description="A bulleted list.", min_length=1)
    heading: Text | None = Field(None, description="A sub-heading inside the item.")
    point: Text | None = Field(None, description=(
        "A point raised in discussion, printed as a bullet."))
    raised_by: Text | None = Field(None, description=(
        "Who raised the point: 'Councillor Halden' (printed before it, unless the point "
        "already starts with it)."))
    response: Text | None = Field(None, description="The answer the point got.")
    details: list[Text] = Field(default=[], description="Bullets under the point.")
    resolved: list[ResolutionEntry] | None = Field(None, min_length=1, description=(
        "A RESOLVED block: the resolutions, numbered in the meeting's resolution style; "
        "one that sets an action is {text, action: {owner, due, status}}."))
    resolved_that: ResolutionEntry | None = Field(None, description=(
        "An inline resolution: 'that the report be noted.' prints 'RESOLVED – that the "
        "report be noted.'"))

    @model_validator(mode="after")
    def _one_kind(self) -> Block:
        given = [kind for kind in BLOCK_KINDS if getattr(self, kind) is not None]
        if not given:
            raise PydanticCustomError("block", "an empty block; give one of: "
                                      + ", ".join(BLOCK_KINDS))
        if len(given) > 1:
            raise field_error((given[1],), (
                f"a block is one of {', '.join(BLOCK_KINDS)}; this one is both "
                f"{given[0]} and {given[1]}: make it two blocks (each starting '- ')"))
        stray = [part for part in POINT_PARTS if part in self.model_fields_set
                 and getattr(self, part)]
        if stray and self.point is None:
            raise field_error((stray[0],), (
                f"{stray[0]} belongs to a point, and this block is a {given[0]}: add "
                f"'point:' to this block, or remove {stray[0]}"))
        if self.point is not None:
            check_response_lists(self.response)
        return self

    @property
    def kind(self) -> str:
        """Return what the block is: one of :data:`BLOCK_KINDS`."""
        return next(kind for kind in BLOCK_KINDS if getattr(self, kind) is not None)


MinuteNumber = Annotated[int, Strict(), Field(ge=1)]


class MinutesItem(PaperItem):
    """One agenda item as minuted; with no minutes yet it renders as a template.

    Its minutes are either today's fields (``minutes``, ``discussion``, ``closing``,
    ``resolutions``, printed in that order) or ``blocks``, in the order written.
    """

    minute: MinuteNumber | None = Field(None, description=(
        "The minute number, which runs on across the municipal year: 57. Items without one "
        "count on from the one before (or from the meeting's first_minute)."))
    numbered_paragraphs: Annotated[bool, Strict()] = Field(False, description=(
        "Number the item's paragraphs 57.1, 57.2 … after its minute number."))
    minutes: Text | None = Field(default=None, description="The narrative paragraphs.")
    discussion_intro: Text | None = None
    discussion: list[DiscussionPoint] = []
    closing: Text | None = Field(default=None, description="'The Chair thanked …'.")
    resolutions: list[ResolutionEntry] = Field(default=[], description=(
        "The resolutions, each its text, or {text, action: {owner, due, status}} when it "
        "sets an action (the action log tracks it to the next meeting)."))
    blocks: list[Block] = Field(default=[], description=(
        "The item's minutes as blocks in the order written (paragraph, bullets, heading, "
        "point, resolved, resolved_that): instead of minutes, discussion, closing and "
        "resolutions."))

    @model_validator(mode="after")
    def _one_way_of_minuting(self) -> MinutesItem:
        older = [name for name in ("minutes", "discussion", "closing", "resolutions")
                 if getattr(self, name)]
        if self.blocks and older:
            raise field_error(("blocks",), (
                f"give the item's minutes either as blocks or as {', '.join(older)}, not "
                f"both: move {older[0]} into a block"))
        if self.numbered_paragraphs and not self.is_template and not self.has_paragraphs:
            raise field_error(("numbered_paragraphs",), (
                "there are no paragraphs to number: the item's minutes have no paragraph, "
                "resolved or resolved_that block (or minutes and closing text)"))
        return self

    @property
    def is_template(self) -> bool:
        """Return whether nothing has been minuted for this item yet."""
        return not (self.minutes or self.discussion or self.closing or self.resolutions
                    or self.blocks)

    @property
    def has_paragraphs(self) -> bool:
        """Return whether the item's minutes hold paragraphs that numbering would number."""
        return bool(self.minutes or self.closing or self.resolutions or self.discussion
                    or any(block.kind in ("paragraph", "resolved", "resolved_that")
                           for block in self.blocks))


def check_minute_numbers(meeting: Meeting, items: list[MinutesItem]) -> None:
    """Refuse minute numbers that go backwards or repeat within a meeting, and numbered
    paragraphs on an item that has no minute number to number them after.

    :raises ValidationError: at ``items.<n>.minute`` (or ``numbered_paragraphs``).
    """
    previous: tuple[int, int] | None = None  # (minute, index of its item)
    for index, (item, minute) in enumerate(zip(items, minute_numbers(meeting, items))):
        if item.minute is not None and previous is not None and item.minute <= previous[0]:
            what = "repeats the minute of" if item.minute == previous[0] else "comes after"
            raise field_error(("items", index, "minute"), (
                f"minute {item.minute} {what} item {previous[1] + 1} (minute {previous[0]}); "
                "minute numbers go up through a meeting"), item.minute)
        if item.numbered_paragraphs and paragraph_base(item, minute) is None:
            raise field_error(("items", index, "numbered_paragraphs"), (
                "numbered paragraphs are numbered after the minute number (57.1, 57.2): give "
                "the item a minute, or the meeting a first_minute"))
        if minute is not None:
            previous = (minute, index)


def minute_numbers(meeting: Meeting, items: list[MinutesItem]) -> list[int | None]:
    """Return each item's minute number: its own, else one more than the item before's
    (the first counting from the meeting's ``first_minute``), else none."""
    numbers: list[int | None] = []
    following = meeting.first_minute
    for item in items:
        minute = item.minute if item.minute is not None else following
        numbers.append(minute)
        following = minute + 1 if minute is not None else None
    return numbers


def paragraph_base(item: MinutesItem, minute: int | None) -> int | None:
    """Return the number an item's numbered paragraphs are numbered after: its minute, else
    its agenda item number when that is a whole number."""
    if minute is not None:
        return minute
    return item.number if isinstance(item.number, int) else None


class Minutes(DocumentBase):
    """A meeting's minutes (``kind: minutes``)."""

    kind: Literal["minutes"] = "minutes"
    meeting: Meeting
    items: list[MinutesItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _minute_numbers(self) -> Minutes:
        check_minute_numbers(self.meeting, self.items)
        return self


MINUTES_PROMPT = N_("Minutes to be written: record the presentation, the main points of the "
                  "discussion and the answers given.")
DISCUSSION_PROMPT = N_("Members raised the following points: (record each point and the "
                       "response)")
RESOLUTIONS_PROMPT = N_("Draft resolutions, from the report’s recommendations:")
DEFAULT_DISCUSSION_INTRO = N_("Members discussed the issues raised in the Report and in the "
                            "course of the discussion raised the following points:")


def item_view(item: MinutesItem, workspace: Workspace, style: HouseStyle,
              minute: int | None = None) -> View:
    """Return one agenda item as minuted, or as a minutes template when not minuted yet.

    ``blocks`` is what the templates print under the item's "Minutes:" label, in order,
    each with a ``type``: ``paragraphs``, ``lead_in``, ``bullets``, ``heading``, ``points``
    or ``resolved`` (see :class:`MinutesBody`). Today's fields (``minutes``, ``discussion``
    and the rest) stay in the view for templates written before blocks.
    """
    review = workspace.reviews.get(item.review) if item.review else None
    labels = style.labels
    body = MinutesBody(item, style, minute)
    resolutions = bullets(item.resolutions)
    base = paragraph_base(item, minute) if item.numbered_paragraphs else None
    return {
        "label": item_label(item.number, minute, labels),
        "number": "" if item.number is None else str(item.number),
        "minute": "" if minute is None else str(minute),
        "paragraph_numbers": "" if base is None else str(base),
        "title": item_title(item.title, item.number, minute, labels),
        "purpose": paragraphs(item.purpose),
        "presenter": item.presenter or "",
        "review": review.title if review else "",
        "is_template": item.is_template,
        "minutes_label": labels.minutes or "",
        "blocks": body.blocks(),
        "minutes": paragraphs(item.minutes),
        "discussion_intro": inline(item.discussion_intro or _(DEFAULT_DISCUSSION_INTRO))
        if item.discussion else None,
        "discussion": [point_view(point) for point in item.discussion],
        "closing": paragraphs(item.closing),
        "resolutions": resolutions,
        "numbered": len(resolutions) > 1,
        "resolved_label": labels.resolved or "",
        "draft_resolutions": [r.text for r in meeting_resolutions(
            item.recommendations, style.resolution_style, "")],
        "draft_numbered": len(item.recommendations) > 1,
        "supporting_label": labels.supporting_documents or "",
        "supporting_documents": links_view(supporting_documents(item, review)),
    }


def point_view(point: DiscussionPoint | Block) -> View:
    """Return a point raised in discussion: who raised it (printed in bold before the point,
    unless the point already starts with it), the point, the response and the detail
    bullets."""
    text = inline(point.point or "")
    raised_by = point.raised_by or ""
    if raised_by and not str(text).casefold().startswith(raised_by.casefold()):
        # "Councillor Halden asked …" reads on; "Councillor Halden: What …" is a quotation
        text = labelled(raised_by if str(text)[:1].islower() else f"{raised_by}:", text)
    return {"point": text, "raised_by": raised_by, "response": paragraphs(point.response),
            "details": bullets(point.details)}


class MinutesBody:
    """An item's minutes as the blocks the templates print, in order; the item's paragraphs
    numbered after its minute (57.1, 57.2 …) when it asks for numbered paragraphs."""

    def __init__(self, item: MinutesItem, style: HouseStyle, minute: int | None) -> None:
        self.item, self.style = item, style
        self.base = paragraph_base(item, minute) if item.numbered_paragraphs else None
        where = minute if minute is not None else item.number
        self.where = "" if where is None else str(where)
        self.numbered = 0  # paragraphs numbered so far
        self.resolved = 0  # resolutions so far
        self.total = sum(len(group) for group in resolution_texts(item))
        self.citations: list[Resolution] = []
        """Every resolution met so far, as a resolution list prints it (numbered as in its
        RESOLVED block) with how it is cited."""

    def blocks(self) -> list[View]:
        """Return the blocks, from the item's ``blocks`` or from today's fields."""
        item = self.item
        if item.is_template:
            return []
        if item.blocks:
            return _merge_points([self._block(block) for block in item.blocks])
        found = [self._paragraphs(paragraphs(item.minutes))]
        if item.discussion:
            intro = inline(item.discussion_intro or _(DEFAULT_DISCUSSION_INTRO))
            found.append({"type": "lead_in", "text": self._number(intro)})
            found.append({"type": "points", "points": [point_view(p) for p in item.discussion]})
        found.append(self._paragraphs(paragraphs(item.closing)))
        if item.resolutions:
            found.append(self._resolved(list(item.resolutions)))
        return [block for block in found if block.get("paragraphs") != []]

    def _block(self, block: Block) -> View:
        kind = block.kind
        if kind == "paragraph":
            return self._paragraphs(paragraphs(block.paragraph))
        if kind == "bullets":
            return {"type": "bullets", "bullets": bullets(block.bullets or [])}
        if kind == "heading":
            return {"type": "heading", "text": inline(block.heading or "")}
        if kind == "point":
            return {"type": "points", "points": [point_view(block)]}
        if kind == "resolved":
            return self._resolved(list(block.resolved or []))
        return self._resolved_that(block.resolved_that or "")

    def _number(self, text: Rich) -> Rich:
        """Return a paragraph numbered as the next of its minute's, when they are numbered."""
        if self.base is None or text.layout.role != "paragraph":
            return text
        self.numbered += 1
        return minute_paragraph(text, self.base)

    def _paragraphs(self, texts: list[Rich]) -> View:
        return {"type": "paragraphs", "paragraphs": [self._number(text) for text in texts]}

    def _resolved(self, texts: list[str]) -> View:
        """Return a RESOLVED block: its label, then the resolutions numbered in the house
        style; a single one in the resolved-numbered style reads 'RESOLVED – That …'."""
        style, labels = self.style.resolution_style, self.style.labels
        if len(texts) == 1 and style is ResolutionStyle.RESOLVED_NUMBERED:
            return self._resolved_that(texts[0])
        label_text = labels.resolved_that if style is ResolutionStyle.RESOLVED_NUMBERED \
            else labels.resolved
        label = self._number(plain(label_text).as_label()) if label_text else None
        paragraph = self.numbered if label is not None and self.base is not None else None
        found = meeting_resolutions(texts, style, self.where_of(), self.resolved + 1,
                                    self.total, paragraph)
        self.resolved += len(texts)
        self.citations += found
        shown = [r.text if label is not None else self._number(r.text) for r in found]
        return {"type": "resolved", "label": label, "resolutions": shown,
                "references": [r.reference for r in found]}

    def _resolved_that(self, text: str) -> View:
        """Return an inline resolution: 'RESOLVED – that …' as one paragraph."""
        paragraph = self._number(labelled(self.style.labels.resolved_that, inline(text)))
        self.resolved += 1
        where = f"{self.where}.{self.numbered}" if self.where and self.base is not None \
            else self.where
        self.citations.append(Resolution(inline(text), reference(
            where, self.style.resolution_style, self.resolved, self.total, text,
            self.numbered if self.base else None)))
        return {"type": "paragraphs", "paragraphs": [paragraph]}

    def where_of(self) -> str:
        """Return the number references start from: the minute, else the agenda item."""
        return self.where


def _merge_points(blocks: list[View]) -> list[View]:
    """Return ``blocks`` with consecutive points in one list, as a discussion reads."""
    merged: list[View] = []
    for block in blocks:
        if block["type"] == "points" and merged and merged[-1]["type"] == "points":
            merged[-1] = {"type": "points", "points": merged[-1]["points"] + block["points"]}
        else:
            merged.append(block)
    return merged


def view(minutes: Minutes, workspace: Workspace, draft: bool = False) -> View:
    """Return the minutes (or minutes template) laid out for the templates.

    Minutes with an item not minuted yet are a draft: every page says DRAFT.
    """
    style = house_style(minutes.meeting, workspace.organisation)
    meeting = meeting_view(minutes.meeting)
    is_template = all(item.is_template for item in minutes.items)
    title = minutes.title or (_("Minutes template") if is_template else _("Minutes"))
    unminuted = any(item.is_template for item in minutes.items)
    meeting["record"] = record_view(minutes.meeting, style.labels, is_template)
    meeting["ended"] = meeting_times(minutes.meeting, style.labels)[1]
    numbers = minute_numbers(minutes.meeting, minutes.items)
    return {
        "document": document_view(workspace.organisation, minutes, title, meeting["header"],
                                  draft or unminuted),
        "meeting": meeting,
        "labels": labels_view(style.labels),
        "actions_label": _(ACTIONS_LABEL),
        "actions_from_previous": actions_from_previous(minutes, workspace) if unminuted
        else [],
        "items": [item_view(item, workspace, style, minute)
                  for item, minute in zip(minutes.items, numbers)],
        "prompts": {"minutes": _(MINUTES_PROMPT), "discussion": _(DISCUSSION_PROMPT),
                    "resolutions": _(RESOLUTIONS_PROMPT)},
    }


ACTIONS_LABEL = N_("Actions from previous meetings")


def actions_from_previous(minutes: Minutes, workspace: Workspace) -> list[View]:
    """Return the actions earlier meetings of the committee set that are still open, each
    with its owner, due date and status: what a minutes template lists so that the meeting
    hears where they stand (see :mod:`scrdocs.actions`)."""
    from ..actions import actions_before
    from .agenda import action_line

    return [action_line(action, minutes.meeting)
            for action in actions_before(workspace, minutes.meeting)]


def unminuted_items(minutes: Minutes) -> list[str]:
    """Return the items not minuted yet, each as people name it: '8 Local Safeguarding
    Children Board Annual Report'."""
    numbers = minute_numbers(minutes.meeting, minutes.items)
    return [" ".join(str(part) for part in (minute if minute is not None else item.number,
                                             item.title) if part is not None)
            for item, minute in zip(minutes.items, numbers) if item.is_template]
