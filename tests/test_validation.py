"""Bad input is reported as `FILE:LINE: field.path: message`, every problem in one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import COMMITTEE_REPORT, error_lines, validate_in

INVALID = Path(__file__).parent / "data" / "invalid"

PLACES = {
    "review": "reviews/{case}.yaml",
    "document": "documents/{case}.yaml",
    "profile": "scrdocs.yaml",
}
"""Where a case file goes in the workspace, by its ``# kind:``."""


@dataclass(frozen=True)
class Case:
    """One file of ``tests/data/invalid`` and the error it must produce."""

    name: str
    text: str
    place: str
    line: int
    expect: tuple[str, ...]
    xfail: str | None


def read_case(path: Path) -> Case:
    """Return the case in ``path``, read from its ``# key: value`` header comments."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        header.setdefault(key.strip(), []).append(value.strip())
    (kind,), (line_number,) = header["kind"], header["line"]
    place = header.get("place", [PLACES[kind].format(case=path.stem)])[0]
    return Case(name=path.stem, text=text, place=place,
                line=int(line_number), expect=tuple(header["expect"]),
                xfail=header.get("xfail", [None])[0])


def case_params() -> list[Any]:
    """Return every invalid case as a pytest parameter, known bugs marked xfail."""
    params = []
    for path in sorted(INVALID.glob("*.yaml")):
        case = read_case(path)
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", case_params())
def test_invalid_case_gives_its_message(case, make_workspace, run_cli, monkeypatch):
    """Each file under tests/data/invalid gives one located Error line with its message."""
    root = make_workspace({case.place: case.text})
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{Path(case.place)}:{case.line}: "), errors[0]
    for expected in case.expect:
        assert expected in errors[0]


def test_invalid_cases_exist():
    """The invalid-case folder holds cases, so the parametrised test cannot pass vacuously."""
    assert len(case_params()) >= 15


BROKEN_REVIEW = """\
name: Child Q
published: 2021-13
learning_pionts:
  - Adultification bias leaves Black children unprotected.
actions:
  - action: Audit strategy discussions held without police present.
    status: finished
"""


def test_every_problem_of_a_file_is_reported_in_one_run(make_workspace, run_cli, monkeypatch):
    """A misspelt key, an impossible date and a bad status are all reported, in line order."""
    root = make_workspace({"reviews/child-q.yaml": BROKEN_REVIEW})
    result = validate_in(root, run_cli, monkeypatch)
    file = Path("reviews/child-q.yaml")
    assert error_lines(result) == [
        f"{file}:2: published: '2021-13' is not a date: there is no month 13",
        (f"{file}:3: learning_pionts: unknown field 'learning_pionts'; "
         "did you mean 'learning_points'?"),
        (f"{file}:7: actions.0.status: 'finished' is not allowed; "
         "use one of: planned, in-progress, complete, overdue"),
    ]


def test_problems_in_several_files_are_reported_together(make_workspace, run_cli, monkeypatch):
    """Problems in the profile, a review and a document all appear in the same run, in the
    order of cause: the profile, then reviews, then the documents that use them."""
    root = make_workspace({
        "scrdocs.yaml": "name: Anyshire SCP\nmarking: secret\n",
        "reviews/child-q.yaml": "name: 42\n",
        "documents/guide.yaml": "kind: one-minute-guide\ntitle: Neglect\n",
    })
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert [error.split(":")[0] for error in errors] == [
        "scrdocs.yaml", str(Path("reviews/child-q.yaml")), str(Path("documents/guide.yaml"))]
    assert "marking: 'secret' is not allowed; use one of: none, OFFICIAL" in errors[0]
    assert "sections: required field is missing" in errors[2]


def test_latin1_file_is_refused_with_its_line(make_workspace, run_cli, monkeypatch):
    """A file saved as Latin-1 is reported as not UTF-8, at the line of the first bad byte."""
    root = make_workspace({"reviews/child-q.yaml":
                           b"name: Child Q\n\nreviewer: Fran\xe7oise Lefevre\n"})
    result = validate_in(root, run_cli, monkeypatch)
    assert error_lines(result) == [
        (f"{Path('reviews/child-q.yaml')}:3: the file is not UTF-8 text (it looks like Latin-1 "
         "or Windows-1252); save it again with UTF-8 encoding")]


def test_raw_control_character_is_reported_with_its_line(make_workspace, run_cli, monkeypatch):
    """A raw control byte in a file is one Error line pointing at its line, with a hint."""
    root = make_workspace({"reviews/child-q.yaml":
                           b"name: Child Q\nsummary: Child \x1bQ was strip-searched.\n"})
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{Path('reviews/child-q.yaml')}:2: ")
    assert "control character" in errors[0]


BAD_MINUTES = """\
kind: minutes
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-07-32
items:
  - title: Serious Case Review Jasmine
    review: jasmine
    resolutions:
      - That the Committee notes the learning.
"""


def test_bad_date_in_minutes_is_not_reported_as_missing_minutes(make_workspace, run_cli,
                                                                 monkeypatch):
    """A resolution list taking its items from minutes with a bad date gets no error of its
    own: the minutes' date is the one error, not 'there is no minutes document'."""
    root = make_workspace({
        "documents/minutes-july.yaml": BAD_MINUTES,
        "documents/resolutions-july.yaml": "kind: resolution-list\nminutes: minutes-july\n"})
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{Path('documents/minutes-july.yaml')}:4: meeting.date: ")
    assert "there is no minutes document" not in result.stderr


def test_unreadable_review_comes_first_and_is_named_by_its_knock_on(make_workspace, run_cli,
                                                                    monkeypatch):
    """A review file YAML cannot read is listed before the documents; a document naming a
    review no file provides is told the unreadable file may be the one it meant."""
    root = make_workspace({
        "reviews/child-q.yaml": "id: q\nname: Child Q\nsummary: Note: a baby.\n",
        "documents/report-q.yaml": COMMITTEE_REPORT.replace("review: jasmine", "review: q")})
    result = validate_in(root, run_cli, monkeypatch)
    errors = error_lines(result)
    assert errors[0].startswith(f"{Path('reviews/child-q.yaml')}:3: not valid YAML")
    assert 'put the text in quotes: summary: "Note: a baby."' in errors[0]
    knock_on = [error for error in errors if "there is no review 'q'" in error]
    assert len(knock_on) == 1
    assert knock_on[0].endswith(
        "(it may be in reviews/child-q.yaml, which has errors above)")


def test_misspelt_review_is_reported_when_every_review_file_reads(make_workspace, run_cli,
                                                                  monkeypatch):
    """Without an unreadable review file, a wrong review id is still an error of its own."""
    root = make_workspace({"documents/report-q.yaml":
                           COMMITTEE_REPORT.replace("review: jasmine", "review: jasmin")})
    result = validate_in(root, run_cli, monkeypatch)
    assert error_lines(result) == [
        (f"{Path('documents/report-q.yaml')}:8: item.review: there is no review 'jasmin' "
         "(did you mean 'jasmine'?); reviews in this workspace: jasmine")]
