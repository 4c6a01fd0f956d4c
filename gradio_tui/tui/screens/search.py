"""The start: search the Hub for Spaces, or open any target; the recent targets below.

Nothing here touches the network until you type a query, so a cold start never waits on the
Hub; when the Hub cannot be reached the pane says so and opening targets still works.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import GradioTuiError, RateLimited, UsageError
from ...textsafe import plain
from ..format import clip
from ..recent import load_recent

if TYPE_CHECKING:
    from ..app import GradioTuiApp

DEBOUNCE = 0.4
SORTS = ("relevance", "likes", "trending")
COLUMNS = ("", "Space", "Title", "Likes", "Stage", "Hardware", "Category", "Description")


@dataclass
class SearchState:
    """What the search pane showed: a new search screen (ctrl+o, Escape from a failed target)
    starts from it instead of an empty query."""

    query: str = ""
    sort: str = "relevance"
    results: list[Any] = field(default_factory=list)      # in relevance order
    note: str = ""


class ResultsTable(DataTable):
    HELP = """\
## Search results

Spaces of the Hub that match what you typed (semantic search; keyword matches on the
Space id when that fails).

- **↑/↓** move · **Enter** opens the Space · **ctrl+s** changes the sort
  (relevance → likes → trending)
"""


class QueryInput(Input):
    BINDINGS = [Binding("down", "screen.focus_results", "Results", show=False, id="search.results")]

    HELP = """\
## Search the Hub

Describe what the app should do (*text to speech*, *remove background*…). Results
appear as you type; **↓** or **Tab** moves into them. No network? The pane says the Hub
cannot be reached, and the *Open* box still takes any URL.
"""


class OpenInput(Input):
    HELP = """\
## Open a target

Any of: a Space id `owner/name`, a Space page `https://huggingface.co/spaces/owner/name`,
an app host `https://owner-name.hf.space`, or any Gradio app URL such as
`http://127.0.0.1:7860` (sub-paths and `?view=api` work). **Enter** connects.
"""


class RecentList(OptionList):
    HELP = """\
## Recent targets

