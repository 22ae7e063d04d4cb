"""Templates people edit: export the defaults, and check overriding templates before use.

``export_templates`` copies the package's templates out in exactly the layout a workspace
``templates/`` folder uses, so edited files drop in as they are. ``check_templates`` reads
every overriding template of a workspace (Word and HTML) and reports syntax errors with the
template text around them, tags that Word split across paragraphs, and every variable a
template uses that scrdocs does not provide, with a suggestion and the variables that exist.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, meta, nodes

from .errors import OutputError, TemplateError, closest
from .kinds import KINDS
from .templating import default_templates, environment, outside

if TYPE_CHECKING:
    from .kinds import Document
    from .workspace import Workspace

SHARED = "_base"
_EXPORTED_SUFFIXES = (".docx", ".j2", ".css")
_BUILTIN_NAMES = {"range", "loop", "dict", "lipsum", "cycler", "joiner", "namespace", "super",
                  "self", "varargs", "kwargs", "caller", "true", "false", "none", "m"}


def export_templates(target: str | Path, kinds: list[str] | None = None,
                     overwrite: bool = False) -> list[Path]:
    """Copy the default templates into ``target`` (``<kind>/…`` and ``_base/…``).

    Copy them into a workspace's ``templates/`` folder, edit them, and ``build`` uses them::

        scrdocs.customise.export_templates("data/thurrock/templates", ["minutes"])

    :raises OutputError: a file would be overwritten and ``overwrite`` is false.
    """
    source = default_templates()
    folders = [SHARED, *(kinds or list(KINDS))]
    files = [path for folder in folders for path in sorted((source / folder).glob("*"))
             if path.is_file() and path.name.endswith(_EXPORTED_SUFFIXES)]
    target = Path(target)
    clashes = [target / f.relative_to(source) for f in files
               if (target / f.relative_to(source)).exists()]
    if clashes and not overwrite:
        raise OutputError("these files exist already (use --force to replace them):\n" +
                          "\n".join(f"  {path}" for path in clashes))
    written = []
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        written.append(destination)
    return written


@dataclass(frozen=True)
class TemplateProblem:
    """One problem in an overriding template."""

    template: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.template}:{self.line}" if self.line else str(self.template)
        return f"{where}: {self.message}"


def overriding_templates(folders: list[Path]) -> list[Path]:
    """Return the template files in the given overriding folders."""
    return [path for folder in folders if folder.is_dir()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and path.name.endswith(_EXPORTED_SUFFIXES)]


def check_templates(workspace_root: str | Path,
                    template_dir: str | Path | None = None) -> list[TemplateProblem]:
    """Return the problems of every template that overrides a default in this workspace.

    :param template_dir: an extra folder, as given to ``--template-dir``.
    """
    root = Path(workspace_root)
    folders = [Path(template_dir)] if template_dir else []
    folders.append(root / "templates")
    from .templating import template_dirs

    dirs = template_dirs(root, Path(template_dir) if template_dir else None)
    samples: list[tuple[Workspace, Document]] | None = None
    problems: list[TemplateProblem] = []
    for path in overriding_templates(folders):
        folder = next(folder for folder in folders if path.is_relative_to(folder))
        target = outside(path, folder)
        if target is not None:
            problems.append(TemplateProblem(path, None, f"the template is a symbolic link to "
                                            f"{target}, outside the template folder; copy "
                                            "the file in instead"))
            continue
        kind = path.parent.name
        known = _known_names(kind)
        if path.suffix == ".docx":
            found = _check_docx(path, known)
        else:
            found = _check_jinja(path, path.read_text(encoding="utf-8"), known)
        if not found and samples is None:
            samples = _samples(root)
        problems += found or _trial_render(path, dirs, samples or [])
    return problems


def _samples(root: Path) -> list[tuple[Workspace, Document]]:
    """Return the documents to try templates with: the workspace's own and those of the
    starter workspace (``scrdocs new``), which has one of every kind. A workspace whose data
    do not load gives none (``scrdocs validate`` reports the data)."""
    from .errors import ScrdocsError
    from .new import starter_folder
    from .workspace import load_workspace

    samples = []
    for folder in (root, starter_folder()):
        try:
            workspace = load_workspace(folder)
        except ScrdocsError:
            continue
        samples += [(workspace, document) for document in workspace.documents.values()]
    return samples


def _trial_render(path: Path, dirs: tuple[Path, ...],
                  samples: list[tuple[Workspace, Document]]) -> list[TemplateProblem]:
    """Render the sample documents of the template's kind with the overriding template
    ``path`` among ``dirs``; report what fails in it.

    This finds what reading the template cannot: a misspelt field (``item.tittle``), a
    filter given the wrong kind of value. ``_base`` templates are tried with every kind. A
    failure inside another template is left to that template's own check.
    """
    from .errors import ScrdocsError
    from .render import render_with

    kinds = [path.parent.name] if path.parent.name in KINDS else list(KINDS)
    format = "docx" if path.suffix == ".docx" else "html"
    problems: dict[tuple[int | None, str], None] = {}
    for workspace, document in samples:
        if document.kind not in kinds:
            continue
        try:
            render_with(document, workspace, format, dirs)
        except TemplateError as exc:
            if exc.template is None or not _same_file(exc.template, path):
                continue
            message = str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc)
            problems.setdefault((exc.line, message))
        except ScrdocsError:
            continue
    return [TemplateProblem(path, line, f"fails on a sample {format}: {message}")
            for line, message in problems]


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


@cache
def _known_names(kind: str) -> frozenset[str]:
    """Return the variables scrdocs provides to ``kind``'s templates (every kind's, for a
    shared ``_base`` template), from the default templates' own use."""
    if kind not in KINDS:
        return frozenset().union(*(_known_names(name) for name in KINDS))
    env = environment((default_templates(),))
    names = {"document", "meta"}
    pending = [f"{kind}/{kind}.html.j2", f"{SHARED}/base.html.j2"]
    seen: set[str] = set()
    while pending:  # the kind's template and every template it extends or includes
        name = pending.pop()
        if name in seen or not (default_templates() / name).is_file():
            continue
        seen.add(name)
        tree = env.parse((default_templates() / name).read_text(encoding="utf-8"))
        names |= meta.find_undeclared_variables(tree)
        pending += [found for found in meta.find_referenced_templates(tree) if found]
    return frozenset(names)


