"""A leak is reported once, where it is in the data; a refused document leaves nothing behind.

A name from the case key in one review field reaches every document using the review, in
every format: `build`, `check` and `render` each report it as one problem at FILE:LINE with
the outputs it reached listed under it, and exit with the disclosure code, 6.
"""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from helpers import MINUTES, PROFILE, REVIEW, error_lines

import scrdocs
from scrdocs.build import MANIFEST, BuildError
from scrdocs.guard import DisclosureError
from scrdocs.templating import default_templates
from scrdocs.workspace import load_workspace

CASE_KEY = "names:\n  - real: Ruby Hartley\n    pseudonym: Jasmine\n"
LEAKY_REVIEW = REVIEW + "summary: Ruby Hartley was seen at home twice.\n"
LEAK_LINE = REVIEW.count("\n") + 1
"""The line of ``summary:`` in :data:`LEAKY_REVIEW`."""
FORMATS = ("docx", "pdf", "html")
OUTPUTS = [f"{name}.{format}" for name in ("minutes", "report-jasmine") for format in FORMATS]
"""Every output of the two documents using the review, in build order."""


@pytest.fixture
def two_documents(make_workspace, monkeypatch) -> Path:
    """Return a workspace (the current folder) whose report and minutes use one review."""
    root = make_workspace({"documents/minutes.yaml": MINUTES, "case-key.yaml": CASE_KEY})
    monkeypatch.chdir(root)
    return root


def _leak_lines(stderr: str) -> list[str]:
    """Return the lines of stderr that report a place holding a protected term."""
    return [line for line in stderr.splitlines() if "contains '" in line]


def _reached(stderr: str) -> list[str]:
    """Return the outputs listed on the (single) `reached:` line of stderr."""
    (line,) = [line for line in stderr.splitlines() if line.strip().startswith("reached:")]
    assert not line.startswith("Error:"), "continues the error above it"
    return line.split("reached:")[1].strip().split(", ")


def test_one_leak_in_a_review_is_one_problem_in_a_build(two_documents, run_cli) -> None:
    """2 documents × 3 formats give one problem at the review's file and line, listing the
    six outputs it reached, and exit 6; no output is written."""
    (two_documents / "reviews" / "jasmine.yaml").write_text(LEAKY_REVIEW)
    result = run_cli("build", ".")
    assert result.exit_code == DisclosureError.exit_code == 6
    assert _leak_lines(result.stderr) == [
        (f"Error: {Path('reviews/jasmine.yaml')}:{LEAK_LINE}: summary: contains "
         "'Ruby Hartley' (a real name in case-key.yaml; publish it as 'Jasmine')")]
    assert _reached(result.stderr) == OUTPUTS
    assert error_lines(result)[0] == ("2 documents failed and were not written: minutes, "
                                      "report-jasmine")
    assert "Traceback" not in result.output
    assert sorted(path.name for path in (two_documents / "out").iterdir()) == []


def test_one_leak_in_a_review_is_one_problem_in_check(two_documents, run_cli) -> None:
    """`scrdocs check` reports the same single problem, and exits 6 as build does."""
    (two_documents / "reviews" / "jasmine.yaml").write_text(LEAKY_REVIEW)
    result = run_cli("check", ".")
    assert result.exit_code == 6
    leaks = _leak_lines(result.stderr)
    assert len(leaks) == 1
    assert leaks[0].startswith(f"Error: {Path('reviews/jasmine.yaml')}:{LEAK_LINE}: summary: ")
    assert _reached(result.stderr) == OUTPUTS
    assert "NOT ready to publish" in result.stderr and "1 errors" in result.stderr


def test_a_name_only_in_the_html_page_stops_check_as_it_stops_build(two_documents,
                                                                    run_cli) -> None:
    """A workspace's own HTML template leaving a name in a comment (which the PDF drops)
    is refused by `check` as by `build`: both exit 6 naming the HTML output."""
    template = two_documents / "templates" / "minutes" / "minutes.html.j2"
    template.parent.mkdir(parents=True)
    source = (default_templates() / "minutes" / "minutes.html.j2").read_text(encoding="utf-8")
    template.write_text(source.replace("{% block body %}",
                                       "{% block body %}<!-- drafted with Ruby -->", 1),
                        encoding="utf-8")
    check = run_cli("check", ".", "--no-word-layout")
    build = run_cli("build", ".", "-f", "html")
    assert check.exit_code == build.exit_code == DisclosureError.exit_code
    for result in (check, build):
        (leak,) = _leak_lines(result.stderr)
        assert leak.startswith("Error: minutes.html: comment: contains 'Ruby'"), leak
    assert "NOT ready to publish" in check.stderr


