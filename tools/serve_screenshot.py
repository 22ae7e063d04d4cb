"""Take the README's screenshot of ``scrdocs serve``: docs/serve.png.

Run ``python tools/serve_screenshot.py`` (needs the test extras and Debian's ``chromium``).
Starts the editor on a copy of ``data/thurrock``, opens the review of Julia with the
committee report previewed beside it, marks two words of the summary as **strong** and
waits for the preview to show them, and writes the picture. Nothing under ``data/`` is
changed.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(target: Path = ROOT / "docs" / "serve.png") -> None:
    """Write the screenshot to ``target``."""
    import uvicorn
    from playwright.sync_api import expect, sync_playwright

    from scrdocs.serve import create_app, open_socket
    from scrdocs.serve.security import Keys, allowed_hosts

    scratch = Path(tempfile.mkdtemp(prefix="scrdocs-shot-"))
    root = scratch / "thurrock"
    shutil.copytree(ROOT / "data" / "thurrock", root, ignore=shutil.ignore_patterns("out"))
    keys, sock = Keys(), open_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(
        create_app(root, keys, allowed_hosts("127.0.0.1", port)), log_level="error"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(f"http://127.0.0.1:{port}/?token={keys.token}")
            page.goto(f"http://127.0.0.1:{port}/edit/reviews/julia.yaml")
            expect(page.frame_locator("#preview").locator("h1").first).to_be_visible()
            summary = page.locator("#f-summary")
            summary.fill("concerned a young person who was let down by **a number of "
                         "agencies** and her family; over twenty professionals had been "
                         "involved in her case.")
            frame = page.frame_locator("#preview")
            expect(frame.locator("strong", has_text="a number of agencies")).to_be_visible()
            summary.blur()
            page.locator("label[for=f-summary]").evaluate(
                "label => { label.scrollIntoView(); window.scrollBy(0, -230); }")
            page.screenshot(path=str(target))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
