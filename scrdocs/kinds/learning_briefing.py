"""The learning briefing: a themed newsletter of what recent reviews taught.

Takes a briefing and the reviews its themes name; produces the view both templates lay out:
masthead, contents, introduction, themes (each with its fast facts, further-information links
and the reviews that speak to it) and the references, with every fast fact's source listed
once among them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..dates import PartialDate
from ..design import TYPE
from ..fit import MM
from ..i18n import N_
from ..i18n import gettext as _
from ..markup import Rich, inline, paragraphs, plain
from ..model import Link, Model, Review, Section, Text, Url
from ._base import DocumentBase
from ._view import (
    View,
    bullets,
    date_text,
    document_view,
    link_view,
    linked,
    review_view,
    section_view,
    shown_url,
)

if TYPE_CHECKING:
    from ..workspace import Workspace


class FastFact(Model):
    """A figure with its text and where it comes from."""

    figure: Text
    text: Text
    source: Text = Field(description="Where the figure comes from; required.")
    as_of: PartialDate | None = None
    url: Url | None = None


class Theme(Model):
    """A themed section of a briefing and the reviews that speak to it."""

    title: Text
    intro: Text | None = None
    bullets: list[Text] = []
    outro: Text | None = None
    fast_facts: list[FastFact] = []
    more_information_intro: Text | None = Field(
        None, description="A line above the links, e.g. 'Pan Sussex Procedures:'.")
    more_information: list[Link] = []
    reviews: list[Text] = Field(default=[], description="Review ids, in the order shown.")


class LearningBriefing(DocumentBase):
    """A learning briefing (``kind: learning-briefing``)."""

    kind: Literal["learning-briefing"] = "learning-briefing"
    title: Text
    edition: Text | None = None
    headline: Text | None = None
    author: Text | None = None
    introduction: list[Section] = []
    themes: list[Theme] = Field(min_length=1)
    final_word: Section | None = None
    references: list[Text] = []


FINAL_WORD_HEADING = N_("A final word")
"""The final word's heading when its section has none."""


@dataclass(frozen=True)
class BriefingDesign:
    """The briefing's own measurements, in points, besides the shared type scale
    (:mod:`scrdocs.design`): the masthead, the theme bands, the side column of boxes (a
    float beside the text in the PDF, a floating table in Word) and the rules beside
    reviews and questions. The HTML template's stylesheet and the Word template
    (``tools/layouts/learning_briefing.py``) are both drawn from these."""

    logo_height: float = 14 * MM
    masthead_padding_top: float = 7 * MM
    masthead_padding_inline: float = 8 * MM
    masthead_padding_bottom: float = 6 * MM
    masthead_rule: float = 5
    masthead_after: float = 7 * MM
    organisation_size: float = 9.5
    title_size: float = 30
    title_line: float = 1.15
    edition_size: float = 15
    headline_size: float = 20
    theme_size: float = 15
    theme_padding_block: float = 2.5 * MM
    theme_padding_inline: float = 4 * MM
    theme_before: float = 9 * MM
    theme_after: float = 5 * MM
    side_width: float = 58 * MM
    side_gap: float = 7 * MM
    side_after: float = 5 * MM
    side_size: float = 9.5
    side_line: float = 1.35
    box_rule: float = 4
    box_padding_top: float = 3 * MM
    box_padding_inline: float = 4 * MM
    box_padding_bottom: float = 2 * MM
    box_title_after: float = 2 * MM
    figure_size: float = 22
    figure_line: float = 1.1
    source_size: float = 8
    fact_rule: float = 1
    fact_gap: float = 2.5 * MM
    review_rule: float = 4
    review_padding: float = 3 * MM
    review_before: float = 6 * MM
    question_rule: float = 2
    question_padding: float = 3 * MM

    def stylesheet_values(self) -> dict[str, str]:
        """Return every measurement as CSS reads it ('9.5pt'), for the HTML template, with
        the space after a list: the last item's own, as Word leaves it."""
        values = {**asdict(self), "list_after": TYPE["list"].after,
                  "side_pitch": self.side_size * self.side_line,
                  "figure_pitch": self.figure_size * self.figure_line,
                  "title_pitch": self.title_size * self.title_line}
        shown = {name: f"{value:.2f}pt".replace(".00pt", "pt") for name, value in values.items()}
        return {**shown, "side_line": f"{self.side_line:g}", "title_line": f"{self.title_line:g}",
                "figure_line": f"{self.figure_line:g}"}


BRIEFING = BriefingDesign()


