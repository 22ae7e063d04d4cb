"""Who may talk to the editor: the run's token, the Host it answers to, and CSRF checks.

Takes every HTTP request before any route sees it; lets through only those that carry this
run's token (in the address ``scrdocs serve`` printed, then in a cookie the browser keeps for
this run only), name this server in their ``Host`` header (so a web page elsewhere cannot
reach it by pointing a domain name at 127.0.0.1), and, for anything that changes a file, come
from the editor's own pages with the CSRF token those pages carry. The package's own
stylesheet and scripts are served to anyone, since they hold nothing of the workspace.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 8 * 1024 * 1024
"""The largest request body accepted, in bytes: far more than any review or document."""

SECURITY_HEADERS = [
    (b"content-security-policy",
     (b"default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
      b"style-src 'self' 'unsafe-inline'; frame-src 'self' blob:; object-src 'none'; "
      b"base-uri 'none'; form-action 'self'; frame-ancestors 'self'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-frame-options", b"SAMEORIGIN"),
]


@dataclass
class Keys:
    """This run's secrets: the token in the address and the CSRF token in each page."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def cookie(self) -> str:
        """Return the name of this run's cookie (several runs may share 127.0.0.1)."""
        return "scrdocs-" + hashlib.sha256(self.token.encode()).hexdigest()[:12]

    def is_token(self, value: str | None) -> bool:
        """Return whether ``value`` is this run's token."""
        return value is not None and secrets.compare_digest(value.encode(), self.token.encode())

    def is_csrf(self, value: str | None) -> bool:
        """Return whether ``value`` is this run's CSRF token."""
        return value is not None and secrets.compare_digest(value.encode(), self.csrf.encode())


class Guard:
    """ASGI middleware that refuses every request this run should not answer.

    :param hosts: the ``Host`` header values to answer (``host:port``); ``None`` answers any
        (``--host 0.0.0.0``, where the machine's own names cannot be known).
    """

    def __init__(self, app: ASGIApp, keys: Keys, hosts: set[str] | None) -> None:
        self.app = app
        self.keys = keys
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        path: str = scope["path"]
        refusal = self._refusal(scope, headers, path)
        if refusal is not None:
            await _send_refusal(send, path, *refusal)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query and scope["method"] == "GET" and not path.startswith("/api/"):
            await self._set_cookie_and_return(send, path, query)
            return
        await self.app(scope, receive, _with_headers(send))

    def _refusal(self, scope: Scope, headers: dict[str, str],
                 path: str) -> tuple[int, str] | None:
        host = headers.get("host", "")
        if self.hosts is not None and host.lower() not in self.hosts:
            return 400, (f"this editor answers only at its own address, not '{host}'; open "
                         "the address scrdocs serve printed")
        if path.startswith("/static/"):
            return None if scope["method"] in ("GET", "HEAD") else (405, "read only")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        cookie = _cookies(headers.get("cookie", "")).get(self.keys.cookie)
        if not (self.keys.is_token(query.get("token")) or self.keys.is_token(cookie)):
            what = "a wrong token" if "token" in query else "no token"
            return 403, (f"this address has {what}: open the full address that "
                         "`scrdocs serve` printed when it started (it ends ?token=…)")
        if scope["method"] not in ("GET", "HEAD"):
            return self._change_refusal(headers, host)
        return None

    def _change_refusal(self, headers: dict[str, str], host: str) -> tuple[int, str] | None:
        """Return why a request that changes something is refused, or ``None``."""
        if not self.keys.is_csrf(headers.get("x-csrf-token")):
            return 403, ("this change did not come from the editor's own page (its CSRF "
                         "token is missing or wrong); reload the page and try again")
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in (f"http://{host}".lower(),
                                                         f"https://{host}".lower()):
            return 403, f"this change came from another site ({origin}) and was refused"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "this change came from another site and was refused"
        if not headers.get("content-type", "").startswith("application/json"):
            return 415, "changes are sent as JSON (Content-Type: application/json)"
        if int(headers.get("content-length", "0") or 0) > MAX_BODY:
            return 413, f"the request is larger than {MAX_BODY // 1024 // 1024} MB"
        return None

    async def _set_cookie_and_return(self, send: Send, path: str,
                                     query: dict[str, str]) -> None:
        """Answer the printed address: keep its token in this run's cookie and send the
        browser to the same page without the token in its address bar."""
        rest = {k: v for k, v in query.items() if k != "token"}
        location = own_path(path) + (f"?{urlencode(rest)}" if rest else "")
        cookie = (f"{self.keys.cookie}={self.keys.token}; Path=/; HttpOnly; "
                  "SameSite=Strict")
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode("latin-1")),
                                (b"set-cookie", cookie.encode("latin-1")),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": b""})


def own_path(path: str) -> str:
    """Return ``path`` as an address on this server to send a browser to: one leading
    ``/`` (``//host`` and ``/\\host`` name another site to a browser), percent-encoded."""
    return "/" + quote(path.lstrip("/\\"), safe="/-._~")


def _cookies(header: str) -> dict[str, str]:
    cookies = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies


def _with_headers(send: Send) -> Send:
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)
    return sender


async def _send_refusal(send: Send, path: str, status: int, message: str) -> None:
    body: bytes
    if path.startswith("/api/"):
        body, kind = json.dumps({"error": message}).encode(), b"application/json"
    else:
        body = _refusal_page(message).encode("utf-8")
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _refusal_page(message: str) -> str:
    from html import escape

    return ("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            "<title>scrdocs editor: refused</title>"
            "<link rel=\"stylesheet\" href=\"/static/serve.css\"></head><body><main>"
            "<h1>The scrdocs editor refused this request</h1>"
            f"<p class=\"refusal\">{escape(message[:1].upper() + message[1:])}.</p>"
            "</main></body></html>")


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """Return the ``Host`` header values a server bound to ``host``:``port`` answers to;
    ``None`` (any) when bound to every address."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host, "localhost", "127.0.0.1", "[::1]"} if host in (
        "127.0.0.1", "localhost", "::1") else {host if ":" not in host else f"[{host}]"}
    return {f"{name}:{port}".lower() for name in names}


def json_body(body: bytes) -> Any:
    """Return the JSON of a request body, or raise ``ValueError`` saying what is wrong."""
    if len(body) > MAX_BODY:
        raise ValueError("the request is too large")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the request is not valid JSON ({exc})") from None
