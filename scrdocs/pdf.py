"""Turn a view into HTML with the kind's Jinja template, and HTML into PDF with WeasyPrint.

Takes a kind's view and its HTML template (``<kind>/<kind>.html.j2``); produces a
self-contained HTML preview (the stylesheet inlined) and a tagged A4 PDF (PDF/UA-1) with
the bundled fonts embedded, each passage in another language than the one around it (its
``lang``) marked with its own ``/Lang``. WeasyPrint is imported only when a PDF is asked for,
and the renderer may read nothing but the package's and the workspace's own files: any other
URL stops the render rather than being logged and skipped.
"""

from __future__ import annotations

import atexit
import functools
import gc
import inspect
import logging
import os
import re
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound
from jinja2.sandbox import SandboxedEnvironment

from .bidi import mark_html
from .bilingual import finish_html
from .errors import RenderError, ScrdocsError, ScrdocsWarning, TemplateError
from .limits import shorten
from .templating import default_templates, template_location

FONT_FACES = [("400", "normal"), ("400", "italic"), ("700", "normal"), ("700", "italic")]
"""The weights and styles of the bundled Arimo (Latin, Welsh, Greek, Cyrillic, Hebrew)."""

FALLBACK_FONTS = {
    "Vazirmatn": ("Vazirmatn", [("400", "normal"), ("700", "normal")]),
    "Noto Sans Arabic": ("NotoSansArabic", [("400", "normal"), ("700", "normal")]),
    "Noto Sans SC": ("NotoSansSC", [("400", "normal")]),
    "Noto Emoji": ("NotoEmoji", [("400", "normal")]),
}
"""The bundled fonts for what Arimo lacks, by family: file stem and faces. Vazirmatn (Arabic,
Persian, Urdu; one glyph per letter form, so the PDF's text reads back right), Noto Sans
Arabic (rarer Arabic-script letters), Noto Sans SC (Chinese, kana) and Noto Emoji
(monochrome). The stylesheet's ``font-family`` names them after Arimo, in this order; bold
and italic are synthesised where a face is missing."""


def render_html(view: Mapping[str, Any], template: str, env: SandboxedEnvironment) -> str:
    """Return the HTML of ``view`` rendered with the template named ``template``, each
    paragraph given the direction its text is written in (see :mod:`scrdocs.bidi`)."""
    try:
        html = env.get_template(template).render(view)
    except TemplateNotFound as exc:
        raise TemplateError(f"{template}: no template named '{exc.name}' in the template "
                            "folders") from None
    except JinjaTemplateError as exc:
        where = template_location(exc)
        if where is None:
            raise TemplateError(f"{template}: {exc.message or exc}") from None
        raise TemplateError(f"{where[0]}:{where[1]}: {exc.message or exc}", *where) from None
    html = mark_html(html, view.get("document", {}).get("direction", "ltr"))
    return finish_html(html) if view.get("document", {}).get("languages") else html


def render_pdf(html: str, allowed_roots: tuple[Path, ...]) -> tuple[bytes, int]:
    """Return the PDF of ``html`` (A4, tagged PDF/UA-1, fonts embedded) and its page count.

    The PDF's dates come from the HTML's ``dcterms.created``/``modified`` meta elements, so
    the same input gives the same bytes.

    :param allowed_roots: the only folders the renderer may read files from.
    """
    weasyprint = import_weasyprint()
    with _WarningsAsErrors() as captured:
        try:
            laid_out = _LAID_OUT.take(html, allowed_roots)
            if laid_out is None:
                laid_out = _lay_out(_document(html, allowed_roots, weasyprint), weasyprint)
            _refuse_attachments(laid_out)
            _fit_metadata(laid_out.metadata)
            with _fixed_font_timestamps():
                pdf = laid_out.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"scrdocs",
                                         pdf_tags=True)
        except weasyprint.urls.FatalURLFetchingError as exc:
            raise RenderError(f"the document asked to read {exc.__cause__ or exc}; "
                              "scrdocs reads only its own and the workspace's files") from None
    if captured.problems:
        raise RenderError("the PDF renderer reported: " + "; ".join(captured.problems))
    return pdf, len(laid_out.pages)


