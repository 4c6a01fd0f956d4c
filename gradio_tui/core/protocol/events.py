"""Typed events of one job, one type per row of the ``call --json`` table in ``docs/cli.md``.

Every event keeps the raw SSE frame it came from (``raw``) and a monotonic timestamp ``t``
(seconds since the job was submitted), so the TUI's raw view and ``--json`` agree.
"""

from __future__ import annotations

import math
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
        """The ``call --json`` object (``docs/cli.md``): ``type``, ``t``, ``event_id`` when known, then fields.

        Values are shared, not copied: an event never changes once made (generator diffs are
        applied to copies), and this runs for every event of a 10,000-yield stream."""
        out: dict[str, Any] = {"type": self.type, "t": round(self.t, 6)}
        if self.event_id:
            out["event_id"] = self.event_id
        for key in _payload_fields(type(self)):  # type: ignore[arg-type]  # a class hashes (its instances do not)
            out[key] = getattr(self, key)      # not __dict__: that would give every event a dict of its own
        return out

    @staticmethod
    def from_json(data: dict[str, Any]) -> Event:
        """A recorded event (its ``to_json()``, from history) back as a typed event; unknown
        fields are dropped, an unknown type keeps its name on a plain ``Event``."""
        cls = EVENT_TYPES.get(str(data.get("type")), Event)
        known = {k: v for k, v in data.items() if k in _init_fields(cls)}  # type: ignore[arg-type]  # a class hashes
        t = known.get("t")
        known["t"] = t if isinstance(t, (int, float)) and not isinstance(t, bool) and math.isfinite(t) else 0.0
        event = cls(**known)
        if cls is Event:
            event.type = str(data.get("type") or "event")  # type: ignore[misc]  # shadows the ClassVar on purpose
        return event


@cache
def _payload_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name not in ("t", "event_id", "raw"))


@cache
def _init_fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls) if f.name != "raw")


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
#
# The app decides how much work a diff is, so applying one is bounded: the previous values are
# never deep-copied (only the containers on an edited path are, once per message: copy on
# write), appends to one path are joined once (a million one-byte appends are linear), each
# message may cost at most ``MAX_DIFF_WORK`` (elements copied, characters joined), and the
# values may not grow past ``MAX_GENERATED`` (what one message could carry). Past a bound the
# diff "does not apply" (``DiffError``), as a broken one.

MAX_DIFF_WORK = 32 * 1024 * 1024       # elements copied or shifted + characters joined, per message
MAX_GENERATED = 256 * 1024 * 1024      # the outputs' size (≈ JSON characters), as the SSE frame cap
MAX_DIFF_PATH = 64                     # keys in one edit's path (as deep as the core walks a value)


class DiffError(ValueError):
    """A generator diff that does not apply to the previous value (a broken or hostile server)."""


def value_size(value: Any, stop_at: int | None = None) -> int:
    """About the JSON length of ``value`` (a lower bound: a value read from N characters has at
    most N); counting stops once it reaches ``stop_at``, so asking "is it that big?" is cheap."""
    size = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            size += len(item)
        elif isinstance(item, list):
            size += 1 + len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            size += 1 + len(item)
            stack.extend(item)
            stack.extend(item.values())
        else:
            size += 1
        if stop_at is not None and size >= stop_at:
            break
    return size


class GeneratedValues(list[Any]):
    """A generator's full output values after a diff, with ``sizes`` (``value_size`` of each)
    kept for the next diff. A plain list everywhere else (JSON, equality)."""

    sizes: list[int]


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, units: int) -> None:
        self.left -= units
        if self.left < 0:
            raise DiffError(f"a generator update that takes too much work to apply (over {MAX_DIFF_WORK:,} "
                            "elements copied or characters joined)")


