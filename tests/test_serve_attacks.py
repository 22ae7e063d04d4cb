"""``scrdocs serve`` attacked: by a hostile workspace file, a hostile page and a careless user.

Each test sends what a browser, a colleague's commit or a slip of the hand would send, and
checks what the user would notice: the case key stays unseen, the file on disk is the one
they wrote, an error says what is wrong, and the editor keeps answering.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from helpers import copy_example
from serve_support import Client, Running

from scrdocs.new import new_workspace

ORGANISATION = "Anyshire Safeguarding Children Partnership"
REAL_NAME = "Tallulah Brightwater"
"""A real name kept in the case key: never to reach a page."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return a new workspace, as ``scrdocs new`` writes it, with a case key."""
    folder = tmp_path / "anyshire"
    new_workspace(folder, ORGANISATION)
    (folder / "case-key.yaml").write_text(
        f"names:\n  - real: {REAL_NAME}\n    pseudonym: Child A\n", encoding="utf-8")
    return folder


# --- a hostile workspace file --------------------------------------------------------------

@pytest.mark.parametrize("link", ["reviews/notes.yaml", "documents/notes.yaml"])
def test_a_link_to_the_case_key_inside_the_workspace_is_never_opened(root: Path,
                                                                     client: Client,
                                                                     link: str) -> None:
    """A review or document file that is a link to the case key (committed by someone
    else, say) is refused like the case key itself: its text never reaches a page and
    nothing is written through it."""
    (root / link).symlink_to(Path("..") / "case-key.yaml")
    page = client.get(f"/edit/{link}")
    assert page.status == 404
    assert REAL_NAME not in page.text
    assert "case key" in page.text
    for call in ("draft", "save"):
        answer = client.post(call, {"file": link, "base": "", "data": {"name": "x"}})
        assert answer.status == 404, answer.text
        assert REAL_NAME not in answer.text
    assert REAL_NAME in (root / "case-key.yaml").read_text(encoding="utf-8")
    home = client.get("/")
    assert REAL_NAME not in home.text and f'href="/edit/{link}"' not in home.text


def test_a_link_to_another_workspace_file_is_refused(root: Path, client: Client) -> None:
    """A review file that links to a file of the workspace that is not a review (the built
    output, the editor's settings) is not opened as if it were one."""
    (root / "notes.txt").write_text("private notes\n", encoding="utf-8")
    (root / "reviews" / "notes.yaml").symlink_to(Path("..") / "notes.txt")
    page = client.get("/edit/reviews/notes.yaml")
    assert page.status == 404 and "private notes" not in page.text


def test_a_folder_where_a_file_should_be_is_a_clear_error(root: Path, client: Client) -> None:
    """A folder named like a review (or a file replaced by a folder while its page is open)
    gets a message naming it, never a server error, and nothing is written."""
    folder = root / "reviews" / "child-c.yaml"
    folder.mkdir()
    page = client.get("/edit/reviews/child-c.yaml")
    assert page.status == 404
    assert "eviews/child-c.yaml is a folder, not a file" in page.text
    for call in ("draft", "save", "pdf"):
        answer = client.post(call, {"file": "reviews/child-c.yaml", "base": "",
                                    "data": {"name": "Child C"}})
        assert answer.status == 404, (call, answer.text)
        assert "reviews/child-c.yaml is a folder" in answer.json()["error"]
    assert folder.is_dir() and not list(folder.iterdir())


# --- saving keeps the file a person wrote ---------------------------------------------------

