"""Resources and files: the renderer reads nothing outside the package and the workspace,
touches no network, and never leaves a half-written, clobbered or stray file behind."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from helpers import error_lines
from test_hostile import embedded_files

from scrdocs.errors import OutputError, RenderError, ScrdocsError, TemplateError
from scrdocs.render import render, render_to_path, write_atomic
from scrdocs.templating import default_templates
from scrdocs.workspace import load_workspace

MINUTES = """\
kind: minutes
meeting: {committee: Scrutiny, date: 2021-06-14}
items:
  - number: 1
    title: Serious Case Review Jasmine
    review: jasmine
    minutes: Members read the [published report](http://127.0.0.1:PORT/report.pdf).
    supporting_documents:
      - title: Procedures
        url: http://127.0.0.1:PORT/procedures
"""

OVERRIDE = "templates/minutes/minutes.html.j2"


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """Return a loopback socket that would accept any fetch the renderer tried."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def was_contacted(server: socket.socket) -> bool:
    """Return whether anything connected to ``server``."""
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return False
    connection.close()
    return True


def minutes_workspace(make_workspace, port: int = 9, html: str | None = None) -> Path:
    """Return the minimal workspace plus minutes linking to ``port``, and an optional
    override of the minutes HTML template."""
    files: dict[str, str | None] = {"documents/minutes.yaml": MINUTES.replace("PORT", str(port))}
    if html is not None:
        files[OVERRIDE] = html
    return make_workspace(files)


def overriding(body: str = "", style: str = "") -> str:
    """Return the default minutes template with ``body`` and ``style`` added."""
    source = (default_templates() / "minutes" / "minutes.html.j2").read_text(encoding="utf-8")
    return source.replace("{% block body %}",
                          f"{{% block style %}}{style}{{% endblock %}}{{% block body %}}{body}")


HOSTILE_TEMPLATES = {
    "img-local-file": overriding(body='<img src="file:///etc/passwd" alt="x">'),
    "img-loopback": overriding(body='<img src="http://127.0.0.1:PORT/x.png" alt="x">'),
    "css-local-file": overriding(style='body { background: url("file:///etc/passwd"); }'),
    "css-loopback": overriding(style='body { background: url("http://127.0.0.1:PORT/x.png"); }'),
    "font-loopback": overriding(style="@font-face { font-family: X; "
                                      "src: url(http://127.0.0.1:PORT/x.ttf); } "
                                      "body { font-family: X; }"),
    "stylesheet-loopback": overriding().replace(
        "{% block body %}", '{% block body %}<link rel="stylesheet" '
                            'href="http://127.0.0.1:PORT/x.css">'),
    "attachment-local-file": overriding(body='<a rel="attachment" href="file:///etc/passwd">'
                                             'x</a>'),
    "attachment-own-file": overriding(body='<a rel="attachment" href="_base/style.css">x</a>'),
    "link-attachment-own-file": overriding(body='<link rel="attachment" '
                                                'href="_base/style.css">'),
    "svg-reading-local-file": overriding(
        body="<img alt='x' src=\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/"
             "svg' xmlns:xlink='http://www.w3.org/1999/xlink'><image xlink:href="
             "'file:///etc/passwd' width='9' height='9'/></svg>\">"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEMPLATES))
def test_template_reaching_outside_fails_and_writes_nothing(name: str, make_workspace,
                                                            listener: socket.socket) -> None:
    """A template asking for a file, URL or attachment fails with RenderError, writing nothing."""
    port = listener.getsockname()[1]
    html = HOSTILE_TEMPLATES[name].replace("PORT", str(port))
    root = minutes_workspace(make_workspace, port, html)
    workspace = load_workspace(root)
    out = root / "out"
    out.mkdir()
    with pytest.raises(RenderError):
        render_to_path(workspace.documents["minutes"], workspace, out / "minutes.pdf")
    assert list(out.iterdir()) == []
    assert not was_contacted(listener)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:PORT/x.png",
                                 "../../../../../../etc/passwd"])
def test_workspace_stylesheet_reaching_outside_fails(url: str, make_workspace,
                                                     listener: socket.socket) -> None:
    """A workspace _base/style.css naming a local file or a URL fails with RenderError."""
    port = str(listener.getsockname()[1])
    css = (default_templates() / "_base" / "style.css").read_text(encoding="utf-8")
    root = minutes_workspace(make_workspace, int(port))
    (root / "templates" / "_base").mkdir(parents=True)
    (root / "templates" / "_base" / "style.css").write_text(
        css + f'\nbody {{ background: url("{url.replace("PORT", port)}"); }}\n')
    workspace = load_workspace(root)
    with pytest.raises(RenderError):
        render(workspace.documents["minutes"], workspace, "pdf")
    assert not was_contacted(listener)


def test_symlink_out_of_the_workspace_is_refused(make_workspace) -> None:
    """An image that is a symlink in the workspace to /etc/passwd is refused, not read."""
    root = make_workspace()
    (root / "seal.png").symlink_to("/etc/passwd")
    root = minutes_workspace(make_workspace, html=overriding(
        body=f'<img src="{(root / "seal.png").as_uri()}" alt="seal">'))
    workspace = load_workspace(root)
    with pytest.raises(RenderError, match="etc/passwd|seal.png"):
        render(workspace.documents["minutes"], workspace, "pdf")


