"""The agenda pack: one accessible PDF of a meeting's agenda and every paper it takes.

Takes an agenda document of a workspace; produces one PDF: the front sheet and contents,
the agenda, then each item's committee report (the workspace build's own PDF, rendered only
when it is out of date) and appendices (PDFs in the workspace, or Word files converted with
LibreOffice), in agenda order. Every page is stamped with its number in the pack ("Page 12",
marked as page furniture for screen readers) and the PDF's page labels say the same, so
the page a councillor's app shows is the page printed. The contents list and the agenda's
item lines give and link to the page of each paper; bookmarks lead to each item and
appendix. The structure trees of the generated parts (and of tagged appendices) are joined,
so the pack stays tagged PDF/UA; an appendix that is not tagged is merged with a warning,
and ``scrdocs check`` reports it as making the pack inaccessible.

The public pack leaves out Part B items' papers (their agenda line says why); a restricted
pack carries them and says on its front and every page that it is not for publication. A
supplementary pack carries the items of one supplement, numbered on from the main pack.

A pack is rebuilt only when something it is made from has changed (the agenda, the minutes
it uses, the reports' PDFs, the appendices, the templates, the options); it is written
atomically, and nothing is written when any paper is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ._pdfjoin import StructureJoiner, stamp_pages
from .appendices import appendix_problem, convert_word, is_tagged, read_pdf
from .errors import DataError, Problem, RenderError, ScrdocsWarning
from .i18n import N_, gettext, use_language
from .kinds._papers import Appendix, PaperItem
from .kinds.agenda import Agenda, item_numbers, report_title

if TYPE_CHECKING:
    from .workspace import Workspace

PACK_PAGE_LIMIT = 1500
"""The most pages a pack may run to: past it, split the business into supplements."""

PAGE_LINK = "https://pack.scrdocs.invalid/page/"
"""Where the generated front links a page of the pack; the link is made to point inside the
pack when the parts are joined (``.invalid`` names no real site)."""

MANIFEST = ".scrdocs-pack.json"
"""The file, in the output folder, that records what each pack was made from."""

# Translators: stamped on every page in a font holding only A-Z, a-z, digits, space and '–'.
RESTRICTED_STAMP = N_("NOT FOR PUBLICATION")
"""What a restricted pack says at the top of every page."""


class PackWarning(ScrdocsWarning):
    """Something about a pack a person should know: an appendix that is not tagged."""


@dataclass(frozen=True)
class Paper:
    """One paper of the pack: an item's report or one of its appendices, as PDF."""

    number: str
    item_title: str
    kind: str
    """``report`` or ``appendix``."""
    title: str
    source: str
    """Where it comes from, as people name it: documents/report.yaml or appendices/x.pdf."""
    pdf: bytes = field(repr=False)
    pages: int
    tagged: bool
    appendix: int = 0
    """The appendix's number (1, 2 …); 0 for a report."""

    @property
    def bookmark(self) -> str:
        """Return the paper's bookmark: 'Appendix 1: Action plan', or 'Report: …'."""
        if self.kind == "appendix":
            return gettext("Appendix {number}: {title}").format(number=self.appendix,
                                                                 title=self.title)
        return gettext("Report: {title}").format(title=self.title)


@dataclass
class PackResult:
    """What :func:`make_pack` did: the file, its pages, and what a person should know."""

    path: Path
    pages: int
    first: int
    """The number of the pack's first page (1, or on from the main pack for a supplement)."""
    written: bool
    """False when the pack was up to date and left as it was."""
    untagged: list[str] = field(default_factory=list)
    """The appendices merged without tags: they make the pack fail PDF/UA."""
    papers: list[Paper] = field(default_factory=list)

    @property
    def last(self) -> int:
        """Return the number of the pack's last page."""
        return self.first + self.pages - 1


@dataclass
class _Plan:
    """The papers of one pack, in order, and the items it lists."""

    agenda: Agenda
    name: str
    items: list[tuple[int, PaperItem, str]]
    papers: list[Paper]
    restricted: bool
    supplement: int | None
    omitted: dict[str, str]
    """Items listed whose papers are left out, by number, with why."""


