"""The MCP view of a connected app whose MCP server runs: its tools, resources and prompts, a
tool called over MCP (as an agent would) or beside the same endpoint called through the Gradio
API, and the client configuration to copy.

All I/O runs in workers through the core (``core.mcp``); the call's events are worded by
``format.event_line`` like any run's.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, RichLog, Static, TabbedContent, TabPane, TextArea
from textual.widgets.option_list import Option

from gradio_tui.core import (
    Event,
    GradioTuiError,
    McpCall,
    McpClient,
    McpInfo,
    McpTool,
    UsageError,
    agree,
    clip,
    dumps,
    mcp_schema,
    plain,
    render_config,
    tool_header,
)
from gradio_tui.tui.clipboard import copy_text
from gradio_tui.tui.format import event_line

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gradio_tui.core import Session

MAX_LOG_LINES = 1500
NAME_LIMIT = 200          # characters of a name, a type or an endpoint shown
TEXT_LIMIT = 4000         # characters of a description shown
PART_LIMIT = 1000         # characters of a default, a parameter's description, a list of names
# (``clip``: sanitised, one line, clipped; the server's schema may be 8 MB)
KINDS = (("tool", "Tools"), ("resource", "Resources"), ("prompt", "Prompts"))


def tool_text(tool: McpTool) -> Text:
    """What the details pane says of one item: its kind, endpoint, needs, description, parameters."""
    text = Text()
    text.append(clip(tool.name, NAME_LIMIT), style="bold")
    text.append(f"  {tool.kind}", style="cyan")
    if tool.endpoint:
        text.append(f" · endpoint {clip(tool.endpoint, NAME_LIMIT)}", style="dim")
    text.append("\n")
    if tool.needs_files:
        text.append(f"needs files (an http(s) URL): {clip(', '.join(tool.file_params), PART_LIMIT)}\n", style="yellow")
    if tool.headers:
        text.append(f"reads headers: {clip(', '.join(tool.headers), PART_LIMIT)}\n", style="yellow")
    if tool.description:
        more = "…" if len(tool.description) > TEXT_LIMIT else ""     # its lines kept: not ``clip``
        text.append(plain(tool.description[:TEXT_LIMIT]) + more + "\n")
    props = tool.input_schema.get("properties")
    required = tool.input_schema.get("required")
    required = required if isinstance(required, list) else []
    for name, spec in (props.items() if isinstance(props, dict) else []):
        spec = spec if isinstance(spec, dict) else {}
        text.append(f"  {clip(str(name), NAME_LIMIT)}", style="bold")
        text.append(f": {clip(str(spec.get('type') or 'any'), NAME_LIMIT)}", style="cyan")
        if "default" in spec:
            text.append(f" = {clip(dumps(spec['default']), PART_LIMIT)}", style="dim")
        elif name in required:
            text.append("  (required)", style="dim")
        if spec.get("description"):
            text.append(f"  {clip(str(spec['description']), PART_LIMIT)}", style="dim")
        text.append("\n")
    return text


def example_args(tool: McpTool) -> dict[str, Any]:
    """The arguments a form starts with: each parameter's default, else an empty value of its type."""
    props = tool.input_schema.get("properties")
    empty = {"string": "", "number": 0, "integer": 0, "boolean": False, "array": [], "object": {}}
    args: dict[str, Any] = {}
    for name, spec in (props.items() if isinstance(props, dict) else []):
        spec = spec if isinstance(spec, dict) else {}
        args[str(name)] = spec["default"] if "default" in spec else empty.get(str(spec.get("type")))
    return args


