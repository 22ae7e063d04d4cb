"""Welsh and English (or any two languages) in one workspace, and in one document.

Takes the data of a workspace whose profile lists ``languages: [cy, en]``, where any text may
be a map of languages (``summary: {cy: "…", en: "…"}``), and produces:

- each file's data in one language (:func:`project`), so that every model, view and template
  works as it does for one language; and the problems of the maps (a language missing, a
  language the profile does not publish in, a map in a one-language workspace), with file,
  line and field (:func:`map_problems`);
- one view from the views of a document in each language (:func:`merge_views`): what reads
  the same in both is printed once, what differs is kept in each language, the first first;
- the finished HTML and Word document, each part in its language: ``lang`` on the HTML
  elements, ``w:lang`` on Word's runs, Welsh and English set one after the other or side by
  side (:func:`finish_html`, :func:`finish_word`).

Text kept in several languages travels through templates as a plain string holding private-use
markers (:func:`together`): a label the template asks for (``_("Findings")``) is one such
string while a bilingual document is rendered, and the finishing step turns the markers into
elements in their languages ('Canfyddiadau / Findings'). Data can never hold the markers: a
text holding one is refused when it is read (see :mod:`scrdocs.model`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import escape

from ._yaml import FieldPath, Located, dotted
from .errors import Problem
from .markup import Rich
from .model import LANGUAGE_CODE, MOST_LANGUAGES

OPEN, BETWEEN, CLOSE, SPLIT = "\ue1a0", "\ue1a1", "\ue1a2", "\ue1a3"
"""The private-use characters that mark text kept in several languages: OPEN language
BETWEEN text CLOSE, once a language; SPLIT parts a paragraph's languages in Word."""

LAYOUT_TABLE = "Side by side: each language in a column of its own"
"""The description of the Word tables that set languages side by side: a layout, not data
(it has no header row to repeat)."""

SEPARATOR = " / "
"""What stands between a label's languages on one line: 'Cofnodion / Minutes'."""

_MARKED = re.compile(f"(?:{OPEN}[^{OPEN}{BETWEEN}{CLOSE}]*{BETWEEN}[^{OPEN}{BETWEEN}{CLOSE}]*"
                     f"{CLOSE})+")
_PART = re.compile(f"{OPEN}([^{OPEN}{BETWEEN}{CLOSE}]*){BETWEEN}([^{OPEN}{BETWEEN}{CLOSE}]*)"
                   f"{CLOSE}")
_KEY = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}\Z")
_KNOWN = frozenset({"cy", "en", "en-GB", "ga", "gd", "kw"})
"""Languages a map in a one-language workspace is recognised by: Welsh and English, and the
other languages of the British Isles, so that such a map is refused with a clear message."""
_TAG = re.compile(LANGUAGE_CODE + r"\Z")
"""A language code as a profile lists it under ``languages`` (as :mod:`scrdocs.model` checks
it): 'cy', 'en', 'en-GB'."""
_SHOWN_KEYS = 3
"""The most keys one message names: a map of 100,000 keys is one short error, not 100,000."""
_SAME_IN_EVERY_LANGUAGE = frozenset({
    "kind", "id", "review", "reviews", "committee_report", "date", "due", "published",
    "commissioned", "completed", "start_time", "end_time", "number", "first_minute", "quorum",
    "status", "review_type", "resolution_style", "exempt_paragraph", "marking", "bilingual",
    "language", "languages"})
"""Fields that are dates, numbers, choices or the names of other files: the same in every
language, so a map of languages there is refused (the Welsh would name another review, or
another date, than the English). A document's ``minutes`` too, at its top level only (an
item's ``minutes`` is its text)."""

LANGUAGE_NAMES = {"cy": "Welsh", "en": "English", "en-GB": "English"}


def language_name(tag: str) -> str:
    """Return a language's English name for messages: 'Welsh' for 'cy'."""
    if tag in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[tag]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, LookupError, UnknownLocaleError):  # 'xx': Babel knows none
        return tag
    return str(name) if name else tag


# --- data: one language out of many --------------------------------------------------------

