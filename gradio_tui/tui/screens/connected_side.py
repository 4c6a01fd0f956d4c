"""The connected screen's side panel (the runs and the export tabs), mounted after the first form.

It is half of the screen's widgets (about fifty), and none of it is needed to show the first
form: composing, styling and drawing it with the rest cost the launch → form path about a
fifth of its time (issue 16). The screen mounts it once its first form (or chat) is on the
screen. What needs it before then (ctrl+r, ctrl+t, F2, a zoom, a palette entry pressed the
instant the form appears) waits for it, in order: ``with_side`` mounts it at once if it is
not on its way and runs the action when it is up.

``run_panel`` and ``export_panel`` are the same two widgets before and after: their lists (the
runs) can be read at any time; whatever draws into them waits for ``side_ready``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.widgets import TabbedContent, TabPane

from gradio_tui.tui.widgets.export_panel import ExportPanel
from gradio_tui.tui.widgets.run_panel import RunPanel

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen
else:
    _Base = object

#: the panes that live in the side panel (zoom targets)
SIDE_PANES = ("#event-log", "#result-view", "#export-panel", "#side")

MethodT = TypeVar("MethodT", bound=Callable[..., Any])


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

    def side_after_form(self) -> None:
        """Mount the side panel once the first form (or chat, or the empty pane) has been drawn."""
        center = self.current_center()
        if center is not None and not center.is_mounted:      # its fields are still composing
            self.call_after_refresh(self.side_after_form)
            return
        self.call_after_refresh(self.mount_side)               # after the frame that shows it

    def mount_side(self) -> None:
        if self._side_state != "absent" or not self.is_attached:
            return
        self._side_state = "mounting"
        side = TabbedContent(id="side", initial="tab-run")
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
