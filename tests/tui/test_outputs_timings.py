"""Issue 16, timings that tell the truth: one clock (the job's) for the run list, the queue bar and
the result; a generator's server figure (its last step only, ``0.00s``) is not shown as the call's."""

from __future__ import annotations

import re
import time

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.run_panel import RunList
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    panel,
    queue_text,
    result_text,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
    wait_for,
)

RUNNING = re.compile(r"running (\d+\.\d)s")


def run_list_line(app: GradioTuiApp, number: int) -> str:
    option = screen_of(app).query_one(RunList).get_option(f"run-{number}")
    return str(option.prompt)


async def test_the_run_list_and_the_queue_bar_say_the_same_running_time(gradio6):
    app = GradioTuiApp(gradio6.url("queued"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/slow", {"seconds": 1.5})
        first = await run_with_keys(pilot, app)
        second = await run_with_keys(pilot, app)          # waits ~1.5 s in the queue behind the first
        await wait_for(pilot, lambda: second.status == "running" and (second.run_elapsed() or 0) > 0.3, 20,
                       "the second run to be running")
        frozen = time.monotonic()
        second.clock = lambda: frozen                      # one instant: both texts are drawn from it
        first.clock = lambda: frozen
        await wait_for(pilot, lambda: RUNNING.search(queue_text(app)) and RUNNING.search(run_list_line(app, 2)),
                       5, "both clocks drawn")
        await pilot.pause(0.5)                              # a few clock ticks at the frozen instant
        bar, listed = RUNNING.search(queue_text(app)), RUNNING.search(run_list_line(app, 2))
        assert bar and listed and bar.group(1) == listed.group(1), (queue_text(app), run_list_line(app, 2))
        assert float(bar.group(1)) < 1.2                  # the time running, not the queue wait with it
        second.clock = first.clock = time.monotonic
        await until_done(pilot, second)
        assert first.status == second.status == "complete"
        queue_wait = second.record.timings.queue_wait
        assert queue_wait is not None and queue_wait > 0.8
        assert f"queue wait {queue_wait:.2f}s" in result_text(app)


async def test_a_generator_shows_its_processing_time_not_a_server_0_00s(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/count", {"n": 5, "delay": 0.2})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error
        await wait_for(pilot, lambda: "done in" in queue_text(app), 5, "the queue bar's end")
        assert "server" not in queue_text(app)
        timings = result_text(app)
        assert "server" not in timings
        processing = re.search(r"processing (\d+\.\d+)s", timings)
        assert processing and float(processing.group(1)) >= 0.7     # four 0.2 s sleeps
        done = re.search(r"done in (\d+\.\d+)s", queue_text(app))
        assert done and float(done.group(1)) == round(run.record.timings.total, 2)
        assert panel(app).runs[0] is run and f"done in {done.group(1)}s" in run_list_line(app, 1)
