"""The data contract shared by every document kind: reviews, organisations, meetings, links.

Each class validates what a business manager writes in YAML; field names are the public
contract of ``PRODUCT.md`` and are only ever extended, never renamed. Document kinds define
their own models in :mod:`scrdocs.kinds` from these parts.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._yaml import unix_line_breaks
from .dates import JSON_PATTERN, PartialDate
from .errors import DataError
from .i18n import N_, NP_, pgettext
from .i18n import gettext as _
from .markup import LIST_DEPTH, list_depth

if TYPE_CHECKING:
    from typing_extensions import Self

MAX_TEXT_LENGTH = 200_000
"""The longest text one field may hold, in characters (about 30,000 words)."""

_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\ue1a0-\ue1a3]")


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    if name:
        return f"{code} {name}"
    if "\ud800" <= char <= "\udfff":
        return f"{code} (half of a UTF-16 surrogate pair, with its other half missing)"
    if char in "\ufffe\uffff":
        return f"{code} (not a character: a byte-order mark read the wrong way round)"
    if "\ue1a0" <= char <= "\ue1a3":
        return f"{code} (a private-use character scrdocs keeps for bilingual text)"
    return f"{code} (a control character)"


def _refuse_invisible(value: str) -> None:
    """Refuse a value holding a character no text may hold (:data:`_FORBIDDEN_CHARS`)."""
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        raise PydanticCustomError(
            "control_character",
            "contains the invisible character {char} at position {pos}; remove it",
            {"char": _char_name(bad.group()), "pos": bad.start() + 1})


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "must not be empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise PydanticCustomError(
            "too_long", "is {length} characters long; the limit is {limit}",
            {"length": len(value), "limit": MAX_TEXT_LENGTH})
    _refuse_invisible(value)
    depth = list_depth(value)
    if depth > LIST_DEPTH:
        raise PydanticCustomError(
            "list_depth", "holds a list nested {depth} levels deep; lists may nest {limit} "
            "levels (an item indented under another), no deeper",
            {"depth": depth, "limit": LIST_DEPTH})
    return unix_line_breaks(value)


Text = Annotated[str, Strict(), AfterValidator(_check_text)]
"""Free text: may carry ``*emphasis*``, ``**strong**`` and ``[title](url)``; a blank line
separates paragraphs, a single line break reads as a space and a tab stays a tab. In text of
several paragraphs a line starting ``- `` or ``1. `` is a list item (indent it under another
to nest it, two levels at most) and a line starting ``### `` a sub-heading. Windows
(CR LF) and old Mac (CR) line breaks are read as line breaks.

