"""The anonymisation guard: what the private case key names never reaches an output.

Takes a workspace's ``case-key.yaml`` (real names with their pseudonyms and other names,
identifiers such as a school or a street, dates of birth) and any text-bearing thing — the
data, a rendered .docx (body, headers, footers, footnotes, comments, core properties, alt
text, link targets, pictures), an HTML file (text, attributes, embedded pictures), a PDF
(page text, metadata and XMP, bookmarks, alt text, link targets and destinations, JPEG
pictures), a picture's text and metadata, and output file names; produces the list of hits,
each with its document, part and field. A name is blocked whole and in its parts, as whole
words, however it is disguised (see :mod:`scrdocs._matching`); text split across Word runs
is joined. The case key itself is never rendered.
"""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from lxml import etree
from pydantic import AfterValidator, BaseModel, Field

from ._matching import (
    SEPARATOR,
    Term,
    compact,
    normalise,
    parse_date,
    spellings,
    term_pattern,
    whole_words,
)
from .errors import ArgumentError, DataError, Problem, ScrdocsError, _display_path
from .images import image_texts
from .model import Model, Text

CASE_KEY = "case-key.yaml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class CaseKeyName(Model):
    """A real name, the pseudonym published in its place, and the other names the person
    goes by."""

    real: Text = Field(description=(
        "The real name in full: 'Mia Thornton'. Neither the whole name nor any part of it "
        "of three letters or more ('Mia', 'Thornton') is ever published."))
    pseudonym: Text | None = Field(default=None, description=(
        "The name published in its place: 'Child M'."))
    also: list[Text] = Field(default=[], description=(
        "Other names the person goes by: nicknames, former surnames ('Mimi', 'Mia Jones'); "
        "each is blocked like the real name, whole and in parts."))
    allow: list[Text] = Field(default=[], description=(
        "Parts of the name that are common words in your papers ('Hope', 'Field') and may "
        "appear on their own; the whole name is still blocked."))

    def terms(self) -> list[Term]:
        """Return the protected terms of this person: the real name and each ``also`` name
        whole, then each part of them of three letters or more that ``allow`` does not
        list."""
        publish = f"; publish it as '{self.pseudonym}'" if self.pseudonym else ""
        terms = [Term(self.real, f"a real name in {CASE_KEY}{publish}")]
        terms += [Term(other, f"another name of a real person in {CASE_KEY}{publish}")
                  for other in self.also]
        allowed = {compact(word) for word in self.allow}
        part_advice = (f"part of a real name in {CASE_KEY}{publish}; if it is a common word "
                       "in your papers, list it under the name's allow:")
        terms += [Term(part, part_advice) for full in (self.real, *self.also)
                  for part in name_parts(full) if compact(part) not in allowed]
        return terms


def name_parts(name: str) -> list[str]:
    """Return the parts of ``name`` blocked on their own: each word, and each piece of a
    hyphenated or apostrophised word ('Mary-Jane O'Brien' → Mary-Jane, Mary, Jane, O'Brien,
    Brien), of three letters or more and not the whole name.

    >>> name_parts("Ann Lee")
    ['Ann', 'Lee']
    """
    whole = compact(name)
    parts: list[str] = []
    for word in name.split():
        for part in (word, *re.split(r"[-‐‑–—'’.]+", word)):
            key = compact(part)
            if len(key) >= 3 and key != whole and key not in map(compact, parts):
                parts.append(part)
    return parts


def _date_of_birth(value: str) -> str:
    if parse_date(value) is None:
        raise ValueError("is not a date; write it as YYYY-MM-DD, such as 2009-03-14")
    return value


DateOfBirth = Annotated[Text, AfterValidator(_date_of_birth)]
"""A date of birth in a case key: YYYY-MM-DD, or any spelling :func:`parse_date` reads."""


