"""Start a new workspace from the starter files that ship with scrdocs.

Takes a folder that is new or empty and an organisation name; produces a workspace that
validates and builds at once: the profile, one fictional review, one document of every kind
drawing on it, an example case key kept out of version control by a ``.gitignore``, the JSON
Schemas of the data files, and VS Code settings that attach those schemas to the YAML files.

The starter files live in the package's ``templates/_workspace/``; a top-level name starting
``dot-`` there is written with a leading dot instead (``dot-gitignore`` → ``.gitignore``), so
packaging tools never treat the starter's own dotfiles as the project's.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from .errors import OutputError
from .templating import default_templates

DEFAULT_ORGANISATION = "Your Safeguarding Children Partnership"
"""The organisation name a new workspace gets when none is given."""

STARTER = "_workspace"
"""The folder of starter files among the default templates."""

SCHEMA_FILES = {
    "organisation": "schemas/organisation.schema.json",
    "review": "schemas/review.schema.json",
    "document": "schemas/document.schema.json",
}
"""Where a new workspace keeps the JSON Schema of each kind of data file."""

GUIDE = {
    "scrdocs.yaml": "your organisation: name, colours, contact, protective marking",
    "reviews/child-a.yaml": "an example review (fictional); copy it for each of your reviews",
    "documents/committee-report.yaml": "the committee paper about Child A",
    "documents/minutes.yaml": "the meeting's minutes: attendance, minute numbers, item 6 written as blocks",
    "documents/resolution-list.yaml": "the RESOLVED: text of every item in minutes.yaml",
    "documents/one-minute-guide.yaml": "a one-minute guide for frontline practitioners",
    "documents/learning-briefing.yaml": "a learning briefing drawing on Child A",
    "documents/agenda.yaml": "the agenda of the meeting in minutes.yaml, and its agenda pack",
    "documents/seven-minute-briefing.yaml": "a seven-minute briefing on the learning from Child A",
    "case-key.example.yaml": "how to record real names privately so they are never published",
    "schemas/, .vscode/": "check the YAML files as you type (VS Code with the YAML extension)",
}
"""What ``scrdocs new`` says about the files it wrote, in the order it lists them."""

IGNORED_WHEN_EMPTY = frozenset({".git"})
"""Entries a folder may already hold and still count as empty (``git init`` first is fine)."""

_DEFAULT_VALUE = re.compile(rf"(:[ \t]+){re.escape(DEFAULT_ORGANISATION)}[ \t]*$",
                            re.MULTILINE)
_PLAIN_SCALAR = re.compile(r"[A-Za-z][A-Za-z0-9 ’'&,.()/-]*[A-Za-z0-9.)’']|[A-Za-z]")
"""Names YAML reads back as the same text when written unquoted (a letter first, no `: `)."""
_YAML_WORDS = {"null", "true", "false"}


def starter_folder() -> Path:
    """Return the folder of starter files that :func:`new_workspace` copies."""
    return default_templates() / STARTER


def new_workspace(folder: str | Path, organisation: str = DEFAULT_ORGANISATION) -> list[Path]:
    """Create a workspace in ``folder`` for ``organisation`` and return the files written.

    ``folder`` is created (with its parents) when missing; an existing folder must be empty,
    so nothing is ever overwritten::

        written = new_workspace("anyshire", organisation="Anyshire Safeguarding Partnership")

    :raises OutputError: ``folder`` is a file, is not empty, or cannot be written.
    :raises ValueError: ``organisation`` is not a usable name.
    """
    folder = Path(folder)
    name = check_organisation(organisation)
    _check_empty(folder)
    files = {**starter_contents(name), **schema_contents()}
    _write(folder, files)
    return [folder / relative for relative in files]


def check_organisation(name: str) -> str:
    """Return ``name`` trimmed, or raise ``ValueError`` saying why it cannot name an
    organisation."""
    from pydantic import ValidationError

    from .model import Organisation

    name = name.strip()
    if "\n" in name or "\r" in name:
        raise ValueError("the organisation name must be one line")
    try:
        Organisation(name=name)
    except ValidationError as exc:
        raise ValueError(f"the organisation name {exc.errors()[0]['msg']}") from None
    return name


def starter_contents(organisation: str) -> dict[str, bytes]:
    """Return the starter files by their path in a new workspace, named for
    ``organisation``."""
    root = starter_folder()
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        target = "." + relative[4:] if relative.startswith("dot-") else relative
        data = path.read_bytes()
        if path.suffix == ".yaml":
            data = _name_organisation(data.decode("utf-8"), organisation).encode("utf-8")
        files[target] = data
    return files


def _name_organisation(text: str, organisation: str) -> str:
    """Return ``text`` with every field whose value is the default organisation name set to
    ``organisation``, quoted when YAML needs it."""
    plain = (_PLAIN_SCALAR.fullmatch(organisation) is not None
             and organisation.lower() not in _YAML_WORDS)
    value = organisation if plain else json.dumps(organisation, ensure_ascii=False)
    return _DEFAULT_VALUE.sub(lambda match: match.group(1) + value, text)


def schema_contents() -> dict[str, bytes]:
    """Return the JSON Schema files of a new workspace, as ``scrdocs schema`` prints them."""
    from .schema import json_schema

    return {path: (json.dumps(json_schema(subject), indent=2, ensure_ascii=False) + "\n")
            .encode("utf-8") for subject, path in SCHEMA_FILES.items()}


def _check_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file; give the name of a new folder for the "
                          "workspace")
    if folder.is_dir() and any(entry.name not in IGNORED_WHEN_EMPTY
                               for entry in folder.iterdir()):
        raise OutputError(f"{folder} is not empty; scrdocs new only fills a new or empty "
                          "folder, so that none of your files is overwritten. Give the name "
                          "of a new folder and scrdocs new will create it")


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        path = folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as stream:
                stream.write(data)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write the file ({exc.strerror})") from None


def next_steps(folder: str | Path, organisation: str = DEFAULT_ORGANISATION) -> str:
    """Return what to tell someone who has just created the workspace in ``folder``."""
    folder = Path(folder)
    shown = shlex.quote(str(folder))
    width = max(len(name) for name in GUIDE) + 2
    listing = "\n".join(f"  {name:<{width}}{what}" for name, what in GUIDE.items())
    return (
        f"Created a scrdocs workspace for {organisation} in {folder}:\n\n"
        f"{listing}\n\n"
        "Next:\n"
        f"  1. Put your organisation's details in {folder / 'scrdocs.yaml'}.\n"
        f"  2. Edit {folder / 'reviews' / 'child-a.yaml'}, or copy it to start a review of "
        "your own.\n"
        f"  3. Check your changes:  scrdocs validate {shown}\n"
        f"  4. Make the documents:  scrdocs build {shown}\n"
        f"     (Word, PDF and HTML files appear in {folder / 'out'})\n"
        f"  5. Before publishing:   scrdocs check {shown}\n"
    )
