"""The one-minute guide: one or two A4 pages for frontline practitioners.

Takes a guide and its workspace; produces the view its templates lay out: the masthead
("One Minute Guide", title, date, version), then the boxes that run down two columns — the
sections (a section with no heading continues the box before it), the local case reviews
(each review's summary, learning points and questions) placed among them, and the contact
block. The boxes are planned here for both formats: measured with the bundled font
(:mod:`scrdocs.fit`) and flowed down the columns (:mod:`._columns`), a box too tall for a column
is cut into two, the second headed "… (continued)", and when the guide would run past two pages
its reviews show fewer learning points, the rest counted ("and 7 more learning points in the
full report").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, Strict

from ..bilingual import SEPARATOR, parts, plain_text
from ..dates import PartialDate
from ..design import TYPE
from ..fit import MM, line_count, text_width
from ..i18n import N_, ngettext
from ..i18n import gettext as _
from ..markup import Rich, join, paragraphs, plain
from ..model import Contact, Model, Review, Section, Text
from ._base import DocumentBase
from ._columns import Columns, Measured, Plan, balance, flow
from ._view import (
    View,
    contact_view,
    date_text,
    document_view,
    review_view,
    section_view,
)

if TYPE_CHECKING:
    from ..workspace import Workspace

GUIDE_LABEL = N_("One Minute Guide")
DEFAULT_LOCAL_REVIEWS_HEADING = N_("Local case reviews")
CONTINUED = N_(" (continued)")
"""What a box's heading gains in the column where the box continues."""
MAX_PAGES = 2
"""How many pages a one-minute guide may take."""
FEWEST_LEARNING_POINTS = 3
"""The fewest learning points per review a guide is cut down to so that it fits."""
NEAR_EMPTY = 0.12
"""A last page filled less than this is tightened away when cutting boxes can do it."""


class LocalReviews(Model):
    """Local case summaries drawn from the workspace's review files."""

    heading: Text | None = None
    intro: Text | None = None
    reviews: list[Text] = Field(min_length=1, description="Review ids, in the order shown.")
    outro: Text | None = None
    after: Annotated[int, Strict()] | None = Field(
        None, ge=0, description="How many sections come before this block (default: all).")
    show_findings: Annotated[bool, Strict()] = Field(
        False, description="Show each review's findings too (default: its summary, learning "
                           "points and questions).")
    learning_points_limit: Annotated[int, Strict()] | None = Field(
        None, ge=0, description="Show at most this many learning points of each review and "
                                "count the rest (default: as many as keep the guide on two "
                                "pages).")


class OneMinuteGuide(DocumentBase):
    """A one-minute guide (``kind: one-minute-guide``)."""

    kind: Literal["one-minute-guide"] = "one-minute-guide"
    title: Text
    date: PartialDate | None = None
    version: Text | Annotated[int, Strict()] | None = None
    sections: list[Section] = Field(min_length=1)
    local_reviews: LocalReviews | None = None
    contact_heading: Text = N_("Contact for more information")
    contact: Contact | None = Field(default=None, description="Defaults to the profile's contact.")


SUBHEADING_RULE = 3.0
"""The width of the accent rule beside a sub-heading, in points."""
QUESTION_RULE = 2.0
"""The width of the rule beside a question, in points."""