class CaseKey(Model):
    """The private key of a workspace: what must never be published."""

    names: list[CaseKeyName] = Field(default=[], description=(
        "Each real person named in the reviews: the child, parents, carers, relatives."))
    identifiers: list[Text] = Field(default=[], description=(
        "Anything else that would identify the family: schools, streets, NHS numbers, "
        "dates. Spacing and punctuation are ignored ('485 777 3456' also blocks "
        "'485-777-3456'); a date is blocked in every usual spelling."))
    dates_of_birth: list[DateOfBirth] = Field(default=[], description=(
        "Dates of birth, as YYYY-MM-DD; each is blocked in every usual spelling "
        "(14/03/2009, 14 March 2009, March 14, 2009, 14/03/09, …)."))

    def terms(self) -> list[Term]:
        """Return every protected term with the advice shown when it is found: each name
        (whole and in parts, see :meth:`CaseKeyName.terms`), each identifier, each date of
        birth. A :class:`Term` unpacks as the pair ``(text, advice)``."""
        terms = [term for name in self.names for term in name.terms()]
        terms += [term for identifier in self.identifiers
                  for term in identifier_terms(identifier)]
        terms += [Term(date, f"a date of birth in {CASE_KEY}", "date")
                  for date in self.dates_of_birth]
        return _unique(terms)


def identifier_terms(identifier: str) -> list[Term]:
    """Return the terms of one identifier: a date in every usual spelling; anything else
    with spacing and punctuation ignored, and a long number in it (six digits or more) also
    on its own ('NHS 485 777 3456' → '4857773456')."""
    if parse_date(identifier) is not None:
        return [Term(identifier, f"a date listed in {CASE_KEY}", "date")]
    advice = f"an identifier listed in {CASE_KEY}"
    terms = [Term(identifier, advice, "identifier")]
    digits = "".join(char for char in identifier if char.isdigit())
    if len(digits) >= 6 and digits != compact(identifier):
        terms.append(Term(digits, advice, "identifier"))
    return terms


def _unique(terms: list[Term]) -> list[Term]:
    """Return ``terms`` without a later one matched the same way as an earlier one."""
    seen = set()
    unique = []
    for term in terms:
        date = parse_date(term.text) if term.kind == "date" else None
        key = (term.kind, date or compact(term.text))
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return unique


DATA = "data"
"""The :attr:`Hit.part` of a hit in the data (a review, a document, the profile), as opposed
to one found only in a rendered file or its name."""


@dataclass(frozen=True)
class Hit:
    """One place a protected term was found.

    A hit in the data has :attr:`part` ``"data"``, the field it is in, and, when the data was
    read from a file, that :attr:`file` and :attr:`line`; :attr:`output` names the output it
    kept from being written. A hit in a rendered file names that file in :attr:`document`.
    """

    document: str
    part: str
    field: str
    term: str
    advice: str
    file: Path | None = None
    line: int | None = None
    output: str = ""

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.document}: {self.part}:{field} contains '{self.term}' ({self.advice})"

    @property
    def source(self) -> str:
        """Return where a hit in the data came from: ``reviews/child-m.yaml:12: summary``."""
        where = self.document
        if self.file is not None:
            where = _display_path(self.file) + (f":{self.line}" if self.line else "")
        return f"{where}: {self.field}" if self.field else where


def leak_messages(hits: Iterable[Hit]) -> list[str]:
    """Return one message for each place a protected term was found, for people to act on.

    A place in the data is one message at its file, line and field, whatever number of
    documents and formats it would reach, with those outputs listed on a second line
    (``  reached: minutes-m.docx, minutes-m.pdf``); an output's own hits of the same terms are
    its echoes and are not repeated. A place found only in an output (a template typed the
    term, or the file name holds it) is one message per output and place. Each message names
    the terms found there, a part of a name left out when the whole name is named.
    """
    hits = list(hits)
    sources: dict[str, tuple[dict[str, str], list[str]]] = {}
    echoed = set()
    for hit in hits:
        if hit.part == DATA:
            terms, reached = sources.setdefault(hit.source, ({}, []))
            terms.setdefault(hit.term, hit.advice)
            if hit.output and hit.output not in reached:
                reached.append(hit.output)
            echoed.add((hit.output, hit.term))
    messages = [f"{source}: {_contains(terms)}"
                + (f"\n  reached: {', '.join(reached)}" if reached else "")
                for source, (terms, reached) in sources.items()]
    places: dict[str, dict[str, str]] = {}
    for hit in hits:
        if hit.part != DATA and (hit.document, hit.term) not in echoed:
            field = f" {hit.field}:" if hit.field else ""
            places.setdefault(f"{hit.document}: {hit.part}:{field}", {}).setdefault(
                hit.term, hit.advice)
    return messages + [f"{place} {_contains(terms)}" for place, terms in places.items()]


