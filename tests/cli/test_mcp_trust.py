"""Red team on ``gradio-tui mcp`` (issue 17's MCP client): what a user gives with ``--header`` (often
an API key) reaches the app's own origin only, and is never echoed back in an error line."""

from __future__ import annotations

import json

import pytest

from tests.core.test_mcp_hostile import serve_mcp
from tests.support.faultserver import FaultServer, reply
from tests.support.fixtures_faults import cli

pytestmark = pytest.mark.trust

SECRET = "sk-redteam-0123456789abcdef"


@pytest.fixture
def other():
    """A second origin: the host a hostile MCP server redirects to."""
    server = FaultServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("status", [302, 303])
def test_a_redirect_of_the_mcp_answer_does_not_carry_a_header_to_another_origin(capsys, fs, other, status):
    """A hostile app answers ``tools/call`` (or ``initialize``) with a redirect to another host: the
    header the user gave for the app (``--header x-api-key=…``) is not sent there."""
    async def away(scope, receive, send, body):
        await reply(send, status, b"", headers=[(b"location", f"{other.url}/steal".encode())])

    serve_mcp(fs, away, on_initialize=away)
    code, out, err = cli(capsys, "mcp", fs.url, "echo", '{"text": "hi"}', "--header", f"x-api-key={SECRET}")
    assert code != 0
    seen = [r for r in other.requests if SECRET in json.dumps(r.headers)]
    assert not seen, f"the key went to another origin: {seen[0].path}"
    assert SECRET not in out + err
    assert "redirect" in err.lower()


@pytest.mark.parametrize("form", ["x-api-key: {}", "x-api-key:{}", "X API Key {}=1"])
def test_a_header_in_the_wrong_form_is_refused_without_echoing_its_value(capsys, form):
    """``--header 'x-api-key: sk-…'`` (curl's form) is a usage error whose line does not print the key
    (a key of its own: one masked by an earlier test in this process would hide the echo)."""
    key = f"sk-unmasked-{len(form)}-{form[:3]}-fedcba9876543210"
    code, out, err = cli(capsys, "mcp", "http://127.0.0.1:9/", "--header", form.format(key))
    assert code == 2
    assert "NAME=VALUE" in err
    assert key not in out + err


@pytest.mark.parametrize("where", ["session id", "protocol version"])
def test_a_session_id_or_protocol_version_that_is_not_ascii_is_not_echoed(capsys, fs, where):
    """The server's ``Mcp-Session-Id`` and ``protocolVersion`` go back as request headers: one that
    is not visible ASCII (the spec's rule) is not sent back, never an internal error."""
    from tests.core.test_mcp_hostile import INIT

    async def initialize(scope, receive, send, body):
        message = json.loads(body)
        result = {**INIT["result"], "protocolVersion": "2025-06-18\u00e9" if where != "session id" else "2025-06-18"}
        await reply(send, 200, json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode(),
                    headers=[(b"mcp-session-id", "s\u00e9ance id".encode())] if where == "session id" else [])

    async def call(scope, receive, send, body):
        message = json.loads(body)
        result = {"content": [{"type": "text", "text": "ok"}]}
        await reply(send, 200, json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode())

    serve_mcp(fs, call, on_initialize=initialize)
    code, out, err = cli(capsys, "mcp", fs.url, "echo", '{"text": "hi"}')
    assert code == 0, err
    assert "ok" in out
    sent = [r.headers for r in fs.requests if r.method == "POST"][1:]
    assert sent and all("mcp-session-id" not in h for h in sent)
    assert all(h.get("mcp-protocol-version", "2025-06-18").isascii() for h in sent)


def test_a_header_value_that_is_not_ascii_is_a_usage_error(capsys):
    """A value httpx cannot send (``clé``) is one clear line (exit 2), not an internal error."""
    code, out, err = cli(capsys, "mcp", "http://127.0.0.1:9/", "--header", "x-api-key=cl\u00e9-0123456789")
    assert code == 2 and "not plain ASCII" in err and "cl\u00e9-0123456789" not in err


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("where", ["schema", "json answer", "sse answer", "result value"])
def test_json_nested_too_deep_is_one_clear_line(capsys, fs, where):
    """JSON nested thousands deep (Python's parser raises RecursionError, not ValueError) in the
    schema, a JSON answer, an SSE message or a tool's result: exit 3 or the result, never an
    internal error."""
    from tests.core.test_mcp_hostile import sse_frames

    async def json_answer(scope, receive, send, body):
        await reply(send, 200, ('{"jsonrpc": "2.0", "id": 2, "result": ' + DEEP + "}").encode())

    deepest = "[" * 990 + "]" * 990
    result = ('{"jsonrpc": "2.0", "id": 2, "result": {"content": [{"type": "text", "text": "ok"}], "x": '
              + deepest + "}}")
    routes = {"schema": json_answer, "json answer": json_answer, "result value": sse_frames(result),
              "sse answer": sse_frames('{"jsonrpc": "2.0", "id": 2, "result": ' + DEEP + "}")}
    serve_mcp(fs, routes[where])
    if where == "schema":
        async def schema(scope, receive, send, body):
            await reply(send, 200, DEEP.encode())
        fs.routes[("GET", "/gradio_api/mcp/schema")] = schema
    code, out, err = cli(capsys, "mcp", fs.url, "echo", '{"text": "hi"}')
    if where == "result value":
        assert code in (0, 3), err
    else:
        assert code == 3, err
        assert "not JSON" in err or "nested" in err
