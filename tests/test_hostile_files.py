"""Files stay where they belong: output never goes through a symbolic link, inputs and
templates that lead outside the workspace are refused, and a killed run's temporary files
are cleared by the next build."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from helpers import error_lines

from scrdocs.build import MANIFEST
from scrdocs.errors import DataError, OutputError, TemplateError
from scrdocs.render import remove_temporaries, write_atomic
from scrdocs.templating import default_templates

REPORT = "report-jasmine"
"""The document of the minimal workspace."""

SECRET = "Contents of a file outside the workspace\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Return a file outside the workspace that nothing may overwrite or publish."""
    path = tmp_path / "elsewhere" / "private.txt"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def build_html(run_cli, root: Path, *args: str | Path):
    """Run ``scrdocs build ROOT -f html ARGS…``, which must succeed."""
    result = run_cli("build", root, "-f", "html", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def is_report(path: Path) -> bool:
    """Return whether ``path`` is a regular file holding the rendered report."""
    return (not path.is_symlink() and path.is_file()
            and "Serious Case Review Jasmine" in path.read_text(encoding="utf-8"))


def failed_cleanly(result, code: int) -> list[str]:
    """Check a run failed with ``code``, Error lines and no traceback; return the lines."""
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == code, result.output + result.stderr
    return error_lines(result)


# -- output through symbolic links ----------------------------------------------------------

@pytest.mark.parametrize("target", ["review", "outside"])
def test_symlinked_output_is_replaced_not_written_through(target: str, make_workspace,
                                                          run_cli, outside: Path) -> None:
    """An output that is a link to a review or to a file elsewhere: the build writes a file
    of its own in its place, and what the link pointed at keeps every byte."""
    root = make_workspace()
    victim = root / "reviews" / "jasmine.yaml" if target == "review" else outside
    before = victim.read_bytes()
    (root / "out").mkdir()
    (root / "out" / f"{REPORT}.html").symlink_to(victim)
    build_html(run_cli, root)
    assert victim.read_bytes() == before
    assert is_report(root / "out" / f"{REPORT}.html")


def test_render_output_through_a_symlink_is_replaced(make_workspace, run_cli,
                                                     outside: Path) -> None:
    """``scrdocs render -o LINK`` replaces the link with the output, not its target."""
    root = make_workspace()
    link = root / "report.html"
    link.symlink_to(outside)
    result = run_cli("render", root / "documents" / f"{REPORT}.yaml", "-o", link)
    assert result.exit_code == 0, result.output + result.stderr
    assert outside.read_text() == SECRET
    assert is_report(link)


def test_output_over_an_input_is_still_refused_through_its_link(make_workspace,
                                                                run_cli) -> None:
    """A review that is itself a link inside the workspace stays an input: output named
    after the link is refused, and link and file are kept."""
    root = make_workspace()
    (root / "shared").mkdir()
    (root / "reviews" / "jasmine.yaml").rename(root / "shared" / "jasmine.yaml")
    (root / "reviews" / "jasmine.yaml").symlink_to(root / "shared" / "jasmine.yaml")
    before = (root / "shared" / "jasmine.yaml").read_bytes()
    result = run_cli("render", root / "documents" / f"{REPORT}.yaml", "-f", "html",
                     "-o", root / "reviews" / "jasmine.yaml")
    assert "refusing to overwrite an input file" in failed_cleanly(
        result, OutputError.exit_code)[0]
    assert (root / "reviews" / "jasmine.yaml").is_symlink()
    assert (root / "shared" / "jasmine.yaml").read_bytes() == before


def test_symlinked_manifest_is_not_written_through(make_workspace, run_cli) -> None:
    """A manifest that is a link to a review: the review keeps its bytes, the manifest
    becomes a file of its own, and the next build finds everything up to date."""
    root = make_workspace()
    review = root / "reviews" / "jasmine.yaml"
    before = review.read_bytes()
    (root / "out").mkdir()
    (root / "out" / MANIFEST).symlink_to(review)
    build_html(run_cli, root)
    assert review.read_bytes() == before
    assert not (root / "out" / MANIFEST).is_symlink()
    assert "all up to date" in build_html(run_cli, root).output


def test_symlinked_manifest_is_not_read(make_workspace, run_cli, outside: Path) -> None:
    """A manifest planted as a link is not believed: the build renders again, even though
    the file it leads to says every output is up to date."""
    root = make_workspace()
    build_html(run_cli, root)
    manifest = root / "out" / MANIFEST
    outside.write_bytes(manifest.read_bytes())
    manifest.unlink()
    manifest.symlink_to(outside)
    assert "wrote 1 files" in build_html(run_cli, root).output
    assert outside.read_bytes() != b"" and not manifest.is_symlink()


def test_output_folder_given_as_a_symlink_is_the_users_choice(make_workspace, run_cli,
                                                               tmp_path: Path) -> None:
    """``--out LINK`` to a folder elsewhere writes into that folder."""
    root = make_workspace()
    (tmp_path / "published").mkdir()
    (tmp_path / "out-link").symlink_to(tmp_path / "published")
    build_html(run_cli, root, "--out", tmp_path / "out-link")
    assert is_report(tmp_path / "published" / f"{REPORT}.html")


# -- inputs and templates leading outside ---------------------------------------------------

@pytest.mark.parametrize("name", ["reviews/jasmine.yaml", f"documents/{REPORT}.yaml"])
def test_data_file_linked_from_outside_is_refused(name: str, make_workspace, run_cli,
                                                  outside: Path, monkeypatch) -> None:
    """A review or document that is a link to a file outside the workspace is a DataError
    naming the file and where it leads; the file is not read."""
    root = make_workspace()
    outside.write_bytes((root / name).read_bytes())
    (root / name).unlink()
    (root / name).symlink_to(outside)
    monkeypatch.chdir(root)
    lines = failed_cleanly(run_cli("validate", "."), DataError.exit_code)
    assert any(line.startswith(f"{name}: the file is a symbolic link to {outside}")
               and "outside the workspace" in line for line in lines), lines
    assert not any("there is no review" in line for line in lines), lines


def test_reviews_folder_linked_from_outside_is_refused(make_workspace, run_cli,
                                                       tmp_path: Path) -> None:
    """A reviews/ folder that is a link to a folder elsewhere: its files are refused."""
    root = make_workspace()
    (root / "reviews").rename(tmp_path / "shared-reviews")
    (root / "reviews").symlink_to(tmp_path / "shared-reviews")
    lines = failed_cleanly(run_cli("validate", root), DataError.exit_code)
    assert any("jasmine.yaml: the file is a symbolic link to" in line for line in lines)


@pytest.mark.parametrize("how", ["symbolic", "hard"])
@pytest.mark.parametrize("name", ["reviews/mia.yaml", "documents/mia.yaml"])
def test_data_file_leading_to_the_case_key_is_never_read(how: str, name: str, make_workspace,
                                                          run_cli, monkeypatch) -> None:
    """A review or document that is a link to the case key is refused at the link, and no
    error prints what the case key holds."""
    root = make_workspace({"case-key.yaml": "names:\n  - real: Mia Thornton\n"
                                           "    pseudonym: Jasmine\n"})
    if how == "symbolic":
        (root / name).symlink_to(Path("..") / "case-key.yaml")
    else:
        os.link(root / "case-key.yaml", root / name)
    monkeypatch.chdir(root)
    for command in ("validate", "build"):
        result = run_cli(command, ".")
        assert result.exit_code == DataError.exit_code, result.stderr
        assert f"{name}: the file leads to the case key" in result.stderr
        assert "Mia" not in result.stdout + result.stderr and "Thornton" not in result.stderr


def test_data_file_linked_within_the_workspace_is_read(make_workspace, run_cli) -> None:
    """A link to a file that is also inside the workspace is followed as before."""
    root = make_workspace()
    (root / "shared").mkdir()
    (root / "reviews" / "jasmine.yaml").rename(root / "shared" / "jasmine.yaml")
    (root / "reviews" / "jasmine.yaml").symlink_to(Path("..") / "shared" / "jasmine.yaml")
    build_html(run_cli, root)
    assert is_report(root / "out" / f"{REPORT}.html")


@pytest.mark.parametrize("leads_outside", [False, True], ids=["inside", "outside"])
def test_review_linked_to_a_missing_file_is_reported_at_the_link(
        leads_outside: bool, make_workspace, run_cli, tmp_path: Path, monkeypatch) -> None:
    """A review that is a link to a file no longer there (a share not connected, a file
    moved) is an error at the link's own name, not skipped: the report using it is not
    told that the review does not exist."""
    root = make_workspace()
    review = root / "reviews" / "jasmine.yaml"
    review.unlink()
    review.symlink_to(tmp_path / "share" / "jasmine.yaml" if leads_outside
                      else Path("moved.yaml"))
    monkeypatch.chdir(root)
    lines = failed_cleanly(run_cli("validate", "."), DataError.exit_code)
    assert [line.split(": ")[0] for line in lines] == [str(Path("reviews/jasmine.yaml"))]
    assert not any("there is no review" in line for line in lines), lines


def html_override(body: str = "") -> str:
    """Return the default committee report template with ``body`` at the start of the page."""
    source = (default_templates() / "committee-report" / "committee-report.html.j2").read_text(
        encoding="utf-8")
    return source.replace("{% block body %}", "{% block body %}" + body, 1)


@pytest.mark.parametrize("format", ["html", "docx"])
def test_template_linked_from_outside_is_refused(format: str, make_workspace, run_cli,
                                                 outside: Path) -> None:
    """A workspace template that is a link to a file elsewhere is a TemplateError naming
    the template and where it leads; nothing is written and nothing of it published."""
    root = make_workspace()
    suffix = "docx" if format == "docx" else "html.j2"
    if format == "docx":
        page = docx.Document()
        page.add_paragraph(SECRET)
        page.save(outside)
    else:
        outside.write_text(SECRET)
    template = root / "templates" / "committee-report" / f"committee-report.{suffix}"
    template.parent.mkdir(parents=True)
    template.symlink_to(outside)
    result = run_cli("build", root, "-f", format)
    lines = failed_cleanly(result, TemplateError.exit_code)
    assert any(f"committee-report.{suffix}: the template is a symbolic link to {outside}"
               in line for line in lines), lines
    assert not list((root / "out").glob(f"{REPORT}.*"))


def test_included_file_linked_from_outside_is_refused(make_workspace, run_cli,
                                                      outside: Path) -> None:
    """``{% include %}`` of a template-folder file that is a link to a file elsewhere is
    refused, in --template-dir as in the workspace's templates."""
    root = make_workspace()
    folder = root.parent / "house-style"
    (folder / "committee-report").mkdir(parents=True)
    (folder / "committee-report" / "committee-report.html.j2").write_text(
        html_override('{% include "committee-report/footer.txt" %}'))
    (folder / "committee-report" / "footer.txt").symlink_to(outside)
    result = run_cli("render", root / "documents" / f"{REPORT}.yaml", "-f", "html",
                     "--template-dir", folder)
    lines = failed_cleanly(result, TemplateError.exit_code)
    assert any("footer.txt: the template is a symbolic link to" in line for line in lines)
    assert SECRET.strip() not in result.output + result.stderr


def test_templates_folder_linked_from_outside_is_refused(make_workspace, run_cli,
                                                         tmp_path: Path) -> None:
    """A workspace templates/ folder that leads out of the workspace is refused, with
    --template-dir suggested for templates kept elsewhere."""
    root = make_workspace()
    (tmp_path / "shared-templates").mkdir()
    (root / "templates").symlink_to(tmp_path / "shared-templates")
    lines = failed_cleanly(run_cli("build", root, "-f", "html"), TemplateError.exit_code)
    assert "the templates folder is a symbolic link" in lines[0]
    assert "--template-dir" in lines[0]


def test_templates_check_reports_a_linked_template_without_reading_it(
        make_workspace, run_cli, outside: Path) -> None:
    """``templates check`` names a template that links outside and shows none of its text."""
    root = make_workspace()
    outside.write_text("{{ syntax error")
    template = root / "templates" / "committee-report" / "committee-report.html.j2"
    template.parent.mkdir(parents=True)
    template.symlink_to(outside)
    result = run_cli("templates", "check", root)
    assert result.exit_code == TemplateError.exit_code
    lines = error_lines(result)
    assert len(lines) == 1 and "is a symbolic link to" in lines[0], lines
    assert "syntax" not in result.stderr


# -- temporary files of a killed run --------------------------------------------------------

def test_stale_temporary_files_are_removed_by_the_next_build(make_workspace, run_cli,
                                                             outside: Path) -> None:
    """The next build removes temporary files of our own naming in the output folder, and
    nothing else: not a user's file, not a link (nor what it leads to)."""
    root = make_workspace()
    out = root / "out"
    out.mkdir()
    stale = [out / f".{REPORT}.pdf.x1y2z3_9.tmp", out / f".{MANIFEST}.abcdefgh.tmp"]
    kept = [out / "notes.tmp", out / ".notes.txt.abcdefgh.tmp", out / f".{REPORT}.pdf.tmp"]
    for path in stale + kept:
        path.write_bytes(b"%PDF-1.7 half a file")
    link = out / f".{REPORT}.docx.abcdefgh.tmp"
    link.symlink_to(outside)
    build_html(run_cli, root)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)
    assert link.is_symlink() and outside.read_text() == SECRET


