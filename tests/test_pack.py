"""The agenda pack, read back with pypdf and pdftotext: continuous page numbers on every
page, contents and bookmarks that lead to the real pages, Part B left out of the public pack,
a supplement numbered on, PDF/UA kept, and bad papers refused with nothing written."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from helpers import COMMITTEE_REPORT, MINIMAL_WORKSPACE, error_lines, write_files
from readback import has_pdftotext, pdf_page_count, pdf_page_texts

from scrdocs import load_workspace, render

AGENDA = """\
kind: agenda
meeting:
  committee: Children's Services Scrutiny Committee
  council: Anyshire Council
  date: 2021-09-13
  venue: Committee Room 1
quorum: 3
items:
  - title: Serious Case Review Jasmine
    purpose: To note the learning from the review.
    committee_report: report-jasmine
    appendices:
      - file: appendices/action-plan.pdf
        title: Multi-agency action plan
  - title: Annual report of the partnership
    committee_report: report-annual
  - title: Residential placements framework
    part_b: true
    exempt_paragraph: 3
    committee_report: report-placements
  - title: Holiday activities grant
    supplement: 1
    committee_report: report-grant
"""

REPORTS = {
    "report-annual": ("Annual report of the partnership", "The partnership's year in review."),
    "report-placements": ("Residential placements framework", "Tender evaluation scores."),
    "report-grant": ("Holiday activities grant", "How the grant will be spent."),
}


def _report(title: str, text: str) -> str:
    return (COMMITTEE_REPORT.replace("Serious Case Review Jasmine", title)
            .replace("  review: jasmine\n", f"  report: {text}\n"))


def _workspace(root: Path, appendix: str = "appendices/action-plan.pdf") -> Path:
    """Write the agenda's workspace; its appendix is a one-page report rendered as PDF
    (tagged) or .docx, as ``appendix`` is named."""
    write_files(root, {**MINIMAL_WORKSPACE, **{f"documents/{name}.yaml": _report(*parts)
                                               for name, parts in REPORTS.items()}})
    ws = load_workspace(root)
    source = "report-annual" if appendix.endswith(".pdf") else "report-grant"
    data = render(ws.documents[source], ws, appendix.rsplit(".", 1)[1])
    write_files(root, {appendix: data, "documents/agenda.yaml": AGENDA.replace(
        "appendices/action-plan.pdf", appendix)})
    return root


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Return the public, restricted and supplementary packs of one agenda."""
    from click.testing import CliRunner

    from scrdocs.cli import main

    root = _workspace(tmp_path_factory.mktemp("pack") / "ws")
    runs = {"public": [], "restricted": ["--restricted"], "supplement": ["--supplement", "1"]}
    made = {}
    for name, options in runs.items():
        target = root / "out" / f"{name}.pdf"
        result = CliRunner().invoke(main, ["pack", str(root / "documents" / "agenda.yaml"),
                                           "-o", str(target), *options],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        made[name] = target.read_bytes()
    return made


def _stamp(text: str) -> int | None:
    """Return the pack page number stamped on a page ('Page 12', not 'Page 1 of 2')."""
    found = re.findall(r"\bPage (\d+)(?!\d)(?! of)", text)
    return int(found[-1]) if found else None


@pytest.mark.parametrize("name", ["public", "restricted", "supplement"])
def test_page_labels_and_stamps_run_on_without_gaps(packs, name):
    """Every page, generated or appended, carries the next number: in its page label (what
    a viewer shows) and stamped on the page."""
    reader = pypdf.PdfReader(io.BytesIO(packs[name]))
    labels = [int(reader.page_labels[i]) for i in range(len(reader.pages))]
    assert labels == list(range(labels[0], labels[0] + len(labels)))
    assert [_stamp(text) for text in pdf_page_texts(packs[name])] == labels


def test_the_supplement_numbers_on_from_the_main_pack_and_says_what_it_adds(packs):
    """The supplement's first page follows the main pack's last; its front says which item
    it adds and where the main pack ends."""
    main = pdf_page_count(packs["public"])
    reader = pypdf.PdfReader(io.BytesIO(packs["supplement"]))
    assert reader.page_labels[0] == str(main + 1)
    front = " ".join(pdf_page_texts(packs["supplement"])[0].split())
    assert "Supplementary agenda pack 1" in front
    assert (f"This supplement adds to the agenda: item 8, Holiday activities grant. Its pages "
            f"are numbered on from the agenda pack, which ends at page {main}.") in front
    text = " ".join(" ".join(pdf_page_texts(packs["supplement"])).split())
    assert "How the grant will be spent." in text
    assert "The partnership's year in review." not in text
    assert "Holiday activities grant" not in " ".join(pdf_page_texts(packs["public"]))


def test_contents_give_and_link_the_real_pages(packs, tmp_path):
    """Each contents entry's page number is the page its paper starts on, and its link
    goes there."""
    if not has_pdftotext():
        pytest.skip("reading the contents needs pdftotext")
    import subprocess

    path = tmp_path / "pack.pdf"
    path.write_bytes(packs["public"])
    front = subprocess.run(["pdftotext", "-layout", "-l", "1", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
    entries = dict(re.findall(r"^\s*((?:Item|Appendix) [^\n]*?)\s{2,}(\d+)$", front, re.MULTILINE))
    assert set(entries) == {"Item 5: Serious Case Review Jasmine",
                            "Appendix 1: Multi-agency action plan",
                            "Item 6: Annual report of the partnership"}
    pages = pdf_page_texts(packs["public"])
    firsts = {"Item 5: Serious Case Review Jasmine": "Serious Case Review Jasmine",
              "Appendix 1: Multi-agency action plan": "The partnership's year in review.",
              "Item 6: Annual report of the partnership": "The partnership's year in review."}
    for entry, page in entries.items():
        text = " ".join(pages[int(page) - 1].split())
        assert firsts[entry] in text, entry
        assert _stamp(pages[int(page) - 1]) == int(page)
    reader = pypdf.PdfReader(io.BytesIO(packs["public"]))
    targets = sorted(reader.get_page_number(annotation.get_object()["/Dest"][0].get_object())
                     + 1 for annotation in reader.pages[0]["/Annots"]
                     if "/Dest" in annotation.get_object())
    assert targets == sorted({1, 2, *map(int, entries.values())})


def test_agenda_lines_give_the_pages_of_their_papers(packs):
    """The agenda's line for a report or appendix says which pages it is on."""
    pages = pdf_page_texts(packs["public"])
    agenda = " ".join(" ".join(pages[:2]).split())
    assert re.search(r"Report: Serious Case Review Jasmine Pages? \d", agenda)
    assert re.search(r"Appendix 1: Multi-agency action plan Page \d", agenda)


def test_one_bookmark_per_item_and_appendix(packs):
    """Bookmarks: the front, the agenda, then each item with its report and appendices."""
    reader = pypdf.PdfReader(io.BytesIO(packs["public"]))

    def titles(outline):
        found = []
        for entry in outline:
            found.append([t for t in titles(entry)] if isinstance(entry, list) else entry.title)
        return found

    assert titles(reader.outline) == [
        "Agenda pack", "Agenda",
        "Item 5: Serious Case Review Jasmine",
        ["Report: Serious Case Review Jasmine", "Appendix 1: Multi-agency action plan"],
        "Item 6: Annual report of the partnership", ["Report: Annual report of the partnership"],
    ]


def test_part_b_is_left_out_of_the_public_pack_and_in_the_restricted_one(packs):
    """The public pack lists the Part B item with why its papers are not there; the
    restricted pack carries them and says on every page it is not for publication."""
    public = " ".join(" ".join(pdf_page_texts(packs["public"])).split())
    assert "Tender evaluation scores." not in public
    assert "Residential placements framework" in public
    assert "Not included in this public pack: the papers for this item are exempt" in public
    restricted = pdf_page_texts(packs["restricted"])
    assert "Tender evaluation scores." in " ".join(restricted)
    assert all("NOT FOR PUBLICATION" in page for page in restricted)
    assert "Restricted pack: it includes the Part B items" in " ".join(restricted[0].split())
    assert "NOT FOR PUBLICATION" not in public


@pytest.mark.parametrize("name", ["public", "restricted", "supplement"])
def test_the_pack_passes_pdf_ua(packs, name):
    """Joined from tagged parts, the pack is PDF/UA-1 to the independent validator, and to
    scrdocs' own checks (tagged, language, title, fonts embedded, heading levels)."""
    from scrdocs.check import pdf_problems

    assert pdf_problems(packs[name]) == []
    page = pytest.importorskip("page")
    report = page.validate_pdf_bytes(packs[name], profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_an_untagged_appendix_is_merged_with_a_warning_and_check_reports_it(tmp_path,
                                                                           run_cli):
    """An appendix that is not tagged makes the pack inaccessible: pack says so, and check
    reports it as an error naming the file and field."""
    root = _workspace(tmp_path / "ws")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    (root / "appendices" / "action-plan.pdf").write_bytes(buffer.getvalue())
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 0
    assert "appendices/action-plan.pdf is not a tagged PDF" in result.stderr
    result = run_cli("check", root, "--no-word-layout")
    assert any("agenda.yaml:13: items.0.appendices.0.file:" in line
               and "'appendices/action-plan.pdf' is not a tagged PDF" in line
               for line in error_lines(result)), result.stderr


def _encrypted() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    pytest.param(_encrypted(), "is an encrypted (password-protected) PDF", id="encrypted"),
    pytest.param(b"%PDF-1.7\nthis is not really a PDF\n", "cannot be read as a PDF",
                 id="damaged"),
])
def test_a_bad_appendix_stops_the_pack_naming_file_and_field(tmp_path, run_cli, content,
                                                             message):
    """An encrypted or damaged appendix is one clear error at its line and field, and no
    pack is written."""
    root = _workspace(tmp_path / "ws")
    (root / "appendices" / "action-plan.pdf").write_bytes(content)
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 2
    assert any("agenda.yaml:13: items.0.appendices.0.file:" in line and message in line
               for line in error_lines(result)), result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "out" / "agenda-pack.pdf").exists()


def test_an_appendix_over_the_size_limit_is_refused(tmp_path, run_cli, monkeypatch):
    """An appendix larger than the limit is refused, saying how large it may be."""
    import scrdocs.appendices

    monkeypatch.setattr(scrdocs.appendices, "APPENDIX_SIZE_LIMIT", 1000)
    root = _workspace(tmp_path / "ws")
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 2
    assert any("items.0.appendices.0.file:" in line and "an appendix may be at most" in line
               for line in error_lines(result)), result.stderr
    assert not (root / "out" / "agenda-pack.pdf").exists()


def test_a_pack_over_the_page_cap_is_refused(tmp_path, run_cli, monkeypatch):
    """A pack that would run past the page cap is refused before anything is written."""
    import scrdocs.pack

    monkeypatch.setattr(scrdocs.pack, "PACK_PAGE_LIMIT", 3)
    root = _workspace(tmp_path / "ws")
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 2
    assert any("agenda.yaml: items: the pack would run to" in line
               and "a pack may have at most 3" in line for line in error_lines(result))
    assert not (root / "out" / "agenda-pack.pdf").exists()


def test_an_unchanged_pack_is_not_made_again(tmp_path, run_cli):
    """A second pack with nothing changed leaves the file as it was; a changed report is
    rendered again and the pack remade."""
    root = _workspace(tmp_path / "ws")
    assert run_cli("pack", root / "documents" / "agenda.yaml").exit_code == 0
    pack = root / "out" / "agenda-pack.pdf"
    before = pack.stat().st_mtime_ns
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert "is up to date" in result.stdout
    assert pack.stat().st_mtime_ns == before
    report = root / "documents" / "report-annual.yaml"
    report.write_text(report.read_text().replace("year in review", "year reviewed"))
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.stdout.startswith("wrote ")
    assert "The partnership's year reviewed." in " ".join(pdf_page_texts(pack.read_bytes()))


def test_a_word_appendix_is_converted_with_libreoffice(tmp_path, run_cli):
    """A .docx appendix is converted to PDF by LibreOffice and takes its pages in the pack."""
    from scrdocs.finish import libreoffice

    if libreoffice() is None:
        pytest.skip("LibreOffice is not installed")
    root = _workspace(tmp_path / "ws", "appendices/plan.docx")
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 0, result.stderr
    pack = (root / "out" / "agenda-pack.pdf").read_bytes()
    text = " ".join(" ".join(pdf_page_texts(pack)).split())
    assert "How the grant will be spent." in text


def test_without_libreoffice_a_word_appendix_is_a_clear_error(tmp_path, run_cli,
                                                              monkeypatch):
    """With no LibreOffice to convert a .docx appendix, the pack says so, naming it."""
    import scrdocs.finish

    monkeypatch.setattr(scrdocs.finish, "libreoffice", lambda: None)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    root = _workspace(tmp_path / "ws", "appendices/plan.docx")
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert result.exit_code == 4
    assert any("items.0.appendices.0.file:" in line and "needs LibreOffice" in line
               for line in error_lines(result)), result.stderr
    assert not (root / "out" / "agenda-pack.pdf").exists()


def test_the_bundled_example_makes_its_packs(tmp_path, run_cli):
    """The Thurrock example's agenda makes a public pack (its PDF appendix joined, the Part
    B report left out) and a restricted one, each PDF/UA, from the commands the README
    gives."""
    from helpers import copy_example

    root = copy_example("thurrock", tmp_path)
    agenda = root / "documents" / "agenda-2015-06-09.yaml"
    assert run_cli("pack", agenda).exit_code == 0
    assert run_cli("pack", agenda, "--restricted").exit_code == 0
    public = (root / "out" / "agenda-2015-06-09-pack.pdf").read_bytes()
    restricted = (root / "out" / "agenda-2015-06-09-pack-restricted.pdf").read_bytes()
    public_text = " ".join(" ".join(pdf_page_texts(public)).split())
    assert "Appendix 1: Informing Members of a serious case review – the steps" in public_text
    assert "Four providers on the regional framework bid" not in public_text
    assert "Four providers on the regional framework bid" in " ".join(
        " ".join(pdf_page_texts(restricted)).split())
    assert ("Director of Children’s Services, by June 2015: In progress" in public_text)
    page = pytest.importorskip("page")
    for data in (public, restricted):
        report = page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
        assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_the_same_papers_make_the_same_pack(tmp_path, run_cli):
    """Made again from the same papers, the pack is the same, byte for byte."""
    root = _workspace(tmp_path / "ws")
    agenda = root / "documents" / "agenda.yaml"
    assert run_cli("pack", agenda).exit_code == 0
    first = (root / "out" / "agenda-pack.pdf").read_bytes()
    assert run_cli("pack", agenda, "--force").exit_code == 0
    assert (root / "out" / "agenda-pack.pdf").read_bytes() == first
