"""The one Jinja environment both outputs use, and where templates are found.

Takes an optional workspace ``templates/`` folder and ``--template-dir``; produces a sandboxed
environment (user templates are not trusted code) with ``StrictUndefined`` (a misspelt
variable is an error, not empty text) and autoescaping on (``&`` and ``<`` in data stay text
in HTML and in Word's XML alike). Overriding folders are searched before the package's own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .markup import css_string


def default_templates() -> Path:
    """Return the folder of the default templates: in the installed package, or the checkout.

    A wheel carries them as ``scrdocs/templates``; a source checkout keeps them at the top
    level as ``templates/``.
    """
    packaged = Path(str(resources.files("scrdocs"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def template_dirs(workspace_root: Path | None = None,
                  template_dir: Path | None = None) -> tuple[Path, ...]:
    """Return the folders searched for templates, most specific first."""
    dirs = [template_dir, workspace_root / "templates" if workspace_root else None]
    found = [d.resolve() for d in dirs if d is not None and d.is_dir()]
    return (*found, default_templates())


def find_template(name: str, dirs: tuple[Path, ...]) -> Path:
    """Return the first file called ``name`` (e.g. ``minutes/minutes.docx``) in ``dirs``."""
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(name)


@lru_cache(maxsize=16)
def environment(dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """Return the Jinja environment for templates in ``dirs`` (made once per set of dirs)."""
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        undefined=StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env
