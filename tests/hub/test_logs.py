"""Space logs against the Hub stand-in: SSE, keep-alives, idle stop, drops, reconnects, tokens."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from gradio_tui.core.errors import AuthRequired, RateLimited, StreamError
from gradio_tui.core.hub import spaces as core_hub
from tests.support.hubstub import log_event

FIXTURE_LINES = ["===== Application Startup at 2026-08-20 10:00:00 =====",
                 "* Running on local URL:  http://0.0.0.0:7860",
                 "Traceback (most recent call last):"]


@pytest.fixture
async def client():
    async with httpx.AsyncClient(timeout=10) as c:
        yield c


async def collect(space_id, client, token, n=None, timeout=10.0, **kw):
    lines = []

    async def run():
        async for line in core_hub.stream_logs(space_id, client=client, token=token, **kw):
            lines.append(line)
            if n is not None and len(lines) >= n:
                break

    await asyncio.wait_for(run(), timeout)
    return lines


async def test_without_follow_it_stops_after_idle_seconds(hub, client, hub_token):
    hub.add_space("acme/echo")                                     # the stream holds, sending keep-alives
    loop = asyncio.get_running_loop()
    start = loop.time()
    lines = await collect("acme/echo", client, hub_token, idle=0.4)
    assert [line.text for line in lines] == FIXTURE_LINES
    assert lines[0].timestamp == "2026-08-20T10:00:00.123Z"
    assert 0.4 <= loop.time() - start < 5
    request = hub.requests_to("/api/spaces/acme/echo/logs/run")[0]
    assert request.headers["authorization"] == f"Bearer {hub_token}"
    assert request.headers["accept"] == "text/event-stream"


async def test_a_stream_the_hub_closes_ends_at_once(hub, client, hub_token):
    hub.add_space("acme/echo", logs_end="close")
    loop = asyncio.get_running_loop()
    start = loop.time()
    lines = await collect("acme/echo", client, hub_token, idle=30)
    assert [line.text for line in lines] == FIXTURE_LINES and loop.time() - start < 5


async def test_build_logs_and_tail(hub, client, hub_token):
    space = hub.add_space("acme/echo", logs_end="close")
    lines = await collect("acme/echo", client, hub_token, build=True)
    assert [line.text for line in lines] == ["Step 1/3 : FROM python:3.10", "Successfully built"]
    for i in range(5):
        space.append_log(f"line {i}")
    lines = await collect("acme/echo", client, hub_token, tail=2)
    assert [line.text for line in lines] == ["line 3", "line 4"]
    assert hub.requests_to("/api/spaces/acme/echo/logs/run")[-1].query == {"tail": ["2"]}


async def test_follow_reconnects_after_a_drop_without_repeating_lines(hub, client, hub_token):
    space = hub.add_space("acme/echo", drop_logs_after=2)           # the first connection dies after 2 lines
    reconnects: list[int] = []
    got: list[str] = []

    async def follow():
        async for line in core_hub.stream_logs("acme/echo", client=client, token=hub_token, follow=True,
                                               on_reconnect=reconnects.append):
            got.append(line.text)
            if line.text == "Traceback (most recent call last):":
                space.append_log("after the reconnect")
            if line.text == "after the reconnect":
                break

    await asyncio.wait_for(follow(), 10)
    assert got == FIXTURE_LINES + ["after the reconnect"]
    assert space.log_connections == 2 and reconnects == [1]


async def test_follow_keeps_streaming_new_lines(hub, client, hub_token):
    space = hub.add_space("acme/echo")
    got: list[str] = []

    async def follow():
        async for line in core_hub.stream_logs("acme/echo", client=client, token=hub_token, follow=True):
            got.append(line.text)
            if len(got) == 3:
                await asyncio.sleep(0.3)                           # a quiet spell longer than idle would be
                space.append_log("late line")
            if len(got) == 4:
                break

    await asyncio.wait_for(follow(), 10)
    assert got[-1] == "late line" and space.log_connections == 1


async def test_a_line_repeated_on_purpose_is_kept(hub, client, hub_token):
    same = log_event("tick", "2026-01-01T00:00:00.000Z")
    hub.add_space("acme/echo", logs={"run": [same, same, log_event("end")]}, drop_logs_after=1)
    got = await collect("acme/echo", client, hub_token, n=3, follow=True)
    assert [line.text for line in got] == ["tick", "tick", "end"]


@pytest.mark.parametrize("token", [None, "hf_someone_else"])
async def test_logs_need_the_owners_token(hub, client, token):
    hub.add_space("acme/echo")
    with pytest.raises(AuthRequired) as err:
        await collect("acme/echo", client, token)
    assert "logs need the owner's token" in str(err.value) and err.value.exit_code == 3


async def test_unknown_space_logs_also_ask_for_the_owners_token(hub, client, hub_token):
    with pytest.raises(AuthRequired, match="logs need the owner's token"):
        await collect("acme/nope", client, hub_token)


async def test_logs_429(hub, client, hub_token):
    hub.add_space("acme/echo")
    hub.rate_limit("/api/spaces/acme/echo/logs/")
    with pytest.raises(RateLimited) as err:
        await collect("acme/echo", client, hub_token)
    assert "retry in 42 s" in str(err.value)


async def test_a_hub_that_keeps_failing_ends_follow(hub, client, hub_token, monkeypatch):
    monkeypatch.setattr("gradio_tui.core.hub.logs.MAX_BACKOFF", 0.05)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    with pytest.raises(StreamError):
        await collect("acme/echo", client, hub_token, follow=True, max_failures=3)