def page_fill(html: str, allowed_roots: tuple[Path, ...]) -> list[float]:
    """Return how far down its text area each page of ``html`` is filled (0 to 1), laid out
    as :func:`render_pdf` lays it out, without writing a PDF (see :mod:`scrdocs.flow`)."""
    weasyprint = import_weasyprint()
    document = _document(html, allowed_roots, weasyprint)
    faults: list[Exception] = []
    with _WarningsAsErrors() as captured:
        try:
            laid_out = _lay_out(document, weasyprint, faults)
        except weasyprint.urls.FatalURLFetchingError as exc:  # a BaseException: not let out
            raise RenderError(f"the document asked to read {exc.__cause__ or exc}; "
                              "scrdocs reads only its own and the workspace's files") from None
    if not captured.problems and not faults:
        _LAID_OUT.keep(html, allowed_roots, laid_out, document.url_fetcher.read)
    return [_filled(page._page_box, weasyprint) for page in laid_out.pages]


def _document(html: str, allowed_roots: tuple[Path, ...], weasyprint: Any) -> Any:
    """Return WeasyPrint's document of ``html``, reading files below ``allowed_roots`` only."""
    return weasyprint.HTML(string=html, base_url=str(allowed_roots[0]) + os.sep,
                           url_fetcher=_fetcher_class()(allowed_roots))


class _LaidOut:
    """The last few layouts :func:`page_fill` made, for :func:`render_pdf` to print.

    Deciding whether a document is set tight (:mod:`scrdocs.flow`) lays out the very HTML
    its PDF then prints, so the PDF takes that layout instead of making it again (a third
    of a PDF's time). A layout is taken once, and only while every file it read (a logo,
    an image) is unchanged; one that warned or had a resource problem is not kept, so the
    PDF's own layout reports it.
    """

    KEPT = 2

    def __init__(self) -> None:
        self._layouts: dict[tuple[str, tuple[Path, ...]], tuple[Any, dict[Path, Any]]] = {}

    def keep(self, html: str, allowed_roots: tuple[Path, ...], laid_out: Any,
             read: list[Path]) -> None:
        """Keep ``laid_out``, the layout of ``html``, with the state of the files it read."""
        self._layouts.pop((html, allowed_roots), None)
        while len(self._layouts) >= self.KEPT:
            del self._layouts[next(iter(self._layouts))]
        self._layouts[(html, allowed_roots)] = (laid_out, _file_states(read))

    def take(self, html: str, allowed_roots: tuple[Path, ...]) -> Any:
        """Return the kept layout of ``html`` and forget it, or None if there is none or a
        file it read has changed since."""
        laid_out, states = self._layouts.pop((html, allowed_roots), (None, {}))
        return laid_out if laid_out is not None and _file_states(states) == states else None

    def clear(self) -> None:
        """Forget every kept layout."""
        self._layouts.clear()


def _file_states(paths: Any) -> dict[Path, Any]:
    """Return each file's size and modification time (None for a file gone)."""
    states: dict[Path, Any] = {}
    for path in paths:
        try:
            status = path.stat()
            states[path] = (status.st_size, status.st_mtime_ns)
        except OSError:
            states[path] = None
    return states


_LAID_OUT = _LaidOut()


def _filled(page_box: Any, weasyprint: Any) -> float:
    """Return the share of a page's text area down to its last line of text."""
    boxes = weasyprint.formatting_structure.boxes
    top, height = page_box.content_box_y(), page_box.height
    bottom = max((line.position_y + line.height for child in page_box.children
                  if not isinstance(child, boxes.MarginBox)
                  for line in child.descendants() if isinstance(line, boxes.LineBox)),
                 default=top)
    return (bottom - top) / height if height else 0.0


