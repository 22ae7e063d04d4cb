"""Find and load a workspace: the profile, every review and every document, cross-checked.

Takes a folder holding ``scrdocs.yaml``, ``reviews/`` and ``documents/``; produces a
:class:`Workspace` of validated models whose review references all resolve, or raises one
:class:`~scrdocs.errors.DataError` listing every problem in every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ._yaml import Located, dotted, read_file
from .bilingual import language_name, languages_of, map_problems, projected
from .errors import ArgumentError, DataError, Problem, closest, did_you_mean
from .guard import CASE_KEY, CaseKey, load_case_key
from .kinds import KINDS, Document
from .kinds._base import DocumentBase, review_refs
from .kinds.agenda import Agenda
from .kinds.agenda import reference_problems as agenda_reference_problems
from .kinds.minutes import Minutes
from .kinds.one_minute_guide import OneMinuteGuide
from .kinds.resolution_list import ResolutionList
from .kinds.seven_minute_briefing import SevenMinuteBriefing, unfilled_boxes
from .model import Organisation, Review
from .validation import validate

PROFILE = "scrdocs.yaml"
DATA_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class Workspace:
    """A loaded workspace: the organisation, its reviews by id, its documents by name.

    Build one in code with the models, or load one with :func:`load_workspace`::

        ws = Workspace(Organisation(name="Anyshire SCP"), reviews={"q": Review(name="Q")})
    """

    organisation: Organisation
    reviews: dict[str, Review] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    root: Path | None = None
    document_files: dict[str, Path] = field(default_factory=dict)
    review_files: dict[str, Path] = field(default_factory=dict)
    case_key: CaseKey | None = None
    versions: dict[str, Workspace] = field(default_factory=dict, repr=False, compare=False)
    """The workspace in each language it publishes in, when it publishes in several (the
    profile's ``languages``): this one is the first's. Empty for one language."""

    @property
    def languages(self) -> list[str]:
        """Return the languages the workspace publishes in, the first first: ['cy', 'en'];
        the profile's one language otherwise."""
        return list(self.versions) or [self.organisation.language]

    @property
    def is_bilingual(self) -> bool:
        """Return whether the workspace publishes in more than one language."""
        return len(self.versions) > 1

    def in_language(self, language: str) -> Workspace:
        """Return the workspace with every text in ``language`` (this one when it publishes
        in one language).

        :raises ArgumentError: the workspace does not publish in ``language``.
        """
        if not self.versions:
            return self
        if language not in self.versions:
            raise ArgumentError(f"the workspace publishes in {', '.join(self.versions)}, "
                                f"not {language!r}")
        return self.versions[language]

    def reviews_for(self, document: Document) -> dict[str, Review]:
        """Return the reviews ``document`` refers to, by id, in order of first use.

        :raises DataError: naming the document and each review id this workspace lacks.
        """
        ids = document.review_ids()
        if any(review_id not in self.reviews for review_id in ids):
            raise DataError(self._problems_of(document) or [Problem(
                None, None, "", f"the {document.kind} document names reviews this workspace "
                f"lacks: {', '.join(i for i in ids if i not in self.reviews)}")])
        return {review_id: self.reviews[review_id] for review_id in ids}

    def validate(self) -> None:
        """Check the references between the parts of a workspace built in code, as
        :func:`load_workspace` checks a folder's files::

            ws = Workspace(Organisation(name="Anyshire SCP"), documents={"guide": guide})
            ws.validate()   # DataError: <data>: documents.guide.local_reviews.reviews.0: …

        Checks that every review a document names is in :attr:`reviews` (under the id it
        is named by), that a resolution list's minutes document exists, that a guide's
        local reviews come after a section it has, and that the profile's logo and font
        files are in the workspace folder when there is one.

        :raises DataError: listing every problem, with the document's file or its
            ``documents.<name>`` field path.
        """
        problems = []
        for review_id, review in self.reviews.items():
            if not isinstance(review, Review):
                problems.append(Problem(None, None, f"reviews.{review_id}",
                                        f"expected a Review, got {type(review).__name__}"))
            elif review.id is not None and review.id != review_id:
                problems.append(Problem(self.review_files.get(review_id), None, "id" if
                                        review_id in self.review_files else
                                        f"reviews.{review_id}.id",
                                        f"the review is kept under the id '{review_id}' but "
                                        f"says its id is '{review.id}'; make them the same"))
        for name, document in self.documents.items():
            if not isinstance(document, DocumentBase):
                problems.append(Problem(None, None, f"documents.{name}", "expected a document "
                                        f"(CommitteeReport, Minutes, …), got "
                                        f"{type(document).__name__}"))
            else:
                problems += self._problems_of(document, name)
        if self.root is not None:
            located = Located(self.root / PROFILE, None)
            problems += _logo_problems(self.organisation, located, self.root)
            problems += _font_problems(self.organisation, located, self.root)
        if problems:
            raise DataError(problems)

    def _problems_of(self, document: Document, name: str | None = None) -> list[Problem]:
        """Return what is wrong with ``document``'s references to the rest of this
        workspace, each problem naming the document (its file, or ``documents.<name>``)."""
        name = name or self._key_of(document)
        file = self.document_files.get(name) if name else None
        checker = _Loader(self.root or Path("."))
        checker.located[name or ""] = Located(file, document.model_dump())
        checker.check_references(self if name else
                                 replace(self, documents={**self.documents, "": document}))
        problems = checker.problems
        if file is not None:
            return problems
        prefix = f"documents.{name}" if name else document.kind
        return [replace(p, path=f"{prefix}.{p.path}" if p.path else prefix) for p in problems]

    def _key_of(self, document: Document) -> str | None:
        """Return the name ``document`` is kept under in :attr:`documents`, if it is."""
        for name, candidate in self.documents.items():
            if candidate is document:
                return name
        return next((name for name, candidate in self.documents.items()
                     if candidate == document), None)

    def name_of(self, document: Document) -> str:
        """Return the name a document has in this workspace (its file name), or its kind."""
        for name, candidate in self.documents.items():
            if candidate is document:
                return f"documents/{self.document_files[name].name}" \
                    if name in self.document_files else name
        return document.kind

    def asset_files(self) -> list[Path]:
        """Return the profile's logo and font files that exist as files in the workspace
        folder's reach (resolved), which every render of this workspace reads."""
        return [path for path in (logo_file(self.organisation, self.root),
                                  font_file(self.organisation, self.root)) if path is not None]

    def resolve(self, document: Document) -> Document:
        """Return ``document`` with references to other documents filled in.

        A resolution list that names a minutes document gets that meeting's items.

        :raises DataError: naming the document, when a minutes document or a review it
            refers to is not in this workspace.
        """
        if not isinstance(document, DocumentBase):
            raise ArgumentError(f"expected a document (CommitteeReport, Minutes, …), got "
                                f"{type(document).__name__}; load one with "
                                "scrdocs.load_document or build one from the models")
        resolved = document
        if isinstance(document, (ResolutionList, Agenda)) and document.minutes:
            minutes = self.documents.get(document_name(document.minutes))
            if not isinstance(minutes, Minutes):
                raise DataError(self._problems_of(document))
            resolved = document._trusted_copy(meeting=minutes.meeting, items=minutes.items)
            if any(review_id not in self.reviews for review_id in resolved.review_ids()):
                raise DataError(self._problems_of(document) + self._problems_of(minutes))
        else:
            self.reviews_for(document)
        return resolved


def document_name(reference: str) -> str:
    """Return the name of the document a field refers to by name or file name
    (``minutes-julia`` or ``minutes-julia.yaml``)."""
    path = Path(reference)
    return path.stem if path.suffix in DATA_SUFFIXES else reference


def data_files(folder: Path) -> list[Path]:
    """Return the data files (YAML or JSON, not hidden) in ``folder``, sorted. A symbolic
    link is one even when what it leads to is missing, so that loading it says so rather
    than the documents using it saying the review does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in DATA_SUFFIXES
                  and (p.is_file() or p.is_symlink()) and not p.name.startswith("."))


LOGO_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".svg": "image/svg+xml"}
"""The logo files a profile may name, by suffix, with their media types."""

FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff"}
"""The font files a profile's ``font:`` may name instead of a family, with media types."""


def logo_file(organisation: Organisation, root: Path | None) -> Path | None:
    """Return the profile's logo file (resolved), or ``None`` when there is no logo or no
    workspace folder."""
    if organisation.logo is None or root is None:
        return None
    return (root / organisation.logo.path).resolve()


def font_file(organisation: Organisation, root: Path | None) -> Path | None:
    """Return the profile's font file (resolved) when ``font:`` names a file rather than a
    family, else ``None``."""
    font = organisation.font
    if not font or root is None or Path(font).suffix.lower() not in FONT_TYPES:
        return None
    return (root / font).resolve()


def find_workspace(start: Path) -> Path | None:
    """Return the nearest folder at or above ``start`` holding ``scrdocs.yaml``."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        if (folder / PROFILE).is_file():
            return folder
    return None


def load_workspace(path: str | Path = ".") -> Workspace:
    """Load, validate and cross-check the workspace at ``path``.

    ``path`` is the workspace folder or its ``scrdocs.yaml``. Every file is read and every
    problem collected before anything is raised, so one run reports them all::

        ws = scrdocs.load_workspace("data/thurrock")
        ws.documents["minutes-julia"].items[0].resolutions

    :raises DataError: listing every problem, each with file, line and field path.
    :raises ArgumentError: ``path`` is not a path (``None``, a number).
    """
    root = _path_argument(path, "the workspace folder", "load_workspace")
    if root.is_file():
        root = root.parent
    profile_file = root / PROFILE
    if not profile_file.is_file():
        where = "it does not exist" if not root.exists() else f"there is no {PROFILE} in it"
        raise DataError([Problem(root, None, "",
                                 f"not a scrdocs workspace: {where} "
                                 "(start one with `scrdocs new FOLDER`)")])
    loader = _Loader(root)
    return loader.load()


def load_workspace_partly(path: str | Path = ".") -> tuple[Workspace, dict[str, DataError]]:
    """Load the workspace at ``path`` as :func:`load_workspace` does, but past documents that
    cannot be used: return the workspace of every document that is valid along with all it
    draws on, and the name of each other document with a :class:`DataError` of the problems
    that stop it (its own, or those of a review or minutes it uses), in file order. A build
    uses it to publish every document it can::

        workspace, unusable = load_workspace_partly("data/thurrock")

    :raises DataError: listing every problem, as :func:`load_workspace` does, when any of
        them stops no document in particular (the profile, the case key, a review no
        document names): then no document is safe to use.
    """
    try:
        return load_workspace(path), {}
    except DataError:
        root = Path(path).parent if Path(path).is_file() else Path(path)
        if not (root / PROFILE).is_file():
            raise
        loader = _Loader(root)
        workspace = loader.load(strict=False)
        unusable = loader.unusable(workspace)
        if unusable is None or not loader.problems:
            raise
    for name in unusable:
        workspace.documents.pop(name, None)
        workspace.document_files.pop(name, None)
    return workspace, {name: DataError(problems) for name, problems in unusable.items()}


def load_review(path: str | Path) -> Review:
    """Load one review file; its id defaults to the file name without ``.yaml``::

        review = scrdocs.load_review("data/thurrock/reviews/julia.yaml")
        review.id, review.title   # ('julia', 'Serious Case Review Julia')

    :raises DataError: when the file is not a valid review.
    """
    review, problems = _review_from(read_file(Path(path)))
    if problems or review is None:
        raise DataError(problems)
    return review


def _path_argument(path: object, what: str, function: str) -> Path:
    """Return ``path`` as a :class:`Path`, or raise :class:`ArgumentError` saying what
    ``function`` expected in its place."""
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"{function}() expected the path of {what} (a str or Path), "
                            f"got {type(path).__name__}")
    return Path(path)


def load_document(path: str | Path) -> Document:
    """Load one document file, its model chosen by ``kind:``::

        minutes = scrdocs.load_document("data/thurrock/documents/minutes-julia.yaml")
        minutes.kind, len(minutes.items)   # ('minutes', 1)

    Review references are not checked here; :func:`load_workspace` does that.

    :raises DataError: when the file is not a valid document.
    :raises ArgumentError: ``path`` is not a path (``None``, a number).
    """
    document, problems = _document_from(read_file(
        _path_argument(path, "a document file", "load_document")))
    if problems or document is None:
        raise DataError(problems)
    return document


def _review_from(located: Located) -> tuple[Review | None, list[Problem]]:
    review, problems = validate(Review, located)
    if review is not None and review.id is None and located.file is not None:
        try:
            review = review.model_copy(update={"id": located.file.stem})
        except DataError as exc:  # the id a file name gives must be text like any other
            return None, [Problem(located.file, None, "", f"the file name cannot be the "
                                  f"review's id: it {p.message}; rename the file")
                          for p in exc.problems]
    return review, problems


def _document_from(located: Located) -> tuple[Document | None, list[Problem]]:
    data = located.data
    if not isinstance(data, dict):
        return None, [Problem(located.file, 1, "", "a document file must be a set of fields, "
                                                   "starting with `kind:`")]
    kind_name = data.get("kind")
    kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        said = "is missing" if kind_name is None else f"'{kind_name}' is not a document kind"
        guess = closest(str(kind_name), KINDS)
        hint = f"; did you mean '{guess}'?" if guess else ""
        return None, [Problem(located.file, located.line_of(("kind",)), "kind",
                              f"{said}{hint} (kinds: {', '.join(KINDS)})")]
    document, problems = validate(kind.model, located)
    return document, problems  # type: ignore[return-value]


class _Loader:
    """Read every file of one workspace, keeping problems rather than stopping at the first."""

    def __init__(self, root: Path, languages: list[str] | None = None,
                 language: str | None = None) -> None:
        self.root = root
        self.languages = languages or []
        """The languages the profile publishes in, when several; learnt from the profile."""
        self.language = language
        """The language this loader reads every text in (the first, unless given)."""
        self.reports_maps = language is None
        """Whether this loader reports the problems of maps of languages (the first
        language's does; the others would report the same)."""
        self.checks_maps = True
        """Whether the maps can be checked: not when the profile's ``languages`` is wrong."""
        self.parsed: dict[Path, Located] = {}
        """Each file read, as parsed: the loader of each language reads it from here."""
        self.problems: list[Problem] = []
        self.located: dict[str, Located] = {}
        self.review_stems: set[str] = set()
        """The stems of review files that are not valid reviews: documents naming them are
        not told the review does not exist, since its own errors say why."""
        self.unreadable_reviews: list[Path] = []
        self.broken_documents: set[str] = set()
        """The names of document files that are not valid documents."""

    def read(self, path: Path) -> Located | None:
        try:
            located = self.parsed.get(path) or read_file(path)
        except DataError as exc:
            self.problems.extend(exc.problems)
            return None
        self.parsed[path] = located
        return self.in_language(located)

    def in_language(self, located: Located) -> Located:
        """Return a file's data in this loader's language (maps of languages reported as
        the first language's loader reads them: a language missing, or any map in a
        workspace publishing in one)."""
        languages = self.languages or [self.language or "en"]
        if self.reports_maps and self.checks_maps:
            self.problems += map_problems(located, self.languages or [""])
        return projected(located, self.language or languages[0], languages)

    def read_inside(self, path: Path) -> Located | None:
        """Read a review or document file, refusing one that leads outside the workspace
        folder (a symbolic link to a file elsewhere, or in a folder that is one)."""
        target = path.resolve()
        if not target.is_relative_to(self.root.resolve()):
            self.problems.append(Problem(path, None, "", f"the file is a symbolic link to "
                                         f"{target}, outside the workspace folder; copy the "
                                         "file into the workspace instead"))
            return None
        if _is_case_key(path, self.root):
            self.problems.append(Problem(path, None, "", f"the file leads to the case key "
                                         f"({CASE_KEY}), which is never read as a review or "
                                         "a document; remove the link"))
            return None
        return self.read(path)

    def load(self, strict: bool = True) -> Workspace:
        """Return the workspace; raise every problem found unless not ``strict``, when the
        problems are left in :attr:`problems` (see :meth:`unusable`)."""
        located = self.read_profile()
        organisation = None
        if located is not None:
            organisation, problems = validate(Organisation, located)
            self.problems += problems
        workspace = Workspace(organisation or Organisation(name="?"), root=self.root)
        if organisation is not None and located is not None:
            self.problems += _logo_problems(organisation, located, self.root)
            self.problems += _font_problems(organisation, located, self.root)
        if self.reports_maps:
            try:
                workspace.case_key = load_case_key(self.root)
            except DataError as exc:
                self.problems += exc.problems
        self.load_reviews(workspace)
        self.load_documents(workspace)
        self.check_references(workspace)
        if self.reports_maps and len(self.languages) > 1:
            self.check_output_names(workspace)
            self.load_versions(workspace)
        if self.problems and strict:
            raise DataError(self.problems)
        return workspace

    def read_profile(self) -> Located | None:
        """Return the profile in this loader's language, learning the languages the
        workspace publishes in from it (each version of the profile names its own)."""
        path = self.root / PROFILE
        try:
            located = self.parsed.get(path) or read_file(path)
        except DataError as exc:
            self.problems.extend(exc.problems)
            return None
        self.parsed[path] = located  # read once for every language's loader
        if self.reports_maps:
            self.languages = languages_of(located.data)
            if not self.languages and isinstance(located.data, dict) \
                    and "languages" in located.data:
                self.checks_maps = False  # its own error says why; no echo on every map
        located = self.in_language(located)
        if len(self.languages) > 1 and isinstance(located.data, dict):
            located.data = {**located.data, "language": self.language or self.languages[0]}
        return located

    def check_output_names(self, workspace: Workspace) -> None:
        """Refuse a document named as another's version in one language would be
        ('report.cy' beside a 'report' laid out separate): the one's outputs would be
        written over the other's."""
        from .model import BilingualLayout

        layout = workspace.organisation.bilingual
        for name, document in workspace.documents.items():
            if (document.bilingual or layout) is not BilingualLayout.SEPARATE:
                continue
            for language in self.languages:
                other = workspace.document_files.get(f"{name}.{language}")
                if other is not None:
                    self.problems.append(Problem(other, None, "", (
                        f"its outputs would be written over by the "
                        f"{language_name(language)} version of "
                        f"documents/{workspace.document_files[name].name} "
                        f"({name}.{language}.*), which is laid out separate; rename one")))

    def load_versions(self, workspace: Workspace) -> None:
        """Load the workspace in each of its other languages, keeping each problem once."""
        versions = {self.languages[0]: workspace}
        known = set(self.problems)
        for language in self.languages[1:]:
            loader = _Loader(self.root, self.languages, language)
            loader.parsed = self.parsed
            version = loader.load(strict=False)
            version.case_key = workspace.case_key
            versions[language] = version
            for problem in loader.problems:
                if problem not in known:
                    known.add(problem)
                    self.problems.append(problem)
        for version in versions.values():
            version.versions = versions

    def unusable(self, workspace: Workspace) -> dict[str, list[Problem]] | None:
        """Return each document that cannot be used, in file order, with the problems that
        stop it: its own, those of a review it names, those of the minutes a resolution
        list takes its items from. Return ``None`` when a problem stops no document in
        particular (the profile, the case key, a review no document names), so none is
        safe to use."""
        documents, reviews = self.root / "documents", self.root / "reviews"
        stopped: dict[str, list[Problem]] = {}
        broken: dict[str, list[Problem]] = {}
        for problem in self.problems:
            folder = problem.file.parent if problem.file is not None else None
            if folder not in (documents, reviews):
                return None
            assert problem.file is not None
            found = stopped if folder == documents else broken
            found.setdefault(problem.file.stem, []).append(problem)
        named = set()
        for name, located in self.located.items():
            for review_id in dict.fromkeys(ref for _, ref in review_refs(located.data)):
                if review_id in broken:
                    stopped.setdefault(name, []).extend(broken[review_id])
                    named.add(review_id)
        if named != set(broken):
            return None
        for name, document in workspace.documents.items():
            minutes = document_name(document.minutes) if isinstance(
                document, (ResolutionList, Agenda)) and document.minutes else None
            if minutes in stopped and name not in stopped:
                stopped[name] = list(stopped[minutes])
        order = [path.stem for path in data_files(documents)]
        return dict(sorted(stopped.items(), key=lambda item: (
            order.index(item[0]) if item[0] in order else len(order), item[0])))

    def load_reviews(self, workspace: Workspace) -> None:
        for path in data_files(self.root / "reviews"):
            located = self.read_inside(path)
            if located is None:
                self.review_stems.add(path.stem)
                self.unreadable_reviews.append(path)
                continue
            review, problems = _review_from(located)
            self.problems += problems
            if review is None:
                self.review_stems.add(path.stem)
            if review is None or review.id is None:
                continue
            if review.id in workspace.reviews:
                first = workspace.review_files[review.id]
                self.problems.append(Problem(path, located.line_of(("id",)), "id",
                                             f"the review id '{review.id}' is already used "
                                             f"by {first.name}; give each review its own id"))
                continue
            workspace.reviews[review.id] = review
            workspace.review_files[review.id] = path

    def load_documents(self, workspace: Workspace) -> None:
        for path in data_files(self.root / "documents"):
            located = self.read_inside(path)
            if located is None:
                self.broken_documents.add(path.stem)
                continue
            if path.stem in workspace.documents:
                self.problems.append(Problem(path, None, "", f"two document files are named "
                                             f"'{path.stem}'; rename one"))
                continue
            document, problems = _document_from(located)
            self.problems += problems
            self.located[path.stem] = located
            if document is not None:
                workspace.documents[path.stem] = document
                workspace.document_files[path.stem] = path
            else:
                self.broken_documents.add(path.stem)

    def check_references(self, workspace: Workspace) -> None:
        known = sorted(set(workspace.reviews) | self.review_stems)
        for name, located in self.located.items():
            for path, review_id in review_refs(located.data):
                if review_id not in workspace.reviews and review_id not in self.review_stems:
                    self.problems.append(Problem(
                        located.file, located.line_of(path), dotted(path),
                        f"there is no review '{review_id}'"
                        f"{did_you_mean(review_id, known)}; reviews in this workspace: "
                        f"{', '.join(known) or '(none)'}{self.unread_note()}"))
            document = workspace.documents.get(name)
            if document is not None:
                self.problems += _document_checks(document, located, workspace,
                                                  self.broken_documents)

    def unread_note(self) -> str:
        """Return a note that a missing review may be in a review file that could not be
        read, whose own error is listed first; '' when every review file was read."""
        if not self.unreadable_reviews:
            return ""
        files = ", ".join(f"reviews/{path.name}" for path in self.unreadable_reviews)
        has = "has" if len(self.unreadable_reviews) == 1 else "have"
        return f" (it may be in {files}, which {has} errors above)"


def _is_case_key(path: Path, root: Path) -> bool:
    """Return whether ``path`` is the workspace's case key under another name: a symbolic
    link to it, or a hard link (the same file)."""
    key = root / CASE_KEY
    try:
        return key.exists() and (path.resolve() == key.resolve() or path.samefile(key))
    except OSError:
        return False


def _logo_problems(organisation: Organisation, located: Located, root: Path) -> list[Problem]:
    """Return problems with the profile's logo file: missing, outside the workspace, unknown type."""
    path = logo_file(organisation, root)
    if path is None or organisation.logo is None:
        return []
    line = located.line_of(("logo", "path"))
    if not path.is_relative_to(root.resolve()):
        return [Problem(located.file, line, "logo.path", "the logo must be a file inside the "
                        "workspace folder")]
    if path.suffix.lower() not in LOGO_TYPES:
        return [Problem(located.file, line, "logo.path", f"'{path.name}' is not a PNG, JPEG "
                        "or SVG image")]
    if not path.is_file():
        return [Problem(located.file, line, "logo.path", f"there is no file "
                        f"'{organisation.logo.path}' in the workspace")]
    return []


def _font_problems(organisation: Organisation, located: Located, root: Path) -> list[Problem]:
    """Return a problem when ``font:`` names a font file that is not in the workspace."""
    path = font_file(organisation, root)
    if path is None or (path.is_relative_to(root.resolve()) and path.is_file()):
        return []
    return [Problem(located.file, located.line_of(("font",)), "font",
                    f"there is no font file '{organisation.font}' in the workspace")]


def _document_checks(document: Document, located: Located, workspace: Workspace,
                     broken: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Return the problems only the whole workspace reveals for one document.

    :param broken: the names of document files that are not valid documents; a reference
        to one is not reported, since that file's own errors say why it is missing.
    """
    problems = []
    if isinstance(document, (ResolutionList, Agenda)) and document.minutes:
        target = workspace.documents.get(document_name(document.minutes))
        if not isinstance(target, Minutes) and document_name(document.minutes) not in broken:
            minutes = sorted(n for n, d in workspace.documents.items() if isinstance(d, Minutes))
            problems.append(Problem(located.file, located.line_of(("minutes",)), "minutes",
                                    f"there is no minutes document '{document.minutes}'; "
                                    f"minutes documents here: {', '.join(minutes) or '(none)'}"))
    if isinstance(document, Agenda):
        target = workspace.documents.get(document_name(document.minutes or ""))
        items = target.items if document.minutes and isinstance(target, Minutes) else None
        if not document.minutes or items is not None:
            problems += agenda_reference_problems(document, located, workspace, items)
    if isinstance(document, OneMinuteGuide) and document.local_reviews:
        after = document.local_reviews.after
        if after is not None and after > len(document.sections):
            problems.append(Problem(located.file, located.line_of(("local_reviews", "after")),
                                    "local_reviews.after",
                                    f"the guide has only {len(document.sections)} "
                                    f"section{'' if len(document.sections) == 1 else 's'}"))
    if isinstance(document, SevenMinuteBriefing):
        reviews = [workspace.reviews[i] for i in document.reviews if i in workspace.reviews]
        has_contact = workspace.organisation.contact is not None
        for field, message in unfilled_boxes(document, reviews, has_contact):
            problems.append(Problem(located.file, located.line_of(("reviews",)), field, message))
    return problems
