"""Build documents on every core, rendering only those whose inputs changed since last time.

Takes loaded workspaces, the folder each one builds into, the formats and the render options;
produces the output files, each written atomically by the process that rendered it, and in
every output folder a manifest (``.scrdocs-build.json``) recording what each output was built
from. The next build skips an output when it is still the file the build wrote and nothing it
was built from has changed: its document file, the reviews the document uses, the minutes a
resolution list takes its items from, the workspace's own files (``scrdocs.yaml``, the case
key), the logo, every file in the template search path, the render options and the versions of
scrdocs and its engines.

With ``jobs`` above one, whole documents are rendered in worker processes. On Linux the
workers are forked from this process with the engines imported and the workspace loaded;
elsewhere, or while other threads run, they start afresh and each loads the workspace from its
folder once. Either way the bytes written do not depend on the number of jobs, and an error in
a worker reaches the caller as the same :class:`~scrdocs.errors.ScrdocsError` it would have
been in this process.

A build does every document it can. Each document's outputs are all rendered to memory and
guarded before any is written, so a document is written whole or not at all; one that fails
does not stop the others, and the build ends by raising one :class:`BuildError` naming every
document that failed and why. A document refused because it would disclose what the case key
protects also loses the outputs an earlier build wrote for it, in every format.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import (
    DataError,
    InternalError,
    OutputError,
    Problem,
    ScrdocsError,
    stopped_unexpectedly,
)
from .guard import DisclosureError
from .kinds import Document
from .kinds.agenda import Agenda
from .kinds.agenda import drawn_on as agenda_drawn_on
from .kinds.minutes import Minutes
from .kinds.resolution_list import ResolutionList
from .pdf import import_weasyprint as _import_weasyprint
from .pdf import release_fonts
from .render import (
    FORMATS,
    check_format,
    input_files,
    output_names,
    output_stems,
    remove_temporaries,
    render_for_path,
    write_all_atomic,
    write_atomic,
)
from .templating import template_dirs
from .workspace import Workspace, data_files, document_name, load_workspace_partly

MANIFEST = ".scrdocs-build.json"
"""The file, in each output folder, that records what every output was built from."""

ENGINES = ("weasyprint", "docxtpl", "python-docx", "jinja2")
"""The distributions whose version, besides scrdocs', is part of every output's inputs."""

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, document)`` after each document is rendered."""