The apps you opened lately, newest first (kept in your user data folder).
**Enter** opens one again.
"""


class SearchScreen(Screen):
    if TYPE_CHECKING:
        app: GradioTuiApp   # the running app, typed: its connect options and navigation

    CSS_PATH = "search.tcss"

    BINDINGS = [
        Binding("ctrl+s", "cycle_sort", "Sort", id="search.sort", priority=True),
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+f", "focus_query", "Search", id="search.focus", show=False),
        Binding("ctrl+l", "focus_open", "Open box", id="search.open", show=False),
    ]

    def __init__(self, can_go_back: bool = False, *, restore: SearchState | None = None,
                 focus_open: bool = False) -> None:
        super().__init__()
        self.can_go_back = can_go_back
        self.sort = "relevance"
        self.results: list[Any] = []
        self._relevance: list[Any] = []
        self._debounce: Timer | None = None
        self._query = ""
        self._note = ""
        self._restore = restore
        self._focus_open = focus_open

    def compose(self) -> ComposeResult:
        title = Text("gradio-tui", style="bold")
        title.append("  find a Space on the Hub, or open any Gradio app", style="dim")
        yield Static(title, id="search-title")
        with Horizontal(id="search-body"):
            with Vertical(id="search-pane"):
                yield QueryInput(placeholder="What should the app do? e.g. text to speech", id="search-query")
                yield Static(Text("Type to search Spaces on the Hub.", style="dim"), id="search-status")
                yield ResultsTable(id="search-results", cursor_type="row", zebra_stripes=True)
            with Vertical(id="open-pane"):
                yield Static(Text("Open", style="bold"), classes="pane-title")
                yield OpenInput(placeholder="owner/name, URL, *.hf.space, localhost:7860", id="open-target")
                yield Static("", id="open-error")
                yield Static(Text("Recent", style="bold"), classes="pane-title")
                yield RecentList(id="recent-list")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ResultsTable)
        for column in COLUMNS:
            table.add_column(column, key=column or "emoji")
        self.refresh_recent()
        if self._restore is not None:
            self._restore_state(self._restore)
        (self.query_one(OpenInput) if self._focus_open else self.query_one(QueryInput)).focus()

    def state(self) -> SearchState:
        return SearchState(self._query, self.sort, list(self._relevance), self._note)

    def _restore_state(self, state: SearchState) -> None:
        query = self.query_one(QueryInput)
        with query.prevent(Input.Changed):           # the results are here already: no new search
            query.value = state.query
        self._query, self.sort, self._relevance = state.query, state.sort, list(state.results)
        if self._relevance:
            self._show_results(state.note)

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        recent = self.query_one(RecentList)
        recent.clear_options()
        items = load_recent()
        recent.add_options([Option(Text(plain(item)), id=f"recent-{index}") for index, item in enumerate(items)])
        self._recent = items
        recent.border_subtitle = "" if items else "none yet"
        if items:
            recent.highlighted = 0

    # --- search ---------------------------------------------------------------------------------
    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        if self._debounce is not None:
            self._debounce.stop()
        if len(self._query) < 2:
            self._status(Text("Type to search Spaces on the Hub.", style="dim"))
            return
        self._debounce = self.set_timer(DEBOUNCE, self._search_now)

    @on(Input.Submitted, "#search-query")
    def _query_submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if len(self._query) >= 2:
            self._search_now()
        table = self.query_one(ResultsTable)
        if table.row_count:
            table.focus()

    def _search_now(self) -> None:
        self.search(self._query)

    def _status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    @work(exclusive=True, group="search")
    async def search(self, query: str) -> None:
        from ...core import hub
        from ...core.auth import find_token
        from ...core.http import make_client

        self._status(Text(f"Searching the Hub for {clip(query, 60)}…", style="dim"))
        try:
            async with make_client(self.app.connect_options.timeout) as client:
                outcome = await hub.search_spaces(query, client=client, token=self.app.connect_options.hub_token()
                                                  or find_token(), limit=40, sort="relevance")
        except RateLimited as err:
            self._status(Text(f"The Hub is rate-limiting searches: {plain(str(err))}", style="yellow"))
            return
        except hub.HubUnreachable as err:
            self._status(Text(f"The Hub cannot be reached ({plain(str(err))}). Open a URL on the right.",
                              style="red"))
            return
        except GradioTuiError as err:
            self._status(Text(f"Search failed: {plain(str(err))}", style="red"))
            return
        except Exception as err:  # noqa: BLE001 - the pane reports, the app goes on
            self._status(Text(f"The Hub cannot be reached ({type(err).__name__}). Open a URL on the right.",
                              style="red"))
            return
        if query != self._query and self._query:
            return
        self._relevance = list(outcome.results)
        note = f" · {plain(outcome.fallback_reason)}" if outcome.fallback_reason else ""
        self._show_results(note)

    def _show_results(self, note: str = "") -> None:
        from ...core.hub_search import sort_results

        self._note = note
        self.results = sort_results(self._relevance, self.sort)
        table = self.query_one(ResultsTable)
        table.clear()
        for result in self.results:
            table.add_row(*self._row(result), key=result.id)
        count = len(self.results)
        words = Text(f"{count} Space(s)" if count else "No Spaces found", style="bold" if count else "yellow")
        words.append(f" · sort: {self.sort} (ctrl+s)", style="dim")
        if note:
            words.append(note, style="yellow")
        self._status(words)

    @staticmethod
    def _row(result: Any) -> tuple:
        def cell(value: Any, limit: int = 40, style: str = "") -> Text:
            return Text(clip(str(value), limit) if value not in (None, "") else "–", style=style)

        stage = result.stage or ""
        stage_style = ("green" if stage.startswith("RUNNING")
                       else "blue" if stage in ("SLEEPING", "STOPPED") else "yellow")
        return (cell(result.emoji, 4), cell(result.id, 36, "bold"), cell(result.title, 24),
                cell(result.likes, 8, "magenta"), cell(stage, 14, stage_style), cell(result.hardware, 14, "dim"),
                cell(result.category, 20, "dim"), cell(result.description, 60))

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self._relevance:
            self._show_results()
        else:
            self.app.notify(f"Sort: {self.sort}", timeout=2)

    @on(DataTable.RowSelected, "#search-results")
    def _open_result(self, event: DataTable.RowSelected) -> None:
        self.app.open_target(str(event.row_key.value))

    # --- open and recent ----------------------------------------------------------------------------
    @on(Input.Submitted, "#open-target")
    def _open_typed(self, event: Input.Submitted) -> None:
        from ...core.target import parse_target

        text = event.value.strip()
        try:
            parse_target(text)
        except UsageError as err:
            self.query_one("#open-error", Static).update(Text(plain(str(err)), style="red"))
            return
        self.query_one("#open-error", Static).update("")
        self.app.open_target(text)

    @on(OptionList.OptionSelected, "#recent-list")
    def _open_recent(self, event: OptionList.OptionSelected) -> None:
        index = int(str(event.option.id).split("-", 1)[1])
        if index < len(self._recent):
            self.app.open_target(self._recent[index])

    def action_back(self) -> None:
        if self.can_go_back:
            self.app.pop_screen()

    def action_focus_results(self) -> None:
        table = self.query_one(ResultsTable)
        if table.row_count:
            table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.can_go_back
        return True

    def action_focus_query(self) -> None:
        self.query_one(QueryInput).focus()

    def action_focus_open(self) -> None:
        self.query_one(OpenInput).focus()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("search: focus the query", "ctrl+f", self.action_focus_query)
        yield SystemCommand("search: change the sort", f"now {self.sort} (ctrl+s)", self.action_cycle_sort)
        yield SystemCommand("space: open…", "Type a Space id or URL", self.action_focus_open)
