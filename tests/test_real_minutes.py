"""Minutes as councils keep them: the meeting's record, minute numbers and numbered
paragraphs, blocks in the order written, house-style resolutions and labels, lists in free
text, drafts, and reviews known only in part — read back from Word, HTML and PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from helpers import MINIMAL_WORKSPACE, write_files
from readback import docx_text, has_pdftotext, html_text, pdf_text, text_of

from scrdocs.errors import DataError
from scrdocs.render import render
from scrdocs.schema import json_schema
from scrdocs.workspace import load_workspace

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")

MINUTES = """\
kind: minutes
meeting:
  committee: Children's Services Scrutiny Committee
  council: Anyshire Council
  date: 2021-07-12
  venue: Council Chamber, County Hall
  start_time: "19:00"
  end_time: "21:15"
  present:
    - {name: Councillor Halden, role: Chair}
    - Councillor Curtis
    - {name: Councillor Snell, substitute_for: Councillor Barlow}
  apologies:
    - {name: Councillor Barlow, substitute: Councillor Snell}
    - Councillor Okafor
  in_attendance:
    - {name: Sheila Murray, title: Head of Children's Social Care}
  declarations:
    - {member: Councillor Kerin, item: 58, interest: a personal interest as a school governor}
  first_minute: 57
  resolution_style: lettered
items:
  - title: Minutes of the previous meeting
    blocks:
      - resolved_that: that the minutes of the meeting held on 14 June 2021 be approved.
      - heading: Matters arising
      - paragraph: There were no matters arising.
  - number: 5
    title: Serious Case Review Jasmine
    review: jasmine
    numbered_paragraphs: true
    blocks:
      - paragraph: |
          The Business Manager presented the report on the review.

          The review found that:
          - information was shared but not analysed;
          - the child was not seen alone;
            - twice in March
          - escalation came late.

          1. First, the training.
          2. Second, the audit.
      - point: asked how schools would hear of the learning.
        raised_by: Councillor Halden
        response: A briefing would go to every school.
      - resolved:
          - That the report be noted.
          - That a progress report come back in six months.
      - paragraph: The Chair thanked the Business Manager after the decision.
      - resolved: ["(a) That the action plan be endorsed.", "(b) That schools be written to."]
  - minute: 60
    title: Work programme
    blocks:
      - bullets: [Foster care sufficiency, Child exploitation]
"""

RESOLUTIONS = """\
kind: resolution-list
minutes: minutes
"""

REVIEW_WITH_LINKS = MINIMAL_WORKSPACE["reviews/jasmine.yaml"] + """\
links:
  - {title: "SCR Jasmine: full report", url: "https://www.example.org/scr-jasmine"}
"""


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a workspace whose minutes use every new field, and its resolution list."""
    root = tmp_path_factory.mktemp("real") / "workspace"
    write_files(root, {**MINIMAL_WORKSPACE, "reviews/jasmine.yaml": REVIEW_WITH_LINKS,
                       "documents/minutes.yaml": MINUTES,
                       "documents/resolutions.yaml": RESOLUTIONS})
    return root


@pytest.fixture(scope="module")
def outputs(real: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Return the minutes and resolution list rendered, as bytes and as text."""
    ws = load_workspace(real)
    found: dict[str, Any] = {}
    scratch = tmp_path_factory.mktemp("pdf")
    for name in ("minutes", "resolutions"):
        for format in ("docx", "html", "pdf"):
            data = render(ws.documents[name], ws, format)
            found[f"{name}.{format}"] = data
        found[f"{name}.docx.text"] = docx_text(found[f"{name}.docx"])
        found[f"{name}.html.text"] = html_text(found[f"{name}.html"])
        if has_pdftotext():
            found[f"{name}.pdf.text"] = pdf_text(found[f"{name}.pdf"], scratch)
    return found


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


FORMATS = ["docx", "html", pytest.param("pdf", marks=needs_pdftotext)]


def _paragraphs(data: bytes) -> list[Any]:
    return list(docx.Document(io.BytesIO(data)).paragraphs)


def _numbering_text(data: bytes, paragraph: Any) -> tuple[str, str]:
    """Return (number format, level text) of the Word numbering a paragraph carries."""
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    num_id = paragraph._p.pPr.numPr.numId.val
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.iter(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == abstract_id)
    level = abstract.find(qn("w:lvl"))
    return (level.find(qn("w:numFmt")).get(qn("w:val")),
            level.find(qn("w:lvlText")).get(qn("w:val")))


# --- the meeting's record ---------------------------------------------------------------------

@pytest.mark.parametrize("format", FORMATS)
def test_record_of_the_meeting_in_every_format(outputs: dict[str, Any], format: str) -> None:
    """Time, present (roles, substitutes), apologies, in attendance (titles) and
    declarations come out under the title, in that order, and the end time at the end."""
    text = _flat(outputs[f"minutes.{format}.text"])
    expected = [
        "Time: 7.00 pm",
        ("Present: Councillor Halden (Chair), Councillor Curtis, Councillor Snell (substitute "
         "for Councillor Barlow)"),
        "Apologies: Councillor Barlow (substitute: Councillor Snell), Councillor Okafor",
        "In attendance: Sheila Murray (Head of Children's Social Care)",
        "Declarations of interest:",
        "Councillor Kerin – item 58: a personal interest as a school governor",
        "Minutes of the previous meeting",
    ]
    positions = [text.find(line) for line in expected]
    assert -1 not in positions, [line for line, at in zip(expected, positions) if at < 0]
    assert positions == sorted(positions)
    assert text.index("The meeting ended at 9.15 pm.") > text.index("Work programme")


@pytest.mark.parametrize("format", ["docx", "html"])
def test_substitutes_in_the_councils_own_words(make_workspace, format: str) -> None:
    """The house style phrases substitutes as the council does: Leeds writes 'Councillor
    Bithell (Cllr J Lennox attending as substitute)'; null prints the name alone."""
    root = make_workspace({"documents/minutes.yaml": """\
kind: minutes
meeting:
  committee: Scrutiny
  labels: {substitute: '{name} attending as substitute', substitute_for: null}
  present: [{name: Cllr J Lennox, substitute_for: Councillor Bithell}]
  apologies: [{name: Councillor Bithell, substitute: Cllr J Lennox}]
items:
  - {number: 5, title: Serious Case Review Jasmine, minutes: Discussed.}
"""})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, format)
    text = _flat(text_of(data, format))
    assert "Apologies: Councillor Bithell (Cllr J Lennox attending as substitute)" in text
    assert "Present: Cllr J Lennox (Councillor Bithell)" in text
    assert "substitute:" not in text and "substitute for" not in text


def test_minutes_template_asks_for_the_record(make_workspace) -> None:
    """A minutes template with no attendance recorded prompts for it, in prompt boxes."""
    root = make_workspace({"documents/minutes.yaml": """\
kind: minutes
meeting: {committee: Scrutiny, date: 2025-03-12}
items:
  - {number: 5, title: Serious Case Review Jasmine}
"""})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, "docx")
    prompts = [p.text for p in _paragraphs(data) if p.style.name == "Prompt"]
    assert any(p.startswith("Present: record the members present") for p in prompts)
    assert any(p.startswith("Declarations of interest: record each declaration") for p in prompts)


