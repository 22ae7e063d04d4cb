"""Builds (scrdocs.build): parallel output identical to serial, incremental rebuilds, errors."""

from __future__ import annotations

import importlib
import json
import os
import pickle
import warnings
from pathlib import Path

import pytest
from helpers import MINUTES, PROFILE, REVIEW, copy_example, error_lines, replace_in_word_runs

import scrdocs
from scrdocs import build as build_function
from scrdocs.build import (
    MANIFEST,
    BuildError,
    BuildReport,
    _context,
    _Outcome,
    build,
    document_inputs,
)
from scrdocs.errors import DataError, PageCountWarning, Problem, TemplateError
from scrdocs.workspace import Workspace, load_workspace

BUILD = importlib.import_module("scrdocs.build")
"""The module: ``scrdocs.build`` itself names the public function."""

SECOND_REVIEW = REVIEW.replace("name: Jasmine", "name: Julia")
SECOND_REPORT = """\
kind: committee-report
meeting:
  committee: Children's Services Scrutiny Committee
  date: 2021-07-12
item:
  number: 4
  title: Serious Case Review Julia
  review: julia
"""
TWO_REPORTS = {"reviews/julia.yaml": SECOND_REVIEW, "documents/report-julia.yaml": SECOND_REPORT}

forks = pytest.mark.skipif(not _context()[1], reason="workers are not forked here, so a "
                                                    "patch in this process does not reach them")


def _touch(path: Path) -> None:
    """Move a file's modification time on, as saving it in an editor would."""
    later = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(later, later))


def _mtimes(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.name != MANIFEST}


@pytest.fixture(scope="module")
def thurrock(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the Thurrock example: reports, minutes, the resolutions from them,
    and the next meeting's agenda."""
    return copy_example("thurrock", tmp_path_factory.mktemp("build"))


def test_parallel_build_is_byte_identical_to_serial(thurrock, tmp_path):
    """Two jobs write exactly the bytes one job writes, in every format."""
    workspace = load_workspace(thurrock)
    serial = build(workspace, tmp_path / "serial", jobs=1)
    parallel = build(workspace, tmp_path / "parallel", jobs=2)
    assert len(serial.written) == len(parallel.written) == 3 * len(workspace.documents)
    assert _contents(tmp_path / "serial") == _contents(tmp_path / "parallel")


def test_no_change_rebuild_skips_everything(make_workspace, run_cli):
    """A second build with nothing changed renders nothing and says how much it skipped."""
    root = make_workspace(TWO_REPORTS)
    assert run_cli("build", root, "-f", "html", "-f", "docx").exit_code == 0
    before = _mtimes(root / "out")
    result = run_cli("build", root, "-f", "html", "-f", "docx")
    assert result.exit_code == 0, result.stderr
    assert "skipped 4 files: all up to date" in result.stdout
    assert _mtimes(root / "out") == before


def test_touching_a_review_rebuilds_only_the_documents_using_it(make_workspace, run_cli):
    """Saving one review again rebuilds the report on it and leaves the other report alone."""
    root = make_workspace(TWO_REPORTS)
    run_cli("build", root, "-f", "html", "-f", "docx")
    before = _mtimes(root / "out")
    _touch(root / "reviews" / "julia.yaml")
    result = run_cli("build", root, "-f", "html", "-f", "docx")
    assert result.exit_code == 0, result.stderr
    assert "wrote 2 files for 1 document to" in result.stdout
    assert "skipped 2 up to date" in result.stdout
    after = _mtimes(root / "out")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"report-julia.html", "report-julia.docx", MANIFEST}


def test_force_rebuilds_everything(make_workspace, run_cli):
    """--force renders outputs that are up to date."""
    root = make_workspace(TWO_REPORTS)
    run_cli("build", root, "-f", "html")
    result = run_cli("build", root, "-f", "html", "--force")
    assert "wrote 2 files for 2 documents" in result.stdout
    assert "skipped" not in result.stdout


@pytest.mark.parametrize("change", ["profile", "template", "option", "version", "output"])
def test_what_every_document_depends_on_rebuilds_all(make_workspace, run_cli, change):
    """The profile, a template, a render option, the version and a changed output all count."""
    root = make_workspace({**TWO_REPORTS, "templates/_base/notes.txt": "local template\n"})
    run_cli("build", root, "-f", "html")
    options = []
    if change == "profile":
        _touch(root / "scrdocs.yaml")
    elif change == "template":
        _touch(root / "templates" / "_base" / "notes.txt")
    elif change == "option":
        options = ["--draft"]
    elif change == "version":
        manifest = json.loads((root / "out" / MANIFEST).read_text())
        manifest["engine"]["scrdocs"] = "0.0.1"
        (root / "out" / MANIFEST).write_text(json.dumps(manifest))
    else:
        (root / "out" / "report-julia.html").write_text("edited by hand")
    result = run_cli("build", root, "-f", "html", *options)
    expected = 1 if change == "output" else 2
    assert f"wrote {expected} files" in result.stdout


