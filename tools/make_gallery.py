"""Render page 1 of one example of every document kind as a small PNG for the README.

Usage: ``python tools/make_gallery.py`` (needs poppler's ``pdftoppm``). Writes
``docs/gallery/<kind>.png`` from the example workspaces under ``data/``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrdocs.render import render  # noqa: E402
from scrdocs.workspace import load_workspace  # noqa: E402

EXAMPLES = {
    "committee-report": ("north-tyneside", "committee-report-jasmine"),
    "minutes": ("thurrock", "minutes-julia"),
    "resolution-list": ("thurrock", "resolutions-julia"),
    "one-minute-guide": ("stoke-on-trent", "one-minute-guide"),
    "learning-briefing": ("west-sussex", "learning-briefing-winter-2017"),
}


def main() -> None:
    target = ROOT / "docs" / "gallery"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for kind, (workspace, name) in EXAMPLES.items():
            ws = load_workspace(ROOT / "data" / workspace)
            pdf = Path(scratch) / f"{kind}.pdf"
            pdf.write_bytes(render(ws.documents[name], ws, "pdf"))
            subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(target / kind)], check=True)
            print(f"wrote docs/gallery/{kind}.png")


if __name__ == "__main__":
    main()
