"""Debugging in the TUI (Pilot): history, the debug view, Space logs, the report, and the
three diagnosis stories of issue 6 — a Space in RUNTIME_ERROR, a Space whose endpoint raises,
and a Space stuck in a queue — against the real test apps and the Hub stand-in."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import DataTable, Select, Static

from gradio_tui.core.errors import CallFailed, SpaceNotRunning
from gradio_tui.core.history import HistoryStore
from gradio_tui.core.session import Session
from gradio_tui.tui import debugging
from gradio_tui.tui.debugging import DebuggingActions, open_debug, open_history, resubmit, save_record
from gradio_tui.tui.screens import debug as debug_screen
from gradio_tui.tui.screens.debug import DebugScreen
from gradio_tui.tui.screens.history import HistoryScreen, ReopenCall, RerunCall
from gradio_tui.tui.widgets.json_view import JsonView
from gradio_tui.tui.widgets.log_pane import LogPane

SIZE = (140, 45)
FAKE_TOKEN = "hf_FAKEdebugReportToken123456"
FIXTURE_LINES = ["===== Application Startup at 2026-08-20 10:00:00 =====",
                 "* Running on local URL:  http://0.0.0.0:7860",
                 "Traceback (most recent call last):"]



class Host(DebuggingActions, App):
    """A tiny app hosting the debugging screens; it keeps the reopen / rerun messages."""

    BINDINGS = debugging.BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Any] = []

    def on_reopen_call(self, message: ReopenCall) -> None:
        self.messages.append(message)

    def on_rerun_call(self, message: RerunCall) -> None:
        self.messages.append(message)


async def wait_for(pilot, condition: Callable[[], Any], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or condition}")
        await asyncio.sleep(0.03)
    await pilot.pause()


async def shown(pilot, app: App, screen) -> None:
    await wait_for(pilot, lambda: app.screen is screen and screen.is_mounted, 5, "the screen")
    await pilot.pause()


def text_of(widget: Static) -> str:
    return str(widget.content) if not hasattr(widget.content, "plain") else widget.content.plain


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def failing_call(session: Session, text: str = "hist"):
    job = session.submit("/boom_gr", [text])
    with pytest.raises(CallFailed):
        await job.result()
    return job.record


# --- history --------------------------------------------------------------------------------------

async def test_a_failing_call_shows_in_history_and_runs_again(gradio6, tmp_path):
    store = HistoryStore(tmp_path / "history.jsonl")
    async with await Session.connect(gradio6.url("errors")) as s:
        save_record(await failing_call(s), store)
        async with await Session.connect(gradio6.url("basic")) as ok:
            job = ok.submit("/echo", ["fine"])
            await job.result()
            save_record(job.record, store)
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            screen = open_history(app, store=store)
            await shown(pilot, app, screen)
            await wait_for(pilot, lambda: len(screen.records) == 2, what="the history")
            assert [r.route for r in screen.shown] == ["/echo", "/boom_gr"]
            screen.query_one("#history-status", Select).value = "error"
            await wait_for(pilot, lambda: len(screen.shown) == 1, what="the status filter")
            detail = text_of(screen.query_one("#history-detail", Static))
            assert "Custom failure: hist" in detail and "/boom_gr" in detail
            for words in ("in queue", "total", "join", "connect"):
                assert words in detail
            assert "error" in detail and '"x": "hist"' in detail
            rows = table_rows(screen.query_one("#history-table", DataTable))
            assert rows[0][3] == "/boom_gr" and "Custom failure" in rows[0][5] and rows[0][4].endswith("s")

            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: app.messages, what="RerunCall")
            message = app.messages[-1]
            assert isinstance(message, RerunCall) and message.record.id == screen.shown[0].id
            again = resubmit(s, message.record)          # what the app does with it: through the core
            with pytest.raises(CallFailed):
                await again.result()
            save_record(again.record, store)
            screen.reload()
            await wait_for(pilot, lambda: len(screen.shown) == 2, what="the new record")
            assert screen.shown[0].id == again.record.id and screen.shown[0].args == {"x": "hist"}

            await pilot.press("o")                        # reopen
            await wait_for(pilot, lambda: isinstance(app.messages[-1], ReopenCall), what="ReopenCall")
            await pilot.press("e")                        # export: the curl snippet
            await wait_for(pilot, lambda: "boom_gr" in (app.clipboard or ""), what="the copied snippet")
            assert app.clipboard.startswith("#") or "curl" in app.clipboard

            await pilot.press("slash", *"target:basic")
            screen.query_one("#history-status", Select).clear()
            await wait_for(pilot, lambda: [r.route for r in screen.shown] == ["/echo"], what="the text filter")


# --- the debug view --------------------------------------------------------------------------------

async def test_debug_view_shows_config_endpoints_and_monitoring(gradio6, monkeypatch):
    monkeypatch.setattr(debug_screen, "POLL_SECONDS", 0.3)
    async with await Session.connect(gradio6.url("basic")) as s:
        for i in range(3):
            await s.submit("/echo", [f"d{i}"]).result()
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            screen = open_debug(app, s)
            await shown(pilot, app, screen)
            monitoring = screen.query_one("#debug-monitoring", DataTable)

            def echo_row() -> list[str] | None:
                return next((row for row in table_rows(monitoring) if row[0] == "/echo"), None)

            await wait_for(pilot, lambda: int((echo_row() or ["", "0"])[1]) >= 3, what="the /echo latencies")
            row = echo_row()
            assert row[2] == "100%" and row[3].endswith(("ms", "s"))
            overview = text_of(screen.query_one("#debug-overview", Static))
            assert f"Gradio {gradio6.gradio_version}" in overview and "sse_v3" in overview
            assert "/gradio_api" in overview and "0 waiting now" in overview and "Last call" in overview
            endpoints = table_rows(screen.query_one("#debug-endpoints", DataTable))
            assert len(endpoints) == len(s.schema.endpoints)
            assert any(r[1] == "/echo" and r[2] == "public" for r in endpoints)

            screen.show_tab("config")
            await pilot.pause()
            config = screen.query_one("#debug-config", JsonView)
            assert f'"version": "{gradio6.gradio_version}"' in config.shown_text
            config.query_one("Input").focus()
            await pilot.press(*"api_name echo")
            await wait_for(pilot, lambda: "api_name" in config.shown_text and "{" not in config.shown_text,
                           what="the config search")
            assert '.api_name = "echo"' in config.shown_text
            await pilot.press("escape")                   # clears the search first
            await wait_for(pilot, lambda: config.query_text == "", what="cleared search")
            assert isinstance(app.screen, DebugScreen)
            screen.show_tab("info")
            await pilot.pause()
            assert '"named_endpoints"' in screen.query_one("#debug-info", JsonView).shown_text
            run_log = screen.query_one("#debug-run-log", LogPane)
            assert run_log.state == "unavailable" and "not a Hugging Face Space" in run_log.status_text


async def test_log_tabs_follow_and_survive_a_dropped_connection(hub, gradio6, hub_token, monkeypatch):
    monkeypatch.setattr("gradio_tui.core.hub.logs.MAX_BACKOFF", 0.1)
    space = hub.add_space("acme/logs", upstream=gradio6.url("basic"), drop_logs_after=2)
    monkeypatch.setenv("HF_TOKEN", hub_token)
    async with await Session.connect("acme/logs") as s:
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            screen = open_debug(app, s)
            await shown(pilot, app, screen)
            screen.show_tab("run-log")
            run_log = screen.query_one("#debug-run-log", LogPane)
            await wait_for(pilot, lambda: run_log.lines == FIXTURE_LINES, what="the replayed run log")
            assert space.log_connections >= 2            # the first connection dropped after 2 lines
            space.append_log("a line after the drop\x1b]52;c;aGk=\x07")   # an OSC 52 clipboard write, removed
            await wait_for(pilot, lambda: run_log.lines[-1:] == ["a line after the drop"], what="a new line")
            assert run_log.lines.count(FIXTURE_LINES[0]) == 1 and run_log.reconnects >= 1
            await wait_for(pilot, lambda: "following new lines" in run_log.status_text, what="status")
            assert "reconnected" in run_log.status_text
            displayed = [line.rstrip() for line in run_log.query_one("Log").lines]
            assert any(line.endswith("a line after the drop") for line in displayed)
            build_log = screen.query_one("#debug-build-log", LogPane)
            await wait_for(pilot, lambda: build_log.lines == ["Step 1/3 : FROM python:3.10", "Successfully built"],
                           what="the build log")


async def test_logs_refused_without_the_owners_token(hub):
    hub.add_space("acme/theirs", stages=["RUNNING"])
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = open_debug(app, space_id="acme/theirs")
        await shown(pilot, app, screen)
        run_log = screen.query_one("#debug-run-log", LogPane)
        await wait_for(pilot, lambda: run_log.state == "refused", what="the refusal")
        assert "logs need the owner's token" in run_log.status_text and run_log.has_class("-refused")


# --- the three diagnosis stories -------------------------------------------------------------------------

async def test_story_a_space_in_runtime_error(hub, hub_token, monkeypatch):
    """Connecting says why (SpaceNotRunning with the Hub's errorMessage); the debug view shows
    the stage, the error and the run log with the traceback; F8 copies all that."""
    space = hub.add_space("acme/crashed", stages=["RUNTIME_ERROR"],
                          error_message="Exit code: 1. Reason: ModuleNotFoundError: No module named 'torch'")
    space.append_log("ModuleNotFoundError: No module named 'torch'")
    monkeypatch.setenv("HF_TOKEN", hub_token)
    with pytest.raises(SpaceNotRunning) as err:
        await Session.connect("acme/crashed")
    assert err.value.stage == "RUNTIME_ERROR" and "torch" in err.value.error_message

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = open_debug(app, space_id="acme/crashed")
        await shown(pilot, app, screen)
        await wait_for(pilot, lambda: screen.info is not None, what="the Space's state")
        overview = text_of(screen.query_one("#debug-overview", Static))
        assert "RUNTIME_ERROR (crashed)" in overview and "No module named 'torch'" in overview
        assert "not connected" in overview
        run_log = screen.query_one("#debug-run-log", LogPane)
        await wait_for(pilot, lambda: "ModuleNotFoundError: No module named 'torch'" in run_log.lines,
                       what="the traceback in the run log")
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.clipboard and "RUNTIME_ERROR" in app.clipboard, what="the report")
        assert "ModuleNotFoundError" in app.clipboard and hub_token not in app.clipboard


async def test_story_a_space_whose_endpoint_raises(hub, gradio6, tmp_path, monkeypatch):
    """The failing call lands in history with its error and timings; the report holds the
    reproduce curl and the error, and no token (a fake one is set, and pasted in an argument)."""
    hub.add_space("acme/fails", upstream=gradio6.url("errors"))
    monkeypatch.setenv("HF_TOKEN", FAKE_TOKEN)
    store = HistoryStore(tmp_path / "history.jsonl")
    async with await Session.connect("acme/fails") as s:
        record = await failing_call(s, f"my key is {FAKE_TOKEN}")
        save_record(record, store)
        app = Host()
        async with app.run_test(size=SIZE) as pilot:
            history = open_history(app, store=store)
            await shown(pilot, app, history)
            await wait_for(pilot, lambda: len(history.shown) == 1, what="the history")
            assert history.shown[0].target == "acme/fails" and history.shown[0].status == "error"
            assert "Custom failure" in text_of(history.query_one("#history-detail", Static))
            await pilot.press("escape")
            screen = open_debug(app, s)
            await shown(pilot, app, screen)
            await wait_for(pilot, lambda: screen.info is not None, what="gathering")
            await pilot.press("f8")
            await wait_for(pilot, lambda: app.clipboard and "Reproduce" in app.clipboard, what="the report")
    report = app.clipboard
    assert "acme/fails" in report and "/boom_gr" in report and "Custom failure" in report
    assert "curl" in report and "/call/boom_gr" in report and "Space stage**: RUNNING" in report
    assert FAKE_TOKEN not in report and "hf_FAKE" not in report


async def test_story_a_space_stuck_in_a_queue(hub, gradio6, monkeypatch):
    """/slow runs one job at a time: while it runs, the debug view counts the waiting jobs."""
    monkeypatch.setattr(debug_screen, "POLL_SECONDS", 0.2)
    hub.add_space("acme/busy", upstream=gradio6.url("queued"))
    async with await Session.connect("acme/busy") as s:
        jobs = [s.submit("/slow", [1.5]) for _ in range(3)]
        tasks = [asyncio.ensure_future(job.result()) for job in jobs]
        try:
            app = Host()
            async with app.run_test(size=SIZE) as pilot:
                screen = open_debug(app, s)
                await shown(pilot, app, screen)
                await wait_for(pilot, lambda: screen.info is not None and (screen.info.queue.waiting or 0) >= 1,
                               what="waiting jobs")
                overview = text_of(screen.query_one("#debug-overview", Static))
                assert f"{screen.info.queue.waiting} waiting now" in overview
                assert screen.info.space.stage == "RUNNING"
        finally:
            for job in jobs:
                await job.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


async def test_real_app_opens_the_debug_view_of_a_crashed_space(hub, hub_token, monkeypatch):
    """In the real app: the connection fails, F6 still opens the Space's debug view."""
    from gradio_tui.tui.app import GradioTuiApp

    hub.add_space("acme/down", stages=["RUNTIME_ERROR"], error_message="CUDA out of memory")
    monkeypatch.setenv("HF_TOKEN", hub_token)
    app = GradioTuiApp("acme/down", remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.has_class("-failed"), what="the failed connection")
        screen = open_debug(app)
        await shown(pilot, app, screen)
        assert isinstance(screen, DebugScreen) and screen.space_id == "acme/down"
        await wait_for(pilot, lambda: screen.info is not None, what="the Space's state")
        assert "CUDA out of memory" in text_of(screen.query_one("#debug-overview", Static))
        await wait_for(pilot, lambda: screen.query_one("#debug-run-log", LogPane).lines, what="the run log")


async def test_external_text_is_text_not_markup_nor_escapes(tmp_path):
    from gradio_tui.core.history import CallRecord

    store = HistoryStore(tmp_path / "history.jsonl")
    save_record(CallRecord(target="http://x/[/oops] [bold]t", root="http://x", gradio_version="6.31.0",
                           api_prefix="", api_name="[red]e", fn_index=0, args={"x": "[link=evil]a\x1b[2J"},
                           status="error", error="bad\x1b]52;c;aGk=\x07 [/]"), store)
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        history = open_history(app, store=store)
        await shown(pilot, app, history)
        await wait_for(pilot, lambda: history.shown, what="the history")
        row = table_rows(history.query_one("#history-table", DataTable))[0]
        assert row[2] == "http://x/[/oops] [bold]t" and row[3] == "/[red]e" and row[5] == "bad [/]"
        detail = text_of(history.query_one("#history-detail", Static))
        assert "\x1b" not in detail and "[link=evil]a" in detail and "bad [/]" in detail


def test_palette_entries_are_named_area_action():
    names = [name for name, _, _ in debugging.COMMANDS]
    assert names == ["debug: open debug view", "history: browse", "debug: view report", "debug: copy report",
                     "debug: save report…"]
    assert {b.id for b in debugging.BINDINGS} == {"debug.open", "history.open", "debug.copy_report"}
    assert os.environ.get("GRADIO_TUI_NO_SYSTEM_CLIPBOARD") == "1"


async def test_wired_into_the_real_app_reopen_and_rerun(gradio6, tmp_path, monkeypatch):
    """The lead's wiring (the mixin on GradioTuiApp): a recorded call of another app reopens
    in that app's form (connecting to it first), and runs again from the history (ctrl+r)."""
    import gradio_tui.tui.app as app_module
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.run_panel import RunPanel

    class WiredApp(GradioTuiApp):
        CSS_PATH = [str(Path(app_module.__file__).parent / path) for path in GradioTuiApp.CSS_PATH]

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))           # the default history file, for this test
    store = HistoryStore()
    async with await Session.connect(gradio6.url("errors")) as s:
        save_record(await failing_call(s, "again"), store)
    app = WiredApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "session", None) is not None, 30, "connecting")
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.shown, what="history")
        await pilot.press("enter")                                        # reopen: connects to the errors app
        await wait_for(pilot, lambda: getattr(app.screen, "endpoint", None) is not None
                       and app.screen.endpoint.route == "/boom_gr", 30, "the reopened form")
        form = app.screen.current_center()
        await wait_for(pilot, lambda: form.field("x") is not None and form.field("x").read() == "again",
                       what="the arguments in the form")
        assert app.screen.session.schema.root == gradio6.url("errors").rstrip("/")

        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.shown, what="history")
        await pilot.press("ctrl+r")                                       # run again, in the same screen

        def panel() -> RunPanel | None:
            return app.screen.query_one(RunPanel) if not isinstance(app.screen, HistoryScreen) else None

        await wait_for(pilot, lambda: panel() is not None and panel().runs and not panel().runs[-1].active,
                       30, "the new run")
        run = panel().runs[-1]
        assert run.status == "error" and "Custom failure: again" in (run.error or "")
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, DebugScreen), what="the debug view")
        assert app.screen.last_record is run.record
