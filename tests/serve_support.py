"""What the editor's tests share: a real editor server on 127.0.0.1, a plain HTTP client
that can send what a browser would not (a wrong Host, no token, a ``../`` path), and a small
workspace publishing in Welsh and English."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrdocs.serve import create_app, open_socket
from scrdocs.serve.security import Keys, allowed_hosts


class Running:
    """An editor served by uvicorn in a thread of the test process, on a free port."""

    def __init__(self, root: Path, warm: bool = False) -> None:
        import uvicorn

        self.root = root
        self.keys = Keys()
        self.sock = open_socket()
        self.port = self.sock.getsockname()[1]
        self.app = create_app(root, self.keys, allowed_hosts("127.0.0.1", self.port), warm=warm)
        config = uvicorn.Config(self.app, log_level="error", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the editor did not start")
            time.sleep(0.02)

    @property
    def base(self) -> str:
        """Return the server's address: ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """Return the address ``scrdocs serve`` prints, with the token."""
        return f"{self.base}/?token={self.keys.token}"

    def client(self) -> Client:
        """Return a client that holds this run's cookie and CSRF token, as a browser tab does."""
        return Client(self.port, f"{self.keys.cookie}={self.keys.token}", self.keys.csrf)

    def stop(self) -> None:
        """Stop the server and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@dataclass
class Answer:
    """An HTTP answer, read whole."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """Return the body as text."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """Return the body as JSON."""
        return json.loads(self.body)


class Client:
    """A plain HTTP client for the editor: every header is as the test says."""

    def __init__(self, port: int, cookie: str | None, csrf: str | None,
                 host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self.cookie = cookie
        self.csrf = csrf

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        """Send one request exactly as given (the path is not normalised)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        sent = {"Host": f"{self.host}:{self.port}"}
        if self.cookie:
            sent["Cookie"] = self.cookie
        if body is not None:
            sent["Content-Length"] = str(len(body))
        sent.update(headers or {})
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          response.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Answer:
        """GET ``path``."""
        return self.request("GET", path, headers=headers)

    def post(self, name: str, payload: Any, headers: dict[str, str] | None = None) -> Answer:
        """POST ``payload`` as JSON to ``/api/<name>`` with the CSRF token, as the page does."""
        sent = {"Content-Type": "application/json", "Origin": f"http://{self.host}:{self.port}"}
        if self.csrf:
            sent["X-CSRF-Token"] = self.csrf
        sent.update(headers or {})
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.request("POST", f"/api/{name}", body, sent)

    def editor_page(self, relative: str) -> tuple[Answer, str]:
        """GET the editor of ``relative`` and return the answer and the file version it
        edits (its ``data-base``)."""
        answer = self.get(f"/edit/{relative}")
        found = re.search(r'data-base="([0-9a-f]*)"', answer.text)
        return answer, found.group(1) if found else ""


BILINGUAL = {
    "scrdocs.yaml": """\
# A bilingual workspace for the editor's tests; the Welsh is the suite's own.
name: {cy: Bwrdd Diogelu Enghreifftiol, en: Example Safeguarding Board}
languages: [cy, en]   # Welsh is read first
bilingual: block
""",
    "reviews/plentyn-a.yaml": """\
# Test data: fictional.
name: {cy: Plentyn A, en: Child A}
review_type: single-unified-safeguarding-review
partnership: Bwrdd Diogelu Enghreifftiol   # one text for every language: a name
published: 2025-02
summary:   # English first in the file: the form still shows the Welsh first
  en: concerned a four-month-old baby who was admitted to hospital with a broken arm.
  cy: yn ymwneud â babi pedwar mis oed a dderbyniwyd i'r ysbyty â braich wedi torri.
findings:
  - cy: |
      Ni ddilynwyd y protocol cleisio ar gyfer babanod nad ydynt yn symud eto.
    # the English of the first finding
    en: |
      The bruising protocol for babies who are not yet mobile was not followed.
  - {cy: Ni ofynnodd neb pwy arall oedd yn byw yn y cartref., en: No one asked who else lived in the home.}
""",
    "documents/committee-report.yaml": """\
kind: committee-report
meeting:
  committee: {cy: Pwyllgor Craffu Gwasanaethau Plant, en: Children's Services Scrutiny Committee}
  date: 2025-03-10
item:
  number: 5
  title: {cy: "Adolygiad Plentyn A", en: "Review of Child A"}
  review: plentyn-a
""",
}
"""A workspace publishing in Welsh and English: texts in both, and one text for both."""


def write_bilingual(folder: Path) -> Path:
    """Write the workspace :data:`BILINGUAL` into ``folder`` and return the folder."""
    for relative, text in BILINGUAL.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder
