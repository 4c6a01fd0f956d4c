"""The result of the selected run: each output under its label, the error, the timings.

Text as it is, numbers and JSON pretty-printed, files with their name, URL and a Save button.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from ...textsafe import plain
from ..format import count, is_filedata, seconds, value_text
from ..runs import RunState
from .image_view import image_key, image_views, images_in

VALUE_LIMIT = 20_000


def timings_text(run: RunState) -> Text:
    record = run.record
    timings = getattr(record, "timings", None)
    text = Text("timings  ", style="bold")
    if timings is None:
        text.append(f"total {seconds(run.elapsed(), 2)}", style="dim")
        return text
    parts = [("queue wait", timings.queue_wait), ("processing", timings.processing), ("total", timings.total),
             ("first output", timings.first_output), ("server", timings.server_duration)]
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


def file_outputs(run: RunState | None) -> list[dict[str, Any]]:
    return [v for v in (run.outputs or []) if is_filedata(v)] if run is not None else []


class ResultView(VerticalScroll):
    HELP = """\
## Result

The outputs of the selected run, in order, under their labels (updated live while a
generator streams). Files show their name and URL; **s** (or *Save file…*) downloads
them into a folder you choose. Timings: queue wait, processing, total, first output and
the server's own figure.
"""

    BINDINGS = [Binding("s", "save", "Save file", id="result.save")]

    class SaveOutput(Message):
        def __init__(self, run: RunState, values: list[dict[str, Any]]) -> None:
            super().__init__()
            self.run = run
            self.values = values

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result_run: RunState | None = None
        self._result_version = -1
        self._image_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(result_renderable(None), id="result-body")
        yield Vertical(id="result-images")
        yield Button("Save file…  s", id="result-save", compact=True)

    def on_mount(self) -> None:
        self.query_one("#result-save", Button).display = False

    def show(self, run: RunState | None) -> None:
        version = run.version if run is not None else -1
        if run is self._result_run and version == self._result_version:
            return
        self._result_run, self._result_version = run, version
        self.query_one("#result-body", Static).update(result_renderable(run))
        self._show_images(run)
        self.query_one("#result-save", Button).display = bool(file_outputs(run)) and bool(run and run.finished)

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
        files = file_outputs(self._result_run)
        if self._result_run is not None and files:
            self.post_message(self.SaveOutput(self._result_run, files))
        else:
            self.app.notify("This result has no files to save.", severity="warning")

    @on(Button.Pressed, "#result-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()
