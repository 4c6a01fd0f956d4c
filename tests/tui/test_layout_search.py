"""The search screen (issue 16) against the Hub stand-in: a detail pane for the highlighted
Space, Enter in the query acts, a one-character query says why nothing happens, clearing the
query clears the results, and emoji in titles keep the table's border in line."""

from __future__ import annotations

import re

import pytest

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.search import ResultsTable, SearchScreen
from tests.support.pilot import SIZE, static_text, wait_for
from tests.tui.test_search import hub_item

LONG = ("Turns any paragraph into natural speech with thirty voices, SSML support, per-word timings, "
        "and a streaming mode for long documents; runs on a T4.")
DISPUTED = re.compile("[\u200d\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff]")


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "data"))


def searches(hub) -> list:
    return [r for r in hub.requests if "search" in r.path]


async def test_the_detail_pane_shows_the_highlighted_space_whole(hub):
    speech = hub_item("acme/speech", 1234, "Speech")
    speech.update(shortDescription=LONG, tags=["gradio", "text-to-speech", "region:us"])
    hub.semantic_results = [hub_item("acme/first", 5, "First"), speech]
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"text to speech")
        await wait_for(pilot, lambda: len(app.screen.results) == 2, 10, "search results")
        assert "First" in static_text(app, "#search-detail")            # the first one, at once
        await pilot.press("down", "down")                               # into the table, the second row
        detail = " ".join(static_text(app, "#search-detail").split())
        for words in ("Speech", "acme/speech", "♥ 1,234", "stage RUNNING", "hardware cpu-basic",
                      "category Text Generation", "tags gradio, text-to-speech, region:us", LONG):
            assert words in detail, (words, detail)


async def test_enter_searches_at_once_and_moves_into_the_results(hub):
    hub.semantic_results = [hub_item("acme/one", 1, "One"), hub_item("acme/two", 2, "Two")]
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"tts", "enter")                              # before the debounce is over
        await wait_for(pilot, lambda: isinstance(app.focused, ResultsTable), 10, "the results to take the focus")
        assert [r.id for r in app.screen.results] == ["acme/one", "acme/two"]
        await pilot.press("enter")                                      # Enter in the table opens the Space
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen), 10, "the Space to open")


async def test_one_character_says_why_and_clearing_clears(hub):
    hub.semantic_results = [hub_item("acme/one", 1, "One")]
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert "one more character" in static_text(app, "#search-status")
        await pilot.press("enter")
        assert "at least two characters" in static_text(app, "#search-status")
        await pilot.pause(0.6)                                          # past the debounce
        assert searches(hub) == []                                      # nothing was sent
        await pilot.press("b", "enter")
        table = app.screen.query_one(ResultsTable)
        await wait_for(pilot, lambda: table.row_count == 1, 10, "a result")
        app.screen.query_one("#search-query").focus()
        await pilot.press("ctrl+u")                                     # the query cleared
        assert table.row_count == 0 and app.screen.results == []
        assert "Type to search" in static_text(app, "#search-status")
        assert "described here" in static_text(app, "#search-detail")


async def test_emoji_in_titles_keep_the_border_in_line(hub):
    coder = hub_item("acme/coder", 7, "👩‍💻 Coder ❤️ 👍🏽")
    coder["emoji"] = "👩‍🎤"
    hub.semantic_results = [coder, hub_item("acme/plain", 3, "Plain")]
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"coder", "enter")
        table = app.screen.query_one(ResultsTable)
        await wait_for(pilot, lambda: table.row_count == 2, 10, "results")
        await pilot.pause()
        emoji, _, title = (str(getattr(cell, "plain", cell)) for cell in table.get_row_at(0)[:3])
        assert emoji == "👩" and title == "👩 Coder ❤ 👍"
        lines = [table.render_line(y).text for y in range(table.size.height)]
        assert not any(DISPUTED.search(line) for line in lines)        # nothing a terminal draws wider
        assert not DISPUTED.search(static_text(app, "#search-detail"))
