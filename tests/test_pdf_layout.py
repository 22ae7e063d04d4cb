"""A PDF prints the layout its page-flow decision already made, never a stale one: the PDF
of an HTML that was measured for the page flow is the PDF it would be unmeasured, and an
image changed between the two is the new image in the PDF.

Read back with pypdf: the page count and the size of the image the page shows.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from scrdocs.pdf import page_fill, render_pdf

PAGES = "".join(f"<p>Paragraph {n} of the report.</p>" for n in range(120))
"""Enough text for more than one page."""


def _logo(path: Path, width: int) -> None:
    """Write a PNG of ``width`` by 10 pixels to ``path``."""
    Image.new("RGB", (width, 10), "red").save(path)


def _html(title: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
            f'<img src="logo.png" alt="Logo">{PAGES}</body></html>')


def _image_widths(pdf: bytes) -> set[int]:
    reader = PdfReader(io.BytesIO(pdf))
    return {image.image.width for page in reader.pages for image in page.images}


def test_a_measured_document_prints_as_an_unmeasured_one(tmp_path: Path) -> None:
    """The PDF of an HTML measured first has the pages and image of one never measured."""
    _logo(tmp_path / "logo.png", 40)
    fill = page_fill(_html("Measured"), (tmp_path,))
    measured, pages = render_pdf(_html("Measured"), (tmp_path,))
    unmeasured, unmeasured_pages = render_pdf(_html("Measured"), (tmp_path,))
    assert len(fill) == pages == unmeasured_pages > 1
    assert _image_widths(measured) == _image_widths(unmeasured) == {40}


def test_an_image_changed_after_measuring_is_printed_new(tmp_path: Path) -> None:
    """An image replaced between the page-flow decision and the PDF is the new one."""
    _logo(tmp_path / "logo.png", 40)
    page_fill(_html("Changed"), (tmp_path,))
    _logo(tmp_path / "logo.png", 80)
    pdf, _ = render_pdf(_html("Changed"), (tmp_path,))
    assert _image_widths(pdf) == {80}
