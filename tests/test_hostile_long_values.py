"""Long values: every free-text field 300+ characters builds every kind in every format, the
places with a size limit (Word core properties, PDF metadata) get a safely shortened value,
and an output file name too long for the file system is a clear error naming the document.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from readback import docx_text, pdf_page_texts

from scrdocs import FORMATS, KINDS, load_workspace
from scrdocs._yaml import read_file
from scrdocs.limits import ELLIPSIS, PROPERTY_LIMIT, shorten
from scrdocs.new import new_workspace

NOT_FREE_TEXT = {"kind", "id", "review", "reviews", "minutes", "url", "website", "date", "due",
                 "published", "completed", "commissioned", "primary", "accent", "marking",
                 "language", "review_type", "status", "path", "font", "number", "after",
                 "committee_report", "file", "standard_items", "start_time", "end_time",
                 "resolution_style"}
"""Fields holding ids, references, dates, addresses, colours or choices: not prose."""

LONG = 300


def lengthened(value: Any, field: str = "text") -> Any:
    """Return ``value`` with every free-text string grown past :data:`LONG` characters: the
    original words, then numbered words, then one word of 120 letters with no break."""
    if isinstance(value, dict):
        return {key: item if key in NOT_FREE_TEXT else lengthened(item, key)
                for key, item in value.items()}
    if isinstance(value, list):
        return [lengthened(item, field) for item in value]
    if isinstance(value, str):
        words = " ".join(f"{field}{n}" for n in range(40))
        return f"{value} {words} {'Unbroken' * 15}"
    return value


def free_texts(value: Any, path: str = "") -> dict[str, str]:
    """Return every free-text string in loaded data, by field path."""
    if isinstance(value, dict):
        return {found: text for key, item in value.items() if key not in NOT_FREE_TEXT
                for found, text in free_texts(item, f"{path}.{key}".lstrip(".")).items()}
    if isinstance(value, list):
        return {found: text for n, item in enumerate(value)
                for found, text in free_texts(item, f"{path}.{n}").items()}
    return {path: value} if isinstance(value, str) else {}


@pytest.fixture(scope="module")
def long_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a starter workspace (``scrdocs new``) whose every free-text field, council and
    committee included, is longer than 300 characters."""
    root = tmp_path_factory.mktemp("long") / "workspace"
    new_workspace(root, "Anyshire Safeguarding Children Partnership")
    for path in [root / "scrdocs.yaml", *(root / "reviews").glob("*.yaml"),
                 *(root / "documents").glob("*.yaml")]:
        data = lengthened(read_file(path).data)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return root


def test_every_free_text_field_of_the_fixture_is_long(long_workspace: Path) -> None:
    """The fixture leaves no prose field short: council, committee, titles, names, headings,
    summary, learning points, contact and the rest are all 300+ characters."""
    found: dict[str, str] = {}
    for path in sorted(long_workspace.rglob("*.yaml")):
        if path.parent.name in ("reviews", "documents") or path.name == "scrdocs.yaml":
            found |= {f"{path.name}:{field}": text
                      for field, text in free_texts(read_file(path).data).items()}
    assert [field for field, text in found.items() if len(text) < LONG] == []
    for field in ("scrdocs.yaml:name", "scrdocs.yaml:contact.role",
                  "minutes.yaml:meeting.council", "minutes.yaml:meeting.committee",
                  "child-a.yaml:name", "child-a.yaml:summary", "child-a.yaml:learning_points.0"):
        assert field in found, field


def test_long_values_build_every_kind_in_every_format(long_workspace: Path, run_cli) -> None:
    """`scrdocs build` writes every starter document — one of every kind — in docx, pdf and
    html, with no error and no traceback."""
    result = run_cli("build", long_workspace, "--jobs", "1", "--force")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == []
    documents = sorted(p.stem for p in (long_workspace / "documents").glob("*.yaml"))
    kinds = {load_workspace(long_workspace).documents[name].kind for name in documents}
    assert kinds == set(KINDS)
    out = long_workspace / "out"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        f"{name}.{format}" for name in documents for format in FORMATS)


