"""The seven-minute briefing: the learning of one or more reviews, or of a theme, in seven
numbered boxes a team manager reads out in seven minutes.

Takes a briefing and its workspace; produces the view its templates lay out. The boxes are the
ones briefings across England and Wales share, always in this order: background; why it
matters; information (what happened); what we learned; what to do; questions for reflection;
further information. A box the briefing gives is shown as written; a box it leaves out is
drawn from its reviews (their summaries, findings, learning points, questions and links, the
profile's contact under further information). The page is the one-minute guide's — masthead,
boxes down two columns planned for both formats by :mod:`.one_minute_guide`, at most two
pages, a review's learning points cut down and counted when the briefing would run longer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, Strict, model_validator

from ..dates import PartialDate
from ..i18n import N_
from ..i18n import gettext as _
from ..markup import Rich, plain
from ..model import Contact, Section, Text, field_error
from ._base import DocumentBase
from ._view import View, date_text, document_view, review_view, section_view
from .one_minute_guide import (
    FEWEST_LEARNING_POINTS,
    GUIDE,
    box,
    contact_block,
    fit_boxes,
    fit_view,
    guide_columns,
    masthead_view,
    more_points,
    page_advice,
    part,
)

if TYPE_CHECKING:
    from ..model import Review
    from ..workspace import Workspace

# Translators: the masthead's name of the kind. Welsh: 'Brîff 7 Munud', as a published
# bilingual briefing has it; some boards write 'Sesiwn Friffio 7 Munud'.
BRIEFING_LABEL = N_("7 Minute Briefing")
"""What the masthead calls the document."""

BOXES: tuple[tuple[str, str], ...] = (
    ("background", N_("Background")),
    ("why_it_matters", N_("Why it matters")),
    ("information", N_("Information")),
    ("learning", N_("What we learned")),
    ("what_to_do", N_("What to do")),
    ("questions", N_("Questions for reflection")),
    ("further_information", N_("Further information")),
)
"""The seven boxes in order: the field that holds each, and its heading unless it gives one."""

FROM_REVIEWS = frozenset({"background", "information", "learning", "questions",
                          "further_information"})
"""The boxes a briefing may leave to its reviews; the others only the briefing can write."""

__all__ = ["BOXES", "BRIEFING_LABEL", "SevenMinuteBriefing", "page_advice", "unfilled_boxes",
           "view"]


class SevenMinuteBriefing(DocumentBase):
    """A seven-minute briefing (``kind: seven-minute-briefing``)."""

    kind: Literal["seven-minute-briefing"] = "seven-minute-briefing"
    title: Text
    date: PartialDate | None = None
    version: Text | Annotated[int, Strict()] | None = None
    reviews: list[Text] = Field(default=[], description=(
        "Review ids the briefing draws on, in order; boxes it leaves out come from them."))
    background: Section | None = Field(None, description="1. Background (default: each "
                                       "review's summary).")
    why_it_matters: Section | None = Field(None, description="2. Why it matters.")
    information: Section | None = Field(None, description="3. Information: what happened "
                                        "(default: each review's findings).")
    learning: Section | None = Field(None, description="4. What we learned (default: each "
                                     "review's learning points).")
    what_to_do: Section | None = Field(None, description="5. What to do, or think about.")
    questions: Section | None = Field(None, description="6. Questions for reflection "
                                      "(default: each review's questions).")
    further_information: Section | None = Field(None, description=(
        "7. Further information and links (default: each review's links and the contact)."))
    contact: Contact | None = Field(default=None, description="Defaults to the profile's contact.")
    learning_points_limit: Annotated[int, Strict()] | None = Field(
        None, ge=0, description="Show at most this many learning points of each review and "
                                "count the rest (default: as many as keep it on two pages).")

    @model_validator(mode="after")
    def _every_box_has_a_source(self) -> SevenMinuteBriefing:
        for field, heading in BOXES:
            if getattr(self, field) is None and (field not in FROM_REVIEWS or not self.reviews):
                hint = (" (or list the reviews it draws on under `reviews`)"
                        if field in FROM_REVIEWS else "")
                raise field_error((field,), (
                    f"a seven-minute briefing needs its '{heading}' box: give it as "
                    f"`{field}:` with a body or bullets{hint}"))
            given = getattr(self, field)
            if given is not None and not _has_content(given):
                raise field_error((field,), (
                    f"the '{heading}' box is empty, and the briefing would go out without "
                    f"it: give `{field}:` a body or bullets"))
        return self


def _has_content(section: Section) -> bool:
    """Return whether a box the briefing writes shows anything beyond its heading."""
    return bool(section.body or section.bullets or section.emphasis or section.outro
                or section.links)


def view(briefing: SevenMinuteBriefing, workspace: Workspace, draft: bool = False,
         limits: list[int | None] | None = None) -> View:
    """Return the seven-minute briefing laid out for the templates.

    :param limits: the limits on each review's learning points to try (default:
        :func:`learning_point_limits`); a bilingual render passes one, chosen for both
        languages together.
    """
    masthead = masthead_view(_(BRIEFING_LABEL), date_text(briefing.date), briefing.version,
                             str(workspace.organisation.name),
                             workspace.organisation.logo is not None)
    contact = contact_block("", briefing.contact or workspace.organisation.contact)
    reviews = [workspace.reviews[review_id] for review_id in briefing.reviews]
    columns = guide_columns(str(briefing.title), bool(masthead["date"] or masthead["version"]),
                            masthead=masthead, organisation=str(workspace.organisation.name))
    placed, plan, found = fit_boxes(
        columns, limits or learning_point_limits(briefing, reviews),
        lambda limit: briefing_boxes(briefing, reviews, contact, limit))
    return {
        "document": document_view(workspace.organisation, briefing, briefing.title,
                                  _(BRIEFING_LABEL), draft),
        "guide": masthead,
        "boxes": placed,
        "whole_boxes": found,
        "design": GUIDE.stylesheet_values(),
        "fit": fit_view(found, plan),
    }


def limits_for(briefing: SevenMinuteBriefing, workspace: Workspace) -> list[int | None]:
    """Return the limits on each review's learning points to try, loosest first."""
    return learning_point_limits(briefing, [workspace.reviews[review_id]
                                            for review_id in briefing.reviews])