def _contains(terms: dict[str, str]) -> str:
    """Say which terms (with their advice) one place holds: a term that is part of another
    one found there is left out, and terms with the same advice share it."""
    by_advice: dict[str, list[str]] = {}
    for term, advice in terms.items():
        if not _inside_another(term, terms):
            by_advice.setdefault(advice, []).append(f"'{term}'")
    return "contains " + "; ".join(f"{', '.join(found)} ({advice})"
                                   for advice, found in by_advice.items())


def _inside_another(term: str, terms: Iterable[str]) -> bool:
    """Return whether ``term`` is part of another of ``terms`` ('Mia' of 'Mia Thornton')."""
    folded = term.casefold()
    return any(folded in other.casefold() and folded != other.casefold() for other in terms)


REFUSAL = ("refusing to publish what the case key protects; no output of the documents "
           "below was written")
"""The first line of a :class:`DisclosureError`."""


class DisclosureError(ScrdocsError):
    """Outputs would disclose what the case key protects; none of them was written.

    :attr:`hits` lists every place found; the message gives one line per place in the data
    (see :func:`leak_messages`). :attr:`removed` lists the earlier outputs of the refused
    documents that a build deleted, so that none is left beside the refusal.
    """

    exit_code = 6

    def __init__(self, hits: list[Hit], removed: Iterable[Path] = ()) -> None:
        self.hits = hits
        self.removed = [Path(path) for path in removed]
        lines = [REFUSAL, *leak_messages(hits)]
        if self.removed:
            lines.append("removed the earlier outputs of those documents: "
                         + ", ".join(path.name for path in self.removed))
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type, tuple[list[Hit], list[Path]]]:
        return (type(self), (self.hits, self.removed))


def load_case_key(root: Path) -> CaseKey | None:
    """Return the workspace's case key, or ``None`` when it keeps none.

    :raises DataError: when ``case-key.yaml`` is not valid, or is there but cannot be read
        (a link to a drive that is not connected, a folder): nothing is published unguarded
        because the key is out of reach.
    """
    from ._yaml import read_file
    from .validation import validate

    path = root / CASE_KEY
    if not path.is_file():
        if path.is_symlink() or path.exists():
            raise DataError([Problem(path, None, "", _unreadable_key(path))])
        return None
    key, problems = validate(CaseKey, read_file(path))
    if problems or key is None:
        raise DataError(problems)
    return key


def _unreadable_key(path: Path) -> str:
    """Say why a case key that is there cannot be read."""
    advice = ("scrdocs publishes nothing while the case key it holds cannot be read; "
              "remove the file if the workspace has no case key")
    if not path.exists():
        return (f"is a link to {os.readlink(path)}, which does not exist (is the drive or "
                f"share it is on connected?); {advice}")
    return f"is not a file (a folder, a named pipe or a device); {advice}"


