"""``CallRecord``: what one call was, made by every call through the core.

Snippets are rendered from records only, the TUI's recorder keeps a list of them, and
``HistoryStore`` persists them. A record never holds a token, password or cookie: only whether
one was needed.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gradio_tui.core.paths import data_dir, ensure_private_dir
from gradio_tui.core.protocol.events import cut_large, is_large
from gradio_tui.core.protocol.filedata import FileArg
from gradio_tui.core.textsafe import json_escaped, mask_secrets
from gradio_tui.core.wirejson import bounded
from gradio_tui.core.wirejson import dumps as strict_dumps
from gradio_tui.core.wirejson import loads as wire_loads  # a hand-edited line may hold "\ud800" too

if TYPE_CHECKING:
    from gradio_tui.core.call import CallState




@dataclass
class Timings:
    """Seconds, measured on our side; server figures where the server sent them."""

    connect: float | None = None
    join: float | None = None
    queue_wait: float | None = None
    first_output: float | None = None
    processing: float | None = None
    total: float | None = None
    server_duration: float | None = None
    server_average: float | None = None


@dataclass
class CallRecord:
    target: str                     # as people write it: "owner/name" for a Space, else the app URL
    root: str                       # the app URL the call went to
    gradio_version: str
    api_prefix: str
    api_name: str | None            # without "/", None for unnamed endpoints
    fn_index: int
    args: dict[str, Any] = field(default_factory=dict)   # by parameter name (visible params only)
    data: list[Any] | None = None   # the wire ``data`` list the join sent (files as uploaded FileData)
    files: list[FileArg] = field(default_factory=list)
    params: list[str] = field(default_factory=list)     # visible parameter names, in order
    state_positions: list[int] = field(default_factory=list)  # State/layout slots in the full input list
    session_hash: str | None = None  # kept when the endpoint uses State
    session: int = 0                 # which session of the app it ran in: +1 at each reset (ctrl+n)
    uses_state: bool = False
    needs_login: bool = False
    needs_token: bool = False
    is_space: bool = False
    event_data: dict[str, Any] | None = None   # the join's event_data (core.eventdata), None for most calls
    trigger_id: int | None = None
    event: str | None = None        # the event it stands for ("select", "like", …)
    status: str = "pending"         # a core.call.CallStatus word: "running" in flight, then how it ended
    result: list[Any] | None = None
    error: str | None = None
    error_kind: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)  # to_json() of each event
    timings: Timings = field(default_factory=Timings)
    started_at: float = field(default_factory=time.time)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    @property
    def route(self) -> str:
        return f"/{self.api_name}" if self.api_name else f"fn:{self.fn_index}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(replace(self, events=[]))   # the events are JSON already: not copied again
        data["events"] = list(self.events)
        return data

    def take(self, state: CallState) -> None:
        """A snapshot of the call's state: its status, result and error (the timings are the
        state's own object)."""
        self.status = str(state.status)
        if state.outputs is not None and self.status == "complete":
            self.result = state.outputs
        if state.error is not None:
            self.error, self.error_kind = state.message, state.error.kind

    def add_event(self, data: dict[str, Any]) -> None:
        """Record one event (``to_json()``); a long stream keeps its first and last events and
        an ``elided`` marker that counts the rest, so memory stays bounded. Of the large values
        in them (``events.LARGE_VALUE``: twelve 200 MB generator updates) only the newest is kept: the
        ones before are cut to a note of what was left out."""
        if is_large({k: v for k, v in data.items() if k not in ("type", "t", "event_id")}):
            older = self.__dict__.get("_large_event")
            if older is not None:
                _elide_large(older)
            self.__dict__["_large_event"] = data   # not a field: never saved nor copied
        self.events.append(data)
        if len(self.events) > 2 * MAX_EVENTS_KEPT:
            self.events[:] = elide_events(self.events)


def _elide_large(event: dict[str, Any]) -> None:
    """Cut the large values of a recorded event to a note of what was left out (in place)."""
    for key, value in event.items():
        if key not in ("type", "t", "event_id"):
            event[key] = cut_large(value, outputs=True)


# --- persistence ---------------------------------------------------------------------------------

MAX_EVENTS_KEPT = 400          # per record: the first and last events of a long stream


