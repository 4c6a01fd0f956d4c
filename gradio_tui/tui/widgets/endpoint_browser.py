"""The endpoint browser: named endpoints first, undocumented ones flagged, private ones behind a
toggle; badges for generators, State, files and chat; the highlighted one's description."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, OptionList, Static
from textual.widgets.option_list import Option

from ...core.schema import Endpoint
from ...textsafe import plain
from ..format import badges
from .fields import TickBox

ORDER = {"public": 0, "undocumented": 1, "private": 2}


ROUTE_WIDTH = 23


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
**files** takes files, **chat** opens the chat view.

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

    def compose(self) -> ComposeResult:
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
            items.append(Option(endpoint_prompt(endpoint), id=f"ep-{endpoint.fn_index}"))
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
        self.query_one("#endpoint-description", Static).update(description)
        self.post_message(self.Highlighted(endpoint))

    @on(OptionList.OptionSelected, "#endpoint-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        endpoint = self.endpoint_of(event.option.id)
        if endpoint is not None:
            self.post_message(self.Picked(endpoint))
