"""The command line: version, help, and errors as `Error:` lines with exit codes (scrdocs.cli)."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import scrdocs


def test_version_option_prints_package_version(run_cli):
    """`scrdocs --version` prints scrdocs.__version__."""
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"scrdocs, version {scrdocs.__version__}"


def test_installed_version_matches_dunder_version():
    """The installed distribution's version is the one in scrdocs/__init__.py."""
    assert version("scrdocs") == scrdocs.__version__


def test_help_lists_the_commands(run_cli):
    """`scrdocs --help` lists the validate and schema commands."""
    result = run_cli("--help")
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].split()
    assert {"validate", "schema"} <= set(commands)


def test_short_help_option(run_cli):
    """`-h` is accepted as well as `--help`."""
    assert run_cli("-h").stdout == run_cli("--help").stdout


def test_python_m_scrdocs_runs_the_cli():
    """`python -m scrdocs --help` runs the same command line, named scrdocs."""
    result = subprocess.run([sys.executable, "-m", "scrdocs", "--help"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: scrdocs ")
    assert "validate" in result.stdout


def test_validate_reports_ok(run_cli, workspace):
    """`scrdocs validate WORKSPACE` on a valid workspace exits 0 and counts what it read."""
    result = run_cli("validate", workspace)
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("OK — 1 reviews, 1 documents")


def test_validate_defaults_to_the_current_folder(run_cli, workspace, monkeypatch):
    """`scrdocs validate` with no argument checks the current folder."""
    monkeypatch.chdir(workspace)
    result = run_cli("validate")
    assert (result.exit_code, result.stdout.strip()) == (0, ".: OK — 1 reviews, 1 documents")


def test_validate_outside_a_workspace_is_an_error(run_cli, tmp_path):
    """Validating a folder without scrdocs.yaml prints an Error line and exits 2."""
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert "not a scrdocs workspace" in result.stderr
    assert "Traceback" not in result.output


def test_errors_go_to_stderr_only(run_cli, make_workspace):
    """Error lines are written to stderr; stdout stays empty when validation fails."""
    root = make_workspace({"reviews/child-q.yaml": "name: 42\n"})
    result = run_cli("validate", root)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "expected text, got a number" in result.stderr


def test_unknown_schema_subject_is_a_usage_error(run_cli):
    """`scrdocs schema meeting` is refused by the command line with its choices."""
    result = run_cli("schema", "meeting")
    assert result.exit_code == 2
    assert "'review', 'document', 'organisation'" in result.stderr
