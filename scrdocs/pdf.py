"""Turn a view into HTML with the kind's Jinja template, and HTML into PDF with WeasyPrint.

Takes a kind's view and its HTML template (``<kind>/<kind>.html.j2``); produces a
self-contained HTML preview (the stylesheet inlined) and a tagged A4 PDF (PDF/UA-1) with
the bundled fonts embedded. WeasyPrint is imported only when a PDF is asked for, and the
renderer may read nothing but the package's and the workspace's own files: any other URL
stops the render rather than being logged and skipped.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import RenderError, TemplateError
from .templating import default_templates

FONT_FACES = [("400", "normal"), ("400", "italic"), ("700", "normal"), ("700", "italic")]


def render_html(view: Mapping[str, Any], template: str, env: SandboxedEnvironment) -> str:
    """Return the HTML of ``view`` rendered with the template named ``template``."""
    try:
        return env.get_template(template).render(view)
    except JinjaTemplateError as exc:
        raise TemplateError(f"{template}: {exc.message or exc}") from None


def render_pdf(html: str, allowed_roots: tuple[Path, ...]) -> tuple[bytes, int]:
    """Return the PDF of ``html`` (A4, tagged PDF/UA-1, fonts embedded) and its page count.

    The PDF's dates come from the HTML's ``dcterms.created``/``modified`` meta elements, so
    the same input gives the same bytes.

    :param allowed_roots: the only folders the renderer may read files from.
    """
    weasyprint = _weasyprint()
    fetcher = _fetcher_class()(allowed_roots)
    document = weasyprint.HTML(string=html, base_url=str(allowed_roots[0]) + os.sep,
                               url_fetcher=fetcher)
    with _WarningsAsErrors() as captured:
        try:
            laid_out = document.render(stylesheets=[_font_stylesheet()],
                                       font_config=_font_config())
            pdf = laid_out.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"scrdocs",
                                     pdf_tags=True)
        except weasyprint.urls.FatalURLFetchingError as exc:
            raise RenderError(f"the document asked to read {exc.__cause__ or exc}; "
                              "scrdocs reads only its own and the workspace's files") from None
    if captured.problems:
        raise RenderError("the PDF renderer reported: " + "; ".join(captured.problems))
    return pdf, len(laid_out.pages)


def _weasyprint() -> Any:
    import weasyprint
    return weasyprint


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

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes())
            raise FatalURLFetchingError(f"'{url}'")

    return LocalOnlyFetcher


@lru_cache(maxsize=1)
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


@lru_cache(maxsize=1)
def _font_stylesheet() -> Any:
    """Return the @font-face rules of the bundled fonts, parsed once per process."""
    weasyprint = _weasyprint()
    fonts = default_templates() / "_base" / "fonts"
    rules = [
        f"@font-face {{ font-family: 'Arimo'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{(fonts / f'Arimo-{weight}-{style}.ttf').as_uri()}'); }}"
        for weight, style in FONT_FACES
    ]
    return weasyprint.CSS(string="\n".join(rules), font_config=_font_config(),
                          url_fetcher=_fetcher_class()((fonts,)))
