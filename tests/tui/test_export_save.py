"""Save dialogs and the F8 report view (dead end 7 of issue 15).

The save dialog shows an absolute path (a bare name used to land in the process's working
folder unseen), asks before it replaces a file, and the toast names the absolute path. F8 shows
the debug report, to copy or to save through the same dialog: it works without a clipboard.
"""

from __future__ import annotations

import pytest

from gradio_tui.core import snippets
from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import SaveDialog
from gradio_tui.tui.screens.report import ReportScreen
from gradio_tui.tui.widgets.export_panel import ExportPanel
from tests.support.pilot import (
    SIZE,
    notifications,
    open_endpoint,
    press,
    renderable_text,
    run_with_keys,
    until_connected,
    until_done,
    wait_for,
)


@pytest.fixture(autouse=True)
def _in_a_folder_without_clipboard(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADIO_TUI_NO_SYSTEM_CLIPBOARD", "1")
    monkeypatch.chdir(tmp_path)            # where a bare name would land


def save_path(app) -> str:
    return app.screen.query_one("#save-path").value


async def test_snippet_save_shows_the_absolute_path_and_asks_before_overwriting(gradio6, tmp_path):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await press(pilot, "enter", "ctrl+t", "s")            # /greet's form → export → save
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        target = tmp_path / "greet.sh"
        assert save_path(app) == str(target)                   # absolute, not "greet.sh"
        await press(pilot, "enter")
        await wait_for(pilot, target.exists, 5, "the snippet file")
        assert target.read_text(encoding="utf-8") == screen.query_one(ExportPanel).text
        assert any(n == f"Saved|Saved {target}" for n in notifications(app))

        await press(pilot, "2", "s")                           # the Python snippet, to the same file
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        dialog = app.screen
        dialog.query_one("#save-path").value = "greet.sh"      # a bare name: the working folder's
        await press(pilot, "enter")

        def warning() -> str:
            return renderable_text(dialog.query_one("#save-warning").content)

        await wait_for(pilot, lambda: f"{target} exists" in warning(), 5, "the overwrite question")
        assert app.screen is dialog
        assert target.read_text(encoding="utf-8").startswith("#!/bin/sh")     # not replaced yet
        await press(pilot, "enter")                            # confirmed
        await wait_for(pilot, lambda: "gradio_client" in target.read_text(encoding="utf-8"), 5, "the overwrite")
        assert not isinstance(app.screen, SaveDialog)

        await press(pilot, "s")                                # asked, then cancelled: the file stays
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        await press(pilot, "enter", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, SaveDialog), 5, "the dialog to close")
        assert "gradio_client" in target.read_text(encoding="utf-8")


async def test_f8_shows_the_report_to_copy_or_save(gradio6, tmp_path):
    app = GradioTuiApp(gradio6.url("basic"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/greet", {"name": "Ada"})
        run = await until_done(pilot, await run_with_keys(pilot, app))
        await press(pilot, "f8")                               # the report, shown
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), 5, "the report view")
        view = app.screen
        assert "/greet" in view.text and "Hello, Ada." in view.text
        assert snippets.render(run.record, "curl").splitlines()[-1] in view.text      # its reproduce curl
        shown = renderable_text(view.query_one("#report-text").content)
        assert "gradio-tui report" in shown and "Hello, Ada." in shown
        await press(pilot, "s")                                # saved through the save dialog
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        target = tmp_path / "report-greet.md"
        assert save_path(app) == str(target)
        await press(pilot, "enter")
        await wait_for(pilot, target.exists, 5, "the report file")
        assert target.read_text(encoding="utf-8") == view.text
        assert any(n == f"Saved|Saved {target}" for n in notifications(app))
        assert app.screen is view
        await press(pilot, "c")                                # and copied
        await wait_for(pilot, lambda: app.clipboard == view.text, 5, "the report copied")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReportScreen), 5, "the report view to close")


async def test_a_name_the_file_system_refuses_is_a_one_line_toast(tmp_path):
    from textual.app import App

    from gradio_tui.tui.screens.dialogs import save_text

    app: App = App()
    async with app.run_test() as pilot:
        save_text(app, "Save the snippet to", "x.sh", "echo hi")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        assert save_path(app) == str(tmp_path / "x.sh")
        app.screen.query_one("#save-path").value = "a" * 300
        await press(pilot, "enter")
        await wait_for(pilot, lambda: app._notifications, 5, "the toast")
        [toast] = [n.message for n in app._notifications]
        assert toast == f"Cannot save {tmp_path / ('a' * 300)}: File name too long"
        assert not isinstance(app.screen, SaveDialog)       # the app goes on
