"""Issue 16: the file picker for inputs goes up to the parent folder (Backspace, *↑ Parent*) and
to the home folder (``~``, *~ Home*), and a file picked there is sent."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DirectoryTree

from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import FilePicker
from tests.support.pilot import (
    SIZE,
    open_endpoint,
    press,
    result_text,
    run_with_keys,
    until_connected,
    until_done,
    wait_for,
)


async def test_the_picker_goes_up_and_home_and_the_file_picked_there_is_sent(gradio6, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "home.txt").write_text("from home\n", encoding="utf-8")
    deep = tmp_path / "work" / "deep"
    deep.mkdir(parents=True)
    (deep / "last.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    app = GradioTuiApp(gradio6.url("files"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        form = await open_endpoint(pilot, app, "/file_info")
        field = form.field("f")
        field.control.value = str(deep / "last.txt")
        field.query_one(".browse", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, FilePicker), 5, "the file picker")
        picker = app.screen
        assert picker.folder == deep                                   # by the path given last
        await press(pilot, "backspace")                                # up: the parent
        assert picker.folder == tmp_path / "work"
        assert str(tmp_path / "work") in str(picker.query_one("#picker-title").content)
        picker.query_one("#picker-parent", Button).press()             # the button does the same
        await pilot.pause()
        assert picker.folder == tmp_path
        await press(pilot, "tilde")                                    # ~: home
        assert picker.folder == home
        tree = picker.query_one(DirectoryTree)
        await wait_for(pilot, lambda: len(tree.root.children) == 1, 5, "the home folder listed")
        await press(pilot, "down", "enter")                            # its one file
        await wait_for(pilot, lambda: not isinstance(app.screen, FilePicker), 5, "the picker to close")
        assert field.control.value == str(home / "home.txt")
        run = await until_done(pilot, await run_with_keys(pilot, app))
        assert run.status == "complete", run.error
        assert f"home.txt:{len(b'from home' + bytes([10]))}:" in result_text(app)


async def test_the_picker_at_the_top_folder_says_so(gradio6):
    app = GradioTuiApp(gradio6.url("files"))
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        app.push_screen(FilePicker("/"))
        await wait_for(pilot, lambda: isinstance(app.screen, FilePicker), 5, "the file picker")
        await press(pilot, "backspace")
        assert app.screen.folder == Path("/")
        assert any("top folder" in n.message for n in app._notifications)
