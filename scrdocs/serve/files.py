"""The files of a workspace the editor may touch, and how it touches them.

Takes a workspace folder and a path a browser asked for; produces the file it means, or
:class:`NotEditable` when it is anything but the profile (``scrdocs.yaml``), a review
(``reviews/<name>.yaml``) or a document (``documents/<name>.yaml``) inside that folder:
``../`` paths, symbolic links leading out, hidden files and the case key are refused.
Writes are atomic (a temporary file beside the target, then a rename), so a failed save
never leaves half a file, and every read hands back a fingerprint of what it read, so a
save can tell that the file changed on disk since it was opened.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROFILE = "scrdocs.yaml"
CASE_KEY = "case-key.yaml"
FOLDERS = {"reviews": "review", "documents": "document"}
"""The folders of editable files, with what each file in them is."""

SUFFIXES = (".yaml", ".yml", ".json")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
OUTPUT_SUFFIXES = {".docx", ".pdf", ".html"}


class NotEditable(LookupError):
    """A path the editor will not read or write; the message says why, in plain words."""


@dataclass(frozen=True)
class DataFile:
    """One editable file of a workspace."""

    root: Path
    relative: str
    """As the page names it: ``reviews/child-a.yaml``."""

    @property
    def path(self) -> Path:
        """Return the file's path."""
        return self.root / self.relative

    @property
    def subject(self) -> str:
        """Return what the file holds: 'organisation', 'review' or 'document'."""
        if self.relative == PROFILE:
            return "organisation"
        return FOLDERS[self.relative.split("/", 1)[0]]

    @property
    def name(self) -> str:
        """Return the file's name without its suffix: a review's id, a document's name."""
        return Path(self.relative).stem

    @property
    def is_json(self) -> bool:
        """Return whether the file is JSON rather than YAML."""
        return self.relative.endswith(".json")


def check_name(name: str) -> str:
    """Return ``name`` if it can name a review or document file (letters, digits, ``-``,
    ``_`` and ``.``, starting with a letter or digit), else raise :class:`NotEditable`."""
    if not _NAME.fullmatch(name) or name.endswith("."):
        raise NotEditable(f"'{name}' cannot be a file name here: use letters, digits and "
                          "hyphens (child-b, minutes-2025-03), starting with a letter or digit")
    return name


def data_file(root: Path, relative: str) -> DataFile:
    """Return the editable file ``relative`` names in the workspace ``root``.

    :raises NotEditable: the path is not the profile, a review or a document file of this
        workspace, or leads outside it.
    """
    if not names_data_file(relative):
        raise NotEditable(f"'{relative}' is not a file the editor opens: only {PROFILE}, "
                          "reviews/<name>.yaml and documents/<name>.yaml")
    file = DataFile(root, relative)
    target = inside(root, file.path)
    real = target.relative_to(root.resolve()).as_posix()
    if real == CASE_KEY or _same_file(target, root / CASE_KEY):
        raise NotEditable(f"'{relative}' is a link to the case key, which this editor never "
                          "opens")
    if real != relative and not names_data_file(real):
        raise NotEditable(f"'{relative}' is a link to {real}, which is not the profile, a "
                          "review or a document")
    if target.exists() and not target.is_file():
        raise NotEditable(f"{relative} is a folder, not a file: rename or remove the folder "
                          "to use that name")
    return file


def names_data_file(relative: str) -> bool:
    """Return whether the workspace path ``relative`` names the profile, a review file or a
    document file (by its folder, name and suffix alone)."""
    parts = relative.split("/")
    return relative == PROFILE or (
        len(parts) == 2 and parts[0] in FOLDERS and Path(parts[1]).suffix in SUFFIXES
        and _NAME.fullmatch(Path(parts[1]).stem) is not None)


def _same_file(path: Path, other: Path) -> bool:
    """Return whether ``path`` and ``other`` both exist and are one file (a hard link)."""
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def inside(root: Path, path: Path) -> Path:
    """Return ``path`` resolved when it lies inside ``root`` (following symbolic links),
    else raise :class:`NotEditable`."""
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise NotEditable(f"'{path.relative_to(root)}' leads outside the workspace folder")
    return target


def listing(root: Path) -> list[DataFile]:
    """Return the profile, then every review file and document file, in name order."""
    files = [DataFile(root, PROFILE)] if (root / PROFILE).is_file() else []
    for folder in FOLDERS:
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix in SUFFIXES and path.is_file() and _NAME.fullmatch(path.stem):
                try:
                    files.append(data_file(root, f"{folder}/{path.name}"))
                except NotEditable:
                    continue
    return files


def fingerprint(data: bytes | None) -> str:
    """Return the fingerprint of a file's bytes (``""`` for a file that does not exist)."""
    return "" if data is None else hashlib.sha256(data).hexdigest()


def read(file: DataFile) -> bytes | None:
    """Return the bytes of ``file``, or ``None`` when it does not exist.

    :raises NotEditable: it is there but cannot be read (a folder, no permission).
    """
    try:
        return file.path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotEditable(f"{file.relative} is a folder, not a file: rename or remove the "
                          "folder to use that name") from None
    except OSError as exc:
        raise NotEditable(f"{file.relative} cannot be read: {exc.strerror}") from None


def decode(data: bytes) -> tuple[str, str | None]:
    """Return the text of a file's bytes and, when they are not UTF-8, a note saying so
    (the text is then read as Windows-1252, which is what such files mostly are)."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), (
            "the file is not UTF-8 text; it is shown as Windows-1252 and will be saved as "
            "UTF-8")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 through a temporary file and a rename, so the file
    is either the old one or the new one, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def output_file(root: Path, name: str) -> Path:
    """Return the built output ``out/<name>`` of the workspace ``root``.

    :raises NotEditable: ``name`` is not a .docx, .pdf or .html file name in ``out/``.
    """
    if "/" in name or not _NAME.fullmatch(Path(name).stem) or \
            Path(name).suffix not in OUTPUT_SUFFIXES:
        raise NotEditable(f"'{name}' is not an output of this workspace")
    path = root / "out" / name
    inside(root, path)
    if not path.is_file():
        raise NotEditable(f"there is no out/{name}; build the workspace first")
    return path
