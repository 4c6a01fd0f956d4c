"""Issue 15, dead end 9: after the app dies the header stops showing it as up: a call that cannot
reach it marks it unreachable (a glyph and a word, not colour alone) until a call gets through."""

from __future__ import annotations

import pytest

from gradio_tui.tui.app import GradioTuiApp
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    run_with_keys,
    static_text,
    until_connected,
    until_done,
)


@pytest.fixture(scope="module")
def doomed_app():
    """A gradio 6 server of this module's own: the test stops it mid-session."""
    from tests.support.servers import GradioServer, ServerUnavailable

    try:
        server = GradioServer("6", apps=["basic"], root_app=None)
        server.spawn()
    except ServerUnavailable as exc:
        pytest.skip(f"no gradio 6 server: {exc}")
    try:
        yield server.wait_ready(180)
    finally:
        server.stop()


def header(app: GradioTuiApp) -> str:
    return static_text(app, "#app-header")


async def test_the_header_says_unreachable_once_the_app_is_stopped(doomed_app):
    app = GradioTuiApp(doomed_app.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/greet")
        first = await until_done(pilot, await run_with_keys(pilot, app))
        assert first.status == "complete", first.error
        assert header(app).startswith("●") and "unreachable" not in header(app)

        doomed_app.stop()                                               # the app dies mid-session
        second = await until_done(pilot, await run_with_keys(pilot, app))
        assert second.status == "error" and "connection refused" in (second.error or "")
        shown = header(app)
        assert "⊘ unreachable" in shown and "●" not in shown
        assert "basic" in shown                                         # still says which app


async def test_a_call_that_gets_through_again_clears_it(fs):
    fs.join_faults = ["reset"]                                          # the first call cannot reach it
    app = GradioTuiApp(fs.url, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/predict", {"x": "a"})
        failed = await until_done(pilot, await run_with_keys(pilot, app))
        assert failed.status == "error"
        assert "⊘ unreachable" in header(app)
        again = await until_done(pilot, await run_with_keys(pilot, app))
        assert again.status == "complete", again.error
        assert header(app).startswith("●") and "unreachable" not in header(app)
