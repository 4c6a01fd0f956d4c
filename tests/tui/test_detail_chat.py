"""Issue 15, dead end 4: chat ↔ form both ways. The chat view's *Form* (or F9) shows the form;
the form's *Chat view* (or F9 again) comes back — same session, same conversation, no reconnect."""

from __future__ import annotations

from textual.widgets import Button

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.chat_view import ChatLink, ChatView
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.support.pilot import SIZE, open_endpoint, panel, press, until_connected, until_done, wait_for



async def test_chat_to_form_and_back_by_button_and_key_keeps_the_conversation(gradio6):
    app = GradioTuiApp(gradio6.url("chat"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        session = screen.session
        await open_endpoint(pilot, app, "/chat")
        view = screen.current_center()
        assert isinstance(view, ChatView)
        view.focus_input()
        await pilot.press(*"hello there", "enter")
        await until_done(pilot, panel(app).runs[-1])
        await wait_for(pilot, lambda: ("app", "You said: hello there") in view.turns, 5, "the reply")
        turns = list(view.turns)

        view.query_one(".chat-form", Button).press()                  # the button: chat → form
        await pilot.pause()
        form = screen.current_center()
        assert isinstance(form, ParamForm) and form.endpoint.route == "/chat"
        await wait_for(pilot, lambda: bool(form.query(ChatLink)), 5, "the way back on the form")
        assert "Chat view" in str(form.query_one(".chat-back", Button).label)
        form.query_one(".chat-back", Button).press()                   # the button: form → chat
        await pilot.pause()
        assert screen.current_center() is view and view.turns == turns
        assert app.focused is view.query_one(".chat-input")

        await press(pilot, "f9")                                       # the key: chat → form
        assert screen.current_center() is form
        await press(pilot, "f9")                                       # and back
        assert screen.current_center() is view and view.turns == turns
        assert screen.session is session                               # never reconnected
        await wait_for(pilot, lambda: app.focused is view.query_one(".chat-input"), 5, "the message box")
        runs = len(panel(app).runs)
        await pilot.press(*"again", "enter")                           # the conversation goes on
        await wait_for(pilot, lambda: len(panel(app).runs) > runs, 5, "the second message sent")
        await until_done(pilot, panel(app).runs[-1])
        await wait_for(pilot, lambda: ("app", "You said: again") in view.turns, 5, "the second reply")
        assert view.turns[:len(turns)] == turns


async def test_f9_on_an_endpoint_with_only_a_form_is_hidden_and_says_why(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, screen.session.schema.endpoints[0].route)
        assert screen.check_action("toggle_chat", ()) is False            # not in the footer
        screen.action_toggle_chat()
        assert isinstance(screen.current_center(), ParamForm)
