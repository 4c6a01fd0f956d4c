"""Retries (``--retries N``, ``Session.connect(retries=)``, ``submit(retries=)``): only for resets,
refused connections, 429 and 503 on join; exponential backoff honouring ``Retry-After``; each retry
a ``retry`` event; never for an app error, a validation error or any other answer.
"""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from gradio_tui.core.net.retry import RetryPolicy, retry_after_seconds
from gradio_tui.core.protocol.events import CompleteEvent, ErrorEvent, RetryEvent
from gradio_tui.core.session import Session
from tests.support.faultserver import FAULT_LOG, estimation, failed
from tests.support.fixtures_faults import cli, fault, json_events

pytestmark = pytest.mark.faults


def test_policy_waits():
    policy = RetryPolicy(retries=4, base=0.5, max_wait=3)
    assert [policy.wait(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3, None]
    assert policy.wait(1, retry_after=2.5) == 2.5 and policy.wait(1, retry_after=10) is None
    assert retry_after_seconds("7") == 7 and retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0            # a date in the past
    assert retry_after_seconds("nan") is None


async def test_retries_on_429_honour_retry_after(fs):
    fault("429 + Retry-After")
    fs.join_faults = [("status", 429, {"retry-after": "0.3"}), ("status", 429, {"retry-after": "0.2"})]
    started = time.monotonic()
    async with await Session.connect(fs.url, timeout=5, retries=3) as s:
        events = [e async for e in s.submit("/predict", ["x"])]
    retries = [e for e in events if isinstance(e, RetryEvent)]
    assert [(r.attempt, r.wait) for r in retries] == [(1, 0.3), (2, 0.2)]
    assert all("429" in r.reason for r in retries)
    assert time.monotonic() - started >= 0.5 and isinstance(events[-1], CompleteEvent) and fs.joins == 3


async def test_retries_back_off_exponentially_on_resets_and_503(fs):
    fault("reset, reset, 503")
    fs.join_faults = ["reset", "reset", ("status", 503)]
    async with await Session.connect(fs.url, timeout=5) as s:
        events = [e async for e in s.submit("/predict", ["x"], retries=3)]
    retries = [e for e in events if isinstance(e, RetryEvent)]
    assert [r.wait for r in retries] == [0.05, 0.1, 0.2]
    assert [r.reason.split(" (")[0] for r in retries] == ["connection reset", "connection reset", "queue full"]
    assert isinstance(events[-1], CompleteEvent)


async def test_retry_when_the_connection_is_refused(fs, monkeypatch):
    fault("refused during join")
    monkeypatch.setenv("GRADIO_TUI_RETRY_BASE", "0.4")
    async with await Session.connect(fs.url, timeout=5, retries=4) as s:
        fs.refuse_for(0.6)
        events = [e async for e in s.submit("/predict", ["x"])]
    assert any(isinstance(e, RetryEvent) and e.reason.startswith("cannot connect") for e in events)
    assert isinstance(events[-1], CompleteEvent)


def test_cli_retries_exhausted_exit_3_with_events(fs, capsys):
    fault("503 forever")
    fs.join_faults = [("status", 503)] * 3
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--retries", "2", "--json")
    assert code == 3
    evs = json_events(out)
    assert [e["type"] for e in evs] == ["retry", "retry", "error"]
    assert evs[0] == {"type": "retry", "t": evs[0]["t"], "attempt": 1, "reason": "queue full (HTTP 503)", "wait": 0.05}
    assert evs[-1]["kind"] == "queue_full"
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--retries", "1")
    assert code == 0 and "retry" not in out      # the faults were used up: no retry needed


def test_cli_readable_retry_line(fs, capsys):
    fs.join_faults = ["reset"]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--retries", "1")
    assert code == 0 and re.search(r"retry 1: connection reset \(\w+\) \(waiting 0.05 s\)", out), out


@pytest.mark.parametrize("what", ["app error", "validation", "500", "no retries asked"])
async def test_never_retried(fs, what):
    fault(f"not retried: {what}")
    if what == "app error":
        fs.script = lambda eid, body: [estimation(eid), failed(eid, "boom", "Bad input")]
    elif what == "validation":
        fs.join_faults = [("status", 422, {}, b'{"detail":[{"__type__":"validate","is_valid":false,'
                                               b'"message":"too short","parameter_name":"text"}]}')]
    elif what == "500":
        fs.join_faults = [("status", 500)]
    else:
        fs.join_faults = ["reset"]
    async with await Session.connect(fs.url, timeout=5) as s:
        events = [e async for e in s.submit("/predict", ["x"], retries=0 if what == "no retries asked" else 3)]
    assert not any(isinstance(e, RetryEvent) for e in events) and fs.joins == 1
    assert isinstance(events[-1], ErrorEvent)
    if what == "validation":
        assert events[-1].message == "text: too short" and events[-1].kind == "validation"


async def test_cancel_during_a_retry_wait(fs, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_RETRY_BASE", "30")
    fs.join_faults = [("status", 503)]
    async with await Session.connect(fs.url, timeout=5, retries=2) as s:
        job = s.submit("/predict", ["x"])
        started = time.monotonic()
        events = []
        async for event in job:
            events.append(event)
            if isinstance(event, RetryEvent):
                asyncio.get_running_loop().call_later(0.2, lambda: asyncio.ensure_future(job.cancel()))
    assert events[-1].type == "cancelled" and fs.joins == 1 and time.monotonic() - started < 3


def test_fault_count(capsys):
    """Not a check: the count of faults injected so far, for the closing note."""
    with capsys.disabled():
        print(f"\n[hardening] faults injected: {len(FAULT_LOG)} ({len(set(FAULT_LOG))} kinds)")
