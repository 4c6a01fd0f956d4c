"""Issue 16 in a real terminal: ``gradio-tui URL`` in a pty that says it is kitty (``TERM=xterm-kitty``,
``KITTY_WINDOW_ID``; nothing forced) draws an image output as a Kitty transmission reaching the
pty, then placeholder cells in the image id's 24-bit colour; quitting deletes the image."""

from __future__ import annotations

import base64
import re

import pytest

from tests.support.ptytui import PtyTui

pytest.importorskip("PIL")

CTRL_R, CTRL_Q, ENTER = "\x12", "\x11", "\r"
PLACEHOLDER = "\U0010eeee".encode()


def test_kitty_graphics_reach_the_terminal(gradio6, tmp_path):
    env = {"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1", "COLORTERM": "truecolor"}
    tui = PtyTui([gradio6.url("images")], home=tmp_path, size=(140, 45), env=env).start()
    try:
        assert tui.wait_for(b"Run ^r", 60), tui.written[-2000:]
        tui.type(ENTER)                                      # /picture (the first endpoint): its form
        assert tui.wait_for(b"Width", 10)
        tui.type(CTRL_R)
        assert tui.wait_for(b"\x1b_Ga=T,U=1,q=2,f=100,", 30), tui.written[-2000:]
        first = re.search(rb"\x1b_Ga=T,U=1,q=2,f=100,i=(\d+),c=(\d+),r=(\d+),m=\d;([A-Za-z0-9+/=]*)\x1b\\",
                          tui.written)
        assert first is not None
        image_id = int(first.group(1))
        assert base64.b64decode(first.group(4)[:4096])[:8] == b"\x89PNG\r\n\x1a\n"
        colour = b"38;2;%d;%d;%d" % ((image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255)
        assert tui.until(lambda: PLACEHOLDER in tui.written and colour in tui.written, 10), tui.written[-2000:]
        tui.type(CTRL_Q)
        assert tui.wait_exit(20) is not None
        assert b"\x1b_Ga=d,d=I,i=%d,q=2\x1b\\" % image_id in tui.written     # the image left with us
    finally:
        tui.stop()