@pytest.mark.parametrize("example", [
    "sefton/documents/minutes-childrens-services-scrutiny-2018-09-25.yaml",
    "wirral/documents/minutes-childrens-trust-board-2012.yaml",
])
def test_labels_set_to_null_survive_a_save_from_the_form(tmp_path: Path, example: str) -> None:
    """Minutes whose house style drops labels (``minute: null``) keep them dropped when
    saved from the form unchanged: the page posts a group whose fields are all empty as
    null, and that must not bring the default labels back."""
    workspace = copy_example(example.split("/")[0], tmp_path)
    relative = example.split("/", 1)[1]
    before = (workspace / relative).read_bytes()
    running = Running(workspace)
    try:
        client = running.client()
        _, base = client.editor_page(relative)
        answer = client.post("save", {"file": relative, "base": base,
                                      "data": {"meeting": {"labels": None}}})
        assert answer.status == 200, answer.text
        assert (workspace / relative).read_bytes() == before
        changed = client.post("save", {"file": relative, "base": answer.json()["base"],
                                       "data": {"meeting": {"labels": None,
                                                            "first_minute": 99}}})
        assert changed.status == 200, changed.text
        text = (workspace / relative).read_text(encoding="utf-8")
        assert "    minutes: null" in text and "first_minute: 99" in text
    finally:
        running.stop()


def test_labels_emptied_in_the_form_are_removed(root: Path, client: Client) -> None:
    """Labels the user empties are removed from the file (their lines go), and a group left
    with nothing goes too."""
    path = root / "documents" / "minutes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("meeting:\n", "meeting:\n  labels:\n    minute: Min.\n", 1),
                    encoding="utf-8")
    _, base = client.editor_page("documents/minutes.yaml")
    answer = client.post("save", {"file": "documents/minutes.yaml", "base": base,
                                  "data": {"meeting": {"labels": None}}})
    assert answer.status == 200, answer.text
    assert path.read_text(encoding="utf-8") == text


# --- a hostile text in several languages -----------------------------------------------------

def bilingual(root: Path) -> Path:
    """Make ``root`` publish in Welsh and English, and return it."""
    profile = root / "scrdocs.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "languages: [cy, en]\n",
                       encoding="utf-8")
    return root


def test_a_real_name_in_the_welsh_alone_is_withheld(root: Path) -> None:
    """A real name typed into the Welsh box of a text, the English left clean, withholds the
    preview and the PDF and is never shown on a page, as it would be in English."""
    running = Running(bilingual(root))
    try:
        client = running.client()
        summary = {"cy": f"yn ymwneud â {REAL_NAME}, pedwar mis oed.",
                   "en": "concerned a baby aged four months."}
        call = {"file": "reviews/child-a.yaml", "target": "committee-report",
                "data": {"summary": summary}}
        draft = client.post("draft", call)
        preview = draft.json()["preview"]
        assert draft.json()["problems"] == [] and preview["html"] is None
        assert "withheld" in preview["message"]
        assert any("summary" in place for place in preview["places"])
        assert REAL_NAME not in draft.text.replace(summary["cy"], "")
        pdf = client.post("pdf", call)
        assert pdf.status == 422 and REAL_NAME not in pdf.text
    finally:
        running.stop()


def test_markup_in_a_text_or_a_language_code_stays_text(root: Path) -> None:
    """A text in several languages holding markup is shown in its box as typed, never as
    part of the page; a key that is no language code is escaped, and is the loader's
    problem at its field; saving the form unchanged leaves the file as it was."""
    hostile = '</textarea><script>alert("cy")</script>'
    review = root / "reviews" / "child-a.yaml"
    text = review.read_text(encoding="utf-8")
    text = text.replace("\nsummary:", "\npublication_note:\n  cy: '" + hostile + "'\n"
                        "  en: Published late.\nsummary:", 1)
    text = text.replace("questions:\n", 'questions:\n  - {cy: Cwestiwn, "en\\" onfocus='
                        '\\"alert(1)": Question}\n', 1)
    review.write_text(text, encoding="utf-8")
    running = Running(bilingual(root))
    try:
        client = running.client()
        page, base = client.editor_page("reviews/child-a.yaml")
        assert page.status == 200 and "<script>" not in page.text
        assert 'onfocus="alert' not in page.text
        assert '<textarea id="f-publication_note-cy" lang="cy"' in page.text
        assert "&lt;/textarea&gt;&lt;script&gt;alert(&#34;cy&#34;)&lt;/script&gt;" in page.text
        from scrdocs.serve import roundtrip

        data = roundtrip.plain(roundtrip.load(text))
        answer = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                      "data": data})
        assert answer.status == 200, answer.text
        assert review.read_text(encoding="utf-8") == text
        assert "questions.0" in [p["path"] for p in answer.json()["problems"]]
    finally:
        running.stop()


