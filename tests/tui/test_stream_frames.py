"""What a 10,000-event stream repaints (issue 16: key latency during a stream, p99 < 50 ms).

A key waits behind every frame and every flush that runs before it. While a generator streams,
the run list's line (its clock) is redrawn at the clock's rate, not on every flush; the result's
new value is shown without a layout pass when it has the shape of the last one; the event log
keeps its lines as text and draws the rows on screen as they were; the run keeps a bounded tail.
All of it still ends on the complete result, line and log.
"""

from __future__ import annotations

import gc
from itertools import pairwise

import pytest

from textual.widgets import Static

from gradio_tui.tui.runs import EVENTS_KEPT, EVENTS_SLACK
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.run_panel import CLOCK_TICKS, RunList, RunPanel
from gradio_tui.tui.widgets.result_view import body_shape
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    panel,
    result_text,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
)
from gradio_tui.tui.app import GradioTuiApp

N = 6000


async def test_a_stream_repaints_at_the_clock_rate_and_ends_complete(gradio6, monkeypatch):
    flushes: list[bool] = []                     # one per flush: the selected run was still active
    real_flush = RunPanel.flush

    def flush(self: RunPanel, force: bool = False) -> None:
        flushes.append(bool(self.selected and self.selected.active))
        real_flush(self, force)

    monkeypatch.setattr(RunPanel, "flush", flush)
    redrawn: list[str] = []                     # the run list's line, each time it was redrawn
    real_replace = RunList.replace_option_prompt

    def replace(self: RunList, option_id: str, prompt):
        redrawn.append(str(prompt))
        return real_replace(self, option_id, prompt)

    monkeypatch.setattr(RunList, "replace_option_prompt", replace)
    shown: list[tuple[str, bool]] = []           # the result body: (its text, asked for a layout pass)
    real_update = Static.update

    def update(self: Static, content="", *, layout: bool = True) -> None:
        if self.id == "result-body":
            shown.append(((getattr(content, "renderables", None) and "\n".join(
                t.plain for t in content.renderables)) or str(content), layout))
        real_update(self, content, layout=layout)

    monkeypatch.setattr(Static, "update", update)

    app = GradioTuiApp(gradio6.url("gen"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/stream_many", {"n": N})
        await pilot.pause(0.2)
        flushes.clear()
        redrawn.clear()
        shown.clear()
        run = await run_with_keys(pilot, app)
        await until_done(pilot, run, 120)
        await pilot.pause(0.3)

        # The run list: redrawn on the clock (every CLOCK_TICKS flushes) and when the status
        # moved, not on each of the stream's flushes; its last line says how long it took.
        streaming = flushes.count(True)
        assert streaming >= 3 * CLOCK_TICKS, f"too short a stream to tell: {streaming} flushes"
        assert len(redrawn) <= streaming // CLOCK_TICKS + 4, (len(redrawn), streaming)
        run_list = panel(app).query_one(RunList)
        assert "done in" in redrawn[-1] and "done in" in str(run_list.get_option_at_index(0).prompt)

        # The result: a value of the same shape as the last one is shown without a layout pass;
        # a new shape (more digits, the timings at the end) still gets one.
        same = [(before, after) for before, after in pairwise(shown)
                if [len(line) for line in before[0].split("\n")] == [len(line) for line in after[0].split("\n")]]
        assert same, f"no two results of the same shape to compare: {shown}"
        assert all(not layout for _, (_, layout) in same), shown
        assert any(layout for _, layout in shown[1:]), "a result that changed shape got no layout pass"
        assert f"Last\n{N}" in result_text(app) and "timings" in result_text(app)

        # The run keeps a bounded tail; the log the last lines, drawn as they were written.
        assert run.counts["generating"] == N and run.outputs == [str(N)]
        assert EVENTS_KEPT <= len(run.events) <= EVENTS_KEPT + EVENTS_SLACK
        log = screen_of(app).query_one(EventLog)
        assert log.lines[-1].split()[2] == "complete" and len(log.lines) <= log.max_lines
        height = log.scrollable_content_region.height
        drawn = [log.render_line(y) for y in range(height)]
        texts = ["".join(segment.text for segment in strip).rstrip() for strip in drawn]
        assert texts[-1] == log.lines[-1][: len(texts[-1])] and texts[-1].split()[2] == "complete"
        generating = next(strip for strip, text in zip(drawn, texts) if " generating " in text)
        word = next(segment for segment in generating if segment.text.strip() == "generating")
        assert word.style is not None and word.style.color is not None, "the event type lost its colour"


def test_body_shape_is_the_cell_width_of_each_line():
    from rich.console import Group
    from rich.text import Text

    assert body_shape(Group(Text("Last"), Text("1234"), Text(""))) == (4, 4, 0)
    assert body_shape(Group(Text("Last"), Text("9999"))) == body_shape(Group(Text("Last"), Text("1000")))
    assert body_shape(Text("a\n漢字")) == (1, 4)


@pytest.fixture
def gc_thresholds():
    """The app sets the collector's thresholds for its process: give the test process its own back."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


async def test_a_ten_thousand_event_stream_makes_no_full_collection(gradio6, gc_thresholds):
    """A full collection walks every object made since start-up (40-90 ms during a stream): the
    stream's short-lived objects die in the young generations instead of piling into the old one."""
    full: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(info["collected"])

    app = GradioTuiApp(gradio6.url("gen"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/stream_many", {"n": 10000})
        await pilot.pause(0.3)
        assert gc.isenabled()
        gc.callbacks.append(count)
        try:
            run = await run_with_keys(pilot, app)
            await until_done(pilot, run, 120)
        finally:
            gc.callbacks.remove(count)
        assert run.status == "complete" and run.counts["generating"] == 10000
        assert full == [], f"{len(full)} full collection(s) during the stream"


def test_a_kept_line_keeps_its_own_style_under_its_spans():
    from rich.console import Console
    from rich.text import Text

    from gradio_tui.tui.widgets.event_log import line_segments, spans_of

    text = Text("queued: rank 3", style="bold")
    text.stylize("red", 0, 6)
    console = Console(width=80, color_system="truecolor")
    assert line_segments(text.plain, spans_of(text), console) == list(text.render(console))
