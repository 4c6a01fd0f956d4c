"""The export panel's Skill tab: the app's whole API as a SKILL.md, copied or saved without
running a call first (ctrl+t, 4, then c or s)."""

from __future__ import annotations

from pathlib import Path

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import SaveDialog
from gradio_tui.tui.widgets.export_panel import ExportPanel
from tests.support.pilot import SIZE, screen_of, until_connected, wait_for


async def test_skill_tab_copies_and_saves_the_whole_api(gradio6, tmp_path):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await pilot.press("ctrl+t", "5")
        panel = screen_of(app).query_one(ExportPanel)
        await wait_for(pilot, lambda: panel.text.startswith("---\nname: \"basic\""), 10, "the SKILL.md")
        assert "### `/greet`" in panel.text and "### `/add`" in panel.text
        await pilot.press("c")
        assert app.clipboard == panel.text
        await pilot.press("s")
        assert isinstance(app.screen, SaveDialog)
        default = app.screen.query_one("#save-path").value
        assert default == str(Path.cwd() / "SKILL.md")          # shown as the absolute path it saves to
        app.screen.query_one("#save-path").value = str(tmp_path / "SKILL.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: (tmp_path / "SKILL.md").exists(), 10, "the saved file")
        assert (tmp_path / "SKILL.md").read_text(encoding="utf-8") == panel.text
        await pilot.press("1")                       # back to a call's snippet: the form's, as curl
        await wait_for(pilot, lambda: panel.text.startswith("#!/bin/sh") or "curl" in panel.text, 5, "curl")
        assert "SKILL" not in panel.text
