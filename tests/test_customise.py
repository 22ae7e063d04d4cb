"""Branding profiles and user-editable templates."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from helpers import DATA, copy_example, replace_in_word_runs

from scrdocs.render import render
from scrdocs.workspace import load_workspace


def _pdf_fill_colours(data: bytes) -> set[tuple[float, float, float]]:
    pikepdf = pytest.importorskip("pikepdf")
    colours = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("rg", "RG") and len(operands) == 3:
                    colours.add(tuple(round(float(x), 2) for x in operands))
    return colours


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 2) for i in (1, 3, 5))


def test_two_profiles_brand_the_same_review_differently(tmp_path: Path) -> None:
    """The same review renders in each profile's colour, font and logo, in Word and PDF."""
    first = copy_example("thurrock", tmp_path)
    second = tmp_path / "other"
    shutil.copytree(first, second)
    profile = second / "scrdocs.yaml"
    text = profile.read_text(encoding="utf-8").replace('"#5B2C86"', '"#B10E1E"')
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", second / "house.ttf") \
        if Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf").exists() else None
    if (second / "house.ttf").exists():
        text = text.replace("language: en-GB", "font: house.ttf\nlanguage: en-GB")
    profile.write_text(text, encoding="utf-8")
    results = {}
    for root in (first, second):
        ws = load_workspace(root)
        document = ws.documents["minutes-julia"]
        word = docx.Document(io.BytesIO(render(document, ws, "docx")))
        results[root.name] = {
            "heading": str(word.styles["Heading 1"].font.color.rgb),
            "font": word.styles["Normal"].font.name,
            "html": render(document, ws, "html").decode(),
            "pdf": _pdf_fill_colours(render(document, ws, "pdf")),
            "pictures": len(word.inline_shapes),
        }
    assert results["thurrock"]["heading"] == "5B2C86"
    assert results["other"]["heading"] == "B10E1E"
    assert "--primary: #5B2C86" in results["thurrock"]["html"]
    assert "--primary: #B10E1E" in results["other"]["html"]
    assert _rgb("#5B2C86") in results["thurrock"]["pdf"]
    assert _rgb("#B10E1E") in results["other"]["pdf"]
    assert _rgb("#B10E1E") not in results["thurrock"]["pdf"]
    assert results["thurrock"]["pictures"] == 1
    assert 'alt="Thurrock Council logo"' in results["thurrock"]["html"]
    if (second / "house.ttf").exists():
        assert results["other"]["font"] == "DejaVu Serif"
        assert results["thurrock"]["font"] == "Arial"


def test_briefing_call_outs_take_the_profile_colours_in_word() -> None:
    """The learning briefing's side boxes (accent rule, fast facts on the primary colour,
    primary titles), its masthead and its questions (primary rule) are coloured from the
    profile, not fixed."""
    from docx.oxml.ns import qn

    ws = load_workspace(DATA / "west-sussex")
    primary = ws.organisation.colours.primary.lstrip("#").upper()
    accent = ws.organisation.colours.accent.lstrip("#").upper()
    data = render(ws.documents["learning-briefing-winter-2017"], ws, "docx")
    document = docx.Document(io.BytesIO(data))
    styles = document.styles
    question = styles["Question"].element.pPr.find(f"{qn('w:pBdr')}/{qn('w:left')}")
    assert question.get(qn("w:color")) == primary
    assert str(styles["Box Title"].font.color.rgb) == primary
    masthead, _contents, facts = document.tables[:3]

    def cells(table) -> list:
        return [row.cells[0]._tc.tcPr for row in table.rows]

    assert cells(masthead)[0].find(qn("w:shd")).get(qn("w:fill")) == primary
    fills = [cell.find(qn("w:shd")).get(qn("w:fill")) for cell in cells(facts)
             if cell.find(qn("w:shd")) is not None]
    rules = [cell.find(f"{qn('w:tcBorders')}/{qn('w:top')}").get(qn("w:color"))
             for cell in cells(facts)
             if cell.find(f"{qn('w:tcBorders')}/{qn('w:top')}") is not None]
    assert fills[0] == primary and rules and set(rules) == {accent}


