"""What the bilingual work built late, attacked: the page-number filters, the editor's
boxes a language, a build writing a document's two language versions, and the guide's
masthead and a file's field names in a workspace publishing in Welsh and English.

Each test is a break found by hostile input. Those marked ``xfail`` wait for a fix in a
module named in their reason.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2.exceptions import TemplateRuntimeError

from scrdocs.bilingual import together
from scrdocs.cli import main
from scrdocs.errors import PageCountWarning
from scrdocs.footer import css_page_numbers, page_numbers
from scrdocs.workspace import load_workspace

FIXTURE = Path(__file__).parent / "data" / "bilingual"


def copy_fixture(parent: Path) -> Path:
    """Copy the bilingual fixture workspace below ``parent`` and return its folder."""
    root = parent / "workspace"
    shutil.copytree(FIXTURE, root)
    return root


def set_profile(root: Path, field: str, value: str) -> None:
    """Give the profile's top-level ``field`` the YAML ``value``, in place of its own."""
    profile = root / "scrdocs.yaml"
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line
             for line in profile.read_text(encoding="utf-8").splitlines()]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the page-number filters --------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "", "{page}{page}{pages}{pages}",
    together([("cy", "Tudalen {page} o {pages}"), ("en", "Page {page} of {page} of {pages}")])])
@pytest.mark.parametrize("numbers", [page_numbers, css_page_numbers])
def test_a_page_number_message_without_one_page_and_one_count_is_refused(
        numbers: object, message: str) -> None:
    """A template giving the footer filters an empty message, or one with a page number or
    a count twice, gets the error naming what the message needs, never a footer with no
    page number or with '{page}' printed in it."""
    with pytest.raises(TemplateRuntimeError, match=r"needs \{page\}, then \{pages\}"):
        numbers(message)  # type: ignore[operator]


# --- the editor -----------------------------------------------------------------------------

SAVE_TEN_THOUSAND = """
from scrdocs.serve import roundtrip
text = "summary: {cy: Crynodeb., en: Summary.}\\ntitle: Child A\\n"
posted = {"cy": "Crynodeb.", "en": "Summary.", **{f"l{n:05d}": "t" for n in range(10_000)}}
written = roundtrip.updated(text, {"summary": posted, "title": "Child A"}, False)
assert roundtrip.plain(roundtrip.load(written))["summary"] == posted
print(written.count(": t"))
"""


def test_a_form_posting_ten_thousand_languages_is_written_without_a_hang() -> None:
    """A text posted with 10,000 language keys over a one-line {cy: …, en: …} map is
    written into the file's text with every key (the loader then names each that is no
    language), not after half an hour with the editor's worker held: a child process gets
    a generous safety timeout, so a regression fails instead of hanging the suite."""
    try:
        done = subprocess.run([sys.executable, "-c", SAVE_TEN_THOUSAND], capture_output=True,
                              text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("writing 10,000 language keys into a file's text did not finish")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["10000"]


# --- a build writing a document's two language versions -------------------------------------

def test_a_folder_in_the_english_version_s_place_leaves_the_welsh_as_it_was(
        tmp_path: Path) -> None:
    """A build that cannot write report.en.html (a folder is there) reports the document
    as not written, and leaves report.cy.html as it was: never a new Welsh version beside
    an old English one."""
    root = copy_fixture(tmp_path)
    set_profile(root, "bilingual", "separate")
    runner = CliRunner()
    build = ["build", str(root), "-f", "html", "-j", "1"]
    assert runner.invoke(main, build).exit_code == 0
    welsh = root / "out" / "committee-report.cy.html"
    before = welsh.read_bytes()
    report = root / "documents" / "committee-report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("number: 5", "number: 9"),
                      encoding="utf-8")
    english = root / "out" / "committee-report.en.html"
    english.unlink()
    english.mkdir()
    result = runner.invoke(main, build)
    assert result.exit_code == 5 and "committee-report.en.html" in result.output
    assert "failed and was not written" in result.output
    assert welsh.read_bytes() == before


# --- a file's fields --------------------------------------------------------------------------

def test_an_unknown_field_with_a_capital_letter_is_named(tmp_path: Path) -> None:
    """A field the document does not have, typed with a capital ('Version:'), is named at
    its line, as 'version:' is, not an unexpected error."""
    root = copy_fixture(tmp_path)
    report = root / "documents" / "committee-report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "Version: 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 2, result.output
    assert "committee-report.yaml" in result.output
    assert "unknown field 'Version'" in result.output


# --- the guide's masthead -----------------------------------------------------------------------

def test_a_guide_whose_organisation_name_fills_pages_says_so(tmp_path: Path) -> None:
    """A profile whose name runs to 5,000 characters a language makes a one-minute guide
    of many pages; the warning names the organisation's name, the cause, not a box."""
    root = copy_fixture(tmp_path)
    set_profile(root, "name", "{cy: '" + ("Bwrdd " * 834)[:5000] + "', en: '"
                + ("Board " * 834)[:5000] + "'}")
    workspace = load_workspace(root)
    from scrdocs import render

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render(workspace.documents["one-minute-guide"], workspace, "pdf")
    said = [str(w.message) for w in caught if issubclass(w.category, PageCountWarning)]
    assert said and "name" in said[0] and "shorten its longest box" not in said[0]



def test_a_language_box_keyed_proto_is_saved_like_any_other(tmp_path: Path) -> None:
    """A text whose file gives it a key '__proto__' beside cy and en shows that key in a
    box of its own; emptying the box and saving takes the key out of the file, as emptying
    the Welsh box would, instead of the page dropping the key from what it posts."""
    playwright_api = pytest.importorskip("playwright.sync_api",
                                         reason="the browser tests need: pip install '.[test]'")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("the browser tests need Chromium (Debian: apt-get install chromium)")
    from serve_support import Running, write_bilingual

    root = write_bilingual(tmp_path / "dwyieithog")
    review = root / "reviews" / "plentyn-a.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "\nsummary:", "\npublication_note: {cy: Cyhoeddwyd yn hwyr., en: Published late., "
        "__proto__: Hen}\nsummary:", 1), encoding="utf-8")
    running = Running(root, warm=True)
    errors: list[str] = []
    flags = ["--disable-gpu", "--no-first-run", "--disable-background-networking"]
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=[*flags, "--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(running.url)
            tab.goto(f"{running.base}/edit/reviews/plentyn-a.yaml")
            boxes = tab.locator("#f-publication_note textarea")
            playwright_api.expect(boxes).to_have_count(3)
            boxes.nth(2).fill("")
            tab.get_by_role("button", name="Save").click()
            playwright_api.expect(tab.locator("#save-status")).to_contain_text("Saved at")
        finally:
            browser.close()
            running.stop()
    assert errors == []
    saved = review.read_text(encoding="utf-8")
    assert "publication_note: {cy: Cyhoeddwyd yn hwyr., en: Published late.}" in saved