def pack_path(workspace: Workspace, name: str, restricted: bool = False,
              supplement: int | None = None) -> Path:
    """Return where a pack is written by default: the workspace's ``out/`` folder, named
    after the agenda: ``agenda-pack.pdf``, ``agenda-pack-restricted.pdf``,
    ``agenda-supplement-1.pdf``."""
    stem = f"{name}-supplement-{supplement}" if supplement else f"{name}-pack"
    return (workspace.root or Path.cwd()) / "out" / f"{stem}{'-restricted' * restricted}.pdf"


def make_pack(workspace: Workspace, name: str, output: str | Path | None = None, *,
              restricted: bool = False, supplement: int | None = None,
              jobs: int | None = None, template_dir: str | Path | None = None,
              force: bool = False) -> PackResult:
    """Make the agenda pack of the agenda document ``name`` and write it to ``output``
    (default: :func:`pack_path`)::

        result = make_pack(load_workspace("data/thurrock"), "agenda-2015-06-09")
        print(result.path, result.pages)

    :param restricted: include the Part B items' papers, and mark the pack restricted.
    :param supplement: make supplementary pack ``supplement`` (the items that say
        ``supplement: N``), its pages numbered on from the main pack's.
    :param jobs: reports rendered at once, as for ``scrdocs build``.
    :param force: make the pack even when it is up to date.
    :raises DataError: naming the file and field of each paper that cannot be used (a
        report or appendix missing, not a PDF or Word file, encrypted, damaged or too
        large), or a pack longer than :data:`PACK_PAGE_LIMIT` pages; nothing is written.
    """
    with use_language(workspace.organisation.language):
        return _make_pack(workspace, name, output, restricted=restricted,
                          supplement=supplement, jobs=jobs, template_dir=template_dir,
                          force=force)


def _make_pack(workspace: Workspace, name: str, output: str | Path | None, *,
               restricted: bool, supplement: int | None, jobs: int | None,
               template_dir: str | Path | None, force: bool) -> PackResult:
    agenda = _agenda(workspace, name)
    target = Path(output) if output else pack_path(workspace, name, restricted, supplement)
    target.parent.mkdir(parents=True, exist_ok=True)
    out = (workspace.root or Path.cwd()) / "out"
    dirs = _template_dirs(workspace, template_dir)
    reports = _built_reports(workspace, agenda, out, jobs, template_dir)
    key = _key(workspace, name, agenda, reports, restricted, supplement, dirs)
    manifest = _Manifest(target.parent)
    if not force and manifest.fresh(target, key):
        return PackResult(target, manifest.entry(target)["pages"],
                          manifest.entry(target)["first"], written=False,
                          untagged=manifest.entry(target).get("untagged", []))
    plan = _plan(workspace, name, agenda, reports, restricted, supplement, out)
    first = 1
    if supplement is not None:
        main = _plan(workspace, name, agenda, reports, restricted, None, out)
        first = _pages_of(workspace, main, dirs, 1) + 1
    front, agenda_page = _settled_front(workspace, plan, dirs, first,
                                        manifest.guess(target))
    total = _page_count(front) + sum(paper.pages for paper in plan.papers)
    _check_length(workspace, name, total)
    data = assemble(front, agenda_page, plan, first, workspace.organisation.language)
    from .render import input_files, write_atomic
    write_atomic(target, data, [*input_files(workspace, template_dir),
                                *_pack_inputs(workspace, agenda, reports)])
    untagged = [paper.source for paper in plan.papers if not paper.tagged]
    for source in untagged:
        warnings.warn(PackWarning(
            f"{source} is not a tagged PDF: it is merged as it is, and makes the pack fail "
            "PDF/UA (screen readers cannot follow it); export it again as a tagged PDF "
            "(Word: Save as PDF with 'Document structure tags for accessibility')"),
            stacklevel=2)
    manifest.record(target, key, total, first, _page_count(front), agenda_page, untagged)
    return PackResult(target, total, first, True, untagged, plan.papers)


# --- what goes in -------------------------------------------------------------------------

