"""A hostile MCP server (the fault server): huge, endless, silent, trickling or malformed JSON-RPC
answers end ``gradio-tui mcp`` with one clear line and the contract's exit code, never a hang."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from tests.support.faultserver import make_config, reply, send_body
from tests.support.fixtures_faults import cli, fault
from tests.support.hostile_answers import endless

pytestmark = pytest.mark.trust

MCP_PATH = "/gradio_api/mcp/"
SCHEMA = [{"name": "echo", "description": "Echoes.", "meta": {"endpoint_name": "predict", "mcp_type": "tool"},
           "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}]
INIT = {"jsonrpc": "2.0", "id": 1, "result": {"protocolVersion": "2025-06-18", "capabilities": {},
                                                "serverInfo": {"name": "faulty", "version": "0"}}}
GIVE_UP = 60      # seconds: "does not hang", generous


async def _sse_start(send) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/event-stream"), (b"mcp-session-id", b"abc123")]})


def serve_mcp(fs, on_call, on_initialize=None) -> None:
    """The fault server as an MCP app: initialize answered (or ``on_initialize``), the
    notification accepted, ``tools/call`` answered by the hostile ``on_call`` route."""
    fs.config = make_config(mcp_server=True)

    async def schema(scope, receive, send, body):
        await reply(send, 200, json.dumps(SCHEMA).encode())

    async def rpc(scope, receive, send, body):
        message = json.loads(body)
        if message.get("method") == "initialize":
            if on_initialize is not None:
                return await on_initialize(scope, receive, send, body)
            return await reply(send, 200, json.dumps({**INIT, "id": message["id"]}).encode(),
                               headers=[(b"mcp-session-id", b"abc123")])
        if "id" not in message:
            return await reply(send, 202, b"")
        return await on_call(scope, receive, send, body)

    fs.routes[("GET", "/gradio_api/mcp/schema")] = schema
    fs.routes[("POST", MCP_PATH)] = rpc


def sse_frames(*texts: str):
    async def route(scope, receive, send, body):
        await _sse_start(send)
        for text in texts:
            await send_body(send, b"event: message\ndata: " + text.encode() + b"\n\n")
        await send_body(send, b"", more=False)
    return route


def run(capsys, fs, *extra: str) -> tuple[int, str, str, float]:
    started = time.monotonic()
    code, out, err = cli(capsys, "mcp", fs.url, "echo", '{"text": "hi"}', *extra)
    return code, out, err, time.monotonic() - started


@pytest.fixture
def fs(server, monkeypatch):
    server.reset()
    yield server


def test_a_healthy_fake_server_works_and_its_session_id_is_sent_back(capsys, fs):
    result = json.dumps({"jsonrpc": "2.0", "id": 2, "result": {"content": [{"type": "text", "text": "ok"}]}})
    progress = json.dumps({"jsonrpc": "2.0", "method": "notifications/progress",
                           "params": {"progressToken": "x", "progress": 1, "total": 2, "message": "half"}})
    serve_mcp(fs, sse_frames(progress, result))
    code, out, err, _ = run(capsys, fs)
    assert code == 0, err
    assert "progress: half 1/2" in out and 'complete: ["ok"]' in out
    posts = [r for r in fs.requests if r.path == MCP_PATH]
    methods = [json.loads(r.body).get("method") for r in posts]
    assert methods == ["initialize", "notifications/initialized", "tools/call"]
    assert [r.headers.get("mcp-session-id") for r in posts] == [None, "abc123", "abc123"]
    assert posts[2].headers["mcp-protocol-version"] == "2025-06-18"


@pytest.mark.parametrize(("name", "route", "words"), [
    ("malformed", sse_frames('{"jsonrpc": "2.0", "id": 2, "result": {'), "not JSON"),
    ("not json-rpc", sse_frames('{"id": 2, "result": {}}'), "not JSON-RPC 2.0"),
    ("no result", sse_frames('{"jsonrpc": "2.0", "id": 2, "result": 5}'), "has no result object"),
    ("ended early", sse_frames(), "ended without a result"),
    ("html", None, "not JSON or an event stream"),
])
def test_a_malformed_answer_is_a_clear_error(capsys, fs, name, route, words):
    fault(f"mcp: {name}")
    if route is None:
        async def route(scope, receive, send, body):
            await reply(send, 200, b"<html>hi</html>", "text/html")
    serve_mcp(fs, route)
    code, out, err, took = run(capsys, fs)
    assert code == 3, (out, err)
    assert words in err and err.count("\n") == 1 and took < GIVE_UP


def test_an_endless_stream_of_notifications_is_cut_off(capsys, fs, monkeypatch):
    fault("mcp: endless notifications")
    monkeypatch.setattr("gradio_tui.core.mcp.MAX_NOTIFICATIONS", 2000)   # 100,000 takes ~40 s to print
    note = ("event: message\ndata: " + json.dumps({"jsonrpc": "2.0", "method": "notifications/progress",
                                                   "params": {"progressToken": "x", "progress": 1}}) + "\n\n").encode()
    serve_mcp(fs, endless(content_type="text/event-stream", head=b"", chunk=note * 500))
    code, out, err, took = run(capsys, fs, "--json")
    last = json.loads(out.splitlines()[-1])
    assert code == 3 and last["type"] == "error" and last["via"] == "mcp"
    assert "more than 2,000 notifications" in last["message"]
    assert took < GIVE_UP


def test_one_endless_message_is_cut_off(capsys, fs):
    fault("mcp: endless message")
    serve_mcp(fs, endless(content_type="text/event-stream", head=b'data: {"jsonrpc": "2.0", "x": "'))
    code, out, err, took = run(capsys, fs)
    assert code == 3 and "a message larger than 16 MiB" in err and took < GIVE_UP


def test_a_huge_json_answer_to_initialize_is_cut_off(capsys, fs):
    fault("mcp: huge initialize answer")
    serve_mcp(fs, sse_frames(), on_initialize=endless(head=b'{"jsonrpc": "2.0", "id": 1, "result": {"x": "'))
    code, out, err, took = run(capsys, fs)
    assert code == 3 and "larger than 64 MiB" in err and took < GIVE_UP


def test_a_silent_server_times_out(capsys, fs):
    fault("mcp: silent call")

    async def silent(scope, receive, send, body):
        await _sse_start(send)
        await asyncio.sleep(30)
        await send_body(send, b"", more=False)

    serve_mcp(fs, silent)
    code, out, err, took = run(capsys, fs, "--timeout", "1")
    assert code == 4 and "sent nothing for 1 s" in err and took < 20


def test_a_trickled_message_times_out(capsys, fs):
    fault("mcp: trickle")

    async def trickle(scope, receive, send, body):
        await _sse_start(send)
        for byte in b'data: {"jsonrpc": "2.0", "id": 2, "result": {"content": []}}\n\n':
            await send_body(send, bytes([byte]))
            await asyncio.sleep(0.3)
        await send_body(send, b"", more=False)

    serve_mcp(fs, trickle)
    code, out, err, took = run(capsys, fs, "--timeout", "1")
    assert code == 4 and took < 20, err


def test_no_mcp_server_and_a_404_say_so(capsys, fs):
    code, out, err = cli(capsys, "mcp", fs.url)
    assert code == 3 and "the app runs no MCP server" in err
    fs.config = make_config(mcp_server=True)
    fs.routes[("GET", "/gradio_api/mcp/schema")] = lambda *a: reply(a[2], 200, json.dumps(SCHEMA).encode())
    code, out, err = cli(capsys, "mcp", fs.url, "echo", "{}")
    assert code == 3 and "no MCP server at" in err and "HTTP 404" in err


def test_a_schema_that_never_ends_is_cut_off(capsys, fs):
    fs.config = make_config(mcp_server=True)
    fs.routes[("GET", "/gradio_api/mcp/schema")] = endless(head=b'[{"name": "')
    code, out, err = cli(capsys, "mcp", fs.url)
    assert code == 3 and "larger than 8 MiB" in err


def test_the_token_goes_to_the_mcp_server_and_never_through_a_redirect_to_another_origin(capsys, fs):
    """The MCP client is the session's: a token given for the app reaches its MCP endpoint, and a
    307 that would replay the call (and its token) to another origin is refused."""
    fault("mcp: 307 to another origin")
    token = "hf_mcpTokenThatMustStayOnItsOrigin1234"
    other = fs.url_as("localhost")

    async def elsewhere(scope, receive, send, body):
        await reply(send, 307, b"", headers=[(b"location", f"{other}{MCP_PATH}".encode())])

    serve_mcp(fs, sse_frames(), on_initialize=elsewhere)
    code, out, err = cli(capsys, "mcp", fs.url, "echo", "{}", "--token", token)
    assert code == 3 and "was not followed" in err and token not in out + err
    mcp_posts = [r for r in fs.requests if r.path == MCP_PATH]
    assert mcp_posts and all(r.host.startswith("127.0.0.1") for r in mcp_posts)
    assert mcp_posts[0].headers.get("x-hf-authorization") == f"Bearer {token}"   # as every request to the app


def test_a_json_answer_with_a_batch_is_read_too(capsys, fs):
    """The transport lets a server answer a POST with plain JSON (one message or a batch)."""
    batch = [{"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "hello"}},
             {"jsonrpc": "2.0", "id": 2, "result": {"content": [{"type": "text", "text": "ok"}]}}]

    async def as_json(scope, receive, send, body):
        await reply(send, 200, json.dumps(batch).encode())

    serve_mcp(fs, as_json)
    code, out, err, _ = run(capsys, fs)
    assert code == 0, err
    assert "info: hello" in out and 'complete: ["ok"]' in out
