"""The inline markup of free text, parsed once and rendered the same way in every format.

Takes text written in data (``*emphasis*``, ``**strong**``, ``[title](url)``, blank lines
between paragraphs) and produces :class:`Rich` paragraphs: runs of :class:`Span` that the HTML
templates print through ``__html__`` and the Word renderer turns into real runs and
hyperlinks. A backslash keeps a marker literal (``\\*``); anything that is not well-formed
markup stays as the characters typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

_TOKEN = re.compile(
    r"\\(?P<escaped>[*\[\]\\_])"
    r"|\*\*(?P<strong>(?=\S).+?(?<=\S))\*\*"
    r"|\*(?P<em>(?=[^\s*]).+?(?<=[^\s\\]))\*"
    r"|\[(?P<title>[^\[\]]+)\]\((?P<url>(?:https?://|mailto:|tel:)[^()\s]+)\)",
    re.DOTALL,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


@dataclass(frozen=True)
class Span:
    """A run of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


class Rich(tuple[Span, ...]):
    """One paragraph of marked-up text; prints as HTML in templates, plain with ``str``."""

    def __html__(self) -> str:
        return "".join(_span_html(span) for span in self)

    def __str__(self) -> str:
        return "".join(span.text for span in self)

    def __repr__(self) -> str:
        return f"Rich({str(self)!r})"

    def __add__(self, other: object) -> Rich:  # type: ignore[override]
        if isinstance(other, str):
            other = plain(other)
        if not isinstance(other, tuple):
            return NotImplemented
        return Rich(tuple(self) + tuple(other))

    def __radd__(self, other: object) -> Rich:
        if isinstance(other, str):
            return plain(other) + self
        return NotImplemented


def _span_html(span: Span) -> str:
    html = str(escape(span.text))
    if span.italic:
        html = f"<em>{html}</em>"
    if span.bold:
        html = f"<strong>{html}</strong>"
    if span.url:
        html = f'<a href="{escape(span.url)}">{html}</a>'
    return html


def plain(text: str) -> Rich:
    """Return ``text`` as a paragraph with no markup interpreted."""
    return Rich((Span(text),)) if text else Rich()


def inline(text: str) -> Rich:
    """Return one paragraph of ``text`` with its markup applied; line breaks become spaces.

    >>> [s.italic for s in inline("a *b* c")]
    [False, True, False]
    """
    return Rich(_merge(_parse(_LINE_BREAK.sub(" ", text.strip()), Span(""))))


def paragraphs(text: str | None) -> list[Rich]:
    """Return the paragraphs of ``text`` (split at blank lines), each with markup applied."""
    if not text:
        return []
    return [inline(part) for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]


def join(parts: Iterable[Rich | str], separator: str = "") -> Rich:
    """Return the parts as one paragraph, with ``separator`` between them."""
    result = Rich()
    for i, part in enumerate(parts):
        if i and separator:
            result = result + separator
        result = result + part
    return result


def _parse(text: str, style: Span) -> Iterator[Span]:
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield replace(style, text=text[position:match.start()])
        position = match.end()
        if match["escaped"] is not None:
            yield replace(style, text=match["escaped"])
        elif match["strong"] is not None:
            yield from _parse(match["strong"], replace(style, bold=True))
        elif match["em"] is not None:
            yield from _parse(match["em"], replace(style, italic=True))
        else:
            yield from _parse(match["title"], replace(style, url=match["url"]))
    if position < len(text):
        yield replace(style, text=text[position:])


def _merge(spans: Iterable[Span]) -> Iterator[Span]:
    """Join neighbouring spans of the same formatting."""
    current: Span | None = None
    for span in spans:
        if not span.text:
            continue
        if current and (current.bold, current.italic, current.url) == (
                span.bold, span.italic, span.url):
            current = replace(current, text=current.text + span.text)
            continue
        if current:
            yield current
        current = span
    if current:
        yield current


_CSS_SPECIAL = frozenset("\\\"'<>&")


def css_string(text: str) -> Markup:
    r"""Return ``text`` as a quoted CSS string that shows it verbatim, for ``content:`` in an
    HTML ``<style>`` element (a running footer).

    HTML escaping is wrong there (``&`` would show as ``&amp;``): instead backslash, quotes,
    ``<``, ``>``, ``&`` and every control or line-break character become CSS escapes
    (``\3c ``), so the text can neither end the string nor close the style element.

    >>> str(css_string('A & "B" </style>'))
    '"A \\26  \\22 B\\22  \\3c /style\\3e "'
    """
    escaped = "".join(
        f"\\{ord(char):x} " if char in _CSS_SPECIAL or (
            char != " " and unicodedata.category(char)[0] in "CZ") else char
        for char in text)
    return Markup(f'"{escaped}"')
