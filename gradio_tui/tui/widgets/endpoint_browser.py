"""The endpoint browser: named endpoints first, undocumented ones flagged (many of them folded
into one group that Enter opens), private ones behind a toggle; badges for generators, State,
files and chat; type to filter; the highlighted one's description.

Routes are cut to the list's width in the middle, so that ``/_save_conversation_1`` and
``_2`` stay apart; the list's width follows the terminal's (``screens/connected_layout.py``).
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from gradio_tui.core import Endpoint, EndpointLatency, MonitoringSummary, millis, plain
from gradio_tui.tui.format import badges
from gradio_tui.tui.widgets.fields import TickBox

ORDER = {"public": 0, "undocumented": 1, "private": 2}


ROUTE_WIDTH = 23
LATENCY_REFRESH = 30.0      # seconds between two reads of /monitoring/summary (while it answers)
MAX_LATENCY = 86400.0       # seconds; a larger (or negative) percentile is not believed
UNDOC_GROUP_MIN = 4      # this many undocumented endpoints or more are folded into one group
GROUP_ID = "group-undocumented"


def cut_middle(text: str, room: int) -> str:
    """``text`` in ``room`` characters, cut in the middle: the end of a route tells twins apart."""
    if len(text) <= room:
        return text
    tail = max(2, (room - 1) // 3)
    return text[: room - 1 - tail] + "…" + text[-tail:]


def endpoint_prompt(endpoint: Endpoint, width: int = ROUTE_WIDTH) -> Text:
    """``/route badge badge`` on one line of ``width`` cells (long routes are cut)."""
    style = {"public": "bold", "undocumented": "yellow"}.get(endpoint.visibility, "red")
    route = plain(endpoint.route)
    marks = badges(endpoint)
    if any(word == "chat" for word, _ in marks):
        marks = [(w, s) for w, s in marks if w in ("chat", "undocumented", "private")]
    words = [("undoc" if w == "undocumented" else "priv" if w == "private" else w, s) for w, s in marks]
    while len(words) > 1 and width - sum(len(w) + 1 for w, _ in words) < max(10, len(route)):
        words.pop()                      # the route matters more than the last badge
    route = cut_middle(route, max(8, width - sum(len(w) + 1 for w, _ in words)))
    text = Text(route, style=style)
    for word, badge_style in words:
        text.append(f" {word}", style=badge_style)
    return text


class EndpointList(OptionList):
    HELP = """\
## Endpoints

The app's API. Public endpoints come first, then **undocumented** ones (callable, but
hidden from the app's API page), then, with *private* ticked, **private** ones (not part
of the API at all — the server runs them anyway).

Badges: **gen** a generator (streams), **state** keeps State in your session,
**files** takes files, **chat** opens the chat view. Where the app reports it
(`/monitoring/summary`, Gradio 5 and 6), the median latency follows the name, and
p50 · p90 · p99 show under the list.

Many undocumented endpoints (a chat app has dozens of internal ones) are folded into
one **▸ N undocumented** line: **Enter** on it opens or closes the group.

