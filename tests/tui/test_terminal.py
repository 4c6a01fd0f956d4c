"""The TUI does not outlive its terminal (issue 12, item 12).

The real TUI runs in a real pty (``tests/support/ptytui.py``) against the fault server with a call that
never ends. Killing the tmux pane or dropping the SSH session closes the pty's master: the TUI
must cancel the call on the server (``/cancel``) and exit within seconds, whether the hang-up
arrives as SIGHUP (the pty was its controlling terminal) or only as a dead tty (EOF on read,
EIO on write). SIGHUP alone, and ctrl+q, must do the same.
"""

from __future__ import annotations

import signal

import pytest

from tests.support.faultserver import estimation, starts
from tests.support.ptytui import PtyTui

pytestmark = pytest.mark.trust

EXIT_DEADLINE = 15.0          # generous: "does not hang", never a timing claim


def run(tui: PtyTui, fs) -> None:
    """ctrl+r once the form is drawn (again only if the first key came before the form could take it)."""
    for _ in range(5):
        tui.type("\x12")
        if tui.until(lambda: fs.joins > 0, 6):
            return
    raise AssertionError("ctrl+r never started the call")


@pytest.mark.parametrize("how", ["pane-killed", "tty-dead-no-sighup", "sighup", "ctrl+q"])
def test_tui_cancels_its_call_and_exits_when_the_terminal_goes(fs, tmp_path, how):
    fs.script = lambda eid, body: [estimation(eid), starts(eid), ("hold",)]     # runs until cancelled
    tui = PtyTui([fs.url], home=tmp_path, controlling=how != "tty-dead-no-sighup").start()
    try:
        assert tui.wait_for(b"Run ^r", 60), tui.written[-2000:]
        run(tui, fs)
        assert tui.until(lambda: fs.joins == 1 and any(r.path.endswith("/queue/data") for r in fs.requests), 30)
        assert tui.wait_for(b"running", 30)
        if how in ("pane-killed", "tty-dead-no-sighup"):
            tui.hang_up()
        elif how == "sighup":
            tui.signal(signal.SIGHUP)
        else:
            tui.type("\x11")
            assert tui.wait_for(b"cancel them and quit?", 15)        # it asks first (issue 15, item 8)
            tui.type("y")
        code = tui.wait_exit(EXIT_DEADLINE)
        assert code is not None, f"the TUI is still running {EXIT_DEADLINE:g} s after: {how}"
        cancels = [r for r in fs.requests if r.method == "POST" and r.path.endswith("/cancel")]
        assert len(cancels) == 1, [r.path for r in fs.requests]
        assert b'"fn_index": 0' in cancels[0].body or b'"fn_index":0' in cancels[0].body
        if how in ("sighup", "ctrl+q"):                    # (a dead tty may fail Python's last flush)
            assert code == (129 if how == "sighup" else 0)
        if how == "ctrl+q":                                 # and says so once the screen is gone
            assert tui.wait_for(b"gradio-tui: cancelled 1 call on the server", 5), tui.written[-500:]
    finally:
        tui.stop()


# --- item 5: nothing an app sends reaches the terminal as a control sequence -------------------------------