def is_language_map(value: Any, languages: Sequence[str]) -> bool:
    """Return whether ``value`` gives a text in several languages: a map whose keys are all
    language codes, one at least a language of ``languages`` (or Welsh or English); in a
    workspace publishing in several, any map naming one of them ('EN' or '../x' beside it
    is then a key that is no language, which :func:`map_problems` says)."""
    if not isinstance(value, dict) or not value:
        return False
    keys = list(value)
    if len(languages) > 1 and any(isinstance(key, str) and key in languages for key in keys):
        return True  # no field of any file is named after a language
    return (all(isinstance(key, str) and _KEY.match(key) for key in keys)
            and any(key in languages or key in _KNOWN for key in keys))


def project(data: Any, language: str, languages: Sequence[str]) -> Any:
    """Return ``data`` with each map of languages replaced by its text in ``language`` (its
    first usable text when it lacks that language, or its text there is blank:
    :func:`map_problems` says so, once)."""
    if is_language_map(data, languages):
        found = [data[key] for key in (language, *languages) if key in data]
        usable = [text for text in found if isinstance(text, str) and text.strip()]
        return (usable or found or list(data.values()))[0]
    if isinstance(data, dict):
        return {key: project(value, language, languages) for key, value in data.items()}
    if isinstance(data, list):
        return [project(value, language, languages) for value in data]
    return data


def projected(located: Located, language: str, languages: Sequence[str]) -> Located:
    """Return the data of one file in ``language``, its lines kept."""
    return Located(located.file, project(located.data, language, languages),
                   located.lines, located.raw)


def map_problems(located: Located, languages: Sequence[str]) -> list[Problem]:
    """Return what is wrong with the maps of languages in one file: in a workspace
    publishing in ``languages`` (two or more), a map lacking one of them or giving one it
    does not publish in; in a one-language workspace (``languages`` of one), any map."""
    return [Problem(located.file, located.line_of(path), dotted(path), message)
            for path, message in _map_problems(located.data, (), languages)]


def _map_problems(data: Any, path: FieldPath,
                  languages: Sequence[str]) -> Iterator[tuple[FieldPath, str]]:
    if is_language_map(data, languages):
        if _same_in_every_language(path) and len(languages) > 1:
            yield path, ("is the same in every language (a date, a number, a choice or the "
                         "name of another file): give it once, not as a map of languages")
        else:
            yield from _one_map(data, path, languages)
        return
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _map_problems(value, (*path, key), languages)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _map_problems(value, (*path, index), languages)


def _same_in_every_language(path: FieldPath) -> bool:
    """Return whether the field at ``path`` is one that reads alike in every language."""
    names = [key for key in path if isinstance(key, str)]
    return bool(names) and (names[-1] in _SAME_IN_EVERY_LANGUAGE or path == ("minutes",))


def _one_map(data: dict[Any, Any], path: FieldPath,
             languages: Sequence[str]) -> Iterator[tuple[FieldPath, str]]:
    given = _some(list(data))
    if len(languages) < 2:
        yield path, (f"gives the text in several languages ({given}), but scrdocs.yaml "
                     "publishes in one; list the languages there (`languages: [cy, en]`), "
                     "or write the text alone")
        return
    listed = ", ".join(languages)
    strays = [key for key in data if key not in languages]
    if len(strays) > _SHOWN_KEYS:
        yield path, (f"{len(strays):,} keys are not languages scrdocs.yaml publishes in "
                     f"({listed}), such as {_some(strays, quoted=True)}; give the text in "
                     f"{listed} alone")
    else:
        for key in strays:
            yield _stray(key, path, languages)
    missing = [language for language in languages if language not in data]
    if missing:
        yield path, (f"has no {_some([language_name(language) for language in missing])} "
                     f"text: give it as {_some([f'`{language}:`' for language in missing])} "
                     f"beside {given}")
    for language in languages:
        if language in data and \
                (problem := _not_text(data[language], language_name(language))) is not None:
            yield (*path, language), problem


