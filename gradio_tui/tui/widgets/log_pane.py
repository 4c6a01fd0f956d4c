"""A Space's build or run log, followed live: a status line over a ``Log``.

A worker iterates ``core.hub_logs.stream_logs(follow=True)``, which reconnects after a dropped
connection without repeating lines; new lines are buffered and written in batches every
``FLUSH_SECONDS`` (``Log.write_lines``), the widget keeps the last ``MAX_LINES``. A refused
stream says that the logs need the owner's token. Every line is stripped of terminal escapes.
"""

from __future__ import annotations

import asyncio

import httpx
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Log, Static

from gradio_tui.core import AuthRequired, GradioTuiError, RateLimited, plain

FLUSH_SECONDS = 0.05
MAX_LINES = 5000
KEPT_LINES = 20000          # the full text kept for the report and the search (the widget shows fewer)


class LogPane(Vertical):
    DEFAULT_CSS = """
    LogPane { height: 1fr; }
    LogPane > .log-status { height: 1; padding: 0 1; background: $panel; }
    LogPane.-refused > .log-status { background: $warning 25%; }
    LogPane.-failed > .log-status { background: $error 25%; }
    LogPane > Log { height: 1fr; }
    """

    HELP = """\
## Space logs

The Space's **run** log (what the app prints) or **build** log (installing it), followed
live as new lines arrive; a dropped connection reconnects by itself. Reading them needs
the Space owner's token (`HF_TOKEN`). **F5** starts following again after an error.
"""

    def __init__(self, kind: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind                  # "run" | "build"
        self.lines: list[str] = []        # every line received (up to KEPT_LINES), escapes removed
        self.state = "idle"               # idle following refused failed ended unavailable
        self.reconnects = 0
        self._pending: list[str] = []
        self._status_text = ""

    def compose(self) -> ComposeResult:
        yield Static("", classes="log-status")
        yield Log(max_lines=MAX_LINES, auto_scroll=True, classes="log-lines")

    def on_mount(self) -> None:
        self.set_interval(FLUSH_SECONDS, self._flush)

    @property
    def status_text(self) -> str:
        return self._status_text

    def set_status(self, words: str, state: str, style: str = "dim") -> None:
        self.state = state
        self._status_text = words
        for name in ("refused", "failed"):
            self.set_class(state == name, f"-{name}")
        self.query_one(".log-status", Static).update(Text(plain(words), style=style))

    def unavailable(self, words: str) -> None:
        self.workers.cancel_group(self, "follow")
        self.set_status(words, "unavailable")

    def follow(self, space_id: str, *, client: httpx.AsyncClient, token: str | None) -> None:
        """Start (or restart) following the log of ``space_id``."""
        self.run_worker(self._follow(space_id, client, token), group="follow", exclusive=True,
                        exit_on_error=False)

    async def _follow(self, space_id: str, client: httpx.AsyncClient, token: str | None) -> None:
        from gradio_tui.core import stream_logs

        def reconnected(count: int) -> None:
            self.reconnects = count
            self.set_status(f"{self.kind} log of {space_id}: reconnecting after a dropped connection "
                            f"({count}×)…", "following", "yellow")

        self.set_status(f"{self.kind} log of {space_id}: connecting…", "following")
        try:
            async for line in stream_logs(space_id, client=client, token=token, build=self.kind == "build",
                                          follow=True, on_reconnect=reconnected):
                text = plain(line.text)
                stamp = plain(line.timestamp[11:19]) if line.timestamp and len(line.timestamp) >= 19 else ""
                self.lines.append(text)
                if len(self.lines) > KEPT_LINES:
                    del self.lines[: len(self.lines) - KEPT_LINES]
                self._pending.append(f"{stamp}  {text}" if stamp else text)
                if self.state != "following" or "connecting" in self._status_text:   # also "reconnecting"
                    again = f" · reconnected {self.reconnects}×" if self.reconnects else ""
                    self.set_status(f"{self.kind} log of {space_id}: following new lines{again}", "following")
            self.set_status(f"{self.kind} log of {space_id}: the Hub ended the stream (F5 follows again)", "ended")
        except AuthRequired as err:
            self.set_status(f"{err} — t types a token of the Space's owner", "refused", "bold")
        except RateLimited as err:
            self.set_status(f"rate-limited by the Hub: {err} (F5 tries again)", "failed", "bold")
        except GradioTuiError as err:
            self.set_status(f"the log stream stopped: {err} (F5 tries again)", "failed", "bold")
        except asyncio.CancelledError:
            raise
        except Exception as err:  # noqa: BLE001 - a log stream must never take the TUI down
            self.set_status(f"the log stream stopped: {type(err).__name__}: {err}", "failed", "bold")
        finally:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        lines, self._pending = self._pending, []
        self.query_one(Log).write_lines(lines)