@dataclass
class BuildReport:
    """What a build did: the files it wrote, those it found already up to date, and the
    documents that failed."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    """The names of the documents rendered and written, in build order."""
    failed: dict[str, list[ScrdocsError]] = field(default_factory=dict)
    """The documents not written, in build order, each with its errors (one per distinct
    failure: a template error in one format, a disclosure found in any)."""
    removed: list[Path] = field(default_factory=list)
    """Outputs an earlier build wrote for documents the case key now refuses, deleted so that
    no format of them is left behind; and those of a bilingual document in a layout it no
    longer has (``report.cy.pdf`` once it is set out block by block in ``report.pdf``)."""


class BuildError(ScrdocsError):
    """Some documents of a build failed; every other one was written.

    :attr:`failures` maps the name of each document not written to its errors, in build
    order; :attr:`report` is the :class:`BuildReport` of what the build did all the same::

        try:
            scrdocs.build(workspace)
        except scrdocs.BuildError as error:
            for name, errors in error.failures.items():
                print(name, errors[0])
            print(len(error.report.written), "files written")

    The exit code is 6, a :class:`~scrdocs.guard.DisclosureError`'s, when any document would
    disclose what the case key protects, so that a leak is never hidden behind another
    failure; otherwise it is the code of the first failed document's error (2 data,
    3 template, 4 render, 5 output).
    """

    def __init__(self, failures: dict[str, list[ScrdocsError]], report: BuildReport) -> None:
        self.failures = failures
        self.report = report
        super().__init__("\n".join(_failure_lines(failures, report)))

    @property  # type: ignore[override]
    def exit_code(self) -> int:
        """Return 6 when any document would disclose a protected term, else the code of
        the first failure."""
        errors = [error for errors in self.failures.values() for error in errors]
        if any(isinstance(error, DisclosureError) for error in errors):
            return DisclosureError.exit_code
        return errors[0].exit_code if errors else ScrdocsError.exit_code

    def __reduce__(self) -> tuple[type, tuple[dict[str, list[ScrdocsError]], BuildReport]]:
        return (type(self), (self.failures, self.report))


def _failure_lines(failures: dict[str, list[ScrdocsError]], report: BuildReport) -> list[str]:
    """Return what a failed build reports: how many documents failed, then each place in
    the data that would disclose a protected term (once, with every output it reached), then
    every other error once, after the names of the documents it stopped."""
    count = len(failures)
    lines = [(f"{count} document{'s' * (count != 1)} failed and {'were' if count > 1 else 'was'}"
              f" not written: {', '.join(failures)}")]
    hits = [hit for errors in failures.values() for error in errors
            if isinstance(error, DisclosureError) for hit in error.hits]
    if hits:
        lines += DisclosureError(hits, report.removed).lines()
    stopped: dict[str, list[str]] = {}
    for name, errors in failures.items():
        for error in errors:
            if not isinstance(error, DisclosureError):
                stopped.setdefault("\n".join(error.lines()), []).append(name)
    for text, documents in stopped.items():
        lines += [line if line[:1].isspace() else f"{', '.join(documents)}: {line}"
                  for line in text.splitlines()]
    return lines


@dataclass(frozen=True)
class _Job:
    """One document to render into some of its outputs (the stale ones)."""

    root: Path | None
    name: str
    outputs: tuple[tuple[str, Path, str | None], ...]
    """Each output as (format, path, language): the language of a separate version of a
    bilingual document, else ``None``."""
    key: str | None
    weight: int
    template_dir: Path | None = None
    draft: bool = False


def build(workspace: Workspace, out: str | Path | None = None,
          formats: Iterable[str] = FORMATS, *, jobs: int | None = 1, force: bool = False,
          progress: Progress | None = None, template_dir: str | Path | None = None,
          draft: bool = False) -> BuildReport:
    """Render every document of ``workspace`` whose outputs are out of date into ``out``.

    ``out`` defaults to the workspace's ``out/`` folder; files are named after the document
    files (``minutes-julia.yaml`` → ``minutes-julia.pdf``)::

        report = build(load_workspace("data/thurrock"), jobs=None)
        print(len(report.written), "written,", len(report.skipped), "up to date")

    :param jobs: how many documents to render at once, each in its own process; ``None``
        means one per core, 1 renders in this process. Workers that are not forked from this
        process load the workspace from its folder, so documents that exist only in memory
        (a workspace built in code) are rendered in this process.
    :param force: render every output, up to date or not.
    :param progress: called after each document is rendered and written.
    :raises BuildError: when any document failed (a template error, data the case key
        protects, an output that cannot be written), after every other document was
        written and recorded; it names each failed document with its errors, and carries
        the report. A document is written whole or not at all, and one the case key refuses
        has its earlier outputs removed in every format.
    """
    return build_many([(workspace, out)], formats, jobs=jobs, force=force, progress=progress,
                      template_dir=template_dir, draft=draft)


def build_many(targets: Sequence[tuple[Workspace, str | Path | None]],
               formats: Iterable[str] = FORMATS, *, jobs: int | None = 1,
               force: bool = False, progress: Progress | None = None,
               template_dir: str | Path | None = None, draft: bool = False) -> BuildReport:
    """Build several workspaces at once, sharing one set of worker processes.

    ``targets`` pairs each workspace with its output folder (``None``: its ``out/``); the
    other parameters are those of :func:`build`.

    :raises FormatError: one of ``formats`` is not one scrdocs writes.
    """
    formats = tuple(check_format(format) for format in
                    ([formats] if isinstance(formats, str) else formats))
    options = {"template_dir": Path(template_dir).resolve() if template_dir else None,
               "draft": draft}
    engine = _engine()
    report = BuildReport()
    plans = [_Plan(workspace, _out_folder(workspace, out), engine, options)
             for workspace, out in targets]
    work: list[tuple[_Plan, _Job]] = []
    for plan in plans:
        for job in plan.jobs(formats, force, report):
            work.append((plan, job))
    failures: dict[int, list[ScrdocsError]] = {}
    written: dict[int, list[Path]] = {}
    removed: dict[int, list[Path]] = {}
    try:
        for position, (done, outcome) in enumerate(_execute(
                [job for _, job in work], [plan.workspace for plan, _ in work], jobs,
                formats), 1):
            plan, job = work[done]
            for category, message in outcome.warnings:
                warnings.warn(message, category, stacklevel=2)
            plan.record(outcome.written, job.key)
            written[done] = outcome.written
            if outcome.errors:
                failures[done] = outcome.errors
                if any(isinstance(error, DisclosureError) for error in outcome.errors):
                    removed[done] = plan.remove_outputs(job.name, failures[done])
                continue
            removed[done] = plan.remove_other_layouts(job.name)
            if progress is not None:
                progress(position, len(work), job.name)
    finally:
        for plan in plans:
            plan.save()
    names = [_label(plan, job, len(plans)) for plan, job in work]
    report.rendered = [names[i] for i in range(len(work)) if i not in failures]
    report.written = [path for i in sorted(written) for path in written[i]]
    report.removed = [path for i in sorted(removed) for path in removed[i]]
    report.skipped = [path for path in report.skipped if path not in report.removed]
    report.failed = {names[i]: failures[i] for i in sorted(failures)}
    if failures:
        raise BuildError(report.failed, report)
    return report


def _label(plan: _Plan, job: _Job, plans: int) -> str:
    """Return the name a document is reported by: its own, or in a build of several
    workspaces, with its workspace's folder name in front."""
    if plans == 1:
        return job.name
    return f"{(plan.workspace.root or plan.folder).name}/{job.name}"


