"""Attacks on what the case key, the build and the API promise, each found to break once.

Someone trying to get a child's name published hides it in ways the first matcher missed
(letters from Cherokee or Lisu, a right-to-left override that shows 'aiM' as 'Mia', an
apostrophe typed as a modifier letter, a Hangul filler, letters spaced out, an
internationalised domain name, a name spelt without its umlauts, CSS escapes in a template)
or where the guard did not look (the preview picture a Word template carries, a case key
that cannot be read). Someone else makes scrdocs write where it must not (``-o /dev/null``
replacing the system's device with a file, a Word file named .pdf) or leave half a document
(a disk that fills between two formats), or calls the API with the wrong thing. Each attack
is tried at the cheapest level that proves it: the matcher, a Word or HTML render, a build
with a simulated full disk.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest
from helpers import error_lines

import scrdocs
from scrdocs.errors import OutputError
from scrdocs.guard import CaseKey, DisclosureError, Matcher, scan_bytes
from scrdocs.render import render, write_atomic

NAMES = {"names": [
    {"real": "Mia Thornton", "pseudonym": "Child M"},
    {"real": "Lena Müller", "pseudonym": "Child L"},
    {"real": "Ann Lee", "pseudonym": "Child A"},
]}

CASE_KEY = """\
names:
  - real: Mia Thornton
    pseudonym: Child M