OSC52 = "\x1b]52;c;ZWNobyBoYWNrZWQ=\x07"             # write "echo hacked" to the clipboard
OSC_TITLE = "\x1b]0;pwned-title\x07"                  # rename the window
CSI_REPORT = "\x1b[21t\x1b[6n"                         # make the terminal type its title / the cursor position
C1 = "\x9b6n\x9d0;c1-title\x9c"                       # the same, as 8-bit C1 controls
EVIL = f"{OSC52}{OSC_TITLE}{CSI_REPORT}{C1}"
#: What must never reach the terminal, as bytes (C1 controls as UTF-8: a terminal decodes and obeys them).
FORBIDDEN = (b"\x1b]52;", b"\x1b]0;", b"\x1b]2;", b"\x1b[21t", b"\x1b[6n", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x9c")


def hostile_form_app(fs) -> None:
    """Every place an app's text goes: labels, info, defaults (Input, TextArea, custom dropdown,
    JSON), choices, the api_name and description, the outputs, logs and progress."""
    from tests.support.faultserver import completed, dependency, make_config, make_info, msg, textbox

    comps = [
        textbox(1, "Prompt" + EVIL, "default" + EVIL, info="info" + EVIL),
        textbox(2, "Notes" + EVIL, "line one" + EVIL + "\nline two" + EVIL, lines=4),
        {"id": 3, "type": "dropdown", "props": {"label": "Pick" + EVIL, "value": "a",
                                                "choices": [["A" + EVIL, "a"], ["B" + EVIL, "b"]]}},
        {"id": 4, "type": "dropdown", "props": {"label": "Custom" + EVIL, "value": "x", "allow_custom_value": True,
                                                "choices": [["X" + EVIL, "x"]]}},
        {"id": 5, "type": "json", "props": {"label": "Data" + EVIL, "value": {"k" + EVIL: ["v" + EVIL]}}},
        {"id": 6, "type": "checkboxgroup", "props": {"label": "Tags" + EVIL, "value": [],
                                                     "choices": [["T" + EVIL, "t"]]}},
        textbox(7, "Answer" + EVIL),
    ]
    api_name = "evil" + EVIL
    fs.config = make_config([dependency(0, api_name, [1, 2, 3, 4, 5, 6], [7], api_description="about" + EVIL)],
                            components=comps, title="Hostile" + EVIL)
    fs.info = make_info(fs.config)
    params = fs.info["named_endpoints"][f"/{api_name}"]["parameters"]
    for param, component in zip(params, ("Textbox", "Textbox", "Dropdown", "Dropdown", "Json", "Checkboxgroup")):
        param["component"] = component
        param["parameter_name"] = param["parameter_name"] + EVIL
    params[4]["type"], params[4]["python_type"] = {}, {"type": "Dict[str, Any]", "description": ""}
    params[5]["type"], params[5]["python_type"] = {"type": "array"}, {"type": "List[str]", "description": ""}
    fs.script = lambda eid, body: [
        estimation(eid), starts(eid),
        msg(msg="log", event_id=eid, log="log" + EVIL, level="info", title="Title" + EVIL),
        msg(msg="progress", event_id=eid, progress_data=[{"index": 1, "length": 3, "unit": "u" + EVIL,
                                                          "progress": None, "desc": "d" + EVIL}]),
        msg(msg="process_generating", event_id=eid, output={"data": ["out" + EVIL]}),
        ("sleep", 4), completed(eid, ["final" + EVIL])]


def test_no_app_text_reaches_the_terminal_as_a_control_sequence(fs, tmp_path):
    hostile_form_app(fs)
    tui = PtyTui([fs.url], home=tmp_path, size=(180, 100)).start()
    try:
        assert tui.wait_for(b"Run ^r", 60), tui.written[-2000:]
        assert tui.wait_for(b"line two", 10)                       # the form is up with its defaults
        run(tui, fs)                                                  # ctrl+r: run, log, progress, output
        assert tui.wait_for(b"running", 20) and tui.wait_for(b"out", 20)
        steps = [("\x07", b"Cancelling"),                             # ctrl+g: the "Cancelling #1 /evil…" toast
                 ("\x14", b"whole session"),                          # ctrl+t: the export panel and its label
                 ("s", b"Save the"),                                  # its save dialog, with a file name
                 ("\x1b", None),
                 ("\x1b[18~", b"1 of 1 calls"),                       # F7: the history, the call and its detail
                 ("\x1b", None),
                 ("\x1b[17~", b"Debug"),                              # F6: the debug view of the app
                 ("\x1b[C\x1b[C", None)]
        for keys, shows in steps:
            if keys == "\x1b[18~":
                assert tui.until(lambda: any(r.path.endswith("/cancel") for r in fs.requests), 10)
                tui.until(lambda: False, 5)                           # the run ends: its call is in the history
            tui.type(keys)
            if shows is not None:
                assert tui.wait_for(shows, 15), (keys, tui.written[-3000:])
            tui.until(lambda: False, 1.0)                             # let it paint
        tui.type("\x11")                                              # ctrl+q
        assert tui.wait_exit(EXIT_DEADLINE) is not None
    finally:
        tui.stop()
    written = tui.written
    found = {bad: written.count(bad) for bad in FORBIDDEN if bad in written}
    assert not found, (found, written[max(0, written.find(next(iter(found))) - 300):][:600])
    assert b"evil" in written and b"default" in written and b"Answer" in written   # the text itself is shown
