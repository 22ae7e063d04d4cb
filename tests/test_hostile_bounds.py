"""Bounded work: a YAML alias bomb and a runaway template each stop within seconds with an
error naming the file, in bounded memory, never a hang, a MemoryError or a traceback.

Each hostile case runs in a child process whose address space is capped at 1.5 GB and which
is killed if it outlives a generous timeout, so a regression fails the test instead of
taking the machine down. The template budgets are lowered there (half a second, 256 MB) so the
cases finish quickly; the defaults are in :mod:`scrdocs.bounds`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from helpers import MINIMAL_WORKSPACE

from scrdocs import bounds
from scrdocs._yaml import ALIAS_TEXT, parse
from scrdocs.errors import DataError, TemplateError
from scrdocs.render import render
from scrdocs.templating import default_templates, environment
from scrdocs.workspace import load_workspace

resource = pytest.importorskip("resource")

ADDRESS_SPACE = int(1.5 * 2**30)
"""The most memory (address space) a child process may take."""

CHILD = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
from scrdocs import bounds
bounds.TIME_BUDGET = 0.5
bounds.MEMORY_BUDGET = 256 << 20
from scrdocs.cli import main
main(sys.argv[1:], prog_name="scrdocs")
"""
"""Run the scrdocs command in a capped child process, with lowered template budgets."""


