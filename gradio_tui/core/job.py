"""``Job``: one call's life — upload, ``queue/join``, the event stream, cancel, the record.

Iterate it (``async for event in job``) to get typed events as they arrive; ``await
job.result()`` drains it and returns the visible outputs or raises the error as a value. Every
event is folded into ``job.state`` (``core.call``: what the faces read) and lands in the
``CallRecord`` (a long stream keeps its first and last events there, and counts the rest); the
job itself keeps none, so a 200,000-event stream stays small. When the call ends, the record
takes a snapshot of the state and goes to the session's recorder (the history file).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.call import CallState, CallStatus
from gradio_tui.core.errors import (
    AuthRequired,
    CallFailed,
    GradioTuiError,
    QueueFull,
    RateLimited,
    StreamError,
    TimeoutError_,
    UsageError,
)
from gradio_tui.core.history import CallRecord
from gradio_tui.core.net.bodies import DeadlineExceeded, fetch
from gradio_tui.core.net.retry import RETRYABLE_STATUS, RetryPolicy, retry_after_seconds, transport_reason
from gradio_tui.core.protocol.discovery import describe_transport_error
from gradio_tui.core.protocol.events import CancelledEvent, ErrorEvent, Event, RetryEvent, UploadEvent
from gradio_tui.core.protocol.filedata import put_at, url_filedata
from gradio_tui.core.protocol.messages import MessageState, to_event, warning
from gradio_tui.core.protocol.payload import Payload
from gradio_tui.core.protocol.schema import Endpoint
from gradio_tui.core.protocol.stream import Inbox, SessionStream, never_acknowledged, raise_for_internal

if TYPE_CHECKING:
    from gradio_tui.core.session import Session


CANCEL_ANSWER = 64 * 1024      # bytes of /cancel's answer we read (it is ignored)
YIELD_EVERY = 0.05             # seconds of messages handled from a backlog before the loop gets a turn


class _Retryable(Exception):
    """A failed join that a retry may fix; ``error`` is what the user sees when retries run out."""

    def __init__(self, reason: str, error: GradioTuiError, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.retry_after = retry_after


def _validation_message(response: httpx.Response) -> tuple[str, object]:
    """A 422 on join: the app's validators (per parameter) or pydantic's complaint."""
    try:
        detail = wirejson.loads(response.content).get("detail")
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
    def __init__(self, session: Session, endpoint: Endpoint, payload: Payload, record: CallRecord,
                 session_hash: str, *, retries: int | RetryPolicy = 0) -> None:
        self.session = session
        self.endpoint = endpoint
        self.payload = payload
        self.record = record
        self.session_hash = session_hash
        self.event_id: str | None = None
        self.submitted_at = time.monotonic()
        self._iterator: AsyncIterator[Event] | None = None
        self._cancel_requested = False
        self._cancelled = asyncio.Event()      # wakes a retry wait early
        self._done = False
        self._recorded = False
        self.state = CallState(timings=record.timings)   # the record's timings are the state's
        self.record_problem: str | None = None   # why the recorder could not keep the record
        self.retry = RetryPolicy.of(retries)
        self._state = MessageState.for_protocol(session.schema.protocol)
        self._answered = False      # a message for our event id arrived (estimation comes on join)
        self._joined_at = 0.0
        self._last_at = 0.0
        self._heartbeats = 0        # seen since the join (for the "never acknowledged" message)
        self._yielded_at = 0.0      # when _next last gave the event loop a turn
        if record.timings.connect is None:   # the session's connect time (resolve, wake, schema)
            record.timings.connect = getattr(session, "connect_seconds", None)

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
        state = self.state
        if state.status == CallStatus.COMPLETE:
            return state.outputs or []
        if state.status == CallStatus.CANCELLED:
            raise CallFailed("the call was cancelled", kind="cancelled")
        if state.error is not None:
            raise state.error
        raise StreamError("the call ended without a result")

    @property
    def error(self) -> GradioTuiError | None:
        """The error value of a job that ended in an error (its exit code, its message)."""
        return self.state.error

    def finish(self) -> None:
        """The call is over for us: its state ends (cancelled if it had no result), the record
        takes a snapshot of it and goes to the session's recorder, once."""
        if self._recorded:
            return
        self._recorded = True
        self.state.end()
        self.record.take(self.state)
        self.record_problem = self.session.keep(self.record)

    async def aclose(self) -> None:
        """Stop listening: ask the server to stop the job, end and record the call."""
        await self.cancel()
        if self._iterator is not None:
            try:
                await self._iterator.aclose()  # type: ignore[attr-defined]  # an async generator's cleanup
            except RuntimeError:                # still running in another task: it ends itself
                pass
        self.finish()

    async def cancel(self) -> None:
        """Ask the server to stop this job (``/cancel``, ≥ 4.31); the stream then ends it."""
        self._cancel_requested = True
        self._cancelled.set()
        if self.event_id is None or self._done:
            return
        schema = self.session.schema
        if schema.has_cancel_route:
            body = {"session_hash": self.session_hash, "fn_index": self.endpoint.fn_index, "event_id": self.event_id}
            try:
                await fetch(self.session.client, "POST", f"{schema.api_root}/cancel", json=body,
                            limit=CANCEL_ANSWER, deadline=10)
            except (httpx.HTTPError, httpx.InvalidURL, GradioTuiError):
                pass

    # --- internals ---------------------------------------------------------------------------
    def _t(self, at: float | None = None) -> float:
        return (at if at is not None else time.monotonic()) - self.submitted_at

    def _emit(self, event: Event, error: GradioTuiError | None = None) -> Event:
        self.record.add_event(event.to_json())
        self.state.apply(event, error)
        if event.terminal:
            self.record.take(self.state)
        return event

    async def _prepare_data(self) -> AsyncIterator[Event]:
        """Upload local files and put their FileData where they stand in each value (the whole
        value, an item of a list, a key of an object: ``core.filedata``); a URL goes as a URL.
        A file named twice in one call is uploaded once."""
        data = list(self.payload.data)
        index_of = {p.name: p.index for p in self.endpoint.parameters}
        uploaded: dict[str, dict[str, Any]] = {}
        for file_arg in self.payload.files:
            index = index_of[file_arg.param]
            if file_arg.is_url:
                data[index] = put_at(data[index], file_arg.at, url_filedata(file_arg.source))
                continue
            filedata = uploaded.get(file_arg.source)
            if filedata is None:
                async for event in self._upload_with_progress(file_arg.source):
                    if isinstance(event, dict):
                        filedata = event
                    else:
                        yield self._emit(event)
                assert filedata is not None
                uploaded[file_arg.source] = filedata
                yield self._emit(UploadEvent(t=self._t(), name=filedata["orig_name"], bytes=filedata["size"],
                                             done=True))
            file_arg.server_path = filedata["path"]
            data[index] = put_at(data[index], file_arg.at, dict(filedata))
        self._data = self.record.data = data    # the record keeps what the join sends

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
        """``POST queue/join`` once: the event id, or an error (``_Retryable`` when a retry may help)."""
        schema = self.session.schema
        body = {"data": self._data, "fn_index": self.endpoint.fn_index, "session_hash": self.session_hash,
                "event_data": self.payload.event_data, "trigger_id": self.payload.trigger_id}
        if self.endpoint.oauth_token and self.session.oauth_token:
            body["oauth_token"] = self.session.oauth_token
        try:
            response = await fetch(self.session.client, "POST", f"{schema.api_root}/queue/join", json=body,
                                   headers={"x-gradio-user": "api"}, deadline=self.session.timeout)
        except DeadlineExceeded:
            raise TimeoutError_(f"the app's queue did not answer the submission within {self.session.timeout:g} s",
                                hint="the app is too slow or stalling; raise --timeout") from None
        except (httpx.RequestError, httpx.InvalidURL) as err:   # a redirect loop or bad URL too
            unreachable = describe_transport_error(schema.root, err)
            reason = transport_reason(err)
            if reason:
                raise _Retryable(reason, unreachable) from None
            raise unreachable from None
        status = response.status_code
        if status == 200:
            try:
                event_id = wirejson.loads(response.content)["event_id"]
            except (ValueError, KeyError, TypeError):
                event_id = None
            if not isinstance(event_id, (str, int)) or isinstance(event_id, bool) or not str(event_id):
                raise StreamError(f"the app's queue answered without an event id: {response.text[:200]}")
            return str(event_id)
        if status in RETRYABLE_STATUS:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            when = f": retry in {wait:.0f} s" if wait is not None else ""
            if status == 503:
                reason = _detail(response)
                error: GradioTuiError = QueueFull(f"the app's queue is full{': ' + reason if reason else ''}",
                                                  hint="try again later, or pass --retries N")
            else:
                error = RateLimited(f"the app is rate-limiting calls (HTTP 429){when}", retry_after=wait,
                                    hint="try again later, or pass --retries N")
            raise _Retryable(RETRYABLE_STATUS[status], error, wait)
        if status == 422:
            said, detail = _validation_message(response)
            raise CallFailed(said, kind="validation", details=detail)
        if status == 401:
            raise AuthRequired("the app needs a login", hint="pass --auth USER:PASS")
        if status in (404, 405):
            raise StreamError(f"the app has no queue route ({schema.api_root}/queue/join answered {status})")
        raise CallFailed(f"the app refused the call: HTTP {status} {response.text[:200]}", kind="http")

    async def _join_with_retries(self) -> AsyncIterator[Event]:
        """Join, retrying what is safe to retry (``RetryPolicy``); each retry is an event."""
        attempt = 0
        while True:
            try:
                self.event_id = await self._join()
                return
            except _Retryable as failed:
                attempt += 1
                wait = self.retry.wait(attempt, failed.retry_after)
                if wait is None or self._cancel_requested:
                    raise failed.error from None
                yield self._emit(RetryEvent(t=self._t(), attempt=attempt, reason=failed.reason, wait=round(wait, 3)))
                try:
                    await asyncio.wait_for(self._cancelled.wait(), wait)
                except asyncio.TimeoutError:
                    pass
                if self._cancel_requested:
                    return

    async def _next(self, queue: Inbox, stream: SessionStream) -> tuple[dict[str, Any], str, float]:
        """The next message routed to this job, or ``TimeoutError_`` when the app goes silent.

        Until the app answers for our event id (it sends an estimation on join), only such an
        answer counts: heartbeats keep a stream open, not a job that the app never took. After
        that, any sign of life of the stream counts (a long run sends only heartbeats).
        """
        timeout = self.session.timeout
        while True:
            if not queue.empty():
                if time.monotonic() - self._yielded_at > YIELD_EVERY:
                    await asyncio.sleep(0)     # a backlog of messages: let Ctrl-C and timers in
                    self._yielded_at = time.monotonic()
                return queue.get_nowait()
            last = max(self._last_at, stream.alive_at) if self._answered else self._joined_at
            left = last + timeout - time.monotonic()
            if left <= 0:
                if not self._answered:
                    raise never_acknowledged(timeout, self._heartbeats)
                raise TimeoutError_(f"no message from the app for {timeout:g} s", hint="raise --timeout")
            item = await queue.get(left)
            if item is not None:
                return item

    async def _run(self) -> AsyncIterator[Event]:
        session = self.session
        stream = None
        queue: Inbox | None = None
        self.record.status = "running"
        try:
            async for event in self._prepare_data():
                yield event
            if not self._cancel_requested:
                joined_at = time.monotonic()
                async for event in self._join_with_retries():
                    yield event
                self.record.timings.join = time.monotonic() - joined_at
            if self.event_id is None:   # cancelled before the app had the job
                yield self._emit(CancelledEvent(t=self._t()))
                return
            stream = session.stream_for(self.session_hash)
            queue = stream.register(self.event_id)
            self._joined_at = time.monotonic()
            if self._cancel_requested:
                await self.cancel()
            while True:
                message, raw, at = await self._next(queue, stream)
                if message.get("event_id") == self.event_id:
                    self._answered, self._last_at = True, at
                elif message.get("msg") == "heartbeat":
                    self._heartbeats += 1
                raise_for_internal(message, session.timeout, answered=self._answered)
                if message.get("msg") == "__malformed__":
                    yield self._emit(warning(self._t(at), "ignored a message from the app that is not a JSON "
                                             f"object: {message.get('message')}{message.get('more') or ''}"))
                    continue
                typed = to_event(message, raw, self._t(at), self.endpoint, self._state)
                if typed is None:
                    continue
                if typed.event_id is None and self.event_id:
                    typed.event_id = self.event_id
                yield self._emit(typed)
                if typed.terminal:
                    return
        except (CallFailed, QueueFull, AuthRequired, StreamError) as err:
            kind = getattr(err, "kind", "app")
            said = err.app_message if isinstance(err, CallFailed) else str(err)
            yield self._fail(err, ErrorEvent(t=self._t(), event_id=self.event_id, message=said, kind=kind,
                                             title=getattr(err, "title", None)))
        except UsageError as err:
            self.state.fail(err)
            raise
        except GradioTuiError as err:
            yield self._fail(err, ErrorEvent(t=self._t(), event_id=self.event_id, message=str(err), kind=err.kind))
        except (asyncio.CancelledError, GeneratorExit):
            # The consumer went away (Ctrl-C, a closed screen): stop the job on the server too.
            if not self._done and self.event_id:
                try:
                    await asyncio.shield(self.cancel())
                except BaseException:  # noqa: BLE001 - a second Ctrl-C while cancelling: leave anyway
                    pass
            self.finish()
            raise
        except Exception as err:  # noqa: BLE001 - a bug of ours ends the job with a message, not a traceback
            error = StreamError(f"internal error: {type(err).__name__}: {err}", hint="please report it")
            error.kind = "internal"
            yield self._fail(error, ErrorEvent(t=self._t(), event_id=self.event_id, message=str(error),
                                               kind="internal"))
        finally:
            self._done = True
            self.finish()
            session.mark_running(self.session_hash, self.endpoint.fn_index, False)
            if stream is not None and self.event_id:
                stream.release(self.event_id)
            if queue is not None:
                queue.discard()     # what the job did not take no longer holds the reader back

    def _fail(self, error: GradioTuiError, event: ErrorEvent) -> Event:
        return self._emit(event, error)


def _detail(response: httpx.Response) -> str | None:
    try:
        detail = wirejson.loads(response.content).get("detail")
    except (ValueError, AttributeError):
        return None
    return detail if isinstance(detail, str) else None
