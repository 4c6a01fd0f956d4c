"""The debug view of a connected app (or of a Space that will not start).

Overview: versions, the Space's stage / hardware / sleep time / ZeroGPU quota, the queue (waiting
jobs, polled), the server's latencies per endpoint (``/monitoring/summary``) and the last call.
Then the endpoint ↔ fn_index map, the raw config and info (searchable), and the Space's run and
build logs followed live. **F8** copies a Markdown report. All I/O runs in workers through the
core (``core.debuginfo``, ``core.monitoring``, ``core.hub_logs``); nothing here builds requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import httpx
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from gradio_tui.core import (
    DebugInfo,
    clip,
    count,
    fetch_monitoring,
    fetch_queue_status,
    gather_debug,
    millis,
    percent,
    plain,
    render_debug_report,
    seconds,
    sleep_words,
)
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.format import STATUS_MARKS
from gradio_tui.tui.widgets.json_view import JsonView
from gradio_tui.tui.widgets.log_pane import LogPane

if TYPE_CHECKING:
    from gradio_tui.core import CallRecord, Session

POLL_SECONDS = 3.0


def last_record(session: Session | None) -> CallRecord | None:
    """The session's last finished call (else its last call): what the report is about."""
    records = list(getattr(session, "records", None) or [])
    finished = [r for r in records if r.status in ("complete", "error", "cancelled")]
    return finished[-1] if finished else (records[-1] if records else None)


def overview_text(info: DebugInfo | None, record: CallRecord | None = None) -> Text:
    """The overview's lines; every external string through ``plain`` into ``Text``."""
    text = Text()

    def row(label: str, value: str | Text, style: str = "") -> None:
        text.append(f"{label:<12}", style="bold")
        text.append(value if isinstance(value, Text) else Text(plain(value), style=style))
        text.append("\n")

    if info is None:
        text.append("Gathering…", style="dim")
        return text
    row("Target", f"{info.target}" + (f"  ({info.root})" if info.root else ""))
    v = info.versions
    if v is not None:
        row("Versions", f"Gradio {v.gradio} · protocol {v.protocol} · api_prefix {v.api_prefix or '(none)'} · "
                        f"gradio-tui {v.gradio_tui}")
    else:
        row("Versions", "not connected to the app", "dim")
    space = info.space
    if space is not None:
        from gradio_tui.core import describe_stage, stage_usable

        stage = Text()
        stage.append(plain(space.stage or "unknown"), style="bold green" if stage_usable(space.stage) else "bold red")
        stage.append(f" ({plain(describe_stage(space.stage))})", style="dim")
        if space.hardware:
            stage.append(f" on {plain(space.hardware)}")
            if space.requested_hardware and space.requested_hardware != space.hardware:
                stage.append(f" (requested {plain(space.requested_hardware)})", style="dim")
        row("Space", stage)
        if space.error_message:
            row("Error", space.error_message, "red")
        row("Sleeps", sleep_words(space.sleep_time), "dim" if space.sleep_time is None else "")
        if space.quota is not None:
            row("ZeroGPU", space.quota.describe())
        elif space.quota_note:
            row("ZeroGPU", space.quota_note, "dim")
        if space.unavailable:
            row("Hub", space.unavailable, "yellow")
    queue = info.queue
    if queue.available:
        waiting = Text()
        waiting.append(f"{count(queue.waiting)} waiting now", style="bold yellow" if queue.waiting else "green")
        waiting.append(f"  (running jobs are not counted; refreshed every {POLL_SECONDS:g} s)", style="dim")
        row("Queue", waiting)
    else:
        row("Queue", f"not available: {queue.reason}", "dim")
    monitoring = info.monitoring
    if not monitoring.available:
        row("Latencies", f"not available: {monitoring.reason}", "dim")
    elif not monitoring.endpoints:
        row("Latencies", "no calls counted yet (server-side, since the app started)", "dim")
    else:
        row("Latencies", "server-side, since the app started (table below)", "dim")
    if record is not None:
        mark, style = STATUS_MARKS.get(record.status, ("?", ""))
        last = Text()
        last.append(f"{mark} {plain(record.route)} {record.status}", style=style)
        if record.timings.total is not None:
            last.append(f" in {seconds(record.timings.total, 2)}", style="dim")
        if record.error:
            last.append(f": {clip(record.error, 200)}", style="red")
        last.append("  (F8 copies the report)", style="dim")
        row("Last call", last)
    return text