Text is never changed or dropped silently: a field holding a control character (U+0000 to
U+001F but tab and line feed, U+007F to U+009F), half of a UTF-16 surrogate pair, or the
non-characters U+FFFE and U+FFFF is refused, naming the field, the character and its
position; so is a field longer than :data:`MAX_TEXT_LENGTH` characters. Everything else,
``&``, ``<``, quotes and ``{{ }}`` included, comes out in Word, PDF and HTML as typed."""

_URL = re.compile(r"(https?://[^\s<>\"]+|mailto:[^\s<>\"]+@[^\s<>\"]+|tel:\+?[0-9 ()-]+)")


def _check_url(value: str) -> str:
    _refuse_invisible(value)
    if not _URL.fullmatch(value.strip()):
        raise PydanticCustomError(
            "url", "'{url}' is not a web address; write it in full, starting https://, "
                   "mailto: or tel:", {"url": value})
    return value.strip()


Url = Annotated[str, Strict(), AfterValidator(_check_url)]

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _check_colour(value: str) -> str:
    if not _COLOUR.fullmatch(value):
        raise PydanticCustomError(
            "colour", "'{value}' is not a colour; write it as #RRGGBB, e.g. #1D70B8",
            {"value": value})
    return value.upper()


Colour = Annotated[str, Strict(), AfterValidator(_check_colour)]


class Model(BaseModel):
    """Base of every contract model: unknown fields are errors, text is never coerced.

    Whatever is wrong with the values given, building a model in code raises
    :class:`~scrdocs.errors.DataError` listing every problem with its field path, the way a
    file's problems are listed; so do :meth:`model_validate`, :meth:`model_validate_json`,
    :meth:`model_copy` with ``update`` (the copy is validated like new data) and assigning
    to a field (models are frozen).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _data_error(type(self), exc) from None

    # Validating a model nested in another does not go through __init__ (pydantic treats
    # this one as its own), so nested errors keep their full field paths.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Return the model built from ``obj`` (a dict of fields, or a model).

        :raises DataError: listing every problem, with its field path.
        """
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            raise _data_error(cls, exc) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Return the model built from a JSON text.

        :raises DataError: listing every problem, with its field path.
        """
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as exc:
            raise _data_error(cls, exc) from None

    def model_copy(self, *, update: Mapping[str, Any] | None = None,
                   deep: bool = False) -> Self:
        """Return a copy with the fields in ``update`` changed, validated like new data::

            review.model_copy(update={"published": "2025-06", "review_type": "learning-review"})

        Text is read as it would be from a file (an enumeration's value such as
        ``"complete"`` or a date such as ``"2025-06"`` is accepted).

        :raises DataError: a changed value is invalid, or a field is unknown.
        """
        if not update:
            return super().model_copy(deep=deep)
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        copy = type(self).model_validate({**fields, **update})
        object.__setattr__(copy, "__pydantic_fields_set__",
                           self.model_fields_set | set(update))
        return copy.model_copy(deep=True) if deep else copy

    def _trusted_copy(self, **update: Any) -> Self:
        """Return a copy with fields replaced by values already validated elsewhere (parts of
        other models), skipping validation: for scrdocs' own joins, never for user input."""
        return super().model_copy(update=update)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise _data_error(type(self), exc) from None

    def __delattr__(self, name: str) -> None:
        try:
            super().__delattr__(name)
        except ValidationError as exc:
            raise _data_error(type(self), exc) from None


def _data_error(model: type[BaseModel], exc: ValidationError) -> Exception:
    """Return pydantic's report on data given in code as a :class:`DataError`."""
    from .errors import DataError, Problem
    from .validation import problems

    found = problems(model, exc)
    if any(error["type"] == "frozen_instance" for error in exc.errors()):
        found = [Problem(None, None, p.path, f"cannot be changed: {model.__name__} models are "
                         "frozen; make a changed copy with model_copy(update={...})")
                 for p in found]
    return DataError(found)


def field_error(loc: tuple[str | int, ...], message: str, value: Any = None) -> ValidationError:
    """Return the error a model validator raises about one of its fields (``loc``, relative
    to the model), so that the problem names that field and its line, not the whole model."""
    from pydantic_core import InitErrorDetails

    error = InitErrorDetails(type=PydanticCustomError("invalid", message), loc=loc,
                             input=value)
    return ValidationError.from_exception_data("scrdocs", [error])


class ReviewType(str, enum.Enum):
    """The kinds of case review a partnership commissions."""

    SERIOUS_CASE_REVIEW = "serious-case-review"
    SAFEGUARDING_PRACTICE_REVIEW = "safeguarding-practice-review"
    LEARNING_REVIEW = "learning-review"
    RAPID_REVIEW = "rapid-review"
    SINGLE_UNIFIED_SAFEGUARDING_REVIEW = "single-unified-safeguarding-review"
    """Wales' review since 2024 (SUSR), one review where several used to be held."""
    CHILD_PRACTICE_REVIEW_CONCISE = "child-practice-review-concise"
    """Wales, before the SUSR: a child not on the child protection register."""
    CHILD_PRACTICE_REVIEW_EXTENDED = "child-practice-review-extended"
    """Wales, before the SUSR: a child on the register or looked after in the last six months."""
    OTHER = "other"
    """Any other kind: the review's ``review_type_label`` names it."""

    @property
    def label(self) -> str:
        """Return the name used in headings: 'Serious Case Review'."""
        return _(_REVIEW_LABELS[self][0])

    @property
    def abbreviation(self) -> str:
        """Return the short form used in running text: 'SCR' ('AAD' in Welsh); '' for a
        type without one."""
        short = _REVIEW_LABELS[self][1]
        return pgettext(*short) if short else ""

    @property
    def full_label(self) -> str:
        """Return the name a list of facts gives the type, telling apart types that share a
        heading: 'Concise Child Practice Review'."""
        full = _FULL_LABELS.get(self)
        return _(full) if full else self.label


