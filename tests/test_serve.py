"""``scrdocs serve`` over plain HTTP: who may use it, what it refuses, and what it writes.

A real server runs on 127.0.0.1 in each test (see ``serve_support``); requests are sent as a
browser would send them, and as a browser would not (no token, a wrong Host, ``../``)."""

from __future__ import annotations

import html
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from readback import pdf_page_texts
from serve_support import Client, Running, write_bilingual

from scrdocs.new import new_workspace
from scrdocs.serve import forms, roundtrip
from scrdocs.serve.files import NotEditable, data_file
from scrdocs.workspace import load_workspace

ORGANISATION = "Anyshire Safeguarding Children Partnership"
REAL_NAME = "Tallulah Brightwater"
"""A real name kept in the case key of the tests that need one: never to reach a page."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return a new workspace, as ``scrdocs new`` writes it."""
    folder = tmp_path / "anyshire"
    new_workspace(folder, ORGANISATION)
    return folder


def review_text(root: Path) -> str:
    return (root / "reviews" / "child-a.yaml").read_text(encoding="utf-8")


# --- the token, the Host and CSRF ---------------------------------------------------------

def test_the_printed_address_sets_a_cookie_and_drops_the_token(editor: Running) -> None:
    """The address with the token answers with a cookie for this run and sends the browser
    on to the same page without the token; the page then opens with the cookie alone."""
    bare = Client(editor.port, None, None)
    answer = bare.get(f"/?token={editor.keys.token}")
    assert answer.status == 303
    assert answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    home = Client(editor.port, cookie.split(";")[0], None).get("/")
    assert home.status == 200
    assert "child-a" in home.text and "Organisation profile" in home.text


@pytest.mark.parametrize("path", ["/", "/edit/reviews/child-a.yaml", "/api/save",
                                  "/download/documents/minutes.yaml?format=pdf"])
def test_no_token_or_a_wrong_one_is_refused(editor: Running, path: str) -> None:
    """Without this run's token, or with a wrong one, every page and call is refused with
    a message saying to open the address scrdocs serve printed; nothing is read."""
    bare = Client(editor.port, None, None)
    for attempt in (path, path + ("&" if "?" in path else "?") + "token=guess"):
        answer = bare.get(attempt) if not path.startswith("/api/") else \
            bare.post(path.removeprefix("/api/"), {"file": "reviews/child-a.yaml"})
        assert answer.status == 403, attempt
        assert "scrdocs serve" in answer.text
        assert "Child A" not in answer.text


def test_a_foreign_host_name_is_refused(client: Client) -> None:
    """A request naming another host (a domain pointed at 127.0.0.1 by a web page) is
    refused even with the cookie."""
    answer = client.get("/", Host="attacker.example:80")
    assert answer.status == 400
    assert "answers only at its own address" in answer.text


@pytest.mark.parametrize("headers, status, says", [
    ({"X-CSRF-Token": ""}, 403, "CSRF token"),
    ({"X-CSRF-Token": "not-the-token"}, 403, "CSRF token"),
    ({"Origin": "http://attacker.example"}, 403, "another site"),
    ({"Sec-Fetch-Site": "cross-site"}, 403, "another site"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415, "JSON"),
])
def test_a_change_from_anywhere_but_the_page_is_refused(root: Path, client: Client,
                                                        headers: dict[str, str], status: int,
                                                        says: str) -> None:
    """A save without the page's CSRF token, from another origin, or sent as a plain
    form is refused, and the file is not touched."""
    before = review_text(root)
    _, base = client.editor_page("reviews/child-a.yaml")
    answer = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                  "data": {"name": "Child Z"}}, headers)
    assert answer.status == status
    assert says in answer.json()["error"]
    assert review_text(root) == before


def test_pages_carry_a_content_security_policy(client: Client) -> None:
    """Pages allow scripts from the editor itself only, and are never cached."""
    answer = client.get("/")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-eval" not in policy and "script-src" not in policy
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"


# --- malformed requests -----------------------------------------------------------------------

@pytest.mark.parametrize("payload, says", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"data": {}}', "names no file"),
    (b'{"file": 7}', "names no file"),
    (b'{"file": "reviews/child-a.yaml"}', "neither the form's values"),
    (b'{"file": "reviews/child-a.yaml", "data": []}', "neither the form's values"),
    (b'{"file": "reviews/child-a.yaml", "text": 5}', "'text' must be"),
    (b'{"file": "reviews/child-a.yaml", "data": {"summary": {"$yaml": "a: [b"}}}',
     "not valid YAML"),
])
def test_malformed_posts_get_a_clear_message(root: Path, client: Client, payload: bytes,
                                             says: str) -> None:
    """A post the editor cannot read is answered with what is wrong, never a traceback,
    and nothing is written."""
    before = review_text(root)
    for call in ("draft", "save"):
        answer = client.post(call, payload)
        assert answer.status in (400, 404, 422), answer.text
        message = answer.json()["error"]
        assert says in message
        assert "Traceback" not in answer.text
    assert review_text(root) == before