def test_one_leak_in_a_review_is_one_problem_in_render(two_documents, run_cli) -> None:
    """`scrdocs render` reports it once, with the one output it reached, and exits 6."""
    (two_documents / "reviews" / "jasmine.yaml").write_text(LEAKY_REVIEW)
    result = run_cli("render", "documents/minutes.yaml", "-f", "html")
    assert result.exit_code == 6
    leaks = _leak_lines(result.stderr)
    assert len(leaks) == 1
    assert leaks[0].startswith(f"Error: {Path('reviews/jasmine.yaml')}:{LEAK_LINE}: summary: ")
    assert _reached(result.stderr) == ["minutes.html"]
    assert not (two_documents / "out" / "minutes.html").exists()


def test_a_name_in_a_document_file_name_stops_check_as_it_stops_build(two_documents,
                                                                      run_cli) -> None:
    """The outputs of documents/minutes-ruby-hartley.yaml would carry the name in their
    own file names: `check` refuses them as `build` does, exit 6, naming each output."""
    (two_documents / "documents" / "minutes.yaml").rename(
        two_documents / "documents" / "minutes-ruby-hartley.yaml")
    check = run_cli("check", ".", "--no-word-layout")
    build = run_cli("build", ".")
    assert check.exit_code == build.exit_code == DisclosureError.exit_code
    for result in (check, build):
        assert _leak_lines(result.stderr) == [
            f"Error: minutes-ruby-hartley.{format}: file name: contains 'Ruby Hartley' (a real "
            "name in case-key.yaml; publish it as 'Jasmine')" for format in FORMATS]


def test_a_name_in_the_svg_logo_is_one_problem_at_the_logo(two_documents, run_cli) -> None:
    """The logo's text shows again in the outputs that embed or draw it (the HTML page, the
    PDF's text): one problem at the logo file, reaching all six outputs, not one per output
    and per element the name is split across."""
    (two_documents / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><text x="10" y="50">'
        'Ru<tspan font-weight="bold">by</tspan> Hartley</text></svg>')
    (two_documents / "scrdocs.yaml").write_text(
        PROFILE + "logo:\n  path: logo.svg\n  alt: Anyshire logo\n")
    result = run_cli("build", ".")
    assert result.exit_code == DisclosureError.exit_code
    (leak,) = _leak_lines(result.stderr)
    assert leak.startswith("Error: logo.svg: ") and leak.endswith(
        "contains 'Ruby Hartley' (a real name in case-key.yaml; publish it as 'Jasmine')")
    assert _reached(result.stderr) == OUTPUTS


def test_leak_in_a_document_points_at_its_line(two_documents, run_cli) -> None:
    """A name in a document's own field is reported at that document's file and line."""
    minutes = two_documents / "documents" / "minutes.yaml"
    minutes.write_text(MINUTES.replace("notes the learning", "notes what Ruby Hartley said"))
    result = run_cli("build", ".", "-f", "html")
    assert result.exit_code == 6
    line = MINUTES.splitlines().index(
        "      - That the Committee notes the learning from Serious Case Review Jasmine.") + 1
    assert _leak_lines(result.stderr) == [
        (f"Error: {Path('documents/minutes.yaml')}:{line}: items.0.resolutions.0: contains "
         "'Ruby Hartley' (a real name in case-key.yaml; publish it as 'Jasmine')")]
    assert _reached(result.stderr) == ["minutes.html"]


def test_blocked_document_leaves_no_output_in_any_format(two_documents, run_cli) -> None:
    """A document refused by the case key loses the outputs an earlier build wrote for it,
    in every format (not only those asked for now) and in the manifest, and the error says
    so; the document that does not leak is kept."""
    assert run_cli("build", ".").exit_code == 0
    out = two_documents / "out"
    assert sorted(path.name for path in out.iterdir() if path.name != MANIFEST) == \
        sorted(OUTPUTS)
    minutes = two_documents / "documents" / "minutes.yaml"
    minutes.write_text(MINUTES.replace("notes the learning", "notes what Ruby Hartley said"))

    result = run_cli("build", ".", "-f", "html")

    assert result.exit_code == 6
    assert sorted(path.name for path in out.iterdir() if path.name != MANIFEST) == [
        "report-jasmine.docx", "report-jasmine.html", "report-jasmine.pdf"]
    assert sorted(json.loads((out / MANIFEST).read_text())["outputs"]) == [
        "report-jasmine.docx", "report-jasmine.html", "report-jasmine.pdf"]
    assert error_lines(result)[-1] == ("removed the earlier outputs of those documents: "
                                       "minutes.docx, minutes.pdf, minutes.html")
    assert "skipped 1 up to date" in result.stdout