_REVIEW_LABELS: dict[ReviewType, tuple[str, tuple[str, str] | None]] = {
    ReviewType.SERIOUS_CASE_REVIEW: (
        N_("Serious Case Review"),
        # Translators: a review type's short form, before a review's name ('SCR
        # Jasmine'): the initials of the type's name as translated ('Adolygiad Achos
        # Difrifol': 'AAD'). Welsh: uncertain; no Welsh board's own short form
        # found.
        NP_("abbreviation", "SCR")),
    ReviewType.SAFEGUARDING_PRACTICE_REVIEW: (
        N_("Child Safeguarding Practice Review"),
        # Translators: initials of 'Child Safeguarding Practice Review' as
        # translated. Welsh: uncertain ('Adolygiad Ymarfer Diogelu Plant');
        # England's review.
        NP_("abbreviation", "CSPR")),
    ReviewType.LEARNING_REVIEW: (
        N_("Learning Review"),
        # Translators: initials of 'Learning Review' as translated. Welsh: uncertain
        # ('Adolygiad Dysgu'); so short a form may be better written in full.
        NP_("abbreviation", "LR")),
    ReviewType.RAPID_REVIEW: (
        N_("Rapid Review"),
        # Translators: initials of 'Rapid Review' as translated. Welsh: uncertain
        # ('Adolygiad Cyflym').
        NP_("abbreviation", "RR")),
    ReviewType.SINGLE_UNIFIED_SAFEGUARDING_REVIEW: (
        # Translators: Wales' review since 2024 (SUSR). Welsh: check against the
        # Welsh Government's own name, 'Adolygiad Diogelu Unedig Sengl' (ADUS).
        N_("Single Unified Safeguarding Review"),
        # Translators: Wales' review since 2024. Welsh: 'ADUS', as the Welsh
        # Government writes it.
        NP_("abbreviation", "SUSR")),
    ReviewType.CHILD_PRACTICE_REVIEW_CONCISE: (
        N_("Child Practice Review"),
        # Translators: initials of 'Child Practice Review', Wales' review before the
        # SUSR. Welsh: uncertain; 'AYP' from 'Adolygiad Ymarfer Plant', where some
        # Welsh pages keep the English 'CPR'.
        NP_("abbreviation", "CPR")),
    ReviewType.CHILD_PRACTICE_REVIEW_EXTENDED: (N_("Child Practice Review"),
                                                NP_("abbreviation", "CPR")),
    ReviewType.OTHER: (N_("Review"), None),
}
"""Each type's heading name and short form (translated where printed), as the partnerships
publish them."""

_FULL_LABELS = {
    ReviewType.CHILD_PRACTICE_REVIEW_CONCISE: N_("Concise Child Practice Review"),
    ReviewType.CHILD_PRACTICE_REVIEW_EXTENDED: N_("Extended Child Practice Review"),
}
"""The types whose heading name another type shares, by the name Welsh boards' reports use."""


class ActionStatus(str, enum.Enum):
    """Where an action of a review's action plan stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        """Return the status as shown in a table: 'In progress'."""
        return _(_STATUS_LABELS[self.value])


_STATUS_LABELS = {
    # Translators: an action's status in a table. Welsh: uncertain, 'Wedi’i gynllunio' or
    # 'Arfaethedig'.
    "planned": N_("Planned"),
    "in-progress": N_("In progress"),
    "complete": N_("Complete"),
    # Translators: Welsh: uncertain, 'Hwyr' (late); 'Wedi mynd heibio’r dyddiad' is plainer.
    "overdue": N_("Overdue"),
}
"""Each action status as a table shows it."""


class Marking(str, enum.Enum):
    """Government Security Classification marking shown on every page."""

    NONE = "none"
    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"


class Link(Model):
    """A titled web link: a report, a procedure, a response."""

    title: Text
    url: Url
    note: Text | None = Field(default=None, description="Text after the link, e.g. '– page 100'.")


class Action(Model):
    """One action of a review's action plan."""

    action: Text
    owner: Text | None = None
    due: PartialDate | None = None
    status: ActionStatus = ActionStatus.PLANNED


