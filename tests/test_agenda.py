"""The agenda kind: made from the meeting data the minutes use, with standard items, each
item's papers, Part B after the exclusion of the press and public, and the actions from
previous meetings; in Word, PDF and HTML, and bad input refused naming file and field."""

from __future__ import annotations

import pytest
from helpers import MINUTES, error_lines
from readback import docx_outline, first_difference, pdf_outline, text_of

from scrdocs import load_workspace, render
from scrdocs.errors import DataError

AGENDA = """\
kind: agenda
meeting:
  committee: Children's Services Scrutiny Committee
  council: Anyshire Council
  date: 2021-09-13
  start_time: "18:30"
  venue: Committee Room 1
membership:
  - name: Councillor Halden
    role: Chair
  - Councillor Kerin
quorum: 3
contact_officer:
  role: Democratic Services Officer
  email: democratic.services@example.org
items:
  - title: Serious Case Review Jasmine
    purpose: To note the learning from the review.
    presenter: Partnership Business Manager
    committee_report: report-jasmine
  - title: Residential placements framework
    purpose: To award the contract.
    part_b: true
    exempt_paragraph: 3
"""

MINUTES_WITH_ACTIONS = MINUTES.replace(
    "      - That the Committee notes the learning from Serious Case Review Jasmine.\n",
    "      - That the Committee notes the learning from Serious Case Review Jasmine.\n"
    "      - text: That officers audit child protection plans for the voice of the child.\n"
    "        action:\n"
    "          owner: Head of Children's Social Care\n"
    "          due: 2021-08\n"
    "          status: in-progress\n"
    "      - text: That the learning be shared with schools.\n"
    "        action: {owner: Education Safeguarding Lead, due: 2021-12}\n"
    "      - text: That the action plan be published.\n"
    "        action: {owner: Business Manager, status: complete}\n")


def _text(root, name="agenda", format="docx") -> str:
    ws = load_workspace(root)
    data = render(ws.documents[name], ws, format)
    return text_of(data, format)


def test_agenda_lists_standard_items_then_business_numbered_on(make_workspace):
    """The standard items come first, numbered 1 to 4; the business counts on from 5, each
    with its purpose, presenter and report."""
    root = make_workspace({"documents/agenda.yaml": AGENDA})
    text = _text(root)
    for line in ("Item 1", "Apologies for absence", "Item 2", "Declarations of interest",
                 "Item 3", "Minutes of the previous meeting", "Item 4",
                 "Items of urgent business", "Item 5", "Serious Case Review Jasmine",
                 "Presented by: Partnership Business Manager",
                 "Report: Serious Case Review Jasmine", "Time: 6.30 pm",
                 "Membership: Councillor Halden (Chair), Councillor Kerin",
                 "Quorum: 3 members", "Venue: Committee Room 1"):
        assert line in text.splitlines(), line
    assert text.index("Item 4") < text.index("Item 5")


def test_part_b_items_follow_the_exclusion_of_the_press_and_public(make_workspace):
    """A Part B item comes after the resolution excluding the press and public, which names
    the paragraph of Schedule 12A; the item says why it is exempt."""
    root = make_workspace({"documents/agenda.yaml": AGENDA})
    for format in ("docx", "html"):
        text = " ".join(_text(root, format=format).split())
        part_b = text.index("Part B – items not open to the press and public")
        assert text.index("Part A – items open to the press and public") < part_b
        exclusion = text.index("the press and public be excluded from the meeting for the "
                               "following item of business")
        assert part_b < exclusion < text.index("Residential placements framework")
        assert "paragraph 3 of Part 1 of Schedule 12A to the Act" in text
        assert ("Exempt under paragraph 3 of Part 1 of Schedule 12A to the Local Government "
                "Act 1972 (information relating to the financial or business affairs") in text


def test_word_and_pdf_agendas_have_the_same_structure(make_workspace):
    """The .docx and the PDF carry the same headings and labels, in order."""
    pytest.importorskip("pikepdf")
    root = make_workspace({"documents/agenda.yaml": AGENDA})
    ws = load_workspace(root)
    word = docx_outline(render(ws.documents["agenda"], ws, "docx"))
    pdf = pdf_outline(render(ws.documents["agenda"], ws, "pdf"),
                      [entry.text for entry in word if entry.role == "label"])
    headings = [entry.text for entry in word if entry.role == "H2"]
    assert headings[-3:] == ["Item 5 Serious Case Review Jasmine",
                             "Part B – items not open to the press and public",
                             "Item 6 Residential placements framework"]
    assert first_difference(word, pdf) is None