def test_refused_render_leaves_no_output_in_out(two_documents, run_cli) -> None:
    """`scrdocs render` into the workspace's out/ that the case key refuses removes that
    document's earlier outputs there, in every format, as a build does; a path given with
    -o is the user's own and is left alone."""
    assert run_cli("build", ".").exit_code == 0
    out = two_documents / "out"
    elsewhere = two_documents / "kept.pdf"
    elsewhere.write_bytes(b"an earlier render")
    (two_documents / "reviews" / "jasmine.yaml").write_text(LEAKY_REVIEW)

    result = run_cli("render", "documents/minutes.yaml", "-f", "html")
    assert result.exit_code == 6
    assert sorted(path.name for path in out.glob("minutes.*")) == []
    assert error_lines(result)[-1] == ("removed the earlier outputs of those documents: "
                                       "minutes.docx, minutes.pdf, minutes.html")
    assert run_cli("render", "documents/minutes.yaml", "-o", "kept.pdf").exit_code == 6
    assert elsewhere.read_bytes() == b"an earlier render"


def test_name_typed_by_a_template_is_reported_per_output(two_documents, run_cli) -> None:
    """A name that is in no data but in a template is reported for the output holding it;
    the documents the template is not used for are written."""
    from scrdocs.templating import default_templates

    source = (default_templates() / "minutes" / "minutes.html.j2").read_text(encoding="utf-8")
    template = two_documents / "templates" / "minutes" / "minutes.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text(source.replace("{% block body %}",
                                       "{% block body %}<p>Prepared for Ruby Hartley</p>"),
                        encoding="utf-8")
    result = run_cli("build", ".", "-f", "html", "-f", "docx")
    assert result.exit_code == 6
    leaks = _leak_lines(result.stderr)
    assert leaks == [("Error: minutes.html: text: contains 'Ruby Hartley' (a real name in "
                      "case-key.yaml; publish it as 'Jasmine')")]
    written = sorted(path.name for path in (two_documents / "out").iterdir())
    assert written == [MANIFEST, "report-jasmine.docx", "report-jasmine.html"]


def test_build_api_raises_one_error_with_every_failure(two_documents, tmp_path) -> None:
    """scrdocs.build raises one BuildError (a ScrdocsError) naming each failed document with
    its errors and carrying the report of what was written; it pickles whole."""
    (two_documents / "documents" / "minutes.yaml").write_text(
        MINUTES.replace("notes the learning", "notes what Ruby Hartley said"))
    workspace = load_workspace(two_documents)
    with pytest.raises(scrdocs.ScrdocsError) as caught:
        scrdocs.build(workspace, tmp_path / "out", ["html"])
    error = caught.value
    assert isinstance(error, BuildError) and error.exit_code == 6
    assert list(error.failures) == ["minutes"]
    (disclosure,) = error.failures["minutes"]
    assert isinstance(disclosure, DisclosureError)
    assert {hit.file for hit in disclosure.hits if hit.part == "data"} == \
        {two_documents / "documents" / "minutes.yaml"}
    assert [path.name for path in error.report.written] == ["report-jasmine.html"]
    again = pickle.loads(pickle.dumps(error))
    assert again.lines() == error.lines() and again.exit_code == 6
    assert list(again.failures) == ["minutes"]
    assert again.failures["minutes"][0].hits == disclosure.hits


def test_disclosure_exit_code_wins_over_other_failures(two_documents, run_cli) -> None:
    """A build where one document leaks and another meets a template error reports both and
    exits 6, so a leak is never hidden behind another failure."""
    (two_documents / "documents" / "minutes.yaml").write_text(
        MINUTES.replace("notes the learning", "notes what Ruby Hartley said"))
    template = two_documents / "templates" / "committee-report" / "committee-report.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text("{{ no_such_thing }}\n")
    result = run_cli("build", ".", "-f", "html")
    assert result.exit_code == 6
    errors = error_lines(result)
    assert errors[0] == "2 documents failed and were not written: minutes, report-jasmine"
    assert any(re.match(r"report-jasmine: .*no_such_thing", line) for line in errors), errors
    assert len(_leak_lines(result.stderr)) == 1
