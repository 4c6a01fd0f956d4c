"""The messages between the TUI's widgets and its screen, watched with ``run_test(message_hook=…)``.

Each test drives the app as a user would (keys, a click) and asserts both ends of a flow: the
widget posted its message, and the screen acted on it (what the user sees changed). A message
nothing handles (the "New chat" button of issue 14) fails here.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Button

from gradio_tui.core import CallStatus
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from gradio_tui.tui.widgets.param_form import ParamForm
from gradio_tui.tui.widgets.run_panel import RunPanel
from tests.support.pilot import SIZE, open_endpoint, panel, press, until_connected, until_done, wait_for


class Recorder:
    """The messages of the given types, in the order they were posted (once each: the hook sees a
    message again at every node it bubbles through)."""

    def __init__(self, *types: type[Message]) -> None:
        self.types = types
        self.seen: list[Message] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, self.types) and not any(m is message for m in self.seen):
            self.seen.append(message)

    def of(self, kind: type[Message]) -> list[Message]:
        return [m for m in self.seen if isinstance(m, kind)]


async def test_enter_on_an_endpoint_posts_picked_and_the_screen_opens_its_form(gradio6):
    seen = Recorder(EndpointBrowser.Picked, EndpointBrowser.Highlighted)
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        screen = await until_connected(pilot, app)
        browser = screen.query_one(EndpointBrowser)
        target = screen.session.schema.endpoint("/add")
        assert browser.highlight(target)
        browser.query_one(EndpointList).focus()
        await press(pilot, "enter")
        await wait_for(pilot, lambda: seen.of(EndpointBrowser.Picked), 5, "EndpointBrowser.Picked")
        picked = seen.of(EndpointBrowser.Picked)[-1]
        assert picked.endpoint.route == "/add"
        assert any(m.endpoint.route == "/add" for m in seen.of(EndpointBrowser.Highlighted))
        form = screen.current_center()
        assert isinstance(form, ParamForm) and form.endpoint.route == "/add"


async def test_the_run_button_posts_run_requested_and_the_run_panel_reports_the_run(gradio6):
    seen = Recorder(ParamForm.RunRequested, RunPanel.Updated, RunPanel.Selected)
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/add", {"a": 2, "b": 3})
        form.query_one("#run-button", Button).press()
        await wait_for(pilot, lambda: panel(app).runs, 5, "a run")
        run = await until_done(pilot, panel(app).runs[-1])
        assert run.state.status is CallStatus.COMPLETE
        requested = seen.of(ParamForm.RunRequested)
        assert len(requested) == 1 and requested[0].form is form
        assert run.outputs == [5], "the screen ran the form: 2 + 3"
        await wait_for(pilot, lambda: any(m.run is run and not m.run.active for m in seen.of(RunPanel.Updated)),
                       5, "RunPanel.Updated for the finished run")
        updates = [m for m in seen.of(RunPanel.Updated) if m.run is run]
        assert updates, "the run panel reports the run"
        assert seen.seen.index(requested[0]) < seen.seen.index(updates[0]), "asked first, then reported"


async def test_the_cancel_button_posts_cancel_requested_and_the_run_ends_cancelled(gradio6):
    seen = Recorder(ParamForm.CancelRequested)
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/count", {"n": 200, "delay": 0.2})
        form.focus()
        await press(pilot, "ctrl+r")
        await wait_for(pilot, lambda: panel(app).runs and panel(app).runs[-1].state.status is CallStatus.RUNNING,
                       15, "the run to be processing")
        run = panel(app).runs[-1]
        form.query_one("#cancel-button", Button).press()
        await until_done(pilot, run)
        assert seen.of(ParamForm.CancelRequested), "the Cancel button posts CancelRequested"
        assert run.state.status is CallStatus.CANCELLED
