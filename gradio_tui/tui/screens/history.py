"""The history: every recorded call (CLI and TUI), newest first, with filters and a detail pane.

Filter by words (matched against target and endpoint; ``target:``, ``endpoint:``, ``status:``
narrow to one column) and by status. The detail pane shows the call's arguments, its events
with their times, the timings and the error. A call can be reopened into the form
(``ReopenCall``), run again (``RerunCall``) — the app handles both messages, since only it knows
the connected screens — or exported (snippets, through the clipboard helper). The file is read
in a worker; nothing here writes it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Select, Static

from gradio_tui.core import (
    HIDDEN_ERROR,
    LANGS,
    CallRecord,
    Event,
    HistoryStore,
    clip,
    elided_count,
    events_total,
    plain,
    seconds,
)
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.format import STATUS_MARKS, event_line, value_text

LOAD_LIMIT = 1000
EVENTS_SHOWN = 200
STATUSES = ("complete", "error", "cancelled", "running", "pending")
TIMING_NAMES = (("connect", "connect"), ("join", "join"), ("queue_wait", "in queue"),
                ("first_output", "first output"), ("processing", "processing"), ("total", "total"),
                ("server_duration", "server duration"), ("server_average", "server average"))


class ReopenCall(Message):
    """Open this call's endpoint with its arguments in the form (the app finds or connects the target)."""

    def __init__(self, record: CallRecord) -> None:
        super().__init__()
        self.record = record


class RerunCall(Message):
    """Run this call again, with the same arguments, on its target."""

    def __init__(self, record: CallRecord) -> None:
        super().__init__()
        self.record = record


def once_each(records: list[CallRecord]) -> list[CallRecord]:
    """The newest line of each call (rows are keyed by id; a call saved twice, by the core and
    by a caller of ``save_record``, is one row)."""
    seen: set[str] = set()
    out = []
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            out.append(record)
    return out


def matches(record: CallRecord, query: str, status: str | None = None) -> bool:
    """Every word of ``query`` matches the target or the endpoint; ``status:``, ``target:``,
    ``endpoint:`` words match that column only."""
    if status and record.status != status:
        return False
    target, route = record.target.lower(), record.route.lower()
    for word in query.lower().split():
        key, sep, value = word.partition(":")
        if sep and key == "status":
            if not record.status.startswith(value):
                return False
        elif sep and key == "target":
            if value not in target:
                return False
        elif sep and key in ("endpoint", "api"):
            if value not in route:
                return False
        elif word not in target and word not in route:
            return False
    return True


def when(started_at: float) -> str:
    stamp = dt.datetime.fromtimestamp(started_at)
    return stamp.strftime("%H:%M:%S" if stamp.date() == dt.date.today() else "%Y-%m-%d %H:%M")


def timings_lines(record: CallRecord) -> Text:
    text = Text()
    for key, label in TIMING_NAMES:
        value = getattr(record.timings, key, None)
        text.append(f"  {label:<16}", style="dim")
        text.append(f"{seconds(value, 3)}\n" if value is not None else "–\n")
    return text


def record_detail(record: CallRecord) -> Text:
    """The detail pane: target, status, error, arguments, timings and events with times."""
    mark, style = STATUS_MARKS.get(record.status, ("?", ""))
    text = Text()
    text.append(f"{mark} {plain(record.route)}", style=f"bold {style}")
    text.append(f"  on {plain(record.target)}", style="bold")
    text.append(f"\n{plain(record.root)} · Gradio {plain(record.gradio_version)} · "
                f"{dt.datetime.fromtimestamp(record.started_at):%Y-%m-%d %H:%M:%S} · id {record.id}\n", style="dim")
    if record.status == "error":
        text.append("\nError", style="bold red")
        text.append(f" ({plain(record.error_kind or 'app')})\n", style="red")
        text.append(plain(record.error or HIDDEN_ERROR) + "\n", style="red")
    text.append("\nArguments\n", style="bold")
    args = value_text(record.args) if record.args else "(none)"
    text.append(clip(args, 4000).replace("⏎", "\n") + "\n")
    if record.session_hash:
        text.append(f"session_hash {plain(record.session_hash)}\n", style="dim")
    text.append("\nTimings\n", style="bold")
    text.append_text(timings_lines(record))
    events = [e for e in record.events if e.get("type") != "heartbeat"]
    text.append(f"\nEvents ({events_total(events)})\n", style="bold")
    for data in events[:EVENTS_SHOWN]:
        if elided_count(data):
            text.append(f"… {elided_count(data)} events not kept (a long stream keeps its first and last)\n",
                        style="dim")
            continue
        try:
            text.append_text(event_line(Event.from_json(data)))
        except Exception:  # noqa: BLE001 - a damaged event is shown raw, never fatal
            text.append(clip(json.dumps(data, default=str), 300))
        text.append("\n")
    if len(events) > EVENTS_SHOWN:
        text.append(f"… {events_total(events[EVENTS_SHOWN:])} more events\n", style="dim")
    return text