# --- minute numbers and numbered paragraphs ---------------------------------------------------

def test_numbered_paragraphs_are_word_numbering_after_the_minute(outputs: dict[str, Any]) -> None:
    """Minute 58's paragraphs carry Word numbering (numPr) whose level text starts with the
    minute number ('58.%1'), one numbering through the minute: typed numbers never."""
    data = outputs["minutes.docx"]
    numbered = [p for p in _paragraphs(data)
                if p._p.pPr is not None and p._p.pPr.numPr is not None
                and _numbering_text(data, p)[1] == "58.%1"]
    texts = [p.text for p in numbered]
    assert texts[:2] == ["The Business Manager presented the report on the review.",
                         "The review found that:"]
    assert "RESOLVED:" in texts and "The Chair thanked the Business Manager after the " \
        "decision." in texts
    assert len({p._p.pPr.numPr.numId.val for p in numbered}) == 1
    assert not any(re.match(r"58\.\d", p.text) for p in _paragraphs(data))


@needs_pdftotext
def test_numbered_paragraphs_in_the_pdf(outputs: dict[str, Any]) -> None:
    """The PDF numbers minute 58's paragraphs 58.1, 58.2 … (CSS counters), in order."""
    text = _flat(outputs["minutes.pdf.text"])
    assert "58.1 The Business Manager presented the report on the review." in text
    assert "58.2 The review found that:" in text
    assert "58.3 RESOLVED:" in text
    assert "58.4 The Chair thanked the Business Manager after the decision." in text
    assert "57.1" not in text, "minute 57 does not number its paragraphs"


