"""What the app needs to offer history, the debug view and the debug report.

Wire it in with ``DebuggingActions`` as a base of the app (its key bindings in ``BINDINGS``, its
palette entries from ``system_commands``); the core records every call when it ends::

    class GradioTuiApp(DebuggingActions, App[int]):
        BINDINGS = [..., *debugging.BINDINGS]
        def get_system_commands(self, screen):
            ...
            yield from debugging.system_commands(self, screen)

The actions are plain functions too (``open_history``, ``open_debug``, ``copy_report``,
``view_report``: F8 shows the report to copy or save, so it works without a clipboard), and
``reopen`` puts a recorded call back into its form (``run=True`` runs it).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from gradio_tui.core import plain
from gradio_tui.tui.clipboard import copy_text

if TYPE_CHECKING:  # the screens load on first use: a cold start draws the search pane sooner
    from gradio_tui.core import CallRecord, HistoryStore, Job, Session
    from gradio_tui.tui.screens.connected import AppScreen
    from gradio_tui.tui.screens.debug import DebugScreen
    from gradio_tui.tui.screens.history import HistoryScreen, ReopenCall, RerunCall
    from gradio_tui.tui.screens.report import ReportScreen
    from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser

#: Palette entries (``area: action``): name, help, the app action that does it.
COMMANDS = (
    ("debug: open debug view", "Versions, Space stage, queue, latencies, raw config, logs (F6)", "debug_view"),
    ("history: browse", "Every recorded call: filter, reopen, run again, export (F7)", "history"),
    ("debug: view report", "Markdown report of the last call: arguments, events, error, curl (F8)", "view_report"),
    ("debug: copy report", "Copy the Markdown report of the last call", "copy_report"),
    ("debug: save report…", "Save the Markdown report of the last call to a file", "save_report"),
)

#: App-level bindings (ids are remappable in keymap.toml). F8 on the debug view copies its report.
BINDINGS = [
    Binding("f6", "debug_view", "Debug", id="debug.open", tooltip="The debug view of this app"),
    Binding("f7", "history", "History", id="history.open", tooltip="Every recorded call"),
    Binding("f8", "view_report", "Report", id="debug.copy_report", show=False,
            tooltip="View, copy (c) or save (s) a Markdown debug report of the last call"),
]

CONNECT_WAIT = 300.0


def __getattr__(name: str) -> Any:
    """``save_record``, re-exported for callers that keep a record themselves, loaded on first use:
    the history module (and the event model under it) is no part of a cold start's first frame."""
    if name == "save_record":
        from gradio_tui.core import save_record

        return save_record
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def showing(screen: Screen[Any], module: str, name: str) -> bool:
    """``isinstance(screen, screens.<module>.<name>)`` without importing the module (if it was
    never imported, no such screen exists)."""
    loaded = sys.modules.get(f"{__package__}.screens.{module}")
    return loaded is not None and isinstance(screen, getattr(loaded, name))


def current_session(app: App[Any]) -> Session | None:
    """The session of the app screen in front (or the nearest one below)."""
    for screen in reversed(app.screen_stack):
        session = getattr(screen, "session", None)
        if session is not None and hasattr(session, "schema"):
            return session
    return None


def _space_of(app: App) -> str | None:
    """The Space id of the app screen in front when it could not connect (a broken Space)."""
    from gradio_tui.core import parse_target

    for screen in reversed(app.screen_stack):
        src = getattr(screen, "src", None)
        if src:
            try:
                return parse_target(src).space_id
            except Exception:  # noqa: BLE001 - not a target we can read: no Space
                return None
    return None


def open_history(app: App, *, query: str = "", store: HistoryStore | None = None) -> HistoryScreen:
    from gradio_tui.tui.screens.history import HistoryScreen

    if isinstance(app.screen, HistoryScreen):
        app.screen.reload()
        return app.screen
    screen = HistoryScreen(store, query=query)
    app.push_screen(screen)
    return screen


