"""The case key catches a name however it is written or hidden, in every format and part.

Each disguise is checked once against the matcher (cheap, one case each), then a small
document holding every disguise at once is rendered once per format without a case key and
its output scanned, so that each format's parts (text, runs, link targets) are proven to
carry each disguise to the guard. A few renders with the case key in place show the build
refuses; pictures are read back to show their metadata is gone.
"""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import MINIMAL_WORKSPACE, write_files

from scrdocs.guard import CaseKey, DisclosureError, Matcher, load_case_key, scan_bytes
from scrdocs.images import image_texts, strip_metadata
from scrdocs.render import render, render_to_path
from scrdocs.workspace import load_workspace

CASE_KEY = """\
names:
  - real: Mia Thornton
    pseudonym: Child M
    also: [Mimi, Mia Jones]
  - real: Zoë Finley
    pseudonym: Child Z
  - real: Ann Lee
    pseudonym: Child L
  - real: Hope Field
    pseudonym: Child H
    allow: [Hope, Field]
identifiers:
  - NHS 485 777 3456
  - Oakfield Primary
dates_of_birth:
  - 2009-03-14
"""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """Return the matcher of :data:`CASE_KEY`."""
    return Matcher(CaseKey.model_validate(json.loads(json.dumps(_yaml(CASE_KEY)))).terms())


def _yaml(text: str) -> object:
    from scrdocs._yaml import parse

    return parse(text).data


def found(matcher: Matcher, text: str) -> list[str]:
    """Return the terms ``matcher`` finds in ``text``."""
    return [term for term, _ in matcher.find(text)]


# --- each disguise, against the matcher ---------------------------------------------

DISGUISES = {
    "first name alone": ("Mia told her form tutor.", "Mia"),
    "surname alone": ("The Thornton family moved.", "Thornton"),
    "upper case": ("MIA was seen at home.", "Mia"),
    "accent in the text only": ("Zoe said no.", "Zoë"),
    "accent decomposed": ("Zoe\u0308 said no.", "Zoë"),
    "accent in capitals": ("ZOË said no.", "Zoë"),
    "full-width letters": ("Ｍｉａ was seen.", "Mia"),
    "ligature": ("ﬁnley was seen.", "Finley"),
    "mathematical letters": ("\U0001d40c\U0001d422\U0001d41a was seen.", "Mia"),
    "Cyrillic look-alikes": ("Міа Тhоrntоn", "Mia Thornton"),
    "Cyrillic а е о р с х і": ("Тhоrntоn", "Thornton"),
    "Cyrillic in the middle of a word": ("Zоё", "Zoë"),
    "Greek look-alikes": ("Μια was seen.", "Mia"),
    "possessive": ("Mia's school", "Mia"),
    "curly possessive": ("Mia’s school", "Mia"),
    "soft hyphen": ("Thorn\u00adton", "Thornton"),
    "zero-width space": ("Mi\u200ba", "Mia"),
    "zero-width non-joiner": ("Mi\u200ca", "Mia"),
    "zero-width joiner": ("Mi\u200da", "Mia"),
    "word joiner": ("Mi\u2060a", "Mia"),
    "byte-order mark": ("Mi\ufeffa", "Mia"),
    "another format character": ("Mi\u2063a", "Mia"),
    "tab between the parts": ("Mia\tThornton", "Mia Thornton"),
    "line break between the parts": ("Mia\nThornton", "Mia Thornton"),
    "no-break space between the parts": ("Mia\u00a0Thornton", "Mia Thornton"),
    "line separator between the parts": ("Mia\u2028Thornton", "Mia Thornton"),
    "many spaces between the parts": ("Mia    Thornton", "Mia Thornton"),
    "markup splitting a word": ("Fin*ley*", "Finley"),
    "strong markup splitting a word": ("**Mi**a", "Mia"),
    "hyphen-joined": ("mia-thornton", "Mia Thornton"),
    "underscore-joined": ("mia_thornton", "Mia Thornton"),
    "dot-joined": ("mia.thornton", "Mia Thornton"),
    "%20-joined": ("mia%20thornton", "Mia Thornton"),
    "percent-encoded letters": ("%4D%69%61%20told", "Mia"),
    "plus-joined": ("mia+thornton", "Mia Thornton"),
    "camel case": ("MiaThornton", "Mia Thornton"),
    "camel case in capitals": ("MIAThornton", "Mia Thornton"),
    "joined with no gap": ("miathornton", "Mia Thornton"),
    "in a link target": ("https://x.example/reviews/mia-thornton", "Mia Thornton"),
    "in a file name": ("MiaThornton_minutes.pdf", "Mia Thornton"),
    "a nickname": ("Mimi said", "Mimi"),
    "a former surname": ("Mia Jones", "Mia Jones"),
    "an allowed part in the whole name": ("Hope Field", "Hope Field"),
}


