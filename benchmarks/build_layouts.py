"""Count the page layouts a build makes, and its CPU time, workspace by workspace.

Run ``python benchmarks/build_layouts.py [WORKSPACE ...]`` (default: data/thurrock,
data/brif-7-munud and tests/data/bilingual). Each workspace is copied to a temporary folder
and built in this process (``scrdocs build --force -j 1``, every format); the table gives
the PDFs written, the page layouts WeasyPrint made (a PDF's own, and those deciding whether
a document is set tight), the layouts a PDF took from that decision instead of making its
own, and the CPU seconds of the build. A layout is the larger part of a PDF's time, so
layouts per PDF near 1 means nothing is laid out twice.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ["data/thurrock", "data/brif-7-munud", "tests/data/bilingual"]


def counted_build(workspace: Path) -> tuple[Counter[str], float]:
    """Return what a forced one-process build of ``workspace`` did, and its CPU seconds."""
    import weasyprint

    from scrdocs import flow, pdf
    from scrdocs.cli import main

    flow._DECISIONS.clear()  # decided afresh, as in a new process
    counts: Counter[str] = Counter()
    render, take = weasyprint.HTML.render, pdf._LAID_OUT.take

    def counting_render(self: object, *args: object, **kwargs: object) -> object:
        counts["layouts"] += 1
        return render(self, *args, **kwargs)

    def counting_take(html: str, roots: tuple[Path, ...]) -> object:
        counts["pdfs"] += 1
        laid_out = take(html, roots)
        counts["taken"] += laid_out is not None
        return laid_out

    weasyprint.HTML.render, pdf._LAID_OUT.take = counting_render, counting_take
    try:
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / workspace.name
            shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("out"))
            start = time.process_time()
            try:
                main(["build", str(copy), "--out", str(Path(folder) / "out"), "--force",
                      "-j", "1"], prog_name="scrdocs", standalone_mode=False)
            except SystemExit:
                pass
            return counts, time.process_time() - start
    finally:
        weasyprint.HTML.render, pdf._LAID_OUT.take = render, take


def main(argv: list[str]) -> None:
    """Print the table for the workspaces named in ``argv``."""
    counted_build(ROOT / "tests/data/bilingual")  # imports and fonts loaded once, outside
    print(f"{'workspace':<24} {'PDFs':>5} {'layouts':>8} {'taken':>6} {'CPU s':>6}")
    for name in argv or DEFAULT:
        counts, seconds = counted_build((ROOT / name).resolve())
        print(f"{name:<24} {counts['pdfs']:>5} {counts['layouts']:>8} {counts['taken']:>6} "
              f"{seconds:>6.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
