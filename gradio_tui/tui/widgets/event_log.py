"""The live event log: decoded lines (or raw SSE frames), written in batches, capped; a cursor
to pick one event and read it in full, and a wrap toggle.

A ``ScrollView`` in the way of Textual's ``Log``: it keeps each line as its plain text and its
segments (no ``Strip``), and makes strips only for the rows on screen, in a small cache. A
``RichLog`` keeps a ``Strip`` per line, each with seven caches that pin every strip derived from
it: 80,000 objects for 1,500 lines, which the garbage collector walked in 100-240 ms pauses
during a long stream; and its ``write`` measured, wrapped and split each batch through a Rich
console, half the TUI's time. ``show(run)`` writes only the events that arrived since the last
call, never more than the cap; ``raw`` re-renders the tail in the other form. The
``RunState`` keeps more than the log shows.

A line keeps its text and its styles as plain tuples of strings and numbers, not Rich segments: a
flush made segments for the hundreds of lines that scroll past unseen (half the cost of a flush),
and the 1,500 lines' segments were ~6,000 more objects for each full garbage collection to walk
during a stream (a pause keys wait behind). Segments are made for the rows drawn, in the cache.

Each line keeps the event it says, whole (lines are cut at the view's width when drawn, or
wrapped onto more rows with ``wrap``): ↑/↓ move a cursor over them and Enter (or a click) posts
``EventLog.Opened`` for the screen to show the event's detail.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.console import Console
from rich.text import Span as RichSpan
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from gradio_tui.core import Event
from gradio_tui.tui.format import event_line
from gradio_tui.tui.runs import RunState

MAX_LINES = 1500
MIN_WIDTH = 78            # lines are cut (with an ellipsis) at the view's width, or at this on a narrow view
Span = tuple[int, int, "str | Style"]
Line = tuple[str, tuple[Span, ...], int, Event | None]     # plain text, its styled spans, cells, the event


def spans_of(text: Text) -> tuple[Span, ...]:
    """``text``'s styled spans as ``(start, end, style)``, its own style first (under them, as
    ``Text.render`` draws it)."""
    own = ((0, len(text.plain), text.style),) if text.style else ()
    return own + tuple((span.start, span.end, span.style) for span in text.spans)


def line_segments(text: str, spans: tuple[Span, ...], console: Console) -> list[Segment]:
    """A kept line as Rich would have rendered its ``Text``."""
    return list(Text(text, spans=[RichSpan(*span) for span in spans], end="").render(console))


class EventLog(ScrollView, can_focus=True):
    HELP = """\
## Event log

Every event of the selected run, as it arrives: the time since the call was submitted,
the event type (coloured) and what it said.

- **↑/↓** move the cursor over the events; **Enter** (or a click) opens the event in full:
  the message pretty-printed, the raw SSE frame, a generator's diff and the full value after
  it, the time; **c** there copies it