@dataclass(frozen=True)
class GuideDesign:
    """The guide's measurements, in points: the HTML template's stylesheet and the Word
    template (``tools/layouts/one_minute_guide.py``) are both drawn from these, and the page
    plan measures with them, so the two formats break their columns alike."""

    page_width: float = 210 * MM
    page_height: float = 297 * MM
    margin_top: float = 15 * MM
    margin_bottom: float = 18 * MM
    margin_side: float = 15 * MM
    column_gap: float = 6 * MM
    body_size: float = 10
    body_pitch: float = 13
    after: float = 4
    """Space after every paragraph and list item."""
    bullet_indent: float = 12
    question_indent: float = 7
    """The question's rule and the space after it."""
    heading_size: float = 11.5
    heading_pitch: float = 14
    heading_padding_block: float = 3
    heading_padding_inline: float = 6
    subheading_size: float = 10.5
    subheading_pitch: float = 13
    subheading_before: float = 10
    """Space above a sub-heading; where the block above leaves less, this wins (as CSS
    collapses margins, Word and LibreOffice take the larger space)."""
    subheading_after: float = 2
    subheading_indent: float = 7
    """The sub-heading's accent rule and the space after it."""
    border: float = 0.75
    padding_top: float = 5
    padding_inline: float = 6
    padding_bottom: float = 1
    box_gap: float = 7
    contact_rule: float = 3
    contact_after: float = 2
    logo_height: float = 14 * MM
    """The logo's height (Word sets every logo 14 mm high)."""
    logo_width: float = 55 * MM
    """The width kept for the logo beside the organisation's name."""
    organisation_size: float = 13
    organisation_pitch: float = 15
    label_size: float = 17
    label_pitch: float = 20
    label_padding_block: float = 4
    label_padding_inline: float = 10
    label_slack: float = 10
    """Room the label's box keeps beyond its longest line, so that no renderer wraps it."""
    masthead_padding: float = 5
    masthead_rule: float = 4
    masthead_after: float = 7
    title_size: float = 17
    title_pitch: float = 20
    title_after: float = 3
    meta_padding: float = 5
    meta_rule: float = 2
    meta_after: float = 8

    @property
    def column_width(self) -> float:
        """Return the width of one of the two columns."""
        return (self.page_width - 2 * self.margin_side - self.column_gap) / 2

    @property
    def measure(self) -> float:
        """Return the width of a line of text inside a box."""
        return self.column_width - 2 * (self.border + self.padding_inline)

    @property
    def body_height(self) -> float:
        """Return the height of a column on a page without the masthead."""
        return self.page_height - self.margin_top - self.margin_bottom

    @property
    def masthead_width(self) -> float:
        """Return the width of the masthead: the page between its side margins."""
        return self.page_width - 2 * self.margin_side

    def label_lines(self, label: str) -> list[str]:
        """Return the lines of the masthead's label ('One Minute Guide'): one, or in a
        bilingual document one a language, each but the last ending in its slash
        ('Canllaw Un Munud /', 'One Minute Guide')."""
        lines = [""]
        for language, said in parts(label):
            if language is None and said == SEPARATOR:
                lines[-1] += SEPARATOR.rstrip()
                lines.append("")
            else:
                lines[-1] += said
        return lines

    def label_width(self, label: str) -> float:
        """Return the width of the label's box: its longest line, the padding each side
        and :attr:`label_slack`; at most two fifths of the masthead."""
        longest = max(text_width(line, self.label_size, bold=True)
                      for line in self.label_lines(label))
        return min(longest + 2 * self.label_padding_inline + self.label_slack,
                   0.4 * self.masthead_width)

    def masthead_row(self, organisation: str = "", label: str = "",
                     logo: bool = False) -> float:
        """Return the height of the masthead's row: the logo's, or, when the organisation's
        name (set beside the logo, if any, and the label) or the label takes more lines
        than that holds, theirs; the rule below it aside."""
        height = self.logo_height + self.masthead_padding
        if not label:
            return height
        box = self.label_width(label)
        lines = sum(line_count(line, box - 2 * self.label_padding_inline, self.label_size,
                               bold=True) for line in self.label_lines(label))
        height = max(height, lines * self.label_pitch)
        if organisation:
            room = self.masthead_width - box - (self.logo_width if logo else 0)
            name = line_count(organisation, room, self.organisation_size, bold=True)
            height = max(height, name * self.organisation_pitch + self.masthead_padding)
        return height

    def masthead_height(self, title: str, has_meta: bool, available: str = "", *,
                        organisation: str = "", label: str = "", logo: bool = False) -> float:
        """Return the height of the masthead, title and date line above the columns, and
        of the line saying the document is available in another language, if it has one;
        the masthead's row as :meth:`masthead_row` gives it for the ``organisation``'s
        name, the ``label`` and the ``logo``."""
        height = (self.masthead_row(organisation, label, logo) + self.masthead_rule
                  + self.masthead_after)
        width = self.masthead_width
        height += (line_count(title, width, self.title_size, bold=True) * self.title_pitch
                   + self.title_after)
        if has_meta:
            height += self.body_pitch + self.meta_padding + self.meta_rule + self.meta_after
        if available:
            line = TYPE["available-in"]
            height += (line_count(available, width, line.size) * line.size * line.line
                       + line.after)
        return height

    def stylesheet_values(self) -> dict[str, str]:
        """Return every measurement as CSS reads it ('10pt'), for the HTML template, with the
        sums it needs: the padding inside the rules of sub-headings and questions, and the
        height of the masthead's row."""
        values = {**asdict(self),
                  "subheading_padding": self.subheading_indent - SUBHEADING_RULE,
                  "question_padding": self.question_indent - QUESTION_RULE,
                  "masthead_row": self.logo_height + self.masthead_padding}
        return {name: f"{value:.2f}pt".replace(".00pt", "pt") for name, value in values.items()}