def test_an_agenda_takes_its_meeting_and_items_from_the_minutes(make_workspace):
    """`minutes:` names the meeting's minutes document: the agenda prints its committee,
    date and items without their being typed again."""
    minutes = MINUTES.replace("    review: jasmine\n",
                              "    review: jasmine\n    committee_report: report-jasmine\n")
    root = make_workspace({"documents/minutes.yaml": minutes,
                           "documents/agenda.yaml": "kind: agenda\nminutes: minutes\n"})
    text = _text(root)
    assert "Children's Services Scrutiny Committee — 12 July 2021" in text
    assert "Report: Serious Case Review Jasmine" in text.splitlines()


def test_actions_from_previous_meetings_are_listed_with_their_status(make_workspace):
    """Open actions set by earlier meetings of the committee are listed under the minutes
    of the previous meeting, each with its owner, due date and status on the day of the
    meeting; one past its due date is overdue, a complete one is left out."""
    root = make_workspace({"documents/minutes.yaml": MINUTES_WITH_ACTIONS,
                           "documents/agenda.yaml": AGENDA})
    lines = [" ".join(line.split()) for line in _text(root).splitlines()]
    assert ("To approve as a correct record the minutes of the meeting held on 12 July "
            "2021.") in lines
    assert ("That officers audit child protection plans for the voice of the child. – Head "
            "of Children's Social Care, by August 2021: Overdue (Children's Services "
            "Scrutiny Committee, 12 July 2021, minute 5.2)") in lines
    assert any(line.startswith("That the learning be shared with schools. – Education "
                               "Safeguarding Lead, by December 2021: Planned") for line in lines)
    assert not any("That the action plan be published" in line for line in lines)


@pytest.mark.parametrize(("change", "where", "message"), [
    pytest.param(("    exempt_paragraph: 3\n", ""), "agenda.yaml:23: items.1.part_b:",
                 "a Part B item must say which paragraph of Schedule 12A", id="part-b-why"),
    pytest.param(("    committee_report: report-jasmine\n",
                  "    committee_report: report-jasmin\n"),
                 "agenda.yaml:20: items.0.committee_report:",
                 "takes the committee report 'report-jasmin', which is not a committee-report "
                 "document of this workspace; committee reports here: report-jasmine",
                 id="no-such-report"),
    pytest.param(("    committee_report: report-jasmine\n",
                  ("    committee_report: report-jasmine\n    appendices:\n"
                   "      - file: appendices/plan.xlsx\n")),
                 "agenda.yaml:22: items.0.appendices.0.file:",
                 "'appendices/plan.xlsx' is not a PDF or Word file", id="appendix-type"),
    pytest.param(("    committee_report: report-jasmine\n",
                  ("    committee_report: report-jasmine\n    appendices:\n"
                   "      - file: appendices/plan.pdf\n")),
                 "agenda.yaml:22: items.0.appendices.0.file:",
                 "there is no file 'appendices/plan.pdf' in the workspace folder",
                 id="appendix-missing"),
    pytest.param(("  - title: Serious Case Review Jasmine\n",
                  "  - title: Serious Case Review Jasmine\n    number: 2\n"),
                 "agenda.yaml:18: items.0.number:",
                 "item number 2 is the standard item 'Declarations of interest'",
                 id="number-clash"),
])
def test_bad_agendas_name_the_file_line_and_field(make_workspace, run_cli, change, where,
                                                  message):
    """Each mistake is one clear error naming the file, its line and the field."""
    old, new = change
    assert old in AGENDA
    root = make_workspace({"documents/agenda.yaml": AGENDA.replace(old, new)})
    result = run_cli("validate", root)
    assert result.exit_code == 2
    errors = error_lines(result)
    assert any(where in error and message in error for error in errors), errors


def test_an_agenda_gives_either_minutes_or_its_own_meeting(make_workspace):
    """An agenda with both `minutes` and its own items is refused, saying which to keep."""
    root = make_workspace({"documents/minutes.yaml": MINUTES,
                           "documents/agenda.yaml": AGENDA + "minutes: minutes\n"})
    with pytest.raises(DataError, match="give either 'minutes'"):
        load_workspace(root)
