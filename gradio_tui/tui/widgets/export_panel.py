"""The export panel: curl / Python / JavaScript for the form, the selected run or the whole session.

Snippets come from ``core.snippets`` (``render(record, lang)``, ``render_session(records,
lang)``). The *form* scope renders the record the core would make for the form's values
(``Session.plan``: the same payload the Run button builds, files as upload steps), so a snippet
needs no run; the screen feeds it as the form is edited. They are shown syntax-highlighted;
*Copy* goes through the one clipboard helper and *Save…* writes a file.
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
from textual.widgets import Button, Static, Tab, Tabs

from gradio_tui.core import LANGS, CallRecord, plain, render, render_session, session_count
from gradio_tui.tui.keymap import keys_of

LEXERS = {"curl": "bash", "python": "python", "js": "javascript", "mcp": "bash"}   # mcp: JSON with # notes
EXTENSIONS = {"curl": "sh", "python": "py", "js": "mjs", "mcp": "txt"}
LANG_TITLES = {"curl": "curl", "python": "Python", "js": "JavaScript", "mcp": "MCP"}
#: What a snippet covers: the form as edited (never run), the selected run, every run of the session.
SCOPES = ("form", "run", "session")
SCOPE_TITLES = {"form": "form", "run": "selected run", "session": "whole session"}
# The whole app's API as a SKILL.md (core.apidoc): a tab of its own, not a call's snippet.
SKILL = "skill"
LEXERS[SKILL], EXTENSIONS[SKILL], LANG_TITLES[SKILL] = "markdown", "md", "Skill"
PANEL_LANGS = (*LANGS, SKILL)


def render_snippet(lang: str, record: CallRecord | None, records: list[CallRecord], whole_session: bool) -> str:
    """The snippet text; an error is shown in the panel by the caller."""
    if whole_session:
        return render_session(list(records), lang)
    if record is None:
        raise ValueError("no call to render")
    return render(record, lang)


class SnippetView(VerticalScroll):
    HELP = """\
## Export

The call the **form** would send (as you edit it: nothing is run), the **selected run**
of the run list, or every call of the **whole session** in order (a new client at each
ctrl+n reset), as a **curl**, **Python** or **JavaScript** program that does the same thing;
**MCP** is the client configuration of the app's MCP server; **Skill** is the app's whole
API as a SKILL.md for a coding agent (no call needed).

- **1 / 2 / 3** pick curl, Python or JavaScript, **4** MCP, **5** the Skill (or ←/→ on the tabs)
- **f / r / w** pick the form, the selected run or the whole session; **a** switches
  between the whole session and the call