GUIDE = GuideDesign()


def view(guide: OneMinuteGuide, workspace: Workspace, draft: bool = False,
         limits: list[int | None] | None = None) -> View:
    """Return the one-minute guide laid out for the templates.

    :param limits: the limits on each review's learning points to try (see
        :func:`learning_point_limits`, the default); a bilingual render passes one, chosen
        for both languages together.
    """
    local = guide.local_reviews
    split = len(guide.sections) if local is None or local.after is None else local.after
    contact = contact_block(guide.contact_heading if "contact_heading" in guide.model_fields_set
                            else _(guide.contact_heading),
                            guide.contact or workspace.organisation.contact)
    guide_view = masthead_view(_(GUIDE_LABEL), date_text(guide.date), guide.version,
                               str(workspace.organisation.name),
                               workspace.organisation.logo is not None)
    planned, plan, whole = plan_boxes(guide, workspace, contact, guide_view, limits)
    return {
        "document": document_view(workspace.organisation, guide, guide.title, _(GUIDE_LABEL),
                                  draft),
        "guide": guide_view,
        "sections_before": boxes(guide.sections[:split]),
        "local_reviews": local_reviews_view(local, workspace) if local else None,
        "sections_after": boxes(guide.sections[split:]),
        "contact": contact,
        "boxes": planned,
        "whole_boxes": whole,
        "design": GUIDE.stylesheet_values(),
        "fit": fit_view(whole, plan),
    }


def masthead_view(label: str, date: str, version: object, organisation: str,
                  logo: bool) -> View:
    """Return the masthead's view: its ``label`` ('One Minute Guide'), date and version,
    whether the profile has a ``logo``, and what both formats draw it with: the label's
    box as wide (``label_width``) and the row as high (``row_height``, in points) as the
    label and the ``organisation``'s name need."""
    return {"label": label, "date": date, "version": "" if version is None else str(version),
            "with_logo": logo, **masthead_measures(label, organisation, logo)}


def masthead_measures(label: str, organisation: str, logo: bool) -> dict[str, float]:
    """Return the width of the masthead's label box and the height of its row, in points."""
    return {"label_width": round(GUIDE.label_width(label), 2),
            "row_height": round(GUIDE.masthead_row(plain_text(organisation), label, logo), 2)}


def boxes(sections: list[Section]) -> list[View]:
    """Return the sections grouped into boxes, each a heading and the parts shown under it.

    A section without a heading continues the box before it; a section with nothing in it
    is left out.
    """
    grouped: list[View] = []
    for section in sections:
        part = section_view(section)
        has_body = any(part[key] for key in ("body", "bullets", "emphasis", "outro", "links"))
        if not (part["heading"] or has_body):
            continue
        if grouped and not part["heading"]:
            grouped[-1]["parts"].append(part)
            grouped[-1]["has_body"] = grouped[-1]["has_body"] or has_body
        else:
            grouped.append({"heading": part["heading"], "parts": [part], "has_body": has_body})
    return grouped


def local_reviews_view(local: LocalReviews, workspace: Workspace) -> View:
    """Return the local case summaries: heading, intro, each review, outro."""
    return {
        "heading": local.heading or _(DEFAULT_LOCAL_REVIEWS_HEADING),
        "intro": paragraphs(local.intro),
        "reviews": [review_view(workspace.reviews[review_id]) for review_id in local.reviews],
        "outro": paragraphs(local.outro),
    }


