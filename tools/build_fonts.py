"""Rebuild the bundled Arimo fonts from the @fontsource/arimo npm package.

Usage: ``npm pack @fontsource/arimo && tar xzf fontsource-arimo-*.tgz`` then
``python tools/build_fonts.py package/files templates/_base/fonts``.

Each style merges the Latin, Latin Extended (Welsh ŵ ŷ), Greek, Cyrillic and Hebrew subsets
into one TrueType file, so the PDF renderer needs no unicode-range support.

The fallback fonts for what Arimo lacks (Arabic, Chinese/Japanese, emoji) come the same way
from @fontsource/vazirmatn, @fontsource/noto-sans-arabic, @fontsource/noto-sans-sc and
@fontsource/noto-emoji (all SIL OFL 1.1): ``npm pack`` each, unpack each into its own folder,
then ``python tools/build_fonts.py --fallbacks DIR templates/_base/fonts``, where DIR holds
``vazirmatn/``, ``noto-sans-arabic/``, ``noto-sans-sc/`` and ``noto-emoji/`` (each an
unpacked ``package/``).
Only the weights in ``FALLBACKS`` are kept (bold CJK and emoji are synthesised), and every
font is saved with a fixed modified time so a rebuild gives the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger, Options
from fontTools.misc.timeTools import timestampFromString
from fontTools.ttLib import TTFont

SUBSETS = ["latin", "latin-ext", "greek", "cyrillic", "hebrew"]
STYLES = ["400-normal", "400-italic", "700-normal", "700-italic"]

FALLBACKS = {
    # output name: (npm package, fontsource subsets merged ("*" = every numbered slice),
    #               styles kept)
    "Vazirmatn": ("vazirmatn", ["arabic"], ["400-normal", "700-normal"]),
    "NotoSansArabic": ("noto-sans-arabic", ["arabic"], ["400-normal", "700-normal"]),
    "NotoSansSC": ("noto-sans-sc", ["*"], ["400-normal"]),
    "NotoEmoji": ("noto-emoji", ["*", "emoji"], ["400-normal"]),
}
"""The fallback fonts. Vazirmatn draws Arabic, Persian and Urdu with one glyph per letter
form, so text copied or read aloud from the PDF keeps its letters (Noto Sans Arabic builds
letters from shared skeletons and dots, which scrambles the PDF's text); Noto Sans Arabic
backs it up for rarer letters. Noto Sans SC's numbered slices hold the ~12,000 most used
Chinese characters plus kana and CJK punctuation (about 4.6 MB); Noto Emoji is monochrome."""

FIXED_TIME = timestampFromString("Fri Jan  1 00:00:00 2021")
"""The created and modified time stamped in every font built, so rebuilds are identical."""
DROPPED_TABLES = ["vmtx", "vhea", "STAT"]


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
            merged["head"].created = merged["head"].modified = FIXED_TIME
            merged.recalcTimestamp = False
            merged.save(target / f"Arimo-{style}.ttf")


def build_fallbacks(packages: Path, target: Path) -> None:
    """Build every font of ``FALLBACKS`` from the unpacked npm packages in ``packages``."""
    for name, (package, subsets, styles) in FALLBACKS.items():
        root = packages / package / "package"
        for style in styles:
            sources = _fallback_sources(root / "files", package, subsets, style)
            _merge(sources, target / f"{name}-{style}.ttf")
        (target / f"OFL-{name}.txt").write_bytes((root / "LICENSE").read_bytes())


def _fallback_sources(files: Path, package: str, subsets: list[str], style: str) -> list[Path]:
    """Return the .woff files of ``subsets`` in one style, numbered slices in number order."""
    found: list[Path] = []
    for subset in subsets:
        if subset == "*":
            slices = files.glob(f"{package}-[0-9]*-{style}.woff")
            found += sorted(slices, key=lambda p: int(p.name[len(package) + 1:].split("-")[0]))
        else:
            found.append(files / f"{package}-{subset}-{style}.woff")
    return found


def _merge(sources: list[Path], output: Path) -> None:
    """Merge ``sources`` into one TrueType file with a fixed modified time."""
    with tempfile.TemporaryDirectory() as scratch:
        parts = []
        for i, source in enumerate(sources):
            font = TTFont(source)
            font.flavor = None
            for table in DROPPED_TABLES:
                if table in font:
                    del font[table]
            part = Path(scratch) / f"{i}.ttf"
            font.save(part)
            parts.append(str(part))
        merged = TTFont(parts[0]) if len(parts) == 1 else \
            Merger(options=Options(drop_tables=DROPPED_TABLES)).merge(parts)
        merged["head"].created = merged["head"].modified = FIXED_TIME
        merged.recalcTimestamp = False
        merged.save(output)


if __name__ == "__main__":
    if sys.argv[1] == "--fallbacks":
        build_fallbacks(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        build(Path(sys.argv[1]), Path(sys.argv[2]))
