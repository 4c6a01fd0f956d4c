"""The screen of one connected app: header, endpoints, form (or chat), runs and export.

It connects in a worker (the header shows the Space's stage and the time while it wakes), then
lays the app's endpoints out. Calls go through ``Runner``; nothing here speaks HTTP.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, LoadingIndicator, Static, TabbedContent

from gradio_tui.core import ArgumentError, ConnectError, Endpoint, GradioTuiError, StageEvent, plain
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.format import is_chat, safe
from gradio_tui.tui.keymap import keys_of
from gradio_tui.tui.options import Credentials
from gradio_tui.tui.runner import Runner
from gradio_tui.tui.runs import RunState
from gradio_tui.tui.screens import connected_layout
from gradio_tui.tui.screens.connected_layout import PaneLayout
from gradio_tui.tui.screens.connected_side import SideMount, needs_side
from gradio_tui.tui.widgets.app_header import AppHeader
from gradio_tui.tui.widgets.chat_view import ChatLink, ChatView
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.export_panel import SCOPE_TITLES, ExportPanel, SnippetView
from gradio_tui.tui.widgets.fields import FileField
from gradio_tui.tui.widgets.footer import AppFooter
from gradio_tui.tui.widgets.param_form import ParamForm
from gradio_tui.tui.widgets.result_view import ResultView
from gradio_tui.tui.widgets.run_panel import RunList, RunPanel

if TYPE_CHECKING:
    from textual.timer import Timer

    from gradio_tui.core import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.connect_failure import ConnectFailure


PartT = TypeVar("PartT", bound=Widget)
FORM_EXPORT_DELAY = 0.3   # seconds after the last edit before the form's snippet is rendered again


def as_file_name(target: str, value: dict[str, Any]) -> bool:
    """Whether a typed save path names the file (else the folder it goes into, keeping its name):
    not a folder that is there, no trailing ``/``, and with a type when the file has one
    (``out`` is a folder for ``report.txt``; ``copy.txt`` is its new name)."""
    path = Path(target).expanduser()
    if target.endswith(("/", os.sep)) or path.is_dir():
        return False
    from gradio_tui.core import safe_filename

    has_type = bool(Path(safe_filename(value.get("orig_name") or value.get("path"))).suffix)
    return bool(path.suffix) or not has_type

#: the binding id behind each key a failed connection offers (connect_failure words them by default key)
STEP_BINDINGS = {"r": "connect.retry", "ctrl+o": "open", "F6": "connect.log", "escape": "connect.back"}


class AppScreen(PaneLayout, SideMount, Screen):
    CSS_PATH = ["connected.tcss", "../widgets/form.tcss", "../widgets/runs.tcss", "../widgets/image_view.tcss"]
    # The screen places the focus itself (the first field once connected, none while not): Textual's
    # auto-focus would pick the first focusable widget, even one not displayed (the endpoint filter).
    AUTO_FOCUS = ""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]   # narrow: form above runs

    HELP = """\
## A connected app

Left: the app's **endpoints**. Middle: the **form** of the one you picked (or the
**chat** view of a chat endpoint). Right: the **runs** — queue bar, live event log,
result — and the **export** panel (curl, Python, JavaScript).

The journey: pick an endpoint (Enter) → fill the form → **ctrl+r** → watch it run →
**ctrl+t** for the export → **c** copies it.

