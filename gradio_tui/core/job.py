"""``Job``: one call's life — upload, ``queue/join``, the event stream, cancel, the record.

Iterate it (``async for event in job``) to get typed events as they arrive; ``await
job.result()`` drains it and returns the visible outputs or raises the error as a value. Every
event lands in ``job.events`` and in the ``CallRecord``.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import TYPE_CHECKING, Any, AsyncIterator

import httpx

from .discovery import describe_transport_error
from .errors import AuthRequired, CallFailed, GradioTuiError, QueueFull, StreamError, UsageError
from .events import (
    CancelledEvent, CompleteEvent, ErrorEvent, EstimationEvent, Event, GeneratingEvent, HeartbeatEvent,
    LogEvent, ProcessStartsEvent, ProgressEvent, StreamingEvent, UploadEvent, apply_diff,
)
from .history import CallRecord
from .payload import Payload, url_filedata
from .schema import Endpoint
from .stream import raise_for_internal

if TYPE_CHECKING:
    from .session import Session

DIFF_PROTOCOLS = ("sse_v2", "sse_v2.1", "sse_v3")


def _validation_message(response: httpx.Response) -> tuple[str, object]:
    """A 422 on join: the app's validators (per parameter) or pydantic's complaint."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return f"the app rejected the input (HTTP 422): {response.text[:200]}", None
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict) and item.get("__type__") == "validate" and not item.get("is_valid", True):
                parts.append(f"{item.get('parameter_name') or 'input'}: {item.get('message') or 'invalid'}")
            elif isinstance(item, dict) and item.get("msg"):
                parts.append(str(item.get("msg")))
        if parts:
            return "; ".join(parts), detail
    return f"the app rejected the input: {detail}", detail


