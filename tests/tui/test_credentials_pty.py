"""Issue 15, dead end 1, end to end in a real terminal: open the login app, type the login into
the dialog, run a call, read the result, quit."""

from __future__ import annotations

from tests.support.ptytui import PtyTui


def test_login_in_the_dialog_then_a_call_in_a_real_terminal(gradio6, tmp_path):
    from tests.apps.auth import PASSWORD, USERNAME

    tui = PtyTui([gradio6.url("auth")], home=tmp_path).start()
    try:
        assert tui.wait_for(b"Log in to", 60), tui.written[-2000:]
        for keys in (USERNAME, "\r", PASSWORD, "\r"):    # Enter moves on to the password, Enter logs in
            tui.until(lambda: False, 0.5)                # (one burst of bytes would read as a paste)
            tui.type(keys)
        assert tui.wait_for(b"logged in", 30), tui.written[-2000:]
        assert tui.wait_for(b"Run ^r", 30)
        tui.type("\r")                                  # the endpoint list has focus: open /whoami
        assert tui.wait_for(b"Who am I", 15) or tui.wait_for(b"whoami", 15)
        tui.until(lambda: False, 0.5)
        tui.type("\x12")                                # ctrl+r
        assert tui.wait_for(b"user: hi", 30), tui.written[-3000:]
        tui.type("\x11")                                # ctrl+q (nothing running: no question)
        assert tui.wait_exit(20) == 0
    finally:
        tui.stop()
