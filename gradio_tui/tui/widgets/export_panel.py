"""The export panel: curl / Python / JavaScript for the selected call or the whole session.

Snippets come from ``core.snippets`` (``render(record, lang)``, ``render_session(records,
lang)``), imported when first needed. They are shown syntax-highlighted; *Copy* goes through the
one clipboard helper and *Save…* writes a file.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Checkbox, Static, Tab, Tabs

from ...core.snippets import LANGS, render, render_session
from ...textsafe import plain

LEXERS = {"curl": "bash", "python": "python", "js": "javascript"}
EXTENSIONS = {"curl": "sh", "python": "py", "js": "mjs"}
LANG_TITLES = {"curl": "curl", "python": "Python", "js": "JavaScript"}


def render_snippet(lang: str, record: Any, records: list[Any], whole_session: bool) -> str:
    """The snippet text; an error is shown in the panel by the caller."""
    if whole_session:
        return render_session(list(records), lang)
    return render(record, lang)


class SnippetView(VerticalScroll):
    HELP = """\
## Export

The call you selected in the run list (or every call of this session, in order)
as a **curl**, **Python** or **JavaScript** program that does the same thing.

- **1 / 2 / 3** pick curl, Python or JavaScript (or ←/→ on the tabs)
- **a** switches between *this call* and *the whole session*
- **c** copies the snippet (system clipboard where there is one, and OSC 52 always)
- **s** saves it to a file
"""

    BINDINGS = [
        Binding("c", "copy", "Copy", id="export.copy"),
        Binding("s", "save", "Save…", id="export.save"),
        Binding("a", "scope", "Call/session", id="export.scope"),
        Binding("1", "lang('curl')", "curl", show=False, id="export.curl"),
        Binding("2", "lang('python')", "Python", show=False, id="export.python"),
        Binding("3", "lang('js')", "JS", show=False, id="export.js"),
    ]

    def action_copy(self) -> None:
        self.post_message(ExportPanel.CopyRequested())

    def action_save(self) -> None:
        self.post_message(ExportPanel.SaveRequested())

    def action_scope(self) -> None:
        panel = self.query_ancestor(ExportPanel)
        panel.whole_session = not panel.whole_session

    def action_lang(self, lang: str) -> None:
        self.query_ancestor(ExportPanel).lang = lang


class ExportPanel(Vertical):
    class CopyRequested(Message):
        pass

    class SaveRequested(Message):
        pass

    lang: reactive[str] = reactive("curl")
    whole_session: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: Any = None
        self.records: list[Any] = []
        self.text = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="export-bar"):
            yield Tabs(*(Tab(LANG_TITLES[lang], id=f"lang-{lang}") for lang in LANGS), id="lang-tabs")
            yield Checkbox("whole session", id="export-scope", compact=True)
        with SnippetView(id="snippet-scroll"):
            yield Static(Text("Run a call first (ctrl+r): its snippet appears here.", style="dim"), id="snippet")
        with Horizontal(id="export-buttons"):
            yield Button("Copy  c", id="export-copy", variant="primary", compact=True)
            yield Button("Save…  s", id="export-save", compact=True)
            yield Static("", id="export-what")

    def set_records(self, record: Any, records: list[Any]) -> None:
        self.record, self.records = record, list(records)
        self.refresh_snippet()

    def watch_lang(self) -> None:
        if self.is_mounted:
            tabs = self.query_one("#lang-tabs", Tabs)
            if tabs.active != f"lang-{self.lang}":
                tabs.active = f"lang-{self.lang}"
            self.refresh_snippet()

    def watch_whole_session(self) -> None:
        if self.is_mounted:
            box = self.query_one("#export-scope", Checkbox)
            if box.value != self.whole_session:
                box.value = self.whole_session
            self.refresh_snippet()

    @on(Tabs.TabActivated, "#lang-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.lang = str(event.tab.id).split("-", 1)[1]

    @on(Checkbox.Changed, "#export-scope")
    def _scope(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.whole_session = event.value

    @on(Button.Pressed, "#export-copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.CopyRequested())

    @on(Button.Pressed, "#export-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SaveRequested())

    def describe_scope(self) -> str:
        if self.whole_session:
            return f"{len(self.records)} call(s) of this session"
        if self.record is None:
            return "no call yet"
        return f"call {plain(self.record.route)}"

    def refresh_snippet(self) -> None:
        if not self.is_mounted:
            return
        snippet = self.query_one("#snippet", Static)
        self.query_one("#export-what", Static).update(Text(self.describe_scope(), style="dim"))
        if (self.record is None and not self.whole_session) or (self.whole_session and not self.records):
            self.text = ""
            snippet.update(Text("Run a call first (ctrl+r): its snippet appears here.", style="dim"))
            return
        try:
            self.text = render_snippet(self.lang, self.record, self.records, self.whole_session)
        except Exception as err:  # noqa: BLE001 - a snippet failure must never take the TUI down
            self.text = ""
            snippet.update(Text(f"Cannot render this snippet: {plain(str(err))}", style="red"))
            return
        from rich.syntax import Syntax   # pygments: loaded with the first snippet, not at start-up

        snippet.update(Syntax(plain(self.text), LEXERS[self.lang], theme="monokai", word_wrap=False,
                              background_color="default"))

    def suggested_filename(self) -> str:
        from ...core.session import safe_filename

        base = "session" if self.whole_session or self.record is None else (
            plain(self.record.api_name or f"fn{self.record.fn_index}").strip("/").replace("/", "_") or "call")
        return safe_filename(f"{base}.{EXTENSIONS[self.lang]}", f"call.{EXTENSIONS[self.lang]}")
