"""Every script a council's residents write in is drawn by an embedded font that has it.

Arimo (bundled) covers Latin with Welsh ŵ ŷ, Greek, Cyrillic and Hebrew; the bundled Vazirmatn
and Noto Sans Arabic (Arabic, Persian, Urdu), Noto Sans SC (Chinese, kana) and Noto Emoji
(monochrome) cover what it lacks. A glyph
missing from every font would be drawn as .notdef (glyph 0, a "tofu" box), so each test reads
the PDF's content streams and checks which embedded font drew each character.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest
from readback import docx_text, has_pdftotext, pdf_text
from test_hostile import squeeze

from scrdocs.pdf import FALLBACK_FONTS
from scrdocs.render import render
from scrdocs.templating import default_templates
from scrdocs.workspace import load_workspace

SAMPLES = {
    "welsh": (("Arimo",), "Gŵyl Ddewi ŷd, Llŷr a Gwenllïan"),
    "hebrew": (("Arimo",), "שלום עולם ילדים בטוחים"),
    "greek": (("Arimo",), "Παιδική προστασία"),
    "cyrillic": (("Arimo",), "Защита детей"),
    "arabic": (("Vazirmatn",), "حماية الطفل مسؤولية الجميع"),
    "urdu": (("Vazirmatn",), "بچوں کی حفاظت ٹیم ڈاکٹر"),
    "sindhi": (("Vazirmatn", "Noto Sans Arabic"), "پاڻي"),
    "chinese": (("Noto Sans SC",), "儿童保护是每个人的责任"),
    "japanese": (("Noto Sans SC",), "子どもを守る ひらがな カタカナ"),
    "emoji": (("Noto Emoji",), "😀 👍 ❤ 🚸 ✅"),
}
"""Sample text by script: the families that may draw it, and the text."""

needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="needs poppler-utils")


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """Return a PDF font's ToUnicode map: glyph id → text."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for glyph, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for first, last, text in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int.from_bytes(bytes.fromhex(text), "big")
            for offset, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[glyph] = chr(start + offset)
    return mapping


def drawn_by(pdf: bytes) -> tuple[dict[str, str], list[str]]:
    """Return the text each font family drew, and the fonts that drew a .notdef glyph."""
    text: dict[str, str] = defaultdict(str)
    notdef: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            fonts = page.Resources.Font
            maps = {name: (str(fonts[name].BaseFont).split("+", 1)[-1], _to_unicode(fonts[name]))
                    for name in fonts}
            current = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    current = maps[str(operands[0])]
                elif str(operator) in ("Tj", "TJ") and current is not None:
                    items = operands[0] if str(operator) == "TJ" else [operands[0]]
                    for item in items:
                        if isinstance(item, pikepdf.String):
                            raw = bytes(item)
                            glyphs = [int.from_bytes(raw[i:i + 2], "big")
                                      for i in range(0, len(raw), 2)]
                            if 0 in glyphs:
                                notdef.append(current[0])
                            family = re.sub(r"-(Bold|Italic|BoldItalic)$", "", current[0])
                            text[family.replace("-", " ")] += "".join(
                                current[1].get(glyph, "") for glyph in glyphs)
    return dict(text), notdef


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """Return the PDF and the .docx of minutes with every sample in headings and body."""
    from helpers import MINIMAL_WORKSPACE, write_files

    root = tmp_path_factory.mktemp("scripts") / "workspace"
    items = "".join(f"  - {{title: {json.dumps(f'{key} {text}')}, "
                    f"minutes: {json.dumps(f'Body {text}')}}}\n"
                    for key, (_, text) in SAMPLES.items())
    write_files(root, {**MINIMAL_WORKSPACE, "documents/minutes.yaml":
                       "kind: minutes\nmeeting: {committee: Scrutiny, date: 2021-06-14}\n"
                       f"items:\n{items}"})
    workspace = load_workspace(root)
    document = workspace.documents["minutes"]
    return render(document, workspace, "pdf"), render(document, workspace, "docx")