- **↑/↓** browse · **Enter** opens the form · **p** shows or hides private endpoints
- **Type** (or **/**) to filter by route or description; **↓**/**Enter** back to the
  list, **Esc** clears the filter
- **ctrl+b** hides or shows this list (it hides by itself under 100 columns; **F3** opens it)
- The palette's `endpoint: jump to …` finds one by name
"""

    BINDINGS = [Binding("p", "toggle_private", "Private", id="endpoints.private"),
                Binding("slash", "filter", "Filter", id="endpoints.filter", show=False)]

    def action_toggle_private(self) -> None:
        browser = self.query_ancestor(EndpointBrowser)
        box = browser.query_one("#show-private", Checkbox)
        box.value = not box.value

    def action_filter(self) -> None:
        self.query_ancestor(EndpointBrowser).start_filter("")

    def on_key(self, event: events.Key) -> None:
        """Type to filter: a printable key that no binding wants starts the filter with it."""
        if not event.is_printable or not event.character or event.character.isspace():
            return
        if event.key in self.screen.active_bindings or event.character in self.screen.active_bindings:
            return
        event.stop()
        event.prevent_default()
        self.query_ancestor(EndpointBrowser).start_filter(event.character)


class EndpointFilter(Input):
    """The list's filter box: shown while it is used (it is no Tab stop otherwise)."""

    BINDINGS = [Binding("down", "back_to_list", "List", show=False, id="endpoints.filter.list"),
                Binding("escape", "clear", "Clear", show=False, id="endpoints.filter.clear")]

    def action_back_to_list(self) -> None:
        self.query_ancestor(EndpointBrowser).query_one(EndpointList).focus()

    def action_clear(self) -> None:
        self.value = ""
        self.action_back_to_list()


class EndpointBrowser(Vertical):
    class Picked(Message):
        """Enter on an endpoint (or a click)."""

        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint

    class Highlighted(Message):
        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.endpoints: list[Endpoint] = []
        self.show_private = False
        self.latency: dict[int, EndpointLatency] = {}   # by fn_index, from /monitoring/summary
        self.filter_text = ""
        self.undocumented_open = False
        self.route_width = ROUTE_WIDTH

    def compose(self) -> ComposeResult:
        yield EndpointFilter(placeholder="filter: route or words", id="endpoint-filter", compact=True,
                             select_on_focus=False)
        yield EndpointList(id="endpoint-list")
        private = TickBox("show private", id="show-private", compact=True)
        private.can_focus = False      # no Tab stop between the list and the form: p toggles it, a click too
        yield private
        yield Static("", id="endpoint-description")

    def on_mount(self) -> None:
        self.query_one(EndpointList).border_title = "Endpoints"

    def set_endpoints(self, endpoints: list[Endpoint]) -> None:
        self.endpoints = list(endpoints)
        self._fill()
        self.load_latency()

    def shown_endpoints(self) -> list[Endpoint]:
        """The endpoints the list shows, in its order (not ``visible``: that is Textual's own)."""
        shown = [e for e in self.endpoints if self.show_private or e.visibility != "private"]
        return sorted(shown, key=lambda e: (ORDER.get(e.visibility, 3), e.api_name is None))

    def matches(self, endpoint: Endpoint) -> bool:
        """Every word of the filter is in the route or the description."""
        haystack = f"{endpoint.route} {endpoint.description or ''}".lower()
        return all(word in haystack for word in self.filter_text.lower().split())

    def _grouped(self, shown: list[Endpoint]) -> bool:
        """Whether the undocumented ones are folded (many, no filter, private not asked for)."""
        count = sum(1 for e in shown if e.visibility == "undocumented")
        return count >= UNDOC_GROUP_MIN and not self.filter_text and not self.show_private

    def _group_prompt(self, count: int) -> Text:
        text = Text("▾ " if self.undocumented_open else "▸ ", style="yellow")
        text.append(f"{count} undocumented", style="yellow")
        if not self.undocumented_open and len(text) + 8 <= self.route_width:
            text.append(" (Enter)", style="dim")
        return text

    def _fill(self, keep: Endpoint | None = None, keep_group: bool = False) -> None:
        options = self.query_one(EndpointList)
        options.clear_options()
        previous = None
        items: list[Option | None] = []
        shown = [e for e in self.shown_endpoints() if self.matches(e)]
        grouped = self._grouped(shown)
        for endpoint in shown:
            if previous is not None and endpoint.visibility != previous:
                items.append(None)
            if grouped and endpoint.visibility == "undocumented" and previous != "undocumented":
                undocumented = sum(1 for e in shown if e.visibility == "undocumented")
                items.append(Option(self._group_prompt(undocumented), id=GROUP_ID))
            previous = endpoint.visibility
            if grouped and endpoint.visibility == "undocumented" and not self.undocumented_open:
                continue
            items.append(Option(self._prompt_with_latency(endpoint), id=f"ep-{endpoint.fn_index}"))
        options.add_options(items)
        hidden = sum(1 for e in self.endpoints if e.visibility == "private")
        words = [f"{len(shown)} of {len(self.shown_endpoints())} match"] if self.filter_text else []
        if hidden and not self.show_private:
            words.append(f"{hidden} private hidden")
        options.border_subtitle = " · ".join(words)
        if keep_group and grouped:
            options.highlighted = options.get_option_index(GROUP_ID)
        elif keep is not None and self.matches(keep):
            self.highlight(keep)
        elif options.option_count:
            options.highlighted = 0

    def endpoint_of(self, option_id: str | None) -> Endpoint | None:
        if not option_id or not option_id.startswith("ep-"):
            return None
        fn = int(option_id.split("-", 1)[1])
        return next((e for e in self.endpoints if e.fn_index == fn), None)

    def toggle_undocumented(self) -> None:
        """Open or close the group of undocumented endpoints (Enter on its line)."""
        self.undocumented_open = not self.undocumented_open
        self._fill(keep_group=True)

    # --- filter -------------------------------------------------------------------------------------
    def start_filter(self, text: str) -> None:
        """Show the filter box with ``text`` typed, and focus it."""
        box = self.query_one(EndpointFilter)
        box.display = True
        box.value = box.value + text
        box.cursor_position = len(box.value)
        box.focus()

    @on(Input.Changed, "#endpoint-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == self.filter_text:
            return
        options = self.query_one(EndpointList)
        current = self.endpoint_of(options.highlighted_option.id if options.highlighted_option else None)
        self.filter_text = event.value
        self._fill(keep=current)

    @on(Input.Submitted, "#endpoint-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(EndpointList).focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        box = self.query_one(EndpointFilter)
        if event.widget is box and not box.value:
            box.display = False           # an empty filter is no Tab stop

    def on_resize(self, event: events.Resize) -> None:
        """The routes get the list's width (the list follows the terminal's)."""
        width = max(ROUTE_WIDTH, event.size.width - 3)     # the list's border and scrollbar
        if width != self.route_width:
            self.route_width = width
            if self.endpoints:
                options = self.query_one(EndpointList)
                self._fill(keep=self.endpoint_of(options.highlighted_option.id if options.highlighted_option
                                                 else None))

    def highlight(self, endpoint: Endpoint) -> bool:
        options = self.query_one(EndpointList)
        if endpoint.visibility == "private" and not self.show_private:
            self.query_one("#show-private", Checkbox).value = True
            self.show_private = True
            self._fill()
        if not self.matches(endpoint):
            self.query_one(EndpointFilter).value = ""
            self.filter_text = ""
            self._fill()
        if (endpoint.visibility == "undocumented" and not self.undocumented_open
                and self._grouped([e for e in self.shown_endpoints() if self.matches(e)])):
            self.undocumented_open = True
            self._fill()
        try:
            options.highlighted = options.get_option_index(f"ep-{endpoint.fn_index}")
        except Exception:  # noqa: BLE001 - OptionDoesNotExist
            return False
        return True

    @on(Checkbox.Changed, "#show-private")
    def _private(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.show_private == event.value:
            return
        options = self.query_one(EndpointList)
        current = options.highlighted_option
        self.show_private = event.value
        self._fill(keep=self.endpoint_of(current.id if current else None))

    @on(OptionList.OptionHighlighted, "#endpoint-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        endpoint = self.endpoint_of(event.option.id)
        if event.option.id == GROUP_ID:
            self.query_one("#endpoint-description", Static).update(Text(
                "Callable, but hidden from the app's API page (often the app's own plumbing). "
                "Enter opens or closes the group.", style="dim"))
            return
        if endpoint is None:
            return
        description = Text()
        if endpoint.description:
            description.append(plain(endpoint.description))
        else:
            description.append(f"{len(endpoint.parameters)} input(s) → {len(endpoint.returns)} output(s)", style="dim")
        self._describe_latency(endpoint, description)
        self.query_one("#endpoint-description", Static).update(description)
        self.post_message(self.Highlighted(endpoint))

    @on(OptionList.OptionSelected, "#endpoint-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == GROUP_ID:
            self.toggle_undocumented()
            return
        endpoint = self.endpoint_of(event.option.id)
        if endpoint is not None:
            self.post_message(self.Picked(endpoint))

    # --- latency, where the server reports it (/monitoring/summary) ------------------------------
    def load_latency(self) -> None:
        """Read the app's per-endpoint latency in a worker (never blocking the list); again every
        ``LATENCY_REFRESH`` seconds while the app answers. Absent or odd data shows nothing."""
        if getattr(self.screen, "session", None) is not None and self.is_mounted:
            self._fetch_latency()

    @work(exclusive=True, group="latency", exit_on_error=False)
    async def _fetch_latency(self) -> None:
        from gradio_tui.core import fetch_monitoring

        session = getattr(self.screen, "session", None)
        if session is None:
            return
        summary = await fetch_monitoring(session.client, session.schema.root)
        if getattr(self.screen, "session", None) is not session:
            return                                  # another app since
        self.show_latency(summary)
        if summary.available:
            self.call_later(self._refresh_later)

    def _refresh_later(self) -> None:
        """The next read, timed from the list's own loop: a timer set inside the worker would run
        in the worker's context, which keeps the worker (and the screen it reads) alive."""
        self.set_timer(LATENCY_REFRESH, self.load_latency)

    def show_latency(self, summary: MonitoringSummary) -> None:
        """Put p50 next to each endpoint the summary knows (p50/p90/p99 under the highlighted one)."""
        rows: dict[int, EndpointLatency] = {}
        if summary.available:
            for endpoint in self.endpoints:
                row = summary.get(endpoint.route) if endpoint.api_name else None
                if row is not None and all(_believable(v) for v in (row.p50, row.p90, row.p99)) \
                        and row.p50 is not None:
                    rows[endpoint.fn_index] = row
        if rows == self.latency:
            return
        self.latency = rows
        options = self.query_one(EndpointList)
        for endpoint in self.shown_endpoints():
            try:
                options.replace_option_prompt(f"ep-{endpoint.fn_index}", self._prompt_with_latency(endpoint))
            except Exception:  # noqa: BLE001 - OptionDoesNotExist: not shown now
                continue

    def _prompt_with_latency(self, endpoint: Endpoint) -> Text:
        """The endpoint's line, its median latency after it (the route is cut to leave it room)."""
        row = self.latency.get(endpoint.fn_index)
        if row is None or row.p50 is None:
            return endpoint_prompt(endpoint, self.route_width)
        words = _compact(row.p50)
        text = endpoint_prompt(endpoint, max(12, self.route_width - len(words) - 1))
        text.append(f" {words}", style="dim italic")
        return text

    def _describe_latency(self, endpoint: Endpoint, description: Text) -> None:
        row = self.latency.get(endpoint.fn_index)
        if row is None:
            return
        count = f" over {row.total_requests} call(s)" if row.total_requests is not None else ""
        description.append(f"\np50 {millis(row.p50)} · p90 {millis(row.p90)} · p99 {millis(row.p99)}{count}",
                           style="dim")


def _believable(seconds: float | None) -> bool:
    return seconds is None or 0 <= seconds <= MAX_LATENCY


def _compact(seconds: float) -> str:
    """``12ms``, ``1.3s``, ``45s``: short enough for the narrow list."""
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    return f"{seconds:.1f}s" if seconds < 10 else f"{seconds:.0f}s"
