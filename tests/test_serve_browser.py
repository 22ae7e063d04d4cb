"""``scrdocs serve`` in a real browser: headless Chromium from Debian's ``chromium`` package,
driven by Playwright, with the axe-core accessibility engine run on each page.

One browser and one editor serve the whole module. Screenshots go to the folder named by
``SCRDOCS_SCREENSHOTS`` when it is set (to look at them), else to a temporary folder."""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import Running, write_bilingual

from scrdocs.new import new_workspace
from scrdocs.workspace import load_workspace

CHROMIUM = os.environ.get("SCRDOCS_CHROMIUM", "/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="the browser tests need: pip install '.[test]'")
if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
    pytest.skip(f"the browser tests need Chromium at {CHROMIUM} "
                "(Debian: apt-get install chromium; .ci/run installs it)",
                allow_module_level=True)

expect = playwright_api.expect
CHROMIUM_FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
"""Headless (Playwright's default) with a fresh profile (Playwright makes one per launch),
and no calls to Google's services, which this machine's closed network refuses."""
BLOCKING = ("serious", "critical")
"""The axe-core impacts that fail a test."""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a new workspace, as ``scrdocs new`` writes it."""
    folder = tmp_path_factory.mktemp("browser") / "anyshire"
    new_workspace(folder, "Anyshire Safeguarding Children Partnership")
    return folder


@pytest.fixture(scope="module")
def editor(root: Path) -> Iterator[Running]:
    """Return the editor running on ``root``, warmed up as ``scrdocs serve`` is."""
    running = Running(root, warm=True)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Return one headless Chromium for the module."""
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    flags = list(CHROMIUM_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=flags)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, editor: Running) -> Iterator[Any]:
    """Return a page of a new browser context, opened on the address serve prints."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(editor.url)
    yield opened
    context.close()
    assert errors == []


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder screenshots are written to."""
    wanted = os.environ.get("SCRDOCS_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on ``page`` and return its violations of serious or critical impact."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text("utf-8")
    page.evaluate(script)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in results["violations"] if v["impact"] in BLOCKING]