@pytest.mark.parametrize("text, term", DISGUISES.values(), ids=DISGUISES.keys())
def test_each_disguise_of_a_name_is_found(matcher: Matcher, text: str, term: str) -> None:
    """The term is found however the text disguises it."""
    assert term in found(matcher, text)


NOT_NAMES = {
    "Annual": "The Annual Report",
    "Leeds": "a review in Leeds",
    "Anne": "Anne chaired",
    "Annabel": "Annabel",
    "Miami": "Miami",
    "Thorntons": "Thorntons chocolates",
    "an allowed first name": "We hope the plan works.",
    "an allowed surname": "Field work in the summer.",
    "a year": "the year 2009",
    "a day and month": "on 14 March the panel met",
    "a time": "at 14:30 9 people came",
    "four digits of the date": "case 1403",
}


@pytest.mark.parametrize("text", NOT_NAMES.values(), ids=NOT_NAMES.keys())
def test_words_that_only_contain_a_name_are_not_blocked(matcher: Matcher, text: str) -> None:
    """Whole words only: 'Ann Lee' does not block 'Annual' or 'Leeds'; allowed parts and
    parts of a date pass."""
    assert found(matcher, text) == []


def test_a_key_written_without_accents_catches_accented_text() -> None:
    """A key written 'Zoe' catches 'Zoë', 'ZOË' and 'Zoé'."""
    matcher = Matcher(CaseKey(names=[{"real": "Zoe Ashdown"}]).terms())  # type: ignore[list-item]
    for text in ("Zoë", "ZOË", "Zoé", "Zoe\u0301"):
        assert found(matcher, text) == ["Zoe"], text


def test_a_part_found_inside_the_whole_name_is_reported_once(matcher: Matcher) -> None:
    """'Mia Thornton' is one finding, not three; 'Mia' elsewhere in the text is another."""
    assert found(matcher, "Mia Thornton") == ["Mia Thornton"]
    assert sorted(found(matcher, "Mia Thornton, then Mia")) == ["Mia", "Mia Thornton"]


IDENTIFIERS = {
    "digits only": ("4857773456", "4857773456"),
    "hyphens": ("485-777-3456", "4857773456"),
    "spaces": ("485 777 3456", "4857773456"),
    "with its label": ("NHS 485 777 3456", "NHS 485 777 3456"),
    "label joined": ("NHS4857773456", "NHS 485 777 3456"),
    "school hyphenated": ("oakfield-primary", "Oakfield Primary"),
    "school camel case": ("OakfieldPrimary", "Oakfield Primary"),
    "school with odd spacing": ("Oakfield\n  Primary School", "Oakfield Primary"),
}


@pytest.mark.parametrize("text, term", IDENTIFIERS.values(), ids=IDENTIFIERS.keys())
def test_identifiers_are_found_ignoring_spacing_and_punctuation(matcher: Matcher, text: str,
                                                                 term: str) -> None:
    """An identifier is found with its spacing and punctuation changed or gone."""
    assert term in found(matcher, text)


DATE_SPELLINGS = ["2009-03-14", "14/03/2009", "14/3/2009", "14.03.2009", "14-03-2009",
                  "14 March 2009", "14th March 2009", "14 Mar 2009", "March 14, 2009",
                  "14/03/09", "the 14th of March, 2009", "14032009", "Mar 14th 2009"]


@pytest.mark.parametrize("spelling", DATE_SPELLINGS)
def test_a_date_of_birth_is_found_in_the_usual_spellings(matcher: Matcher,
                                                         spelling: str) -> None:
    """A date of birth is found however the date is written."""
    assert found(matcher, f"born {spelling} at home") == ["2009-03-14"]


