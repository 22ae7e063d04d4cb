"""Measure the agenda pack: a 10-report, ~40-page pack, cold and incremental, against
rendering the same reports alone (and LibreOffice converting them, when installed).

Run ``python benchmarks/pack.py`` (``--repeat N`` for more runs; the median is printed).
Builds a workspace in a temporary folder: one review, ten committee reports of about four
pages each and an agenda taking them all; then times, each in a fresh ``scrdocs`` process
(wall clock, the machine's cores as ``scrdocs build`` uses them):

- reports alone: ``scrdocs build`` of the ten reports to PDF, from nothing;
- pack, cold: ``scrdocs pack`` from nothing (it builds the reports, then the front, then
  joins and stamps the pages);
- pack, reports built: ``scrdocs pack --force`` when the reports' PDFs are up to date (the
  front and the assembly alone: what the pack adds to the reports);
- pack, nothing changed: ``scrdocs pack`` again (the pack is up to date);
- pack, one report changed: one report's data edited, then ``scrdocs pack``;
- LibreOffice converting the ten reports' .docx files in one call, when ``soffice`` is here.

Figures are printed, not asserted: machines are noisy, ratios hold better than times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRDOCS = [sys.executable, "-m", "scrdocs"]
REPORTS = 10

PARAGRAPH = ("The partnership's audit of case files found that information was shared between "
             "agencies but not always analysed, and that concerns were not escalated when "
             "plans drifted. Practitioners described heavy caseloads and supervision that "
             "focused on tasks rather than on the child's lived experience. The action plan "
             "responds to each finding with a named owner and a date, and the partnership "
             "will report on its progress every six months until it is complete.")

REVIEW = """\
name: Jasmine
review_type: serious-case-review
published: 2021-04
summary: concerned a young child who was seriously harmed at home.
learning_points:
{points}
actions:
{actions}
"""


def _workspace(root: Path, with_agenda: bool = True) -> Path:
    """Write the benchmark's workspace under ``root``; return its folder."""
    points = "\n".join(f"  - Learning point {n} - {PARAGRAPH[:160]}" for n in range(1, 9))
    actions = "\n".join(f"  - action: Action {n} of the plan, with its owner and date.\n"
                        f"    owner: Head of Service {n}\n    due: 2021-{n:02d}\n"
                        f"    status: in-progress" for n in range(1, 9))
    files = {"scrdocs.yaml": "name: Anyshire Safeguarding Children Partnership\n",
             "reviews/jasmine.yaml": REVIEW.format(points=points, actions=actions)}
    for number in range(1, REPORTS + 1):
        body = "\n\n".join(f"{PARAGRAPH} ({number}.{n})" for n in range(1, 19))
        text = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
        files[f"documents/report-{number:02d}.yaml"] = (
            "kind: committee-report\nmeeting:\n  committee: Children's Services Scrutiny "
            f"Committee\n  date: 2021-09-13\nitem:\n  number: {number + 4}\n  title: Report "
            f"{number} – learning from the review\n  review: jasmine\n  report: |\n{text}\n"
            "  recommendations:\n    - That the Committee note the report.\n")
    if with_agenda:
        items = "".join(f"  - title: Report {n}\n    committee_report: report-{n:02d}\n"
                        for n in range(1, REPORTS + 1))
        files["documents/agenda.yaml"] = (
            "kind: agenda\nmeeting:\n  committee: Children's Services Scrutiny Committee\n"
            f"  date: 2021-09-13\nitems:\n{items}")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _time(command: list[str | Path], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(part) for part in command], check=True, env=environment,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _median(run: callable, repeat: int) -> float:  # type: ignore[valid-type]
    return statistics.median(run() for _ in range(repeat))


def main() -> None:
    """Print the pack's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="scrdocs-pack-bench-") as scratch:
        folder = Path(scratch)
        alone = _workspace(folder / "reports", with_agenda=False)
        packed = _workspace(folder / "pack")
        agenda = packed / "documents" / "agenda.yaml"

        def reports_alone() -> float:
            shutil.rmtree(alone / "out", ignore_errors=True)
            return _time([*SCRDOCS, "build", alone, "-f", "pdf"], environment)

        def pack_cold() -> float:
            shutil.rmtree(packed / "out", ignore_errors=True)
            return _time([*SCRDOCS, "pack", agenda], environment)

        def pack_front_only() -> float:
            return _time([*SCRDOCS, "pack", agenda, "--force"], environment)

        def pack_unchanged() -> float:
            return _time([*SCRDOCS, "pack", agenda], environment)

        def pack_one_changed() -> float:
            report = packed / "documents" / "report-03.yaml"
            report.write_text(report.read_text(encoding="utf-8").replace(
                "note the report.", "note the report again."), encoding="utf-8")
            return _time([*SCRDOCS, "pack", agenda], environment)

        rows = [("reports alone: scrdocs build -f pdf (10 reports)", _median(reports_alone,
                                                                           repeat)),
                ("pack, cold (builds the reports too)", _median(pack_cold, repeat)),
                ("pack, reports up to date (front + assembly)", _median(pack_front_only,
                                                                       repeat)),
                ("pack, nothing changed", _median(pack_unchanged, repeat)),
                ("pack, one report changed", _median(pack_one_changed, repeat))]
        pages = _pages(packed / "out" / "agenda-pack.pdf")
        libreoffice = _libreoffice(packed, folder, environment, repeat)
    print(f"Agenda pack of {REPORTS} reports, {pages} pages; {os.cpu_count()} cores; "
          f"median of {repeat}\n")
    for label, seconds in rows:
        print(f"  {label:<52} {seconds:6.2f} s")
    if libreoffice is not None:
        print(f"  {'LibreOffice: the same .docx to PDF in one call':<52} {libreoffice:6.2f} s")
    alone_time, cold = rows[0][1], rows[1][1]
    print(f"\n  the pack cold over the reports alone: {cold / alone_time:.2f}x "
          f"(+{(cold - alone_time) / alone_time:.0%}; aim under +15%)")
    print(f"  the pack with nothing changed: {rows[3][1]:.2f} s (aim under 1 s)")
    if libreoffice is not None:
        print(f"  the pack cold over LibreOffice converting the reports: "
              f"{cold / libreoffice:.2f}x (aim at most 1x)")


def _pages(path: Path) -> int:
    import pypdf
    return len(pypdf.PdfReader(str(path)).pages)


def _libreoffice(workspace: Path, folder: Path, environment: dict[str, str],
                 repeat: int) -> float | None:
    """Return LibreOffice's time to convert the reports' .docx to PDF in one call."""
    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        return None
    docx = folder / "docx"
    subprocess.run([*SCRDOCS, "build", str(workspace), "-f", "docx", "--out", str(docx)],
                   check=True, env=environment, stdout=subprocess.DEVNULL)
    files = sorted(str(path) for path in docx.glob("report-*.docx"))
    profile = (folder / "profile").as_uri()
    convert = [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder / "converted"), *files]
    _time(convert, environment)  # first start makes the profile
    return _median(lambda: _time(convert, environment), repeat)


if __name__ == "__main__":
    main()
