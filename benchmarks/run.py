"""Measure scrdocs: render times, cold starts, memory, builds, and the engines underneath.

Run ``python benchmarks/run.py`` (``--quick`` for fewer repeats and smaller scaling rows).
Takes the example workspaces under ``data/``; prints tables of figures, not pass/fail:

- each kind and format: warm render time in one process (median of N), the same content
  through the bare engines (docxtpl alone, WeasyPrint ``write_pdf`` alone) as a ratio, cold
  ``scrdocs render`` in a fresh process, pages, peak memory, and LibreOffice converting the
  same .docx (when ``soffice`` is installed);
- scaling: 10/100/1,000 learning points in a committee report, 1/10/100 documents in a build;
- builds: every example workspace to Word and PDF (pages per second, against LibreOffice
  converting the same .docx files in one call), a 200-review briefing's peak memory, and a
  rebuild with nothing changed;
- the issue's targets, with the figure each one is judged on.

Everything runs in a temporary folder; nothing under ``data/`` is written. Needs the test
extras (``pip install -e ".[test]"``: pypdf counts the pages); LibreOffice rows need ``soffice``.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

if importlib.util.find_spec("scrdocs") is None:  # a checkout that is not installed
    sys.path.insert(0, str(ROOT))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                             os.environ.get("PYTHONPATH")]))
FORMATS = ("docx", "pdf", "html")

USAGE = """
def _peak_kb():
    # VmHWM: this process's own peak; ru_maxrss would also count the pages of the process
    # that started it (Linux keeps the high-water mark across vfork + exec)
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def _write_usage(**extra):
    with open(os.environ["SCRDOCS_BENCH_USAGE"], "w") as usage:
        json.dump({"self": _peak_kb(),
                   "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                   **extra}, usage)
"""

CLI = """
import json, os, resource, sys
""" + USAGE + """
import atexit
atexit.register(_write_usage)  # runs last: after scrdocs' own exit handlers
from scrdocs.cli import run
sys.argv[0] = "scrdocs"
run()
"""
"""What the ``scrdocs`` console script does, plus a note of the process's peak memory."""

BUILD_MANY = """
import json, os, resource, sys
""" + USAGE + """
from pathlib import Path
from scrdocs.build import build_many
from scrdocs.workspace import load_workspace
roots, out, jobs = json.loads(sys.argv[1])
report = build_many([(load_workspace(root), Path(out) / Path(root).name) for root in roots],
                    ["docx", "pdf"], jobs=jobs)
_write_usage(written=len(report.written), skipped=len(report.skipped))
"""
"""Build several workspaces in one fresh process, sharing its worker processes."""


PHASES = """
import json, os, sys, time
marks, start = [], time.perf_counter()
def mark(label):
    marks.append((label, time.perf_counter()))
from scrdocs.cli import _exit_now, main
mark("import scrdocs and click")
from scrdocs import load_workspace, render
from scrdocs.pdf import import_weasyprint
root, name = json.loads(sys.argv[1])
workspace = load_workspace(root)
mark("load and validate the workspace")
import_weasyprint()
mark("import WeasyPrint (its library search skipped, as scrdocs does)")
from scrdocs import pdf
pdf._font_stylesheet()
mark("bundled fonts: stylesheet and FontConfiguration")
render(workspace.documents[name], workspace, "html")
mark("view and HTML")
render(workspace.documents[name], workspace, "pdf")
mark("first PDF render")
with open(os.environ["SCRDOCS_BENCH_USAGE"], "w") as usage:
    json.dump({"marks": marks, "start": start}, usage)
_exit_now(0)
"""
"""Time each step of a cold PDF render in a fresh process."""


# --- measuring ---------------------------------------------------------------------------

@dataclass
class Run:
    """One fresh process: its wall time, peak memory (MB) and whether it succeeded."""

    seconds: float
    peak_mb: float
    ok: bool
    error: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def fresh_process(code: str, *args: str | Path, env: dict[str, str] | None = None) -> Run:
    """Run ``code`` in a new interpreter; return its time and the peak memory it reports."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        usage_file = Path(handle.name)
    environment = {**os.environ, **(env or {}), "SCRDOCS_BENCH_USAGE": str(usage_file)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *map(str, args)], env=environment,
                            capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    try:
        detail = json.loads(usage_file.read_text() or "{}")
    except ValueError:
        detail = {}
    usage_file.unlink(missing_ok=True)
    peak = max(detail.get("self", 0), detail.get("children", 0)) / 1024
    error = "" if result.returncode == 0 else (result.stderr.strip().splitlines() or ["?"])[-1]
    return Run(seconds, peak, result.returncode == 0, error, detail)


def cli(*args: str | Path) -> Run:
    """Run ``scrdocs ARGS…`` cold, as the console script would."""
    return fresh_process(CLI, *args)


def median_seconds(action: Callable[[], Any], repeats: int) -> float:
    """Return the median time of ``action`` over ``repeats`` runs, after one warm-up run."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdf_pages(data: bytes) -> int:
    """Return the number of pages of a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def folder_pages(folder: Path) -> int:
    """Return the pages of every PDF below ``folder``."""
    return sum(pdf_pages(path.read_bytes()) for path in folder.rglob("*.pdf"))


# --- the machine --------------------------------------------------------------------------

def machine() -> list[str]:
    """Return lines describing the machine and the engines' versions."""
    from importlib.metadata import version

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "?"
    soffice = libreoffice()
    subset = "present" if harfbuzz_subset() else "absent (fontTools subsets: ~3× slower PDFs)"
    cores = f"cores (nproc): {os.cpu_count()}   CPU: {cpu}   {platform.system()} "
    engines = (f"Python {platform.python_version()}   scrdocs {version('scrdocs')}   "
               f"WeasyPrint {version('weasyprint')}   docxtpl {version('docxtpl')}   "
               f"python-docx {version('python-docx')}")
    office = soffice_version(soffice) if soffice else "absent"
    return [cores + platform.release(), engines,
            f"libharfbuzz-subset0: {subset}   LibreOffice: {office}", load_average("at start")]


def load_average(when: str) -> str:
    """Return the load average: other work on the machine inflates every figure."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return ""
    return f"load average {when}: {one:.2f} (1 min), {five:.2f} (5 min)"


def harfbuzz_subset() -> bool:
    """Return whether the HarfBuzz subsetting library WeasyPrint prefers can be loaded."""
    import ctypes.util

    return ctypes.util.find_library("harfbuzz-subset") is not None


def libreoffice() -> str | None:
    """Return the path of ``soffice``, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version(soffice: str) -> str:
    """Return LibreOffice's version line."""
    try:
        result = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return " ".join(result.stdout.split()[1:3]) or "?"


class LibreOffice:
    """LibreOffice headless with a private profile, created once before anything is timed."""

    def __init__(self, soffice: str, scratch: Path) -> None:
        self.soffice = soffice
        self.profile = (scratch / "lo-profile").as_uri()
        self.scratch = scratch

    def prepare(self, sample: Path) -> None:
        """Convert one file untimed, so the profile exists before the timed runs."""
        self.convert([sample], self.scratch / "lo-warmup")

    def convert(self, files: Sequence[Path], out: Path) -> tuple[float, int]:
        """Convert ``files`` to PDF in one call; return the seconds taken and the pages."""
        out.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run([self.soffice, f"-env:UserInstallation={self.profile}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(out),
                        *map(str, files)], capture_output=True, check=True, timeout=600)
        seconds = time.perf_counter() - start
        return seconds, folder_pages(out)


# --- workspaces ---------------------------------------------------------------------------

def renders(workspace: Any, name: str) -> str | None:
    """Return why document ``name`` cannot be rendered yet, or ``None`` when it can."""
    from scrdocs import render
    from scrdocs.errors import TemplateError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for format in ("docx", "html"):
                render(workspace.documents[name], workspace, format)
    except NotImplementedError:
        return "its view is not written yet"
    except TemplateError as exc:
        return f"no template ({str(exc).splitlines()[0]})"
    return None


def copy_examples(target: Path) -> tuple[list[Path], list[str]]:
    """Copy each example workspace without the documents that cannot render yet.

    Return the copies and a note for each document left out.
    """
    from scrdocs import load_workspace
    from scrdocs.errors import ScrdocsError

    copies, notes = [], []
    for source in sorted(p for p in DATA.iterdir() if (p / "scrdocs.yaml").is_file()):
        copy = target / source.name
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("out"))
        try:
            workspace = load_workspace(copy)
            for name in list(workspace.documents):
                why = renders(workspace, name)
                if why:
                    notes.append(f"{source.name}/{name}: left out, {why}")
                    workspace.document_files[name].unlink()
            if load_workspace(copy).documents:
                copies.append(copy)
        except ScrdocsError as exc:
            notes.append(f"{source.name}: left out, {exc.lines()[0]}")
    return copies, notes


PROFILE = "name: Anyshire Safeguarding Children Partnership\nshort_name: Anyshire SCP\n"
SENTENCE = ("Practitioners should record the child's own words, check what a parent says "
            "with the other agencies involved, and escalate when a plan drifts")


def review_yaml(name: str, learning_points: int, actions: int = 3) -> str:
    """Return a review with ``learning_points`` learning points and a small action plan."""
    points = "".join(f"  - {SENTENCE} (point {n}).\n" for n in range(1, learning_points + 1))
    plan = "".join(f"  - action: Audit {n} of plans for the voice of the child.\n"
                   f"    due: 2021-09\n    status: in-progress\n" for n in range(1, actions + 1))
    return (f"name: {name}\nreview_type: serious-case-review\npublished: 2021-04\n"
            f"summary: concerned a child known to several agencies over many years.\n"
            f"findings:\n  - Information was shared but not analysed.\n"
            f"learning_points:\n{points}actions:\n{plan}")


def report_yaml(review: str, number: int = 5) -> str:
    """Return a committee report on ``review``."""
    return textwrap.dedent(f"""\
        kind: committee-report
        meeting:
          committee: Children's Services Scrutiny Committee
          date: 2021-06-14
        item:
          number: {number}
          title: Learning from case review {review}
          purpose: To present the findings of the review and the multi-agency action plan.
          review: {review}
          report: |
            {SENTENCE}. {SENTENCE}.

            {SENTENCE}.
          recommendations:
            - That the Committee note the findings.
            - That the Committee note the action plan.
        """)


def briefing_yaml(reviews: Sequence[str], per_theme: int = 20) -> str:
    """Return a learning briefing whose themes show every review in ``reviews``."""
    themes = []
    for start in range(0, len(reviews), per_theme):
        ids = "".join(f"      - {review}\n" for review in reviews[start:start + per_theme])
        themes.append(f"  - title: Theme {start // per_theme + 1}\n"
                      f"    intro: {SENTENCE}.\n    reviews:\n{ids}")
    return ("kind: learning-briefing\ntitle: Learning from case reviews\n"
            "edition: Winter 2024\nthemes:\n" + "".join(themes))


def minutes_yaml(reviews: Sequence[str]) -> str:
    """Return minutes with one agenda item about each review in ``reviews``."""
    items = "".join(f"  - number: {n}\n    title: Case review {review}\n    review: {review}\n"
                    f"    minutes: {SENTENCE}.\n    resolutions:\n      - Noted.\n"
                    for n, review in enumerate(reviews, start=1))
    return ("kind: minutes\nmeeting:\n  committee: Children's Services Scrutiny Committee\n"
            f"  date: 2021-06-14\nitems:\n{items}")


def make_workspace(root: Path, reviews: dict[str, str], documents: dict[str, str]) -> Path:
    """Write a workspace with these review and document files (name → YAML)."""
    for folder, files in (("reviews", reviews), ("documents", documents)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / "scrdocs.yaml").write_text(PROFILE, encoding="utf-8")
    return root


# --- the measurements ---------------------------------------------------------------------

@dataclass
class Bench:
    """The settings of one benchmark run, and the figures the targets are judged on."""

    scratch: Path
    repeats: int
    quick: bool
    soffice: LibreOffice | None = None
    figures: dict[str, Any] = field(default_factory=dict)


def kinds_table(bench: Bench, examples: list[Path]) -> list[list[Any]]:
    """Return a row per kind and format: scrdocs warm, bare engines, cold, pages, memory."""
    from scrdocs import KINDS, load_workspace

    rows = []
    seen: set[str] = set()
    for root in examples:
        workspace = load_workspace(root)
        for name, document in workspace.documents.items():
            if document.kind in seen:
                continue
            seen.add(document.kind)
            rows += kind_rows(bench, workspace, name)
    for kind in KINDS:
        if kind not in seen:
            rows.append([kind, "—", "no example renders yet", *[""] * 8])
    return rows


def kind_rows(bench: Bench, workspace: Any, name: str) -> list[list[Any]]:
    """Return the three rows (docx, pdf, html) of one example document."""
    from scrdocs import render

    document = workspace.documents[name]
    file = workspace.document_files[name]
    bare = bare_engines(workspace, document)
    outputs = {}
    rows: list[list[Any]] = []
    for format in FORMATS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = render(document, workspace, format)
            warm = median_seconds(partial(render, document, workspace, format),
                                  bench.repeats)
            bare_seconds = median_seconds(bare[format], bench.repeats)
        outputs[format] = bench.scratch / "kinds" / f"{name}.{format}"
        outputs[format].parent.mkdir(parents=True, exist_ok=True)
        cold = cli("render", file, "-f", format, "-o", outputs[format])
        pages = pdf_pages(data) if format == "pdf" else ""
        if format == "pdf" and document.kind == "committee-report":
            bench.figures.setdefault("cold_pdf", (cold.seconds, pages, name, workspace.root))
            bench.figures.setdefault("cold_pdf_docx", outputs["docx"])
        rows.append([document.kind, format, name, pages, ms(warm), ms(bare_seconds),
                     ratio(warm, bare_seconds), seconds(cold), mb(cold.peak_mb)])
        bench.figures.setdefault("overhead", []).append(
            (f"{document.kind} {format}", warm / bare_seconds))
    if bench.soffice is not None:
        lo_seconds, lo_pages = bench.soffice.convert(
            [outputs["docx"]], bench.scratch / "lo-single" / name)
        cold_pdf = cli("render", file, "-f", "pdf", "-o", outputs["pdf"])
        rows[1] += [f"{lo_seconds:.2f} s / {lo_pages} p", ratio(lo_seconds, cold_pdf.seconds)]
        bench.figures.setdefault("lo_single", []).append((name, lo_seconds, lo_pages,
                                                          cold_pdf.seconds))
    return rows


def bare_engines(workspace: Any, document: Any) -> dict[str, Callable[[], Any]]:
    """Return, per format, the same content rendered by the engine alone.

    The inputs are caught on their way into scrdocs' own engine calls, so they are exactly
    what scrdocs renders. docx: ``DocxTemplate(template)``, the view turned into its context
    (docxtpl RichText for marked-up text), ``render(context, jinja_env)`` and ``save``. pdf:
    ``HTML(string=the HTML).write_pdf`` with the same font stylesheet, font configuration and
    PDF/UA options. html: the Jinja template alone.
    """
    from docxtpl import DocxTemplate
    from weasyprint import HTML

    from scrdocs import pdf, render, word

    caught = catch_engine_inputs(lambda: [render(document, workspace, format)
                                          for format in FORMATS])
    view, template, env = caught["docx"]
    html_view, html_template, html_env = caught["html"]
    html, roots = caught["pdf"]

    def docx() -> bytes:
        tpl = DocxTemplate(str(template))
        context = word._to_word(view, tpl)
        with_logo = getattr(word, "_with_logo_image", None)  # the logo, as scrdocs adds it
        tpl.render(with_logo(context, tpl) if with_logo else context, jinja_env=env)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    def pdf_alone() -> bytes:
        return HTML(string=html, base_url=str(roots[0]) + os.sep).write_pdf(
            stylesheets=[pdf._font_stylesheet()], font_config=pdf._font_config(),
            pdf_variant="pdf/ua-1", pdf_identifier=b"scrdocs", pdf_tags=True)

    return {"docx": docx, "pdf": pdf_alone,
            "html": lambda: html_env.get_template(html_template).render(html_view)}


def catch_engine_inputs(action: Callable[[], Any]) -> dict[str, tuple[Any, ...]]:
    """Run ``action`` and return the arguments scrdocs passed to its engine calls."""
    from scrdocs import pdf, word

    caught: dict[str, tuple[Any, ...]] = {}
    originals = word.render_docx, pdf.render_html, pdf.render_pdf

    def docx(view: Any, template: Any, env: Any, *args: Any) -> Any:
        caught["docx"] = (view, template, env)
        return originals[0](view, template, env, *args)

    def html(view: Any, template: Any, env: Any) -> Any:
        caught.setdefault("html", (view, template, env))
        return originals[1](view, template, env)

    def pdf_of(html: str, roots: Any, *args: Any) -> Any:
        caught["pdf"] = (html, roots)
        return originals[2](html, roots, *args)

    spies = {(word, "render_docx"): docx, (pdf, "render_html"): html,
             (pdf, "render_pdf"): pdf_of}
    for (module, name), spy in spies.items():
        setattr(module, name, spy)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            action()
    finally:
        word.render_docx, pdf.render_html, pdf.render_pdf = originals
    return caught


def phases_table(bench: Bench) -> list[list[Any]]:
    """Return where the time of a cold PDF render goes (medians of three processes), and
    LibreOffice converting the same document's .docx, also the median of three."""
    if "cold_pdf" not in bench.figures:
        return []
    _, _, name, root = bench.figures["cold_pdf"]
    runs = [fresh_process(PHASES, json.dumps([str(root), name])) for _ in range(3)]
    if not all(run.ok for run in runs):
        return [["failed: " + next(run.error for run in runs if not run.ok)]]
    steps: dict[str, list[float]] = {}
    for run in runs:
        previous = run.detail["start"]
        for label, moment in run.detail["marks"]:
            steps.setdefault(label, []).append(moment - previous)
            previous = moment
    medians = {label: statistics.median(times) for label, times in steps.items()}
    total = statistics.median(run.seconds for run in runs)
    rows: list[list[Any]] = [[label, ms(seconds)] for label, seconds in medians.items()]
    rows.append(["start and end the interpreter (the rest)", ms(total - sum(medians.values()))])
    rows.append(["whole process (wall clock)", ms(total)])
    bench.figures["cold_pdf_median"] = total
    docx_file = bench.figures.get("cold_pdf_docx")
    if bench.soffice is not None and docx_file is not None:
        times = [bench.soffice.convert([docx_file], bench.scratch / "lo-cold" / str(attempt))[0]
                 for attempt in range(3)]
        bench.figures["cold_pdf_lo_median"] = statistics.median(times)
        rows.append(["LibreOffice converting the same .docx (wall clock)",
                     ms(statistics.median(times))])
    return rows


def libreoffice_batch(bench: Bench) -> list[list[Any]]:
    """Return LibreOffice converting every kind's .docx in one call."""
    files = sorted((bench.scratch / "kinds").glob("*.docx"))
    if bench.soffice is None or not files:
        return []
    lo_seconds, pages = bench.soffice.convert(files, bench.scratch / "lo-batch-kinds")
    return [[f"{len(files)} .docx in one call", pages, f"{lo_seconds:.2f}",
             f"{lo_seconds / len(files):.2f}"]]


def learning_points_table(bench: Bench) -> list[list[Any]]:
    """Return render times of a committee report with 10, 100 and 1,000 learning points."""
    from scrdocs import load_workspace, render

    rows = []
    times: dict[tuple[str, int], float] = {}
    for count in (10, 100, 1000):
        root = make_workspace(bench.scratch / f"points-{count}",
                              {"q": review_yaml("Q", count)}, {"report": report_yaml("q")})
        workspace = load_workspace(root)
        document = workspace.documents["report"]
        repeats = min(bench.repeats, 1 if bench.quick else 3) if count == 1000 \
            else bench.repeats
        pages = pdf_pages(render(document, workspace, "pdf"))
        row: list[Any] = [f"{count:,}", pages]
        for format in ("docx", "pdf"):
            times[format, count] = median_seconds(
                partial(render, document, workspace, format), repeats)
            row.append(ms(times[format, count]))
        rows.append(row)
    for format in ("docx", "pdf"):
        bench.figures[f"points_{format}"] = times[format, 1000] / times[format, 100]
    rows.append(["1,000 ÷ 100", "", ratio(times["docx", 1000], times["docx", 100]),
                 ratio(times["pdf", 1000], times["pdf", 100])])
    return rows


def documents_table(bench: Bench) -> list[list[Any]]:
    """Return cold `scrdocs build` times of 1, 10 and 100 committee reports, Word and PDF."""
    rows = []
    counts = (1, 10) if bench.quick else (1, 10, 100)
    for count in counts:
        reviews = {f"r{n}": review_yaml(f"R{n}", 8) for n in range(count)}
        documents = {f"report-{n}": report_yaml(f"r{n}", n + 1) for n in range(count)}
        root = make_workspace(bench.scratch / f"documents-{count}", reviews, documents)
        for jobs in ("1", str(os.cpu_count() or 1)) if count == 10 else (None,):
            options = ["-j", jobs] if jobs else []
            run = cli("build", root, "-f", "docx", "-f", "pdf", "--force", *options)
            pages = folder_pages(root / "out")
            rows.append([count, jobs or "all cores", pages, seconds(run),
                         f"{run.seconds / count:.2f}", f"{pages / run.seconds:.1f}",
                         mb(run.peak_mb)])
        if bench.soffice is not None and count > 1:
            files = sorted((root / "out").glob("*.docx"))
            lo_seconds, lo_pages = bench.soffice.convert(files, root / "lo")
            rows.append([count, "LibreOffice, .docx → PDF in one call", lo_pages,
                         f"{lo_seconds:.2f}", f"{lo_seconds / count:.2f}",
                         f"{lo_pages / lo_seconds:.1f}", ""])
    return rows


def examples_table(bench: Bench, examples: list[Path]) -> list[list[Any]]:
    """Return every example workspace built to Word and PDF, against LibreOffice's batch."""
    rows: list[list[Any]] = []
    out = bench.scratch / "examples-out"
    roots = [str(root) for root in examples]
    for jobs in (1, None):
        shutil.rmtree(out, ignore_errors=True)
        run = fresh_process(BUILD_MANY, json.dumps([roots, str(out), jobs]))
        if not run.ok:
            rows.append([f"scrdocs, jobs={jobs or 'all'}", "failed: " + run.error])
            continue
        pages = folder_pages(out)
        rows.append([f"scrdocs build, jobs={jobs or os.cpu_count()}",
                     run.detail.get("written", "?"), pages, seconds(run),
                     f"{pages / run.seconds:.1f}", mb(run.peak_mb)])
        bench.figures[f"examples_{jobs}"] = (pages, run.seconds)
    if bench.soffice is not None:
        files = sorted(out.rglob("*.docx"))
        lo_seconds, lo_pages = bench.soffice.convert(files, bench.scratch / "lo-batch-examples")
        rows.append([f"LibreOffice, {len(files)} .docx in one call", len(files), lo_pages,
                     f"{lo_seconds:.2f} s", f"{lo_pages / lo_seconds:.1f}", ""])
        bench.figures["examples_lo"] = (lo_pages, lo_seconds)
    return rows


def memory_table(bench: Bench) -> list[list[Any]]:
    """Return the peak memory of rendering one document about 200 reviews, cold."""
    count = 200
    reviews = {f"r{n}": review_yaml(f"R{n}", 3, 1) for n in range(count)}
    rows: list[list[Any]] = []
    documents = {"briefing": briefing_yaml(list(reviews)), "minutes": minutes_yaml(list(reviews))}
    root = make_workspace(bench.scratch / "reviews-200", reviews, documents)
    for name in documents:
        for format in ("pdf", "docx"):
            target = bench.scratch / "reviews-200" / f"{name}.{format}"
            run = cli("render", root / "documents" / f"{name}.yaml", "-o", target)
            if not run.ok:
                rows.append([name, format, "failed: " + run.error, "", ""])
                continue
            pages = pdf_pages(target.read_bytes()) if format == "pdf" else ""
            rows.append([name, format, pages, seconds(run), mb(run.peak_mb)])
            if format == "pdf":
                bench.figures.setdefault("memory", []).append((name, run.peak_mb))
    return rows


def rebuild_table(bench: Bench, examples: list[Path]) -> list[list[Any]]:
    """Return the time of a cold `scrdocs build` that finds everything up to date."""
    rows = []
    total = 0.0
    out = bench.scratch / "examples-out"
    for root in examples:
        run = cli("build", root, "-f", "docx", "-f", "pdf", "--out", out / root.name)
        rows.append([root.name, seconds(run), "ok" if run.ok else run.error])
        bench.figures.setdefault("rebuild", []).append(run.seconds)
        total += run.seconds
    run = fresh_process(BUILD_MANY, json.dumps([[str(r) for r in examples], str(out), None]))
    counts = f"{run.detail.get('skipped', '?')} skipped, {run.detail.get('written', '?')} written"
    rows.append(["all, one process", seconds(run), counts])
    bench.figures["rebuild_all"] = run.seconds
    for command in (["--help"], ["validate", examples[0]]):
        run = cli(*command)
        rows.append([f"(scrdocs {' '.join(map(str, command[:1]))})", seconds(run), ""])
    return rows


# --- printing -----------------------------------------------------------------------------

def ms(value: float) -> str:
    return f"{value * 1000:.0f}"


def seconds(run: Run) -> str:
    return f"{run.seconds:.2f}" if run.ok else f"failed: {run.error[:60]}"


def mb(value: float) -> str:
    return f"{value:.0f}" if value else ""


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}×" if denominator else ""