def test_a_date_among_the_identifiers_is_read_as_a_date() -> None:
    """An identifier that is a date is matched in every spelling too."""
    matcher = Matcher(CaseKey(identifiers=["14/03/2009"]).terms())
    assert found(matcher, "born 14 March 2009") == ["14/03/2009"]


def test_a_date_of_birth_that_is_not_a_date_is_refused(tmp_path: Path) -> None:
    """dates_of_birth holds dates: anything else is a data error naming the field and line."""
    (tmp_path / "case-key.yaml").write_text("dates_of_birth:\n  - 2009-02-30\n",
                                            encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_case_key(tmp_path)
    message = str(caught.value)
    assert "case-key.yaml:2" in message and "dates_of_birth" in message
    assert "YYYY-MM-DD" in message


# --- every format and part ----------------------------------------------------------

SHOWN = {
    "Mia": "Mia told her form tutor.",
    "Thornton": "The Thorn\u00adton household moved.",
    "Zoë": "Zoe agreed.",
    "Finley": "Fin*ley* left early.",
    "Mimi": "Ｍｉｍｉ came.",
    "Mia Jones": "Mia\tJones was named.",
    "Oakfield Primary": "She went to oakfield-primary.",
    "4857773456": "Number 485-777-3456 was used.",
    "2009-03-14": "Born 14th March 2009.",
    "Hope Field": "HopeField was the address.",
}
"""Each term of :data:`CASE_KEY`, disguised in its own way, as data puts it in a document."""

LINKED = "Ann Lee"
"""A name found only in a link target: ``[the review](https://x.example/ann-lee)``."""

HARMLESS = "The Annual report from Leeds; Anne hopes the field work helps."


@pytest.fixture(scope="module")
def disguised(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Return a committee report holding every disguise of :data:`SHOWN`, a link to
    :data:`LINKED` and the harmless words, rendered in each format with no case key."""
    root = tmp_path_factory.mktemp("disguised")
    points = [*SHOWN.values(), HARMLESS,
              "See [the review](https://x.example/ann-lee) for more."]
    review = MINIMAL_WORKSPACE["reviews/jasmine.yaml"].replace(
        "learning_points:\n  - Keep the child at the centre of every assessment.\n",
        "learning_points:\n" + "".join(f"  - {json.dumps(point)}\n" for point in points))
    write_files(root, {**MINIMAL_WORKSPACE, "reviews/jasmine.yaml": review})
    workspace = load_workspace(root)
    document = workspace.documents["report-jasmine"]
    return {format: render(document, workspace, format) for format in ("docx", "pdf", "html")}


@pytest.mark.parametrize("format", ["docx", "pdf", "html"])
def test_every_disguise_is_found_in_each_format(disguised: dict[str, bytes], matcher: Matcher,
                                                format: str) -> None:
    """The output scan of each format finds every disguised term, the name in a link target,
    and none of the harmless words."""
    hits = scan_bytes(disguised[format], format, matcher, f"report.{format}")
    terms = {hit.term for hit in hits}
    missing = set(SHOWN) - terms
    assert not missing, f"{format}: not found: {sorted(missing)}"
    assert LINKED in terms
    assert not terms & {"Ann", "Lee", "Hope", "Field"}, terms


def test_a_link_target_is_found_as_a_link(disguised: dict[str, bytes],
                                          matcher: Matcher) -> None:
    """The linked name is reported where the link is: an attribute, a relationship, a PDF
    link."""
    parts = {format: {(hit.part, hit.field) for hit in scan_bytes(
        disguised[format], format, matcher, "x") if hit.term == LINKED}
        for format in ("docx", "pdf", "html")}
    assert any(part.endswith(".rels") for part, _ in parts["docx"])
    assert any(field == "link" for _, field in parts["pdf"])
    assert ("attribute", "") in parts["html"]


def _docx(*paragraphs: str) -> bytes:
    """Return a minimal .docx package whose body holds ``paragraphs`` (WordprocessingML)."""
    body = "".join(paragraphs)
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           f'main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", xml)
    return buffer.getvalue()


@pytest.mark.parametrize("gap", ["<w:tab/>", "<w:br/>", "<w:cr/>"])
def test_word_tabs_and_breaks_between_runs_are_gaps(matcher: Matcher, gap: str) -> None:
    """A Word tab or break between runs separates words ('Ann' then 'ual' is not
    'Annual'), and joins the parts of a name."""
    separated = _docx(f"<w:p><w:r><w:t>Ann</w:t></w:r><w:r>{gap}</w:r>"
                      "<w:r><w:t>ual</w:t></w:r></w:p>")
    assert {hit.term for hit in scan_bytes(separated, "docx", matcher, "x")} == {"Ann"}
    joined = _docx("<w:p><w:r><w:t>Ann</w:t></w:r><w:r><w:t>ual</w:t></w:r></w:p>")
    assert scan_bytes(joined, "docx", matcher, "x") == []
    name = _docx(f"<w:p><w:r><w:t>Mia</w:t>{gap}<w:t>Thornton</w:t></w:r></w:p>")
    assert {hit.term for hit in scan_bytes(name, "docx", matcher, "x")} == {"Mia Thornton"}


def test_a_name_split_across_word_runs_is_found(matcher: Matcher) -> None:
    """Runs are joined as Word shows them: 'Mi' + 'a' is 'Mia'."""
    split = _docx('<w:p><w:r><w:t>Mi</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t>'
                  "</w:r><w:r><w:t xml:space=\"preserve\"> left</w:t></w:r></w:p>")
    assert [hit.term for hit in scan_bytes(split, "docx", matcher, "x")] == ["Mia"]


WORD_VOCABULARY_NAMES = CaseKey(names=[  # type: ignore[list-item]
    {"real": "Kartika Strong"}, {"real": "Shruti Latha"}, {"real": "Euphemia Mangal"},
    {"real": "Cambria Times"}]).terms()
"""People whose names are also Word's own words: a style (Strong) and fonts a theme lists
(Kartika, Shruti, Latha, Euphemia, Mangal, Cambria, Times)."""


@pytest.mark.parametrize("format", ["docx", "html"])
def test_words_of_the_templates_themselves_are_not_names(disguised: dict[str, bytes],
                                                        format: str) -> None:
    """Font, style and field names in the default templates never count as a person's
    name: a child called Shruti or a family called Page can still be published about."""
    assert scan_bytes(disguised[format], format, Matcher(WORD_VOCABULARY_NAMES), "x") == []


def test_css_keywords_and_class_names_are_not_names() -> None:
    """A family called White, Grey or Bold is not found in ``color: white`` or a class name;
    a name in a CSS string (``content: "…"``) or a link's address still is."""
    matcher = Matcher(CaseKey(names=[  # type: ignore[list-item]
        {"real": "Kate White"}, {"real": "Tom Grey"}, {"real": "Ann Bold"},
        {"real": "Mia Thornton"}]).terms())
    page = (b'<style>p { color: white; border: 1px solid grey; font-weight: bold }\n'
            b'.note::after { content: "Mia" }</style>'
            b'<p class="white grey" style="color: white">Hello</p>'
            b'<a href="https://x.example/thornton" style="background: url(grey.png)">x</a>')
    found = {(hit.part, hit.term) for hit in scan_bytes(page, "html", matcher, "x")}
    assert found == {("style", "Mia"), ("attribute", "Thornton"), ("style", "Grey")}


def test_a_name_in_an_html_comment_is_found(matcher: Matcher) -> None:
    """A comment a template leaves in the page is published with it (the page's source
    shows it): a name in one is found; a comment, or a stylesheet, without one is not."""
    page = (b'<style><!-- p { color: grey } --></style><p>Hello</p>'
            b'<!-- prepared for the Thornton family\n by the business manager -->'
            b'<!-- the layout of the masthead -->')
    assert [(hit.part, hit.term) for hit in scan_bytes(page, "html", matcher, "x")] == [
        ("comment", "Thornton")]


def test_long_alt_text_is_read_and_encoded_data_is_not(matcher: Matcher) -> None:
    """Long alt text without punctuation is still read; a long base64 value, whose random
    letters would hold names by chance, is not read as words."""
    alt = "A photograph of " + "the school gate and " * 12 + "Mia at the front"
    encoded = base64.b64encode(bytes(range(256)) * 4).decode() + "xMiaQ"
    page = f'<img alt="{alt}" src="logo.png"><v:shape o:gfxdata="{encoded}"/>'.encode()
    assert [(hit.part, hit.term) for hit in scan_bytes(page, "html", matcher, "x")] == [
        ("attribute", "Mia")]


def test_field_codes_are_read_by_their_arguments(matcher: Matcher) -> None:
    """A field's type is Word's word, not a name; its arguments (a link, a tooltip) are
    read like text."""
    page = Matcher([("Page", "a surname")])
    code = _docx('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PA'
                 '</w:instrText></w:r><w:r><w:instrText>GE \\* MERGEFORMAT </w:instrText>'
                 '</w:r><w:r><w:t>2</w:t></w:r></w:p>')
    assert scan_bytes(code, "docx", page, "x") == []
    link = _docx('<w:p><w:r><w:instrText> HYPERLINK "https://x.example/mia-thornton" '
                 '\\o "about Page" </w:instrText></w:r><w:r><w:t>the review</w:t></w:r></w:p>'
                 '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://x.example/zoe-finley&quot;'
                 ' "><w:r><w:t>more</w:t></w:r></w:fldSimple></w:p>')
    assert {hit.term for hit in scan_bytes(link, "docx", matcher, "x")} == {
        "Mia Thornton", "Zoë Finley"}
    assert {hit.term for hit in scan_bytes(link, "docx", page, "x")} == {"Page"}


# --- the build refuses ----------------------------------------------------------------

@pytest.fixture
def keyed(make_workspace) -> Path:
    """Return the minimal workspace with :data:`CASE_KEY`."""
    return make_workspace({"case-key.yaml": CASE_KEY})


def _add_point(root: Path, text: str) -> None:
    review = root / "reviews" / "jasmine.yaml"
    source = review.read_text(encoding="utf-8")
    review.write_text(source.replace("learning_points:\n",
                                     f"learning_points:\n  - {json.dumps(text)}\n", 1),
                      encoding="utf-8")


@pytest.mark.parametrize("text, term", [
    ("Mia told her form tutor.", "Mia"),
    ("The Thornton family moved.", "Thornton"),
    ("See [the review](https://x.example/mia-thornton).", "Mia Thornton"),
    ("Mi\u200ba was seen.", "Mia"),
])
def test_a_disguised_name_in_the_data_stops_the_render(keyed: Path, text: str,
                                                       term: str) -> None:
    """A first name alone, a surname alone, a link target or a hidden name in a review
    stops the render with the field it is in."""
    _add_point(keyed, text)
    workspace = load_workspace(keyed)
    with pytest.raises(DisclosureError) as caught:
        render(workspace.documents["report-jasmine"], workspace, "html")
    assert (term, "learning_points.0") in {(hit.term, hit.field) for hit in caught.value.hits}


def test_check_reports_a_first_name_alone(keyed: Path, run_cli) -> None:
    """`scrdocs check` no longer says 'ready to publish' when a first name appears alone."""
    _add_point(keyed, "Mia told her form tutor.")
    result = run_cli("check", keyed, "--no-word-layout")
    assert result.exit_code != 0
    assert "'Mia'" in result.stderr
    assert "NOT ready to publish" in result.stderr


@pytest.mark.parametrize("name", ["MiaThornton-report.pdf", "mia%20thornton.html",
                                  "mia.thornton.docx", "Міа-report.pdf",
                                  "report-Mi\u200ba.html"])
def test_a_disguised_name_in_an_output_file_name_is_refused(keyed: Path, name: str) -> None:
    """An output file name holding a name in any disguise is refused; nothing is written."""
    workspace = load_workspace(keyed)
    with pytest.raises(DisclosureError) as caught:
        render_to_path(workspace.documents["report-jasmine"], workspace, keyed / name)
    assert {hit.part for hit in caught.value.hits} == {"file name"}
    assert not (keyed / name).exists()


def test_a_clean_workspace_with_the_case_key_still_renders(keyed: Path) -> None:
    """The minimal workspace, which names nobody, renders with the case key in place."""
    _add_point(keyed, HARMLESS)
    workspace = load_workspace(keyed)
    assert render(workspace.documents["report-jasmine"], workspace, "html")


# --- pictures -----------------------------------------------------------------------

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80">
<rect width="300" height="80" fill="#036"/>
<text x="10" y="50" font-size="24" fill="#fff">Mi<tspan font-weight="bold">a</tspan>
 Thornton</text></svg>
"""


@pytest.mark.parametrize("format", ["docx", "pdf", "html"])
def test_text_in_an_svg_logo_stops_every_format(make_workspace, format: str) -> None:
    """A name inside the SVG logo's text is found, whether or not the format embeds it."""
    root = make_workspace({"case-key.yaml": CASE_KEY, "logo.svg": SVG,
                           "scrdocs.yaml": "name: Anyshire Safeguarding Children Partnership\n"
                                           "logo:\n  path: logo.svg\n  alt: Anyshire logo\n"})
    workspace = load_workspace(root)
    with pytest.raises(DisclosureError) as caught:
        render(workspace.documents["report-jasmine"], workspace, format)
    assert "Mia Thornton" in {hit.term for hit in caught.value.hits}


def test_text_in_an_svg_is_found_in_the_pdf_and_html_outputs(make_workspace,
                                                             matcher: Matcher) -> None:
    """The SVG's text is found in the outputs themselves: the PDF's page text and the HTML's
    embedded picture."""
    root = make_workspace({"logo.svg": SVG,
                           "scrdocs.yaml": "name: Anyshire Safeguarding Children Partnership\n"
                                           "logo:\n  path: logo.svg\n  alt: Anyshire logo\n"})
    workspace = load_workspace(root)
    document = workspace.documents["report-jasmine"]
    for format in ("pdf", "html"):
        hits = scan_bytes(render(document, workspace, format), format, matcher, "x")
        assert "Mia Thornton" in {hit.term for hit in hits}, format


def _chunk(name: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + name + body + struct.pack(
        ">I", zlib.crc32(name + body) & 0xFFFFFFFF)


def _png(*extra: bytes) -> bytes:
    """Return a 2×2 PNG with the chunks ``extra`` before its pixels."""
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\x20\x40\x80" * 2 for _ in range(2)))
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + b"".join(extra)
            + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b""))


PNG_METADATA = (
    _chunk(b"tEXt", b"Author\0Mia Thornton"),
    _chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"photo of Zoe Finley")),
    _chunk(b"iTXt", b"Title\0\0\0en\0\0Oakfield Primary"),
    _chunk(b"eXIf", b"MM\0*\0\0\0\x08Artist: Mimi"),
)


