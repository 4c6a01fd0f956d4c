"""Recent targets (issue 16): one entry per app, with the app's title, deletable, and number
keys 1–9 that open them — against real apps."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.recent import forget, load_entries, load_recent, recent_path, remember
from gradio_tui.tui.screens.search import RecentList, SearchScreen
from tests.support.pilot import SIZE, is_connected, screen_of, until_connected, wait_for


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "data"))


def prompts(app) -> list[str]:
    recent = app.screen.query_one(RecentList)
    return [str(recent.get_option_at_index(i).prompt) for i in range(recent.option_count)]


def test_one_entry_per_app_however_it_was_written(tmp_path):
    recent_path().parent.mkdir(parents=True, exist_ok=True)
    recent_path().write_text(json.dumps(["https://huggingface.co/spaces/acme/kitchen?view=api",
                                         "acme/kitchen", "http://127.0.0.1:7860/gradio_api/info",
                                         "http://127.0.0.1:7860/", "http://127.0.0.1:7860/?view=api"]))
    assert load_recent() == ["acme/kitchen", "http://127.0.0.1:7860"]       # an older file, folded
    remember("http://127.0.0.1:7860/config", title="Kitchen API")
    assert load_recent() == ["http://127.0.0.1:7860", "acme/kitchen"]
    remember("http://127.0.0.1:7860")                                        # the title stays
    assert (load_entries()[0].target, load_entries()[0].title) == ("http://127.0.0.1:7860", "Kitchen API")
    assert forget("https://huggingface.co/spaces/acme/kitchen") == ["http://127.0.0.1:7860"]


async def test_the_app_is_remembered_once_with_its_title_and_number_keys_open_it(gradio6):
    app = GradioTuiApp(gradio6.url("state") + "/gradio_api/info")
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
    app = GradioTuiApp(gradio6.url("basic") + "/?view=api")
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
    remember(gradio6.url("basic"))                                           # the same app, written plainly
    assert load_recent() == [gradio6.url("basic"), gradio6.url("state")]
    assert [e.title for e in load_entries()] == ["basic", "state"]

    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SearchScreen)
        shown = prompts(app)
        assert shown[0].startswith("1 basic") and gradio6.url("basic") in shown[0]
        assert shown[1].startswith("2 state") and len(shown) == 2
        await pilot.press("2")                                               # in the query box: typed, not opened
        assert isinstance(app.focused, Input) and app.focused.value == "2"
        app.screen.query_one(RecentList).focus()
        await pilot.press("2")                                               # elsewhere: opens the second
        await wait_for(pilot, lambda: is_connected(app), 30, "the second recent app")
        assert screen_of(app).session.schema.title == "state"


async def test_a_recent_target_can_be_forgotten(gradio6):
    remember(gradio6.url("state"), title="state")
    remember(gradio6.url("basic"), title="basic")
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        recent = app.screen.query_one(RecentList)
        recent.focus()
        await pilot.press("down", "delete")                                  # forget "state"
        await wait_for(pilot, lambda: recent.option_count == 1, 5, "the list without it")
        assert load_recent() == [gradio6.url("basic")]
        assert prompts(app)[0].startswith("1 basic")
        await pilot.press("d")
        await wait_for(pilot, lambda: recent.option_count == 0, 5, "an empty list")
        assert load_recent() == [] and recent.border_subtitle == "none yet"
        await pilot.press("1")                                               # nothing to open: says so
        assert isinstance(app.screen, SearchScreen)