def test_word_core_properties_are_shortened_and_the_page_keeps_the_whole_value(
        long_workspace: Path) -> None:
    """A council and committee of 300+ characters each: the .docx subject and author are
    cut to 255 characters ending in an ellipsis; the page shows both names whole."""
    from scrdocs import render

    workspace = load_workspace(long_workspace)
    minutes = workspace.documents["minutes"]
    data = render(minutes, workspace, "docx")
    properties = docx.Document(io.BytesIO(data)).core_properties
    author = workspace.organisation.name
    assert properties.author == author[:PROPERTY_LIMIT - 1].rstrip() + ELLIPSIS
    for value in (properties.title, properties.subject, properties.author,
                  properties.keywords):
        assert len(value) <= PROPERTY_LIMIT
    assert properties.subject.endswith(ELLIPSIS)
    meeting = minutes.meeting
    assert meeting is not None and meeting.council is not None
    text = " ".join(docx_text(data).split())
    assert meeting.committee in text and meeting.council in text


def test_pdf_metadata_is_shortened(long_workspace: Path) -> None:
    """The PDF's title, author and subject are at most 255 characters, cut with an ellipsis,
    and agree with the .docx."""
    from scrdocs import render

    workspace = load_workspace(long_workspace)
    report = workspace.documents["committee-report"]
    metadata = PdfReader(io.BytesIO(render(report, workspace, "pdf"))).metadata
    assert metadata is not None
    properties = docx.Document(io.BytesIO(render(report, workspace, "docx"))).core_properties
    assert str(metadata["/Author"]) == properties.author
    assert str(metadata["/Title"]) == properties.title
    for key in ("/Title", "/Author", "/Subject"):
        assert len(str(metadata[key])) <= PROPERTY_LIMIT
    assert str(metadata["/Author"]).endswith(ELLIPSIS)


@pytest.mark.parametrize(("text", "limit", "expected"), [
    pytest.param("Anyshire", 20, "Anyshire", id="short-unchanged"),
    pytest.param("Anyshire Safeguarding", 10, "Anyshire…", id="no-space-before-ellipsis"),
    pytest.param("Zoe\u0308 Zoe\u0308", 4, "Zo…", id="combining-accent"),
    pytest.param("ab\U0001f469\u200d\U0001f467\u200d\U0001f466cd", 6, "ab…", id="zwj-family"),
    pytest.param("ab\U0001f44d\U0001f3fdcd", 4, "ab…", id="skin-tone"),
    pytest.param("a\U0001f1ec\U0001f1e7\U0001f1eb\U0001f1f7b", 5, "a\U0001f1ec\U0001f1e7…",
                 id="flags-in-pairs"),
    pytest.param("ab\u2764\ufe0fcd", 4, "ab…", id="variation-selector"),
])
def test_shorten_cuts_between_whole_characters(text: str, limit: int, expected: str) -> None:
    """Shortening never splits a letter from its accent, an emoji sequence, a skin tone, a
    flag's two letters or a variation selector; the result fits the limit."""
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_output_file_name_too_long_names_the_document(make_workspace, run_cli) -> None:
    """A document file whose outputs' names are longer than the file system allows is an
    OutputError naming the document file and saying what to do; nothing of it is written."""
    from helpers import COMMITTEE_REPORT

    stem = "é" * 120  # 240 bytes in UTF-8, +5 for ".docx"
    root = make_workspace({f"documents/{stem}.yaml": COMMITTEE_REPORT})
    result = run_cli("render", root / "documents" / f"{stem}.yaml", "-f", "docx")
    assert result.exit_code == 5
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert line.startswith(f"Error: documents/{stem}.yaml: cannot write its docx output: "
                           "the file name ")
    assert line.endswith("is 245 bytes long; file systems allow 255, and scrdocs needs 14 of "
                         "them for the temporary file it writes first, so the most is 241; "
                         "rename the document file")
    assert not (root / "out").exists() or [p for p in (root / "out").iterdir()
                                            if p.name.startswith(stem[:10])] == []


