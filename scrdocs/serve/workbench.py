"""The editor's warm renderer: validation, previews, downloads, build and check.

Takes the workspace folder and the text a form would save; produces what ``scrdocs
validate`` says of that text (the same loaders, run on a scratch copy of the one file, then
the same cross-checks against the rest of the workspace), the document rendered from it as
HTML or PDF, and the results of ``build`` and ``check``. Validation runs in one worker
thread of the server process and rendering in another (so a template stuck until its time
budget runs out delays only the previews); they import the engines once and keep the loaded
workspace until a file in it changes, so a preview costs a render, not a new interpreter.

In a workspace publishing in several languages (the profile's ``languages``) a file is
checked as the loader reads it, once a language (:mod:`scrdocs.bilingual`), and a preview
puts the file's model in each language's version of the workspace, so that it renders as
``scrdocs build`` renders it.

Nothing here shows what the case key protects: every message is passed through
:meth:`Workbench.redact`, and a preview that would disclose a protected name is withheld with
the place it was found (file, line, field), never the name.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .._yaml import read_file
from ..bilingual import languages_of, map_problems, projected
from ..errors import DataError, Problem, ScrdocsError
from ..guard import DisclosureError, Hit
from ..model import Organisation, Review
from ..workspace import (
    Workspace,
    _document_from,
    _review_from,
    load_document,
    load_review,
    load_workspace,
)
from .files import PROFILE, DataFile, listing

T = TypeVar("T")

CASE_KEY_FILES = re.compile(r"case-key[^/]*\.ya?ml$")
PROTECTED = "[protected]"
"""What a protected name or identifier becomes in any message the page shows."""


@dataclass
class FieldProblem:
    """A problem as the page shows it: at a field path, with the line it would have."""

    path: str
    message: str
    line: int | None = None
    file: str = ""
    """The workspace file it is in, when not the one being edited."""

    def as_json(self) -> dict[str, Any]:
        """Return the problem as the page's scripts read it."""
        return {"path": self.path, "message": self.message, "line": self.line,
                "file": self.file}


@dataclass
class Draft:
    """What a form's current values make: the problems, and the model when there are none."""

    problems: list[FieldProblem] = field(default_factory=list)
    model: Any = None
    versions: dict[str, Any] = field(default_factory=dict)
    """In a workspace publishing in several languages, the model in each (the first's is
    :attr:`model`); empty otherwise."""


@dataclass
class Snapshot:
    """The workspace as last loaded, and the problems that stopped parts of it."""

    workspace: Workspace | None
    problems: list[Problem]
    key: tuple[Any, ...]