def test_a_field_posted_as_broken_yaml_is_reported_at_that_field(client: Client) -> None:
    """A part of the form shown as YAML that no longer parses is a problem at its field."""
    answer = client.post("draft", {"file": "reviews/child-a.yaml",
                                   "data": {"summary": {"$yaml": "a: [b"}}})
    assert answer.status == 422
    assert answer.json()["problems"][0]["path"] == "summary"


# --- paths ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/edit/../scrdocs.yaml", "/edit/reviews/../../secret.yaml", "/edit/reviews/..%2f..%2fsecret.yaml",
    "/edit/case-key.yaml", "/edit/case-key.example.yaml", "/edit/.vscode/settings.json",
    "/edit/reviews/.hidden.yaml", "/edit/schemas/review.schema.json", "/edit/%2e%2e/secret.yaml",
    "/download/../secret.yaml?format=pdf", "/out/..%2fsecret.yaml", "/out/secret.pdf",
    "/static/../app.py", "/static/%2e%2e/app.py",
])
def test_nothing_outside_the_workspace_files_is_served(root: Path, client: Client,
                                                       path: str) -> None:
    """``../`` paths, the case key, hidden files and anything but the profile, reviews and
    documents are refused; a file beside the workspace is never read."""
    (root.parent / "secret.yaml").write_text("kind: minutes\nsecret: outside\n")
    (root / "case-key.yaml").write_text(f"names:\n  - real: {REAL_NAME}\n    pseudonym: Child A\n")
    answer = client.get(path)
    assert answer.status in (400, 404), (path, answer.status)
    assert "outside" not in answer.text and REAL_NAME not in answer.text
    assert "def create_app" not in answer.text


@pytest.mark.parametrize("file", ["../secret.yaml", "reviews/../../secret.yaml",
                                  "/etc/passwd", "case-key.yaml", "reviews/x.txt",
                                  "documents/sub/x.yaml", "out/minutes.pdf"])
def test_nothing_outside_the_workspace_files_is_written(root: Path, client: Client,
                                                        file: str) -> None:
    """A save naming any other path is refused and writes nothing anywhere."""
    before = sorted(p.relative_to(root.parent) for p in root.parent.rglob("*"))
    answer = client.post("save", {"file": file, "base": "", "text": "name: x\n"})
    assert answer.status == 404
    assert "not a file the editor opens" in answer.json()["error"]
    assert sorted(p.relative_to(root.parent) for p in root.parent.rglob("*")) == before


def test_a_symbolic_link_leading_outside_is_refused(root: Path, client: Client) -> None:
    """A review file that is a link to a file outside the workspace is neither read nor
    written."""
    outside = root.parent / "elsewhere.yaml"
    outside.write_text("name: Elsewhere\n")
    (root / "reviews" / "linked.yaml").symlink_to(outside)
    assert client.get("/edit/reviews/linked.yaml").status == 404
    answer = client.post("save", {"file": "reviews/linked.yaml", "base": "",
                                  "text": "name: Changed\n"})
    assert answer.status == 404 and "leads outside" in answer.json()["error"]
    assert outside.read_text() == "name: Elsewhere\n"
    with pytest.raises(NotEditable):
        data_file(root, "reviews/linked.yaml")


# --- saving ----------------------------------------------------------------------------------

def test_saving_keeps_comments_order_and_quoting_of_untouched_fields(root: Path,
                                                                    client: Client) -> None:
    """A save through the form changes the fields changed and nothing else: the comments,
    the order of the keys, the ``|`` blocks and the quotes stay; the write is atomic."""
    before = review_text(root)
    _, base = client.editor_page("reviews/child-a.yaml")
    answer = client.post("save", {"file": "reviews/child-a.yaml", "base": base, "data": {
        "name": "Child A", "published": None,
        "publication_note": "Delayed by criminal proceedings: now cleared.",
        "reviewer": "Dr Ayesha Malik"}})
    assert answer.status == 200, answer.text
    after = review_text(root)
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == [
        "published: 2025-02                  # leave out while the report is not yet published",
        "reviewer: Independent reviewer"]
    assert "reviewer: Dr Ayesha Malik" in after
    assert "publication_note: 'Delayed by criminal proceedings: now cleared.'" in after
    assert after.index("completed:") < after.index("publication_note:") < after.index("reviewer:")
    assert after.index("reviewer:") < after.index("methodology:")
    assert "# the published pseudonym, never a real name" in after
    assert 'title: "Child A: full report"' in after
    assert not list((root / "reviews").glob(".*.tmp"))
    assert load_workspace(root).reviews["child-a"].reviewer == "Dr Ayesha Malik"