def test_html_numbers_paragraphs_with_css_counters(outputs: dict[str, Any]) -> None:
    """The HTML sets the minute on the item and marks each numbered paragraph: the numbers
    come from CSS counters, not typed text."""
    html = outputs["minutes.html"].decode()
    assert 'style="counter-reset: minute 58 minute-paragraph"' in html
    assert html.count('<p class="numbered">') == 3
    assert '<p class="label numbered">RESOLVED:</p>' in html
    assert "58.1" not in html_text(outputs["minutes.html"])


@pytest.mark.parametrize("format", FORMATS)
def test_minute_numbers_count_on_from_first_minute(outputs: dict[str, Any], format: str) -> None:
    """Items without minute: count on from the meeting's first_minute; an item's own minute
    is kept; an item without an agenda number shows no 'Agenda item'."""
    text = _flat(outputs[f"minutes.{format}.text"]).casefold()
    for label in ("minute 57 minutes of the previous meeting",
                  "minute 58 – agenda item 5 serious case review jasmine",
                  "minute 60 work programme"):
        assert label in text, label


# --- blocks in order; raised_by ---------------------------------------------------------------

@pytest.mark.parametrize("format", FORMATS)
def test_resolved_block_then_paragraph_keep_their_order(outputs: dict[str, Any],
                                                        format: str) -> None:
    """A RESOLVED block followed by a paragraph and another RESOLVED block come out in the
    order written, as do a resolved_that, a sub-heading and its paragraph."""
    text = _flat(outputs[f"minutes.{format}.text"])
    order = ["RESOLVED – that the minutes of the meeting held on 14 June 2021 be approved.",
             "Matters arising", "There were no matters arising.",
             "That the report be noted.",
             "The Chair thanked the Business Manager after the decision.",
             "That the action plan be endorsed."]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part, at in zip(order, positions) if at < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("format", FORMATS)
def test_raised_by_is_printed(outputs: dict[str, Any], format: str) -> None:
    """A point's raised_by leads it, in every format."""
    text = _flat(outputs[f"minutes.{format}.text"])
    assert "Councillor Halden asked how schools would hear of the learning." in text


@pytest.mark.parametrize("format", FORMATS)
def test_raised_by_of_discussion_entries_is_printed_once(make_workspace, format: str,
                                                         tmp_path: Path) -> None:
    """Today's discussion entries print raised_by too — in bold before a quoted point —
    and never twice when the point already starts with it (North Tyneside's)."""
    root = make_workspace({"documents/minutes.yaml": """\
kind: minutes
meeting: {committee: Scrutiny, date: 2021-06-14}
items:
  - number: 5
    title: Serious Case Review Jasmine
    minutes: The Sub-Committee considered the Report.
    discussion:
      - {raised_by: Councillor Halden, point: Why was the case not escalated?}
      - {raised_by: A Member, point: A Member expressed concern about the delay.}
"""})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, format)
    text = _flat(text_of(data, format, tmp_path))
    assert "Councillor Halden: Why was the case not escalated?" in text
    assert "A Member expressed concern about the delay." in text
    assert "A Member: A Member" not in text and "A Member A Member" not in text
    if format == "docx":
        bold = [run.text for p in _paragraphs(data) for run in p.runs if run.bold]
        assert "Councillor Halden:" in bold


# --- resolutions: house style, never numbered twice, cited by minute ----------------------------

def test_lettered_resolutions_are_word_lettered_and_never_numbered_twice(
        outputs: dict[str, Any]) -> None:
    """Lettered resolutions are Word numbering '(%1)' in lower letters; resolutions lettered
    by hand in the text get no numbering on top of theirs."""
    data = outputs["minutes.docx"]
    paragraphs = _paragraphs(data)
    noted = next(p for p in paragraphs if p.text == "That the report be noted.")
    assert _numbering_text(data, noted) == ("lowerLetter", "(%1)")
    by_hand = next(p for p in paragraphs if p.text == "(a) That the action plan be endorsed.")
    assert by_hand._p.pPr is None or by_hand._p.pPr.numPr is None
    assert by_hand.style.name not in ("List Number", "List Number 2")