FIGURE = "2 " + " ".join(f"figure{n}" for n in range(40))
WORDS = " ".join(f"b{n}" for n in range(40))
TALL_SIDE_COLUMN = f"""<html lang="en-GB"><head><style>
.side {{ float: right; clear: right; width: 58mm; margin: 0 0 5mm 7mm; font-size: 9.5pt; }}
.box {{ padding: 3mm 4mm 2mm; margin: 0 0 5mm; break-inside: avoid; }}
.figure {{ font-size: 22pt; font-weight: bold; line-height: 1.1; margin: 0 0 1mm; }}
</style></head><body>
<nav class="side box"></nav>
<h2>Seeing every adult in a baby's life</h2><p>Partnership Business Manager</p>
<p>This briefing shares the learning from our most recent child safeguarding practice review.
Use it in team meetings and in supervision to reflect on your own practice.</p>
<p>Each section ends with questions to discuss and links to read more.</p>
<h2>Babies, bruising and the men in their lives</h2>
<aside class="side"><div class="box"><p>Fast facts</p>
<p class="figure">{FIGURE}</p>
<p>times bruising was seen on Child A before the injuries that led to the review</p>
<p>Source: Child Safeguarding Practice Review: Child A</p></div>
<div class="box"><p>For more information</p><ul><li><a href="https://www.example.org/a">The Myth
of Invisible Men: safeguarding children under 1 from non-accidental injury caused by male
carers</a></li></ul></div></aside>
<ul><li>involve fathers and male carers in every assessment. {WORDS} {"Unbroken" * 15}</li></ul>
</body></html>"""
"""A learning briefing's page cut down to what WeasyPrint 70's pagination fails on: a side
column that runs over the page break beside a line it cannot fit (found by the long-values
build, where a long fast-fact figure stood beside a long bullet)."""


def test_tall_side_column_beside_a_long_word_still_gives_the_whole_pdf(tmp_path: Path) -> None:
    """The page renders to PDF with every word of the side column and the bullet; when the
    layout engine fails on the floating column, the only sign is a warning that the column
    was placed in the text."""
    import warnings

    from scrdocs import ScrdocsWarning
    from scrdocs.pdf import render_pdf

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf, _ = render_pdf(TALL_SIDE_COLUMN, (tmp_path,))
    assert [str(w.message) for w in caught
            if not (issubclass(w.category, ScrdocsWarning)
                    and "side columns could not be laid out" in str(w.message))] == []
    text = " ".join(pdf_page_texts(pdf))
    assert [n for n in range(40) if not re.search(rf"\bfigure{n}(?!\d)", text)] == []
    assert re.search(r"\bb39\s+(Unbroken)+", text)


def test_layout_engine_failure_on_floats_lays_the_columns_in_the_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When WeasyPrint fails laying out the floating side columns, the PDF is laid out again
    with them in the text, and a ScrdocsWarning says so."""
    from scrdocs import ScrdocsWarning, render
    from scrdocs.pdf import _in_flow_stylesheet, import_weasyprint

    weasyprint = import_weasyprint()
    real_render = weasyprint.HTML.render

    def failing_with_floats(self: Any, *args: Any, stylesheets: Any = (), **kwargs: Any) -> Any:
        if _in_flow_stylesheet() not in stylesheets:
            raise IndexError("list index out of range")
        return real_render(self, *args, stylesheets=stylesheets, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", failing_with_floats)
    root = tmp_path / "workspace"
    new_workspace(root, "Anyshire Safeguarding Children Partnership")
    workspace = load_workspace(root)
    with pytest.warns(ScrdocsWarning, match=r"side columns could not be laid out beside the "
                                            r"text \(the layout engine failed with "
                                            r"IndexError\); they are placed in the text"):
        pdf = render(workspace.documents["learning-briefing"], workspace, "pdf")
    text = " ".join(pdf_page_texts(pdf))
    assert "Fast facts" in text or "FAST FACTS" in text
