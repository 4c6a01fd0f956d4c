"""The start: search the Hub for Spaces, or open any target; the recent targets below.

Nothing here touches the network until you type a query, so a cold start never waits on the
Hub; when the Hub cannot be reached the pane says so and opening targets still works. The
highlighted Space's title, description, likes, stage, hardware and tags are shown whole in a
detail pane under the table (the table's cells are cut to their columns).

A cold start's first frame has no results: the results table (``search_results``: Textual's
``DataTable``, its import, CSS and first render) and the detail pane (a scroll and its text) are
mounted right after that frame; stand-ins with the same borders, header and words are drawn in
their place until then. A search screen that comes back with results (Escape from a target,
ctrl+o) has them from the start. An empty recent list (a first start) is drawn as its border
alone and mounted as a list with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.css.query import NoMatches
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from gradio_tui.core import GradioTuiError, RateLimited, UsageError, plain
from gradio_tui.tui.cells import cell_safe, clip_cells
from gradio_tui.tui.recent import RecentTarget, forget, load_entries
from gradio_tui.tui.toasts import fit_toasts
from gradio_tui.tui.widgets.footer import AppFooter

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.screens.search_results import ResultsTable

DEBOUNCE = 0.4
MIN_QUERY = 2           # characters: the Hub's search wants at least two
SORTS = ("relevance", "likes", "trending")
COLUMNS = ("", "Space", "Title", "Likes", "Stage", "Hardware", "Category", "Description")   # search_results.row_of


def __getattr__(name: str) -> Any:
    """``ResultsTable``, from ``search_results`` (loaded on first use: not for the first frame)."""
    if name == "ResultsTable":
        from gradio_tui.tui.screens.search_results import ResultsTable

        return ResultsTable
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NO_DETAIL = "The highlighted Space is described here."


def results_stand_in() -> Text:
    """The empty table's header row, as the ``DataTable`` draws it (each label padded by a cell)."""
    return Text("".join(f" {label} " for label in COLUMNS), style="bold")


def space_detail(result: Any) -> Text:
    """The highlighted Space, whole: title, id, likes, stage, hardware, category, tags, description."""
    def safe(value: Any) -> str:
        return cell_safe(plain(str(value)))

    text = Text()
    if result.emoji:
        text.append(clip_cells(plain(result.emoji), 2) + " ")
    text.append(safe(result.title or result.id), style="bold")
    text.append(f"  {safe(result.id)}\n", style="dim")
    facts = [("♥ ", f"{result.likes:,}" if result.likes is not None else "–", "magenta"),
             ("stage ", result.stage or "–", "green" if (result.stage or "").startswith("RUNNING") else "yellow"),
             ("hardware ", (result.hardware or "–") + (" (ZeroGPU)" if result.zero_gpu else ""), ""),
             ("category ", result.category or "–", "")]
    for index, (label, value, style) in enumerate(facts):
        text.append(" · " if index else "", style="dim")
        text.append(label, style="dim")
        text.append(safe(value), style=style)
    if result.tags:
        text.append("\ntags ", style="dim")
        text.append(", ".join(safe(tag) for tag in result.tags[:30]))
    text.append("\n\n")
    text.append(safe(result.description) if result.description else "No description.",
                style="" if result.description else "dim")
    return text


@dataclass
class SearchState:
    """What the search pane showed: a new search screen (ctrl+o, Escape from a failed target)
    starts from it instead of an empty query."""

    query: str = ""
    sort: str = "relevance"
    results: list[Any] = field(default_factory=list)      # in relevance order
    note: str = ""


class QueryInput(Input):
    BINDINGS = [Binding("down", "screen.focus_results", "Results", show=False, id="search.results")]

    HELP = """\
## Search the Hub

Describe what the app should do (*text to speech*, *remove background*…). Results
appear as you type (two characters or more); **Enter** searches at once and moves into
them, as **↓** does; clearing the query clears them. No network? The pane says the Hub
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

The apps you opened lately, newest first, one line per app with its title (kept in
your user data folder). **Enter** opens one again; **1**–**9** open the first nine
from anywhere on this screen but a text box; **Delete** (or **d**) forgets one.
"""

    BINDINGS = [Binding("delete,d", "forget", "Forget", id="recent.forget", tooltip="Remove it from the list")]

    def action_forget(self) -> None:
        option = self.highlighted_option
        if option is not None:
            cast("SearchScreen", self.screen).forget_recent(int(str(option.id).split("-", 1)[1]))


