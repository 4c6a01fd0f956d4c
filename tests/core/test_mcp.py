"""The core's MCP client against Gradio's real MCP server (6.31 and 5.50), with the official
``mcp`` SDK as the reference client: both list and call the same tools and must agree."""

from __future__ import annotations

import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from gradio_tui.core.mcp import McpCall, McpClient, McpInfo, mcp_schema
from gradio_tui.core.present import summary
from gradio_tui.core.protocol.events import CompleteEvent, ProgressEvent
from gradio_tui.core.session import Session
from tests.support.fixtures_servers import get_server

MCP_VERSIONS = ("6", "5")


@pytest.fixture(scope="module", params=MCP_VERSIONS, ids=[f"g{v}" for v in MCP_VERSIONS])
def mcp_server(request, gradio_server_pool):
    return get_server(gradio_server_pool, request.param)


async def _info(session: Session) -> McpInfo:
    return await mcp_schema(session.client, session.schema.api_root, session.schema.config)


async def test_the_schema_says_each_tools_endpoint_files_and_headers(mcp_server):
    async with await Session.connect(mcp_server.url("mcp_tools")) as session:
        info = await _info(session)
    assert info.enabled and info.url == f"{mcp_server.url('mcp_tools')}/gradio_api/mcp/"
    tools = {t.name: t for t in info.of_kind("tool")}
    assert set(tools) == {"letters", "file_size", "countdown", "greet"}
    assert tools["letters"].endpoint == "/letters" and tools["letters"].description == "Counts the letters of a word."
    assert tools["letters"].input_schema["properties"]["word"] == {"type": "string", "description": "the word to count"}
    # Gradio's own meta.file_data_present carries over from earlier tools: only file_size takes a file.
    assert [t.name for t in tools.values() if t.needs_files] == ["file_size"]
    assert tools["file_size"].file_params == ["doc"]
    assert tools["greet"].headers == ["x-api-key"] and info.headers == ["x-api-key"]
    assert [r.name for r in info.of_kind("resource")] == ["note"]
    assert [p.name for p in info.of_kind("prompt")] == ["ask"]


async def test_an_app_without_an_mcp_server_says_so(mcp_server):
    async with await Session.connect(mcp_server.url("basic")) as session:
        info = await _info(session)
    assert not info.enabled and info.tools == [] and "mcp_server=True" in (info.reason or "")


async def _sdk(url: str, work):
    async with streamable_http_client(url) as (read, write, _), ClientSession(read, write) as sdk:
        await sdk.initialize()
        return await work(sdk)


async def test_gradio_tui_lists_the_tools_the_sdk_lists(mcp_server):
    async with await Session.connect(mcp_server.url("mcp_tools")) as session:
        info = await _info(session)
        client = McpClient(session.client, info.url)
        init = await client.initialize()
        ours = await client.list_tools()

    async def work(sdk):
        return (await sdk.list_tools()).tools

    theirs = await _sdk(info.url, work)
    assert init["serverInfo"]["name"] == "mcp_tools"
    assert [t["name"] for t in ours] == [t.name for t in theirs] == [t.name for t in info.of_kind("tool")]
    for mine, sdk_tool in zip(ours, theirs):
        assert mine["description"] == sdk_tool.description
        assert mine["inputSchema"] == sdk_tool.inputSchema
    # the schema view and the MCP list describe each tool alike
    assert {t.name: t.input_schema.get("properties") for t in info.of_kind("tool")} == {
        t.name: t.inputSchema.get("properties") for t in theirs}


@pytest.mark.parametrize(("tool", "arguments"), [
    ("letters", {"word": "gradio", "upper": True}),
    ("countdown", {"n": 3}),
])
async def test_a_tool_call_gives_what_the_sdk_gets(mcp_server, tool, arguments):
    progress: list[str | None] = []

    async def work(sdk):
        async def on_progress(done, total, message):
            progress.append(message)
        return await sdk.call_tool(tool, arguments, progress_callback=on_progress)

    async with await Session.connect(mcp_server.url("mcp_tools")) as session:
        info = await _info(session)
        call = McpCall(McpClient(session.client, info.url), tool, arguments)
        events = [event async for event in call]
        api = await session.submit(info.tool(tool).endpoint or "", [], dict(arguments)).result()
    theirs = await _sdk(info.url, work)
    assert not theirs.isError
    assert isinstance(events[-1], CompleteEvent) and call.state.exit_code == 0
    assert call.outputs == [c.text for c in theirs.content]
    assert call.outputs == [api[-1] if tool == "countdown" else api[0]]   # and the Gradio API's result
    if tool == "countdown":
        ours = [e for e in events if isinstance(e, ProgressEvent)]
        assert ours and any("Counting" in summary(e) for e in ours)
        assert any("Counting" in (m or "") for m in progress)   # the SDK was sent the same kind of notes


async def test_a_header_a_tool_reads_reaches_it(mcp_server):
    async with await Session.connect(mcp_server.url("mcp_tools")) as session:
        info = await _info(session)
        call = McpCall(McpClient(session.client, info.url, extra_headers={"x-api-key": "k" * 12}),
                       "greet", {"name": "Ada"})
        [event async for event in call]
    assert call.outputs == ["hello Ada (key of 12 characters)"]


async def test_a_tool_error_is_an_app_error_with_the_servers_words(mcp_server):
    async with await Session.connect(mcp_server.url("mcp_tools")) as session:
        info = await _info(session)
        call = McpCall(McpClient(session.client, info.url), "no_such_tool", {})
        events = [event async for event in call]
    assert events[-1].type == "error" and call.state.exit_code == 1
    assert "no_such_tool" in str(call.state.error)
