"""Partial dates keep the precision they were written with (scrdocs.dates)."""

from __future__ import annotations

import datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from scrdocs.dates import PartialDate
from scrdocs.errors import DataError


@pytest.mark.parametrize(("written", "long"), [
    ("2021", "2021"),
    ("2021-04", "April 2021"),
    ("2021-06-14", "14 June 2021"),
    ("2024-02-29", "29 February 2024"),
    (2021, "2021"),
])
def test_long_form_keeps_precision(written, long):
    """A year reads as a year, a month as 'April 2021', a day as '14 June 2021'."""
    assert PartialDate.parse(written).long() == long


@pytest.mark.parametrize(("written", "iso"), [
    ("2021", "2021"), ("2021-04", "2021-04"), ("2021-06-14", "2021-06-14"),
])
def test_iso_form_is_as_written_in_data(written, iso):
    """iso() and str() give the date back as data writes it, at the same precision."""
    date = PartialDate.parse(written)
    assert (date.iso(), str(date)) == (iso, iso)


def test_parts_are_kept():
    """Parts not written stay None rather than defaulting to the first of the month."""
    assert PartialDate.parse("2021-04") == PartialDate(2021, 4, None)


def test_datetime_date_is_accepted():
    """A datetime.date becomes a day-precision PartialDate."""
    assert PartialDate.parse(datetime.date(2021, 6, 14)) == PartialDate(2021, 6, 14)


def test_dates_sort_in_time_order():
    """PartialDates order by year, then month, then day."""
    dates = [PartialDate.parse(d) for d in ["2021-06-14", "2020", "2021-04", "2021-06-02"]]
    assert [d.iso() for d in sorted(dates)] == ["2020", "2021-04", "2021-06-02", "2021-06-14"]


@pytest.mark.parametrize(("written", "message"), [
    ("2021-02-30", "'2021-02-30' is not a date: February 2021 has 28 days"),
    ("2023-02-29", "'2023-02-29' is not a date: February 2023 has 28 days"),
    ("2021-04-31", "'2021-04-31' is not a date: April 2021 has 30 days"),
    ("2021-13", "'2021-13' is not a date: there is no month 13"),
    ("2021-00", "'2021-00' is not a date: there is no month 0"),
    ("2021-06-00", "'2021-06-00' is not a date: June 2021 has 30 days"),
    ("14/06/2021", "'14/06/2021' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("June 2021", "'June 2021' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_dates_are_refused_with_a_message(written, message):
    """A date that does not exist is refused with a message saying why, as a DataError
    (a ValueError, as it always was)."""
    with pytest.raises(DataError) as caught:
        PartialDate.parse(written)
    assert isinstance(caught.value, ValueError)
    assert caught.value.problems[0].message.startswith(message)


@pytest.mark.parametrize("value", [True, 1.5, None, ["2021"]])
def test_non_dates_are_refused(value):
    """Booleans, fractions, nothing and lists are not dates."""
    with pytest.raises(ValueError, match="expected a date written YYYY, YYYY-MM or YYYY-MM-DD"):
        PartialDate.parse(value)


def test_pydantic_validates_and_serialises():
    """In a model a PartialDate validates from text and serialises to JSON as the same text."""
    adapter = TypeAdapter(PartialDate)
    date = adapter.validate_python("2021-04")
    assert adapter.dump_json(date) == b'"2021-04"'
    with pytest.raises(ValidationError, match="there is no month 13"):
        adapter.validate_python("2021-13")