def _jpeg() -> bytes:
    """Return a small JPEG with an EXIF artist and a comment naming people."""
    from PIL import Image

    picture = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Mia Thornton"  # Artist
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"taken by Zoe Finley")
    return buffer.getvalue()


def test_picture_metadata_is_read(matcher: Matcher) -> None:
    """The text of PNG text chunks, EXIF and JPEG comments is read, and found."""
    for data, terms in ((_png(*PNG_METADATA), {"Mia Thornton", "Zoë Finley",
                                               "Oakfield Primary", "Mimi"}),
                        (_jpeg(), {"Mia Thornton", "Zoë Finley"})):
        hits = scan_bytes(data, "png", matcher, "logo")
        assert {hit.term for hit in hits} == terms


def test_stripping_keeps_the_picture_and_drops_the_metadata() -> None:
    """A stripped PNG or JPEG has no text left and still opens as the same picture."""
    from PIL import Image

    for data in (_png(*PNG_METADATA), _jpeg()):
        stripped = strip_metadata(data)
        left = " ".join(text for _, text in image_texts(stripped))
        assert not re.search("Mia|Zoe|Oakfield|Mimi|Author|Comment", left), left
        before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(stripped))
        assert after.size == before.size and after.tobytes() == before.tobytes()


def test_a_damaged_png_logo_is_refused_with_its_name(make_workspace) -> None:
    """A logo that stops in the middle of a chunk is refused, naming the file."""
    root = make_workspace({"logo.png": _png()[:40],
                           "scrdocs.yaml": "name: Anyshire Safeguarding Children Partnership\n"
                                           "logo:\n  path: logo.png\n  alt: Anyshire logo\n"})
    workspace = load_workspace(root)
    with pytest.raises(Exception, match=r"logo\.png") as caught:
        render(workspace.documents["report-jasmine"], workspace, "html")
    assert "Traceback" not in str(caught.value)


