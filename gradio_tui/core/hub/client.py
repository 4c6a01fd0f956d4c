"""Talking to the Hub: URLs from ``HF_ENDPOINT``, the token by the host rule, errors as values.

Every Hub request goes through ``hub_request``: the token is added only by
``auth.token_headers`` (so it reaches the Hub as ``Authorization`` and nothing else), a 429 becomes
``RateLimited`` with when to retry, and a transport failure becomes ``HubUnreachable``.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import quote

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.errors import AuthRequired, ConnectError, HubError, RateLimited, SpaceNotFound
from gradio_tui.core.net.auth import token_headers
from gradio_tui.core.net.bodies import fetch
from gradio_tui.core.net.http import REQUEST_ERRORS
from gradio_tui.core.net.retry import retry_after_seconds
from gradio_tui.core.net.target import hub_endpoint

# A 429 whose Retry-After is at most this many seconds is waited out and retried (twice at most).
RETRY_SHORT_429 = 5.0
NOT_FOUND_HINT = "not found, or private: set HF_TOKEN"
HUB_ANSWER = 32 * 1024 * 1024     # bytes of one Hub API answer (a Space's info, a search page)


class HubUnreachable(HubError):
    """No answer from the Hub (DNS, refused, timeout) or a 5xx: callers may fall back."""

    kind = "hub_unreachable"


def hub_url(path: str) -> str:
    return f"{hub_endpoint()}/{path.lstrip('/')}"


def space_path(space_id: str, tail: str = "") -> str:
    owner, _, name = space_id.partition("/")
    base = f"/api/spaces/{quote(owner, safe='')}/{quote(name, safe='')}"
    return f"{base}/{tail.lstrip('/')}" if tail else base


def retry_after(response: httpx.Response) -> float | None:
    """Seconds until a retry may work: ``Retry-After``, else ``RateLimit: …;t=N``."""
    seconds = retry_after_seconds(response.headers.get("retry-after"))
    if seconds is not None:
        return seconds
    match = re.search(r"(?:^|;)\s*t=(\d+(?:\.\d+)?)", response.headers.get("ratelimit", ""))
    if match:
        return float(match.group(1))
    match = re.search(r"reset=(\d+)", response.headers.get("ratelimit", ""))
    return float(match.group(1)) if match else None


def _policy_text(response: httpx.Response) -> str | None:
    """``RateLimit-Policy: "fixed window";"api";q=500;w=300`` → ``500 requests per 300 s``."""
    policy = response.headers.get("ratelimit-policy", "")
    quota = re.search(r"q=(\d+)", policy)
    window = re.search(r"w=(\d+)", policy)
    if quota and window:
        return f"{quota.group(1)} requests per {window.group(1)} s"
    return None


def rate_limited(response: httpx.Response, *, token: str | None, what: str = "the Hub") -> RateLimited:
    wait = retry_after(response)
    when = f"retry in {wait:.0f} s" if wait is not None else "retry later"
    policy = _policy_text(response)
    message = f"{what} is rate-limiting requests (HTTP 429): {when}"
    if policy:
        message += f" (limit: {policy})"
    hint = ("anonymous requests get the smallest quota: set HF_TOKEN (or --token) to raise it"
            if not token else "your token's quota is used up for now")
    return RateLimited(message, retry_after=wait, hint=hint)


def error_text(response: httpx.Response, limit: int = 300) -> str:
    """The Hub's ``{"error": …}`` text, else the start of the body."""
    try:
        body = wirejson.loads(response.content)
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, str):
        return error[:limit]
    return response.text.strip()[:limit]


def raise_for_status(response: httpx.Response, *, token: str | None, space_id: str | None = None,
                     what: str = "the Hub") -> None:
    """Map a Hub error response to an error value (2xx returns)."""
    status = response.status_code
    if status < 300:
        return
    if status == 429:
        raise rate_limited(response, token=token, what=what)
    code = response.headers.get("x-error-code", "")
    if (space_id or code == "RepoNotFound") and (status == 404 or (status == 401 and (code == "RepoNotFound"
                                                                                       or not token))):
        raise SpaceNotFound(f"Space {space_id}: {NOT_FOUND_HINT}" if space_id else f"Space {NOT_FOUND_HINT}")
    if status == 401:
        raise AuthRequired(f"{what} refused the token (HTTP 401): {error_text(response)}",
                           hint="check HF_TOKEN / --token")
    if status >= 500:
        raise HubUnreachable(f"{what} answered HTTP {status}: {error_text(response)}")
    raise HubError(f"{what} answered HTTP {status}: {error_text(response)}")


async def hub_request(client: httpx.AsyncClient, method: str, path: str, *, token: str | None,
                      space_id: str | None = None, params: Any = None, json: Any = None,
                      timeout: float | None = None, check: bool = True) -> httpx.Response:
    """One Hub request with the token by the host rule; short 429s are waited out. The answer
    is at most ``HUB_ANSWER`` bytes, whole within ``timeout`` (default: the client's)."""
    url = hub_url(path)
    headers = token_headers(url, token)
    extra: dict[str, Any] = {}
    if timeout is not None:
        extra["timeout"] = timeout
    for attempt in range(3):
        try:
            response = await fetch(client, method, url, limit=HUB_ANSWER, deadline=timeout, params=params,
                                   json=json, headers=headers, follow_redirects=True, **extra)
        except REQUEST_ERRORS as err:
            raise HubUnreachable(f"cannot reach the Hub at {hub_endpoint()}: {err.__class__.__name__}"
                                 f"{': ' + str(err) if str(err) else ''}") from None
        except ConnectError as err:            # too large, or not whole in time
            raise HubUnreachable(f"the Hub at {hub_endpoint()}: {err.message}", hint=err.hint) from None
        if response.status_code == 429 and attempt < 2:
            wait = retry_after(response)
            if wait is not None and wait <= RETRY_SHORT_429:
                await asyncio.sleep(wait)
                continue
        break
    if check:
        raise_for_status(response, token=token, space_id=space_id)
    return response


def json_or_error(response: httpx.Response, what: str) -> Any:
    try:
        return wirejson.loads(response.content)
    except ValueError:
        raise HubUnreachable(f"{what}: the Hub answered something that is not JSON") from None
