"""Faults: a server that breaks the protocol, drops, stalls, floods or refuses; retries.

Each case ends with a message a person can act on and the contract's exit code, never a
traceback; the process keeps going (the next call works) and the call is in the history.
Most cases run against ``tests/support/faultserver.py``; the last one kills a real Gradio app mid-call.
Retries are in ``test_hardening_retries.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from gradio_tui.core.errors import ConnectError, StreamError
from gradio_tui.core.history import HistoryStore
from gradio_tui.core.protocol.events import CompleteEvent, ErrorEvent, GeneratingEvent, LogEvent
from gradio_tui.core.session import Session
from tests.support.faultserver import (
    FAULT_LOG,
    FaultServer,
    completed,
    dependency,
    estimation,
    make_config,
    msg,
    sse,
    starts,
    textbox,
)
from tests.support.fixtures_faults import cli, fault, json_events

pytestmark = pytest.mark.faults

CLI = [sys.executable, "-m", "gradio_tui"]


async def events_of(fs: FaultServer, api: str = "/predict", args=("x",), timeout: float = 2, **kw):
    async with await Session.connect(fs.url, timeout=timeout, **kw) as s:
        job = s.submit(api, list(args))
        events = [e async for e in job]
        # The process keeps going: the same session still calls fine afterwards (under a new
        # session_hash: the fault server, unlike Gradio, serves a session's stream only once).
        fs.script = lambda eid, body: [estimation(eid), completed(eid, ["after"])]
        s.reset()
        assert await s.submit("/predict", ["y"]).result() == ["after"]
        return events, job


def last_error(events) -> ErrorEvent:
    assert isinstance(events[-1], ErrorEvent), events[-1]
    return events[-1]


# --- silence: orphaned jobs, trickles, long runs ---------------------------------------------------

async def test_orphaned_job_ends_after_the_timeout(fs):
    fault("heartbeats only")
    fs.script = lambda eid, body: [("hold",)]           # joined, never acknowledged, heartbeats forever
    started = time.monotonic()
    events, job = await events_of(fs, timeout=1)
    err = last_error(events)
    assert err.kind == "timeout" and "never acknowledged" in err.message and "only heartbeats" in err.message
    assert 0.9 < time.monotonic() - started < 4
    assert job.error.exit_code == 4 and job.record.status == "error"


async def test_acknowledged_job_lives_on_heartbeats(fs):
    fault("heartbeats only, acknowledged")
    fs.script = lambda eid, body: [estimation(eid), starts(eid), ("heartbeats", 0.15, 8), completed(eid, ["late"])]
    events, _ = await events_of(fs, timeout=0.5)        # 1.2 s of heartbeats > the 0.5 s timeout
    assert isinstance(events[-1], CompleteEvent) and events[-1].data == ["late"]


async def test_silence_after_acknowledgement_times_out(fs):
    fault("silence after ack")
    fs.script = lambda eid, body: [estimation(eid), ("sleep", 30)]
    events, job = await events_of(fs, timeout=1)
    assert last_error(events).kind == "timeout" and "no message from the app for 1 s" in events[-1].message


async def test_one_byte_per_second_trickle_is_bounded(fs):
    fault("trickle")
    frame = json.dumps({"msg": "estimation", "event_id": "x", "rank": 0}).encode()
    fs.script = lambda eid, body: [("trickle", b"data: " + frame.replace(b'"x"', f'"{eid}"'.encode()) + b"\n\n", 1.0)]
    started = time.monotonic()
    events, _ = await events_of(fs, timeout=1.5)
    assert last_error(events).kind == "timeout"
    assert time.monotonic() - started < 5


async def test_trickle_after_acknowledgement_is_bounded(fs):
    fault("trickle after ack")
    fs.script = lambda eid, body: [estimation(eid), ("trickle", sse({"msg": "process_completed", "event_id": eid,
                                                                      "output": {"data": ["x" * 50]}}), 0.5)]
    started = time.monotonic()
    events, _ = await events_of(fs, timeout=1.5)
    assert last_error(events).kind == "timeout" and time.monotonic() - started < 6


def test_cli_orphan_exit_4_and_history(fs, capsys):
    fs.script = lambda eid, body: [("hold",)]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--timeout", "1")
    assert code == 4 and "never acknowledged" in err
    assert HistoryStore().load(limit=1)[0].status == "error"


# --- drops ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("when", ["after ack", "mid frame", "clean end", "before ack"])
async def test_stream_dropped_mid_call(fs, when):
    fault(f"drop {when}")
    scripts = {
        "after ack": lambda eid, body: [estimation(eid), starts(eid), ("cut",)],
        "mid frame": lambda eid, body: [estimation(eid), ("raw", b'data: {"msg": "process_comp'), ("cut",)],
        "clean end": lambda eid, body: [estimation(eid), starts(eid), ("end",)],
        "before ack": lambda eid, body: [("cut",)],
    }
    fs.script = scripts[when]
    events, job = await events_of(fs)
    err = last_error(events)
    assert err.kind == "stream" and "dropped before the call finished" in err.message
    assert isinstance(job.error, StreamError) and job.error.exit_code == 4
    assert job.record.status == "error" and job.record.error_kind == "stream"


def test_cli_drop_exit_4_and_recorded(fs, capsys):
    fs.script = lambda eid, body: [estimation(eid), ("cut",)]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["dropped"]', "--json")
    assert code == 4
    assert json_events(out)[-1]["kind"] == "stream"
    record = HistoryStore().load(limit=1)[0]
    assert record.status == "error" and record.args == {"text": "dropped"} and "dropped" in record.error


async def test_stream_cannot_be_opened(fs):
    fault("queue/data 503")
    fs.data_status = 503
    async with await Session.connect(fs.url, timeout=2) as s:
        events = [e async for e in s.submit("/predict", ["x"])]
    err = last_error(events)
    assert err.kind == "stream" and err.message == "could not open the app's event stream: HTTP 503: stream refused"


async def test_connection_left_behind_is_none(fs):
    fs.script = lambda eid, body: [estimation(eid), ("hold",)]
    before = set(fs._writers)        # earlier tests' scripts may still be sleeping server-side
    async with await Session.connect(fs.url, timeout=5) as s:
        job = s.submit("/predict", ["x"])
        async for _event in job:
            break                                        # the consumer walks away mid-call
        await job._iterator.aclose()                     # what a closed screen / Ctrl-C does
    for _ in range(40):
        if not fs._writers - before:
            break
        await asyncio.sleep(0.05)
    assert [t for t in asyncio.all_tasks() if t.get_name().startswith("queue-data")] == []
    assert not fs._writers - before                      # every connection of ours closed
    assert any(r.path.endswith("/cancel") for r in fs.requests)


def test_ctrl_c_leaves_no_connection_behind(fs, tmp_path):
    fault("Ctrl-C mid-call")
    fs.script = lambda eid, body: [estimation(eid), starts(eid), ("hold",)]
    before = set(fs._writers)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.Popen([*CLI, "call", fs.url, "/predict", '["x"]', "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "process_starts" in proc.stdout.readline() + proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 130 and "cancelled on the server" in err and "Traceback" not in err
    assert any(r.path.endswith("/cancel") for r in fs.requests)
    for _ in range(40):
        if not fs._writers - before:
            break
        time.sleep(0.05)
    assert not fs._writers - before
    record = HistoryStore(tmp_path / "data" / "gradio-tui" / "history.jsonl").load()[0]
    assert record.status == "cancelled"


# --- what the frames hold ---------------------------------------------------------------------------

GARBAGE = (b": a comment\n\nretry: soon\nid: 7\nevent\nnonsense line\ndata\n\n"
           b"\xef\xbb\xbfdata: {}\r\n\r\n" b"event: error\ndata: \"404\"\n\n" b"data: null\n\n" b"data:\n\n")


async def test_malformed_sse_frames_are_skipped(fs):
    fault("malformed SSE")
    fs.script = lambda eid, body: [("raw", GARBAGE), estimation(eid), ("raw", b"\r\r\n"), completed(eid, ["ok"])]
    events, _ = await events_of(fs)
    assert isinstance(events[-1], CompleteEvent) and events[-1].data == ["ok"]


async def test_malformed_json_is_a_warning(fs):
    fault("malformed JSON")
    fs.script = lambda eid, body: [estimation(eid), ("raw", b"data: {not json\n\n" * 5), completed(eid, ["ok"])]
    events, _ = await events_of(fs)
    warnings = [e for e in events if isinstance(e, LogEvent) and e.title == "gradio-tui"]
    assert len(warnings) == 3 and "not a JSON object: {not json" in warnings[0].message
    assert "further ones are not reported" in warnings[-1].message
    assert isinstance(events[-1], CompleteEvent)


def test_cli_shows_the_malformed_warning(fs, capsys):
    fs.script = lambda eid, body: [estimation(eid), ("raw", b"data: [1, 2\n\n"), completed(eid, ["ok"])]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 0 and "warning: gradio-tui: ignored a message" in out and 'complete: ["ok"]' in out


async def test_unknown_message_types_are_ignored(fs):
    fault("unknown msg")
    fs.script = lambda eid, body: [estimation(eid), msg(msg="send_hash", event_id=eid), msg(msg="🦄", event_id=eid),
                                   msg(event_id=eid), msg(msg=["list"], event_id=eid), completed(eid, ["ok"])]
    events, _ = await events_of(fs)
    assert [e.type for e in events] == ["estimation", "complete"]


async def test_invalid_utf8(fs):
    fault("invalid UTF-8")
    bad = (b'data: {"msg": "process_completed", "event_id": "EID", "success": true, '
           b'"output": {"data": ["a\xff\xfeb"]}}\n\n')
    fs.script = lambda eid, body: [estimation(eid), ("raw", b"data: \xc3\x28\n\n"),
                                   ("raw", bad.replace(b"EID", eid.encode()))]
    events, _ = await events_of(fs)
    assert isinstance(events[-1], CompleteEvent) and events[-1].data == ["a\ufffd\ufffdb"]


async def test_fields_of_the_wrong_type(fs):
    fault("wrong field types")
    fs.script = lambda eid, body: [
        msg(msg="estimation", event_id=eid, rank="first", queue_size=[1], rank_eta="soon"),
        msg(msg="progress", event_id=eid, progress_data=[{"index": "x", "progress": "half", "desc": 5}, 7, None]),
        msg(msg="progress", event_id=eid, progress_data={"no": "list"}),
        msg(msg="log", event_id=eid, log={"a": 1}, level=None, title=3),
        msg(msg="process_generating", event_id=eid, output="not a dict"),
        msg(msg="process_generating", event_id=eid, output={"data": {"not": "a list"}}),
        msg(msg="estimation", event_id=["a", "list"]),
        ("raw", b"data: " + b"[" * 5000 + b"]" * 5000 + b"\n\n"),        # deeper than json can go
        msg(msg="process_completed", event_id=eid, success=True, output={"data": "bare", "duration": "long"}),
    ]
    events, _ = await events_of(fs)
    est = events[0]
    assert (est.rank, est.queue_size, est.eta) == (None, None, None)
    assert events[1].units == [{"index": None, "length": None, "unit": None, "progress": None, "desc": "5"}]
    assert isinstance(events[-1], CompleteEvent) and events[-1].data == ["bare"] and events[-1].duration is None


def test_cli_prints_wrong_types_without_crashing(fs, capsys):
    fs.script = lambda eid, body: [msg(msg="estimation", event_id=eid, rank="1", rank_eta="x"),
                                   msg(msg="progress", event_id=eid, progress_data=[{"progress": 0.5}]),
                                   completed(eid, ["ok"])]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 0 and "queue: rank None of None" in out and "progress: 50%" in out


async def test_generator_diff_that_does_not_apply(fs):
    fault("bad diff")
    fs.script = lambda eid, body: [
        estimation(eid),
        msg(msg="process_generating", event_id=eid, output={"data": ["tick0 "]}),
        msg(msg="process_generating", event_id=eid, output={"data": [[["append", ["no", "such"], "x"]]]}),
        msg(msg="process_generating", event_id=eid, output={"data": [[["append", [], "tick1 "]]]}),
        completed(eid, ["tick0 tick1 "])]
    events, _ = await events_of(fs, "/gen")
    assert [e.data for e in events if isinstance(e, GeneratingEvent)] == [["tick0 "]]
    assert any(isinstance(e, LogEvent) and "does not apply" in e.message for e in events)
    assert events[-1].data == ["tick0 tick1 "]


async def test_frame_larger_than_the_limit(fs, monkeypatch):
    fault("oversized frame")
    monkeypatch.setattr("gradio_tui.core.protocol.stream.MAX_FRAME", 1024 * 1024)
    fs.script = lambda eid, body: [estimation(eid), completed(eid, ["x" * (2 * 1024 * 1024)])]
    events, _ = await events_of(fs)
    assert last_error(events).kind == "stream" and "larger than 1 MB" in events[-1].message


def test_fifty_megabyte_output(fs, capsys, tmp_path):
    fault("50 MB output")
    fs.script = lambda eid, body: [estimation(eid), completed(eid, ["y" * 1_000_000])]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 0 and len(out) < 20_000 and "more characters" in out   # readable: clipped
    big = "y" * (50 * 1024 * 1024)
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [big])]
    started = time.monotonic()
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--json")
    assert code == 0 and json_events(out)[-1]["data"] == [big]
    del out
    record = HistoryStore().load(limit=1)[0]                               # recorded, cut to fit
    assert record.status == "complete" and "characters not kept" in record.result[0]
    assert time.monotonic() - started < 40


# --- HTTP errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, headers, code, message", [
    (500, {}, 1, "the app refused the call: HTTP 500"),
    (503, {}, 3, "the app's queue is full: fault 503"),
    (429, {"retry-after": "120"}, 3, r"rate-limiting calls \(HTTP 429\): retry in 120 s"),
    (422, {}, 1, "the app rejected the input"),
    (404, {}, 4, "no queue route"),
])
def test_join_http_errors(fs, capsys, status, headers, code, message):
    fault(f"join {status}")
    fs.join_faults = [("status", status, headers)]
    got, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert got == code and re.search(message, err), err
    assert fs.joins == 1


def test_retry_after_longer_than_the_longest_wait_stops_retries(fs, capsys):
    fs.join_faults = [("status", 429, {"retry-after": "3600"})]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--retries", "5")
    assert code == 3 and "retry in 3600 s" in err and fs.joins == 1


@pytest.mark.parametrize("config_fault, code, message", [
    (("status", 500), 3, "config answered HTTP 500: the app is failing"),
    (("status", 503), 3, "config answered HTTP 503"),
    (("status", 429), 3, "rate-limiting"),
    (("raw", b"{not json"), 3, "is not a Gradio app"),
    (("raw", b"[1, 2]"), 3, "is not a Gradio app"),
    (("raw", b"[" * 100000), 3, "is not a Gradio app"),
    (("hang", 5), 3, "did not answer in time"),
])
def test_config_faults(fs, capsys, config_fault, code, message):
    fault(f"config {config_fault[0]}")
    fs.config_fault = config_fault
    got, out, err = cli(capsys, "api", fs.url, "--timeout", "1")
    assert got == code and message in err, err


def test_unreachable_port(capsys):
    code, _, err = cli(capsys, "api", "http://127.0.0.1:9/", "--timeout", "2")
    assert code == 3 and "connection refused" in err


# --- configs ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, ok", [
    ({"components": None}, True),
    ({"dependencies": [{"id": 0, "api_name": "predict"}]}, True),                 # no inputs/outputs
    ({"dependencies": [None, "x", 5, {"id": "zero", "api_name": "predict", "inputs": [1], "outputs": [2]}]}, True),
    ({"surprise": {"nested": [1, 2]}, "api_prefix": "/gradio_api", "title": None}, True),
    ({"components": [{"id": 1, "type": "hologram3000", "props": {"label": "H"}},
                     {"id": 2, "type": None, "props": None}]}, True),             # unknown component types
    ({"components": [{"id": [1], "type": "textbox"}, {"type": "textbox"}, "junk"]}, True),
    ({"protocol": None}, False),
    ({"version": None, "protocol": "sse"}, False),
])
def test_configs_with_missing_or_unexpected_fields(fs, capsys, change, ok):
    fault("odd config")
    fs.config = {**make_config(), **{k: v for k, v in change.items() if v is not None}}
    for key, value in change.items():
        if value is None:
            fs.config.pop(key, None)
    fs.info = {"named_endpoints": {"/predict": "not a dict"}, "unnamed_endpoints": []}
    code, out, err = cli(capsys, "api", fs.url)
    if not ok:
        assert code == 3 and "unsupported Gradio" in err
        return
    assert code == 0 and "/predict" in out, err
    code, out, err = cli(capsys, "api", fs.url, "--json")
    assert code == 0 and "/predict" in json.loads(out)["named_endpoints"]
    code, out, err = cli(capsys, "call", fs.url, "/predict", "--kwargs", "{}")
    assert code in (0, 2), err


def test_ten_thousand_endpoints(fs, capsys):
    fault("10,000 endpoints")
    n = 10_000
    comps = [textbox(1, "In", "v"), textbox(2, "Out")]
    fs.config = make_config([dependency(i, f"endpoint_{i}", [1], [2]) for i in range(n)], components=comps)
    started = time.monotonic()
    code, out, err = cli(capsys, "api", fs.url)
    assert code == 0 and out.count("/endpoint_") == n
    code, out, err = cli(capsys, "api", fs.url, "--json")
    assert len(json.loads(out)["named_endpoints"]) == n
    code, out, err = cli(capsys, "call", fs.url, f"/endpoint_{n - 1}", '["z"]', "--json")
    assert code == 0 and json_events(out)[-1]["data"] == ["echo:z"]
    code, out, err = cli(capsys, "call", fs.url, "/endpoint_x")
    assert code == 2 and "unknown endpoint" in err
    assert time.monotonic() - started < 30


# --- real apps killed mid-call ------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def doomed_server(request):
    """A gradio 6 server of our own (not the shared one): the test kills it. It starts with the
    module, when that test is selected, so it boots while the fault tests run."""
    from tests.support.servers import GradioServer, ServerUnavailable

    if not any(item.name == "test_a_real_app_killed_mid_call" for item in request.session.items):
        yield None
        return
    try:
        server = GradioServer("6", apps=["gen"], root_app=None)
        server.spawn()
    except ServerUnavailable as exc:
        yield exc
        return
    yield server
    server.stop()


def test_a_real_app_killed_mid_call(doomed_server, tmp_path):
    if not hasattr(doomed_server, "wait_ready"):
        pytest.skip(f"no gradio 6 server: {doomed_server}")
    fault("real server killed (SIGKILL)")
    server = doomed_server.wait_ready(120)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    cmd = [*CLI, "call", server.url("gen"), "/count", "[200, 0.1]"]
    procs = []

    def start(*extra: str, until: str) -> subprocess.Popen:
        proc = subprocess.Popen([*cmd, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        procs.append(proc)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = proc.stdout.readline()
            if until in text or not text:
                break
        return proc

    async def core_job() -> list:
        async with await Session.connect(server.url("gen"), timeout=10) as s:
            events = []
            async for event in s.submit("/count", [200, 0.1]):
                events.append(event)
                if len(events) == 1:
                    os.killpg(server.process.pid, signal.SIGKILL)      # the app dies mid-call
            return events

    try:
        readable = start(until="generating")      # running (concurrency 1: the others queue behind it)
        as_json = start("--json", until="estimation")
        events = asyncio.run(core_job())
        out, err = readable.communicate(timeout=30)
        jout, jerr = as_json.communicate(timeout=30)
    finally:
        for proc in procs:
            proc.kill()
    err_event = events[-1]
    assert isinstance(err_event, ErrorEvent) and err_event.kind == "stream", events
    assert "dropped before the call finished" in err_event.message
    assert readable.returncode == 4 and "dropped before the call finished" in err and "Traceback" not in err + out
    assert as_json.returncode == 4 and json_events(jout)[-1]["kind"] == "stream" and "Traceback" not in jerr
    history = HistoryStore(tmp_path / "data" / "gradio-tui" / "history.jsonl").load()
    assert len(history) == 2 and {r.status for r in history} == {"error"}
    assert all(r.error_kind == "stream" and r.result is None for r in history)
    # And after the crash: a new connection says the app is gone, clearly.
    with pytest.raises(ConnectError, match="connection refused"):
        asyncio.run(Session.connect(server.url("gen"), timeout=3))


def test_fault_count(capsys):
    """Not a check: the count of faults injected so far, for the closing note."""
    with capsys.disabled():
        print(f"\n[hardening] faults injected: {len(FAULT_LOG)} ({len(set(FAULT_LOG))} kinds)")


