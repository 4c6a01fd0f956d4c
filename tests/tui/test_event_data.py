"""The form's event data section: pre-filled from the config, edited, sent with the run
(open /on_like, change index and value, ctrl+r), on a real app whose function reads gr.LikeData."""

from __future__ import annotations

from textual.widgets import Input

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.event_data_form import EventDataSection
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    press,
    result_text,
    run_with_keys,
    until_connected,
    until_done,
)


async def test_event_data_section_sends_the_event(gradio6):
    app = GradioTuiApp(gradio6.url("events"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/on_select")
        section = form.query_one(EventDataSection)
        assert section.query_one("#event-index", Input).value == "[0, 0]"      # the table's first cell
        assert section.query_one("#event-value", Input).value == '"a"'
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.job.state.outputs == ["selected [0, 0] = a (on)"]

        form = await open_endpoint(pilot, app, "/on_like")
        section = form.query_one(EventDataSection)
        assert [i.id for i in section.query(Input)] == ["event-index", "event-value", "event-liked"]
        form.focus_first()                                     # no inputs: the event's first field
        await pilot.pause()
        assert app.focused is section.query_one("#event-index", Input)
        await press(pilot, "1", "tab", *"hello", "tab", *"false")     # plain text is a string
        assert section.query_one("#event-value", Input).value == "hello"
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.job.state.outputs == ["disliked 1: hello"]
        assert "disliked 1: hello" in result_text(app)
        assert run.job.record.event_data == {"index": 1, "value": "hello", "liked": False}


async def test_plain_endpoints_have_no_event_section(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/greet")
        assert not form.query(EventDataSection)
        assert form.event_data() is None