def test_a_file_changed_on_disk_is_never_overwritten_silently(root: Path,
                                                              client: Client) -> None:
    """Two tabs open the same file; the second to save is shown both versions and keeps
    its own only when it says so."""
    _, base = client.editor_page("reviews/child-a.yaml")
    first = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                 "data": {"reviewer": "First tab"}})
    assert first.status == 200
    second = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                  "data": {"reviewer": "Second tab"}})
    assert second.status == 409
    conflict = second.json()["conflict"]
    assert "reviewer: First tab" in conflict["disk"]
    assert "reviewer: Second tab" in conflict["mine"]
    assert "reviewer: First tab" in review_text(root)
    kept = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                "overwrite": conflict["disk_base"],
                                "data": {"reviewer": "Second tab"}})
    assert kept.status == 200
    assert "reviewer: Second tab" in review_text(root)
    assert "# the published pseudonym" in review_text(root)


def test_a_file_deleted_since_it_was_opened_is_a_conflict(root: Path, client: Client) -> None:
    """Saving a file someone deleted meanwhile asks first, rather than bringing it back."""
    _, base = client.editor_page("reviews/child-a.yaml")
    (root / "reviews" / "child-a.yaml").unlink()
    answer = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                  "data": {"reviewer": "Me"}})
    assert answer.status == 409
    assert "deleted since you opened it" in answer.json()["error"]
    assert not (root / "reviews" / "child-a.yaml").exists()


def test_a_broken_yaml_file_opens_as_text_with_its_error(root: Path, client: Client) -> None:
    """A file that is not valid YAML opens as its text with the error and its line; saving
    the corrected text brings the form back, and nothing was lost meanwhile."""
    broken = "name: Child A\nsummary: concerned a baby: who was\n  hurt\n\tlearning_points: []\n"
    (root / "reviews" / "child-a.yaml").write_text(broken)
    page, base = client.editor_page("reviews/child-a.yaml")
    assert page.status == 200
    assert 'data-mode="text"' in page.text
    assert "not valid YAML" in page.text and "line " in page.text
    assert "concerned a baby: who was" in page.text
    draft = client.post("draft", {"file": "reviews/child-a.yaml", "text": broken})
    assert draft.json()["problems"][0]["line"] is not None
    fixed = "name: Child A\nsummary: 'concerned a baby: who was hurt'\n"
    saved = client.post("save", {"file": "reviews/child-a.yaml", "base": base, "text": fixed})
    assert saved.status == 200 and saved.json()["problems"] == []
    assert review_text(root) == fixed
    assert 'data-mode="form"' in client.get("/edit/reviews/child-a.yaml").text


def test_a_file_that_is_not_utf8_opens_as_text_and_saves_as_utf8(root: Path,
                                                                 client: Client) -> None:
    """A file saved as Windows-1252 is shown as text with a note, and saved back as UTF-8."""
    (root / "reviews" / "child-a.yaml").write_bytes("name: Child A\nreviewer: Zoë\n".encode("cp1252"))
    page, base = client.editor_page("reviews/child-a.yaml")
    assert "not UTF-8" in page.text and "Zoë" in page.text
    saved = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                 "text": "name: Child A\nreviewer: Zoë\n"})
    assert saved.status == 200
    assert (root / "reviews" / "child-a.yaml").read_bytes().decode("utf-8").endswith("Zoë\n")


# --- validation and preview --------------------------------------------------------------------

def test_problems_are_those_scrdocs_validate_reports(root: Path, client: Client) -> None:
    """The form's problems carry the validator's own words and field paths."""
    answer = client.post("draft", {"file": "reviews/child-a.yaml", "data": {
        "published": "2021-13", "actions": [{"action": "Audit", "status": "done"}]}})
    problems = {p["path"]: p["message"] for p in answer.json()["problems"]}
    (root / "reviews" / "child-a.yaml").write_text(answer.json()["yaml"])
    with pytest.raises(Exception) as caught:
        load_workspace(root)
    expected = {p.path: p.message for p in caught.value.problems}  # type: ignore[attr-defined]
    assert problems == expected
    assert problems["published"] == "'2021-13' is not a date: there is no month 13"
    assert problems["actions.0.status"].startswith("'done' is not allowed")