def recent_prompt(number: int, entry: RecentTarget) -> Text:
    """``1 Title  target``: the number key that opens it, the app's title, how it is opened."""
    text = Text()
    text.append(f"{number} " if number <= 9 else "  ", style="bold cyan")
    if entry.title and entry.title != entry.target:
        text.append(cell_safe(plain(entry.title)), style="bold")
        text.append(f"  {plain(entry.target)}", style="dim")
    else:
        text.append(plain(entry.target))
    return text


class SearchScreen(Screen):
    if TYPE_CHECKING:
        app: GradioTuiApp   # the running app, typed: its connect options and navigation

    CSS_PATH = "search.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        Binding("ctrl+s", "cycle_sort", "Sort", id="search.sort", priority=True),
        Binding("escape", "back", "Back", id="search.back"),
        Binding("ctrl+f", "focus_query", "Search", id="search.focus", show=False),
        Binding("ctrl+l", "focus_open", "Open box", id="search.open", show=False),
        *[Binding(str(n), f"open_recent({n - 1})", f"Recent {n}", id=f"search.recent{n}", show=False)
          for n in range(1, 10)],
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
        self._shown_query = ""          # the query whose results the table shows
        self._enter_pending = False     # Enter was pressed before the results came: focus them then
        self._note = ""
        self._restore = restore
        self._focus_open = focus_open
        self._shown_once = False
        self._entries: list[RecentTarget] = []           # the recent list as compose read it
        self._table: ResultsTable | None = None      # mounted after the first frame (or with restored results)

    def compose(self) -> ComposeResult:
        title = Text("gradio-tui", style="bold")
        title.append("  find a Space on the Hub, or open any Gradio app", style="dim")
        yield Static(title, id="search-title")
        with Vertical(id="search-pane"):
            yield QueryInput(placeholder="What should the app do? e.g. text to speech", id="search-query")
            yield Static(Text("Type to search Spaces on the Hub.", style="dim"), id="search-status")
            if self._restore is not None and self._restore.results:
                yield from self._results_panes()
            else:
                yield Static(results_stand_in(), id="search-results-stand-in", classes="results-pane")
                yield Static(Text(NO_DETAIL, style="dim"), id="search-detail-stand-in", classes="detail-pane")
        with Vertical(id="open-pane"):
            yield Static(Text("Open", style="bold"), classes="pane-title")
            yield OpenInput(placeholder="owner/name, URL, *.hf.space, localhost:7860", id="open-target")
            yield Static("", id="open-error")
            yield Static(Text("Recent", style="bold"), classes="pane-title")
            self._entries = load_entries()
            if self._entries:
                yield RecentList(id="recent-list", classes="recent-pane")
            else:
                yield Static(id="recent-stand-in", classes="recent-pane")
        yield AppFooter()

    def _results_panes(self) -> tuple[ResultsTable, VerticalScroll]:
        """The results table and the detail pane under it."""
        from gradio_tui.tui.screens.search_results import ResultsTable

        self._table = ResultsTable(COLUMNS, id="search-results", classes="results-pane")
        detail = VerticalScroll(Static(Text(NO_DETAIL, style="dim"), id="search-detail"), id="search-detail-scroll",
                                classes="detail-pane")
        return self._table, detail

    async def _mount_results(self) -> None:
        """The results table and the detail pane in the stand-ins' place (after the first frame),
        showing what the screen has by now."""
        if self._table is not None or not self.is_attached:
            return
        try:
            await self._swap_stand_ins()
        except NoMatches:       # the screen went at once (a target opened the instant it appeared)
            pass

    async def _swap_stand_ins(self) -> None:
        stand_ins = self.query("#search-results-stand-in, #search-detail-stand-in")
        await self.query_one("#search-pane").mount_all(self._results_panes(), after=stand_ins.first())
        await stand_ins.remove()
        assert self._table is not None
        self._table.show(self.results)
        if self.results:
            self._show_detail(self.results[0])
        await self._mount_recent()

    async def _mount_recent(self) -> None:
        """The recent list in its stand-in's place (once, with the table; or when entries come to
        a screen that kept its results and so never mounted the table)."""
        stand_in = self.query("#recent-stand-in")
        if stand_in:
            await self.query_one("#open-pane").mount(RecentList(id="recent-list", classes="recent-pane"),
                                                    after=stand_in.first())
            await stand_in.remove()
            self.refresh_recent()

    def on_mount(self) -> None:
        self._fill_recent(self._entries)
        if self._restore is not None:
            self._restore_state(self._restore)
        if self._table is None:
            self.call_after_refresh(self._mount_results)
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
        if self._shown_once:               # back from an app: it may have joined the list
            self.refresh_recent()
        self._shown_once = True            # (the first time, on_mount has just read it)

    def on_resize(self, event: Resize) -> None:
        fit_toasts(self.app, event.size.width, event.size.height)

    def refresh_recent(self, highlight: int = 0) -> None:
        self._fill_recent(load_entries(), highlight)

    def _fill_recent(self, entries: list[RecentTarget], highlight: int = 0) -> None:
        self._recent = [entry.target for entry in entries]
        lists = self.query(RecentList)
        if not lists:                      # the stand-in of an empty list, before the first frame
            self.query_one("#recent-stand-in").border_subtitle = "none yet"
            if entries and self.is_mounted:
                self.call_later(self._mount_recent)
            return
        recent = lists.first()
        recent.clear_options()
        recent.add_options([Option(recent_prompt(index + 1, entry), id=f"recent-{index}")
                            for index, entry in enumerate(entries)])
        recent.border_subtitle = "1–9 open · d forgets" if entries else "none yet"
        if entries:
            recent.highlighted = min(highlight, len(entries) - 1)

    def action_open_recent(self, index: int) -> None:
        if index < len(self._recent):
            self.app.open_target(self._recent[index])
        else:
            self.app.notify(f"No recent target {index + 1}.", severity="warning", timeout=2)

    def forget_recent(self, index: int) -> None:
        if index < len(self._recent):
            target = self._recent[index]
            forget(target)
            self.refresh_recent(highlight=index)
            self.app.notify(f"Forgot {plain(target)}", timeout=2, markup=False)

    # --- search ---------------------------------------------------------------------------------
    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._query = event.value.strip()
        if self._debounce is not None:
            self._debounce.stop()
        if not self._query:
            self._clear_results()
            return
        if len(self._query) < MIN_QUERY:
            self._status(Text("Type one more character: the Hub searches from two.", style="yellow"))
            return
        self._debounce = self.set_timer(DEBOUNCE, self._search_now)

    def _clear_results(self) -> None:
        """An empty query: no results, no search under way."""
        self.workers.cancel_group(self, "search")
        self._relevance, self.results, self._enter_pending = [], [], False
        if self._table is not None:
            self._table.clear()
        self._show_detail(None)
        self._status(Text("Type to search Spaces on the Hub.", style="dim"))

    @on(Input.Submitted, "#search-query")
    def _query_submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if len(self._query) < MIN_QUERY:
            self._status(Text("Type at least two characters to search the Hub." if self._query
                              else "Type what the app should do, then Enter.", style="yellow"))
            return
        table = self._table
        if self._shown_query == self._query and table is not None and table.row_count:
            table.focus()                  # these results are the query's: into them
            return
        self._enter_pending = True         # the results, when they come, get the focus
        self._search_now()

    def _search_now(self) -> None:
        self.search(self._query)

    def _status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    @work(exclusive=True, group="search")
    async def search(self, query: str) -> None:
        from gradio_tui.core import clip, find_token, make_client
        from gradio_tui.core.hub import spaces as hub

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
        if query != self._query:
            return                         # typed on (or cleared) meanwhile: a newer search decides
        self._relevance = list(outcome.results)
        self._shown_query = query
        note = f" · {plain(outcome.fallback_reason)}" if outcome.fallback_reason else ""
        self._show_results(note)
        table = self._table
        if self._enter_pending and table is not None and table.row_count:
            table.focus()
        self._enter_pending = False

    def _show_results(self, note: str = "") -> None:
        from gradio_tui.core import sort_results

        self._note = note
        self.results = sort_results(self._relevance, self.sort)
        if self._table is not None:
            self._table.show(self.results)
        count = len(self.results)
        words = Text(f"{count} Space(s)" if count else "No Spaces found", style="bold" if count else "yellow")
        words.append(f" · sort: {self.sort} (ctrl+s)", style="dim")
        if note:
            words.append(note, style="yellow")
        self._status(words)
        self._show_detail(self.results[0] if self.results else None)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self._relevance:
            self._show_results()
        else:
            self.app.notify(f"Sort: {self.sort}", timeout=2)

    # --- the detail pane ----------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self._table:
            return
        row = event.cursor_row
        self._show_detail(self.results[row] if 0 <= row < len(self.results) else None)

    def _show_detail(self, result: Any) -> None:
        if self._table is None:
            return                         # not mounted yet: it shows the first result when it is
        detail = self.query_one("#search-detail", Static)
        if result is None:
            detail.update(Text(NO_DETAIL, style="dim"))
            return
        detail.update(space_detail(result))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table is not self._table:
            return
        self.app.open_target(str(event.row_key.value))

    # --- open and recent ----------------------------------------------------------------------------
    @on(Input.Submitted, "#open-target")
    def _open_typed(self, event: Input.Submitted) -> None:
        from gradio_tui.core import parse_target

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
        table = self._table
        if table is not None and table.row_count:
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
