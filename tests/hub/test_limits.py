"""Red team 7: a hostile Hub (``HF_ENDPOINT``) or Space host cannot hang the client past
``--timeout`` per request, nor fill its memory: Hub answers are capped and whole within the
timeout, the wake-up request's answer is cut short, a log line is bounded and so is a silence.

The Hub here is a fault server (``tests/support/faultserver.py``) with hostile routes
(``tests/support/hostile_answers.py``); the CLI runs in a child process (``cli_run``).
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from gradio_tui.core.errors import HubError
from gradio_tui.core.hub.logs import stream_logs
from tests.support.faultserver import FaultServer, reply
from tests.support.fixtures_faults import fault
from tests.support.hostile_answers import cli_run, endless, gzip_bomb, gzipped, trickle

pytestmark = pytest.mark.trust

MiB = 1024 * 1024


@pytest.fixture
def hub_env(fs, tmp_path):
    return {"HF_ENDPOINT": fs.url, "XDG_DATA_HOME": str(tmp_path / "data"), "HF_TOKEN": "",
            "HF_HOME": str(tmp_path / "hf")}


def json_route(value):
    return lambda scope, receive, send, body: reply(send, 200, json.dumps(value).encode())


def test_a_trickling_hub_answer_ends_within_the_timeout(fs, hub_env):
    fault("Hub answer trickled one byte a second")
    fs.routes[("GET", "/api/spaces/a/b")] = trickle(b" " * 1000, every=1)
    result = cli_run("api", "a/b", "--timeout", "3", "--wait", "3", env=hub_env, give_up=60)
    assert result.code == 3, result.err
    assert result.seconds < 20, result.seconds                   # a byte a second: 1,000 s


def test_a_hub_gzip_bomb_is_capped(fs, hub_env):
    fault("Hub answer: a 512 MB gzip bomb")
    fs.routes[("GET", "/api/spaces/a/b")] = gzipped(gzip_bomb(512 * MiB))
    result = cli_run("api", "a/b", "--timeout", "5", env=hub_env, give_up=60)
    assert result.code == 3, result.err
    assert result.peak_rss < 300 * MiB, result.peak_rss // MiB


def test_the_wake_up_answer_is_cut_short(fs, hub_env):
    fault("a sleeping Space whose host answers the wake-up with a 512 MB gzip bomb")
    app = FaultServer().start()
    try:
        app.routes[("GET", "/")] = gzipped(gzip_bomb(512 * MiB))
        fs.routes[("GET", "/api/spaces/a/b")] = json_route({"id": "a/b", "sdk": "gradio", "host": app.url,
                                                             "runtime": {"stage": "SLEEPING"}})
        fs.routes[("GET", "/api/spaces/a/b/runtime")] = json_route({"stage": "SLEEPING"})
        result = cli_run("api", "a/b", "--timeout", "5", "--wait", "4", env=hub_env, give_up=60)
        assert any(r.path == "/" for r in app.requests)            # woken
    finally:
        app.stop()
    assert result.code != 0 and "did not start within 4 s" in result.err, result.err
    assert result.peak_rss < 300 * MiB, result.peak_rss // MiB


async def test_a_log_line_is_bounded(fs, monkeypatch):
    fault("a log stream of one endless line")
    monkeypatch.setenv("HF_ENDPOINT", fs.url)
    fs.routes[("GET", "/api/spaces/a/b/logs/run")] = endless(content_type="text/event-stream", head=b"data: ",
                                                             upto=64 * MiB)
    async with httpx.AsyncClient() as client:
        with pytest.raises(HubError, match="line larger than 1024 K"):
            async for _ in stream_logs("a/b", client=client, token=None):
                pass


async def test_a_trickled_log_frame_is_silence(fs, monkeypatch):
    fault("a log stream that trickles one frame forever (follow)")
    monkeypatch.setenv("HF_ENDPOINT", fs.url)
    fs.routes[("GET", "/api/spaces/a/b/logs/run")] = trickle(b'data: {"data": "' + b"x" * 1000, every=0.2,
                                                             content_type="text/event-stream")
    reconnects: list[int] = []
    started = time.monotonic()
    async with httpx.AsyncClient() as client:
        lines = stream_logs("a/b", client=client, token=None, follow=True, timeout=1,
                            on_reconnect=reconnects.append)
        with pytest.raises(asyncio.TimeoutError):                  # following: never a line…
            await asyncio.wait_for(anext(lines), 6)
    assert len(reconnects) >= 2                                 # …but each silence of 1 s is a new connection
    assert time.monotonic() - started < 10