def test_the_profile_s_logo_is_checked_in_the_workspace_folder(root: Path,
                                                               client: Client) -> None:
    """The profile form's logo is looked for in the workspace, as scrdocs validate does:
    a file that is there passes, a missing one or one outside the folder is a problem."""
    (root / "logo.png").write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360f80f0000010100005c5b6a3a0000"
                      "000049454e44ae426082"))
    (root.parent / "secret.png").write_bytes(b"outside")
    messages = {}
    for path in ("logo.png", "missing.png", "../secret.png"):
        answer = client.post("draft", {"file": "scrdocs.yaml", "data": {
            "logo": {"path": path, "alt": "Anyshire logo"}}})
        messages[path] = [(p["path"], p["message"]) for p in answer.json()["problems"]]
    assert messages == {
        "logo.png": [],
        "missing.png": [("logo.path", "there is no file 'missing.png' in the workspace")],
        "../secret.png": [("logo.path", "the logo must be a file inside the workspace folder")]}


def test_a_review_reference_the_workspace_lacks_is_reported(client: Client) -> None:
    """A document pointing at a review that is not there gets the workspace's own message."""
    answer = client.post("draft", {"file": "documents/committee-report.yaml",
                                   "data": {"item": {"title": "Item", "review": "child-z"}}})
    problems = answer.json()["problems"]
    assert [p["path"] for p in problems] == ["item.review"]
    assert "there is no review 'child-z'" in problems[0]["message"]


def test_the_preview_follows_the_form(client: Client) -> None:
    """The HTML preview shows the values typed, before anything is saved."""
    answer = client.post("draft", {"file": "documents/committee-report.yaml",
                                   "data": {"item": {"title": "A title typed just now"}}})
    preview = answer.json()["preview"]
    assert "A title typed just now" in preview["html"]
    review = client.post("draft", {"file": "reviews/child-a.yaml", "target": "committee-report",
                                   "data": {"summary": "concerned a preview of a review."}})
    assert "concerned a preview of a review." in review.json()["preview"]["html"]


def test_the_pdf_view_and_downloads_are_real_documents(root: Path, client: Client) -> None:
    """The PDF of the form's values and the downloads of the saved file read back."""
    from pypdf import PdfReader

    pdf = client.post("pdf", {"file": "documents/committee-report.yaml",
                              "data": {"item": {"title": "Unsaved title for the PDF"}}})
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Unsaved title for the PDF" in PdfReader(io.BytesIO(pdf.body)).pages[0].extract_text()
    saved = client.get("/download/documents/committee-report.yaml?format=pdf")
    assert 'filename="committee-report.pdf"' in saved.headers["content-disposition"]
    text = "".join(pdf_page_texts(saved.body))
    assert "Child Safeguarding Practice Review" in text
    assert "Unsaved title" not in text
    word = client.get("/download/documents/committee-report.yaml?format=docx")
    assert word.body[:2] == b"PK"
    assert client.get("/download/documents/committee-report.yaml?format=exe").status == 400


def test_what_the_case_key_protects_never_reaches_the_page(root: Path, client: Client) -> None:
    """A real name typed into a field withholds the preview and the PDF, saying where it
    is and never the name; build and check report the place, not the name."""
    (root / "case-key.yaml").write_text(
        f"names:\n  - real: {REAL_NAME}\n    pseudonym: Child A\n", encoding="utf-8")
    leak = f"concerned {REAL_NAME}, aged four months."
    draft = client.post("draft", {"file": "reviews/child-a.yaml", "target": "committee-report",
                                  "data": {"summary": leak}})
    preview = draft.json()["preview"]
    assert preview["html"] is None
    assert "withheld" in preview["message"]
    assert any("summary" in place for place in preview["places"])
    pdf = client.post("pdf", {"file": "reviews/child-a.yaml", "target": "committee-report",
                              "data": {"summary": leak}})
    assert pdf.status == 422
    _, base = client.editor_page("reviews/child-a.yaml")
    assert client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                "data": {"summary": leak}}).status == 200
    built = client.post("build", {})
    checked = client.post("check", {"word_layout": False})
    home = client.get("/")
    for answer in (built, checked, home, client.post("draft", {
            "file": "reviews/child-a.yaml", "data": {"summary": leak}})):
        shown = answer.text.replace(leak, "")  # the form's own value echoed back is the user's
        assert "Tallulah" not in shown and "Brightwater" not in shown, answer.text[:500]
    assert built.json()["failed"]
    assert any("reviews/child-a.yaml" in d for d in checked.json()["disclosures"])
    assert client.get("/edit/case-key.yaml").status == 404


def test_build_writes_every_document_and_lists_it(root: Path, client: Client) -> None:
    """Build from the page writes what ``scrdocs build`` writes and links each file."""
    answer = client.post("build", {})
    result = answer.json()
    assert result["ok"] is True, result
    assert "committee-report.pdf" in result["written"]
    assert (root / "out" / "committee-report.pdf").is_file()
    assert client.get("/out/committee-report.pdf").body[:5] == b"%PDF-"


# --- files: new, rename, delete --------------------------------------------------------------------