def test_replacing_the_profile_font_file_rebuilds_all(make_workspace, run_cli):
    """A font file named by the profile is read by every render, so replacing it counts."""
    from scrdocs.templating import default_templates

    fonts = default_templates() / "_base" / "fonts"
    root = make_workspace({**TWO_REPORTS,
                           "scrdocs.yaml": PROFILE + "font: house.ttf\n",
                           "house.ttf": (fonts / "Arimo-400-normal.ttf").read_bytes()})
    run_cli("build", root, "-f", "html")
    (root / "house.ttf").write_bytes((fonts / "Arimo-700-normal.ttf").read_bytes())
    result = run_cli("build", root, "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "wrote 2 files" in result.stdout


def test_resolution_list_depends_on_its_minutes(thurrock):
    """A resolution list that names a minutes document is built from that file too."""
    workspace = load_workspace(thurrock)
    inputs = {path.name for path in document_inputs(workspace, "resolutions-julia")}
    assert {"resolutions-julia.yaml", "minutes-julia.yaml", "julia.yaml",
            "scrdocs.yaml", "resolution-list.html.j2", "base.html.j2"} <= inputs
    assert "committee-report-julia.yaml" not in inputs


def test_failing_document_in_a_parallel_build_reports_error_lines(make_workspace, run_cli):
    """A template error in a worker prints the serial build's Error: lines, naming the
    document; the other documents are written, nothing is half-written."""
    root = make_workspace({**TWO_REPORTS, "documents/minutes.yaml": MINUTES,
                           "templates/minutes/minutes.html.j2": "{{ no_such_thing }}\n"})
    serial = run_cli("build", root, "-f", "html", "-j", "1", "--out", root / "serial")
    parallel = run_cli("build", root, "-f", "html", "-j", "2", "--out", root / "parallel")
    assert serial.exit_code == parallel.exit_code == TemplateError.exit_code
    assert error_lines(parallel) == error_lines(serial)
    assert error_lines(parallel)[0] == "1 document failed and was not written: minutes"
    assert error_lines(parallel)[1].startswith("minutes: ")
    assert "no_such_thing" in error_lines(parallel)[1]
    assert "Traceback" not in parallel.output
    written = {path.name for path in (root / "parallel").iterdir()}
    assert {"report-jasmine.html", "report-julia.html"} <= written
    assert "minutes.html" not in written
    assert not [name for name in written if name.endswith(".tmp")]


def test_data_error_crosses_the_process_boundary_whole():
    """A DataError pickled as a worker sends it keeps its problems and its lines."""
    problems = [Problem(Path("reviews/q.yaml"), 3, "actions.0.due", "not a date"),
                Problem(None, None, "", "second problem")]
    outcome = pickle.loads(pickle.dumps(_Outcome([(PageCountWarning, "long")],
                                                 [DataError(problems)])))
    assert isinstance(outcome.error, DataError)
    assert outcome.error.problems == DataError(problems).problems
    assert outcome.error.lines() == DataError(problems).lines()
    assert outcome.warnings == [(PageCountWarning, "long")]


def test_template_error_crosses_the_process_boundary_with_its_place():
    """A TemplateError from a worker keeps its message, template file and line."""
    from scrdocs.errors import TemplateError

    error = pickle.loads(pickle.dumps(TemplateError("t.html.j2:4: no 'x' here", "t.html.j2", 4)))
    assert (str(error), error.template, error.line) == \
        ("t.html.j2:4: no 'x' here", Path("t.html.j2"), 4)
    assert error.exit_code == 3


def test_workers_started_afresh_load_the_workspace_from_its_folder(make_workspace,
                                                                   monkeypatch):
    """Spawned workers load the workspace themselves, as its files are now: a document
    whose review broke since is not written and its DataError arrives whole; the other
    document is written."""
    import multiprocessing

    root = make_workspace(TWO_REPORTS)
    workspace = load_workspace(root)
    (root / "reviews" / "julia.yaml").write_text("name: Julia\npublished: 2021-13\n")
    monkeypatch.setattr(BUILD, "_context",
                        lambda: (multiprocessing.get_context("spawn"), False))
    with pytest.raises(BuildError) as caught:
        build(workspace, formats=["html"], jobs=2)
    assert list(caught.value.failures) == ["report-julia"]
    (error,) = caught.value.failures["report-julia"]
    assert isinstance(error, DataError)
    assert any(problem.path == "published" for problem in error.problems)
    assert error.lines() == DataError(error.problems).lines()
    assert [path.name for path in caught.value.report.written] == ["report-jasmine.html"]


@forks
def test_forked_workers_reuse_the_loaded_workspace(make_workspace, monkeypatch, tmp_path):
    """Forked workers render the workspace this process loaded; none loads it again."""
    workspace = load_workspace(make_workspace(TWO_REPORTS))

    def refuse(root):
        raise AssertionError(f"a worker loaded {root} again")

    monkeypatch.setattr(BUILD, "load_workspace_partly", refuse)
    report = build(workspace, tmp_path / "out", ["html"], jobs=2)
    assert len(report.written) == 2


@forks
def test_worker_warnings_reach_the_caller(make_workspace, monkeypatch):
    """A warning raised while a worker renders is raised again in the calling process."""
    def warn_and_render(document, workspace, path, format, **options):
        warnings.warn(PageCountWarning(f"{path.name} runs long"), stacklevel=1)
        return b"text"

    monkeypatch.setattr(BUILD, "render_for_path", warn_and_render)
    with pytest.warns(PageCountWarning) as caught:
        build(load_workspace(make_workspace(TWO_REPORTS)), formats=["html"], jobs=2)
    assert sorted(str(w.message) for w in caught) == ["report-jasmine.html runs long",
                                                       "report-julia.html runs long"]


def test_progress_counts_documents_when_not_a_terminal(make_workspace, run_cli):
    """Without a terminal, the build prints one counter line per document rendered."""
    result = run_cli("build", make_workspace(TWO_REPORTS), "-f", "html")
    counters = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert sorted(counters) == ["[1/2] report-jasmine", "[2/2] report-julia"] or \
        sorted(counters) == ["[1/2] report-julia", "[2/2] report-jasmine"]


def test_build_api_returns_what_it_wrote(make_workspace):
    """scrdocs.build returns the files written; a second call finds them up to date."""
    workspace = load_workspace(make_workspace(TWO_REPORTS))
    assert build_function is scrdocs.build
    written = scrdocs.build(workspace, formats=["html"])
    assert sorted(path.name for path in written) == ["report-jasmine.html", "report-julia.html"]
    assert scrdocs.build(workspace, formats=["html"]) == []
    report = build(workspace, formats=["html"], force=True)
    assert isinstance(report, BuildReport) and len(report.written) == 2


def test_workspace_built_in_code_builds_in_this_process(make_workspace, tmp_path):
    """Documents that exist only in memory are rendered here even when jobs > 1, every time."""
    loaded = load_workspace(make_workspace(TWO_REPORTS))
    in_code = Workspace(loaded.organisation, reviews=loaded.reviews, documents=loaded.documents)
    first = build(in_code, tmp_path / "out", ["html"], jobs=2)
    again = build(in_code, tmp_path / "out", ["html"], jobs=2)
    assert len(first.written) == len(again.written) == 2
    assert not (tmp_path / "out" / MANIFEST).exists()


def test_jobs_must_be_at_least_one(make_workspace, run_cli):
    """--jobs 0 is refused before anything is rendered."""
    result = run_cli("build", make_workspace(), "--jobs", "0")
    assert result.exit_code == 2
    assert not (make_workspace() / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_broken_document_does_not_stop_the_others(tmp_path, run_cli, jobs):
    """A Word template error in the minutes leaves every other document written in every
    format asked for; the build exits 3 naming the minutes, the error's context lines
    indented under its one Error: line, and no output of the minutes is written."""
    root = copy_example("thurrock", tmp_path)
    run_cli("templates", "export", root / "templates", "--kind", "minutes")
    template = root / "templates" / "minutes" / "minutes.docx"
    replace_in_word_runs(template, "item.title", "item.tittle")

    result = run_cli("build", root, "-f", "docx", "-f", "html", "-j", jobs)

    assert result.exit_code == TemplateError.exit_code
    errors = error_lines(result)
    assert errors[0] == "1 document failed and was not written: minutes-julia"
    assert errors[1].startswith("minutes-julia: ") and "tittle" in errors[1]
    assert len(errors) == 2, errors
    near = [line for line in result.stderr.splitlines()
            if "near:" in line and "item.tittle" in line]
    assert near and all(line.startswith("     ") for line in near)
    others = sorted(path.stem for path in (root / "documents").glob("*.yaml")
                    if path.stem != "minutes-julia")
    assert "resolutions-julia" in others and "committee-report-julia" in others
    assert f"wrote {2 * len(others)} files for {len(others)} documents" in result.stdout
    written = sorted(path.name for path in (root / "out").iterdir() if path.name != MANIFEST)
    assert written == sorted(f"{name}.{format}" for name in others
                             for format in ("docx", "html"))
    assert set(json.loads((root / "out" / MANIFEST).read_text())["outputs"]) == set(written)


def test_the_same_error_in_every_document_is_reported_once(make_workspace, run_cli):
    """A broken template every document uses gives one error line naming them all."""
    root = make_workspace({**TWO_REPORTS, "templates/_base/base.html.j2": "{{ nothing }}\n"})
    result = run_cli("build", root, "-f", "html")
    assert result.exit_code == TemplateError.exit_code
    errors = error_lines(result)
    assert errors[0] == "2 documents failed and were not written: report-jasmine, report-julia"
    assert len(errors) == 2 and errors[1].startswith("report-jasmine, report-julia: ")
    assert "wrote" not in result.stdout and "up to date" not in result.stdout


def test_invalid_data_stops_only_the_documents_it_is_in(make_workspace, run_cli):
    """A bad date in one document, and a review YAML cannot read, stop that document and
    the one using the review; every other document is written and the build exits 2,
    naming both with their problems."""
    root = make_workspace({**TWO_REPORTS, "documents/minutes.yaml": MINUTES,
                           "reviews/julia.yaml": SECOND_REVIEW.replace(
                               "learning_points:\n  -", "learning_points:\n\t-")})
    minutes = root / "documents" / "minutes.yaml"
    minutes.write_text(MINUTES.replace("2021-07-12", "2021-07-32"))
    for jobs in ("1", "2"):
        result = run_cli("build", root, "-f", "html", "-j", jobs, "--force")
        assert result.exit_code == DataError.exit_code, result.stderr
        errors = error_lines(result)
        assert errors[0] == "2 documents failed and were not written: minutes, report-julia"
        assert any(line.startswith("minutes: ") and "meeting.date" in line for line in errors)
        assert any(line.startswith("report-julia: ") and "julia.yaml:5: not valid YAML" in line
                   for line in errors), errors
        assert "wrote 1 files for 1 document" in result.stdout
        assert sorted(path.name for path in (root / "out").iterdir()) == \
            [MANIFEST, "report-jasmine.html"]


def test_a_broken_profile_still_stops_the_whole_build(make_workspace, run_cli):
    """A problem no document owns (the profile) stops every document, as before."""
    root = make_workspace({**TWO_REPORTS, "scrdocs.yaml": "name: Anyshire\nmarking: secret\n"})
    result = run_cli("build", root, "-f", "html")
    assert result.exit_code == DataError.exit_code
    assert "scrdocs.yaml:2: marking: " in error_lines(result)[0]
    assert not (root / "out").exists()


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=forks)])
def test_a_fault_in_scrdocs_stops_only_its_document(make_workspace, monkeypatch, run_cli,
                                                    jobs):
    """A fault of scrdocs' own while rendering one document is reported as a bug in that
    document (exit 70, one Error line asking for a report, traceback under --debug); the
    other documents are still written."""
    real = BUILD.render_for_path

    def faulty(document, workspace, path, format, **options):
        if path.stem == "report-julia":
            raise ZeroDivisionError("division by zero")
        return real(document, workspace, path, format, **options)

    monkeypatch.setattr(BUILD, "render_for_path", faulty)
    root = make_workspace(TWO_REPORTS)
    result = run_cli("build", root, "-f", "html", "-j", str(jobs))
    assert result.exit_code == 70
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert any("report-julia" in line for line in errors)
    assert any("ZeroDivisionError: division by zero" in line and "bug in scrdocs" in line
               for line in errors)
    assert "Traceback" not in result.stderr
    assert sorted(path.name for path in (root / "out").glob("*.html")) == [
        "report-jasmine.html"]
    debug = run_cli("--debug", "build", root, "-f", "html", "-j", "1", "--force")
    assert "Traceback" in debug.stderr and "ZeroDivisionError" in debug.stderr
