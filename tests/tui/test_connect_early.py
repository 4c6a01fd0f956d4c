"""``gradio-tui URL`` starts connecting before the app screen composes (issue 16: launch → form).

The connect's requests then overlap the screen's compose and first frames instead of following
them (about 80 ms of the launch → form time on the shared VM). The user still sees the same
thing: *Connecting*, then the first endpoint's form (a Space's stages: ``tests/hub``).
"""

from __future__ import annotations

from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.connected import AppScreen
from tests.support.pilot import SIZE, static_text, until_connected, wait_for


async def test_the_connect_starts_before_the_screen_composes(gradio6, monkeypatch):
    order: list[str] = []
    real_connect = Session.connect.__func__
    real_compose = AppScreen.compose

    def connect(cls, *args, **kwargs):
        order.append("connect")
        return real_connect(cls, *args, **kwargs)

    def compose(self):
        order.append("compose")
        return real_compose(self)

    monkeypatch.setattr(Session, "connect", classmethod(connect))
    monkeypatch.setattr(AppScreen, "compose", compose)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await wait_for(pilot, lambda: screen.current_center() is not None
                       and str(screen.current_center().id).startswith("form-"), 20, "the first form")
        assert order == ["connect", "compose"]
        assert screen.endpoint is not None and screen.endpoint.route == "/greet"
        await app.action_quit()


async def test_a_waking_space_on_the_command_line_shows_its_stages(gradio6, hub):
    """Stages that arrive before the header exists are kept and shown once it does."""
    space = hub.add_space("acme/greeter", upstream=gradio6.url("basic"), stages=["SLEEPING", "APP_STARTING", "RUNNING"],
                          hardware="cpu-basic")
    app = GradioTuiApp("acme/greeter", remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app, 60)
        header = static_text(app, "#app-header")
        assert "Space acme/greeter" in header and "RUNNING" in header and "cpu-basic" in header
        assert screen.query_one("#app-header").stage in ("RUNNING", "APP_STARTING", "SLEEPING")
        assert space.wake_requests >= 1
        await app.action_quit()