def test_a_new_review_and_document_come_from_the_starters(root: Path, client: Client) -> None:
    """A new review is the starter review with its published name; a new document of a
    kind is that starter, drawing on the review chosen, with its comments."""
    review = client.post("new", {"subject": "review", "name": "child-b",
                                 "pseudonym": "Child B"})
    assert review.json() == {"file": "reviews/child-b.yaml", "url": "/edit/reviews/child-b.yaml"}
    text = (root / "reviews" / "child-b.yaml").read_text()
    assert text.count("name: Child B") == 1 and "# the published pseudonym" in text
    document = client.post("new", {"subject": "document", "name": "guide-b",
                                   "kind": "one-minute-guide", "review": "child-b"})
    assert document.status == 200
    guide = (root / "documents" / "guide-b.yaml").read_text()
    assert "- child-b" in guide and "child-a" not in guide and "Child A" not in guide
    loaded = load_workspace(root)
    assert loaded.documents["guide-b"].review_ids() == ["child-b"]
    again = client.post("new", {"subject": "review", "name": "child-b"})
    assert again.status == 409 and "exists already" in again.json()["error"]
    for bad in ({"subject": "review", "name": "../x"}, {"subject": "review", "name": ""},
                {"subject": "document", "name": "x", "kind": "novel"}, {"subject": "profile"}):
        answer = client.post("new", bad)
        assert answer.status == 400, bad
    assert not (root.parent / "x.yaml").exists()


def test_renaming_a_review_updates_the_documents_that_use_it(root: Path,
                                                             client: Client) -> None:
    """A review renamed keeps every document building: their references follow it, and
    their comments stay."""
    answer = client.post("rename", {"file": "reviews/child-a.yaml", "name": "baby-a"})
    assert answer.status == 200
    assert answer.json()["file"] == "reviews/baby-a.yaml"
    assert "documents/committee-report.yaml" in answer.json()["updated"]
    report = (root / "documents" / "committee-report.yaml").read_text()
    assert "review: baby-a" in report and "# the review file this paper is about" in report
    loaded = load_workspace(root)
    assert set(loaded.reviews) == {"baby-a"}
    taken = client.post("rename", {"file": "documents/minutes.yaml", "name": "committee-report"})
    assert taken.status == 409
    minutes = client.post("rename", {"file": "documents/minutes.yaml", "name": "minutes-march"})
    assert "documents/resolution-list.yaml" in minutes.json()["updated"]
    load_workspace(root)


def test_deleting_needs_the_file_confirmed(root: Path, client: Client) -> None:
    """Delete removes the file only when the request confirms which file, and never the
    profile."""
    unconfirmed = client.post("delete", {"file": "documents/minutes.yaml"})
    assert unconfirmed.status == 400 and (root / "documents" / "minutes.yaml").exists()
    profile = client.post("delete", {"file": "scrdocs.yaml", "confirm": "scrdocs.yaml"})
    assert profile.status == 400 and (root / "scrdocs.yaml").exists()
    deleted = client.post("delete", {"file": "reviews/child-a.yaml",
                                     "confirm": "reviews/child-a.yaml"})
    assert deleted.status == 200
    assert "committee-report" in deleted.json()["used_by"]
    assert not (root / "reviews" / "child-a.yaml").exists()
    home = client.get("/")
    assert "there is no review &#39;child-a&#39;" in home.text


# --- the form from the schema ---------------------------------------------------------------------

def test_every_control_of_every_starter_form_has_a_label(root: Path, client: Client) -> None:
    """Every input, select and text area on each file's form is named by a label."""
    for relative in ["scrdocs.yaml", "reviews/child-a.yaml",
                     *[f"documents/{p.name}" for p in sorted((root / "documents").iterdir())]]:
        page = client.get(f"/edit/{relative}").text
        assert 'data-mode="form"' in page, relative
        controls = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', page)
        labels = set(re.findall(r'<label for="([^"]+)"', page))
        assert controls and set(controls) <= labels, (relative, set(controls) - labels)


def test_the_form_offers_the_schema_s_choices(client: Client) -> None:
    """Enumerations are selects, review references are a picker of this workspace's
    reviews, free text explains the markup, and lists can grow."""
    review = client.get("/edit/reviews/child-a.yaml").text
    assert re.search(r'<select id="f-review_type"[^>]*>.*<option value="rapid-review">', review)
    assert 'data-kind="date" data-key="commissioned"' in review
    assert "**strong**" in review and 'data-action="add"' in review
    report = client.get("/edit/documents/committee-report.yaml").text
    assert re.search(r'<select id="f-item-review".*?<option value="child-a" selected>'
                     r"child-a — Child A</option>", report, re.DOTALL)


