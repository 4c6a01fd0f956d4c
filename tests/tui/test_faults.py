"""Hostile content in the TUI: what a hostile app sends is painted as plain text.

The TUI is driven with Pilot on an app served by ``tests/support/faultserver.py``; what the screen
paints is read from Textual's own screenshot (an SVG of the terminal's text), and must hold no
control character at all, with Rich markup shown as typed.
"""

from __future__ import annotations

import pytest

from tests.core.test_content import CONTROL, CURSOR, HOSTILE, HUGE, OSC52, hostile_script
from tests.support.faultserver import FaultServer, dependency, make_config, make_info, textbox

pytestmark = pytest.mark.faults

pytest.importorskip("textual")


def hostile_app(fs: FaultServer, parameter_name: str = "text") -> None:
    fs.reset()
    comps = [textbox(1, HOSTILE + HUGE, "hi", info=HOSTILE),
             {"id": 3, "type": "dropdown", "props": {"label": HOSTILE, "value": "a",
                                                     "choices": [[HOSTILE, "a"], ["b" + OSC52, "b"]]}},
             textbox(2, HOSTILE)]
    fs.config = make_config([dependency(0, "predict", [1, 3], [2], api_description=HOSTILE + HUGE),
                             dependency(1, "evil" + CURSOR, [1], [2])], components=comps, title=HOSTILE + HUGE)
    fs.info = make_info(fs.config)
    fs.info["named_endpoints"]["/predict"]["parameters"][0]["parameter_name"] = parameter_name
    fs.info["named_endpoints"]["/predict"]["description"] = HOSTILE + HUGE
    fs.script = lambda eid, body: ([("raw", b"data: \x1b]52;c;QUFBQQ==\x07 not json\n\n")]
                                   + hostile_script(eid, body))


async def run_tui(fs: FaultServer) -> tuple[list[str], list[str]]:
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp

    session = await Session.connect(fs.url, timeout=5)
    app = GradioTuiApp(session=session, remember_targets=False)
    shots: list[str] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.3)
        shots.append(app.export_screenshot())          # the endpoint list and the form
        await pilot.press("ctrl+r")                     # run it: log, toasts, result
        for tick in range(40):
            await pilot.pause(0.1)
            if (not fs.joins and tick > 10) or (fs.joins and "complete" in app.export_screenshot()):
                break
        shots.append(app.export_screenshot())
        await pilot.press("f2")                         # the raw SSE frames
        await pilot.pause(0.3)
        shots.append(app.export_screenshot())
        notes = [f"{n.title}\n{n.message}" for n in app._notifications]
    return shots, notes


async def test_hostile_app_is_painted_as_text(server):
    hostile_app(server)
    shots, notes = await run_tui(server)
    assert server.joins == 1
    for text in shots + notes:
        found = CONTROL.search(text)
        assert found is None, repr(text[max(0, found.start() - 60):found.start() + 20])
    assert any("[/bold" in shot for shot in shots)      # markup shown as typed, never applied
    assert any("not a JSON object" in note for note in notes)


async def test_hostile_parameter_name_does_not_break_the_form(server):
    hostile_app(server, parameter_name="text" + CURSOR)
    shots, _ = await run_tui(server)
    assert server.joins == 1