def elide_events(events: list[dict[str, Any]], keep: int = MAX_EVENTS_KEPT) -> list[dict[str, Any]]:
    """The first and last ``keep // 2`` events, with one ``{"type": "elided", "count": n}`` between."""
    if len(events) <= keep + 1:
        return events
    half = keep // 2
    dropped = sum(elided_count(e) or 1 for e in events[half:-half])
    return events[:half] + [{"type": "elided", "count": dropped}] + events[-half:]


def elided_count(event: dict[str, Any]) -> int:
    """How many events an ``elided`` marker stands for (0 for a real event)."""
    if event.get("type") != "elided":
        return 0
    count = event.get("count")
    return count if isinstance(count, int) and count > 0 else 0


def events_total(events: list[dict[str, Any]]) -> int:
    """How many events a (possibly elided) list stands for."""
    return sum(elided_count(e) or 1 for e in events)
MAX_HISTORY_BYTES = 8 * 1024 * 1024
MAX_RECORD_BYTES = 512 * 1024  # one record's line: long strings in it are cut to fit


def history_path() -> Path:
    """``history.jsonl`` in the data dir (``core.paths``: ``XDG_DATA_HOME`` moves it)."""
    return data_dir() / "history.jsonl"


def _cut(value: Any, limit: int) -> Any:
    """``value`` with every string longer than ``limit`` cut, saying how much was left out."""
    if isinstance(value, str):
        return value if len(value) <= limit else f"{value[:limit]}…[{len(value) - limit} characters not kept]"
    if isinstance(value, list):
        return [_cut(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: _cut(v, limit) for k, v in value.items()}
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _encode(data: dict[str, Any]) -> bytes:
    """One line of strict JSON: UTF-8 kept, secrets masked, every control character escaped (so
    that ``cat history.jsonl`` is safe), a lone surrogate (which UTF-8 cannot hold) as U+FFFD."""
    text = strict_dumps(data, ensure_ascii=False, default=str)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return (json_escaped(mask_secrets(text)) + "\n").encode("utf-8")


def record_from_json(data: dict[str, Any]) -> CallRecord:
    data = dict(data)
    data["files"] = [FileArg(**f) for f in data.get("files") or [] if isinstance(f, dict)]
    timings = data.get("timings") or {}
    data["timings"] = Timings(**{k: v for k, v in timings.items() if k in Timings.__dataclass_fields__})
    known = CallRecord.__dataclass_fields__
    return CallRecord(**{k: v for k, v in data.items() if k in known})


class HistoryRefused(Exception):
    """The history file is a symbolic link, not a regular file, another user's or hard-linked:
    not written, not read."""


def stored(record: CallRecord) -> CallRecord:
    """``record`` as history and reports keep it: its values nested at most ``MAX_DEPTH`` deep
    (deeper levels become ``"…(nested too deep)"``)."""
    return replace(record, args=bounded(record.args), data=bounded(record.data), result=bounded(record.result),
                   events=[bounded(event) for event in record.events])


class HistoryStore:
    """Recorded calls as JSON lines: appended under a lock, mode 0600, oldest dropped past a cap.

    Each append is one ``write`` of one line on an ``O_APPEND`` descriptor under ``flock``, so
    two processes appending at once interleave whole lines; trimming rewrites to a temporary
    file and renames it over, so a crash mid-write leaves the old file whole.
    """

    def __init__(self, path: Path | None = None, max_bytes: int = MAX_HISTORY_BYTES) -> None:
        self.path = Path(path) if path else history_path()
        self.max_bytes = max_bytes
        self.problem: str | None = None     # why the last ``load`` read nothing

    def _line(self, record: CallRecord) -> bytes:
        """One JSON line, at most ``MAX_RECORD_BYTES``: a 50 MB output is kept cut, not dropped,
        and a value nested deeper than ``wirejson.MAX_DEPTH`` is kept down to that depth."""
        data = stored(record).to_json()
        events = data.get("events") or []
        data["events"] = elide_events(events)
        line = _encode(data)
        if len(line) > MAX_RECORD_BYTES and data.get("data") is not None:
            data["data"] = None      # the wire list repeats the arguments: the first thing left out
            line = _encode(data)
        for limit in (64 * 1024, 4096, 256):
            if len(line) <= MAX_RECORD_BYTES:
                break
            line = _encode(_cut(data, limit))
        if len(line) > MAX_RECORD_BYTES:   # a huge number of small values: keep the last events only
            data = _cut(data, 256)
            data["events"] = [{"type": "elided", "count": events_total(events[:-5])}] + data["events"][-5:]
            data["result"] = "[not kept: too large]" if data.get("result") is not None else None
            line = _encode(data)
        return line

    def append(self, record: CallRecord) -> str | None:
        """Append one record; returns a warning about the data dir (written all the same), and
        raises ``HistoryRefused`` for a history file that is a link or not a regular file."""
        line = self._line(record)
        warning = ensure_private_dir(self.path.parent)
        while True:
            fd = self._open(os.O_RDWR | os.O_APPEND | os.O_CREAT)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    current = os.lstat(self.path).st_ino
                except FileNotFoundError:
                    current = None
                if current != os.fstat(fd).st_ino:
                    continue    # trimmed (renamed over) while we waited for the lock: reopen
                os.fchmod(fd, 0o600)
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    line = b"\n" + line   # a crash cut the last line: never glue ours onto it
                _write_all(fd, line)
                if os.fstat(fd).st_size > self.max_bytes:
                    self._trim(fd)
                return warning
            finally:
                os.close(fd)  # closing releases the lock

    def _open(self, flags: int) -> int:
        """The history file, never through a symbolic link (whose target another user may have
        chosen), and only a regular file (a FIFO would block or never end) of ours with one link."""
        try:
            fd = os.open(self.path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
        except OSError:
            if os.path.islink(self.path):
                raise HistoryRefused(f"{self.path} is a symbolic link; gradio-tui does not follow it "
                                     "(remove it to keep a history)") from None
            raise
        info = os.fstat(fd)
        problem = ("is not a regular file" if not stat.S_ISREG(info.st_mode)
                   else "belongs to another user" if info.st_uid != os.getuid()
                   else "has other hard links" if info.st_nlink > 1 else None)
        if problem:
            os.close(fd)
            raise HistoryRefused(f"{self.path} {problem}; gradio-tui does not use it")
        return fd

    def _trim(self, fd: int | None = None) -> None:
        """Keep the newest lines that fit in half the cap, and always the newest one (called
        with the lock held, on the locked file). Written aside and renamed over: a crash leaves
        the old file whole."""
        if fd is None:
            fd = self._open(os.O_RDONLY)
            try:
                return self._trim(fd)
            finally:
                os.close(fd)
        lines = _read_all(fd).splitlines(keepends=True)
        kept: list[bytes] = []
        size = 0
        for line in reversed(lines):
            size += len(line)
            if size > self.max_bytes // 2 and kept:
                break
            kept.append(line)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-")
        try:
            try:
                _write_all(fd, b"".join(reversed(kept)))
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def load(self, limit: int | None = None) -> list[CallRecord]:
        """Newest first; lines that do not parse are skipped, never fatal. A history file that
        cannot be read (or is a link, a FIFO) gives no records and says why in ``problem``."""
        self.problem = None
        try:
            fd = self._open(os.O_RDONLY)
        except FileNotFoundError:
            return []
        except (OSError, HistoryRefused) as err:
            self.problem = f"history not read: {err}"
            return []
        try:
            raw = _read_all(fd).decode("utf-8", "replace").splitlines()
        except OSError as err:
            self.problem = f"history not read: {err}"
            return []
        finally:
            os.close(fd)
        out: list[CallRecord] = []
        for line in reversed(raw):
            try:
                out.append(record_from_json(wire_loads(line)))
            except Exception:  # noqa: BLE001 - a damaged line is skipped, never fatal
                continue
            if limit is not None and len(out) >= limit:
                break
        return out


def history_summary(record: CallRecord) -> dict[str, Any]:
    """The ``history --json`` shape of ``docs/cli.md``."""
    return {"id": record.id, "started_at": record.started_at, "target": record.target,
            "api_name": record.route, "args": record.args, "status": record.status,
            "error": record.error, "timings": asdict(record.timings), "session_hash": record.session_hash}


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


#: Keeps a finished call's record somewhere; returns why it could not (never raises).
Recorder = Callable[[CallRecord], "str | None"]


def save_record(record: CallRecord | None, store: HistoryStore | None = None) -> str | None:
    """Append a finished call to the history; returns why it could not be saved (never raises:
    a history that cannot be written never fails a call)."""
    if record is None:
        return None
    try:
        return (store or HistoryStore()).append(record)
    except Exception as err:  # noqa: BLE001 - a history that cannot be written never fails a call
        return f"history not saved: {err}"
