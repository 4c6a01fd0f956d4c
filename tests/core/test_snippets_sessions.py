"""The recorder after a session reset (dead end 5 of issue 15).

In the TUI: the State app's /increment, run, run, ctrl+n, run — the TUI shows 1, 2, 1. The
"whole session" script copied from the export panel says it holds 2 sessions, starts a new
client (curl: a new session_hash) at the reset, and, RUN for real in each language, prints
1, 2, 1 too (it printed 1, 2, 3 when one client replayed every call).
"""

from __future__ import annotations

import pytest

from gradio_tui.core.history import CallRecord
from gradio_tui.core.snippets import render_session, session_count
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.export_panel import ExportPanel
from tests.core.test_snippets_live import JS_DIR, js_problem, parse_output
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    press,
    result_text,
    run_with_keys,
    until_connected,
    until_done,
    wait_for,
)
from tests.tui.test_export_form import run_snippets



async def test_the_whole_session_script_replays_a_reset_as_the_tui_saw_it(gradio6, tmp_path):
    problem = js_problem()
    if problem:
        pytest.skip(problem)
    (tmp_path / "node_modules").symlink_to(JS_DIR / "node_modules")
    app = GradioTuiApp(gradio6.url("state"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/increment")
        shown = []
        for keys in ((), (), ("ctrl+n",)):
            await press(pilot, *keys)
            run = await until_done(pilot, await run_with_keys(pilot, app))
            assert run.status == "complete", run.error
            shown.append(run.outputs)
            assert run.outputs[0] in result_text(app)
        assert shown == [["1"], ["2"], ["1"]]                   # what the user saw

        await press(pilot, "ctrl+t", "w")
        export = screen.query_one(ExportPanel)
        assert export.describe_scope() == "3 calls, 2 sessions"
        assert "whole session: 2 sessions" in screen.query_one("#scope-session").label_text
        records = list(screen.session.records)
        scripts = {}
        for key, lang in (("1", "curl"), ("2", "python"), ("3", "js")):
            await press(pilot, key, "c")
            expected = render_session(records, lang)
            await wait_for(pilot, lambda expected=expected: app.clipboard == expected, 10, f"the {lang} script copied")
            assert export.scope == "session"
            scripts[lang] = app.clipboard
            assert "in 2 sessions" in scripts[lang].splitlines()[1 if lang == "curl" else 0]

        done = await run_snippets(scripts, tmp_path, "state_reset")
        for lang, (code, out, err) in done.items():
            assert code == 0, f"{lang}: exit {code}\n{scripts[lang]}\n{out}\n{err[-2000:]}"
            got = await parse_output(lang, out, shown, records, screen.session)
            assert got == shown, f"{lang}\n{scripts[lang]}\n{out}"


def record(session: int, status: str = "complete") -> CallRecord:
    return CallRecord(target="http://127.0.0.1:7860/", root="http://127.0.0.1:7860", gradio_version="6.31.0",
                      api_prefix="/gradio_api", api_name="increment", fn_index=0, uses_state=True,
                      state_positions=[0], session=session, status=status)


@pytest.mark.parametrize("lang", ["curl", "python", "js"])
def test_a_script_starts_a_new_client_at_each_reset_only(lang):
    one = render_session([record(0), record(0)], lang)
    assert "reset here" not in one and "in 2 sessions" not in one
    two = render_session([record(0), record(1), record(1), record(2)], lang)
    assert two.count("The session was reset here") == 2 and "in 3 sessions" in two
    # a reset whose calls all failed (the recorder leaves them out) leaves no second client behind
    assert "reset here" not in render_session([record(0), record(1, "error"), record(0)][:2], lang)
    assert session_count([record(0), record(1), record(1)]) == 2 and session_count([]) == 0
