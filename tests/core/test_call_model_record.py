"""The core keeps each call's record when the call ends, through the session's recorder: the
request's facts (the wire ``data`` list too) and a snapshot of its state; no face saves it."""

from __future__ import annotations

import json

import pytest

from gradio_tui.core.call import CallStatus
from gradio_tui.core.errors import CallFailed
from gradio_tui.core.history import CallRecord, HistoryStore, record_from_json
from gradio_tui.core.protocol.events import GeneratingEvent
from gradio_tui.core.session import Session
from tests.support.fixtures_faults import cli


async def test_the_core_records_each_call_once_when_it_ends(gradio6):
    kept: list[CallRecord] = []

    def recorder(record: CallRecord) -> None:
        kept.append(record)

    async with await Session.connect(gradio6.url("basic"), recorder=recorder) as s:
        done = s.submit("/echo", ["hi"])
        assert await done.result() == ["hi"]
    assert kept == [done.record] and done.record.status == "complete" and done.state.exit_code == 0
    assert done.record.data == ["hi"] and done.record.result == ["hi"] and done.record_problem is None
    assert done.record.timings is done.state.timings and done.record.timings.total is not None

    async with await Session.connect(gradio6.url("errors"), recorder=recorder) as s:
        failed = s.submit("/boom_gr", ["x"])
        with pytest.raises(CallFailed):
            await failed.result()
    assert kept[-1] is failed.record and failed.record.status == "error" and failed.state.exit_code == 1
    assert "Custom failure: x" in failed.record.error and failed.record.error_kind == "app"

    async with await Session.connect(gradio6.url("gen"), recorder=recorder) as s:
        left = s.submit("/count", [200, 0.1])
        async for event in left:
            if isinstance(event, GeneratingEvent):
                break                       # the consumer goes away mid-stream (a closed screen)
        await left.aclose()
        await left.aclose()                 # twice: recorded once
    assert kept[-1] is left.record and left.record.status == "cancelled" == left.state.status
    assert left.state.status is CallStatus.CANCELLED and left.state.exit_code == 1
    assert len(kept) == 3


async def test_a_recorder_that_fails_never_fails_the_call(gradio6):
    def broken(record: CallRecord) -> None:
        raise OSError("disk full")

    async with await Session.connect(gradio6.url("basic"), recorder=broken) as s:
        job = s.submit("/echo", ["still"])
        assert await job.result() == ["still"]
    assert job.record_problem == "history not saved: disk full"


def test_the_cli_leaves_saving_to_the_core_one_line_per_call(gradio6, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    code, out, err = cli(capsys, "call", gradio6.url("basic"), "/echo", '["once"]')
    assert code == 0 and 'complete: ["once"]' in out, err
    lines = HistoryStore().path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    saved = json.loads(lines[0])
    assert saved["status"] == "complete" and saved["data"] == ["once"] and saved["result"] == ["once"]


def test_history_lines_load_both_ways():
    old = {"target": "x", "root": "http://127.0.0.1:1", "gradio_version": "4.44.1", "api_prefix": "",
           "api_name": "echo", "fn_index": 0, "args": {"text": "a"}, "status": "complete", "result": ["a"]}
    record = record_from_json(old)                                   # a line written before ``data``
    assert record.data is None and record.status == "complete"
    newer = {**record.to_json(), "data": ["a"], "a_field_of_a_later_version": 1}
    assert record_from_json(newer).data == ["a"]


async def test_a_tui_run_reads_the_job_state_and_the_core_records_it_once(gradio6, monkeypatch, tmp_path):
    from gradio_tui.tui.app import GradioTuiApp
    from tests.support.pilot import SIZE, open_endpoint, press, run_with_keys, until_connected, until_done, wait_for

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("GRADIO_TUI_NO_SYSTEM_CLIPBOARD", "1")
    app = GradioTuiApp(gradio6.url("gen"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/count", {"n": 200, "delay": 0.1})
        run = await run_with_keys(pilot, app)
        assert run.state is run.job.state                  # one model: the run shows the job's state
        await wait_for(pilot, lambda: any(e.type == "generating" for e in run.events), 10, "the first output")
        assert run.status == CallStatus.RUNNING and run.outputs == run.job.state.outputs
        await press(pilot, "ctrl+g")
        await until_done(pilot, run, 15)
    saved = [json.loads(line) for line in HistoryStore().path.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["status"]) for r in saved] == [(run.record.id, "cancelled")]
