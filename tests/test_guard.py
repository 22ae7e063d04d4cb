"""The anonymisation guard: names and identifiers in the case key never reach an output."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from helpers import DATA, copy_example

from scrdocs.guard import DisclosureError, scan_file
from scrdocs.render import render
from scrdocs.templating import default_templates
from scrdocs.workspace import load_workspace

REAL_NAME = "Ruby Hartley"
CASE_KEY = f"""\
names:
  - real: {REAL_NAME}
    pseudonym: Jasmine
identifiers: [Moorfield Academy]
"""


@pytest.fixture
def jasmine(tmp_path: Path) -> Path:
    """Return a copy of the North Tyneside workspace with a case key."""
    root = copy_example("north-tyneside", tmp_path)
    (root / "case-key.yaml").write_text(CASE_KEY, encoding="utf-8")
    return root


def _insert_into_minutes(root: Path, text: str) -> None:
    path = root / "documents" / "minutes-jasmine.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("The Chair thanked", f"{text} The Chair thanked", 1),
                    encoding="utf-8")


def test_clean_workspace_with_a_case_key_builds(jasmine: Path, run_cli) -> None:
    """A case key whose terms appear nowhere does not stop the build."""
    result = run_cli("build", jasmine, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    assert (jasmine / "out" / "minutes-jasmine.docx").is_file()


def test_real_name_in_data_blocks_every_output(jasmine: Path, run_cli) -> None:
    """A real name in a data field (any case, odd spacing) stops the build; nothing is written."""
    _insert_into_minutes(jasmine, "ruby   HARTLEY was present.")
    result = run_cli("build", jasmine)
    assert result.exit_code == 6
    assert "Traceback" not in result.output
    assert "items.0.closing: contains 'Ruby Hartley'" in result.stderr
    assert "publish it as 'Jasmine'" in result.stderr
    assert not (jasmine / "out" / "minutes-jasmine.docx").exists()
    assert not (jasmine / "out" / "minutes-jasmine.pdf").exists()


@pytest.mark.parametrize("text, term", [("Ruby was present.", "Ruby"),
                                        ("The Hartley family attended.", "Hartley"),
                                        ("Rub\u00ady was present.", "Ruby")])
def test_a_part_of_a_real_name_alone_blocks_the_build(jasmine: Path, run_cli, text: str,
                                                      term: str) -> None:
    """A first name or a surname on its own, even with a soft hyphen inside it, stops the
    build with exit code 6, naming the field and the part found."""
    _insert_into_minutes(jasmine, text)
    result = run_cli("build", jasmine, "--format", "html")
    assert result.exit_code == 6, result.stderr
    assert f"items.0.closing: contains '{term}'" in result.stderr
    assert not (jasmine / "out" / "minutes-jasmine.html").exists()


def test_an_allowed_part_alone_does_not_block_but_the_whole_name_does(jasmine: Path,
                                                                       run_cli) -> None:
    """A part listed under allow: may appear on its own; the whole name still blocks."""
    (jasmine / "case-key.yaml").write_text(CASE_KEY.replace(
        "    pseudonym: Jasmine\n", "    pseudonym: Jasmine\n    allow: [Ruby]\n"),
        encoding="utf-8")
    _insert_into_minutes(jasmine, "A ruby wedding was mentioned.")
    assert run_cli("build", jasmine, "--format", "html").exit_code == 0
    _insert_into_minutes(jasmine, "RubyHartley was present.")
    result = run_cli("build", jasmine, "--format", "html")
    assert result.exit_code == 6
    assert "contains 'Ruby Hartley'" in result.stderr


def test_identifier_in_a_review_is_found_with_its_field(jasmine: Path) -> None:
    """An identifier in a review the document uses is reported with the review's field."""
    review = jasmine / "reviews" / "jasmine.yaml"
    review.write_text(review.read_text(encoding="utf-8") +
                      "methodology: Interviews at Moorfield Academy\n", encoding="utf-8")
    ws = load_workspace(jasmine)
    with pytest.raises(DisclosureError) as caught:
        render(ws.documents["committee-report-jasmine"], ws, "html")
    fields = [(hit.document, hit.field) for hit in caught.value.hits]
    assert ("review jasmine", "methodology") in fields


def test_real_name_only_in_a_word_template_header_is_blocked(jasmine: Path) -> None:
    """A name put only into an overriding Word template's header is caught in the output."""
    template = jasmine / "templates" / "minutes" / "minutes.docx"
    template.parent.mkdir(parents=True)
    document = docx.Document(str(default_templates() / "minutes" / "minutes.docx"))
    document.sections[0].header.paragraphs[0].add_run(" Prepared about Ruby ")
    document.sections[0].header.paragraphs[0].add_run("Hartley")
    document.save(str(template))
    ws = load_workspace(jasmine)
    with pytest.raises(DisclosureError) as caught:
        render(ws.documents["minutes-jasmine"], ws, "docx")
    assert any(hit.part.startswith("word/header") for hit in caught.value.hits)


def test_output_file_name_is_checked(jasmine: Path, run_cli) -> None:
    """An output path naming a protected term is refused before rendering."""
    document = jasmine / "documents" / "minutes-jasmine.yaml"
    result = run_cli("render", document, "-o", jasmine / "ruby-hartley-minutes.pdf")
    assert result.exit_code == 0 or "file name" in result.stderr
    result = run_cli("render", document, "-o", jasmine / "Ruby Hartley minutes.pdf")
    assert result.exit_code == 6 and "file name" in result.stderr
    assert not (jasmine / "Ruby Hartley minutes.pdf").exists()


@pytest.mark.parametrize("format", ["docx", "pdf", "html"])
def test_scan_file_finds_a_name_in_any_rendered_file(tmp_path: Path, format: str) -> None:
    """scan_file finds a protected term inside a rendered file of any format."""
    ws = load_workspace(DATA / "north-tyneside")
    path = tmp_path / f"minutes.{format}"
    path.write_bytes(render(ws.documents["minutes-jasmine"], ws, format))
    assert scan_file(path, [("Ruby Hartley", "test")]) == []
    hits = scan_file(path, [("Jasmine", "test")])
    assert hits and all(hit.term == "Jasmine" for hit in hits)


def test_pdf_metadata_and_bookmarks_are_scanned(tmp_path: Path) -> None:
    """A term that appears in the PDF's title is found in its metadata and bookmarks."""
    ws = load_workspace(DATA / "thurrock")
    path = tmp_path / "report.pdf"
    path.write_bytes(render(ws.documents["committee-report-julia"], ws, "pdf"))
    title = ws.documents["committee-report-julia"].item.title
    word = title.split()[0]
    parts = {hit.part for hit in scan_file(path, [(word, "test")])}
    assert {"metadata", "bookmarks"} <= parts
