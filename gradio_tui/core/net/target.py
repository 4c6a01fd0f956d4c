"""Every SRC form of ``docs/cli.md`` → ``AppTarget``.

``owner/name`` and Space page URLs name a Space (resolved to its app host through the Hub);
``*.hf.space`` and any other http(s) URL name an app directly. ``?view=api`` is dropped and
``?page=`` kept, so a link copied from a browser works as is. A URL's ``user:password@`` is taken
as the app's login (``AppTarget.credentials``) and removed from every form of the target that is
shown or stored; a malformed URL is a usage error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from gradio_tui.core.errors import UsageError

SPACE_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def hub_endpoint() -> str:
    """The Hub's base URL: ``HF_ENDPOINT`` (as huggingface_hub reads it) or huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


@dataclass(frozen=True)
class AppTarget:
    raw: str
    space_id: str | None = None     # "owner/name" when the target is (or came from) a Space
    url: str | None = None          # app root, no trailing slash (None until a Space is resolved)
    page: str | None = None
    # (user, password) from the URL's userinfo: a secret, never shown, compared or stored
    credentials: tuple[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def display(self) -> str:
        """How people write it: the Space id if there is one, else the URL."""
        return self.space_id or self.url or self.raw

    @property
    def is_hf_space_host(self) -> bool:
        return self.url is not None and bool(self.url) and is_hf_space_host(self.url)


def is_hf_space_host(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(".hf.space")


def space_id_from_page_url(url: str) -> str | None:
    """``https://huggingface.co/spaces/owner/name[/…]`` → ``owner/name``."""
    parts = urlsplit(url)
    hub_hosts = {urlsplit(hub_endpoint()).netloc.lower(), "huggingface.co", "www.huggingface.co", "hf.co"}
    if parts.netloc.lower() not in hub_hosts:
        return None
    path = parts.path
    hub_path = urlsplit(hub_endpoint()).path.rstrip("/")
    if hub_path and path.startswith(hub_path):
        path = path[len(hub_path):]
    match = re.match(r"^/spaces/([^/]+)/([^/?#]+)", path)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def redact_userinfo(text: str) -> str:
    """``http://user:pw@host/x`` → ``http://host/x`` (also ``user:pw@host``); other text as is.
    Everything up to the last ``@`` goes: a pasted password may hold ``/``, ``?``, ``#`` or a
    space unencoded, so the first of those does not end it."""
    if "@" not in text:
        return text
    scheme = SCHEME.match(text)
    head = scheme.group() if scheme else ""
    return head + text[len(head):].rpartition("@")[2]


def _split_url(text: str) -> tuple[str, tuple[str, str] | None]:
    """A URL without its userinfo, and the credentials it carried; ``UsageError`` if malformed."""
    shown = redact_userinfo(text)      # all a message may show: a parser's error quotes its input
    encode = "(its user:password has characters to percent-encode: / ? # @ or a space)"
    if re.search(r"[\x00-\x20\x7f-\x9f]", text):
        why = "it contains spaces or control characters" if re.search(r"[\x00-\x20\x7f-\x9f]", shown) else encode[1:-1]
        raise UsageError(f"not a valid URL: {shown!r} ({why})")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        try:                           # the error of the URL without its user:password, if any
            _ = urlsplit(shown).port
        except ValueError as err_shown:
            err = err_shown
        else:
            raise UsageError(f"not a valid URL: {shown!r} {encode}") from None
        raise UsageError(f"not a valid URL: {shown!r} ({err})",
                         hint="a port is 1-65535; an IPv6 address is written [::1]") from None
    credentials = None
    if "@" in parts.netloc and "@" in text.partition(parts.netloc)[2]:    # where does the password end?
        raise UsageError(f"not a valid URL: {shown!r} {encode}")
    if "@" in parts.netloc:
        user, password = parts.username, parts.password
        credentials = (unquote(user or ""), unquote(password) if password is not None
                       else os.environ.get("GRADIO_PASSWORD", ""))
        parts = parts._replace(netloc=parts.netloc.rpartition("@")[2])
        text = urlunsplit(parts)
    if not parts.hostname or port == 0:
        raise UsageError(f"not a valid URL: {shown!r} (no host{' or port' if port == 0 else ''})")
    import httpx

    try:
        httpx.URL(text)
    except httpx.InvalidURL as err:
        raise UsageError(f"not a valid URL: {shown!r} ({err})") from None
    return text, credentials


def parse_target(src: str) -> AppTarget:
    text = (src or "").strip()
    if not text:
        raise UsageError("no target given", hint="give a Space id (owner/name) or an app URL")
    if text.startswith(("http://", "https://")):
        text, credentials = _split_url(text)
        space_id = space_id_from_page_url(text)
        if space_id:
            return AppTarget(raw=text, space_id=space_id, credentials=credentials)
        parts = urlsplit(text)
        query = parse_qs(parts.query)
        page = query.get("page", [None])[0]
        path = parts.path
        # A pasted API route still means the app: cut at the API prefix.
        for marker in ("/gradio_api/", "/gradio_api", "/?view=api"):
            if marker in path:
                path = path[: path.index(marker)]
        path = re.sub(r"/(config|info)$", "", path).rstrip("/")
        url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
        return AppTarget(raw=text, url=url, page=page or None, credentials=credentials)
    if SPACE_ID.match(text):
        return AppTarget(raw=text, space_id=text)
    bare = redact_userinfo(text)
    if re.match(r"^[\w.-]+(:\d+)?(/.*)?$", bare) and ("." in bare.split("/")[0] or ":" in bare.split("/")[0]):
        return parse_target("http://" + text if bare.startswith(("localhost", "127.")) else "https://" + text)
    raise UsageError(f"not a Space id or URL: {bare!r}",
                     hint="use owner/name, https://huggingface.co/spaces/owner/name or http(s)://host/path")
