"""Render documents: one way through from model to bytes, and safe writing of files.

Takes a document and the workspace it belongs to; the kind's view makes every formatting
decision, then the Word template (docxtpl) or the HTML template (Jinja, then WeasyPrint for
PDF) lays it out. Files are rendered to memory first and written atomically, so a failed run
never leaves a half-written file or clobbers a good one.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import stat
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from ._yaml import Located, read_file
from .bilingual import language_name, merge_views, plain_text, together
from .design import FITTED_KINDS
from .errors import (
    ArgumentError,
    DataError,
    FormatError,
    OutputError,
    PageCountWarning,
    Problem,
    RenderError,
    ScrdocsError,
    TemplateError,
    note_document,
)
from .guard import (
    CASE_KEY,
    DATA,
    CaseKey,
    DisclosureError,
    Hit,
    Matcher,
    scan_bytes,
    scan_data,
    scan_image,
)
from .i18n import use_language, use_languages
from .images import strip_metadata
from .kinds import KINDS, Agenda, Document, Kind, ResolutionList
from .kinds._base import DocumentBase
from .limits import file_name_too_long, shorten
from .model import BilingualLayout, Organisation
from .templating import environment, find_template, template_dirs
from .workspace import (
    FONT_TYPES,
    LOGO_TYPES,
    PROFILE,
    Workspace,
    document_name,
    font_file,
    logo_file,
)

FORMATS = ("docx", "pdf", "html")
"""The output formats, in the order ``build`` writes them."""


def render(document: Document, workspace: Workspace | None = None, format: str = "pdf", *,
           template_dir: str | Path | None = None, draft: bool = False,
           language: str | None = None) -> bytes:
    """Return ``document`` rendered as ``format`` ('docx', 'pdf' or 'html').

    ``workspace`` supplies the organisation and the reviews the document refers to::

        ws = scrdocs.load_workspace("data/thurrock")
        pdf = scrdocs.render(ws.documents["minutes-julia"], ws, "pdf")

    Without a workspace (``None``) the document is rendered on its own, for the placeholder
    organisation "Your Safeguarding Children Partnership": enough to try out a document that
    draws on no reviews; one that does needs the workspace holding them.

    :param template_dir: a folder of templates searched before the workspace's and the
        package's own.
    :param draft: mark every page DRAFT.
    :param language: in a workspace publishing in several languages, render the version in
        this one alone ('cy'), which says the others exist; by default the document holds
        every language as its ``bilingual`` layout says (``separate``: the first's version).
    :raises FormatError: ``format`` is not one scrdocs writes.
    :raises DataError: the document names a review or minutes the workspace lacks.
    :raises ArgumentError: the workspace does not publish in ``language``.
    """
    workspace = _workspace_for(document, workspace)
    check_format(format)
    dirs = template_dirs(workspace.root, Path(template_dir) if template_dir else None)
    return render_with(document, workspace, format, dirs, draft, language)


def check_format(format: object, path: Path | None = None) -> str:
    """Return ``format`` when scrdocs writes it, else raise :class:`FormatError` listing
    those it does (``path``: the file whose suffix it was taken from)."""
    if isinstance(format, str) and format in FORMATS:
        return format
    choices = ", ".join(FORMATS)
    if path is not None:
        raise FormatError(f"{path}: cannot tell the format from the file name; end it in "
                          f"{', '.join('.' + f for f in FORMATS)}, or give the format "
                          f"({choices})")
    raise FormatError(f"unknown format {format!r}; choose one of {choices}")


def _workspace_for(document: Document, workspace: Workspace | None) -> Workspace:
    """Return ``workspace``, or for ``None`` one holding only ``document`` and a placeholder
    organisation; refuse arguments of the wrong kind."""
    if not isinstance(document, DocumentBase):
        raise ArgumentError(f"expected a document (CommitteeReport, Minutes, …) to render, "
                            f"got {type(document).__name__}; load one with "
                            "scrdocs.load_document or take one from workspace.documents")
    if workspace is None:
        from .new import DEFAULT_ORGANISATION

        if document.review_ids():
            raise DataError([Problem(None, None, "", (
                f"the {document.kind} document draws on the reviews "
                f"{', '.join(document.review_ids())}; pass the workspace that holds them: "
                "scrdocs.render(document, workspace, …)"))])
        return Workspace(Organisation(name=DEFAULT_ORGANISATION))
    if not isinstance(workspace, Workspace):
        raise ArgumentError(f"expected a Workspace, got {type(workspace).__name__}; load one "
                            "with scrdocs.load_workspace(folder), or pass None")
    return workspace


def render_with(document: Document, workspace: Workspace, format: str,
                dirs: tuple[Path, ...], draft: bool = False,
                language: str | None = None) -> bytes:
    """Return ``document`` rendered as ``format`` with the templates found in ``dirs``
    (searched in order; the last is the package's own).

    In a workspace publishing in several languages, the document holds them all, set out
    as its ``bilingual`` layout says; ``language`` (or the layout ``separate``) asks for
    its version in one language, which says the others exist.

    An error that is not scrdocs' own leaves with the document and format noted on it
    (:func:`~scrdocs.errors.note_document`), for the command line's message.
    """
    try:
        if language is not None and language not in workspace.languages:
            raise ArgumentError(f"the workspace publishes in {', '.join(workspace.languages)}"
                                f", not {shorten(repr(language), 40)}")
        if workspace.is_bilingual:
            return _render_bilingual(document, workspace, format, dirs, draft, language)
        with use_language(workspace.organisation.language):
            return _render_with(document, workspace, format, dirs, draft)
    except ScrdocsError:
        raise
    except Exception as exc:
        note_document(exc, f"{workspace.name_of(document)} ({format})")
        raise


def bilingual_layout(document: Document, workspace: Workspace) -> BilingualLayout:
    """Return how ``document`` sets out the languages of its workspace: its own
    ``bilingual`` layout, else the profile's."""
    return document.bilingual or workspace.organisation.bilingual


def _render_bilingual(document: Document, workspace: Workspace, format: str,
                      dirs: tuple[Path, ...], draft: bool, language: str | None) -> bytes:
    layout = bilingual_layout(document, workspace)
    kind = KINDS[document.kind]
    if language is not None or layout is BilingualLayout.SEPARATE:
        language = language or workspace.languages[0]
        version = workspace.in_language(language)
        others = [other for other in workspace.languages if other != language]
        with use_language(language):
            return _render_with(counterpart(document, workspace, version), version, format,
                                dirs, draft, available=others,
                                stem=f"{Path(workspace.name_of(document)).stem}.{language}")
    if layout is BilingualLayout.SIDE_BY_SIDE and not kind.side_by_side:
        chosen_here = document.bilingual is not None or workspace.root is None
        where = _file_of(document, workspace) if chosen_here else workspace.root / PROFILE
        raise DataError([Problem(where, _line_of_field(where, "bilingual"), "bilingual", (
            f"a {kind.name}'s boxes are too narrow to set two languages side by side; "
            "choose `bilingual: block` or `bilingual: separate`"))])
    return _render_with(document, workspace, format, dirs, draft, layout=layout.value)


def output_names(workspace: Workspace, name: str) -> list[tuple[str | None, str]]:
    """Return the outputs of document ``name`` as (language, file name without its
    suffix): ``[(None, name)]``, or a version a language for a bilingual document laid out
    ``separate``: ``[('cy', 'name.cy'), ('en', 'name.en')]``."""
    document = workspace.documents.get(name)
    if document is None or not workspace.is_bilingual or \
            bilingual_layout(document, workspace) is not BilingualLayout.SEPARATE:
        return [(None, name)]
    return [(language, f"{name}.{language}") for language in workspace.languages]


def output_stems(name: str, languages: Iterable[str] = ()) -> list[str]:
    """Return every name an output of document ``name`` may have had, in ``languages``."""
    return [name, *(f"{name}.{language}" for language in languages)]


def _line_of_field(file: Path | None, field: str) -> int | None:
    """Return the line a top-level field of a data file starts on, when it can be read."""
    lines = _lines_of(file)
    return lines.line_of((field,)) if lines and (field,) in lines.lines else None


def counterpart(document: Document, workspace: Workspace, version: Workspace) -> Document:
    """Return ``document`` as ``version`` (the workspace in another language) holds it."""
    if version is workspace:
        return document
    name = workspace._key_of(document)
    if name is None:
        raise ArgumentError(
            f"the workspace publishes in {', '.join(workspace.languages)}: render a document "
            "taken from workspace.documents, whose version in each language is read from its "
            "file (a copy made in code has no other language)")
    found = version.documents.get(name)
    if found is None:
        raise DataError([Problem(_file_of(document, workspace), None, "", (
            f"the document has no version in {language_name(version.organisation.language)}"
            ": its errors in that language are listed when the workspace is loaded"))])
    return found


def _views(document: Document, workspace: Workspace, draft: bool, layout: str = "",
           available: list[str] | None = None
           ) -> tuple[dict[str, Any], list[tuple[Document, Document, Workspace]]]:
    """Return the document's view, and what it was made from: each language's document,
    resolved document and workspace (one of each, but in a bilingual layout).

    :param layout: 'block' or 'side-by-side' to hold every language of a bilingual
        workspace; '' for the language in force.
    :param available: the other languages a version in one language says it is
        available in.

    A boxed kind (guide, briefing) is planned once its languages and the line saying it is
    available in others are in it, its learning points cut alike in every language, one at
    a time, until it fits its pages.
    """
    kind = KINDS[document.kind]
    languages: list[str | None] = list(workspace.languages) if layout else [None]
    replan = kind.replan if layout or available else None
    cut = kind.limits if replan is not None else None
    limits = cut(workspace.resolve(document), workspace) if cut is not None else [None]
    for limit in limits:
        views, sources = [], []
        for language in languages:
            version = workspace.in_language(language) if language else workspace
            shown = counterpart(document, workspace, version)
            with use_language(language) if language else nullcontext():
                resolved = version.resolve(shown)
                options = {"limits": [limit]} if cut is not None else {}
                views.append(kind.view(resolved, version, draft, **options))
            sources.append((shown, resolved, version))
        with use_languages(workspace.languages) if layout else nullcontext():
            view = merged_view(views, workspace.languages, layout)
            if available:
                from .i18n import available_in

                view["document"] = {**view["document"], "available_in": " ".join(
                    available_in(other) for other in available)}
            if replan is not None:
                view = replan(view)
        if replan is None or kind.max_pages is None or view["fit"]["pages"] <= kind.max_pages:
            break
    return view, sources


def merged_view(views: list[dict[str, Any]], languages: list[str],
                layout: str) -> dict[str, Any]:
    """Return the one view of a document from ``views``, its view in each of ``languages``:
    for a bilingual ``layout`` ('block', 'side-by-side') the views merged, the view's
    ``document.bilingual`` naming the layout; for '' the one view there is."""
    if not layout:
        return views[0]
    view = merge_views(views, languages)
    view["document"] = {**view["document"], "bilingual": layout}
    return view


def _render_with(document: Document, workspace: Workspace, format: str,
                 dirs: tuple[Path, ...], draft: bool = False, *, layout: str = "",
                 available: list[str] | None = None, stem: str = "") -> bytes:
    kind = KINDS[document.kind]
    view, sources = _views(document, workspace, draft, layout, available)
    with use_languages(workspace.languages) if layout else nullcontext():
        return _rendered(view, sources, kind, workspace, format, dirs, stem)


def _rendered(view: dict[str, Any], sources: list[tuple[Document, Document, Workspace]],
              kind: Kind, workspace: Workspace, format: str, dirs: tuple[Path, ...],
              stem: str = "") -> bytes:
    resolved = sources[0][1]
    env = environment(dirs)
    date = document_date(resolved)
    branded = _with_logo(view, workspace)
    meta = {"created": date.isoformat() if date else "", "kind": kind.name, "tight": False}
    printed: dict[bool, str] = {}
    if format in ("docx", "pdf") and kind.name in FITTED_KINDS:
        meta["tight"] = _sets_tight(branded, meta, workspace, env, dirs,
                                    strict=format == "pdf", pages=printed)
    view = {**_with_font(branded, workspace, format), "meta": meta}
    if format == "docx":
        from .word import render_docx
        data = render_docx(view, _template(f"{kind.name}/{kind.name}.docx", dirs), env,
                           _properties(view, workspace, kind.name, date))
        return _guarded(data, format, sources, workspace, stem)
    from .pdf import render_html
    html = printed.get(meta["tight"]) if format == "pdf" else None
    if html is None:
        html = render_html(view, f"{kind.name}/{kind.name}.html.j2", env)
    if format == "html":
        return _guarded(html.encode("utf-8"), format, sources, workspace, stem)
    from .pdf import render_pdf
    pdf, pages = render_pdf(html, _roots(dirs, workspace))
    if kind.max_pages and pages > kind.max_pages:
        advice = kind.page_advice(view) if kind.page_advice else ""
        warnings.warn(PageCountWarning(
            f"{plain_text(str(view['document']['title']))}: the PDF runs to {pages} pages; "
            f"a {kind.name} is meant to fit on {kind.max_pages}"
            f"{': ' + plain_text(advice) if advice else ''}"), stacklevel=2)
    return _guarded(pdf, format, sources, workspace, stem)


def _roots(dirs: tuple[Path, ...], workspace: Workspace) -> tuple[Path, ...]:
    """Return the folders a PDF render may read: the package's templates first."""
    return (dirs[-1], *dirs[:-1], *([workspace.root.resolve()] if workspace.root else []))


def _sets_tight(view: dict[str, Any], meta: dict[str, Any], workspace: Workspace,
                env: Any, dirs: tuple[Path, ...], strict: bool = False,
                pages: dict[bool, str] | None = None) -> bool:
    """Return whether the document is set tight, in Word and PDF alike (:mod:`scrdocs.flow`).

    :param strict: raise the error of an HTML template that fails (a PDF's own error, which
        its render would meet again: a runaway template would spend its time budget twice);
        otherwise the document is set as usual.
    :param pages: filled with the HTML the PDF prints, by setting (tight or not), for each
        setting rendered to decide, so that the PDF's render need not render it again.
    """
    from .flow import sets_tight
    from .pdf import render_html

    printed = _with_font(view, workspace, "pdf")
    template = f"{meta['kind']}/{meta['kind']}.html.j2"
    pages = {} if pages is None else pages

    def html_of(tight: bool) -> str:
        if tight not in pages:
            pages[tight] = render_html({**printed, "meta": {**meta, "tight": tight}},
                                       template, env)
        return pages[tight]

    if strict:
        html_of(False)
    return sets_tight(html_of, _roots(dirs, workspace))


def _guarded(data: bytes, format: str,
             sources: list[tuple[Document, Document, Workspace]], workspace: Workspace,
             stem: str = "") -> bytes:
    """Return ``data`` unless it, or the data it came from, holds what the case key protects.

    :param sources: each language's document, the same with its references filled in
        (``Workspace.resolve``) and workspace: the data of every language is checked, what
        one output shows or not.
    :param stem: the output's name without its suffix, when not the document's ('report.cy').
    :raises DisclosureError: listing every hit, a hit in the data with its file and line;
        nothing is returned, so nothing is written.
    """
    if workspace.case_key is None:
        return data
    matcher = case_key_matcher(workspace.case_key)
    document = sources[0][0]
    output = f"{stem or Path(workspace.name_of(document)).stem}.{format}"
    every = sources if len(sources) > 1 or not workspace.is_bilingual else [
        (counterpart(document, workspace, version), None, version)
        for version in workspace.versions.values()]
    hits = list(dict.fromkeys(  # a text the same in every language is reported once
        hit for shown, resolved, version in every
        for source, file, label in _data_sources(shown, resolved or version.resolve(shown),
                                                 version)
        for hit in _located(scan_data(source, matcher, label, DATA), file, output)))
    hits += scan_bytes(data, format, matcher, output)
    hits += _logo_hits(workspace, matcher, output)
    if hits:
        raise DisclosureError(hits)
    return data


_MATCHERS: dict[int, tuple[CaseKey, Matcher]] = {}
_MATCHERS_KEPT = 8


def case_key_matcher(case_key: CaseKey) -> Matcher:
    """Return the matcher of ``case_key``'s terms, made once per key for the life of the
    process: every format of a document, and its file name, is checked against the same key,
    and working out a large key's terms costs more than the check itself."""
    kept = _MATCHERS.get(id(case_key))
    if kept is None or kept[0] is not case_key:
        if len(_MATCHERS) >= _MATCHERS_KEPT:
            _MATCHERS.clear()
        kept = _MATCHERS[id(case_key)] = (case_key, Matcher(case_key.terms()))
    return kept[1]


def _logo_hits(workspace: Workspace, matcher: Matcher, output: str) -> list[Hit]:
    """Return the hits in the text of an SVG logo file, as hits in the data: at the file,
    reaching ``output``, so that the logo's text an output shows again is not reported again
    (a PNG or JPEG logo's metadata is stripped before it reaches an output, and its pixels
    hold no text to read)."""
    path = logo_file(workspace.organisation, workspace.root)
    if path is None or path.suffix.lower() != ".svg" or not path.is_file():
        return []
    assert workspace.organisation.logo is not None
    return [replace(hit, part=DATA, file=path, output=output) for hit in scan_image(
        path.read_bytes(), matcher, workspace.organisation.logo.path, "logo")]


def _data_sources(document: Document, resolved: Document,
                  workspace: Workspace) -> Iterator[tuple[Any, Path | None, str]]:
    """Yield the data a document is made from, each with the file it was read from (or
    ``None``) and the name hits in it are reported under: the document, the minutes a
    resolution list takes its items from, the reviews it uses, and the profile."""
    yield document, _file_of(document, workspace), workspace.name_of(document)
    if isinstance(document, (ResolutionList, Agenda)) and document.minutes:
        minutes = workspace.documents.get(document_name(document.minutes))
        if minutes is not None:
            yield minutes, _file_of(minutes, workspace), workspace.name_of(minutes)
    for review_id, review in workspace.reviews_for(resolved).items():
        yield review, workspace.review_files.get(review_id), f"review {review_id}"
    yield (workspace.organisation, workspace.root / PROFILE if workspace.root else None,
           PROFILE)


def _file_of(document: Document, workspace: Workspace) -> Path | None:
    name = next((name for name, kept in workspace.documents.items() if kept is document), None)
    return workspace.document_files.get(name) if name is not None else None


def _located(hits: list[Hit], file: Path | None, output: str) -> list[Hit]:
    """Return ``hits``, found in the data read from ``file``, with that file, the line of
    each hit's field, and the output they would have reached."""
    if not hits:
        return hits
    lines = _lines_of(file)
    return [replace(hit, file=file, output=output,
                    line=lines.line_of(_field_path(hit.field)) if lines else None)
            for hit in hits]


def _field_path(field: str) -> tuple[str | int, ...]:
    """Return a dotted field path (``items.0.closing``) as the parts a file's lines use."""
    return tuple(int(part) if part.isdigit() else part for part in field.split(".") if part)


def _lines_of(file: Path | None) -> Located | None:
    """Return ``file`` read again for the line of each field, or ``None`` when it cannot be
    (no file, or it has changed into something unreadable since it was loaded)."""
    if file is None:
        return None
    try:
        status = file.stat()
    except OSError:
        return None
    return _read_lines(file, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=16)
def _read_lines(file: Path, modified: int, size: int) -> Located | None:
    """Return ``file`` read, once per version of it (its time and size are the key)."""
    try:
        return read_file(file)
    except DataError:
        return None


def _with_logo(view: dict[str, Any], workspace: Workspace) -> dict[str, Any]:
    """Return ``view`` with the logo as a data: URI (HTML, PDF) and a path (Word). The
    data: URI holds the picture without its metadata (:func:`~scrdocs.images.strip_metadata`:
    no author, caption, place or comment is carried into an output); Word takes its picture
    from that URI too."""
    path = logo_file(workspace.organisation, workspace.root)
    if path is None:
        return view
    assert workspace.root is not None
    mime = LOGO_TYPES.get(path.suffix.lower())
    if mime is None or not path.is_relative_to(workspace.root.resolve()) or not path.is_file():
        raise RenderError(f"the logo {path} is not a PNG, JPEG or SVG file inside the "
                          "workspace folder")
    try:
        picture = strip_metadata(path.read_bytes())
    except ValueError as exc:
        raise RenderError(f"the logo {path} cannot be read: {exc}") from None
    source = f"data:{mime};base64,{base64.b64encode(picture).decode('ascii')}"
    organisation = {**view["document"]["organisation"], "logo_src": source,
                    "logo_path": str(path) if mime != "image/svg+xml" else ""}
    return {**view, "document": {**view["document"], "organisation": organisation}}


BUNDLED_FONT = "Arimo"


def _with_font(view: dict[str, Any], workspace: Workspace, format: str) -> dict[str, Any]:
    """Return ``view`` with the font family to use and, for a font file, where the HTML
    finds it: the file itself for a PDF (WeasyPrint reads it through the fetcher, which
    allows the workspace folder), a data: URI for a self-contained HTML page; Word only
    needs the family's name."""
    path = font_file(workspace.organisation, workspace.root)
    family = workspace.organisation.font or BUNDLED_FONT
    face = ""
    if path is not None:
        from fontTools.ttLib import TTFont
        with TTFont(str(path), lazy=True) as font:
            family = str(font["name"].getDebugName(1) or path.stem)
        if format == "pdf":
            face = path.as_uri()
        elif format == "html":
            mime = FONT_TYPES[path.suffix.lower()]
            face = f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    organisation = {**view["document"]["organisation"], "font": family, "font_src": face}
    return {**view, "document": {**view["document"], "organisation": organisation}}


def _template(name: str, dirs: tuple[Path, ...]) -> Path:
    try:
        return find_template(name, dirs)
    except FileNotFoundError:
        raise TemplateError(f"no template {name} in {', '.join(map(str, dirs))}") from None


def _properties(view: dict[str, Any], workspace: Workspace, kind: str,
                date: dt.datetime | None) -> dict[str, Any]:
    organisation = workspace.organisation
    return {
        "title": plain_text(str(view["document"]["title"])),
        "subject": plain_text(str(view["document"]["subtitle"])),
        "author": plain_text(str(view["document"]["organisation"]["name"])),
        "keywords": f"safeguarding; case review; {kind}",
        "language": organisation.language,
        "primary": organisation.colours.primary,
        "accent": organisation.colours.accent,
        "font": view["document"]["organisation"]["font"],
        "date": date or dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc),
    }


def organisation_name(workspace: Workspace) -> str:
    """Return the organisation's name as a document's properties give it (author): each
    language's in a bilingual workspace, 'Bwrdd … / … Board'."""
    if not workspace.is_bilingual:
        return workspace.organisation.name
    return plain_text(together([(language, version.organisation.name)
                                for language, version in workspace.versions.items()]))


def document_date(document: Document) -> dt.datetime | None:
    """Return the date a document is stamped with: its meeting or issue date, else
    ``SOURCE_DATE_EPOCH``, else none."""
    for candidate in (getattr(getattr(document, "meeting", None), "date", None),
                      getattr(document, "date", None)):
        if candidate is not None:
            return dt.datetime(candidate.year, candidate.month or 1, candidate.day or 1,
                               tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return None


def write_atomic(path: Path, data: bytes, inputs: Iterable[Path] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The file is replaced, never written through: when ``path`` is a symbolic link, the link
    itself becomes the new file and whatever it pointed at is left as it was. The folder
    may be a link (an output folder kept elsewhere). While it is written, the temporary
    file (``.NAME.xxxxxxxx.tmp``) is locked, so :func:`remove_temporaries` leaves it alone.

    :raises OutputError: the folder is missing or read-only, ``path`` is one of ``inputs``,
        or it is a device or leads to one, a named pipe or a socket (``-o /dev/null`` must
        not replace the system's device with a file).
    """
    return write_all_atomic([(Path(path), data)], inputs)[0]


def write_all_atomic(files: Iterable[tuple[Path, bytes]],
                     inputs: Iterable[Path] = ()) -> list[Path]:
    """Write each ``(path, data)`` as :func:`write_atomic` does, all of them or none.

    Every file is first written in full to its temporary file, and only when all of them
    are written are they put in place: a disk that fills up, or any other failure, leaves
    every file as it was and no temporary file behind. A build writes a document's formats
    this way.

    :raises OutputError: as :func:`write_atomic`, for the first file that cannot be written.
    """
    files = list(files)
    protected = {name for source in inputs for name in _names_of(Path(source))} if files else set()
    staged: list[tuple[Path, Path, Path, IO[bytes]]] = []
    try:
        for path, data in files:
            staged.append(_stage(Path(path), data, protected))
        for path, target, temporary, _ in staged:
            try:
                os.replace(temporary, target)
            except OSError as exc:
                raise OutputError(f"{path}: cannot write the file ({exc.strerror})") from None
    finally:
        for _, _, temporary, stream in staged:
            stream.close()
            temporary.unlink(missing_ok=True)  # only the ones not put in place are left
    return [path for path, *_ in staged]


def _stage(path: Path, data: bytes,
           protected: set[Path]) -> tuple[Path, Path, Path, IO[bytes]]:
    """Write ``data`` in full to a new, locked temporary file beside ``path``; return the
    path, the file it will replace, the temporary file and its open stream (the lock).

    :param protected: the input files, as named and as they lead (:func:`_names_of`).
    """
    folder = path.parent.resolve()
    target = folder / path.name
    if target in protected:
        raise OutputError(f"{path}: refusing to overwrite an input file with output")
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {path.parent} does not exist")
    _refuse_special(path, target)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    stream = os.fdopen(handle, "wb")
    try:
        _lock(stream.fileno(), wait=True)
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
        os.chmod(stream.fileno() if os.chmod in os.supports_fd else temporary, 0o644)
    except BaseException as exc:
        stream.close()
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write the file ({exc.strerror})") from None
        raise
    return path, target, Path(temporary), stream


def _refuse_special(path: Path, target: Path) -> None:
    """Refuse to replace a folder, a device (``-o /dev/null``), or a link to a device, a
    named pipe or a socket (``-o /dev/stdout``): as root, replacing one breaks the system.
    A named pipe or socket in the folder itself is replaced like a file."""
    try:
        mode = os.lstat(target).st_mode
        if stat.S_ISDIR(mode):  # found before any file is put in place: none is
            raise OutputError(f"{path}: is a folder, not a file; move it, or name the "
                              "output otherwise")
        if stat.S_ISLNK(mode):
            mode = os.stat(target).st_mode
        elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            return
    except OSError:  # nothing there, or a link to nothing: the file is made
        return
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise OutputError(f"{path}: is a device, a named pipe or a socket, or a link to one, "
                          "not a file; scrdocs writes its output to files: name a file")


def _names_of(source: Path) -> tuple[Path, Path]:
    """Return the path of an input file as named (its folder resolved), and the file it
    leads to: output written to either would replace the input."""
    return source.parent.resolve() / source.name, source.resolve()


_TEMPORARY = re.compile(r"\.(?:[^/]+\.(?:docx|pdf|html)|\.scrdocs-build\.json)"
                        r"\.[a-z0-9_]{8}\.tmp")
"""The name of a temporary file :func:`write_atomic` makes for an output or the build
manifest (``tempfile`` adds eight characters of its own)."""


def remove_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a run that was killed while writing left in ``folder``;
    return those removed.

    Only regular files named as :func:`write_atomic` names them are removed, never a
    symbolic link and never one still being written (it is locked).
    """
    removed = []
    try:
        names = [entry.name for entry in os.scandir(folder)
                 if _TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    for name in names:
        if _remove_unlocked(folder / name):
            removed.append(folder / name)
    return removed


def _remove_unlocked(path: Path) -> bool:
    """Remove the regular file ``path`` unless another process holds its lock."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return False
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or not _lock(handle, wait=False):
            return False
        if os.lstat(path).st_ino != status.st_ino:  # replaced since it was opened
            return False
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _lock(handle: int, wait: bool) -> bool:
    """Lock the open file ``handle`` for this process; return False when another holds it
    and ``wait`` is false. Where there are no file locks (Windows, which does not let an
    open file be removed anyway) this always succeeds."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: nothing else can hold one either
        return True
    return True


def render_to_path(document: Document, workspace: Workspace | None, path: str | Path,
                   format: str | None = None, **options: Any) -> Path:
    """Render ``document`` and write it to ``path`` atomically; return the path.

    The format defaults to the path's suffix::

        scrdocs.render_to_path(ws.documents["minutes-julia"], ws, "out/minutes.docx")

    :raises OutputError: as :func:`render_for_path`, or the file cannot be written there.
    """
    workspace = _workspace_for(document, workspace)
    data = render_for_path(document, workspace, path, format, **options)
    return write_atomic(Path(path), data, input_files(workspace, options.get("template_dir")))


def render_for_path(document: Document, workspace: Workspace | None, path: str | Path,
                    format: str | None = None, **options: Any) -> bytes:
    """Return the bytes :func:`render_to_path` writes to ``path``, with the same checks of
    the path's name (its length, the case key), writing nothing: a build renders every
    format of a document this way before it writes any.

    :raises FormatError: the format is unknown, cannot be told from the suffix, or is not
        the one the suffix names (a Word file is never written as ``report.pdf``).
    :raises OutputError: the folder cannot be written, or the file name is longer than
        file systems allow (it is never shortened: the name must stay the one asked for).
    """
    path = Path(path)
    workspace = _workspace_for(document, workspace)
    suffix = path.suffix.lstrip(".").lower()
    format = check_format(format) if format else check_format(suffix, path)
    if suffix in FORMATS and suffix != format:
        raise FormatError(f"{path}: the name ends .{suffix} but the format asked for is "
                          f"{format}; name the file {path.stem}.{format}, or leave the "
                          "format out")
    too_long = file_name_too_long(path)
    if too_long:
        name = workspace.name_of(document)
        advice = ("rename the document file" if path.stem == Path(name).stem
                  else "choose a shorter name")
        raise OutputError(f"{name}: cannot write its {format} output: {too_long}; {advice}")
    if workspace.case_key is not None:
        hits = case_key_matcher(workspace.case_key).hits(path.name, path.name, "file name")
        if hits:
            raise DisclosureError(hits)
    return render(document, workspace, format, **options)


def input_files(workspace: Workspace, template_dir: str | Path | None = None) -> list[Path]:
    """Return every file a render of ``workspace`` may read, which output must never replace:
    documents, reviews, the profile, the case key, the logo and font files and every
    template."""
    files = [*workspace.document_files.values(), *workspace.review_files.values()]
    if workspace.root is not None:
        files += [workspace.root / PROFILE, workspace.root / CASE_KEY]
    files += workspace.asset_files()
    for folder in template_dirs(workspace.root, Path(template_dir) if template_dir else None):
        files += [file for file in folder.rglob("*") if file.is_file()]
    return files


def build(workspace: Workspace, out: str | Path | None = None,
          formats: Iterable[str] = FORMATS, *, jobs: int | None = 1, force: bool = False,
          **options: Any) -> list[Path]:
    """Render every document of ``workspace`` in every format into ``out``; return the files
    written.

    ``out`` defaults to the workspace's ``out/`` folder; files are named after the
    document files (``minutes-julia.yaml`` → ``minutes-julia.pdf``). Outputs still up to
    date since the last build are skipped (see :mod:`scrdocs.build`)::

        written = scrdocs.build(scrdocs.load_workspace("data/haringey"), jobs=None)

    :param jobs: documents rendered at once, each in its own process; ``None``: one per core.
    :param force: render every output, up to date or not.
    :param options: ``template_dir``, ``draft`` and ``progress``, as for
        :func:`scrdocs.build.build`.
    :raises BuildError: when any document failed, after every other one was written; it
        names each failed document with its errors (see :class:`scrdocs.build.BuildError`).
    :raises FormatError: one of ``formats`` is not one scrdocs writes.
    """
    if not isinstance(workspace, Workspace):
        raise ArgumentError(f"expected a Workspace to build, got {type(workspace).__name__}; "
                            "load one with scrdocs.load_workspace(folder)")
    if isinstance(formats, str):
        formats = [formats]
    formats = [check_format(format) for format in formats]
    return _build(workspace, out, formats, jobs=jobs, force=force, **options).written


# Imported last, and so while the package itself is being imported: build.py uses the
# functions above, and loading the submodule scrdocs.build any later would rebind the name
# ``scrdocs.build`` from this function to that module.
from .build import build as _build