def test_form_values_written_back_unchanged_leave_the_file_as_it_was() -> None:
    """Every bundled example file, read into the form's values and written back with them
    unchanged, is the same text."""
    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("data/*/*.yaml"), *root.glob("data/*/reviews/*.yaml"),
             *root.glob("data/*/documents/*.yaml"), *root.glob("templates/_workspace/*/*.yaml"),
             *root.glob("tests/data/bilingual/**/*.yaml")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert roundtrip.updated(text, roundtrip.plain(roundtrip.load(text))) == text, path


def test_a_value_the_form_cannot_show_is_kept_as_yaml() -> None:
    """Text where a list belongs is shown as YAML in a text area of its own, so opening the
    file in the form loses nothing."""
    import scrdocs

    schema = scrdocs.json_schema("review")
    html = forms.render_form(schema, {"name": "Q", "learning_points": {"a": "b"}},
                             forms.Context(schema["$defs"]))
    assert 'data-kind="yaml" data-key="learning_points"' in html
    assert "a: b" in html


# --- a bilingual workspace -------------------------------------------------------------------------

@pytest.fixture
def bilingual_root(tmp_path: Path) -> Path:
    """Return the folder of a workspace publishing in Welsh and English."""
    return write_bilingual(tmp_path / "dwyieithog")


@pytest.fixture
def bilingual(bilingual_root: Path) -> Iterator[Client]:
    """Return a client of the editor running on the bilingual workspace."""
    running = Running(bilingual_root)
    yield running.client()
    running.stop()


def language_boxes(page: str, field: str) -> list[tuple[str, str, str]]:
    """Return the boxes of the text field ``field`` (its id: ``f-summary``) given in several
    languages, as (language code, label, text), in the order the form shows them."""
    group = re.search(rf'<fieldset class="field languages" data-kind="languages"[^>]*'
                      rf'id="{field}">(.*?)</fieldset>', page, re.DOTALL)
    assert group, f"{field} is not shown as a text a language"
    boxes = re.findall(r'<label for="([^"]+)" lang="([^"]+)">([^<]*)</label>'
                       r'<textarea id="([^"]+)" lang="([^"]+)"[^>]*>\n(.*?)</textarea>',
                       group.group(1), re.DOTALL)
    for label_for, label_lang, _, box_id, box_lang, _ in boxes:
        assert label_for == box_id == f"{field}-{box_lang}" and label_lang == box_lang
    return [(lang, html.unescape(label), html.unescape(text))
            for _, _, label, _, lang, text in boxes]


def test_a_text_in_two_languages_is_a_labelled_box_a_language(bilingual: Client) -> None:
    """A field given as {cy: …, en: …} is a box a language, labelled Cymraeg and English
    and carrying its lang, Welsh first as the profile lists them whatever the file's order,
    each holding its language's text; a text given once stays one box."""
    page = bilingual.get("/edit/reviews/plentyn-a.yaml").text
    assert language_boxes(page, "f-summary") == [
        ("cy", "Cymraeg", ("yn ymwneud â babi pedwar mis oed a dderbyniwyd i'r ysbyty â "
                           "braich wedi torri.")),
        ("en", "English", ("concerned a four-month-old baby who was admitted to hospital "
                           "with a broken arm."))]
    assert language_boxes(page, "f-findings-0") == [
        ("cy", "Cymraeg", ("Ni ddilynwyd y protocol cleisio ar gyfer babanod nad ydynt yn "
                           "symud eto.\n")),
        ("en", "English", ("The bruising protocol for babies who are not yet mobile was not "
                           "followed.\n"))]
    assert [label for _, label, _ in language_boxes(page, "f-name")] == ["Cymraeg", "English"]
    assert re.search(r'<div class="field" data-kind="text" data-key="partnership">'
                     r'<label for="f-partnership">', page)
    assert 'data-kind="yaml"' not in page
    report = bilingual.get("/edit/documents/committee-report.yaml").text
    assert language_boxes(report, "f-item-title")[0] == ("cy", "Cymraeg", "Adolygiad Plentyn A")
    profile = bilingual.get("/edit/scrdocs.yaml").text
    assert language_boxes(profile, "f-name")[1] == ("en", "English",
                                                    "Example Safeguarding Board")


def test_a_language_the_file_lacks_gets_an_empty_box() -> None:
    """A text lacking one of the profile's languages shows that language's box empty, and a
    language the profile does not publish in is kept in a box of its own."""
    schema = __import__("scrdocs").json_schema("review")
    context = forms.Context(schema["$defs"], languages=["cy", "en"])
    page = forms.render_form(schema, {"summary": {"en": "Summary.", "fr": "Résumé."}}, context)
    assert language_boxes(page, "f-summary") == [
        ("cy", "Cymraeg", ""), ("en", "English", "Summary."), ("fr", "Français", "Résumé.")]


