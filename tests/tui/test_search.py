"""The search pane against the Hub stand-in: search → open a Space → run → copy; no network;
the open box and the recent targets."""

from __future__ import annotations


from gradio_tui.core import snippets
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.recent import load_recent
from gradio_tui.tui.screens.search import SearchScreen
from tests.support.pilot import (
    SIZE,
    is_connected,
    result_text,
    run_with_keys,
    screen_of,
    static_text,
    until_connected,
    until_done,
    wait_for,
)



def hub_item(space_id: str, likes: int, title: str, host: str | None = None) -> dict:
    owner, _, name = space_id.partition("/")
    item = {"id": space_id, "author": owner, "title": title, "emoji": "🙂", "likes": likes, "sdk": "gradio",
            "shortDescription": f"{title}, a test Space", "ai_category": "Text Generation",
            "runtime": {"stage": "RUNNING", "hardware": {"current": "cpu-basic", "requested": "cpu-basic"}}}
    if host:
        item["host"] = host
    return item


def results_ids(app: GradioTuiApp) -> list[str]:
    return [str(space.id) for space in app.screen.results]


async def test_search_open_a_waking_space_run_and_copy(gradio6, hub):
    space = hub.add_space("acme/greeter", upstream=gradio6.url("basic"), stages=["SLEEPING", "APP_STARTING", "RUNNING"],
                          hardware="cpu-basic")
    hub.semantic_results = [hub_item("acme/greeter", 12, "Greeter", space.host), hub_item("acme/other", 99, "Other")]
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SearchScreen)
        assert hub.requests == []                          # a cold start never waits on the Hub
        await pilot.press(*"say hello")
        await wait_for(pilot, lambda: len(app.screen.results) == 2, 10, "search results")
        assert "2 Space(s)" in static_text(app, "#search-status")
        assert results_ids(app) == ["acme/greeter", "acme/other"]
        await pilot.press("ctrl+s")                        # sort by likes
        assert results_ids(app) == ["acme/other", "acme/greeter"]
        await pilot.press("ctrl+s", "ctrl+s")              # trending, then back to relevance
        assert results_ids(app) == ["acme/greeter", "acme/other"]

        await pilot.press("down", "enter")                 # into the results, open the first
        screen = await until_connected(pilot, app, 60)
        header = static_text(app, "#app-header")
        assert "Space acme/greeter" in header and "RUNNING" in header and "cpu-basic" in header
        assert "no token" in header
        assert screen.query_one("#app-header").stage in ("RUNNING", "APP_STARTING", "SLEEPING")
        assert space.wake_requests >= 1

        await pilot.press("enter")                         # /greet
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.outputs == ["Hello, World.", 13]
        assert "Hello, World." in result_text(app)
        await pilot.press("ctrl+t", "c")
        assert app.clipboard == snippets.render(run.record, "curl")
        assert "acme/greeter" in app.clipboard or space.host in app.clipboard
    assert load_recent()[0] == "acme/greeter"


async def test_without_the_hub_the_pane_says_so_and_a_url_still_opens(gradio6, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    app = GradioTuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"text to speech", "enter")
        await wait_for(pilot, lambda: "cannot be reached" in static_text(app, "#search-status"), 15, "the Hub error")
        app.screen.query_one("#open-target").focus()
        await pilot.press(*"not a target!", "enter")
        assert "not a Space id or URL" in static_text(app, "#open-error")
        app.screen.query_one("#open-target").value = ""
        await pilot.press(*gradio6.url("basic"), "enter")
        await until_connected(pilot, app)
        assert screen_of(app).session.schema.title == "basic"


async def test_recent_targets_reopen_and_escape_returns_to_the_app(gradio6):
    from gradio_tui.tui.recent import remember

    remember(gradio6.url("state"))
    remember(gradio6.url("basic"))
    app = GradioTuiApp(gradio6.url("gen"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await pilot.press("ctrl+o")                        # the search screen over the app
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")                        # back to the app, still connected
        assert is_connected(app) and screen_of(app).session.schema.title == "gen"
        await pilot.press("ctrl+o")
        recent = app.screen.query_one("#recent-list")
        assert recent.option_count >= 3
        recent.focus()
        await pilot.press("down", "enter")                 # the second: state (gen was remembered first)
        await wait_for(pilot, lambda: is_connected(app) and screen_of(app).session.schema.title != "gen", 20,
                       "the recent target")
        assert screen_of(app).session.schema.title in ("basic", "state")
        assert len(app.screen_stack) == 2                  # the old app screen is gone


async def test_a_target_that_cannot_be_opened_is_shown_not_raised():
    app = GradioTuiApp("http://127.0.0.1:9/nothing")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.has_class("-failed"), 20, "the failure")
        assert "Cannot open" in static_text(app, "#app-header")
        assert "ctrl+o" in static_text(app, "#connect-message")
        assert "connection refused" in static_text(app, "#connect-message")   # said once, in the middle
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SearchScreen)
