"""Loading a workspace, a review or a document, and cross-checking them (scrdocs.workspace)."""

from __future__ import annotations

import pytest
from helpers import MINUTES

from scrdocs.dates import PartialDate
from scrdocs.errors import DataError
from scrdocs.kinds import CommitteeReport, Minutes, ResolutionList
from scrdocs.model import ActionStatus, Organisation, Review, ReviewType
from scrdocs.workspace import (
    Workspace,
    find_workspace,
    load_document,
    load_review,
    load_workspace,
)


def test_load_workspace_returns_models(workspace):
    """The profile, reviews and documents load as validated models."""
    ws = load_workspace(workspace)
    assert ws.organisation.name == "Anyshire Safeguarding Children Partnership"
    review = ws.reviews["jasmine"]
    assert review.published == PartialDate(2021, 4)
    assert review.actions[0].status is ActionStatus.IN_PROGRESS
    assert isinstance(ws.documents["report-jasmine"], CommitteeReport)
    assert ws.root == workspace


def test_review_id_defaults_to_file_stem(workspace):
    """A review without `id:` takes its file name without the suffix as its id."""
    ws = load_workspace(workspace)
    assert ws.reviews["jasmine"].id == "jasmine"
    assert ws.review_files["jasmine"] == workspace / "reviews" / "jasmine.yaml"


def test_explicit_review_id_wins(make_workspace):
    """A review's own `id:` is used instead of its file name."""
    root = make_workspace({"reviews/2022-child-q.yaml": "id: child-q\nname: Child Q\n"})
    assert "child-q" in load_workspace(root).reviews


def test_load_workspace_accepts_the_profile_path(workspace):
    """The workspace may be named by its folder or by its scrdocs.yaml."""
    assert load_workspace(workspace / "scrdocs.yaml").reviews.keys() == {"jasmine"}


def test_reviews_for_returns_the_reviews_a_document_uses(workspace):
    """reviews_for maps each review id a document refers to onto the review."""
    ws = load_workspace(workspace)
    assert ws.reviews_for(ws.documents["report-jasmine"]) == {"jasmine": ws.reviews["jasmine"]}


def test_json_review_in_a_workspace(make_workspace):
    """A review written as JSON in reviews/ loads like a YAML one."""
    root = make_workspace({"reviews/child-q.json":
                           '{"name": "Child Q", "published": "2022-03", "themes": ["neglect"]}'})
    assert load_workspace(root).reviews["child-q"].published == PartialDate(2022, 3)


def test_hidden_and_other_files_are_ignored(make_workspace):
    """Only .yaml, .yml and .json files count; hidden files and notes are left alone."""
    root = make_workspace({"reviews/.draft.yaml": "name: [", "reviews/notes.txt": "name: ["})
    assert load_workspace(root).reviews.keys() == {"jasmine"}


