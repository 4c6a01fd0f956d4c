"""Issue 16, outputs you can use: copy a result value (y / ctrl+c as text, j as JSON), and a file
output opened with the system viewer (o, detached; a clear word when there is none), saved as
(s: through the core's download, never over a file that is there) and its URL copied (u)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


from gradio_tui.tui.app import GradioTuiApp
from gradio_tui.tui.screens.dialogs import SaveDialog
from gradio_tui.tui.viewer import open_detached
from gradio_tui.tui.widgets.result_view import ResultView
from tests.support.pilot import (
    SIZE,
    notifications,
    open_endpoint,
    press,
    run_with_keys,
    screen_of,
    static_text,
    until_connected,
    until_done,
    wait_for,
)



def fake_viewer(folder: Path) -> Path:
    """An ``xdg-open`` that writes the path it was given to ``opened.txt`` (and the mac's ``open``)."""
    record = folder / "opened.txt"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("xdg-open", "open"):
        script = folder / name
        script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}"\n', encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return record


async def image_result(pilot, app, tmp_path: Path) -> ResultView:
    from PIL import Image

    picture = tmp_path / "in.png"
    Image.new("RGB", (4, 3), (200, 10, 10)).save(picture)
    await until_connected(pilot, app)
    await open_endpoint(pilot, app, "/image_info", {"img": str(picture)})
    run = await until_done(pilot, await run_with_keys(pilot, app))
    assert run.status == "complete", run.error
    view = screen_of(app).query_one(ResultView)
    await wait_for(pilot, lambda: "output 1 of 2" in static_text(app, "#result-actions"), 5, "the result's keys")
    view.focus()
    await pilot.pause()
    return view


async def test_copy_open_save_as_and_copy_the_url_of_a_file_output(gradio6, tmp_path, monkeypatch):
    record = fake_viewer(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    app = GradioTuiApp(gradio6.url("files"))
    async with app.run_test(size=SIZE) as pilot:
        view = await image_result(pilot, app, tmp_path)
        await press(pilot, "y")                                  # output 1, as text
        assert app.clipboard == "4x3"
        await press(pilot, "j")                                  # as JSON
        assert app.clipboard == '"4x3"'
        await press(pilot, "2")                                  # the flipped image
        assert "output 2 of 2 Flipped" in static_text(app, "#result-actions")
        assert "o open · s save as · u copy URL" in static_text(app, "#result-actions")
        url = view.picked_file()["url"]
        assert url.startswith(gradio6.url())
        await press(pilot, "u")
        assert app.clipboard == url
        await press(pilot, "ctrl+c")                            # a file as text: its URL
        assert app.clipboard == url
        await press(pilot, "j")
        assert '"url"' in app.clipboard and '"orig_name"' in app.clipboard

        await press(pilot, "o")                                  # the system viewer, detached
        await wait_for(pilot, lambda: record.exists() and record.read_text(), 10, "the viewer to be called")
        opened = Path(record.read_text())
        assert opened.suffix == ".png" and opened.read_bytes().startswith(b"\x89PNG")
        assert not os.access(opened, os.X_OK)
        assert any(n.startswith("Opened|") for n in notifications(app))

        target = tmp_path / "saved" / "mirror.png"
        target.parent.mkdir()
        for _ in range(2):                                       # twice: the second never overwrites
            await press(pilot, "s")
            await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
            box = app.screen.query_one("#save-path")
            assert Path(box.value).is_absolute()                 # the default says where
            box.value = str(target)
            await press(pilot, "enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, SaveDialog), 5, "the dialog to close")
        second = target.with_name("mirror-1.png")
        await wait_for(pilot, lambda: target.exists() and second.exists(), 10, "both saved")
        assert target.read_bytes() == second.read_bytes() == opened.read_bytes()
        assert any(str(second) in n for n in notifications(app))

        await press(pilot, "s")                                   # a path with no type: a new folder
        await wait_for(pilot, lambda: isinstance(app.screen, SaveDialog), 5, "the save dialog")
        app.screen.query_one("#save-path").value = str(tmp_path / "newdir")
        await press(pilot, "enter")
        await wait_for(pilot, lambda: (tmp_path / "newdir").is_dir() and any((tmp_path / "newdir").iterdir()),
                       10, "the file saved into the new folder")
        [kept] = list((tmp_path / "newdir").iterdir())
        assert kept.suffix == ".png" and kept.read_bytes() == opened.read_bytes()


async def test_open_with_no_viewer_says_so_and_where_the_file_is(gradio6, tmp_path, monkeypatch):
    empty = tmp_path / "nobin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    app = GradioTuiApp(gradio6.url("files"))
    async with app.run_test(size=SIZE) as pilot:
        await image_result(pilot, app, tmp_path)
        await press(pilot, "o")                                  # the first file output, though 1 is text
        await wait_for(pilot, lambda: any("No system viewer" in n for n in notifications(app)), 10, "the word")
        line = next(n for n in notifications(app) if "No system viewer" in n)
        assert Path(line.rsplit("The file is at ", 1)[1]).read_bytes().startswith(b"\x89PNG")


def test_a_type_a_viewer_could_run_is_never_opened(tmp_path, monkeypatch):
    record = fake_viewer(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    for name in ("evil.desktop", "run.sh", "page.svg", "noext"):
        path = tmp_path / name
        path.write_text("x", encoding="utf-8")
        opened, words = open_detached(path)
        assert not opened and str(path) in words and "not opened" in words
    assert not record.exists()
    opened, _ = open_detached(tmp_path / "ok.txt")
    assert opened
