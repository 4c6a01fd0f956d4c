"""Issue 15, dead end 3 in a real terminal: the TUI in a pty, driven by the bytes a user's keys
send, against the real generator app; the detail of a streamed event shows the diff the server
sent and the full value after it, which the event log's lines never show."""

from __future__ import annotations

import time

from tests.support.ptytui import PtyTui

BACKSPACE, TAB, CTRL_R, CTRL_P, ENTER, LEFT, ESC = "\x7f", "\t", "\x12", "\x10", "\r", "\x1b[D", "\x1b"


def test_a_streamed_events_detail_in_a_real_terminal(gradio6, tmp_path):
    tui = PtyTui([gradio6.url("gen")], home=tmp_path, size=(140, 45)).start()
    try:
        assert tui.wait_for(b"Run ^r", 60), tui.written[-2000:]
        tui.type(ENTER)                                          # /count: into its first field
        assert tui.wait_for(b"default 5", 10)
        time.sleep(1)                                            # pacing: the focus lands after the form is drawn
        for keys in (BACKSPACE * 3, "40", TAB, BACKSPACE * 5, "0"):
            tui.type(keys)
            time.sleep(0.2)
        tui.type(CTRL_R)
        assert tui.wait_for(b"done in", 30), tui.written[-2000:]
        assert tui.wait_for(b"tick39", 10)                       # the result view shows all of it
        tui.type(CTRL_P)                                         # the palette: "view: event detail"
        assert tui.wait_for(b"Search for commands", 10) or tui.wait_for(b"palette", 1)
        tui.type("view: event detail")
        assert tui.wait_for(b"newest event in full", 10)
        mark = len(tui.written)
        tui.type(ENTER)                                          # the newest event: complete
        assert tui.until(lambda: b"Message (the frame" in tui.written[mark:], 10), tui.written[-3000:]
        assert b"process_completed" in tui.written[mark:]
        mark = len(tui.written)
        tui.type(LEFT)                                           # the last generator update before it
        wanted = (b"Update as sent", b"Full value after this update", b'"append"', b"tick39 ")
        assert tui.until(lambda: all(part in tui.written[mark:] for part in wanted), 10), (
            [part for part in wanted if part not in tui.written[mark:]], b"tick39" in tui.written)
        tui.type(ESC)
        tui.type("\x11")                                         # ctrl+q
        assert tui.wait_exit(20) is not None
    finally:
        tui.stop()
