"""The live event log: decoded lines (or raw SSE frames), written in batches, capped.

``show(run)`` writes only the events that arrived since the last call, never more than the
cap, straight into strips (``append_lines``): RichLog's ``write`` measures, wraps and splits
each batch through a Rich console, which was half the TUI's time in a 10,000-event stream.
``raw`` re-renders the tail in the other form. The ``RunState`` keeps more than the log shows.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
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
        fresh = min(run.event_count - self._shown, len(run.events))
        self._shown = run.event_count
        if fresh <= 0:
            return
        lines: list[Text] = []
        for event in reversed(run.events[-fresh:]):          # newest first: stop at the cap
            if event.type != "heartbeat" or self.raw:
                lines.append(event_line(event, raw=self.raw))
                if len(lines) >= self.max_lines:
                    break
        lines.reverse()
        self.append_lines(lines)

    def append_lines(self, lines: list[Text]) -> None:
        """Add one-line ``Text``s at the bottom (a ``Text`` with newlines becomes several)."""
        if not lines:
            return
        if not self._size_known:               # RichLog defers writes until it has a size
            self.write(Text("\n").join(lines), scroll_end=True)
            return
        console = self.app.console
        width = max(self.scrollable_content_region.width, self.min_width)
        strips = []
        for line in lines:
            parts = line.split("\n") if "\n" in line.plain else (line,)
            for part in parts:
                if part.cell_len > width:         # as RichLog does: no sideways scrolling, an ellipsis
                    part = part.copy()
                    part.truncate(width, overflow="ellipsis")
                strips.append(Strip(list(part.render(console)), part.cell_len))
        self.lines.extend(strips)
        if self.max_lines is not None and len(self.lines) > self.max_lines:
            self._start_line += len(self.lines) - self.max_lines
            self.lines = self.lines[-self.max_lines:]
            self.refresh()
        self._widest_line_width = max(self._widest_line_width, max(strip.cell_length for strip in strips))
        self.virtual_size = Size(self._widest_line_width, len(self.lines))
        if self.auto_scroll:
            self.scroll_end(animate=False, immediate=False, x_axis=False)

    @property
    def run(self) -> RunState | None:
        return self._shown_run
