"""Helpers for the TUI's Pilot tests (no tests here): wait for things, read what the screen shows."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import Any

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.runs import RunState
from gradio_tui.tui.screens.connected import AppScreen
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.run_panel import RunPanel

SIZE = (140, 45)


async def wait_for(pilot, condition: Callable[[], Any], timeout: float = 20.0, what: str = "") -> None:
    """Poll ``condition`` (letting the app run) until it is true; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or condition}")
        await asyncio.sleep(0.03)
    await pilot.pause(0.02)


async def press(pilot, *keys: str) -> None:
    """Like ``pilot.press`` without waiting for an idle CPU (which never comes while a run
    streams: the harness would then wait a full second per key)."""
    from textual import events

    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else None
        app._driver.send_message(events.Key(key, char))
        await pilot.pause(0.02)
        await pilot.pause(0.02)


def screen_of(app: GradioTuiApp) -> AppScreen:
    screen = app.screen
    assert isinstance(screen, AppScreen), f"not on an app screen: {screen!r}"
    return screen


def is_connected(app: GradioTuiApp) -> bool:
    return isinstance(app.screen, AppScreen) and app.screen.session is not None


async def until_connected(pilot, app: GradioTuiApp, timeout: float = 30.0) -> AppScreen:
    """Connected, with the side panel (runs, export) up: it is mounted after the first form."""
    await wait_for(pilot, lambda: is_connected(app) or app.screen.has_class("-failed"), timeout, "the connection")
    screen = screen_of(app)
    assert screen.session is not None, f"connection failed: {static_text(app, '#connect-message')}"
    await wait_for(pilot, lambda: screen.side_ready or screen is not app.screen, timeout, "the side panel")
    return screen


async def side_up(pilot) -> AppScreen:
    """The connected screen with its side panel (runs, export) up: it is mounted after the first form."""
    screen = screen_of(pilot.app)
    await wait_for(pilot, lambda: screen.side_ready, 10, "the side panel")
    return screen


def panel(app: GradioTuiApp) -> RunPanel:
    return screen_of(app).run_panel


async def open_endpoint(pilot, app: GradioTuiApp, route: str, values: dict[str, Any] | None = None):
    screen = screen_of(app)
    screen.jump_to(screen.session.schema.endpoint(route, allow_private=True))
    await pilot.pause()
    form = screen.current_center()
    if values:
        form.set_values(values)
        await pilot.pause()
    return form


async def run_with_keys(pilot, app: GradioTuiApp) -> RunState:
    """Press ctrl+r and return the run it started."""
    runs = panel(app).runs
    before = len(runs)
    await press(pilot, "ctrl+r")
    await wait_for(pilot, lambda: len(runs) > before, 5, "a new run")
    return runs[-1]


async def until_done(pilot, run: RunState, timeout: float = 30.0) -> RunState:
    await wait_for(pilot, lambda: not run.active, timeout, f"run #{run.number} to finish")
    await pilot.pause(0.1)
    return run


def log_text(app: GradioTuiApp) -> str:
    log = screen_of(app).query_one(EventLog)
    return "\n".join(log.lines)


def renderable_text(content: Any, width: int = 200) -> str:
    """Plain text of a Rich renderable (or a string)."""
    from rich.console import Console

    if isinstance(content, str):
        return content
    console = Console(width=width, record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115 - the console's
    console.print(content)
    return console.export_text()


def static_text(app: GradioTuiApp, selector: str) -> str:
    return renderable_text(app.screen.query_one(selector).content)


def queue_text(app: GradioTuiApp) -> str:
    return static_text(app, "#queue-words")


def result_text(app: GradioTuiApp) -> str:
    return static_text(app, "#result-body")


def notifications(app: GradioTuiApp) -> list[str]:
    return [f"{n.title}|{n.message}" for n in app._notifications]