class Matcher:
    """Find protected terms in text whatever disguises them — case, accents, look-alike
    letters, invisible characters, markup inside a word, any gap or none between words,
    percent-encoding (see :mod:`scrdocs._matching`) — as whole words only."""

    def __init__(self, terms: Iterable[Term | tuple[str, str]]) -> None:
        self.terms = [term if isinstance(term, Term) else Term(*term) for term in terms]
        self.patterns, self._anywhere = _compiled(tuple(self.terms))

    def find(self, text: str) -> list[tuple[str, str]]:
        """Return (term, advice) for every protected term in ``text``; a term found only
        inside a longer one found there ('Mia' in 'Mia Thornton') is left out. Text
        holding percent-encoding is read decoded first, and as it is when that finds
        nothing."""
        for spelling in reversed(spellings(text)):
            found = self._find_normalised(normalise(spelling))
            if found:
                return found
        return []

    def found_anywhere(self, texts: Iterable[str]) -> bool:
        """Return whether a term may be in any of ``texts``: one quick pass over many texts
        (it may answer yes for a term that spans two of them; :meth:`find` then decides)."""
        if self._anywhere is None:
            return False
        joined = SEPARATOR.join(texts)
        return any(self._anywhere.search(normalise(spelling))
                   for spelling in spellings(joined))

    def hits(self, text: str, document: str, part: str, field: str = "") -> list[Hit]:
        """Return the hits of ``text`` as located :class:`Hit`\\ s."""
        return [Hit(document, part, field, term, advice) for term, advice in self.find(text)]

    def _find_normalised(self, text: str) -> list[tuple[str, str]]:
        """Return the terms found in normalised ``text``: each term is tried only where
        some term starts (one pass finds those places), so a long text costs one pass,
        not one per term; a term found only inside a longer one is left out."""
        starts = self._starts(text)
        spans: dict[tuple[int, int], list[int]] = {}
        for start in starts:
            for index, (pattern, _, _) in enumerate(self.patterns):
                match = pattern.match(text, start)
                if match is not None:
                    spans.setdefault((start, match.end()), []).append(index)
        shown: set[int] = set()
        furthest = -1
        for (start, end), indexes in sorted(spans.items(), key=lambda s: (s[0][0], -s[0][1])):
            if end > furthest:  # not inside a longer span that starts before or here
                shown.update(indexes)
            furthest = max(furthest, end)
        return [self.patterns[index][1:] for index in sorted(shown)]

    def _starts(self, text: str) -> list[int]:
        """Return every place in normalised ``text`` where some term starts."""
        anywhere = self._anywhere
        if anywhere is None:
            return []
        starts = []
        match = anywhere.search(text)
        while match is not None:
            starts.append(match.start())
            match = anywhere.search(text, match.start() + 1)
        return starts


@lru_cache(maxsize=32)
def _compiled(terms: tuple[Term, ...]) -> tuple[list[tuple[re.Pattern[str], str, str]],
                                                re.Pattern[str] | None]:
    """Return each term's pattern with its text and advice (one pattern once), and one
    pattern that finds any of them."""
    sources: dict[str, Term] = {}
    for term in terms:
        pattern = term_pattern(term)
        if pattern is not None:
            sources.setdefault(pattern, term)
    patterns = [(whole_words(pattern), term.text, term.advice)
                for pattern, term in sources.items()]
    return patterns, whole_words(*sources) if sources else None


def scan_data(value: Any, matcher: Matcher, document: str, part: str = "data",
              path: str = "") -> list[Hit]:
    """Return the hits in every text field of a model (or list, or dict) with its path."""
    if isinstance(value, BaseModel):
        return [hit for name in type(value).model_fields
                for hit in scan_data(getattr(value, name), matcher, document, part,
                                     f"{path}.{name}" if path else name)]
    if isinstance(value, (list, tuple)):
        return [hit for i, item in enumerate(value)
                for hit in scan_data(item, matcher, document, part, f"{path}.{i}")]
    if isinstance(value, dict):
        return [hit for key, item in value.items()
                for hit in scan_data(item, matcher, document, part, f"{path}.{key}")]
    if isinstance(value, str):
        return matcher.hits(value, document, part, path)
    return []


def scan_bytes(data: bytes, format: str, matcher: Matcher, document: str) -> list[Hit]:
    """Return the hits in a rendered file's bytes ('docx', 'pdf' or 'html'), or in a
    picture's ('svg', 'png', 'jpeg'; its text and metadata)."""
    if format in IMAGE_FORMATS:
        return scan_image(data, matcher, document, "image")
    scanners = {"docx": _scan_docx, "pdf": _scan_pdf, "html": _scan_html}
    return scanners[format](data, matcher, document)


IMAGE_FORMATS = ("svg", "png", "jpg", "jpeg")
"""The picture formats :func:`scan_file` and :func:`scan_bytes` read the text of."""


def scan_image(data: bytes, matcher: Matcher, document: str, part: str) -> list[Hit]:
    """Return the hits in the text a picture carries: SVG text and attributes, PNG and JPEG
    metadata (text chunks, EXIF, XMP, comments); one hit for each term."""
    return [Hit(document, part, *found) for found in _image_hits(data, tuple(matcher.terms))]


@lru_cache(maxsize=32)
def _image_hits(data: bytes, terms: tuple[Term, ...]) -> tuple[tuple[str, str, str], ...]:
    """Return (field, term, advice) for each term in a picture's text, a term that is part
    of another found there left out (cached: the logo is the same in every document)."""
    matcher = Matcher(terms)
    texts = image_texts(data)
    if not matcher.found_anywhere(text for _, text in texts):
        return ()
    found: dict[str, tuple[str, str, str]] = {}
    for where, text in texts:
        for term, advice in matcher.find(text):
            found.setdefault(term, (where, term, advice))
    return tuple(hit for term, hit in found.items() if not _inside_another(term, found))


