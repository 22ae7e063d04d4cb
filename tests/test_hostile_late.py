"""Attacks on the pieces added late: the profile's language and the catalogue it picks.

A profile's ``language`` is text anyone editing the workspace writes; scrdocs turns it into a
folder name under its own ``locale/``. A hostile value (a path climbing out of ``locale/``,
10,000 letters, a POSIX locale name) must fall back to English with one short
warning, never read a catalogue from elsewhere or stop the render on a traceback.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import scrdocs
from scrdocs import i18n
from scrdocs.i18n import LanguageWarning

HOSTILE_LANGUAGES = ["../../etc", "cy/../../x", "cy_../../../tmp", "x" * 10_000, "C",
                     "en_US.UTF-8", "ar", "/cy", "cy/"]


@pytest.mark.parametrize("language", HOSTILE_LANGUAGES, ids=lambda v: repr(v[:20]))
def test_a_hostile_language_prints_english_with_one_short_warning(
        language: str, make_workspace) -> None:
    """The document renders, in English, with at most one warning that is not a flood."""
    root = make_workspace({"scrdocs.yaml": f"name: Anyshire SCP\nlanguage: '{language}'\n"})
    workspace = scrdocs.load_workspace(root)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        html = scrdocs.render(workspace.documents["report-jasmine"], workspace, "html")
    text = html.decode("utf-8") if isinstance(html, bytes) else str(html)
    assert "June 2021" in text
    assert len(caught) <= 1
    assert all(isinstance(w.message, LanguageWarning) for w in caught)
    assert all(len(str(w.message)) < 400 for w in caught)


def test_a_language_climbing_out_of_the_catalogues_is_not_read(tmp_path: Path,
                                                               monkeypatch) -> None:
    """A catalogue planted beside ``locale/`` is never picked by a path in ``language``."""
    locale = tmp_path / "pkg" / "locale"
    (locale / "cy" / "LC_MESSAGES").mkdir(parents=True)
    welsh = i18n.LOCALE_DIR / "cy" / "LC_MESSAGES" / "scrdocs.mo"
    planted = tmp_path / "evil" / "LC_MESSAGES"
    planted.mkdir(parents=True)
    (planted / "scrdocs.mo").write_bytes(welsh.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n._catalogue.cache_clear()
    i18n._installed.cache_clear()
    try:
        assert i18n.babel_locale("../../evil") == "en_GB"
        assert isinstance(i18n.translations("../../evil"), type(i18n.translations(None)))
        assert i18n.translations("../../evil").gettext("Minutes") == "Minutes"
    finally:
        i18n._catalogue.cache_clear()
        i18n._installed.cache_clear()


@pytest.mark.parametrize("over", ["appendices/action-plan.pdf", "out/report-jasmine.pdf"])
def test_a_pack_is_never_written_over_one_of_its_papers(tmp_path: Path, run_cli,
                                                       over: str) -> None:
    """``scrdocs pack -o`` naming the pack's own appendix (or a report it joins) is refused,
    and the paper is left as it was."""
    from test_pack import _workspace

    root = _workspace(tmp_path / "ws")
    run_cli("build", root, "-f", "pdf")
    paper = root / over
    before = paper.read_bytes()
    result = run_cli("pack", root / "documents" / "agenda.yaml", "-o", paper)
    assert result.exit_code != 0
    assert "refusing to overwrite an input file" in result.stderr
    assert paper.read_bytes() == before


def _with_comment(pdf: bytes, comment: str) -> bytes:
    """Return ``pdf`` with a comment (a free-text annotation) on its first page."""
    import io

    import pypdf
    from pypdf.annotations import FreeText

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.add_annotation(0, FreeText(text=comment, rect=(50, 50, 200, 100)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_real_name_in_an_appendixs_comment_stops_the_pack(tmp_path: Path, run_cli) -> None:
    """A comment left on an appendix page travels into the pack: the case key reads it,
    and the pack is refused naming the appendix; nothing is written."""
    from test_pack import _workspace

    root = _workspace(tmp_path / "ws")
    appendix = root / "appendices" / "action-plan.pdf"
    appendix.write_bytes(_with_comment(appendix.read_bytes(), "Mia Thornton"))
    (root / "case-key.yaml").write_text("names:\n  - real: Mia Thornton\n"
                                        "    pseudonym: Child M\n", encoding="utf-8")
    target = tmp_path / "pack.pdf"
    result = run_cli("pack", root / "documents" / "agenda.yaml", "-o", target)
    assert result.exit_code != 0
    assert "appendices/action-plan.pdf" in result.stderr
    assert "'Mia Thornton'" in result.stderr
    assert not target.exists()


BRIEFING_BOXES = {"background": "{body: What happened.}", "why_it_matters": "{body: Why.}",
                  "information": "{body: The facts.}", "learning": "{body: What we learned.}",
                  "what_to_do": "{body: What to do.}", "questions": "{bullets: [Ask.]}",
                  "further_information": "{body: Read more.}"}


@pytest.mark.parametrize(("box", "given"), [("background", "{}"),
                                            ("information", "{bullets: []}"),
                                            ("what_to_do", "{heading: Do this}")])
def test_an_empty_box_of_a_seven_minute_briefing_is_an_error(make_workspace, run_cli,
                                                            box: str, given: str) -> None:
    """A box written with nothing in it (no body, no bullets) is refused naming the field,
    never a briefing that goes out with one of its seven boxes silently missing."""
    boxes = {**BRIEFING_BOXES, box: given}
    root = make_workspace({"documents/briefing.yaml": "kind: seven-minute-briefing\n"
                           "title: Empty boxes\n"
                           + "".join(f"{field}: {value}\n" for field, value in boxes.items())})
    target = root / "briefing.html"
    result = run_cli("render", root / "documents" / "briefing.yaml", "-o", target)
    assert result.exit_code != 0
    assert f"briefing.yaml:{3 + list(BRIEFING_BOXES).index(box)}: {box}:" in result.stderr
    assert "box is empty" in result.stderr
    assert not target.exists()


def test_a_word_appendix_that_unpacks_to_far_more_is_refused_unread(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """A small .docx holding a huge member (a zip bomb) is refused by its declared size,
    before any of it is unpacked or handed to LibreOffice."""
    import zipfile

    from scrdocs import appendices

    monkeypatch.setattr(appendices, "APPENDIX_UNPACKED_LIMIT", 8 * 1024 * 1024)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/picture.bin", bytes(16 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    problem = appendices.appendix_problem(bomb)
    assert "'bomb.docx' unpacks to 17 MB" in problem
    assert "at most 8 MB" in problem


@pytest.mark.parametrize("due", ["0000", "0000-01", "0000-01-01"])
def test_a_date_in_year_0_is_an_error_naming_the_field(make_workspace, run_cli,
                                                        due: str) -> None:
    """There is no year 0: an action due then is refused naming the file and line, never
    the action tracker stopping on 'year 0 is out of range'."""
    root = make_workspace({"reviews/jasmine.yaml": f"""\
name: Jasmine
review_type: serious-case-review
published: 2021-04
actions:
  - action: Audit child protection plans.
    due: {due}
    status: in-progress
"""})
    result = run_cli("actions", "--reviews", root, "-o", root / "out" / "actions.csv")
    assert result.exit_code != 0
    assert f"jasmine.yaml:6: actions.0.due: '{due}' is not a date: there is no year 0" \
        in result.stderr
    assert not (root / "out" / "actions.csv").exists()
