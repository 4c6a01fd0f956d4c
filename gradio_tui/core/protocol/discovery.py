"""Reading an app: login, ``GET /config`` (always at the app root), ``{prefix}/info``.

Every failure becomes an error value that says what to do: unreachable host, not a Gradio
app, login needed, an unsupported (pre-``sse_v1``) server.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.errors import AuthRequired, ConnectError, LoginRequired, NotGradioError, UnsupportedVersion
from gradio_tui.core.net.auth import is_cleartext
from gradio_tui.core.net.bodies import DeadlineExceeded, fetch
from gradio_tui.core.net.http import REQUEST_ERRORS, RefusedRequest
from gradio_tui.core.protocol.schema import AppSchema, api_prefix_of, config_root_path, parse_schema, version_tuple

SUPPORTED_PROTOCOLS = ("sse_v1", "sse_v2", "sse_v2.1", "sse_v3")
CONFIG_IN_HTML = re.compile(r"window\.gradio_config\s*=\s*(.*?);\s*</script>", re.S)


def describe_transport_error(url: str, err: Exception) -> ConnectError:
    host = urlsplit(url).netloc or url
    if isinstance(err, httpx.ConnectTimeout):
        return ConnectError(f"cannot reach {host}: connection timed out", hint="check the URL or raise --timeout")
    if isinstance(err, httpx.TimeoutException):
        return ConnectError(f"{host} did not answer in time", hint="raise --timeout")
    if isinstance(err, httpx.TooManyRedirects):
        return ConnectError(f"{host} redirects in a loop (more than 20 redirects)", hint="check the URL")
    if isinstance(err, RefusedRequest):
        return ConnectError(f"{host}: {err}")
    # (httpx reports a malformed Location as a RemoteProtocolError "Invalid URL in location header")
    if isinstance(err, (httpx.InvalidURL, httpx.UnsupportedProtocol)) or "location header" in str(err):
        return ConnectError(f"{host} sent the client to a URL it cannot use: {err}")
    text = str(err) or type(err).__name__
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return ConnectError(f"cannot reach {host}: unknown host", hint="check the URL")
    if "refused" in text.lower() or "all connection attempts failed" in text.lower():
        return ConnectError(f"cannot reach {host}: connection refused", hint="is the app running?")
    return ConnectError(f"cannot reach {host}: {text}")


def _auth_message(response: httpx.Response) -> str | None:
    try:
        detail = wirejson.loads(response.content).get("detail")
    except (ValueError, AttributeError):
        return None
    return detail.get("auth_message") if isinstance(detail, dict) else None


async def login(client: httpx.AsyncClient, root: str, credentials: tuple[str, str]) -> None:
    """``POST ROOT/login`` as a form; the session cookie lands in the client's jar.

    The client (``core.http``) never replays the form to another origin on a 307/308; a
    301/302/303 turns it into a GET without the form."""
    if is_cleartext(root):
        raise AuthRequired(f"refusing to send the password for {root} over plain http",
                           hint="use the app's https:// URL (http is only for this machine)")
    user, password = credentials
    try:
        response = await fetch(client, "POST", f"{root}/login", data={"username": user, "password": password})
    except REQUEST_ERRORS as err:
        raise describe_transport_error(root, err) from None
    if response.status_code == 200:
        return
    if response.status_code in (400, 401, 403):
        raise AuthRequired(f"login to {root} failed: wrong username or password",
                           hint="check --auth or GRADIO_USERNAME / GRADIO_PASSWORD")
    if response.status_code == 404:
        raise AuthRequired(f"{root} has no login route (HTTP 404)", hint="the app may not use auth; drop --auth")
    raise AuthRequired(f"login to {root} failed: HTTP {response.status_code}")


async def fetch_config(client: httpx.AsyncClient, root: str) -> dict[str, Any]:
    """The app's config, with gradio_client's fallback to the page's embedded config."""
    try:
        response = await fetch(client, "GET", f"{root}/config")
    except REQUEST_ERRORS as err:
        raise describe_transport_error(root, err) from None
    if response.status_code == 401:
        message = _auth_message(response)
        raise LoginRequired(f"{root} needs a login" + (f": {message}" if message else ""),
                           hint="pass --auth USER:PASS or set GRADIO_USERNAME / GRADIO_PASSWORD")
    if response.status_code in (403, 404) and "hf.space" in root:
        raise AuthRequired(f"{root} answered {response.status_code}: private Space or wrong host",
                           hint="set HF_TOKEN if the Space is private")
    if response.status_code == 200:
        try:
            config = wirejson.loads(response.content)
        except (ValueError, RecursionError):
            config = None
        if isinstance(config, dict) and ("dependencies" in config or "version" in config):
            return config
    # Fallback: the HTML page embeds the config (older apps, unusual mounts).
    try:
        page = await fetch(client, "GET", f"{root}/")
    except REQUEST_ERRORS as err:
        raise describe_transport_error(root, err) from None
    match = CONFIG_IN_HTML.search(page.text) if page.status_code == 200 else None
    if match:
        try:
            config = wirejson.loads(match.group(1))
        except (ValueError, RecursionError):
            config = None
        if isinstance(config, dict):
            if config.get("auth_required"):
                raise LoginRequired(f"{root} needs a login",
                                   hint="pass --auth USER:PASS or set GRADIO_USERNAME / GRADIO_PASSWORD")
            return config
    status = response.status_code
    if status == 429 or status >= 500:
        what = "is rate-limiting requests" if status == 429 else "is failing, starting or overloaded"
        raise ConnectError(f"{root}/config answered HTTP {status}: the app {what}", hint="try again later")
    raise NotGradioError(f"{root} is not a Gradio app ({root}/config answered HTTP {response.status_code}"
                         f"{', not JSON' if response.status_code == 200 else ''})",
                         hint="give the app's URL (for a Space: owner/name)")