class McpScreen(Screen):
    CSS_PATH = "mcp.tcss"

    HELP = """\
## The MCP view

The app's MCP server: on the left its **tools**, **resources** and **prompts**; on the right
the one you picked — the endpoint it calls, whether it needs files or headers, its parameters.

- **ctrl+r** calls the tool over MCP (streamable HTTP, as an agent would) with the JSON arguments
- **ctrl+e** calls it over MCP, then the same endpoint through the Gradio API, and says whether they agree
- **ctrl+t** shows the client configuration (mcpServers JSON, mcp-remote, claude mcp add); **ctrl+y** copies it
- **Escape** goes back to the app
"""

    BINDINGS = [
        Binding("ctrl+r", "call", "Call over MCP", id="mcp.call", priority=True),
        Binding("ctrl+e", "compare", "Compare with API", id="mcp.compare", priority=True),
        Binding("ctrl+t", "toggle_config", "Config", id="mcp.config", priority=True),
        Binding("ctrl+y", "copy_config", "Copy config", id="mcp.copy_config", priority=True),
        Binding("escape", "app.pop_screen", "Back", id="mcp.back"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.info: McpInfo | None = None
        self.tool: McpTool | None = None
        self.calls: list[McpCall] = []
        self.verdict: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Reading the app's MCP schema…", style="dim"), id="mcp-title")
        with Horizontal(id="mcp-body"):
            yield OptionList(id="mcp-list")
            with TabbedContent(id="mcp-tabs", initial="mcp-tab-call"):
                with TabPane("Call", id="mcp-tab-call"), Vertical(id="mcp-call"):
                    with VerticalScroll(id="mcp-about-scroll"):
                        yield Static("", id="mcp-about")
                    yield Input(placeholder='arguments: a JSON object, e.g. {"word": "hello"}', id="mcp-args")
                    yield Input(placeholder="headers the tool reads: NAME=VALUE, comma-separated",
                                password=True, id="mcp-headers")
                    yield RichLog(id="mcp-log", max_lines=MAX_LOG_LINES, wrap=False, markup=False)
                with TabPane("Client config", id="mcp-tab-config"):
                    yield TextArea("", read_only=True, soft_wrap=False, id="mcp-config")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="mcp-load")
    async def load(self) -> None:
        session = self.session
        title = self.query_one("#mcp-title", Static)
        try:
            info = await mcp_schema(session.client, session.schema.api_root, session.schema.config,
                                    timeout=session.timeout)
        except GradioTuiError as err:
            title.update(Text(f"Cannot read the MCP schema: {plain(str(err))}", style="red"))
            return
        self.info = info
        if not info.enabled:
            title.update(Text(plain(info.reason or "This app runs no MCP server."), style="yellow"))
            return
        counts = " · ".join(f"{len(info.of_kind(kind))} {words.lower()}" for kind, words in KINDS)
        head = Text("MCP server at ", style="bold")
        head.append(plain(info.url), style="underline")
        head.append(f"  {counts}", style="dim")
        title.update(head)
        options: list[Option | None] = []
        for kind, words in KINDS:
            items = info.of_kind(kind)
            if not items:
                continue
            if options:
                options.append(None)
            options.append(Option(Text(words, style="bold"), disabled=True))
            for tool in items:
                label = Text(f"  {clip(tool.name, NAME_LIMIT)}")
                for word, shown in (("files", tool.needs_files), ("headers", bool(tool.headers))):
                    if shown:
                        label.append(f" {word}", style="yellow")
                options.append(Option(label, id=f"{kind}:{tool.name}"))
        listing = self.query_one("#mcp-list", OptionList)
        listing.add_options(options)
        self.query_one("#mcp-config", TextArea).text = self.config_text()
        self.refresh_bindings()              # call, compare and copy are offered from now on
        first = next((i for i, o in enumerate(listing.options) if not o.disabled), None)
        if first is not None:
            listing.highlighted = first
        listing.focus()

    def config_text(self) -> str:
        info = self.info
        if info is None or not info.enabled:
            return ""
        return render_config(info.url, self.session.target.display, token=self.session.needs_token,
                             headers=info.headers)

    @on(OptionList.OptionHighlighted, "#mcp-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.info is None or event.option.id is None:
            return
        kind, _, name = event.option.id.partition(":")
        tool = next((t for t in self.info.tools if t.kind == kind and t.name == name), None)
        if tool is None or tool is self.tool:
            return
        self.tool = tool
        self.query_one("#mcp-about", Static).update(tool_text(tool))
        self.query_one("#mcp-args", Input).value = dumps(example_args(tool))
        self.query_one("#mcp-headers", Input).display = bool(tool.headers)

    @on(OptionList.OptionSelected, "#mcp-list")
    def _selected(self) -> None:
        self.query_one("#mcp-args", Input).focus()

    # --- calling ------------------------------------------------------------------------------
    def _arguments(self) -> tuple[dict[str, Any], dict[str, str]] | None:
        import json

        tool = self.tool
        if tool is None or tool.kind != "tool":
            self.app.notify("Pick a tool first (resources and prompts are listed, not called).", severity="warning")
            return None
        try:
            args = json.loads(self.query_one("#mcp-args", Input).value or "{}")
        except ValueError as err:
            self.app.notify(f"The arguments are not JSON: {err}", title="Not sent", severity="error", markup=False)
            return None
        if not isinstance(args, dict):
            self.app.notify("The arguments must be a JSON object.", title="Not sent", severity="error")
            return None
        headers: dict[str, str] = {}
        for item in self.query_one("#mcp-headers", Input).value.split(","):
            if not item.strip():
                continue
            try:
                name, value = tool_header(item)
            except UsageError as err:
                self.app.notify(plain(str(err)), title="Not sent", severity="error", markup=False)
                return None
            headers[name] = value
        return args, headers

    def action_call(self) -> None:
        got = self._arguments()
        if got is not None and self.tool is not None:
            self.run_call(self.tool, *got, compare=False)

    def action_compare(self) -> None:
        got = self._arguments()
        if got is not None and self.tool is not None:
            self.run_call(self.tool, *got, compare=True)

    def _log(self, text: Text | str) -> None:
        self.query_one("#mcp-log", RichLog).write(text)

    @work(exclusive=True, group="mcp-call", exit_on_error=False)
    async def run_call(self, tool: McpTool, args: dict[str, Any], headers: dict[str, str], *, compare: bool) -> None:
        info = self.info
        assert info is not None
        self.query_one("#mcp-tabs", TabbedContent).active = "mcp-tab-call"
        self.verdict = None
        self._log(Text(f"— {clip(tool.name, NAME_LIMIT)} over MCP {clip(dumps(args), PART_LIMIT)}", style="bold"))
        client = McpClient(self.session.client, info.url, timeout=self.session.timeout, extra_headers=headers)
        call = McpCall(client, tool.name, args)
        self.calls.append(call)
        async for event in call:
            self._log(event_line(event))
        if call.state.error is not None:
            self._log(Text(plain(str(call.state.error)), style="red"))
        if not compare:
            return
        if not tool.endpoint:
            self._log(Text("The MCP schema names no endpoint for this tool: nothing to compare.", style="yellow"))
            return
        self._log(Text(f"— {clip(tool.endpoint, NAME_LIMIT)} through the Gradio API", style="bold"))
        started = time.monotonic()
        try:
            job = self.session.submit(tool.endpoint, [], dict(args), allow_private=True)
            async for event in job:
                self._log(self._api_line(event))
            api = job.state
        except GradioTuiError as err:
            self._log(Text(f"+{time.monotonic() - started:8.3f}s {plain(str(err))}", style="red"))
            self.verdict = "the Gradio API call could not be sent"
            self._log(Text(self.verdict, style="yellow"))
            return
        mcp = call.state
        if mcp.outputs is not None and api.outputs is not None:
            same = agree(mcp.outputs, api.outputs)
            self.verdict = "MCP and the Gradio API gave the same result" if same else \
                "MCP and the Gradio API gave different results"
        else:
            self.verdict = f"MCP call {mcp.status}, Gradio API call {api.status}"
        self._log(Text(self.verdict, style="bold green" if self.verdict.endswith("same result") else "bold yellow"))

    @staticmethod
    def _api_line(event: Event) -> Text:
        line = event_line(event)
        line.append("  (gradio api)", style="dim")
        return line

    # --- the client config --------------------------------------------------------------------
    def action_toggle_config(self) -> None:
        tabs = self.query_one("#mcp-tabs", TabbedContent)
        tabs.active = "mcp-tab-call" if tabs.active == "mcp-tab-config" else "mcp-tab-config"

    def action_copy_config(self) -> None:
        text = self.config_text()
        if not text:
            self.app.notify("No MCP server: nothing to copy.", severity="warning")
            return
        copy_text(self.app, text, "MCP client configuration")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("call", "compare", "copy_config"):
            return self.info is not None and self.info.enabled
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("mcp: call the tool", "Call the picked tool over MCP (ctrl+r)", self.action_call)
        yield SystemCommand("mcp: compare with the Gradio API", "MCP, then the same endpoint through the API (ctrl+e)",
                            self.action_compare)
        yield SystemCommand("mcp: show the client configuration",
                            "mcpServers JSON, mcp-remote, claude mcp add (ctrl+t)", self.action_toggle_config)
        yield SystemCommand("mcp: copy the client configuration", "ctrl+y", self.action_copy_config)


def open_mcp(app: Any, session: Session | None) -> McpScreen | None:
    """Push the MCP view of ``session`` (the connected screen's action and palette entry)."""
    if session is None:
        app.notify("Connect to an app first (ctrl+o).", severity="warning")
        return None
    if isinstance(app.screen, McpScreen):
        return app.screen
    screen = McpScreen(session)
    app.push_screen(screen)
    return screen
