"""The run panel: the run list, the queue bar, the live event log and the result.

Runs are ``RunState`` objects fed by their workers; this panel looks at them on one timer
(every ``FLUSH_SECONDS``) and renders what changed, so 10,000 events a second cost the UI ten
batched writes a second. Only the event log follows every flush; the run list, the queue bar
and the result of a running call follow the clock (about three times a second) or a change of
status, because each of their updates can cost a layout pass, and keys must not wait behind
repaints. Each run is its own entry; the highlighted one is *selected*: the log, the result
and cancel act on it.
"""

from __future__ import annotations

from rich.text import Text
from textual.css.query import NoMatches
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from gradio_tui.tui.format import STATUS_MARKS
from gradio_tui.tui.runs import RunState
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.queue_bar import QueueBar
from gradio_tui.tui.widgets.result_view import ResultView

FLUSH_SECONDS = 0.1
CLOCK_TICKS = 3          # clocks redraw every 3 flushes (~3 per second)


def run_prompt(run: RunState) -> Text:
    _, style = STATUS_MARKS.get(run.status, ("?", ""))
    return Text(run.summary(), style=style, no_wrap=True, overflow="ellipsis")


class RunList(OptionList):
    HELP = """\
## Runs

Every call of this session, newest last. The highlighted run is the one the
queue bar, the event log, the result and the export panel show, and the one
**ctrl+g** cancels. Runs go on in the background while you look at another.
"""


class RunPanel(Vertical):
    class Updated(Message):
        """A run changed since the last look (posted at most once per flush per run)."""

        def __init__(self, run: RunState) -> None:
            super().__init__()
            self.run = run

    class Selected(Message):
        def __init__(self, run: RunState | None) -> None:
            super().__init__()
            self.run = run

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.runs: list[RunState] = []
        self.selected: RunState | None = None
        self._seen: dict[int, int] = {}
        self._timer: Timer | None = None
        self._ticks = 0
        self._shown_version = -1
        self._prompts: dict[int, str] = {}
        self._statuses: dict[int, str] = {}     # each run's status when its line was last drawn
        self._shown_status: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield RunList(id="run-list")
        yield QueueBar(id="queue-bar")
        yield EventLog(id="event-log")
        yield ResultView(id="result-view")

    def on_mount(self) -> None:
        try:
            self.query_one(RunList).border_title = "Runs"
        except NoMatches:  # the screen went while this mounted (a quit or another target at once)
            return
        self._timer = self.set_interval(FLUSH_SECONDS, self.flush, pause=True)

    # --- runs ------------------------------------------------------------------------------
    def add_run(self, run: RunState, select: bool = True) -> None:
        self.runs.append(run)
        run_list = self.query_one(RunList)
        run_list.add_option(Option(run_prompt(run), id=f"run-{run.number}"))
        self._seen[run.number] = -1
        if select:
            run_list.highlighted = len(self.runs) - 1
            self._select(run)
        self.wake()

    def run_by_number(self, number: int) -> RunState | None:
        return next((r for r in self.runs if r.number == number), None)

    def wake(self) -> None:
        if self._timer is not None:
            self._timer.resume()
        self.flush()

    def _select(self, run: RunState | None) -> None:
        if run is self.selected:
            return
        self.selected = run
        self.flush(force=True)
        self.post_message(self.Selected(run))

    @on(OptionList.OptionHighlighted, "#run-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        number = int(str(event.option.id).split("-", 1)[1])
        self._select(self.run_by_number(number))

    @on(OptionList.OptionSelected, "#run-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(EventLog).focus()

    # --- the timer ---------------------------------------------------------------------------
    def flush(self, force: bool = False) -> None:
        """Render what changed: run list lines, and the selected run's log, bar and result.

        Only runs whose ``version`` moved are looked at; the run list's lines, the clocks
        (elapsed, the ETA countdown) and a running call's result are redrawn every
        ``CLOCK_TICKS`` flushes or when the status changes; the event log on every flush.
        (A streaming run's version moves on every flush, and its line's clock with it: redrawn
        each time, the run list was repainted ten times a second with the log, each repaint a
        frame a key waits behind.)
        """
        self._ticks += 1
        clock = force or self._ticks % CLOCK_TICKS == 0
        run_list = self.query_one(RunList)
        dirty = False
        for run in self.runs:
            changed = self._seen.get(run.number) != run.version
            if changed:
                dirty = True
                self._seen[run.number] = run.version
                self.post_message(self.Updated(run))
            moved = self._statuses.get(run.number) != run.status
            if (clock and run.active) or (changed and (moved or not run.active)):
                self._statuses[run.number] = run.status
                summary = run.summary()
                if self._prompts.get(run.number) != summary:
                    self._prompts[run.number] = summary
                    run_list.replace_option_prompt(f"run-{run.number}", run_prompt(run))
        selected = self.selected
        log = self.query_one(EventLog)
        status = (selected.number, selected.status) if selected is not None else None
        settled = selected is None or not selected.active
        behind = force or log.run is not selected or (selected is not None and self._shown_version != selected.version)
        if behind:
            log.show(selected)
            self._shown_version = selected.version if selected is not None else -1
        if (behind and (clock or settled or status != self._shown_status)) or (clock and not settled):
            self.query_one(ResultView).show(selected)
            self.query_one(QueueBar).update_run(selected)
            self._shown_status = status
        if not dirty and not force and not any(r.active for r in self.runs) and self._timer is not None:
            self._timer.pause()

    def toggle_raw(self) -> bool:
        log = self.query_one(EventLog)
        log.raw = not log.raw
        return log.raw