def open_debug(app: App[Any], session: Session | None = None, *, space_id: str | None = None,
               token: str | None = None) -> DebugScreen | None:
    """The debug view of ``session`` (default: the app in front); without a session, of the
    Space the failed screen was connecting to, so a crashed Space still shows its stage and logs."""
    from gradio_tui.tui.screens.debug import DebugScreen

    if isinstance(app.screen, DebugScreen):
        return app.screen
    session = session if session is not None else current_session(app)
    space_id = space_id or (None if session is not None else _space_of(app))
    if session is None and not space_id:
        app.notify("Connect to an app first (ctrl+o).", severity="warning")
        return None
    options = getattr(app, "connect_options", None)
    if token is None and options is not None and session is None and space_id:
        token = options.for_target(space_id).token     # None: the session's own, or the environment's
    screen = DebugScreen(session, space_id=space_id, token=token)
    app.push_screen(screen)
    return screen


def copy_report(app: App[Any], session: Session | None = None, record: CallRecord | None = None) -> str | None:
    """Copy ``render_report(session, record)`` (default: the last call of the app in front)."""
    screen = app.screen
    if record is None and (showing(screen, "debug", "DebugScreen") or showing(screen, "history", "HistoryScreen")):
        return cast("DebugScreen | HistoryScreen", screen).action_copy_report()
    report = report_of(app, session, record)
    if report is None:
        return None
    copy_text(app, report[0], report[1])
    return report[0]


def view_report(app: App[Any], *, save: bool = False) -> ReportScreen | None:
    """F8: show the report ``copy_report`` would copy (of the call in the history or debug view
    in front, else the last call of the app in front), to read, copy or save; ``save`` opens
    its save dialog at once."""
    from gradio_tui.core import safe_filename
    from gradio_tui.tui.screens.report import ReportScreen

    screen = app.screen
    if showing(screen, "report", "ReportScreen"):
        return cast("ReportScreen", screen)
    report: tuple[str, str, CallRecord | None] | None
    if showing(screen, "debug", "DebugScreen"):
        debug = cast("DebugScreen", screen)
        text = debug.report_text()
        if text is None:
            app.notify("Still gathering: try again in a moment.", severity="warning")
            return None
        record = debug.last_record
        report = (text, f"debug report of {record.route}" if record is not None else "debug report", record)
    elif showing(screen, "history", "HistoryScreen"):
        record = cast("HistoryScreen", screen).selected
        if record is None:
            app.notify("Pick a call first.", severity="warning")
            return None
        report = report_of(app, None, record, session_free=True)
    else:
        report = report_of(app)
    if report is None:
        return None
    text, what, record = report
    name = safe_filename(f"report-{(record.api_name or f'fn{record.fn_index}') if record else 'app'}.md"
                         .replace("/", "_"), "report.md")
    view = ReportScreen(text, what, name)
    app.push_screen(view)
    if save:
        view.call_after_refresh(view.action_save)
    return view


def report_of(app: App[Any], session: Session | None = None, record: CallRecord | None = None, *,
              session_free: bool = False) -> tuple[str, str, CallRecord | None] | None:
    """The report's text, what it is about (for toasts and titles) and its call; None (said
    in a toast) when there is no call yet. ``session_free``: a history record, on its own."""
    session = None if session_free else (session if session is not None else current_session(app))
    if record is None:
        from gradio_tui.tui.screens.debug import last_record

        record = last_record(session)
    if record is None:
        app.notify("No call yet: the report shows the last call. F6 opens the debug view (its F8 reports the "
                   "app's state).", severity="warning")
        return None
    from gradio_tui.core import render_report

    space = getattr(session, "space_info", None)
    text = render_report(session, record, stage=getattr(space, "stage", None))
    return text, f"debug report of {record.route}", record


def resubmit(session: Session, record: CallRecord) -> Job:
    """The same call again through the core: a new ``Job`` (and a new record) on ``session``."""
    return session.submit(record.route, [], dict(record.args), allow_private=True)


# --- reopening a recorded call in the form --------------------------------------------------------

def _screen_for(app: App[Any], record: CallRecord) -> AppScreen | None:
    """The connected screen of ``record``'s app (known by what it has: its module loads on first use)."""
    for screen in reversed(app.screen_stack):
        session = getattr(screen, "session", None)
        if session is None or not hasattr(screen, "jump_to"):
            continue
        if session.target.display == record.target or session.schema.root == record.root:
            return cast("AppScreen", screen)
    return None


