"""ctrl+q with calls still running asks first: quitting cancels them on the server."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


def running_words(count: int) -> str:
    return f"{count} call{'s' if count != 1 else ''} running"


class QuitConfirm(ModalScreen[bool]):
    """Yes (y, or ctrl+q again): cancel the running calls and quit; no (n, Escape, Enter): stay."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Cancel them and quit", id="quit.yes"),
        Binding("n,escape", "dismiss(False)", "Keep running", id="quit.no"),
    ]

    def __init__(self, running: int) -> None:
        super().__init__(classes="dialog-screen")
        self.running = running

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog quit-dialog"):
            yield Static(Text(f"{running_words(self.running)} — cancel them and quit?", style="bold"),
                         classes="dialog-title", id="quit-question")
            yield Static(Text("Quitting asks the server to stop them; their runs are kept in the history.",
                              style="dim"))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel them and quit (y)", variant="error", id="quit-yes", compact=True)
                yield Button("Keep running (n)", id="quit-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit-no", Button).focus()

    @on(Button.Pressed, "#quit-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#quit-no")
    def _no(self) -> None:
        self.dismiss(False)
