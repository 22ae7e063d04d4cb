"""The Python API raises scrdocs' own errors only: models built in code, missing references,
unknown formats and arguments of the wrong kind each give a ScrdocsError subclass that says
what is wrong and where (README, "Errors")."""

from __future__ import annotations

import pytest
from helpers import MINUTES

import scrdocs
from scrdocs import (
    ActionStatus,
    ArgumentError,
    CommitteeReport,
    DataError,
    FormatError,
    LocalReviews,
    Minutes,
    OneMinuteGuide,
    Organisation,
    OutputError,
    PartialDate,
    ResolutionList,
    Review,
    ReviewType,
    ScrdocsError,
    Section,
    Workspace,
)
from scrdocs.build import build as build_with_report


def _paths(error: DataError) -> list[str]:
    return [problem.path for problem in error.problems]


def _guide(*review_ids: str) -> OneMinuteGuide:
    """Return a one-minute guide whose local reviews are ``review_ids`` (none: no block)."""
    return OneMinuteGuide(
        title="Children missing education",
        sections=[Section(heading="What to do", bullets=["Ask where the child is."])],
        local_reviews=LocalReviews(reviews=list(review_ids)) if review_ids else None)


# --- models built in code -------------------------------------------------------------

def test_model_built_with_a_wrong_value_raises_data_error_with_the_field_path():
    """Review(name=5) is a DataError (still a ValueError) naming the field, not pydantic's
    ValidationError."""
    with pytest.raises(DataError) as caught:
        Review(name=5)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ScrdocsError)
    assert [str(p) for p in caught.value.problems] == [
        "<data>: name: expected text, got a number"]


def test_model_validate_lists_every_problem_with_nested_paths():
    """model_validate reports every problem at once, each with its full field path."""
    with pytest.raises(DataError) as caught:
        Review.model_validate({"name": "Q", "learning_pionts": [], "published": "2021-13",
                               "actions": [{"action": "Audit.", "status": "done"}]})
    messages = {p.path: p.message for p in caught.value.problems}
    assert messages == {
        "actions.0.status": "'done' is not allowed; use one of: planned, in-progress, "
                            "complete, overdue",
        "learning_pionts": "unknown field 'learning_pionts'; did you mean 'learning_points'?",
        "published": "'2021-13' is not a date: there is no month 13",
    }


def test_model_validate_json_raises_data_error():
    """Models read from JSON text in code report as DataError too."""
    with pytest.raises(DataError, match="name: expected text, got a number"):
        Review.model_validate_json('{"name": 7}')


def test_document_built_with_an_impossible_date_names_the_nested_field():
    """A committee report whose meeting is on 30 February names meeting.date."""
    with pytest.raises(DataError) as caught:
        CommitteeReport(meeting={"committee": "Scrutiny", "date": "2021-02-30"},
                        item={"title": "Review Q"})
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("meeting.date", "'2021-02-30' is not a date: February 2021 has 28 days")]


def test_partial_date_parse_raises_data_error():
    """PartialDate.parse refuses an impossible date with DataError, a ValueError as before."""
    with pytest.raises(DataError, match="there is no month 13"):
        PartialDate.parse("2021-13")


def test_model_copy_validates_the_update():
    """model_copy(update=…) reads text as a file would: an enumeration's value and a date
    become the model's values, and the copy keeps the fields it had."""
    review = Review(name="Q", actions=[{"action": "Audit."}])
    changed = review.model_copy(update={"review_type": "learning-review",
                                        "published": "2025-06"})
    assert changed.review_type is ReviewType.LEARNING_REVIEW
    assert changed.published == PartialDate(2025, 6)
    assert changed.title == "Learning Review Q"
    assert changed.actions == review.actions
    assert changed.model_fields_set == {"name", "actions", "review_type", "published"}
    done = review.actions[0].model_copy(update={"status": "complete"})
    assert done.status is ActionStatus.COMPLETE


