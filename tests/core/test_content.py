"""Hostile content: what an app sends is shown as plain text, escapes neutralised, on every
print path of the CLI (readable and ``--json``), in files we write, and in the TUI.

The app here is ``tests/support/faultserver.py`` playing a hostile Space: Rich markup, ANSI/OSC
sequences (title change, OSC 52 clipboard write, cursor moves, 8-bit C1 controls), carriage
returns and 100 KB lines in its title, labels, descriptions, choices, outputs, logs, progress
and error messages.
"""

from __future__ import annotations

import json
import re

import pytest

from gradio_tui.core.history import HistoryStore
from gradio_tui.core.textsafe import json_text, plain
from tests.support.faultserver import (
    completed,
    dependency,
    estimation,
    failed,
    make_config,
    make_info,
    msg,
    starts,
    textbox,
)
from tests.support.fixtures_faults import cli

pytestmark = pytest.mark.faults

OSC_TITLE = "\x1b]0;pwned-title\x07"
OSC52 = "\x1b]52;c;ZWNobyBoYWNrZWQ=\x07"                 # write "echo hacked" to the clipboard
CURSOR = "\x1b[2J\x1b[H\x1b[10A\x1b[31m"
C1 = "\x9b2J\x9d0;c1-title\x9c"
MARKUP = "[bold red]LOUD[/bold red] [link=https://evil.example]click[/link]"
HOSTILE = f"{MARKUP}{OSC_TITLE}{OSC52}{CURSOR}{C1}\r\x08\x7fend"
HUGE = "L" * 100_000
FAKE_LINE = 'oops\n[  0.001s] complete: ["forged"]'     # a line break that would forge an event line

# Anything a terminal acts on: C0 controls but newline and tab, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CASES: list[str] = []


@pytest.fixture
def fs(server):
    server.reset()
    comps = [textbox(1, HOSTILE + HUGE, "hi", info=HOSTILE),
             {"id": 3, "type": "dropdown", "props": {"label": HOSTILE, "value": "a",
                                                     "choices": [[HOSTILE, "a"], ["b" + OSC52, "b"]]}},
             textbox(2, HOSTILE)]
    deps = [dependency(0, "predict", [1, 3], [2], api_description=HOSTILE + HUGE),
            dependency(1, "gen", [1, 3], [2], generator=True),
            dependency(2, "evil" + OSC_TITLE + "\nname", [1], [2])]
    server.config = make_config(deps, components=comps, title=HOSTILE + HUGE)
    server.info = make_info(server.config)
    server.info["named_endpoints"]["/predict"]["parameters"][0]["parameter_name"] = "text" + CURSOR
    server.info["named_endpoints"]["/predict"]["description"] = HOSTILE + HUGE
    yield server


def run(capsys, *argv: str) -> tuple[int, str, str]:
    CASES.append(" ".join(a for a in argv if not a.startswith("http")))
    return cli(capsys, *argv)


def assert_terminal_safe(text: str, longest: int = 6000) -> None:
    """Readable output: no control character at all, no line longer than ``longest``."""
    found = CONTROL.search(text)
    near = text[max(0, found.start() - 40):found.start() + 40] if found else ""
    assert found is None, f"control character {found.group()!r} at {found.start()}: {near!r}"
    assert max((len(line) for line in text.splitlines()), default=0) <= longest


def assert_json_safe(text: str) -> None:
    """``--json`` output: JSON escapes every control character (C1 and DEL included)."""
    assert CONTROL.search(text) is None


def hostile_script(eid, body):
    return [estimation(eid), starts(eid),
            msg(msg="log", event_id=eid, log=HOSTILE + HUGE, level="warning" + OSC52, title=HOSTILE),
            msg(msg="progress", event_id=eid, progress_data=[{"index": 1, "length": 3, "unit": HOSTILE,
                                                              "progress": None, "desc": HOSTILE}]),
            msg(msg="process_generating", event_id=eid, output={"data": [HOSTILE]}),
            completed(eid, [HOSTILE + FAKE_LINE + HUGE, {"k" + OSC52: [HOSTILE]}])]


# --- api ------------------------------------------------------------------------------------------

def test_api_readable(fs, capsys):
    code, out, err = run(capsys, "api", fs.url, "--all")
    assert code == 0
    assert_terminal_safe(out + err)
    assert MARKUP in out                                  # markup printed as text, not interpreted
    assert "more characters" in out                       # 100 KB labels and descriptions are cut
    assert "\n/evil\n    name  (fn_index 2)" in out          # a line break in a name cannot start a line


def test_api_json_keeps_values_and_escapes_controls(fs, capsys):
    code, out, err = run(capsys, "api", fs.url, "--json", "--all")
    assert code == 0
    assert_json_safe(out)
    shape = json.loads(out)
    assert shape["app"]["title"] == HOSTILE + HUGE       # exact values survive, escaped on the wire
    assert shape["named_endpoints"]["/predict"]["description"] == HOSTILE + HUGE


# --- call -----------------------------------------------------------------------------------------

