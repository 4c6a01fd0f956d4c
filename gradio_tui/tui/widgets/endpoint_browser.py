"""The endpoint browser: named endpoints first, undocumented ones flagged, private ones behind a
toggle; badges for generators, State, files and chat; the highlighted one's description."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from ...core.monitoring import EndpointLatency, MonitoringSummary, millis
from ...core.schema import Endpoint
from ...textsafe import plain
from ..format import badges

ORDER = {"public": 0, "undocumented": 1, "private": 2}


ROUTE_WIDTH = 23
LATENCY_REFRESH = 30.0      # seconds between two reads of /monitoring/summary (while it answers)
MAX_LATENCY = 86400.0       # seconds; a larger (or negative) percentile is not believed


def endpoint_prompt(endpoint: Endpoint) -> Text:
    """``/route badge badge`` on one line (the list is narrow: long routes are cut)."""
    style = {"public": "bold", "undocumented": "yellow"}.get(endpoint.visibility, "red")
    route = plain(endpoint.route)
    marks = badges(endpoint)
    if any(word == "chat" for word, _ in marks):
        marks = [(w, s) for w, s in marks if w in ("chat", "undocumented", "private")]
    words = [("undoc" if w == "undocumented" else "priv" if w == "private" else w, s) for w, s in marks]
    while len(words) > 1 and ROUTE_WIDTH - sum(len(w) + 1 for w, _ in words) < 10:
        words.pop()                      # the route matters more than the last badge
    room = max(8, ROUTE_WIDTH - sum(len(w) + 1 for w, _ in words))
    if len(route) > room:
        route = route[: room - 1] + "…"
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

- **↑/↓** browse · **Enter** opens the form · **p** shows or hides private endpoints
- The palette's `endpoint: jump to …` finds one by name
"""

    BINDINGS = [Binding("p", "toggle_private", "Private", id="endpoints.private")]

    def action_toggle_private(self) -> None:
        browser = self.query_ancestor(EndpointBrowser)
        box = browser.query_one("#show-private", Checkbox)
        box.value = not box.value


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

    def compose(self) -> ComposeResult:
        yield EndpointList(id="endpoint-list")
        yield Checkbox("show private", id="show-private", compact=True)
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

    def _fill(self, keep: Endpoint | None = None) -> None:
        options = self.query_one(EndpointList)
        options.clear_options()
        previous = None
        items: list[Option | None] = []
        for endpoint in self.shown_endpoints():
            if previous is not None and endpoint.visibility != previous:
                items.append(None)
            previous = endpoint.visibility
            items.append(Option(self._prompt_with_latency(endpoint), id=f"ep-{endpoint.fn_index}"))
        options.add_options(items)
        hidden = sum(1 for e in self.endpoints if e.visibility == "private")
        self.query_one(EndpointList).border_subtitle = (
            f"{hidden} private hidden" if hidden and not self.show_private else "")
        if keep is not None:
            self.highlight(keep)
        elif options.option_count:
            options.highlighted = 0

    def endpoint_of(self, option_id: str | None) -> Endpoint | None:
        if not option_id:
            return None
        fn = int(option_id.split("-", 1)[1])
        return next((e for e in self.endpoints if e.fn_index == fn), None)

    def highlight(self, endpoint: Endpoint) -> bool:
        options = self.query_one(EndpointList)
        if endpoint.visibility == "private" and not self.show_private:
            self.query_one("#show-private", Checkbox).value = True
            self.show_private = True
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
        endpoint = self.endpoint_of(event.option.id)
        if endpoint is not None:
            self.post_message(self.Picked(endpoint))

    # --- latency, where the server reports it (/monitoring/summary) ------------------------------
    def load_latency(self) -> None:
        """Read the app's per-endpoint latency in a worker (never blocking the list); again every
        ``LATENCY_REFRESH`` seconds while the app answers. Absent or odd data shows nothing."""
        session = getattr(self.screen, "session", None)
        if session is not None and self.is_mounted:
            self._fetch_latency(session)

    @work(exclusive=True, group="latency", exit_on_error=False)
    async def _fetch_latency(self, session: object) -> None:
        from ...core.monitoring import fetch_monitoring

        summary = await fetch_monitoring(session.client, session.schema.root)   # type: ignore[attr-defined]
        if getattr(self.screen, "session", None) is not session:
            return                                  # another app since
        self.show_latency(summary)
        if summary.available:
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
        text = endpoint_prompt(endpoint)
        row = self.latency.get(endpoint.fn_index)
        if row is None or row.p50 is None:
            return text
        words = _compact(row.p50)
        if len(text) + len(words) + 1 > ROUTE_WIDTH:
            text.truncate(max(8, ROUTE_WIDTH - len(words) - 1) - 1)
            text.append("…")
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