def _lay_out(document: Any, weasyprint: Any, faults: list[Exception] | None = None) -> Any:
    """Return ``document`` laid out in pages.

    WeasyPrint can fail inside its own pagination when a floating side column runs over a
    page break beside a line it cannot fit (a very long word or figure, e.g.). The pages
    are then laid out once more with the side columns in the flow of the text, where they
    stand in reading order anyway, and a :class:`~scrdocs.errors.ScrdocsWarning` says so.

    :param faults: given, the layout engine's fault is added to it when the pages are laid
        out that second way.
    """
    stylesheets = [_font_stylesheet(), _pdf_stylesheet()]
    try:
        return document.render(stylesheets=stylesheets, font_config=_font_config())
    except (weasyprint.urls.FatalURLFetchingError, ScrdocsError):
        raise
    except Exception as exc:  # a fault of the layout engine  # noqa: BLE001
        fault = exc
    try:
        laid_out = document.render(stylesheets=[*stylesheets, _in_flow_stylesheet()],
                                   font_config=_font_config())
    except Exception:  # the same fault, or another: report the first  # noqa: BLE001
        raise fault from None
    if faults is not None:
        faults.append(fault)
    warnings.warn(ScrdocsWarning(
        f"the PDF's side columns could not be laid out beside the text (the layout engine "
        f"failed with {type(fault).__name__}); they are placed in the text instead"),
        stacklevel=4)
    return laid_out


@lru_cache(maxsize=1)
def _in_flow_stylesheet() -> Any:
    """Return the rule that puts every floating box in the flow of the text."""
    return import_weasyprint().CSS(string="* { float: none !important; }")


def import_weasyprint() -> Any:
    """Import WeasyPrint (quickly, see :func:`_import_quickly`), its tagged PDFs marking
    each passage in another language than the one around it (see
    :func:`_mark_passage_languages`)."""
    weasyprint = _import_quickly()
    _mark_passage_languages()
    return weasyprint


def _import_quickly() -> Any:
    """Import WeasyPrint without the ~0.4 s its library search costs on Linux.

    WeasyPrint tries several names for each C library it needs; cffi hands every name the
    dynamic loader does not know to ``ctypes.util.find_library``, which on Linux runs
    ``ldconfig``, ``gcc`` and ``ld`` in turn, about twenty times. Each list also holds the
    library's exact Linux file name, which the loader finds at once, so during the import
    that search is skipped. Anywhere else, or if the import fails that way, WeasyPrint is
    imported as usual.
    """
    import sys

    if "weasyprint" in sys.modules or sys.platform != "linux":
        import weasyprint
        return weasyprint
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
        return weasyprint
    except (ImportError, OSError):
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search
    import weasyprint
    return weasyprint


LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
"""The shape of a language tag scrdocs writes into a PDF (BCP 47: ``cy``, ``en-GB``,
``sr-Latn-RS``), at most :data:`LANGUAGE_TAG_LENGTH` characters long. Any other ``lang``
value, which a customised template may hold, is never written: the passage then speaks the
language around it."""

LANGUAGE_TAG_LENGTH = 35


def language_tag(value: object) -> str | None:
    """Return ``value`` if it is a well-formed language tag (:data:`LANGUAGE_TAG`), else
    None."""
    if isinstance(value, str) and len(value) <= LANGUAGE_TAG_LENGTH \
            and LANGUAGE_TAG.fullmatch(value):
        return value
    return None


