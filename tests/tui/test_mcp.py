"""The MCP view, driven by Pilot against the real MCP test app (gradio 6): the header's badge, F10,
the tools with what they need, a call over MCP with its progress, the comparison with the Gradio
API, the client configuration copied; an app without MCP has neither badge nor key."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from gradio_tui.core.snippets.mcp import render_config
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.mcp import McpScreen
from tests.support.pilot import SIZE, press, static_text, until_connected, wait_for



def log_text(screen: McpScreen) -> str:
    log = screen.query_one("#mcp-log")
    return "\n".join(strip.text for strip in log.lines)


async def open_view(pilot, app: GradioTuiApp) -> McpScreen:
    await until_connected(pilot, app)
    assert " MCP " in static_text(app, "#app-header")
    await press(pilot, "f10")
    await wait_for(pilot, lambda: isinstance(app.screen, McpScreen), 5, "the MCP view")
    screen = app.screen
    assert isinstance(screen, McpScreen)
    await wait_for(pilot, lambda: screen.tool is not None, 20, "the MCP schema")
    return screen


async def test_the_mcp_view_lists_calls_compares_and_copies(gradio6):
    url = gradio6.url("mcp_tools")
    app = GradioTuiApp(url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, app)
        title = static_text(app, "#mcp-title")
        assert f"MCP server at {url}/gradio_api/mcp/" in title and "4 tools · 1 resources · 1 prompts" in title
        listing = screen.query_one("#mcp-list", OptionList)
        names = [str(o.prompt) for o in listing.options]
        assert [n.strip() for n in names] == ["Tools", "letters", "file_size files", "countdown", "greet headers",
                                               "Resources", "note", "Prompts", "ask"]
        assert screen.tool is not None and screen.tool.name == "letters"
        about = static_text(app, "#mcp-about")
        assert "endpoint /letters" in about and "word: string  (required)  the word to count" in about

        await press(pilot, "down", "down")                 # countdown: its default is in the arguments
        await wait_for(pilot, lambda: screen.tool.name == "countdown", 5, "countdown picked")
        assert screen.query_one("#mcp-args", Input).value == '{"n": 3}'
        assert not screen.query_one("#mcp-headers", Input).display
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: screen.calls and screen.calls[-1].state.status.terminal, 30, "the MCP call")
        text = log_text(screen)
        assert "countdown over MCP" in text and "Progress Counting: Step 2 of 3" in text
        assert 'complete: ["liftoff"]' in text

        await press(pilot, "ctrl+e")                       # then the Gradio API, and the verdict
        await wait_for(pilot, lambda: screen.verdict is not None, 30, "the comparison")
        assert screen.verdict == "MCP and the Gradio API gave the same result"
        assert 'complete in' in log_text(screen) and "(gradio api)" in log_text(screen)

        await press(pilot, "down")                          # greet reads a header: a field for it
        await wait_for(pilot, lambda: screen.tool.name == "greet", 5, "greet picked")
        assert screen.query_one("#mcp-headers", Input).display
        screen.query_one("#mcp-args", Input).value = '{"name": "Ada"}'
        screen.query_one("#mcp-headers", Input).value = "x-api-key=abcdefghij"
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: "key of 10 characters" in log_text(screen), 30, "the greeting")
        assert "abcdefghij" not in log_text(screen)

        await press(pilot, "ctrl+t")
        await wait_for(pilot, lambda: screen.query_one("#mcp-tabs").active == "mcp-tab-config", 5, "the config")
        await press(pilot, "ctrl+y")
        await wait_for(pilot, lambda: bool(app.clipboard), 5, "the copy")
        assert app.clipboard == render_config(f"{url}/gradio_api/mcp/", url, token=False, headers=["x-api-key"])
        assert '"x-api-key": "${X_API_KEY}"' in app.clipboard

        await press(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, McpScreen), 5, "back to the app")


async def test_bad_arguments_are_a_message_not_a_call(gradio6):
    app = GradioTuiApp(gradio6.url("mcp_tools"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_view(pilot, app)
        screen.query_one("#mcp-args", Input).value = "[1, 2"
        await press(pilot, "ctrl+r")
        assert screen.calls == []
        assert any("not JSON" in n.message for n in app._notifications)
        screen.query_one("#mcp-args", Input).value = '{"word": "x"}'
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: screen.calls and screen.calls[-1].state.status.terminal, 30, "the call")
        assert screen.calls[-1].outputs == ["x has 1 letters"]


async def test_an_app_without_mcp_has_no_badge_and_no_key(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        assert "MCP" not in static_text(app, "#app-header")
        await press(pilot, "f10")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, McpScreen)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(c.startswith("mcp:") for c in commands)


async def test_the_palette_opens_the_mcp_view(gradio6):
    app = GradioTuiApp(gradio6.url("mcp_tools"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "mcp: open the MCP view")
        command.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, McpScreen), 5, "the MCP view")


async def test_the_export_panel_has_the_mcp_config(gradio6):
    from gradio_tui.core.snippets import render
    from tests.support.pilot import open_endpoint, run_with_keys, until_done

    url = gradio6.url("mcp_tools")
    app = GradioTuiApp(url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/letters", {"word": "abc"})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        screen = app.screen
        await press(pilot, "ctrl+t")
        await wait_for(pilot, lambda: screen.query_one("#side").active == "tab-export", 5, "the export panel")
        await wait_for(pilot, lambda: screen.focused is screen.query_one("#snippet-scroll"), 5, "the snippet's focus")
        await press(pilot, "4")                           # the MCP tab
        await wait_for(pilot, lambda: screen.export_panel.lang == "mcp", 5, "the MCP tab")
        await press(pilot, "c")
        await wait_for(pilot, lambda: bool(app.clipboard), 5, "the copy")
        assert app.clipboard == render(run.record, "mcp")
        assert f'"url": "{url}/gradio_api/mcp/"' in app.clipboard
