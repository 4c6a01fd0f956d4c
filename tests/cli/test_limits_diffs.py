"""Issue 12, items 8 and 9: generator diffs cannot burn the CPU past ``--timeout`` or past one
Ctrl-C, and big generator updates cannot pile up in memory.

The attacks are fault-server scripts (``tests/support/faultserver.py``: ``/gen`` is a generator on
``sse_v3``, so its updates after the first are diffs); the CLI runs in a child process
(``tests/support/hostile_answers.py``) for its exit code, its time and its peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.events import DiffError, GeneratingEvent, LogEvent, apply_diff, apply_edits
from gradio_tui.core.session import Session
from tests.support.faultserver import completed, estimation, msg, sse, starts
from tests.support.fixtures_faults import fault
from tests.support.hostile_answers import cli_run

pytestmark = pytest.mark.trust

MiB = 1024 * 1024


@pytest.fixture
def data_home(tmp_path):
    return {"XDG_DATA_HOME": str(tmp_path / "data")}


def generating(eid: str, data: list) -> tuple:
    return msg(msg="process_generating", event_id=eid, success=True, output={"data": data, "is_generating": True})


# --- 8. the diff applier: linear, never changes earlier values, bounded ----------------------------

def test_one_byte_appends_are_linear():
    diff = [[["append", [], "x"]] * 230_000]                  # ~4 MB of JSON
    values = ["start"]
    started = time.monotonic()
    for _ in range(6):
        values = apply_diff(values, diff)
    assert values == ["start" + "x" * 6 * 230_000]
    assert time.monotonic() - started < 10                     # quadratic: minutes


def test_diffs_on_a_large_value_copy_only_the_edited_path():
    first = [list(range(500_000)), {"rows": [[0] * 3 for _ in range(10)]}]
    values, seen = first, []
    started = time.monotonic()
    for i in range(300):
        values = apply_diff(values, [[["replace", [i], -1]], [["append", ["rows", i % 10], [i]]]])
        seen.append(values)
    assert time.monotonic() - started < 10                     # a deep copy per update: minutes
    assert first[0][:3] == [0, 1, 2] and first[1]["rows"][0] == [0, 0, 0]   # earlier values unchanged
    assert seen[0][0][:2] == [-1, 1] and seen[1][0][:3] == [-1, -1, 2]
    assert values[0][299:301] == [-1, 300] and len(values[1]["rows"][0]) == 3 + 30


def test_edits_in_one_message_see_each_other():
    assert apply_edits({"a": "x", "l": [1]}, [["append", ["a"], "y"], ["append", ["a"], "z"], ["add", ["l", 0], 0],
                                             ["append", ["l"], [2]], ["delete", ["a"], None]]) == {"l": [0, 1, 2]}
    assert apply_edits([[1], [2]], [["append", [1], [3]], ["add", [0], [0]], ["append", [2], [4]]]) == \
        [[0], [1], [2, 3, 4]]
    assert apply_edits(None, [["append", [], "a"], ["append", [], "b"]]) == "ab"


def test_diff_work_and_growth_are_bounded(monkeypatch):
    big = list(range(100_000))
    with pytest.raises(DiffError, match="too much work"):      # 1,000 inserts at the front of 100,000
        apply_diff([big], [[["add", [0], 1]] * 1000])
    monkeypatch.setattr("gradio_tui.core.protocol.events.MAX_GENERATED", 10 * MiB)
    values = ["x" * MiB]
    with pytest.raises(DiffError, match="grows the outputs past 10 MB"):
        for _ in range(20):
            values = apply_diff(values, [[["append", [], "y" * MiB]]])
    assert len(values[0]) <= 10 * MiB


# --- 8. end to end: --timeout and one Ctrl-C end a call drowning in diffs -----------------------------

def append_bomb(eid, body):
    yield estimation(eid)
    yield generating(eid, ["start"])
    frame = sse({"msg": "process_generating", "event_id": eid, "success": True,
                 "output": {"data": [[["append", [], "x"]] * 230_000], "is_generating": True}})
    for _ in range(6):
        yield ("raw", frame)
    yield completed(eid, ["done"])


def test_cli_one_byte_append_bomb_finishes(fs, data_home):
    fault("diff bomb: 4 MB of one-byte appends")
    fs.script = append_bomb
    result = cli_run("call", fs.url, "/gen", '["x"]', "--timeout", "3", env=data_home, give_up=60)
    assert result.code == 0, result.err
    assert "complete" in result.out and f"({6 * 230_000 + 5 + 4 - 4000:,} more characters)" in result.out
    assert result.seconds < 30


def big_value_then(eid, body, *, updates: int, then: list):
    yield estimation(eid)
    yield starts(eid)
    yield generating(eid, [list(range(500_000))])
    frames = b"".join(sse({"msg": "process_generating", "event_id": eid, "success": True,
                           "output": {"data": [[["replace", [i], -i]]], "is_generating": True}})
                      for i in range(updates))
    yield ("raw", frames)
    yield from then


def test_cli_diffs_on_a_large_value_then_silence_time_out(fs, data_home):
    fault("diff bomb: 1,000 diffs on a 500k-element value, then silence")
    fs.script = lambda eid, body: big_value_then(eid, body, updates=1000, then=[("sleep", 120)])
    result = cli_run("call", fs.url, "/gen", '["x"]', "--timeout", "3", env=data_home, give_up=60)
    assert result.code == 4, result.err
    assert "no message from the app for 3 s" in result.err
    assert result.out.count(" generating: ") == 1001
    assert result.seconds < 40


def test_cli_one_ctrl_c_ends_a_call_drowning_in_diffs(fs, tmp_path, data_home):
    fault("Ctrl-C during a diff bomb")
    fs.script = lambda eid, body: big_value_then(eid, body, updates=3000, then=[("hold",)])
    out_path = tmp_path / "out.txt"
    with open(out_path, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "gradio_tui", "call", fs.url, "/gen", '["x"]'],
                                stdout=out, stderr=subprocess.PIPE, text=True, env={**os.environ, **data_home},
                                start_new_session=True)
        try:
            deadline = time.monotonic() + 30
            while " generating: " not in out_path.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert " generating: " in out_path.read_text()
            proc.send_signal(signal.SIGINT)                        # once
            sent = time.monotonic()
            _, err = proc.communicate(timeout=30)
            waited = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert proc.returncode == 130 and "cancelled on the server" in err, err
    assert waited < 10
    assert any(r.path.endswith("/cancel") for r in fs.requests)
    generated = out_path.read_text().count(" generating: ")
    assert generated < 3001                                    # it stopped before the backlog ran out


# --- 9. big generator updates do not pile up in the call record ------------------------------------

def test_record_keeps_only_the_newest_large_value():
    record = CallRecord(target="t", root="r", gradio_version="6", api_prefix="", api_name="gen", fn_index=0)
    for n in range(12):
        record.add_event(GeneratingEvent(t=n, data=[chr(97 + n) * MiB, n]).to_json())
    record.add_event(LogEvent(t=12, message="small").to_json())
    kept = [len(e["data"][0]) for e in record.events if e["type"] == "generating"]
    assert kept[-1] == MiB and all(n < 1000 for n in kept[:-1])
    assert record.events[0]["data"][0].endswith(f"[{MiB - 200} characters not kept]")
    assert [e["data"][1] for e in record.events if e["type"] == "generating"] == list(range(12))
    assert "_large_event" not in json.dumps(record.to_json())


def twelve_big_updates(eid, body, size):
    yield estimation(eid)
    for n in range(12):
        value = chr(ord("a") + n) * size
        data = [value] if n == 0 else [[["replace", [], value]]]
        yield ("raw", sse({"msg": "process_generating", "event_id": eid, "success": True,
                           "output": {"data": data, "is_generating": True}}))
        del value, data
    yield completed(eid, ["done"])


def test_cli_twelve_big_generator_updates_keep_memory_bounded(fs, data_home):
    fault("twelve 64 MB generator updates")
    fs.script = lambda eid, body: twelve_big_updates(eid, body, 64 * MiB)
    result = cli_run("call", fs.url, "/gen", '["x"]', env=data_home, give_up=120)
    assert result.code == 0, result.err
    assert result.out.count(" generating: ") == 12
    assert result.peak_rss < 800 * MiB, result.peak_rss // MiB     # all twelve kept: 3.4 GB


def test_tui_run_keeps_only_the_newest_large_output():
    from gradio_tui.tui.runs import RunState

    run = RunState(number=1, route="/gen")
    for n in range(12):
        run.apply(GeneratingEvent(t=n, data=[chr(97 + n) * MiB, n]))
    sizes = [len(e.data[0]) for e in run.events]
    assert sizes[-1] == MiB and all(size < 1000 for size in sizes[:-1])
    assert run.outputs == ["l" * MiB, 11] and [e.data[1] for e in run.events] == list(range(12))


async def test_reader_waits_while_its_jobs_lag_behind(fs, monkeypatch):
    fault("big updates faster than they are used")
    monkeypatch.setattr("gradio_tui.core.protocol.stream.MAX_BACKLOG", 8 * MiB)
    fs.script = lambda eid, body: [estimation(eid), *[generating(eid, [[["replace", [], chr(97 + n) * MiB]]])
                                                       for n in range(40)], completed(eid, ["done"])]
    async with await Session.connect(fs.url, timeout=10) as session:
        job = session.submit("/gen", ["x"])
        stream, most = None, 0
        async for event in job:  # noqa: B007 - the last one is checked after the loop
            stream = stream or session._streams[job.session_hash]
            most = max(most, stream.backlog.size)
            await asyncio.sleep(0.02)                              # a slow consumer
    assert event.type == "complete"
    assert 0 < most <= 8 * MiB + 4 * MiB        # about the cap (without it: ~40 MiB, every update unread)
    assert stream.backlog.size == 0


# --- red team 3: a long edit path costs its square (every prefix sliced and kept) ------------------

def test_a_long_edit_path_does_not_apply(monkeypatch):
    started = time.monotonic()
    with pytest.raises(DiffError, match="path longer than 64"):
        apply_diff(["x"], [[["append", [0] * 20_000, "y"]]])        # ~60 KB: 1.5 GB and minutes
    assert time.monotonic() - started < 1
    deep: object = "leaf"
    for _ in range(64):
        deep = [deep]
    assert apply_diff([deep], [[["append", [0] * 64, "!"]]])[0] == json.loads(json.dumps(deep).replace("leaf", "leaf!"))
    monkeypatch.setattr("gradio_tui.core.protocol.events.MAX_DIFF_WORK", 100_000)
    with pytest.raises(DiffError, match="too much work"):           # charged its square: 100 × 2,081
        apply_diff([None], [[["append", [k] + [0] * 63, "y"] for k in range(100)]])


def path_bomb(eid, body):
    yield starts(eid)
    yield generating(eid, [[["replace", [], "x"]]])
    yield generating(eid, [[["append", [0] * 30_000, "y"]]])
    yield completed(eid, ["done"])


def test_cli_a_diff_path_bomb_is_a_warning(fs, data_home):
    fault("diff bomb: one append with a 30,000-key path")
    fs.script = path_bomb
    result = cli_run("call", fs.url, "/gen", '["x"]', "--timeout", "3", env=data_home, give_up=60)
    assert result.code == 0, result.err
    assert "does not apply" in result.out + result.err and "path longer than 64" in result.out + result.err
    assert result.seconds < 20 and result.peak_rss < 400 * MiB, (result.seconds, result.peak_rss // MiB)