def _stray(key: Any, path: FieldPath, languages: Sequence[str]) -> tuple[FieldPath, str]:
    """Return where and what is wrong with a key of a map of languages that is none of
    ``languages``."""
    listed = ", ".join(languages)
    if isinstance(key, str) and _TAG.match(key):
        return (*path, key), (f"'{key}' is not a language scrdocs.yaml publishes in "
                              f"({listed}); give the text in {listed}")
    meant = [language for language in languages
             if isinstance(key, str) and key.strip().casefold() == language.casefold()]
    hint = f" (write it `{meant[0]}:`)" if meant else ""
    return path, (f"'{_shown(key)}' is not a language code{hint}; give the text in {listed}, "
                  "each under its code")


def _not_text(value: Any, name: str) -> str | None:
    """Return what is wrong with ``value`` as the text of one language (``name``), if
    anything."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (f"the {name} text is empty; write it, or give the field as one text for "
                "every language")
    if isinstance(value, str):
        return None
    what = ("a list" if isinstance(value, list) else "a set of fields"
            if isinstance(value, dict) else "true or false" if isinstance(value, bool)
            else "a number" if isinstance(value, (int, float)) else "not text")
    hint = " (a list gives each item as {cy: …, en: …})" if isinstance(value, list) else ""
    return f"the {name} text is {what}, not text: write the text itself{hint}"


def _shown(key: Any) -> str:
    """Return a key as a message shows it: a line break or other invisible character
    written as an escape ('en\\n')."""
    text = key if isinstance(key, str) else str(key)
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _some(keys: list[Any], quoted: bool = False) -> str:
    """Return the first few of ``keys`` for a message, and how many more there are."""
    shown = [f"'{_shown(key)}'" if quoted else _shown(key) for key in keys[:_SHOWN_KEYS]]
    more = len(keys) - len(shown)
    return ", ".join(shown) + (f" and {more:,} more" if more > 0 else "")


def languages_of(data: Any) -> list[str]:
    """Return the languages a profile's raw data lists under ``languages`` (none when it
    lists none, or not as a list of codes: validating the profile says why)."""
    if not isinstance(data, dict):
        return []
    listed = data.get("languages")
    if not isinstance(listed, list) or len(listed) > MOST_LANGUAGES or not all(
            isinstance(item, str) and _TAG.match(item) for item in listed):
        return []  # '../x' is no language to check a map against
    distinct = list(dict.fromkeys(listed))
    return distinct if len(distinct) >= 2 else []


PROSE_WORDS = 5
"""The fewest words that make a text prose a reader needs in their language: fewer read as a
name ('Councillor Jane Smith', 'Corporate Parenting Committee')."""

_NOT_PROSE = _SAME_IN_EVERY_LANGUAGE | frozenset({
    "url", "website", "email", "phone", "path", "minutes", "file", "font", "colours", "logo"})
"""Fields never read as prose in one language: those the same in every language (a map of
languages there is refused, so none is asked for), addresses, files and the house style."""


def one_language_fields(path: Any, languages: Sequence[str]) -> list[str]:
    """Return the fields of the file at ``path`` whose text is given once for every
    language though it reads as prose (:data:`PROSE_WORDS` words or more), as
    'field (line N)'; none when the file cannot be read (loading it says why)."""
    from ._yaml import read_file
    from .errors import DataError

    try:
        located = read_file(path)
    except DataError:
        return []
    found = []
    for field_path, text in _plain_texts(located.data, (), languages):
        if len(text.split()) >= PROSE_WORDS and "://" not in text:
            line = located.line_of(field_path)
            found.append(f"{dotted(field_path)}" + (f" (line {line})" if line else ""))
    return found


def _plain_texts(data: Any, path: FieldPath,
                 languages: Sequence[str]) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif is_language_map(data, languages):
        return
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_PROSE or (key == "minutes" and path):  # an item's minutes
                yield from _plain_texts(value, (*path, key), languages)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _plain_texts(value, (*path, index), languages)


# --- text kept in several languages --------------------------------------------------------

_NUMBER = re.compile(r"\d{1,3}[.)] +")
"""The number a numbered heading opens with ('1. '), printed once before its languages."""


def together(texts: Sequence[tuple[str, str]]) -> str:
    """Return one string holding ``texts`` (each ``(language, text)``), or the text itself
    when every language says the same; a number every language opens with ('1. Cefndir',
    '1. Background') is printed once, before them ('1. Cefndir / Background')."""
    if len({text for _, text in texts}) <= 1:
        return texts[0][1] if texts else ""
    number = _NUMBER.match(texts[0][1])
    if number and all(text.startswith(number.group()) and len(text) > number.end()
                      for _, text in texts):
        return number.group() + together([(language, text[number.end():])
                                          for language, text in texts])
    return "".join(f"{OPEN}{language}{BETWEEN}{plain_text(text)}{CLOSE}"
                   for language, text in texts)


def parts(text: str) -> list[tuple[str | None, str]]:
    """Return ``text`` cut into its parts: ``(None, text)`` for text in every language,
    ``(language, text)`` for text in one."""
    found: list[tuple[str | None, str]] = []
    done = 0
    for group in _MARKED.finditer(text):
        if group.start() > done:
            found.append((None, text[done:group.start()]))
        languages = _PART.findall(group.group())
        for index, (language, said) in enumerate(languages):
            if index:
                found.append((None, SEPARATOR))
            found.append((language, said))
        done = group.end()
    if done < len(text):
        found.append((None, text[done:]))
    return found


def plain_text(text: str) -> str:
    """Return ``text`` with its languages joined by ' / ', no markers left."""
    if OPEN not in text and SPLIT not in text:
        return text
    plain = "".join(said for _, said in parts(text))
    return plain.replace(SPLIT, SEPARATOR)


def has_markers(text: str) -> bool:
    """Return whether ``text`` holds text kept in several languages."""
    return OPEN in text or SPLIT in text


# --- views: one view from each language's ---------------------------------------------------

def merge_views(views: Sequence[Any], languages: Sequence[str]) -> Any:
    """Return the view holding each language's ``views`` (in ``languages``' order): a value
    the same in all of them once, text that differs in each language."""
    merged = _merge(list(views), list(languages))
    first = views[0]
    if isinstance(merged, dict) and isinstance(first, dict) and "document" in first:
        document = dict(merged["document"])
        for key in ("language", "direction"):
            if key in first["document"]:
                document[key] = first["document"][key]
        document["languages"] = list(languages)
        merged["document"] = document
    return merged


def _merge(values: list[Any], languages: list[str]) -> Any:
    first = values[0]
    if all(_same(value, first) for value in values[1:]):
        return first
    if isinstance(first, Rich) and all(isinstance(value, Rich) for value in values):
        if all(value.label and value.layout == first.layout for value in values):
            label = Rich((type(first[0])(together([(language, str(value)) for language, value
                                                   in zip(languages, values, strict=True)])),))
            return label.laid_out(first.layout)
        return bilingual_rich(list(zip(languages, values, strict=True)))
    if isinstance(first, str) and all(isinstance(value, str) for value in values) \
            and not hasattr(first, "__html__"):
        return together(list(zip(languages, values, strict=True)))
    if isinstance(first, dict) and all(isinstance(value, dict) for value in values):
        return {key: _merge([value.get(key, first[key]) for value in values], languages)
                if all(key in value for value in values) else first[key] for key in first}
    if isinstance(first, list) and all(isinstance(value, list) for value in values):
        if all(len(value) == len(first) for value in values):
            return [_merge(list(items), languages) for items in zip(*values, strict=True)]
        if all(isinstance(item, Rich) for value in values for item in value):
            return [item.in_language(language) for language, value in zip(
                languages, values, strict=True) for item in value]
    return first


def _same(value: Any, other: Any) -> bool:
    if type(value) is not type(other):
        return False
    if isinstance(value, Rich):
        return tuple(value) == tuple(other) and value.layout == other.layout
    try:
        return bool(value == other)
    except Exception:  # a value that cannot be compared is kept in the first language  # noqa: BLE001
        return False


def bilingual_rich(versions: list[tuple[str, Rich]]) -> Rich:
    """Return one paragraph holding each language's ``versions``: its spans read the
    languages one after the other; rendered, each language is an element of its own."""
    spans = []
    for index, (_, version) in enumerate(versions):
        if index:
            spans.append(type(version[0])("\n") if version else None)
        spans.extend(version)
    joined = Rich(span for span in spans if span is not None)
    joined.layout = versions[0][1].layout
    joined.versions = tuple(versions)
    return joined


def versions_html(rich: Rich) -> str:
    """Return the HTML of a paragraph kept in several languages: a span a language, the
    first marked ``bilingual-first``, the others ``bilingual-next``, a line break between
    (in a list item, heading or table cell); in a paragraph the stylesheet makes each
    language a paragraph of its own, or sets them side by side."""
    return '<br class="bilingual-break">'.join(
        f'<span lang="{escape(language)}" class="bilingual-'
        f'{"first" if index == 0 else "next"}">{version.__html__()}</span>'
        for index, (language, version) in enumerate(rich.versions))


# --- finishing the HTML -------------------------------------------------------------------

_PLAIN_CONTEXT = re.compile(r"<(style|title|script)\b[^>]*>.*?</\1\s*>|<[^>]*>",
                            re.DOTALL | re.IGNORECASE)


def finish_html(html: str) -> str:
    """Return ``html`` with its text kept in several languages in elements of their own
    (``<span lang="cy">…</span> / <span lang="en">…</span>``), joined by ' / ' where markup
    cannot go (the title, the stylesheet, attributes)."""
    if not has_markers(html):
        return html
    html = _links(html)
    pieces, done = [], 0
    for found in _PLAIN_CONTEXT.finditer(html):
        pieces.append(_spans(html[done:found.start()]))
        pieces.append(plain_text(found.group()))
        done = found.end()
    pieces.append(_spans(html[done:]))
    return "".join(pieces)


_LINK = re.compile(f"<a\\b([^>]*)>({_MARKED.pattern})</a>", re.IGNORECASE)
_LANG = re.compile(r"\slang\s*=", re.IGNORECASE)
_ID = re.compile(r"""\s+id\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _links(html: str) -> str:
    """Return ``html`` with each link whose text is held in several languages made one link
    a language, each marked with its language (the first keeps the link's id): a link
    holding elements of its own loses its Link tag in the PDF (PDF/UA-1)."""
    def one_a_language(found: re.Match[str]) -> str:
        attributes = found.group(1)
        if _LANG.search(attributes):
            return found.group()
        links = [f'<a{attributes if index == 0 else _ID.sub("", attributes)} '
                 f'lang="{escape(language)}">{said}</a>'
                 for index, (language, said) in enumerate(_PART.findall(found.group(2)))]
        return f'<span class="{TEXT_CLASS}">' + SEPARATOR.join(links) + "</span>"

    return _LINK.sub(one_a_language, html)


