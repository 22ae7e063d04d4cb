"""Details a council officer sees when looking over the pages before publishing, read back
from the rendered Word file and PDF: how a review's facts read and sit, and the gap between a
learning briefing's contents box and the text beside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import starter_workspace
from readback import has_pdftotext, text_of

import scrdocs.flow
from scrdocs.finish import read_pages
from scrdocs.kinds.learning_briefing import BRIEFING
from scrdocs.render import render
from scrdocs.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MM = 72 / 25.4

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")


def _committee_report_text(workspace: str, name: str, format: str, tmp_path: Path) -> str:
    ws = load_workspace(DATA / workspace)
    data = render(ws.documents[name], ws, format)
    text = text_of(data, format, tmp_path)
    return " ".join(text.replace("\t", " ").split())


@pytest.mark.parametrize("format", ["docx", pytest.param("pdf", marks=needs_pdftotext)])
@pytest.mark.parametrize("workspace,name,expected", [
    ("north-tyneside", "committee-report-jasmine",
     "Publication: Could not be published until criminal proceedings had concluded"),
    ("west-sussex", "committee-report-scr-n",
     "Publication: Yet to be published due to ongoing criminal investigation"),
    ("west-sussex", "committee-report-scr-n",
     "Commissioned: By West Sussex Safeguarding Children Board"),
    ("thurrock", "committee-report-julia",
     "Commissioned: By Thurrock Local Safeguarding Children Board"),
])
def test_a_review_fact_opens_on_a_capital(workspace: str, name: str, expected: str,
                                          format: str, tmp_path: Path) -> None:
    """A review's publication note and its commissioning partnership (known by no date) read
    as values standing alone, on a capital: "Publication: Could not …", "Commissioned: By …",
    never "Publication: could not …" or "Commissioned: by …"."""
    text = _committee_report_text(workspace, name, format, tmp_path)
    label, value = expected.split(": ", 1)
    assert expected in text
    assert f"{label}: {value[0].lower()}{value[1:]}" not in text


def test_a_long_fact_wraps_under_its_value_when_set_tight(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """In a committee report set tight (to spare a near-empty last page), a review fact too
    long for one line carries on under its own value, not back under its label."""
    monkeypatch.setattr(scrdocs.flow, "sets_tight", lambda *args, **kwargs: True)
    ws = starter_workspace(tmp_path / "starter")
    pdf = render(ws.documents["committee-report"], ws, "pdf")
    lines = [line for page in read_pages(pdf) for line in page.lines]
    label = next(line for line in lines if line.text.startswith("Methodology:"))
    after = next(line for line in lines if line.text.startswith("practitioner learning events"))
    assert after.x > label.x + 30 * MM, (label, after)


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Return the words of page 1 as (word, left, right, top, bottom), in points."""
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(source), "-"],
                          check=True, capture_output=True, text=True).stdout
    words = []
    for line in html.splitlines():
        if "<word " not in line:
            continue
        attributes = dict(part.split("=", 1) for part in line.split("<word ", 1)[1]
                          .split(">", 1)[0].split())
        text = line.split(">", 1)[1].rsplit("</word>", 1)[0]
        words.append((text, *(float(attributes[name].strip('"'))
                              for name in ("xMin", "xMax", "yMin", "yMax"))))
    return words


@needs_pdftotext
@pytest.mark.parametrize("workspace,name", [("west-sussex", "learning-briefing-winter-2017"),
                                            ("starter", "learning-briefing")])
def test_the_contents_box_keeps_its_gap_from_the_text(workspace: str, name: str,
                                                      tmp_path: Path) -> None:
    """The text beside a learning briefing's "In this briefing" box stops the side column's
    gap short of it, as it does beside every other side box (and in Word), never touching it."""
    if workspace == "starter":
        ws = starter_workspace(tmp_path / "starter")
    else:
        ws = load_workspace(DATA / workspace)
    words = _words(render(ws.documents[name], ws, "pdf"), tmp_path)
    title = next(i for i, word in enumerate(words)
                 if word[0] == "IN" and words[i + 1][0] == "THIS")
    box_left = words[title][1] - BRIEFING.box_padding_inline
    box_bottom = words[title][4]
    box_top = words[title][3] - BRIEFING.box_padding_top - BRIEFING.box_rule
    for _, left, _, top, bottom in sorted((word for word in words
                                           if word[1] >= box_left and word[3] >= box_top),
                                          key=lambda word: word[3]):
        if top - box_bottom > 20:  # the space below the box's last entry
            break
        box_bottom = max(box_bottom, bottom)
    beside = [right for _, left, right, top, bottom in words
              if left < box_left and bottom > box_top and top < box_bottom]
    assert beside, "no text beside the contents box"
    assert max(beside) <= box_left - 0.8 * BRIEFING.side_gap, (max(beside), box_left)
    assert max(beside) > box_left - 3 * BRIEFING.side_gap  # the text does reach the gap