def _pictures(data: bytes, format: str) -> list[bytes]:
    """Return the pictures embedded in an output: Word's media, the HTML's data: URIs, the
    PDF's JPEGs as stored."""
    if format == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return [package.read(name) for name in package.namelist()
                    if name.startswith("word/media/")]
    if format == "html":
        return [base64.b64decode(payload) for payload in re.findall(
            r"data:image/(?:png|jpeg);base64,([A-Za-z0-9+/=]+)", data.decode("utf-8"))]
    import pypdf

    pictures = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        objects = (page.get("/Resources") or {}).get("/XObject") or {}
        for reference in objects.values():
            image = reference.get_object()
            if image.get("/Subtype") == "/Image":
                pictures.append(bytes(image._data))
    return pictures


@pytest.mark.parametrize("suffix, picture", [("png", lambda: _png(*PNG_METADATA)),
                                             ("jpg", _jpeg)], ids=["png", "jpeg"])
def test_logo_metadata_never_reaches_an_output(make_workspace, suffix: str, picture) -> None:
    """The logo embedded in Word, HTML and PDF carries none of the file's metadata."""
    data = picture()
    root = make_workspace({f"logo.{suffix}": data,
                           "scrdocs.yaml": "name: Anyshire Safeguarding Children Partnership\n"
                                           f"logo:\n  path: logo.{suffix}\n"
                                           "  alt: Anyshire logo\n"})
    workspace = load_workspace(root)
    document = workspace.documents["report-jasmine"]
    for format in ("docx", "html", "pdf"):
        output = render(document, workspace, format)
        pictures = _pictures(output, format)
        if format != "pdf" or suffix == "jpg":  # a PDF stores a PNG as bare pixels
            assert pictures, format
        for embedded in pictures:
            assert b"Mia Thornton" not in embedded and b"Zoe Finley" not in embedded, format
            assert b"tEXt" not in embedded and b"Exif" not in embedded, format