TEXT_CLASS = "bilingual-text"
"""The class of the element holding a text's languages ('Cofnodion / Minutes'): any text,
not only a label, so it is not named as one (the page checks take a '…-label' for a label)."""


def _spans(text: str) -> str:
    if not has_markers(text):
        return text
    return _MARKED.sub(lambda group: f'<span class="{TEXT_CLASS}">' + "".join(
        said if language is None else f'<span lang="{escape(language)}">{said}</span>'
        for language, said in parts(group.group())) + "</span>", text).replace(SPLIT, SEPARATOR)


# --- finishing the Word document ------------------------------------------------------------

_LIST_OR_HEADING = re.compile(r"(List|Heading|Title|Subtitle|TOC)", re.IGNORECASE)


def finish_word(document: Any, roots: list[Any], languages: Sequence[str], layout: str) -> None:
    """Put each part of ``document`` kept in several languages in runs of its language
    (``w:lang``); part a paragraph held in several languages into a paragraph a language
    (a line break in a list item or heading); and, ``side-by-side``, set each body
    paragraph beside its translation in a table of two columns."""
    from docx.oxml.ns import qn

    for root in roots:
        for text in list(root.iter(qn("w:t"))):
            if text.text and OPEN in text.text:
                _split_run(text)
    for root in roots:
        for paragraph in list(root.iter(qn("w:p"))):
            if any(SPLIT in (text.text or "") for text in paragraph.iter(qn("w:t"))):
                _part_paragraph(document, paragraph, languages[0])
    _wide_labels_above(document)
    if layout == "side-by-side":
        _side_by_side(document, list(languages))


