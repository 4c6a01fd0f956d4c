"""How the event detail and the event log's cursor look (the snapshot screens' fixed app and run).
Update with ``pytest tests/tui/test_detail_snapshot.py --snapshot-update``."""

from __future__ import annotations

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.event_log import EventLog
from tests.support.pilot import side_up
from tests.tui.test_snapshots import SIZE, _fixed_user_dirs, demo_d_session, fixed_run, settle

__all__ = ["_fixed_user_dirs"]    # the snapshot screens' autouse fixture: fixed user folders here too


def test_event_detail_of_a_complete_event(snap_compare):
    session = demo_d_session()

    async def run_before(pilot):
        screen = await side_up(pilot)
        screen.run_panel.add_run(fixed_run(session, 1))
        await pilot.pause()
        log = screen.query_one(EventLog)
        log.focus()
        await pilot.pause()
        await pilot.press("up", "enter")
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=session), terminal_size=SIZE, run_before=run_before)
