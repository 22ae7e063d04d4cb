"""The exceptions scrdocs raises: one root, each carrying the exit code the CLI uses.

Importers catch :class:`ScrdocsError`; the CLI prints ``Error: …`` lines and exits with
:attr:`ScrdocsError.exit_code`, never a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .limits import shorten


class ScrdocsError(Exception):
    """Base class of every error scrdocs raises on purpose."""

    exit_code = 1

    def lines(self) -> list[str]:
        """Return the message as the lines the CLI prints after ``Error:``."""
        return str(self).splitlines() or [type(self).__name__]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and what to do about it.

    :param file: the file the problem is in, or ``None`` for data built in code.
    :param line: the 1-based line in that file, when known.
    :param path: the dotted field path, e.g. ``actions.2.status``.
    :param message: what is wrong, in words a non-programmer can act on.
    """

    file: Path | None
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = _display_path(self.file) if self.file else "<data>"
        if self.line:
            where += f":{self.line}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


def _display_path(path: Path) -> str:
    """Return ``path`` relative to the current folder when it lies below it, by its own name
    (a file that is a symbolic link is named as the link, not as the file it leads to)."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class DataError(ScrdocsError, ValueError):
    """The input data is invalid; :attr:`problems` lists every problem found::

        try:
            scrdocs.load_workspace("anyshire")
        except scrdocs.DataError as error:
            for problem in error.problems:
                print(problem.file, problem.line, problem.path, problem.message)

    Models built in code raise it too, with the field path and ``file`` ``None``. It is
    also a ``ValueError``, so code that caught pydantic's ``ValidationError`` (a
    ``ValueError``) as ``ValueError`` keeps working.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        return (type(self), (self.problems,))


def _problem_order(problem: Problem) -> tuple[int, str, int, str]:
    return (_cause_rank(problem.file), str(problem.file or ""), problem.line or 0,
            problem.path)


_CAUSE_RANKS = {"scrdocs.yaml": 0, "case-key.yaml": 1}
_FOLDER_RANKS = {"reviews": 2, "documents": 3}


def _cause_rank(file: Path | None) -> int:
    """Rank a workspace file by what depends on it, so that an error which causes others
    comes first: the profile and the case key, then reviews, then the documents using them."""
    if file is None:
        return 4
    return _CAUSE_RANKS.get(file.name, _FOLDER_RANKS.get(file.parent.name, 4))


class TemplateError(ScrdocsError):
    """A template could not be read or rendered.

    :param template: the template file at fault, when known (a default template or a
        workspace's own).
    :param line: the line in that file, when known (Word templates have none).
    """

    exit_code = 3

    def __init__(self, message: str = "", template: str | Path | None = None,
                 line: int | None = None) -> None:
        super().__init__(*([message] if message else []))
        self.template = Path(template) if template else None
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, Path | None, int | None]]:
        return (type(self), (str(self), self.template, self.line))


class RenderError(ScrdocsError):
    """A document could not be rendered (a fetch refused, an engine failure, …)."""

    exit_code = 4


class OutputError(ScrdocsError):
    """An output could not be written where it was asked for."""

    exit_code = 5


class FormatError(OutputError, ValueError):
    """An output format scrdocs does not write was asked for; the message lists the ones it
    does (``docx``, ``pdf``, ``html``)."""


class ArgumentError(ScrdocsError, TypeError):
    """A function was given an argument of the wrong kind, e.g. a file name where a loaded
    document belongs; the message says what it takes instead."""


class InternalError(ScrdocsError):
    """A fault in scrdocs itself stopped one document of a build; the others were still
    built. The message asks for a bug report; :attr:`details` holds the traceback, which
    ``scrdocs --debug`` prints."""

    exit_code = 70

    def __init__(self, message: str = "", details: str = "") -> None:
        super().__init__(*([message] if message else []))
        self.details = details

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (str(self), self.details))


class ScrdocsWarning(UserWarning):
    """Something a user should know about an output that was still written."""


class PageCountWarning(ScrdocsWarning):
    """A document meant to be short (a one-minute guide) runs longer than it should."""


def note_document(error: BaseException, document: str) -> None:
    """Record on an error that is not scrdocs' own the document it stopped, e.g.
    ``documents/minutes.yaml (docx)``, unless one is recorded already; the note crosses
    process boundaries with the error (it is kept in the error's attributes)."""
    if getattr(error, "scrdocs_document", None) is None:
        try:
            error.scrdocs_document = document  # type: ignore[attr-defined]
        except AttributeError:  # an error class without attributes of its own
            pass


def document_of(error: BaseException) -> str | None:
    """Return the document an error stopped, as :func:`note_document` recorded it."""
    document = getattr(error, "scrdocs_document", None)
    return document if isinstance(document, str) else None


def stopped_unexpectedly(error: BaseException) -> str:
    """Return the words every report of an error scrdocs did not foresee shares: where it
    stopped and the error, on one line and shortened, e.g. ``stopped while rendering
    documents/minutes.yaml (docx) on an unexpected error (KeyError: 'date')``."""
    document = document_of(error)
    where = f" while rendering {document}" if document else ""
    detail = " ".join(str(error).split())
    detail = f"{type(error).__name__}: {shorten(detail, 200)}" if detail else \
        type(error).__name__
    return f"stopped{where} on an unexpected error ({detail})"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """Return the choice a misspelt ``word`` most likely meant, or ``None`` when none is close.

    >>> closest("learning_pionts", ["learning_points", "actions"])
    'learning_points'
    """
    guess = difflib.get_close_matches(word, list(choices), n=1)
    return guess[0] if guess else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or '' when none is close."""
    guess = closest(word, choices)
    return f" (did you mean '{guess}'?)" if guess else ""
