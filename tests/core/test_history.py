"""History: persisted under the user data dir, 0600, safe with two writers, capped, listed by the CLI."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

from gradio_tui.cli.main import main
from gradio_tui.core.history import CallRecord, HistoryStore, history_path


def make(i: int, **kw) -> CallRecord:
    return CallRecord(target="acme/echo", root="http://x", gradio_version="6.31.0", api_prefix="/gradio_api",
                      api_name="echo", fn_index=0, args={"text": f"call {i}"}, **kw)


def test_path_follows_xdg_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "gradio-tui" / "history.jsonl"


def test_append_load_mode_and_bad_lines(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(make(1, status="complete"))
    with open(store.path, "a") as f:
        f.write("{not json\n")
    store.append(make(2, status="error", error="boom"))
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    loaded = store.load()
    assert [r.args["text"] for r in loaded] == ["call 2", "call 1"]
    assert loaded[0].error == "boom"


def _writer(path: str, start: int) -> None:
    store = HistoryStore(path)
    for i in range(start, start + 200):
        store.append(make(i))


def test_two_processes_append_at_once(tmp_path):
    path = str(tmp_path / "h.jsonl")
    procs = [multiprocessing.get_context("fork").Process(target=_writer, args=(path, n * 1000)) for n in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    lines = Path(path).read_text().splitlines()
    assert len(lines) == 400
    assert all(json.loads(line)["args"]["text"].startswith("call ") for line in lines)


def test_size_cap_drops_oldest(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl", max_bytes=20_000)
    for i in range(200):
        store.append(make(i))
    assert os.path.getsize(store.path) <= 20_000
    loaded = store.load()
    assert loaded[0].args["text"] == "call 199"
    assert "call 0" not in {r.args["text"] for r in loaded}


def test_cli_call_is_recorded_and_listed(gradio6, capsys):
    assert main(["call", gradio6.url("errors"), "/boom_gr", '["hist"]']) == 1
    assert main(["call", gradio6.url("basic"), "/echo", '["hist ok"]']) == 0
    capsys.readouterr()
    assert main(["history", "--json", "--limit", "2"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [h["api_name"] for h in listed] == ["/echo", "/boom_gr"]
    assert listed[0]["status"] == "complete" and listed[0]["args"] == {"text": "hist ok"}
    assert listed[1]["status"] == "error" and "Custom failure: hist" in listed[1]["error"]
    assert listed[1]["timings"]["total"] > 0
    assert set(listed[0]) == {"id", "started_at", "target", "api_name", "args", "status", "error", "timings",
                              "session_hash"}


async def test_a_long_stream_keeps_its_first_and_last_events(gradio6):
    """3,000 yields: the record in memory and the history line hold the first and last events
    and one marker that counts the rest, so a long stream never grows without bound."""
    from gradio_tui.core.history import MAX_EVENTS_KEPT, elided_count, events_total, save_record
    from gradio_tui.core.report import render_report
    from gradio_tui.core.session import Session

    async with await Session.connect(gradio6.url("gen")) as session:
        job = session.submit("/stream_many", [3000])
        seen = [event.type async for event in job]
    record = job.record
    assert seen.count("generating") == 3000 and seen[-1] == "complete"
    assert len(record.events) <= 2 * MAX_EVENTS_KEPT + 1
    assert events_total(record.events) == len(seen)
    assert record.events[0]["type"] == seen[0] and record.events[-1]["type"] == "complete"
    assert record.events[-1]["data"] == ["3000"]

    assert save_record(record) is None
    saved = HistoryStore().load(limit=1)[0]
    assert saved.id == record.id and len(saved.events) == MAX_EVENTS_KEPT + 1
    assert [elided_count(e) for e in saved.events].count(0) == MAX_EVENTS_KEPT
    assert events_total(saved.events) == len(seen)
    report = render_report(session, saved)
    assert f"{len(seen) - 60} more events" in report