class Contact(Model):
    """A person or office to contact, as printed in a contact block."""

    name: Text | None = None
    role: Text | None = None
    organisation: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    website: Url | None = None
    address: Text | None = None


def _check_publication(value: object) -> PartialDate | bool:
    if isinstance(value, bool):
        return value
    if not isinstance(value, (int, str, PartialDate, datetime.date)):
        raise PydanticCustomError("partial_date", "expected a date written YYYY, YYYY-MM or "
                                  "YYYY-MM-DD, or true")
    try:
        return PartialDate.parse(value)
    except DataError as exc:
        raise PydanticCustomError("partial_date", exc.problems[0].message) from None


Publication = Annotated[PartialDate | bool, PlainValidator(_check_publication), WithJsonSchema({
    "anyOf": [{"type": ["string", "integer"], "pattern": JSON_PATTERN,
               "description": "A date: YYYY, YYYY-MM or YYYY-MM-DD."},
              {"type": "boolean", "description": "true: published, the date not known."}]})]
"""When a report was published: a date at its own precision, or ``true`` when the date is
not known (``false`` means not yet)."""


class Review(Model):
    """One case review: what happened, what was learned, and what is being done about it.

    Load one from ``reviews/<id>.yaml``, or build one in code::

        Review(id="child-b", name="Child B", review_type=ReviewType.LEARNING_REVIEW,
               published=PartialDate.parse("2025-01"),
               learning_points=["Ask the child, not only the parent."])
    """

    id: Text | None = Field(default=None, description="Defaults to the file name without .yaml.")
    name: Text | None = Field(None, description=(
        "The published pseudonym: 'Jasmine', 'Child Q'. Leave out for a review known only "
        "by its description (the summary): it is then called by its type alone."))
    review_type: ReviewType = ReviewType.SERIOUS_CASE_REVIEW
    review_type_label: Text | None = Field(None, description=(
        "The type as the partnership names it, e.g. 'Multi-Agency Learning Review'; needed "
        "with review_type: other, and replaces the usual name of any other type."))
    partnership: Text | None = None
    commissioned: PartialDate | None = None
    completed: PartialDate | None = None
    published: Publication | None = Field(None, description=(
        "When the report was published (YYYY, YYYY-MM or YYYY-MM-DD); true when it is "
        "published but the date is not known. Leave out (or false) while it is not yet "
        "published."))
    publication_note: Text | None = Field(
        None, description="Why publication was delayed, e.g. criminal proceedings.")
    reviewer: Text | None = None
    methodology: Text | None = None
    themes: list[Text] = []
    summary: Text | None = Field(default=None, description="The 'concerns the …' paragraph.")
    findings: list[Text] = []
    learning_points_intro: Text | None = Field(
        None, description="The line before the learning points, when not the usual one.")
    learning_points: list[Text] = []
    questions: list[Text] = Field(default=[], description="Reflective 'Question:' prompts.")
    actions: list[Action] = []
    links: list[Link] = []

    @model_validator(mode="after")
    def _other_needs_a_label(self) -> Review:
        if self.review_type is ReviewType.OTHER and not self.review_type_label:
            raise field_error(("review_type",), (
                "'other' needs review_type_label, the type's name as the partnership gives "
                "it, e.g. review_type_label: Multi-Agency Learning Review"), "other")
        return self

    @property
    def type_label(self) -> str:
        """Return the review's type as headings name it: 'Serious Case Review'."""
        return self.review_type_label or self.review_type.label

    @property
    def title(self) -> str:
        """Return the review's heading: 'Serious Case Review Jasmine', or its type alone
        ('Serious Case Review') when it has no published name."""
        return f"{self.type_label} {self.name}" if self.name else self.type_label

    @property
    def short_title(self) -> str:
        """Return the review's short name: 'SCR Jasmine'; the full title when its type has
        no usual abbreviation (a type of its own) or it has no name."""
        abbreviation = "" if self.review_type_label else self.review_type.abbreviation
        return f"{abbreviation} {self.name}" if abbreviation and self.name else self.title

    @property
    def is_published(self) -> bool:
        """Return whether the report is published (with or without a known date)."""
        return self.published is not None and self.published is not False

    @property
    def published_date(self) -> PartialDate | None:
        """Return the publication date, when known."""
        return self.published if isinstance(self.published, PartialDate) else None


