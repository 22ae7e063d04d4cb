"""The example workspaces transcribed from other councils' published minutes, read back.

Each of ``data/east-sussex``, ``data/leeds``, ``data/wirral`` and ``data/sefton`` holds one
council's real minutes, word for word; its source text is kept in ``tests/data/real-minutes/``
(the lines starting ``# `` say where it came from). Both ways are measured in every format:
the minutes carry at least 95 % of the council's words (the seed score), and at least 85 % of
what they print, running header and footer aside, is the council's own words (the reverse
score) — so the output neither loses the council's text nor buries it under labels and
prompts. The structure each example shows (numbered paragraphs, RESOLVED before matters
arising, a numbered list in narrative, questions each followed by its answer, resolutions
numbered (1), (2)) is read back too, as neither score sees it.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from readback import docx_text, has_pdftotext, html_text
from seedscore import missing_lines, reverse_score, seed_score

from scrdocs.render import render
from scrdocs.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCES = Path(__file__).parent / "data" / "real-minutes"

EXAMPLES = [
    ("east-sussex", "minutes-people-scrutiny-2020-09-15",
     "east-sussex-people-scrutiny-2020-09-15.txt"),
    ("leeds", "minutes-children-families-scrutiny-2023-03-08",
     "leeds-children-families-scrutiny-2023-03-08.txt"),
    ("wirral", "minutes-childrens-trust-board-2012", "wirral-childrens-trust-board-2012.txt"),
    ("sefton", "minutes-childrens-services-scrutiny-2018-09-25",
     "sefton-childrens-services-scrutiny-2018-09-25.txt"),
]
"""(workspace, minutes document, source text) of each example from real minutes."""

FORMATS = ["docx", "html", pytest.param("pdf", marks=pytest.mark.skipif(
    not has_pdftotext(), reason="needs poppler-utils"))]

PAGE_BODY_MM = (20, 22)
"""The top and bottom page margins (templates/_base/style.css), where the running header and
footer sit: the PDF's text is read from between them."""


def source_text(name: str) -> str:
    """Return the council's text of source ``name``, without its ``# `` note lines."""
    lines = (SOURCES / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# "))


def body_text(data: bytes, format: str, tmp_path: Path) -> str:
    """Return the text of a rendered document without its running header and footer."""
    if format == "docx":
        return docx_text(data)  # the body only: headers and footers are parts of their own
    if format == "html":
        page = re.sub(r'<p class="page-marking[^"]*">.*?</p>', "", data.decode("utf-8"),
                      flags=re.DOTALL)
        return html_text(page.encode("utf-8"))
    source = tmp_path / "minutes.pdf"
    source.write_bytes(data)
    top, bottom = (round(mm / 25.4 * 72) for mm in PAGE_BODY_MM)
    height = 842 - top - bottom  # A4, in points at pdftotext's default 72 dpi
    # -layout keeps a hyphen that ends a line ("Co-" / "opted"), which the default joins
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-x", "0", "-y", str(top),
                           "-W", "595", "-H", str(height), str(source), "-"],
                          check=True, capture_output=True, text=True).stdout


def _render(workspace: str, name: str, format: str) -> bytes:
    ws = load_workspace(DATA / workspace)
    return render(ws.documents[name], ws, format)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("workspace,name,source", EXAMPLES)
def test_minutes_carry_the_councils_words(workspace: str, name: str, source: str, format: str,
                                          tmp_path: Path) -> None:
    """At least 95 % of the council's words come out, in order, line by line."""
    council = source_text(source)
    rendered = body_text(_render(workspace, name, format), format, tmp_path)
    score = seed_score(council, rendered)
    assert score >= 0.95, (score, missing_lines(council, rendered))


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("workspace,name,source", EXAMPLES)
def test_minutes_add_little_the_council_did_not_write(workspace: str, name: str, source: str,
                                                      format: str, tmp_path: Path) -> None:
    """At least 85 % of the words the minutes print (running header and footer aside) are
    the council's."""
    council = source_text(source)
    rendered = body_text(_render(workspace, name, format), format, tmp_path)
    score = reverse_score(council, rendered)
    assert score >= 0.85, (score, missing_lines(rendered, council))


