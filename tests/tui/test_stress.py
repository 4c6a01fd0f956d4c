"""10,000 events stream in and the UI keeps answering keys: batched log writes, capped lines."""

from __future__ import annotations

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.runs import EVENTS_KEPT, EVENTS_SLACK
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.widgets.event_log import MAX_LINES, EventLog
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    press,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
    wait_for,
)


async def test_ten_thousand_events_and_a_key_press_mid_stream(gradio6, monkeypatch):
    handled: list[tuple[bool, int]] = []
    original = AppScreen.action_toggle_raw

    def toggle_raw(self: AppScreen) -> None:
        run = self.run_panel.selected
        handled.append((bool(run and run.active), run.event_count if run else 0))
        original(self)

    monkeypatch.setattr(AppScreen, "action_toggle_raw", toggle_raw)
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/stream_many", {"n": 10000})
        run = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: run.event_count > 300 or not run.active, 30, "the stream to get going")
        await press(pilot, "f2")                              # raw SSE frames, while it streams
        assert handled and handled[0][0], f"the key was not handled mid-stream: {handled}"
        assert handled[0][1] < 10000
        log = screen_of(app).query_one(EventLog)
        assert log.raw
        await until_done(pilot, run, 120)
        await pilot.pause(0.2)

        assert run.status == "complete"
        assert run.counts["generating"] == 10000
        assert len(run.events) <= EVENTS_KEPT + EVENTS_SLACK      # the run keeps a bounded tail too
        assert run.events[-1].type == "complete"
        assert run.outputs == ["10000"]
        assert len(log.lines) <= MAX_LINES                    # the widget keeps a tail
        assert '"msg":"process_completed"' in log.lines[-1].replace(" ", "")