class HistoryTable(DataTable):
    HELP = """\
## History

Every call made from gradio-tui (the CLI's `call` and the TUI), newest first.

- **Enter** (or **o**) reopens the call in its form · **ctrl+r** runs it again
- **e** copies it as a snippet in the language shown above the table (**l** switches
  curl → Python → JavaScript)
- **/** filters: words match the target or endpoint; `status:error`, `target:acme`,
  `endpoint:/predict` narrow to one column; **↓** or **Enter** goes back to the calls ·
  **F5** reloads
"""


class HistoryFilter(Input):
    """The filter box: ↓ (like Enter) moves into the calls, as the search screen's query does."""

    BINDINGS = [Binding("down", "screen.focus_table", "Calls", show=False, id="history.calls")]


def lang_line(lang: str) -> Text:
    """Which language ``e`` copies in: on screen, not only in a toast."""
    text = Text("snippets: ", style="dim")
    text.append(lang, style="bold")
    text.append(" (l switches)", style="dim")
    return text


class HistoryScreen(Screen):
    CSS_PATH = "history.tcss"
    HELP = HistoryTable.HELP

    BINDINGS = [
        Binding("escape", "back", "Back", id="history.back"),
        Binding("enter,o", "reopen", "Reopen", id="history.reopen", tooltip="Open the call in its form"),
        Binding("ctrl+r", "rerun", "Run again", id="history.rerun", priority=True,
                tooltip="Run the call again with the same arguments"),
        Binding("e", "export", "Copy snippet", id="history.export", tooltip="Copy the call as a snippet"),
        Binding("l", "cycle_lang", "Language", id="history.lang", tooltip="curl → Python → JavaScript"),
        Binding("slash", "focus_filter", "Filter", id="history.filter"),
        Binding("f5", "reload", "Reload", id="history.reload"),
    ]

    def __init__(self, store: HistoryStore | None = None, *, query: str = "", limit: int = LOAD_LIMIT) -> None:
        super().__init__()
        self.store = store or HistoryStore()
        self.limit = limit
        self.initial_query = query
        self.records: list[CallRecord] = []
        self.shown: list[CallRecord] = []
        self.lang = "curl"

    def compose(self) -> ComposeResult:
        yield Static("", id="history-title")
        with Horizontal(id="history-filters"):
            yield HistoryFilter(self.initial_query, placeholder="filter: words, status:error, target:…, endpoint:…",
                                id="history-filter")
            yield Select([(s, s) for s in STATUSES], prompt="any status", id="history-status", compact=True)
            yield Static(lang_line(self.lang), id="history-lang")
        with Horizontal(id="history-body"):
            yield HistoryTable(id="history-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="history-detail-scroll"):
                yield Static(Text("Pick a call on the left.", style="dim"), id="history-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(HistoryTable)
        table.add_columns("when", "", "target", "endpoint", "total", "error")
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.records:
            self.reload()

    # --- loading and filtering ------------------------------------------------------------------
    @work(exclusive=True, group="history-load")
    async def reload(self) -> None:
        try:
            records = await asyncio.to_thread(self.store.load, self.limit)
        except Exception as err:  # noqa: BLE001 - an unreadable history is a message, not a crash
            self.app.notify(f"Cannot read the history: {plain(str(err))}", severity="error", markup=False)
            records = []
        if self not in self.app.screen_stack:
            # Left while the file was read (popped, or switched for a reopened call): the app takes a
            # screen off its stack before it removes its widgets, so this is the test that holds.
            return
        self.records = once_each(records)
        self.refilter()

    @property
    def status_filter(self) -> str | None:
        value = self.query_one("#history-status", Select).value
        return value if isinstance(value, str) else None

    def refilter(self) -> None:
        query = self.query_one("#history-filter", Input).value
        status = self.status_filter
        table = self.query_one(HistoryTable)
        selected = self.selected
        self.shown = [r for r in self.records if matches(r, query, status)]
        table.clear()
        for record in self.shown:
            mark, style = STATUS_MARKS.get(record.status, ("?", ""))
            total = seconds(record.timings.total, 2) if record.timings.total is not None else "–"
            table.add_row(when(record.started_at), Text(mark, style=style), Text(clip(record.target, 40)),
                          Text(clip(record.route, 30)), total, Text(clip(record.error or "", 60), style="red"),
                          key=record.id)   # external text as Text cells: a str cell would be read as markup
        title = Text("History", style="bold")
        title.append(f"  {len(self.shown)} of {len(self.records)} calls · {plain(str(self.store.path))}", style="dim")
        self.query_one("#history-title", Static).update(title)
        if selected is not None and selected in self.shown:
            table.move_cursor(row=self.shown.index(selected))
        self.show_detail(self.selected)

    @on(Input.Changed, "#history-filter")
    @on(Select.Changed, "#history-status")
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#history-filter")
    def _filter_submitted(self) -> None:
        self.action_focus_table()

    def action_focus_table(self) -> None:
        self.query_one(HistoryTable).focus()

    # --- the selected call ------------------------------------------------------------------------
    @property
    def selected(self) -> CallRecord | None:
        table = self.query_one(HistoryTable)
        if not self.shown or table.cursor_row is None or not (0 <= table.cursor_row < len(self.shown)):
            return None
        return self.shown[table.cursor_row]

    def select(self, record_id: str) -> bool:
        """Move the cursor to the call with this id (if shown)."""
        for index, record in enumerate(self.shown):
            if record.id == record_id:
                self.query_one(HistoryTable).move_cursor(row=index)
                self.show_detail(record)
                return True
        return False

    def show_detail(self, record: CallRecord | None) -> None:
        detail = self.query_one("#history-detail", Static)
        if record is None:
            words = "No calls recorded yet." if not self.records else "No call matches the filter."
            detail.update(Text(words, style="dim"))
            return
        detail.update(record_detail(record))

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self) -> None:
        self.show_detail(self.selected)

    @on(DataTable.RowSelected, "#history-table")
    def _row_selected(self) -> None:
        self.action_reopen()

    # --- actions -------------------------------------------------------------------------------
    def _need_selected(self) -> CallRecord | None:
        record = self.selected
        if record is None:
            self.app.notify("Pick a call first.", severity="warning")
        return record

    def action_reopen(self) -> None:
        record = self._need_selected()
        if record is not None:
            self.post_message(ReopenCall(record))

    def action_rerun(self) -> None:
        record = self._need_selected()
        if record is not None:
            self.post_message(RerunCall(record))

    def action_export(self, lang: str | None = None) -> str | None:
        record = self._need_selected()
        if record is None:
            return None
        from gradio_tui.core import render

        lang = lang or self.lang
        try:
            text = render(record, lang)
        except Exception as err:  # noqa: BLE001 - a record the snippets cannot express
            self.app.notify(f"No {lang} snippet for this call: {plain(str(err))}", severity="error", markup=False)
            return None
        copy_text(self.app, text, f"{lang} snippet of {record.route}")
        return text

    def action_copy_report(self) -> str | None:
        record = self._need_selected()
        if record is None:
            return None
        from gradio_tui.core import render_report

        text = render_report(None, record)
        copy_text(self.app, text, f"debug report of {record.route}")
        return text

    def action_cycle_lang(self) -> None:
        self.lang = LANGS[(LANGS.index(self.lang) + 1) % len(LANGS)]
        self.query_one("#history-lang", Static).update(lang_line(self.lang))

    def action_focus_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.value:
            focused.value = ""
            return
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("history: reopen in the form", "Open the selected call's endpoint with its arguments",
                            self.action_reopen)
        yield SystemCommand("history: run again", "Run the selected call again (ctrl+r)", self.action_rerun)
        for lang in LANGS:
            yield SystemCommand(f"history: copy as {lang}", "Copy the selected call as a snippet",
                                lambda lang=lang: self.action_export(lang))
        yield SystemCommand("history: copy debug report", "Markdown: arguments, events, error, curl",
                            self.action_copy_report)
        yield SystemCommand("history: only errors", "Show the failed calls",
                            lambda: setattr(self.query_one("#history-status", Select), "value", "error"))
        yield SystemCommand("history: reload", "Read the history file again (F5)", self.action_reload)