def test_a_name_in_an_embedded_picture_is_found(matcher: Matcher) -> None:
    """A picture with metadata that reaches an output (a template's own picture) is found in
    Word's media and in an HTML data: URI."""
    picture = _png(_chunk(b"tEXt", b"Author\0Mia Thornton"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("word/document.xml", _docx_body_only())
        package.writestr("word/media/image1.png", picture)
    hits = scan_bytes(buffer.getvalue(), "docx", matcher, "x")
    assert ("word/media/image1.png", "Mia Thornton") in {(hit.part, hit.term) for hit in hits}
    page = (f'<p>Logo</p><img alt="logo" src="data:image/png;base64,'
            f'{base64.b64encode(picture).decode()}">').encode()
    hits = scan_bytes(page, "html", matcher, "x")
    assert {hit.term for hit in hits} == {"Mia Thornton"}


def _docx_body_only() -> str:
    return ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
            'main"><w:body><w:p><w:r><w:t>Logo</w:t></w:r></w:p></w:body></w:document>')


# --- the case key's own files -------------------------------------------------------

def test_the_example_case_key_matches_the_schema_and_loads() -> None:
    """The starter's example case key is valid against `scrdocs schema case-key` and the
    model, and shows also, allow and a date of birth."""
    jsonschema = pytest.importorskip("jsonschema")
    from scrdocs.new import starter_folder
    from scrdocs.schema import json_schema

    text = (starter_folder() / "case-key.example.yaml").read_text(encoding="utf-8")
    data = _yaml(text)
    jsonschema.Draft202012Validator(json_schema("case-key")).validate(data)
    key = CaseKey.model_validate(data)
    assert any(name.also for name in key.names) and any(name.allow for name in key.names)
    assert key.dates_of_birth


def test_check_warns_when_there_is_no_case_key(workspace: Path, run_cli) -> None:
    """`scrdocs check` warns, without failing, that a workspace has no case key, and says how
    to add one."""
    result = run_cli("check", workspace, "--no-word-layout")
    warning = [line for line in result.stderr.splitlines() if "case-key.yaml" in line]
    assert warning and warning[0].startswith("Warning:")
    assert "case-key.example.yaml" in warning[0]