def scan_file(path: str | Path, terms: Iterable[Term | tuple[str, str]] | CaseKey) -> list[Hit]:
    """Return the hits in a rendered file on disk (.docx, .pdf, .html, or a picture), its
    name included::

        hits = scrdocs.guard.scan_file("out/minutes.pdf", load_case_key(Path(".")))

    :raises DataError: the file cannot be read, or is damaged (a file the guard cannot
        read is never taken for one that holds nothing).
    :raises ArgumentError: ``terms`` is neither a :class:`CaseKey` nor terms.
    """
    path = Path(path)
    if isinstance(terms, (str, bytes)) or not isinstance(terms, (CaseKey, Iterable)):
        raise ArgumentError(f"expected the case key (a CaseKey, or (term, advice) pairs) to "
                            f"scan {path.name} for, got {type(terms).__name__}; load it with "
                            "scrdocs.guard.load_case_key(folder)")
    matcher = Matcher(terms.terms() if isinstance(terms, CaseKey) else terms)
    hits = matcher.hits(path.name, path.name, "file name")
    format = path.suffix.lstrip(".").lower()
    if format in ("docx", "pdf", "html", *IMAGE_FORMATS):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError([Problem(path, None, "", f"cannot read the file: "
                                                     f"{exc.strerror}")]) from None
        try:
            hits += scan_bytes(data, format, matcher, path.name)
        except Exception as exc:  # noqa: BLE001 - whatever the reader met, it is damaged
            raise DataError([Problem(path, None, "", f"cannot be read as a .{format} file, "
                                     f"so it cannot be checked ({type(exc).__name__}: "
                                     f"{exc})")]) from None
    return hits