def _wide_labels_above(document: Any) -> None:
    """Give a review fact whose label, in its languages, is wider than the column its
    value starts at ('Comisiynwyd / Commissioned:') its value on the next line, at that
    column, as the value's translation is: a tab would push the first line further out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from .design import FACT_LABEL_WIDTH, TYPE
    from .fit import MM, text_width

    column = FACT_LABEL_WIDTH * MM
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is None or style.get(qn("w:val")) != "Fact":
            continue
        label = []
        for run in paragraph.iter(qn("w:r")):
            tab = run.find(qn("w:tab"))
            if tab is None:
                label.append("".join(t.text or "" for t in run.iter(qn("w:t"))))
                continue
            if text_width("".join(label), TYPE["fact"].size, bold=True) > column:
                tab.addprevious(OxmlElement("w:br"))
                run.remove(tab)
            break


def _run_of(text: Any) -> Any:
    from docx.oxml.ns import qn

    run = text.getparent()
    return run if run is not None and run.tag == qn("w:r") else None


def child_element(parent: Any, tag: str, first: bool = False) -> Any:
    """Return ``parent``'s first ``tag`` child (a Word XML tag such as ``"w:rPr"``), added
    empty when it has none: as the first child when ``first``, else as the last."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        if first:
            parent.insert(0, child)
        else:
            parent.append(child)
    return child


