"""A Space's build and run logs as an async stream of lines (the owner's token is needed).

``GET /api/spaces/{id}/logs/{build|run}`` is SSE; each event is ``{"data": "<line>\\n",
"timestamp": …}`` and empty events are keep-alives. The stream never ends by itself for a running
Space, so without ``follow`` we stop after ``idle`` seconds with no new line. A reconnect replays
from the start: lines already given are skipped (counted, so a line repeated on purpose stays).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.errors import AuthRequired, HubError, StreamError
from gradio_tui.core.hub.client import hub_url, raise_for_status, rate_limited, space_path
from gradio_tui.core.net.auth import token_headers
from gradio_tui.core.net.bodies import BodyTooLarge, read_whole
from gradio_tui.core.net.http import REQUEST_ERRORS
from gradio_tui.core.protocol.sse import FrameTooLarge, SSEDecoder, SSEFrame

DEFAULT_IDLE = 3.0
MAX_BACKOFF = 10.0
MAX_LOG_FRAME = 1024 * 1024     # characters of one log line's SSE frame
ERROR_ANSWER = 64 * 1024        # bytes of an error answer read (its message)
OWNER_TOKEN = "logs need the owner's token"


@dataclass(frozen=True)
class LogLine:
    text: str                       # one line, its newline removed
    timestamp: str | None = None    # ISO-8601 from the Hub, when given


def parse_log_event(data: str) -> LogLine | None:
    """One SSE ``data`` payload → a line; None for a keep-alive."""
    if not data.strip():
        return None
    try:
        payload = wirejson.loads(data)
    except ValueError:
        return LogLine(text=data.rstrip("\r\n"))
    if not isinstance(payload, dict):
        return LogLine(text=str(payload))
    text = payload.get("data")
    if not isinstance(text, str):
        return None
    stamp = payload.get("timestamp")
    return LogLine(text=text.rstrip("\r\n"), timestamp=stamp if isinstance(stamp, str) else None)


async def stream_logs(space_id: str, *, client: httpx.AsyncClient, token: str | None, build: bool = False,
                      follow: bool = False, tail: int | None = None, idle: float = DEFAULT_IDLE,
                      timeout: float = 30.0, max_failures: int = 5,
                      on_reconnect: Callable[[int], None] | None = None) -> AsyncIterator[LogLine]:
    """Yield log lines; ``follow`` keeps going (reconnecting) until cancelled.

    401/403/404 → ``AuthRequired("logs need the owner's token")``; ``max_failures`` connection
    failures in a row → ``StreamError``.
    """
    url = hub_url(space_path(space_id, "logs/build" if build else "logs/run"))
    params = {"tail": str(tail)} if tail else None
    headers = {**token_headers(url, token), "Accept": "text/event-stream", "Cache-Control": "no-store"}
    seen: Counter[LogLine] = Counter()
    held: list[LogLine] = []           # without follow and with tail: cut to the last N at the end
    failures = 0
    reconnects = 0
    last_new = time.monotonic()

    def fresh(line: LogLine, this_connection: Counter[LogLine]) -> bool:
        this_connection[line] += 1
        if this_connection[line] <= seen[line]:
            return False                # a replayed line
        seen[line] += 1
        return True

    while True:
        this_connection: Counter[LogLine] = Counter()
        ended = False                   # the server closed the stream properly
        try:
            async with client.stream("GET", url, params=params, headers=headers, follow_redirects=True,
                                     timeout=httpx.Timeout(timeout)) as response:
                if response.status_code in (401, 403, 404):
                    hint = ("set HF_TOKEN (or --token) to a token of the Space's owner" if not token
                            else "this token does not own the Space")
                    raise AuthRequired(f"{space_id}: {OWNER_TOKEN}", hint=hint)
                if response.status_code == 429:
                    raise rate_limited(await read_whole(response, ERROR_ANSWER, url), token=token)
                if response.status_code >= 300:
                    raise_for_status(await read_whole(response, ERROR_ANSWER, url), token=token)
                failures = 0
                events = _frames(response)
                try:
                    while True:
                        if follow:              # silent (no line, no keep-alive) for timeout: reconnect
                            event = await asyncio.wait_for(anext(events), timeout)
                        else:
                            remaining = last_new + idle - time.monotonic()
                            if remaining <= 0:
                                break
                            event = await asyncio.wait_for(anext(events), remaining)
                        if event is None:
                            continue
                        line = parse_log_event(event.data)
                        if line is None or not fresh(line, this_connection):
                            continue
                        last_new = time.monotonic()
                        if tail and not follow:
                            held.append(line)
                        else:
                            yield line
                except StopAsyncIteration:
                    ended = True
                except asyncio.TimeoutError:
                    pass                        # following: silent for timeout (no line, no keep-alive)
                finally:
                    await events.aclose()
        except FrameTooLarge:
            raise HubError(f"{space_id}: the log stream sent a line larger than {MAX_LOG_FRAME // 1024} K "
                           "characters") from None
        except REQUEST_ERRORS + (BodyTooLarge,):
            failures += 1
            if failures >= max_failures:
                raise StreamError(f"{space_id}: lost the log stream {failures} times in a row",
                                  hint="check the connection and try again") from None
        if not follow and (ended or time.monotonic() >= last_new + idle):
            break
        reconnects += 1
        if on_reconnect is not None:
            on_reconnect(reconnects)
        await asyncio.sleep(min(MAX_BACKOFF, 0.2 * (2 ** min(failures, 6))))
    for line in held[-tail:] if tail else held:
        yield line


async def _frames(response: httpx.Response) -> AsyncGenerator[SSEFrame | None, None]:
    """The stream's frames, each at most ``MAX_LOG_FRAME`` characters; None after bytes that
    ended a line and left no frame pending (a keep-alive: the stream is alive)."""
    decoder = SSEDecoder(MAX_LOG_FRAME)
    async for chunk in response.aiter_bytes():
        frames = decoder.feed(chunk)
        for frame in frames:
            yield frame
        if not frames and not decoder.pending:
            yield None
    for frame in decoder.close():
        yield frame
