"""A cold start draws the search screen without the work its first frame does not show (issue 16:
launch → search screen drawn ≤ 1.1× the floor).

The results are empty then: the results table (Textual's ``DataTable``: its import, its CSS, its
first render) and the detail pane are mounted right after the first frame, in the place of
stand-ins with the same borders, header and words, and from then on they are what they were
(results, the highlighted one described, ↓, Enter). An empty recent list (a first start) is drawn
as its border and mounted as a list with them; a list with entries is in the first frame. A
search screen that comes back with results has its table from the start. The event model
(``core.history``, ``core.present``, the schema, ``tui.format``) is not loaded to draw it. Timings
are in ``benchmarks/`` (not timed here).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from textual.screen import Screen

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.recent import remember
from gradio_tui.tui.screens.search import QueryInput, RecentList, ResultsTable, SearchScreen
from tests.support.pilot import SIZE, press, static_text, wait_for
from tests.tui.test_search import hub_item


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "data"))


def test_the_start_up_loads_neither_the_table_nor_the_event_model():
    left_out = ("textual.widgets._data_table", "gradio_tui.core.history", "gradio_tui.core.present",
                "gradio_tui.core.protocol.events", "gradio_tui.core.protocol.schema", "gradio_tui.tui.format",
                "gradio_tui.tui.screens.search_results", "json", "gradio_tui.core.net.target")
    code = ("import sys\n"
            "import gradio_tui.cli.main\n"
            "from gradio_tui.tui import app, main\n"
            "from gradio_tui.tui.screens import search\n"
            f"print(sorted(m for m in {left_out!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr



def test_a_returning_users_recent_list_is_read_without_the_url_checker(tmp_path):
    """The entries ``remember`` wrote are canonical already: reading them for the first frame
    parses no URL (its check loads httpx, ~30 ms); a password in a hand-edited entry is still cut."""
    remember("http://127.0.0.1:7860/", "Basic")
    remember("acme/kitchen", "Kitchen")
    recent = tmp_path / "data" / "recent.json"
    data = json.loads(recent.read_text(encoding="utf-8"))
    data.append({"target": "http://me:hunter2@127.0.0.1:7861/", "title": "Edited"})
    recent.write_text(json.dumps(data), encoding="utf-8")
    code = ("import sys\n"
            "from gradio_tui.tui.recent import load_entries\n"
            "print([e.target for e in load_entries()], 'httpx' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ("['acme/kitchen', 'http://127.0.0.1:7860', 'http://127.0.0.1:7861/'] False"), out


async def test_the_first_frame_has_a_stand_in_then_the_table_shows_results_and_keeps_its_keys(hub, monkeypatch):
    first: list[tuple] = []
    where = []
    real = Screen._compositor_refresh

    def painted(self):
        if isinstance(self, SearchScreen) and not first:
            stand_in = self.query("#search-results-stand-in")
            detail = self.query("#search-detail-stand-in")
            first.append((bool(stand_in), bool(self.query("#search-results, #search-detail-scroll")),
                          " ".join(str(stand_in.first().render()).split()) if stand_in else "",
                          str(detail.first().render()) if detail else ""))
            recent = self.query("#recent-stand-in")
            first.append((bool(recent), bool(self.query(RecentList)), recent.first().border_subtitle if recent else ""))
            where.extend(widget.region for widget in (*stand_in, *detail, *recent))
        return real(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", painted)
    hub.semantic_results = [hub_item("acme/one", 1, "One"), hub_item("acme/two", 2, "Two")]
    app = GradioTuiApp(remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert first == [(True, False, "Space Title Likes Stage Hardware Category Description",
                          "The highlighted Space is described here."), (True, False, "none yet")]
        screen = app.screen
        assert not screen.query("#search-results-stand-in, #search-detail-stand-in, #recent-stand-in")
        table, recent = screen.query_one(ResultsTable), screen.query_one(RecentList)   # the table, the
        assert [table.region, screen.query_one("#search-detail-scroll").region, recent.region] == where   # detail
        assert recent.option_count == 0 and recent.border_subtitle == "none yet"     # and the list took their places
        assert [str(column.label) for column in table.columns.values()][1:3] == ["Space", "Title"]
        assert isinstance(app.focused, QueryInput)                      # …and the focus stayed in the query
        await press(pilot, "down")                                      # no results: ↓ stays
        assert isinstance(app.focused, QueryInput)
        await press(pilot, *"tts")
        await wait_for(pilot, lambda: table.row_count == 2, 10, "the results in the table")
        await press(pilot, "down")
        assert app.focused is table
        assert "acme/one" in static_text(app, "#search-detail")
        await press(pilot, "down")
        assert "acme/two" in static_text(app, "#search-detail")
        await press(pilot, "enter")                                     # Enter in the table opens it
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen), 10, "the Space to open")
        opened = app.screen_stack[1]
        await wait_for(pilot, lambda: app.screen is not opened and opened.has_class("-failed"), 20,
                       "the Space's token question")        # the stand-in Hub asks for a token
        await press(pilot, "escape", "ctrl+o")              # no token; a new search screen, as it was
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen is not screen, 10,
                       "a new search screen")
        back = app.screen
        assert not back.query("#search-results-stand-in") and back.query_one(ResultsTable).row_count == 2
        assert back.query_one(QueryInput).value == "tts"


async def test_a_recent_list_with_entries_is_in_the_first_frame():
    remember("acme/kitchen", title="Kitchen")
    first: list[tuple] = []
    app = GradioTuiApp(remember_targets=False)
    real = Screen._compositor_refresh

    def painted(self):
        if isinstance(self, SearchScreen) and not first:
            lists = self.query(RecentList)
            first.append((bool(self.query("#recent-stand-in")), lists.first().option_count if lists else None))
        return real(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Screen, "_compositor_refresh", painted)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert first == [(False, 1)]
            assert "Kitchen" in str(app.screen.query_one(RecentList).get_option_at_index(0).prompt)


async def test_a_search_screen_that_kept_its_results_shows_recent_entries_that_came_later(hub):
    """A first start, ctrl+o while the first app connects: the new search screen keeps its results
    (so it never mounts the table again) and its recent list was empty. When an app is remembered
    meanwhile, coming back to that screen shows it, not "none yet" for good."""
    from gradio_tui.core.hub.search import parse_results
    from gradio_tui.tui.screens.search import SearchState

    results = parse_results([hub_item("acme/one", 1, "One")])
    app = GradioTuiApp(remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SearchScreen(restore=SearchState("tts", results=results)))
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and bool(app.screen.query(ResultsTable)),
                       10, "the screen with its results")
        screen = app.screen
        assert screen.query("#recent-stand-in")
        remember("acme/kitchen", title="Kitchen")
        screen.on_screen_resume()                           # what coming back to it does
        await wait_for(pilot, lambda: bool(screen.query(RecentList)) and screen.query_one(RecentList).option_count == 1,
                       10, "the remembered app in the list")
        assert not screen.query("#recent-stand-in")