When it cannot connect, the middle says why and what to do: **l** types the login or the
token it needs, **F6** shows a broken Space's log, **r** retries, **Escape** goes back.
"""

    BINDINGS = [
        Binding("ctrl+r,f5", "run", "Run", id="run", priority=True, tooltip="Run the endpoint with the form's values"),
        Binding("ctrl+g", "cancel", "Cancel", id="cancel", priority=True, tooltip="Cancel the selected run"),
        Binding("ctrl+t", "toggle_export", "Export", id="export", priority=True,
                tooltip="Switch between the run view and the export panel"),
        Binding("f2", "toggle_raw", "Raw", id="raw", tooltip="Decoded events or raw SSE frames"),
        Binding("ctrl+n", "reset_session", "New session", id="reset", priority=True,
                tooltip="A new session: State and chat history start over"),
        Binding("ctrl+o", "app.open_search", "Open…", id="open", priority=True),
        Binding("f3", "focus_endpoints", "Endpoints", id="focus.endpoints", show=False,
                tooltip="Focus the endpoint list"),
        Binding("f4", "focus_form", "Form", id="focus.form", show=False,
                tooltip="Focus the form (or the chat's message box)"),
        Binding("f10", "open_mcp", "MCP", id="mcp.open", tooltip="The app's MCP tools (when it runs an MCP server)"),
        Binding("f9", "toggle_chat", "Chat/Form", id="chat.toggle",
                tooltip="A chat endpoint: its chat view or its form"),
        *connected_layout.BINDINGS,
        # while connecting or after it failed (check_action): the next steps
        Binding("l", "credentials('login')", "Log in…", id="connect.login", tooltip="Type the username and password"),
        Binding("l", "credentials('token')", "Token…", id="connect.token", tooltip="Type an HF token that can see it"),
        Binding("f6", "failure_log", "Run log", id="connect.log", tooltip="The Space's log says why it fails"),
        Binding("r", "retry", "Retry", id="connect.retry", tooltip="Connect again"),
        Binding("ctrl+n", "retry", "Retry", id="connect.retry.ctrl", show=False),
        Binding("escape", "back", "Back", id="connect.back", tooltip="Back to where you came from"),
    ]

    if TYPE_CHECKING:
        app: GradioTuiApp   # the running app, typed: its connect options, sessions and navigation

    def __init__(self, src: str | None = None, session: Session | None = None) -> None:
        super().__init__()
        from gradio_tui.core import redact_userinfo

        self._login_src = src          # a URL's user:password is its login: used to connect, never shown
        self.src = redact_userinfo(src) if src else (session.target.display if session is not None else "")
        self.session: Session | None = session
        self.endpoint: Endpoint | None = None
        self.runner = Runner(self)
        self._chat_views: dict[int, ChatView] = {}
        self._form_instead_of_chat: set[int] = set()
        self._form_timer: Timer | None = None
        self._parts: dict[str, Widget] = {}
        self._early: asyncio.Future[Session] | None = None      # connect_early's connect, until taken up
        self._early_stages: list[StageEvent] = []                # its stages until the header shows them
        self._stage_sink: Callable[[StageEvent], None] | None = None
        self._export_stale = True       # the export tab shows a snippet older than the form or the runs
        self.failure: ConnectFailure | None = None   # why the last connection failed (None: it did not)
        self._declined = False                       # Escape in the credentials dialog: do not ask again by itself

    # --- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.preset_size_classes()
        yield AppHeader(id="app-header")
        with Vertical(id="connect-status"):
            yield LoadingIndicator(id="connect-spinner")
            yield Static("", id="connect-message")
        with Horizontal(id="body"):
            yield EndpointBrowser(id="endpoints")
            with ContentSwitcher(id="center"):
                yield Static(Text("Pick an endpoint on the left (Enter).", style="dim"), id="center-empty")
            # the side (runs, export) is mounted once the first form is drawn: connected_side
        yield AppFooter()

    def _part(self, selector: str, kind: type[PartT]) -> PartT:
        """A widget of the screen's own layout, found once: a query walks every form mounted so
        far (they stay mounted), and an endpoint switch asked for four of them on every key."""
        found = self._parts.get(selector)
        if not isinstance(found, kind) or not found.is_attached:
            found = self._parts[selector] = self.query_one(selector, kind)
        return found

    @property
    def center(self) -> ContentSwitcher:
        return self._part("#center", ContentSwitcher)

    @property
    def side(self) -> TabbedContent:
        return self._part("#side", TabbedContent)

    def on_mount(self) -> None:
        self.center.current = "center-empty"
        if self.session is not None:
            self._connected(self.session)
        else:
            self._show_status(True)      # before the first frame: no flash of the empty body
            self.connect()

    def on_unmount(self) -> None:
        self.release_frames()
        self._drop_early()
        if self.session is not None:
            self.app.retire_session(self.session)
            self.session = None

    # --- connecting ----------------------------------------------------------------------------
    def connect_early(self) -> None:
        """Start ``Session.connect`` now, before the screen composes: its requests then overlap the
        compose and the first frames (launch → form, issue 16). ``connect`` takes it up; stages seen
        before the header exists are kept for it."""
        if self.session is None and self._early is None and self.src:
            self._early = asyncio.ensure_future(self._session_connect(self._early_stage))

    def _early_stage(self, event: StageEvent) -> None:
        if self._stage_sink is not None:
            self._stage_sink(event)
        else:
            self._early_stages.append(event)

    def _session_connect(self, on_stage: Callable[[StageEvent], None]) -> Coroutine[Any, Any, Session]:
        from gradio_tui.core import Session

        options = self.app.connect_options
        credentials = options.for_target(self.src)   # the command line's token and password: their target only
        return Session.connect(self._login_src or self.src, token=credentials.token, auth=credentials.auth,
                               timeout=options.timeout, wait=options.wait, on_stage=on_stage,
                               env_login=credentials.env_login)

    def _drop_early(self) -> None:
        """A connect started early and never taken up: cancelled, or its session closed."""
        early, self._early = self._early, None
        if early is None:
            return
        if not early.done():
            early.cancel()
        elif not early.cancelled() and early.exception() is None:
            self.app.retire_session(early.result())

    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        self._show_status(True)
        self.set_class(False, "-failed")
        header = self.query_one(AppHeader)
        header.connecting(self.src)
        self.query_one("#connect-message", Static).update(Text(f"Connecting to {plain(self.src)}…", style="dim"))

        def on_stage(event: StageEvent) -> None:
            header.on_stage(event.stage, event.elapsed)

        early, self._early = self._early, None
        if early is not None:
            for event in self._early_stages:
                on_stage(event)
            self._early_stages, self._stage_sink = [], on_stage
        try:
            session = await (early if early is not None else self._session_connect(on_stage))
        except Exception as err:  # noqa: BLE001 - never crash on a connect failure
            self._connect_failed(err)
            return
        self.failure = None
        self.session = session
        self._connected(session)

    @property
    def space_id(self) -> str | None:
        from gradio_tui.core import parse_target

        try:
            return parse_target(self.src).space_id if self.src else None
        except (GradioTuiError, ValueError):
            return None

    def _show_status(self, shown: bool) -> None:
        """The connect status in place of the body, or the body back: the display of two widgets.
        (A class on the screen did it, and restyled every widget of the screen on the way to the
        first form: the slowest step between "connected" and a drawn form.)"""
        self.query_one("#connect-status").display = shown
        self.query_one("#body").display = not shown

    def _connect_failed(self, err: BaseException) -> None:
        """One message, in the middle, with the next steps as keys (the header only says it failed)."""
        self.query("#connect-spinner").remove()
        self._show_status(True)
        self.set_class(True, "-failed")
        from gradio_tui.tui.screens.connect_failure import describe_failure   # (its dialogs load when used)

        failure = self.failure = describe_failure(err, space=self.space_id is not None)
        if failure.problem:
            self.app.connect_options.forget(self.src)      # refused: never sent again
        self.query_one(AppHeader).failed(self.src)
        text = Text()
        text.append(failure.message, style="red")
        text.append("\n")
        for key, words in failure.next_steps(space=self.space_id is not None):
            key = keys_of(self.app, STEP_BINDINGS.get(key, ""), key).split(",")[0]   # as keymap.toml has it
            text.append("\n")
            text.append(f"{key:>8}", style="bold cyan")
            text.append(f"  {words}")
        self.query_one("#connect-message", Static).update(text)
        self.set_focus(None)               # the hidden panes' keys do not apply
        self.refresh_bindings()
        if failure.asks and not self._declined:
            self.action_credentials()

    def action_credentials(self, kind: str | None = None) -> None:
        """The login or token dialog; its answer is kept for this target's scope and used at once."""
        from gradio_tui.tui.screens.credentials import CredentialsDialog

        failure = self.failure
        if failure is None or not failure.asks:
            return
        self._declined = False

        def answered(credentials: Credentials | None) -> None:
            if credentials is None:
                self._declined = True
                return
            self.app.connect_options.remember(self.src, token=credentials.token,
                                              login=credentials.auth if isinstance(credentials.auth, tuple) else None)
            self.connect()

        reason = failure.message if not failure.problem else ""
        self.app.push_screen(CredentialsDialog(failure.asks, self.src, reason=reason, problem=failure.problem),
                             answered)

    def action_retry(self) -> None:
        if self.session is None and self.has_class("-failed"):
            self.connect()

    def action_failure_log(self) -> None:
        """F6 on a Space that cannot start: its debug view, on the log that says why."""
        from gradio_tui.tui.screens.debug import DebugScreen

        self.app.action_debug_view()
        screen = self.app.screen
        if isinstance(screen, DebugScreen):
            screen.initial_tab = f"{(self.failure.log if self.failure else None) or 'run'}-log"

    def action_back(self) -> None:
        self.workers.cancel_group(self, "connect")
        self.app.go_back_from(self)

    def _connected(self, session: Session) -> None:
        self.hold_frames()                 # the next frame is the first form's (connected_side)
        self.query("#connect-spinner").remove()
        self._show_status(False)
        self.set_class(False, "-failed")
        self.query_one(AppHeader).connected(session)
        browser = self.query_one(EndpointBrowser)
        browser.set_endpoints(session.schema.endpoints)
        self.app.connected(self)
        self.refresh_bindings()
        self._focus_first_endpoint(browser)
        self.side_after_form()
        if not session.schema.endpoints:
            self.query_one("#center-empty", Static).update(Text("This app has no API endpoints.", style="yellow"))

    def _focus_first_endpoint(self, browser: EndpointBrowser) -> None:
        """Open the first endpoint with the focus in its first field (a chat's message box), so
        what the user types first goes there; with no endpoint the list keeps the focus."""
        shown = browser.shown_endpoints()
        if shown:
            self.show_endpoint(shown[0], focus=True)
        else:
            self.query_one(EndpointList).focus()

    # --- endpoints, forms and chats ----------------------------------------------------------------
    def show_endpoint(self, endpoint: Endpoint, focus: bool = False, form: bool | None = None) -> None:
        if form is True:
            self._form_instead_of_chat.add(endpoint.fn_index)
        elif form is False:
            self._form_instead_of_chat.discard(endpoint.fn_index)
        chat = is_chat(endpoint) and endpoint.fn_index not in self._form_instead_of_chat
        switcher = self.center
        widget_id = f"{'chat' if chat else 'form'}-{endpoint.fn_index}"
        widget: ChatView | ParamForm
        try:
            widget = cast("ChatView | ParamForm", switcher.get_child_by_id(widget_id))
        except NoMatches:
            if chat:
                widget = self._chat_views[endpoint.fn_index] = ChatView(endpoint, id=widget_id)
            else:
                widget = ParamForm(endpoint, id=widget_id)
            self.center_mount = switcher.mount(widget)
            if isinstance(widget, ParamForm) and is_chat(endpoint):
                self._link_back_to_chat(widget)
        was_chat = self.endpoint is not None and is_chat(self.endpoint)
        self.endpoint = endpoint
        switcher.current = widget_id
        self.call_after_refresh(self._sync_form_export)
        if was_chat != is_chat(endpoint) or form is not None:
            # only f9 (chat/form) depends on the endpoint: refreshing the bindings rebuilds the
            # whole footer, a third of an endpoint switch's time on a loaded machine
            self.refresh_bindings()
        if focus:
            self.call_after_refresh(self._focus_center)

    def _focus_center(self) -> None:
        widget = self.current_center()
        if isinstance(widget, ParamForm):
            widget.focus_first()
        elif isinstance(widget, ChatView):
            widget.focus_input()

    def current_center(self) -> Any:
        return self.center.visible_content

    def jump_to(self, endpoint: Endpoint) -> None:
        self.query_one(EndpointBrowser).highlight(endpoint)
        self.show_endpoint(endpoint, focus=True)

    @on(EndpointBrowser.Highlighted)
    def _endpoint_highlighted(self, event: EndpointBrowser.Highlighted) -> None:
        self.show_endpoint(event.endpoint)

    @on(EndpointBrowser.Picked)
    def _endpoint_picked(self, event: EndpointBrowser.Picked) -> None:
        self.show_endpoint(event.endpoint, focus=True)

    @on(ChatView.ShowForm)
    def _chat_form(self, event: ChatView.ShowForm) -> None:
        self.show_endpoint(event.endpoint, focus=True, form=True)

    @on(ChatView.ShowChat)
    def _chat_back(self, event: ChatView.ShowChat) -> None:
        event.stop()
        self.show_endpoint(event.endpoint, focus=True, form=False)

    def _link_back_to_chat(self, form: ParamForm) -> None:
        """The form of a chat endpoint: a bar at its top goes back to the chat view."""
        def mount() -> None:
            if form.children:
                form.mount(ChatLink(form.endpoint), before=0)
            else:
                form.mount(ChatLink(form.endpoint))

        form.call_after_refresh(mount)

    def action_toggle_chat(self) -> None:
        endpoint = self.endpoint
        if endpoint is None or not is_chat(endpoint):
            self.app.notify("Not a chat endpoint: it has only its form.", severity="warning")
            return
        self.show_endpoint(endpoint, focus=True, form=endpoint.fn_index not in self._form_instead_of_chat)

    @on(ChatView.NewConversation)
    def _chat_new(self, event: ChatView.NewConversation) -> None:
        event.stop()
        self.action_reset_session()          # the "New chat" button is ctrl+n

    # --- running --------------------------------------------------------------------------------
    def action_run(self) -> None:
        widget = self.current_center()
        if self.session is None:
            self.app.notify("Not connected yet.", severity="warning")
        elif isinstance(widget, ParamForm):
            self.run_form(widget)
        elif isinstance(widget, ChatView):
            widget._send()
        else:
            self.app.notify("Pick an endpoint first.", severity="warning")

    @on(ParamForm.RunRequested)
    def _form_run(self, event: ParamForm.RunRequested) -> None:
        self.run_form(event.form)

    @on(ParamForm.CancelRequested)
    def _form_cancel(self) -> None:
        self.action_cancel()

    @on(FileField.Browse)
    def _browse(self, event: FileField.Browse) -> None:
        """A file field's "Browse…": the picker is a screen, so the screen opens it (a widget
        never imports a screen); the path picked goes back to the field."""
        event.stop()
        field = event.field

        def picked(path: str | None) -> None:
            if path:
                field.add_picked(path)
                field.focus_control()

        from gradio_tui.tui.screens.dialogs import FilePicker

        self.app.push_screen(FilePicker(field.browse_from()), picked)

    def run_form(self, form: ParamForm) -> RunState | None:
        values, errors = form.collect()
        if errors:
            names = plain(", ".join(errors))
            self.app.notify(f"Fix {len(errors)} field(s) first: {names}", title="Not sent",
                            severity="warning", markup=False)
            form.focus_first(errors_first=True)
            return None
        if not self.side_ready:          # pressed before the run panel is up: sent once it is
            self.with_side(lambda: self._submit_form(form, values))
            return None
        return self._submit_form(form, values)

    def _submit_form(self, form: ParamForm, values: dict[str, Any]) -> RunState | None:
        try:
            run = self.runner.submit(form.endpoint, [], values, event_data=form.event_data())
        except ArgumentError as err:
            if not form.show_error(err.param, str(err)):
                self.app.notify(plain(str(err)), title="Not sent", severity="error", markup=False)
            return None
        except GradioTuiError as err:
            self.app.notify(plain(str(err)), title="Not sent", severity="error", markup=False)
            return None
        self._added(run)
        return run

    def _added(self, run: RunState) -> None:
        self.run_panel.add_run(run)
        self.side.active = "tab-run"
        self._sync_export()

    @on(ChatView.Send)
    @needs_side
    def _chat_send(self, event: ChatView.Send) -> None:
        view, endpoint = event.view, event.view.endpoint
        first = endpoint.parameters[0]
        multimodal = first.component.lower() == "multimodaltextbox" or "dict" in first.python_type
        message: Any = {"text": event.text, "files": []} if multimodal else event.text
        try:
            run = self.runner.submit(endpoint, [message], {})
        except GradioTuiError as err:
            self.app.notify(plain(str(err)) + " — try the form view", title="Not sent", severity="error",
                            markup=False)
            return
        run.chat = True
        view.add_user(event.text)
        view.add_reply(run)
        self._added(run)

    @on(RunPanel.Updated)
    def _run_updated(self, event: RunPanel.Updated) -> None:
        run = event.run
        if run.chat and run.endpoint is not None:
            view = self._chat_views.get(run.endpoint.fn_index)
            if view is not None:
                view.update_reply(run)
        if run is self.run_panel.selected and run.finished:
            self._sync_export()
        if run.finished:
            self._note_reachable(run)

    def _note_reachable(self, run: RunState) -> None:
        """A call that could not reach the app marks it unreachable in the header; one that
        got an answer marks it reachable again."""
        if run.status == "complete" or (run.status == "error" and not isinstance(run.state.error, ConnectError)):
            self.query_one(AppHeader).reachable(True)
        elif run.status == "error":
            self.query_one(AppHeader).reachable(False, run.error or "")

    @on(RunPanel.Selected)
    def _run_selected(self, event: RunPanel.Selected) -> None:
        self._sync_export()

    @needs_side
    def action_cancel(self) -> None:
        run = self.run_panel.selected
        if run is None or not run.active:
            self.app.notify("No running call is selected (pick one in the run list).", severity="warning")
            return
        self.app.notify(f"Cancelling #{run.number} {run.route}…", markup=False)
        self.run_worker(self.runner.cancel(run), group="cancel", exit_on_error=False)

    def action_reset_session(self) -> None:
        if self.session is None:
            if self.has_class("-failed"):
                self.connect()
            return
        self.session.reset()
        for view in self._chat_views.values():
            view.clear()
        self.app.notify("New session: State and chat history start over.", title="Session reset")

    # --- export and files ----------------------------------------------------------------------
    def _export_hidden(self) -> bool:
        """The export tab is not the one shown: its snippet waits until it is (rendering it
        on every endpoint switch or run event cost more than the rest of the switch)."""
        if self.side_ready and self.side.active == "tab-export":
            return False
        self._export_stale = True
        return True

    @on(TabbedContent.TabActivated, "#side")
    def _side_tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-export" and self._export_stale:
            self._sync_export()

    def _sync_export(self, force: bool = False) -> None:
        if self.session is None or (not force and self._export_hidden()) or not self.side_ready:
            return
        self._export_stale = False
        selected = self.run_panel.selected
        self.export_panel.set_records(selected.record if selected else None, self.session.records)
        self._sync_form_export(force=force)

    @on(ParamForm.Changed)
    def _form_changed(self, event: ParamForm.Changed) -> None:
        """The form's snippet follows the edits, a moment after the last key."""
        event.stop()
        if self._form_timer is not None:
            self._form_timer.stop()
        self._form_timer = self.set_timer(FORM_EXPORT_DELAY, self._sync_form_export)

    @on(ExportPanel.ScopeChanged)
    def _export_scope(self) -> None:
        self._sync_form_export()

    def _sync_form_export(self, _attempt: int = 0, force: bool = False) -> None:
        """Give the export panel the record the form would make now: ``Session.plan`` builds
        it from the same payload a run would send, and runs nothing."""
        self._form_timer = None
        panel = self.export_panel
        if (self.session is None or (not force and self._export_hidden()) or not self.side_ready
                or panel.scope != "form"):
            return
        form = self.current_center()
        if not isinstance(form, ParamForm):
            endpoint = self.endpoint
            panel.set_form(None, "The chat view has no form: press its Form button, or pick the selected run (r)."
                           if endpoint is not None else "Pick an endpoint on the left: the snippet follows its form.")
            return
        try:
            values, errors = form.peek()
        except NoMatches:                        # a new form still composing its fields
            if _attempt < 40:
                self._form_timer = self.set_timer(0.05, lambda: self._sync_form_export(_attempt + 1, force))
            return
        if errors:
            panel.set_form(None, "Fix the form first: " + "; ".join(
                v if v.startswith(k) else f"{k}: {v}" for k, v in errors.items()))
            return
        try:
            record = self.session.plan(form.endpoint, [], values, allow_private=True)
        except GradioTuiError as err:
            panel.set_form(None, f"Not a call the app would take: {err}")
            return
        panel.set_form(record)

    @needs_side
    def action_toggle_export(self) -> None:
        tabs = self.side
        if tabs.active == "tab-export":
            tabs.active = "tab-run"
            self.query_one(RunList).focus()
        else:
            tabs.active = "tab-export"
            self._sync_export()
            self.query_one(SnippetView).focus()

    @needs_side
    def show_export(self, lang: str | None = None, scope: str | None = None) -> None:
        self.side.active = "tab-export"
        if lang:
            self.export_panel.lang = lang
        if scope:
            self.export_panel.scope = scope
        self._sync_export()

    @needs_side
    def copy_snippet(self, lang: str | None = None) -> str | None:
        if lang:
            self.show_export(lang)
        panel = self.export_panel
        if self._export_stale:
            self._sync_export(force=True)
        if not panel.text:
            self.app.notify(plain("Nothing to copy yet: " + panel.empty_reason()), severity="warning", markup=False)
            return None
        copy_text(self.app, panel.text, f"{panel.lang} snippet ({panel.describe_scope()})")
        return panel.text

    @on(ExportPanel.CopyRequested)
    def _copy(self) -> None:
        self.copy_snippet()

    @on(ExportPanel.SaveRequested)
    @needs_side
    def _save_snippet(self) -> None:
        panel = self.export_panel
        if self._export_stale:
            self._sync_export(force=True)
        if not panel.text:
            self.app.notify(plain("Nothing to save yet: " + panel.empty_reason()), severity="warning", markup=False)
            return
        from gradio_tui.tui.screens.dialogs import save_text

        save_text(self.app, f"Save the {panel.lang} snippet to", panel.suggested_filename(), panel.text)

    @on(ResultView.SaveOutput)
    def _save_output(self, event: ResultView.SaveOutput) -> None:
        from gradio_tui.core import safe_filename

        values = event.values
        if len(values) == 1:
            name = safe_filename(values[0].get("orig_name") or values[0].get("path"))
            title, default = "Save the file as (a folder keeps its name)", str(Path.cwd() / name)
        else:
            title, default = f"Save the {len(values)} files into the folder", str(Path.cwd())

        def chosen(target: str | None) -> None:
            if target:
                self._download(values, target)

        # folder=True: a folder is a fine answer, and the core never writes over a file (mirror-1.png)
        from gradio_tui.tui.screens.dialogs import SaveDialog

        self.app.push_screen(SaveDialog(title, default, folder=True), chosen)

    @work(group="download", exit_on_error=False)
    async def _download(self, values: list[dict[str, Any]], target: str) -> None:
        """Save through the core (the app's origin only, capped, never over a file that is there):
        into ``target`` when it is a folder, else one file under the name typed."""
        dest = Path(target).expanduser().absolute()
        folder = dest
        if len(values) == 1 and as_file_name(target, values[0]):
            values, folder = [{**values[0], "orig_name": dest.name}], dest.parent
        saved = []
        for value in values:
            if self.session is None:     # closed meanwhile
                return
            try:
                saved.append(str(await self.session.download(value, folder)))
            except GradioTuiError as err:
                self.app.notify(plain(str(err)), title="Download failed", severity="error", markup=False)
                return
            except OSError as err:
                self.app.notify(plain(f"Cannot save into {folder}: {err}"), severity="error", markup=False)
                return
        self.app.notify(plain("Saved " + ", ".join(saved)), title="Saved", markup=False)

    @on(ResultView.OpenOutput)
    def _open_output(self, event: ResultView.OpenOutput) -> None:
        event.stop()
        self._open_file(event.value)

    @work(group="download", exit_on_error=False)
    async def _open_file(self, value: dict[str, Any]) -> None:
        """Download a file output into a new temporary folder (through the core), then hand it
        to the system viewer, detached."""
        import tempfile

        from gradio_tui.core import safe_filename
        from gradio_tui.tui.viewer import open_detached, viewable, viewer_name

        name = safe_filename(value.get("orig_name") or value.get("path"))
        if not viewable(name):
            self.app.notify(plain(f"{name} is not a type gradio-tui opens (an app may send anything): s saves it"),
                            title="Not opened", severity="warning", markup=False)
            return
        if self.session is None:
            return
        try:
            path = await self.session.download({**value, "orig_name": viewer_name(name)},
                                               tempfile.mkdtemp(prefix="gradio-tui-open-"))
        except (GradioTuiError, OSError) as err:
            self.app.notify(plain(str(err)), title="Cannot open", severity="error", markup=False)
            return
        opened, words = open_detached(path)
        self.app.notify(plain(words), title="Opened" if opened else "Not opened",
                        severity="information" if opened else "warning", markup=False)

    # --- views ----------------------------------------------------------------------------------
    @needs_side
    def action_toggle_raw(self) -> None:
        raw = self.run_panel.toggle_raw()
        self.app.notify("Showing raw SSE frames" if raw else "Showing decoded events", timeout=2)

    @needs_side
    def open_event_detail(self) -> None:
        """The event under the log's cursor (else the newest on screen) in full."""
        log = self.query_one(EventLog)
        log.focus()
        log.action_open()

    @on(EventLog.Opened)
    def _event_opened(self, event: EventLog.Opened) -> None:
        event.stop()
        from gradio_tui.tui.screens.event_detail import EventDetail

        self.app.push_screen(EventDetail(event.run, event.event))

    def action_focus_endpoints(self) -> None:
        self.show_endpoint_list()
        self.query_one(EndpointList).focus()

    def action_focus_form(self) -> None:
        self._focus_center()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session is None:      # connecting, or it failed: only the next steps apply
            failed = self.has_class("-failed")
            if action in ("run", "cancel", "toggle_export", "toggle_raw", "reset_session", "open_mcp", "toggle_chat"):
                return False
            if action == "credentials":
                return failed and self.failure is not None and self.failure.asks == parameters[0]
            if action == "failure_log":
                return failed and self.space_id is not None
            if action == "retry":
                return failed
            return True
        if action == "open_mcp":          # shown only for an app whose MCP server runs
            return self.has_mcp
        if action == "toggle_chat":
            return self.endpoint is not None and is_chat(self.endpoint)
        return action not in ("credentials", "failure_log", "retry", "back")

    # --- MCP ------------------------------------------------------------------------------------
    @property
    def has_mcp(self) -> bool:
        from gradio_tui.core import enabled_in

        return self.session is not None and enabled_in(self.session.schema.config)

    def action_open_mcp(self) -> None:
        from gradio_tui.tui.screens.mcp import open_mcp

        open_mcp(self.app, self.session)

    # --- the command palette ----------------------------------------------------------------------
    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.session is None:
            yield SystemCommand("session: retry connecting", f"Connect to {safe(self.src)} again", self.connect)
            if self.failure is not None and self.failure.asks:
                yield SystemCommand("session: log in…" if self.failure.asks == "login" else "session: give a token…",
                                    "Type what it needs (kept in memory for it alone)",
                                    lambda: self.action_credentials(self.failure.asks if self.failure else None))
            return
        for endpoint in self.query_one(EndpointBrowser).shown_endpoints():
            yield SystemCommand(f"endpoint: jump to {safe(endpoint.route)}",
                                safe(endpoint.description or endpoint.visibility),
                                lambda e=endpoint: self.jump_to(e))
        yield SystemCommand("endpoint: show/hide private", "Private endpoints are not part of the API",
                            lambda: self.query_one(EndpointList).action_toggle_private())
        yield SystemCommand("run: run the form", "Run the current endpoint (ctrl+r)", self.action_run)
        yield SystemCommand("run: cancel the selected run", "ctrl+g", self.action_cancel)
        for lang, title in (("curl", "curl"), ("python", "Python"), ("js", "JavaScript")):
            yield SystemCommand(f"export: copy as {lang}", f"Copy the panel's snippet (form, run, session) as {title}",
                                lambda lang=lang: self.copy_snippet(lang))
        yield SystemCommand("export: show the panel", "ctrl+t", self.action_toggle_export)
        yield SystemCommand("export: save snippet…", "Write the snippet to a file", self._save_snippet)
        for scope, words in (("form", "the call the form would send, not run"), ("run", "the selected run"),
                             ("session", "every call of this session, a new client at each reset")):
            yield SystemCommand(f"export: snippet of the {SCOPE_TITLES[scope]}", words,
                                lambda scope=scope: self.show_export(scope=scope))
        yield SystemCommand("view: raw events", "Decoded events or raw SSE frames (F2)", self.action_toggle_raw)
        if self.has_mcp:
            yield SystemCommand("mcp: open the MCP view", "The app's MCP tools, calls over MCP, client config (F10)",
                                self.action_open_mcp)
        yield SystemCommand("view: event detail", "The selected run's newest event in full (Enter in the event log)",
                            self.open_event_detail)
        yield SystemCommand("view: wrap event lines", "Wrap the event log's long lines or cut them (w in the log)",
                            lambda: self.with_side(lambda: self.query_one(EventLog).action_toggle_wrap()))
        yield from self.zoom_commands()
        yield SystemCommand("session: reset", "A new session_hash: State and chat history start over",
                            self.action_reset_session)
        yield SystemCommand("session: reconnect", f"Connect to {safe(self.src)} again",
                            lambda: self.app.open_target(self._login_src or self.src))
