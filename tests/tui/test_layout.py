"""The connected screen's layout (issue 16) against real apps: 80×24 is usable (the endpoint
list is a drawer, any pane zooms to the full screen and back, toasts stay small and brief),
wide terminals give the list more room, the list filters as you type and folds many
undocumented endpoints into a group."""

from __future__ import annotations

from textual.widgets import Input
from textual.widgets._toast import Toast

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointFilter, EndpointList
from gradio_tui.tui.widgets.event_log import EventLog
from gradio_tui.tui.widgets.param_form import ParamForm
from tests.support.pilot import open_endpoint, run_with_keys, until_connected, until_done, wait_for


def browser_of(screen) -> EndpointBrowser:
    return screen.query_one(EndpointBrowser)


def prompts(screen) -> list[str]:
    options = screen.query_one(EndpointList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_80x24_hides_the_list_shows_form_and_result_and_zooms_each_pane(gradio6):
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await until_connected(pilot, app)
        browser = screen.query_one(EndpointBrowser)
        assert not browser.display                                   # a drawer at 80 columns
        await wait_for(pilot, lambda: isinstance(screen.current_center(), ParamForm)
                       and app.focused is not None and screen.current_center() in app.focused.ancestors_with_self,
                       5, "the focus in the form, not in the hidden list")
        form = await open_endpoint(pilot, app, "/add", {"a": 2, "b": 3})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete"
        await pilot.pause()
        result = screen.query_one("#result-view")
        assert form.region.width >= 30 and form.region.height >= 15       # the form: most of the height
        assert result.region.height >= 5 and result.region.width >= 40    # the result: more than its label

        await pilot.press("f3")                                      # F3 opens the drawer and focuses it
        await wait_for(pilot, lambda: browser.display and isinstance(app.focused, EndpointList), 5, "the list")
        await pilot.press("enter")                                   # picking closes it again
        await wait_for(pilot, lambda: not browser.display, 5, "the drawer to close")
        await pilot.press("ctrl+b")                                  # ctrl+b pins it open
        await wait_for(pilot, lambda: browser.display, 5, "the list")
        assert browser.region.width >= 26
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: not browser.display, 5, "the list to hide")

        screen.action_focus_form()
        await pilot.pause()
        await pilot.press("f11")                                     # zoom the form
        await wait_for(pilot, lambda: screen.maximized is not None, 5, "the zoom")
        assert screen.maximized.id == "center" and isinstance(screen.current_center(), ParamForm)
        assert screen.maximized.region.width == 80 and screen.maximized.region.height >= 20
        await pilot.press("escape")                                  # Esc goes back
        await wait_for(pilot, lambda: screen.maximized is None, 5, "the zoom to end")

        screen.query_one(EventLog).focus()
        await pilot.pause()
        await pilot.press("plus")                                    # lazygit's +
        await wait_for(pilot, lambda: screen.maximized is not None, 5, "the zoom")
        assert screen.maximized.id == "event-log" and screen.maximized.region.height >= 20
        await pilot.press("plus")
        await wait_for(pilot, lambda: screen.maximized is None, 5, "the zoom to end")
        for pane in ("#result-view", "#export-panel"):               # the palette's view: zoom …
            screen.zoom(pane)
            await pilot.pause()
            assert screen.maximized is screen.query_one(pane) and screen.maximized.region.width == 80
            screen.minimize()
            await pilot.pause()


async def test_toasts_at_80x24_are_brief_and_small(gradio6):
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until_connected(pilot, app)
        app.notify("Fix 2 field(s) first: a, b", title="Not sent", severity="warning")
        await wait_for(pilot, lambda: app.screen.query(Toast), 5, "the toast")
        await pilot.pause()
        toast = app.screen.query(Toast).last()
        assert toast.region.width <= 44 and toast.region.height <= 3
        assert app._notifications and next(iter(app._notifications)).timeout == 3.0
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await until_connected(pilot, app)
        app.notify("hello")
        await wait_for(pilot, lambda: list(app._notifications), 5, "the notification")
        assert [n.timeout for n in app._notifications] == [5]            # a big terminal: Textual's own


async def test_wide_terminals_give_the_list_room_and_routes_stay_apart(gradio6):
    app = GradioTuiApp(gradio6.url("busychat"), remember_targets=False)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await until_connected(pilot, app)
        browser = screen.query_one(EndpointBrowser)
        assert browser.region.width == 48                            # a quarter of 200, at most 48
        assert screen.query_one("#center").region.width >= 60
        browser.toggle_undocumented()
        await pilot.pause()
        shown = prompts(screen)
        for route in ("/_save_conversation ", "/_save_conversation_1 ", "/_save_conversation_2 "):
            assert any(p.startswith(route) for p in shown), shown     # whole, not "/_save_con…"
    app = GradioTuiApp(gradio6.url("busychat"), remember_targets=False)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await until_connected(pilot, app)
        screen.query_one(EndpointBrowser).toggle_undocumented()
        await pilot.pause()
        saves = [p.split(" ")[0] for p in prompts(screen) if p.startswith("/_save")]
        assert len(saves) == 3 and len(set(saves)) == 3, saves        # cut in the middle: still three


async def test_undocumented_endpoints_fold_into_a_group_that_enter_opens(gradio6):
    app = GradioTuiApp(gradio6.url("busychat"), remember_targets=False)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await until_connected(pilot, app)
        options = screen.query_one(EndpointList)
        shown = prompts(screen)
        assert shown[0].startswith("/respond") and "▸ 12 undocumented" in shown[1] and len(shown) == 2
        options.focus()
        await pilot.press("down", "enter")                           # Enter on the group opens it
        await wait_for(pilot, lambda: options.option_count == 14, 5, "the group to open")
        assert "▾ 12 undocumented" in prompts(screen)[1]
        await pilot.press("down", "enter")                           # the first one's form
        await wait_for(pilot, lambda: screen.endpoint is not None and screen.endpoint.route.startswith("/_"),
                       5, "an undocumented endpoint's form")
        options.focus()
        options.highlighted = 1
        await pilot.press("enter")                                   # and it closes again
        await wait_for(pilot, lambda: options.option_count == 2, 5, "the group to close")


async def test_typing_in_the_list_filters_it(gradio6):
    app = GradioTuiApp(gradio6.url("busychat"), remember_targets=False)
    async with app.run_test(size=(140, 45)) as pilot:
        screen = await until_connected(pilot, app)
        options = screen.query_one(EndpointList)
        box = screen.query_one(EndpointFilter)
        assert not box.display                                       # no Tab stop until used
        options.focus()
        await pilot.press(*"save")
        assert isinstance(app.focused, Input) and box.value == "save" and box.display
        await wait_for(pilot, lambda: options.option_count == 3, 5, "the filtered list")
        assert all(p.startswith("/_save_conv") for p in prompts(screen)), prompts(screen)
        assert "3 of 13 match" in str(options.border_subtitle)
        await pilot.press("down")                                    # ↓ back to the list, filter kept
        assert app.focused is options and options.option_count == 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.endpoint is not None and screen.endpoint.route == "/_save_conversation",
                       5, "the picked endpoint")
        options.focus()
        await pilot.press("p")                                       # a bound key is not typed
        assert box.value == "save"
        await pilot.press("p")
        await pilot.press("slash", "escape")                         # Esc clears it
        await wait_for(pilot, lambda: not box.display and app.focused is options, 5, "the whole list")
        assert options.option_count == 14                            # the picked one stays in sight: group open
        assert browser_of(screen).endpoint_of(options.highlighted_option.id).route == "/_save_conversation"
        assert app.focused is options
