"""How the main screens look, at a fixed size, with clocks frozen and no cursor blink.

The app is built offline from the protocol captures in ``shared/fixtures/gradio`` (Demo D's
config and API info) and runs made of fixed events, so every pixel is deterministic.
Update the snapshots with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import httpx
import pytest
from textual.widgets import Input, TextArea

from gradio_tui.core.history import CallRecord, Timings
from gradio_tui.core.net.target import AppTarget
from gradio_tui.core.protocol.events import (
    CompleteEvent,
    EstimationEvent,
    GeneratingEvent,
    LogEvent,
    ProcessStartsEvent,
    ProgressEvent,
)
from gradio_tui.core.protocol.schema import parse_schema
from gradio_tui.core.session import Session
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.runs import RunState
from tests.support.pilot import side_up
from tests.support.shared import GRADIO_FIXTURES

SIZE = (120, 36)
ROOT = "http://127.0.0.1:7860"
FROZEN = 1000.0


@pytest.fixture(autouse=True)
def _fixed_user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("GRADIO_TUI_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "recent.json").write_text(json.dumps(["abidlabs/en2fr", "http://127.0.0.1:7860"]), encoding="utf-8")


def demo_d_session() -> Session:
    config = json.loads((GRADIO_FIXTURES / "d_config.json").read_text(encoding="utf-8"))
    info = json.loads((GRADIO_FIXTURES / "d_gradio_api_info.json").read_text(encoding="utf-8"))
    schema = parse_schema(ROOT, config, info)
    return Session(AppTarget(raw=ROOT, url=ROOT), schema, httpx.AsyncClient(), session_hash="snapshot123")


def fixed_run(session: Session, number: int = 1) -> RunState:
    """A finished /add call, with the events and timings a real one has."""
    endpoint = session.schema.endpoint("/add")
    record = CallRecord(target=ROOT, root=ROOT, gradio_version=session.schema.version, api_prefix="/gradio_api",
                        api_name="add", fn_index=endpoint.fn_index, args={"a": 2, "b": 40}, params=["a", "b"],
                        status="complete", result=[42],
                        timings=Timings(join=0.01, queue_wait=0.05, first_output=0.31, processing=0.27, total=0.32,
                                        server_duration=0.25))
    session.records.append(record)
    run = RunState(number, "/add", job=SimpleNamespace(record=record), endpoint=endpoint, clock=lambda: FROZEN)
    raw = 'data: {"msg":"process_completed","output":{"data":[42]},"success":true}'
    for event in (EstimationEvent(t=0.012, rank=0, queue_size=1, eta=0.3, raw='data: {"msg":"estimation"}'),
                  ProcessStartsEvent(t=0.05, eta=0.3), LogEvent(t=0.06, level="info", message="adding", title="Info"),
                  ProgressEvent(t=0.2, units=[{"index": 1, "length": 2, "unit": "steps", "progress": None,
                                               "desc": "Adding"}]),
                  GeneratingEvent(t=0.31, data=[40]), CompleteEvent(t=0.32, data=[42], duration=0.25, raw=raw)):
        run.apply(event)
    return run


def queued_run(session: Session, number: int) -> RunState:
    endpoint = session.schema.endpoint("/add")
    run = RunState(number, "/add", job=None, endpoint=endpoint, clock=lambda: FROZEN)
    run.apply(EstimationEvent(t=0.02, rank=2, queue_size=4, eta=12.5))
    return run


async def settle(pilot) -> None:
    for widget in pilot.app.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
    # A scroll that brings the focused field into view is animated: on a loaded machine it was
    # still under way when the snapshot was taken.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    # A blink tick already queued when the blink was turned off can still hide the cursor:
    # drawn or not by the machine's load (the search snapshot was flaky). Show it, then draw.
    for screen in pilot.app.screen_stack:
        for widget in screen.query(Input):
            widget._cursor_visible = True
    await pilot.pause()


def test_search_screen(snap_compare):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(GradioTuiApp(), terminal_size=SIZE, run_before=run_before)


def test_endpoint_form(snap_compare):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.jump_to(screen.session.schema.endpoint("/describe"))
        await pilot.pause()
        await settle(pilot)
        # Focusing the first field may scroll the form a few lines, or not yet: show its top.
        screen.current_center().scroll_home(animate=False)
        await pilot.pause()

    assert snap_compare(GradioTuiApp(session=demo_d_session()), terminal_size=SIZE, run_before=run_before)


def test_form_with_an_error(snap_compare):
    async def run_before(pilot):
        screen = pilot.app.screen
        screen.jump_to(screen.session.schema.endpoint("/add"))
        await pilot.pause()
        form = screen.current_center()
        form.field("a").control.value = "2"
        form.field("b").control.value = ""
        form.collect()
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=demo_d_session()), terminal_size=SIZE, run_before=run_before)


def test_run_view_with_a_finished_run_and_a_queued_one(snap_compare):
    async def run_before(pilot):
        screen = pilot.app.screen
        session = screen.session
        screen.jump_to(session.schema.endpoint("/add"))
        await side_up(pilot)
        screen.run_panel.add_run(fixed_run(session, 1))
        screen.run_panel.add_run(queued_run(session, 2))
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=demo_d_session()), terminal_size=SIZE, run_before=run_before)


def test_export_panel(snap_compare):
    async def run_before(pilot):
        screen = pilot.app.screen
        session = screen.session
        screen.jump_to(session.schema.endpoint("/add"))
        await side_up(pilot)
        screen.run_panel.add_run(fixed_run(session, 1))
        await pilot.pause()
        screen.current_center().set_values({"a": 2})    # the panel shows the form's call, not run
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=demo_d_session()), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("f1")
        await pilot.app.workers.wait_for_complete()      # the table of every binding, gathered in a thread
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=demo_d_session()), terminal_size=SIZE, run_before=run_before)


# --- the connected screen of a real app, at 80×24 and 200×60 (issue 16) ------------------------------

def live_session(url: str) -> Session:
    """A session on the real test app at ``url``: its config and API info as the server answers
    them now, under the fixed ``ROOT`` (the port changes from run to run; the pixels must not)."""
    with httpx.Client(timeout=30) as client:
        config = client.get(f"{url}/config").json()
        prefix = config.get("api_prefix", "/gradio_api").rstrip("/")
        info = client.get(f"{url}{prefix}/info").json()
    schema = parse_schema(ROOT, config, info)
    return Session(AppTarget(raw=ROOT, url=ROOT), schema, httpx.AsyncClient(), session_hash="snapshot123")


def respond_run(session: Session) -> RunState:
    """A finished /respond call of the busychat app, with the events a real one has."""
    endpoint = session.schema.endpoint("/respond")
    reply = "> hi\nYou said: hi"
    record = CallRecord(target=ROOT, root=ROOT, gradio_version=session.schema.version, api_prefix="/gradio_api",
                        api_name="respond", fn_index=endpoint.fn_index, args={"message": "hi"}, params=["message"],
                        status="complete", result=[reply],
                        timings=Timings(join=0.01, queue_wait=0.02, first_output=0.05, processing=0.03, total=0.05,
                                        server_duration=0.02))
    session.records.append(record)
    run = RunState(1, "/respond", job=SimpleNamespace(record=record), endpoint=endpoint, clock=lambda: FROZEN)
    for event in (EstimationEvent(t=0.012, rank=0, queue_size=1, eta=0.1), ProcessStartsEvent(t=0.02, eta=0.1),
                  CompleteEvent(t=0.05, data=[reply], duration=0.02)):
        run.apply(event)
    return run


def busychat_after_a_call(pilot) -> None:
    screen = pilot.app.screen
    screen.jump_to(screen.session.schema.endpoint("/respond"))
    screen.run_panel.add_run(respond_run(screen.session))


async def busychat_drawn(pilot) -> None:
    """The busychat app after one call, settled, its form scrolled to the top."""
    await side_up(pilot)
    busychat_after_a_call(pilot)
    await pilot.pause()
    await settle(pilot)
    pilot.app.screen.current_center().scroll_home(animate=False)
    await pilot.pause()


def test_connected_at_80x24(snap_compare, gradio6):
    """80×24: the endpoint list is a drawer; the form beside the runs, the result below its log."""
    assert snap_compare(GradioTuiApp(session=live_session(gradio6.url("busychat"))), terminal_size=(80, 24),
                        run_before=busychat_drawn)


def test_connected_at_200x60(snap_compare, gradio6):
    """200×60: the endpoint list takes 48 columns, its twelve undocumented endpoints one line."""
    assert snap_compare(GradioTuiApp(session=live_session(gradio6.url("busychat"))), terminal_size=(200, 60),
                        run_before=busychat_drawn)


def test_connected_at_80x24_with_the_result_zoomed(snap_compare, gradio6):
    """F11 on the result at 80×24: the whole screen is the result."""
    async def run_before(pilot):
        await side_up(pilot)
        busychat_after_a_call(pilot)
        await pilot.pause()
        pilot.app.screen.zoom("#result-view")
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(GradioTuiApp(session=live_session(gradio6.url("busychat"))), terminal_size=(80, 24),
                        run_before=run_before)
