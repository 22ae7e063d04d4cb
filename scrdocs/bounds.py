"""The limits on the work filling in one template may take: time, memory and size.

Templates are not trusted code (see :mod:`scrdocs.templating`), and a loop inside a loop, a
macro that calls itself or a text doubled forty times would otherwise hang a build or use up
the machine's memory. Filling in a template (a Word template's parts together) stops with an
:class:`Exhausted` error, which the HTML and Word renderers report as a
:class:`~scrdocs.errors.TemplateError` naming the template and, where known, the line, when:

- it takes longer than :data:`TIME_BUDGET` seconds (checked on every pass of a loop, every
  call, join and operator);
- the process grows by more than :data:`MEMORY_BUDGET` bytes (checked at the same points, a
  few hundred times a second at most, where the system tells a process its size);
- one step would build a text or list longer than :data:`SIZE_BUDGET` characters or items, or
  the output grows beyond it: checked *before* each step that multiplies size (``*``, ``**``,
  ``+``, ``%``, ``~``, joins, and the widths, paddings and repeats of filters and string
  methods), so no single step can ask for more;
- it calls itself too deeply (Python's recursion limit), or a number grows beyond
  :data:`NUMBER_BITS` bits.

The budgets are read when filling in starts, so tests can lower them.
"""

from __future__ import annotations

import functools
import re
import string
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any

from jinja2 import Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateRuntimeError
from jinja2.filters import make_attrgetter
from jinja2.sandbox import MAX_RANGE
from jinja2.utils import generate_lorem_ipsum

TIME_BUDGET = 30.0
"""The most seconds filling in one template may take."""

MEMORY_BUDGET = 1 << 30
"""The most bytes the process may grow by while one template is filled in."""

SIZE_BUDGET = 50_000_000
"""The longest text (characters) or list (items) a template may build, and its longest output."""

NUMBER_BITS = 100_000
"""The largest whole number a template may compute, in bits (about 30,000 digits)."""

STEPS = "scrdocs_steps"
"""The filter every ``{% for %}`` loop's sequence is passed through, to check each pass."""

_POLL = 0.005
"""Seconds between two looks at the process's memory."""


class Exhausted(TemplateRuntimeError):
    """Filling in a template went beyond one of its budgets."""


@dataclass
class _Budget:
    deadline: float
    seconds: float
    memory_limit: int | None
    memory: int
    next_poll: float


_state = threading.local()


@contextmanager
def filling() -> Iterator[None]:
    """Fill in templates under one budget; a use inside another shares the outer budget."""
    if getattr(_state, "budget", None) is not None:
        yield
        return
    now = time.monotonic()
    in_use = _memory_in_use()
    _state.budget = _Budget(now + TIME_BUDGET, TIME_BUDGET,
                            None if in_use is None else in_use + MEMORY_BUDGET,
                            MEMORY_BUDGET, now + _POLL)
    try:
        yield
    finally:
        _state.budget = None


def checkpoint() -> None:
    """Stop the template being filled in when its time or memory is used up.

    :raises Exhausted: saying which budget ran out.
    """
    budget = getattr(_state, "budget", None)
    if budget is None:
        return
    now = time.monotonic()
    if now > budget.deadline:
        raise Exhausted(f"filling in the template took longer than {budget.seconds:g} "
                        "seconds; a loop or a macro that calls itself may never end")
    if budget.memory_limit is not None and now >= budget.next_poll:
        budget.next_poll = now + _POLL
        in_use = _memory_in_use()
        if in_use is not None and in_use > budget.memory_limit:
            raise Exhausted(f"filling in the template took more than "
                            f"{budget.memory / (1 << 20):,.0f} MB of memory; a loop may be "
                            "building far more than the document needs")


