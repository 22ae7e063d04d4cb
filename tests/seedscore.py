"""How closely a rendered document reproduces the wording of the seed it imitates.

Each non-empty seed line (a paragraph, bullet or heading) is lower-cased, NFKC-normalised and
split into ``[a-z0-9]+`` words, then matched in order against the words of the rendered text
(difflib, autojunk off): runs of three or more words count; a line shorter than three words
counts only when found whole. The score is found words over all seed words, so page
furniture and block order cost little while lost or reworded content costs what it weighs.
:func:`reverse_score` measures the other way: how much of the output the source wrote.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Return the comparable words of ``text``."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def seed_score(seed_text: str, rendered_text: str) -> float:
    """Return the share of the seed's words the rendered text reproduces, 0.0 to 1.0."""
    document = words(rendered_text)
    found = total = 0
    for line in seed_text.splitlines():
        line_words = words(line)
        if not line_words:
            continue
        total += len(line_words)
        found += _found(line_words, document)
    return found / total if total else 1.0


def reverse_score(source_text: str, rendered_text: str) -> float:
    """Return the share of the rendered text's words that come from the source, 0.0 to 1.0.

    The seed measure turned round: each non-empty line of the rendered text (running header
    and footer already left out) is matched against the source's words, so labels, prompts and
    headings the council never wrote lower the score.
    """
    return seed_score(rendered_text, source_text)


def missing_lines(seed_text: str, rendered_text: str, threshold: float = 0.9) -> list[str]:
    """Return the seed lines reproduced below ``threshold``, to explain a low score."""
    document = words(rendered_text)
    return [line for line in seed_text.splitlines()
            if words(line) and _found(words(line), document) < threshold * len(words(line))]


def _found(line_words: list[str], document: list[str]) -> int:
    matcher = difflib.SequenceMatcher(None, line_words, document, autojunk=False)
    blocks = matcher.get_matching_blocks()
    if len(line_words) < 3:
        return len(line_words) if any(b.size == len(line_words) for b in blocks) else 0
    return sum(block.size for block in blocks if block.size >= 3)