class ResolutionStyle(str, enum.Enum):
    """How the resolutions of an item are numbered when there is more than one."""

    NUMBERED = "numbered"
    """'RESOLVED:' then 1., 2., 3."""
    LETTERED = "lettered"
    """'RESOLVED:' then (a), (b), (c)."""
    RESOLVED_NUMBERED = "resolved-numbered"
    """'RESOLVED –' then (1), (2), (3); a single resolution reads 'RESOLVED – That …'."""


NAME_SLOT = "{name}"
"""Where a person's name goes in a phrase of the house style: '{name} attending as substitute'."""


def _check_name_phrase(value: str) -> str:
    if value.count(NAME_SLOT) != 1:
        raise PydanticCustomError(
            "name_phrase", "says nowhere where the substitute's name goes: write {slot} "
            "once in it, e.g. '{slot} attending as substitute'", {"slot": NAME_SLOT})
    return value


NamePhrase = Annotated[Text, AfterValidator(_check_name_phrase)]
"""A phrase of the house style around one name, ``{name}`` marking where it goes."""


class Labels(Model):
    """The words minutes print around the data, as the house style has them. Give only those
    to change; ``null`` drops a label (the data it introduces is still printed)."""

    agenda_item: Text | None = Field(N_("Agenda item"), description=(
        "Before an item's number: 'Agenda item 5'. Null prints the number alone, opening "
        "the title's line ('5. Title') when the item has no minute number."))
    minute: Text | None = Field(N_("Minute"), description=(
        "Before a minute number: 'Minute 57'. Null prints '57.' opening the title's line."))
    minutes: Text | None = Field(N_("Minutes:"), description="Above an item's minutes.")
    resolved: Text | None = Field(N_("RESOLVED:"), description="Above a block of resolutions.")
    resolved_that: Text | None = Field(N_("RESOLVED –"), description=(
        "Before an inline resolution ('RESOLVED – that …') and the resolved-numbered style."))
    supporting_documents: Text | None = Field(N_("Supporting documents:"), description=(
        "Above an item's supporting documents; left out when the item has none."))
    present: Text | None = Field(N_("Present:"), description="Before the members present.")
    apologies: Text | None = Field(N_("Apologies:"), description="Before the apologies.")
    in_attendance: Text | None = Field(N_("In attendance:"), description=(
        "Before the officers and others in attendance."))
    declarations: Text | None = Field(N_("Declarations of interest:"), description=(
        "Before the declarations of interest."))
    substitute: NamePhrase | None = Field(N_("substitute: {name}"), description=(
        "How an apology names its substitute, in brackets after it, {name} where the name "
        "goes: Leeds writes '{name} attending as substitute'. Null prints the name alone."))
    substitute_for: NamePhrase | None = Field(N_("substitute for {name}"), description=(
        "How a member present names the member they substitute for, {name} where the name "
        "goes. Null prints the name alone."))
    time: Text | None = Field(N_("Time:"), description="Before the time the meeting began.")
    ended: Text | None = Field(N_("The meeting ended at"), description=(
        "Before the time the meeting ended, at the end of the minutes; null prints the end "
        "time beside the start time."))

    @classmethod
    def translated(cls) -> Labels:
        """Return the default labels in the language of the document being rendered."""
        defaults = cls()
        return defaults._trusted_copy(**{
            name: _(value) if isinstance(value, str) else value
            for name, value in ((name, getattr(defaults, name)) for name in cls.model_fields)})

    def over(self, base: Labels) -> Labels:
        """Return ``base`` with the labels given here (``null`` included) put over it."""
        return base._trusted_copy(**{name: getattr(self, name) for name in self.model_fields_set})


