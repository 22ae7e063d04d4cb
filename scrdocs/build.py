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
from .errors import OutputError, ScrdocsError
from .kinds.resolution_list import ResolutionList
from .pdf import import_weasyprint as _import_weasyprint
from .pdf import release_fonts
from .render import FORMATS, remove_temporaries, render_to_path, write_atomic
from .templating import template_dirs
from .workspace import Workspace, data_files, document_name, load_workspace

MANIFEST = ".scrdocs-build.json"
"""The file, in each output folder, that records what every output was built from."""

ENGINES = ("weasyprint", "docxtpl", "python-docx", "jinja2")
"""The distributions whose version, besides scrdocs', is part of every output's inputs."""

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, document)`` after each document is rendered."""


@dataclass
class BuildReport:
    """What a build did: the files it wrote, and those it found already up to date."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    """The names of the documents rendered, in build order."""


@dataclass(frozen=True)
class _Job:
    """One document to render into some of its outputs (the stale ones)."""

    root: Path | None
    name: str
    outputs: tuple[tuple[str, Path], ...]
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
    :param progress: called after each document is rendered.
    :raises ScrdocsError: the first document (in build order) that failed; the outputs of
        the others are kept and recorded, so the next build resumes where this one stopped.
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
    """
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
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
    failures: list[tuple[int, ScrdocsError]] = []
    try:
        for position, (done, outcome) in enumerate(_execute(
                [job for _, job in work], [plan.workspace for plan, _ in work], jobs,
                formats), 1):
            plan, job = work[done]
            for category, message in outcome.warnings:
                warnings.warn(message, category, stacklevel=2)
            if outcome.error is not None:
                failures.append((done, outcome.error))
                continue
            plan.record(job)
            if progress is not None:
                progress(position, len(work), job.name)
    finally:
        for plan in plans:
            plan.save()
    if failures:
        raise min(failures, key=lambda failure: failure[0])[1]
    report.rendered = [job.name for _, job in work]
    report.written = [path for plan, job in work for _, path in job.outputs]
    return report


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
    if isinstance(document, ResolutionList) and document.minutes:
        files.append(workspace.document_files[document_name(document.minutes)])
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
            targets = [(format, self.folder / f"{name}.{format}") for format in formats]
            stale = tuple((format, path) for format, path in targets
                          if force or not self._fresh(path, key))
            report.skipped += [path for format, path in targets if (format, path) not in stale]
            if stale:  # a document not read from a file exists only here: render it here
                root = self.workspace.root if key is not None else None
                jobs.append(_Job(root, name, stale, key, self._weight(name), **self.options))
        return jobs

    def record(self, job: _Job) -> None:
        """Remember the outputs ``job`` wrote and what they were built from."""
        for _, path in job.outputs:
            forgotten = self.entries.pop(path.name, None)
            if job.key is not None:
                self.entries[path.name] = {"key": job.key, "output": _stat(path)}
            self.changed = self.changed or job.key is not None or forgotten is not None

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
    """What rendering one document gave: the warnings raised, and the error if it failed.

    Crosses the process boundary intact: a :class:`ScrdocsError` travels with its class and
    attributes (a :class:`~scrdocs.errors.DataError` keeps its problems), not by calling its
    constructor again with its message.
    """

    def __init__(self, warnings: list[tuple[type[Warning], str]],
                 error: ScrdocsError | None) -> None:
        self.warnings = warnings
        self.error = error

    def __getstate__(self) -> dict[str, Any]:
        return {"warnings": self.warnings, "error": _dump_error(self.error)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.warnings = state["warnings"]
        self.error = pickle.loads(state["error"])


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
    """Render one document's stale outputs, writing each atomically.

    A worker passes no ``workspace``: the one in ``job.root`` is loaded once per process.
    """
    error = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            workspace = workspace or _loaded(job.root)
            document = workspace.documents[job.name]
            for format, path in job.outputs:
                render_to_path(document, workspace, path, format,
                               template_dir=job.template_dir, draft=job.draft)
        except ScrdocsError as exc:
            error = exc
    return _Outcome([(w.category, str(w.message)) for w in caught], error)


def _loaded(root: Path | None) -> Workspace:
    """Return the workspace in ``root``, loading it the first time this process needs it."""
    workspace = _WORKSPACES.get(root)
    if workspace is None:
        assert root is not None
        workspace = _WORKSPACES[root] = load_workspace(root)
    return workspace


def _execute(jobs: list[_Job], workspaces: list[Workspace], count: int | None,
             formats: tuple[str, ...]) -> Iterator[tuple[int, _Outcome]]:
    """Render ``jobs`` (each of the workspace at the same position in ``workspaces``) and
    yield each one's position and outcome as it finishes."""
    workers = min(count or default_jobs(), len(jobs))
    if workers <= 1 or any(job.root is None for job in jobs):
        if jobs:
            _import_engines(formats)
        for position, (job, workspace) in enumerate(zip(jobs, workspaces)):
            outcome = _render(job, workspace)
            yield position, outcome
            if outcome.error is not None:
                return
        return
    loaded = {job.root: workspace for job, workspace in zip(jobs, workspaces)}
    yield from _execute_in_workers(jobs, workers, loaded, formats)


def _execute_in_workers(jobs: list[_Job], workers: int,
                        workspaces: dict[Path | None, Workspace],
                        formats: tuple[str, ...]) -> Iterator[tuple[int, _Outcome]]:
    """Render ``jobs`` in ``workers`` processes, largest first; stop at the first error.

    Documents already being rendered when one fails are finished (and recorded), the rest
    are not started; the workers ignore Ctrl-C, so no file is left half-written.
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
        failed = False
        try:
            for future in futures.as_completed(pending):
                if future.cancelled():
                    continue
                outcome = future.result()
                yield pending[future], outcome
                if outcome.error is not None and not failed:
                    failed = True
                    for waiting in pending:
                        waiting.cancel()
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