def contact_block(heading: str, contact: Contact | None) -> View | None:
    """Return the contact block as the seed prints it, or None when there is no contact.

    The website comes first, then who to ask ("SCB Manager, Carole Preston on:"), then
    phone and email on one line ("01782 235863 / carole.preston@stoke.gov.uk").
    """
    if contact is None:
        return None
    shown = contact_view(contact)
    reach: list[Rich] = shown["direct"]
    website: Rich | None = shown["website"]
    who: Rich = shown["who"]
    if who and reach:
        who = who + _(" on:")
    lines = [
        website,
        plain(contact.organisation) if contact.organisation else None,
        *paragraphs(contact.address),
        who or None,
        join(reach, " / ") if reach else None,
    ]
    present = [line for line in lines if line]
    return {"heading": heading, "lines": present} if present else None


# The boxes, as both templates lay them out: every box is a heading and parts; every part an
# optional sub-heading and then these blocks, always in this order.
SLOTS = ("body", "findings", "lead", "bullets", "emphasis", "more", "questions", "outro",
         "links", "status")


def part(subheading: str = "", **blocks: Any) -> View:
    """Return a part of a box: a sub-heading (or '') and its blocks, every slot present."""
    return {"subheading": subheading, "subheading_continued": False,
            **{slot: list(blocks.get(slot, [])) for slot in SLOTS}}


def section_boxes(sections: list[Section]) -> list[View]:
    """Return the sections as boxes (a section without a heading joins the box before)."""
    return [box(grouped["heading"], "section",
                [part(**{slot: shown[slot] for slot in ("body", "bullets", "emphasis",
                                                        "outro", "links")})
                 for shown in grouped["parts"]])
            for grouped in boxes(sections)]


def box(heading: str, kind: str, parts: list[View]) -> View:
    """Return a box: its heading, its kind ('section', 'local-reviews', 'contact'), parts;
    ``tall`` (set by the plan) marks a box taller than a column, which must break;
    ``column_break`` (set by the plan) one that starts a column the plan balanced."""
    has_body = any(part_[slot] for part_ in parts for slot in SLOTS)
    return {"heading": heading, "kind": kind, "continued": False, "parts": parts,
            "has_body": has_body, "heading_shown": heading, "tall": False,
            "column_break": False}


def local_reviews_box(local: LocalReviews, workspace: Workspace,
                      limit: int | None) -> View:
    """Return the local case reviews as one box: intro, each review, outro."""
    parts = []
    if local.intro:
        parts.append(part(body=paragraphs(local.intro)))
    parts += [review_part(workspace.reviews[review_id], local.show_findings, limit)
              for review_id in local.reviews]
    if local.outro:
        parts.append(part(body=paragraphs(local.outro)))
    return box(local.heading or _(DEFAULT_LOCAL_REVIEWS_HEADING), "local-reviews", parts)


def review_part(review: Review, show_findings: bool, limit: int | None) -> View:
    """Return one review as a guide tells it: its title, its summary as sentences, its
    findings when asked for, its learning points (the first ``limit`` of them, and how many
    more the full report has), its questions and whether the report is published."""
    shown = review_view(review)
    points = shown["learning_points"]
    kept = points if limit is None else points[:limit]
    return part(
        shown["title"],
        body=shown["summary_sentences"],
        findings=shown["findings"] if show_findings else [],
        lead=[plain(shown["learning_points_intro"])] if kept else [],
        bullets=kept,
        more=[more_points(len(points) - len(kept), bool(kept))] if len(kept) < len(points)
        else [],
        questions=shown["questions"],
        status=[plain(shown["not_yet_published"])] if shown["not_yet_published"] else [],
    )


def more_points(count: int, some_shown: bool) -> Rich:
    """Return the line counting the learning points left out: 'And 7 more learning points in
    the full report.' ('… 7 learning points …' when none is shown)."""
    if some_shown:
        return plain(ngettext("And {count} more learning point in the full report.",
                              "And {count} more learning points in the full report.",
                              count).format(count=count))
    return plain(ngettext("The full report has {count} learning point.",
                          "The full report has {count} learning points.", count).format(count=count))


