"""Small modal screens: pick a file, choose where to save, and the F1 help."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Static

from ...textsafe import plain


class FilePicker(ModalScreen[str | None]):
    """A directory tree and a path box; Enter on a file (or on the box) picks it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, current: str = "") -> None:
        super().__init__(classes="dialog-screen")
        start = Path(os.path.expanduser(current)).parent if current and not current.startswith("http") else Path.cwd()
        self.start = start if start.is_dir() else Path.cwd()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog file-picker"):
            yield Static(Text("Pick a file", style="bold"), classes="dialog-title")
            yield DirectoryTree(str(self.start), id="picker-tree")
            yield Input(plain(self.current), placeholder="or type a path / URL and press Enter", id="picker-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Pick", variant="primary", id="picker-ok", compact=True)
                yield Button("Cancel", id="picker-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#picker-tree").focus()

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))

    @on(Input.Submitted, "#picker-path")
    @on(Button.Pressed, "#picker-ok")
    def _ok(self) -> None:
        value = self.query_one("#picker-path", Input).value.strip()
        self.dismiss(value or None)

    @on(Button.Pressed, "#picker-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class SaveDialog(ModalScreen[str | None]):
    """Ask where to save; the answer is the path typed (Enter) or None (Escape)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, default: str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog save-dialog"):
            yield Static(Text(plain(self.title_text), style="bold"), classes="dialog-title")
            yield Input(plain(self.default), id="save-path")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save-ok", compact=True)
                yield Button("Cancel", id="save-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save-path", Input).focus()

    @on(Input.Submitted, "#save-path")
    @on(Button.Pressed, "#save-ok")
    def _ok(self) -> None:
        value = self.query_one("#save-path", Input).value.strip()
        self.dismiss(value or None)

    @on(Button.Pressed, "#save-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """F1: the help of the focused pane, then the keys that work here."""

    BINDINGS = [Binding("escape,f1,q", "dismiss(None)", "Close", id="help.close")]

    def __init__(self, markdown: str, keys: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.markdown = markdown
        self.keys = keys

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown   # markdown-it is ~60 ms of imports: loaded when help is first shown

        with Vertical(classes="dialog help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(self.markdown, id="help-text")
                lines = Text()
                for key, description in self.keys:
                    lines.append(f"{key:>14}  ", style="bold cyan")
                    lines.append(description + "\n")
                yield Static(Text("Keys here", style="bold"), classes="dialog-title")
                yield Static(lines, id="help-keys")
            yield Static(Text("Escape or F1 closes · ctrl+p opens the command palette", style="dim"),
                         classes="dialog-footer")
