"""Measure ``scrdocs serve``: how long the editor's preview takes after a pause in typing.

Run ``python benchmarks/serve_preview.py`` (``--repeats N``, default 7). Starts the editor on
a copy of every example workspace under ``data/``, as ``scrdocs serve`` does (one server
process, its renderer warmed up), and times the calls the page makes, over HTTP on 127.0.0.1:

- HTML preview (``/api/draft``: the form's values written into the file's YAML, checked by
  the validator, rendered as HTML, sent back as JSON) of every bundled document, with a title
  changed as a user would change it; the issue's target is under 300 ms warm;
- the PDF view (``/api/pdf``) of every bundled committee report, with its pages; the target
  is under 1 s warm for a 3-page report.

Prints medians and worst cases; asserts nothing (machines are noisy; see the README).
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
if importlib.util.find_spec("scrdocs") is None:  # a checkout that is not installed
    sys.path.insert(0, str(ROOT))

HTML_TARGET = 0.300
PDF_TARGET = 1.0


class Editor:
    """The editor for one workspace, served by uvicorn in a thread on a free port."""

    def __init__(self, root: Path) -> None:
        import uvicorn

        from scrdocs.serve import create_app, open_socket
        from scrdocs.serve.security import Keys, allowed_hosts

        self.keys = Keys()
        self.sock = open_socket()
        self.port = self.sock.getsockname()[1]
        app = create_app(root, self.keys, allowed_hosts("127.0.0.1", self.port), warm=True)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="error", access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)

    def post(self, call: str, payload: dict[str, Any]) -> tuple[float, int, bytes]:
        """Return the seconds ``/api/<call>`` took, its status and its body."""
        body = json.dumps(payload).encode()
        headers = {"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json",
                   "X-CSRF-Token": self.keys.csrf, "Content-Length": str(len(body)),
                   "Cookie": f"{self.keys.cookie}={self.keys.token}"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        start = time.perf_counter()
        connection.request("POST", f"/api/{call}", body, headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        connection.close()
        return elapsed, response.status, data

    def stop(self) -> None:
        """Stop the server."""
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


def title_change(path: Path) -> dict[str, Any]:
    """Return form values that change the document's title, as typing in it would."""
    from scrdocs.serve import roundtrip

    data = roundtrip.plain(roundtrip.load(path.read_text(encoding="utf-8")))
    if "item" in data and isinstance(data["item"], dict):
        return {"item": {**data["item"], "title": str(data["item"].get("title", "")) + " (draft)"}}
    return {"title": str(data.get("title") or "A title typed in the form") + " (draft)"}


def pdf_view(editor: Editor, workspace: str, document: Path, repeats: int) -> str:
    """Return the line of figures for the PDF view of ``document``."""
    import io

    from pypdf import PdfReader

    payload = {"file": f"documents/{document.name}", "data": title_change(document)}
    times, pages = [], 0
    for _ in range(repeats + 1):
        elapsed, status, body = editor.post("pdf", payload)
        if status != 200:
            raise SystemExit(f"{workspace}/{document.name}: PDF view failed: {status} "
                             f"{body[:300]!r}")
        times.append(elapsed)
        pages = len(PdfReader(io.BytesIO(body)).pages)
    label = f"{workspace}/{document.stem} ({pages} page{'s' * (pages != 1)})"
    return f"  {label:58} {measure(times[1:])}"


def measure(times: list[float]) -> str:
    """Return a median and worst case, in milliseconds."""
    return f"{statistics.median(times) * 1000:7.0f} ms  (worst {max(times) * 1000:5.0f} ms)"


def main() -> None:
    """Print the preview figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats

    scratch = Path(tempfile.mkdtemp(prefix="scrdocs-serve-bench-"))
    worst_html = 0.0
    pdf_lines: list[str] = []
    print(f"HTML preview after a pause in typing (median of {repeats}, warm)")
    try:
        for workspace in sorted(p for p in DATA.iterdir() if (p / "scrdocs.yaml").is_file()):
            root = scratch / workspace.name
            shutil.copytree(workspace, root, ignore=shutil.ignore_patterns("out"))
            editor = Editor(root)
            try:
                for document in sorted((root / "documents").glob("*.yaml")):
                    payload = {"file": f"documents/{document.name}",
                               "data": title_change(document),
                               "editor": f"bench-{document.stem}"}
                    times = []
                    for sequence in range(repeats + 1):
                        elapsed, status, body = editor.post("draft", {**payload,
                                                                      "sequence": sequence})
                        answer = json.loads(body)
                        if status != 200 or not (answer.get("preview") or {}).get("html"):
                            raise SystemExit(f"{workspace.name}/{document.name}: no preview "
                                             f"({status}: {body[:300]!r})")
                        times.append(elapsed)
                    times = times[1:]  # the first may fill caches
                    worst_html = max(worst_html, statistics.median(times))
                    print(f"  {workspace.name + '/' + document.stem:58} {measure(times)}")
                for document in sorted((root / "documents").glob("committee-report*.yaml")):
                    pdf_lines.append(pdf_view(editor, workspace.name, document, repeats))
            finally:
                editor.stop()
        print(f"\nPDF view of each committee report (median of {repeats}, warm)")
        for line in pdf_lines:
            print(line)
        print()
        print(f"Slowest document's median HTML preview: {worst_html * 1000:.0f} ms "
              f"(target under {HTML_TARGET * 1000:.0f} ms)")
        print(f"PDF view target: under {PDF_TARGET:.1f} s warm")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