def check_supported(config: dict[str, Any]) -> None:
    protocol = config.get("protocol", "ws")
    version = str(config.get("version") or "?")
    if protocol in SUPPORTED_PROTOCOLS:
        return
    if protocol not in ("ws", "sse") and version_tuple(version) >= (4, 9):
        return  # a newer protocol name than we know: try the newest transport
    raise UnsupportedVersion(f"unsupported Gradio {'.'.join(version.split('.')[:2])}: "
                             f"protocol {protocol!r} (gradio-tui needs Gradio 4.9 or newer)",
                             hint="ask the app's owner to upgrade Gradio")


async def fetch_info(client: httpx.AsyncClient, api_root: str, page: str | None) -> dict[str, Any] | None:
    """``/info?all_endpoints=true`` (public + undocumented); ``None`` when the app has none."""
    params = {"all_endpoints": "true"}
    if page:
        params["page"] = page
    try:
        response = await fetch(client, "GET", f"{api_root}/info", params=params)
    except REQUEST_ERRORS:
        return None
    if response.status_code != 200:
        return None
    try:
        info = wirejson.loads(response.content)
    except (ValueError, RecursionError):
        return None
    return info if isinstance(info, dict) else None


def _page_from_config_root(root: str, page: str | None, config: dict[str, Any]) -> tuple[str, str | None]:
    """Some servers (5.x) answer ``/app/page/config`` too; the config's ``root`` then names the
    app (``/app``) and the rest of our path is the page. Only paths are compared: behind a
    proxy the host in ``root`` is the public one."""
    app_path = config_root_path(config)
    if page is not None or app_path is None:
        return root, page
    ours = urlsplit(root)
    our_path = ours.path.rstrip("/")
    if our_path.startswith(app_path + "/"):
        rest = our_path[len(app_path) + 1:]
        if rest and "/" not in rest and rest in {p[0] for p in config.get("pages") or [] if isinstance(p, list) and p}:
            return f"{ours.scheme}://{ours.netloc}{app_path}", rest
    return root, page


async def discover(client: httpx.AsyncClient, root: str, *, page: str | None = None,
                   credentials: tuple[str, str] | None = None, login_first: bool = True,
                   deadline: float | None = None) -> AppSchema:
    """Login if asked, then config → version check → info → ``AppSchema``, all of it within
    ``deadline`` seconds (default: the client's timeout), however slowly the app answers.
    """
    seconds = deadline or client.timeout.read or 30.0
    try:
        return await asyncio.wait_for(_discover(client, root, page=page, credentials=credentials,
                                                login_first=login_first), seconds)
    except asyncio.TimeoutError:
        raise DeadlineExceeded(f"{urlsplit(root).netloc or root} did not answer in time: connecting took "
                               f"longer than {seconds:g} s",
                               hint="the app is too slow or stalling; raise --timeout") from None


async def _discover(client: httpx.AsyncClient, root: str, *, page: str | None,
                    credentials: tuple[str, str] | None, login_first: bool) -> AppSchema:
    """Login, then config → version check → info → ``AppSchema``.

    ``login_first``: log in before anything else (credentials the user gave for this app);
    otherwise only when the app answers that it needs a login (credentials from the
    environment, which an app without a login must never see).

    A URL that names a page of a multipage app (``/app/second``) has no config of its own:
    the parent's is used and the last segment becomes the page.
    """
    logged_in = False
    if credentials and login_first:
        await login(client, root, credentials)
        logged_in = True
    try:
        try:
            config = await fetch_config(client, root)
        except LoginRequired:
            if not credentials or logged_in:
                raise
            await login(client, root, credentials)
            logged_in = True
            config = await fetch_config(client, root)
    except NotGradioError:
        parts = urlsplit(root)
        parent, _, last = parts.path.rstrip("/").rpartition("/")
        if not last or page is not None:
            raise
        parent_root = f"{parts.scheme}://{parts.netloc}{parent}"
        try:
            config = await fetch_config(client, parent_root)
        except (NotGradioError, ConnectError):
            raise NotGradioError(f"{root} is not a Gradio app ({root}/config was not found)",
                                 hint="give the app's URL (for a Space: owner/name)") from None
        if last not in (config.get("page") or {}):
            raise NotGradioError(f"{root} is not a Gradio app ({root}/config was not found)",
                                 hint="give the app's URL (for a Space: owner/name)") from None
        root, page = parent_root, last
    prefix = api_prefix_of(config)          # BadConfig before any request goes to root + prefix
    root, page = _page_from_config_root(root, page, config)
    check_supported(config)
    info = await fetch_info(client, root + prefix, page)
    schema = parse_schema(root, config, info, page=page)
    schema.auth_required = schema.auth_required or logged_in
    return schema
