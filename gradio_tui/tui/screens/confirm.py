"""A yes/no question before something the user would lose (a session's runs and State).

``ConfirmDialog(question, yes="Open")`` dismisses with True (Enter / *yes*) or False (Escape /
*no*); from a worker, ``await app.push_screen(dialog, wait_for_dismiss=True)`` is the answer.
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

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm-dialog"):
            yield Static(Text(plain(self.question)), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(self.yes), variant="warning", id="confirm-yes", compact=True)
                yield Button(plain(self.no), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()    # Enter on the safe answer by default

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