class _OutputEdits:
    """One message's edits to one output, applied without changing the previous value."""

    def __init__(self, value: Any, size: int, budget: _Budget) -> None:
        self.root = value
        self.size = size
        self.budget = budget
        self._copies: list[Any] = []         # ours to change (kept alive so their ids stay unique)
        self._owned: set[int] = set()
        self._appends: dict[tuple[Any, ...], list[Any]] = {}   # path → pieces not yet joined
        self._under_appends: set[tuple[Any, ...]] = set()       # proper prefixes of those paths

    # --- copy on write -----------------------------------------------------------------------
    def _own(self, container: Any) -> Any:
        if id(container) in self._owned or not isinstance(container, (list, dict)):
            return container
        self.budget.spend(len(container))
        copy = list(container) if isinstance(container, list) else dict(container)
        self._copies.append(copy)
        self._owned.add(id(copy))
        return copy

    def _parent(self, path: tuple[Any, ...]) -> Any:
        """The container that holds ``path[-1]``, ours to change."""
        node = self.root = self._own(self.root)
        for key in path[:-1]:
            child = node[key]
            owned = self._own(child)
            if owned is not child:
                node[key] = owned
            node = owned
        return node

    # --- edits -----------------------------------------------------------------------------------
    def apply(self, action: Any, path: Any, new: Any) -> None:
        if not isinstance(path, list):
            raise DiffError(f"edit path is not a list: {path!r:.60}")
        if len(path) > MAX_DIFF_PATH:
            raise DiffError(f"an edit path longer than {MAX_DIFF_PATH} keys ({len(path):,})")
        key = tuple(path)
        self.budget.spend(1 + len(key) * (len(key) + 1) // 2)   # its prefixes are sliced (and kept)
        if action == "append":
            if key not in self._appends:
                self._join_if_overlapping(key, action)
                self._appends[key] = []
                self._under_appends.update(key[:n] for n in range(len(key)))
            self._appends[key].append(new)
            self.size += value_size(new)
            return
        if action not in ("replace", "add", "delete"):
            raise DiffError(f"unknown edit action {action!r:.40}")
        self._join_if_overlapping(key, action)
        if not key:
            self.root = None if action == "delete" else new
            self.size = value_size(self.root)
            return
        parent = self._parent(key)
        last = key[-1]
        if action == "replace":
            if (isinstance(parent, dict) and last in parent) or isinstance(parent, list):
                self.size -= value_size(parent[last])
            parent[last] = new
            self.size += value_size(new)
        elif action == "add":
            if isinstance(parent, list):
                self.budget.spend(len(parent))
                parent.insert(int(last), new)
            else:
                if last in parent:
                    self.size -= value_size(parent[last])
                parent[last] = new
            self.size += value_size(new)
        elif isinstance(parent, list):
            self.budget.spend(len(parent))
            self.size -= value_size(parent[int(last)])
            del parent[int(last)]
        elif last in parent:
            self.size -= value_size(parent.pop(last))

    def _join_if_overlapping(self, key: tuple[Any, ...], action: Any) -> None:
        """Join the pending appends before an edit that reads or moves what they target."""
        if not self._appends:
            return
        touched = key if action not in ("add", "delete") else key[:-1]
        if (key in self._under_appends or touched in self._under_appends or touched in self._appends
                or any(key[:n] in self._appends for n in range(len(key) + 1))):
            self.finish()

    def finish(self) -> Any:
        """Join the pending appends; the output's new value."""
        appends, self._appends = self._appends, {}
        self._under_appends = set()
        for key, pieces in appends.items():
            if not key:
                self.root = self._joined(self.root, pieces, none_is_empty=True)
            else:
                parent = self._parent(key)
                parent[key[-1]] = self._joined(parent[key[-1]], pieces)
        return self.root

    def _joined(self, value: Any, pieces: list[Any], none_is_empty: bool = False) -> Any:
        if value is None and none_is_empty:
            value, pieces = pieces[0], pieces[1:]
        if isinstance(value, str) and all(isinstance(p, str) for p in pieces):
            self.budget.spend(len(value) + sum(map(len, pieces)))
            return value + "".join(pieces)
        if isinstance(value, list) and all(isinstance(p, (list, str, dict)) for p in pieces):
            self.budget.spend(len(value) + sum(map(len, pieces)))
            joined = list(value)
            for piece in pieces:
                joined += piece       # as the reference's ``+=``: a string or dict adds its items
            return joined
        for piece in pieces:          # numbers (1 + 2), or a type error as the reference gives
            self.budget.spend(1)
            value = value + piece
        return value


def apply_edits(value: Any, edits: list[Any], size: int | None = None, budget: _Budget | None = None) -> Any:
    """Apply one output's edit list ``[[action, path, value], …]`` to its previous value.

    The previous value is never changed. Edits that do not fit it raise ``DiffError``.
    """
    return _apply_output(value, edits, value_size(value) if size is None else size,
                         budget or _Budget(MAX_DIFF_WORK))[0]


def _apply_output(value: Any, edits: Any, size: int, budget: _Budget) -> tuple[Any, int]:
    if not isinstance(edits, list):
        raise DiffError(f"an output's edits are not a list: {edits!r:.60}")
    output = _OutputEdits(value, size, budget)
    try:
        for edit in edits:
            if not isinstance(edit, (list, tuple)) or len(edit) != 3:
                raise DiffError(f"an edit is not [action, path, value]: {edit!r:.60}")
            output.apply(*edit)
        return output.finish(), output.size
    except DiffError:
        raise
    except (LookupError, TypeError, ValueError, AttributeError, RecursionError, OverflowError) as err:
        raise DiffError(f"{type(err).__name__}: {err}"[:200]) from None


def apply_diff(previous: list[Any] | None, diff: list[Any]) -> list[Any]:
    """Turn a ``process_generating`` diff chunk into full values, output by output."""
    if not isinstance(diff, list):
        raise DiffError(f"a generator update is not a list: {diff!r:.60}")
    previous = previous or []
    sizes = getattr(previous, "sizes", None) or [value_size(v) for v in previous]
    budget = _Budget(MAX_DIFF_WORK)
    out = GeneratedValues()
    out.sizes = []
    for index, edits in enumerate(diff):
        before = previous[index] if index < len(previous) else None
        value, size = _apply_output(before, edits, sizes[index] if index < len(sizes) else 1, budget)
        out.append(value)
        out.sizes.append(size)
    if sum(out.sizes) > MAX_GENERATED:
        raise DiffError(f"a generator update that grows the outputs past {MAX_GENERATED // (1024 * 1024)} MB")
    return out


# --- large values: what a record or a view keeps of old events --------------------------------------

LARGE_VALUE = 32 * 1024          # ≈ characters: a value holding more is "large"


def is_large(value: Any) -> bool:
    """Whether ``value`` reaches ``LARGE_VALUE`` (counted only that far: cheap for any size)."""
    return value_size(value, LARGE_VALUE) >= LARGE_VALUE


def cut_large(value: Any, outputs: bool = False) -> Any:
    """``value`` with a note of what was left out in place of a large value (``outputs``: a
    list of output values, each cut on its own)."""
    if isinstance(value, str):
        return value if len(value) <= 200 else f"{value[:200]}…[{len(value) - 200} characters not kept]"
    if isinstance(value, list) and outputs:
        return [cut_large(v) for v in value] if len(value) <= 100 else f"[{len(value)} values not kept]"
    if isinstance(value, (list, dict)) and is_large(value):
        return f"[a value of {len(value)} {'items' if isinstance(value, list) else 'keys'} not kept]"
    return value
