"""Two TUI bugs of issue 14, each pinned by a test that failed before its fix: the chat view's
"New chat" button posted a message nothing handled, and the endpoint browser's ``visible()``
shadowed Textual's ``DOMNode.visible``."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.chat_view import ChatView
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from tests.support.pilot import SIZE, open_endpoint, panel, until_connected, until_done, wait_for

pytestmark = pytest.mark.hygiene


async def test_the_new_chat_button_starts_a_new_session_like_ctrl_n(gradio6):
    posted: list[ChatView.NewConversation] = []

    def hook(message) -> None:
        if isinstance(message, ChatView.NewConversation):
            posted.append(message)

    app = GradioTuiApp(gradio6.url("chat"))
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/chat")
        view = screen.current_center()
        assert isinstance(view, ChatView)
        view.focus_input()
        await pilot.press(*"hi", "enter")
        await until_done(pilot, panel(app).runs[-1])
        await wait_for(pilot, lambda: ("app", "You said: hi") in view.turns, 10, "the reply in the view")
        old_hash = screen.session.session_hash
        view.query_one(".chat-new", Button).press()
        await wait_for(pilot, lambda: screen.session.session_hash != old_hash, 10,
                       "a new session after the New chat button")
        assert posted, "the button posts ChatView.NewConversation"
        assert all(message._stop_propagation for message in posted), "and the screen handles it"
        assert view.turns == []
        assert not view.query(".chat-message")              # the conversation is cleared on screen too
        assert view.query(".chat-empty")


async def test_the_endpoint_browser_keeps_textuals_visible_property(gradio6):
    app = GradioTuiApp(gradio6.url("visibility"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        browser = screen.query_one(EndpointBrowser)
        assert browser.visible is True                      # a bool, not a bound method
        assert "/hidden" in [e.route for e in browser.shown_endpoints()]
        endpoint_list = browser.query_one(EndpointList)
        assert endpoint_list.visible is True                # a child asks its parent
        browser.styles.visibility = "hidden"
        assert browser.visible is False and endpoint_list.visible is False
        browser.styles.visibility = "visible"
        assert browser.visible is True and endpoint_list.visible is True