class BilingualLayout(str, enum.Enum):
    """How a document of a bilingual workspace sets out its languages."""

    BLOCK = "block"
    """Each block (paragraph, list, heading) in the first language, then in the second."""
    SIDE_BY_SIDE = "side-by-side"
    """Paired columns, each paragraph level with its translation."""
    SEPARATE = "separate"
    """A document a language, laid out alike: ``name.cy.pdf`` and ``name.en.pdf``."""


MOST_LANGUAGES = 4
"""The most languages a workspace may publish in at once (Welsh and English, and room for
more): each is a version of every file to read and keep."""

LANGUAGE_CODE = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}"
"""The shape of a language a workspace publishes in, and of a key of a map of languages
('cy', 'en', 'en-GB'): the profile, the maps and the JSON Schema all check this one."""

_LANGUAGE_TAG = re.compile(LANGUAGE_CODE)


def _check_language_tag(value: str) -> str:
    if not _LANGUAGE_TAG.fullmatch(value):
        raise PydanticCustomError(
            "language_tag", "'{value}' is not a language code; write it as a short code "
                            "such as cy (Welsh) or en (English)", {"value": value[:40]})
    return value


LanguageTag = Annotated[str, Strict(), AfterValidator(_check_language_tag)]
"""A language a workspace publishes in, as a BCP 47 code: 'cy', 'en', 'en-GB'."""


class Logo(Model):
    """An organisation's logo: an image file in the workspace and its alternative text."""

    path: Text = Field(description="PNG or SVG file, relative to scrdocs.yaml.")
    alt: Text = Field(description="What the logo says, for screen readers.")


class Colours(Model):
    """House colours as #RRGGBB."""

    primary: Colour = "#1D4F91"
    accent: Colour = "#00857C"


class Organisation(Model):
    """The organisation profile kept in ``scrdocs.yaml``: who publishes, and in what style::

        Organisation(name="Anyshire Safeguarding Children Partnership",
                     colours=Colours(primary="#5B2C86"), marking=Marking.OFFICIAL)
    """

    name: Text
    short_name: Text | None = None
    logo: Logo | None = None
    colours: Colours = Colours()
    font: Text | None = None
    contact: Contact | None = None
    footer: Text | None = None
    language: Text = "en-GB"
    languages: list[LanguageTag] = Field(default=[], max_length=MOST_LANGUAGES, description=(
        "The languages the partnership publishes in, the one read first first: [cy, en]. "
        "With two or more, any text may be given as {cy: …, en: …}, and each document is "
        "laid out as `bilingual` says."))
    bilingual: BilingualLayout = Field(BilingualLayout.BLOCK, description=(
        "How a document of a bilingual profile sets its languages: block (each block in the "
        "first language, then the second), side-by-side (paired columns) or separate (one "
        "file a language: name.cy.pdf, name.en.pdf). A document may choose its own."))
    marking: Marking = Marking.NONE
    labels: Labels = Field(Labels(), description=(
        "House-style labels of minutes and resolution lists: 'Minutes:', 'RESOLVED:', … "
        "(a meeting may put its own over them)."))
    resolution_style: ResolutionStyle = Field(ResolutionStyle.NUMBERED, description=(
        "How minutes number resolutions: numbered, lettered or resolved-numbered."))

    @model_validator(mode="after")
    def _languages_are_distinct(self) -> Organisation:
        if len(self.languages) == 1:
            raise field_error(("languages",), (
                "names one language; a profile publishing in one language gives it as "
                f"`language: {self.languages[0]}`, and `languages` lists two or more"))
        if len(set(self.languages)) < len(self.languages):
            raise field_error(("languages",), "names a language twice; list each once")
        return self