def test_template_including_a_file_outside_the_template_folders_is_refused(
        make_workspace) -> None:
    """{% include "../../../etc/passwd" %} is a TemplateError, for HTML and PDF alike."""
    root = minutes_workspace(make_workspace, html=overriding(
        body='{% include "../../../../../../etc/passwd" %}'))
    workspace = load_workspace(root)
    for format in ("html", "pdf"):
        with pytest.raises(TemplateError, match="no template named"):
            render(workspace.documents["minutes"], workspace, format)


def test_links_in_data_stay_links_and_are_never_fetched(make_workspace,
                                                        listener: socket.socket) -> None:
    """Links in data become hyperlinks, /Link annotations and anchors, and are never fetched."""
    port = listener.getsockname()[1]
    workspace = load_workspace(minutes_workspace(make_workspace, port))
    document = workspace.documents["minutes"]
    urls = {f"http://127.0.0.1:{port}/report.pdf", f"http://127.0.0.1:{port}/procedures"}
    data = render(document, workspace, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
        body = package.read("word/document.xml").decode()
    assert all(f'Target="{url}" TargetMode="External"' in rels for url in urls)
    assert body.count("<w:hyperlink") >= 2
    pdf = render(document, workspace, "pdf")
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        linked = {str(annot.A.URI) for page in opened.pages for annot in page.get("/Annots", [])
                  if annot.get("/Subtype") == "/Link" and "/URI" in annot.get("/A", {})}
    assert urls <= linked
    assert embedded_files(pdf) == []
    html = render(document, workspace, "html").decode()
    assert all(f'href="{url}"' in html for url in urls)
    assert not was_contacted(listener)


# -- files ----------------------------------------------------------------------------------

def run_render(run_cli, root: Path, *args: str | Path):
    """Run ``scrdocs render documents/minutes.yaml ARGS…`` in ``root`` and check it failed
    cleanly: non-zero exit, an Error line, no traceback."""
    result = run_cli("render", root / "documents" / "minutes.yaml", *args)
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code != 0, result.output
    assert error_lines(result), result.stderr
    return result


def test_failed_render_leaves_the_existing_output_byte_identical(make_workspace,
                                                                 run_cli) -> None:
    """A render that fails over an existing output keeps its bytes and leaves no temp file."""
    root = minutes_workspace(make_workspace, html=overriding(
        body='<img src="file:///etc/passwd" alt="x">'))
    out = root / "out"
    out.mkdir()
    target = out / "minutes.pdf"
    target.write_bytes(b"%PDF-1.7 the good copy\n")
    before = sorted(out.iterdir())
    result = run_render(run_cli, root, "-o", target)
    assert result.exit_code == RenderError.exit_code
    assert target.read_bytes() == b"%PDF-1.7 the good copy\n"
    assert sorted(out.iterdir()) == before


def test_missing_output_folder_is_a_clear_error(make_workspace, run_cli) -> None:
    """An output folder that does not exist is an Error naming it, not a traceback."""
    root = minutes_workspace(make_workspace)
    result = run_render(run_cli, root, "-o", root / "nowhere" / "minutes.html")
    assert result.exit_code == OutputError.exit_code
    assert "does not exist" in error_lines(result)[0]
    assert not (root / "nowhere").exists()


@pytest.mark.parametrize("input_file", ["documents/minutes.yaml", "reviews/jasmine.yaml",
                                        "scrdocs.yaml", OVERRIDE])
def test_output_path_equal_to_an_input_is_refused(input_file: str, make_workspace,
                                                  run_cli) -> None:
    """Output over the document, a review, the profile or a template is refused, input kept."""
    root = minutes_workspace(make_workspace, html=overriding())
    before = (root / input_file).read_bytes()
    result = run_render(run_cli, root, "-f", "html", "-o", root / input_file)
    assert result.exit_code == OutputError.exit_code
    assert "refusing to overwrite an input file" in error_lines(result)[0]
    assert (root / input_file).read_bytes() == before


def test_read_only_output_folder_is_a_clear_error(make_workspace, run_cli) -> None:
    """An output folder that cannot be written is an Error, with no temp file left."""
    root = minutes_workspace(make_workspace)
    out = root / "locked"
    out.mkdir()
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(out)], check=False, capture_output=True).returncode != 0:
        pytest.skip("needs chattr +i (tests run as root, so chmod cannot lock a folder)")
    try:
        if os.access(out, os.W_OK) and _can_create(out):
            pytest.skip("the immutable flag did not stop writes here")
        result = run_render(run_cli, root, "-o", out / "minutes.html")
        assert result.exit_code == OutputError.exit_code
        assert "cannot write" in error_lines(result)[0]
        assert list(out.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=True)


def _can_create(folder: Path) -> bool:
    try:
        (folder / ".probe").write_bytes(b"")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


def test_interrupted_write_removes_its_temp_file(tmp_path: Path, monkeypatch) -> None:
    """A write failing or interrupted at the rename keeps the old file and leaves no temp file."""
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(
        OSError(28, "No space left on device")))
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.pdf"]


def test_every_render_failure_is_a_scrdocs_error(make_workspace) -> None:
    """Hostile templates fail as ScrdocsError subclasses, which the CLI prints as Error lines."""
    root = minutes_workspace(make_workspace, html="{% extends 'nope.html.j2' %}")
    workspace = load_workspace(root)
    with pytest.raises(ScrdocsError):
        render(workspace.documents["minutes"], workspace, "pdf")
