"""Toasts an app asks for (gr.Info / Warning / Error), rate-limited and coalesced.

Each toast is a widget; an app that logs 5,000 ``gr.Info`` messages made 5,000 of them and
the TUI stopped answering keys for minutes. ``ToastGate`` shows at most ``BURST`` toasts per
``WINDOW`` seconds and counts the rest; when the window closes, one toast says how many more
there were ("+4,997 more gr.Info — see the event log", where every one of them is).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

BURST = 3             # toasts shown per window
WINDOW = 2.0          # seconds
SEVERITY_ORDER = ("information", "warning", "error")


class ToastGate:
    def __init__(self, app: App[Any], *, burst: int = BURST, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.burst = burst
        self.window = window
        self.clock = clock
        self._shown: deque[float] = deque()
        self._held = 0
        self._held_kinds: dict[str, int] = {}
        self._held_severity: SeverityLevel = "information"
        self._timer: Timer | None = None

    @property
    def held(self) -> int:
        """Toasts counted but not shown since the last summary."""
        return self._held

    def notify(self, message: str, *, title: str, kind: str, severity: SeverityLevel = "information") -> None:
        """Show the toast, or count it (``kind`` names it in the summary, e.g. ``gr.Info``).
        ``message`` and ``title`` are plain text already (``textsafe.plain``)."""
        now = self.clock()
        while self._shown and now - self._shown[0] >= self.window:
            self._shown.popleft()
        if not self._held and len(self._shown) < self.burst:
            self._shown.append(now)
            self.app.notify(message, title=title, severity=severity, markup=False)
            return
        self._held += 1
        self._held_kinds[kind] = self._held_kinds.get(kind, 0) + 1
        if SEVERITY_ORDER.index(severity) > SEVERITY_ORDER.index(self._held_severity):
            self._held_severity = severity
        if self._timer is None:
            self._timer = self.app.set_timer(self.window, self.flush)

    def flush(self) -> None:
        """Say how many toasts were held back (one toast), and start counting afresh."""
        self._timer = None
        if not self._held:
            return
        kinds = ", +".join(f"{count:,} more {kind}" for kind, count in self._held_kinds.items())
        severity = self._held_severity
        self._held, self._held_kinds, self._held_severity = 0, {}, "information"
        self._shown.append(self.clock())
        self.app.notify(f"+{kinds} — see the event log", title="More messages", severity=severity,
                        markup=False)


SMALL = (100, 30)            # columns, rows: below either, toasts are brief (see connected.tcss)
SMALL_TIMEOUT = 3.0          # seconds a toast stays in a small terminal (Textual's default is 5)


def fit_toasts(app: Any, width: int, height: int) -> None:     # Any: it sets a class variable on the instance
    """Toasts in a small terminal stay a shorter time: at 80×24 they cover what they report on."""
    small = width < SMALL[0] or height < SMALL[1]
    if small:
        app.NOTIFICATION_TIMEOUT = SMALL_TIMEOUT
    elif "NOTIFICATION_TIMEOUT" in vars(app):
        del app.NOTIFICATION_TIMEOUT          # back to the class's own
