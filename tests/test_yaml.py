"""YAML 1.2 and JSON reading with line numbers (scrdocs._yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrdocs._yaml import parse, read_file
from scrdocs.errors import DataError
from scrdocs.model import Review
from scrdocs.validation import validate


@pytest.mark.parametrize("word", ["NO", "no", "yes", "Yes", "on", "off", "y", "n"])
def test_yaml_11_booleans_stay_text(word):
    """Words YAML 1.1 read as booleans (NO, yes, on) stay text, so Norway keeps its code."""
    assert parse(f"country: {word}\n").data == {"country": word}


@pytest.mark.parametrize(("written", "value"), [
    ("true", True), ("false", False), ("null", None), ("~", None), ("", None),
    ("42", 42), ("-7", -7), ("0o17", 15), ("0x1F", 31), ("1.5", 1.5), ("1e3", 1000.0),
])
def test_core_schema_scalars_are_resolved(written, value):
    """Booleans, nulls and numbers follow the YAML 1.2 core schema."""
    assert parse(f"value: {written}\n").data == {"value": value}


def test_leading_zero_is_decimal_not_octal():
    """`0123` is the number 123 (not octal 83), and its text as written is kept."""
    located = parse("reviewer: 0123\n")
    assert located.data == {"reviewer": 123}
    assert located.raw[("reviewer",)] == "0123"


@pytest.mark.parametrize("written", ['"0123"', "'0123'", '"yes"', '"42"', '"2021-04"'])
def test_quoted_scalars_are_text(written):
    """A quoted value is always text, whatever it looks like."""
    assert parse(f"value: {written}\n").data == {"value": written.strip("\"'")}


@pytest.mark.parametrize("written", ["2024-13-01", "2021-04", "2021-06-14", "2021-02-30"])
def test_dates_stay_text(written):
    """Dates, even impossible ones, are read as text; judging them is the model's job."""
    assert parse(f"published: {written}\n").data == {"published": written}


def test_impossible_date_is_judged_by_the_model():
    """`2024-13-01` passes the reader and is refused by the model, at its line."""
    located = parse("name: Child Q\npublished: 2024-13-01\n", Path("child-q.yaml"))
    review, problems = validate(Review, located)
    assert review is None
    assert [str(p) for p in problems] == [
        "child-q.yaml:2: published: '2024-13-01' is not a date: there is no month 13"]


def test_lines_are_recorded_for_every_field():
    """Each field path, nested or in a list, maps to the 1-based line it starts on."""
    located = parse("name: Q\nactions:\n  - action: Audit.\n    status: complete\n")
    assert located.line_of(("name",)) == 1
    assert located.line_of(("actions", 0)) == 3
    assert located.line_of(("actions", 0, "status")) == 4


def test_line_of_a_missing_field_is_its_parents():
    """A field that is not in the file is placed at its nearest ancestor's line."""
    located = parse("name: Q\nactions:\n  - action: Audit.\n")
    assert located.line_of(("actions", 0, "owner")) == 3


def test_bom_and_crlf_files_load():
    """A file saved with a byte-order mark and Windows line endings reads like any other."""
    located = parse(b"\xef\xbb\xbfname: Child Q\r\npublished: 2022-03\r\nreviewer: Jim\r\n")
    assert located.data == {"name": "Child Q", "published": "2022-03", "reviewer": "Jim"}
    assert located.line_of(("reviewer",)) == 3


def test_json_loads_with_lines():
    """A JSON file reads with the same parser, and its fields keep their lines."""
    located = parse(b'{\n  "name": "Child Q",\n  "themes": ["neglect", "adultification"]\n}\n')
    assert located.data == {"name": "Child Q", "themes": ["neglect", "adultification"]}
    assert located.line_of(("themes",)) == 3


def test_read_file_records_the_file(tmp_path):
    """read_file returns the data with the path it came from."""
    path = tmp_path / "child-q.yaml"
    path.write_text("name: Child Q\n", encoding="utf-8")
    located = read_file(path)
    assert (located.file, located.data) == (path, {"name": "Child Q"})


def test_missing_file_is_a_data_error(tmp_path):
    """A file that cannot be read raises DataError naming it, not OSError."""
    with pytest.raises(DataError, match="cannot read the file") as caught:
        read_file(tmp_path / "absent.yaml")
    assert caught.value.problems[0].file == tmp_path / "absent.yaml"


def test_syntax_error_has_its_line():
    """A syntax error is reported as not valid YAML at the line it was found."""
    with pytest.raises(DataError) as caught:
        parse("name: Child Q\nthemes: [neglect\nreviewer: Jim\n")
    (problem,) = caught.value.problems
    assert problem.message.startswith("not valid YAML")
    assert problem.line == 3


def test_duplicate_keys_are_all_reported():
    """Each repeated key is a problem at the line where it is repeated."""
    with pytest.raises(DataError) as caught:
        parse("name: A\nname: B\nactions:\n  - action: x\n    action: y\n")
    assert [(p.line, p.path) for p in caught.value.problems] == [
        (2, "name"), (5, "actions.0.action")]


def test_non_text_key_is_a_problem():
    """A key that is a list or mapping is refused as not plain text."""
    with pytest.raises(DataError, match="a field name must be plain text"):
        parse("? [a, b]\n: c\n")


def test_latin1_bytes_are_refused_with_their_line():
    """Bytes that are not UTF-8 are refused at the line of the first bad byte."""
    with pytest.raises(DataError, match="not UTF-8") as caught:
        parse(b"name: Child Q\nreviewer: Fran\xe7oise\n")
    assert caught.value.problems[0].line == 2


def test_aliases_are_expanded():
    """An alias reads as a copy of its anchor's data."""
    located = parse("a: &who Jim Gamble\nb: *who\n")
    assert located.data == {"a": "Jim Gamble", "b": "Jim Gamble"}


def test_self_referencing_alias_is_a_data_error():
    """An alias inside its own anchor is refused as a DataError, not a crash."""
    with pytest.raises(DataError):
        parse("themes: &t [*t]\n")


def test_deep_nesting_is_a_data_error():
    """Absurdly deep nesting is refused as a DataError, not a crash."""
    with pytest.raises(DataError):
        parse("themes: " + "[" * 1500 + "]" * 1500 + "\n")