_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def _check_time(value: str) -> str:
    match = _CLOCK.fullmatch(value.strip())
    if not match:
        raise PydanticCustomError(
            "time", "'{value}' is not a time; write it HH:MM on the 24-hour clock, e.g. "
                    "'19:00' for 7.00 pm", {"value": value})
    return f"{int(match[1]):02d}:{match[2]}"


ClockTime = Annotated[str, Strict(), AfterValidator(_check_time)]
"""A time of day written HH:MM on the 24-hour clock ('19:00'), printed '7.00 pm'."""


def clock_text(time: str) -> str:
    """Return a time written HH:MM as UK minutes print it: '7.00 pm', '12.30 pm'."""
    hour, minute = (int(part) for part in time.split(":"))
    # Translators: after a time, '7.00 pm'. Welsh councils write 'yb' (y bore) and 'yh' (yr hwyr).
    noon = _("am") if hour < 12 else _("pm")
    return f"{(hour - 1) % 12 + 1}.{minute:02d} {noon}"


class Member(Model):
    """A member present, with the role they held at the meeting."""

    name: Text = Field(description="'Councillor Halden'.")
    role: Text | None = Field(None, description="'Chair', 'Vice-Chair'.")
    substitute_for: Text | None = Field(None, description=(
        "The member this one substituted for: 'Councillor Kerin'."))


class Apology(Model):
    """A member who sent apologies, and who substituted for them."""

    name: Text = Field(description="'Councillor Grant'.")
    substitute: Text | None = Field(None, description="'Councillor Snell'.")


class Attendee(Model):
    """An officer or other person in attendance, with their job title."""

    name: Text = Field(description="'Sheila Murray', or a role when minutes name none.")
    title: Text | None = Field(None, description="'Head of Children’s Social Care'.")


class Declaration(Model):
    """A declaration of interest: who, in which item, and what interest."""

    member: Text = Field(description="Who declared it: 'Councillor Kerin'.")
    item: Annotated[int, Strict()] | Text | None = Field(None, description=(
        "The agenda item (or minute) it concerns: 5, or '5a'."))
    interest: Text | None = Field(None, description=(
        "'a personal interest as a school governor'."))


class Meeting(Model):
    """The meeting a committee report goes to or minutes record."""

    committee: Text
    council: Text | None = None
    date: PartialDate | None = None
    venue: Text | None = None
    start_time: ClockTime | None = Field(None, description=(
        "When the meeting began, HH:MM on the 24-hour clock: '19:00' prints '7.00 pm'."))
    end_time: ClockTime | None = Field(None, description="When the meeting ended, HH:MM.")
    present: list[Text | Member] = Field(default=[], description=(
        "The members present: each a name, or {name, role, substitute_for}."))
    apologies: list[Text | Apology] = Field(default=[], description=(
        "Apologies for absence: each a name, or {name, substitute}."))
    in_attendance: list[Text | Attendee] = Field(default=[], description=(
        "Officers and others in attendance: each a name, or {name, title}."))
    declarations: list[Declaration] | Text = Field(default=[], description=(
        "Declarations of interest: each {member, item, interest}; or a text such as "
        "'None'."))
    first_minute: Annotated[int, Strict(), Field(ge=1)] | None = Field(None, description=(
        "The minute number of the first item; items without `minute:` count on from it."))
    resolution_style: ResolutionStyle | None = Field(None, description=(
        "numbered (1.), lettered ((a)) or resolved-numbered (RESOLVED – (1)); the "
        "profile's when not given, else numbered. A single resolution is never numbered."))
    labels: Labels | None = Field(None, description=(
        "House-style labels for this meeting, over the profile's."))


class Section(Model):
    """A headed block of prose and bullets, as used by guides and briefings."""

    heading: Text | None = None
    body: Text | None = None
    bullets: list[Text] = []
    emphasis: list[Text] = Field(default=[], description="Bullets shown in italics (criteria).")
    outro: Text | None = Field(default=None, description="Prose after the bullets.")
    links: list[Link] = []


def describe_value(value: Any) -> str:
    """Return how a value reads to a non-programmer: 'a number', 'a list', 'yes/no'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no (true/false)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__