def _check_jinja(path: Path, source: str, known: frozenset[str],
                 context: list[str] | None = None) -> list[TemplateProblem]:
    env = environment((default_templates(),))
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(path, exc.lineno if context is None else None,
                                f"syntax error: {exc.message}{_around(source, exc.lineno)}")]
    problems = []
    declared = _declared_names(tree)
    for name in sorted(meta.find_undeclared_variables(tree) - declared - _BUILTIN_NAMES):
        if name in known:
            continue
        guess = closest(name, sorted(known))
        hint = f"did you mean '{guess}'? " if guess else ""
        problems.append(TemplateProblem(
            path, _first_line(tree, name),
            f"uses '{name}', which scrdocs does not provide; {hint}"
            f"the variables are: {', '.join(sorted(set(known) - _BUILTIN_NAMES))}"))
    return problems


def _declared_names(tree: nodes.Template) -> set[str]:
    return {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}


def _first_line(tree: nodes.Template, name: str) -> int | None:
    for node in tree.find_all(nodes.Name):
        if node.name == name:
            return node.lineno
    return None


def _around(source: str, line: int | None) -> str:
    if not line:
        return ""
    lines = source.splitlines()
    start = max(line - 3, 0)
    shown = [re.sub(r"<[^>]+>", "", text).strip() for text in lines[start:line + 2]]
    return "\n    near: " + "\n    near: ".join(text for text in shown if text)


def _check_docx(path: Path, known: frozenset[str]) -> list[TemplateProblem]:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(path))
    template.render_init()
    problems = [TemplateProblem(path, None, message) for message in _split_tags(template)]
    xml = template.patch_xml(template.get_xml())
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    for problem in _check_jinja(path, xml, known, context=[]):
        problems.append(TemplateProblem(path, None, problem.message))
    parts = [*template.get_headers_footers(template.HEADER_URI),
             *template.get_headers_footers(template.FOOTER_URI)]
    for _, part in parts:
        part_xml = template.patch_xml(template.get_part_xml(part))
        for problem in _check_jinja(path, part_xml, known, context=[]):
            problems.append(TemplateProblem(path, None, f"header/footer: {problem.message}"))
    return problems


def _split_tags(template: Any) -> list[str]:
    """Return a message for every Jinja tag Word split across paragraphs."""
    messages = []
    for paragraph in template.docx.paragraphs:
        text = paragraph.text
        opened = len(re.findall(r"\{[{%]", text))
        closed = len(re.findall(r"[}%]\}", text))
        if opened != closed:
            messages.append(f"a tag is split across paragraphs near \"{text.strip()[:80]}\"; "
                            "keep each {{ … }} or {% … %} within one paragraph")
    return messages
