"""``CallState``: what one call is at any moment, folded from its events by one pure reducer.

The job owns one and applies every event it yields; the CLI reads it for the final status and
the exit code, the TUI's run list, queue bar and result view for what they draw, and the record
takes a snapshot of it when the call ends. An error stays a value (the ``GradioTuiError``, which
knows its exit code) from the core to the faces.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from gradio_tui.core.errors import (
    AuthRequired,
    CallFailed,
    GradioTuiError,
    QueueFull,
    RateLimited,
    StreamError,
    TimeoutError_,
)
from gradio_tui.core.history import Timings
from gradio_tui.core.protocol.events import (
    CancelledEvent,
    CompleteEvent,
    ErrorEvent,
    EstimationEvent,
    Event,
    GeneratingEvent,
    ProcessStartsEvent,
    ProgressEvent,
    StreamingEvent,
    UploadEvent,
)


class CallStatus(str, Enum):
    """Where a call is. A ``str``: it compares equal to its word, and the record stores the word."""

    PENDING = "pending"          # made, nothing sent yet
    UPLOADING = "uploading"      # its files going up
    QUEUED = "queued"            # joined, waiting in the app's queue
    RUNNING = "running"          # the app is working on it
    COMPLETE = "complete"
    ERROR = "error"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return self.value

    @property
    def terminal(self) -> bool:
        return self in _TERMINAL


_TERMINAL = frozenset({CallStatus.COMPLETE, CallStatus.ERROR, CallStatus.CANCELLED})
_WAITING = frozenset({CallStatus.PENDING, CallStatus.UPLOADING, CallStatus.QUEUED})


def error_of(event: ErrorEvent) -> GradioTuiError:
    """The error value an ``error`` event stands for (by its ``kind``), when the core did not
    make the event from one."""
    message = event.message
    if event.kind in ("stream", "timeout"):
        cls = TimeoutError_ if event.kind == "timeout" else StreamError
        return cls(message or "the event stream dropped")
    if event.kind == "queue_full":
        return QueueFull(message or "the app's queue is full")
    if event.kind == "auth":
        return AuthRequired(message or "login needed")
    if event.kind == "rate_limited":
        return RateLimited(message or "the app is rate-limiting calls")
    return CallFailed(message, title=event.title, kind=event.kind)


@dataclass
class CallState:
    """One call's status and latest facts. ``apply`` is the only way events change it."""

    status: CallStatus = CallStatus.PENDING
    upload_name: str = ""                 # the file going up, and how much of it has
    upload_bytes: int = 0
    rank: int | None = None
    queue_size: int | None = None
    eta: float | None = None              # the queue's estimate, as of the last estimation
    run_eta: float | None = None          # process_starts' expected run time
    progress: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[Any] | None = None      # the latest full outputs (a generator's, then the result)
    error: GradioTuiError | None = None   # the value behind an ``error`` end: its message, its exit code
    message: str | None = None            # the error as shown (the app's words, or that it hides them)
    timings: Timings = field(default_factory=Timings)
    counts: Counter[str] = field(default_factory=Counter)   # event type → how many, of every event applied
    ended_at: float | None = None         # the end's ``t``

    @property
    def finished(self) -> bool:
        return self.status in _TERMINAL

    @property
    def title(self) -> str | None:
        """The app's title of its error (``gr.Error(title=…)``)."""
        return getattr(self.error, "title", None)

    @property
    def exit_code(self) -> int:
        """The contract's exit code: 0 done, the error's own, 1 cancelled, 4 when it never ended."""
        if self.status == CallStatus.COMPLETE:
            return 0
        if self.status == CallStatus.ERROR and self.error is not None:
            return self.error.exit_code
        return 1 if self.status == CallStatus.CANCELLED else 4

    def apply(self, event: Event, error: GradioTuiError | None = None) -> None:
        """Fold one event in. ``error``: the value the core made an ``error`` event from."""
        self.counts[event.type] += 1
        timings = self.timings
        if isinstance(event, UploadEvent):
            self.status = CallStatus.UPLOADING
            self.upload_name, self.upload_bytes = event.name, event.bytes
        elif isinstance(event, EstimationEvent):
            if self.status in _WAITING:
                self.status = CallStatus.QUEUED
            self.rank, self.queue_size, self.eta = event.rank, event.queue_size, event.eta
        elif isinstance(event, ProcessStartsEvent):
            self.status, self.run_eta, self.rank = CallStatus.RUNNING, event.eta, None
            if timings.queue_wait is None:
                timings.queue_wait = event.t
        elif isinstance(event, ProgressEvent):
            self.status, self.progress = CallStatus.RUNNING, list(event.units)
        elif isinstance(event, (GeneratingEvent, StreamingEvent)):
            self.status = CallStatus.RUNNING
            if isinstance(event, GeneratingEvent):
                self.outputs = list(event.data)
                if timings.first_output is None:
                    timings.first_output = event.t
        elif isinstance(event, CompleteEvent):
            self.outputs = list(event.data)
            if timings.first_output is None:
                timings.first_output = event.t
            timings.server_duration, timings.server_average = event.duration, event.average_duration
            self._end(CallStatus.COMPLETE, event.t)
        elif isinstance(event, ErrorEvent):
            self.error = error or error_of(event)
            self.message = event.message or str(self.error)
            self._end(CallStatus.ERROR, event.t)
        elif isinstance(event, CancelledEvent):
            self._end(CallStatus.CANCELLED, event.t)

    def fail(self, error: GradioTuiError) -> None:
        """An error outside the event stream (one the job raised instead of yielding)."""
        self.error, self.message = error, str(error)
        self._end(CallStatus.ERROR, None)

    def end(self) -> None:
        """The call's loop is over: one that reached no result was cancelled (the user left,
        Ctrl-C, a closed screen)."""
        if not self.finished:
            self._end(CallStatus.CANCELLED, None)

    def _end(self, status: CallStatus, t: float | None) -> None:
        self.status = status
        if t is not None:
            self.ended_at = self.timings.total = t
            if self.timings.queue_wait is not None:
                self.timings.processing = t - self.timings.queue_wait
