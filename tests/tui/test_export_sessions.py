"""Reopening a call of another app from History asks before it closes the session open now
(dead end 5 of issue 15): its runs and State were wiped silently."""

from __future__ import annotations


from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.confirm import ConfirmDialog
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.screens.history import HistoryScreen
from tests.support.pilot import (
    SIZE,
    notifications,
    open_endpoint,
    panel,
    press,
    run_with_keys,
    until_connected,
    until_done,
    wait_for,
)



async def record_another_apps_call(server) -> None:
    """/greet of the basic app, the newest call in the history."""
    async with await Session.connect(server.url("basic")) as other:
        await other.submit("/greet", ["Ada", True, 1]).result()


async def test_reopening_another_apps_call_asks_and_keeps_the_session(gradio6):
    app = GradioTuiApp(gradio6.url("state"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/increment")
        for _ in range(2):
            await until_done(pilot, await run_with_keys(pilot, app))
        assert panel(app).runs[-1].outputs == ["2"]
        await record_another_apps_call(gradio6)

        await press(pilot, "f7")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.shown, what="history")
        assert app.screen.selected.route == "/greet"
        await press(pilot, "enter")                                   # reopen /greet: asks first
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), 10, "the question")
        question = str(app.screen.query_one("#confirm-question").content)
        assert "2 run(s)" in question and "state" in question
        await press(pilot, "escape")                                  # keep it
        await wait_for(pilot, lambda: any("Kept" in n for n in notifications(app)), 10, "the answer")
        await press(pilot, "escape")                                  # out of the history
        await wait_for(pilot, lambda: app.screen is screen, 10, "the state app")
        assert len(screen.session.records) == 2 and len(panel(app).runs) == 2
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.outputs == ["3"]                                   # the State was kept too

        await record_another_apps_call(gradio6)
        await press(pilot, "f7")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen) and app.screen.shown, what="history")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), 10, "the question")
        await pilot.click("#confirm-yes")                             # open it, closing the state app
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and app.screen is not screen
                       and getattr(app.screen.endpoint, "route", None) == "/greet", 30, "the reopened form")
        form = app.screen.current_center()
        await wait_for(pilot, lambda: form.field("name") is not None and form.field("name").read() == "Ada",
                       what="the arguments in the form")
