"""One ``queue/data`` message → one typed event, whatever the server put in it.

The server is not trusted to send the types the protocol promises: a rank may come as a string,
an output list as a dict, a diff that does not apply. Every field is coerced to the type its
event declares (or dropped), so the faces can format events without guarding each field, and a
message we cannot use becomes ``None`` (ignored) or a warning, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gradio_tui.core.coerce import as_float, as_int, as_number, as_text
from gradio_tui.core.protocol.events import (
    CancelledEvent,
    CompleteEvent,
    DiffError,
    ErrorEvent,
    EstimationEvent,
    Event,
    GeneratingEvent,
    HeartbeatEvent,
    LogEvent,
    ProcessStartsEvent,
    ProgressEvent,
    StreamingEvent,
    apply_diff,
)
from gradio_tui.core.protocol.schema import Endpoint

DIFF_PROTOCOLS = ("sse_v2", "sse_v2.1", "sse_v3")
OUR_TITLE = "gradio-tui"      # the title of warnings we add to the log (not the app's)


def as_level(value: Any) -> str:
    """A log level is a word (info, warning, success, error…); anything else reads as ``info``."""
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_-]{1,20}", value):
        return value.lower()
    return "info"


def _unit(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    return {"index": as_number(raw.get("index")), "length": as_number(raw.get("length")),
            "unit": as_text(raw.get("unit")), "progress": as_number(raw.get("progress")),
            "desc": as_text(raw.get("desc"))}


def _data(output: Any) -> list[Any]:
    data = output.get("data") if isinstance(output, dict) else None
    if data is None:
        return []
    return data if isinstance(data, list) else [data]


@dataclass
class MessageState:
    """What converting one job's messages needs to remember: the last full generator values."""

    diffs: bool = True                  # the protocol sends generator diffs (sse_v2+)
    last_data: list[Any] | None = None
    diff_broken: bool = False           # a diff did not apply: skip chunks until the result

    @classmethod
    def for_protocol(cls, protocol: str) -> MessageState:
        return cls(diffs=protocol in DIFF_PROTOCOLS)


def warning(t: float, message: str, event_id: str | None = None) -> LogEvent:
    """A warning of ours in the event log (title ``gradio-tui``, level ``warning``)."""
    return LogEvent(t=t, event_id=event_id, level="warning", message=message, title=OUR_TITLE)


def to_event(message: dict[str, Any], raw: str, t: float, endpoint: Endpoint, state: MessageState) -> Event | None:
    """The event for ``message`` (``None``: a message type we do not know, ignored as ``docs/cli.md`` asks)."""
    msg = message.get("msg")
    eid = message.get("event_id")
    eid = eid if isinstance(eid, str) else None
    if msg == "estimation":
        return EstimationEvent(t=t, event_id=eid, raw=raw, rank=as_int(message.get("rank")),
                               queue_size=as_int(message.get("queue_size")), eta=as_float(message.get("rank_eta")))
    if msg == "process_starts":
        return ProcessStartsEvent(t=t, event_id=eid, raw=raw, eta=as_float(message.get("eta")))
    if msg == "progress":
        raw_units = message.get("progress_data")
        units = [u for u in map(_unit, raw_units if isinstance(raw_units, list) else []) if u is not None]
        return ProgressEvent(t=t, event_id=eid, raw=raw, units=units)
    if msg == "log":
        return LogEvent(t=t, event_id=eid, raw=raw, level=as_level(message.get("level")),
                        message=as_text(message.get("log")) or "", title=as_text(message.get("title")))
    if msg in ("process_generating", "process_streaming"):
        data = _data(message.get("output"))
        if msg == "process_generating":
            if state.diff_broken:
                return None
            if state.last_data is not None and state.diffs:
                try:
                    data = apply_diff(state.last_data, data)
                except DiffError as err:
                    state.diff_broken = True
                    return warning(t, f"the app sent a generator update that does not apply ({err}); "
                                      "intermediate outputs are skipped until the result", eid)
            state.last_data = data
        cls = GeneratingEvent if msg == "process_generating" else StreamingEvent
        return cls(t=t, event_id=eid, raw=raw, data=endpoint.visible_outputs(data))
    if msg == "process_completed":
        output = message.get("output")
        if message.get("success", True) is False or (isinstance(output, dict) and "error" in output):
            output = output if isinstance(output, dict) else {}
            return ErrorEvent(t=t, event_id=eid, raw=raw, message=as_text(output.get("error")),
                              title=as_text(output.get("title") or message.get("title")), kind="app")
        if not output:
            return CancelledEvent(t=t, event_id=eid, raw=raw)
        output = output if isinstance(output, dict) else {"data": output}
        return CompleteEvent(t=t, event_id=eid, raw=raw, data=endpoint.visible_outputs(_data(output)),
                             duration=as_float(output.get("duration")),
                             average_duration=as_float(output.get("average_duration") or message.get("avg_time")))
    if msg == "heartbeat":
        return HeartbeatEvent(t=t, event_id=eid, raw=raw)
    if msg == "unexpected_error":
        return ErrorEvent(t=t, event_id=eid, raw=raw, kind="stream",
                          message=as_text(message.get("message")) or "unexpected error")
    if msg == "queue_full":
        return ErrorEvent(t=t, event_id=eid, raw=raw, message="the app's queue is full", kind="queue_full")
    return None
