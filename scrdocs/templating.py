"""The one Jinja environment both outputs use, and where templates are found.

Takes an optional workspace ``templates/`` folder and ``--template-dir``; produces a sandboxed
environment (user templates are not trusted code) with ``StrictUndefined`` (a misspelt
variable is an error, not empty text) and autoescaping on (``&`` and ``<`` in data stay text
in HTML and in Word's XML alike). Overriding folders are searched before the package's own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, Template, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from .errors import did_you_mean
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


class _Undefined(StrictUndefined):
    """``StrictUndefined`` whose message, for a field that is not there, names those that are."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        found, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint or not isinstance(found, Mapping) or not isinstance(name, str):
            return str(super()._undefined_message)
        fields = sorted(key for key in found if isinstance(key, str))
        return (f"there is no '{name}' here{did_you_mean(name, fields)}; what there is: "
                f"{', '.join(fields) or 'nothing'}")


def template_location(exc: BaseException) -> tuple[str, int] | None:
    """Return the template file and line where Jinja raised ``exc``, when it recorded one.

    A template compiled from a string (a Word part) is named ``<template>``.
    """
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.filename or exc.name or "<template>", exc.lineno
    where = None
    trace = exc.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if code.co_name == "top-level template code" or \
                code.co_name.startswith(("block '", "macro '")):
            where = code.co_filename, trace.tb_lineno
        trace = trace.tb_next
    return where


class _Environment(SandboxedEnvironment):
    """A sandboxed environment that compiles each distinct template text once.

    docxtpl hands every part of a Word template (body, headers, footers, properties) to
    ``from_string`` on every render; compiling them is a third of a Word render's time.
    """

    CACHED_SOURCES = 256

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: OrderedDict[str, Template] = OrderedDict()

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            self._compiled[source] = template
            if len(self._compiled) > self.CACHED_SOURCES:
                self._compiled.popitem(last=False)
        else:
            self._compiled.move_to_end(source)
        return template


@lru_cache(maxsize=16)
def environment(dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """Return the Jinja environment for templates in ``dirs`` (made once per set of dirs)."""
    env = _Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        undefined=_Undefined,
        autoescape=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    return env
