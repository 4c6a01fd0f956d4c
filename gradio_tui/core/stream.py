"""One ``GET {P}/queue/data?session_hash=…`` reader per session, routing messages by event id.

The server keeps one message queue per session: two readers would split it, so every job of
a session shares this reader. It opens after the first join (join first, then read), reopens
when a job joins after the server closed the stream, and treats a stream that ends or goes
silent while jobs are pending as dropped (to those jobs only).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from .errors import StreamError, TimeoutError_

CLOSE = {"msg": "__closed__"}


class SessionStream:
    def __init__(self, client: httpx.AsyncClient, api_root: str, session_hash: str, *,
                 timeout: float, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.url = f"{api_root}/queue/data"
        self.session_hash = session_hash
        self.timeout = timeout
        self.headers = headers or {}
        self.queues: dict[str, asyncio.Queue[tuple[dict[str, Any], str, float]]] = {}
        self._task: asyncio.Task[None] | None = None

    def register(self, event_id: str) -> asyncio.Queue[tuple[dict[str, Any], str, float]]:
        """Route ``event_id``'s messages to a queue and make sure a reader runs."""
        queue = self.queues.setdefault(event_id, asyncio.Queue())
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._read(), name=f"queue-data-{self.session_hash[:8]}")
        return queue

    def release(self, event_id: str) -> None:
        self.queues.pop(event_id, None)

    def _broadcast(self, message: dict[str, Any], raw: str, at: float) -> None:
        for queue in self.queues.values():
            queue.put_nowait((message, raw, at))

    async def _read(self) -> None:
        reopen_budget = 3
        while self.queues:
            got_message = False
            closed_by_server = False
            try:
                params = {"session_hash": self.session_hash}
                timeout = httpx.Timeout(self.timeout, read=self.timeout)
                async with aconnect_sse(self.client, "GET", self.url, params=params, timeout=timeout,
                                        headers=self.headers) as source:
                    if source.response.status_code != 200:
                        body = (await source.response.aread()).decode("utf-8", "replace")[:200]
                        raise StreamError(f"the event stream answered HTTP {source.response.status_code}: {body}")
                    async for sse in source.aiter_sse():
                        at = time.monotonic()
                        raw = sse.data
                        try:
                            message = json.loads(raw) if raw.strip() else None
                        except ValueError:
                            message = {"msg": "__malformed__", "raw": raw}
                        if not isinstance(message, dict):
                            continue
                        frame = f"data: {raw}" if not sse.event or sse.event == "message" else f"event: {sse.event}\ndata: {raw}"
                        msg = message.get("msg")
                        event_id = message.get("event_id")
                        if msg == "close_stream":
                            closed_by_server = True
                            break
                        if event_id and event_id in self.queues:
                            got_message = True
                            self.queues[event_id].put_nowait((message, frame, at))
                            if msg == "process_completed":
                                self.queues.pop(event_id, None)  # done: the job keeps its queue
                        elif msg in ("heartbeat", "unexpected_error") or event_id is None:
                            self._broadcast(message, frame, at)
            except httpx.ReadTimeout:
                self._broadcast({"msg": "__timeout__"}, "", time.monotonic())
                return
            except (httpx.TransportError, StreamError) as err:
                if not self.queues:
                    return
                reopen_budget -= 1
                if reopen_budget < 0:
                    self._broadcast({"msg": "__dropped__", "message": str(err)}, "", time.monotonic())
                    return
                await asyncio.sleep(0.2)
                continue
            # The stream ended. Jobs still pending (joined just as the server closed, or a
            # v1/v2 server that ends without close_stream) need a fresh reader.
            if not self.queues:
                return
            if not got_message:
                reopen_budget -= 1
            if reopen_budget < 0:
                self._broadcast({"msg": "__dropped__", "message": "the event stream closed early"}, "",
                                time.monotonic())
                return

    async def aclose(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass


def raise_for_internal(message: dict[str, Any], timeout: float) -> None:
    """Turn the reader's own markers into errors for the job that receives them."""
    msg = message.get("msg")
    if msg == "__timeout__":
        raise TimeoutError_(f"no message from the app for {timeout:g} s", hint="raise --timeout")
    if msg == "__dropped__":
        raise StreamError(f"the event stream dropped: {message.get('message')}")
