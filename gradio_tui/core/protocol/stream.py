"""One ``GET {P}/queue/data?session_hash=…`` reader per session, routing messages by event id.

The server keeps one message queue per session: two readers would split it, so every job of
a session shares this reader. It opens after the first join (join first, then read), and
reopens when a job joined just as the server closed the stream (that job has had no message
yet). What it cannot recover, it reports to the jobs as markers (``raise_for_internal``):

* the connection cut mid-stream, or the app closing the stream while a job it already answered
  is still running: the server drops a session's pending jobs when their stream goes (protocol
  §4), so reopening would only show heartbeats → ``__dropped__``;
* no byte at all for ``timeout`` seconds → ``__timeout__``;
* a stream that cannot be opened after a few tries, a frame past the size limit → ``__dropped__``.

Frames that are not JSON are reported as ``__malformed__`` (a warning, the first few only).
``alive_at`` is the last sign of life (any frame, or a steady flow of bytes) for the jobs'
silence rule. The bytes of one frame count as life for ``FRAME_PATIENCE`` timeouts at most: a
server that trickles a frame it never finishes is silent after that.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.errors import StreamError, TimeoutError_
from gradio_tui.core.protocol.sse import FrameTooLarge, SSEDecoder, SSEFrame

MAX_FRAME = 256 * 1024 * 1024   # characters in one message (a 50 MB output is ~50 M)

CRASH_HINT = "the app may have crashed or restarted; run the call again"
DROPPED = "the event stream dropped before the call finished"
OPEN_TRIES = 3                 # opening the stream: tries before the jobs are told
STEADY_BYTES = 1024            # bytes of a frame still arriving that count as a sign of life
FRAME_PATIENCE = 10            # …for at most this many timeouts after the frame's first byte
MAX_BACKLOG = 32 * 1024 * 1024  # characters read ahead of the jobs before the reader waits
RAW_KEPT = 16 * 1024           # characters of a frame's data kept as the event's raw text (views clip at 2,000)
MALFORMED_REPORTED = 3         # malformed frames reported per stream (the rest are counted)

Item = tuple[dict[str, Any], str, float]


class _Closed(Exception):
    """The server ended the stream (``close_stream`` or end of body)."""


class Backlog:
    """Characters of messages read but not yet taken by their jobs, across a stream's inboxes.

    The reader waits while it is past ``MAX_BACKLOG``: an app that sends big updates faster than
    they are used fills a socket buffer, not our memory."""

    def __init__(self) -> None:
        self.size = 0
        self._room = asyncio.Event()
        self._room.set()

    def add(self, size: int) -> None:
        self.size += size
        if self.size > MAX_BACKLOG:
            self._room.clear()
        elif self.size <= MAX_BACKLOG // 2:
            self._room.set()

    async def room(self) -> None:
        await self._room.wait()


class Inbox:
    """One job's messages: the reader puts, the job waits with a deadline.

    ``asyncio.wait_for(queue.get(), t)`` makes a task per wait, which in a 10,000-event stream
    was a tenth of the core's CPU; this waits on one future and a timer handle instead.
    """

    def __init__(self, backlog: Backlog | None = None) -> None:
        self._items: deque[Item] = deque()
        self._sizes: deque[int] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self.backlog = backlog or Backlog()

    def put_nowait(self, item: Item, size: int = 0) -> None:
        self._items.append(item)
        self._sizes.append(size)
        self.backlog.add(size)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def empty(self) -> bool:
        return not self._items

    def get_nowait(self) -> Item:
        self.backlog.add(-self._sizes.popleft())
        return self._items.popleft()

    def discard(self) -> None:
        """Forget what is still queued (its job is gone)."""
        self.backlog.add(-sum(self._sizes))
        self._items.clear()
        self._sizes.clear()

    async def get(self, timeout: float) -> Item | None:
        """The next item, or ``None`` when ``timeout`` seconds pass without one."""
        if not self._items:
            loop = asyncio.get_running_loop()
            waiter = self._waiter = loop.create_future()
            timer = loop.call_later(timeout, _wake, waiter)
            try:
                await waiter
            finally:
                timer.cancel()
                self._waiter = None
        return self.get_nowait() if self._items else None


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class SessionStream:
    def __init__(self, client: httpx.AsyncClient, api_root: str, session_hash: str, *,
                 timeout: float, headers: dict[str, str] | None = None, max_frame: int | None = None) -> None:
        self.client = client
        self.url = f"{api_root}/queue/data"
        self.session_hash = session_hash
        self.timeout = timeout
        self.headers = headers or {}
        self.max_frame = max_frame or MAX_FRAME
        self.queues: dict[str, Inbox] = {}
        self.backlog = Backlog()
        self.answered: set[str] = set()     # event ids that have had a message on this stream
        self.alive_at = time.monotonic()
        self.malformed = 0
        self._task: asyncio.Task[None] | None = None

    def register(self, event_id: str) -> Inbox:
        """Route ``event_id``'s messages to an inbox and make sure a reader runs."""
        queue = self.queues.setdefault(event_id, Inbox(self.backlog))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._read(), name=f"queue-data-{self.session_hash[:8]}")
        return queue

    def release(self, event_id: str) -> None:
        self.queues.pop(event_id, None)     # the job keeps its inbox: it reads what is left, then discards it
        self.answered.discard(event_id)

    def _broadcast(self, message: dict[str, Any], raw: str = "", only: set[str] | None = None) -> None:
        at = time.monotonic()
        for event_id, queue in list(self.queues.items()):
            if only is None or event_id in only:
                queue.put_nowait((message, raw, at))

    def _drop(self, reason: str, only: set[str] | None = None, hint: str | None = CRASH_HINT) -> None:
        self._broadcast({"msg": "__dropped__", "message": reason, "hint": hint}, only=only)
        for event_id in list(only if only is not None else self.queues):
            self.release(event_id)

    # --- reading -----------------------------------------------------------------------------------
    async def _read(self) -> None:
        failures = 0
        quiet_ends = 0
        try:
            while self.queues:
                try:
                    got = await self._read_once()
                except _Opening as err:
                    failures += 1
                    if failures >= OPEN_TRIES:
                        self._drop(f"could not open the app's event stream: {err}", hint=None)
                        return
                    await asyncio.sleep(0.2 * failures)
                    continue
                if not self.queues:
                    return
                # The server ended the stream with jobs pending. Those it already answered will
                # get nothing more; the others joined as it closed and need a fresh reader.
                lost = {e for e in self.queues if e in self.answered}
                if lost:
                    self._drop(f"{DROPPED}: the app closed it", only=lost)
                quiet_ends = 0 if got else quiet_ends + 1
                if quiet_ends >= OPEN_TRIES:
                    self._drop("the app's event stream keeps closing without a message")
                    return
                await asyncio.sleep(0.05)
        except httpx.ReadTimeout:
            self._broadcast({"msg": "__timeout__"})
        except _MidStream as err:
            self._drop(f"{DROPPED}: the connection was cut ({err})")
        except FrameTooLarge as err:
            self._drop(f"{err}; the event stream was dropped", hint=None)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # noqa: BLE001 - never leave a job waiting on a dead reader
            self._drop(f"reading the event stream failed: {type(err).__name__}: {err}", hint="please report it")

    async def _read_once(self) -> bool:
        """One GET until the server ends it; whether any frame arrived. Raises on faults."""
        timeout = httpx.Timeout(self.timeout, read=self.timeout)
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store", **self.headers}
        got = False
        try:
            async with self.client.stream("GET", self.url, params={"session_hash": self.session_hash},
                                          timeout=timeout, headers=headers) as response:
                status = response.status_code
                if status != 200:
                    body = await _start_of(response)
                    raise _Opening(f"HTTP {status}{': ' + body if body else ''}")
                kind = response.headers.get("content-type", "").partition(";")[0].strip()
                if kind and kind != "text/event-stream":
                    raise _Opening(f"the app answered {kind}, not an event stream")
                decoder = SSEDecoder(self.max_frame)
                steady = 0
                frame_began: float | None = None       # when the frame still arriving began
                patience = self.timeout * FRAME_PATIENCE
                try:
                    async for chunk in response.aiter_bytes():
                        now = time.monotonic()
                        frame_began = now if frame_began is None else frame_began
                        steady += len(chunk)
                        if steady >= STEADY_BYTES and now - frame_began < patience:
                            self.alive_at, steady = now, 0
                        for frame in decoder.feed(chunk):
                            got = True
                            self._route(frame)
                            frame_began = now
                        if not decoder.pending:
                            frame_began = None
                        if self.backlog.size > MAX_BACKLOG:
                            await self.backlog.room()
                            self.alive_at = time.monotonic()   # the wait was ours, not the app's silence
                    for frame in decoder.close():
                        self._route(frame)
                except httpx.ReadTimeout:
                    raise
                except (httpx.RequestError, httpx.InvalidURL) as err:
                    raise _MidStream(_describe(err)) from None
        except _Closed:
            return True
        except (httpx.ReadTimeout, _Opening, _MidStream, FrameTooLarge):
            raise
        except (httpx.RequestError, httpx.InvalidURL) as err:   # a redirect loop or bad URL too
            raise _Opening(_describe(err)) from None
        return got

    def _route(self, frame: SSEFrame) -> None:
        at = self.alive_at = time.monotonic()
        raw = frame.text(RAW_KEPT)
        text = frame.data
        if not text.strip():
            return
        try:
            message = wirejson.loads(text)
        except (ValueError, RecursionError):
            message = ...
        if message is None:
            return
        if not isinstance(message, dict):
            self.malformed += 1
            if self.malformed <= MALFORMED_REPORTED:
                more = " (further ones are not reported)" if self.malformed == MALFORMED_REPORTED else ""
                self._broadcast({"msg": "__malformed__", "message": text[:200] + ("…" if len(text) > 200 else ""),
                                 "more": more}, raw)
            return
        msg = message.get("msg")
        event_id = message.get("event_id")
        if msg == "close_stream":
            raise _Closed()
        if isinstance(event_id, str) and event_id in self.queues:
            self.answered.add(event_id)
            self.queues[event_id].put_nowait((message, raw, at), len(text))
            if msg == "process_completed":
                self.queues.pop(event_id, None)   # done: the job keeps its queue
                self.answered.discard(event_id)
        elif msg in ("heartbeat", "unexpected_error") or event_id is None:
            self._broadcast(message, raw)

    async def aclose(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing: the reader's end was already reported
                pass


class _Opening(Exception):
    """The stream could not be opened (or answered something else): worth another try."""


class _MidStream(Exception):
    """The connection died after the stream was open."""


def _describe(err: Exception) -> str:
    text = str(err).strip()
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


async def _start_of(response: httpx.Response, limit: int = 200) -> str:
    """The start of an error body, without reading a huge (or endless) one."""
    data = b""
    try:
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) >= limit:
                break
    except httpx.HTTPError:
        pass
    return data[:limit].decode("utf-8", "replace").strip()


def raise_for_internal(message: dict[str, Any], timeout: float, *, answered: bool = True) -> None:
    """Turn the reader's own markers into errors for the job that receives them."""
    msg = message.get("msg")
    if msg == "__timeout__":
        if not answered:
            raise never_acknowledged(timeout)
        raise TimeoutError_(f"no message from the app for {timeout:g} s", hint="raise --timeout")
    if msg == "__dropped__":
        raise StreamError(str(message.get("message")), hint=message.get("hint"))


def never_acknowledged(timeout: float, heartbeats: int = 0) -> TimeoutError_:
    seen = " (only heartbeats arrived)" if heartbeats else ""
    return TimeoutError_(f"the app never acknowledged the job: no message for it in {timeout:g} s{seen}",
                         hint="the app may be stuck or have lost the job; raise --timeout to wait longer")