def _agenda(workspace: Workspace, name: str) -> Agenda:
    document = workspace.documents.get(name)
    if not isinstance(document, Agenda):
        agendas = sorted(n for n, d in workspace.documents.items() if isinstance(d, Agenda))
        raise DataError([Problem(workspace.document_files.get(name), None, "kind", (
            f"'{name}' is not an agenda document; a pack is made from an agenda (kind: "
            f"agenda); agendas here: {', '.join(agendas) or '(none)'}"))])
    resolved = workspace.resolve(document)
    assert isinstance(resolved, Agenda)
    return resolved


def _template_dirs(workspace: Workspace, template_dir: str | Path | None) -> tuple[Path, ...]:
    from .templating import template_dirs
    return template_dirs(workspace.root, Path(template_dir) if template_dir else None)


def _pack_inputs(workspace: Workspace, agenda: Agenda, reports: dict[str, Path]) -> list[Path]:
    """Return the files a pack reads besides the workspace's own inputs: every appendix of
    the agenda and every report's PDF, which the pack must never be written over."""
    root = workspace.root or Path.cwd()
    return [*(root / appendix.file for item in agenda.items for appendix in item.appendices),
            *reports.values()]


def _selected(agenda: Agenda, supplement: int | None) -> list[tuple[int, PaperItem, str]]:
    """Return the items a pack lists: the main pack's (those not added by a supplement),
    or one supplement's; each with its index and number."""
    return [(index, item, number)
            for index, (item, number) in enumerate(zip(agenda.items, item_numbers(agenda)))
            if item.supplement == supplement]


def _built_reports(workspace: Workspace, agenda: Agenda, out: Path, jobs: int | None,
                   template_dir: str | Path | None) -> dict[str, Path]:
    """Return the PDF of every committee report the agenda takes, by document name, built
    into ``out`` by the workspace build (only those out of date are rendered)."""
    from .build import build_many
    from .render import output_names
    from .workspace import document_name

    names = list(dict.fromkeys(document_name(item.committee_report)
                               for item in agenda.items if item.committee_report))
    if not names:
        return {}
    subset = replace(workspace, documents={n: workspace.documents[n] for n in names},
                     document_files={n: workspace.document_files[n] for n in names
                                     if n in workspace.document_files})
    build_many([(subset, out)], ("pdf",), jobs=jobs, template_dir=template_dir)
    # a report laid out separate in a bilingual workspace: its first language's version
    return {name: out / f"{output_names(subset, name)[0][1]}.pdf" for name in names}


def _plan(workspace: Workspace, name: str, agenda: Agenda, reports: dict[str, Path],
          restricted: bool, supplement: int | None, out: Path) -> _Plan:
    """Return the papers of the pack, read and checked, in agenda order."""
    from .workspace import document_name

    selected = _selected(agenda, supplement)
    papers: list[Paper] = []
    omitted: dict[str, str] = {}
    problems: list[Problem] = []
    word: list[tuple[str, Path, tuple[Any, ...]]] = []
    for index, item, number in selected:
        if item.is_exempt and not restricted:
            omitted[number] = gettext("Not included in this public pack: the papers for this "
                                      "item are exempt from publication.")
            continue
        if item.committee_report:
            report = document_name(item.committee_report)
            pdf = reports[report].read_bytes()
            shown = workspace.documents[report]
            papers.append(Paper(number, item.title, "report", report_title(shown, item),
                                workspace.name_of(shown), pdf, _page_count(pdf), True))
        for position, appendix in enumerate(item.appendices, 1):
            if appendix.exempt_paragraph and not restricted:
                continue
            where = _field_of(workspace, name, agenda, index, position - 1)
            paper, problem = _appendix(workspace, item, number, position, appendix, where)
            if problem:
                problems.append(problem)
            elif paper is not None:
                papers.append(paper)
            else:
                word.append((number, workspace.root / appendix.file, where))  # type: ignore[operator]
    if problems:
        raise DataError(problems)
    if word:
        papers = _with_converted(papers, word, selected, out, workspace)
    return _Plan(agenda, name, selected, papers, restricted, supplement, omitted)


