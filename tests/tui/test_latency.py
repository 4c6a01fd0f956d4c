"""Per-endpoint latency in the endpoint browser, where the server reports it
(``/monitoring/summary``): p50 next to the endpoint, p50/p90/p99 under the highlighted one;
absent or hostile numbers show nothing."""

from __future__ import annotations

from gradio_tui.core.monitoring import EndpointLatency, MonitoringSummary
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets.endpoint_browser import EndpointBrowser, EndpointList
from tests.support.pilot import SIZE, run_with_keys, static_text, until_connected, until_done, wait_for


def prompts(browser: EndpointBrowser) -> list[str]:
    options = browser.query_one(EndpointList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_latency_next_to_each_endpoint(gradio6):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        browser = app.screen.query_one(EndpointBrowser)
        await pilot.press("enter")                       # the form of /greet
        for _ in range(2):
            await until_done(pilot, await run_with_keys(pilot, app))

        def reload_until_known() -> bool:
            if not any(ep.api_name == "greet" and ep.fn_index in browser.latency for ep in browser.endpoints):
                browser.load_latency()
                return False
            return True

        await wait_for(pilot, reload_until_known, 30, "/greet's latency")
        greet = next(p for p in prompts(browser) if p.startswith("/greet"))
        assert greet.endswith("ms") or greet.endswith("s"), greet
        browser.query_one(EndpointList).highlighted = 1
        browser.query_one(EndpointList).highlighted = 0
        await pilot.pause()
        described = static_text(app, "#endpoint-description")
        assert "p50 " in described and "p99 " in described

        # Hostile numbers and a missing summary: nothing shown, the list intact.
        browser.show_latency(MonitoringSummary(True, [EndpointLatency("greet", p50=-1.0, p90=2.0, p99=3.0),
                                                      EndpointLatency("echo", p50=0.1, p90=1e12, p99=1.0)]))
        await pilot.pause()
        assert browser.latency == {} and prompts(browser)[0].startswith("/greet") and "ms" not in prompts(browser)[0]
        browser.show_latency(MonitoringSummary(False, reason="the app keeps it behind its monitoring key"))
        assert browser.latency == {}