- **c** copies the snippet (system clipboard where there is one, and OSC 52 always)
- **s** saves it to a file
"""

    BINDINGS = [
        Binding("c", "copy", "Copy", id="export.copy"),
        Binding("s", "save", "Save…", id="export.save"),
        Binding("a", "scope", "Call/session", id="export.scope"),
        Binding("f", "pick_scope('form')", "Form", show=False, id="export.form"),
        Binding("r", "pick_scope('run')", "Run", show=False, id="export.run"),
        Binding("w", "pick_scope('session')", "Session", show=False, id="export.session"),
        Binding("1", "lang('curl')", "curl", show=False, id="export.curl"),
        Binding("2", "lang('python')", "Python", show=False, id="export.python"),
        Binding("3", "lang('js')", "JS", show=False, id="export.js"),
        Binding("4", "lang('mcp')", "MCP", show=False, id="export.mcp"),
        Binding("5", "lang('skill')", "Skill", show=False, id="export.skill"),
    ]

    def action_copy(self) -> None:
        self.post_message(ExportPanel.CopyRequested())

    def action_save(self) -> None:
        self.post_message(ExportPanel.SaveRequested())

    def action_scope(self) -> None:
        panel = self.query_ancestor(ExportPanel)
        panel.whole_session = not panel.whole_session

    def action_pick_scope(self, scope: str) -> None:
        self.query_ancestor(ExportPanel).scope = scope

    def action_lang(self, lang: str) -> None:
        self.query_ancestor(ExportPanel).lang = lang


class ExportPanel(Vertical):
    class CopyRequested(Message):
        pass

    class SaveRequested(Message):
        pass

    class ScopeChanged(Message):
        """The user picked what the snippet covers (the screen refreshes the form's record)."""

    lang: reactive[str] = reactive("curl")
    scope: reactive[str] = reactive("form")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: CallRecord | None = None        # the selected run's record
        self.records: list[CallRecord] = []          # every call of the session, in order
        self.form_record: CallRecord | None = None   # what the form would send (never run)
        self.form_problem = "Pick an endpoint on the left: the snippet follows its form."
        self.text = ""
        self._single = "form"            # the scope ``a`` goes back to from the whole session
        self._skill: tuple[Any, str] | None = None     # (session, its SKILL.md)

    @property
    def whole_session(self) -> bool:
        return self.scope == "session"

    @whole_session.setter
    def whole_session(self, value: bool) -> None:
        if value and self.scope != "session":
            self._single = self.scope
        self.scope = "session" if value else self._single

    def compose(self) -> ComposeResult:
        with Horizontal(id="export-bar"):
            yield Tabs(*(Tab(LANG_TITLES[lang], id=f"lang-{lang}") for lang in PANEL_LANGS), id="lang-tabs")
        yield Tabs(*(Tab(SCOPE_TITLES[scope], id=f"scope-{scope}") for scope in SCOPES), id="scope-tabs")
        with SnippetView(id="snippet-scroll"):
            yield Static(Text(self.form_problem, style="dim"), id="snippet")
        with Horizontal(id="export-buttons"):
            yield Button("Copy  c", id="export-copy", variant="primary", compact=True)
            yield Button("Save…  s", id="export-save", compact=True)
            yield Static("", id="export-what")

    def set_records(self, record: Any, records: list[Any]) -> None:
        self.record, self.records = record, list(records)
        if self.is_mounted:      # the header says how many sessions (ctrl+n resets) the session scope holds
            sessions = session_count(self.records)
            label = SCOPE_TITLES["session"] + (f": {sessions} sessions" if sessions > 1 else "")
            tab = self.query_one("#scope-session", Tab)
            if tab.label_text != label:
                tab.label = label
        self.refresh_snippet()

    def set_form(self, record: CallRecord | None, problem: str = "") -> None:
        """The record the form would make now, or why there is none (a field to fix)."""
        self.form_record, self.form_problem = record, problem
        if self.scope == "form":
            self.refresh_snippet()

    def watch_lang(self) -> None:
        if self.is_mounted:
            tabs = self.query_one("#lang-tabs", Tabs)
            if tabs.active != f"lang-{self.lang}":
                tabs.active = f"lang-{self.lang}"
            self.refresh_snippet()

    def watch_scope(self) -> None:
        if self.is_mounted:
            tabs = self.query_one("#scope-tabs", Tabs)
            if tabs.active != f"scope-{self.scope}":
                tabs.active = f"scope-{self.scope}"
            self.post_message(self.ScopeChanged())
            self.refresh_snippet()

    @on(Tabs.TabActivated, "#lang-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.lang = str(event.tab.id).split("-", 1)[1]

    @on(Tabs.TabActivated, "#scope-tabs")
    def _scope(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self.scope = str(event.tab.id).split("-", 1)[1]

    @on(Button.Pressed, "#export-copy")
    def _copy(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.CopyRequested())

    @on(Button.Pressed, "#export-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.SaveRequested())

    def describe_scope(self) -> str:
        if self.lang == SKILL:
            return "the app's whole API (SKILL.md)"
        if self.scope == "session":
            calls, sessions = len(self.records), session_count(self.records)
            return f"{calls} call{'s' * (calls != 1)}, {sessions} session{'s' * (sessions != 1)}"
        if self.scope == "form":
            return "no call yet" if self.form_record is None else f"{plain(self.form_record.route)}, not run"
        if self.record is None:
            return "no run yet"
        return f"call {plain(self.record.route)}"

    def empty_reason(self) -> str:
        """Why there is no snippet in this scope (what to do about it)."""
        if self.scope == "form":
            return self.form_problem or "pick an endpoint on the left."
        key = keys_of(self.app, "run", "ctrl+r").split(",")[0]     # as keymap.toml has it
        if self.scope == "run":
            return f"run a call first ({key}), or pick the form (f)."
        return f"no call in this session yet: run one ({key}), or pick the form (f)."

    def refresh_snippet(self) -> None:
        if not self.is_mounted:
            return
        snippet = self.query_one("#snippet", Static)
        self.query_one("#export-what", Static).update(Text(self.describe_scope(), style="dim"))
        if self.lang == SKILL:
            self._show_skill(snippet)
            return
        record = self.form_record if self.scope == "form" else self.record
        if (self.scope != "session" and record is None) or (self.scope == "session" and not self.records):
            self.text = ""
            snippet.update(Text(plain(self.empty_reason()[:1].upper() + self.empty_reason()[1:]), style="dim"))
            return
        try:
            self.text = render_snippet(self.lang, record, self.records, self.scope == "session")
        except Exception as err:  # noqa: BLE001 - a snippet failure must never take the TUI down
            self.text = ""
            snippet.update(Text(f"Cannot render this snippet: {plain(str(err))}", style="red"))
            return
        from rich.syntax import Syntax  # pygments: loaded with the first snippet, not at start-up

        snippet.update(Syntax(plain(self.text), LEXERS[self.lang], theme="monokai", word_wrap=False,
                              background_color="default"))

    def suggested_filename(self) -> str:
        from gradio_tui.core import safe_filename

        if self.lang == SKILL:
            return "SKILL.md"
        record = self.form_record if self.scope == "form" else self.record
        base = "session" if self.scope == "session" or record is None else (
            plain(record.api_name or f"fn{record.fn_index}").strip("/").replace("/", "_") or "call")
        return safe_filename(f"{base}.{EXTENSIONS[self.lang]}", f"call.{EXTENSIONS[self.lang]}")

    def _show_skill(self, snippet: Static) -> None:
        """The SKILL.md of the screen's session (``core.apidoc``), rendered once per session."""
        session = getattr(self.screen, "session", None)
        if session is None:
            self.text = ""
            snippet.update(Text("Not connected: the Skill appears once the app's API is known.", style="dim"))
            return
        if self._skill is None or self._skill[0] is not session:
            from gradio_tui.core import render_skill

            try:
                self._skill = (session, render_skill(session))
            except Exception as err:  # noqa: BLE001 - a hostile schema must never take the TUI down
                self.text = ""
                snippet.update(Text(f"Cannot render the Skill: {plain(str(err))}", style="red"))
                return
        self.text = self._skill[1]
        from rich.syntax import Syntax

        snippet.update(Syntax(self.text, LEXERS[SKILL], theme="monokai", word_wrap=True,
                              background_color="default"))
