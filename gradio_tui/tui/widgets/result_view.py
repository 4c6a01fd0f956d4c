"""The result of the selected run: each output under its label, the error, the timings.

Text as it is, numbers and JSON pretty-printed, files with their name, URL and a Save button.
One output is *picked* (the first, or 1-9): ``y`` / ctrl+c copy it as text, ``j`` as JSON; a
file output opens with the system viewer (``o``), saves as (``s``) and copies its URL (``u``).
The screen does what needs the session (downloads go through the core's same-origin, capped
``Session.download``).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual.css.query import NoMatches
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from gradio_tui.core import count, is_filedata, json_text, plain, seconds
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.format import value_text
from gradio_tui.tui.runs import RunState
from gradio_tui.tui.widgets.image_view import image_key, image_views, images_in

VALUE_LIMIT = 20_000


def timings_text(run: RunState) -> Text:
    record = run.record
    timings = getattr(record, "timings", None)
    text = Text("timings  ", style="bold")
    if timings is None:
        text.append(f"total {seconds(run.elapsed(), 2)}", style="dim")
        return text
    parts = [("queue wait", timings.queue_wait), ("processing", timings.processing), ("total", timings.total),
             ("first output", timings.first_output)]
    if not run.streamed:         # a generator's server figure times its last step only (0.00s)
        parts.append(("server", timings.server_duration))
    shown = [f"{name} {seconds(value, 2)}" for name, value in parts if value is not None]
    text.append(" · ".join(shown) if shown else "–", style="dim")
    return text


def file_text(value: dict[str, Any]) -> Text:
    name = plain(value.get("orig_name") or str(value.get("path", "")).rsplit("/", 1)[-1] or "file")
    text = Text("📄 ", style="cyan")
    text.append(name, style="bold cyan")
    size = value.get("size")
    if isinstance(size, int) and not isinstance(size, bool):
        text.append(f"  {count(size)} bytes", style="dim")
    where = value.get("url") or value.get("path")
    if where:
        text.append("\n")
        text.append(plain(str(where)), style="dim underline")
    return text


def result_renderable(run: RunState | None) -> Group | Text:
    """Every output under its label, the error, and the timings, as one renderable."""
    if run is None:
        return Text("The result appears here.", style="dim")
    parts: list[Text] = []
    if run.status == "error":
        message = Text("✗ ", style="bold red")
        if run.error_title:
            message.append(plain(run.error_title) + ": ", style="bold red")
        message.append(plain(run.error or "the call failed"), style="red")
        parts.append(message)
        parts.append(Text(""))
    for index, value in enumerate(run.outputs or []):
        label = run.output_labels[index] if index < len(run.output_labels) else ""
        parts.append(Text(plain(label or f"output {index + 1}"), style="bold"))
        if is_filedata(value):
            parts.append(file_text(value))
        else:
            text = value_text(value)
            if len(text) > VALUE_LIMIT:
                text = text[:VALUE_LIMIT] + f"\n… ({len(text) - VALUE_LIMIT} more characters)"
            parts.append(Text(text))
        parts.append(Text(""))
    if run.finished:
        parts.append(timings_text(run))
    elif not parts:
        parts.append(Text("waiting for the result…", style="dim"))
    return Group(*parts)


def body_shape(body: Group | Text) -> tuple[int, ...]:
    """The cell width of each line of the result: a body of the same shape wraps to the same
    height, so showing it needs no layout pass (a generator's value changes ten times a second,
    and each layout pass was a frame that keys waited behind)."""
    texts = body.renderables if isinstance(body, Group) else [body]
    return tuple(cell_len(line) for text in texts if isinstance(text, Text) for line in text.plain.split("\n"))


def file_outputs(run: RunState | None) -> list[dict[str, Any]]:
    return [v for v in (run.outputs or []) if is_filedata(v)] if run is not None else []


def output_copy_text(value: Any) -> str:
    """What ``y`` copies of an output: a string as is, a file's URL, the rest as pretty JSON."""
    if is_filedata(value):
        return plain(str(value.get("url") or value.get("path") or ""))
    return value_text(value)


def actions_text(run: RunState | None, picked: int) -> Text:
    """The line under the result: which output the keys act on, and the keys."""
    outputs = (run.outputs or []) if run is not None else []
    if not outputs:
        return Text("")
    picked = min(picked, len(outputs) - 1)
    label = run.output_labels[picked] if run is not None and picked < len(run.output_labels) else ""
    text = Text(f"output {picked + 1} of {len(outputs)}", style="bold")
    text.append(f" {plain(label)}" if label else "", style="bold")
    keys = "  y copy · j JSON"
    if is_filedata(outputs[picked]):
        keys += " · o open · s save as · u copy URL"
    if len(outputs) > 1:
        keys += f" · 1-{min(len(outputs), 9)} pick"
    text.append(keys, style="dim")
    return text


