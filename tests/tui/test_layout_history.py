"""The history screen by keyboard (issue 16): ↓ from the filter enters the calls, Enter and
``o`` both reopen (as the README says), and the snippet language is on screen."""

from __future__ import annotations

from textual.widgets import Input, Static

from gradio_tui.core.history import HistoryStore
from gradio_tui.core.session import Session
from gradio_tui.tui.debugging import open_history, save_record
from gradio_tui.tui.screens.history import HistoryTable, ReopenCall
from tests.tui.test_debugging import Host, shown, text_of, wait_for

SIZE = (120, 30)



async def two_calls(gradio6, store: HistoryStore) -> None:
    async with await Session.connect(gradio6.url("basic")) as session:
        for text in ("first", "second"):
            job = session.submit("/echo", [text])
            await job.result()
            save_record(job.record, store)


async def test_down_from_the_filter_enters_the_calls_and_enter_reopens(gradio6, tmp_path):
    store = HistoryStore(tmp_path / "history.jsonl")
    await two_calls(gradio6, store)
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = open_history(app, store=store)
        await shown(pilot, app, screen)
        await wait_for(pilot, lambda: len(screen.shown) == 2, what="the history")
        await pilot.press("slash", *"echo")
        assert isinstance(app.focused, Input) and app.focused.value == "echo"
        await pilot.press("down")
        assert isinstance(app.focused, HistoryTable)          # ↓ left the filter for the calls
        await pilot.press("down", "enter")                    # Enter reopens the call under the cursor
        await wait_for(pilot, lambda: app.messages, what="ReopenCall")
        assert isinstance(app.messages[-1], ReopenCall) and app.messages[-1].record.args == {"text": "first"}
        await pilot.press("o")                                # so does o
        await wait_for(pilot, lambda: len(app.messages) == 2, what="a second ReopenCall")
        assert app.messages[-1].record.args == {"text": "first"}
        await pilot.press("slash", "enter")                   # Enter in the filter: back to the calls
        assert isinstance(app.focused, HistoryTable)
        assert len(app.messages) == 2


async def test_the_snippet_language_is_on_screen(gradio6, tmp_path):
    store = HistoryStore(tmp_path / "history.jsonl")
    await two_calls(gradio6, store)
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = open_history(app, store=store)
        await shown(pilot, app, screen)
        await wait_for(pilot, lambda: len(screen.shown) == 2, what="the history")
        lang = screen.query_one("#history-lang", Static)
        assert "snippets: curl" in text_of(lang)
        await pilot.press("l")
        assert "snippets: python" in text_of(lang)
        await pilot.press("e")
        await wait_for(pilot, lambda: "gradio_client" in (app.clipboard or ""), what="the Python snippet")
        await pilot.press("l")
        assert "snippets: js" in text_of(lang)