def test_duplicate_review_ids_name_both_files(make_workspace):
    """Two review files with the same `id:` are an error naming both files."""
    root = make_workspace({"reviews/other.yaml": "# copied\nid: jasmine\nname: Jasmine\n"})
    with pytest.raises(DataError) as caught:
        load_workspace(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (root / "reviews" / "other.yaml", 2, "id")
    assert "the review id 'jasmine' is already used by jasmine.yaml" in problem.message


def test_not_a_workspace_is_a_data_error(tmp_path):
    """A folder without scrdocs.yaml is refused with a hint to start one."""
    with pytest.raises(DataError, match="there is no scrdocs.yaml in it"):
        load_workspace(tmp_path)
    with pytest.raises(DataError, match="it does not exist"):
        load_workspace(tmp_path / "absent")


def test_find_workspace_walks_up(workspace):
    """find_workspace finds the folder holding scrdocs.yaml from anywhere below it."""
    assert find_workspace(workspace / "reviews" / "jasmine.yaml") == workspace.resolve()
    assert find_workspace(workspace / "documents") == workspace.resolve()


def test_load_review_reads_one_file(workspace):
    """load_review loads a single review file, its id taken from the file name."""
    review = load_review(workspace / "reviews" / "jasmine.yaml")
    assert (review.id, review.title, review.short_title) == (
        "jasmine", "Serious Case Review Jasmine", "SCR Jasmine")


def test_load_review_reports_problems(tmp_path):
    """load_review raises DataError with every problem in the file."""
    path = tmp_path / "child-q.yaml"
    path.write_text("name: Child Q\npublished: 2021-13\nstatus: open\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_review(path)
    assert [(p.line, p.path) for p in caught.value.problems] == [(2, "published"), (3, "status")]


def test_load_document_chooses_the_model_by_kind(workspace):
    """load_document reads one file and builds the model its `kind:` names."""
    document = load_document(workspace / "documents" / "report-jasmine.yaml")
    assert isinstance(document, CommitteeReport)
    assert document.review_ids() == ["jasmine"]


def test_load_document_does_not_check_review_ids(tmp_path):
    """A single document loads even when the review it names is not at hand."""
    path = tmp_path / "report.yaml"
    path.write_text("kind: committee-report\nmeeting: {committee: C}\n"
                    "item: {title: T, review: nowhere}\n", encoding="utf-8")
    assert load_document(path).review_ids() == ["nowhere"]


def test_load_document_refuses_a_file_that_is_not_fields(tmp_path):
    """A document file holding a list is refused with a hint to start with `kind:`."""
    path = tmp_path / "report.yaml"
    path.write_text("- kind: minutes\n", encoding="utf-8")
    with pytest.raises(DataError, match="starting with `kind:`"):
        load_document(path)


def test_workspace_built_in_code():
    """A Workspace can be built from models in Python, without files."""
    review = Review(name="Child Q", review_type=ReviewType.SAFEGUARDING_PRACTICE_REVIEW,
                    published="2022-03")
    ws = Workspace(Organisation(name="City and Hackney SCP"), reviews={"child-q": review})
    assert ws.reviews["child-q"].title == "Child Safeguarding Practice Review Child Q"
    assert review.published is not None and review.published.long() == "March 2022"
    assert ws.organisation.colours.primary == "#1D4F91"


def test_models_built_in_code_are_validated():
    """Models built in Python refuse what a file would be refused for, as a DataError."""
    with pytest.raises(DataError, match="name: expected text, got a number"):
        Review(name=42)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="did you mean 'learning_points'"):
        Review(name="Child Q", learning_pionts=[])  # type: ignore[call-arg]


def test_resolution_list_takes_items_from_minutes(make_workspace):
    """A resolution list naming a minutes document gets that meeting and its items."""
    root = make_workspace({"documents/minutes-july.yaml": MINUTES,
                           "documents/resolutions-july.yaml":
                           "kind: resolution-list\nminutes: minutes-july\n"})
    ws = load_workspace(root)
    listed = ws.documents["resolutions-july"]
    assert isinstance(listed, ResolutionList) and listed.items == []
    resolved = ws.resolve(listed)
    minutes = ws.documents["minutes-july"]
    assert isinstance(resolved, ResolutionList) and isinstance(minutes, Minutes)
    assert resolved.meeting == minutes.meeting
    assert resolved.items[0].resolutions == [
        "That the Committee notes the learning from Serious Case Review Jasmine."]


def test_resolution_list_may_name_minutes_with_suffix(make_workspace):
    """`minutes: minutes-july.yaml` names the same document as `minutes: minutes-july`."""
    root = make_workspace({"documents/minutes-july.yaml": MINUTES,
                           "documents/resolutions-july.yaml":
                           "kind: resolution-list\nminutes: minutes-july.yaml\n"})
    ws = load_workspace(root)
    assert ws.resolve(ws.documents["resolutions-july"]).items[0].number == 5


def test_resolve_leaves_other_documents_alone(workspace):
    """resolve returns documents that refer to no other document unchanged."""
    ws = load_workspace(workspace)
    report = ws.documents["report-jasmine"]
    assert ws.resolve(report) is report


def test_resolution_list_naming_a_non_minutes_document_is_refused(make_workspace):
    """A resolution list naming a document that is not minutes lists the minutes there are."""
    root = make_workspace({"documents/minutes-july.yaml": MINUTES,
                           "documents/resolutions.yaml":
                           "kind: resolution-list\nminutes: report-jasmine\n"})
    with pytest.raises(DataError, match="minutes documents here: minutes-july"):
        load_workspace(root)


def test_invalid_review_does_not_cascade(make_workspace):
    """A review that fails validation is still known by name, so documents using it add no noise."""
    root = make_workspace({"reviews/jasmine.yaml": "name: Jasmine\npublished: 2021-13\n"})
    with pytest.raises(DataError) as caught:
        load_workspace(root)
    assert [p.path for p in caught.value.problems] == ["published"]


def test_document_naming_a_review_by_stem_when_it_has_an_id(make_workspace):
    """A document must use a review's `id:`; naming its file instead is a located error."""
    root = make_workspace({"reviews/jasmine.yaml": "id: scr-jasmine\nname: Jasmine\n"})
    with pytest.raises(DataError, match="there is no review 'jasmine'"):
        load_workspace(root)