@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_every_character_is_drawn_by_the_font_that_has_it(script: str, scripts_pdf) -> None:
    """Each character of each script is drawn by its bundled font (regular and bold)."""
    families, sample = SAMPLES[script]
    text, _ = drawn_by(scripts_pdf[0])
    drawn = set("".join(text.get(family, "") for family in families))
    wanted = {char for char in sample if not char.isspace() and char not in ",."}
    assert wanted <= drawn, (families, wanted - drawn)


def test_no_glyph_is_a_tofu_box_and_no_system_font_is_used(scripts_pdf) -> None:
    """No .notdef glyph is drawn, and only bundled fonts are embedded."""
    text, notdef = drawn_by(scripts_pdf[0])
    assert notdef == []
    assert set(text) <= {"Arimo", *FALLBACK_FONTS}, set(text)


@needs_pdftotext
def test_pdffonts_lists_the_fallback_fonts_embedded(scripts_pdf, tmp_path: Path) -> None:
    """pdffonts lists every fallback font as embedded, subset and with a ToUnicode map."""
    path = tmp_path / "scripts.pdf"
    path.write_bytes(scripts_pdf[0])
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    rows = {line.split()[0].split("+", 1)[-1]: line.split()[-5:-2] for line in listing}
    for family in FALLBACK_FONTS:
        name = family.replace(" ", "-")
        assert rows.get(name) == ["yes", "yes", "yes"], (name, listing)


@needs_pdftotext
@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_text_of_every_script_round_trips_through_pdftotext(script: str, scripts_pdf,
                                                            tmp_path: Path) -> None:
    """pdftotext reads each sample back, letters in logical order, spacing aside."""
    # The samples avoid what poppler itself garbles: punctuation between right-to-left words
    # moves, and a lam-alef ligature's letters come out reversed (the PDF's map is right:
    # see the lam-alef test).
    _, sample = SAMPLES[script]
    assert squeeze(sample, "pdf") in squeeze(pdf_text(scripts_pdf[0], tmp_path), "pdf")


@pytest.mark.parametrize("word", ["الأطفال", "لا"])
def test_lam_alef_ligature_maps_to_its_letters_in_order(word: str, make_workspace) -> None:
    """The PDF maps a lam-alef ligature glyph to lam then alef, so copied text is right."""
    root = make_workspace({"reviews/jasmine.yaml": f"name: Jasmine\nsummary: {word}\n"})
    workspace = load_workspace(root)
    text, notdef = drawn_by(render(workspace.documents["report-jasmine"], workspace, "pdf"))
    assert notdef == []
    ligature = word[word.index("ل"):word.index("ل") + 2]
    assert ligature in text["Vazirmatn"], text["Vazirmatn"]


@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_text_of_every_script_is_kept_in_word(script: str, scripts_pdf) -> None:
    """The .docx keeps each sample exactly; Word picks fonts for it itself."""
    _, sample = SAMPLES[script]
    assert f"Body {sample}" in docx_text(scripts_pdf[1]).splitlines()


def test_fallback_fonts_are_bundled_with_their_licences() -> None:
    """Each fallback font sits beside its OFL licence, and they add up to under 15 MB."""
    fonts = default_templates() / "_base" / "fonts"
    for stem, faces in FALLBACK_FONTS.values():
        for weight, style in faces:
            assert (fonts / f"{stem}-{weight}-{style}.ttf").is_file()
        assert "SIL Open Font License" in (fonts / f"OFL-{stem}.txt").read_text()
    added = sum(path.stat().st_size for path in fonts.glob("Noto*"))
    assert added < 15_000_000


def test_footer_in_any_script_uses_the_bundled_fonts(make_workspace) -> None:
    """A footer in Arabic with an emoji is drawn by the bundled fonts, not a system font."""
    root = make_workspace({"scrdocs.yaml": "name: Anyshire SCP\n"
                                           f"footer: {json.dumps(SAMPLES['arabic'][1] + ' ✅')}\n"})
    workspace = load_workspace(root)
    text, notdef = drawn_by(render(workspace.documents["report-jasmine"], workspace, "pdf"))
    assert notdef == [] and set(text) <= {"Arimo", *FALLBACK_FONTS}, set(text)