def default_jobs() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _out_folder(workspace: Workspace, out: str | Path | None) -> Path:
    folder = Path(out) if out else (workspace.root or Path.cwd()) / "out"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the output folder ({exc.strerror})") \
            from None
    return folder


# --- what an output depends on, and the manifest that remembers it ------------------------

def document_inputs(workspace: Workspace, name: str,
                    template_dir: Path | None = None) -> list[Path]:
    """Return every file the outputs of document ``name`` are made from.

    They are the workspace's own files (``scrdocs.yaml``, the case key), the logo and font
    files, the document file, the minutes a resolution list takes its items from, the reviews the
    document uses and every file in the template search path.
    """
    return [*_workspace_files(workspace), *_document_files(workspace, name),
            *_template_files(template_dirs(workspace.root, template_dir))]


def _workspace_files(workspace: Workspace) -> list[Path]:
    """Return the files every document of the workspace depends on."""
    assert workspace.root is not None
    return [*data_files(workspace.root), *workspace.asset_files()]


def _document_files(workspace: Workspace, name: str) -> list[Path]:
    """Return the document's file and the files of the documents and reviews it uses."""
    document = workspace.documents[name]
    files = [workspace.document_files[name]]
    if isinstance(document, (ResolutionList, Agenda)) and document.minutes:
        files.append(workspace.document_files[document_name(document.minutes)])
    if isinstance(document, (Agenda, Minutes)):  # actions from previous meetings
        files += agenda_drawn_on(document, workspace)
    files += [workspace.review_files[review_id]
              for review_id in workspace.resolve(document).review_ids()]
    return files


def _template_files(dirs: tuple[Path, ...]) -> list[Path]:
    """Return every file below the template folders, hidden files and caches aside."""
    return [path for folder in dirs for path in sorted(folder.rglob("*"))
            if path.is_file() and not any(part.startswith((".", "__")) for part in
                                          path.relative_to(folder).parts)]