def _memory_in_use() -> int | None:
    """Return the bytes of memory this process occupies, where the system says so cheaply."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            return int(stream.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # pragma: no cover - not Linux
    return peak if sys.platform == "darwin" else peak * 1024  # pragma: no cover


try:
    import os as _os
    _PAGE = _os.sysconf("SC_PAGE_SIZE")
except (AttributeError, ValueError, OSError):  # pragma: no cover - Windows
    _PAGE = 4096


# --- sizes -----------------------------------------------------------------------------------

def size_of(value: Any) -> int:
    """Return about how many characters ``value`` makes as text (or items, for a list):
    exact for a text, estimated from a sample for a large collection."""
    visits = 0

    def walk(item: Any, depth: int) -> int:
        nonlocal visits
        visits += 1
        if isinstance(item, str):
            return len(item)
        if isinstance(item, int):
            return item.bit_length() // 3 + 1
        if isinstance(item, (list, tuple, set, frozenset, dict)):
            count = len(item)
            if not count or depth > 8 or visits > 1000:
                return count
            parts = list(islice(item.items() if isinstance(item, dict) else item, 50))
            total = sum(walk(part, depth + 1) for part in parts)
            return count + total * count // len(parts)
        return 1

    return walk(value, 0)


def limit(size: int, what: str) -> None:
    """Refuse to build ``what`` when it would be ``size`` characters or items, more than
    :data:`SIZE_BUDGET`.

    :raises Exhausted: naming ``what``.
    """
    if size > SIZE_BUDGET:
        raise Exhausted(f"the template would build {what} longer than {SIZE_BUDGET:,} "
                        "characters (or list items), the most a template may")


def _limit_bits(bits: int) -> None:
    if bits > NUMBER_BITS:
        raise Exhausted(f"the template would compute a number of more than {NUMBER_BITS:,} "
                        "bits, the largest a template may")


def _count(value: Any, most: int, what: str) -> None:
    if isinstance(value, int) and value > most:
        raise Exhausted(f"{what} {value:,} is more than the {most:,} a template may ask for"
                        if value.bit_length() < 64 else f"{what} is more than the {most:,} a "
                        "template may ask for")


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _printf_size(text: str, arguments: Any) -> int:
    """Return about how long ``text % arguments`` is, from its fields' widths."""
    fields = _PRINTF.findall(text)
    widths = [0]
    values = arguments if isinstance(arguments, tuple) else (arguments,)
    for field in fields:
        for width in field:
            if width == "*":
                widths += [_int(value) for value in values]
            elif width:
                widths.append(int(width) if len(width) < 12 else SIZE_BUDGET + 1)
    return len(text) + len(fields) * (max(widths) + size_of(arguments))


