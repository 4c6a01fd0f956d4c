"""The one model of a call (``core.call``): a list of events in, a state out; the record's
snapshot of it; the exit code from the error value. Pure: no server."""

from __future__ import annotations

from gradio_tui.core.call import CallState, CallStatus, error_of
from gradio_tui.core.errors import (
    HIDDEN_ERROR,
    AuthRequired,
    CallFailed,
    QueueFull,
    RateLimited,
    StreamError,
    TimeoutError_,
)
from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.events import (
    CancelledEvent,
    CompleteEvent,
    ErrorEvent,
    EstimationEvent,
    GeneratingEvent,
    HeartbeatEvent,
    LogEvent,
    ProcessStartsEvent,
    ProgressEvent,
    RetryEvent,
    StreamingEvent,
    UploadEvent,
)


def fold(*events, state: CallState | None = None) -> CallState:
    state = state or CallState()
    for event in events:
        state.apply(event)
    return state


def test_a_generator_call_from_queued_to_complete():
    state = CallState()
    assert state.status == CallStatus.PENDING and not state.finished and state.exit_code == 4
    state.apply(UploadEvent(t=0.01, name="a.png", bytes=10, done=True))
    assert state.status == "uploading" and (state.upload_name, state.upload_bytes) == ("a.png", 10)
    state.apply(EstimationEvent(t=0.02, rank=2, queue_size=5, eta=3.5))
    assert state.status == CallStatus.QUEUED and (state.rank, state.queue_size, state.eta) == (2, 5, 3.5)
    state.apply(ProcessStartsEvent(t=0.5, eta=2.0))
    assert state.status == CallStatus.RUNNING and state.rank is None and state.run_eta == 2.0
    assert state.timings.queue_wait == 0.5
    state.apply(EstimationEvent(t=0.6, rank=0, queue_size=1))       # a late estimation: still running
    assert state.status == CallStatus.RUNNING
    state.apply(ProgressEvent(t=0.7, units=[{"index": 1, "length": 3}]))
    assert state.progress == [{"index": 1, "length": 3}]
    state.apply(GeneratingEvent(t=0.8, data=["a"]))
    state.apply(GeneratingEvent(t=0.9, data=["ab"]))
    state.apply(StreamingEvent(t=0.95, data=["x"]))                 # a stream chunk is not the output
    state.apply(HeartbeatEvent(t=0.97))
    state.apply(LogEvent(t=0.98, message="hi"))
    assert state.outputs == ["ab"] and state.timings.first_output == 0.8 and not state.finished
    state.apply(CompleteEvent(t=1.0, data=["abc"], duration=0.4, average_duration=0.5))
    assert state.status == CallStatus.COMPLETE and state.finished and state.outputs == ["abc"]
    assert state.exit_code == 0 and state.error is None and state.ended_at == 1.0
    t = state.timings
    assert (t.total, t.processing, t.server_duration, t.server_average) == (1.0, 0.5, 0.4, 0.5)
    assert state.counts == {"upload": 1, "estimation": 2, "process_starts": 1, "progress": 1, "generating": 2,
                            "streaming": 1, "heartbeat": 1, "log": 1, "complete": 1}
    state.end()                                                     # ending a finished call changes nothing
    assert state.status == CallStatus.COMPLETE


def test_an_app_error_is_a_value_with_its_exit_code():
    state = fold(EstimationEvent(t=0.1, rank=0, queue_size=1), ProcessStartsEvent(t=0.2),
                 ErrorEvent(t=0.3, message="Custom failure", title="Oops", kind="app"))
    assert state.status == CallStatus.ERROR and state.finished
    assert isinstance(state.error, CallFailed) and state.error.title == "Oops" == state.title
    assert state.message == "Custom failure" and state.exit_code == 1
    hidden = fold(ErrorEvent(t=0.1, message=None))
    assert hidden.message == HIDDEN_ERROR and hidden.exit_code == 1


def test_an_error_the_core_made_keeps_its_own_value():
    made = TimeoutError_("no message from the app for 5 s", hint="raise --timeout")
    state = CallState()
    state.apply(ErrorEvent(t=5.0, message=str(made), kind="timeout"), made)
    assert state.error is made and state.exit_code == 4 and state.message == str(made)


def test_the_error_kinds_of_the_stream_map_to_their_values():
    cases = {"stream": (StreamError, 4), "timeout": (TimeoutError_, 4), "queue_full": (QueueFull, 3),
             "auth": (AuthRequired, 3), "rate_limited": (RateLimited, 3), "app": (CallFailed, 1),
             "validation": (CallFailed, 1)}
    for kind, (cls, code) in cases.items():
        error = error_of(ErrorEvent(kind=kind))
        assert type(error) is cls and error.exit_code == code and error.kind == kind, kind


def test_a_cancel_and_a_call_left_without_a_result():
    cancelled = fold(EstimationEvent(t=0.1), ProcessStartsEvent(t=0.2), GeneratingEvent(t=0.3, data=[1]),
                     CancelledEvent(t=0.4))
    assert cancelled.status == CallStatus.CANCELLED and cancelled.exit_code == 1 and cancelled.outputs == [1]
    assert cancelled.timings.total == 0.4
    left = fold(EstimationEvent(t=0.1), ProcessStartsEvent(t=0.2))
    left.end()                                        # Ctrl-C, a closed screen: no event came
    assert left.status == CallStatus.CANCELLED and left.finished and left.timings.total is None


def test_a_retry_keeps_the_call_waiting_then_it_runs():
    state = fold(RetryEvent(t=0.1, attempt=1, reason="queue full (HTTP 503)", wait=0.5),
                 RetryEvent(t=0.7, attempt=2, reason="queue full (HTTP 503)", wait=1.0))
    assert state.status == CallStatus.PENDING and state.counts["retry"] == 2 and not state.finished
    fold(EstimationEvent(t=2.0, rank=0, queue_size=1), CompleteEvent(t=2.5, data=["ok"]), state=state)
    assert state.status == CallStatus.COMPLETE and state.outputs == ["ok"] and state.timings.queue_wait is None


def test_an_error_outside_the_stream():
    state = fold(EstimationEvent(t=0.1))
    state.fail(StreamError("unexpected error: ValueError: x"))
    assert state.status == CallStatus.ERROR and state.exit_code == 4 and state.message.startswith("unexpected")


def test_the_record_takes_a_snapshot_of_the_state():
    record = CallRecord(target="x", root="http://127.0.0.1:1", gradio_version="6.31.0", api_prefix="/gradio_api",
                        api_name="echo", fn_index=0)
    state = CallState(timings=record.timings)
    fold(ProcessStartsEvent(t=0.1), CompleteEvent(t=0.2, data=["hi"]), state=state)
    record.take(state)
    assert record.status == "complete" and record.result == ["hi"] and record.timings.total == 0.2
    assert record.to_json()["status"] == "complete"       # a plain word on disk, as old lines hold
    failed = CallRecord(target="x", root="r", gradio_version="6", api_prefix="", api_name="e", fn_index=0)
    failed.take(fold(ErrorEvent(t=0.1, message=None, kind="app")))
    assert (failed.status, failed.error, failed.error_kind, failed.result) == ("error", HIDDEN_ERROR, "app", None)


def test_the_statuses_are_words():
    assert [str(s) for s in CallStatus] == ["pending", "uploading", "queued", "running", "complete", "error",
                                            "cancelled"]
    assert f"{CallStatus.ERROR}" == "error" and CallStatus("queued") is CallStatus.QUEUED