class ResultView(VerticalScroll):
    HELP = """\
## Result

The outputs of the selected run, in order, under their labels (updated live while a
generator streams). Timings: queue wait, processing, total, first output and the
server's own figure (not for a generator: the server times only its last step).

The keys act on the *picked* output (the first; **1**-**9** pick another):

- **y** (or **ctrl+c**) copies it as text (a file: its URL), **j** as JSON
- a file: **o** opens it with the system viewer, **s** (or *Save as…*) saves it where you
  say (never over a file that is there), **u** copies its URL
"""

    BINDINGS = [
        Binding("s", "save", "Save as…", id="result.save"),
        Binding("y,ctrl+c", "copy", "Copy", id="result.copy"),
        Binding("j", "copy_json", "Copy JSON", id="result.copy_json"),
        Binding("o", "open", "Open", id="result.open"),
        Binding("u", "copy_url", "Copy URL", id="result.copy_url"),
        *(Binding(str(n), f"pick({n - 1})", f"Output {n}", show=False) for n in range(1, 10)),
    ]

    class SaveOutput(Message):
        def __init__(self, run: RunState, values: list[dict[str, Any]]) -> None:
            super().__init__()
            self.run = run
            self.values = values

    class OpenOutput(Message):
        """Open a file output with the system viewer (the screen downloads it first)."""

        def __init__(self, run: RunState, value: dict[str, Any]) -> None:
            super().__init__()
            self.run = run
            self.value = value

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result_run: RunState | None = None
        self._result_version = -1
        self.picked = 0                     # the output the keys act on
        self._image_keys: list[str] = []
        self._body_shape: tuple[int, ...] | None = None
        self._actions: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(result_renderable(None), id="result-body")
        yield Vertical(id="result-images")        # inline pictures of image outputs (_show_images)
        yield Static("", id="result-actions")
        yield Button("Save as…  s", id="result-save", compact=True)

    def on_mount(self) -> None:
        try:
            self.query_one("#result-save", Button).display = False
        except NoMatches:  # the screen went while this mounted (a quit or another target at once)
            pass

    def show(self, run: RunState | None) -> None:
        version = run.version if run is not None else -1
        if run is self._result_run and version == self._result_version:
            return
        if run is not self._result_run:
            self.picked = 0
        self._result_run, self._result_version = run, version
        body = result_renderable(run)
        shape = body_shape(body)
        target = self.query_one("#result-body", Static)
        # a line wider than the pane wraps where its words break: the same widths, another height
        fits = not shape or max(shape) <= target.content_size.width
        target.update(body, layout=shape != self._body_shape or not fits)
        self._body_shape = shape
        self._show_images(run)
        self.query_one("#result-save", Button).display = bool(file_outputs(run)) and bool(run and run.finished)
        self._show_actions()

    # --- the picked output and what the keys do with it ----------------------------------------
    def _show_actions(self) -> None:
        words = actions_text(self._result_run, self.picked)
        if words == self._actions:            # the same line on every flush of a stream
            return
        self._actions = words
        actions = self.query_one("#result-actions", Static)
        actions.update(words)
        if actions.display != bool(words.plain):
            actions.display = bool(words.plain)

    def _outputs(self) -> list[Any]:
        run = self._result_run
        return list(run.outputs or []) if run is not None else []

    def picked_value(self) -> tuple[bool, Any]:
        """``(there is one, the picked output)``."""
        outputs = self._outputs()
        if not outputs:
            return False, None
        return True, outputs[min(self.picked, len(outputs) - 1)]

    def picked_file(self) -> dict[str, Any] | None:
        """The picked output when it is a file, else the first file output."""
        found, value = self.picked_value()
        if found and is_filedata(value):
            return value
        files = file_outputs(self._result_run)
        return files[0] if files else None

    def action_pick(self, index: int) -> None:
        outputs = self._outputs()
        if index >= len(outputs):
            self.app.notify(f"This result has {len(outputs)} output(s).", severity="warning", timeout=2)
            return
        self.picked = index
        self._show_actions()

    def _label(self) -> str:
        run = self._result_run
        index = min(self.picked, max(len(self._outputs()) - 1, 0))
        label = run.output_labels[index] if run is not None and index < len(run.output_labels) else ""
        return plain(label) or f"output {index + 1}"

    def action_copy(self) -> None:
        found, value = self.picked_value()
        if not found:
            self.app.notify("No result to copy yet.", severity="warning")
            return
        copy_text(self.app, output_copy_text(value), f"{self._label()} as text")

    def action_copy_json(self) -> None:
        found, value = self.picked_value()
        if not found:
            self.app.notify("No result to copy yet.", severity="warning")
            return
        copy_text(self.app, json_text(value, indent=2), f"{self._label()} as JSON")

    def action_copy_url(self) -> None:
        value = self.picked_file()
        url = value.get("url") if value is not None else None
        if not isinstance(url, str) or not url:
            self.app.notify("This result has no file with a URL.", severity="warning")
            return
        copy_text(self.app, plain(url), "the file's URL")

    def action_open(self) -> None:
        value = self.picked_file()
        if self._result_run is None or value is None or not self._result_run.finished:
            self.app.notify("This result has no file to open (yet).", severity="warning")
            return
        self.post_message(self.OpenOutput(self._result_run, value))

    def _show_images(self, run: RunState | None) -> None:
        """The image outputs drawn below the values (``image_view``), rebuilt only when they change."""
        labelled = [(run.output_labels[i] if i < len(run.output_labels) and run.output_labels[i] else f"output {i + 1}",
                     value) for i, value in enumerate(run.outputs or [])] if run is not None else []
        keys = [image_key(filedata) for _, value in labelled for filedata in images_in(value)]
        if keys == self._image_keys:
            return
        self._image_keys = keys
        box = self.query_one("#result-images", Vertical)
        box.remove_children()
        if keys:
            box.mount_all(image_views(labelled))

    def action_save(self) -> None:
        value = self.picked_file()
        if self._result_run is not None and value is not None:
            self.post_message(self.SaveOutput(self._result_run, [value]))
        else:
            self.app.notify("This result has no files to save.", severity="warning")

    @on(Button.Pressed, "#result-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()
