"""The terminal going away: a killed tmux pane, a dropped SSH session, a closed window.

Textual's Linux driver does not notice. Its input thread reads EOF from a hung-up tty and goes
round again (spinning, forever); its writer thread dies on the first EIO, and the next thirty
frames fill its queue, after which the app's own thread blocks in ``write`` for good, so even a
SIGHUP handler that asks the app to quit never gets there. ``HangupDriver`` watches the tty for
POLLHUP in a small thread, turns every failed write into the same news instead of a dead writer,
and from then on drops output; the app hears it once, on its own loop (``app.terminal_lost()``),
and leaves: running jobs cancelled on the server, sessions closed, exit code 129.
"""

from __future__ import annotations

import os
import select
import sys
import threading
from collections.abc import Callable
from typing import Any

from textual.drivers.linux_driver import LinuxDriver

HANGUP = select.POLLHUP | select.POLLERR | select.POLLNVAL
WATCH_MS = 500             # how often the watcher looks up from poll() to see whether the app ended
#: poll() on a tty: Linux reports the hang-up; macOS answers POLLNVAL for any tty (there, the
#: first failed write says it instead).
WATCH_POLL = sys.platform.startswith("linux")


class _TerminalFile:
    """The driver's output file; a write that fails (EIO: no terminal) is reported, not raised."""

    def __init__(self, file: Any, lost: Callable[[], None]) -> None:
        self._file = file
        self._lost = lost
        self.dead = False

    def write(self, text: str) -> int:
        if not self.dead:
            try:
                return self._file.write(text)
            except (OSError, ValueError):
                self._lost()
        return len(text)

    def flush(self) -> None:
        if not self.dead:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lost()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return not self.dead and self._file.isatty()


class HangupDriver(LinuxDriver):
    """``LinuxDriver`` that notices the terminal going away and tells the app once."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._terminal = _TerminalFile(self._file, self.terminal_lost)
        self._file = self._terminal  # type: ignore[assignment]  # the driver writes through it
        self._lost = False
        self._lost_lock = threading.Lock()
        self._watching = threading.Event()

    @property
    def lost(self) -> bool:
        return self._lost

    def terminal_lost(self) -> None:
        """From any thread: stop writing, and tell the app (once)."""
        with self._lost_lock:
            if self._lost:
                return
            self._lost = True
        self._terminal.dead = True
        on_lost = getattr(self._app, "terminal_lost", None)
        if on_lost is not None:
            try:
                self._loop.call_soon_threadsafe(on_lost)
            except RuntimeError:       # the loop is closed: the app has ended already
                pass

    def write(self, data: str) -> None:
        if not self._lost:
            super().write(data)

    def start_application_mode(self) -> None:
        super().start_application_mode()
        if WATCH_POLL and not self._watching.is_set():
            self._watching.set()
            threading.Thread(target=self._watch, name="gradio-tui-hangup", daemon=True).start()

    def stop_application_mode(self) -> None:
        self._watching.clear()
        shown = sys.modules.get("gradio_tui.tui.graphics")     # (not loaded: no picture to delete)
        if shown is not None:
            self.write(shown.farewell())       # our Kitty images leave the terminal with us
        super().stop_application_mode()

    def _watch(self) -> None:
        """Wait for POLLHUP on the terminal (no CPU while it lives)."""
        poller = select.poll()
        fds = {self.fileno}
        try:
            fds.add(self._terminal.fileno())
        except (OSError, ValueError):
            pass
        fds = {fd for fd in fds if os.isatty(fd)}      # a pipe's end is not a hang-up
        if not fds:
            return
        for fd in fds:
            poller.register(fd, 0)     # POLLHUP / POLLERR / POLLNVAL are always reported
        while self._watching.is_set() and not self._lost:
            try:
                events = poller.poll(WATCH_MS)
            except OSError:
                events = [(self.fileno, select.POLLERR)]
            if any(mask & HANGUP for _, mask in events):
                self.terminal_lost()
                return
