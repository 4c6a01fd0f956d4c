"""The screen of one connected app: header, endpoints, form (or chat), runs and export.

It connects in a worker (the header shows the Space's stage and the time while it wakes), then
lays the app's endpoints out. Calls go through ``Runner``; nothing here speaks HTTP.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, LoadingIndicator, Static, TabbedContent, TabPane

from ...core.errors import ArgumentError, GradioTuiError
from ...core.events import StageEvent
from ...core.schema import Endpoint
from ...textsafe import plain
from ..clipboard import copy_text
from ..format import is_chat, safe
from ..runner import Runner
from ..runs import RunState
from ..widgets.app_header import AppHeader
from ..widgets.chat_view import ChatView
from ..widgets.endpoint_browser import EndpointBrowser, EndpointList
from ..widgets.export_panel import ExportPanel, SnippetView
from ..widgets.fields import FileField
from ..widgets.param_form import ParamForm
from ..widgets.run_panel import RunList, RunPanel
from ..widgets.result_view import ResultView
from .dialogs import FilePicker, SaveDialog

if TYPE_CHECKING:
    from ...core.session import Session
    from ..app import GradioTuiApp


class AppScreen(Screen):
    CSS_PATH = ["connected.tcss", "../widgets/form.tcss", "../widgets/runs.tcss", "../widgets/image_view.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]   # narrow: form above runs

    HELP = """\
## A connected app

Left: the app's **endpoints**. Middle: the **form** of the one you picked (or the
**chat** view of a chat endpoint). Right: the **runs** — queue bar, live event log,
result — and the **export** panel (curl, Python, JavaScript).

