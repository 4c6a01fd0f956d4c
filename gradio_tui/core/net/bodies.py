"""Reading a whole HTTP answer from an app that may be hostile: bounded in size and in time.

httpx reads a body into memory whatever its size, and its timeouts are per read: an endless
``/config`` fills the memory, a gzip bomb inflates to gigabytes, and a server that trickles a
byte every few seconds never times out. ``fetch`` sends one request and reads its answer with a
cap on the decoded bytes and one deadline for the whole exchange (headers and body).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from gradio_tui.core.errors import ConnectError

MAX_BODY = 64 * 1024 * 1024     # bytes of one JSON answer (config, info, join…), after decompression
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


class BodyTooLarge(ConnectError):
    """An answer larger than the cap (an endless body, a compression bomb)."""


class DeadlineExceeded(ConnectError):
    """The whole answer did not arrive within the deadline (a server that trickles or stalls)."""


def mib(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


async def fetch(client: httpx.AsyncClient, method: str, url: str, *, limit: int = MAX_BODY,
                deadline: float | None = None, **kwargs: Any) -> httpx.Response:
    """``client.request(method, url, **kwargs)`` with its body read in full, at most ``limit``
    bytes after decompression (``BodyTooLarge``), all of it within ``deadline`` seconds
    (``DeadlineExceeded``; default: the client's timeout). Transport errors are httpx's."""
    if deadline is None:
        deadline = client.timeout.read or client.timeout.connect or 30.0
    try:
        return await asyncio.wait_for(_fetch(client, method, url, limit, **kwargs), deadline)
    except asyncio.TimeoutError:
        raise DeadlineExceeded(f"{_where(url)} did not answer in time: no whole answer within {deadline:g} s",
                               hint="the app is too slow or stalling; raise --timeout") from None


async def _fetch(client: httpx.AsyncClient, method: str, url: str, limit: int, **kwargs: Any) -> httpx.Response:
    async with client.stream(method, url, **kwargs) as response:
        return await read_whole(response, limit, url)


async def read_whole(response: httpx.Response, limit: int, url: str = "") -> httpx.Response:
    """A streamed response as a read one (``.content``, ``.text``), its body capped."""
    body = await read_capped(response, limit, url)
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS]
    full = httpx.Response(response.status_code, headers=headers, content=body, request=response.request)
    full.history = response.history
    return full


async def read_capped(response: httpx.Response, limit: int, url: str = "") -> bytes:
    """The decoded body of a streamed response, or ``BodyTooLarge`` past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"{_where(url or str(response.request.url))} sent an answer larger than "
                               f"{mib(limit)}", hint="a broken or hostile server")
        chunks.append(chunk)
    return b"".join(chunks)


class RateDeadline:
    """A deadline for a transfer that may legitimately be long: ``seconds`` for the start, plus
    the time ``min_rate`` bytes per second would take for what has arrived so far. A trickle
    misses it; a steady transfer of any size meets it (its size is capped elsewhere)."""

    def __init__(self, seconds: float, min_rate: float) -> None:
        self.started = time.monotonic()
        self.seconds = seconds
        self.min_rate = min_rate

    def left(self, received: int) -> float:
        return self.started + self.seconds + received / self.min_rate - time.monotonic()


def _where(url: str) -> str:
    try:
        parts = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "the app"
    return f"{parts.host}{':' + str(parts.port) if parts.port else ''}{parts.path}"
