"""Red team on the TUI's MCP view (issue 17) against a hostile MCP server (the fault server): tool
names with terminal escapes and tools listed twice leave the view working, and no escape reaches
the screen or the call log."""

from __future__ import annotations

import json

import pytest
from textual.widgets import OptionList

from gradio_tui.tui.app import GradioTuiApp
from tests.core.test_mcp_hostile import INIT
from tests.support.faultserver import make_config, reply
from tests.support.pilot import SIZE, press, until_connected, wait_for
from tests.tui.test_mcp import log_text, open_view

pytestmark = pytest.mark.trust

EVIL = "echo\x1b]0;pwned\x07\x1b[2J\u202e"


def tool(name: str, endpoint: str = "predict") -> dict:
    return {"name": name, "description": f"about {name}", "meta": {"endpoint_name": endpoint, "mcp_type": "tool"},
            "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}



def serve(fs, tools: list[dict]) -> None:
    fs.config = make_config(mcp_server=True)

    async def schema(scope, receive, send, body):
        await reply(send, 200, json.dumps(tools).encode())

    async def rpc(scope, receive, send, body):
        message = json.loads(body)
        if message.get("method") == "initialize":
            return await reply(send, 200, json.dumps({**INIT, "id": message["id"]}).encode())
        if "id" not in message:
            return await reply(send, 202, b"")
        result = {"content": [{"type": "text", "text": "ok\x1b[2J"}]}
        return await reply(send, 200, json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode())

    fs.routes[("GET", "/gradio_api/mcp/schema")] = schema
    fs.routes[("POST", "/gradio_api/mcp/")] = rpc


async def test_tools_listed_twice_and_names_with_escapes_leave_the_view_working(fs):
    serve(fs, [tool(EVIL, endpoint=EVIL), tool("dup"), tool("dup"), tool("fine")])
    app = GradioTuiApp(fs.url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        screen = await open_view(pilot, app)
        listing = screen.query_one("#mcp-list", OptionList)
        names = [str(o.prompt).strip() for o in listing.options if not o.disabled]
        assert "fine" in names and names.count("dup") == 1
        assert not any("\x1b" in n or "\x07" in n for n in names)
        assert screen.tool is not None and screen.tool.name == EVIL
        await press(pilot, "ctrl+e")          # over MCP, then the same through the Gradio API
        await wait_for(pilot, lambda: "through the Gradio API" in log_text(screen)
                       and screen.calls and screen.calls[-1].state.status.terminal, 30, "the comparison")
        await pilot.pause()
        text = log_text(screen)
        assert "over MCP" in text and "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert app.is_running


@pytest.mark.parametrize("typed", ["x-api-key: sk-typed-0123456789abcdef", "x-api-key=cl\u00e9-typed-0123456789"])
async def test_a_header_typed_wrong_is_a_toast_that_does_not_repeat_it(fs, typed):
    from textual.widgets import Input

    from tests.support.pilot import notifications

    serve(fs, [tool("fine")])
    app = GradioTuiApp(fs.url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, app)
        screen.query_one("#mcp-headers", Input).value = typed
        before = len(fs.requests)
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: any("Not sent" in n or "header" in n for n in notifications(app)), 10,
                       "the toast")
        said = " ".join(notifications(app))
        assert "header" in said and typed.split("=")[-1].split(": ")[-1] not in said
        assert not screen.calls and len(fs.requests) == before
        assert app.is_running


async def test_a_huge_name_and_description_are_shown_clipped(fs):
    """A schema within its 8 MB cap can still hold a 3 MB description and a 100k-character name:
    the list row and the detail pane show a clipped part (the CLI's listing clips them too)."""
    from textual.widgets import Static

    big = tool("n" * 100_000)
    big["description"] = "d" * 3_000_000
    big["inputSchema"]["properties"] = {"p" * 50_000: {"type": "string", "description": "q" * 1_000_000,
                                                       "default": "v" * 1_000_000}}
    serve(fs, [big])
    app = GradioTuiApp(fs.url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, app)
        rows = [str(o.prompt) for o in screen.query_one("#mcp-list", OptionList).options if not o.disabled]
        assert rows and all(len(row) < 1_000 for row in rows)
        about = screen.query_one("#mcp-about", Static).render()
        assert len(str(about)) < 20_000 and "…" in str(about)
        assert app.is_running
