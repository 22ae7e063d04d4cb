"""``scrdocs check``: one pre-flight before publishing, for people and for CI.

Takes a workspace; validates it, renders every document to memory in Word, PDF and HTML (the
anonymisation guard runs on each, as it does when they are built), checks the Word and PDF
outputs for what accessible publishing needs, and checks the content for governance slips.
Produces a :class:`Report` whose errors block publishing and whose warnings are for a person
to judge. Nothing is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .bilingual import LAYOUT_TABLE, language_name
from .errors import DataError, ScrdocsError
from .guard import CASE_KEY, DisclosureError, Hit, leak_messages
from .kinds import Agenda, CommitteeReport, Document
from .workspace import Workspace, load_workspace

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_LEVELS = {"Title": 0, "Heading1": 1, "Heading2": 2, "Heading3": 3, "Heading4": 4}


@dataclass
class Report:
    """What ``check`` found: errors block publishing, warnings need a person's judgement."""

    errors: list[str] = field(default_factory=list)
    """Each a message; a line after its first that starts with spaces continues it."""
    warnings: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What could not be checked here, and why (no LibreOffice to lay out the Word files)."""
    hits: list[Hit] = field(default_factory=list)
    """Every place an output would disclose what the case key protects; each place in the
    data is one of :attr:`errors`, however many outputs it reaches."""

    @property
    def ok(self) -> bool:
        """Return whether nothing blocks publishing."""
        return not self.errors

    @property
    def exit_code(self) -> int:
        """Return the exit code for this report: 0 when ready to publish, that of
        :class:`~scrdocs.guard.DisclosureError` (6) when anything would disclose what the case
        key protects, else 1."""
        if self.ok:
            return 0
        return DisclosureError.exit_code if self.hits else 1


NO_CASE_KEY = (
    f"there is no {CASE_KEY}, so nothing stops a real name from being published; copy "
    "case-key.example.yaml (written by `scrdocs new`) to case-key.yaml beside scrdocs.yaml "
    "and list the real names, identifiers and dates of birth behind each review "
    "(`scrdocs schema case-key` describes every field)")
"""The warning for a workspace that keeps no case key."""


def check_workspace(path: str | Path = ".", word_layout: bool = True) -> Report:
    """Return the pre-flight report of the workspace at ``path``::

        report = scrdocs.check.check_workspace("data/haringey")
        assert report.ok, report.errors

    :param word_layout: also check the pages of each .docx as LibreOffice lays it out, when
        LibreOffice is installed (:mod:`scrdocs.finish`).
    """
    report = Report()
    try:
        workspace = load_workspace(path)
    except DataError as exc:
        report.errors += [str(problem) for problem in exc.problems]
        return report
    if workspace.case_key is None:
        report.warnings.append(NO_CASE_KEY)
    from .render import output_names

    outputs: dict[str, dict[str, bytes]] = {}
    report.warnings += one_language_texts(workspace)
    if "bilingual" in workspace.organisation.model_fields_set and not workspace.is_bilingual:
        report.warnings.append(
            f"scrdocs.yaml: `bilingual: {workspace.organisation.bilingual.value}` has no "
            "effect: the profile publishes in one language (list them: `languages: [cy, en]`)")
    for name, document in workspace.documents.items():
        for language, stem in output_names(workspace, name):
            outputs[stem] = _check_document(name, document, workspace, report, language, stem)
        report.errors += [f"documents/{name}: {e}" for e in unfinished(document, workspace)]
        report.warnings += [f"documents/{name}: {w}" for w in governance(document, workspace)]
        if isinstance(document, Agenda):
            _check_pack(name, workspace, report)
    _check_finish(workspace, outputs, report, word_layout)
    report.errors[:0] = leak_messages(report.hits)
    return report


def _check_pack(name: str, workspace: Workspace, report: Report) -> None:
    """Add what stops an agenda's pack from being published: an appendix that cannot be
    used, or that is not tagged (it makes the pack inaccessible) (:mod:`scrdocs.pack`)."""
    from .pack import pack_problems

    errors, warned = pack_problems(workspace, name)
    report.errors += errors
    report.warnings += warned


def _check_document(name: str, document: Document, workspace: Workspace, report: Report,
                    language: str | None, stem: str) -> dict[str, bytes]:
    """Render one output of a document in every format as a build names and guards it (its
    file names included), add what stops each from being published to ``report``, and return
    them for the finish checks.

    :param language: the language of the version to check, for a bilingual document laid
        out separate; ``None`` otherwise.
    :param stem: the output's name without its suffix, as
        :func:`~scrdocs.render.output_names` gives it: 'report', or a version's 'report.cy'.
    """
    from .limits import shorten
    from .render import organisation_name, render_for_path

    title = shorten(workspace.in_language(language).organisation.name if language
                    else organisation_name(workspace))
    outputs: dict[str, bytes] = {}
    for format, checker in (("docx", docx_problems), ("pdf", pdf_problems), ("html", None)):
        try:
            data = render_for_path(document, workspace, Path(f"{stem}.{format}"), format,
                                   language=language)
        except DisclosureError as exc:
            report.hits += exc.hits
            continue
        except ScrdocsError as exc:
            if checker is not None:  # the HTML page's errors are the PDF's, reported there
                report.errors += _messages(f"documents/{name} ({format}): ", exc.lines())
            continue
        report.checked.append(f"{stem}.{format}")
        outputs[format] = data
        if checker is None:  # the HTML page is guarded only: the PDF is made from it
            report.warnings += _unannounced(workspace, stem, language, data)
            continue
        report.errors += [f"{stem}.{format}: {problem}"
                          for problem in checker(data, title)]
    return outputs


def one_language_texts(workspace: Workspace) -> list[str]:
    """Return a warning for each review and document of a bilingual workspace with prose in one
    language only: text of several words the same in every language (a name, a place or a
    number reads the same; a sentence seldom does), listed by file and field."""
    if not workspace.is_bilingual:
        return []
    from .bilingual import one_language_fields

    found = []
    for path in [*workspace.review_files.values(), *workspace.document_files.values()]:
        fields = one_language_fields(path, workspace.languages)
        if fields:
            shown = ", ".join(fields[:5]) + (f" and {len(fields) - 5} more"
                                             if len(fields) > 5 else "")
            found.append(f"{path.parent.name}/{path.name}: reads the same in "
                         f"{' and '.join(language_name(l) for l in workspace.languages)} in "
                         f"{shown}; give each as {{{': …, '.join(workspace.languages)}: …}} "
                         "unless it is a name")
    return found


def _unannounced(workspace: Workspace, stem: str, language: str | None,
                 html: bytes) -> list[str]:
    """Return a warning when a version of a bilingual document in one language does not
    say that the other exists ('This document is available in Welsh'), as the Welsh
    Language Standards ask: a template that leaves the line out."""
    if not workspace.is_bilingual or language is None:
        return []
    from .i18n import available_in, use_language

    text = _squeezed(_html_text(html))
    found = []
    for other in (other for other in workspace.languages if other != language):
        with use_language(language):
            line = available_in(other)
        if _squeezed(line) not in text:
            found.append(f"{stem}.html: does not say it is available in "
                         f"{language_name(other)} ('{line}'); keep `document.available_in` "
                         "in the template")
    return found


def _html_text(html: bytes) -> str:
    """Return the text of an HTML page's body."""
    from lxml import html as lxml_html

    return str(lxml_html.document_fromstring(html).xpath("string(//body)"))