def run_capped(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``scrdocs ARGS…`` in a child process with capped memory and a safety timeout."""
    return subprocess.run([sys.executable, "-c", CHILD, *map(str, args)],
                          capture_output=True, text=True, timeout=180, check=False)


def error_lines_of(process: subprocess.CompletedProcess[str]) -> list[str]:
    """Return the Error lines of a failed run, checking it ended cleanly: no traceback and
    no MemoryError, whatever the exit code."""
    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    assert "MemoryError" not in process.stderr, process.stderr[-3000:]
    return [line.removeprefix("Error: ") for line in process.stderr.splitlines()
            if line.startswith("Error: ")]


# -- YAML aliases -----------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
"""The classic "billion laughs": under 400 bytes, 9⁹ (387 million) strings expanded."""


@pytest.mark.parametrize("folder", ["reviews", "documents"])
def test_billion_laughs_is_refused_naming_file_and_line(folder: str, make_workspace) -> None:
    """The alias bomb is a DataError naming the file and a line, within seconds and in
    bounded memory."""
    root = make_workspace({f"{folder}/bomb.yaml": BILLION_LAUGHS})
    process = run_capped("validate", root)
    assert process.returncode == DataError.exit_code, process.stderr[-3000:]
    lines = error_lines_of(process)
    assert any(f"{folder}/bomb.yaml:" in line and
               "too many repeated references (YAML aliases)" in line for line in lines), lines


def test_alias_bomb_error_has_the_line_of_the_expanding_field() -> None:
    """The error points at a field whose aliases expand past the limit."""
    with pytest.raises(DataError) as caught:
        parse(BILLION_LAUGHS, Path("bomb.yaml"))
    [problem] = caught.value.problems
    assert problem.line is not None and 2 <= problem.line <= 9
    assert "write the repeated parts out" in problem.message


def test_long_text_repeated_through_aliases_is_refused() -> None:
    """A long text repeated through many aliases is refused by the text it would make."""
    text = "x" * 100_000
    repeats = ALIAS_TEXT // len(text) + 1
    source = f"a: &a {text}\nb: [{', '.join(['*a'] * repeats)}]\n"
    with pytest.raises(DataError, match="more than 10,000,000 characters of text"):
        parse(source, Path("long.yaml"))


def test_small_anchors_and_aliases_still_work(make_workspace) -> None:
    """An anchored learning point reused as an action reads, and renders, as a copy."""
    review = MINIMAL_WORKSPACE["reviews/jasmine.yaml"].replace(
        "  - Keep the child at the centre", "  - &voice Keep the child at the centre").replace(
        "  - action: Audit child protection plans for the voice of the child.",
        "  - action: *voice")
    root = make_workspace({"reviews/jasmine.yaml": review})
    workspace = load_workspace(root)
    jasmine = workspace.reviews["jasmine"]
    assert str(jasmine.actions[0].action) == str(jasmine.learning_points[0])
    html = render(workspace.documents["report-jasmine"], workspace, "html").decode()
    assert html.count("Keep the child at the centre of every assessment.") >= 2


# -- runaway templates ------------------------------------------------------------------------

RUNAWAY = {
    "loop-in-a-loop": (
        "{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}",
        "longer than 0.5 seconds"),
    "loop-in-a-loop-kept-in-a-variable": (
        ("{% set s %}{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}"
         "{% endfor %}{% endset %}{{ s|length }}"), "longer than 0.5 seconds"),
    "macro-calling-itself": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "calls itself too deeply"),
    "macro-calling-itself-twice": (
        ("{% macro f(n) %}{% if n < 60 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}"
         "{{ f(0) }}"), "longer than 0.5 seconds"),
    "huge-repeat": ("{{ 'x' * 10**10 }}", "would build a repeated text or list"),
    "huge-power": ("{{ 9 ** (9 ** 9) }}", "would compute a number"),
    "doubling-text": (
        ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
         "{% endfor %}{{ ns.s|length }}"), "would build a joined text"),
    "huge-padding": ("{{ 'x'|center(10**10) }}{{ 'x'.ljust(10**10) }}",
                     "would build a centred text"),
    "huge-format-width": ("{{ '%099999999999d'|format(1) }}", "would build a formatted text"),
    "doubling-list": (
        "{% set l = [1] %}{% for i in range(64) %}{{ l.extend(l) or '' }}{% endfor %}",
        "would build a list"),
    "growing-memory": (
        ("{% set l = [] %}{% for i in range(99999) %}{{ l.append('x' * 40000000) or '' }}"
         "{% endfor %}"), "more than 256 MB of memory"),
    "huge-output": ("{% for a in range(99999) %}{{ 'x' * 10000 }}{% endfor %}",
                    "output grew beyond"),
}
"""Templates that loop, recurse or build huge values, and what the error says."""

HTML_TEMPLATE = Path("templates/committee-report/committee-report.html.j2")
WORD_TEMPLATE = Path("templates/committee-report/committee-report.docx")


def html_override(body: str) -> str:
    """Return the default committee report template with ``body`` at the start of the page."""
    source = (default_templates() / "committee-report" / "committee-report.html.j2").read_text(
        encoding="utf-8")
    return source.replace("{% block body %}", "{% block body %}" + body, 1)


def word_override(root: Path, body: str) -> Path:
    """Write a Word template for committee reports whose only paragraph is ``body``."""
    page = docx.Document()
    page.add_paragraph(body)
    path = root / WORD_TEMPLATE
    path.parent.mkdir(parents=True, exist_ok=True)
    page.save(path)
    return path


@pytest.mark.parametrize("case", sorted(RUNAWAY))
def test_runaway_html_template_stops_with_a_named_error(case: str, make_workspace) -> None:
    """Each runaway HTML template is a TemplateError naming the template and its line;
    nothing is written."""
    body, says = RUNAWAY[case]
    root = make_workspace({str(HTML_TEMPLATE): html_override(body)})
    out = root / "report.html"
    process = run_capped("render", root / "documents" / "report-jasmine.yaml", "-o", out)
    lines = error_lines_of(process)
    assert process.returncode == TemplateError.exit_code, process.stderr[-3000:]
    assert any(f"{root / HTML_TEMPLATE}:" in line and says in line for line in lines), lines
    assert not out.exists()


@pytest.mark.parametrize("case", ["loop-in-a-loop", "macro-calling-itself", "huge-repeat",
                                  "growing-memory"])
def test_runaway_word_template_stops_with_a_named_error(case: str, make_workspace) -> None:
    """A runaway Word (docxtpl) template is a TemplateError naming the .docx file."""
    body, says = RUNAWAY[case]
    root = make_workspace()
    template = word_override(root, body)
    out = root / "report.docx"
    process = run_capped("render", root / "documents" / "report-jasmine.yaml", "-o", out)
    lines = error_lines_of(process)
    assert process.returncode == TemplateError.exit_code, process.stderr[-3000:]
    assert any(line.startswith(f"{template}: ") and says in line for line in lines), lines
    assert not out.exists()


def test_a_pdf_fills_in_a_failing_template_once(make_workspace, monkeypatch) -> None:
    """The page-fit decision a committee report's PDF takes first does not try a failing
    HTML template and leave the render to fill it in again: the error comes from the first
    filling, so a runaway template spends its time budget once, not twice."""
    from scrdocs import pdf

    root = make_workspace({str(HTML_TEMPLATE): html_override("{{ no_such_field }}")})
    workspace = load_workspace(root)
    filled = []
    render_html = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda *args: filled.append(1) or render_html(*args))
    with pytest.raises(TemplateError, match="no_such_field"):
        render(workspace.documents["report-jasmine"], workspace, "pdf")
    assert len(filled) == 1


def test_runaway_template_stops_a_pdf_build_naming_the_template(make_workspace) -> None:
    """``scrdocs build`` of a PDF with a runaway template stops and names it."""
    body, says = RUNAWAY["loop-in-a-loop"]
    root = make_workspace({str(HTML_TEMPLATE): html_override(body)})
    process = run_capped("build", root, "-f", "pdf")
    lines = error_lines_of(process)
    assert process.returncode == TemplateError.exit_code, process.stderr[-3000:]
    assert any(str(root / HTML_TEMPLATE) in line and says in line for line in lines), lines
    assert not (root / "out" / "report-jasmine.pdf").exists()


def test_templates_check_reports_a_runaway_template(make_workspace) -> None:
    """``templates check`` trial-renders within the budget and reports the template."""
    body, says = RUNAWAY["loop-in-a-loop"]
    root = make_workspace({str(HTML_TEMPLATE): html_override(body)})
    process = run_capped("templates", "check", root)
    lines = error_lines_of(process)
    assert process.returncode == TemplateError.exit_code, process.stderr[-3000:]
    assert any(str(HTML_TEMPLATE.name) in line and says in line for line in lines), lines


ORDINARY = (
    "{{ 'ab' * 3 }}|{{ '%5d' % 3 }}|{{ [1, 2]|join(',') }}|{{ '{:>4}'.format('x') }}|"
    "{{ 'x'.ljust(3) }}.|{% for i in range(3) %}{{ i }}{{ '/' ~ loop.length if loop.last }}"
    "{% endfor %}|{{ [[1], [2, 3]]|sum(start=[]) }}|{{ 'abc'.replace('b', 'xx') }}|"
    "{{ 2 ** 10 }}|{{ 'a' ~ 'b' }}|{{ 'x'|center(5) }}|{{ 'a,b'|wordwrap(1) }}|"
    "{% set ns = namespace(total=0) %}{% for n in [1, 2, 3] if n > 1 %}"
    "{% set ns.total = ns.total + n %}{% else %}none{% endfor %}{{ ns.total }}|"
    "{{ (3 * 4) + 1 }}|{{ [1, 2] + [3] }}|{{ lipsum(1, html=False)|wordcount > 0 }}"
)


def test_ordinary_template_features_still_work(tmp_path: Path) -> None:
    """Repeats, formats, joins, loops, sums and powers of ordinary size work as in Jinja."""
    (tmp_path / "t.html.j2").write_text(ORDINARY)
    output = environment((tmp_path,)).get_template("t.html.j2").render()
    assert output == ("ababab|    3|1,2|   x|x  .|012/3|[1, 2, 3]|axxc|1024|ab|  x  |a\n,\nb|5|"
                      "13|[1, 2, 3]|True")


def test_budget_lowered_in_process_stops_a_loop(tmp_path: Path, monkeypatch) -> None:
    """The time budget is read when filling in starts, so it can be lowered."""
    monkeypatch.setattr(bounds, "TIME_BUDGET", 0.2)
    (tmp_path / "t.html.j2").write_text(RUNAWAY["loop-in-a-loop"][0])
    with pytest.raises(bounds.Exhausted, match="longer than 0.2 seconds"):
        environment((tmp_path,)).get_template("t.html.j2").render()