def learning_point_limits(briefing: SevenMinuteBriefing,
                          reviews: list[Review]) -> list[int | None]:
    """Return the limits on each review's learning points to try, loosest first."""
    if briefing.learning is not None:
        return [None]
    if briefing.learning_points_limit is not None:
        return [briefing.learning_points_limit]
    most = max((len(review.learning_points) for review in reviews), default=0)
    return [None, *range(most - 1, FEWEST_LEARNING_POINTS - 1, -1)]


def briefing_boxes(briefing: SevenMinuteBriefing, reviews: list[Review], contact: View | None,
                   limit: int | None) -> list[View]:
    """Return the seven boxes, numbered, none cut; a box with nothing to show is left out."""
    found = []
    for number, (field, heading) in enumerate(BOXES, start=1):
        given: Section | None = getattr(briefing, field)
        parts = given_parts(given) if given else review_parts(field, reviews, limit)
        if field == "further_information" and contact:
            parts.append(part(body=contact["lines"]))
        shown = box(f"{number}. {given.heading if given and given.heading else _(heading)}",
                    "section", parts)
        if shown["has_body"]:
            found.append(shown)
    return found


def given_parts(section: Section) -> list[View]:
    """Return a box the briefing writes itself as one part."""
    shown = section_view(section)
    return [part(**{slot: shown[slot] for slot in ("body", "bullets", "emphasis", "outro",
                                                   "links")})]


def review_parts(field: str, reviews: list[Review], limit: int | None) -> list[View]:
    """Return a box drawn from the reviews: one part a review, under the review's title
    when there are several."""
    parts = []
    for review in reviews:
        shown = review_view(review)
        title = shown["title"] if len(reviews) > 1 else ""
        if field == "background":
            body = shown["summary_sentences"] if title else shown["summary_sentence"]
            parts.append(part(title, body=body))
        elif field == "information":
            parts.append(part(title, bullets=shown["findings"]))
        elif field == "learning":
            parts.append(learning_part(title, shown["learning_points"], limit))
        elif field == "questions":
            parts.append(part(title, bullets=shown["questions"]))
        elif field == "further_information":
            parts.append(part(body=[link["text"] for link in shown["links"]]
                              + status_lines(shown)))
    return [shown for shown in parts if any(shown[slot] for slot in shown
                                            if slot not in ("subheading",
                                                            "subheading_continued"))]


def learning_part(title: str, points: list[Rich], limit: int | None) -> View:
    """Return a review's learning points, the first ``limit`` of them and how many more."""
    kept = points if limit is None else points[:limit]
    more = [more_points(len(points) - len(kept), bool(kept))] if len(kept) < len(points) else []
    return part(title, bullets=kept, more=more)


def status_lines(shown: View) -> list[Rich]:
    """Return '… report – not yet published' for a review not yet published."""
    return [plain(shown["not_yet_published"])] if shown["not_yet_published"] else []


def unfilled_boxes(briefing: SevenMinuteBriefing, reviews: list[Review],
                   has_contact: bool) -> list[tuple[str, str]]:
    """Return each box the briefing leaves to its reviews that none of them fills, as
    (field, what to do): a briefing never goes out with one of its seven boxes missing.
    ``has_contact`` says whether the profile has a contact, which fills the last box."""
    found = []
    for field, heading in BOXES:
        if field not in FROM_REVIEWS or getattr(briefing, field) is not None or not reviews:
            continue
        if field == "further_information" and (briefing.contact or has_contact):
            continue
        if not review_parts(field, reviews, None):
            found.append((field, (f"none of the reviews listed gives the '{heading}' box "
                                  f"anything to show: write it as `{field}:` in the briefing")))
    return found
