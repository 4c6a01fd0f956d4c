"""F8: the Markdown debug report shown, to read, copy (c) or save (s): it works without a clipboard.

The text is the one ``copy_report`` copies (``core.report``); saving goes through the one save
dialog (an absolute path, overwrite confirmed).
"""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from gradio_tui.core import plain
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.screens.dialogs import save_text


class ReportScreen(ModalScreen[None]):
    CSS_PATH = "report.tcss"

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="report.close"),
        Binding("c", "copy", "Copy", id="report.copy"),
        Binding("s", "save", "Save…", id="report.save"),
    ]

    def __init__(self, text: str, what: str, filename: str) -> None:
        super().__init__(classes="dialog-screen")
        self.text, self.what, self.filename = text, what, filename

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog report-dialog", id="report-scroll") as scroll:
            scroll.border_title = plain(self.what)
            yield Static(Syntax(plain(self.text), "markdown", theme="monokai", word_wrap=True,
                                background_color="default"), id="report-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()

    def action_copy(self) -> None:
        copy_text(self.app, self.text, self.what)

    def action_save(self) -> None:
        save_text(self.app, f"Save the {self.what} to", self.filename, self.text)
