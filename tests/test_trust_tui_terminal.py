"""The TUI does not outlive its terminal (issue 12, item 12).

The real TUI runs in a real pty (``tests/ptytui.py``) against the fault server with a call that
never ends. Killing the tmux pane or dropping the SSH session closes the pty's master: the TUI
must cancel the call on the server (``/cancel``) and exit within seconds, whether the hang-up
arrives as SIGHUP (the pty was its controlling terminal) or only as a dead tty (EOF on read,
EIO on write). SIGHUP alone, and ctrl+q, must do the same.
"""

from __future__ import annotations

import signal

import pytest

from tests.faultserver import estimation, starts
from tests.ptytui import PtyTui

EXIT_DEADLINE = 15.0          # generous: "does not hang", never a timing claim


@pytest.mark.parametrize("how", ["pane-killed", "tty-dead-no-sighup", "sighup", "ctrl+q"])
def test_tui_cancels_its_call_and_exits_when_the_terminal_goes(fs, tmp_path, how):
    fs.script = lambda eid, body: [estimation(eid), starts(eid), ("hold",)]     # runs until cancelled
    tui = PtyTui([fs.url], home=tmp_path, controlling=how != "tty-dead-no-sighup").start()
    try:
        assert tui.wait_for(b"predict", 60), tui.written[-2000:]
        for _ in range(30):                    # ctrl+r runs /predict once its form is up
            tui.type("\x12")
            if tui.until(lambda: fs.joins > 0, 1):
                break
        assert tui.until(lambda: fs.joins == 1 and any(r.path.endswith("/queue/data") for r in fs.requests), 30)
        assert tui.wait_for(b"running", 30)
        if how in ("pane-killed", "tty-dead-no-sighup"):
            tui.hang_up()
        elif how == "sighup":
            tui.signal(signal.SIGHUP)
        else:
            tui.type("\x11")
        code = tui.wait_exit(EXIT_DEADLINE)
        assert code is not None, f"the TUI is still running {EXIT_DEADLINE:g} s after: {how}"
        cancels = [r for r in fs.requests if r.method == "POST" and r.path.endswith("/cancel")]
        assert len(cancels) == 1, [r.path for r in fs.requests]
        assert b'"fn_index": 0' in cancels[0].body or b'"fn_index":0' in cancels[0].body
        assert code == (0 if how == "ctrl+q" else 129) or how in ("pane-killed", "tty-dead-no-sighup")
    finally:
        tui.stop()