async def _fill(app: App[Any], screen: AppScreen, record: CallRecord, run: bool) -> bool:
    try:
        endpoint = cast("Session", screen.session).schema.endpoint(record.route, allow_private=True)
    except Exception as err:  # noqa: BLE001 - the app changed since the call
        app.notify(f"{plain(record.route)} is not in this app any more: {plain(str(err))}", severity="error",
                   markup=False)
        return False
    cast("EndpointBrowser", screen.query_one("EndpointBrowser")).highlight(endpoint)
    screen.show_endpoint(endpoint, focus=True, form=True)
    form = screen.current_center()
    deadline = time.monotonic() + 5
    while not (form.query("#run-button") and screen.side_ready) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)      # a new form still composing, the run panel not up yet
    form.set_values(dict(record.args))
    form.set_event_data(record.event_data)
    if run:
        await asyncio.sleep(0)
        return screen.run_form(form) is not None
    return True


async def _may_close_sessions(app: App[Any], record: CallRecord) -> bool:
    """Opening another app closes the one open now: when its session holds runs (and State),
    ask first, and say what was kept when the answer is no."""
    from gradio_tui.tui.screens.confirm import ConfirmDialog

    for screen in app.screen_stack:
        session = getattr(screen, "session", None)
        if session is None or not hasattr(screen, "jump_to") or not session.records:
            continue
        current = plain(session.target.display)
        question = (f"Open {plain(record.target)} for {plain(record.route)}?\n\nThis closes {current} and its "
                    f"session: {len(session.records)} run(s), their export and the app's State for them.")
        if not await app.push_screen(ConfirmDialog(question, yes="Open (close it)", no="Keep it"),
                                     wait_for_dismiss=True):
            app.notify(f"Kept {current} and its runs: nothing opened.", markup=False)
            return False
    return True


async def reopen(app: App[Any], record: CallRecord, *, run: bool = False, wait: float = CONNECT_WAIT) -> bool:
    """Show ``record``'s endpoint with its arguments in the form of its app (connecting to its
    target first if no screen has it); ``run`` then runs it as ctrl+r would."""
    screen = _screen_for(app, record)
    if screen is None:
        opener = getattr(app, "open_target", None)
        if opener is None:
            app.notify("This app cannot open targets.", severity="error")
            return False
        if not await _may_close_sessions(app, record):
            return False
        opener(record.target)
        deadline = time.monotonic() + wait
        while (screen := _screen_for(app, record)) is None:
            if time.monotonic() > deadline or getattr(app.screen, "has_class", lambda _: False)("-failed"):
                return False
            await asyncio.sleep(0.1)
    while app.screen is not screen and len(app.screen_stack) > 1:
        await app.pop_screen()
    return await _fill(app, screen, record, run)


if TYPE_CHECKING:
    _AppBase = App[int]     # the mixin's methods run on the app: the checker sees them there
else:
    _AppBase = object


class DebuggingActions(_AppBase):
    """App mixin: F6 debug view, F7 history, F8 report, and ``ReopenCall`` / ``RerunCall``."""

    def action_debug_view(self) -> None:
        open_debug(self)

    def action_history(self) -> None:
        open_history(self)

    def action_copy_report(self) -> None:
        copy_report(self)

    def action_view_report(self) -> None:
        view_report(self)

    def on_reopen_call(self, message: ReopenCall) -> None:
        self.run_worker(reopen(self, message.record), group="reopen", exclusive=True)

    def on_rerun_call(self, message: RerunCall) -> None:
        self.run_worker(reopen(self, message.record, run=True),
                        group="reopen", exclusive=True)


def system_commands(app: App, screen: Screen) -> Iterable[SystemCommand]:
    """The palette entries of ``COMMANDS`` (the screens add their own through ``palette_commands``)."""
    actions = {"debug_view": lambda: open_debug(app), "history": lambda: open_history(app),
               "copy_report": lambda: copy_report(app), "view_report": lambda: view_report(app),
               "save_report": lambda: view_report(app, save=True)}
    for name, help_text, action in COMMANDS:
        if action == "debug_view" and showing(screen, "debug", "DebugScreen"):
            continue
        if action == "history" and showing(screen, "history", "HistoryScreen"):
            continue
        yield SystemCommand(name, help_text, actions[action])
