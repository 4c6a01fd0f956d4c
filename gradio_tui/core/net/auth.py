"""Token discovery and credential scoping: which secret may travel to which origin.

A credential belongs to one origin (scheme, host, port). The HF token goes to the Hub
(``Authorization``), to ``https://*.hf.space`` and to an app the user gave it for
(``X-HF-Authorization``); the app's login cookie only back to the app's origin. Nothing secret
travels over plain http unless the host is this machine (loopback), where nothing is on the wire.
``core.http`` applies these rules to every request a client sends, redirects included.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Set
from pathlib import Path
from urllib.parse import urlsplit

from gradio_tui.core.net.target import hub_endpoint, is_hf_space_host

Origin = tuple[str, str, int]
DEFAULT_PORTS = {"http": 80, "https": 443}
TOKEN_HEADERS = ("authorization", "x-hf-authorization")


def find_token() -> str | None:
    """``HF_TOKEN``, ``HUGGING_FACE_HUB_TOKEN``, the file at ``HF_TOKEN_PATH``, ``$HF_HOME/token``."""
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = (os.environ.get(var) or "").strip()
        if value:
            return value
    path = os.environ.get("HF_TOKEN_PATH")
    if not path:
        home = os.environ.get("HF_HOME") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface")
        path = os.path.join(home, "token")
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


# --- origins ---------------------------------------------------------------------------------------

def origin_of(url: object) -> Origin | None:
    """``(scheme, host, port)`` of an http(s) URL (``str`` or ``httpx.URL``), or ``None``."""
    try:
        parts = urlsplit(str(url))
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and ``localhost``: traffic that never leaves this machine."""
    host = host.lower().strip("[]").rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_cleartext(url: object) -> bool:
    """Plain http to another machine: anyone on the way reads what is sent."""
    origin = origin_of(url)
    return origin is None or (origin[0] == "http" and not is_loopback(origin[1]))


def is_hub_url(url: object) -> bool:
    return origin_of(url) is not None and origin_of(url) == origin_of(hub_endpoint())


def may_receive(header: str, url: object, *, token_origins: Set[Origin] = frozenset(),
                cookie_origins: Set[Origin] = frozenset()) -> bool:
    """Whether a request to ``url`` may carry the credential header ``header`` (lower-case).

    ``token_origins``: apps the user gave the token for; ``cookie_origins``: the app whose
    login cookie the client holds. Other headers are not credentials: always allowed."""
    if header not in (*TOKEN_HEADERS, "cookie"):
        return True
    origin = origin_of(url)
    if origin is None:
        return False
    if header == "cookie":
        return origin in cookie_origins
    if is_cleartext(url):
        return False
    if header == "authorization":
        return is_hub_url(url)
    return (origin[0] == "https" and is_hf_space_host(str(url))) or origin in token_origins


def token_headers(url: str, token: str | None, *, explicit_for_app: bool = False) -> dict[str, str]:
    """The header carrying ``token`` to ``url``, or nothing when the origin may not see it.

    The Hub gets ``Authorization``; ``https://*.hf.space`` gets ``X-HF-Authorization`` (the
    Spaces proxy strips it); any other app only when the user passed the token for that app
    (``explicit_for_app``), then as ``X-HF-Authorization`` too, which is what a Space behind a
    custom domain reads. Never over plain http to another machine.
    """
    if not token or is_cleartext(url):
        return {}
    if is_hub_url(url):
        return {"Authorization": f"Bearer {token}"}
    origin = origin_of(url)
    if may_receive("x-hf-authorization", url) or (explicit_for_app and origin is not None):
        return {"X-HF-Authorization": f"Bearer {token}"}
    return {}


def credentials_from_env(auth: str | None = None) -> tuple[str, str] | None:
    """``--auth USER:PASS`` else ``GRADIO_USERNAME`` / ``GRADIO_PASSWORD``."""
    if auth:
        user, sep, password = auth.partition(":")
        return (user, password) if sep else (user, os.environ.get("GRADIO_PASSWORD", ""))
    name = os.environ.get("GRADIO_USERNAME")
    if name:
        return name, os.environ.get("GRADIO_PASSWORD", "")
    return None
