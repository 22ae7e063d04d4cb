"""The public API: what `import scrdocs` exposes is listed, documented, typed and in step
with the README's CLI reference."""

from __future__ import annotations

import inspect
import pydoc
import re
from pathlib import Path

import click
import pytest

import scrdocs
from scrdocs.cli import main

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = {name: getattr(scrdocs, name, None) for name in scrdocs.__all__}
FUNCTIONS = {name: obj for name, obj in PUBLIC.items() if inspect.isfunction(obj)}
CLASSES = {name: obj for name, obj in PUBLIC.items() if inspect.isclass(obj)}
ENTRY_CLASSES = ["Workspace", "Review", "Organisation", "PartialDate", "DataError"]
"""The classes an importer meets first; each shows an example of its use."""

HELP_WIDTH = 80  # click's own default, so the text is what a wide terminal shows
CLI_REFERENCE = "## CLI reference"


def _has_example(text: str) -> bool:
    """Return whether a docstring holds a doctest (>>>) or a literal block (::) example."""
    return ">>>" in text or "::\n" in text


def test_every_name_in_all_exists():
    """Every name listed in scrdocs.__all__ is defined, and none is listed twice."""
    assert [name for name in scrdocs.__all__ if not hasattr(scrdocs, name)] == []
    assert len(set(scrdocs.__all__)) == len(scrdocs.__all__)


def test_star_import_gives_exactly_all():
    """`from scrdocs import *` gives the names of __all__ and nothing else."""
    namespace: dict[str, object] = {}
    exec("from scrdocs import *", namespace)  # noqa: S102 - a fixed string, the point
    assert set(namespace) - {"__builtins__"} == set(scrdocs.__all__)


@pytest.mark.parametrize("name", sorted({**FUNCTIONS, **CLASSES}))
def test_every_public_function_and_class_has_a_docstring(name):
    """Each public function and class has a docstring of its own whose summary ends as a
    sentence does."""
    obj = PUBLIC[name]
    own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
    assert own and own.strip(), f"{name} has no docstring of its own"
    summary = (inspect.getdoc(obj) or "").split("\n\n")[0].rstrip()
    assert summary.endswith((".", ":")), f"{name}: {summary!r}"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_public_function_shows_an_example(name):
    """Each public function's docstring shows how it is called."""
    assert _has_example(inspect.getdoc(FUNCTIONS[name]) or "")


@pytest.mark.parametrize("name", ENTRY_CLASSES)
def test_entry_classes_show_an_example(name):
    """The classes an importer builds or catches first show an example in their docstring."""
    assert _has_example(inspect.getdoc(CLASSES[name]) or "")


def test_help_of_render_shows_an_example():
    """help(scrdocs.render) prints the docstring with its example."""
    text = pydoc.render_doc(scrdocs.render, renderer=pydoc.plaintext)
    assert "Return ``document`` rendered as" in text
    assert _has_example(text)


def test_package_docstring_shows_an_example():
    """help(scrdocs) opens with what the package does and an example."""
    assert _has_example(scrdocs.__doc__ or "")


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_public_function_is_fully_annotated(name):
    """Each public function annotates every parameter and its return value."""
    signature = inspect.signature(FUNCTIONS[name])
    assert [p for p, v in signature.parameters.items()
            if v.annotation is inspect.Parameter.empty] == []
    assert signature.return_annotation is not inspect.Signature.empty


def test_package_is_marked_typed():
    """The package ships py.typed, so type checkers read its annotations."""
    assert (Path(scrdocs.__file__).parent / "py.typed").is_file()


def cli_reference() -> str:
    """Return the README's CLI reference section: every command's --help, in order."""
    parts = [CLI_REFERENCE, "",
             ("Each command prints this with `--help`. This section is generated from that "
              "help, and `tests/test_api.py` fails when the two differ."), ""]
    root = click.Context(main, info_name="scrdocs", terminal_width=HELP_WIDTH,
                         max_content_width=HELP_WIDTH, **main.context_settings)
    for context in _contexts(root):
        parts += [f"### `{context.command_path}`", "", "```text",
                  context.command.get_help(context).rstrip(), "```", ""]
    return "\n".join(parts).rstrip() + "\n"


def _contexts(context: click.Context) -> list[click.Context]:
    """Return ``context`` and those of every command below it, depth first, as listed."""
    contexts = [context]
    if isinstance(context.command, click.Group):
        for name in context.command.list_commands(context):
            command = context.command.get_command(context, name)
            assert command is not None
            contexts += _contexts(click.Context(command, info_name=name, parent=context))
    return contexts


def _readme_section(heading: str) -> str | None:
    """Return the README's section under ``heading`` up to the next level-2 heading."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", text,
                      re.MULTILINE | re.DOTALL)
    return match.group().rstrip() + "\n" if match else None


def test_readme_cli_reference_is_in_step_with_the_help():
    """The README's CLI reference is exactly the commands' current --help."""
    section = _readme_section(CLI_REFERENCE)
    if section is None:
        pytest.skip("README.md has no CLI reference section yet")
    assert section == cli_reference(), (
        "README.md's CLI reference differs from `scrdocs --help`; replace the section with "
        "the output of: python -c 'import sys; sys.path.insert(0, \"tests\"); "
        "import test_api; print(test_api.cli_reference())'")
