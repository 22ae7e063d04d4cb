"""The words scrdocs adds itself, in the profile's language, and dates written in it.

Takes a profile's ``language`` (a BCP 47 tag: ``en-GB``, ``cy``); produces the message
catalogue it picks (``scrdocs/locale/<lang>/LC_MESSAGES/scrdocs.mo``, managed with Babel: see
``docs/translating.md``) and dates in that language (``10 March 2015``, ``10 Mawrth 2015``).
Adding a language is adding a catalogue. A language without one falls back to English with a
:class:`LanguageWarning`, never an error.

Views and templates ask :func:`gettext` for a label while a document is rendered; the
language in force is set around the render with :func:`use_language`, so one Jinja
environment serves every language.
"""

from __future__ import annotations

import gettext as _gettext
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from .errors import ScrdocsWarning

DOMAIN = "scrdocs"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANGUAGE = "en-GB"
UNKNOWN_LANGUAGE = "und"
"""The catalogue name of a ``language`` that is not a language tag: none has a catalogue."""

_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}\Z")

_language: ContextVar[str] = ContextVar("scrdocs_language", default=DEFAULT_LANGUAGE)
_together: ContextVar[tuple[str, ...]] = ContextVar("scrdocs_languages", default=())


class LanguageWarning(ScrdocsWarning):
    """A profile names a language scrdocs has no catalogue for; English is used."""


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it (a table's labels)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark ``message``, meant in ``context``, for the catalogue without translating it:
    English 'by' before a due date is Welsh 'erbyn', before a name 'gan'."""
    return context, message


def locale_name(language: str | None) -> str:
    """Return the catalogue folder name for ``language``: 'en-GB' → 'en_GB', 'CY' → 'cy';
    'und' for what is not a language tag ('../../etc', 'en_US.UTF-8'), so a profile's text
    never becomes a path out of ``locale/``."""
    tag = (language or DEFAULT_LANGUAGE).strip()
    if not _TAG.match(tag):
        return UNKNOWN_LANGUAGE
    tag = tag.replace("-", "_")
    head, _, tail = tag.partition("_")
    return f"{head.lower()}_{tail.upper()}" if tail else head.lower()


def available_languages() -> list[str]:
    """Return the languages with a compiled catalogue: ['cy', 'en_GB']."""
    return sorted(_installed())


@lru_cache(maxsize=1)
def _installed() -> frozenset[str]:
    return frozenset(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def translations(language: str | None) -> _gettext.NullTranslations:
    """Return the catalogue for ``language``: its own, its base language's ('cy' for
    'cy-GB'), else English (``en`` needs none: its words are the messages themselves)."""
    return _catalogue(locale_name(language)) or _gettext.NullTranslations()


@lru_cache(maxsize=16)
def _catalogue(name: str) -> _gettext.GNUTranslations | None:
    for candidate in dict.fromkeys((name, name.partition("_")[0])):
        if candidate not in _installed():
            continue
        found = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if found.is_file():
            with found.open("rb") as handle:
                return _gettext.GNUTranslations(handle)
    return None


def check_language(language: str | None) -> None:
    """Warn (:class:`LanguageWarning`) when scrdocs has no catalogue for ``language``: its
    labels will print in English."""
    name = locale_name(language)
    if _catalogue(name) is None and name.partition("_")[0] != "en":
        warnings.warn(LanguageWarning(
            f"the profile's language is {_shown(language)}, which scrdocs has no catalogue for; "
            f"the labels print in English (catalogues: {', '.join(available_languages())})"),
            stacklevel=4)


def _shown(language: str | None) -> str:
    """Return ``language`` quoted for a message, cut short when it is long."""
    text = repr(language)
    return text if len(text) <= 40 else f"{text[:37]}..."


def current_language() -> str:
    """Return the language the document being rendered is written in."""
    return _language.get()


@contextmanager
def use_language(language: str | None) -> Iterator[None]:
    """Write labels and dates in ``language`` inside the ``with`` block."""
    check_language(language)
    token = _language.set(language or DEFAULT_LANGUAGE)
    alone = _together.set(())
    try:
        yield
    finally:
        _together.reset(alone)
        _language.reset(token)


@contextmanager
def use_languages(languages: list[str]) -> Iterator[None]:
    """Write labels in every one of ``languages`` at once inside the ``with`` block (a
    bilingual document's templates): each label is one string holding each language's
    words, which :mod:`scrdocs.bilingual` sets out; dates follow the first language."""
    with use_language(languages[0]):
        token = _together.set(tuple(languages))
        try:
            yield
        finally:
            _together.reset(token)


def _in_each(words: Callable[[_gettext.NullTranslations], str]) -> str | None:
    """Return ``words`` in each language in force together, or None outside a bilingual
    render."""
    languages = _together.get()
    if not languages:
        return None
    from .bilingual import together

    return together([(language, words(translations(language))) for language in languages])


def gettext(message: str) -> str:
    """Return ``message`` in the language in force."""
    both = _in_each(lambda catalogue: catalogue.gettext(message))
    return both if both is not None else translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return ``singular`` or ``plural`` for ``n``, in the language in force."""
    both = _in_each(lambda catalogue: catalogue.ngettext(singular, plural, n))
    return both if both is not None else \
        translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Return ``message``, meant in ``context``, in the language in force."""
    both = _in_each(lambda catalogue: catalogue.pgettext(context, message))
    return both if both is not None else \
        translations(current_language()).pgettext(context, message)


_ = gettext


class CurrentTranslations:
    """The catalogue of the language in force, for Jinja's ``install_gettext_translations``:
    the one environment follows :func:`use_language`."""

    def gettext(self, message: str) -> str:
        """Return ``message`` in the language in force."""
        return gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Return the form for ``n`` in the language in force."""
        return ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """Return ``message``, meant in ``context``, in the language in force."""
        return pgettext(context, message)


def available_in(other: str) -> str:
    """Return the line a version in the language in force prints to say that a version in
    ``other`` (a language tag: 'cy', 'en-GB') exists: 'This document is available in Welsh.'
    ('Mae’r ddogfen hon ar gael yn Saesneg.' in a Welsh version naming English); for another
    language, 'This document is also available in French.', the language named by Babel in
    the language in force, or by its tag when Babel does not know it."""
    if not other.strip():
        raise ValueError("available_in() needs the other version's language, such as 'cy'")
    base = locale_name(other).partition("_")[0]
    if base == "cy":
        # Translators: under the title of a version in one language of a document
        # published in two, saying the version in Welsh exists.
        return gettext("This document is available in Welsh.")
    if base == "en":
        # Translators: under the title of a version in one language of a document
        # published in two, saying the version in English exists.
        return gettext("This document is available in English.")
    # Translators: {language} is the other language's name as Babel writes it in
    # this language ('Ffrangeg', 'Pwyleg'), unmutated. Welsh: after 'yn' a
    # language's name takes the soft mutation ('yn Gymraeg', 'yn Bwyleg'), which
    # a name Babel gives starting with p, t, c, b, d, g, ll, m or rh lacks here.
    return gettext("This document is also available in {language}.").format(
        language=language_name(other))


def language_name(language: str) -> str:
    """Return ``language``'s name in the language in force ('French', 'Ffrangeg'), or the
    tag itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    tag = locale_name(language)
    try:
        name = (None if tag == UNKNOWN_LANGUAGE
                else Locale.parse(tag).get_display_name(babel_locale()))
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return name or language.strip()


def babel_locale(language: str | None = None) -> str:
    """Return the Babel locale of ``language`` (default: the one in force) that has a
    catalogue, else 'en_GB'."""
    name = locale_name(language or current_language())
    for candidate in (name, name.partition("_")[0]):
        if candidate in _installed():
            return "en_GB" if candidate == "en" else candidate
    return "en_GB"


def month_name(month: int, language: str | None = None) -> str:
    """Return the month's name in ``language`` (default: the one in force): 'Mawrth'."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", "format", babel_locale(language))[month])


def long_date(year: int, month: int | None = None, day: int | None = None,
              language: str | None = None) -> str:
    """Return a date at its own precision in ``language``: '2015', 'March 2015',
    '10 March 2015' ('10 Mawrth 2015' in Welsh)."""
    if month is None:
        return str(year)
    name = month_name(month, language)
    return f"{name} {year}" if day is None else f"{day} {name} {year}"
