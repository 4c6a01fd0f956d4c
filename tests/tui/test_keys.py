"""Focus and keys, as a keyboard-first user meets them: where the focus lands after connecting,
what Tab visits, ``?`` and ``q`` outside text boxes, and a keymap.toml that is checked, shown in
F1 and named on the buttons."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Button, Input

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import HelpScreen
from gradio_tui.tui.widgets.chat_view import ChatView
from gradio_tui.tui.widgets.endpoint_browser import EndpointList
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.support.pilot import (
    SIZE,
    notifications,
    panel,
    renderable_text,
    static_text,
    until_connected,
    until_done,
    wait_for,
)


@pytest.fixture(autouse=True)
def _own_config(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GRADIO_TUI_NO_SYSTEM_CLIPBOARD", "1")


def keymap(tmp_path, text: str) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "keymap.toml").write_text(text, encoding="utf-8")


async def until_form(pilot, app) -> ParamForm:
    screen = await until_connected(pilot, app)
    await wait_for(pilot, lambda: isinstance(screen.current_center(), ParamForm)
                   and bool(screen.current_center().query("#run-button")), 10, "the first endpoint's form")
    return screen.current_center()


async def test_focus_lands_in_the_first_field_and_what_is_typed_first_goes_there(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        assert form.endpoint.route == "/greet"
        name = form.field("name").control
        await wait_for(pilot, lambda: app.focused is name, 5, "the focus in the first field")
        await pilot.press("ctrl+u", *"Ada")
        assert name.value == "Ada"


async def test_a_chat_message_typed_right_after_connecting_is_sent(gradio6):
    app = GradioTuiApp(gradio6.url("chat"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.focused, Input) and app.focused.has_class("chat-input"), 10,
                       "the focus in the chat's message box")
        view = screen.current_center()
        assert isinstance(view, ChatView)
        await pilot.press(*"hi there", "enter")
        await wait_for(pilot, lambda: bool(panel(app).runs), 5, "the message sent")
        await until_done(pilot, panel(app).runs[-1])
        await wait_for(pilot, lambda: ("app", "You said: hi there") in view.turns, 5, "the reply")


async def test_tab_goes_list_fields_run_with_no_invisible_stop(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        await pilot.press("f3")
        assert isinstance(app.focused, EndpointList)
        visited = []
        for _ in range(5):
            await pilot.press("tab")
            visited.append(app.focused)
        fields = [form.field(name).control for name in ("name", "excited", "times")]
        run = form.query_one("#run-button", Button)
        assert visited[:4] == [*fields, run]
        assert not any(isinstance(w, ParamForm) or w.id == "show-private" for w in visited)   # no invisible stop
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
        assert isinstance(app.focused, EndpointList)
        await pilot.press("f4")
        assert app.focused is fields[0]


async def test_question_mark_and_q_act_outside_text_boxes_and_type_inside_them(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        name = form.field("name").control
        await wait_for(pilot, lambda: app.focused is name, 5, "the focus in the first field")
        await pilot.press("end", "question_mark", "q")
        assert name.value == "World?q" and not isinstance(app.screen, HelpScreen)
        assert app.is_running
        await pilot.press("f3", "question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), 5, "help from ?")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), 5, "? closes the help")
        await pilot.press("ctrl+o")                          # a dialog-free screen with a text box focused
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("q")
        assert app.is_running and app.focused.value.endswith("q")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not hasattr(app.screen, "cycle_sort") and app.screen.focused is not None, 5,
                       "back on the app")
        await pilot.press("f3", "q")
        await wait_for(pilot, lambda: not app.is_running, 10, "q to quit from the endpoint list")
    assert app.return_code == 0


async def test_a_bad_key_name_is_reported_at_start_and_the_rest_applies(gradio6, tmp_path):
    keymap(tmp_path, 'run = "ctrl+banana"\ncancel = "f10"\nhelp = "super+duper+h"\n')
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        await wait_for(pilot, lambda: len([n for n in notifications(app) if "keymap.toml" in n]) >= 2, 10,
                       "the keymap's problems")
        text = "\n".join(notifications(app))
        assert "'banana' in 'ctrl+banana' is not a key name" in text
        assert "'duper' in 'super+duper+h' is not a modifier" in text
        assert "run" not in app._keymap and app._keymap.get("cancel") == "f10"
        assert "🍌" not in str(form.query_one("#run-button", Button).label)
        assert str(form.query_one("#run-button", Button).label) == "Run ^r"          # the default still works
        assert str(form.query_one("#cancel-button", Button).label) == "Cancel f10"


async def test_remapped_keys_show_on_the_buttons_in_the_footer_and_in_f1(gradio6, tmp_path):
    keymap(tmp_path, 'run = "f9,ctrl+r"\nreset = "ctrl+e"\n')
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        assert str(form.query_one("#run-button", Button).label) == "Run f9"
        await pilot.press("f3", "f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), 5, "the help")
        help_screen = app.screen
        await wait_for(pilot, lambda: bool(help_screen.bindings), 30, "the table of every binding")
        table = renderable_text(help_screen.query_one("#help-bindings").content)
        listed = table.split("The file:")[0]
        lines = {line.split()[0]: line for line in listed.splitlines() if line.strip()}
        for binding_id in ("run", "cancel", "help", "help.question", "quit.q", "focus.endpoints", "focus.form",
                           "search.focus", "search.open", "field.reset", "export.copy"):
            assert binding_id in lines, binding_id
        assert "f9 ^r" in lines["run"] and "f3" in lines["focus.endpoints"] and "^f" in lines["search.focus"]
        assert "keymap.toml" in table and 'run = "f9,ctrl+r"' in table
        here = renderable_text(help_screen.query_one("#help-keys").content)
        assert "Focus the endpoint list" in here and "f9" in here
        await pilot.press("escape")
        await pilot.press("f9")
        await wait_for(pilot, lambda: bool(panel(app).runs), 5, "f9 runs")
        run = await until_done(pilot, panel(app).runs[-1])
        assert run.outputs[0] == "Hello, World."


async def test_the_help_of_a_pane_names_the_remapped_key(gradio6, tmp_path):
    keymap(tmp_path, 'run = "f9"\n')
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        form = await until_form(pilot, app)
        form.field("name").focus_control()
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), 5, "the help")
        assert "**f9**" in app.screen.markdown and "**ctrl+r**" not in app.screen.markdown
        await pilot.press("escape")
        assert static_text(app, "#queue-words").strip() == "No run yet: fill the form and press f9"
        app.screen.export_panel.scope = "run"                          # the form scope shows the form's snippet
        await pilot.pause()
        assert "Run a call first (f9)" in static_text(app, "#snippet")


async def test_the_cannot_connect_hint_names_the_remapped_keys(tmp_path):
    keymap(tmp_path, '"connect.retry" = "ctrl+e"\nopen = "f12"\n')
    app = GradioTuiApp("http://127.0.0.1:9")                       # nothing listens on the discard port
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.has_class("-failed"), 30, "the connection to fail")
        hint = renderable_text(app.screen.query_one("#connect-message").content)
        assert re.search(r"\bf12\s+open another target", hint), hint
        assert re.search(r"\bctrl\+e\s+retry", hint), hint


async def test_the_palette_names_the_remapped_keys(gradio6, tmp_path):
    keymap(tmp_path, 'run = "f9"\ncancel = "ctrl+k"\n')
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_form(pilot, app)
        helps = {command.title: command.help for command in app.get_system_commands(app.screen)}
        assert helps["run: run the form"] == "Run the current endpoint (f9)"
        assert helps["run: cancel the selected run"] == "^k"
        assert helps["export: show the panel"] == "ctrl+t"          # not remapped: as it was