def test_lettered_resolutions_in_html_and_by_hand_not_in_a_list(outputs: dict[str, Any]) -> None:
    """The HTML letters resolutions with an ordered list of class 'letter'; those lettered
    by hand are paragraphs, not list items."""
    html = outputs["minutes.html"].decode()
    assert re.search(r'<ol class="letter resolutions"><li>That the report be noted\.', html)
    assert "<p>(a) That the action plan be endorsed.</p>" in html


@needs_pdftotext
def test_lettered_resolutions_in_the_pdf(outputs: dict[str, Any]) -> None:
    """The PDF shows (a) and (b) once each before the lettered resolutions."""
    text = _flat(outputs["minutes.pdf.text"])
    assert "(a) That the report be noted." in text
    assert "(b) That a progress report come back in six months." in text
    assert "(a) That the action plan be endorsed." in text
    assert "(a) (a)" not in text and "1. (a)" not in text


@pytest.mark.parametrize("style,expected", [
    ("numbered", ["1. That A.", "2. That B."]),
    ("lettered", ["(a) That A.", "(b) That B."]),
    ("resolved-numbered", ["RESOLVED –", "(1) That A.", "(2) That B."]),
])
@needs_pdftotext
def test_resolution_styles_in_the_pdf(make_workspace, style: str, expected: list[str],
                                      tmp_path: Path) -> None:
    """Each resolution style numbers two resolutions its way; one resolution is not
    numbered, and in the resolved-numbered style reads 'RESOLVED – That …'."""
    root = make_workspace({"documents/minutes.yaml": f"""\
kind: minutes
meeting: {{committee: Scrutiny, resolution_style: {style}}}
items:
  - {{number: 1, title: First, resolutions: [That A., That B.]}}
  - {{number: 2, title: Second, resolutions: [That C.]}}
"""})
    ws = load_workspace(root)
    text = _flat(pdf_text(render(ws.documents["minutes"], ws, "pdf"), tmp_path))
    positions = [text.find(part) for part in expected]
    assert -1 not in positions and positions == sorted(positions), (expected, text)
    single = "RESOLVED – That C." if style == "resolved-numbered" else "RESOLVED: That C."
    assert single in text


@pytest.mark.parametrize("format", FORMATS)
def test_resolution_list_cites_the_minute(outputs: dict[str, Any], format: str) -> None:
    """The resolution list cites each resolution by its minute: a single one by the minute
    (57), lettered ones by the numbered paragraph they sit in (58.3(a)); an item without a
    resolution (minute 60) is left out."""
    text = _flat(outputs[f"resolutions.{format}.text"])
    assert "(Ref. 57, 12 July 2021)" in text
    assert "That the report be noted. (Ref. 58.3(a), 12 July 2021)" in text
    assert "(Ref. 58.3(b), 12 July 2021)" in text
    assert "(Ref. 58.5(a), 12 July 2021)" in text
    assert "Work programme" not in text


def test_resolution_list_ids_use_the_minute_not_positions(real: Path) -> None:
    """Each resolution's id is the meeting date and its minute reference."""
    from scrdocs.kinds import KINDS

    ws = load_workspace(real)
    document = ws.resolve(ws.documents["resolutions"])
    view = KINDS["resolution-list"].view(document, ws)
    ids = [entry["id"] for item in view["items"] for entry in item["resolutions"]]
    assert ids == ["2021-07-12/57", "2021-07-12/58.3(a)", "2021-07-12/58.3(b)",
                   "2021-07-12/58.5(a)", "2021-07-12/58.5(b)"]


def test_include_unresolved_lists_items_without_a_resolution(make_workspace) -> None:
    """include_unresolved: true lists every item, saying when one has no resolution."""
    root = make_workspace({"documents/resolutions.yaml": """\
kind: resolution-list
include_unresolved: true
meeting: {committee: Scrutiny, date: 2021-06-14}
items:
  - {number: 1, title: First, resolutions: [That A.]}
  - {number: 2, title: Second, minutes: Discussed.}
"""})
    ws = load_workspace(root)
    text = docx_text(render(ws.documents["resolutions"], ws, "docx"))
    assert "Second" in text and "No resolution recorded for this item." in text


# --- labels -------------------------------------------------------------------------------------

