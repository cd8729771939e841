"""ASGI middleware: a cap on request bodies, headers that stop pages running foreign code, a
Host check against DNS rebinding and the ingest token checked before any body is read."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import HTTPException as FastAPIHTTPException
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique.api.responses import error_response
from communique.api.routes_ingest import check_token

# The names of this machine's loopback interface: always served.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# Addresses that mean "every interface": no client sends them as its Host.
WILDCARD_ADDRESSES = ("0.0.0.0", "::", "[::]", "")

# Pages load scripts, styles, data and the base map from this server only; no inline scripts,
# so even text that slipped into markup could not run.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeadersMiddleware:
    """Adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a body grows past the limit; an HTTPException so that
    FastAPI's body parsing passes it on as a 413 instead of a generic 400."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, body_too_large_message(max_bytes))


def body_too_large_message(max_bytes: int) -> str:
    """The 413 message, naming the limit and the fix."""
    return f"request body is over {max_bytes} bytes; send fewer articles per request"


class BodySizeLimitMiddleware:
    """Refuses bodies over ``max_bytes`` with 413, by Content-Length or by counting chunks."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        try:
            await self.app(scope, self._counting(receive), send)
        except BodyTooLarge:
            await self._refuse(scope, receive, send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
            return message

        return counted

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "body_too_large", body_too_large_message(self.max_bytes))
        await response(scope, receive, send)


def served_hosts(bound_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names a server bound to ``bound_host`` answers: the loopback names, the bound
    address itself (unless it means every interface) and ``extra`` (``--allowed-host``)."""
    names = {*LOCAL_HOSTS, *extra}
    if bound_host not in WILDCARD_ADDRESSES:
        names.add(bound_host)
    return frozenset(host_name(name) for name in names)


def host_name(host: str) -> str:
    """A Host header or address without its port, lower case, IPv6 in brackets: "[::1]"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    if host.count(":") > 1:  # a bare IPv6 address, as --host or --allowed-host give it
        return f"[{host}]"
    return host.partition(":")[0]


class HostCheckMiddleware:
    """Answers 400 to a request whose Host header is not one of ``allowed``: a web page that
    rebinds its own domain name to 127.0.0.1 then cannot read this server through the
    browser, which sends that domain as the Host."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_name(name) for name in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
        if host_name(host) in self.allowed:
            await self.app(scope, receive, send)
            return
        response = error_response(400, "bad_host", unknown_host_message(host))
        await response(scope, receive, send)


def unknown_host_message(host: str) -> str:
    """The 400 message for a Host header the server does not answer, with the fix."""
    if not host:
        return "the request has no Host header; send the server's name as Host"
    return (f"this server does not answer for host {host!r}; if that is its public name "
            "(behind a proxy, say), start it with 'communique serve --allowed-host NAME'")


class IngestTokenMiddleware:
    """Checks the bearer token of requests to ``path`` before anything reads their body, so
    that a client without the token gets 401, never a validation error describing the body."""

    def __init__(self, app: ASGIApp, token: str, path: str = "/api/ingest") -> None:
        self.app = app
        self.token = token
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        authorization = dict(scope.get("headers", [])).get(b"authorization", b"")
        try:
            check_token(authorization.decode("latin-1"), self.token)
        except FastAPIHTTPException as exc:
            response = error_response(exc.status_code, "unauthorized", str(exc.detail))
            response.headers.update(exc.headers or {})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
