"""The header of a connected app: title, Gradio version, protocol, Space stage and hardware,
user, whether a token is in use (never its value). While connecting: the stage and elapsed time.
When a call could not reach the app (it died, the network went), ``⊘ unreachable`` replaces the
green ``●`` until a call gets through again."""

from __future__ import annotations

import time
import weakref
from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from gradio_tui.core import enabled_in, plain, seconds

if TYPE_CHECKING:
    from gradio_tui.core import Session

STAGE_STYLES = {"RUNNING": "green", "BUILDING": "yellow", "APP_STARTING": "yellow", "SLEEPING": "blue",
                "STOPPED": "blue", "PAUSED": "red", "RUNTIME_ERROR": "red", "BUILD_ERROR": "red"}


UNREACHABLE = "⊘ unreachable"


def session_lines(session: Session, unreachable: str | None = None) -> Text:
    """``unreachable``: why the last call could not reach the app (None: the last one did)."""
    schema, target = session.schema, session.target
    info = getattr(session, "space_info", None)
    title = plain(schema.title or (info.title if info and getattr(info, "title", None) else "") or target.display)
    text = Text()
    emoji = plain(getattr(info, "emoji", None) or "") if info else ""
    if unreachable is not None:
        text.append(f"{UNREACHABLE} ", style="bold red")
        if emoji:
            text.append(f"{emoji} ")
    else:
        text.append(f"{emoji} " if emoji else "● ", style="green")
    text.append(title, style="bold")
    text.append(f"  Gradio {plain(schema.version or '?')}", style="cyan")
    text.append(f" · {plain(schema.protocol)}", style="dim")
    text.append(f" · {len(schema.visible_endpoints())} endpoint(s)", style="dim")
    if enabled_in(schema.config):
        text.append(" · ", style="dim")
        text.append(" MCP ", style="bold reverse magenta")
    text.append("\n")
    text.append(plain(schema.root), style="dim underline")
    if target.space_id:
        text.append(f"  Space {plain(target.space_id)}", style="magenta")
    if info is not None:
        stage = plain(getattr(info, "stage", None) or "?")
        text.append(f" · {stage}", style=STAGE_STYLES.get(stage, "yellow"))
        hardware = getattr(info, "hardware", None)
        if hardware:
            text.append(f" · {plain(hardware)}", style="dim")
    if schema.username:
        text.append(f" · user {plain(schema.username)}", style="cyan")
    if getattr(session, "logged_in", False):
        text.append(" · logged in", style="cyan")
    if session.uses_token:
        text.append(" · token in use", style="yellow")
    else:
        text.append(" · no token", style="dim")
    return text


class AppHeader(Static):
    """Two lines; ``connecting()`` shows a live stage and elapsed time until ``connected()``."""

    stage: reactive[str | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("gradio-tui", style="bold"), id=id)
        self._target = ""
        self._started = time.monotonic()
        self._stage_elapsed: float | None = None
        self._stage_at = 0.0
        self._timer: Timer | None = None
        self._failed: str | None = None
        self._session: weakref.ref[Session] | None = None   # weak: a screen left frees its session at once
        self.unreachable: str | None = None      # why the last call could not reach the app

    def connecting(self, target: str) -> None:
        self._target, self._started, self._failed = target, time.monotonic(), None
        self.stage = None
        self.set_class(True, "-connecting")
        if self._timer is not None:
            self._timer.resume()
        self._tick()

    def on_mount(self) -> None:
        self._timer = self.set_interval(0.5, self._tick, pause=not self.has_class("-connecting"))

    def on_stage(self, stage: str, elapsed: float) -> None:
        self._stage_elapsed, self._stage_at = elapsed, time.monotonic()
        self.stage = stage
        self._tick()

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started
        text = Text("◌ ", style="yellow")
        text.append("Connecting to ", style="bold")
        text.append(plain(self._target), style="bold cyan")
        text.append(f"  {seconds(elapsed, 0)}", style="dim")
        text.append("\n")
        if self.stage:
            since = (self._stage_elapsed or 0.0) + (time.monotonic() - self._stage_at)
            text.append(f"Space stage {plain(self.stage)}", style=STAGE_STYLES.get(self.stage, "yellow"))
            text.append(f" for {seconds(since, 0)}", style="dim")
        else:
            text.append("reading the app's config and API…", style="dim")
        self.update(text)

    def failed(self, target: str) -> None:
        """Not connected: the reason and the next steps are the screen's one message, below."""
        self._stop_timer()
        self.set_class(False, "-connecting")
        self.set_class(True, "-failed")
        text = Text("✗ ", style="bold red")
        text.append("Cannot open ", style="bold")
        text.append(plain(target), style="bold cyan")
        text.append("\n")
        text.append("not connected", style="dim")
        self.update(text)

    def connected(self, session: Session) -> None:
        self._stop_timer()
        self.set_class(False, "-connecting")
        self.set_class(False, "-failed")
        self._session, self.unreachable = weakref.ref(session), None
        self.set_class(False, "-unreachable")
        self.update(session_lines(session))

    def reachable(self, yes: bool, reason: str = "") -> None:
        """A call got through (``yes``), or could not reach the app: the header says which."""
        unreachable = None if yes else (reason or "the app cannot be reached")
        session = self._session() if self._session is not None else None
        if session is None or unreachable == self.unreachable:
            return
        self.unreachable = unreachable
        self.set_class(not yes, "-unreachable")
        self.tooltip = plain(unreachable) if unreachable else None
        self.update(session_lines(session, unreachable))

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.pause()