def _stat(path: Path) -> list[int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return [status.st_mtime_ns, status.st_size]


def _engine() -> dict[str, str]:
    """Return the versions of scrdocs and its engines, which every output depends on."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {"scrdocs": __version__}
    for name in ENGINES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - a broken install
            versions[name] = "?"
    return versions


def remove_outputs(folder: Path, name: str,
                   languages: Iterable[str] = ()) -> tuple[list[Path], list[OutputError]]:
    """Delete the earlier outputs of document ``name`` in ``folder``, in every format and
    every one of ``languages`` (``name.cy.pdf``), as when the case key refuses the document;
    return those deleted and, for each that could not be, an :class:`OutputError` saying to
    delete it by hand."""
    removed, failures = [], []
    for stem, format in ((stem, format) for stem in output_stems(name, languages)
                         for format in FORMATS):
        path = folder / f"{stem}.{format}"
        if not (path.is_symlink() or path.is_file()):
            continue
        try:
            path.unlink()
        except OSError as exc:
            failures.append(OutputError(f"{path}: cannot remove this earlier output "
                                        f"({exc.strerror}); delete it by hand"))
            continue
        removed.append(path)
    return removed, failures


class _Plan:
    """One workspace's part of a build: what to render, and the manifest of its outputs."""

    def __init__(self, workspace: Workspace, folder: Path, engine: dict[str, str],
                 options: dict[str, Any]) -> None:
        self.workspace = workspace
        self.folder = folder
        self.engine = engine
        self.options = options
        remove_temporaries(folder)  # left by a run killed while writing
        self.entries = self._read_manifest()
        self.changed = False
        self.shared: list[Path] = []
        if workspace.root is not None:
            self.shared = [*_workspace_files(workspace), *_template_files(
                template_dirs(workspace.root, options["template_dir"]))]

    def jobs(self, formats: tuple[str, ...], force: bool, report: BuildReport) -> list[_Job]:
        """Return a job for every document with an output to render; note the others."""
        jobs = []
        for name in self.workspace.documents:
            key = self._key(name)
            targets = [(format, self.folder / f"{stem}.{format}", language)
                       for language, stem in output_names(self.workspace, name)
                       for format in formats]
            stale = tuple(target for target in targets
                          if force or not self._fresh(target[1], key))
            report.skipped += [target[1] for target in targets if target not in stale]
            if stale:  # a document not read from a file exists only here: render it here
                root = self.workspace.root if key is not None else None
                jobs.append(_Job(root, name, stale, key, self._weight(name), **self.options))
        return jobs

    def record(self, written: list[Path], key: str | None) -> None:
        """Remember the outputs a document's job wrote and what they were built from
        (``key``; ``None`` for a document that exists only in memory)."""
        for path in written:
            forgotten = self.entries.pop(path.name, None)
            if key is not None:
                self.entries[path.name] = {"key": key, "output": _stat(path)}
            self.changed = self.changed or key is not None or forgotten is not None

    def remove_outputs(self, name: str, errors: list[ScrdocsError]) -> list[Path]:
        """Delete and forget every output an earlier build wrote for document ``name``, in
        any format, and return those deleted: a document the case key refuses leaves none
        behind. One that cannot be deleted adds an :class:`OutputError` to ``errors``."""
        languages = self.workspace.languages if self.workspace.is_bilingual else []
        for stem in output_stems(name, languages):
            for format in FORMATS:
                forgotten = self.entries.pop(f"{stem}.{format}", None)
                self.changed = forgotten is not None or self.changed
        removed, failures = remove_outputs(self.folder, name, languages)
        errors += failures
        return removed

    def remove_other_layouts(self, name: str) -> list[Path]:
        """Delete and forget the outputs an earlier build wrote for document ``name`` under
        names its layout no longer gives it — ``report.cy.pdf`` and ``report.en.pdf`` once
        the document is set out in one ``report.pdf``, or the other way round — and return
        them. Only files the manifest says this build wrote, unchanged since, are deleted;
        another document's name is never touched."""
        if not self.workspace.is_bilingual:
            return []
        current = {stem for _, stem in output_names(self.workspace, name)}
        removed = []
        for stem in output_stems(name, self.workspace.languages):
            if stem in current or (stem != name and stem in self.workspace.documents):
                continue
            for format in FORMATS:
                path = self.folder / f"{stem}.{format}"
                entry = self.entries.get(path.name)
                if not (isinstance(entry, dict) and entry.get("output") == _stat(path)):
                    continue
                try:
                    path.unlink()
                except OSError:
                    continue  # left as it is; the manifest still knows it
                self.entries.pop(path.name, None)
                self.changed = True
                removed.append(path)
        return removed

    def save(self) -> None:
        """Write the manifest, if this build changed it."""
        if not self.changed:
            return
        manifest = {"engine": self.engine, "outputs": dict(sorted(self.entries.items()))}
        data = json.dumps(manifest, indent=1).encode("utf-8") + b"\n"
        write_atomic(self.folder / MANIFEST, data)

    def _read_manifest(self) -> dict[str, Any]:
        """Return the manifest's outputs; none when it is missing, unreadable or not a
        regular file (a symbolic link is not followed)."""
        path = self.folder / MANIFEST
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            if path.is_symlink():
                return {}
            with os.fdopen(os.open(path, flags), "rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    return {}
                manifest = json.loads(stream.read())
        except (OSError, ValueError):
            return {}
        if not isinstance(manifest, dict) or manifest.get("engine") != self.engine:
            return {}
        outputs = manifest.get("outputs")
        return dict(outputs) if isinstance(outputs, dict) else {}

    def _key(self, name: str) -> str | None:
        """Return a digest of everything the document's outputs are made from."""
        if self.workspace.root is None or name not in self.workspace.document_files:
            return None
        inputs = [*self.shared, *_document_files(self.workspace, name)]
        state = {"engine": self.engine,
                 "options": {**self.options,
                             "template_dir": str(self.options["template_dir"] or ""),
                             "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "")},
                 "inputs": [(str(path.resolve()), _stat(path)) for path in inputs]}
        return hashlib.sha256(json.dumps(state).encode("utf-8")).hexdigest()

    def _fresh(self, path: Path, key: str | None) -> bool:
        entry = self.entries.get(path.name)
        return (key is not None and isinstance(entry, dict) and entry.get("key") == key
                and entry.get("output") == _stat(path))

    def _weight(self, name: str) -> int:
        """Return a rough measure of how long the document takes: the size of its data."""
        document_file = self.workspace.document_files.get(name)
        return (_stat(document_file) or [0, 0])[1] if document_file else 0


# --- rendering, here or in worker processes -----------------------------------------------

class _Outcome:
    """What rendering one document gave: the warnings raised, the files written, and the
    errors if it failed (then nothing of it was written, unless writing itself failed).

    Crosses the process boundary intact: a :class:`ScrdocsError` travels with its class and
    attributes (a :class:`~scrdocs.errors.DataError` keeps its problems), not by calling its
    constructor again with its message.
    """

    def __init__(self, warnings: list[tuple[type[Warning], str]],
                 errors: list[ScrdocsError], written: list[Path] | None = None) -> None:
        self.warnings = warnings
        self.errors = errors
        self.written = written or []

    @property
    def error(self) -> ScrdocsError | None:
        """Return the first error, or ``None`` when the document was written."""
        return self.errors[0] if self.errors else None

    def __getstate__(self) -> dict[str, Any]:
        return {"warnings": self.warnings, "written": self.written,
                "errors": [_dump_error(error) for error in self.errors]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.warnings = state["warnings"]
        self.written = state["written"]
        self.errors = [pickle.loads(error) for error in state["errors"]]


class _ErrorPickler(pickle.Pickler):
    """Pickle scrdocs' errors by class, arguments and attributes, skipping ``__init__``."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, ScrdocsError):
            return _rebuild_error, (type(obj), obj.args, dict(vars(obj)))
        return NotImplemented


def _rebuild_error(cls: type[ScrdocsError], args: tuple[Any, ...],
                   state: dict[str, Any]) -> ScrdocsError:
    error = cls.__new__(cls, *args)
    error.__dict__.update(state)
    return error


def _dump_error(error: ScrdocsError | None) -> bytes:
    """Return ``error`` pickled; failing that, its class and message without attributes."""
    buffer = io.BytesIO()
    try:
        _ErrorPickler(buffer).dump(error)
    except (pickle.PicklingError, TypeError, AttributeError):  # keep what users read
        assert error is not None
        return pickle.dumps(_rebuild_error(ScrdocsError, (str(error),), {}))
    return buffer.getvalue()


_WORKSPACES: dict[Path | None, Workspace] = {}
"""The workspaces this process has loaded, by folder: a worker loads each one once."""


def _render(job: _Job, workspace: Workspace | None = None) -> _Outcome:
    """Render one document's stale outputs to memory, each checked by the case key, and
    write them atomically only when every one succeeded.

    A worker passes no ``workspace``: the one in ``job.root`` is loaded once per process.
    """
    errors: list[ScrdocsError] = []
    written: list[Path] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            workspace = workspace or _loaded(job.root)
            document = _document(workspace, job)
            rendered = []
            for format, path, language in job.outputs:
                try:
                    rendered.append((path, render_for_path(
                        document, workspace, path, format, template_dir=job.template_dir,
                        draft=job.draft, language=language)))
                except ScrdocsError as exc:
                    errors.append(exc)
            if not errors:  # all formats or none, even when the disk fills up
                written += write_all_atomic(rendered, input_files(workspace, job.template_dir))
        except ScrdocsError as exc:
            errors.append(exc)
        except Exception as exc:  # a fault in scrdocs: this document only  # noqa: BLE001
            errors.append(_internal_error(exc))
    return _Outcome([(w.category, str(w.message)) for w in caught], _distinct(errors),
                    written)


def _internal_error(exc: Exception) -> InternalError:
    """Return a fault of scrdocs' own met while rendering a document as an error that
    stops that document only, with its traceback kept for ``scrdocs --debug``."""
    import traceback

    return InternalError(
        f"{stopped_unexpectedly(exc)}; this is a bug in scrdocs: please report it with what "
        "`scrdocs --debug build …` prints",
        "".join(traceback.format_exception(exc)).rstrip())


def _distinct(errors: list[ScrdocsError]) -> list[ScrdocsError]:
    """Return one document's errors with its formats' disclosures as one, and an error
    that several formats met (a broken HTML template stops the PDF too) once."""
    hits = [hit for error in errors if isinstance(error, DisclosureError) for hit in error.hits]
    others = {str(error): error for error in errors if not isinstance(error, DisclosureError)}
    return ([DisclosureError(hits)] if hits else []) + list(others.values())


_UNUSABLE: dict[Path | None, dict[str, DataError]] = {}
"""The documents of each workspace this process loaded that could not be used, with why."""


def _loaded(root: Path | None) -> Workspace:
    """Return the workspace in ``root``, loading it the first time this process needs it
    (every document it can use: see :func:`~scrdocs.workspace.load_workspace_partly`)."""
    workspace = _WORKSPACES.get(root)
    if workspace is None:
        assert root is not None
        workspace, _UNUSABLE[root] = load_workspace_partly(root)
        _WORKSPACES[root] = workspace
    return workspace


def _document(workspace: Workspace, job: _Job) -> Document:
    """Return the document ``job`` renders, or raise why the workspace no longer holds it
    (a worker loading the workspace afresh finds its files as they are now)."""
    document = workspace.documents.get(job.name)
    if document is not None:
        return document
    unusable = _UNUSABLE.get(job.root, {}).get(job.name)
    raise unusable or DataError([Problem(workspace.root, None, "", f"the document "
                                         f"'{job.name}' is no longer in the workspace")])


def _execute(jobs: list[_Job], workspaces: list[Workspace], count: int | None,
             formats: tuple[str, ...]) -> Iterator[tuple[int, _Outcome]]:
    """Render ``jobs`` (each of the workspace at the same position in ``workspaces``) and
    yield each one's position and outcome as it finishes."""
    workers = min(count or default_jobs(), len(jobs))
    if workers <= 1 or any(job.root is None for job in jobs):
        if jobs:
            _import_engines(formats)
        for position, (job, workspace) in enumerate(zip(jobs, workspaces)):
            yield position, _render(job, workspace)
        return
    loaded = {job.root: workspace for job, workspace in zip(jobs, workspaces)}
    yield from _execute_in_workers(jobs, workers, loaded, formats)


def _execute_in_workers(jobs: list[_Job], workers: int,
                        workspaces: dict[Path | None, Workspace],
                        formats: tuple[str, ...]) -> Iterator[tuple[int, _Outcome]]:
    """Render ``jobs`` in ``workers`` processes, largest first, every one of them whatever
    the others' outcome.

    The workers ignore Ctrl-C, so no file is left half-written; documents not yet started
    when the build is stopped are not started.
    """
    from concurrent import futures

    context, forked = _context()
    if forked:
        _import_engines(formats)
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].weight)
    with futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                     initargs=(() if forked else formats,)) as executor:
        _WORKSPACES.update(workspaces if forked else {})
        try:  # forked workers start at the first submit, and take the workspaces with them
            pending = {executor.submit(_render, jobs[i]): i for i in order}
        finally:
            _WORKSPACES.clear()
        try:
            for future in futures.as_completed(pending):
                if future.cancelled():
                    continue
                yield pending[future], future.result()
        finally:
            for waiting in pending:
                waiting.cancel()


def _context() -> tuple[Any, bool]:
    """Return the multiprocessing context for workers, and whether it forks this process.

    Forking is quickest (the workers inherit the imported engines and the loaded workspace)
    but is only safe where it is the platform's habit (Linux) and no other thread runs.
    """
    import multiprocessing
    import sys
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), True
    return multiprocessing.get_context("spawn"), False


def _import_engines(formats: tuple[str, ...]) -> None:
    """Load the engines ``formats`` need, and the bundled fonts, once in this process."""
    if "pdf" in formats:
        _import_weasyprint()
        from . import pdf
        pdf._font_stylesheet()
    if "docx" in formats:
        from . import word  # noqa: F401


def _start_worker(formats: tuple[str, ...]) -> None:
    """Prepare a worker: leave Ctrl-C to the parent; load the engines ``formats`` need (a
    forked worker has them already) and tidy the fonts away when the worker ends."""
    import signal
    from multiprocessing import util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if formats:
        _import_engines(formats)
        util.Finalize(None, release_fonts, exitpriority=10)