class Job:
    def __init__(self, session: "Session", endpoint: Endpoint, payload: Payload, record: CallRecord,
                 session_hash: str) -> None:
        self.session = session
        self.endpoint = endpoint
        self.payload = payload
        self.record = record
        self.session_hash = session_hash
        self.event_id: str | None = None
        self.events: list[Event] = []
        self.submitted_at = time.monotonic()
        self._iterator: AsyncIterator[Event] | None = None
        self._cancel_requested = False
        self._done = False
        self._last_data: list[Any] | None = None
        self._final: Event | None = None

    # --- public ----------------------------------------------------------------------------
    def __aiter__(self) -> AsyncIterator[Event]:
        if self._iterator is None:
            self._iterator = self._run()
        return self._iterator

    @property
    def done(self) -> bool:
        return self._done

    async def result(self) -> list[Any]:
        """Drain the job; the visible outputs, or the error raised as a value."""
        async for _ in self:
            pass
        final = self._final
        if isinstance(final, CompleteEvent):
            return final.data
        if isinstance(final, CancelledEvent):
            raise CallFailed("the call was cancelled", kind="cancelled")
        if isinstance(final, ErrorEvent):
            raise self._error_value(final)
        raise StreamError("the call ended without a result")

    async def cancel(self) -> None:
        """Ask the server to stop this job (``/cancel``, ≥ 4.31); the stream then ends it."""
        self._cancel_requested = True
        if self.event_id is None or self._done:
            return
        schema = self.session.schema
        if schema.has_cancel_route:
            body = {"session_hash": self.session_hash, "fn_index": self.endpoint.fn_index, "event_id": self.event_id}
            try:
                await self.session.client.post(f"{schema.api_root}/cancel", json=body, timeout=10)
            except httpx.HTTPError:
                pass

    # --- internals ---------------------------------------------------------------------------
    def _t(self, at: float | None = None) -> float:
        return (at if at is not None else time.monotonic()) - self.submitted_at

    def _error_value(self, event: ErrorEvent) -> GradioTuiError:
        if event.kind in ("stream", "timeout"):
            from .errors import TimeoutError_

            cls = TimeoutError_ if event.kind == "timeout" else StreamError
            return cls(event.message or "the event stream dropped")
        if event.kind == "queue_full":
            return QueueFull(event.message or "the app's queue is full")
        if event.kind == "auth":
            return AuthRequired(event.message or "login needed")
        return CallFailed(event.message, title=event.title, kind=event.kind)

    def _emit(self, event: Event) -> Event:
        self.events.append(event)
        record = self.record
        record.events.append(event.to_json())
        timings = record.timings
        if isinstance(event, ProcessStartsEvent) and timings.queue_wait is None:
            timings.queue_wait = event.t
        if isinstance(event, (GeneratingEvent, CompleteEvent)) and timings.first_output is None:
            timings.first_output = event.t
        if event.terminal:
            self._final = event
            timings.total = event.t
            if timings.queue_wait is not None:
                timings.processing = event.t - timings.queue_wait
            if isinstance(event, CompleteEvent):
                record.status, record.result = "complete", event.data
                timings.server_duration, timings.server_average = event.duration, event.average_duration
            elif isinstance(event, CancelledEvent):
                record.status = "cancelled"
            elif isinstance(event, ErrorEvent):
                record.status, record.error_kind = "error", event.kind
                record.error = event.message or str(self._error_value(event))
        return event

    async def _prepare_data(self) -> AsyncIterator[Event]:
        """Upload local files and turn file values into FileData, in place."""
        data = list(self.payload.data)
        for index, file_arg in self.payload.file_slots(self.endpoint).items():
            if file_arg.is_url:
                data[index] = url_filedata(file_arg.source)
                continue
            filedata = None
            async for event in self._upload_with_progress(file_arg.source):
                if isinstance(event, dict):
                    filedata = event
                else:
                    yield self._emit(event)
            assert filedata is not None
            file_arg.server_path = filedata["path"]
            data[index] = filedata
            yield self._emit(UploadEvent(t=self._t(), name=filedata["orig_name"], bytes=filedata["size"], done=True))
        self._data = data

    async def _upload_with_progress(self, path: str) -> AsyncIterator[Event | dict[str, Any]]:
        """Upload events (``done: false``) at most every 0.1 s while the file goes up, then
        the FileData. Small files give no intermediate event."""
        name = os.path.basename(path)
        sent = {"bytes": 0}
        task = asyncio.create_task(self.session.upload(path, on_progress=lambda n, done: sent.update(bytes=n)))
        reported = 0
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=0.1)
                if not task.done() and sent["bytes"] != reported:
                    reported = sent["bytes"]
                    yield UploadEvent(t=self._t(), name=name, bytes=reported, done=False)
        finally:
            if not task.done():
                task.cancel()
        yield task.result()

    async def _join(self) -> str:
        schema = self.session.schema
        body = {"data": self._data, "fn_index": self.endpoint.fn_index, "session_hash": self.session_hash,
                "event_data": None, "trigger_id": None}
        if self.endpoint.oauth_token and self.session.oauth_token:
            body["oauth_token"] = self.session.oauth_token
        try:
            response = await self.session.client.post(f"{schema.api_root}/queue/join", json=body,
                                                      headers={"x-gradio-user": "api"})
        except httpx.TransportError as err:
            raise describe_transport_error(schema.root, err) from None
        status = response.status_code
        if status == 200:
            try:
                return str(response.json()["event_id"])
            except (ValueError, KeyError, TypeError):
                raise StreamError(f"the app's queue answered without an event id: {response.text[:200]}") from None
        if status == 503:
            try:
                detail = response.json().get("detail")
            except (ValueError, AttributeError):
                detail = None
            raise QueueFull(f"the app's queue is full{': ' + detail if isinstance(detail, str) else ''}",
                            hint="try again later")
        if status == 422:
            message, detail = _validation_message(response)
            raise CallFailed(message, kind="validation", details=detail)
        if status == 401:
            raise AuthRequired("the app needs a login", hint="pass --auth USER:PASS")
        if status in (404, 405):
            raise StreamError(f"the app has no queue route ({schema.api_root}/queue/join answered {status})")
        raise CallFailed(f"the app refused the call: HTTP {status} {response.text[:200]}", kind="http")

    def _convert(self, message: dict[str, Any], raw: str, at: float) -> Event | None:
        msg = message.get("msg")
        t, eid = self._t(at), message.get("event_id")
        ep = self.endpoint
        if msg == "estimation":
            return EstimationEvent(t=t, event_id=eid, raw=raw, rank=message.get("rank"),
                                   queue_size=message.get("queue_size"), eta=message.get("rank_eta"))
        if msg == "process_starts":
            return ProcessStartsEvent(t=t, event_id=eid, raw=raw, eta=message.get("eta"))
        if msg == "progress":
            return ProgressEvent(t=t, event_id=eid, raw=raw, units=list(message.get("progress_data") or []))
        if msg == "log":
            return LogEvent(t=t, event_id=eid, raw=raw, level=str(message.get("level") or "info"),
                            message=str(message.get("log") or ""), title=message.get("title"))
        if msg in ("process_generating", "process_streaming"):
            output = message.get("output") or {}
            data = output.get("data") or []
            if msg == "process_generating":
                if self._last_data is not None and self.session.schema.protocol in DIFF_PROTOCOLS:
                    data = apply_diff(self._last_data, data)
                self._last_data = data
            visible = ep.visible_outputs(data)
            cls = GeneratingEvent if msg == "process_generating" else StreamingEvent
            return cls(t=t, event_id=eid, raw=raw, data=visible)
        if msg == "process_completed":
            output = message.get("output")
            if not message.get("success", True) or (isinstance(output, dict) and "error" in output):
                output = output if isinstance(output, dict) else {}
                return ErrorEvent(t=t, event_id=eid, raw=raw, message=output.get("error"),
                                  title=output.get("title") or message.get("title"), kind="app")
            if not output:
                return CancelledEvent(t=t, event_id=eid, raw=raw)
            data = output.get("data") or []
            return CompleteEvent(t=t, event_id=eid, raw=raw, data=ep.visible_outputs(data),
                                 duration=output.get("duration"),
                                 average_duration=output.get("average_duration") or message.get("avg_time"))
        if msg == "heartbeat":
            return HeartbeatEvent(t=t, event_id=eid, raw=raw)
        if msg == "unexpected_error":
            return ErrorEvent(t=t, event_id=eid, raw=raw, message=str(message.get("message") or "unexpected error"),
                              kind="stream")
        if msg == "queue_full":
            return ErrorEvent(t=t, event_id=eid, raw=raw, message="the app's queue is full", kind="queue_full")
        return None  # a message type we do not know: ignore it, as the contract asks

    async def _run(self) -> AsyncIterator[Event]:
        session = self.session
        stream = None
        self.record.status = "running"
        try:
            async for event in self._prepare_data():
                yield event
            if self._cancel_requested:
                yield self._emit(CancelledEvent(t=self._t()))
                return
            joined_at = time.monotonic()
            self.event_id = await self._join()
            self.record.timings.join = time.monotonic() - joined_at
            stream = session.stream_for(self.session_hash)
            queue = stream.register(self.event_id)
            if self._cancel_requested:
                await self.cancel()
            while True:
                message, raw, at = await queue.get()
                raise_for_internal(message, session.timeout)
                event = self._convert(message, raw, at)
                if event is None:
                    continue
                if event.event_id is None and self.event_id:
                    event.event_id = self.event_id
                yield self._emit(event)
                if event.terminal:
                    return
        except (CallFailed, QueueFull, AuthRequired, StreamError) as err:
            kind = getattr(err, "kind", "app")
            message = getattr(err, "app_message", None) if isinstance(err, CallFailed) else str(err)
            yield self._emit(ErrorEvent(t=self._t(), event_id=self.event_id, message=message, kind=kind,
                                        title=getattr(err, "title", None)))
        except UsageError:
            raise
        except GradioTuiError as err:
            yield self._emit(ErrorEvent(t=self._t(), event_id=self.event_id, message=str(err), kind=err.kind))
        except (asyncio.CancelledError, GeneratorExit):
            # The consumer went away (Ctrl-C, a closed screen): stop the job on the server too.
            if not self._done and self.event_id:
                try:
                    await asyncio.shield(self.cancel())
                except BaseException:
                    pass
            self.record.status = "cancelled"
            raise
        finally:
            self._done = True
            session.mark_running(self.session_hash, self.endpoint.fn_index, False)
            if stream is not None and self.event_id:
                stream.release(self.event_id)