@pytest.mark.parametrize("workspace", [workspace for workspace, _, _ in EXAMPLES])
def test_check_passes(workspace: str, run_cli) -> None:
    """`scrdocs check data/<workspace>` finds each example ready to publish."""
    result = run_cli("check", DATA / workspace)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "ready to publish" in result.stdout


def _word_paragraphs(data: bytes) -> list[tuple[str, bool]]:
    """Return (text, has Word numbering) of every body paragraph of a .docx."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for paragraph in document.paragraphs:
        p_pr = paragraph._p.pPr
        numbered = p_pr is not None and p_pr.find(qn("w:numPr")) is not None
        found.append((paragraph.text, numbered or paragraph.style.name.startswith("List Number")))
    return found


def test_east_sussex_paragraphs_are_numbered_by_minute(tmp_path: Path) -> None:
    """Minute 70's paragraphs are numbered 70.1 and 70.2 in the PDF and are Word-numbered
    paragraphs in the .docx, not typed numbers."""
    workspace, name, _ = EXAMPLES[0]
    text = " ".join(body_text(_render(workspace, name, "pdf"), "pdf", tmp_path).split()) \
        if has_pdftotext() else ""
    if text:
        for number in ("66.1", "70.1", "70.2"):
            assert number in text, number
    paragraphs = dict(_word_paragraphs(_render(workspace, name, "docx")))
    opening = next(p for p in paragraphs if p.startswith("Reg Hooke, Chair of the East Sussex"))
    assert paragraphs[opening], "70.1 is a numbered paragraph"
    assert not any(re.match(r"\d+\.\d", p) for p in paragraphs), "numbers are not typed"


@pytest.mark.parametrize("format", FORMATS)
def test_leeds_matters_arising_follow_the_resolution(format: str, tmp_path: Path) -> None:
    """In Leeds' minutes item, RESOLVED comes before "Matters arising", as the council wrote
    it, and the apologies name the substitutes."""
    workspace, name, _ = EXAMPLES[1]
    text = " ".join(body_text(_render(workspace, name, format), format, tmp_path).split())
    resolved = text.index("That subject to the amendment outlined above")
    assert resolved < text.index("Matters arising") < text.index("Minute No. 57")
    for substitute in ("Cllr J Lennox", "Cllr Tudor", "Cllr Amanda Carter"):
        assert substitute in text, substitute


def test_wirral_priorities_are_a_numbered_list() -> None:
    """The Board's six priorities, typed "1." to "6." in the minutes, are a Word-numbered
    list with the numbers not typed."""
    workspace, name, _ = EXAMPLES[2]
    paragraphs = _word_paragraphs(_render(workspace, name, "docx"))
    priorities = [(text, numbered) for text, numbered in paragraphs
                  if text.startswith(("Further develop", "Improve learning", "Ensure outcomes",
                                      "Implement the actions", "Continue to"))]
    assert len(priorities) == 6 and all(numbered for _, numbered in priorities), priorities


@pytest.mark.parametrize("format", FORMATS)
def test_sefton_answers_follow_their_questions(format: str, tmp_path: Path) -> None:
    """Each member's question in Sefton's minute is followed by its answer, then the two
    resolutions come after the discussion, in every format."""
    workspace, name, _ = EXAMPLES[3]
    text = " ".join(body_text(_render(workspace, name, format), format, tmp_path).split())
    order = [text.index(start) for start in (
        "Did the staff involved", "Plenty of support", "How often were Serious Case Reviews",
        "This had been the first", "the findings of the Serious Case Review be received",
        "6-monthly progress reports")]
    assert order == sorted(order), order


def test_sefton_resolutions_are_numbered_in_brackets(tmp_path: Path) -> None:
    """The resolutions read (1) and (2) in the PDF and are Word-numbered, not typed, in the
    .docx."""
    workspace, name, _ = EXAMPLES[3]
    if has_pdftotext():
        text = " ".join(body_text(_render(workspace, name, "pdf"), "pdf", tmp_path).split())
        assert "(1) the findings of the Serious Case Review" in text
        assert "(2) 6-monthly progress reports" in text
    paragraphs = dict(_word_paragraphs(_render(workspace, name, "docx")))
    for start in ("the findings of the Serious Case Review", "6-monthly progress reports"):
        found = next(p for p in paragraphs if p.startswith(start))
        assert paragraphs[found], f"{start!r} is Word-numbered"
