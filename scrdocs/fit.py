"""Measure text as the bundled font sets it, so that a view can plan its pages.

Takes a paragraph (plain text or :class:`~scrdocs.markup.Rich` runs), a type size and the width
of the line it is set in; produces the number of lines it takes when broken at spaces and after
hyphens, with the advance widths of Arimo, the font the PDF embeds. Arial, which the Word files
name, has the same widths, so Word, LibreOffice and WeasyPrint break lines alike and one
estimate serves both formats. Sizes and widths are in points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .bilingual import plain_text
from .markup import Rich, Span
from .templating import default_templates

FACES = {
    (False, False): "Arimo-400-normal.ttf",
    (True, False): "Arimo-700-normal.ttf",
    (False, True): "Arimo-400-italic.ttf",
    (True, True): "Arimo-700-italic.ttf",
}
"""The bundled font file of each (bold, italic) face."""

MM = 72 / 25.4
"""Points in a millimetre."""

_PIECE = re.compile(r"[^\s\-–—/]+ +/+(?=\s|$)|[^\s\-–—/]*[\-–—/]+|[^\s]+|\s+")
"""A word and a slash standing after it ('Enghreifftiol /': no line starts with the slash,
in either renderer), a word with the hyphens or slash a line may break after, a word, or a
run of spaces."""


@lru_cache(maxsize=4)
def _widths(bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    """Return each character's advance as a share of the em, and the share for characters
    the font lacks (set in a fallback font of about the same width)."""
    from fontTools.ttLib import TTFont

    path = default_templates() / "_base" / "fonts" / FACES[(bold, italic)]
    with TTFont(str(path), lazy=True) as font:
        per_em = float(font["head"].unitsPerEm)
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] / per_em
                    for code, glyph in font.getBestCmap().items() if glyph in metrics}
    return advances, advances.get(ord("n"), 0.55)


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Return the width of ``text`` set on one line at ``size`` points."""
    advances, missing = _widths(bold, italic)
    return size * sum(advances.get(ord(character), missing) for character in text)


def _pieces(paragraph: Rich | str, bold: bool, italic: bool) -> Iterable[tuple[str, bool, bool]]:
    spans = (paragraph if isinstance(paragraph, Rich)
             else (Span(paragraph),))
    for span in spans:
        for piece in _PIECE.findall(span.text):
            yield piece, bold or span.bold, italic or span.italic


def line_count(paragraph: Rich | str, width: float, size: float, *, bold: bool = False,
               italic: bool = False) -> int:
    """Return how many lines ``paragraph`` takes in a line ``width`` points wide.

    Lines break at spaces and after hyphens, dashes and slashes, as both renderers break
    English; a word longer than the line is cut where it overflows. An empty paragraph
    still takes a line; a paragraph in several languages starts each on a line of its own.
    """
    if isinstance(paragraph, Rich) and paragraph.versions:  # each language on lines of its own
        return sum(line_count(version, width, size, bold=bold, italic=italic)
                   for _, version in paragraph.versions)
    if isinstance(paragraph, str):
        paragraph = plain_text(paragraph)
    lines, used, pending_space = 1, 0.0, 0.0
    for piece, piece_bold, piece_italic in _pieces(paragraph, bold, italic):
        piece_width = text_width(piece, size, piece_bold, piece_italic)
        if piece.isspace():
            pending_space = piece_width if used else 0.0
            continue
        if used and used + pending_space + piece_width > width:
            lines, used = lines + 1, 0.0
        elif used:
            used += pending_space
        pending_space = 0.0
        while piece_width > width:
            lines, piece_width = lines + 1, piece_width - width
        used += piece_width
    return lines


def height(paragraphs: Iterable[Rich | str], width: float, size: float, pitch: float,
           after: float, *, bold: bool = False, italic: bool = False) -> float:
    """Return the height of ``paragraphs`` set ``pitch`` points from line to line, each
    followed by ``after`` points of space."""
    return sum(line_count(paragraph, width, size, bold=bold, italic=italic) * pitch + after
               for paragraph in paragraphs)