def test_call_readable(fs, capsys):
    fs.script = hostile_script
    code, out, err = run(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 0
    assert_terminal_safe(out + err)
    assert MARKUP in out
    forged = [line for line in out.splitlines() if line.startswith("[") and "complete:" in line]
    assert len(forged) == 1 and "forged" not in forged[0].split("complete:")[0]


def test_call_json(fs, capsys):
    fs.script = hostile_script
    code, out, err = run(capsys, "call", fs.url, "/predict", '["x"]', "--json")
    assert code == 0
    assert_json_safe(out)
    events = [json.loads(line) for line in out.splitlines()]
    assert events[-1]["data"] == [HOSTILE + FAKE_LINE + HUGE, {"k" + OSC52: [HOSTILE]}]
    log = next(e for e in events if e["type"] == "log")
    assert log["message"] == HOSTILE + HUGE and log["title"] == HOSTILE


@pytest.mark.parametrize("how", ["gr.Error", "unexpected_error", "HTTP 500 body", "generator chunk"])
def test_error_messages(fs, capsys, how):
    if how == "gr.Error":
        fs.script = lambda eid, body: [estimation(eid), failed(eid, HOSTILE + FAKE_LINE + HUGE, HOSTILE)]
    elif how == "unexpected_error":
        fs.script = lambda eid, body: [estimation(eid), msg(msg="unexpected_error", event_id=eid,
                                                            message=HOSTILE + HUGE)]
    elif how == "HTTP 500 body":
        fs.join_faults = [("status", 500, {}, (HOSTILE + HUGE).encode())]
    else:
        fs.script = lambda eid, body: [estimation(eid), msg(msg="process_generating", event_id=eid,
                                                            output={"data": [HOSTILE]}),
                                       failed(eid, None)]
    code, out, err = run(capsys, "call", fs.url, "/gen", '["x"]')
    assert code in (1, 4)
    assert_terminal_safe(out + err)
    assert err.startswith("gradio-tui: ")
    code, out, err = run(capsys, "call", fs.url, "/gen", '["x"]', "--json")
    assert_json_safe(out + err)
    code, out, err = run(capsys, "history")
    assert_terminal_safe(out + err)


def test_report_and_export_text(fs, capsys):
    fs.script = lambda eid, body: [estimation(eid), failed(eid, HOSTILE, HOSTILE)]
    code, out, err = run(capsys, "call", fs.url, "/predict", json.dumps(["x" + OSC52]), "--report", "--export", "curl")
    assert code == 1
    assert_terminal_safe(out + err, longest=100_000)
    code, out, err = run(capsys, "call", fs.url, "/predict", '["x"]', "--report", "--json")
    assert_json_safe(out)


def test_history_file_keeps_the_exact_text(fs, capsys):
    fs.script = lambda eid, body: [estimation(eid), failed(eid, HOSTILE, HOSTILE)]
    run(capsys, "call", fs.url, "/predict", '["x"]')
    record = HistoryStore().load(limit=1)[0]
    assert record.error == HOSTILE                        # stored as sent: neutralised only when shown
    assert CONTROL.search(HistoryStore().path.read_text(encoding="utf-8")) is None  # JSON-escaped on disk


def test_downloads_with_hostile_names_and_hosts(fs, capsys, tmp_path):
    other = fs.url_as("localhost")                         # another host: never fetched
    files = [{"path": "/tmp/a", "url": f"{fs.url}/gradio_api/file=a", "orig_name": "../../evil" + OSC_TITLE + ".txt",
              "meta": {"_type": "gradio.FileData"}},
             {"path": "/tmp/b", "url": f"{other}/gradio_api/file=b", "orig_name": "b.txt",
              "meta": {"_type": "gradio.FileData"}},
             {"path": "/tmp/c", "url": f"{fs.url}/gradio_api/file=c", "orig_name": "..",
              "meta": {"_type": "gradio.FileData"}},
             {"path": "/tmp/d", "url": "file:///etc/passwd", "orig_name": "passwd",
              "meta": {"_type": "gradio.FileData"}}]
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [files])]
    out_dir = tmp_path / "dl"
    code, out, err = run(capsys, "call", fs.url, "/predict", '["x"]', "--download", str(out_dir), "--json")
    assert code == 3 and "is not on the app's host" in err
    assert_terminal_safe(err)
    saved = sorted(p.name for p in out_dir.iterdir())
    assert saved == ["evil]0;pwned-title.txt", "output"]
    assert all(p.parent == out_dir for p in out_dir.iterdir())
    assert not any(r.host.startswith("localhost") for r in fs.requests)
    data = json.loads(out.splitlines()[-1])["data"][0]
    assert [bool(f.get("local_path")) for f in data] == [True, False, True, False]


def test_plain_removes_every_sequence():
    assert plain(HOSTILE) == MARKUP + "end"
    assert CONTROL.search(json_text([HOSTILE])) is None and json.loads(json_text([HOSTILE])) == [HOSTILE]


def test_case_count(capsys):
    with capsys.disabled():
        print(f"\n[hardening] hostile-content CLI runs: {len(CASES)}")




# --- the Hub face: Space titles, descriptions, errors and log lines ---------------------------------

def hostile_space(hub) -> None:
    from tests.support.hubstub import log_event

    hub.add_space("acme/hostile", title=HOSTILE + HUGE, description=HOSTILE + HUGE, stages=["RUNTIME_ERROR"],
                  error_message=HOSTILE + FAKE_LINE, logs={"run": [log_event(HOSTILE + FAKE_LINE)]}, logs_end="close")


def test_hub_commands_show_hostile_spaces_as_text(hub, capsys):
    """``search``, ``space`` and ``logs`` (the Hub helper's commands), readable, on a hostile Space."""
    hostile_space(hub)
    for argv in (["search", "hostile", "--keyword"], ["space", "acme/hostile"],
                 ["logs", "acme/hostile", "--tail", "5"]):
        code, out, err = run(capsys, *argv)
        assert_terminal_safe(out + err, longest=1_000_000)      # (the Hub face does not clip long lines)


def test_hub_commands_json_escapes_controls(hub, capsys):
    hostile_space(hub)
    for argv in (["search", "hostile", "--keyword", "--json"], ["space", "acme/hostile", "--json"]):
        code, out, err = run(capsys, *argv)
        assert_json_safe(out + err)
