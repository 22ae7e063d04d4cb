"""`scrdocs new`: a starter workspace that validates and builds at once (scrdocs.new)."""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import error_lines
from readback import docx_text, has_pdftotext, pdf_text

from scrdocs import KINDS, json_schema, load_workspace
from scrdocs.kinds.minutes import MINUTES_PROMPT
from scrdocs.new import DEFAULT_ORGANISATION, SCHEMA_FILES, starter_folder
from scrdocs.templating import default_templates

REVIEW_NAME = "Child A"
SCHEMA_LINE = "# yaml-language-server: $schema="


def _scrdocs(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command line as a user would, in a separate process."""
    return subprocess.run([sys.executable, "-m", "scrdocs", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a workspace made by `scrdocs new` and built in Word and PDF by `scrdocs build`."""
    root = tmp_path_factory.mktemp("new") / "ws"
    created = _scrdocs("new", root)
    assert created.returncode == 0, created.stderr
    build = _scrdocs("build", root, "-f", "docx", "-f", "pdf")
    assert build.returncode == 0, build.stderr
    assert build.stderr == ""
    return root


def test_new_workspace_validates_at_once(run_cli, tmp_path):
    """A workspace fresh from `scrdocs new` passes `scrdocs validate` with nothing edited."""
    assert run_cli("new", tmp_path / "ws").exit_code == 0
    result = run_cli("validate", tmp_path / "ws")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("OK — 1 reviews, 7 documents")


def test_new_workspace_has_one_document_of_every_kind(run_cli, tmp_path):
    """The starter holds one document of each kind, and each draws on the example review."""
    run_cli("new", tmp_path / "ws")
    workspace = load_workspace(tmp_path / "ws")
    assert sorted(document.kind for document in workspace.documents.values()) == sorted(KINDS)
    assert list(workspace.reviews) == ["child-a"]
    for document in workspace.documents.values():
        assert workspace.reviews_for(workspace.resolve(document)) == workspace.reviews


def test_starter_minutes_show_the_meeting_record_and_both_ways_of_minuting(run_cli, tmp_path):
    """The starter minutes record attendance and minute numbers, minute one item with
    today's fields and one as blocks with numbered paragraphs, and are ready to publish:
    no item is left as a minutes template."""
    run_cli("new", tmp_path / "ws")
    minutes = load_workspace(tmp_path / "ws").documents["minutes"]
    meeting = minutes.meeting
    assert meeting.present and meeting.apologies and meeting.in_attendance
    assert meeting.start_time and meeting.first_minute
    assert [item.is_template for item in minutes.items] == [False, False]
    assert minutes.items[0].resolutions and minutes.items[1].blocks
    assert minutes.items[1].numbered_paragraphs
    said = run_cli("new", tmp_path / "again").stdout
    assert "minutes template" not in said, "the listing says what the starter minutes are"


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_build_writes_every_kind_naming_the_review(built, kind, format, tmp_path):
    """`scrdocs build` of the starter writes each kind in each format, naming Child A."""
    output = built / "out" / f"{kind}.{format}"
    assert output.is_file()
    if format == "docx":
        text = docx_text(output.read_bytes())
    elif has_pdftotext():
        text = pdf_text(output.read_bytes(), tmp_path)
    else:
        pytest.skip("reading PDF text needs poppler-utils")
    assert REVIEW_NAME in text


def test_built_minutes_show_the_record_and_minute_numbers(built):
    """The starter's minutes come out with who was present, minute numbers and item 6's
    blocks in order, and no template prompt."""
    text = docx_text((built / "out" / "minutes.docx").read_bytes())
    assert "Present: Councillor Patel (Chair)" in text
    assert "Minute 42" in text
    assert text.index("That the Committee endorse the one-minute guide") \
        < text.index("Next steps")
    assert MINUTES_PROMPT not in text


def test_refuses_a_non_empty_folder(run_cli, tmp_path):
    """`scrdocs new` into a folder holding a file exits 5 with an Error line, writing nothing."""
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run_cli("new", tmp_path)
    assert result.exit_code == 5
    assert error_lines(result) == [
        (f"{tmp_path} is not empty; scrdocs new only fills a new or empty folder, so that "
         "none of your files is overwritten. Give the name of a new folder and scrdocs new "
         "will create it")]
    assert "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_refuses_a_file(run_cli, tmp_path):
    """`scrdocs new` given a file's name refuses it with an Error line and exit code 5."""
    (tmp_path / "ws").write_text("")
    result = run_cli("new", tmp_path / "ws")
    assert result.exit_code == 5
    assert "is a file" in error_lines(result)[0]


def test_fills_an_empty_folder_or_one_holding_only_git(run_cli, tmp_path):
    """An existing empty folder, or one where `git init` ran first, is filled."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert run_cli("new", tmp_path / "empty").exit_code == 0
    assert run_cli("new", tmp_path / "repo").exit_code == 0
    assert (tmp_path / "repo" / "scrdocs.yaml").is_file()


def test_creates_missing_parent_folders(run_cli, tmp_path):
    """`scrdocs new a/b/ws` creates the folders on the way."""
    assert run_cli("new", tmp_path / "a" / "b" / "ws").exit_code == 0
    assert (tmp_path / "a" / "b" / "ws" / "reviews" / "child-a.yaml").is_file()


def test_organisation_defaults_to_a_placeholder(run_cli, tmp_path):
    """Without --organisation the profile names 'Your Safeguarding Children Partnership'."""
    run_cli("new", tmp_path / "ws")
    assert load_workspace(tmp_path / "ws").organisation.name == DEFAULT_ORGANISATION


@pytest.mark.parametrize("name", ["Anyshire Safeguarding Children Partnership",
                                  "Bro Morgannwg: Partneriaeth #1 “Diogelu”",
                                  "O'Neill & Partners' Board", "1st Anyshire Partnership",
                                  "Null", 'Say "hello" \\ and\ta tab'])
def test_organisation_option_names_the_profile_and_the_review(run_cli, tmp_path, name):
    """--organisation sets the profile's name and the review's partnership, quoted as YAML
    needs."""
    assert run_cli("new", tmp_path / "ws", "--organisation", name).exit_code == 0
    workspace = load_workspace(tmp_path / "ws")
    assert workspace.organisation.name == name
    assert workspace.reviews["child-a"].partnership == name


def test_blank_organisation_is_a_usage_error(run_cli, tmp_path):
    """--organisation '  ' is refused with exit code 2 and no folder is created."""
    result = run_cli("new", tmp_path / "ws", "--organisation", "  ")
    assert result.exit_code == 2
    assert "--organisation" in result.stderr and "must not be empty" in result.stderr
    assert not (tmp_path / "ws").exists()


def test_next_steps_say_what_to_edit_and_how_to_build(run_cli, tmp_path, monkeypatch):
    """After creating, `scrdocs new` lists the files and the commands to check and build."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "my workspace")
    assert result.exit_code == 0
    for expected in ["reviews/child-a.yaml", "my workspace/scrdocs.yaml",
                     "scrdocs validate 'my workspace'", "scrdocs build 'my workspace'"]:
        assert expected in result.stdout


def test_every_yaml_file_names_its_schema(run_cli, tmp_path):
    """Each data file opens with a yaml-language-server line pointing at its schema file."""
    root = tmp_path / "ws"
    run_cli("new", root)
    expected = {"scrdocs.yaml": "organisation", "reviews/child-a.yaml": "review"}
    expected.update({f"documents/{p.name}": "document" for p in (root / "documents").iterdir()})
    for relative, subject in expected.items():
        first = (root / relative).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), relative
        target = (root / relative).parent / first.removeprefix(SCHEMA_LINE)
        assert target.resolve() == (root / SCHEMA_FILES[subject]).resolve(), relative


