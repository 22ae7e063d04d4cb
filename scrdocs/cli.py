"""The ``scrdocs`` command line: the only module that imports click.

Every :class:`~scrdocs.errors.ScrdocsError` becomes ``Error:`` lines on stderr and its exit
code; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import DataError, Problem, ScrdocsError, ScrdocsWarning, stopped_unexpectedly
from .kinds import KINDS
from .render import FORMATS

F = TypeVar("F", bound=Callable[..., Any])

TEMPLATE_DIR_OPTION = click.option(
    "--template-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of templates searched before the workspace's and the built-in ones.")
WORKSPACE = click.argument("workspace", required=False, default=".",
                           type=click.Path(file_okay=True, dir_okay=True, path_type=Path))


UNEXPECTED_ERROR = 70
"""The exit code of an error scrdocs did not foresee, a bug (``EX_SOFTWARE``)."""

INTERRUPTED = 130
"""The exit code after Ctrl+C, as shells report a command ended by SIGINT."""


def echo_errors(lines: list[str]) -> None:
    """Print each error as an ``Error:`` line on stderr; a line that starts with spaces
    continues the error above it (a template's context, the outputs a leak reached), so it
    is indented under that error rather than printed as an error of its own."""
    for line in lines:
        if line[:1].isspace():
            click.echo(f"{'':5}{line}", err=True)
        else:
            click.echo(f"Error: {line}", err=True)


def reports_errors(command: F) -> F:
    """Turn scrdocs' errors raised by ``command`` into ``Error:`` lines and an exit code,
    and its warnings into ``Warning:`` lines.

    Any other exception is a bug: it is reported as one ``Error:`` line naming the command
    and the document being rendered, with a request for a bug report, and exits with
    :data:`UNEXPECTED_ERROR`; its traceback is shown only with ``scrdocs --debug``. Ctrl+C
    ends the command with a short message and :data:`INTERRUPTED`.
    """
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ScrdocsWarning)
                result = command(*args, **kwargs)
            for warning in caught:
                click.echo(f"Warning: {warning.message}", err=True)
            return result
        except ScrdocsError as exc:
            _show_traceback(exc)
            echo_errors(exc.lines())
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(f"{_command_path()}: interrupted", err=True)
            sys.exit(INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: one line, never a traceback  # noqa: BLE001
            report_unexpected(exc, _command_path(), _debugging())
            sys.exit(UNEXPECTED_ERROR)
    return wrapper  # type: ignore[return-value]


def report_unexpected(exc: BaseException, command: str, debug: bool) -> None:
    """Print an error scrdocs did not foresee as one ``Error:`` line naming ``command`` and,
    when known, the document it stopped, then ask for a bug report; with ``debug`` (the
    ``--debug`` option) the traceback comes first."""
    _show_traceback(exc, always=debug)
    click.echo(f"Error: {command} {stopped_unexpectedly(exc)}", err=True)
    subcommand = command.partition(" ")[2]
    click.echo(f"This is a bug in scrdocs. Please report it with what "
               f"`scrdocs --debug {subcommand or '…'} …` prints.", err=True)


def _show_traceback(exc: BaseException, always: bool = False) -> None:
    """Print ``exc``'s traceback on stderr when ``scrdocs --debug`` was asked for."""
    if always or _debugging():
        import traceback

        click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
        for failures in getattr(exc, "failures", {}).values():  # a build's documents
            for failure in failures:
                if getattr(failure, "details", ""):
                    click.echo(failure.details, err=True)


def _debugging() -> bool:
    """Return whether ``scrdocs --debug`` is running."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("debug"))


def _command_path() -> str:
    """Return the command running, as typed: ``scrdocs build``."""
    context = click.get_current_context(silent=True)
    return context.command_path if context else "scrdocs"


def run() -> None:
    """The ``scrdocs`` console command: run :func:`main`, then end the process at once.

    By the time a command returns, every file it wrote is closed. Tearing down the
    interpreter after that (WeasyPrint's C objects, the loaded fonts, every module) costs a
    quarter of a second on each run and changes nothing, so exit handlers run, the output
    streams are flushed, and the process ends with the command's exit code.
    """
    try:
        main(prog_name="scrdocs")
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        print("scrdocs: interrupted", file=sys.stderr)
        code = INTERRUPTED
    except Exception as exc:  # a bug outside any command's own reporting  # noqa: BLE001
        report_unexpected(exc, "scrdocs", debug="--debug" in sys.argv[1:])
        code = UNEXPECTED_ERROR
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    _exit_now(code)


def _exit_now(code: int) -> None:
    import atexit
    import os

    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scrdocs")
@click.option("--debug", is_flag=True,
              help="Show the Python traceback of an error (for a bug report).")
def main(debug: bool) -> None:
    """Publish case-review learning as committee reports, minutes, one-minute guides and
    learning briefings, in Word and PDF.

    A workspace is a folder with scrdocs.yaml (the organisation), reviews/*.yaml (one per
    case review) and documents/*.yaml (one per output document).
    """


@main.command()
@WORKSPACE
@reports_errors
def validate(workspace: Path) -> None:
    """Check every file of a workspace and report every problem.

    WORKSPACE defaults to this folder. Each problem is shown as FILE:LINE: field: message.
    """
    from .workspace import load_workspace

    loaded = load_workspace(workspace)
    click.echo(f"{workspace}: OK — {len(loaded.reviews)} reviews, "
               f"{len(loaded.documents)} documents")


@main.command()
@click.argument("subject", type=click.Choice(["review", "document", "organisation",
                                              "case-key"]),
                default="document", metavar="[SUBJECT]")
@reports_errors
def schema(subject: str) -> None:
    """Print the JSON Schema of a data file or the case key.

    SUBJECT is review, document (the default), organisation or case-key.

    Point your editor's YAML extension at it so files are checked as you type.
    """
    from .schema import json_schema

    click.echo(json.dumps(json_schema(subject), indent=2, ensure_ascii=False))


@main.command()
@WORKSPACE
@click.option("--word-layout/--no-word-layout", default=True, show_default=True,
              help="Also check the pages of each Word file as LibreOffice lays it out "
                   "(when LibreOffice is installed; one call for the whole workspace).")
@reports_errors
def check(workspace: Path, word_layout: bool) -> None:
    """Check a workspace is ready to publish.

    Runs validation; the case key on the data and on every Word, PDF and HTML output and
    its file name, as build does; accessibility checks on every Word and PDF output; and
    governance checks. Exits non-zero on any blocking problem: 6 when an output would
    disclose what the case key protects (as build and render do), else 1. Warnings (among
    them a workspace with no case key) are listed apart.

    Also checks the finish of every page, in the PDF and in the Word file as LibreOffice
    lays it out (when installed; without it the Word layout is not checked, and check says
    so). Errors, as they block publishing: a document over its kind's page limit (a
    one-minute guide fits 2 pages); a heading or label left as the last line of a page or
    column; a template prompt on a page not marked DRAFT; PDF/UA-1 failures found by the
    independent page-validation checker (when installed: pip install 'scrdocs[check]').
    Warnings: a last page holding under 12 % of a page of text; Word and PDF page counts
    that differ. Each names the document, the format, the page and the text.
    """
    from .check import check_workspace

    report = check_workspace(workspace, word_layout=word_layout)
    for error in report.errors:
        echo_errors(error.splitlines())
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    summary = (f"{len(report.checked)} outputs checked: {len(report.errors)} errors, "
               f"{len(report.warnings)} warnings")
    if not report.ok:
        click.echo(f"{workspace}: NOT ready to publish — {summary}", err=True)
        sys.exit(report.exit_code)
    click.echo(f"{workspace}: ready to publish — {summary}")


@main.group()
def templates() -> None:
    """Export and check editable templates."""


@templates.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(sorted(KINDS)),
              help="Export only this kind's templates (repeatable); _base is always included.")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@reports_errors
def templates_export(directory: Path, kinds: tuple[str, ...], force: bool) -> None:
    """Copy the default templates out for editing.

    DIRECTORY gets the layout of a workspace templates/ folder.

    Export into WORKSPACE/templates, edit the files (the .docx in Word), and build picks
    them up.
    """
    from .customise import export_templates

    written = export_templates(directory, list(kinds) or None, overwrite=force)
    for path in written:
        click.echo(f"wrote {path}")


@templates.command("check")
@WORKSPACE
@TEMPLATE_DIR_OPTION
@reports_errors
def templates_check(workspace: Path, template_dir: Path | None) -> None:
    """Check the templates that override the defaults.

    Looks in WORKSPACE/templates (default: this folder) and --template-dir. Reports syntax
    errors, variables scrdocs does not provide, tags Word split across paragraphs, and what
    fails when sample documents are rendered with the templates (a misspelt field).
    """
    from .customise import check_templates, overriding_templates

    problems = check_templates(workspace, template_dir)
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    folders = [p for p in (template_dir, workspace / "templates") if p is not None]
    count = len(overriding_templates(folders))
    if problems:
        sys.exit(3)
    click.echo(f"{count} overriding templates checked: no problems")


FORMAT_CHOICE = click.Choice(FORMATS)
DRAFT = click.option("--draft", is_flag=True, help="Mark every page DRAFT.")


@main.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "format_", type=FORMAT_CHOICE,
              help="Output format (default: from -o's suffix, else pdf).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write (default: the workspace's out/ folder).")
@click.option("-l", "--language", metavar="CODE",
              help="In a workspace publishing in several languages, the version in this "
                   "one alone (cy, en), saying the others exist.")
@TEMPLATE_DIR_OPTION
@DRAFT
@reports_errors
def render(document: Path, format_: str | None, output: Path | None, language: str | None,
           template_dir: Path | None, draft: bool) -> None:
    """Render one document file to Word, PDF or HTML.

    DOCUMENT is a file in a workspace's documents/ folder.
    """
    from .build import remove_outputs
    from .guard import DisclosureError
    from .render import input_files, output_names, render_for_path, write_all_atomic

    workspace, name = _workspace_document(document)
    root = workspace.root
    format_ = format_ or (output.suffix.lstrip(".").lower() if output else "pdf")
    if format_ not in FORMATS:
        raise click.BadParameter(f"cannot tell the format from '{output}'; use --format",
                                 param_hint="-o")
    if language is not None and language not in workspace.languages:
        raise click.BadParameter(f"the workspace publishes in "
                                 f"{', '.join(workspace.languages)}, not {language!r}",
                                 param_hint="--language")
    if language is not None:
        versions = [(language, f"{name}.{language}" if workspace.is_bilingual else name)]
    else:  # every version a document laid out separate has; -o names one: the first's
        versions = output_names(workspace, name)[:1 if output else None]
    if output is None:
        (root / "out").mkdir(exist_ok=True)
    targets = [output or root / "out" / f"{stem}.{format_}" for _, stem in versions]
    rendered = []
    try:
        for (version, _), target in zip(versions, targets, strict=True):
            rendered.append(render_for_path(
                workspace.documents[name], workspace, target, format_,
                template_dir=template_dir, draft=draft, language=version))
    except DisclosureError as exc:
        if output is not None:  # a path of the user's own: theirs to judge
            raise
        raise DisclosureError(exc.hits, remove_outputs(
            root / "out", name, workspace.languages if workspace.is_bilingual else ())[0]
        ) from None
    for target in write_all_atomic(zip(targets, rendered, strict=True),
                                   input_files(workspace, template_dir)):
        click.echo(f"wrote {target}")


@main.command()
@click.argument("workspaces", nargs=-1, metavar="[WORKSPACE]...",
                type=click.Path(file_okay=True, dir_okay=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: WORKSPACE/out); for one workspace only.")
@click.option("-f", "--format", "formats", type=FORMAT_CHOICE, multiple=True,
              help="Format to write; repeat for several (default: docx, pdf and html).")
@TEMPLATE_DIR_OPTION
@DRAFT
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Documents to render at once, each in its own process "
                   "(default: one per core).")
@click.option("--force", is_flag=True,
              help="Render every output, even those up to date since the last build.")
@reports_errors
def build(workspaces: tuple[Path, ...], out: Path | None, formats: tuple[str, ...],
          template_dir: Path | None, draft: bool, jobs: int | None, force: bool) -> None:
    """Render every document of a workspace in every format.

    WORKSPACE defaults to this folder. Give several to build them in one run, sharing one
    set of worker processes, each into its own out/ folder: scrdocs build data/*/

    Outputs whose inputs (the document, the reviews it uses, the profile, the templates,
    the scrdocs version) have not changed since the last build are skipped.

    A document that fails (invalid data in it or in a review it uses, a template error, a
    disclosure) does not stop the others: every other document is written, and each failure
    is reported with the document's name; a problem in the profile or the case key stops
    the whole build. A document is written in all its
    formats or not at all; one that would disclose what the case key protects also loses
    its outputs from earlier builds. The exit code is then 6 if any document would
    disclose what the case key protects, else that of the first failure (2 data,
    3 template, 4 render, 5 output).
    """
    from contextlib import ExitStack

    from .build import BuildError, build_many
    from .render import FORMATS
    from .workspace import load_workspace_partly

    roots = list(dict.fromkeys(workspaces or (Path("."),)))
    if out is not None and len(roots) > 1:
        raise click.BadParameter("give --out with one workspace; several are each built "
                                 "into their own out/ folder", param_hint="--out")
    loads = [load_workspace_partly(root) for root in roots]
    unusable = {(f"{(loaded.root or root).name}/{name}" if len(loads) > 1 else name): error
                for root, (loaded, found) in zip(roots, loads)
                for name, error in found.items()}
    with ExitStack() as stack:
        bar: list[Any] = []

        def progress(done: int, total: int, document: str) -> None:
            if not sys.stderr.isatty():
                click.echo(f"[{done}/{total}] {document}")
                return
            if not bar:
                bar.append(stack.enter_context(click.progressbar(
                    length=total, label="Rendering", file=sys.stderr,
                    item_show_func=lambda name: name)))
            bar[0].update(1, document)

        try:
            report = build_many([(loaded, out) for loaded, _ in loads], formats or FORMATS,
                                jobs=jobs, force=force, progress=progress,
                                template_dir=template_dir, draft=draft)
        except BuildError as exc:
            report = exc.report
    report.failed = {**{name: [error] for name, error in unusable.items()}, **report.failed}
    _say_built(report, (out or (loads[0][0].root or Path.cwd()) / "out") if len(loads) == 1
               else f"the out/ folders of {len(loads)} workspaces")
    if report.failed:
        raise BuildError(report.failed, report)


def _say_built(report: Any, folder: Path | str) -> None:
    """Print what a build wrote and skipped (its failures are errors, printed apart)."""
    skipped = f"{len(report.skipped)} up to date" if report.skipped else ""
    if report.written:
        documents = len(report.rendered)
        click.echo(f"wrote {len(report.written)} files for {documents} "
                   f"document{'s' * (documents != 1)} to {folder}"
                   + (f"; skipped {skipped}" if skipped else ""))
    elif not report.failed:
        click.echo(f"skipped {len(report.skipped)} files: all up to date in {folder} "
                   "(--force rebuilds them)")
    elif skipped:
        click.echo(f"skipped {skipped} in {folder}")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--organisation", metavar="NAME",
              help="Your organisation's name, as printed on every document "
                   "(default: Your Safeguarding Children Partnership).")
@reports_errors
def new(folder: Path, organisation: str | None) -> None:
    """Start a new workspace in FOLDER, ready to build.

    FOLDER must be new or empty. It gets the organisation profile (scrdocs.yaml), an example
    review, one document of every kind drawing on it, an example case key, and editor
    settings that check the YAML files as you type.
    """
    from .new import DEFAULT_ORGANISATION, new_workspace, next_steps

    try:
        new_workspace(folder, organisation or DEFAULT_ORGANISATION)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--organisation") from None
    click.echo(next_steps(folder, organisation or DEFAULT_ORGANISATION), nl=False)


@main.command()
@WORKSPACE
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="The port to listen on (default: a free one).")
@click.option("--host", metavar="ADDRESS",
              help="Listen on ADDRESS instead of 127.0.0.1, so that other machines can "
                   "reach the editor (they still need its token).")
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
@reports_errors
def serve(workspace: Path, port: int, host: str | None, no_browser: bool) -> None:
    """Edit a workspace in the browser, with a live preview.

    Starts a local editor for WORKSPACE (default: this folder) on 127.0.0.1 and opens it
    in the browser. The address it prints carries a token that only this run knows. Stop
    it with Ctrl+C.
    """
    from .serve import LOCAL
    from .serve import serve as run_editor

    root = workspace.parent if workspace.is_file() else workspace
    if not (root / "scrdocs.yaml").is_file():
        raise DataError([Problem(root, None, "", "not a scrdocs workspace: there is no "
                                 "scrdocs.yaml in it (start one with `scrdocs new FOLDER`)")])
    if host is not None and host != LOCAL:
        click.echo(f"Warning: listening on {host} rather than {LOCAL} alone: anyone who "
                   "can reach that address from another machine and has the address with "
                   "its token can read and change this workspace.", err=True)
    try:
        run_editor(root, host or LOCAL, port, open_browser=not no_browser, say=click.echo)
    except OSError as exc:
        raise click.BadParameter(f"cannot listen on {host or LOCAL}:{port}: {exc.strerror}",
                                 param_hint="--port" if port else "--host") from None


def _workspace_document(document: Path) -> tuple[Any, str]:
    """Return the workspace a document file belongs to, loaded, and the document's name.

    :raises DataError: the file is missing, or not a document of a workspace.
    """
    from .workspace import find_workspace, load_workspace

    if not document.is_file():
        raise DataError([Problem(document, None, "", "no such document file")])
    root = find_workspace(document)
    if root is None:
        raise DataError([Problem(document, None, "",
                                 "this file is not inside a workspace (no scrdocs.yaml in "
                                 "its folder or any folder above it)")])
    workspace = load_workspace(root)
    name = next((n for n, f in workspace.document_files.items()
                 if f.resolve() == document.resolve()), None)
    if name is None:
        raise DataError([Problem(document, None, "", "not a document of the workspace "
                                 f"{root} (documents live in its documents/ folder)")])
    return workspace, name


@main.command()
@click.argument("agenda", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the pack (default: the workspace's out/ folder, "
                   "AGENDA-pack.pdf).")
@click.option("--restricted", is_flag=True,
              help="Include the Part B (exempt) items' papers; the pack is marked not for "
                   "publication on its front and every page.")
@click.option("--supplement", type=click.IntRange(min=1), metavar="N",
              help="Make supplementary pack N: the items marked supplement: N, numbered on "
                   "from the main pack.")
@TEMPLATE_DIR_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Reports to render at once (default: one per core).")
@click.option("--force", is_flag=True, help="Make the pack even if it is up to date.")
@reports_errors
def pack(agenda: Path, output: Path | None, restricted: bool, supplement: int | None,
         template_dir: Path | None, jobs: int | None, force: bool) -> None:
    """Make the agenda pack: one PDF of the agenda and every paper.

    AGENDA is an agenda document (kind: agenda). The pack holds a front sheet with a
    contents list, the agenda, then each item's committee report and appendices (PDF, or
    Word files converted with LibreOffice), every page stamped with its number in the
    pack. Contents entries and agenda lines link to the papers' pages; each item and
    appendix has a bookmark. Reports are taken from the workspace build, rendered again
    only when out of date.

    The public pack leaves out the papers of Part B items (the agenda says why);
    --restricted includes them. An appendix that is not a tagged PDF is merged with a
    warning: it makes the pack fail PDF/UA, and scrdocs check reports it.
    """
    from .pack import make_pack

    workspace, name = _workspace_document(agenda)
    result = make_pack(workspace, name, output, restricted=restricted,
                       supplement=supplement, jobs=jobs, template_dir=template_dir,
                       force=force)
    pages = f"{result.pages} pages, numbered {result.first}–{result.last}"
    if result.written:
        click.echo(f"wrote {result.path} ({pages})")
    else:
        click.echo(f"{result.path} is up to date ({pages}; --force makes it again)")


@main.command()
@WORKSPACE
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the tracker: .xlsx or .csv (default: WORKSPACE/out/"
                   "actions.xlsx).")
@click.option("--reviews", is_flag=True,
              help="Include the actions of every review's action plan too.")
@click.option("--today", metavar="YYYY-MM-DD",
              help="The date actions are overdue from (default: today).")
@reports_errors
def actions(workspace: Path, output: Path | None, reviews: bool, today: str | None) -> None:
    """Export the action log: every action the minutes set, and where it stands.

    Writes an XLSX tracker (header frozen and filterable, each status written out and
    coloured) or, for an -o ending .csv, a CSV file. An action is overdue when its due date
    has passed and it is not complete. Record an action on a resolution in the minutes:
    text: That officers …, action: {owner: …, due: YYYY-MM, status: in-progress}.
    """
    import datetime as dt

    from .actions import action_log, write_csv, write_xlsx
    from .render import input_files, write_atomic
    from .workspace import load_workspace

    loaded = load_workspace(workspace)
    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise click.BadParameter(f"'{today}' is not a date written YYYY-MM-DD",
                                 param_hint="--today") from None
    target = output or (loaded.root or Path.cwd()) / "out" / "actions.xlsx"
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise click.BadParameter(f"'{target}' must end .xlsx or .csv", param_hint="-o")
    found = action_log(loaded, reviews)
    data = write_csv(found, day) if suffix == ".csv" else write_xlsx(
        found, day, loaded.organisation.name)
    if output is None:
        target.parent.mkdir(exist_ok=True)
    write_atomic(target, data, input_files(loaded))
    overdue = sum(1 for action in found if action.status(day).value == "overdue")
    click.echo(f"wrote {target}: {len(found)} action{'s' * (len(found) != 1)}, "
               f"{overdue} overdue")


if __name__ == "__main__":  # pragma: no cover
    main()