The journey: pick an endpoint (Enter) → fill the form → **ctrl+r** → watch it run →
**ctrl+t** for the export → **c** copies it.
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
        Binding("f3", "focus_endpoints", "Endpoints", id="focus.endpoints", show=False),
        Binding("f4", "focus_form", "Form", id="focus.form", show=False),
    ]

    if TYPE_CHECKING:
        app: GradioTuiApp   # the running app, typed: its connect options, sessions and navigation

    def __init__(self, src: str | None = None, session: Session | None = None) -> None:
        super().__init__()
        from ...core.target import redact_userinfo

        self._login_src = src          # a URL's user:password is its login: used to connect, never shown
        self.src = redact_userinfo(src) if src else (session.target.display if session is not None else "")
        self.session: Session | None = session
        self.endpoint: Endpoint | None = None
        self.runner = Runner(self)
        self._chat_views: dict[int, ChatView] = {}
        self._form_instead_of_chat: set[int] = set()

    # --- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader(id="app-header")
        with Vertical(id="connect-status"):
            yield LoadingIndicator(id="connect-spinner")
            yield Static("", id="connect-message")
        with Horizontal(id="body"):
            yield EndpointBrowser(id="endpoints")
            with ContentSwitcher(id="center"):
                yield Static(Text("Pick an endpoint on the left (Enter).", style="dim"), id="center-empty")
            with TabbedContent(id="side", initial="tab-run"):
                with TabPane("Run", id="tab-run"):
                    yield RunPanel(id="run-panel")
                with TabPane("Export", id="tab-export"):
                    yield ExportPanel(id="export-panel")
        yield Footer()

    @property
    def run_panel(self) -> RunPanel:
        return self.query_one(RunPanel)

    @property
    def export_panel(self) -> ExportPanel:
        return self.query_one(ExportPanel)

    def on_mount(self) -> None:
        self.query_one("#center", ContentSwitcher).current = "center-empty"
        if self.session is not None:
            self._connected(self.session)
        else:
            self._show_status(True)      # before the first frame: no flash of the empty body
            self.connect()

    def on_unmount(self) -> None:
        if self.session is not None:
            self.app.retire_session(self.session)
            self.session = None

    # --- connecting ----------------------------------------------------------------------------
    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        from ...core.session import Session

        self._show_status(True)
        self.set_class(False, "-failed")
        header = self.query_one(AppHeader)
        header.connecting(self.src)
        self.query_one("#connect-message", Static).update(Text(f"Connecting to {plain(self.src)}…", style="dim"))
        options = self.app.connect_options
        credentials = options.for_target(self.src)   # the command line's token and password: their target only

        def on_stage(event: StageEvent) -> None:
            header.on_stage(event.stage, event.elapsed)

        try:
            session = await Session.connect(self._login_src or self.src, token=credentials.token, auth=credentials.auth,
                                            timeout=options.timeout, wait=options.wait, on_stage=on_stage,
                                            env_login=credentials.env_login)
        except GradioTuiError as err:
            self._connect_failed(str(err))
            return
        except Exception as err:  # noqa: BLE001 - never crash on a connect failure
            self._connect_failed(f"unexpected error: {type(err).__name__}: {err}")
            return
        self.session = session
        self._connected(session)

    def _show_status(self, shown: bool) -> None:
        """The connect status in place of the body, or the body back: the display of two widgets.
        (A class on the screen did it, and restyled every widget of the screen on the way to the
        first form: the slowest step between "connected" and a drawn form.)"""
        self.query_one("#connect-status").display = shown
        self.query_one("#body").display = not shown

    def _connect_failed(self, message: str) -> None:
        self.query("#connect-spinner").remove()
        self._show_status(True)
        self.set_class(True, "-failed")
        self.query_one(AppHeader).failed(self.src, message)
        hint = Text(plain(message), style="red")
        hint.append("\n\nctrl+o opens another target · ctrl+n retries · ctrl+q quits", style="dim")
        self.query_one("#connect-message", Static).update(hint)
        self.app.notify(plain(message), title="Cannot connect", severity="error", markup=False)

    def _connected(self, session: Session) -> None:
        self.query("#connect-spinner").remove()
        self._show_status(False)
        self.set_class(False, "-failed")
        self.query_one(AppHeader).connected(session)
        browser = self.query_one(EndpointBrowser)
        browser.set_endpoints(session.schema.endpoints)
        self.app.connected(self)
        self.refresh_bindings()
        self.query_one(EndpointList).focus()
        if not session.schema.endpoints:
            self.query_one("#center-empty", Static).update(Text("This app has no API endpoints.", style="yellow"))

    # --- endpoints, forms and chats ----------------------------------------------------------------
    def show_endpoint(self, endpoint: Endpoint, focus: bool = False, form: bool | None = None) -> None:
        if form is True:
            self._form_instead_of_chat.add(endpoint.fn_index)
        elif form is False:
            self._form_instead_of_chat.discard(endpoint.fn_index)
        chat = is_chat(endpoint) and endpoint.fn_index not in self._form_instead_of_chat
        switcher = self.query_one("#center", ContentSwitcher)
        widget_id = f"{'chat' if chat else 'form'}-{endpoint.fn_index}"
        found = switcher.query(f"#{widget_id}")
        widget: ChatView | ParamForm
        if found:
            widget = cast("ChatView | ParamForm", found.first())
        else:
            if chat:
                widget = self._chat_views[endpoint.fn_index] = ChatView(endpoint, id=widget_id)
            else:
                widget = ParamForm(endpoint, id=widget_id)
            switcher.mount(widget)
        self.endpoint = endpoint
        switcher.current = widget_id
        if focus:
            self.call_after_refresh(self._focus_center)

    def _focus_center(self) -> None:
        widget = self.current_center()
        if isinstance(widget, ParamForm):
            widget.focus_first()
        elif isinstance(widget, ChatView):
            widget.focus_input()

    def current_center(self) -> Any:
        switcher = self.query_one("#center", ContentSwitcher)
        return switcher.visible_content

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

        self.app.push_screen(FilePicker(field.browse_from()), picked)

    def run_form(self, form: ParamForm) -> RunState | None:
        values, errors = form.collect()
        if errors:
            names = plain(", ".join(errors))
            self.app.notify(f"Fix {len(errors)} field(s) first: {names}", title="Not sent",
                            severity="warning", markup=False)
            form.focus_first(errors_first=True)
            return None
        try:
            run = self.runner.submit(form.endpoint, [], values)
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
        self.query_one("#side", TabbedContent).active = "tab-run"
        self._sync_export()

    @on(ChatView.Send)
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

    @on(RunPanel.Selected)
    def _run_selected(self, event: RunPanel.Selected) -> None:
        self._sync_export()

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
    def _sync_export(self) -> None:
        if self.session is None:
            return
        selected = self.run_panel.selected
        self.export_panel.set_records(selected.record if selected else None, self.session.records)

    def action_toggle_export(self) -> None:
        tabs = self.query_one("#side", TabbedContent)
        if tabs.active == "tab-export":
            tabs.active = "tab-run"
            self.query_one(RunList).focus()
        else:
            tabs.active = "tab-export"
            self._sync_export()
            self.query_one(SnippetView).focus()

    def show_export(self, lang: str | None = None) -> None:
        self.query_one("#side", TabbedContent).active = "tab-export"
        if lang:
            self.export_panel.lang = lang
        self._sync_export()

    def copy_snippet(self, lang: str | None = None) -> str | None:
        if lang:
            self.show_export(lang)
        panel = self.export_panel
        if not panel.text:
            self.app.notify("Nothing to copy yet: run a call first.", severity="warning")
            return None
        copy_text(self.app, panel.text, f"{panel.lang} snippet ({panel.describe_scope()})")
        return panel.text

    @on(ExportPanel.CopyRequested)
    def _copy(self) -> None:
        self.copy_snippet()

    @on(ExportPanel.SaveRequested)
    def _save_snippet(self) -> None:
        panel = self.export_panel
        if not panel.text:
            self.app.notify("Nothing to save yet: run a call first.", severity="warning")
            return
        text = panel.text

        def chosen(path: str | None) -> None:
            if path:
                self._write_file(path, text)

        self.app.push_screen(SaveDialog(f"Save the {panel.lang} snippet to", panel.suggested_filename()), chosen)

    def _write_file(self, path: str, text: str) -> None:
        target = Path(path).expanduser()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as err:
            self.app.notify(f"Cannot save {target}: {err.strerror or err}", severity="error", markup=False)
            return
        self.app.notify(f"Saved {target}", title="Saved", markup=False)

    @on(ResultView.SaveOutput)
    def _save_output(self, event: ResultView.SaveOutput) -> None:
        values = event.values
        what = "the file" if len(values) == 1 else f"the {len(values)} files"

        def chosen(folder: str | None) -> None:
            if folder:
                self._download(values, folder)

        self.app.push_screen(SaveDialog(f"Save {what} into the folder", str(Path.cwd())), chosen)

    @work(group="download", exit_on_error=False)
    async def _download(self, values: list[dict[str, Any]], folder: str) -> None:
        saved = []
        for value in values:
            if self.session is None:     # closed meanwhile
                return
            try:
                saved.append(str(await self.session.download(value, Path(folder).expanduser())))
            except GradioTuiError as err:
                self.app.notify(plain(str(err)), title="Download failed", severity="error", markup=False)
                return
            except OSError as err:
                self.app.notify(plain(f"Cannot save into {folder}: {err}"), severity="error", markup=False)
                return
        self.app.notify(plain("Saved " + ", ".join(saved)), title="Saved", markup=False)

    # --- views ----------------------------------------------------------------------------------
    def action_toggle_raw(self) -> None:
        raw = self.run_panel.toggle_raw()
        self.app.notify("Showing raw SSE frames" if raw else "Showing decoded events", timeout=2)

    def action_focus_endpoints(self) -> None:
        self.query_one(EndpointList).focus()

    def action_focus_form(self) -> None:
        self._focus_center()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run", "cancel", "toggle_export", "toggle_raw") and self.session is None:
            return None if action != "run" else False
        return True

    # --- the command palette ----------------------------------------------------------------------
    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.session is None:
            yield SystemCommand("session: retry connecting", f"Connect to {safe(self.src)} again", self.connect)
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
            yield SystemCommand(f"export: copy as {lang}", f"Copy the selected call as {title}",
                                lambda lang=lang: self.copy_snippet(lang))
        yield SystemCommand("export: show the panel", "ctrl+t", self.action_toggle_export)
        yield SystemCommand("export: save snippet…", "Write the snippet to a file", self._save_snippet)
        yield SystemCommand("export: whole session / this call", "What the snippet covers",
                            lambda: setattr(self.export_panel, "whole_session", not self.export_panel.whole_session))
        yield SystemCommand("view: raw events", "Decoded events or raw SSE frames (F2)", self.action_toggle_raw)
        yield SystemCommand("session: reset", "A new session_hash: State and chat history start over",
                            self.action_reset_session)
        yield SystemCommand("session: reconnect", f"Connect to {safe(self.src)} again",
                            lambda: self.app.open_target(self._login_src or self.src))
