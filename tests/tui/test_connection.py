"""Issue 15, dead end 6: a target that cannot be opened is one message with the next steps as
keys; Escape goes back to the search as it was; ctrl+o goes to the Open box without wiping it."""

from __future__ import annotations

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.screens.search import OpenInput, QueryInput, ResultsTable, SearchScreen
from tests.support.pilot import SIZE, notifications, press, static_text, until_connected, wait_for

DEAD = "http://127.0.0.1:9/gone"


def footer_words(app: GradioTuiApp) -> set[str]:
    """The descriptions the footer shows for the screen in front."""
    return {active.binding.description for active in app.screen.active_bindings.values()
            if active.binding.show and active.enabled}


async def search_for(pilot, app: GradioTuiApp, words: str) -> int:
    await press(pilot, *words)
    table = app.screen.query_one(ResultsTable)
    await wait_for(pilot, lambda: table.row_count > 0, 20, "the search results")
    return table.row_count


async def test_a_failed_target_is_one_message_and_escape_returns_to_the_search_intact(hub):
    app = GradioTuiApp(remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await search_for(pilot, app, "flux")
        search = app.screen
        await press(pilot, "ctrl+o")                                   # the Open box, not the query
        assert isinstance(app.focused, OpenInput)
        assert search.query_one(QueryInput).value == "flux" and search.query_one(ResultsTable).row_count == rows
        await press(pilot, *DEAD, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and app.screen.has_class("-failed"), 20,
                       "the failed screen")
        middle, header = static_text(app, "#connect-message"), static_text(app, "#app-header")
        assert "connection refused" in middle
        assert "refused" not in header and "Cannot open" in header     # the header only says it failed
        assert notifications(app) == []                                # and no toast says it a third time
        assert "gradio-tui" not in middle                              # keys, not the command line
        for key, words in (("r", "retry"), ("ctrl+o", "open another target"), ("escape", "go back")):
            assert key in middle and words in middle
        shown = footer_words(app)
        assert {"Retry", "Back", "Open…"} <= shown
        assert not shown & {"Run", "Cancel", "Export", "Raw", "New session", "Log in…", "Token…", "Run log"}

        await press(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), 10, "the search screen")
        assert app.screen is search                                    # the same one, as it was left
        assert search.query_one(QueryInput).value == "flux"
        assert search.query_one(ResultsTable).row_count == rows


async def test_ctrl_o_from_an_app_keeps_the_search_and_focuses_the_open_box(hub, gradio6):
    app = GradioTuiApp(remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        rows = await search_for(pilot, app, "flux")
        app.screen.query_one(OpenInput).value = gradio6.url("basic")
        app.screen.query_one(OpenInput).focus()
        await press(pilot, "enter")
        await until_connected(pilot, app)
        await press(pilot, "ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), 10, "the search screen")
        assert isinstance(app.focused, OpenInput)
        assert app.screen.query_one(QueryInput).value == "flux"
        assert app.screen.query_one(ResultsTable).row_count == rows
        await press(pilot, "escape")                                   # and back to the app, still connected
        assert isinstance(app.screen, AppScreen) and app.screen.session is not None


async def test_a_crashed_space_offers_its_run_log_on_f6_and_escape_goes_to_the_search(hub, hub_token, monkeypatch):
    from gradio_tui.tui.screens.debug import DebugScreen
    from gradio_tui.tui.widgets.log_pane import LogPane
    from tests.support.hubstub import log_event

    space = hub.add_space("acme/down", stages=["RUNTIME_ERROR"], error_message="CUDA out of memory")
    space.logs["run"] = [log_event("Traceback: CUDA out of memory")]
    monkeypatch.setenv("HF_TOKEN", hub_token)
    app = GradioTuiApp("acme/down", remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.has_class("-failed"), 30, "the failed connection")
        middle = static_text(app, "#connect-message")
        assert "crashed" in middle and "CUDA out of memory" in middle
        assert "gradio-tui logs" not in middle and "F6" in middle and "run log" in middle
        assert "Run log" in footer_words(app)
        await press(pilot, "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, DebugScreen), 10, "the debug view")
        debug = app.screen
        await pilot.pause(0.2)
        assert debug.query_one("#debug-tabs").active == "debug-tab-run-log"
        pane = debug.query_one("#debug-run-log", LogPane)
        await wait_for(pilot, lambda: any("CUDA" in line for line in pane.lines), 20, "the run log")
        await press(pilot, "escape")                                   # the debug view → the failed screen
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen), 10, "the failed screen")
        await press(pilot, "escape")                                   # → the search (it started on the Space)
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), 10, "the search screen")
