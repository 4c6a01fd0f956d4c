"""The one HTTP client factory: every httpx client of gradio-tui comes from ``make_client``.

Each client honours the proxy and certificate environment, sends the same user-agent, and
checks every request it sends (redirects included) against ``CredentialScope``: a token
header, or the cookie jar's ``Cookie``, that may not go to the request's origin is removed
there (``auth.may_receive``), and a redirect that would replay a request body to another origin
(a 307/308 after a POST) or point at a port no socket has is refused (``RefusedRequest``).
``REQUEST_ERRORS`` is what a request can raise besides an answer: catch that, not only
``httpx.TransportError`` (a redirect loop or a malformed URL is neither).

A local app (loopback) gets a new connection for each request: uvicorn writes a response's
headers and body apart, and on a kept-alive connection the body waited for the delayed ACK of
the headers, 40 ms a request on Linux (the connect's second GET, each call's join). A loopback
connection costs a fraction of a millisecond; remote hosts keep theirs (a TLS handshake is not).
"""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from gradio_tui import __version__
from gradio_tui.core.errors import UsageError
from gradio_tui.core.net.auth import Origin, may_receive, origin_of

USER_AGENT = f"gradio-tui/{__version__}"
CREDENTIAL_HEADERS = ("authorization", "x-hf-authorization", "cookie")
LOOPBACK_PATTERNS = ("all://127.0.0.1", "all://localhost", "all://[::1]")
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


class RefusedRequest(httpx.TransportError):
    """A request the client will not send (a body replayed to another origin, a bad port)."""


REQUEST_ERRORS: tuple[type[Exception], ...] = (httpx.RequestError, httpx.InvalidURL)


@dataclass
class CredentialScope:
    """Where this client's credentials may go; filled in as the target becomes known.

    ``token``: origins the user gave the token for (besides the Hub and ``*.hf.space``);
    ``cookies``: the app's origin, the only one its login cookie returns to."""

    token: set[Origin] = field(default_factory=set)
    cookies: set[Origin] = field(default_factory=set)

    def add_app(self, url: str, *, token: bool) -> None:
        origin = origin_of(url)
        if origin is not None:
            self.cookies.add(origin)
            if token:
                self.token.add(origin)


@functools.lru_cache(maxsize=1)
def ssl_context() -> ssl.SSLContext:
    """Built once per process (~30 ms each time otherwise), from ``SSL_CERT_FILE`` /
    ``SSL_CERT_DIR`` when set, as httpx itself would."""
    return httpx.create_ssl_context(trust_env=True)


RequestHook = Callable[[httpx.Request], Awaitable[None]]


def scope_hook(scope: CredentialScope) -> RequestHook:
    """The request hook: drop each credential header the request's origin may not receive.

    httpx strips ``Authorization`` on a cross-origin redirect but never ``X-HF-Authorization``,
    and its cookie jar ignores ports and schemes; this runs on every request, redirects included.
    """
    async def hook(request: httpx.Request) -> None:
        port = request.url.port
        if port is not None and not 0 < port < 65536:
            raise RefusedRequest(f"refused a request to port {port} of {request.url.host}: out of range",
                                 request=request)
        for name in CREDENTIAL_HEADERS:
            if name in request.headers and not may_receive(name, request.url, token_origins=scope.token,
                                                           cookie_origins=scope.cookies):
                del request.headers[name]
    return hook


async def refuse_body_replay(response: httpx.Response) -> None:
    """A 307/308 keeps the method and body: never to another origin (a login form, a job)."""
    if response.status_code not in (307, 308) or "location" not in response.headers:
        return
    request = response.request
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    try:
        target = request.url.join(response.headers["location"])
    except httpx.InvalidURL:
        return                                  # httpx reports it when it follows
    if origin_of(target) != origin_of(request.url):
        raise RefusedRequest(f"a redirect of a {request.method} from {_origin_text(request.url)} to "
                             f"{_origin_text(target)} was not followed (its body would go to another origin)",
                             request=request)


def _origin_text(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")


def make_client(timeout: float, headers: dict[str, str] | None = None, *,
                scope: CredentialScope | None = None) -> httpx.AsyncClient:
    """An httpx client that honours the proxy and certificate environment (trust_env), and
    sends credentials only where ``scope`` allows (see ``auth.may_receive``). Loopback is never
    sent through a proxy (a password for a local app would cross the network in plain text), nor
    on a kept-alive connection (see above). A proxy environment httpx cannot use is a ``UsageError``."""
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=16)
    try:
        loopback = httpx.AsyncHTTPTransport(verify=ssl_context(), limits=httpx.Limits(
            max_connections=limits.max_connections, max_keepalive_connections=0))   # no proxy, no keep-alive
        return httpx.AsyncClient(
            verify=ssl_context(),
            timeout=httpx.Timeout(timeout),
            headers={"user-agent": USER_AGENT, **(headers or {})},
            follow_redirects=True,
            trust_env=True,
            mounts=dict.fromkeys(LOOPBACK_PATTERNS, loopback),
            limits=limits,
            event_hooks={"request": [scope_hook(scope if scope is not None else CredentialScope())],
                         "response": [refuse_body_replay]},
        )
    except (ImportError, ValueError, httpx.InvalidURL) as err:
        names = [name for name in os.environ if name.lower() in PROXY_VARIABLES] or ["the proxy variables"]
        why = ("a SOCKS proxy needs httpx's socks extra (pip install 'httpx[socks]')" if isinstance(err, ImportError)
               else "not an http://, https:// or socks5:// URL with a valid host and port")
        raise UsageError(f"the proxy setting in {', '.join(sorted(names))} cannot be used: {why}",
                         hint="fix or unset it") from None


def token_scope(app_origins: set[str] | set[Origin]) -> RequestHook:
    """The request hook for a scope whose token (and cookie) origins are ``app_origins``
    (URLs, ``(scheme, host, port)``, or bare host names, which mean ``https://host``)."""
    origins: set[Origin] = set()
    for item in app_origins:
        origin = item if isinstance(item, tuple) else origin_of(item if "://" in item else f"https://{item}")
        if origin is not None:
            origins.add(origin)
    return scope_hook(CredentialScope(token=set(origins), cookies=set(origins)))
