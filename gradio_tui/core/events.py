"""Typed events of one job, one type per row of the contract's ``call --json`` table.

Every event keeps the raw SSE frame it came from (``raw``) and a monotonic timestamp ``t``
(seconds since the job was submitted), so the TUI's raw view and ``--json`` agree.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, ClassVar


@dataclass
class Event:
    type: ClassVar[str] = "event"
    t: float = 0.0
    event_id: str | None = None
    raw: str = field(default="", repr=False)

    @property
    def terminal(self) -> bool:
        return False

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON object: ``type``, ``t``, ``event_id`` when known, then fields.

        Values are shared, not copied: an event never changes once made (generator diffs are
        applied to copies), and this runs for every event of a 10,000-yield stream."""
        out: dict[str, Any] = {"type": self.type, "t": round(self.t, 6)}
        if self.event_id:
            out["event_id"] = self.event_id
        for key in _payload_fields(type(self)):
            out[key] = getattr(self, key)      # not __dict__: that would give every event a dict of its own
        return out


@cache
def _payload_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in ("t", "event_id", "raw"))


@dataclass
class StageEvent(Event):
    type: ClassVar[str] = "stage"
    stage: str = ""
    elapsed: float = 0.0


@dataclass
class UploadEvent(Event):
    type: ClassVar[str] = "upload"
    name: str = ""
    bytes: int = 0
    done: bool = False


@dataclass
class EstimationEvent(Event):
    type: ClassVar[str] = "estimation"
    rank: int | None = None
    queue_size: int | None = None
    eta: float | None = None


@dataclass
class ProcessStartsEvent(Event):
    type: ClassVar[str] = "process_starts"
    eta: float | None = None


@dataclass
class ProgressEvent(Event):
    type: ClassVar[str] = "progress"
    units: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class LogEvent(Event):
    type: ClassVar[str] = "log"
    level: str = "info"
    message: str = ""
    title: str | None = None


@dataclass
class GeneratingEvent(Event):
    type: ClassVar[str] = "generating"
    data: list[Any] = field(default_factory=list)


@dataclass
class StreamingEvent(Event):
    type: ClassVar[str] = "streaming"
    data: list[Any] = field(default_factory=list)


@dataclass
class RetryEvent(Event):
    type: ClassVar[str] = "retry"
    attempt: int = 0
    reason: str = ""
    wait: float = 0.0


@dataclass
class HeartbeatEvent(Event):
    type: ClassVar[str] = "heartbeat"


@dataclass
class CompleteEvent(Event):
    type: ClassVar[str] = "complete"
    data: list[Any] = field(default_factory=list)
    duration: float | None = None
    average_duration: float | None = None

    @property
    def terminal(self) -> bool:
        return True


@dataclass
class ErrorEvent(Event):
    type: ClassVar[str] = "error"
    message: str | None = None
    title: str | None = None
    kind: str = "app"

    @property
    def terminal(self) -> bool:
        return True


@dataclass
class CancelledEvent(Event):
    type: ClassVar[str] = "cancelled"

    @property
    def terminal(self) -> bool:
        return True


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (StageEvent, UploadEvent, EstimationEvent, ProcessStartsEvent, ProgressEvent, LogEvent,
                GeneratingEvent, StreamingEvent, RetryEvent, HeartbeatEvent, CompleteEvent, ErrorEvent,
                CancelledEvent)
}


# --- generator diffs (sse_v2+): gradio_client.utils.apply_diff, re-stated -------------------------

class DiffError(ValueError):
    """A generator diff that does not apply to the previous value (a broken or hostile server)."""


def _apply_edit(value: Any, action: Any, path: Any, new: Any) -> Any:
    if not isinstance(path, list):
        raise DiffError(f"edit path is not a list: {path!r:.60}")
    if not path:
        if action == "replace":
            return new
        if action == "append":
            return value + new if value is not None else new
        if action == "add":
            return new
        if action == "delete":
            return None
        raise DiffError(f"unknown edit action {action!r:.40}")
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = new
    elif action == "append":
        parent[last] = parent[last] + new
    elif action == "add":
        if isinstance(parent, list):
            parent.insert(int(last), new)
        else:
            parent[last] = new
    elif action == "delete":
        if isinstance(parent, list):
            del parent[int(last)]
        else:
            parent.pop(last, None)
    else:
        raise DiffError(f"unknown edit action {action!r:.40}")
    return value


def apply_edits(value: Any, edits: list[Any]) -> Any:
    """Apply one output's edit list ``[[action, path, value], …]`` to its previous value.

    The previous value is never changed. Edits that do not fit it raise ``DiffError``.
    """
    if not isinstance(edits, list):
        raise DiffError(f"an output's edits are not a list: {edits!r:.60}")
    try:
        value = copy.deepcopy(value)
        for edit in edits:
            if not isinstance(edit, (list, tuple)) or len(edit) != 3:
                raise DiffError(f"an edit is not [action, path, value]: {edit!r:.60}")
            action, path, new = edit
            value = _apply_edit(value, action, path, new)
    except DiffError:
        raise
    except (LookupError, TypeError, ValueError, AttributeError, RecursionError) as err:
        raise DiffError(f"{type(err).__name__}: {err}"[:200]) from None
    return value


def apply_diff(previous: list[Any] | None, diff: list[Any]) -> list[Any]:
    """Turn a ``process_generating`` diff chunk into full values, output by output."""
    if not isinstance(diff, list):
        raise DiffError(f"a generator update is not a list: {diff!r:.60}")
    previous = list(previous or [])
    out = []
    for index, edits in enumerate(diff):
        before = previous[index] if index < len(previous) else None
        out.append(apply_edits(before, edits))
    return out


def decode_json(text: str) -> Any:
    """Parse an SSE data payload; ``None`` for an empty one."""
    text = text.strip()
    return json.loads(text) if text else None