@pytest.mark.parametrize("format", ["docx", "html"])
def test_labels_from_the_profile_and_the_meeting(make_workspace, format: str) -> None:
    """The profile renames labels as house style; the meeting's own labels win; null drops
    a label and keeps what it introduces."""
    root = make_workspace({
        "scrdocs.yaml": MINIMAL_WORKSPACE["scrdocs.yaml"] + (
            "labels: {minutes: 'Minute:', resolved: 'Decision:', agenda_item: Item}\n"),
        "documents/minutes.yaml": """\
kind: minutes
meeting:
  committee: Scrutiny
  labels: {resolved: 'RESOLVED that:', minutes: null}
items:
  - {number: 5, title: Serious Case Review Jasmine, minutes: Discussed., resolutions: [The report be noted.]}
"""})
    ws = load_workspace(root)
    data = render(ws.documents["minutes"], ws, format)
    text = text_of(data, format)
    assert "RESOLVED that:" in text and "Decision:" not in text
    assert "Minute:" not in text and "Minutes:" not in text
    assert "Item 5" in text and "Agenda item" not in text
    assert "Discussed." in text


def _headings(data: bytes, format: str) -> list[str]:
    """Return the item headings (Heading 1 / h2) of a rendered minutes or resolution list,
    each a line of text; a line break in Word or a label's own line in HTML is a '|'."""
    if format == "docx":
        return ["|".join(line.strip() for line in p.text.split("\n"))
                for p in _paragraphs(data) if p.style.name == "Heading 1"]
    found = re.findall(r"<h2>(.*?)</h2>", data.decode("utf-8"), flags=re.DOTALL)
    return [re.sub(r"<[^>]+>", "", re.sub(r'<span class="agenda-label">(.*?)</span>\s*',
                                          r"\1|", h)).strip() for h in found]


@pytest.mark.parametrize("kind", ["minutes", "resolution-list"])
@pytest.mark.parametrize("format", ["docx", "html"])
def test_minute_number_without_a_label_opens_the_title_line(make_workspace, kind: str,
                                                            format: str) -> None:
    """With the 'Minute' label dropped, the minute number starts the title's own line
    ('17. Minutes of the meeting …'), as East Sussex and Sefton print it, not a line of its
    own above; an agenda item label kept stays above the title."""
    root = make_workspace({"documents/minutes.yaml": f"""\
kind: {kind}
meeting:
  committee: Scrutiny
  first_minute: 17
  labels: {{minute: null, agenda_item: null}}
items:
  - {{number: 4, title: Minutes of the meeting held on 3 March, resolutions: [Agreed.]}}
  - {{number: 5, title: Serious Case Review Jasmine, resolutions: [Noted.]}}
"""})
    ws = load_workspace(root)
    headings = _headings(render(ws.documents["minutes"], ws, format), format)
    assert headings == ["17. Minutes of the meeting held on 3 March",
                        "18. Serious Case Review Jasmine"]

    (root / "documents" / "minutes.yaml").write_text(
        (root / "documents" / "minutes.yaml").read_text().replace(
            "agenda_item: null", "agenda_item: Item"))
    ws = load_workspace(root)
    headings = _headings(render(ws.documents["minutes"], ws, format), format)
    assert headings[0] == "Item 4|17. Minutes of the meeting held on 3 March"


# --- supporting documents -----------------------------------------------------------------------

@pytest.mark.parametrize("format", ["docx", "html"])
def test_supporting_documents_only_when_there_are_some(outputs: dict[str, Any],
                                                       format: str) -> None:
    """'Supporting documents:' heads the review's links, once, and is left out of items
    with none; 'None.' is never printed."""
    text = outputs[f"minutes.{format}.text"]
    assert text.count("Supporting documents:") == 1
    assert "SCR Jasmine: full report" in text
    assert "None." not in text


# --- lists in free text -------------------------------------------------------------------------

def test_lists_in_free_text_are_word_lists(outputs: dict[str, Any]) -> None:
    """'- ' lines are List Bullet paragraphs (an indented one List Bullet 2), '1. ' lines
    List Number paragraphs with Word numbering (numPr) from 1, the typed markers gone."""
    data = outputs["minutes.docx"]
    paragraphs = {p.text: p for p in _paragraphs(data)}
    assert paragraphs["information was shared but not analysed;"].style.name == "List Bullet"
    assert paragraphs["twice in March"].style.name == "List Bullet 2"
    first = paragraphs["First, the training."]
    assert first.style.name == "List Number" and first._p.pPr.numPr is not None
    assert _numbering_text(data, first) == ("decimal", "%1.")
    assert paragraphs["Second, the audit."]._p.pPr.numPr.numId.val \
        == first._p.pPr.numPr.numId.val
    assert not any(text.startswith(("- ", "1. ")) for text in paragraphs)