class DebugScreen(Screen):
    CSS_PATH = "debug.tcss"

    HELP = """\
## Debug view

What the app and the Hub say about this target: versions, the Space's stage and hardware,
the queue, the server's latencies, the endpoint ↔ fn_index map, the raw config and info
(search them), and the Space's **run** and **build** logs, followed live (they need the
Space owner's token).

- **F8** copies a Markdown report (the last call with its curl, or the Space's state and log)
- **F5** gathers everything again · **Escape** goes back
"""

    BINDINGS = [
        Binding("escape", "back", "Back", id="debug.back"),
        Binding("f5", "refresh", "Refresh", id="debug.refresh", tooltip="Gather everything again"),
        Binding("f8", "copy_report", "Copy report", id="debug.report", priority=True,
                tooltip="Copy a Markdown debug report"),
        Binding("t", "log_token", "Token…", id="debug.token", tooltip="Type the Space owner's token for its logs"),
    ]

    def __init__(self, session: Session | None = None, *, space_id: str | None = None, token: str | None = None,
                 record: CallRecord | None = None, hub_client: httpx.AsyncClient | None = None) -> None:
        super().__init__()
        self.session = session
        self.space_id = space_id or getattr(getattr(session, "target", None), "space_id", None)
        if token is None:
            from gradio_tui.core import find_token

            token = getattr(session, "token", None) or find_token()
        self.token = token
        self.record = record
        self.info: DebugInfo | None = None
        self._hub_client = hub_client
        self._own_client: httpx.AsyncClient | None = None
        self.initial_tab = "overview"      # set before it is shown: F6 on a failed Space opens its log
        self._token_declined = False       # Escape in the token dialog: do not ask again by itself

    @property
    def target(self) -> str:
        if self.session is not None:
            return self.session.target.display
        return self.space_id or "?"

    @property
    def last_record(self) -> CallRecord | None:
        if self.record is not None:
            return self.record
        return last_record(self.session)

    @property
    def hub_client(self) -> httpx.AsyncClient:
        if self._hub_client is None:
            from gradio_tui.core import make_client

            self._hub_client = self._own_client = make_client(30.0)
        return self._hub_client

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Debug · {plain(self.target)}", style="bold"), id="debug-title")
        with TabbedContent(id="debug-tabs", initial=f"debug-tab-{self.initial_tab}"):
            with TabPane("Overview", id="debug-tab-overview"), VerticalScroll(id="debug-overview-scroll"):
                yield Static(overview_text(None), id="debug-overview")
                monitoring: DataTable[Any] = DataTable(id="debug-monitoring", cursor_type="row", show_cursor=False)
                monitoring.add_columns("endpoint", "requests", "success", "p50", "p90", "p99")
                monitoring.border_title = "Server-side latencies · /monitoring/summary"
                yield monitoring
            with TabPane("Endpoints", id="debug-tab-endpoints"):
                endpoints: DataTable[Any] = DataTable(id="debug-endpoints", cursor_type="row", zebra_stripes=True)
                endpoints.add_columns("fn_index", "endpoint", "visibility", "generator", "queued", "in /info", "params")
                yield endpoints
            with TabPane("Config", id="debug-tab-config"):
                yield JsonView("config", id="debug-config")
            with TabPane("Info", id="debug-tab-info"):
                yield JsonView("info", id="debug-info")
            with TabPane("Run log", id="debug-tab-run-log"):
                yield LogPane("run", id="debug-run-log")
            with TabPane("Build log", id="debug-tab-build-log"):
                yield LogPane("build", id="debug-build-log")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        """After the tabs have mounted their panes: gather, follow the logs, poll the queue."""
        self.refresh_all()
        self.follow_logs()
        if self.session is not None:
            self.set_interval(POLL_SECONDS, self._poll)

    async def on_unmount(self) -> None:
        if self._own_client is not None:
            await self._own_client.aclose()

    # --- gathering ------------------------------------------------------------------------------
    @work(exclusive=True, group="debug-gather", exit_on_error=False)
    async def refresh_all(self) -> None:
        try:
            info = await gather_debug(self.session, space_id=self.space_id, token=self.token,
                                      client=None if self.session is not None else self.hub_client)
        except Exception as err:  # noqa: BLE001 - whatever the server sent, the view says so and stays up
            self.query_one("#debug-overview", Static).update(
                Text(f"Could not gather the debug view: {type(err).__name__}: {clip(str(err), 200)} (F5 tries again)",
                     style="red"))
            return
        self.show(info)

    def _poll(self) -> None:
        if self.app.screen is self and self.info is not None:
            self._poll_load()

    @work(exclusive=True, group="debug-poll", exit_on_error=False)
    async def _poll_load(self) -> None:
        import asyncio

        session = self.session
        if session is None:
            return
        schema = session.schema
        try:
            monitoring, queue = await asyncio.gather(fetch_monitoring(session.client, schema.root),
                                                     fetch_queue_status(session.client, schema.api_root))
        except Exception:  # noqa: BLE001 - a bad answer to a poll: keep what is shown
            return
        if self.info is not None:
            self.info.monitoring, self.info.queue = monitoring, queue
            self.show(self.info)

    def show(self, info: DebugInfo) -> None:
        self.info = info
        self.query_one("#debug-overview", Static).update(overview_text(info, self.last_record))
        table = self.query_one("#debug-monitoring", DataTable)
        table.clear()
        table.display = info.monitoring.available and bool(info.monitoring.endpoints)
        for row in info.monitoring.endpoints:
            requests = count(row.total_requests) if row.total_requests is not None else "–"
            table.add_row(Text(clip(row.route, 40)), requests,
                          percent(row.success_rate), millis(row.p50), millis(row.p90), millis(row.p99),
                          key=row.name)
        endpoints = self.query_one("#debug-endpoints", DataTable)
        if endpoints.row_count != len(info.endpoints):
            endpoints.clear()
            styles = {"public": "green", "undocumented": "yellow", "private": "red"}
            for e in info.endpoints:
                visibility = Text(plain(e.visibility), style=styles.get(e.visibility, ""))
                endpoints.add_row(str(e.fn_index), Text(clip(e.route, 40)), visibility,
                                  "yes" if e.generator else "", "yes" if e.queue else "no",
                                  "yes" if e.in_info else "", str(e.parameters), key=str(e.fn_index))
        config = self.query_one("#debug-config", JsonView)
        if config.value is not info.config:
            config.set_json(info.config, "not connected to the app: no config")
        info_view = self.query_one("#debug-info", JsonView)
        if info_view.value is not info.info:
            info_view.set_json(info.info, "the app gave no /info" if info.versions else "not connected to the app")

    def follow_logs(self) -> None:
        for pane in self.query(LogPane):
            if not self.space_id:
                pane.unavailable("not a Hugging Face Space: no build or run logs")
            else:
                pane.follow(self.space_id, client=self.hub_client, token=self.token)

    # --- actions ------------------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.refresh_all()
        for pane in self.query(LogPane):
            if self.space_id and pane.state in ("refused", "failed", "ended"):   # panes that followed
                pane.follow(self.space_id, client=self.hub_client, token=self.token)
        self.app.notify("Gathering again…", timeout=2)

    def report_text(self) -> str | None:
        """The Markdown report: of the last call when there is one, else of the situation."""
        record = self.last_record
        if record is not None:
            from gradio_tui.core import render_report

            stage = self.info.space.stage if self.info is not None and self.info.space is not None else None
            return render_report(self.session, record, stage=stage)
        if self.info is None:
            return None
        logs = self.query_one("#debug-run-log", LogPane).lines
        return render_debug_report(self.info, logs)

    def action_copy_report(self) -> str | None:
        text = self.report_text()
        if text is None:
            self.app.notify("Still gathering: try again in a moment.", severity="warning")
            return None
        what = f"debug report of {self.last_record.route}" if self.last_record is not None else "debug report"
        copy_text(self.app, text, what)
        return text

    def action_back(self) -> None:
        for view in self.query(JsonView):
            if view.has_focus_within and view.clear_filter():
                return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    # --- the owner's token for the logs ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "log_token":
            return bool(self.space_id) and any(pane.state == "refused" for pane in self.query(LogPane))
        return True

    @on(TabbedContent.TabActivated, "#debug-tabs")
    def _log_tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """A log tab whose stream was refused asks for the owner's token (once, unless asked for)."""
        self.refresh_bindings()
        panes = event.pane.query(LogPane) if event.pane is not None else []
        if panes and panes[0].state == "refused" and not self._token_declined:
            self.action_log_token()

    def action_log_token(self) -> None:
        """The token dialog; the token is kept for this Space only and the refused logs follow again."""
        from gradio_tui.tui.screens.credentials import TOKEN, CredentialsDialog

        space_id = self.space_id
        if not space_id:
            return

        def answered(credentials: Any) -> None:
            if credentials is None or not credentials.token:
                self._token_declined = True
                return
            options = getattr(self.app, "connect_options", None)
            if options is not None:
                options.remember(space_id, token=credentials.token)
            self.token = credentials.token
            for pane in self.query(LogPane):
                if pane.state in ("refused", "failed", "ended"):
                    pane.follow(space_id, client=self.hub_client, token=self.token)
            self.refresh_bindings()

        self.app.push_screen(CredentialsDialog(TOKEN, space_id, reason="Its logs need a token of the Space's owner."),
                             answered)

    def show_tab(self, name: str) -> None:
        """``overview``, ``endpoints``, ``config``, ``info``, ``run-log`` or ``build-log``."""
        self.query_one("#debug-tabs", TabbedContent).active = f"debug-tab-{name}"

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("debug: copy report", "Markdown report of the last call or the Space (F8)",
                            self.action_copy_report)
        yield SystemCommand("debug: refresh", "Gather versions, stage, queue and latencies again (F5)",
                            self.action_refresh)
        for name, words in (("overview", "versions, Space, queue, latencies"), ("endpoints", "endpoint ↔ fn_index"),
                            ("config", "raw /config"), ("info", "raw /info"), ("run-log", "the Space's run log"),
                            ("build-log", "the Space's build log")):
            yield SystemCommand(f"debug: show {name.replace('-', ' ')}", words, lambda name=name: self.show_tab(name))