"""


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """Return the matcher of :data:`NAMES`."""
    return Matcher(CaseKey.model_validate(NAMES).terms())


def found(matcher: Matcher, text: str) -> list[str]:
    """Return the terms ``matcher`` finds in ``text``."""
    return [term for term, _ in matcher.find(text)]


# --- disguises the first matcher let through ------------------------------------------

DISGUISES = {
    "right-to-left override shows it the right way round": ("\u202enotnrohT aiM\u202c", "Mia Thornton"),
    "override to the end of the line": ("concerned \u202eaiM", "Mia"),
    "override inside an isolate": ("\u2067\u202eaiM\u2069 told", "Mia"),
    "Cherokee capitals": ("\u13b7ia \u13a2hornton", "Mia Thornton"),
    "Cherokee small letters": ("\uab87ia", "Mia"),
    "Lisu capitals": ("\ua4df\ua4f2\ua4ee", "Mia"),
    "Coptic letters": ("\u2c98ia", "Mia"),
    "Latin alpha": ("Mi\u0251", "Mia"),
    "regional indicator letters": ("\U0001f1f2\U0001f1ee\U0001f1e6", "Mia"),
    "letters in black squares": ("\U0001f17c\U0001f178\U0001f170", "Mia"),
    "possessive with a modifier-letter apostrophe": ("Mia\u02bcs school", "Mia"),
    "possessive with a saltillo": ("Mia\ua78cs school", "Mia"),
    "Hangul filler inside the name": ("Mi\u3164a told", "Mia"),
    "half-width Hangul filler": ("Thorn\uffa0ton", "Thornton"),
    "letters spaced out": ("M i a told her tutor", "Mia"),
    "letters spaced out, whole name": ("M i a  T h o r n t o n", "Mia Thornton"),
    "letters spaced out with no-break spaces": ("M\u00a0i\u00a0a", "Mia"),
    "internationalised domain name": (f"https://{'mía'.encode('idna').decode()}.example/",
                                      "Mia"),
    "umlaut written out": ("Lena Mueller", "Lena Müller"),
    "umlaut written out, surname alone": ("the Mueller family", "Müller"),
    "umlaut dropped": ("Muller", "Müller"),
}


@pytest.mark.parametrize("text, term", DISGUISES.values(), ids=DISGUISES.keys())
def test_each_disguise_is_found(matcher: Matcher, text: str, term: str) -> None:
    """The name is found however the text hides it."""
    assert term in found(matcher, text)


NOT_NAMES = {
    "single letters among words": "Plan A, B or C",
    "spaced letters of another word": "m i l k",
    "a word that contains the name": "Miami",
    "spaced letters next to a word": "Mi a told",
    "reversed without an override": "aiM",
    "a surname's transliteration inside a longer word": "Muellers",
}


@pytest.mark.parametrize("text", NOT_NAMES.values(), ids=NOT_NAMES.keys())
def test_text_that_only_looks_close_is_not_blocked(matcher: Matcher, text: str) -> None:
    """Whole words only, as they are shown: no false alarm from the new readings."""
    assert found(matcher, text) == []


def test_a_long_text_of_near_misses_reports_only_the_name(matcher: Matcher) -> None:
    """In a 5,000-word text of near misses, only the name itself is reported."""
    text = " ".join(["Mi", "Miami", "Thorntons", "Anne", "Leeds"] * 1000) + " Mia."
    assert found(matcher, text) == ["Mia"]


def test_a_part_inside_the_whole_name_is_still_reported_once(matcher: Matcher) -> None:
    """'Mia Thornton' is one hit, not three, and a part elsewhere is its own."""
    assert found(matcher, "Mia Thornton met Ann") == ["Mia Thornton", "Ann"]


@pytest.mark.parametrize("format", ["docx", "html"])
def test_a_reversed_name_in_the_data_stops_the_render(make_workspace, format: str) -> None:
    """Word and HTML show an overridden 'aiM' as 'Mia': the render is refused."""
    root = make_workspace({
        "case-key.yaml": CASE_KEY,
        "reviews/jasmine.yaml": "name: Jasmine\nsummary: \"concerned \u202eaiM\u202c, aged 4\"\n",
    })
    workspace = scrdocs.load_workspace(root)
    with pytest.raises(DisclosureError, match="summary: contains 'Mia'"):
        render(workspace.documents["report-jasmine"], workspace, format)


# --- a case key out of reach is not the same as no case key ---------------------------

@pytest.mark.parametrize("kind", ["link to a drive not connected", "folder"])
def test_a_case_key_that_cannot_be_read_stops_the_build(kind: str, make_workspace, run_cli,
                                                        tmp_path: Path) -> None:
    """A case key kept on a share that is not mounted (a dangling link) used to count as
    no case key: every document was published unguarded. Now nothing is written."""
    root = make_workspace()
    if kind == "folder":
        (root / "case-key.yaml").mkdir()
    else:
        (root / "case-key.yaml").symlink_to(tmp_path / "unmounted" / "case-key.yaml")
    result = run_cli("build", root, "-f", "html", "-j", "1")
    assert result.exit_code == 2
    assert any(line.startswith(f"{root / 'case-key.yaml'}: is ") for line in error_lines(result))
    assert not (root / "out" / "report-jasmine.html").exists()
    with pytest.raises(scrdocs.DataError, match="case key"):
        scrdocs.load_workspace(root)


# --- output goes to files, all of a document's formats or none -------------------------

def test_output_to_a_link_to_a_device_is_refused(make_workspace, run_cli,
                                                 tmp_path: Path) -> None:
    """``-o /dev/null`` (or ``/dev/stdout``, a link) used to replace the device with a file;
    run as root, that breaks the system. It is refused, and the device left as it was."""
    root = make_workspace()
    link = tmp_path / "null.docx"
    link.symlink_to(os.devnull)
    result = run_cli("render", root / "documents" / "report-jasmine.yaml", "-o", link)
    assert result.exit_code == OutputError.exit_code
    assert error_lines(result) == [(f"{link}: is a device, a named pipe or a socket, or a "
                                    "link to one, not a file; scrdocs writes its output to "
                                    "files: name a file")]
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_over_a_device_is_refused(tmp_path: Path) -> None:
    """A device node itself (``-o /dev/full``) is not replaced either."""
    device = tmp_path / "full.pdf"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    with pytest.raises(OutputError, match="is a device"):
        write_atomic(device, b"%PDF")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["full.pdf"]


def test_a_disk_filling_up_between_two_formats_keeps_the_old_document(
        make_workspace, monkeypatch) -> None:
    """A full disk used to stop a build after the Word file was replaced and before the
    HTML was: the document was reported as not written, yet half of it was new. Now every
    format is written in full before any is put in place."""
    root = make_workspace()
    out = root / "out"
    scrdocs.build(scrdocs.load_workspace(root), out, ["docx", "html"], force=True)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    (root / "reviews" / "jasmine.yaml").write_text(
        "name: Jasmine\nsummary: concerned a child whose review was rewritten.\n")
    synced = []

    def fsync_until_full(handle: int) -> None:
        synced.append(handle)
        if len(synced) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync_until_full)
    with pytest.raises(scrdocs.BuildError, match="No space left on device"):
        scrdocs.build(scrdocs.load_workspace(root), out, ["docx", "html"], jobs=1)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


# --- what a Word template carries besides its text ------------------------------------

def _template_with_thumbnail(comment: bytes) -> bytes:
    """Return the default committee-report Word template with a preview picture whose JPEG
    comment is ``comment`` (Word saves a picture of the first page when asked to)."""
    from PIL import Image

    from scrdocs.templating import default_templates

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 255, 255)).save(picture, "JPEG", comment=comment)
    source = (default_templates() / "committee-report" / "committee-report.docx").read_bytes()
    package = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(package, "w") as new:
        for member in old.namelist():
            if member != "docProps/thumbnail.jpeg":
                new.writestr(member, old.read(member))
        new.writestr("docProps/thumbnail.jpeg", picture.getvalue())
    return package.getvalue()


def test_a_templates_preview_picture_never_reaches_an_output(make_workspace) -> None:
    """The preview picture shows the template's first page (made from last year's real
    paper, it shows whatever that held) and its metadata was never scanned: a Word output
    carried it. Now outputs carry none, and the guard reads one where it finds it."""
    template = _template_with_thumbnail(b"page 1: Mia Thornton")
    root = make_workspace({"case-key.yaml": CASE_KEY,
                           "templates/committee-report/committee-report.docx": template})
    workspace = scrdocs.load_workspace(root)
    output = render(workspace.documents["report-jasmine"], workspace, "docx")
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        assert not [name for name in package.namelist() if "thumbnail" in name]
        assert "thumbnail" not in package.read("_rels/.rels").decode()
    matcher = Matcher(scrdocs.CaseKey.model_validate({"names": [{"real": "Mia Thornton"}]})
                      .terms())
    hits = scan_bytes(template, "docx", matcher, "committee-report.docx")
    assert [(hit.part, hit.term) for hit in hits] == [("docProps/thumbnail.jpeg", "Mia Thornton")]


# --- the Python API: what used to be silently wrong or a stranger's exception ----------

def test_a_word_file_is_never_written_under_a_pdf_name(workspace: Path, run_cli,
                                                       tmp_path: Path) -> None:
    """``-f docx -o report.pdf`` wrote a Word file called report.pdf, and said so."""
    target = tmp_path / "report.pdf"
    result = run_cli("render", workspace / "documents" / "report-jasmine.yaml",
                     "-f", "docx", "-o", target)
    assert result.exit_code == OutputError.exit_code
    assert error_lines(result) == [(f"{target}: the name ends .pdf but the format asked for "
                                    "is docx; name the file report.docx, or leave the format "
                                    "out")]
    assert not target.exists()


@pytest.mark.parametrize("content", [None, b"not a zip", b"PK\x03\x04 cut short"],
                         ids=["missing", "not a zip", "cut short"])
def test_scan_file_on_a_missing_or_damaged_file_is_a_data_error(tmp_path: Path,
                                                                content: bytes | None) -> None:
    """scan_file raised FileNotFoundError, BadZipFile or pypdf's own errors; a file the
    guard cannot read is a DataError naming it, never taken for a clean one."""
    path = tmp_path / "minutes.docx"
    if content is not None:
        path.write_bytes(content)
    key = CaseKey.model_validate({"names": [{"real": "Mia Thornton"}]})
    with pytest.raises(scrdocs.DataError, match="minutes.docx: cannot"):
        scrdocs.scan_file(path, key)
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF-1.7\n%broken")
    with pytest.raises(scrdocs.DataError, match=r"minutes.pdf: cannot be read as a \.pdf"):
        scrdocs.scan_file(tmp_path / "minutes.pdf", key)


@pytest.mark.parametrize("terms", [None, "Mia Thornton", 42])
def test_scan_file_without_a_case_key_is_an_argument_error(tmp_path: Path,
                                                           terms: object) -> None:
    """A name given as a string, or None, was a TypeError from deep inside the guard."""
    with pytest.raises(scrdocs.ArgumentError, match="expected the case key"):
        scrdocs.scan_file(tmp_path / "minutes.html", terms)  # type: ignore[arg-type]


def test_a_template_folder_that_does_not_exist_is_an_error(workspace: Path) -> None:
    """``template_dir=`` naming no folder rendered with the default templates, leaving the
    organisation's own out without a word."""
    loaded = scrdocs.load_workspace(workspace)
    with pytest.raises(scrdocs.TemplateError, match="house-templates: the template folder "
                                                    "asked for does not exist"):
        render(loaded.documents["report-jasmine"], loaded, "html",
               template_dir=workspace / "house-templates")


