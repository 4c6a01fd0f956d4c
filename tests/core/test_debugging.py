"""Debugging, core side: monitoring, queue status, gather_debug and timings on real apps and the Hub stand-in."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from gradio_tui.core.debuginfo import gather_debug, render_debug_report
from gradio_tui.core.errors import CallFailed
from gradio_tui.core.monitoring import fetch_monitoring, fetch_queue_status, parse_monitoring
from gradio_tui.core.session import Session


async def monitoring_until(session, route: str, count: int, timeout: float = 10.0, latencies: bool = False):
    """The summary once ``route`` shows ``count`` requests (the server may count a moment late)
    and, with ``latencies``, its percentiles (which a loaded server may fill in later still)."""
    deadline = time.monotonic() + timeout
    while True:
        summary = await fetch_monitoring(session.client, session.schema.root)
        row = summary.get(route)
        ready = row and (row.total_requests or 0) >= count and (not latencies or row.p50 is not None)
        if not summary.available or ready or time.monotonic() > deadline:
            return summary
        await asyncio.sleep(0.1)


async def test_monitoring_summary_per_version(gradio_server):
    async with await Session.connect(gradio_server.url("basic")) as s:
        for i in range(3):
            await s.submit("/echo", [f"m{i}"]).result()
        summary = await monitoring_until(s, "/echo", 3, latencies=True)
    if gradio_server.version == "4":
        assert not summary.available
        assert "monitoring key" in summary.reason and not summary.endpoints
        return
    assert summary.available, summary.reason
    echo = summary.get("/echo")
    assert echo is not None and echo.total_requests >= 3 and echo.success_rate == 1.0
    assert 0 <= echo.p50 <= echo.p90 <= echo.p99 < 5


async def test_monitoring_of_a_failing_endpoint(gradio6):
    async with await Session.connect(gradio6.url("errors")) as s:
        for _ in range(2):
            with pytest.raises(CallFailed):
                await s.submit("/boom_gr", ["x"]).result()
        summary = await monitoring_until(s, "/boom_gr", 2)
    row = summary.get("/boom_gr")
    assert row.success_rate == 0.0 and row.p50 is None and row.p99 is None


def test_parse_monitoring_tolerates_odd_shapes():
    rows = parse_monitoring({"functions": {"b": {"success_rate": "?", "total_requests": 2,
                                                 "process_time_percentiles": {"50th": 0.1, "90th": float("nan")}},
                                           "a": None, "c": {"process_time_percentiles": []}}})
    assert [r.name for r in rows] == ["a", "b", "c"]
    assert rows[1].total_requests == 2 and rows[1].success_rate is None and rows[1].p50 == 0.1 and rows[1].p90 is None
    assert parse_monitoring([]) == [] and parse_monitoring({"functions": 3}) == []


async def test_unreachable_app_is_a_value_not_an_error():
    async with httpx.AsyncClient() as client:
        summary = await fetch_monitoring(client, "http://127.0.0.1:9", timeout=2)
        queue = await fetch_queue_status(client, "http://127.0.0.1:9/gradio_api", timeout=2)
    assert not summary.available and "no answer" in summary.reason
    assert not queue.available and "no answer" in queue.reason


async def test_a_hostile_apps_monitoring_answers_are_capped_and_timed(fs):
    from tests.support.hostile_answers import gzip_bomb, gzipped, trickle

    fs.routes[("GET", "/monitoring/summary")] = gzipped(gzip_bomb(64 * 1024 * 1024))   # 64 KB → 64 MB
    fs.routes[("GET", "/gradio_api/queue/status")] = trickle(b'{"queue_size": 0}' + b" " * 100, every=0.5)
    async with httpx.AsyncClient(timeout=2) as client:
        summary = await fetch_monitoring(client, fs.url, timeout=2)
        started = time.monotonic()
        queue = await fetch_queue_status(client, f"{fs.url}/gradio_api", timeout=2)
    assert not summary.available and "larger than 8 MiB" in summary.reason
    assert not queue.available and "no whole answer within 2 s" in queue.reason
    assert time.monotonic() - started < 4                     # a byte each 0.5 s: a minute


async def test_queue_status_counts_waiting_jobs(gradio_server):
    """/slow runs one at a time: with three submitted, two wait (on every version)."""
    async with await Session.connect(gradio_server.url("queued")) as s:
        idle = await fetch_queue_status(s.client, s.schema.api_root)
        assert idle.available and idle.waiting == 0
        jobs = [s.submit("/slow", [1.0]) for _ in range(3)]
        tasks = [asyncio.ensure_future(job.result()) for job in jobs]
        deadline = time.monotonic() + 10
        waiting = 0
        while waiting < 1 and time.monotonic() < deadline:
            waiting = (await fetch_queue_status(s.client, s.schema.api_root)).waiting or 0
            await asyncio.sleep(0.05)
        assert waiting >= 1
        for job in jobs:
            await job.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def test_gather_debug_of_a_local_app(gradio6):
    async with await Session.connect(gradio6.url("visibility")) as s:
        info = await gather_debug(s)
    assert info.versions.gradio == gradio6.gradio_version and info.versions.api_prefix == "/gradio_api"
    assert info.config["version"] == gradio6.gradio_version and "named_endpoints" in info.info
    by_index = {row.fn_index: row for row in info.endpoints}
    deps = {dep["id"]: dep for dep in info.config["dependencies"]}
    assert set(by_index) <= set(deps)
    assert {row.visibility for row in info.endpoints} >= {"public", "private"}
    for row in info.endpoints:
        assert row.route.lstrip("/") == deps[row.fn_index]["api_name"] or row.route.startswith("fn:")
    assert info.monitoring.available and info.queue.available and info.queue.waiting == 0
    assert info.space is None and info.to_json()["versions"]["protocol"] == "sse_v3"


async def test_gather_debug_of_a_space_with_quota(hub, gradio6, hub_token, monkeypatch):
    hub.add_space("acme/zero", upstream=gradio6.url("basic"), hardware="zero-a10g", gc_timeout=3600)
    monkeypatch.setenv("HF_TOKEN", hub_token)
    async with await Session.connect("acme/zero") as s:
        info = await gather_debug(s)
    space = info.space
    assert (space.id, space.stage, space.hardware, space.sleep_time) == ("acme/zero", "RUNNING", "zero-a10g", 3600)
    assert space.zero_gpu and space.quota is not None and space.quota.base is not None
    assert "ZeroGPU quota" in space.quota.describe() and space.unavailable is None
    assert info.monitoring.available      # through the Spaces proxy, at the app root
    monkeypatch.delenv("HF_TOKEN")
    async with httpx.AsyncClient() as client:
        anonymous = await gather_debug(space_id="acme/zero", token="", client=client)
    assert anonymous.space.quota is None and "HF_TOKEN" in anonymous.space.quota_note


async def test_gather_debug_of_a_broken_space_without_a_session(hub):
    hub.add_space("acme/crashed", stages=["RUNTIME_ERROR"], error_message="ModuleNotFoundError: torch")
    info = await gather_debug(space_id="acme/crashed")
    assert info.space.stage == "RUNTIME_ERROR" and "torch" in info.space.error_message
    assert not info.monitoring.available and info.versions is None and info.config is None
    report = render_debug_report(info, ["boot", "ModuleNotFoundError: torch (token hf_abcdefghijk)"])
    assert "RUNTIME_ERROR (crashed)" in report and "ModuleNotFoundError: torch" in report
    assert "hf_abcdefghijk" not in report and "hf_***" in report


async def test_gather_debug_fails_soft_when_the_hub_is_down(gradio6, hub, monkeypatch):
    hub.add_space("acme/echo", upstream=gradio6.url("basic"))
    async with await Session.connect("acme/echo") as s:
        monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
        info = await gather_debug(s)
    assert info.space.unavailable and "as of connecting" in info.space.unavailable
    assert info.space.stage == "RUNNING"          # what connecting saw
    assert info.versions is not None and info.monitoring.available


async def test_call_records_carry_every_timing(gradio6):
    async with await Session.connect(gradio6.url("basic")) as s:
        job = s.submit("/echo", ["t"])
        await job.result()
        t = job.record.timings
        assert s.connect_seconds is not None and t.connect == s.connect_seconds
        for name in ("connect", "join", "queue_wait", "first_output", "processing", "total", "server_duration",
                     "server_average"):
            assert getattr(t, name) is not None, name
        assert t.join <= t.queue_wait <= t.first_output <= t.total
    async with await Session.connect(gradio6.url("errors")) as s:
        job = s.submit("/boom_gr", ["t"])
        with pytest.raises(CallFailed):
            await job.result()
        t = job.record.timings
        assert t.total and t.join and t.first_output is None and t.server_duration is None


def test_report_masks_a_token_pasted_into_an_argument_in_the_curl_too():
    from gradio_tui.core.history import CallRecord
    from gradio_tui.core.report import render_report

    record = CallRecord(target="acme/echo", root="http://127.0.0.1:1", gradio_version="6.31.0",
                        api_prefix="/gradio_api", api_name="echo", fn_index=0, params=["text"],
                        args={"text": "key hf_PastedSecret12345"}, status="error", error="bad hf_PastedSecret12345")
    report = render_report(None, record)
    assert "hf_PastedSecret12345" not in report and "hf_***" in report
    assert "/call/echo" in report and "put the real ones back" in report
    clean = render_report(None, CallRecord(target="x", root="http://127.0.0.1:1", gradio_version="6.31.0",
                                           api_prefix="/gradio_api", api_name="echo", fn_index=0, params=["text"],
                                           args={"text": "hello"}))
    assert "put the real ones back" not in clean and "hello" in clean