def test_saving_one_language_keeps_the_other_and_the_file_s_form(bilingual_root: Path,
                                                               bilingual: Client) -> None:
    """Saving the form with one language of a text changed writes that language's text and
    leaves the other, the comments, the | blocks and the {cy: …, en: …} lines as they were;
    the file loads with the new Welsh."""
    path = bilingual_root / "reviews" / "plentyn-a.yaml"
    before = path.read_text(encoding="utf-8")
    _, base = bilingual.editor_page("reviews/plentyn-a.yaml")
    data = roundtrip.plain(roundtrip.load(before))
    data["summary"]["cy"] = "yn ymwneud â babi pedwar mis oed (testun newydd)."
    data["findings"][0]["cy"] = "Ni ddilynwyd y protocol cleisio.\n"
    data["findings"][1]["cy"] = "Ni ofynnodd neb pwy oedd yn byw yno."
    answer = bilingual.post("save", {"file": "reviews/plentyn-a.yaml", "base": base,
                                     "data": data})
    assert answer.status == 200 and answer.json()["problems"] == [], answer.text
    after = path.read_text(encoding="utf-8")
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines())
               if old != new]
    assert changed == [
        ("  cy: yn ymwneud â babi pedwar mis oed a dderbyniwyd i'r ysbyty â braich wedi torri.",
         "  cy: yn ymwneud â babi pedwar mis oed (testun newydd)."),
        ("      Ni ddilynwyd y protocol cleisio ar gyfer babanod nad ydynt yn symud eto.",
         "      Ni ddilynwyd y protocol cleisio."),
        (("  - {cy: Ni ofynnodd neb pwy arall oedd yn byw yn y cartref., en: No one asked "
          "who else lived in the home.}"),
         ("  - {cy: Ni ofynnodd neb pwy oedd yn byw yno., en: No one asked who else lived "
          "in the home.}"))]
    assert len(after.splitlines()) == len(before.splitlines())
    loaded = load_workspace(bilingual_root)
    assert loaded.in_language("cy").reviews["plentyn-a"].summary == \
        "yn ymwneud â babi pedwar mis oed (testun newydd)."
    assert loaded.in_language("en").reviews["plentyn-a"].summary.startswith(
        "concerned a four-month-old baby")


def test_a_text_of_several_lines_in_a_one_line_map_becomes_a_block(bilingual_root: Path,
                                                                   bilingual: Client) -> None:
    """A Welsh text given a second paragraph in a field written {cy: …, en: …} on one line
    is saved as a block of the two languages, the Welsh a | block and the English as it
    was written, and reads back the same."""
    _, base = bilingual.editor_page("documents/committee-report.yaml")
    title = {"cy": "Adolygiad Plentyn A\n\nAil baragraff.", "en": "Review of Child A"}
    answer = bilingual.post("save", {"file": "documents/committee-report.yaml", "base": base,
                                     "data": {"item": {"title": title}}})
    assert answer.status == 200, answer.text
    text = (bilingual_root / "documents" / "committee-report.yaml").read_text(encoding="utf-8")
    assert "  title:\n    cy: |-\n      Adolygiad Plentyn A\n\n      Ail baragraff.\n" in text
    assert '    en: "Review of Child A"\n' in text
    assert roundtrip.plain(roundtrip.load(text))["item"]["title"] == title


