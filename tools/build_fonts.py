"""Rebuild the bundled Arimo fonts from the @fontsource/arimo npm package.

Usage: ``npm pack @fontsource/arimo && tar xzf fontsource-arimo-*.tgz`` then
``python tools/build_fonts.py package/files templates/_base/fonts``.

Each style merges the Latin, Latin Extended (Welsh ŵ ŷ), Greek, Cyrillic and Hebrew subsets
into one TrueType file, so the PDF renderer needs no unicode-range support.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont

SUBSETS = ["latin", "latin-ext", "greek", "cyrillic", "hebrew"]
STYLES = ["400-normal", "400-italic", "700-normal", "700-italic"]


def build(source: Path, target: Path) -> None:
    """Merge the subsets of every style found in ``source`` into ``target``."""
    with tempfile.TemporaryDirectory() as scratch:
        for style in STYLES:
            parts = []
            for subset in SUBSETS:
                font = TTFont(source / f"arimo-{subset}-{style}.woff")
                font.flavor = None
                part = Path(scratch) / f"{subset}-{style}.ttf"
                font.save(part)
                parts.append(str(part))
            merged = Merger(options=Options(drop_tables=["vmtx", "vhea"])).merge(parts)
            merged.save(target / f"Arimo-{style}.ttf")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))