def contact_box(contact: View) -> View:
    """Return the contact block as the last box."""
    return box(contact["heading"], "contact", [part(body=contact["lines"])])


def guide_boxes(guide: OneMinuteGuide, workspace: Workspace, contact: View | None,
                limit: int | None) -> list[View]:
    """Return every box of the guide, in reading order, none cut."""
    local = guide.local_reviews
    split = len(guide.sections) if local is None or local.after is None else local.after
    found = section_boxes(guide.sections[:split])
    if local is not None:
        found.append(local_reviews_box(local, workspace, limit))
    found += section_boxes(guide.sections[split:])
    if contact:
        found.append(contact_box(contact))
    return found


# Planning: measure every box, flow the boxes down the columns, cut the ones too tall.

def plan_boxes(guide: OneMinuteGuide, workspace: Workspace, contact: View | None,
               guide_view: View, limits: list[int | None] | None = None
               ) -> tuple[list[View], Plan, list[View]]:
    """Return the boxes as the columns will hold them, the plan they follow, and the boxes
    before any was cut.

    Learning points are cut down, one a review at a time, only while the guide would run
    past two pages and the author has not set ``learning_points_limit``.
    """
    columns = guide_columns(str(guide.title), bool(guide_view["date"] or guide_view["version"]),
                            masthead=guide_view, organisation=str(workspace.organisation.name))
    return fit_boxes(columns, limits or learning_point_limits(guide, workspace),
                     lambda limit: guide_boxes(guide, workspace, contact, limit))


def fit_boxes(columns: Columns, limits: list[int | None],
              boxes_for: Callable[[int | None], list[View]]
              ) -> tuple[list[View], Plan, list[View]]:
    """Return the boxes as the columns will hold them, the plan they follow, and the boxes
    before any was cut, trying each limit on learning points in turn (loosest first) until
    the boxes fit in :data:`MAX_PAGES`, or the limits run out.

    The one-minute guide and the seven-minute briefing are both laid out this way; each
    placed box is marked ``tall`` (taller than a column after the first page) and
    ``column_break`` (it starts a column)."""
    for limit in limits:
        found = boxes_for(limit)
        plan = best_plan([measure(box_) for box_ in found], columns)
        if plan.pages <= MAX_PAGES:
            break
    return place_boxes(found, plan, columns), plan, found


def place_boxes(found: list[View], plan: Plan, columns: Columns) -> list[View]:
    """Return the boxes as ``plan`` places them in ``columns``, cut where it cuts them."""
    placed = cut_boxes(found, plan)
    for index, shown in enumerate(placed):
        shown["tall"] = measure(shown).height() > columns.other
        shown["column_break"] = index in plan.column_starts
    return placed


def replan(shown: View) -> View:
    """Return a guide's (or a seven-minute briefing's) view with its boxes planned again
    from the boxes before any was cut (``whole_boxes``): a bilingual document's boxes hold
    both languages, and are planned as they are; a version in one language says under its
    title that the other exists, which the columns start below."""
    organisation = str(shown["document"]["organisation"]["name"])
    masthead = {**shown["guide"], **masthead_measures(
        str(shown["guide"]["label"]), organisation, bool(shown["guide"]["with_logo"]))}
    columns = guide_columns(plain_text(str(shown["document"]["title"])),
                            bool(masthead["date"] or masthead["version"]),
                            plain_text(str(shown["document"].get("available_in", ""))),
                            masthead=masthead, organisation=organisation)
    found = [dict(box_) for box_ in shown["whole_boxes"]]
    plan = best_plan([measure(box_) for box_ in found], columns)
    return {**shown, "guide": masthead, "boxes": place_boxes(found, plan, columns),
            "fit": fit_view(found, plan)}


def learning_point_limits(guide: OneMinuteGuide, workspace: Workspace) -> list[int | None]:
    """Return the limits to try, loosest first: the author's, or none and then fewer and
    fewer learning points down to :data:`FEWEST_LEARNING_POINTS`."""
    local = guide.local_reviews
    if local is None:
        return [None]
    if local.learning_points_limit is not None:
        return [local.learning_points_limit]
    most = max((len(workspace.reviews[review_id].learning_points)
                for review_id in local.reviews), default=0)
    return [None, *range(most - 1, FEWEST_LEARNING_POINTS - 1, -1)]


