"""One event in full: the message the server sent (pretty-printed, highlighted), the raw SSE
frame, a generator's diff and the full value after it, the time; copied with one key.

The event log cuts every line at its width; this is where the whole of an event is read. The
text on screen is the text copied, so with no clipboard (a bare SSH session) it is still there
to read and select. Every string from the app goes through ``textsafe`` (JSON escapes every
control character, the raw frame is ``plain``), and each part is cut at ``PART_LIMIT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.highlighter import JSONHighlighter
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from gradio_tui.core import Event, json_text, loads, plain
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.runs import RunState

PART_LIMIT = 200_000      # characters of one part shown (and copied); a longer one says how much is left out
_HIGHLIGHT = JSONHighlighter()


@dataclass
class Part:
    title: str
    text: str
    json: bool = False


def frame_message(raw: str) -> Any:
    """The JSON of an SSE frame's ``data:`` lines (None: no frame, or not JSON — cut, or not ours)."""
    data = [line[5:].removeprefix(" ") for line in raw.splitlines() if line.startswith("data:")]
    if not data:
        return None
    try:
        return loads("\n".join(data))
    except ValueError:
        return None


def _cut(text: str) -> str:
    if len(text) <= PART_LIMIT:
        return text
    return text[:PART_LIMIT] + f"\n… ({len(text) - PART_LIMIT:,} more characters not shown)"


def detail_parts(run: RunState, event: Event) -> list[Part]:
    """What the detail shows of ``event`` of ``run``, part by part, top to bottom."""
    position = next((i for i, e in enumerate(run.events) if e is event), None)
    where = f"event {position + 1} of the {len(run.events):,} kept" if position is not None else "an earlier event"
    when = f"+{event.t:.3f} s after the call was sent"
    head = f"#{run.number} {plain(run.route)} · {plain(event.type)} · {when} · {where}"
    if event.event_id:
        head += f" · event_id {plain(event.event_id)}"
    parts = [Part("Event", head)]
    message = frame_message(event.raw) if event.raw else None
    data = getattr(event, "data", None)
    if event.type == "generating" and isinstance(message, dict):
        output = message.get("output")
        diff = output.get("data") if isinstance(output, dict) else None
        parts.append(Part("Full value after this update", _cut(json_text(data, indent=2)), json=True))
        parts.append(Part("Update as sent (output.data: a diff after the first update)",
                          _cut(json_text(diff, indent=2)), json=True))
    if message is not None:
        parts.append(Part("Message (the frame's data, decoded)", _cut(json_text(message, indent=2)), json=True))
    elif event.raw:
        parts.append(Part("Message", "The frame's data is not JSON here (or was cut: see the raw frame)."))
    else:
        parts.append(Part("Event (made by gradio-tui, not sent by the server)",
                          _cut(json_text(event.to_json(), indent=2)), json=True))
    if event.raw:
        parts.append(Part("Raw SSE frame", _cut(plain(event.raw))))
    return parts


def detail_text(parts: list[Part]) -> str:
    """The parts as one plain text: what is copied."""
    return "\n\n".join(f"## {part.title}\n{part.text}" for part in parts) + "\n"


class EventDetail(ModalScreen[None]):
    """An event of the log in full; ←/→ step to the previous and next event of the run."""

    CSS_PATH = "event_detail.tcss"

    HELP = """\
## Event detail

One event of the run in full: when it came, the message the server sent (pretty-printed),
for a generator's update the diff as sent and the full value after applying it, and the
raw SSE frame. **c** copies it all; **←/→** show the previous or next event; **Escape** closes.
"""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="detail.close"),
        Binding("c", "copy", "Copy", id="detail.copy"),
        Binding("left,p", "step(-1)", "Previous", id="detail.previous"),
        Binding("right,n", "step(1)", "Next", id="detail.next"),
    ]

    def __init__(self, run: RunState, event: Event) -> None:
        super().__init__(classes="dialog-screen")
        self.run = run
        self.event = event
        self.parts = detail_parts(run, event)

    @property
    def text(self) -> str:
        return detail_text(self.parts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog event-detail"):
            yield Static("", id="detail-title", classes="dialog-title")
            with VerticalScroll(id="detail-scroll"):
                yield Vertical(id="detail-parts")
            with Horizontal(classes="dialog-buttons"):
                yield Static(Text("←/→ previous/next event · Escape closes", style="dim"), id="detail-keys")
                yield Button("Copy  c", variant="primary", id="detail-copy", compact=True)
                yield Button("Close", id="detail-close", compact=True)

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#detail-scroll").focus()

    def _fill(self) -> None:
        self.query_one("#detail-title", Static).update(Text(f"{plain(self.event.type)} event", style="bold"))
        box = self.query_one("#detail-parts", Vertical)
        box.remove_children()
        widgets: list[Static] = []
        for part in self.parts:
            widgets.append(Static(Text(part.title, style="bold"), classes="detail-part-title"))
            body = Text(part.text)
            if part.json:
                _HIGHLIGHT.highlight(body)
            widgets.append(Static(body, classes="detail-part"))
        box.mount_all(widgets)
        self.query_one("#detail-scroll", VerticalScroll).scroll_home(animate=False)

    def action_step(self, step: int) -> None:
        events = self.run.events
        position = next((i for i, e in enumerate(events) if e is self.event), None)
        if position is None or not 0 <= position + step < len(events):
            self.app.notify("No more events that way.", timeout=2)
            return
        self.event = events[position + step]
        self.parts = detail_parts(self.run, self.event)
        self._fill()

    def action_copy(self) -> None:
        copy_text(self.app, self.text, f"the {plain(self.event.type)} event")

    @on(Button.Pressed, "#detail-copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_copy()

    @on(Button.Pressed, "#detail-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
