"""Switching endpoints does only the work the user sees (issue 16: a switch on a big app ≤ 50 ms).

Two costs were taken out of every ↓ in the endpoint list: the export snippet was rendered (and
highlighted) for the new form while the export tab was hidden, and the footer was rebuilt although
no key had changed. The snippet is rendered when the tab is shown, and is then the new form's.
"""

from __future__ import annotations

from textual.widgets import Footer

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.widgets import export_panel
from gradio_tui.tui.widgets.endpoint_browser import EndpointList
from gradio_tui.tui.widgets.export_panel import ExportPanel
from tests.support.pilot import SIZE, press, until_connected, wait_for


async def test_switching_renders_no_hidden_snippet_and_keeps_the_footer(gradio6, monkeypatch):
    rendered: list[str] = []
    real = export_panel.render_snippet

    def counted(lang, record, *args, **kwargs):
        rendered.append(getattr(record, "route", "") if record is not None else "")
        return real(lang, record, *args, **kwargs)

    monkeypatch.setattr(export_panel, "render_snippet", counted)
    rebuilt: list[str] = []
    real_recompose = Footer.recompose

    async def recompose(self):
        rebuilt.append(self.screen.__class__.__name__)
        return await real_recompose(self)

    monkeypatch.setattr(Footer, "recompose", recompose)
    app = GradioTuiApp(gradio6.url("basic"), remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await wait_for(pilot, lambda: screen.current_center() is not None
                       and str(screen.current_center().id).startswith("form-"), 20, "the first form")
        screen.query_one(EndpointList).focus()
        await pilot.pause(0.3)
        rendered.clear()
        rebuilt.clear()
        routes = []
        for key in ("down", "down", "up"):       # /echo, /add (its fields empty: no snippet), /echo
            before = screen.current_center()
            await press(pilot, key)
            await wait_for(pilot, lambda before=before: screen.current_center() is not before, 10, "the next form")
            routes.append(screen.endpoint.route)
            await pilot.pause(0.2)
        assert routes == ["/echo", "/add", "/echo"]
        assert rendered == [], "a snippet was rendered for the hidden export tab"
        assert rebuilt == [], "the footer was rebuilt although its keys did not change"

        await press(pilot, "ctrl+t")             # shown: the snippet is the form on screen now
        export = screen.query_one(ExportPanel)
        await wait_for(pilot, lambda: "/echo" in export.text, 10, "the shown form's snippet")
        assert export.describe_scope() == "/echo, not run"
        assert rendered == ["/echo"]
        await app.action_quit()
