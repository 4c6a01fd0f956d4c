"""What a failed connection tells the user, and which next step the TUI offers for it.

The core's errors carry hints for the command line (``pass --auth``, ``gradio-tui logs …``);
in the TUI the next step is a key instead: the credentials dialog for a login or a token, the
Space's run (or build) log in the debug view, retry, or another target.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradio_tui.core import AuthRequired, GradioTuiError, LoginRequired, SpaceNotFound, SpaceNotRunning, plain
from gradio_tui.tui.screens.credentials import LOGIN, TOKEN


@dataclass(frozen=True)
class ConnectFailure:
    message: str                 # one line, sanitised: what went wrong
    asks: str | None = None      # LOGIN / TOKEN: the credentials dialog can fix it
    problem: str = ""            # what was wrong with the credentials given (shown in the dialog)
    log: str | None = None       # "run" / "build": the Space's log says why

    def next_steps(self, space: bool) -> list[tuple[str, str]]:
        """(key, words) the failed screen offers, most useful first."""
        steps = []
        if self.asks == LOGIN:
            steps.append(("l", "log in"))
        elif self.asks == TOKEN:
            steps.append(("l", "give a token"))
        if space:
            steps.append(("F6", f"the Space's {self.log or 'run'} log"))
        steps += [("r", "retry"), ("ctrl+o", "open another target"), ("escape", "go back")]
        return steps


def describe_failure(err: BaseException, *, space: bool) -> ConnectFailure:
    """The failure of connecting to a target (``space``: a Space id) as the TUI words it."""
    if not isinstance(err, GradioTuiError):
        return ConnectFailure(plain(f"unexpected error: {type(err).__name__}: {err}"))
    message = plain(err.message)
    if isinstance(err, LoginRequired):
        return ConnectFailure(message, asks=LOGIN)
    if isinstance(err, SpaceNotRunning):
        return ConnectFailure(message, log="build" if err.stage == "BUILD_ERROR" else "run")
    if isinstance(err, SpaceNotFound):
        return ConnectFailure(message.replace(": set HF_TOKEN", "") + " (a private or gated Space needs a token)",
                              asks=TOKEN)
    if isinstance(err, AuthRequired):
        if "wrong username or password" in message:
            return ConnectFailure(message, asks=LOGIN, problem="wrong username or password")
        if "refused the token" in message:
            return ConnectFailure(message, asks=TOKEN, problem="the Hub refused this token")
        if "private Space" in message:
            return ConnectFailure(message, asks=TOKEN)
    return ConnectFailure(plain(str(err)))