def _squeezed(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _messages(prefix: str, lines: list[str]) -> list[str]:
    """Return an error's lines as messages, each starting with ``prefix``; a line that starts
    with spaces continues the message before it."""
    messages: list[str] = []
    for line in lines:
        if line[:1].isspace() and messages:
            messages[-1] += "\n" + line
        else:
            messages.append(prefix + line)
    return messages


def docx_problems(data: bytes, organisation: str) -> list[str]:
    """Return what keeps a .docx from being publishable: metadata, hidden content, structure."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = {name: etree.fromstring(archive.read(name)) for name in names
                 if name.endswith(".xml")}
    problems += _docx_core_problems(parts.get("docProps/core.xml"), organisation)
    if any("comments" in name for name in names):
        problems.append("the document carries a comments part")
    for name, root in parts.items():
        for tag, what in (("ins", "tracked insertions"), ("del", "tracked deletions"),
                          ("vanish", "hidden text")):
            if root.find(f".//{_W}{tag}") is not None:
                problems.append(f"{name} holds {what}")
    styles = parts.get("word/styles.xml")
    if styles is None or styles.find(f".//{_W}docDefaults//{_W}lang") is None:
        problems.append("no document language is set (w:lang)")
    body = parts.get("word/document.xml")
    if body is not None:
        problems += _docx_structure_problems(body)
    return problems


def _docx_core_problems(core: Any, organisation: str) -> list[str]:
    if core is None:
        return ["no core properties"]
    values = {etree.QName(element).localname: (element.text or "") for element in core}
    problems = []
    if not values.get("title", "").strip():
        problems.append("the document has no title in its properties")
    for key in ("creator", "lastModifiedBy"):
        if values.get(key, "") not in ("", organisation):
            problems.append(f"the {key} property names '{values[key]}', not the organisation")
    return problems


def _docx_structure_problems(body: Any) -> list[str]:
    problems = []
    levels = []
    for style in body.iter(f"{_W}pStyle"):
        level = _HEADING_LEVELS.get(style.get(f"{_W}val", ""))
        if level is not None:
            levels.append(level)
    problems += heading_skips(levels, "Heading")
    for picture in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                             "wordprocessingDrawing}docPr"):
        if not picture.get("descr", "").strip():
            problems.append(f"image '{picture.get('name', '?')}' has no alt text")
    for table in body.iter(f"{_W}tbl"):
        first_row = table.find(f"{_W}tr")
        columns = len(table.findall(f"{_W}tblGrid/{_W}gridCol"))
        if columns < 2 or len(table.findall(f"{_W}tr")) < 2:
            continue  # one column or one row (a box, a masthead) is layout, not data
        description = table.find(f"{_W}tblPr/{_W}tblDescription")
        if description is not None and description.get(f"{_W}val") == LAYOUT_TABLE:
            continue  # languages side by side
        if first_row is not None and first_row.find(f"{_W}trPr/{_W}tblHeader") is None:
            problems.append("a data table has no repeating header row")
    return problems


def heading_skips(levels: list[int], prefix: str = "H") -> list[str]:
    """Return a problem for every heading that skips a level (H1 then H3)."""
    problems = []
    previous = 0
    for level in levels:
        if level > previous + 1:
            problems.append(f"a {prefix} {level} follows a {prefix} {previous}: "
                            "heading levels must not be skipped")
        previous = level
    return problems


def pdf_problems(data: bytes, organisation: str = "") -> list[str]:
    """Return what keeps a PDF from being accessible: tags, language, title, fonts, headings."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    problems = []
    mark_info = root.get("/MarkInfo")
    if not (mark_info and mark_info.get("/Marked")):
        problems.append("the PDF is not tagged (/MarkInfo /Marked)")
    if not str(root.get("/Lang", "")).strip():
        problems.append("the PDF has no document language (/Lang)")
    if not str((reader.metadata or {}).get("/Title", "")).strip():
        problems.append("the PDF has no title")
    preferences = root.get("/ViewerPreferences")
    if not (preferences and preferences.get("/DisplayDocTitle")):
        problems.append("the PDF does not ask viewers to show its title (DisplayDocTitle)")
    problems += [f"font {font} is not embedded" for font in _unembedded_fonts(reader)]
    if "/StructTreeRoot" in root:
        levels = [int(tag[2]) for tag in structure_tags(root["/StructTreeRoot"])
                  if re.fullmatch(r"/H[1-6]", tag)]
        problems += heading_skips(levels)
    return problems


def structure_tags(node: Any, depth: int = 0) -> list[str]:
    """Return the structure types of a PDF structure tree in reading order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if depth > 300 or not hasattr(node, "get"):
        return []
    tags = [str(node["/S"])] if "/S" in node else []
    kids = node.get("/K")
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
        tags += structure_tags(kid, depth + 1)
    return tags


def _unembedded_fonts(reader: Any) -> list[str]:
    missing = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                          "/FontFile3")):
                    missing.add(str(target.get("/BaseFont", "?")))
    return sorted(missing)


_PUBLISHED = re.compile(r"\bpublished\b", re.IGNORECASE)
_NOT_PUBLISHED = re.compile(r"not (yet )?(been )?published|unpublished|yet to be published|"
                            r"could not be published|until|before .{0,20}published",
                            re.IGNORECASE)


def unfinished(document: Document, workspace: Workspace) -> list[str]:
    """Return why a document is not ready to publish whatever its pages look like: minutes
    (or the resolution list drawn from them) with items not minuted yet are a draft."""
    from .kinds import Minutes, ResolutionList
    from .kinds.minutes import unminuted_items

    resolved = workspace.resolve(document)
    if isinstance(resolved, ResolutionList) and resolved.meeting:
        resolved = Minutes(meeting=resolved.meeting, items=resolved.items)
    if not isinstance(resolved, Minutes):
        return []
    items = unminuted_items(resolved)
    if not items:
        return []
    return [(f"not ready to publish: {'an item is' if len(items) == 1 else 'items are'} not "
             f"minuted yet, so every page says DRAFT: {'; '.join(items)} (write its minutes, "
             "or take it out)")]


def governance(document: Document, workspace: Workspace) -> list[str]:
    """Return the governance slips in one document (for a person to judge)."""
    warnings = []
    if isinstance(document, CommitteeReport) and not document.item.recommendations:
        warnings.append("the committee report makes no recommendations")
    if document.bilingual is not None and not workspace.is_bilingual:
        warnings.append(f"`bilingual: {document.bilingual.value}` has no effect: scrdocs.yaml "
                        "publishes in one language (list them: `languages: [cy, en]`)")
    texts = list(_texts(document))
    for review_id, review in workspace.reviews_for(workspace.resolve(document)).items():
        if review.is_published or not review.name:
            continue
        for text in texts:
            for sentence in re.split(r"(?<=[.;!?])\s+", text):
                if review.name in sentence and _PUBLISHED.search(sentence) \
                        and not _NOT_PUBLISHED.search(sentence):
                    warnings.append(f"describes review '{review_id}' as published, but it "
                                    f"has no published date: \"{sentence.strip()[:120]}\"")
    return warnings


def _texts(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def _check_finish(workspace: Workspace, outputs: dict[str, dict[str, bytes]], report: Report,
                  word_layout: bool) -> None:
    """Add the finish of the pages (:mod:`scrdocs.finish`) to ``report``."""
    from .finish import check_outputs

    finish = check_outputs(workspace, outputs, word_layout)
    report.errors += [str(finding) for finding in finish.errors]
    report.warnings += [str(finding) for finding in finish.warnings]
    report.notes += finish.notes