def _field_of(workspace: Workspace, name: str, agenda: Agenda, index: int,
              appendix: int) -> tuple[Path | None, int | None, str]:
    """Return the file, line and field path of an item's appendix: in the agenda, or in
    the minutes it takes its items from."""
    from ._yaml import dotted, read_file
    from .workspace import document_name

    owner = document_name(agenda.minutes) if agenda.minutes else name
    file = workspace.document_files.get(owner)
    path: tuple[str | int, ...] = ("items", index, "appendices", appendix, "file")
    line = None
    if file is not None:
        try:
            line = read_file(file).line_of(path)
        except DataError:
            line = None
    return file, line, dotted(path)


def _appendix(workspace: Workspace, item: PaperItem, number: str, position: int,
              appendix: Appendix, where: tuple[Path | None, int | None, str]
              ) -> tuple[Paper | None, Problem | None]:
    """Return an appendix as a paper, or the problem that stops it; (None, None) for a
    Word file, converted with the others later."""
    from .kinds.agenda import appendix_file_problem

    file, line, path = where
    problem = appendix_file_problem(appendix.file, workspace.root) or \
        appendix_problem(workspace.root / appendix.file)  # type: ignore[operator]
    if problem:
        return None, Problem(file, line, path, problem)
    source = workspace.root / appendix.file  # type: ignore[operator]
    if source.suffix.lower() == ".docx":
        return None, None
    data = source.read_bytes()
    _guard(workspace, data, appendix.file)
    return Paper(number, item.title, "appendix", appendix.shown_title, appendix.file, data,
                 _page_count(data), is_tagged(data), position), None


def _guard(workspace: Workspace, data: bytes, name: str) -> None:
    """Refuse an appendix that holds what the workspace's case key protects."""
    if workspace.case_key is None:
        return
    from .guard import DisclosureError, scan_bytes
    from .render import case_key_matcher

    hits = scan_bytes(data, "pdf", case_key_matcher(workspace.case_key), name)
    if hits:
        raise DisclosureError(hits)


def _with_converted(papers: list[Paper], word: list[tuple[str, Path, tuple[Any, ...]]],
                    selected: list[tuple[int, PaperItem, str]], out: Path,
                    workspace: Workspace) -> list[Paper]:
    """Return ``papers`` with the Word appendices converted to PDF and put in their place
    (after their item's report and earlier appendices)."""
    converted = convert_word([path for _, path, _ in word], out, word[0][2])
    by_path = dict(zip([path for _, path, _ in word], converted))
    ordered: list[Paper] = []
    for _, item, number in selected:
        ordered += [paper for paper in papers if paper.number == number
                    and paper.kind == "report"]
        for position, appendix in enumerate(item.appendices, 1):
            made = [paper for paper in papers if paper.number == number
                    and paper.appendix == position]
            path = workspace.root / appendix.file  # type: ignore[operator]
            if not made and path in by_path:
                data = by_path[path]
                _guard(workspace, data, appendix.file)
                made = [Paper(number, item.title, "appendix", appendix.shown_title,
                              appendix.file, data, _page_count(data), is_tagged(data),
                              position)]
            ordered += made
    return ordered


def _page_count(pdf: bytes) -> int:
    return len(read_pdf(pdf).pages)


def _check_length(workspace: Workspace, name: str, total: int) -> None:
    if total > PACK_PAGE_LIMIT:
        raise DataError([Problem(workspace.document_files.get(name), None, "items", (
            f"the pack would run to {total:,} pages; a pack may have at most "
            f"{PACK_PAGE_LIMIT:,}: move some items into a supplement (supplement: 1)"))])


# --- the front: front sheet, contents, agenda ---------------------------------------------

def _pages_of(workspace: Workspace, plan: _Plan, dirs: tuple[Path, ...], first: int) -> int:
    """Return how many pages the pack of ``plan`` runs to."""
    front, _ = _settled_front(workspace, plan, dirs, first, None)
    return _page_count(front) + sum(paper.pages for paper in plan.papers)


ITEMS_PER_PAGE = 7
"""About how many agenda items a page of the agenda holds: for the first guess at the
length of a pack's front, before a pack of the agenda has been made."""


