"""Attacks on the credential scope, on top of ``tests/support/faultserver.py`` (which logs every request:
method, path, every header name and value, the body).

* ``secrets_sent(server, secrets)``: every request a server logged that carried one of the
  secrets, anywhere in its headers or body, as ``"host path: which"`` lines;
* ``redirect_to(url, status)``: a route that answers with a redirect to ``url``;
* ``resolve_to(monkeypatch, server, suffix)``: host names ending in ``suffix`` (``.hf.space``)
  reach ``server`` over plain TCP whatever the URL's scheme and port, as a resolver override
  would, so ``https://a.hf.space`` → ``http://b.hf.space`` is testable without the network. The
  client's own checks (credential scoping) see the URL as written; the server logs the ``host``
  header the client sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from tests.support.faultserver import FaultServer, reply

TOKEN = "hf_SCOPEsecretTOKEN0123456789abcdef"
USER, PASSWORD = "alice", "pw-SCOPE-secret-91c2"


def wire(r: Any) -> str:
    """A logged request as one text: every header name and value, and the body."""
    return json.dumps(r.headers) + "\n" + r.body.decode("utf-8", "replace")


def secrets_sent(server: FaultServer, secrets: dict[str, str],
                 allowed: Callable[[Any, str], bool] = lambda r, which: False) -> list[str]:
    """``"host path: which"`` for every logged request carrying a secret it may not carry."""
    found = []
    for r in server.requests:
        text = wire(r)
        for which, secret in secrets.items():
            if secret and secret in text and not allowed(r, which):
                found.append(f"{r.host} {r.method} {r.path}: {which}")
    return found


def redirect_to(location: str | Callable[[dict], str], status: int = 302):
    """An ASGI route (``server.routes[(method, path)] = …``) that redirects to ``location``."""
    async def route(scope: dict, receive: Callable, send: Callable, body: bytes) -> None:
        where = location(scope) if callable(location) else location
        await reply(send, status, b"", headers=[(b"location", where.encode())])
    return route


def host_of(scope: dict) -> str:
    return dict(scope["headers"]).get(b"host", b"").decode()


def resolve_to(monkeypatch, server: FaultServer, suffix: str = ".hf.space") -> None:
    """Route every request for ``*{suffix}`` to ``server`` (plain http), keeping its Host header."""
    original = httpx.AsyncHTTPTransport.handle_async_request

    async def routed(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        if (request.url.host or "").endswith(suffix):
            request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=server.port)
        return await original(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", routed)