def test_a_review_from_home_to_a_saved_file(page: Any, root: Path, shots: Path) -> None:
    """Create a review from the home page, fill its fields, see a problem appear at its
    field and clear, add and move a learning point, save with the keyboard, and find the
    file on disk with its comments kept; the home page and the form pass axe-core."""
    expect(page.get_by_role("heading", name="Workspace anyshire")).to_be_visible()
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("button", name="New review").click()
    page.get_by_label("Published name (pseudonym)").fill("Child B")
    expect(page.get_by_label("File name (the review's ID)")).to_have_value("child-b")
    page.get_by_role("button", name="Create review").click()
    expect(page).to_have_url(re.compile(r"/edit/reviews/child-b\.yaml$"))
    expect(page.locator("#f-name")).to_have_value("Child B")

    page.locator("#f-reviewer").fill("Independent reviewer for Child B")
    page.locator("#f-published").fill("2021-13")
    error = page.locator("#f-published-error")
    expect(error).to_have_text("'2021-13' is not a date: there is no month 13")
    expect(page.locator("#f-published")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error-summary")).to_be_visible()
    page.screenshot(path=str(shots / "review-with-error.png"))
    assert axe_violations(page) == []
    page.locator("#f-published").fill("2021-12")
    expect(error).to_be_hidden()
    expect(page.locator("#error-summary")).to_be_hidden()

    page.get_by_role("button", name="Add learning point").click()
    added = page.locator("#f-learning_points-4")
    expect(added).to_be_focused()
    page.keyboard.type("Ask who lives in the home, every time.")
    page.get_by_role("button", name="Move up: Learning point 5").click()
    expect(page.locator("#f-learning_points-3")).to_have_value(
        "Ask who lives in the home, every time.")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Saved at")

    saved = (root / "reviews" / "child-b.yaml").read_text(encoding="utf-8")
    assert "name: Child B                       # the published pseudonym" in saved
    assert "published: 2021-12                  # leave out while" in saved
    assert "reviewer: Independent reviewer for Child B" in saved
    points = saved.split("learning_points:\n", 1)[1].split("questions:", 1)[0]
    assert points.splitlines()[3] == "  - Ask who lives in the home, every time."
    assert "# planned, in-progress, complete or overdue" in saved


def test_a_document_previewed_as_typed_and_downloaded_as_pdf(page: Any, root: Path,
                                                             shots: Path) -> None:
    """Pick a review for a committee report, type its title and see the preview change;
    show the PDF view; save and download the PDF, and read the title back from it."""
    from pypdf import PdfReader

    page.get_by_role("link", name="Edit documents/committee-report.yaml").click()
    frame = page.frame_locator("#preview")
    expect(frame.locator("h1").first).to_contain_text("Child A")
    page.get_by_label("Review", exact=True).select_option("child-a")
    page.locator("#f-item-title").fill("Learning from the review of Child A, in brief")
    expect(frame.locator("h1").first).to_have_text("Learning from the review of Child A, in brief")
    page.screenshot(path=str(shots / "preview.png"))
    assert axe_violations(page) == []

    page.get_by_role("button", name="PDF").click()
    expect(page.locator("#pdf-preview")).to_be_visible()
    expect(page.locator("#pdf-preview")).to_have_attribute("src", re.compile(r"^blob:"))
    expect(page.locator("#preview-status")).to_contain_text("PDF updated")

    page.get_by_role("button", name="Save").click()
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Learning from the review of Child A, in brief" in " ".join(text.split())


def test_two_tabs_saving_the_same_file_are_shown_both_versions(browser: Any, editor: Running,
                                                               root: Path) -> None:
    """A second tab that saves a file the first tab saved meanwhile sees both versions and
    keeps its own only when it says so; the keyboard reaches every step."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(editor.url)
        tab.goto(f"{editor.base}/edit/reviews/child-a.yaml")
        expect(tab.locator("#f-reviewer")).to_be_visible()
    first.locator("#f-reviewer").fill("Saved in the first tab")
    first.get_by_role("button", name="Save").click()
    expect(first.locator("#save-status")).to_contain_text("Saved at")
    second.locator("#f-reviewer").fill("Saved in the second tab")
    second.keyboard.press("Control+s")
    dialog = second.get_by_role("dialog", name="The file was changed since you opened it")
    expect(dialog).to_be_visible()
    expect(second.get_by_label("The version on disk now")).to_have_value(
        re.compile("reviewer: Saved in the first tab"))
    expect(second.get_by_label("Your version")).to_have_value(
        re.compile("reviewer: Saved in the second tab"))
    expect(second.get_by_role("button", name="Keep my version")).to_be_focused()
    second.keyboard.press("Enter")
    expect(second.locator("#save-status")).to_contain_text("Saved at")
    text = (root / "reviews" / "child-a.yaml").read_text(encoding="utf-8")
    assert "reviewer: Saved in the second tab" in text
    assert "# the published pseudonym" in text
    context.close()


def test_the_welsh_of_a_bilingual_text_edited_and_saved(browser: Any,
                                                        tmp_path: Path, shots: Path) -> None:
    """In a workspace publishing in Welsh and English, a text given in both is a box a
    language, labelled Cymraeg and English (Welsh first) with its lang; editing the Welsh
    updates the preview, and saving writes the new Welsh with the English unchanged; the
    form passes axe-core."""
    root = write_bilingual(tmp_path / "dwyieithog")
    review = root / "reviews" / "plentyn-a.yaml"
    english = ("  en: concerned a four-month-old baby who was admitted to hospital with a "
               "broken arm.\n")
    assert english in review.read_text(encoding="utf-8")
    running = Running(root, warm=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    try:
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(running.url)
        tab.goto(f"{running.base}/edit/reviews/plentyn-a.yaml")
        summary = tab.get_by_role("group", name="Summary")
        welsh, english_box = summary.get_by_label("Cymraeg"), summary.get_by_label("English")
        expect(welsh).to_have_attribute("lang", "cy")
        expect(english_box).to_have_attribute("lang", "en")
        expect(summary.locator("textarea")).to_have_count(2)
        expect(summary.locator("textarea").first).to_have_attribute("lang", "cy")
        expect(tab.get_by_label("Partnership")).to_have_value("Bwrdd Diogelu Enghreifftiol")

        tab.locator("#target").select_option("committee-report")
        welsh.fill("yn ymwneud â babi a gafodd ei anafu, testun wedi'i olygu yn y porwr.")
        shown = tab.frame_locator("#preview").get_by_text("testun wedi'i olygu yn y porwr")
        expect(shown).to_be_visible()
        assert shown.evaluate("element => element.closest('[lang]').lang") == "cy"
        tab.screenshot(path=str(shots / "bilingual.png"))
        assert axe_violations(tab) == []

        welsh.fill("")
        expect(tab.locator("#f-summary-error")).to_contain_text("Has no Welsh text")
        expect(welsh).to_have_attribute("aria-invalid", "true")
        welsh.fill("yn ymwneud â babi a gafodd ei anafu, testun wedi'i olygu yn y porwr.")
        expect(tab.locator("#f-summary-error")).to_be_hidden()
        tab.get_by_role("button", name="Save").click()
        expect(tab.locator("#save-status")).to_contain_text("Saved at")
    finally:
        context.close()
        running.stop()
    assert errors == []
    saved = review.read_text(encoding="utf-8")
    assert ("  cy: yn ymwneud â babi a gafodd ei anafu, testun wedi'i olygu yn y porwr.\n"
            in saved)
    assert english in saved
    assert "# the English of the first finding" in saved
    assert "name: {cy: Plentyn A, en: Child A}" in saved
    loaded = load_workspace(root)
    assert loaded.in_language("cy").reviews["plentyn-a"].summary.endswith("yn y porwr.")
    assert loaded.in_language("en").reviews["plentyn-a"].summary.endswith("a broken arm.")


def test_the_focus_is_visible_and_the_skip_link_works(page: Any) -> None:
    """The first Tab reaches a visible skip link with a focus outline; Enter moves the
    focus to the main content."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
