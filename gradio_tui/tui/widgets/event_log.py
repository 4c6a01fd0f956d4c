"""The live event log: decoded lines (or raw SSE frames), written in batches, capped.

``show(run)`` writes only the events that arrived since the last call, as one ``Text`` (one
render for the whole batch), and never more than the cap. ``raw`` re-renders the tail in the
other form. The full list stays in the ``RunState``.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import RichLog

from ..format import event_line
from ..runs import RunState

MAX_LINES = 1500


class EventLog(RichLog):
    HELP = """\
## Event log

Every event of the selected run, as it arrives: the time since the call was submitted,
the event type (coloured) and what it said.

- **F2** (or the palette's `view: raw events`) switches to the raw SSE frames the server sent
- The log keeps the last 1,500 lines; the full list is kept for export and reports
- Heartbeats are hidden
"""

    raw: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None, max_lines: int = MAX_LINES) -> None:
        super().__init__(id=id, max_lines=max_lines, wrap=False, highlight=False, markup=False,
                         auto_scroll=True)
        self.can_focus = True
        self._shown_run: RunState | None = None
        self._shown = 0

    def watch_raw(self) -> None:
        self.border_subtitle = "raw SSE frames" if self.raw else "decoded"
        if self._shown_run is not None:
            run, self._shown_run = self._shown_run, None
            self.show(run)

    def on_mount(self) -> None:
        self.border_title = "Events"
        self.border_subtitle = "decoded"

    def show(self, run: RunState | None) -> None:
        """Bring the log up to date with ``run`` (a different run starts over)."""
        if run is not self._shown_run:
            self.clear()
            self._shown_run, self._shown = run, 0
        if run is None:
            return
        events = run.events
        fresh = events[self._shown:]
        self._shown = len(events)
        lines = [event_line(e, raw=self.raw) for e in fresh if e.type != "heartbeat" or self.raw]
        if len(lines) > self.max_lines:
            lines = lines[-self.max_lines:]
        if lines:
            self.write(Text("\n").join(lines), scroll_end=True)

    @property
    def run(self) -> RunState | None:
        return self._shown_run