def table(title: str, header: Sequence[str], rows: list[list[Any]], note: str = "") -> None:
    """Print a titled table with columns as wide as their widest cell."""
    print(f"\n## {title}")
    if note:
        print(textwrap.fill(note, 100))
    if not rows:
        print("(nothing to measure)")
        return
    cells = [list(map(str, header))] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells if i < len(row))
              for i in range(max(map(len, cells)))]
    for n, row in enumerate(cells):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))
    sys.stdout.flush()


def targets(bench: Bench) -> list[list[Any]]:
    """Return each target of the issue with the figure it is judged on."""
    figures = bench.figures
    rows = []
    overheads = figures.get("overhead", [])
    by_format = {format: [value for label, value in overheads if label.endswith(" " + format)]
                 for format in FORMATS}
    if overheads:
        spans = "; ".join(f"{format} {min(values) - 1:+.0%} … {max(values) - 1:+.0%}"
                          for format, values in by_format.items() if values)
        engines = by_format["docx"] + by_format["pdf"]
        rows.append(["overhead over the bare engines ≤ 10 %",
                     spans + " (html: Jinja alone takes < 1 ms)",
                     verdict(bool(engines) and max(engines) <= 1.10)])
    if "cold_pdf" in figures:
        cold, pages, name, _ = figures["cold_pdf"]
        lo = next((item for item in figures.get("lo_single", []) if item[0] == name), None)
        against = f"LibreOffice {lo[1]:.2f} s" if lo else "LibreOffice ~1.1 s (NOTES)"
        median, lo_median = figures.get("cold_pdf_median"), figures.get("cold_pdf_lo_median")
        if median and lo_median:
            measured = (f"median of 3 processes: {median:.2f} s vs LibreOffice "
                        f"{lo_median:.2f} s (single runs: {cold:.2f} s vs {against})")
            rows.append([f"cold render of a {pages}-page PDF < LibreOffice", measured,
                         verdict(median < lo_median)])
        else:
            rows.append([f"cold render of a {pages}-page PDF < LibreOffice",
                         f"{cold:.2f} s vs {against}", verdict(cold < (lo[1] if lo else 1.1))])
    if "examples_None" in figures and "examples_lo" in figures:
        pages, took = figures["examples_None"]
        lo_pages, lo_took = figures["examples_lo"]
        speed = (pages / took) / (lo_pages / lo_took)
        rows.append(["build pages/s ≥ 1.5× LibreOffice batch",
                     f"{pages / took:.1f} vs {lo_pages / lo_took:.1f} pages/s = {speed:.2f}×",
                     verdict(speed >= 1.5)])
    if "points_pdf" in figures:
        worst_points = max(figures["points_pdf"], figures["points_docx"])
        rows.append(["1,000 learning points ≤ 11× 100",
                     f"PDF {figures['points_pdf']:.1f}×, Word {figures['points_docx']:.1f}×",
                     verdict(worst_points <= 11)])
    if figures.get("memory"):
        name, peak = max(figures["memory"], key=lambda item: item[1])
        rows.append(["200-review document peak memory < 400 MB", f"{peak:.0f} MB ({name})",
                     verdict(peak < 400)])
    if figures.get("rebuild"):
        slowest = max(figures["rebuild"])
        measured = (f"each workspace ≤ {slowest:.2f} s cold; all in one process "
                    f"{figures.get('rebuild_all', 0):.2f} s")
        rows.append(["no-change rebuild < 1 s", measured, verdict(slowest < 1)])
    return rows


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main(argv: Sequence[str] | None = None) -> None:
    """Run every measurement and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats, no 100-document build (about a minute)")
    parser.add_argument("--repeats", type=int, help="warm runs per figure (default 5, quick 3)")
    options = parser.parse_args(argv)
    repeats = options.repeats or (3 if options.quick else 5)
    started = time.perf_counter()
    print("# scrdocs benchmark" + (" (quick)" if options.quick else ""))
    for line in machine():
        print(line)
    with tempfile.TemporaryDirectory(prefix="scrdocs-bench-") as folder:
        scratch = Path(folder)
        bench = Bench(scratch, repeats, options.quick)
        examples, notes = copy_examples(scratch / "examples")
        for note in notes:
            print(f"note: {note}")
        soffice = libreoffice()
        if soffice:
            bench.soffice = LibreOffice(soffice, scratch)
            sample = make_workspace(scratch / "lo-sample", {"q": review_yaml("Q", 5)},
                                    {"report": report_yaml("q")})
            run = cli("build", sample, "-f", "docx")
            bench.soffice.prepare(sample / "out" / "report.docx") if run.ok else None

        table("Each kind and format (first example document of each kind)",
              ["kind", "format", "document", "pages", "warm ms", "bare ms", "÷bare", "cold s",
               "peak MB", "LibreOffice cold", "LO÷cold"],
              kinds_table(bench, examples),
              f"warm: median of {repeats} renders in this process after one warm-up. bare: "
              "the same content through docxtpl alone (DocxTemplate + render + save) or "
              "WeasyPrint alone (HTML(string=the same HTML).write_pdf, same fonts and PDF/UA "
              "options) or Jinja alone. cold: `scrdocs render` in a fresh process. "
              "LibreOffice cold: soffice --convert-to pdf of the same .docx (its page count).")
        table("Where a cold PDF render's time goes (committee report; median of 3 processes)",
              ["step", "ms"], phases_table(bench),
              "The steps `scrdocs render -f pdf` takes, timed inside a fresh process that ends "
              "as the command does (exit handlers, then no interpreter teardown).")
        table("LibreOffice batch", ["files", "pages", "seconds", "s per file"],
              libreoffice_batch(bench))
        table("Scaling: learning points in one committee report",
              ["learning points", "PDF pages", "docx ms", "pdf ms"],
              learning_points_table(bench),
              f"warm, in this process: median of {repeats} runs "
              f"(1,000 points: {1 if options.quick else min(repeats, 3)}).")
        table("Scaling: documents in one build (`scrdocs build -f docx -f pdf --force`, cold)",
              ["documents", "jobs", "PDF pages", "seconds", "s/document", "pages/s", "peak MB"],
              documents_table(bench),
              "peak MB: the larger of the main process and its largest worker.")
        table("Every example workspace to Word and PDF, one fresh process",
              ["route", "files", "PDF pages", "seconds", "pages/s", "peak MB"],
              examples_table(bench, examples))
        table("A document about 200 reviews (cold `scrdocs render`)",
              ["document", "format", "pages", "seconds", "peak MB"], memory_table(bench))
        table("Rebuild with nothing changed (cold `scrdocs build -f docx -f pdf`)",
              ["workspace", "seconds", ""], rebuild_table(bench, examples))
        table("Targets (issue 8)", ["target", "measured", ""], targets(bench))
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s; "
          f"{load_average('at the end')})")


if __name__ == "__main__":
    main()
