"""Partial dates: a year, a month or a day, each kept at the precision it was written.

"2021-04" means April 2021, and is shown as "April 2021", never "1 April 2021".
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from .errors import DataError, Problem
from .i18n import long_date

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
JSON_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day.

    >>> PartialDate.parse("2021-04").long()
    'April 2021'
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Return the date ``value`` names: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a date.

        :raises DataError: (a ``ValueError``) with a message fit to show a user.
        """
        try:
            return cls._parse(value)
        except ValueError as exc:
            raise DataError([Problem(None, None, "", str(exc))]) from None

    @classmethod
    def _parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError("expected a date written YYYY, YYYY-MM or YYYY-MM-DD")
        text = str(value).strip() if isinstance(value, str) else f"{value:04d}"
        match = _PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD "
                             "(e.g. 2021-04 for April 2021)")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year == 0:
            raise ValueError(f"'{text}' is not a date: there is no year 0")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a date: there is no month {month}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{text}' is not a date: {calendar.month_name[month]} "
                                 f"{year} has {last} days")
        return cls(year, month, day)

    def long(self, language: str | None = None) -> str:
        """Return the date as prose in ``language`` (default: the document's): '2021',
        'April 2021' or '14 June 2021' ('14 Mehefin 2021' in Welsh)."""
        return long_date(self.year, self.month, self.day, language)

    def iso(self) -> str:
        """Return the date as written in data: '2021', '2021-04' or '2021-04-14'."""
        parts = [f"{self.year:04d}"]
        parts += [f"{p:02d}" for p in (self.month, self.day) if p is not None]
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate, serialization=core_schema.to_string_ser_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": ["string", "integer"], "pattern": JSON_PATTERN,
                "description": "A date: YYYY, YYYY-MM or YYYY-MM-DD."}


def _validate(value: object) -> PartialDate:
    try:
        return PartialDate._parse(value)
    except ValueError as exc:
        raise PydanticCustomError("partial_date", str(exc)) from None