def guide_columns(title: str, has_meta: bool, available: str = "", *,
                  masthead: View | None = None, organisation: str = "") -> Columns:
    """Return the guide's columns: two a page, the first page's below the masthead (and the
    line ``available`` saying the document is available in another language, if any); the
    masthead's row as tall as the ``organisation``'s name and the label of ``masthead``
    (:func:`masthead_view`) need."""
    top = GUIDE.masthead_height(
        title, has_meta, available, organisation=plain_text(organisation),
        label=str(masthead["label"]) if masthead else "",
        logo=bool(masthead and masthead["with_logo"]))
    return Columns(per_page=2, first=GUIDE.body_height - top,
                   other=GUIDE.body_height, gap=GUIDE.box_gap,
                   minimum=3 * GUIDE.body_pitch, margin=GUIDE.body_pitch)


def best_plan(measured: list[Measured], columns: Columns) -> Plan:
    """Return the plan keeping boxes whole, or the tighter one cutting them when that saves
    a page the guide may not have or a nearly empty last page."""
    whole = flow(measured, columns)
    if whole.pages == 1 or (whole.pages <= MAX_PAGES and whole.last_page_share() >= NEAR_EMPTY):
        return balance(whole, measured)
    tight = flow(measured, columns, fill=True)
    if tight.pages < whole.pages:
        return balance(tight, measured)
    return balance(spread(whole, measured, columns), measured)


def spread(plan: Plan, measured: list[Measured], columns: Columns) -> Plan:
    """Return ``plan``, or when its last page is nearly empty and no cut saves it, the plan
    that starts the last page earlier: the fewest whole boxes at the foot of the page before
    move over, so that no page holds a few lines alone."""
    if plan.pages < 2 or plan.last_page_share() >= NEAR_EMPTY:
        return plan
    last_page = (plan.pages - 1) * columns.per_page
    before = [piece for piece in plan.pieces
              if last_page - columns.per_page <= piece.column < last_page]
    for piece in reversed(before):
        if piece.continued:
            break
        moved = flow(measured, columns, breaks=frozenset({piece.box}))
        if moved.pages == plan.pages and moved.last_page_share() >= NEAR_EMPTY:
            return moved
    return plan


def blocks(box_: View) -> Iterator[tuple[int, str, int]]:
    """Yield every block of a box in reading order, as (part, slot, item); a sub-heading is
    the slot 'subheading'."""
    for number, part_ in enumerate(box_["parts"]):
        if part_["subheading"]:
            yield number, "subheading", 0
        for slot in SLOTS:
            for item in range(len(part_[slot])):
                yield number, slot, item


KEPT_WITH_NEXT = frozenset({"subheading", "lead"})
"""Blocks a column may not end on: a sub-heading, the line leading into the learning points."""


def measure(box_: View) -> Measured:
    """Return a box measured as the templates set it."""
    g = GUIDE
    head = g.border + g.padding_top
    if box_["heading"]:
        width = g.column_width - 2 * (g.border + g.heading_padding_inline)
        heading = max(line_count(text, width, g.heading_size, bold=True)
                      for text in (box_["heading"], box_["heading"] + _(CONTINUED)))
        head += heading * g.heading_pitch + 2 * g.heading_padding_block
    found = list(blocks(box_))
    heights = tuple(block_height(box_, found_block, index == 0)
                    for index, found_block in enumerate(found))
    keep = tuple(slot in KEPT_WITH_NEXT for _, slot, _ in found)
    resume = tuple(block_height(box_, (number, "subheading", 0), True)
                   if slot != "subheading" and box_["parts"][number]["subheading"] else 0.0
                   for number, slot, _ in found)
    foot = g.padding_bottom + g.border
    if box_["kind"] == "contact":
        head += g.contact_rule - g.border
    return Measured(head, heights, keep, foot, resume)