def _format_size(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Return about how long ``text.format(*args, **kwargs)`` is."""
    try:
        fields = [spec for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return len(text)  # the call itself says what is wrong
    widths = [0]
    for spec in fields:
        if "{" in (spec or ""):
            widths += [_int(value) for value in (*args, *kwargs.values())]
        widths += [int(width) if len(width) < 12 else SIZE_BUDGET + 1
                   for width in re.findall(r"\d+", spec or "")]
    largest = max((size_of(value) for value in (*args, *kwargs.values())), default=0)
    return len(text) + len(fields) * (max(widths) + largest)


# --- operators, calls and joins --------------------------------------------------------------

def before_binop(operator: str, left: Any, right: Any) -> None:
    """Check ``left operator right`` (``*``, ``**``, ``+`` or ``%``) before it is worked out.

    :raises Exhausted: the result would be too long or too large.
    """
    checkpoint()
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                limit(len(sequence) * max(times, 0), "a repeated text or list")
        if isinstance(left, int) and isinstance(right, int):
            _limit_bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            _limit_bits(left.bit_length() * right)
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            limit(len(left) + len(right), "a joined text or list")
    elif operator == "%" and isinstance(left, str):
        limit(_printf_size(left, right), "a formatted text")


def before_call(function: Any, args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Check a call a template makes before it is made; return the arguments to make it
    with (a joined sequence is read once, here, to be measured).

    :raises Exhausted: the call would build too much.
    """
    checkpoint()
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    wrapped = getattr(function, "__wrapped__", None)  # str.format, as the sandbox wraps it
    if isinstance(getattr(wrapped, "__self__", None), str) and name in ("format",
                                                                          "format_map"):
        values = dict(args[0]) if name == "format_map" and args and \
            isinstance(args[0], dict) else kwargs
        limit(_format_size(wrapped.__self__, args if name == "format" else (), values),
              "a formatted text")
    elif isinstance(owner, str):
        return _before_text_method(owner, name, args, kwargs)
    elif isinstance(owner, list) and name == "extend" and args:
        limit(len(owner) + size_of(args[0]), "a list")
    return args


def _before_text_method(text: str, name: str, args: tuple[Any, ...],
                        kwargs: dict[str, Any]) -> tuple[Any, ...]:
    first = args[0] if args else None
    if name in ("ljust", "rjust", "center", "zfill"):
        limit(_int(first or kwargs.get("width")), "a padded text")
    elif name == "expandtabs":
        size = _int(first if args else kwargs.get("tabsize", 8))
        limit(len(text) + text.count("\t") * size, "a text with its tabs expanded")
    elif name == "replace" and len(args) >= 2:
        limit(_replaced_size(text, args[0], args[1], args[2] if len(args) > 2 else
                             kwargs.get("count", -1)), "a text with replacements")
    elif name == "join" and args:
        items = list(args[0])
        limit(sum(map(size_of, items)) + len(text) * max(len(items) - 1, 0), "a joined text")
        return (items, *args[1:])
    elif name == "translate" and isinstance(first, dict):
        longest = max((size_of(value) for value in first.values()), default=1)
        limit(len(text) * max(longest, 1), "a translated text")
    return args


def _replaced_size(text: Any, old: Any, new: Any, count: Any) -> int:
    if not isinstance(text, str) or not isinstance(old, str):
        return size_of(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(size_of(new) - len(old), 0)


def checked_parts(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    """Return the parts of a ``~`` join once their length together is known to be allowed."""
    checkpoint()
    limit(sum(map(size_of, parts)), "a joined text")
    return parts


def joined(parts: Iterable[str]) -> str:
    """Join the pieces of text a template wrote (a block, a macro, a ``{% set %}``), once
    their length together is known to be allowed."""
    checkpoint()
    pieces = parts if isinstance(parts, list) else list(parts)
    limit(sum(len(piece) for piece in pieces if isinstance(piece, str)), "a text")
    return "".join(pieces)


class Steps:
    """A loop's sequence, checking the budget on every pass (its length is the sequence's)."""

    __slots__ = ("items",)

    def __init__(self, items: Any) -> None:
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            checkpoint()
            yield item

    def __len__(self) -> int:
        return len(self.items)


# --- filters and globals -----------------------------------------------------------------------

def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return the filters of ``filters`` that can build much from little, each checking what
    it would build first; and the loop filter :data:`STEPS`."""
    bounded: dict[str, Callable[..., Any]] = {STEPS: Steps}
    for name, check in _FILTER_CHECKS.items():
        if name in filters:
            bounded[name] = check(filters[name])
    return bounded


def _center(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def center(value: Any, width: Any = 80) -> Any:
        checkpoint()
        limit(max(size_of(value), _int(width)), "a centred text")
        return func(value, width)
    return center


def _indent(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
        checkpoint()
        lines = s.count("\n") + 1 if isinstance(s, str) else size_of(s)
        step = len(width) if isinstance(width, str) else _int(width)
        limit(size_of(s) + lines * step, "an indented text")
        return func(s, width, first, blank)
    return indent


def _format(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def format(value: Any, *args: Any, **kwargs: Any) -> Any:
        checkpoint()
        if isinstance(value, str):
            limit(_printf_size(value, args or kwargs), "a formatted text")
        return func(value, *args, **kwargs)
    return format


def _join(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
        checkpoint()
        items = list(value)
        if attribute is not None:
            items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
        limit(sum(map(size_of, items)) + size_of(d) * max(len(items) - 1, 0), "a joined text")
        return func(eval_ctx, items, d)
    return join


def _replace(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        checkpoint()
        limit(_replaced_size(s, old, new, count), "a text with replacements")
        return func(eval_ctx, s, old, new, count)
    return replace


def _sum(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def sum_(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
        checkpoint()
        if not isinstance(start, (list, tuple)):
            return func(environment, iterable, attribute, start)
        items = list(iterable)
        if attribute is not None:
            items = list(map(make_attrgetter(environment, attribute), items))
        if not all(isinstance(item, type(start)) for item in items):
            return func(environment, items, None, start)  # the sum says what is wrong
        limit(len(start) + sum(map(len, items)), "a list")
        whole = list(start)
        for item in items:  # in one pass: adding lists one by one takes quadratic time
            whole.extend(item)
        return whole if isinstance(start, list) else tuple(whole)
    return sum_


def _batch(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def batch(value: Any, linecount: Any, fill_with: Any = None) -> Any:
        checkpoint()
        if fill_with is not None:
            limit(_int(linecount), "a filled batch")
        return func(value, linecount, fill_with)
    return batch


def _slice(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def slice_(eval_ctx: Any, value: Any, slices: Any, fill_with: Any = None) -> Any:
        checkpoint()
        _count(slices, MAX_RANGE, "slice: the number of slices")
        return func(eval_ctx, value, slices, fill_with)
    return slice_


def _wordwrap(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wordwrap(environment: Any, s: Any, width: Any = 79, break_long_words: bool = True,
                 wrapstring: Any = None, break_on_hyphens: bool = True) -> Any:
        checkpoint()
        wrap = size_of(wrapstring if wrapstring is not None else environment.newline_sequence)
        limit(size_of(s) + (size_of(s) // max(_int(width), 1) + 1) * wrap, "a wrapped text")
        return func(environment, s, width, break_long_words, wrapstring, break_on_hyphens)
    return wordwrap


def _tojson(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def tojson(eval_ctx: Any, value: Any, indent: Any = None) -> Any:
        checkpoint()
        step = len(indent) if isinstance(indent, str) else _int(indent)
        limit(size_of(value) * (2 + 8 * step), "a JSON text")
        return func(eval_ctx, value, indent)
    return tojson


def _urlize(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def urlize(eval_ctx: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        checkpoint()
        extra = sum(size_of(kwargs.get(name)) for name in ("target", "rel")
                    if isinstance(kwargs.get(name), str))
        extra += sum(size_of(arg) for arg in args if isinstance(arg, str))
        limit(size_of(value) * 3 + (size_of(value) // 4 + 1) * extra, "a text with links")
        return func(eval_ctx, value, *args, **kwargs)
    return urlize


_FILTER_CHECKS: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "center": _center, "indent": _indent, "format": _format, "join": _join,
    "replace": _replace, "sum": _sum, "batch": _batch, "slice": _slice,
    "wordwrap": _wordwrap, "tojson": _tojson, "urlize": _urlize,
}


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum()`` placeholder text, refused beyond a sane number of words."""
    checkpoint()
    _count(_int(n) * _int(max), MAX_RANGE * 10, "lipsum: the number of words")
    return str(generate_lorem_ipsum(n, html, min, max))


# --- compiling and rendering -------------------------------------------------------------------

class BoundedCodeGenerator(CodeGenerator):
    """Compile templates so that every loop pass and every ``~`` join is checked."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, STEPS, [], [], None, None,
                                     lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}(environment.checked_parts((")
        for part in node.nodes:
            self.visit(part, frame)
            self.write(", ")
        self.write(")))")


class BoundedTemplate(Template):
    """A template whose filling in is bounded in time, memory and output size."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Return the template filled in, as :meth:`jinja2.Template.render` does.

        :raises Exhausted: a budget ran out, the template called itself too deeply, or
            a number grew too large.
        """
        with filling():
            try:
                return _gathered(self.generate(*args, **kwargs))
            except (RecursionError, MemoryError, OverflowError) as exc:
                raise _exhausted(exc).with_traceback(exc.__traceback__) from None


def _gathered(chunks: Generator[str, None, None]) -> str:
    """Return the output of a template, stopping it when a budget runs out; the error is
    raised where the template is writing, so that it names the template's line."""
    pieces = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        try:
            checkpoint()
            if size > SIZE_BUDGET:
                raise Exhausted(f"the template's output grew beyond {SIZE_BUDGET:,} "
                                "characters, the most a template may write")
        except Exhausted as exc:
            chunks.throw(exc)
            raise  # pragma: no cover - a template cannot catch it
        pieces.append(chunk)
    return "".join(pieces)


def _exhausted(exc: BaseException) -> Exhausted:
    if isinstance(exc, RecursionError):
        return Exhausted("the template calls itself too deeply: a macro, include or "
                         "recursive loop that never ends?")
    if isinstance(exc, MemoryError):
        return Exhausted("the computer ran out of memory filling in the template")
    return Exhausted(f"a number in the template is too large to work with ({exc})")