- **w** wraps long lines instead of cutting them
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
        & > .event-log--cursor {
            background: $accent 30%;
        }
    }
    """

    COMPONENT_CLASSES = {"event-log--cursor"}

    BINDINGS = [
        Binding("up", "cursor(-1)", "Previous event", show=False),
        Binding("down", "cursor(1)", "Next event", show=False),
        Binding("enter", "open", "Event detail", id="events.detail"),
        Binding("w", "toggle_wrap", "Wrap", id="events.wrap"),
        Binding("end", "follow", "Follow", show=False),
    ]

    raw: reactive[bool] = reactive(False)
    wrap: reactive[bool] = reactive(False)

    class Opened(Message):
        """The user picked an event of ``run`` to read in full."""

        def __init__(self, run: RunState, event: Event) -> None:
            super().__init__()
            self.run = run
            self.event = event

    def __init__(self, *, id: str | None = None, max_lines: int = MAX_LINES) -> None:
        super().__init__(id=id)
        self.max_lines = max_lines
        self._lines: deque[Line] = deque(maxlen=max_lines)
        self._dropped = 0                 # lines that fell off the top (keys the render cache)
        self._widest = 0
        self._cache: LRUCache[tuple[int, int, int, bool, bool], Strip] = LRUCache(128)
        self._shown_run: RunState | None = None
        self._shown = 0
        self._cursor: int | None = None   # the line under the cursor, counted from the first ever written
        self._rows: list[tuple[int, int]] = []   # wrapped: (line index, first cell) per row
        self._rows_key: tuple[int, int] = (-1, -1)   # (dropped, width) the rows were made for
        self._frame: tuple[Style, int] | None = None   # the style and width of the frame being drawn

    @property
    def lines(self) -> list[str]:
        """The plain text of the lines kept, oldest first (each whole: the view cuts or wraps them)."""
        return [line[0] for line in self._lines]

    @property
    def run(self) -> RunState | None:
        return self._shown_run

    @property
    def cursor_event(self) -> Event | None:
        """The event under the cursor (None: no cursor, or a line with no event of its own)."""
        index = self._cursor_index()
        return self._lines[index][3] if index is not None else None

    def _cursor_index(self) -> int | None:
        if self._cursor is None:
            return None
        index = self._cursor - self._dropped
        return index if 0 <= index < len(self._lines) else None

    def watch_raw(self) -> None:
        self.border_subtitle = self._subtitle()
        if self._shown_run is not None:
            run, self._shown_run = self._shown_run, None
            self.show(run)

    def watch_wrap(self) -> None:
        self.border_subtitle = self._subtitle()
        self._cache.clear()
        following = self.is_vertical_scroll_end
        self._update_size()
        self.call_after_refresh(self._keep_in_view, following)
        self.refresh()

    def _keep_in_view(self, following: bool) -> None:
        """After a wrap toggle: the cursor's line stays on screen, or the log keeps following."""
        index = self._cursor_index()
        if index is not None:
            self.move_cursor(index)
        elif following:
            self.scroll_end(animate=False, immediate=True, x_axis=False)

    def _subtitle(self) -> str:
        return ("raw SSE frames" if self.raw else "decoded") + (" · wrapped" if self.wrap else "")

    def on_mount(self) -> None:
        self.border_title = "Events"
        self.border_subtitle = self._subtitle()

    def on_resize(self) -> None:
        self._cache.clear()
        self._update_size()

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
        lines: list[tuple[Text, Event]] = []
        for event in reversed(run.events[-fresh:]):          # newest first: stop at the cap
            if event.type != "heartbeat" or self.raw:
                lines.append((event_line(event, raw=self.raw), event))
                if len(lines) >= self.max_lines:
                    break
        lines.reverse()
        self._append(lines)

    def append_lines(self, lines: list[Text]) -> None:
        """Add one-line ``Text``s at the bottom (a ``Text`` with newlines becomes several)."""
        self._append([(line, None) for line in lines])

    def _append(self, lines: Sequence[tuple[Text, Event | None]]) -> None:
        if not lines:
            return
        following = self.is_vertical_scroll_end
        before = len(self._lines)
        added = 0
        for line, event in lines:
            for part in (line.split("\n") if "\n" in line.plain else (line,)):
                cells = part.cell_len
                self._lines.append((part.plain, spans_of(part), cells, event))
                self._widest = max(self._widest, cells)
                added += 1
        self._dropped += before + added - len(self._lines)
        self._update_size()
        if following:
            self.scroll_end(animate=False, immediate=False, x_axis=False)
        self.refresh()

    def clear(self) -> None:
        self._lines.clear()
        self._cache.clear()
        self._rows.clear()
        self._rows_key = (-1, -1)
        self._dropped = self._widest = 0
        self._cursor = None
        self.virtual_size = Size(0, 0)
        self.refresh()

    # --- rows: a line each, or wrapped onto several ------------------------------------------------
    def _cut_width(self) -> int:
        return max(self.scrollable_content_region.width, MIN_WIDTH)

    def _wrap_width(self) -> int:
        return max(self.scrollable_content_region.width, 10)

    def _update_size(self) -> None:
        if self.wrap:
            self.virtual_size = Size(self._wrap_width(), len(self._wrapped_rows()))
        else:
            self.virtual_size = Size(min(self._widest, self._cut_width()), len(self._lines))

    def _wrapped_rows(self) -> list[tuple[int, int]]:
        """The rows of the wrapped view, made again only when lines dropped off or the width changed."""
        width = self._wrap_width()
        if self._rows_key != (self._dropped, width):
            self._rows, self._rows_key, start = [], (self._dropped, width), 0
        else:
            start = self._rows[-1][0] + 1 if self._rows else 0
        for index in range(start, len(self._lines)):
            cells = self._lines[index][2]
            self._rows.extend((index, first) for first in range(0, max(cells, 1), width))
        return self._rows

    def _line_of_row(self, row: int) -> int | None:
        if row < 0:
            return None
        if self.wrap:
            rows = self._wrapped_rows()
            return rows[row][0] if row < len(rows) else None
        return row if row < len(self._lines) else None

    def _rows_of_line(self, index: int) -> tuple[int, int]:
        """The first and last row that show line ``index``."""
        if not self.wrap:
            return index, index
        rows = self._wrapped_rows()
        first = next(r for r, (line, _) in enumerate(rows) if line == index)
        last = first
        while last + 1 < len(rows) and rows[last + 1][0] == index:
            last += 1
        return first, last

    # --- the cursor --------------------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        if not self._lines:
            return
        index = self._cursor_index()
        if index is None:        # the first press lands on the newest line on screen
            bottom = self._line_of_row(self.scroll_offset.y + self.scrollable_content_region.height - 1)
            index = bottom if bottom is not None else len(self._lines) - 1
        else:
            index = max(0, min(len(self._lines) - 1, index + step))
        self.move_cursor(index)

    def move_cursor(self, index: int | None) -> None:
        """Put the cursor on line ``index`` (None: no cursor) and scroll it into view."""
        self._cursor = None if index is None else self._dropped + index
        self._cache.clear()
        if index is not None:
            first, last = self._rows_of_line(index)
            top, height = self.scroll_offset.y, self.scrollable_content_region.height
            if first < top:
                self.scroll_to(y=first, animate=False, immediate=True)
            elif last >= top + height:
                self.scroll_to(y=last - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_open(self) -> None:
        event = self.cursor_event
        if event is None:
            if self._lines:
                self.action_cursor(0)
                event = self.cursor_event
            if event is None:
                self.app.notify("No event to open: run a call, then pick one with ↑/↓.", severity="warning")
                return
        if self._shown_run is not None:
            self.post_message(self.Opened(self._shown_run, event))

    def action_toggle_wrap(self) -> None:
        self.wrap = not self.wrap

    def action_follow(self) -> None:
        self.move_cursor(None)
        self.scroll_end(animate=False, immediate=True, x_axis=False)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self._line_of_row(self.scroll_offset.y + offset.y)
        if index is None:
            return
        self.focus()
        self.move_cursor(index)
        self.action_open()

    # --- rendering ---------------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows of one frame, with one look at the style and the width for all of them
        (``rich_style`` walks every ancestor: it was half of each row's cost while streaming)."""
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        style, width = self._frame or (self.rich_style, self.scrollable_content_region.width)
        index = self._line_of_row(row)
        if index is None:
            return Strip.blank(width, style)
        on_cursor = index == self._cursor_index()
        key = (self._dropped + index, row if self.wrap else scroll_x, width, self.wrap, on_cursor)
        strip = self._cache.get(key)
        if strip is None:
            text, spans, cells, _ = self._lines[index]
            whole = Strip(line_segments(text, spans, self.app.console), cells)
            if self.wrap:
                first = self._wrapped_rows()[row][1]
                strip = whole.crop(first, first + width).extend_cell_length(width)
            else:
                cut = self._cut_width()
                if cells > cut:
                    whole = Strip([*whole.crop(0, cut - 1), Segment("…")], cut)
                strip = whole.crop_extend(scroll_x, scroll_x + width, style)
            strip = strip.apply_style(style)
            if on_cursor:       # over the line's own colours (a post style wins over the segments')
                cursor = self.get_component_rich_style("event-log--cursor")
                strip = Strip(Segment.apply_style(strip, post_style=cursor), strip.cell_length)
            self._cache[key] = strip
        return strip