def block_height(box_: View, block: tuple[int, str, int], first: bool) -> float:
    """Return the height of one block of a box, its space after included."""
    g = GUIDE
    number, slot, item = block
    part_ = box_["parts"][number]
    if slot == "subheading":
        lines = line_count(part_["subheading"] + _(CONTINUED), g.measure - g.subheading_indent,
                           g.subheading_size, bold=True)
        before = g.subheading_before if first else max(g.subheading_before - g.after, 0.0)
        return before + lines * g.subheading_pitch + g.subheading_after
    text: Any = part_[slot][item]
    width, after = g.measure, g.after
    if slot == "links":
        text = text["text"]
    if slot in ("findings", "bullets", "emphasis"):
        width -= g.bullet_indent
    if slot == "questions":
        text, width = "Question: " + str(text), width - g.question_indent
    if box_["kind"] == "contact":
        after = g.contact_after
    lines = line_count(text, width, g.body_size, bold=slot == "status",
                       italic=slot in ("emphasis", "more"))
    languages = len(getattr(text, "versions", ())) or 1  # a paragraph a language in a bilingual box
    return lines * g.body_pitch + after * (languages if slot in ("body", "outro") else 1)


def cut_boxes(found: list[View], plan: Plan) -> list[View]:
    """Return the boxes as the plan places them: a box cut in two becomes two boxes, the
    second headed '… (continued)', its first review's title too when the cut falls inside
    that review."""
    placed = []
    for piece in plan.pieces:
        source = found[piece.box]
        every = list(blocks(source))
        if piece.start == 0 and piece.end == len(every):
            placed.append(source)
            continue
        placed.append(_piece(source, every[piece.start:piece.end], piece.start > 0))
    return placed


def _piece(source: View, chosen: list[tuple[int, str, int]], continued: bool) -> View:
    """Return the part of ``source`` holding only the ``chosen`` blocks."""
    parts: dict[int, View] = {}
    for number, slot, item in chosen:
        original = source["parts"][number]
        if number not in parts:
            parts[number] = part()
        if slot == "subheading":
            parts[number]["subheading"] = original["subheading"]
        else:
            parts[number][slot].append(original[slot][item])
    pieces = list(parts.values())
    first_number, first_slot = chosen[0][:2]
    if continued and first_slot != "subheading" and source["parts"][first_number]["subheading"]:
        pieces[0]["subheading"] = source["parts"][first_number]["subheading"] + _(CONTINUED)
        pieces[0]["subheading_continued"] = True
    cut = box(source["heading"], source["kind"], pieces)
    if continued and source["heading"]:
        cut["continued"] = True
        cut["heading_shown"] = source["heading"] + _(CONTINUED)
    return cut


def fit_view(whole: list[View], plan: Plan) -> View:
    """Return how the guide fits: its pages by the plan, and its longest box (``whole``: the
    boxes before any was cut), the one to shorten when the guide runs past two pages."""
    measured = [(measure(box_), box_) for box_ in whole]
    longest = max(measured, key=lambda pair: pair[0].height(), default=None)
    share = longest[0].height() / GUIDE.body_height if longest else 0.0
    columns = plan.columns
    return {"pages": plan.pages,
            "longest": longest[1]["heading"] if longest else "",
            "longest_share": round(share, 2),
            "masthead_share": round(1 - columns.first / columns.other, 2)}


MASTHEAD_SHARE = 0.4
"""The share of the first page a masthead may take before it, not a box, is what to
shorten (a usual masthead takes about a fifth)."""


def page_advice(shown: View) -> str:
    """Return what to shorten when the guide runs past two pages: its masthead when that
    takes much of the first page, else its longest box."""
    fit = shown.get("fit") or {}
    if fit.get("masthead_share", 0) > MASTHEAD_SHARE:
        return (f"its masthead takes about {round(100 * min(fit['masthead_share'], 1))} % of "
                "the first page: shorten the organisation's `name` in scrdocs.yaml, or the "
                "title")
    if not fit.get("longest"):
        return ""
    share = fit["longest_share"]
    size = (f"about {round(share)} columns long" if share >= 1.5
            else f"about {round(100 * share)} % of a column")
    return f"shorten its longest box, '{fit['longest']}' ({size}), or another box"
