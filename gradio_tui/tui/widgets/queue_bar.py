"""The queue bar: rank, queue size and a local ETA countdown; then the run ETA and gr.Progress."""

from __future__ import annotations

from rich.text import Text
from textual.css.query import NoMatches
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from gradio_tui.core import count, finite, plain, progress_words, seconds
from gradio_tui.tui.format import STATUS_MARKS, progress_fraction
from gradio_tui.tui.keymap import keys_of
from gradio_tui.tui.runs import RunState


def queue_words(run: RunState | None) -> Text:
    if run is None:
        return Text("No run yet: fill the form and press ctrl+r", style="dim")
    mark, style = STATUS_MARKS.get(run.status, ("?", ""))
    text = Text(f"{mark} #{run.number} ", style=f"bold {style}")
    status = run.status
    if status == "pending":
        text.append("sending…")
    elif status == "uploading":
        text.append(f"uploading {plain(run.upload_name) or 'files'}…", style="cyan")
        sent = finite(run.upload_bytes)
        if sent:
            text.append(f" {sent / 1e6:.1f} MB sent", style="cyan")
    elif status == "queued":
        if run.rank is not None:
            text.append(f"in queue: rank {count(run.rank)} of {count(run.queue_size)}", style="bold yellow")
            if run.rank == 0:
                text.append(" (next)", style="yellow")
        else:
            text.append("in queue", style="bold yellow")
        left = run.eta_left()
        if left is not None:
            text.append(f" · ETA {seconds(left)}", style="yellow")
    elif status == "running":
        text.append(f"running {seconds(run.running_for())}", style="bold bright_cyan")
        if run.run_eta is not None:
            text.append(f" of ~{seconds(run.run_eta)}", style="bright_cyan")
        words = progress_words(run.progress)
        if words:
            text.append(" · ")
            text.append(plain(words))
    elif status == "complete":
        text.append(f"done in {seconds(run.elapsed(), 2)}", style="bold green")
        if run.duration is not None and not run.streamed:   # a generator's is its last step's only
            text.append(f" · server {seconds(run.duration, 2)}", style="green")
    elif status == "error":
        text.append("failed", style="bold red")
        if run.error_title:
            text.append(f": {plain(run.error_title)}", style="red")
    elif status == "cancelled":
        text.append("cancelled", style="bold yellow")
    return text


def bar_fraction(run: RunState | None) -> float | None:
    """How full the bar is: gr.Progress first, else elapsed over the expected run time."""
    if run is None:
        return None
    if run.status == "complete":
        return 1.0
    if run.status != "running":
        return None
    fraction = progress_fraction(run.progress)
    if fraction is not None:
        return fraction
    elapsed, expected = run.run_elapsed(), finite(run.run_eta)
    if expected and expected > 0 and elapsed is not None:
        return min(0.99, elapsed / expected)
    return None


class QueueBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(self.idle_words(), id="queue-words")
        yield ProgressBar(total=100, show_eta=False, show_percentage=True, id="queue-progress")

    def on_mount(self) -> None:
        try:
            self.update_run(None)
        except NoMatches:  # the screen went while this mounted (a quit or another target at once)
            pass

    _words: Text | None = None

    def idle_words(self) -> Text:
        """Before the first run: the key that runs, as keymap.toml has it."""
        key = keys_of(self.app, "run", "ctrl+r").split(",")[0]
        return Text(f"No run yet: fill the form and press {key}", style="dim")

    def update_run(self, run: RunState | None) -> None:
        words = queue_words(run) if run is not None else self.idle_words()
        if words != self._words:               # most flushes change nothing here
            self._words = words
            self.query_one("#queue-words", Static).update(words, layout=False)
        bar = self.query_one("#queue-progress", ProgressBar)
        fraction = bar_fraction(run)
        shown = fraction is not None
        if bar.display != shown:
            bar.display = shown          # a layout pass only when the bar comes or goes
        if fraction is not None and bar.progress != round(fraction * 100, 1):
            bar.update(total=100, progress=round(fraction * 100, 1))
        for name, status in (("-queued", "queued"), ("-error", "error")):
            wanted = run is not None and run.status == status
            if self.has_class(name) != wanted:
                self.set_class(wanted, name)
