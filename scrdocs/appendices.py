"""Appendices of an agenda pack: whether a PDF or Word file can be joined into a pack, and
Word files converted to tagged PDF with LibreOffice.

Takes the files an agenda's items name; produces the reason one cannot be used (too large,
encrypted, damaged, not what its name says), whether a PDF is tagged, and the PDF of each
Word file, converted once and kept by its content.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem, RenderError

APPENDIX_SIZE_LIMIT = 100 * 1024 * 1024
"""The largest appendix file, in bytes (100 MB)."""

APPENDIX_UNPACKED_LIMIT = 1024 * 1024 * 1024
"""The most a Word appendix may hold once unpacked, in bytes (1 GB): a small file that
unpacks to far more (a 'zip bomb') would keep the check and LibreOffice busy for hours."""

CONVERTED = ".scrdocs-pack"
"""The folder, in the output folder, keeping the PDF of each Word appendix converted."""


@lru_cache(maxsize=32)
def read_pdf(data: bytes) -> Any:
    """Return a pypdf reader of ``data``, read once however often a pack asks (parsing a
    PDF's object streams is most of what joining costs)."""
    import pypdf

    return pypdf.PdfReader(io.BytesIO(data))


def appendix_problem(path: Path) -> str:
    """Return why an appendix file cannot go into a pack ('' when it can): over the size
    limit, or a PDF that is encrypted or cannot be read, or a Word file that is not one."""
    size = path.stat().st_size
    if size > APPENDIX_SIZE_LIMIT:
        return (f"'{path.name}' is {size / 1e6:.0f} MB; an appendix may be at most "
                f"{APPENDIX_SIZE_LIMIT / 1e6:.0f} MB (compress its pictures, or split it)")
    if path.suffix.lower() == ".docx":
        return _word_problem(path)
    return _pdf_problem(path.read_bytes(), path.name)


def _pdf_problem(data: bytes, name: str) -> str:
    try:
        reader = read_pdf(data)
        if reader.is_encrypted:
            return (f"'{name}' is an encrypted (password-protected) PDF, which cannot be "
                    "joined into a pack; save a copy without a password")
        pages = len(reader.pages)
        for page in reader.pages:
            page.get_contents()
    except Exception as exc:  # a damaged file: pypdf raises many kinds  # noqa: BLE001
        return (f"'{name}' cannot be read as a PDF ({type(exc).__name__}: "
                f"{str(exc)[:120]}); it may be damaged: export it again")
    if pages == 0:
        return f"'{name}' is a PDF with no pages"
    return ""


def _word_problem(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                return f"'{path.name}' is not a Word document (it has no word/document.xml)"
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > APPENDIX_UNPACKED_LIMIT:
                return (f"'{path.name}' unpacks to {unpacked / 1e6:,.0f} MB; a Word appendix "
                        f"may hold at most {APPENDIX_UNPACKED_LIMIT / 1e6:,.0f} MB "
                        "(compress its pictures, or save it as PDF)")
            if archive.testzip() is not None:
                return f"'{path.name}' is damaged (a part of it cannot be read)"
    except (zipfile.BadZipFile, OSError) as exc:
        return f"'{path.name}' cannot be read as a Word file ({exc}); it may be damaged"
    return ""


def is_tagged(pdf: bytes) -> bool:
    """Return whether a PDF is tagged: marked, with a structure tree."""
    root = read_pdf(pdf).trailer["/Root"]
    mark = root.get("/MarkInfo")
    return bool(mark and mark.get_object().get("/Marked")) and "/StructTreeRoot" in root


LIBREOFFICE_PDF = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
                   '"PDFUACompliance":{"type":"boolean","value":"true"}}')
"""LibreOffice's PDF export with tags (PDF/UA), for Word appendices."""


def convert_word(paths: list[Path], out: Path, where: tuple[Any, ...]) -> list[bytes]:
    """Return each Word file as a tagged PDF, converted by LibreOffice in one call (each
    kept in ``out/.scrdocs-pack/`` by its content, so it is converted once).

    :raises RenderError: LibreOffice is not installed, or fails; naming the file and field
        (``where``) of the first Word appendix.
    """
    from .finish import LIBREOFFICE_TIMEOUT, WordLayoutError, libreoffice

    cache = out / CONVERTED
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]
    missing = [(path, digest) for path, digest in zip(paths, digests)
               if not (cache / f"{digest}.pdf").is_file()]
    if missing:
        command = libreoffice()
        file, line, field_path = where
        if command is None:
            raise RenderError(str(Problem(file, line, field_path, (
                f"'{missing[0][0].name}' is a Word file: the pack needs it as PDF, and "
                "converting it needs LibreOffice (soffice), which is not installed here; "
                "install LibreOffice, or save the appendix as a tagged PDF"))))
        try:
            _libreoffice_pdfs(command, missing, cache, LIBREOFFICE_TIMEOUT)
        except WordLayoutError as exc:
            raise RenderError(str(Problem(file, line, field_path, (
                f"LibreOffice could not convert the Word appendix: {exc}")))) from None
    return [(cache / f"{digest}.pdf").read_bytes() for digest in digests]


def _libreoffice_pdfs(command: str, files: list[tuple[Path, str]], cache: Path,
                      timeout: float) -> None:
    import shutil
    import tempfile

    from .finish import WordLayoutError, _font_setup, _run_libreoffice

    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scrdocs-pack-") as scratch:
        folder = Path(scratch)
        (folder / "in").mkdir()
        for path, digest in files:
            shutil.copyfile(path, folder / "in" / f"{digest}.docx")
        _run_libreoffice([command, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                          "--headless", "--norestore", "--nologo", "--nodefault",
                          "--convert-to", LIBREOFFICE_PDF, "--outdir", str(folder / "out"),
                          *(str(folder / "in" / f"{digest}.docx") for _, digest in files)],
                         timeout, _font_setup(folder))
        for path, digest in files:
            made = folder / "out" / f"{digest}.pdf"
            if not made.is_file():
                raise WordLayoutError(f"LibreOffice did not convert {path.name}")
            shutil.copyfile(made, cache / f"{digest}.pdf")