def _scan_docx(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    hits = []
    terms = tuple(matcher.terms)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if matcher.found_anywhere(names):
            hits += [hit for name in names
                     for hit in matcher.hits(name, document, "package", "member name")]
        for name in names:
            if name.endswith((".xml", ".rels")):
                hits += [Hit(document, name, *found)
                         for found in _part_hits(archive.read(name), terms)]
            elif name.startswith(("word/media/", "docProps/thumbnail")):
                hits += [Hit(document, name, *found)
                         for found in _image_hits(archive.read(name), terms)]
    return hits


@lru_cache(maxsize=32)
def _part_hits(xml: bytes, terms: tuple[Term, ...]) -> tuple[tuple[str, str, str], ...]:
    """Return (field, term, advice) for every protected term in one XML part of a .docx.

    Cached: the parts a Word template brings (its styles are most of a document's text) are
    the same in every document made from it, so each is read and matched once. The part's
    texts are first matched all at once; only a part where something is found is matched
    text by text, to say where.
    """
    matcher = Matcher(terms)
    root = etree.fromstring(xml)
    if not matcher.found_anywhere([*_paragraph_texts(root), *_xml_texts(xml)]):
        return ()
    return tuple((field, term, advice) for text, field in _docx_texts(root)
                 for term, advice in matcher.find(text))


_XML_ATTRIBUTE = re.compile(rb"""=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_TAG = re.compile(r"<[^>]*>")


def _xml_texts(xml: bytes) -> list[str]:
    """Return all the text of an XML part at once, for a quick first look: its attribute
    values, and its text with each tag a gap inside a word (so it finds whatever a reading
    of each text node on its own finds, and maybe more)."""
    values = b"\n".join(double or single for double, single in _XML_ATTRIBUTE.findall(xml))
    text = _XML_TAG.sub("-", re.sub(r">\s+<", "><", xml.decode("utf-8", errors="replace")))
    return [html.unescape(values.decode("utf-8", errors="replace")), html.unescape(text)]


def _paragraph_texts(root: Any) -> list[str]:
    """Return the text of each paragraph of an XML part, runs joined as Word shows them."""
    return [text for text, _ in _docx_texts(root, attributes=False)]


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PARAGRAPHS = (f"{_W}p", f"{_A}p")
_RUN_TEXTS = frozenset({f"{_W}t", f"{_W}delText", f"{_W}instrText", f"{_W}delInstrText",
                        f"{_A}t"})
_RUN_GAPS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
             f"{_W}noBreakHyphen": "-", f"{_W}softHyphen": "\u00ad", f"{_W}p": "\n",
             f"{_A}br": "\n", f"{_A}tab": "\t", f"{_A}p": "\n"}
"""What a paragraph shows between runs for each Word element that is not text: a tab,
a line break, a hyphen (a paragraph inside a paragraph, in a text box, starts a line)."""

_OPAQUE = re.compile(r"#?[0-9A-Fa-f]{6,}|\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-"
                     r"[0-9A-Fa-f]{12}\}?|[A-Za-z0-9+/=\r\n]{200,}")
"""Attribute values that are numbers, colours, ids or encoded data (long, with no space),
not words: never matched (a name of three hex letters, Ada or Dee, would otherwise turn
up in them, and any name in the random letters of base64)."""


_FIELD_CODES = frozenset({f"{_W}instrText", f"{_W}delInstrText"})

_VOCABULARY_ELEMENTS = frozenset({
    "rFonts", "font", "altName", "lsdException", "clrSchemeMapping", "compatSetting",
    "pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "numStyleLink", "styleLink",
    "latin", "ea", "cs", "sym", "mathFont"})
_VOCABULARY_ATTRIBUTES = frozenset({
    "typeface", "script", "panose", "pitchFamily", "charset", "styleId", "ContentType",
    "type", "Type", "themeColor", "themeFill", "uri"})
"""Word's own vocabulary, never matched: font names (a theme lists Latha, Mangal, Shruti
and Kartika, which are also people's names), style names and ids, content and
relationship types. A name is still found in alt text, link targets, field arguments,
bookmarks, authors and text."""

_FIELD_KEYWORDS = frozenset({
    "ADVANCE", "ASK", "AUTHOR", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "AUTOTEXT",
    "AUTOTEXTLIST", "BARCODE", "BIBLIOGRAPHY", "CITATION", "COMMENTS", "COMPARE",
    "CREATEDATE", "DATABASE", "DATE", "DISPLAYBARCODE", "DOCPROPERTY", "DOCVARIABLE",
    "EDITTIME", "EQ", "FILENAME", "FILESIZE", "FILLIN", "FORMCHECKBOX", "FORMDROPDOWN",
    "FORMTEXT", "GOTOBUTTON", "GREETINGLINE", "HYPERLINK", "IF", "INCLUDEPICTURE",
    "INCLUDETEXT", "INDEX", "INFO", "KEYWORDS", "LASTSAVEDBY", "LINK", "LISTNUM",
    "MACROBUTTON", "MERGEFIELD", "MERGEREC", "MERGESEQ", "NEXT", "NEXTIF", "NOTEREF",
    "NUMCHARS", "NUMPAGES", "NUMWORDS", "PAGE", "PAGEREF", "PRINT", "PRINTDATE", "PRIVATE",
    "QUOTE", "RD", "REF", "REVNUM", "SAVEDATE", "SECTION", "SECTIONPAGES", "SEQ", "SET",
    "SKIPIF", "STYLEREF", "SUBJECT", "SYMBOL", "TA", "TC", "TEMPLATE", "TIME", "TITLE", "TOA",
    "TOC", "USERADDRESS", "USERINITIALS", "USERNAME", "XE"})
"""The field types of Word (the first word of a field code: PAGE, NUMPAGES, HYPERLINK)."""

_FIELD_FORMAT = re.compile(r"\\\*\s*[A-Za-z]+|\\[A-Za-z@#!]")
_FIELD_TYPE = re.compile(r"\s*([A-Za-z]+)")


def _field_arguments(code: str) -> str:
    """Return a Word field code without its field type and switches ('PAGE',
    '\\* MERGEFORMAT', '\\h'), keeping its arguments (a link's address, a bookmark's name,
    a tooltip)."""
    code = _FIELD_FORMAT.sub(" ", code)
    field_type = _FIELD_TYPE.match(code)
    if field_type and field_type[1].upper() in _FIELD_KEYWORDS:
        code = code[:field_type.start(1)] + " " + code[field_type.end(1):]
    return code


def _paragraph_text(paragraph: Any) -> str:
    """Return a paragraph's text as Word shows it: runs joined, tabs and breaks as gaps,
    field codes by their arguments."""
    parts: list[str] = []
    code: list[str] = []
    for node in paragraph.iter(*_RUN_TEXTS, *_RUN_GAPS):
        if node is paragraph:
            continue
        if node.tag in _FIELD_CODES:
            code.append(node.text or "")
            continue
        if code:
            parts.append(f" {_field_arguments(''.join(code))} ")
            code = []
        parts.append(node.text or "" if node.tag in _RUN_TEXTS else _RUN_GAPS[node.tag])
    if code:
        parts.append(f" {_field_arguments(''.join(code))} ")
    return "".join(parts)


def _docx_texts(root: Any, attributes: bool = True) -> list[tuple[str, str]]:
    """Return the texts of one XML part: whole paragraphs (see :func:`_paragraph_text`),
    other text nodes, and every attribute value (alt text, link targets, field codes) that
    is not Word's own vocabulary (fonts, styles, types), an id, a colour or encoded data."""
    texts = []
    for number, paragraph in enumerate(root.iter(*_PARAGRAPHS), start=1):
        joined = _paragraph_text(paragraph)
        if joined.strip():
            texts.append((joined, f"paragraph {number}"))
    if not attributes:
        return texts
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if element.text and element.text.strip() and not element.tag.startswith(_W):
            texts.append((element.text, name))
        if name in _VOCABULARY_ELEMENTS or (name == "name" and _is_style_name(element)):
            continue
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname
            if local not in _VOCABULARY_ATTRIBUTES and not _OPAQUE.fullmatch(value):
                if local == "instr":
                    value = _field_arguments(value)
                texts.append((value, f"{name}@{local}"))
    return texts


def _is_style_name(element: Any) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == f"{_W}style"


_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTE = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DATA_URI = re.compile(r"data:([\w.+-]+/[\w.+-]+)?((?:;[\w.+=-]+)*),([^\"'\s()<>]*)",
                       re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"<(style|script)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'|url\(\s*([^)"']*)\)""")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\r\n\f]?|(.))", re.DOTALL)


def _css_unescape(text: str) -> str:
    """Return a CSS string as a browser shows it: ``content: "\\4D ia"`` shows 'Mia'."""
    def character(escape: re.Match[str]) -> str:
        if escape[1] is None:
            return "" if escape[2] == "\n" else escape[2]
        code = int(escape[1], 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(character, text) if "\\" in text else text


_LAYOUT_ATTRIBUTES = frozenset({
    "class", "style", "dir", "lang", "xml:lang", "charset", "http-equiv", "rel", "type",
    "media", "width", "height", "x", "y", "cx", "cy", "r", "rx", "ry", "x1", "x2", "y1", "y2",
    "d", "points", "viewbox", "transform", "role", "fill", "fill-opacity", "stroke",
    "stroke-width", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "opacity", "colspan", "rowspan", "scope", "version"})
"""HTML and SVG attributes that lay out, not say: class names, CSS, sizes, fonts (a style's
own strings and addresses are still read)."""


def _scan_html(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    """Return the hits in an HTML page: its text (a tag is a gap inside a word, so
    ``Fin<em>ley</em>`` reads as one), each attribute that says something (link targets,
    alt text, ids, metadata; not class names or layout), the strings and addresses in its
    CSS and scripts (not their keywords: a family called White is not in ``color: white``),
    the text of its comments (the page's source shows them), and the content of each data:
    URI (an SVG's text, a picture's metadata) instead of its encoded form."""
    text = data.decode("utf-8", errors="replace")
    hits: list[Hit] = []

    def embedded(match: re.Match[str]) -> str:
        hits.extend(_data_uri_hits(match, matcher, document))
        return " "

    text = _DATA_URI.sub(embedded, text)
    code = [match[2] for match in _STYLE_BLOCK.finditer(text)]
    text = _STYLE_BLOCK.sub(" ", text)
    comments = _COMMENT.findall(text)
    hits += matcher.hits(html.unescape(_TAG.sub("-", text)), document, "text")
    values = []
    for name, double, single in _ATTRIBUTE.findall(text):
        value = html.unescape(double or single)
        if name.lower() == "style":
            code.append(value)
        elif name.lower() not in _LAYOUT_ATTRIBUTES and value and not _OPAQUE.fullmatch(value):
            values.append(value)
    strings = [_css_unescape(string) for css in code for match in _CSS_STRING.findall(css)
               for string in match if string]
    for part, texts in (("attribute", values), ("style", strings), ("comment", comments)):
        if matcher.found_anywhere(texts):
            hits += [hit for value in texts for hit in matcher.hits(value, document, part)]
    return hits


def _data_uri_hits(match: re.Match[str], matcher: Matcher, document: str) -> list[Hit]:
    """Return the hits in what a data: URI holds; fonts are not read."""
    import base64
    import binascii
    import urllib.parse

    media, parameters, payload = (match.group(1) or "text/plain").lower(), match.group(2), \
        match.group(3)
    if media.startswith(("font/", "application/font", "application/x-font")):
        return []
    try:
        content = base64.b64decode(payload) if ";base64" in parameters.lower() \
            else urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return matcher.hits(payload, document, "attribute", "data: URI")
    if media.startswith("image/"):
        return scan_image(content, matcher, document, f"embedded {media}")
    return matcher.hits(content.decode("utf-8", errors="replace"), document,
                        f"embedded {media}")


ANNOTATION_TEXTS = {"/Contents": "comment", "/RC": "comment", "/T": "comment author",
                    "/Subj": "comment subject", "/V": "form field", "/TU": "form field"}
"""The text a PDF annotation (a comment, a form field) carries, shown by a PDF reader and
joined into a pack with its page."""


def _scan_pdf(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    hits = []
    for number, page in enumerate(reader.pages, start=1):
        hits += matcher.hits(page.extract_text() or "", document, f"page {number}")
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                hits += matcher.hits(str(action["/URI"]), document, f"page {number}", "link")
            for key, part in ANNOTATION_TEXTS.items():
                if key in annotation:
                    hits += matcher.hits(str(annotation[key]), document, f"page {number}",
                                         part)
        for image in _jpeg_images(page):
            hits += scan_image(image, matcher, document, f"page {number} image")
    for key, value in (reader.metadata or {}).items():
        hits += matcher.hits(str(value), document, "metadata", key.lstrip("/"))
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8", errors="replace")
        hits += matcher.hits(html.unescape(xmp), document, "XMP metadata")
    for title in _outline_titles(reader.outline):
        hits += matcher.hits(title, document, "bookmarks")
    destinations = list(_destination_names(reader))
    if matcher.found_anywhere(destinations):
        hits += [hit for name in destinations
                 for hit in matcher.hits(name, document, "link destinations")]
    if "/StructTreeRoot" in root:
        for alt in _alt_texts(root["/StructTreeRoot"].get_object()):
            hits += matcher.hits(alt, document, "alt text")
    return hits


def _destination_names(reader: Any) -> list[str]:
    """Return the names of a PDF's link destinations (an HTML id becomes one)."""
    try:
        return [str(name) for name in reader.named_destinations]
    except Exception:  # a damaged name tree hides no text worth a crash  # noqa: BLE001
        return []


def _jpeg_images(page: Any) -> list[bytes]:
    """Return the JPEG pictures drawn on a PDF page as stored (a JPEG is kept whole in a
    PDF, metadata and all; other pictures are stored as bare pixels)."""
    images = []
    try:
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        for reference in objects.values():
            image = reference.get_object()
            filters = image.get("/Filter")
            filters = filters if isinstance(filters, list) else [filters]
            if image.get("/Subtype") == "/Image" and "/DCTDecode" in filters:
                images.append(bytes(image._data))
    except Exception:  # noqa: BLE001 - an unreadable picture carries no readable text
        return images
    return images


def _outline_titles(outline: Any) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        else:
            titles.append(str(entry.title))
    return titles


def _alt_texts(node: Any, depth: int = 0) -> list[str]:
    if depth > 200:
        return []
    found = []
    if hasattr(node, "get"):
        for key in ("/Alt", "/ActualText", "/T"):
            if key in node:
                found.append(str(node[key]))
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object() if hasattr(kids, "get_object") else kids
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object() if hasattr(kid, "get_object") else kid
                found += _alt_texts(kid, depth + 1)
    return found
