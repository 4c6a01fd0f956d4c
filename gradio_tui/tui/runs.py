"""``RunState``: what the TUI knows about one call while it runs and after (no widgets).

The run's worker feeds it the job's events (``apply``); the run panel reads it on a timer and
renders only what changed since the last look (``version``), so the event rate never sets the
repaint rate. It keeps the latest ``EVENTS_KEPT`` events (the log shows fewer) and counts all of
them, so memory stays flat however long a stream runs; the job's record keeps the first and
last events for history, reports and export.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.events import (
    CancelledEvent, CompleteEvent, ErrorEvent, EstimationEvent, Event, GeneratingEvent, ProcessStartsEvent,
    ProgressEvent, StreamingEvent, UploadEvent, cut_large, is_large,
)
from ..textsafe import plain
from .format import HIDDEN_ERROR, STATUS_MARKS, count, finite, seconds

Clock = Callable[[], float]
EVENTS_KEPT = 1500        # the latest events a run holds: what the event log shows (1,500 lines)


@dataclass
class RunState:
    number: int
    route: str
    job: Any = None                       # core Job (None for a run rebuilt from events, in tests)
    endpoint: Any = None
    output_labels: list[str] = field(default_factory=list)
    clock: Clock = time.monotonic
    status: str = "pending"               # pending uploading queued running complete error cancelled
    upload_name: str = ""                 # the file going up, and how much of it has
    upload_bytes: int = 0
    events: list[Event] = field(default_factory=list)   # the latest EVENTS_KEPT to EVENTS_KEPT * 2
    counts: Counter = field(default_factory=Counter)     # event type → how many, of every event applied
    rank: int | None = None
    queue_size: int | None = None
    queue_eta: float | None = None        # seconds until the result, as of queue_eta_at
    queue_eta_at: float | None = None
    run_eta: float | None = None          # process_starts' expected run time
    run_started_at: float | None = None
    progress: list[dict[str, Any]] = field(default_factory=list)
    outputs: list[Any] | None = None
    error: str | None = None
    error_title: str | None = None
    duration: float | None = None
    average_duration: float | None = None
    finished: bool = False
    version: int = 0                      # bumped on every change (the panel's "dirty" mark)
    started_at: float = 0.0
    worker: Any = None                    # the Textual worker driving the job
    chat: bool = False                    # sent from the chat view
    _large: Event | None = field(default=None, repr=False)   # the newest event with a large output

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        if self.endpoint is not None and not self.output_labels:
            self.output_labels = [r.label or r.component for r in self.endpoint.returns]

    @property
    def record(self):
        return getattr(self.job, "record", None)

    @property
    def event_count(self) -> int:
        """Every event applied (``events`` keeps only the latest)."""
        return sum(self.counts.values())

    @property
    def active(self) -> bool:
        return not self.finished

    def apply(self, event: Event) -> None:
        if isinstance(event, (GeneratingEvent, StreamingEvent, CompleteEvent)) and is_large(event.data):
            if self._large is not None:     # only the newest large output stays whole (issue 12, 9)
                self._large.data = cut_large(self._large.data, outputs=True)
            self._large = event
        self.events.append(event)
        if len(self.events) > 2 * EVENTS_KEPT:
            del self.events[:-EVENTS_KEPT]
        self.counts[event.type] += 1
        self.version += 1
        now = self.clock()
        if isinstance(event, UploadEvent):
            self.status = "uploading"
            self.upload_name, self.upload_bytes = event.name, event.bytes
        elif isinstance(event, EstimationEvent):
            self.status = "queued" if self.status in ("pending", "uploading", "queued") else self.status
            self.rank, self.queue_size = event.rank, event.queue_size
            self.queue_eta, self.queue_eta_at = event.eta, now
        elif isinstance(event, ProcessStartsEvent):
            self.status = "running"
            self.run_eta, self.run_started_at = event.eta, now
            self.rank = None
        elif isinstance(event, ProgressEvent):
            self.status = "running"
            self.progress = list(event.units)
        elif isinstance(event, (GeneratingEvent, StreamingEvent)):
            self.status = "running"
            if isinstance(event, GeneratingEvent):
                self.outputs = list(event.data)
        elif isinstance(event, CompleteEvent):
            self.status, self.outputs = "complete", list(event.data)
            self.duration, self.average_duration = event.duration, event.average_duration
            self.finished = True
        elif isinstance(event, ErrorEvent):
            self.status, self.error, self.error_title = "error", event.message or HIDDEN_ERROR, event.title
            self.finished = True
        elif isinstance(event, CancelledEvent):
            self.status, self.finished = "cancelled", True

    def fail(self, message: str) -> None:
        """An error outside the event stream (an exception from the core)."""
        self.status, self.error, self.finished = "error", message, True
        self.version += 1

    def finish(self) -> None:
        if not self.finished:
            self.status = "cancelled" if self.status not in ("complete", "error") else self.status
            self.finished = True
            self.version += 1

    # --- what the queue bar shows --------------------------------------------------------
    def eta_left(self) -> float | None:
        """The queue ETA counted down locally since the last estimation."""
        eta = finite(self.queue_eta)
        if eta is None or self.queue_eta_at is None:
            return None
        return max(0.0, eta - (self.clock() - self.queue_eta_at))

    def run_elapsed(self) -> float | None:
        return None if self.run_started_at is None else self.clock() - self.run_started_at

    def elapsed(self) -> float:
        if self.finished and self.events:
            return self.events[-1].t
        return self.clock() - self.started_at

    def summary(self) -> str:
        """The run list's line: ``#2 /render ⧗ rank 1 of 2``."""
        mark, _ = STATUS_MARKS.get(self.status, ("?", ""))
        detail = ""
        if self.status == "queued":
            detail = f"rank {count(self.rank)} of {count(self.queue_size)}" if self.rank is not None else "queued"
        elif self.status in ("running", "uploading"):
            detail = f"{self.status} {seconds(self.elapsed())}"
        elif self.status == "complete":
            detail = f"done in {seconds(self.elapsed(), 2)}"
        elif self.status in ("error", "cancelled"):
            detail = self.status
        return plain(f"{mark} #{self.number} {self.route}  {detail}").rstrip()