def view(briefing: LearningBriefing, workspace: Workspace, draft: bool = False) -> View:
    """Return the learning briefing laid out for the templates."""
    themes = [theme_view(theme, number, workspace.reviews)
              for number, theme in enumerate(briefing.themes, start=1)]
    return {
        "document": document_view(workspace.organisation, briefing, briefing.title,
                                  briefing.edition or "", draft),
        "briefing": {
            "title": briefing.title,
            "edition": briefing.edition or "",
            "headline": briefing.headline or "",
            "author": inline(briefing.author) if briefing.author else None,
        },
        "contents": [{"title": theme["title"], "anchor": theme["anchor"]} for theme in themes],
        "introduction": [section_view(section) for section in briefing.introduction],
        "themes": themes,
        "final_word": final_word_view(briefing.final_word),
        "references": references(briefing),
        "design": BRIEFING.stylesheet_values(),
    }


def theme_view(theme: Theme, number: int, reviews: dict[str, Review]) -> View:
    """Return one theme: its prose, its side column and the reviews that speak to it."""
    return {
        "anchor": f"theme-{number}",
        "title": theme.title,
        "intro": paragraphs(theme.intro),
        "bullets": bullets(theme.bullets),
        "outro": paragraphs(theme.outro),
        "fast_facts": [fast_fact_view(fact) for fact in theme.fast_facts],
        "more_information_intro": paragraphs(theme.more_information_intro),
        "more_information": [link_view(link) for link in theme.more_information],
        "has_aside": bool(theme.fast_facts or theme.more_information
                          or theme.more_information_intro),
        "reviews": [briefing_review_view(reviews[review_id]) for review_id in theme.reviews],
    }


def briefing_review_view(review: Review) -> View:
    """Return a review as a briefing tells it; no learning points means no line leading
    into them."""
    shown = review_view(review)
    if not review.learning_points:
        shown["learning_points_intro"] = ""
    return shown


def fast_fact_view(fact: FastFact) -> View:
    """Return a fast fact: the figure, its text, and the line saying where it comes from."""
    return {
        "figure": fact.figure,
        "text": inline(fact.text),
        "source": source_text(fact),
        "as_of": date_text(fact.as_of),
        "citation": citation(fact),
    }


def source_text(fact: FastFact) -> Rich:
    """Return a fact's source, linked to its address when it has one."""
    if fact.url:
        return linked(fact.source, fact.url)
    return inline(fact.source)


def citation(fact: FastFact) -> Rich:
    """Return 'Source: CEOP, 2011', with '(as at March 2018)' when the figure is dated."""
    line = plain(_("Source:") + " ") + source_text(fact)
    if fact.as_of:
        line = line + " " + _("(as at {date})").format(date=date_text(fact.as_of))
    return line


def final_word_view(section: Section | None) -> View | None:
    """Return the closing section, headed 'A final word' unless it names its own heading."""
    if section is None:
        return None
    shown = section_view(section)
    shown["heading"] = shown["heading"] or _(FINAL_WORD_HEADING)
    return shown


def references(briefing: LearningBriefing) -> list[Rich]:
    """Return the references, then the source of every fast fact not already among them.

    An entry repeats another when its words or one of its addresses are the same. A fact's
    source is already listed when a reference has its address, or, for a source without an
    address, when a reference carries its words in order ('CEOP, 2011' in 'Child Exploitation
    and Online Protection Centre (CEOP) (2011) …'), as an author–date citation points to its
    reference.
    """
    listed: list[Rich] = []
    for reference in briefing.references:
        entry = inline(reference)
        if not _repeats(entry, listed):
            listed.append(entry)
    for theme in briefing.themes:
        for fact in theme.fast_facts:
            entry = _source_reference(fact)
            if not _repeats(entry, listed) and not _cited_by(fact, listed):
                listed.append(entry)
    return listed


def _source_reference(fact: FastFact) -> Rich:
    """Return a fact's source as a reference: its text, then its address when it has one."""
    entry = inline(fact.source)
    if fact.url:
        entry = entry + ", " + linked(shown_url(fact.url), fact.url)
    return entry


_WORD = re.compile(r"[^\W_]+")


def _words(text: Rich | str) -> tuple[str, ...]:
    """Return the comparable words of a text: NFKC, case-folded, punctuation dropped."""
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", str(text)).casefold()))


def _urls(entry: Rich) -> set[str]:
    return {span.url.rstrip("/") for span in entry if span.url}


def _repeats(entry: Rich, listed: list[Rich]) -> bool:
    """Return whether ``entry`` has the same words or shares an address with a listed one."""
    return any(_words(entry) == _words(other) or _urls(entry) & _urls(other)
               for other in listed)


def _cited_by(fact: FastFact, listed: list[Rich]) -> bool:
    """Return whether a fact's source (without an address of its own) names a listed
    reference: every word of the source appears, in order, in one reference."""
    if fact.url:
        return False
    wanted = _words(inline(fact.source))
    return bool(wanted) and any(_in_order(wanted, _words(other)) for other in listed)


def _in_order(wanted: tuple[str, ...], words: tuple[str, ...]) -> bool:
    remaining = iter(words)
    return all(word in remaining for word in wanted)