def test_lists_in_free_text_are_html_lists(outputs: dict[str, Any]) -> None:
    """The HTML nests a ul in its item, and numbers with an ol."""
    html = outputs["minutes.html"].decode().replace("\n", "")
    assert ("<ul><li>information was shared but not analysed;</li><li>the child was not seen "
            "alone;<ul><li>twice in March</li></ul></li><li>escalation came late.</li></ul>"
            ) in html
    assert "<ol><li>First, the training.</li><li>Second, the audit.</li></ol>" in html


@needs_pdftotext
def test_lists_in_free_text_have_the_same_glyphs_in_pdf(outputs: dict[str, Any]) -> None:
    """The PDF marks the bullets with the dash Word uses, and numbers 1., 2."""
    text = outputs["minutes.pdf.text"]
    assert re.search(r"–\s+information was shared but not analysed;", text)
    flat = _flat(text)
    assert "1. First, the training." in flat and "2. Second, the audit." in flat


@pytest.mark.parametrize("format", ["docx", "html"])
def test_lists_in_a_committee_report(make_workspace, format: str) -> None:
    """Lists and sub-headings work in every kind's free text: a committee report's report."""
    root = make_workspace({"documents/report-jasmine.yaml": """\
kind: committee-report
meeting: {committee: Scrutiny}
item:
  title: Serious Case Review Jasmine
  report: |
    ### What the review found
    The review found:
    - late escalation;
    - no analysis.
"""})
    ws = load_workspace(root)
    data = render(ws.documents["report-jasmine"], ws, format)
    if format == "docx":
        styles = {p.text: p.style.name for p in _paragraphs(data)}
        assert styles["What the review found"] == "Heading 2"
        assert styles["late escalation;"] == "List Bullet"
    else:
        html = data.decode().replace("\n", "")
        assert "<h3>What the review found</h3>" in html
        assert "<ul><li>late escalation;</li><li>no analysis.</li></ul>" in html


# --- drafts ---------------------------------------------------------------------------------------

TEMPLATE_ITEM = """\
kind: minutes
meeting: {committee: Scrutiny, date: 2021-06-14}
items:
  - {number: 5, title: Serious Case Review Jasmine, minutes: Discussed.}
  - {number: 6, title: Annual report, recommendations: [That the report be noted.]}
"""


def test_unminuted_item_makes_the_minutes_a_draft(make_workspace, tmp_path: Path) -> None:
    """Minutes with an item not minuted yet carry DRAFT on every page by themselves: the
    Word watermark and header, the PDF's pages and the HTML's marking."""
    root = make_workspace({"documents/minutes.yaml": TEMPLATE_ITEM})
    ws = load_workspace(root)
    document = ws.documents["minutes"]
    word = docx.Document(io.BytesIO(render(document, ws, "docx")))
    header = word.sections[0].header._element
    assert header.xpath('.//*[local-name()="textpath" and @string="DRAFT"]')
    assert "DRAFT" in html_text(render(document, ws, "html"))
    if has_pdftotext():
        pages = pdf_text(render(document, ws, "pdf"), tmp_path).split("\f")
        assert all("DRAFT" in page for page in pages if page.strip())


def test_minuted_minutes_are_not_a_draft(outputs: dict[str, Any]) -> None:
    """Minutes whose items are all minuted carry no DRAFT."""
    assert "DRAFT" not in html_text(outputs["minutes.html"])


def test_check_refuses_unminuted_minutes(make_workspace, run_cli) -> None:
    """scrdocs check names the minutes and the item not minuted, and exits 1."""
    root = make_workspace({"documents/minutes.yaml": TEMPLATE_ITEM})
    result = run_cli("check", root, "--no-word-layout")
    assert result.exit_code == 1
    assert ("Error: documents/minutes: not ready to publish: an item is not minuted yet, so "
            "every page says DRAFT: 6 Annual report") in result.stderr


# --- honest unknowns ----------------------------------------------------------------------------

