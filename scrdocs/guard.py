"""The anonymisation guard: what the private case key names never reaches an output.

Takes a workspace's ``case-key.yaml`` (real names with their pseudonyms, and identifiers
such as a school or a street) and any text-bearing thing — the data, a rendered .docx (body,
headers, footers, footnotes, comments, core properties, alt text, link targets), an HTML
file, a PDF (page text, metadata and XMP, bookmarks, alt text, link targets) and output file
names; produces the list of hits, each with its document, part and field. Matching ignores
case and joins text split across Word runs. The case key itself is never rendered.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import BaseModel, Field

from .errors import DataError, ScrdocsError, _display_path
from .model import Model, Text

CASE_KEY = "case-key.yaml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class CaseKeyName(Model):
    """A real name and the pseudonym published in its place."""

    real: Text
    pseudonym: Text | None = None


class CaseKey(Model):
    """The private key of a workspace: what must never be published."""

    names: list[CaseKeyName] = []
    identifiers: list[Text] = Field(default=[], description="Schools, streets, dates of birth, …")

    def terms(self) -> list[tuple[str, str]]:
        """Return every protected term with the advice shown when it is found."""
        terms = [(name.real, f"a real name in {CASE_KEY}" + (
            f"; publish it as '{name.pseudonym}'" if name.pseudonym else ""))
            for name in self.names]
        terms += [(identifier, f"an identifier listed in {CASE_KEY}")
                  for identifier in self.identifiers]
        return terms


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
    folded = [term.casefold() for term in terms]
    by_advice: dict[str, list[str]] = {}
    for term, advice in terms.items():
        if not any(term.casefold() in other and term.casefold() != other for other in folded):
            by_advice.setdefault(advice, []).append(f"'{term}'")
    return "contains " + "; ".join(f"{', '.join(found)} ({advice})"
                                   for advice, found in by_advice.items())


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

    :raises DataError: when ``case-key.yaml`` is not valid.
    """
    from ._yaml import read_file
    from .validation import validate

    path = root / CASE_KEY
    if not path.is_file():
        return None
    key, problems = validate(CaseKey, read_file(path))
    if problems or key is None:
        raise DataError(problems)
    return key


class Matcher:
    """Find protected terms in text: case-insensitive, whole words, any spacing."""

    def __init__(self, terms: list[tuple[str, str]]) -> None:
        self.terms = terms
        self.patterns = [
            (re.compile(r"(?<!\w)" + r"\s+".join(re.escape(_fold(word))
                                                 for word in term.split()) + r"(?!\w)"),
             term, advice)
            for term, advice in terms if term.strip()]

    def find(self, text: str) -> list[tuple[str, str]]:
        """Return (term, advice) for every protected term in ``text``."""
        folded = _fold(text)
        return [(term, advice) for pattern, term, advice in self.patterns
                if pattern.search(folded)]

    def hits(self, text: str, document: str, part: str, field: str = "") -> list[Hit]:
        """Return the hits of ``text`` as located :class:`Hit`\\ s."""
        return [Hit(document, part, field, term, advice) for term, advice in self.find(text)]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


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
    """Return the hits in a rendered file's bytes ('docx', 'pdf' or 'html')."""
    scanners = {"docx": _scan_docx, "pdf": _scan_pdf, "html": _scan_html}
    return scanners[format](data, matcher, document)


def scan_file(path: str | Path, terms: list[tuple[str, str]] | CaseKey) -> list[Hit]:
    """Return the hits in a rendered file on disk, its name included::

        hits = scrdocs.guard.scan_file("out/minutes.pdf", load_case_key(Path(".")))
    """
    path = Path(path)
    matcher = Matcher(terms.terms() if isinstance(terms, CaseKey) else terms)
    hits = matcher.hits(path.name, path.name, "file name")
    format = path.suffix.lstrip(".").lower()
    if format in ("docx", "pdf", "html"):
        hits += scan_bytes(path.read_bytes(), format, matcher, path.name)
    return hits


def _scan_docx(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    hits = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                hits += [Hit(document, name, *found)
                         for found in _part_hits(archive.read(name), tuple(matcher.terms))]
    return hits


@lru_cache(maxsize=32)
def _part_hits(xml: bytes, terms: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """Return (field, term, advice) for every protected term in one XML part of a .docx.

    Cached: the parts a Word template brings (its styles are most of a document's text) are
    the same in every document made from it, so each is read and matched once.
    """
    matcher = Matcher(list(terms))
    return tuple((field, term, advice) for text, field in _docx_texts(etree.fromstring(xml))
                 for term, advice in matcher.find(text))


def _docx_texts(root: Any) -> list[tuple[str, str]]:
    """Return the texts of one XML part: whole paragraphs (runs joined), other text
    nodes, and every attribute value (alt text, link targets)."""
    texts = []
    for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
        joined = "".join(node.text or "" for node in paragraph.iter(f"{_W}t", f"{_W}delText",
                                                                    f"{_W}instrText"))
        if joined:
            texts.append((joined, f"paragraph {number}"))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and element.text.strip() and not element.tag.startswith(_W):
            texts.append((element.text, etree.QName(element).localname))
        for attribute, value in element.attrib.items():
            where = f"{etree.QName(element).localname}@{etree.QName(attribute).localname}"
            texts.append((value, where))
    return texts


def _scan_html(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    text = data.decode("utf-8", errors="replace")
    hits = matcher.hits(html.unescape(re.sub(r"<[^>]+>", " ", text)), document, "text")
    for attribute in re.findall(r"""\s[\w:-]+=(?:"([^"]*)"|'([^']*)')""", text):
        value = html.unescape(attribute[0] or attribute[1])
        hits += matcher.hits(value, document, "attribute")
    return hits


def _scan_pdf(data: bytes, matcher: Matcher, document: str) -> list[Hit]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    hits = []
    for number, page in enumerate(reader.pages, start=1):
        hits += matcher.hits(page.extract_text() or "", document, f"page {number}")
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                hits += matcher.hits(str(action["/URI"]), document, f"page {number}", "link")
    for key, value in (reader.metadata or {}).items():
        hits += matcher.hits(str(value), document, "metadata", key.lstrip("/"))
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8", errors="replace")
        hits += matcher.hits(html.unescape(xmp), document, "XMP metadata")
    for title in _outline_titles(reader.outline):
        hits += matcher.hits(title, document, "bookmarks")
    if "/StructTreeRoot" in root:
        for alt in _alt_texts(root["/StructTreeRoot"].get_object()):
            hits += matcher.hits(alt, document, "alt text")
    return hits


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
