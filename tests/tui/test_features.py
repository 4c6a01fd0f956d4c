"""The rest of the TUI's surface: chat, private endpoints, files, the palette, F1 help, the keymap,
the raw event view, and the ``--demo`` entry point."""

from __future__ import annotations

import argparse
from pathlib import Path

from textual.widgets import Button

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import HelpScreen, SaveDialog
from gradio_tui.tui.widgets.chat_view import ChatView, reply_text
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from gradio_tui.tui.widgets.event_log import EventLog
from tests.support.pilot import (
    SIZE,
    log_text,
    open_endpoint,
    panel,
    result_text,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
    wait_for,
)



async def test_chat_view_streams_replies_and_new_conversation_resets(gradio6):
    app = GradioTuiApp(gradio6.url("chat"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/chat")
        view = screen.current_center()
        assert isinstance(view, ChatView)
        view.focus_input()
        old_hash = screen.session.session_hash
        await pilot.press(*"hello there", "enter")
        run = await until_done(pilot, panel(app).runs[-1])
        assert run.chat and run.status == "complete"
        await wait_for(pilot, lambda: ("app", "You said: hello there") in view.turns, 5, "the reply in the view")
        assert ("user", "hello there") in view.turns
        assert sum(1 for e in run.events if e.type == "generating") > 1      # it streamed
        await pilot.press("ctrl+n")
        assert view.turns == [] and screen.session.session_hash != old_hash
        view.query_one(".chat-form", Button).press()
        await pilot.pause()
        assert screen.current_center().__class__.__name__ == "ParamForm"


def test_reply_text_reads_the_shapes_chat_apps_return():
    assert reply_text("hi") == "hi"
    assert reply_text({"text": "hi", "files": []}) == "hi"
    assert reply_text([{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]) == "a"
    assert reply_text("\x1b]52;c;ZXZpbA==\x07ok") == "ok"


async def test_private_endpoints_hide_behind_a_toggle_and_undocumented_are_flagged(gradio6):
    app = GradioTuiApp(gradio6.url("visibility"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        browser = screen.query_one(EndpointBrowser)
        routes = [e.route for e in browser.shown_endpoints()]
        assert "/secret" not in routes and "/hidden" in routes
        assert routes.index("/hidden") > routes.index("/public_fn")       # public first
        prompts = [str(screen.query_one(EndpointList).get_option_at_index(i).prompt)
                   for i in range(screen.query_one(EndpointList).option_count)]
        assert any("/hidden" in p and "undoc" in p for p in prompts)
        screen.query_one(EndpointList).focus()
        await pilot.press("p")
        assert "/secret" in [e.route for e in browser.shown_endpoints()]
        await open_endpoint(pilot, app, "/secret", {"x": "s"})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.outputs == ["secret:s"]


async def test_file_input_by_path_and_file_output_saved_to_a_folder(gradio6, tmp_path):
    source = tmp_path / "note.txt"
    source.write_text("hello file", encoding="utf-8")
    app = GradioTuiApp(gradio6.url("files"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/file_info")
        form.field("f").control.value = str(tmp_path / "missing.txt")
        await pilot.pause()
        assert "no such file" in (form.field("f").error or "")
        form.field("f").control.value = str(source)
        await pilot.pause()
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error
        assert "note.txt:10:" in run.outputs[0]
        assert "upload" in [e.type for e in run.events]
        assert "report.txt" in result_text(app)

        screen_of(app).query_one("#result-view").focus()
        await pilot.press("s")
        assert isinstance(app.screen, SaveDialog)
        app.screen.query_one("#save-path").value = str(tmp_path / "out")
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "out" / "report.txt").exists(), 10, "the saved file")
        assert (tmp_path / "out" / "report.txt").read_text(encoding="utf-8").startswith("note.txt:10:")


async def test_snippet_saved_to_a_file(gradio6, tmp_path):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await pilot.press("enter")
        await until_done(pilot, await run_with_keys(pilot, app))
        await pilot.press("ctrl+t", "2", "s")
        assert isinstance(app.screen, SaveDialog)
        assert app.screen.query_one("#save-path").value == str(Path.cwd() / "greet.py")   # absolute
        app.screen.query_one("#save-path").value = str(tmp_path / "greet.py")
        await pilot.press("enter")
        assert "Client" in (tmp_path / "greet.py").read_text(encoding="utf-8")


async def test_palette_help_raw_view_and_keymap(gradio6, tmp_path, monkeypatch):
    (tmp_path / "keymap.toml").write_text('run = "f9"  # remapped\ncancel = "ctrl+b"\n', encoding="utf-8")
    monkeypatch.setenv("GRADIO_TUI_CONFIG_DIR", str(tmp_path))
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        titles = [command.title for command in app.get_system_commands(screen)]
        for expected in ("endpoint: jump to /greet", "export: copy as curl", "export: copy as python",
                         "export: copy as js", "view: raw events", "session: reset", "space: open…",
                         "run: cancel the selected run"):
            assert expected in titles

        await pilot.press("f3", "f1")                    # help for the endpoint list (F3 focuses it)
        assert isinstance(app.screen, HelpScreen)
        assert "Endpoints" in app.screen.markdown
        assert any(description.startswith("Run the endpoint") for _, description in app.screen.keys)
        await pilot.press("escape")

        await pilot.press("enter")
        await pilot.press("ctrl+r")                      # remapped away: nothing runs
        assert panel(app).runs == []
        run = await run_with_keys_f9(pilot, app)
        await until_done(pilot, run)
        jump = next(c for c in app.get_system_commands(screen) if c.title == "endpoint: jump to /add")
        jump.callback()
        await pilot.pause()
        assert screen.current_center().endpoint.route == "/add"
        screen.current_center().set_values({"a": 2})       # the export follows the form (never run)
        copy = next(c for c in app.get_system_commands(screen) if c.title == "export: copy as python")
        copy.callback()
        await pilot.pause()
        assert "from gradio_client import Client" in app.clipboard and 'api_name="/add"' in app.clipboard

        raw = next(c for c in app.get_system_commands(screen) if c.title == "view: raw events")
        raw.callback()
        await pilot.pause()
        assert screen.query_one(EventLog).raw
        assert '"msg":' in log_text(app) or '"msg": ' in log_text(app)


async def run_with_keys_f9(pilot, app):
    runs = panel(app).runs
    await pilot.press("f9")
    await wait_for(pilot, lambda: runs, 5, "the run started by f9")
    return runs[-1]


def test_demo_without_gradio_names_the_extra(monkeypatch, capsys):
    from gradio_tui.demo import launcher
    from gradio_tui.tui.main import run

    monkeypatch.setattr(launcher, "gradio_installed", lambda: False)
    args = argparse.Namespace(src=None, demo=True, token=None, auth=None, timeout=30.0, wait=300.0)
    assert run(args) == 3
    assert "pip install 'gradio-tui[demo]'" in capsys.readouterr().err


def test_a_bad_target_is_a_usage_error_before_the_screen_opens(capsys):
    from gradio_tui.cli.main import main

    assert main(["not a target!"]) == 2
    assert "not a Space id or URL" in capsys.readouterr().err


def test_the_demo_app_starts_serves_every_widget_kind_and_stops():
    import asyncio

    from gradio_tui.core.session import Session
    from gradio_tui.demo.launcher import DemoServer

    demo = DemoServer()
    url = demo.start()
    process = demo.process
    try:
        async def check() -> set[str]:
            async with await Session.connect(url) as session:
                kinds = {p.component.lower() for e in session.schema.endpoints for p in e.parameters}
                assert {"/greet", "/describe", "/count", "/train", "/render", "/tally", "/file_info", "/mirror",
                        "/fail", "/chat"} <= {e.route for e in session.schema.endpoints}
                assert await session.submit("/tally", []).result() == ["this session has called /tally 1 time(s)"]
                return kinds

        kinds = asyncio.run(check())
        assert {"textbox", "number", "slider", "checkbox", "dropdown", "radio", "checkboxgroup", "json", "file",
                "image"} <= kinds
    finally:
        demo.stop()
    assert process.poll() is not None
    assert demo._workdir is None


async def test_an_app_left_for_another_is_freed(gradio6):
    """Opening another app frees the session (schema, client, records) of the one left, so
    hopping between apps does not pile up memory (the app freezes what it keeps, not this)."""
    import gc
    import weakref

    from tests.support.pilot import is_connected

    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        first = await until_connected(pilot, app)
        session = weakref.ref(first.session)
        schema = weakref.ref(first.session.schema)
        del first
        app.open_target(gradio6.url("gen"))
        await wait_for(pilot, lambda: is_connected(app) and screen_of(app).session.schema.title == "gen", 20,
                       "the second app")
        await wait_for(pilot, lambda: session() is None and schema() is None, 5, "the first app's session to be freed")
        assert gc.get_freeze_count() > 0                  # and the app did freeze what it keeps