def test_model_copy_refuses_an_invalid_value():
    """An update with a status that does not exist is a DataError listing the choices."""
    action = Review(name="Q", actions=[{"action": "Audit."}]).actions[0]
    with pytest.raises(DataError) as caught:
        action.model_copy(update={"status": "done"})
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("status", ("'done' is not allowed; use one of: planned, in-progress, complete, "
                   "overdue"))]


def test_model_copy_refuses_an_unknown_field():
    """A misspelt field in an update is refused with a did-you-mean, not silently kept."""
    with pytest.raises(DataError, match="did you mean 'learning_points'"):
        Review(name="Q").model_copy(update={"learning_pionts": ["Listen."]})


def test_assigning_to_a_model_says_how_to_change_a_copy():
    """Models are frozen: assignment is a DataError pointing at model_copy."""
    review = Review(name="Q")
    with pytest.raises(DataError, match=r"name: cannot be changed: .*model_copy"):
        review.name = "R"  # type: ignore[misc]
    assert review.name == "Q"


# --- references between the parts of a workspace ---------------------------------------

def test_render_of_a_document_naming_a_missing_review_is_a_data_error():
    """A guide naming a review the workspace lacks: DataError naming the document and the
    review id, not KeyError, in every format."""
    guide = _guide("child-x")
    workspace = Workspace(Organisation(name="Anyshire SCP"),
                          reviews={"child-b": Review(name="Child B")},
                          documents={"guide": guide})
    for format in scrdocs.FORMATS:
        with pytest.raises(DataError) as caught:
            scrdocs.render(guide, workspace, format)
        assert [str(p) for p in caught.value.problems] == [
            ("<data>: documents.guide.local_reviews.reviews.0: there is no review 'child-x' "
            "(did you mean 'child-b'?); reviews in this workspace: child-b")]


def test_loaded_document_missing_its_review_names_its_file(make_workspace):
    """A review taken out of a loaded workspace: reviews_for and resolve name the document
    file and the review id."""
    workspace = scrdocs.load_workspace(make_workspace())
    del workspace.reviews["jasmine"]
    document = workspace.documents["report-jasmine"]
    for call in (workspace.reviews_for, workspace.resolve):
        with pytest.raises(DataError) as caught:
            call(document)
        [problem] = caught.value.problems
        assert problem.file is not None and problem.file.name == "report-jasmine.yaml"
        assert (problem.path, problem.message) == (
            "item.review", "there is no review 'jasmine'; reviews in this workspace: (none)")


def test_resolve_of_a_resolution_list_without_its_minutes_is_a_data_error():
    """A resolution list naming minutes the workspace lacks: DataError naming the field."""
    listed = ResolutionList(minutes="minutes-july")
    workspace = Workspace(Organisation(name="Anyshire SCP"), documents={"resolutions": listed})
    with pytest.raises(DataError) as caught:
        workspace.resolve(listed)
    assert [str(p) for p in caught.value.problems] == [
        ("<data>: documents.resolutions.minutes: there is no minutes document "
        "'minutes-july'; minutes documents here: (none)")]


def test_workspace_validate_lists_every_problem(tmp_path):
    """Workspace.validate checks a workspace built in code as loading checks files: every
    missing review, missing minutes and mismatched review id in one DataError."""
    (tmp_path / "minutes.yaml").write_text(MINUTES, encoding="utf-8")
    minutes = scrdocs.load_document(tmp_path / "minutes.yaml")
    assert isinstance(minutes, Minutes)
    workspace = Workspace(
        Organisation(name="Anyshire SCP"),
        reviews={"child-b": Review(id="child-c", name="Child B")},
        documents={"guide": _guide("child-b", "child-x"), "minutes": minutes,
                   "resolutions": ResolutionList(minutes="minutes-june")})
    with pytest.raises(DataError) as caught:
        workspace.validate()
    assert sorted(str(p) for p in caught.value.problems) == [
        ("<data>: documents.guide.local_reviews.reviews.1: there is no review 'child-x' "
        "(did you mean 'child-b'?); reviews in this workspace: child-b"),
        ("<data>: documents.minutes.items.0.review: there is no review 'jasmine'; reviews in "
        "this workspace: child-b"),
        ("<data>: documents.resolutions.minutes: there is no minutes document "
        "'minutes-june'; minutes documents here: minutes"),
        ("<data>: reviews.child-b.id: the review is kept under the id 'child-b' but says its "
        "id is 'child-c'; make them the same"),
    ]


