"""Who may write, how much they may send, and what the browser may run.

- Write endpoints need the token given at start-up, sent as `Authorization: Bearer <token>`
  (or `X-Contested-Token`). A header, not a cookie, so a hostile page cannot make the
  analyst's browser write (no CSRF). Missing token → 401; wrong token, or writes disabled
  because the server was bound beyond localhost without a token → 403.
- Request bodies above a limit are refused with 413, whether or not Content-Length is sent.
- Every response carries a strict Content-Security-Policy: scripts only from our own
  static files, so even a template bug that let article markup through could not run it.
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Largest request body accepted, in bytes. A long news article is ~50 kB of text and a
#: saved HTML page rarely passes 1 MB; 2 MB leaves room for both while keeping a hostile
#: client from making the server buffer and parse arbitrarily large uploads.
MAX_BODY_BYTES = 2_000_000

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class WebSettings:
    """How the app was started: which store, whether writes are allowed and with what token."""

    db_url: str = "sqlite:///contested.db"
    token: str | None = None
    max_body: int = MAX_BODY_BYTES
    #: Host names the app answers to (None: any). Set to the loopback names when bound to
    #: localhost, so that a DNS-rebinding page cannot read the API through the browser.
    allowed_hosts: tuple[str, ...] | None = None

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (the only binds that are private)."""
    if host in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_token(request: Request) -> None:
    """FastAPI dependency for write endpoints (see the module docstring for the rules)."""
    settings: WebSettings = request.app.state.settings
    if not settings.writes_enabled:
        raise HTTPException(403, "writes are disabled: start the server with --token")
    sent = request.headers.get("x-contested-token")
    auth = request.headers.get("authorization", "")
    if sent is None and auth.lower().startswith("bearer "):
        sent = auth[7:].strip()
    if not sent:
        raise HTTPException(
            401, "a token is required for writes", headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(sent.encode(), str(settings.token).encode()):
        raise HTTPException(403, "wrong token")


class BodyLimit:
    """ASGI middleware: 413 for bodies over `limit` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        # Read the whole body first (it is small by definition), so that a streamed body
        # over the limit is refused before the app has started to answer.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                await _too_large(send, self.limit)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"detail":"request body too large (limit {limit:,} bytes)"}}'.encode()
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
    })
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware adding CSP and related headers to every response."""

    HEADERS = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers") or []) + self.HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)
