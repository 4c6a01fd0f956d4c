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
