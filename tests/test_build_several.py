"""`scrdocs build WS…`: several workspaces in one run, sharing its worker processes, each
into its own out/ folder, a failure named with its workspace."""

from __future__ import annotations

from helpers import MINIMAL_WORKSPACE, error_lines, write_files


def test_several_workspaces_build_in_one_run(tmp_path, run_cli):
    """Each workspace's documents are written to its own out/ folder."""
    first, second = tmp_path / "anyshire", tmp_path / "borsetshire"
    write_files(first, MINIMAL_WORKSPACE)
    write_files(second, MINIMAL_WORKSPACE)
    result = run_cli("build", first, second, "-f", "pdf", "-j", "2")
    assert result.exit_code == 0, result.stderr
    assert (first / "out" / "report-jasmine.pdf").is_file()
    assert (second / "out" / "report-jasmine.pdf").is_file()
    assert "wrote 2 files for 2 documents to the out/ folders of 2 workspaces" in result.stdout


def test_a_failure_names_its_workspace(tmp_path, run_cli):
    """A document that fails in one workspace is named with that workspace's folder; the
    other workspace is built all the same."""
    first, second = tmp_path / "anyshire", tmp_path / "borsetshire"
    write_files(first, MINIMAL_WORKSPACE)
    write_files(second, {**MINIMAL_WORKSPACE, "documents/report-jasmine.yaml":
                         MINIMAL_WORKSPACE["documents/report-jasmine.yaml"].replace(
                             "  number: 5\n", "  number: [5]\n")})
    result = run_cli("build", first, second, "-f", "pdf")
    assert result.exit_code == 2
    assert error_lines(result)[0] == ("1 document failed and was not written: "
                                      "borsetshire/report-jasmine")
    assert (first / "out" / "report-jasmine.pdf").is_file()


def test_out_takes_one_workspace(tmp_path, run_cli):
    """--out with several workspaces is refused: each has its own out/ folder."""
    first, second = tmp_path / "anyshire", tmp_path / "borsetshire"
    write_files(first, MINIMAL_WORKSPACE)
    write_files(second, MINIMAL_WORKSPACE)
    result = run_cli("build", first, second, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "give --out with one workspace" in result.stderr
