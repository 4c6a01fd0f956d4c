"""Whole user stories in the TUI, driven by Pilot against the real test apps (gradio 6).

Open an app → pick an endpoint → fill the form → run → watch the events → read the result →
export → the clipboard holds the snippet. Plus: a queued run shows its rank, cancel, a form
error blocks sending, gr.Error shows its message, State and the session reset, files.
"""

from __future__ import annotations


from gradio_tui.core import snippets
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.export_panel import ExportPanel
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.support.pilot import (
    SIZE,
    log_text,
    notifications,
    open_endpoint,
    panel,
    press,
    queue_text,
    result_text,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
    wait_for,
)



async def test_progress_run_logs_toasts_result_and_copies_curl(gradio6):
    app = GradioTuiApp(gradio6.url("progress"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await pilot.press("enter")                       # the endpoint list has focus: open /slow_job
        form = screen_of(app).current_center()
        assert isinstance(form, ParamForm) and form.endpoint.route == "/slow_job"
        steps = form.field("steps").control
        assert steps.value == "5"                        # the default, prefilled
        steps.value = ""
        await pilot.press(*"3")
        run = await run_with_keys(pilot, app)
        await until_done(pilot, run)

        assert run.status == "complete", run.error
        types = [e.type for e in run.events]
        for expected in ("estimation", "process_starts", "progress", "log", "complete"):
            assert expected in types
        text = log_text(app)
        for expected in ("estimation", "process_starts", "progress: Working 1/3 steps", "info: Info: Job started",
                         "warning: Warning: Almost done", "complete"):
            assert expected in text
        assert "done 3 steps" in result_text(app)
        assert "timings" in result_text(app)
        assert any("Job started" in n for n in notifications(app))
        assert any("Almost done" in n for n in notifications(app))
        assert "done in" in queue_text(app)

        await pilot.press("ctrl+t")                      # the export panel, focused
        export = screen_of(app).query_one(ExportPanel)
        await pilot.press("c")
        expected = snippets.render(run.record, "curl")
        assert app.clipboard == expected
        assert '"data": [3]' in expected
        await pilot.press("2", "c")                      # Python
        assert app.clipboard == snippets.render(run.record, "python")
        await pilot.press("3", "a", "c")                 # JavaScript, the whole session
        assert export.whole_session
        assert app.clipboard == snippets.render_session(screen_of(app).session.records, "js")
        assert any("OSC 52" in n for n in notifications(app))


async def test_generator_streams_generating_events_and_the_result(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/count", {"n": 4, "delay": 0.05})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert [e.type for e in run.events].count("generating") == 4
        assert "generating" in log_text(app)
        assert "tick0 tick1 tick2 tick3" in result_text(app)
        assert run.record.timings.first_output is not None


async def test_queued_run_shows_its_rank(gradio6):
    app = GradioTuiApp(gradio6.url("queued"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/slow", {"seconds": 1.5})
        first = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: first.status == "running", 10, "the first run to start")
        second = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: second.rank is not None or second.finished, 10, "a rank for the second run")
        assert second.status == "queued"
        assert panel(app).selected is second
        await wait_for(pilot, lambda: "in queue: rank" in queue_text(app), 2, "the rank in the queue bar")
        await wait_for(pilot, lambda: "queued: rank" in log_text(app), 2, "the estimation in the log")
        await until_done(pilot, second, 20)
        assert first.status == second.status == "complete"


async def test_cancel_acts_on_the_selected_run(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/count", {"n": 200, "delay": 0.1})
        run = await run_with_keys(pilot, app)
        await wait_for(pilot, lambda: any(e.type == "generating" for e in run.events), 10, "the first output")
        await press(pilot, "ctrl+g")
        await until_done(pilot, run, 15)
        assert run.status == "cancelled"
        assert "cancelled" in queue_text(app)
        assert len([e for e in run.events if e.type == "generating"]) < 200


async def test_form_errors_block_sending(gradio6):
    app = GradioTuiApp(gradio6.url("widgets"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/describe")
        await pilot.press("ctrl+r")                      # Size is required and empty
        assert panel(app).runs == []
        assert form.field("size").error
        assert any("Not sent" in n for n in notifications(app))
        assert app.focused is form.field("size").control  # the first field with an error

        form.field("payload").control.load_text("{not json")
        await pilot.pause()
        assert "not valid JSON" in (form.field("payload").error or "")
        form.set_values({"size": "M", "payload": {"k": 2}, "level": 5.5})
        await pilot.pause()
        level = form.field("level")
        level.control.value = "5.25"                      # not on a step of 0.5
        await pilot.pause()
        assert "step" in (level.error or "")
        level.control.value = "11"
        await pilot.pause()
        assert "maximum" in (level.error or "")
        level.control.value = "7.5"
        await pilot.pause()
        assert level.error is None

        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete"
        described = run.outputs[0]
        for expected in ('"size": "M"', '"level": 7.5', '"payload": {"k": 2}', '"choice": "red"', '"flags": ["x"]'):
            assert expected in described


async def test_gr_error_shows_its_message_and_a_hidden_error_says_so(gradio6):
    app = GradioTuiApp(gradio6.url("errors_shown"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/boom_gr", {"x": "oops"})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "error"
        assert "Custom failure: oops" in result_text(app)
        assert "Bad input" in result_text(app)
        assert "failed" in queue_text(app)
        assert any("Custom failure: oops" in n for n in notifications(app))

    app = GradioTuiApp(gradio6.url("errors"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/boom_plain")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "error"
        assert "hides error details" in result_text(app)


async def test_state_carries_over_and_a_new_session_starts_over(gradio6):
    app = GradioTuiApp(gradio6.url("state"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/increment")
        for expected in ("1", "2"):
            run = await until_done(pilot, await run_with_keys(pilot, app))
            assert run.outputs == [expected]
        await pilot.press("ctrl+n")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.outputs == ["1"]


async def test_a_second_run_keeps_going_while_another_is_selected(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/count", {"n": 6, "delay": 0.15})
        first = await run_with_keys(pilot, app)
        await open_endpoint(pilot, app, "/count_json", {"n": 2})
        second = await run_with_keys(pilot, app)
        assert panel(app).selected is second
        await until_done(pilot, second)
        run_list = screen_of(app).query_one("#run-list")
        run_list.focus()
        await press(pilot, "up")                         # select the first run again
        await wait_for(pilot, lambda: panel(app).selected is first, what="the first run selected")
        await until_done(pilot, first)
        assert first.outputs == ["tick0 tick1 tick2 tick3 tick4 tick5 "]
        assert "tick5" in result_text(app)
        assert second.outputs == [{"items": [0, 1]}, 2]
