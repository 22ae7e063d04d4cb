"""Property tests: generated text in a title, a header line, a bullet and a table cell comes
back out of the docx, html and pdf exactly (whitespace aside), or is refused as documented.

Examples are derandomised and not stored, so the suite gives the same result every run.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from readback import assert_strict_xml, has_pdftotext
from test_hostile import all_text, squeeze

from scrdocs._yaml import parse
from scrdocs.errors import DataError
from scrdocs.kinds import CommitteeReport
from scrdocs.markup import inline
from scrdocs.model import Organisation, Review
from scrdocs.render import render
from scrdocs.validation import validate
from scrdocs.workspace import Workspace

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1,
                   max_size=40)
"""Any text without control characters, surrogates or non-characters (refused elsewhere)."""

PDF_TEXT = st.text(st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xA0, max_codepoint=0x17F, blacklist_characters="\xad"),
    st.characters(min_codepoint=0x391, max_codepoint=0x3C9, blacklist_categories=("Cn",)),
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),
    st.sampled_from("–—‘’“”…€ŵŷŴŶ"),
), min_size=1, max_size=40)
"""Text that pdftotext reads back letter for letter: Latin with Welsh, Greek, Cyrillic and
common punctuation. (Right-to-left, combining and invisible characters render, but poppler's
reading order for them is not the data's.)"""


def _document(title: str, committee: str, point: str, owner: str) -> tuple[Any, Workspace]:
    """Return a committee report and its workspace, validated as if read from JSON files.

    :raises DataError: a field was refused, naming it, as ``scrdocs validate`` would.
    """
    review = _validated(Review, {"name": "Jasmine", "learning_points": [point],
                                 "actions": [{"action": "Audit.", "owner": owner}]})
    report = _validated(CommitteeReport, {
        "kind": "committee-report", "title": title,
        "meeting": {"committee": committee, "date": "2021-06-14"},
        "item": {"number": 5, "title": "Serious Case Review Jasmine", "review": "jasmine"}})
    workspace = Workspace(Organisation(name="Anyshire SCP"), reviews={"jasmine": review},
                          documents={"report": report})
    return report, workspace


def _validated(model: type, data: dict[str, Any]) -> Any:
    found, problems = validate(model, parse(json.dumps(data)))
    if problems:
        raise DataError(problems)
    return found


def _check(title: str, committee: str, point: str, owner: str, formats: tuple[str, ...]
           ) -> None:
    """Render the four texts and assert each comes out, or that the refusal is documented."""
    try:
        document, workspace = _document(title, committee, point, owner)
    except DataError as exc:
        for problem in exc.problems:
            assert problem.message == "must not be empty", problem
            assert problem.path in ("title", "meeting.committee", "learning_points.0",
                                    "actions.0.owner"), problem
        assert not all(text.strip() for text in (title, committee, point, owner))
        event("refused as empty")
        return
    event("rendered")
    expected = [title, committee, str(inline(point)), owner]
    with tempfile.TemporaryDirectory() as scratch:
        for format in formats:
            data = render(document, workspace, format)
            if format == "docx":
                assert_strict_xml(data)
            text = squeeze(all_text(data, format, Path(scratch)), format)
            for wanted in expected:
                assert squeeze(wanted, format) in text, (format, wanted)


@PROPERTY
@given(title=ANY_TEXT, committee=ANY_TEXT, point=ANY_TEXT, owner=ANY_TEXT)
@example(title="A & B <i>", committee="\u3000 \u2028", point="*x*", owner="{{ 7*7 }}")
@example(title="😀 ŵ שלום حماية 儿童", committee="C", point="[a](https://a.example) \\*", owner=" ")
def test_any_text_comes_back_out_of_docx_and_html(title: str, committee: str, point: str,
                                                  owner: str) -> None:
    """Any text in a title, header line, bullet and table cell is kept in docx and html."""
    _check(title, committee, point, owner, ("docx", "html"))


@pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")
@settings(PROPERTY, max_examples=12)
@given(title=PDF_TEXT, committee=PDF_TEXT, point=PDF_TEXT, owner=PDF_TEXT)
@example(title="A & B <i>", committee="Gŵyl “quoted” – {% x %}", point="**bold** *it*",
         owner="Ŷ\\ \\*")
def test_text_comes_back_out_of_the_pdf(title: str, committee: str, point: str,
                                        owner: str) -> None:
    """Latin, Welsh, Greek and Cyrillic text in the same fields comes back out of the PDF."""
    _check(title, committee, point, owner, ("pdf",))