class Workbench:
    """Validate, preview and render one workspace's files, in one warm worker thread.

    :param root: the workspace folder.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.scratch = Path(tempfile.mkdtemp(prefix="scrdocs-serve-"))
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrdocs-check")
        self.renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrdocs-render")
        self._snapshot: Snapshot | None = None
        self._loading = threading.Lock()
        self._latest: dict[str, int] = {}
        self._rendering = 0

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` (a quick one: listing, validating, saving) in the
        checking thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, function, *args)

    async def run_render(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` (a render, build or check) in the rendering thread and
        return its result; a template that runs until its time budget is spent holds up
        the other renders only, never the pages, validation or saving."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.renderer, self._rendered, function, *args)

    def _rendered(self, function: Callable[..., T], *args: Any) -> T:
        self._rendering += 1
        try:
            return function(*args)
        finally:
            self._rendering -= 1

    def busy_rendering(self) -> bool:
        """Return whether a render, build or check is running now."""
        return self._rendering > 0

    def close(self) -> None:
        """Stop the worker threads and remove the scratch folder."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.renderer.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def newest(self, editor: str, sequence: int) -> bool:
        """Record that ``editor`` (one open page) asked for its ``sequence``-th preview and
        return whether no later one has been asked for; a stale request is skipped."""
        if sequence < self._latest.get(editor, -1):
            return False
        self._latest[editor] = sequence
        return True

    def is_latest(self, editor: str, sequence: int) -> bool:
        """Return whether ``sequence`` is still the newest preview ``editor`` asked for."""
        return self._latest.get(editor, -1) <= sequence

    # --- the workspace as it is on disk -------------------------------------------------

    def snapshot(self) -> Snapshot:
        """Return the workspace loaded from disk, loading it again when a file changed."""
        with self._loading:  # the checking and rendering threads both ask
            key = self._disk_key()
            if self._snapshot is None or self._snapshot.key != key:
                self._snapshot = self._load(key)
            return self._snapshot

    def _disk_key(self) -> tuple[Any, ...]:
        paths = [self.root / PROFILE, self.root / "case-key.yaml"]
        for folder in ("reviews", "documents"):
            directory = self.root / folder
            if directory.is_dir():
                paths += sorted(directory.iterdir())
        key = []
        for path in paths:
            try:
                status = path.stat()
            except OSError:
                continue
            key.append((str(path), status.st_mtime_ns, status.st_size))
        return tuple(key)

    def _load(self, key: tuple[Any, ...]) -> Snapshot:
        from ..workspace import load_workspace_partly

        try:
            return Snapshot(load_workspace(self.root), [], key)
        except DataError as exc:
            problems = exc.problems
        try:
            workspace, _ = load_workspace_partly(self.root)
        except DataError:
            workspace = None
        return Snapshot(workspace, problems, key)

    def status(self) -> dict[str, list[FieldProblem]]:
        """Return each file's problems as ``scrdocs validate`` reports them, by the file's
        workspace path (``reviews/child-a.yaml``); ``""`` holds problems of no one file. The
        case key's problems are counted but never shown."""
        snapshot = self.snapshot()
        found: dict[str, list[FieldProblem]] = {f.relative: [] for f in listing(self.root)}
        for problem in snapshot.problems:
            relative = self.relative(problem.file)
            if relative is not None and CASE_KEY_FILES.search(relative):
                found.setdefault(relative, []).append(FieldProblem(
                    "", "the case key has a problem; open case-key.yaml in a text editor "
                    "(this editor never shows it) and run scrdocs validate", problem.line))
                continue
            found.setdefault(relative or "", []).append(FieldProblem(
                problem.path, self.redact(problem.message), problem.line))
        return found

    def relative(self, path: Path | None) -> str | None:
        """Return ``path`` as a workspace path (``reviews/x.yaml``), or ``None``."""
        if path is None:
            return None
        for base in (self.root, self.root.resolve()):
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                continue
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def reviews(self) -> dict[str, str]:
        """Return the workspace's review ids, each with the name it is published under."""
        workspace = self.snapshot().workspace
        found = {path.stem: "" for path in _data_files(self.root / "reviews")}
        if workspace is not None:
            for review_id, review in workspace.reviews.items():
                found[review_id] = review.name or review.review_type.value.replace("-", " ")
        return dict(sorted(found.items()))

    def documents(self) -> dict[str, str]:
        """Return the workspace's document names, each with its kind."""
        workspace = self.snapshot().workspace
        found = {path.stem: "" for path in _data_files(self.root / "documents")}
        if workspace is not None:
            for name, document in workspace.documents.items():
                found[name] = document.kind
        return dict(sorted(found.items()))

    def documents_using(self, file: DataFile) -> list[str]:
        """Return the documents a preview of ``file`` can show: those that use the review
        it holds, every document for the profile, the document itself otherwise."""
        workspace = self.snapshot().workspace
        if file.subject == "document":
            return [file.name]
        if workspace is None:
            return []
        names = []
        for name, document in workspace.documents.items():
            if file.subject == "organisation":
                names.append(name)
                continue
            try:
                ids = workspace.resolve(document).review_ids()
            except ScrdocsError:
                ids = document.review_ids()
            if file.name in ids:
                names.append(name)
        return names

    # --- a form's values, checked as scrdocs validate checks the file ------------------

    def languages(self) -> list[str]:
        """Return the languages the workspace's profile (as saved) publishes in, the first
        first, when it lists several; none otherwise."""
        try:
            return languages_of(read_file(self.root / PROFILE).data)
        except (DataError, OSError):
            return []

    def check(self, file: DataFile, text: str) -> Draft:
        """Return the problems of ``file`` if it held ``text``, found by the loaders
        ``scrdocs validate`` uses, and the model it makes when there are none."""
        if file.subject == "organisation":
            return self._check_profile(file, text)
        copy = self.scratch / "draft" / Path(file.relative).name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text, encoding="utf-8")
        languages = self.languages()
        if languages:
            return self._check_in_languages(file, copy, languages)
        loader = load_review if file.subject == "review" else load_document
        try:
            model = loader(copy)
        except DataError as exc:
            return Draft(self._field_problems(exc.problems))
        return Draft(self._cross_check(file, model), model)

    def _check_in_languages(self, file: DataFile, copy: Path, languages: list[str]) -> Draft:
        """Return what the loader of a workspace publishing in ``languages`` says of the
        file ``copy`` (the draft of ``file``): the problems of its maps of languages, then
        those of its data in each language, each once; and its model in each language."""
        try:
            located = read_file(copy)
        except DataError as exc:
            return Draft(self._field_problems(exc.problems))
        problems = map_problems(located, languages)
        made = _review_from if file.subject == "review" else _document_from
        versions = {}
        for language in languages:
            model, found = made(projected(located, language, languages))
            problems += [problem for problem in found if problem not in problems]
            versions[language] = model
        if problems or any(model is None for model in versions.values()):
            return Draft(self._field_problems(problems))
        model = versions[languages[0]]
        return Draft(self._cross_check(file, model, versions), model, versions)

    def _check_profile(self, file: DataFile, text: str) -> Draft:
        folder = self.scratch / "profile"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / PROFILE).write_text(text, encoding="utf-8")
        self._mirror_assets(text, folder)
        try:
            workspace = load_workspace(folder)
        except DataError as exc:
            return Draft(self._field_problems(exc.problems))
        versions = {language: version.organisation
                    for language, version in workspace.versions.items()}
        return Draft([], workspace.organisation, versions)

    def _mirror_assets(self, text: str, folder: Path) -> None:
        """Copy the logo and font files a draft profile names, when they are files inside
        the workspace, beside the scratch copy of the profile, so the loader finds them
        there as it would in the workspace."""
        from .files import NotEditable, inside
        from .roundtrip import YamlSyntaxError, load, plain

        try:
            data = plain(load(text))
        except YamlSyntaxError:
            return
        if not isinstance(data, dict):
            return
        logo = data.get("logo")
        names = [logo.get("path") if isinstance(logo, dict) else None, data.get("font")]
        for name in names:
            if not isinstance(name, str) or not name.strip():
                continue
            try:
                source = inside(self.root, self.root / name)
            except (NotEditable, ValueError, OSError):
                continue
            if source.is_file():
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)

    def _cross_check(self, file: DataFile, model: Any,
                     versions: dict[str, Any] | None = None) -> list[FieldProblem]:
        """Return the problems only the rest of the workspace shows: a review that is not
        there, a minutes document that is not, a review id used twice (in each language's
        version of the workspace, each problem once)."""
        workspace = self.with_draft(file, model, versions)
        if workspace is None:
            return []
        mine: list[Problem] = []
        for version in workspace.versions.values() or [workspace]:
            try:
                version.validate()
            except DataError as exc:
                mine += [p for p in exc.problems if p.file is not None and p not in mine
                         and self.relative(p.file) == file.relative]
        return self._field_problems(mine)

    def with_draft(self, file: DataFile, model: Any,
                   versions: dict[str, Any] | None = None) -> Workspace | None:
        """Return the workspace on disk with ``file``'s model in place of what the file
        holds, or ``None`` when the workspace cannot be loaded. In a workspace publishing
        in several languages, ``versions`` holds the model in each: each language's version
        of the workspace gets its own."""
        workspace = self.snapshot().workspace
        if workspace is None:
            return None
        if not workspace.is_bilingual or not versions \
                or set(versions) != set(workspace.versions):
            return self._with_model(workspace, file, model)
        made = {language: self._with_model(version, file, versions[language])
                for language, version in workspace.versions.items()}
        for version in made.values():
            version.versions = made
        return made[workspace.languages[0]]

    @staticmethod
    def _with_model(workspace: Workspace, file: DataFile, model: Any) -> Workspace:
        """Return ``workspace`` with ``model`` in place of what ``file`` holds."""
        if isinstance(model, Organisation):
            return replace(workspace, organisation=model)
        if isinstance(model, Review):
            reviews = {i: r for i, r in workspace.reviews.items()
                       if workspace.review_files.get(i) != file.path}
            files = {i: p for i, p in workspace.review_files.items() if p != file.path}
            review_id = model.id or file.name
            return replace(workspace, reviews={**reviews, review_id: model},
                           review_files={**files, review_id: file.path})
        return replace(workspace, documents={**workspace.documents, file.name: model},
                       document_files={**workspace.document_files, file.name: file.path})

    def _field_problems(self, problems: list[Problem]) -> list[FieldProblem]:
        return [FieldProblem(p.path, self.redact(p.message), p.line) for p in problems]

    # --- previews and downloads ---------------------------------------------------------

    def render_draft(self, file: DataFile, model: Any, target: str | None,
                     format: str, versions: dict[str, Any] | None = None) -> Rendered:
        """Return the document ``target`` (or ``file``'s own) rendered as ``format`` with
        ``file`` holding ``model`` (and ``versions``, its model in each language)."""
        workspace = self.with_draft(file, model, versions)
        if workspace is None:
            return Rendered(message="the preview needs the rest of the workspace, which has "
                                    "problems: see the list on the home page")
        if set(versions or ()) != set(workspace.versions):
            return Rendered(message="the profile lists other languages than the saved one: "
                                    "save it to preview the documents in its languages")
        name = file.name if file.subject == "document" else target
        if name is None or name not in workspace.documents:
            return Rendered(message="no document uses this yet, so there is nothing to "
                                    "preview" if file.subject == "review" else
                                    "choose a document to preview")
        return self.render(workspace, name, format)

    def render_saved(self, file: DataFile, format: str) -> Rendered:
        """Return the saved document ``file`` rendered as ``format``."""
        snapshot = self.snapshot()
        workspace = snapshot.workspace
        if workspace is None or file.name not in workspace.documents:
            mine = [p for p in snapshot.problems if self.relative(p.file) == file.relative]
            detail = "; ".join(f"{p.path}: {p.message}" if p.path else p.message
                               for p in mine[:3]) or "the workspace has problems"
            return Rendered(message=self.redact(f"{file.relative} cannot be rendered: "
                                                f"{detail}"))
        return self.render(workspace, file.name, format)

    def render(self, workspace: Workspace, name: str, format: str) -> Rendered:
        """Return the document ``name`` of ``workspace`` rendered as ``format``, or why not."""
        from ..render import render

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                data = render(workspace.documents[name], workspace, format)
            except DisclosureError as exc:
                return Rendered(message="withheld: this would publish what the case key "
                                        "protects", places=self.places(exc.hits))
            except ScrdocsError as exc:
                return Rendered(message=self.redact("; ".join(exc.lines())))
        notes = [self.redact(str(w.message)) for w in caught
                 if not issubclass(w.category, DeprecationWarning)]
        return Rendered(data=data, warnings=notes)

    def places(self, hits: list[Hit]) -> list[str]:
        """Return where each hit was found and what to do, never the protected term."""
        places: dict[str, None] = {}
        for hit in hits:
            where = hit.source if hit.part == "data" else \
                f"{hit.document}: {hit.part}" + (f": {hit.field}" if hit.field else "")
            places[self.redact(f"{where}: holds {hit.advice}")] = None
        return list(places)

    # --- the case key ------------------------------------------------------------------

    def protected_terms(self) -> list[str]:
        """Return the texts the case key protects, longest first (never shown)."""
        workspace = self.snapshot().workspace
        key = workspace.case_key if workspace is not None else None
        if key is None:
            try:
                from ..guard import load_case_key

                key = load_case_key(self.root)
            except (DataError, OSError):
                key = None
        if key is None:
            return []
        terms = {term.text for term in key.terms() if len(term.text.strip()) >= 2}
        return sorted(terms, key=len, reverse=True)

    def redact(self, text: str, terms: list[str] | None = None) -> str:
        """Return ``text`` with every name and identifier of the case key replaced by
        :data:`PROTECTED`."""
        for term in self.protected_terms() if terms is None else terms:
            text = re.sub(re.escape(term), PROTECTED, text, flags=re.IGNORECASE)
        return text

    # --- build and check ---------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        """Build the workspace as ``scrdocs build`` does (in this process) and return what
        was written, skipped and refused, in words safe to show."""
        from ..build import BuildError
        from ..build import build as build_workspace
        from ..workspace import load_workspace_partly

        terms = self.protected_terms()
        try:
            loaded, unusable = load_workspace_partly(self.root)
        except DataError as exc:
            return {"ok": False, "written": [], "skipped": [],
                    "failed": {"workspace": [self.redact(str(p), terms)
                                             for p in exc.problems]}}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                report = build_workspace(loaded, jobs=1)
            except BuildError as exc:
                report = exc.report
        failed = {name: self._error_lines(error, terms) for name, error in unusable.items()}
        for name, errors in report.failed.items():
            failed[name] = [line for error in errors for line in self._error_lines(error, terms)]
        return {"ok": not failed,
                "written": [path.name for path in report.written],
                "skipped": [path.name for path in report.skipped],
                "failed": failed,
                "warnings": [self.redact(str(w.message), terms) for w in caught
                             if not issubclass(w.category, DeprecationWarning)]}

    def _error_lines(self, error: ScrdocsError, terms: list[str]) -> list[str]:
        if isinstance(error, DisclosureError):
            return ["refused: it would publish what the case key protects",
                    *self.places(error.hits)]
        return [self.redact(line.strip(), terms) for line in error.lines()]

    def check_workspace(self, word_layout: bool) -> dict[str, Any]:
        """Run ``scrdocs check`` on the workspace and return its report in words safe to
        show: each place the case key would be disclosed is named without the name."""
        from ..check import check_workspace

        terms = self.protected_terms()
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            report = check_workspace(self.root, word_layout=word_layout)
        errors = list(report.errors)
        if report.hits:
            from ..guard import leak_messages

            leaks = set(leak_messages(report.hits))
            errors = [e for e in errors if e not in leaks]
        return {"ok": report.ok,
                "disclosures": self.places(report.hits),
                "errors": [self.redact(e, terms) for e in errors],
                "warnings": [self.redact(w, terms) for w in report.warnings],
                "notes": [self.redact(n, terms) for n in report.notes],
                "checked": list(report.checked)}


@dataclass
class Rendered:
    """A render for the page: its bytes, or the reason there are none."""

    data: bytes | None = None
    message: str = ""
    places: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
                  and not p.name.startswith("."))