def test_workspace_validate_passes_a_sound_workspace():
    """A workspace whose references all resolve validates without a word."""
    workspace = Workspace(Organisation(name="Anyshire SCP"),
                          reviews={"child-b": Review(id="child-b", name="Child B")},
                          documents={"guide": _guide("child-b")})
    assert workspace.validate() is None


# --- formats and arguments ---------------------------------------------------------------

def test_unknown_format_is_a_format_error_listing_the_choices():
    """render(…, "odt") raises FormatError: an OutputError and a ValueError, with the
    formats scrdocs writes."""
    with pytest.raises(FormatError) as caught:
        scrdocs.render(_guide(), None, "odt")
    assert isinstance(caught.value, OutputError) and isinstance(caught.value, ValueError)
    assert str(caught.value) == "unknown format 'odt'; choose one of docx, pdf, html"


def test_render_to_path_with_an_unknown_suffix_names_the_file(tmp_path):
    """A path ending .txt cannot tell the format: FormatError naming the path; nothing
    is written."""
    target = tmp_path / "guide.txt"
    with pytest.raises(FormatError, match=r"guide\.txt: cannot tell the format .* \.docx, "
                                          r"\.pdf, \.html"):
        scrdocs.render_to_path(_guide(), None, target)
    assert list(tmp_path.iterdir()) == []


def test_build_with_an_unknown_format_is_a_format_error(tmp_path):
    """scrdocs.build refuses an unknown format before writing anything."""
    workspace = Workspace(Organisation(name="Anyshire SCP"), documents={"guide": _guide()})
    with pytest.raises(FormatError, match="unknown format 'odt'"):
        scrdocs.build(workspace, tmp_path / "out", ["pdf", "odt"])
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_the_build_module_refuses_an_unknown_format_as_scrdocs_build_does(tmp_path):
    """scrdocs.build.build (the module's function, which returns the whole report) raises
    the same FormatError, not a bare ValueError, and takes one format as a string."""
    workspace = Workspace(Organisation(name="Anyshire SCP"), documents={"guide": _guide()})
    with pytest.raises(FormatError, match="unknown format 'odt'"):
        build_with_report(workspace, tmp_path / "out", ["pdf", "odt"])
    report = build_with_report(workspace, tmp_path / "out", "html")
    assert [path.name for path in report.written] == ["guide.html"]


def test_render_without_a_workspace_uses_a_placeholder_organisation():
    """render(document, None) renders a document that needs no reviews for the placeholder
    organisation, as the docstring says."""
    html = scrdocs.render(_guide(), None, "html").decode("utf-8")
    assert "Your Safeguarding Children Partnership" in html
    assert "Ask where the child is." in html


def test_render_without_a_workspace_of_a_document_using_reviews_asks_for_one():
    """Without a workspace, a document that draws on reviews is a DataError saying which
    reviews and what to pass."""
    with pytest.raises(DataError, match=r"draws on the reviews child-b; pass the workspace "
                                        r"that holds them"):
        scrdocs.render(_guide("child-b"), None, "html")


@pytest.mark.parametrize(("document", "workspace", "words"), [
    pytest.param("documents/guide.yaml", None, "expected a document", id="path-as-document"),
    pytest.param(None, "data/thurrock", "expected a Workspace, got str", id="path-as-workspace"),
])
def test_arguments_of_the_wrong_kind_are_an_argument_error(document, workspace, words):
    """A file name where a loaded document or workspace belongs is an ArgumentError (a
    TypeError) saying what to pass instead."""
    with pytest.raises(ArgumentError, match=words) as caught:
        scrdocs.render(document or _guide(), workspace, "html")
    assert isinstance(caught.value, TypeError)