def test_schema_files_are_what_scrdocs_schema_prints(run_cli, tmp_path):
    """schemas/*.schema.json hold the JSON Schema `scrdocs schema SUBJECT` prints."""
    run_cli("new", tmp_path / "ws")
    for subject, relative in SCHEMA_FILES.items():
        schema = json.loads((tmp_path / "ws" / relative).read_text(encoding="utf-8"))
        assert schema == json_schema(subject)


def test_vscode_settings_attach_a_schema_to_every_data_file(run_cli, tmp_path):
    """.vscode/settings.json maps each schema file to the YAML files it checks."""
    root = tmp_path / "ws"
    run_cli("new", root)
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert {(root / path).resolve() for path in mapping} == {
        (root / path).resolve() for path in SCHEMA_FILES.values()}
    data_files = [p.relative_to(root).as_posix() for p in root.rglob("*.yaml")
                  if p.name != "case-key.example.yaml"]
    for relative in data_files:
        matched = [schema for schema, patterns in mapping.items()
                   if any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)]
        assert len(matched) == 1, relative


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_keeps_every_case_key_and_the_outputs_out_of_git(run_cli, tmp_path):
    """git ignores case-key.yaml, the example case key (real details may be typed into it
    by mistake), any copy of a case key, and out/; it keeps every data file, the schemas
    and the editor settings."""
    root = tmp_path / "ws"
    run_cli("new", root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "case-key.yaml").write_text("names: []\n")
    (root / "case-key.old.yaml").write_text("names: []\n")
    (root / "out").mkdir()
    (root / "out" / "minutes.pdf").write_bytes(b"")
    private = ["case-key.yaml", "case-key.example.yaml", "case-key.old.yaml",
               "out/minutes.pdf"]
    kept = sorted(path.relative_to(root).as_posix() for path in root.rglob("*")
                  if path.is_file() and ".git" not in path.relative_to(root).parts
                  and path.relative_to(root).as_posix() not in private)
    assert "reviews/child-a.yaml" in kept and ".vscode/settings.json" in kept
    ignored = subprocess.run(["git", "-C", str(root), "check-ignore", *private, *kept],
                             capture_output=True, text=True, check=False).stdout
    assert ignored.split() == private
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain",
                             "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert "case-key" not in status and ".gitignore" in status
    words = (root / "case-key.example.yaml").read_text(encoding="utf-8")
    assert "this example too" in words and "can be shared" not in words


def test_case_key_example_works_once_copied(run_cli, tmp_path):
    """The example case key is read only once copied to case-key.yaml, and then builds."""
    root = tmp_path / "ws"
    run_cli("new", root)
    assert load_workspace(root).case_key is None
    shutil.copy(root / "case-key.example.yaml", root / "case-key.yaml")
    workspace = load_workspace(root)
    assert workspace.case_key is not None
    assert workspace.case_key.names[0].pseudonym == REVIEW_NAME
    result = run_cli("build", root, "-f", "html")
    assert result.exit_code == 0, result.stderr


def test_starter_files_ship_among_the_default_templates():
    """The starter files live in the templates folder that ships inside the wheel."""
    assert starter_folder().parent == default_templates()
    assert (starter_folder() / "scrdocs.yaml").is_file()
    assert (starter_folder() / "dot-gitignore").is_file()


def test_new_workspace_passes_check(tmp_path, run_cli) -> None:
    """A workspace fresh from `scrdocs new` is ready to publish by `scrdocs check`."""
    assert run_cli("new", tmp_path / "ws").exit_code == 0
    result = run_cli("check", tmp_path / "ws")
    assert result.exit_code == 0, result.stderr
    assert "ready to publish" in result.stdout
