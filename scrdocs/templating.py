"""The one Jinja environment both outputs use, and where templates are found.

Takes an optional workspace ``templates/`` folder and ``--template-dir``; produces a sandboxed
environment (user templates are not trusted code) with ``StrictUndefined`` (a misspelt
variable is an error, not empty text) and autoescaping on (``&`` and ``<`` in data stay text
in HTML and in Word's XML alike), and Jinja's ``i18n`` extension, whose ``_()`` and
``{% trans %}`` write a label in the language of the document being rendered
(:mod:`scrdocs.i18n`). Overriding folders are searched before the package's own.
A template's own code failing as it is filled in (``{{ title + 1 }}``) is a Jinja error like
a misspelt variable, so it is reported as the template's, at its line, not as a bug.

A template is read only from inside the folder it is found in: one that is a symbolic link to
a file elsewhere is refused, and so is a workspace ``templates/`` folder that leads out of
the workspace (``--template-dir`` names a folder kept elsewhere).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, Template, TemplateSyntaxError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateRuntimeError
from jinja2.sandbox import SandboxedEnvironment

from . import bounds
from .errors import TemplateError, did_you_mean
from .footer import css_page_numbers, page_numbers
from .i18n import CurrentTranslations
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
    """Return the folders searched for templates, most specific first.

    :raises TemplateError: the workspace's ``templates/`` folder is a symbolic link that
        leads out of the workspace, or ``template_dir`` is not a folder (the templates asked
        for are never silently left out).
    """
    if template_dir is not None and not Path(template_dir).is_dir():
        raise TemplateError(f"{template_dir}: the template folder asked for does not exist "
                            "(or is not a folder)", template_dir)
    if workspace_root is not None:
        own = workspace_root / "templates"
        if own.is_dir() and not own.resolve().is_relative_to(workspace_root.resolve()):
            raise TemplateError(f"{own}: the templates folder is a symbolic link to "
                                f"{own.resolve()}, outside the workspace folder; copy the "
                                "templates in, or name that folder with --template-dir", own)
    dirs = [template_dir, workspace_root / "templates" if workspace_root else None]
    found = [d.resolve() for d in dirs if d is not None and d.is_dir()]
    return (*found, default_templates())


def find_template(name: str, dirs: tuple[Path, ...]) -> Path:
    """Return the first file called ``name`` (e.g. ``minutes/minutes.docx``) in ``dirs``.

    :raises TemplateError: the file found leads outside its folder (a symbolic link).
    """
    for folder in dirs:
        candidate = folder / name
        if candidate.is_file():
            refuse_outside(candidate, folder)
            return candidate
    raise FileNotFoundError(name)


def outside(path: Path, folder: Path) -> Path | None:
    """Return where ``path`` really is when that is outside ``folder``, else ``None``."""
    target = Path(os.path.realpath(path))
    return None if target.is_relative_to(os.path.realpath(folder)) else target


def refuse_outside(path: Path, folder: Path) -> None:
    """Refuse the template ``path`` when it is a symbolic link to a file outside ``folder``.

    :raises TemplateError: naming the template and where it leads.
    """
    target = outside(path, folder)
    if target is not None:
        raise TemplateError(f"{path}: the template is a symbolic link to {target}, outside "
                            f"the template folder {folder}; copy the file in instead", path)


class _FolderLoader(FileSystemLoader):
    """Load templates from one folder, refusing any that leads outside it."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        refuse_outside(Path(filename), Path(self.searchpath[0]))
        return source, filename, uptodate


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
    """A sandboxed environment that compiles each distinct template text once, and bounds
    the work filling one in may take (see :mod:`scrdocs.bounds`).

    docxtpl hands every part of a Word template (body, headers, footers, properties) to
    ``from_string`` on every render; compiling them is a third of a Word render's time.
    """

    CACHED_SOURCES = 256
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = bounds.BoundedCodeGenerator
    template_class = bounds.BoundedTemplate
    concat = staticmethod(bounds.joined)
    checked_parts = staticmethod(bounds.checked_parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        bounds.before_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(self, context: Any, function: Any, /, *args: Any, **kwargs: Any) -> Any:
        args = bounds.before_call(function, args, kwargs)
        return super().call(context, function, *args, **kwargs)

    def handle_exception(self, source: str | None = None) -> NoReturn:
        """Raise the error filling in a template met, as Jinja does; one the template's own
        code made (``{{ title + 1 }}``, ``{{ 1 // 0 }}``) becomes a Jinja error, so that it
        is reported as the template's at its line rather than as a bug in scrdocs."""
        from jinja2.debug import rewrite_traceback_stack

        error = rewrite_traceback_stack(source=source)
        if isinstance(error, Exception) and _made_by_template_code(error):
            raise TemplateRuntimeError(f"{error} ({type(error).__name__})").with_traceback(
                error.__traceback__) from None
        raise error

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


_TEMPLATE_MACHINERY = (os.path.dirname(jinja2.__file__), bounds.__file__, __file__)
"""Where the code that carries out a template's own operations lives (Jinja, the budgets)."""


def _made_by_template_code(error: Exception) -> bool:
    """Return whether ``error`` was raised by a template's own code, or by Jinja or the
    budgets carrying out an operation it wrote, not by code scrdocs gave the template (a
    view's method) nor by a limit that has its own message."""
    if isinstance(error, (JinjaTemplateError, RecursionError, MemoryError, OverflowError)):
        return False
    in_template = False
    trace = error.__traceback__
    while trace is not None:
        code = trace.tb_frame.f_code
        if _is_template_code(code.co_name):
            in_template = True
        elif in_template and not code.co_filename.startswith(_TEMPLATE_MACHINERY):
            in_template = False
        trace = trace.tb_next
    return in_template


def _is_template_code(name: str) -> bool:
    """Return whether a frame named ``name`` runs a template's compiled code."""
    return name == "top-level template code" or name.startswith(("block '", "macro '"))


@lru_cache(maxsize=16)
def environment(dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """Return the Jinja environment for templates in ``dirs`` (made once per set of dirs)."""
    env = _Environment(
        loader=ChoiceLoader([_FolderLoader(str(d)) for d in dirs]),
        undefined=_Undefined,
        autoescape=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(CurrentTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.filters["css_page_numbers"] = css_page_numbers
    env.filters["page_numbers"] = page_numbers
    env.filters.update(bounds.bounded_filters(env.filters))
    env.globals["lipsum"] = bounds.lipsum
    return env