@pytest.mark.parametrize(("summary", "problem"), [
    pytest.param({"cy": None, "en": "concerned a baby."}, ("summary", "has no Welsh text"),
                 id="welsh-missing"),
    pytest.param({"cy": "yn ymwneud â babi.", "en": "concerned a baby.", "fr": "un bébé."},
                 ("summary.fr", "'fr' is not a language scrdocs.yaml publishes in"),
                 id="language-not-published"),
])
def test_a_text_missing_a_language_is_a_problem_at_its_field(bilingual_root: Path,
                                                             bilingual: Client,
                                                             summary: dict[str, str | None],
                                                             problem: tuple[str, str]) -> None:
    """The form's problems with a text in several languages are those ``scrdocs validate``
    reports for the file, at the same field and line."""
    answer = bilingual.post("draft", {"file": "reviews/plentyn-a.yaml",
                                      "data": {"summary": summary}})
    problems = answer.json()["problems"]
    assert [(p["path"], p["message"][:len(problem[1])]) for p in problems] == [problem]
    (bilingual_root / "reviews" / "plentyn-a.yaml").write_text(answer.json()["yaml"],
                                                               encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_workspace(bilingual_root)
    expected = [(p.path, p.message, p.line)
                for p in caught.value.problems]  # type: ignore[attr-defined]
    assert [(p["path"], p["message"], p["line"]) for p in problems] == expected


def test_the_bilingual_preview_is_the_document_the_build_makes(bilingual_root: Path,
                                                               bilingual: Client) -> None:
    """The preview of a changed Welsh text shows it, tagged lang="cy", beside the English;
    once saved, the document rendered from the files is the preview, byte for byte; so is
    the preview of a review or of the profile in a document that uses it."""
    import scrdocs

    welsh = "Adolygiad newydd o Plentyn A"
    draft = bilingual.post("draft", {"file": "documents/committee-report.yaml", "data": {
        "item": {"title": {"cy": welsh, "en": "Review of Child A"}}}}).json()
    preview = draft["preview"]["html"]
    assert re.search(rf'lang="cy"[^>]*>{welsh}<', preview), preview[:2000]
    assert "Review of Child A" in preview
    (bilingual_root / "documents" / "committee-report.yaml").write_text(draft["yaml"],
                                                                        encoding="utf-8")
    workspace = scrdocs.load_workspace(bilingual_root)
    built = scrdocs.render(workspace.documents["committee-report"], workspace, "html")
    assert built.decode("utf-8") == preview

    summary = {"cy": "yn ymwneud â chrynodeb newydd.", "en": "concerned a new summary."}
    review = bilingual.post("draft", {"file": "reviews/plentyn-a.yaml", "data": {
        "summary": summary}, "target": "committee-report"}).json()["preview"]["html"]
    assert summary["cy"] in review and summary["en"] in review
    name = {"cy": "Bwrdd Diogelu Newydd", "en": "Example Safeguarding Board"}
    profile = bilingual.post("draft", {"file": "scrdocs.yaml", "data": {"name": name},
                                       "target": "committee-report"}).json()
    assert profile["problems"] == [] and "Bwrdd Diogelu Newydd" in profile["preview"]["html"]


def bilingual_examples() -> list[Path]:
    """Return the files of the bundled example workspaces that publish in several
    languages."""
    from scrdocs._yaml import read_file
    from scrdocs.bilingual import languages_of

    data = Path(__file__).resolve().parents[1] / "data"
    found = []
    for profile in sorted(data.glob("*/scrdocs.yaml")):
        if languages_of(read_file(profile).data):
            found += [profile, *sorted(profile.parent.glob("reviews/*.yaml")),
                      *sorted(profile.parent.glob("documents/*.yaml"))]
    return found


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{p.parent.name}/{p.name}")
                                  for p in bilingual_examples()] or [pytest.param(
    None, marks=pytest.mark.skip(reason="no bilingual example workspace under data/"))])
def test_a_bilingual_example_opens_in_the_form_and_previews(path: Path) -> None:
    """Each file of a bundled bilingual example opens as a form with every text given in
    several languages as a box a language (none left to YAML), and its values sent back
    unchanged check clean and preview; the document previews as it builds."""
    import scrdocs

    root = path.parent if path.name == "scrdocs.yaml" else path.parent.parent
    relative = path.relative_to(root).as_posix()
    running = Running(root)
    try:
        client = running.client()
        page = client.get(f"/edit/{relative}").text
        assert 'data-mode="form"' in page and 'data-kind="yaml"' not in page
        assert 'data-kind="languages"' in page and '<textarea id="f-' in page
        data = roundtrip.plain(roundtrip.load(path.read_text(encoding="utf-8")))
        answer = client.post("draft", {"file": relative, "data": data}).json()
        assert answer["problems"] == [] and answer["yaml"] == path.read_text(encoding="utf-8")
        if relative.startswith("documents/"):
            workspace = scrdocs.load_workspace(root)
            built = scrdocs.render(workspace.documents[path.stem], workspace, "html")
            assert answer["preview"]["html"] == built.decode("utf-8")
    finally:
        running.stop()


# --- the command ------------------------------------------------------------------------------------

def test_scrdocs_serve_prints_its_address_and_stops_on_ctrl_c(root: Path) -> None:
    """``scrdocs serve`` prints an address with a token that opens the home page, warns
    when told to listen beyond 127.0.0.1, and ends cleanly on Ctrl+C."""
    command = [sys.executable, "-m", "scrdocs", "serve", str(root), "--no-browser",
               "--host", "127.0.0.2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = None
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        while url is None and time.monotonic() < deadline:
            found = re.search(r"http://127\.0\.0\.2:(\d+)/\?token=\S+", process.stdout.readline())
            url = found.group() if found else None
        assert url is not None
        port = int(url.split(":")[2].split("/")[0])
        answer = Client(port, None, None, "127.0.0.2").get(url.split(str(port), 1)[1])
        assert answer.status == 303
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Warning: listening on 127.0.0.2" in stderr
    assert "Traceback" not in stderr


def test_scrdocs_serve_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path,
                                                                run_cli: object) -> None:
    """Pointing the editor at a folder without scrdocs.yaml fails at once, saying why."""
    result = run_cli("serve", tmp_path, "--no-browser")  # type: ignore[operator]
    assert result.exit_code == 2
    assert "not a scrdocs workspace" in result.stderr
