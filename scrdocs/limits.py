"""Size limits of the places an output keeps short values, and fitting text into them.

Word's core properties (title, subject, author, keywords) hold at most 255 characters, and
so, for the same title in every format, do the PDF's metadata. A value longer than that is
shortened: cut between two whole characters as a reader sees them (never inside an emoji,
a flag, or a letter and its accents) and ended with an ellipsis. The page itself always
shows the value in full. An output file name longer than the file system allows is not
shortened, since the name must stay the document's: writing it fails with a clear error.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

PROPERTY_LIMIT = 255
"""The most characters a Word core property, or a PDF metadata entry, is given."""

FILE_NAME_LIMIT = 255
"""The most bytes (UTF-8) a file name may have on the usual file systems (``NAME_MAX``)."""

TEMPORARY_NAME_EXTRA = 14
"""The bytes the temporary file an output is first written to adds to the output's name
(``.NAME.xxxxxxxx.tmp``, see :func:`scrdocs.render.write_atomic`)."""

ELLIPSIS = "…"

_ZERO_WIDTH_JOINER = "\u200d"


def shorten(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """Return ``text`` whole when it has at most ``limit`` characters, else cut to fit with
    an ellipsis, on a boundary between whole characters.

    >>> shorten("Anyshire Safeguarding Children Partnership", 20)
    'Anyshire Safeguardi…'
    >>> shorten("Zoe\\u0308 Zoe\\u0308", 4)
    'Zo…'
    """
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    while cut > 0 and not _is_boundary(text, cut):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def _is_boundary(text: str, position: int) -> bool:
    """Return whether ``text`` may be cut before ``text[position]`` without splitting what a
    reader sees as one character: a letter and its combining marks, an emoji sequence
    joined by U+200D, a variation selector or skin tone, a flag's two letters, a tag
    sequence, a Hangul syllable written as jamo."""
    before, after = text[position - 1], text[position]
    if before == _ZERO_WIDTH_JOINER or _extends(after):
        return False
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        run = 0
        while position - 1 - run >= 0 and _is_regional_indicator(text[position - 1 - run]):
            run += 1
        return run % 2 == 0
    return not ("\u1100" <= before <= "\u11ff" and "\u1160" <= after <= "\u11ff")


def _extends(char: str) -> bool:
    """Return whether ``char`` belongs to the character before it."""
    code = ord(char)
    return (unicodedata.category(char) in ("Mn", "Me", "Mc")
            or char == _ZERO_WIDTH_JOINER
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F)  # tags (subdivision flags)


def _is_regional_indicator(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def file_name_too_long(path: Path) -> str | None:
    """Return why ``path``'s file name is too long to write, or ``None`` when it fits.

    The name must leave room for the temporary file written before it.
    """
    size = len(path.name.encode("utf-8"))
    most = FILE_NAME_LIMIT - TEMPORARY_NAME_EXTRA
    if size <= most:
        return None
    return (f"the file name {shorten(path.name, 40)!r} is {size} bytes long; file systems "
            f"allow {FILE_NAME_LIMIT}, and scrdocs needs {TEMPORARY_NAME_EXTRA} of them for "
            f"the temporary file it writes first, so the most is {most}")
