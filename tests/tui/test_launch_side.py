"""The side panel (runs, export) is mounted after the first form is drawn (issue 16: launch → form).

What needs it before it is up waits for it, in the order pressed: ctrl+t, F5, a zoom or the
palette the instant the form appears still do what they say. To hold that instant open, most
tests here stop the screen from mounting the side by itself: the keys must then bring it up.
"""

from __future__ import annotations

import asyncio

import pytest

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.widgets.endpoint_browser import EndpointList
from gradio_tui.tui.widgets.export_panel import ExportPanel
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.support.pilot import SIZE, press, result_text, screen_of, static_text, wait_for

DEAD = "http://127.0.0.1:9/gone"


def form_drawn(screen: AppScreen, route: str = "/greet") -> bool:
    form = screen.current_center()
    return (isinstance(form, ParamForm) and form.endpoint.route == route and form.is_mounted
            and bool(form.query(".field-control")))


async def until_form(pilot, app: GradioTuiApp, route: str = "/greet") -> AppScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and form_drawn(app.screen, route), 30,
                   f"the form of {route}")
    return screen_of(app)


def hold_the_side(monkeypatch) -> None:
    """The screen does not mount the side by itself: only what needs it does."""
    monkeypatch.setattr(AppScreen, "side_after_form", lambda self: None)


async def test_the_side_panel_is_mounted_once_the_first_form_is_drawn(gradio6, monkeypatch):
    seen: list[tuple[bool, bool]] = []
    real = AppScreen.mount_side

    def mount_side(self):
        if not self.side_ready and not self.query("#side"):
            seen.append((form_drawn(self), self.focused is not None and self.center in self.focused.ancestors))
        return real(self)

    monkeypatch.setattr(AppScreen, "mount_side", mount_side)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_form(pilot, app)
        await wait_for(pilot, lambda: screen.side_ready, 10, "the side panel")
        assert seen == [(True, True)], "the side was mounted before the form was drawn with the focus in it"
        assert app.focused is screen.current_center().field("name").control        # the first field
        assert static_text(app, "#result-body") is not None and screen.side.active == "tab-run"
        assert screen.query_one("#run-list").border_title == "Runs"
        await app.action_quit()


async def test_f5_and_ctrl_t_pressed_before_the_side_is_up_run_in_order(gradio6, monkeypatch):
    hold_the_side(monkeypatch)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_form(pilot, app)
        screen.current_center().set_values({"name": "Ada"})
        assert not screen.side_ready and not screen.query("#side")
        await press(pilot, "f5")                 # the run waits for the run panel…
        await press(pilot, "ctrl+t")             # …and the export tab for the run
        await wait_for(pilot, lambda: screen.side_ready, 10, "the side panel, brought up by the keys")
        runs = screen.run_panel.runs
        await wait_for(pilot, lambda: len(runs) == 1 and not runs[0].active, 20, "the run to finish")
        assert runs[0].status == "complete" and runs[0].route == "/greet"
        assert screen.side.active == "tab-export"                        # ctrl+t came second: it is shown
        export = screen.query_one(ExportPanel)
        await wait_for(pilot, lambda: "Ada" in export.text, 10, "the form's snippet")
        await press(pilot, "ctrl+t")
        await wait_for(pilot, lambda: "Hello, Ada" in result_text(app), 10, "the run's result")
        await app.action_quit()


async def test_the_drawer_and_a_zoom_before_the_side_is_up(gradio6, monkeypatch):
    """At 80×24 the endpoint list is a drawer: F3 opens it, Enter picks, and a zoom of the
    result (a pane of the side) brings the side up and fills the screen with it."""
    hold_the_side(monkeypatch)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until_form(pilot, app)
        assert screen.endpoints_hidden and not screen.side_ready
        await press(pilot, "f3")
        assert not screen.endpoints_hidden and isinstance(app.focused, EndpointList)
        await press(pilot, "down", "enter")
        await until_form(pilot, app, "/echo")
        assert screen.endpoints_hidden and not screen.side_ready
        screen.zoom("#result-view")
        await wait_for(pilot, lambda: screen.maximized is not None, 10, "the zoomed result")
        assert screen.side_ready and screen.maximized.id == "result-view"
        await app.action_quit()


async def test_a_failed_connect_never_mounts_the_side_and_quits_cleanly(tmp_path):
    app = GradioTuiApp(DEAD, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.has_class("-failed"), 20, "the failed screen")
        screen = screen_of(app)
        await press(pilot, "f5", "ctrl+t", "f2")        # not connected: none of them applies
        await pilot.pause(0.2)
        assert not screen.side_ready and not screen.query("#side")
        assert screen.run_panel.runs == [] and app.running_calls() == 0
        assert "connection refused" in static_text(app, "#connect-message")
        await press(pilot, "ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, 10, "the app to quit")
    assert app.return_code == 0


async def test_a_connect_that_ends_behind_another_screen_holds_no_frames(gradio6, monkeypatch):
    """The frames held for the first form are the whole app's: a screen connecting behind the
    search (ctrl+o while it connects) takes no hold, and the search keeps drawing."""
    import asyncio

    from gradio_tui.core.session import Session
    from gradio_tui.tui.screens.search import SearchScreen

    go = asyncio.Event()
    real = Session.connect.__func__

    async def held_connect(cls, *args, **kwargs):
        await go.wait()
        return await real(cls, *args, **kwargs)

    monkeypatch.setattr(Session, "connect", classmethod(held_connect))
    held: list[int] = []
    real_connected = AppScreen._connected

    def connected(self, session):
        real_connected(self, session)
        held.append(self.app._batch_count)          # frames held for the whole app right after it

    monkeypatch.setattr(AppScreen, "_connected", connected)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen), 10, "the connecting screen")
        connecting = app.screen
        await press(pilot, "ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), 10, "the search")
        go.set()
        await wait_for(pilot, lambda: connecting.session is not None, 20, "the connect behind the search")
        await pilot.pause(0.2)
        assert held == [0] and app._batch_count == 0                   # the search was never held
        await app.action_quit()



@pytest.mark.parametrize("ticks", [0, 2, 3, 4, 6, 8])
async def test_quitting_or_leaving_while_the_side_mounts_is_no_crash(gradio6, monkeypatch, ticks):
    """ctrl+q, or another target, the instant the form appears: the side panel's widgets mount
    while the screen is taken down. Their set-up found its parts gone (a traceback, the app dead);
    so did the search screen's table mounting after its first frame. At each of a few moments."""
    hold_the_side(monkeypatch)
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_form(pilot, app)
        screen.mount_side()
        for _ in range(ticks):
            await asyncio.sleep(0)
        app.action_open_search()                       # the search screen, then at once another app
        app.open_target(gradio6.url("state"))
        await wait_for(pilot, lambda: isinstance(app.screen, AppScreen) and app.screen.src == gradio6.url("state")
                       and isinstance(app.screen.current_center(), ParamForm), 30, "the other app's form")
        screen = screen_of(app)
        screen.mount_side()
        for _ in range(ticks):
            await asyncio.sleep(0)
        app.exit()
    assert app.return_code == 0