UNKNOWNS = {
    "reviews/jasmine.yaml": """\
review_type: other
review_type_label: Multi-Agency Learning Review
published: true
summary: concerned a baby who was seriously injured at four months.
learning_points: [Ask who lives in the home.]
""",
    "documents/report-jasmine.yaml": """\
kind: committee-report
meeting: {committee: Scrutiny}
item: {number: 5, title: Learning from the review, review: jasmine}
""",
    "documents/guide.yaml": """\
kind: one-minute-guide
title: Learning from reviews
sections: [{heading: Why this matters, body: Bruising in babies is rare.}]
local_reviews: {reviews: [jasmine]}
""",
    "documents/briefing.yaml": """\
kind: learning-briefing
title: Learning briefing
edition: Winter 2025
themes:
  - {title: Babies, reviews: [jasmine]}
""",
}


@pytest.mark.parametrize("name", ["report-jasmine", "guide", "briefing"])
@pytest.mark.parametrize("format", ["docx", "html"])
def test_unknowns_are_not_invented(make_workspace, name: str, format: str) -> None:
    """A review published on an unknown date, with no pseudonym and a type of its own is
    called by its own type and never 'not yet published' or 'Serious Case Review …'."""
    root = make_workspace(UNKNOWNS)
    ws = load_workspace(root)
    data = render(ws.documents[name], ws, format)
    text = text_of(data, format)
    assert "Multi-Agency Learning Review" in text
    for invented in ("not yet published", "Not yet published", "Serious Case Review",
                     "SCR ", "None"):
        assert invented not in text, invented


def test_published_true_reads_as_published_in_the_facts(make_workspace) -> None:
    """The committee report's facts say Published: Yes, and the summary opens 'This
    review' for a review with no name."""
    root = make_workspace(UNKNOWNS)
    ws = load_workspace(root)
    text = docx_text(render(ws.documents["report-jasmine"], ws, "docx"))
    assert "Published:\tYes" in text
    assert "This review concerned a baby" in text


# --- the contract -------------------------------------------------------------------------------

def test_schema_describes_the_new_fields() -> None:
    """`scrdocs schema document` shows the meeting record, minute numbers, blocks, labels
    and resolution styles, each with a description."""
    definitions = json_schema("document")["$defs"]
    meeting = definitions["Meeting"]["properties"]
    for field in ("start_time", "end_time", "present", "apologies", "in_attendance",
                  "declarations", "first_minute", "resolution_style", "labels"):
        assert meeting[field].get("description"), field
    item = definitions["MinutesItem"]["properties"]
    for field in ("minute", "numbered_paragraphs", "blocks"):
        assert item[field].get("description"), field
    block = definitions["Block"]
    assert {"paragraph", "bullets", "heading", "point", "raised_by", "response", "details",
            "resolved", "resolved_that"} <= set(block["properties"])
    assert {"required": ["resolved_that"]} in block["oneOf"]
    assert definitions["Labels"]["properties"]["supporting_documents"].get("description")
    assert "include_unresolved" in definitions["ResolutionList"]["properties"]
    review = json_schema("review")["properties"]
    assert review["review_type_label"].get("description")
    assert {"type": "boolean", "description": "true: published, the date not known."} in \
        review["published"]["anyOf"]


def test_models_built_in_code_check_minute_numbers() -> None:
    """The same rules hold for minutes built in Python: a repeated minute is a DataError
    naming the field."""
    from scrdocs.kinds import Minutes

    with pytest.raises(DataError, match=r"items\.1\.minute: minute 3 repeats"):
        Minutes(meeting={"committee": "Scrutiny"},
                items=[{"minute": 3, "title": "A"}, {"minute": 3, "title": "B"}])


@pytest.mark.parametrize("style,index,total,text,paragraph,expected", [
    ("numbered", 2, 3, "That B.", None, "57.2"),
    ("lettered", 2, 3, "That B.", None, "57(b)"),
    ("resolved-numbered", 2, 3, "That B.", None, "57(2)"),
    ("numbered", 1, 1, "That A.", None, "57"),
    ("numbered", 2, 2, "(c) That C.", None, "57(c)"),
    ("numbered", 2, 2, "That B.", 3, "57.3(2)"),
])
def test_references_use_the_minute(style: str, index: int, total: int, text: str,
                                   paragraph: int | None, expected: str) -> None:
    """A resolution is cited by its minute and its number or letter in the house style; a
    number typed by hand is the one cited; a lone resolution by the minute alone."""
    from scrdocs.kinds._meeting import reference
    from scrdocs.model import ResolutionStyle

    where = f"57.{paragraph}" if paragraph else "57"
    assert reference(where, ResolutionStyle(style), index, total, text, paragraph) == expected
