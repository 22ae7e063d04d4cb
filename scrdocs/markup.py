"""The inline markup of free text, parsed once and rendered the same way in every format.

Takes text written in data (``*emphasis*``, ``**strong**``, ``[title](url)``, blank lines
between paragraphs) and produces :class:`Rich` paragraphs: runs of :class:`Span` that the HTML
templates print through ``__html__`` and the Word renderer turns into real runs and
hyperlinks. A backslash keeps a marker literal (``\\*``); anything that is not well-formed
markup stays as the characters typed.

Text of several paragraphs may also hold lists and sub-headings, one per line: ``- `` starts
a bullet, ``1. `` a numbered item (numbering starts from the first number written), an item
indented under another nests inside it (:data:`LIST_DEPTH` levels at most), and ``### `` starts
a sub-heading. Each paragraph then carries its :class:`Layout`, which the Word renderer turns
into real list paragraphs (Word's list styles and numbering) and :meth:`Rich.html` into
``ul``/``ol``/``h3`` elements.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

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
_LIST_ITEM = re.compile(r"(?P<indent>[ \t]*)(?:(?P<bullet>-)|(?P<number>[0-9]{1,9})\.)"
                        r"[ \t]+(?P<text>\S.*)")
_HEADING = re.compile(r"[ \t]*###[ \t]+(?P<text>\S.*)")

LIST_DEPTH = 2
"""How deep lists in free text may nest: the templates lay out two levels."""

HEADING_LEVEL = 2
"""The level of a ``###`` sub-heading: Word's Heading 2, HTML's ``h3`` (under the Heading 1
of an agenda item or a report section)."""

ROLES = ("paragraph", "heading", "bullet", "number", "letter", "parenthesised")
"""What a paragraph can be: body text, a sub-heading, or an item of a list whose items are
marked '–', '1.', '(a)' or '(1)'."""

_LIST_TAGS = {"bullet": "ul", "number": "ol", "letter": "ol", "parenthesised": "ol"}


@dataclass(frozen=True)
class Layout:
    """Where a paragraph sits: body text, a sub-heading, or an item of a list.

    :param role: one of :data:`ROLES`.
    :param level: a list item's nesting (1 or 2); a heading's level (Word's Heading 2).
    :param value: a list item's number (1 for the first; (c) is 3).
    :param minute: set on the paragraphs of a minute with numbered paragraphs (57 for
        57.1, 57.2 …); each is numbered in order within its minute.
    :param before: the HTML that opens the list elements before a list item.
    :param after: the HTML that closes them after it.
    """

    role: str = "paragraph"
    level: int = 1
    value: int = 0
    minute: int | None = None
    before: str = ""
    after: str = ""

    @property
    def is_list(self) -> bool:
        """Return whether the paragraph is an item of a list."""
        return self.role in _LIST_TAGS


PARAGRAPH = Layout()


@dataclass(frozen=True)
class Span:
    """A run of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


class Rich(tuple[Span, ...]):
    """One paragraph of marked-up text; prints as HTML in templates, plain with ``str``.

    Its :attr:`layout` says whether it is body text, a sub-heading or a list item;
    :meth:`html` prints it as the element that makes it so.
    """

    layout: Layout = PARAGRAPH
    lang: str | None = None
    """The language the paragraph is in, when a bilingual document keeps it in one of its
    languages (:mod:`scrdocs.bilingual`); ``None`` for the document's own."""
    versions: tuple[tuple[str, Rich], ...] = ()
    """The paragraph in each language of a bilingual document, when it differs: its spans
    then read the languages one after the other."""
    label: bool = False
    """Whether the paragraph is a label the house style prints ('RESOLVED:'): in a bilingual
    document its languages share one line, as every other label's do."""

    def __html__(self) -> str:
        if self.versions:
            from .bilingual import versions_html

            return versions_html(self)
        html = "".join(_span_html(span) for span in self)
        return f'<span lang="{escape(self.lang)}">{html}</span>' if self.lang else html

    def laid_out(self, layout: Layout) -> Rich:
        """Return this paragraph with ``layout``."""
        copy = self._copy()
        copy.layout = layout
        return copy

    def as_label(self) -> Rich:
        """Return this paragraph marked as a label (:attr:`label`)."""
        copy = self._copy()
        copy.label = True
        return copy

    def in_language(self, language: str) -> Rich:
        """Return this paragraph marked as written in ``language``."""
        copy = self._copy()
        copy.lang = language
        return copy

    def _copy(self) -> Rich:
        copy = Rich(self)
        copy.layout, copy.lang, copy.versions = self.layout, self.lang, self.versions
        copy.label = self.label
        return copy

    def html(self, css_class: str = "", after: str = "") -> Markup:
        """Return the paragraph as the HTML element its layout asks for: ``<p>``, ``<h3>``,
        or a list item with the list elements that open or close around it; ``after`` is
        HTML to end it with (a resolution's reference)."""
        layout, text = self.layout, self.__html__() + str(escape(after))
        classes = " ".join(c for c in (css_class, "numbered" if layout.minute else "") if c)
        attribute = f' class="{escape(classes)}"' if classes else ""
        if layout.role == "heading":
            return Markup(f"<h{layout.level + 1}>{text}</h{layout.level + 1}>")
        if layout.is_list:
            before = layout.before.replace("<ul>", f"<ul{attribute}>") if attribute \
                else layout.before
            return Markup(f"{before}{text}{layout.after}")
        return Markup(f"<p{attribute}>{text}</p>")

    def __str__(self) -> str:
        return "".join(span.text for span in self)

    def __repr__(self) -> str:
        return f"Rich({str(self)!r})"

    def __add__(self, other: object) -> Rich:  # type: ignore[override]
        if isinstance(other, str):
            other = plain(other)
        if not isinstance(other, tuple):
            return NotImplemented
        joined = Rich(tuple(self) + tuple(other))
        joined.layout = self.layout if self.layout is not PARAGRAPH else getattr(
            other, "layout", PARAGRAPH)
        return joined

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
    """Return the paragraphs of ``text`` (split at blank lines), each with markup applied;
    lines starting ``- ``, ``1. `` or ``### `` become list items and sub-headings (each
    paragraph's :attr:`Rich.layout` says which).

    >>> [(str(p), p.layout.role) for p in paragraphs("Points:\n- one\n- two")]
    [('Points:', 'paragraph'), ('one', 'bullet'), ('two', 'bullet')]
    """
    if not text:
        return []
    if not _has_blocks(text):
        return [inline(part) for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]
    found = []
    for role, level, value, lines in _blocks(text):
        paragraph = inline("\n".join(lines))
        if paragraph:
            found.append(paragraph.laid_out(Layout(role, min(level, LIST_DEPTH), value)))
    return nest_lists(found)


def list_depth(text: str) -> int:
    """Return how deep the lists in ``text`` nest: 0 for none, 1 for a list, 2 for a list
    inside a list item, …"""
    if not _has_blocks(text):
        return 0
    return max((level for role, level, _, _ in _blocks(text) if role in _LIST_TAGS),
               default=0)


def as_list(items: list[Rich], role: str, start: int = 1, css_class: str = "") -> list[Rich]:
    """Return ``items`` as the items of one list: 'bullet', 'number' (1.), 'letter' ((a))
    or 'parenthesised' ((1)), numbered from ``start``; ``css_class`` goes on the HTML list
    element."""
    laid = nest_lists([item.laid_out(Layout(role, 1, start + i)) for i, item in
                       enumerate(items)])
    if laid and css_class:
        first = laid[0].layout
        before = re.sub(r'^<(ul|ol)(?: class="([^"]*)")?',
                        lambda m: f'<{m[1]} class="{" ".join(filter(None, (m[2], css_class)))}"',
                        first.before)
        laid[0] = laid[0].laid_out(replace(first, before=before))
    return laid


def _has_blocks(text: str) -> bool:
    return any(_LIST_ITEM.fullmatch(line.rstrip()) or _HEADING.fullmatch(line.rstrip())
               for line in text.split("\n"))


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _blocks(text: str) -> Iterator[tuple[str, int, int, list[str]]]:
    """Yield the blocks of ``text``: (role, level, number, lines), in order."""
    role, level, value, lines = "paragraph", 1, 0, []  # the block being read
    indents: list[int] = []  # the indent of each open list level
    blank = False
    for line in text.strip("\n").split("\n"):
        line = line.rstrip()
        item, heading = _LIST_ITEM.fullmatch(line), _HEADING.fullmatch(line)
        if not line.strip():
            blank = True
            continue
        if item or heading or blank or role == "heading":
            if lines:
                yield role, level, value, lines
            lines = []
        if heading:
            role, level, value, indents = "heading", HEADING_LEVEL, 0, []
            lines = [heading["text"]]
        elif item:
            level = _level(indents, _width(item["indent"]))
            role = "bullet" if item["bullet"] else "number"
            value = 0 if item["bullet"] else int(item["number"])
            lines = [item["text"]]
        elif blank or role == "heading" or not lines:
            role, level, value, indents = "paragraph", 1, 0, []
            lines = [line]
        else:
            lines.append(line)
        blank = False
    if lines:
        yield role, level, value, lines


def _level(indents: list[int], indent: int) -> int:
    """Return the nesting level of a list item indented ``indent``, given the indents of
    the list levels open above it (updated in place)."""
    while indents and indent < indents[-1]:
        indents.pop()
    if not indents or indent > indents[-1]:
        indents.append(indent)
    return len(indents)


def nest_lists(blocks: list[Rich]) -> list[Rich]:
    """Return ``blocks`` with each list item's number counted (a list counts on from its
    first item's) and the HTML list elements that open and close around it set: ``ul`` or
    ``ol``, nested as the levels say."""
    result: list[Rich] = []
    open_lists: list[list[Any]] = []  # per open level: [role, next number]
    for index, block in enumerate(blocks):
        layout = block.layout
        if not layout.is_list:
            result.append(block)
            continue
        level = min(layout.level, len(open_lists) + 1)
        before = ""
        while len(open_lists) > level or (
                len(open_lists) == level and open_lists[-1][0] != layout.role):
            before += f"</li></{_LIST_TAGS[open_lists.pop()[0]]}>"
        if len(open_lists) == level:
            before += "</li>"
        else:
            open_lists.append([layout.role, layout.value or 1])
            before += _list_opening(layout.role, layout.value or 1)
        value = open_lists[-1][1]
        open_lists[-1][1] += 1
        following = blocks[index + 1].layout if index + 1 < len(blocks) else PARAGRAPH
        after = ""
        if not following.is_list:
            after = "".join(f"</li></{_LIST_TAGS[role]}>" for role, _ in reversed(open_lists))
            open_lists = []
        result.append(block.laid_out(Layout(layout.role, level, value, layout.minute,
                                            before + "<li>", after)))
    return result


def _list_opening(role: str, start: int) -> str:
    kind = f' class="{role}"' if role in ("letter", "parenthesised") else ""
    # the counter too: WeasyPrint numbers from the list-item counter, not from start=
    first = f' start="{start}" style="counter-reset: list-item {start - 1}"' if start != 1 \
        else ""
    return f"<{_LIST_TAGS[role]}{kind}{first}>"


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
    from .bilingual import plain_text

    escaped = "".join(
        f"\\{ord(char):x} " if char in _CSS_SPECIAL or (
            char != " " and unicodedata.category(char)[0] in "CZ") else char
        for char in plain_text(text))
    return Markup(f'"{escaped}"')
