"""Render page 1 of one example of every document kind, as PDF and as Word, for the README.

Usage: ``python tools/make_gallery.py`` (needs poppler's ``pdftoppm``, and LibreOffice for
the Word pictures). Writes ``docs/gallery/<kind>.png`` (and ``welsh-and-english.png``, a
bilingual briefing set out block by block) from scrdocs' PDF and
``docs/gallery/<kind>-word.png`` from the .docx as LibreOffice lays it out (all the .docx in
one LibreOffice call), from the example workspaces under ``data/``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs.finish import libreoffice, word_layouts  # noqa: E402
from scrdocs.render import render  # noqa: E402
from scrdocs.workspace import load_workspace  # noqa: E402

EXAMPLES = {
    "committee-report": ("north-tyneside", "committee-report-jasmine"),
    "minutes": ("thurrock", "minutes-julia"),
    "resolution-list": ("thurrock", "resolutions-julia"),
    "one-minute-guide": ("stoke-on-trent", "one-minute-guide"),
    "learning-briefing": ("west-sussex", "learning-briefing-winter-2017"),
    "seven-minute-briefing": ("mersey-care", "7-minute-briefing-voice-of-the-child"),
    "agenda": ("thurrock", "agenda-2015-06-09"),
    "welsh-and-english": ("brif-7-munud", "secstio"),
}


def main() -> None:
    target = ROOT / "docs" / "gallery"
    target.mkdir(parents=True, exist_ok=True)
    pdfs, docx = {}, {}
    for kind, (workspace, name) in EXAMPLES.items():
        ws = load_workspace(ROOT / "data" / workspace)
        pdfs[kind] = render(ws.documents[name], ws, "pdf")
        docx[kind] = render(ws.documents[name], ws, "docx")
    layouts = word_layouts(docx) if libreoffice() else {}
    if not layouts:
        print("LibreOffice is not installed: the Word pictures were not made", file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        for kind in EXAMPLES:
            _picture(pdfs[kind], Path(scratch), target / kind)
            if kind in layouts:
                _picture(layouts[kind], Path(scratch), target / f"{kind}-word")


def _picture(pdf: bytes, scratch: Path, stem: Path) -> None:
    """Write page 1 of ``pdf`` as ``stem``.png, small enough for a README table."""
    source = scratch / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(stem)], check=True)
    print(f"wrote {stem.relative_to(ROOT)}.png")


if __name__ == "__main__":
    main()