def _like(tag: str, properties: Any) -> Any:
    """Return a new ``tag`` element (a paragraph or a run) with a copy of ``properties``,
    the ``w:pPr`` or ``w:rPr`` of the one it is cut from (none when that had none)."""
    from docx.oxml import OxmlElement

    fresh = OxmlElement(tag)
    if properties is not None:
        fresh.append(copy.deepcopy(properties))
    return fresh


def _set_run_language(run: Any, language: str) -> None:
    from docx.oxml.ns import qn

    properties = child_element(run, "w:rPr", first=True)
    child_element(properties, "w:lang").set(qn("w:val"), language)


def _split_run(text: Any) -> None:
    """Replace the run holding ``text`` by runs of its own, one a part, each part in a
    language marked with it; what else the run holds (a tab, a break) keeps its place."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = _run_of(text)
    if run is None:
        text.text = plain_text(text.text)
        return
    properties = run.find(qn("w:rPr"))

    def new_run(*children: Any) -> Any:
        piece = _like("w:r", properties)
        for child in children:
            piece.append(child)
        run.addprevious(piece)
        return piece

    for child in list(run):
        if child is properties:
            continue
        if child is not text:
            new_run(child)
            continue
        for language, said in parts(text.text):
            words = OxmlElement("w:t")
            words.text = said
            words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            piece = new_run(words)
            if language is not None:
                _set_run_language(piece, language)
    run.getparent().remove(run)


def _part_paragraph(document: Any, paragraph: Any, first: str) -> None:
    """Part a paragraph held in several languages at each SPLIT: into a paragraph a
    language, or at a line break in a list item, a heading, or a paragraph that holds more
    than the text (a review fact's label before it: ``first`` is the first language)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = paragraph.find(qn("w:pPr"))
    style = properties.find(qn("w:pStyle")) if properties is not None else None
    style_name = _style_name(document, style.get(qn("w:val")) if style is not None else "")
    numbered = properties is not None and properties.find(qn("w:numPr")) is not None
    keep_whole = numbered or bool(_LIST_OR_HEADING.search(style_name)) or \
        not _opens_in(paragraph, first)
    groups: list[list[Any]] = [[]]
    for child in list(paragraph):
        if child.tag == qn("w:pPr"):
            continue
        texts = child.findall(f".//{qn('w:t')}") if child.tag != qn("w:t") else [child]
        if not any(SPLIT in (text.text or "") for text in texts):
            groups[-1].append(child)
            continue
        if keep_whole:
            for text in texts:
                if SPLIT in (text.text or ""):
                    text.addprevious(OxmlElement("w:br"))
                    text.getparent().remove(text)
            continue
        paragraph.remove(child)
        groups.append([])
    current = paragraph
    for group in groups[1:]:
        fresh = _like("w:p", properties)
        for child in group:
            fresh.append(child)
        current.addnext(fresh)
        current = fresh


def _opens_in(paragraph: Any, language: str) -> bool:
    """Return whether everything a Word paragraph shows before its first SPLIT is text in
    ``language``: the paragraph is the text in its languages, nothing else."""
    from docx.oxml.ns import qn

    for run in paragraph.iter(qn("w:r")):
        texts = run.findall(qn("w:t"))
        if any(SPLIT in (text.text or "") for text in texts):
            return True
        if run.find(qn("w:tab")) is not None:
            return False
        if "".join(text.text or "" for text in texts).strip():
            lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            if lang is None or lang.get(qn("w:val")) != language:
                return False
    return True


def _style_name(document: Any, style_id: str) -> str:
    if not style_id:
        return ""
    try:
        return str(document.styles.get_by_id(style_id, 1).name or style_id)
    except (KeyError, ValueError, AttributeError):
        return style_id


def paragraph_language(paragraph: Any) -> str | None:
    """Return the one language every text run of a Word paragraph is marked with, if any."""
    from docx.oxml.ns import qn

    found = set()
    for run in paragraph.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        found.add(lang.get(qn("w:val")) if lang is not None else None)
    return found.pop() if len(found) == 1 else None


def _side_by_side(document: Any, languages: list[str]) -> None:
    """Set each run of body paragraphs in the first language, and the run in the second
    that follows it, side by side: a row of a borderless table of two equal columns. Beside
    a side box (a floating table), whose column would overlap the table, they stay one
    after the other."""
    body = document.element.body
    children = list(body)
    beside = _beside_side_boxes(document, children)
    index = 0
    table = None
    while index < len(children):
        if index in beside:
            table = None
            index += 1
            continue
        first = _run_in(children, index, languages[0])
        second = _run_in(children, index + len(first), languages[1]) if first else []
        if not first or not second:
            table = None
            index += 1
            continue
        if table is None:
            table = _layout_table(document)
            children[index].addprevious(table)
        _add_row(table, first, second)
        index += len(first) + len(second)


def _beside_side_boxes(document: Any, children: list[Any]) -> set[int]:
    """Return the places of the body's ``children`` that flow beside a side box: from a
    floating table to the first Heading 1 after the text beside it."""
    from docx.oxml.ns import qn

    beside: set[int] = set()
    inside = text_seen = False
    for index, child in enumerate(children):
        if child.tag == qn("w:tbl") and child.find(
                f"{qn('w:tblPr')}/{qn('w:tblpPr')}") is not None:
            inside, text_seen = True, False
        elif inside and child.tag == qn("w:p"):
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            heading = style is not None and _style_name(
                document, style.get(qn("w:val"))) == "Heading 1"
            if heading and text_seen:
                inside = False
            elif not heading and "".join(child.itertext()).strip():
                text_seen = True
        if inside:
            beside.add(index)
    return beside


def _run_in(children: list[Any], start: int, language: str) -> list[Any]:
    from docx.oxml.ns import qn

    found = []
    for child in children[start:]:
        if child.tag != qn("w:p") or child.find(f".//{qn('w:sectPr')}") is not None \
                or paragraph_language(child) != language:
            break
        found.append(child)
    return found


def _text_width(document: Any) -> int:
    section = document.sections[-1]
    try:
        width = int(section.page_width - section.left_margin - section.right_margin)
    except TypeError:  # a template whose section leaves a size out
        return 9026
    return width // 635 if width > 0 else 9026  # EMU to twips; A4 less 2 cm margins


def _layout_table(document: Any) -> Any:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    half = _text_width(document) // 2
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{2 * half}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'<w:tblDescription w:val="{LAYOUT_TABLE}"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid></w:tbl>')


def _add_row(table: Any, first: list[Any], second: list[Any]) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    half = table.find(f"{qn('w:tblGrid')}/{qn('w:gridCol')}").get(qn("w:w"))
    row = parse_xml(f'<w:tr {nsdecls("w")}/>')
    for paragraphs in (first, second):
        cell = parse_xml(f'<w:tc {nsdecls("w")}><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/>'
                         '</w:tcPr></w:tc>')
        for paragraph in paragraphs:
            cell.append(paragraph)
        row.append(cell)
    table.append(row)