def test_a_name_typed_with_css_escapes_in_a_template_stops_the_html(make_workspace) -> None:
    """A stylesheet string shows ``"\\4D ia"`` as 'Mia' (the PDF's text had it, the HTML's
    scan read the escapes as they are typed): an HTML-only build published it."""
    from scrdocs.templating import default_templates

    template = (default_templates() / "committee-report" / "committee-report.html.j2"
                ).read_text(encoding="utf-8").replace(
        "{% block body %}",
        '{% block body %}<style>.note::before { content: "\\4D ia" }</style><p class="note">'
        "</p>", 1)
    root = make_workspace({"case-key.yaml": CASE_KEY,
                           "templates/committee-report/committee-report.html.j2": template})
    workspace = scrdocs.load_workspace(root)
    with pytest.raises(DisclosureError, match="report-jasmine.html: style: contains 'Mia'"):
        render(workspace.documents["report-jasmine"], workspace, "html")


@pytest.mark.parametrize("call", [
    lambda: scrdocs.load_workspace(None),  # type: ignore[arg-type]
    lambda: scrdocs.load_document(5),  # type: ignore[arg-type]
    lambda: scrdocs.build("data/anyshire"),  # type: ignore[arg-type]
    lambda: scrdocs.build(None),  # type: ignore[arg-type]
], ids=["load_workspace(None)", "load_document(5)", "build(a folder name)", "build(None)"])
def test_entry_points_given_the_wrong_thing_say_what_they_expected(call) -> None:
    """scrdocs.build('folder') was an AttributeError about '.root'; the loaders gave
    pathlib's TypeError. Each is an ArgumentError (still a TypeError) saying what to pass."""
    with pytest.raises(scrdocs.ArgumentError, match="expected"):
        call()


def test_a_name_in_a_yaml_comment_is_not_published_and_not_blocked(make_workspace) -> None:
    """Comments are never published, so a note to colleagues naming the child does not stop
    the document (the new readings must not reach into what YAML throws away)."""
    root = make_workspace({
        "case-key.yaml": CASE_KEY,
        "reviews/jasmine.yaml": "# Jasmine is M i a Thornton (see the case key)\nname: Jasmine\n"
                                "summary: concerned a child.  # not Mia\n",
    })
    workspace = scrdocs.load_workspace(root)
    html = render(workspace.documents["report-jasmine"], workspace, "html").decode("utf-8")
    assert "concerned a child." in html
    assert "Thornton" not in html