def test_temporary_file_being_written_is_left_alone(tmp_path: Path) -> None:
    """A temporary file another writer holds locked is not removed; unlocked, it is."""
    path = tmp_path / f".{REPORT}.html.abcdefgh.tmp"
    path.write_bytes(b"<html>")
    with open(path, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert remove_temporaries(tmp_path) == []
    assert remove_temporaries(tmp_path) == [path]
    assert not path.exists()


def test_write_atomic_replaces_a_link_and_keeps_its_target(tmp_path: Path,
                                                           outside: Path) -> None:
    """The library's own writer never writes through a link."""
    link = tmp_path / "minutes.pdf"
    link.symlink_to(outside)
    write_atomic(link, b"%PDF-1.7 new")
    assert outside.read_text() == SECRET
    assert not link.is_symlink() and link.read_bytes() == b"%PDF-1.7 new"


STALL_WRITE = """
import os, sys, time
from pathlib import Path

def stall(handle):
    Path(sys.argv[2]).write_text("writing")
    time.sleep(120)

os.fsync = stall
from scrdocs.cli import main
main(["build", sys.argv[1], "-f", "html", "--jobs", "1"])
"""


def test_build_killed_while_writing_leaves_a_temporary_file_the_next_build_removes(
        make_workspace, run_cli, tmp_path: Path) -> None:
    """A build killed (SIGKILL) in the middle of writing an output leaves its temporary
    file; the next build removes it and writes the output."""
    root = make_workspace()
    marker = tmp_path / "writing"
    process = subprocess.Popen([sys.executable, "-c", STALL_WRITE, str(root), str(marker)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), process.communicate(timeout=5)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    left = list((root / "out").glob(f".{REPORT}.html.*.tmp"))
    assert len(left) == 1 and not (root / "out" / f"{REPORT}.html").exists()
    build_html(run_cli, root)
    assert not left[0].exists()
    assert is_report(root / "out" / f"{REPORT}.html")
    assert sorted(os.listdir(root / "out")) == sorted([MANIFEST, f"{REPORT}.html"])


def test_manifest_planted_as_a_pipe_neither_hangs_nor_stays(make_workspace) -> None:
    """A named pipe in place of the manifest is not read (reading one waits for a writer
    for ever); the build replaces it with the manifest."""
    root = make_workspace()
    (root / "out").mkdir()
    os.mkfifo(root / "out" / MANIFEST)
    process = subprocess.run([sys.executable, "-m", "scrdocs", "build", str(root), "-f", "html"],
                             capture_output=True, text=True, timeout=120, check=False)
    assert process.returncode == 0, process.stderr
    assert (root / "out" / MANIFEST).is_file()
    assert is_report(root / "out" / f"{REPORT}.html")