def _mark_passage_languages() -> bool:
    """Make WeasyPrint's tagged PDFs give a structure element ``/Lang`` wherever its
    passage's language differs from the one a screen reader would take for it (its parent
    element's, or at the top the document's ``/Lang``), so the reader switches voice
    there. Return whether WeasyPrint is set up so.

    A passage's language is its HTML element's ``lang``, or the nearest ancestor's, as
    WeasyPrint computes it into each box's style. WeasyPrint writes no ``/Lang`` below the
    catalog: its private ``weasyprint.pdf.tags._build_box_tree`` builds the structure
    element of a box, recursing through that module-level name, and yields each element
    once its children are built. It is wrapped once: the wrapper sees every box and its
    elements, and each element waits until its parent's language is known. If that
    function is missing or changed shape, nothing is changed and False is returned
    (``tests/test_pdf_lang.py`` then fails), leaving the PDF as WeasyPrint writes it.
    """
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if getattr(build, "marks_languages", False):
        return True
    if not (inspect.isgeneratorfunction(build)
            and list(inspect.signature(build).parameters)[:3] == ["box", "parent", "pdf"]):
        return False

    @functools.wraps(build)
    def build_marking_languages(box: Any, parent: Any, pdf: Any, *args: Any,
                                **kwargs: Any) -> Iterator[Any]:
        languages = _StructureLanguages.of(pdf)
        language = _box_language(box)
        for element in build(box, parent, pdf, *args, **kwargs):
            languages.built(element, parent, language)
            yield element

    build_marking_languages.marks_languages = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_marking_languages
    return True


def _box_language(box: Any) -> str | None:
    """Return the language WeasyPrint computed for ``box`` if it is a well-formed tag."""
    try:
        return language_tag(box.style["lang"])
    except (AttributeError, KeyError, TypeError):
        return None


class _StructureLanguages:
    """The languages of one PDF's structure elements while WeasyPrint builds them.

    An element is built before its parent is handed over, so each waits under its parent
    (by identity: every element lives in the PDF's object list until it is written) and is
    marked when the parent's language is known. An element whose language is unknown (no
    well-formed tag) speaks its parent's, and its waiting children move up to that parent.
    """

    def __init__(self, document: str | None) -> None:
        self.document = document
        self.waiting: dict[int, list[tuple[Any, str]]] = {}
        self.seen: set[int] = set()

    @classmethod
    def of(cls, pdf: Any) -> _StructureLanguages:
        """Return the languages kept for ``pdf``, begun with the catalog's ``/Lang``."""
        languages = getattr(pdf, "_scrdocs_languages", None)
        if languages is None:
            document = getattr(pdf.catalog.get("Lang"), "string", None)
            languages = cls(document if isinstance(document, str) else None)
            pdf._scrdocs_languages = languages
        return languages

    def built(self, element: Any, parent: Any, language: str | None) -> None:
        """Take ``element``, just built under ``parent`` for a box in ``language``."""
        if id(element) in self.seen:  # passed up again through <html> or <body>
            return
        self.seen.add(id(element))
        children = self.waiting.pop(id(element), [])
        if language is None:
            for child, child_language in children:
                self._place(child, child_language, parent)
            return
        for child, child_language in children:
            _mark_language(child, child_language, language)
        self._place(element, language, parent)

    def _place(self, element: Any, language: str, parent: Any) -> None:
        """Mark ``element`` against the document's language if ``parent`` is the
        structure tree's top, else let it wait for ``parent``'s."""
        if parent.get("S") == "/Document":
            _mark_language(element, language, self.document)
        else:
            self.waiting.setdefault(id(parent), []).append((element, language))


def _mark_language(element: Any, language: str, around: str | None) -> None:
    """Give ``element`` the ``/Lang`` ``language`` if it differs from ``around``."""
    if around is None or language.lower() != around.lower():
        import pydyf  # WeasyPrint's own PDF writer

        element["Lang"] = pydyf.String(language)


