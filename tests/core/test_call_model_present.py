"""One wording of the events (``core.present``): every face says an event with the core's words
and adds only its decoration; recorded events come back typed (``Event.from_json``)."""

from __future__ import annotations

import re
from pathlib import Path

from gradio_tui.core.errors import HIDDEN_ERROR
from gradio_tui.core.history import CallRecord
from gradio_tui.core.present import cli_summary, summary
from gradio_tui.core.protocol.events import (
    EVENT_TYPES,
    CancelledEvent,
    CompleteEvent,
    ErrorEvent,
    EstimationEvent,
    Event,
    GeneratingEvent,
    HeartbeatEvent,
    LogEvent,
    ProcessStartsEvent,
    ProgressEvent,
    RetryEvent,
    StageEvent,
    StreamingEvent,
    UploadEvent,
)

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def test_one_wording_for_every_event_type():
    cases = [
        (StageEvent(stage="BUILDING", elapsed=3), "Space is BUILDING (3s)"),
        (UploadEvent(name="a.png", bytes=10, done=True), "uploaded a.png (10 bytes)"),
        (UploadEvent(name="a.png", bytes=5), "uploading a.png (5 bytes)"),
        (EstimationEvent(rank=1, queue_size=2, eta=1.5), "queued: rank 1 of 2, eta 1.5s"),
        (ProcessStartsEvent(eta=0.3), "processing (expected 0.3s)"),
        (ProgressEvent(units=[{"index": 1, "length": 2, "unit": "steps", "desc": "Adding"}]),
         "progress: Adding 1/2 steps"),
        (LogEvent(level="info", message="adding", title="Info"), "info: Info: adding"),
        (GeneratingEvent(data=[40]), "generating: [40]"),
        (StreamingEvent(data=["x"]), 'streaming: ["x"]'),
        (CompleteEvent(data=[42], duration=0.25), "complete in 0.25s: [42]"),
        (ErrorEvent(message=None, kind="app"), f"error (app): {HIDDEN_ERROR}"),
        (ErrorEvent(message="boom", title="Oops", kind="app"), "error (app): Oops: boom"),
        (RetryEvent(attempt=1, reason="queue full (HTTP 503)", wait=0.05),
         "retry 1: queue full (HTTP 503) (waiting 0.05 s)"),
        (CancelledEvent(), "cancelled"),
        (HeartbeatEvent(), "heartbeat"),
    ]
    for event, words in cases:
        assert summary(event) == words, event
    assert {type(e) for e, _ in cases} == set(EVENT_TYPES.values())     # every type has its words


def test_the_cli_keeps_its_three_lines_and_otherwise_the_core_words():
    assert cli_summary(HeartbeatEvent()) is None
    assert cli_summary(EstimationEvent()) == "queue: rank None of None"
    assert cli_summary(EstimationEvent(rank=0, queue_size=1, eta=2)) == "queue: rank 0 of 1, eta 2.0s"
    assert cli_summary(CompleteEvent(data=["ok"], duration=0.5)) == 'complete: ["ok"]'
    assert cli_summary(GeneratingEvent(data=["a" * 1000])) == f'generating: ["{"a" * 1000}"]'   # not cut at 400
    for event in (ProgressEvent(units=[{"progress": 0.5}]), LogEvent(level="warning", message="m", title="t"),
                  ErrorEvent(message="boom"), RetryEvent(attempt=2, reason="r", wait=1), CancelledEvent(),
                  UploadEvent(name="f", bytes=1, done=True)):
        assert cli_summary(event) == summary(event)
    assert cli_summary(ProgressEvent(units=[{"progress": 0.5}])) == "progress: 50%"


def test_words_are_one_safe_line_whatever_the_app_sends():
    hostile = "\x1b]52;c;cHduZWQ=\x07evil\nforged\x9b31m"
    for event in (LogEvent(level=hostile, message=hostile * 200, title=hostile),
                  ErrorEvent(message=hostile, kind=hostile),
                  UploadEvent(name=hostile), StageEvent(stage=hostile), GeneratingEvent(data=[hostile]),
                  ProgressEvent(units=[{"desc": hostile, "index": "x" * 99, "length": 10**400}, "not a unit"]),
                  EstimationEvent(rank=10**400, queue_size=float("nan"), eta=float("inf"))):
        for words in (summary(event), cli_summary(event)):
            assert words is not None and CONTROL.search(words) is None and "\n" not in words, words
            assert len(words) < 5000


def test_recorded_events_come_back_typed():
    for cls in EVENT_TYPES.values():
        event = cls(t=1.25, event_id="e1")
        again = Event.from_json(event.to_json())
        assert type(again) is cls and again.to_json() == event.to_json()
    data = CompleteEvent(t=2, data=[1], duration=0.1).to_json()
    again = Event.from_json({**data, "extra": "dropped", "raw": "not kept"})
    assert again == CompleteEvent(t=2, data=[1], duration=0.1)
    elided = Event.from_json({"type": "elided", "count": 3})
    assert type(elided) is Event and elided.type == "elided" and summary(elided) == "elided"
    assert Event.from_json({"type": "log", "t": "soon", "message": "x"}).t == 0.0    # a hand-edited line


def test_the_report_cell_and_the_log_use_the_core_words():
    from gradio_tui.core.report import render_report
    from gradio_tui.tui.format import event_line

    event = EstimationEvent(t=0.012, rank=0, queue_size=1, eta=0.3)
    assert event_line(event).plain.endswith("estimation     queued: rank 0 of 1, eta 0.3s")
    record = CallRecord(target="x", root="http://127.0.0.1:1", gradio_version="6.31.0", api_prefix="/gradio_api",
                        api_name="echo", fn_index=0, params=["text"], args={"text": "a"},
                        events=[event.to_json(), ErrorEvent(t=0.5, message="a|b hf_Secret123456").to_json()])
    report = render_report(None, record)
    assert "| 0.012 | estimation | `queued: rank 0 of 1, eta 0.3s` |" in report
    assert "| 0.500 | error | `error (app): a\\|b hf_***` |" in report


def test_the_hidden_error_words_are_defined_once():
    source = Path(__file__).parents[2] / "gradio_tui"
    holders = [p for p in source.rglob("*.py") if "the app hides error details" in p.read_text(encoding="utf-8")]
    assert [p.name for p in holders] == ["errors.py"]
