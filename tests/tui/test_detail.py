"""Issue 15, dead end 3: read an event in full. The event log cuts each line at its width; the
cursor (↑/↓ + Enter) or a click opens the event's detail — the message, the raw frame, a
generator's diff and the full value after it — which is copied with ``c``; ``w`` wraps the log."""

from __future__ import annotations


from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.event_detail import EventDetail
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.run_panel import RunList
from tests.support.pilot import (
    SIZE,
    notifications,
    open_endpoint,
    press,
    run_with_keys,
    screen_of,
    until_connected,
    until_done,
    wait_for,
)

TICKS = 40
LAST = f"tick{TICKS - 1}"          # the tail of the longest value, past every log line's width



def shown_rows(log: EventLog) -> list[str]:
    """The log's rows as drawn on screen."""
    return [log.render_line(y).text for y in range(log.scrollable_content_region.height)]


async def streamed(pilot, app: GradioTuiApp):
    await until_connected(pilot, app)
    await open_endpoint(pilot, app, "/count", {"n": TICKS, "delay": 0})
    return await until_done(pilot, await run_with_keys(pilot, app))


async def test_cursor_and_enter_open_a_generating_event_in_full_and_copy_it(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        run = await streamed(pilot, app)
        assert run.status == "complete", run.error
        log = screen_of(app).query_one(EventLog)
        assert not any(LAST in row for row in shown_rows(log))        # cut: the changing tail is not visible
        screen_of(app).query_one(RunList).focus()
        await pilot.pause()
        await press(pilot, "enter")                                    # the run list's Enter: into its log
        assert app.focused is log
        await press(pilot, "up")                                       # the cursor on the newest line: complete
        assert log.cursor_event is not None and log.cursor_event.type == "complete"
        await press(pilot, "up")                                       # the last generating event
        cursor = log.get_component_rich_style("event-log--cursor").bgcolor
        marked = [y for y in range(log.scrollable_content_region.height)
                  if any(seg.style and seg.style.bgcolor == cursor for seg in log.render_line(y))]
        assert len(marked) == 1                                        # one row drawn as the cursor
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail), 5, "the event detail")
        detail = app.screen
        assert isinstance(detail, EventDetail) and detail.event.type == "generating"
        text = detail.text
        full = " ".join(f"tick{i}" for i in range(TICKS)) + " "
        assert f'"{full}"' in text                                      # the full value after the diff
        assert "Update as sent" in text and '"append"' in text          # the diff as the server sent it
        assert "Raw SSE frame" in text and "process_generating" in text
        assert f"+{detail.event.t:.3f} s after the call was sent" in text
        await press(pilot, "c")
        assert app.clipboard == text
        assert any("Copied the generating event" in n for n in notifications(app))
        await press(pilot, "left")                                     # the previous update: one tick less
        assert detail.event.type == "generating"
        assert f'"{full}"' not in detail.text and f"tick{TICKS - 2} " in detail.text
        await press(pilot, "escape")
        assert app.screen is screen_of(app) and app.focused is log


async def test_a_click_opens_the_event_under_it_and_w_wraps_the_log(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await streamed(pilot, app)
        log = screen_of(app).query_one(EventLog)
        log.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        first = log._lines[0][3]
        assert first is not None
        await pilot.click(EventLog, offset=(3, 1))                     # the first row under the border
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail), 5, "the event detail")
        assert app.screen.event is first
        await press(pilot, "escape")

        log.focus()
        await pilot.pause()
        await press(pilot, "end", "up", "up")                           # the last generating event
        cut_rows = shown_rows(log)
        assert not any(LAST in row for row in cut_rows)
        await press(pilot, "w")
        await pilot.pause()
        assert log.wrap and "wrapped" in str(log.border_subtitle)
        assert log.virtual_size.height > len(log.lines)                 # long lines take more rows
        assert LAST in "".join(row.rstrip("\n") for row in shown_rows(log))
        await press(pilot, "w")
        assert not log.wrap and log.virtual_size.height == len(log.lines)


async def test_the_raw_view_keeps_the_frames_whole_for_the_detail(gradio6):
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await streamed(pilot, app)
        await press(pilot, "f2")
        log = screen_of(app).query_one(EventLog)
        await wait_for(pilot, lambda: any("process_completed" in line for line in log.lines), 5, "raw frames")
        log.focus()
        await pilot.pause()
        await press(pilot, "up", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail), 5, "the event detail")
        text = app.screen.text
        assert "process_completed" in text and LAST in text


def test_the_detail_of_a_hostile_frame_has_no_control_sequence_and_is_capped():
    import json

    from gradio_tui.core.protocol.events import GeneratingEvent, LogEvent
    from gradio_tui.tui.runs import RunState
    from gradio_tui.tui.screens.event_detail import PART_LIMIT, detail_parts, detail_text

    evil = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eevil\x9b31m"
    message = {"msg": "process_generating", "event_id": evil,
               "output": {"data": [[["append", [], evil]]]}, "success": True}
    raw = "data: " + json.dumps(message, ensure_ascii=False)    # C1 and bidi controls raw, as JSON allows
    run = RunState(1, "/x")
    generating = GeneratingEvent(t=0.5, event_id=evil, raw=raw, data=["x" * (PART_LIMIT + 10) + evil])
    ours = LogEvent(t=0.6, level="warning", message=evil, title="gradio-tui")
    for event in (generating, ours):
        run.apply(event)
        text = detail_text(detail_parts(run, event))
        assert not any(ch in text for ch in ("\x1b", "\x07", "\x9b", "\u202e")), repr(text[:300])
    parts = {part.title: part.text for part in detail_parts(run, generating)}
    full = parts["Full value after this update"]
    assert full.endswith("more characters not shown)") and len(full) < PART_LIMIT + 100
    assert "\\u001b]52" in parts["Update as sent (output.data: a diff after the first update)"]
    assert "made by gradio-tui" in detail_text(detail_parts(run, ours))