def _fit_metadata(metadata: Any) -> None:
    """Shorten the PDF's title, description, authors and keywords to the length a Word core
    property holds (:func:`~scrdocs.limits.shorten`), so every format carries the same
    metadata and a very long council or committee name stays a readable title."""
    if metadata.title:
        metadata.title = shorten(metadata.title)
    if metadata.description:
        metadata.description = shorten(metadata.description)
    metadata.authors = [shorten(author) for author in metadata.authors or []]
    metadata.keywords = [shorten(keyword) for keyword in metadata.keywords or []]


def _refuse_attachments(laid_out: Any) -> None:
    """Stop a render whose template asks to embed a file (``rel="attachment"``) in the PDF.

    :raises RenderError: naming the first file asked for.
    """
    asked = [f"'{target}'" for page in laid_out.pages
             for link_type, target, *_ in page.links if link_type == "attachment"]
    asked += ["a file (<link rel=\"attachment\">)"] * len(laid_out.metadata.attachments)
    if asked:
        raise RenderError(f"the document asks to attach {asked[0]} to the PDF; scrdocs "
                          "never embeds files in a PDF (remove rel=\"attachment\")")


FONT_TIMESTAMP = "315532800"
"""``SOURCE_DATE_EPOCH`` (1980-01-01) while fonts are subset, unless the caller set one."""


@contextmanager
def _fixed_font_timestamps() -> Iterator[None]:
    """Pin the modified time fontTools stamps on subset fonts, so PDFs are reproducible.

    WeasyPrint subsets with HarfBuzz when ``libharfbuzz-subset`` is installed (no time
    stamped) and otherwise with fontTools, which stamps the current time unless
    ``SOURCE_DATE_EPOCH`` is set.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_TIMESTAMP
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


class _WarningsAsErrors(logging.Handler):
    """Collect WeasyPrint's warnings about unfetched resources: they must stop the render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or "fetch" in message.lower() \
                or "load" in message.lower():
            self.problems.append(message)

    def __enter__(self) -> _WarningsAsErrors:
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *args: object) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serve files below the allowed folders and data: URLs; refuse everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(fail_on_errors=True)
            self.roots = tuple(root.resolve() for root in roots)
            self.read: list[Path] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    self.read.append(path)
                    return URLFetcherResponse(url, path.read_bytes())
            raise FatalURLFetchingError(f"'{url}'")

    return LocalOnlyFetcher


@lru_cache(maxsize=1)
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration
    atexit.register(release_fonts)
    return FontConfiguration()


def release_fonts() -> None:
    """Drop the cached fonts while the interpreter can still remove their temporary files."""
    _font_stylesheet.cache_clear()
    _pdf_stylesheet.cache_clear()
    _in_flow_stylesheet.cache_clear()
    _font_config.cache_clear()
    _LAID_OUT.clear()
    gc.collect()


PDF_ONLY_CSS = ".page-marking { display: none !important; }"
"""Rules for the PDF alone: it carries the marking in its page margins (``@page`` margin
boxes), so the lines that show it inside an HTML page for browsers are hidden."""


@lru_cache(maxsize=1)
def _pdf_stylesheet() -> Any:
    """Return :data:`PDF_ONLY_CSS`, parsed once per process."""
    return import_weasyprint().CSS(string=PDF_ONLY_CSS)


@lru_cache(maxsize=1)
def _font_stylesheet() -> Any:
    """Return the @font-face rules of the bundled fonts, parsed once per process."""
    weasyprint = import_weasyprint()
    fonts = default_templates() / "_base" / "fonts"
    faces = [("Arimo", "Arimo", weight, style) for weight, style in FONT_FACES]
    faces += [(family, stem, weight, style)
              for family, (stem, styles) in FALLBACK_FONTS.items() for weight, style in styles]
    rules = [
        f"@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{(fonts / f'{stem}-{weight}-{style}.ttf').as_uri()}'); }}"
        for family, stem, weight, style in faces
    ]
    return weasyprint.CSS(string="\n".join(rules), font_config=_font_config(),
                          url_fetcher=_fetcher_class()((fonts,)))
