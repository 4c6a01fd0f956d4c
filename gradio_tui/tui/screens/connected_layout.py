"""How the connected screen's panes share the terminal: the endpoint list hides (a key, and by
itself when the terminal is narrow) and any pane zooms to the full screen and back.

A mixin of ``AppScreen`` (its own module, so the busy screen keeps one line for it). At 80×24
the three columns left the form one field and the result its label: below ``NARROW`` columns
the list is a drawer (F3 or ctrl+b opens it, picking an endpoint closes it again), and a
zoomed pane (Textual's ``Screen.maximize``; lazygit's ``+``) gets all of the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.events import DescendantFocus, Resize
from textual.widget import Widget

from gradio_tui.tui.screens.connected_side import SIDE_PANES
from gradio_tui.tui.toasts import fit_toasts

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    _Base = Screen
else:
    _Base = object

NARROW = 100            # columns: below this the endpoint list hides until asked for
LIST_SHARE = 4          # the endpoint list takes a quarter of the width…
LIST_WIDTH = (26, 48)   # …within these columns

BINDINGS = [
    Binding("ctrl+b", "toggle_endpoints", "List", id="layout.endpoints", priority=True,
            tooltip="Hide or show the endpoint list"),
    Binding("f11,plus", "zoom", "Zoom", id="layout.zoom",
            tooltip="Zoom the focused pane (form, events, result, export) to the full screen; again or Esc to go back"),
]

# The panes a zoom can fill the screen with, innermost first: a focused widget zooms the first
# of these it is in (the run list and queue bar zoom the whole runs side).
PANES = ("#event-log", "#result-view", "#export-panel", "#center", "#endpoints", "#side")
PANE_NAMES = {"#event-log": "event log", "#result-view": "result", "#export-panel": "export",
              "#center": "form", "#endpoints": "endpoint list", "#side": "runs"}


class PaneLayout(_Base):
    """The endpoint drawer and the zoom, for ``AppScreen``."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]     # short: the run panel packs tighter

    endpoints_pinned: bool | None = None    # the user's ctrl+b choice; None: follow the width

    @property
    def endpoints_hidden(self) -> bool:
        return self.has_class("-endpoints-hidden")

    def preset_size_classes(self) -> None:
        """The size classes (breakpoints, the narrow drawer) set before the widgets mount: the
        first resize then finds them right. Set by that resize, each change restyled every
        widget of the screen once more before the first frame (issue 16: launch → form)."""
        width, height = self.app.size
        across, down = ((self.app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                         else self.HORIZONTAL_BREAKPOINTS) or [],
                        (self.app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                         else self.VERTICAL_BREAKPOINTS) or [])     # as Screen._on_resize picks them
        classes = {name: False for _, name in [*across, *down]}
        for size, breakpoints in ((width, across), (height, down)):
            reached = [(at, name) for at, name in breakpoints if size >= at]
            if reached:
                classes[max(reached)[1]] = True
        if self.endpoints_pinned is None:
            classes["-endpoints-hidden"] = width < NARROW
        self.update_classes(classes, update=False)

    def on_resize(self, event: Resize) -> None:
        fit_toasts(self.app, event.size.width, event.size.height)
        if self.endpoints_pinned is None:
            self._hide_endpoints(event.size.width < NARROW)
        self._arrange()

    def _arrange(self) -> None:
        """The grid's columns: CSS cannot say "a quarter, within 26 to 48 columns"."""
        low, high = LIST_WIDTH
        width = max(low, min(high, self.size.width // LIST_SHARE))
        if self.endpoints_hidden:
            columns = "2fr 3fr"
        elif self.has_class("-narrow"):
            columns = f"{width} 1fr"
        else:
            columns = f"{width} 2fr 3fr"
        self.query_one("#body").styles.grid_columns = columns

    def _hide_endpoints(self, hidden: bool) -> None:
        if hidden == self.endpoints_hidden:
            return
        if hidden and self.focused is not None and self._pane_of(self.focused) == "#endpoints":
            self.call_after_refresh(self.action_focus_form)   # focus never stays in a hidden list
        self.set_class(hidden, "-endpoints-hidden")
        self._arrange()

    def show_endpoint_list(self) -> None:
        """F3: the list is shown (for now, if the terminal is narrow) so that it can take focus."""
        self._hide_endpoints(False)

    def action_toggle_endpoints(self) -> None:
        hidden = not self.endpoints_hidden
        # Shown by ctrl+b: it stays. Hidden by ctrl+b: it stays hidden in a wide terminal; in a
        # narrow one it is the drawer again (F3 opens it, picking closes it).
        self.endpoints_pinned = True if not hidden else (False if self.size.width >= NARROW else None)
        self._hide_endpoints(hidden)
        if not hidden:
            self.action_focus_endpoints()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Focus sent to the hidden list (after connecting, say) goes to the form: keys typed
        into a widget nobody sees are lost."""
        if self.endpoints_hidden and self._pane_of(event.widget) == "#endpoints":
            self.call_after_refresh(self.action_focus_form)

    def on_endpoint_browser_picked(self) -> None:
        """Enter on an endpoint in the narrow drawer: the drawer closes, the form gets the room."""
        if self.endpoints_pinned is None and self.size.width < NARROW:
            self._hide_endpoints(True)

    # --- zoom -------------------------------------------------------------------------------------
    def _pane_of(self, widget: Widget | None) -> str | None:
        node: DOMNode | None = widget
        while isinstance(node, Widget) and node is not self:
            for selector in PANES:
                if node.id and f"#{node.id}" == selector:
                    return selector
            node = node.parent
        return None

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        selector = self._pane_of(self.focused)
        if selector is None:
            self.app.notify("Focus a pane first (Tab, F3, F4), then zoom it.", severity="warning", timeout=3)
            return
        self.zoom(selector)

    def zoom(self, selector: str) -> None:
        """Fill the screen with the pane ``selector`` (one of ``PANES``), shown if it was hidden."""
        if selector in SIDE_PANES and not self.side_ready:      # the side panel is mounted after the form
            self.with_side(lambda: self.zoom(selector))
            return
        if selector == "#endpoints":
            self._hide_endpoints(False)
        elif selector in ("#event-log", "#result-view"):
            self.query_one("#side").active = "tab-run"       # type: ignore[attr-defined]  # TabbedContent
        elif selector == "#export-panel":
            self.query_one("#side").active = "tab-export"    # type: ignore[attr-defined]
        pane = self.query_one(selector)
        self.maximized = pane             # Textual's maximize, for a pane that need not be focusable
        if self._pane_of(self.focused) != selector:
            if pane.focusable:
                pane.focus()
            else:                         # the focus chain is the zoomed pane's now: its first stop
                self.call_after_refresh(self.focus_next)

    def zoom_commands(self) -> Iterator[SystemCommand]:
        """The palette's ``view: zoom …`` entries."""
        for selector in ("#center", "#event-log", "#result-view", "#export-panel"):
            name = PANE_NAMES[selector]
            yield SystemCommand(f"view: zoom the {name}", f"Fill the screen with the {name} (F11 or +; Esc goes back)",
                                lambda s=selector: self.zoom(s))
        yield SystemCommand("view: hide/show the endpoint list", "ctrl+b", self.action_toggle_endpoints)

    if TYPE_CHECKING:
        side_ready: bool

        def action_focus_endpoints(self) -> None: ...
        def action_focus_form(self) -> None: ...
        def with_side(self, action: Callable[[], object]) -> None: ...
