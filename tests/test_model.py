"""The data contract's shared types: text, links, colours, labels (scrdocs.model)."""

from __future__ import annotations

import pytest

from scrdocs.errors import DataError
from scrdocs.model import (
    MAX_TEXT_LENGTH,
    ActionStatus,
    Colours,
    Link,
    Organisation,
    Review,
    ReviewType,
    describe_value,
)


@pytest.mark.parametrize(("review_type", "title", "short"), [
    ("serious-case-review", "Serious Case Review Jasmine", "SCR Jasmine"),
    ("safeguarding-practice-review", "Child Safeguarding Practice Review Jasmine",
     "CSPR Jasmine"),
    ("learning-review", "Learning Review Jasmine", "LR Jasmine"),
    ("rapid-review", "Rapid Review Jasmine", "RR Jasmine"),
])
def test_review_titles_follow_review_type(review_type, title, short):
    """A review's heading and short name come from its type and pseudonym."""
    review = Review(name="Jasmine", review_type=ReviewType(review_type))
    assert (review.title, review.short_title) == (title, short)


def test_action_status_labels():
    """Action statuses read as sentence case in tables."""
    assert [s.label for s in ActionStatus] == ["Planned", "In progress", "Complete", "Overdue"]


def test_colours_are_normalised_to_upper_case():
    """A house colour written in lower case is kept as upper-case #RRGGBB."""
    assert Colours(primary="#1d70b8").primary == "#1D70B8"


@pytest.mark.parametrize("url", ["https://example.org/report.pdf", "http://example.org",
                                 "mailto:lscp@example.org", "tel:+44 1234 567890"])
def test_web_addresses_are_accepted(url):
    """https://, http://, mailto: and tel: addresses are links."""
    assert Link(title="Report", url=url).url == url


def test_url_is_trimmed():
    """Spaces around a web address are dropped."""
    assert Link(title="Report", url=" https://example.org ").url == "https://example.org"


@pytest.mark.parametrize("text", ["", "   ", "Child\x00Q", "Child\x7fQ", "Child\x1bQ"])
def test_text_refuses_empty_and_control_characters(text):
    """Text must hold something visible and no control characters."""
    with pytest.raises(DataError) as caught:
        Review(name=text)
    assert [problem.path for problem in caught.value.problems] == ["name"]


def test_text_has_a_length_limit():
    """Text longer than MAX_TEXT_LENGTH is refused with both numbers in the message."""
    with pytest.raises(DataError, match=f"summary: .* the limit is {MAX_TEXT_LENGTH}"):
        Review(name="Q", summary="x" * (MAX_TEXT_LENGTH + 1))


def test_text_keeps_markup_and_unicode():
    """Inline markup, accents and typographic quotes pass through unchanged."""
    summary = "**Françoise** said “she’s *fine*” – see [report](https://example.org)."
    assert Review(name="Q", summary=summary).summary == summary


def test_organisation_defaults():
    """An organisation needs only a name; language and marking have defaults."""
    organisation = Organisation(name="Anyshire SCP")
    assert (organisation.language, organisation.marking.value) == ("en-GB", "none")


def test_models_are_frozen():
    """Loaded models cannot be changed by accident; the error says how to change a copy."""
    review = Review(name="Q")
    with pytest.raises(DataError, match=r"name: cannot be changed: .*model_copy\(update="):
        review.name = "R"  # type: ignore[misc]


@pytest.mark.parametrize(("value", "words"), [
    (None, "nothing"), (True, "yes/no (true/false)"), (3, "a number"), (1.5, "a number"),
    ("x", "text"), ([], "a list"), ({}, "a set of fields"),
])
def test_describe_value_uses_plain_words(value, words):
    """Values are described as a non-programmer would name them."""
    assert describe_value(value) == words


@pytest.mark.parametrize(("review_type", "title", "fact"), [
    ("single-unified-safeguarding-review", "Single Unified Safeguarding Review Child T",
     "Single Unified Safeguarding Review"),
    ("child-practice-review-concise", "Child Practice Review Child T",
     "Concise Child Practice Review"),
    ("child-practice-review-extended", "Child Practice Review Child T",
     "Extended Child Practice Review"),
])
def test_welsh_review_types_have_their_published_names(review_type: str, title: str,
                                                       fact: str) -> None:
    """Wales' review types head a review by the name Welsh boards publish, and its facts
    say which kind of Child Practice Review it was."""
    from scrdocs.kinds._view import review_facts

    review = Review.model_validate({"id": "t", "name": "Child T", "review_type": review_type})
    assert review.title == title
    assert {"label": "Type", "value": fact} in [
        {"label": row["label"], "value": str(row["value"])} for row in review_facts(review)]