def front_guess(plan: _Plan) -> tuple[int, int]:
    """Return a guess at the front's length and the index of the agenda's first page: the
    front sheet with its contents on one page, then the agenda."""
    items = len(plan.items) + (0 if plan.supplement else len(plan.agenda.standard_items))
    return 1 + max(1, -(-items // ITEMS_PER_PAGE)), 1


def _settled_front(workspace: Workspace, plan: _Plan, dirs: tuple[Path, ...], first: int,
                   guess: tuple[int, int] | None) -> tuple[bytes, int]:
    """Return the front's PDF and the index of the page the agenda starts on, its page
    numbers true: laid out with a guess of its own length (the last pack's, else
    :func:`front_guess`), then again until the length it gives is the length it has."""
    front_pages, agenda_page = guess or front_guess(plan)
    for _ in range(4):
        pdf = render_front(workspace, plan, dirs, first, front_pages, agenda_page)
        found = (_page_count(pdf), _agenda_page(pdf))
        if found == (front_pages, agenda_page):
            return pdf, agenda_page
        front_pages, agenda_page = found
    raise RenderError("the agenda pack's front does not settle on a length: its page "
                      "numbers keep changing how long it is")


def _agenda_page(pdf: bytes) -> int:
    """Return the index of the page the agenda starts on, from the front's bookmarks."""
    reader = read_pdf(pdf)
    anchors = [(reader.get_destination_page_number(entry), entry.title)
               for entry in _flat(reader.outline)]
    headings = {gettext(words) for words in AGENDA_HEADINGS}
    heading = next((page for page, title in anchors if title in headings), None)
    return heading if heading is not None else 0


AGENDA_HEADINGS = (N_("Agenda"), N_("Supplementary agenda"))


def _flat(outline: Any) -> list[Any]:
    found = []
    for entry in outline:
        found += _flat(entry) if isinstance(entry, list) else [entry]
    return found


def pack_view(plan: _Plan, first: int, front_pages: int, agenda_page: int) -> dict[str, Any]:
    """Return what the pack adds to the agenda's view: the page of every paper and its
    link, the contents list, what the pack is and what it leaves out."""
    label = first + front_pages
    items: dict[str, dict[str, Any]] = {}
    contents = [{"kind": "front", "title": gettext("Front sheet and contents"), "page": first,
                 "link": _link(first)},
                {"kind": "agenda", "title": _agenda_heading(plan), "page": first + agenda_page,
                 "link": _link(first + agenda_page)}]
    for _, item, number in plan.items:
        papers = [paper for paper in plan.papers if paper.number == number]
        entry: dict[str, Any] = {"shown": True, "pages": "", "link": "", "placed": [],
                                 "omitted": plan.omitted.get(number, "")}
        placed: dict[int, dict[str, str]] = {}
        start = label
        for paper in papers:
            pages = _pages_text(label, paper.pages)
            if paper.kind == "report":
                entry.update({"pages": pages, "link": _link(label)})
            else:
                placed[paper.appendix] = {"pages": pages, "link": _link(label), "omitted": ""}
            label += paper.pages
        entry["placed"] = [placed.get(position, {
            "pages": "", "link": "",
            "omitted": "not included in this public pack" if appendix.exempt_paragraph
            else ""}) for position, appendix in enumerate(item.appendices, 1)]
        if papers:
            if not entry["link"]:
                entry["link"] = _link(start)
            contents.append({"kind": "item", "title": gettext("Item {number}: {title}").format(
                                 number=number, title=item.title),
                             "page": start, "link": _link(start)})
            contents += [{"kind": "appendix",
                          "title": paper.bookmark,
                          "page": int(placed[paper.appendix]["link"].rsplit("/", 1)[1]),
                          "link": placed[paper.appendix]["link"]}
                         for paper in papers if paper.kind == "appendix"]
        items[number] = entry
    return {"items": items, "contents": contents, "notes": _notes(plan, first),
            "restricted": plan.restricted, "supplement": plan.supplement,
            "agenda_heading": _agenda_heading(plan), "first": first}


def _agenda_heading(plan: _Plan) -> str:
    return gettext(AGENDA_HEADINGS[1] if plan.supplement else AGENDA_HEADINGS[0])


def _link(page: int) -> str:
    return f"{PAGE_LINK}{page}"


def _pages_text(first: int, count: int) -> str:
    if count == 1:
        return gettext("Page {number}").format(number=first)
    return gettext("Pages {first}–{last}").format(first=first, last=first + count - 1)


def _notes(plan: _Plan, first: int) -> list[str]:
    """Return what the front says about the pack: restricted, what a supplement adds,
    what the public pack leaves out."""
    notes = []
    if plan.supplement:
        added = "; ".join(gettext("item {number}, {title}").format(number=number, title=item.title)
                          for _, item, number in plan.items)
        notes.append(gettext("This supplement adds to the agenda: {added}. Its pages are "
                             "numbered on from the agenda pack, which ends at page {last}.")
                     .format(added=added, last=first - 1))
    if plan.restricted:
        notes.append(gettext("Restricted pack: it includes the Part B items, which contain "
                             "exempt information under Schedule 12A to the Local Government "
                             "Act 1972. Not for publication: do not publish, forward or leave "
                             "it unattended."))
    elif plan.omitted:
        notes.append(gettext("This is the public pack: the papers for the Part B items are "
                             "not included, and the agenda says why."))
    return notes


def render_front(workspace: Workspace, plan: _Plan, dirs: tuple[Path, ...], first: int,
                 front_pages: int, agenda_page: int) -> bytes:
    """Return the PDF of the pack's front (front sheet, contents, agenda), tagged PDF/UA,
    checked by the case key like every render."""
    from .i18n import use_languages
    from .kinds.agenda import view as agenda_view
    from .pdf import render_html, render_pdf
    from .render import (
        _guarded,
        _roots,
        _with_font,
        _with_logo,
        counterpart,
        document_date,
        merged_view,
    )
    from .templating import environment

    document = workspace.documents[plan.name]
    layout = _front_layout(workspace, document)
    views, sources = [], []
    for language in workspace.languages if layout else [workspace.organisation.language]:
        version = workspace.in_language(language)
        shown = counterpart(document, workspace, version)
        shown_plan = plan if version is workspace else _plan_in(plan, shown, version)
        with use_language(language):
            view = agenda_view(shown_plan.agenda, version, False,
                               pack_view(shown_plan, first, front_pages, agenda_page))
            view["document"]["title"] = pack_title(shown_plan)
        views.append(view)
        sources.append((shown, shown_plan.agenda, version))
    date = document_date(plan.agenda)
    meta = {"created": date.isoformat() if date else "", "kind": "agenda", "tight": False}
    with use_languages(workspace.languages) if layout else nullcontext():
        view = merged_view(views, workspace.languages, layout)
        printed = {**_with_font(_with_logo(view, workspace), workspace, "pdf"), "meta": meta}
        html = render_html(printed, "agenda/agenda.html.j2", environment(dirs))
    pdf, _ = render_pdf(html, _roots(dirs, workspace))
    return _guarded(pdf, "pdf", sources, workspace)


def _front_layout(workspace: Workspace, document: Any) -> str:
    """Return how the front of a bilingual workspace's pack sets out its languages, as its
    agenda does ('block', 'side-by-side'); '' for one language (a separate agenda's pack is
    in the first language)."""
    from .model import BilingualLayout
    from .render import bilingual_layout

    if not workspace.is_bilingual:
        return ""
    layout = bilingual_layout(document, workspace)
    return "" if layout is BilingualLayout.SEPARATE else layout.value


def _plan_in(plan: _Plan, document: Any, version: Workspace) -> _Plan:
    """Return ``plan`` with its agenda and items as ``version`` (the workspace in another
    of its languages, holding the agenda as ``document``) gives them; the papers and pages
    stay the same."""
    agenda = version.resolve(document)
    items = [(index, agenda.items[index], number) for index, _, number in plan.items]
    return replace(plan, agenda=agenda, items=items)


def full_title(plan: _Plan) -> str:
    """Return the pack's title as its properties give it: 'Agenda pack: Corporate
    Parenting Committee, 9 June 2015'."""
    from .kinds._view import date_text

    meeting = plan.agenda.meeting
    assert meeting is not None
    where = ", ".join(part for part in (meeting.committee, date_text(meeting.date)) if part)
    return f"{pack_title(plan)}: {where}"


def pack_title(plan: _Plan) -> str:
    """Return the pack's title: 'Agenda pack', 'Supplementary agenda pack 1', with
    '– restricted' for a restricted pack."""
    title = gettext("Supplementary agenda pack {number}").format(number=plan.supplement) \
        if plan.supplement else gettext("Agenda pack")
    return gettext("{title} – restricted").format(title=title) if plan.restricted else title


# --- joining the parts --------------------------------------------------------------------

def assemble(front: bytes, agenda_page: int, plan: _Plan, first: int, language: str) -> bytes:
    """Return the pack: the front and every paper joined, their structure trees joined
    under one Document, each page stamped and labelled with its number from ``first``, the
    front's page links pointed inside the pack, and a bookmark for each item and
    appendix."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    joiner = StructureJoiner(writer)
    starts = [joiner.add(front)]
    for paper in plan.papers:
        starts.append(joiner.add(paper.pdf))
    joiner.finish()
    _catalogue(writer, front, plan, language)
    _link_pages(writer, first)
    _bookmarks(writer, plan, starts, agenda_page)
    writer.set_page_label(page_index_from=0, page_index_to=len(writer.pages) - 1,
                          style="/D", start=first)  # type: ignore[arg-type]
    # Translators: stamped on every page in a font holding only A-Z, a-z, digits, space, '–'.
    stamp = gettext("Page {number}")
    stamp_pages(writer, first, gettext(RESTRICTED_STAMP) if plan.restricted else "", stamp)
    writer._ID = _identifier(front, plan)  # same input, same bytes
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _identifier(front: bytes, plan: _Plan) -> Any:
    from pypdf.generic import ArrayObject, ByteStringObject

    digest = hashlib.sha256(front)
    for paper in plan.papers:
        digest.update(paper.pdf)
    value = ByteStringObject(digest.digest()[:16])
    return ArrayObject([value, value])


def _catalogue(writer: Any, front: bytes, plan: _Plan, language: str) -> None:
    """Give the pack what PDF/UA asks of a document: marked, a language, a title shown by
    viewers, and the front's XMP metadata (PDF/UA identification) with the pack's title."""
    from pypdf.generic import (
        BooleanObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    reader = read_pdf(front)
    root = reader.trailer["/Root"]
    catalogue = writer._root_object
    catalogue[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)})
    catalogue[NameObject("/Lang")] = TextStringObject(str(root.get("/Lang") or language))
    catalogue[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    info = dict(reader.metadata or {})
    shown = str(info.get("/Title", pack_title(plan)))
    title = full_title(plan)
    xmp = root["/Metadata"].get_object().get_data() if "/Metadata" in root else b""
    xmp = xmp.replace(f">{escape(shown)}</rdf:li>".encode(),
                      f">{escape(title)}</rdf:li>".encode(), 1)
    stream = DecodedStreamObject()
    stream.set_data(xmp)
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    catalogue[NameObject("/Metadata")] = writer._add_object(stream)
    writer.add_metadata({**{key: str(value) for key, value in info.items()},
                         "/Title": title})


def _link_pages(writer: Any, first: int) -> None:
    """Point the front's links to pack pages (:data:`PAGE_LINK`) at those pages."""
    from pypdf.generic import ArrayObject, NameObject, NullObject

    for page in writer.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(PAGE_LINK):
                continue
            index = int(uri[len(PAGE_LINK):]) - first
            if not 0 <= index < len(writer.pages):
                continue
            del annotation["/A"]
            annotation[NameObject("/Dest")] = ArrayObject([
                writer.pages[index].indirect_reference, NameObject("/XYZ"), NullObject(),
                NullObject(), NullObject()])


def _bookmarks(writer: Any, plan: _Plan, starts: list[int], agenda_page: int) -> None:
    """Add the pack's bookmarks: the front, the agenda, each item (at its first paper)
    with its report and each appendix under it."""
    writer.add_outline_item(title=pack_title(plan), page_number=0)
    writer.add_outline_item(title=_agenda_heading(plan), page_number=agenda_page)
    parents: dict[str, Any] = {}
    for paper, start in zip(plan.papers, starts[1:]):
        if paper.number not in parents:
            parents[paper.number] = writer.add_outline_item(
                title=gettext("Item {number}: {title}").format(number=paper.number,
                                                               title=paper.item_title),
                page_number=start)
        writer.add_outline_item(title=paper.bookmark, page_number=start,
                                parent=parents[paper.number])


# --- what a pack is made from, and the manifest that remembers it -------------------------

def _key(workspace: Workspace, name: str, agenda: Agenda, reports: dict[str, Path],
         restricted: bool, supplement: int | None, dirs: tuple[Path, ...]) -> str:
    """Return a digest of everything the pack is made from."""
    from . import __version__
    from .build import _engine, _stat, document_inputs

    files = [*document_inputs(workspace, name), *reports.values(),
             *[workspace.root / appendix.file for item in agenda.items  # type: ignore[operator]
               for appendix in item.appendices],
             *[path for folder in dirs for path in sorted(folder.rglob("*")) if path.is_file()]]
    state = {"engine": _engine(), "version": __version__,
             "options": [restricted, supplement],
             "inputs": [(str(path), _stat(path)) for path in dict.fromkeys(files)]}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


class _Manifest:
    """The record of the packs written in one folder, and what each was made from."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) \
                if self.path.is_file() and not self.path.is_symlink() else {}
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, Any] = data if isinstance(data, dict) else {}

    def entry(self, target: Path) -> dict[str, Any]:
        found = self.entries.get(target.name)
        return found if isinstance(found, dict) else {}

    def fresh(self, target: Path, key: str) -> bool:
        from .build import _stat

        entry = self.entry(target)
        return bool(entry) and entry.get("key") == key and entry.get("output") == _stat(target)

    def guess(self, target: Path) -> tuple[int, int] | None:
        """Return the front's length and agenda page of the last pack written here."""
        entry = self.entry(target)
        front = entry.get("front")
        if isinstance(front, list) and len(front) == 2 and all(isinstance(x, int)
                                                               for x in front):
            return front[0], front[1]
        return None

    def record(self, target: Path, key: str, pages: int, first: int, front_pages: int,
               agenda_page: int, untagged: list[str]) -> None:
        from .build import _stat
        from .render import write_atomic

        self.entries[target.name] = {"key": key, "output": _stat(target), "pages": pages,
                                     "first": first, "front": [front_pages, agenda_page],
                                     "untagged": untagged}
        data = json.dumps(dict(sorted(self.entries.items())), indent=1).encode() + b"\n"
        write_atomic(self.path, data)


# --- for scrdocs check --------------------------------------------------------------------

def pack_problems(workspace: Workspace, name: str) -> tuple[list[str], list[str]]:
    """Return what stops the agenda ``name``'s pack from being published, and what a
    person should know: each appendix that cannot be used (encrypted, damaged, too large)
    is an error; one that is not tagged is an error too, since it makes the pack
    inaccessible; a Word appendix with no LibreOffice to convert it is a warning."""
    from .finish import libreoffice
    from .kinds.agenda import appendix_file_problem

    agenda = workspace.resolve(workspace.documents[name])
    assert isinstance(agenda, Agenda)
    errors, warned = [], []
    for index, item in enumerate(agenda.items):
        for position, appendix in enumerate(item.appendices):
            file, line, path = _field_of(workspace, name, agenda, index, position)
            where = str(Problem(file, line, path, "")).rstrip()
            problem = appendix_file_problem(appendix.file, workspace.root)
            source = workspace.root / appendix.file  # type: ignore[operator]
            problem = problem or appendix_problem(source)
            if problem:
                errors.append(f"{where} {problem}")
            elif source.suffix.lower() == ".pdf" and not is_tagged(source.read_bytes()):
                errors.append(f"{where} '{appendix.file}' is not a tagged PDF: merged into "
                              "the agenda pack it makes the pack fail PDF/UA (screen readers "
                              "cannot follow it); export it again as a tagged PDF")
            elif source.suffix.lower() == ".docx" and libreoffice() is None:
                warned.append(f"{where} '{appendix.file}' is a Word file: making the pack "
                              "needs LibreOffice to convert it, and it is not installed")
    return errors, warned
