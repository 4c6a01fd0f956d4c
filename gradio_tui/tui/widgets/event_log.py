"""The live event log: decoded lines (or raw SSE frames), written in batches, capped.

A ``ScrollView`` in the way of Textual's ``Log``: it keeps each line as its plain text and its
segments (no ``Strip``), and makes strips only for the rows on screen, in a small cache. A
``RichLog`` keeps a ``Strip`` per line, each with seven caches that pin every strip derived from
it: 80,000 objects for 1,500 lines, which the garbage collector walked in 100-240 ms pauses
during a long stream; and its ``write`` measured, wrapped and split each batch through a Rich
console, half the TUI's time. ``show(run)`` writes only the events that arrived since the last
call, never more than the cap; ``raw`` re-renders the tail in the other form. The
``RunState`` keeps more than the log shows.
"""

from __future__ import annotations

from collections import deque

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..format import event_line
from ..runs import RunState

MAX_LINES = 1500
MIN_WIDTH = 78            # lines are cut (with an ellipsis) at the view's width, or at this on a narrow view
Line = tuple[str, tuple[Segment, ...], int]     # plain text, segments, cells


class EventLog(ScrollView, can_focus=True):
    HELP = """\
## Event log

Every event of the selected run, as it arrives: the time since the call was submitted,
the event type (coloured) and what it said.

- **F2** (or the palette's `view: raw events`) switches to the raw SSE frames the server sent
- The log keeps the last 1,500 lines; the full list is kept for export and reports
- It follows new events while you are at the bottom; scroll up to read, **End** to follow again
- Heartbeats are hidden
"""

    DEFAULT_CSS = """
    EventLog {
        background: $surface;
        color: $foreground;
        overflow-y: scroll;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    raw: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None, max_lines: int = MAX_LINES) -> None:
        super().__init__(id=id)
        self.max_lines = max_lines
        self._lines: deque[Line] = deque(maxlen=max_lines)
        self._dropped = 0                 # lines that fell off the top (keys the render cache)
        self._widest = 0
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(128)
        self._shown_run: RunState | None = None
        self._shown = 0

    @property
    def lines(self) -> list[str]:
        """The plain text of the lines kept, oldest first."""
        return [line[0] for line in self._lines]

    @property
    def run(self) -> RunState | None:
        return self._shown_run

    def watch_raw(self) -> None:
        self.border_subtitle = "raw SSE frames" if self.raw else "decoded"
        if self._shown_run is not None:
            run, self._shown_run = self._shown_run, None
            self.show(run)

    def on_mount(self) -> None:
        self.border_title = "Events"
        self.border_subtitle = "decoded"

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # --- writing -----------------------------------------------------------------------------------
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
        following = self.is_vertical_scroll_end
        console = self.app.console
        width = max(self.scrollable_content_region.width, MIN_WIDTH)
        before = len(self._lines)
        added = 0
        for line in lines:
            for part in (line.split("\n") if "\n" in line.plain else (line,)):
                if part.cell_len > width:
                    part = part.copy()
                    part.truncate(width, overflow="ellipsis")
                cells = part.cell_len
                self._lines.append((part.plain, tuple(part.render(console)), cells))
                self._widest = max(self._widest, cells)
                added += 1
        self._dropped += before + added - len(self._lines)
        self.virtual_size = Size(self._widest, len(self._lines))
        if following:
            self.scroll_end(animate=False, immediate=False, x_axis=False)
        self.refresh()

    def clear(self) -> None:
        self._lines.clear()
        self._cache.clear()
        self._dropped = self._widest = 0
        self.virtual_size = Size(0, 0)
        self.refresh()

    # --- rendering ---------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        style: Style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        key = (self._dropped + index, scroll_x, width)
        strip = self._cache.get(key)
        if strip is None:
            _, segments, cells = self._lines[index]
            strip = Strip(segments, cells).crop_extend(scroll_x, scroll_x + width, style).apply_style(style)
            self._cache[key] = strip
        return strip
