"""Fast paths: help, validation and Word-only work never load WeasyPrint; engines load once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import copy_example

import scrdocs
from scrdocs import load_workspace, render


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    """Run ``code`` in a fresh interpreter; return the top-level modules it had imported."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import sys
        print(" ".join(sorted({name.partition(".")[0] for name in sys.modules})))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=cwd, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def _cli(*args: str | Path) -> str:
    """Return code that runs ``scrdocs ARGS…`` the way the console script does."""
    return f"""
        from scrdocs.cli import main
        try:
            main({[str(arg) for arg in args]!r}, prog_name="scrdocs")
        except SystemExit as exit:
            assert not exit.code, exit.code
    """


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the Thurrock example workspace."""
    return copy_example("thurrock", tmp_path_factory.mktemp("fast"))


def test_help_loads_no_engine():
    """`scrdocs --help` imports neither WeasyPrint nor docxtpl."""
    modules = _modules_after(_cli("--help"))
    assert "scrdocs" in modules
    assert not modules & {"weasyprint", "docxtpl", "docx"}


def test_python_m_scrdocs_help_loads_no_engine():
    """`python -m scrdocs --help` imports neither WeasyPrint nor docxtpl."""
    modules = _modules_after("""
        import runpy, sys
        sys.argv = ["scrdocs", "--help"]
        try:
            runpy.run_module("scrdocs", run_name="__main__", alter_sys=True)
        except SystemExit as exit:
            assert not exit.code, exit.code
    """)
    assert not modules & {"weasyprint", "docxtpl", "docx"}


def test_validate_loads_no_engine(workspace):
    """`scrdocs validate` imports neither WeasyPrint nor docxtpl."""
    modules = _modules_after(_cli("validate", workspace))
    assert not modules & {"weasyprint", "docxtpl", "docx"}


def test_word_only_work_never_loads_weasyprint(tmp_path):
    """Rendering and building Word files of kinds planned without a layout pass (a
    one-minute guide's boxes are measured with the font's widths), serially or in parallel,
    leaves WeasyPrint alone. Meeting documents are laid out once to decide whether they are
    set tight (:mod:`scrdocs.flow`), so that Word and PDF keep the same pages."""
    guide = copy_example("stoke-on-trent", tmp_path / "ws")
    document = guide / "documents" / "one-minute-guide.yaml"
    modules = _modules_after(_cli("render", document, "-o", tmp_path / "guide.docx")
                             + _cli("build", guide, "-f", "docx", "--out", tmp_path / "a",
                                    "-j", "1")
                             + _cli("build", guide, "-f", "docx", "--out", tmp_path / "b",
                                    "-j", "2"))
    assert "docxtpl" in modules
    assert "weasyprint" not in modules
    assert (tmp_path / "b" / "one-minute-guide.docx").is_file()


def test_up_to_date_build_loads_no_engine(workspace, tmp_path):
    """A build that finds every output up to date imports no rendering engine at all."""
    out = tmp_path / "out"
    loaded = load_workspace(workspace)
    assert len(scrdocs.build(loaded, out, ["docx", "pdf"])) == 2 * len(loaded.documents)
    modules = _modules_after(_cli("build", workspace, "-f", "docx", "-f", "pdf",
                                  "--out", out))
    assert not modules & {"weasyprint", "docxtpl", "docx"}


def test_fonts_and_stylesheets_load_once_per_process(workspace):
    """Rendering PDFs again reuses the font configuration and the font stylesheet."""
    from scrdocs import pdf

    loaded = load_workspace(workspace)
    render(loaded.documents["resolutions-julia"], loaded, "pdf")
    config, stylesheet = pdf._font_config(), pdf._font_stylesheet()
    render(loaded.documents["committee-report-julia"], loaded, "pdf")
    assert pdf._font_config() is config
    assert pdf._font_stylesheet() is stylesheet
    assert pdf._font_config.cache_info().currsize == 1