def test_logo_has_alt_text_in_word() -> None:
    """The logo picture in Word carries the profile's alt text."""
    ws = load_workspace(DATA / "thurrock")
    data = render(ws.documents["minutes-julia"], ws, "docx")
    word = docx.Document(io.BytesIO(data))
    descriptions = [el.get("descr") for el in word.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert descriptions == ["Thurrock Council logo"]


def test_missing_logo_file_is_a_located_error(tmp_path: Path, run_cli) -> None:
    """A logo path that names no file is an error on scrdocs.yaml's logo.path line."""
    root = copy_example("thurrock", tmp_path)
    (root / "logo.png").unlink()
    result = run_cli("validate", root)
    assert result.exit_code == 2
    assert "scrdocs.yaml:" in result.stderr and "logo.path: there is no file 'logo.png'" \
        in result.stderr


def test_exported_and_edited_word_template_is_used_by_build(tmp_path: Path, run_cli) -> None:
    """An exported Word template, edited (label changed, paragraph added), drives build."""
    root = copy_example("thurrock", tmp_path)
    result = run_cli("templates", "export", root / "templates", "--kind", "minutes")
    assert result.exit_code == 0, result.stderr
    template = root / "templates" / "minutes" / "minutes.docx"
    document = docx.Document(str(template))
    for paragraph in document.paragraphs:  # the house style's "Minutes:", typed over
        if paragraph.text == "{{ item.minutes_label }}":
            paragraph.runs[0].text = "Record of discussion:"
    document.add_paragraph("Approved by the Committee Clerk.")
    document.save(str(template))
    result = run_cli("build", root, "--format", "docx")
    assert result.exit_code == 0, result.stderr
    text = [p.text for p in docx.Document(str(root / "out" / "minutes-julia.docx")).paragraphs]
    assert "Record of discussion:" in text and "Minutes:" not in text
    assert "Approved by the Committee Clerk." in text


def test_export_refuses_to_overwrite_without_force(tmp_path: Path, run_cli) -> None:
    """Exporting over existing files is refused unless --force is given."""
    assert run_cli("templates", "export", tmp_path / "t").exit_code == 0
    again = run_cli("templates", "export", tmp_path / "t")
    assert again.exit_code != 0 and "--force" in again.stderr
    assert run_cli("templates", "export", tmp_path / "t", "--force").exit_code == 0


def test_templates_check_reports_an_unknown_variable_with_a_suggestion(tmp_path: Path,
                                                                       run_cli) -> None:
    """`{{ reveiw.name }}` in an overriding template is reported with 'did you mean review'."""
    root = copy_example("north-tyneside", tmp_path)
    run_cli("templates", "export", root / "templates", "--kind", "committee-report")
    html = root / "templates" / "committee-report" / "committee-report.html.j2"
    html.write_text(html.read_text(encoding="utf-8").replace(
        "<h1>{{ item.title }}</h1>", "<h1>{{ reveiw.name }}</h1>"), encoding="utf-8")
    result = run_cli("templates", "check", root)
    assert result.exit_code == 3
    assert "uses 'reveiw', which scrdocs does not provide; did you mean 'review'?" \
        in result.stderr
    assert "the variables are:" in result.stderr and "item" in result.stderr


def test_templates_check_reports_tags_split_across_paragraphs(tmp_path: Path, run_cli) -> None:
    """A Jinja tag Word split over two paragraphs is reported, not silently mangled."""
    root = copy_example("thurrock", tmp_path)
    run_cli("templates", "export", root / "templates", "--kind", "minutes")
    template = root / "templates" / "minutes" / "minutes.docx"
    document = docx.Document(str(template))
    document.add_paragraph("{{ meeting.")
    document.add_paragraph("committee }}")
    document.save(str(template))
    result = run_cli("templates", "check", root)
    assert result.exit_code == 3
    assert "split across paragraphs" in result.stderr


def test_templates_check_finds_a_misspelt_field_by_rendering_samples(tmp_path: Path,
                                                                     run_cli) -> None:
    """`{{ item.tittle }}` reads as valid Jinja; a trial render finds it, with the line,
    the likely field and the fields that exist — in an HTML and in a Word template."""
    root = copy_example("thurrock", tmp_path)
    run_cli("templates", "export", root / "templates", "--kind", "minutes")
    html = root / "templates" / "minutes" / "minutes.html.j2"
    source = html.read_text(encoding="utf-8")
    line = _line_of(source, "{{ item.title }}")
    html.write_text(source.replace("{{ item.title }}", "{{ item.tittle }}"), encoding="utf-8")
    template = root / "templates" / "minutes" / "minutes.docx"
    replace_in_word_runs(template, "item.title", "item.tittle")

    result = run_cli("templates", "check", root)

    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert any(f"minutes.html.j2:{line}: " in e and "no 'tittle' here (did you mean 'title'?)"
               in e and "what there is:" in e and "resolutions" in e for e in errors), errors
    assert any("minutes.docx: " in e and "no 'tittle' here (did you mean 'title'?)" in e
               for e in errors), errors
    assert any(line.lstrip().startswith("near: ") and "{{ item.tittle }}" in line
               for line in result.stderr.splitlines()), result.stderr
    assert not any("_base" in e for e in errors), "the fault is reported where it is"


def _line_of(source: str, text: str) -> int:
    """Return the number of the one line of a template that holds ``text``."""
    lines = [number for number, line in enumerate(source.splitlines(), 1) if text in line]
    assert len(lines) == 1, lines
    return lines[0]


def test_render_names_the_template_line_of_a_missing_field(tmp_path: Path, run_cli) -> None:
    """Rendering with a misspelt field fails naming the template file and line, not just
    "'dict object' has no attribute", and writes nothing."""
    root = copy_example("thurrock", tmp_path)
    run_cli("templates", "export", root / "templates", "--kind", "minutes")
    html = root / "templates" / "minutes" / "minutes.html.j2"
    source = html.read_text(encoding="utf-8")
    line = _line_of(source, "{{ item.title }}")
    html.write_text(source.replace("{{ item.title }}", "{{ item.tittle }}"), encoding="utf-8")
    output = tmp_path / "minutes.pdf"
    result = run_cli("render", root / "documents" / "minutes-julia.yaml", "-o", output)
    assert result.exit_code == 3
    assert f"{html.resolve()}:{line}: there is no 'tittle' here (did you mean 'title'?)" \
        in result.stderr
    assert "dict object" not in result.stderr and not output.exists()


def test_templates_check_passes_the_exported_defaults(tmp_path: Path, run_cli) -> None:
    """Every default template, exported unchanged, passes the check, trial renders included."""
    root = copy_example("west-sussex", tmp_path)
    assert run_cli("templates", "export", root / "templates").exit_code == 0
    result = run_cli("templates", "check", root)
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.output


def test_sandbox_escape_fails_cleanly_and_writes_nothing(tmp_path: Path, run_cli) -> None:
    """A template reaching for __class__ fails with a clear error and no output file."""
    root = copy_example("thurrock", tmp_path)
    template = root / "templates" / "minutes" / "minutes.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "_base/base.html.j2" %}{% block body %}'
                        '{{ "".__class__.__mro__[1].__subclasses__() }}{% endblock %}',
                        encoding="utf-8")
    output = tmp_path / "minutes.pdf"
    result = run_cli("render", root / "documents" / "minutes-julia.yaml", "-o", output)
    assert result.exit_code == 3
    assert "unsafe" in result.stderr and "Traceback" not in result.output
    assert not output.exists()


def test_haringey_example_override_is_picked_up() -> None:
    """Haringey's edited Word template (reworded label, standing note) is what renders."""
    ws = load_workspace(DATA / "haringey")
    data = render(ws.documents["minutes-learning-from-scrs"], ws, "docx")
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert any(line.startswith("Presenter: ") for line in text)
    assert "These minutes are a draft until the Panel approves them at its next meeting." in text
