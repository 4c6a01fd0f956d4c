"""The connected screen's side panel (the runs and the export tabs), mounted after the first form.

It is half of the screen's widgets (about fifty), and none of it is needed to show the first
form: composing, styling and drawing it with the rest cost the launch → form path about a
fifth of its time (issue 16). The screen mounts it once its first form (or chat) is on the
screen. What needs it before then (ctrl+r, ctrl+t, F2, a zoom, a palette entry pressed the
instant the form appears) waits for it, in order: ``with_side`` mounts it at once if it is
not on its way and runs the action when it is up.

``run_panel`` and ``export_panel`` are the same two widgets before and after: their lists (the
runs) can be read at any time; whatever draws into them waits for ``side_ready``.

Between "connected" and the first form with its fields, the screen drew two frames nobody needed
(the endpoint list beside an empty middle, then the form's buttons without its fields): the
frames are held until the form is complete (``hold_frames``), at most ``HOLD_LIMIT`` seconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from textual.widgets import TabbedContent, TabPane

from gradio_tui.tui.widgets.export_panel import ExportPanel
from gradio_tui.tui.widgets.footer import AppFooter
from gradio_tui.tui.widgets.run_panel import RunPanel

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import AwaitMount

    _Base = Screen
else:
    _Base = object

#: the panes that live in the side panel (zoom targets)
SIDE_PANES = ("#event-log", "#result-view", "#export-panel", "#side")

MethodT = TypeVar("MethodT", bound=Callable[..., Any])
HOLD_LIMIT = 1.0          # seconds the frames wait for the first form at most


def needs_side(method: MethodT) -> MethodT:
    """A screen method that draws into the side panel: run now if it is up, else once it is
    (returning None meanwhile)."""
    @functools.wraps(method)
    def run(self: SideMount, *args: Any, **kwargs: Any) -> Any:
        if self.side_ready:
            return method(self, *args, **kwargs)
        self.with_side(lambda: method(self, *args, **kwargs))
        return None

    return run  # type: ignore[return-value]


class SideMount(_Base):
    """The lazily mounted side panel, for ``AppScreen``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._side_state = "absent"            # absent → mounting → ready
        self._side_waiting: list[Callable[[], Any]] = []
        self._run_panel = RunPanel(id="run-panel")
        self._export_panel = ExportPanel(id="export-panel")
        self._held: AbstractContextManager[None] | None = None
        self.center_mount: AwaitMount | None = None       # the form (or chat) mounting in the middle

    @property
    def run_panel(self) -> RunPanel:
        return self._run_panel

    @property
    def export_panel(self) -> ExportPanel:
        return self._export_panel

    @property
    def side_ready(self) -> bool:
        """The side panel is mounted, composed and drawn into: the runs and export can be shown."""
        return self._side_state == "ready"

    def with_side(self, action: Callable[[], Any]) -> None:
        """Run ``action`` now if the side panel is up, else as soon as it is (mounting it now
        if it was not on its way); actions asked for meanwhile run in the order asked."""
        if self.side_ready:
            action()
            return
        self._side_waiting.append(action)
        self.mount_side()

    def hold_frames(self) -> None:
        """Draw nothing until ``side_after_form`` finds the first form complete (or the limit); only
        while this screen is the one shown (the hold is the whole app's)."""
        if self._held is None and self.app.screen is self:
            self._held = self.app.batch_update()
            self._held.__enter__()
            self.set_timer(HOLD_LIMIT, self.release_frames)

    def release_frames(self) -> None:
        """Frames again (also when the screen goes away: the hold is the whole app's)."""
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)
            self.app.screen.refresh()      # the screen shown now: F1 or ctrl+o may have covered this one

    def side_after_form(self) -> None:
        """Mount the side panel once the first form (or chat, or the empty pane) has been drawn."""
        self.call_later(self._side_after_form)

    async def _side_after_form(self) -> None:
        mounting, self.center_mount = self.center_mount, None
        if mounting is not None:
            await mounting                 # the form and its fields
        if self._held is not None:
            focused, center = self.focused, self.current_center()
            if center is not None and (focused is None or center not in focused.ancestors_with_self):
                self.action_focus_form()       # its first field: asked before its fields were there
            for footer in self.query(AppFooter):
                await footer.refresh_keys()     # the first form's frame shows its keys
        self.release_frames()
        self.call_after_refresh(self.mount_side)               # after the frame that shows it

    def mount_side(self) -> None:
        if self._side_state != "absent" or not self.is_attached:
            return
        self._side_state = "mounting"
        side = TabbedContent(id="side")          # the first tab (Run) is shown: no `initial`, whose
        # check fails on a Tabs that mounts while the app quits (its tabs already removed)
        side.compose_add_child(TabPane("Run", self.run_panel, id="tab-run"))
        side.compose_add_child(TabPane("Export", self.export_panel, id="tab-export"))
        mounted = self.query_one("#body").mount(side)

        async def up() -> None:
            await mounted
            self._side_state = "ready"
            waiting, self._side_waiting = self._side_waiting, []
            for action in waiting:
                if self.is_attached:
                    action()

        self.call_later(up)

    if TYPE_CHECKING:
        def current_center(self) -> Any: ...
        def action_focus_form(self) -> None: ...
