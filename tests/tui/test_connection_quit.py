"""Issue 15, dead end 8: ctrl+q with calls running asks first; yes cancels them on the server."""

from __future__ import annotations

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.confirm import QuitConfirm
from tests.support.faultserver import estimation, starts
from tests.support.pilot import SIZE, open_endpoint, press, run_with_keys, until_connected, wait_for


def cancels(fs) -> list:
    return [r for r in fs.requests if r.method == "POST" and r.path.endswith("/cancel")]


async def test_quit_with_a_running_call_asks_and_yes_cancels_it_on_the_server(fs):
    fs.script = lambda eid, body: [estimation(eid), starts(eid), ("hold",)]      # runs until cancelled
    app = GradioTuiApp(fs.url, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/predict", {"x": "a"})
        run = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: run.status == "running", 20, "the call to start")
        await press(pilot, "ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitConfirm), 5, "the question")
        question = str(app.screen.query_one("#confirm-question").content)
        assert "1 call running — cancel them and quit?" in question
        await press(pilot, "n")                                         # no: still here, still running
        await pilot.pause(0.3)
        assert not isinstance(app.screen, QuitConfirm) and app.is_running and run.active
        assert cancels(fs) == []
        await press(pilot, "ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, QuitConfirm), 5, "the question again")
        await press(pilot, "y")
        await wait_for(pilot, lambda: not app.is_running, 20, "the app to quit")
    assert len(cancels(fs)) == 1                                        # the server was told first
    assert app.return_code == 0
    assert app.quit_report == "cancelled 1 call on the server"


async def test_quit_with_nothing_running_does_not_ask(fs):
    app = GradioTuiApp(fs.url, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await press(pilot, "ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, 20, "the app to quit")
    assert app.quit_report == "" and cancels(fs) == []
