"""``scrdocs serve``: a local editor in the browser, so nobody has to write YAML by hand.

Takes a workspace folder; starts a small web server (Starlette on uvicorn) on 127.0.0.1 at a
free port, prints its address with this run's token, and opens the browser on it. The pages
edit the profile, reviews and documents in forms made from scrdocs' JSON Schema, check them
with the validator ``scrdocs validate`` uses, preview the finished document as the user types,
and save each file through a YAML round trip that keeps its comments.

Modules: :mod:`.app` (pages and calls), :mod:`.security` (token, Host and CSRF checks),
:mod:`.files` (which paths may be touched, atomic writes), :mod:`.forms` (forms from the
schema), :mod:`.roundtrip` (writing YAML back), :mod:`.workbench` (validation, previews,
build and check in one warm thread) and :mod:`.starters` (new, renamed and deleted files).
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import socket
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

from .app import create_app
from .security import Keys, allowed_hosts

LOCAL = "127.0.0.1"
"""The address the editor listens on unless ``--host`` says otherwise."""

__all__ = ["LOCAL", "create_app", "open_socket", "opener", "serve"]


def open_socket(host: str = LOCAL, port: int = 0) -> socket.socket:
    """Return a listening socket on ``host``:``port`` (port 0: a free one chosen by the
    system).

    :raises OSError: the port is taken or the address cannot be used.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket, host: str, keys: Keys) -> str:
    """Return the address to open: ``http://127.0.0.1:PORT/?token=…``."""
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={keys.token}"


def serve(workspace: str | Path, host: str = LOCAL, port: int = 0, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Run the editor for ``workspace`` until Ctrl+C::

        serve("data/thurrock", open_browser=False)

    :param host: the address to listen on; anything but 127.0.0.1 lets other machines reach
        the editor (the token is still needed).
    :param port: the port; 0 picks a free one.
    :param say: where the address and notes are printed.
    """
    import uvicorn

    keys = Keys()
    sock = open_socket(host, port)
    bound = sock.getsockname()[1]
    app = create_app(Path(workspace), keys, allowed_hosts(host, bound))
    url = address(sock, host, keys)
    say(f"Editing {Path(workspace).resolve()} at\n\n    {url}\n\n"
        "Keep this address to yourself: it lets whoever has it change the workspace. "
        "Press Ctrl+C to stop.")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    with opener(url) if open_browser else contextlib.nullcontext(url) as page:
        if open_browser:
            threading.Thread(target=_open_when_started, args=(server, page),
                             daemon=True).start()
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # Ctrl+C is how the editor is meant to stop
            pass
    say("The editor has stopped.")


@contextlib.contextmanager
def opener(url: str) -> Iterator[str]:
    """Yield the ``file://`` address of a page only this user can read that sends the
    browser on to ``url``; the page is removed afterwards.

    The browser is started on this page rather than on ``url``, because a command line (the
    browser's, with its arguments) can be read by every user of the machine, and ``url``
    carries the token.
    """
    folder = Path(tempfile.mkdtemp(prefix="scrdocs-serve-open-"))
    page = folder / "open.html"
    shown = html.escape(url)
    handle = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
                     f'<meta name="referrer" content="no-referrer">'
                     f'<meta http-equiv="refresh" content="0;url={shown}">'
                     f"<title>Opening the scrdocs editor</title></head><body>"
                     f'<p><a href="{shown}">Open the scrdocs editor</a></p></body></html>')
    try:
        yield page.as_uri()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _open_when_started(server: object, url: str) -> None:
    import time

    for _ in range(100):
        if getattr(server, "started", False):
            break
        time.sleep(0.05)
    webbrowser.open(url)
