"""``RunState``: what the TUI shows of one call while it runs and after (no widgets).

What the call *is* (status, rank, outputs, error, counts…) is the job's ``CallState``
(``core.call``: the one reducer); a run adds only view things: its number and route, the clock
stamps the queue bar counts down from, and the latest ``EVENTS_KEPT`` events for the log. Its
clock is the job's (``elapsed`` counts from the job's ``submitted_at``, as every event's ``t``
does), so the run list, the queue bar and the result say the same time. The
run panel reads it on a timer and renders only what changed since the last look (``version``),
so the event rate never sets the repaint rate; memory stays flat however long a stream runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gradio_tui.core import (
    CallState,
    CompleteEvent,
    EstimationEvent,
    Event,
    GeneratingEvent,
    GradioTuiError,
    ProcessStartsEvent,
    StreamingEvent,
    count,
    cut_large,
    finite,
    is_large,
    plain,
    seconds,
)
from gradio_tui.tui.format import STATUS_MARKS

if TYPE_CHECKING:
    from textual.worker import Worker

    from gradio_tui.core import Endpoint, Job

Clock = Callable[[], float]
EVENTS_KEPT = 1500        # the latest events a run holds: what the event log shows (1,500 lines)
# Trimmed when this many more have come: each event kept is a few objects every full garbage
# collection walks during a stream (up to 3,000 events when the slack was EVENTS_KEPT).
EVENTS_SLACK = EVENTS_KEPT // 4


def _of_state(name: str, doc: str = "") -> Any:
    """A run's attribute that is its call state's (read and, for tests and views, set)."""
    return property(lambda run: getattr(run.state, name), lambda run, value: setattr(run.state, name, value),
                    doc=doc or f"The call state's ``{name}``.")


@dataclass
class RunState:
    number: int
    route: str
    job: Job | None = None                # None for a run rebuilt from events, in tests
    endpoint: Endpoint | None = None
    output_labels: list[str] = field(default_factory=list)
    clock: Clock = time.monotonic
    state: CallState = field(default=None)  # type: ignore[assignment]  # the job's, else a run's own
    events: list[Event] = field(default_factory=list)   # the latest EVENTS_KEPT to EVENTS_KEPT + EVENTS_SLACK
    queue_eta_at: float | None = None     # when the last estimation came (the ETA counts down from it)
    run_started_at: float | None = None   # when the app started on it
    version: int = 0                      # bumped on every change (the panel's "dirty" mark)
    started_at: float = 0.0
    worker: Worker[Any] | None = None     # the Textual worker driving the job
    chat: bool = False                    # sent from the chat view
    # the newest event with a large output
    _large: GeneratingEvent | StreamingEvent | CompleteEvent | None = field(default=None, repr=False)
    _own_state: bool = field(default=False, repr=False)       # no job folds the events: apply does

    status = _of_state("status")
    upload_name = _of_state("upload_name")
    upload_bytes = _of_state("upload_bytes")
    rank = _of_state("rank")
    queue_size = _of_state("queue_size")
    queue_eta = _of_state("eta", "Seconds until the result, as of ``queue_eta_at``.")
    run_eta = _of_state("run_eta")
    progress = _of_state("progress")
    outputs = _of_state("outputs")
    counts = _of_state("counts")
    error = _of_state("message", "The error as shown.")

    def __post_init__(self) -> None:
        submitted = getattr(self.job, "submitted_at", None)
        if self.clock is time.monotonic and isinstance(submitted, float):
            self.started_at = submitted       # the job's clock: every event's t counts from it
        else:
            self.started_at = self.clock()
        if self.state is None:
            job_state = getattr(self.job, "state", None)
            self._own_state = not isinstance(job_state, CallState)
            self.state = CallState() if self._own_state else job_state
        if self.endpoint is not None and not self.output_labels:
            self.output_labels = [r.label or r.component for r in self.endpoint.returns]

    @property
    def record(self):
        return getattr(self.job, "record", None)

    @property
    def error_title(self) -> str | None:
        return self.state.title

    @property
    def duration(self) -> float | None:
        return self.state.timings.server_duration

    @property
    def average_duration(self) -> float | None:
        return self.state.timings.server_average

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def event_count(self) -> int:
        """Every event applied (``events`` keeps only the latest)."""
        return sum(self.counts.values())

    @property
    def active(self) -> bool:
        return not self.finished

    def apply(self, event: Event) -> None:
        """Keep ``event`` for the log (the job's state has folded it already)."""
        if self._own_state:
            self.state.apply(event)
        if isinstance(event, (GeneratingEvent, StreamingEvent, CompleteEvent)) and is_large(event.data):
            if self._large is not None:     # only the newest large output stays whole (issue 12, 9)
                self._large.data = cut_large(self._large.data, outputs=True)
            self._large = event
        self.events.append(event)
        if len(self.events) > EVENTS_KEPT + EVENTS_SLACK:
            del self.events[:-EVENTS_KEPT]
        self.version += 1
        if isinstance(event, EstimationEvent):
            self.queue_eta_at = self.clock()
        elif isinstance(event, ProcessStartsEvent):
            self.run_started_at = self.clock()

    def fail(self, error: GradioTuiError) -> None:
        """An error outside the event stream (an exception from the core)."""
        self.state.fail(error)
        self.version += 1

    def finish(self) -> None:
        """The run's worker is done: the call ends (cancelled if it had no result) and the job
        records it."""
        if self.job is not None and hasattr(self.job, "finish"):
            self.job.finish()
        was = self.state.status
        self.state.end()
        if self.state.status != was:
            self.version += 1

    # --- what the queue bar shows --------------------------------------------------------
    def eta_left(self) -> float | None:
        """The queue ETA counted down locally since the last estimation."""
        eta = finite(self.queue_eta)
        if eta is None or self.queue_eta_at is None:
            return None
        return max(0.0, eta - (self.clock() - self.queue_eta_at))

    def run_elapsed(self) -> float | None:
        """How long the app has been working on it: since ``process_starts`` (its ``t``), on the
        same clock as ``elapsed``."""
        began = self.state.timings.queue_wait
        if began is not None:
            return max(0.0, self.elapsed() - began)
        return None if self.run_started_at is None else self.clock() - self.run_started_at

    def elapsed(self) -> float:
        """Since the call was sent (the end's ``t`` once it ended)."""
        if self.finished:
            if self.state.ended_at is not None:
                return self.state.ended_at
            if self.events:
                return self.events[-1].t
        return self.clock() - self.started_at

    def running_for(self) -> float:
        """The one figure of a running call, for the run list and the queue bar alike."""
        began = self.run_elapsed()
        return began if began is not None else self.elapsed()

    @property
    def streamed(self) -> bool:
        """A generator's run: the server's ``duration`` is then its last step only, not the call."""
        return bool(getattr(self.endpoint, "generator", False)) or self.counts.get("generating", 0) > 0

    def summary(self) -> str:
        """The run list's line: ``#2 /render ⧗ rank 1 of 2``."""
        mark, _ = STATUS_MARKS.get(self.status, ("?", ""))
        detail = ""
        if self.status == "queued":
            detail = f"rank {count(self.rank)} of {count(self.queue_size)}" if self.rank is not None else "queued"
        elif self.status in ("running", "uploading"):
            detail = f"{self.status} {seconds(self.running_for())}"
        elif self.status == "complete":
            detail = f"done in {seconds(self.elapsed(), 2)}"
        elif self.status in ("error", "cancelled"):
            detail = self.status
        return plain(f"{mark} #{self.number} {self.route}  {detail}").rstrip()
