"""The ``scrdocs`` command line: the only module that imports click.

Every :class:`~scrdocs.errors.ScrdocsError` becomes ``Error:`` lines on stderr and its exit
code; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ScrdocsError

F = TypeVar("F", bound=Callable[..., Any])

WORKSPACE = click.argument("workspace", required=False, default=".",
                           type=click.Path(file_okay=True, dir_okay=True, path_type=Path))


def reports_errors(command: F) -> F:
    """Turn scrdocs' errors raised by ``command`` into ``Error:`` lines and an exit code."""
    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ScrdocsError as exc:
            for line in exc.lines():
                click.echo(f"Error: {line}", err=True)
            sys.exit(exc.exit_code)
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scrdocs")
def main() -> None:
    """Publish case-review learning as committee reports, minutes, one-minute guides and
    learning briefings, in Word and PDF.

    A workspace is a folder with scrdocs.yaml (the organisation), reviews/*.yaml (one per
    case review) and documents/*.yaml (one per output document).
    """


@main.command()
@WORKSPACE
@reports_errors
def validate(workspace: Path) -> None:
    """Check every file of WORKSPACE (default: this folder) and report every problem."""
    from .workspace import load_workspace

    loaded = load_workspace(workspace)
    click.echo(f"{workspace}: OK — {len(loaded.reviews)} reviews, "
               f"{len(loaded.documents)} documents")


@main.command()
@click.argument("subject", type=click.Choice(["review", "document", "organisation"]),
                default="document")
def schema(subject: str) -> None:
    """Print the JSON Schema of a review, a document or the organisation profile.

    Point your editor's YAML extension at it so files are checked as you type.
    """
    from .schema import json_schema

    click.echo(json.dumps(json_schema(subject), indent=2, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    main()