# --- a careless user ----------------------------------------------------------------------

@pytest.mark.parametrize("other", ["child-b.yml", "child-b.json"])
def test_a_rename_onto_a_file_of_another_suffix_is_refused(root: Path, client: Client,
                                                           other: str) -> None:
    """Renaming a review to a name another file already has with another suffix (which
    would make two reviews with one id) is refused and nothing moves."""
    (root / "reviews" / other).write_text("name: Child B\n", encoding="utf-8")
    answer = client.post("rename", {"file": "reviews/child-a.yaml", "name": "child-b"})
    assert answer.status == 409, answer.text
    assert f"reviews/{other} exists already" in answer.json()["error"]
    assert (root / "reviews" / "child-a.yaml").is_file()
    assert not (root / "reviews" / "child-b.yaml").exists()
    created = client.post("new", {"subject": "review", "name": "child-b"})
    assert created.status == 409 and "exists already" in created.json()["error"]
    assert not (root / "reviews" / "child-b.yaml").exists()


# --- the token and the address ------------------------------------------------------------

@pytest.mark.parametrize("path", ["//attacker.example/", "/\\attacker.example/",
                                  "/%E2%82%AC", "/edit/reviews/child-a.yaml"])
def test_the_printed_address_only_ever_leads_to_the_editor(editor: Running, path: str) -> None:
    """The token address sends the browser on to a page of this editor, never to another
    site (``//host`` is another site to a browser), and answers any path without a fault."""
    bare = Client(editor.port, None, None)
    answer = bare.get(f"{path}?token={editor.keys.token}")
    assert answer.status == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert editor.keys.token not in location


def test_the_browser_is_opened_without_the_token_in_its_command_line(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The browser is started on a private local page that forwards to the address, so the
    token does not show in the process list other users of the machine can read."""
    from scrdocs import serve

    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    url = "http://127.0.0.1:8123/?token=secret-token-value"

    class Started:
        started = True

    with serve.opener(url) as page:
        serve._open_when_started(Started(), page)
        assert opened and "secret-token-value" not in opened[0]
        local = Path(opened[0].removeprefix("file://"))
        assert local.stat().st_mode & 0o077 == 0
        assert url in local.read_text(encoding="utf-8")
    assert not local.exists()


# --- a runaway template ---------------------------------------------------------------------

RUNAWAY = ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}"
           "{% endfor %}")


def test_a_runaway_template_leaves_the_editor_answering(root: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """While a preview is stuck in a template that never ends (until its time budget runs
    out), the home page, the editor pages and saving still answer; the preview then says
    which template ran too long."""
    from scrdocs import bounds
    from scrdocs.templating import default_templates

    monkeypatch.setattr(bounds, "TIME_BUDGET", 8.0)
    source = (default_templates() / "committee-report" / "committee-report.html.j2").read_text(
        encoding="utf-8")
    folder = root / "templates" / "committee-report"
    folder.mkdir(parents=True)
    (folder / "committee-report.html.j2").write_text(
        source.replace("{% block body %}", "{% block body %}" + RUNAWAY, 1), encoding="utf-8")
    running = Running(root)
    try:
        client = running.client()
        answers: list[object] = []
        preview = threading.Thread(target=lambda: answers.append(client.post(
            "draft", {"file": "documents/committee-report.yaml", "data": {}})))
        preview.start()
        while not running.app.state.editor.workbench.busy_rendering():
            assert preview.is_alive()
            time.sleep(0.01)
        assert client.get("/").status == 200
        page, base = client.editor_page("reviews/child-a.yaml")
        assert page.status == 200
        saved = client.post("save", {"file": "reviews/child-a.yaml", "base": base,
                                     "data": {"reviewer": "Saved meanwhile"}})
        assert saved.status == 200 and saved.json()["problems"] == []
        assert preview.is_alive(), "the preview ended before the other pages were asked"
        preview.join()
        message = answers[0].json()["preview"]["message"]  # type: ignore[attr-defined]
        assert "longer than 8 seconds" in message
    finally:
        running.stop()
