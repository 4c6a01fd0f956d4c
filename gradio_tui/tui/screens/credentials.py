"""Asking for a login or a token inside the TUI, instead of quitting to pass ``--auth`` / ``HF_TOKEN``.

An ``auth=`` app asks for a username and a password; a private or gated Space, and a Space's
logs, for a token. Both secret fields are masked. The answer goes back to the caller, which keeps
it with ``ConnectOptions.remember`` (in memory, for that target's origin or that Space only) and
retries at once; nothing here writes, logs or shows it. Escape answers None.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from gradio_tui.core import plain
from gradio_tui.tui.options import Credentials, scope_of

LOGIN, TOKEN = "login", "token"


def scope_words(src: str) -> str:
    """Where a credential typed for ``src`` may go: ``http://host:port`` or ``the Space owner/name``."""
    scope = scope_of(src)
    if scope is None:
        return plain(src)
    if scope[0] == "space":
        return f"the Space {plain(str(scope[1]))}"
    return plain(f"{scope[1]}://{scope[2]}:{scope[3]}")


class CredentialsDialog(ModalScreen[Credentials | None]):
    """``kind="login"``: username + masked password; ``kind="token"``: a masked HF token."""

    CSS_PATH = "credentials.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="credentials.cancel")]

    def __init__(self, kind: str, src: str, *, reason: str = "", problem: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.kind = kind
        self.src = src
        self.reason = reason           # why it is asked (the app's auth_message, the Hub's refusal)
        self.problem = problem         # what went wrong with the last answer (wrong password…)

    def compose(self) -> ComposeResult:
        where = scope_words(self.src)
        with Vertical(classes="dialog credentials-dialog"):
            title = "Log in to " if self.kind == LOGIN else "A Hugging Face token for "
            yield Static(Text(title + plain(self.src), style="bold"), classes="dialog-title")
            if self.reason:
                yield Static(Text(plain(self.reason)), id="credentials-reason")
            if self.problem:
                yield Static(Text(plain(self.problem), style="bold red"), id="credentials-problem")
            if self.kind == LOGIN:
                yield Label("Username")
                yield Input(id="credentials-user", placeholder="username")
                yield Label("Password")
                yield Input(id="credentials-password", password=True, placeholder="password")
            else:
                yield Label("Token (a read token of an account that can see it)")
                yield Input(id="credentials-token", password=True, placeholder="hf_…")
            note = Text(f"Kept in memory for {where} only until you quit: never saved, never shown, "
                        "sent nowhere else.", style="dim")
            yield Static(note, id="credentials-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Log in" if self.kind == LOGIN else "Use token", variant="primary",
                             id="credentials-ok", compact=True)
                yield Button("Cancel", id="credentials-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#credentials-user" if self.kind == LOGIN else "#credentials-token", Input).focus()

    @on(Input.Submitted, "#credentials-user")
    def _next(self) -> None:
        self.query_one("#credentials-password", Input).focus()

    @on(Input.Submitted, "#credentials-password")
    @on(Input.Submitted, "#credentials-token")
    @on(Button.Pressed, "#credentials-ok")
    def _ok(self) -> None:
        if self.kind == LOGIN:
            user = self.query_one("#credentials-user", Input).value
            password = self.query_one("#credentials-password", Input).value
            if not user.strip():
                self.query_one("#credentials-user", Input).focus()
                return
            self.dismiss(Credentials(auth=(user.strip(), password)))
            return
        token = self.query_one("#credentials-token", Input).value.strip()
        if token:
            self.dismiss(Credentials(token=token))

    @on(Button.Pressed, "#credentials-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
