"""Bilingual workspaces: what a review of the Welsh-and-English work found still wrong.

Each test states the behaviour a reader, a business manager or a developer calling the API
would expect, on a copy of tests/data/bilingual changed as little as the case needs.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from helpers import copy_example

import scrdocs
from scrdocs.check import check_workspace, one_language_texts
from scrdocs.errors import ArgumentError, DataError
from scrdocs.workspace import load_workspace

FIXTURE = Path(__file__).parent / "data" / "bilingual"
MARKERS = "\ue1a0en\ue1a1HACKED\ue1a2"
"""Text in the form scrdocs keeps bilingual text in while it renders: it must never come
from the data."""


def copy_fixture(parent: Path, keep: tuple[str, ...] | None = None) -> Path:
    """Copy the fixture workspace below ``parent``, keeping only the documents ``keep``
    (every one when ``None``)."""
    root = parent / "workspace"
    shutil.copytree(FIXTURE, root)
    if keep is not None:
        for path in (root / "documents").glob("*.yaml"):
            if path.stem not in keep:
                path.unlink()
    return root


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, found exactly once in the file at ``path``, with ``new``."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} once"
    path.write_text(text.replace(old, new), "utf-8")


# --- pack.py -----------------------------------------------------------------------------------

def test_the_pack_of_a_workspace_laid_out_separate_is_made(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = copy_fixture(tmp_path, ("agenda", "minutes", "committee-report"))
    replace_once(root / "scrdocs.yaml", "bilingual: block", "bilingual: separate")
    result = run_cli("pack", root / "documents" / "agenda.yaml")
    assert "unexpected error" not in result.stderr, result.stderr
    assert result.exit_code == 0, result.stderr


# --- kinds/one_minute_guide.py: replan ---------------------------------------------------------

WELSH_POINT = ("Rhaid i bob ymarferydd holi pwy sy'n byw yn y cartref a chofnodi'r atebion yn "
               "llawn bob tro y mae'n ymweld, a rhannu'r wybodaeth honno gyda'r ymwelydd iechyd "
               "a'r meddyg teulu yr un diwrnod heb oedi o gwbl. ") * 3
ENGLISH_POINT = ("Every practitioner must ask who lives in the home and record the answers in "
                 "full at every visit, and share that information with the health visitor and "
                 "GP on the same day. ") * 3


def with_long_learning_points(root: Path, count: int) -> None:
    """Give the review of Child A ``count`` long learning points, numbered in the text, the
    Welsh longer than the English (as Welsh usually is)."""
    path = root / "reviews" / "plentyn-a.yaml"
    points = "".join(f'  - cy: "Pwynt {number}: {WELSH_POINT.strip()}"\n'
                     f'    en: "Point {number}: {ENGLISH_POINT.strip()}"\n'
                     for number in range(1, count + 1))
    text, replaced = re.subn(r"learning_points:\n(?:  - .*\n    .*\n)+",
                             lambda _: f"learning_points:\n{points}",
                             path.read_text("utf-8"))
    assert replaced == 1
    path.write_text(text, "utf-8")


def test_a_bilingual_guide_gives_the_same_learning_points_in_welsh_and_english(
        tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, ("one-minute-guide",))
    with_long_learning_points(root, 12)
    workspace = load_workspace(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a page-count warning is not what is tested here
        html = scrdocs.render(workspace.documents["one-minute-guide"], workspace, "html")
    text = html.decode("utf-8")
    welsh = [number for number in range(1, 13) if f"Pwynt {number}:" in text]
    english = [number for number in range(1, 13) if f"Point {number}:" in text]
    assert welsh == english


# --- model.py: _check_url ----------------------------------------------------------------------

def test_a_web_address_holding_the_bilingual_markers_is_refused(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, ("committee-report",))
    replace_once(root / "scrdocs.yaml", "website: https://www.example.org/diogelu",
                 f'website: "https://www.example.org/{MARKERS}"')
    with pytest.raises(DataError, match="private-use") as caught:
        load_workspace(root)
    assert "contact.website" in str(caught.value)


# --- bilingual.py: one_language_fields ---------------------------------------------------------

def test_check_warns_of_an_items_minutes_given_in_english_only(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, ("minutes",))
    replace_once(root / "documents" / "minutes.yaml",
                 "    minutes:\n"
                 "      cy: Cyflwynodd Rheolwr Busnes y Bwrdd yr adroddiad ar yr adolygiad o "
                 "Blentyn A.\n"
                 "      en: The Board Business Manager presented the report on the review of "
                 "Child A.\n",
                 "    minutes: The Board Business Manager presented the report on the review "
                 "of Child A.\n")
    warned = one_language_texts(load_workspace(root))
    assert any("items.0.minutes" in warning for warning in warned), warned


def test_check_asks_for_no_map_of_languages_where_the_loader_refuses_one(
        tmp_path: Path) -> None:
    """A quorum given as text is the same in every language: check does not ask for it in
    each, as loading would refuse that."""
    root = copy_fixture(tmp_path)
    replace_once(root / "documents" / "agenda.yaml", "quorum: 2\n",
                 "quorum: one third of the members, at least three\n")
    assert not any("quorum" in warning for warning in one_language_texts(load_workspace(root)))


# --- render.py: counterpart --------------------------------------------------------------------

def test_rendering_a_copy_of_a_document_says_to_take_it_from_the_workspace() -> None:
    workspace = load_workspace(FIXTURE)
    copy = workspace.documents["learning-briefing"].model_copy(update={"draft": True})
    with pytest.raises(ArgumentError, match="workspace.documents"):
        scrdocs.render(copy, workspace, "html")


# --- model.Organisation.languages / bilingual._one_map ------------------------------------------

def test_a_profile_listing_many_languages_is_a_short_error(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    root = copy_fixture(tmp_path)
    extra = [f"{first}{second}" for first in "ab" for second in "abcdefghijklmnopqrstuvwxyz"]
    replace_once(root / "scrdocs.yaml", "languages: [cy, en]",
                 f"languages: [cy, en, {', '.join(extra[:40])}]")
    result = run_cli("validate", root)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert result.exit_code == 2
    assert len(errors) <= 100, f"{len(errors)} errors, e.g. {errors[:2]}"


# --- check.py: _merged_name --------------------------------------------------------------------

def test_check_accepts_the_word_author_of_a_board_with_long_names(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path, ("committee-report",))
    replace_once(
        root / "scrdocs.yaml",
        "name: {cy: Bwrdd Diogelu Rhanbarthol Enghreifftiol, en: Example Regional Safeguarding "
        "Board}",
        'name:\n'
        '  cy: "Bwrdd Diogelu Rhanbarthol Enghreifftiol Gogledd a Gorllewin Cymru ar gyfer '
        'Plant, Pobl Ifanc ac Oedolion sydd mewn Perygl o Niwed a Chamdriniaeth"\n'
        '  en: "Example North and West Wales Regional Safeguarding Board for Children, Young '
        'People and Adults at Risk of Harm and Abuse"')
    report = check_workspace(root, word_layout=False)
    assert not [error for error in report.errors if "property names" in error], report.errors


def test_check_says_a_bilingual_layout_in_a_one_language_workspace_does_nothing(
        tmp_path: Path) -> None:
    """`bilingual: separate` in a workspace publishing in one language changes nothing, which
    a person setting it expects to: check says so, for the profile and for a document."""
    root = copy_example("thurrock", tmp_path)
    with (root / "scrdocs.yaml").open("a", encoding="utf-8") as profile:
        profile.write("bilingual: separate\n")
    report_file = root / "documents" / "committee-report-julia.yaml"
    for other in (root / "documents").glob("*.yaml"):  # checked for nothing here
        if other != report_file:
            other.unlink()
    report_file.write_text(report_file.read_text("utf-8") + "bilingual: block\n", "utf-8")
    warnings = check_workspace(root, word_layout=False).warnings
    assert any(w.startswith("scrdocs.yaml: `bilingual: separate` has no effect") for w in warnings)
    assert any("committee-report-julia" in w and "`bilingual: block` has no effect" in w
               for w in warnings), warnings


def test_a_document_set_out_again_leaves_no_outputs_of_its_old_layout(
        tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    """A bilingual document built as separate versions and then set out block by block
    keeps only its one file a format; built separate again, only its versions. A file the
    build did not write is never removed."""
    root = copy_fixture(tmp_path, ("committee-report",))
    report = root / "documents" / "committee-report.yaml"
    original = report.read_text("utf-8")
    report.write_text(original + "bilingual: separate\n", "utf-8")
    first = run_cli("build", root, "-j", "1", "-f", "html")
    assert first.exit_code == 0, first.stderr
    out = root / "out"
    assert {p.name for p in out.glob("committee-report*")} == {
        "committee-report.cy.html", "committee-report.en.html"}
    (out / "committee-report.cy.docx").write_text("kept: not the build's", "utf-8")
    report.write_text(original, "utf-8")
    second = run_cli("build", root, "-j", "1", "-f", "html")
    assert second.exit_code == 0, second.stderr
    assert {p.name for p in out.glob("committee-report*")} == {
        "committee-report.html", "committee-report.cy.docx"}
    (out / "committee-report.cy.docx").unlink()
    report.write_text(original + "bilingual: separate\n", "utf-8")
    third = run_cli("build", root, "-j", "1", "-f", "html")
    assert third.exit_code == 0, third.stderr
    assert {p.name for p in out.glob("committee-report*")} == {
        "committee-report.cy.html", "committee-report.en.html"}


def test_a_label_a_paragraph_holds_reads_on_one_line_in_both_languages() -> None:
    """'PENDERFYNWYD:' and 'RESOLVED:' above a meeting's resolutions read on one line, as
    every other label does, in the HTML and in Word alike."""
    import io

    import docx

    workspace = load_workspace(Path(__file__).parent / "data" / "bilingual")
    minutes = next(d for d in workspace.documents.values() if d.kind == "minutes")
    html = scrdocs.render(minutes, workspace, "html").decode("utf-8")
    assert ('<span lang="cy">PENDERFYNWYD:</span> / <span lang="en">RESOLVED:</span>'
            in html)
    word = docx.Document(io.BytesIO(scrdocs.render(minutes, workspace, "docx")))
    assert "PENDERFYNWYD: / RESOLVED:" in [p.text for p in word.paragraphs]


def test_a_review_fact_with_a_wide_label_has_its_value_under_it_in_word() -> None:
    """In Word a fact's value starts at a fixed column after a tab; a label in two
    languages wider than that column would push the Welsh value past it, out of line with
    its English under it. Such a label has its value on the next line, at the column; a
    narrow label keeps its tab."""
    import io

    import docx

    workspace = load_workspace(Path(__file__).parent / "data" / "bilingual")
    report = next(d for d in workspace.documents.values() if d.kind == "committee-report")
    word = docx.Document(io.BytesIO(scrdocs.render(report, workspace, "docx")))
    facts = {p.text.split("\t")[0].split("\n")[0]: p.text for p in word.paragraphs
             if p.style.name == "Fact"}
    wide = [label for label in facts if len(label) > 22]
    narrow = [label for label in facts if len(label) < 14]
    assert wide and narrow, facts
    for label in wide:
        assert facts[label].startswith(label + "\n") and "\t" not in facts[label], facts
    for label in narrow:
        assert facts[label].startswith(label + "\t"), facts


def test_only_a_house_style_label_shares_its_line_with_its_translation() -> None:
    """A paragraph of the data that happens to end in a colon keeps a line a language; the
    house style's label ('PENDERFYNWYD:') shares one with its translation."""
    from scrdocs.bilingual import merge_views, plain_text
    from scrdocs.markup import plain

    data = merge_views([{"p": plain("Nodiadau:")}, {"p": plain("Notes:")}], ["cy", "en"])
    assert [language for language, _ in data["p"].versions] == ["cy", "en"]
    label = merge_views([{"p": plain("PENDERFYNWYD:").as_label()},
                         {"p": plain("RESOLVED:").as_label()}], ["cy", "en"])
    assert not label["p"].versions
    assert plain_text(str(label["p"])) == "PENDERFYNWYD: / RESOLVED:"
