"""Yes/no questions before something the user would lose: a session's runs and State (reopening
another app's call), running calls (quitting).

``ConfirmDialog(question, yes="Open")`` dismisses with True (*yes*) or False (Escape / *no*, which
has the focus, so Enter is the safe answer); from a worker,
``await app.push_screen(dialog, wait_for_dismiss=True)`` is the answer.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from gradio_tui.core import plain


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel")]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel", detail: str = "",
                 danger: bool = False) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes, self.no, self.detail, self.danger = question, yes, no, detail, danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm-dialog"):
            yield Static(Text(plain(self.question), style="bold" if self.detail else ""), id="confirm-question")
            if self.detail:
                yield Static(Text(plain(self.detail), style="dim"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(self.yes), variant="error" if self.danger else "warning", id="confirm-yes",
                             compact=True)
                yield Button(plain(self.no), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()    # Enter on the safe answer by default

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)


def running_words(count: int) -> str:
    return f"{count} call{'s' if count != 1 else ''} running"


class QuitConfirm(ConfirmDialog):
    """ctrl+q with calls still running asks first. Yes (y, or ctrl+q again): cancel them on the
    server and quit; no (n, Escape, Enter): stay."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Cancel them and quit", id="quit.yes"),
        Binding("n,escape", "dismiss(False)", "Keep running", id="quit.no"),
    ]

    def __init__(self, running: int) -> None:
        super().__init__(f"{running_words(running)} — cancel them and quit?", yes="Cancel them and quit (y)",
                         no="Keep running (n)", danger=True,
                         detail="Quitting asks the server to stop them; their runs are kept in the history.")
        self.running = running
