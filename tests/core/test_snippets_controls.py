"""Issue 12, item 19: C1 controls (0x9b is an 8-bit CSI) and Unicode bidi controls from an app
never reach the terminal raw — not in the CLI's readable or ``--json`` output, not in the TUI,
not in an exported snippet.

The app is ``tests/support/faultserver.py`` with bidi overrides/isolates/marks and C1 controls in its
title, labels, endpoint names, outputs, logs, progress and errors. ``textsafe.plain`` shows a
bidi control as a visible ``\\u202e`` (so ``safe.txt<RLO>txt.exe`` cannot pass for
``safe.txtexe.txt``) and removes C1; ``json_text`` escapes both, keeping the exact value.
That the escaped snippet literals still send exactly these characters is proven against real
Gradio apps in ``test_snippets_live.py`` (case ``controls_and_bidi``).
"""

from __future__ import annotations

import json
import re

import pytest

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

pytestmark = pytest.mark.trust

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
C1 = "\x80\x9b31m\x9d0;c1-title\x9c\x85\x9f\x9c"  # (APC 0x9f … ST 0x9c)
SPOOF = "safe.txt\u202etxt.exe"          # shown raw, a reordering terminal reads "safe.txtexe.txt"
HOSTILE = f"{SPOOF} [{BIDI}] {C1} end"
# What a terminal could act on: C0 but \n and \t, DEL, C1, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def assert_no_raw(text: str) -> None:
    found = RAW.search(text)
    near = text[max(0, found.start() - 40):found.start() + 40] if found else ""
    assert found is None, f"raw U+{ord(found.group()):04X} at {found.start()}: {near!r}"


def script(eid, body):
    return [estimation(eid), starts(eid),
            msg(msg="log", event_id=eid, log=HOSTILE, level="warning", title=HOSTILE),
            msg(msg="progress", event_id=eid, progress_data=[{"index": 1, "length": 3, "unit": HOSTILE,
                                                              "progress": None, "desc": HOSTILE}]),
            msg(msg="process_generating", event_id=eid, output={"data": [HOSTILE]}),
            completed(eid, [HOSTILE, {"k" + BIDI: [HOSTILE]}])]


def hostile_app(server) -> None:
    server.reset()
    comps = [textbox(1, HOSTILE, "hi", info=HOSTILE),
             {"id": 3, "type": "dropdown", "props": {"label": HOSTILE, "value": "a",
                                                     "choices": [[HOSTILE, "a"], ["b" + BIDI, "b"]]}},
             textbox(2, HOSTILE)]
    deps = [dependency(0, "predict", [1, 3], [2], api_description=HOSTILE),
            dependency(1, "say" + SPOOF, [1], [2])]
    server.config = make_config(deps, components=comps, title=HOSTILE)
    server.info = make_info(server.config)
    server.info["named_endpoints"]["/predict"]["description"] = HOSTILE
    server.script = script


@pytest.fixture
def fs(server, monkeypatch):
    hostile_app(server)
    monkeypatch.setenv("GRADIO_TUI_RETRY_BASE", "0.05")
    yield server


# --- the one sanitiser ------------------------------------------------------------------------------

def test_plain_shows_bidi_controls_as_visible_escapes_and_drops_c1():
    assert plain(SPOOF) == "safe.txt\\u202etxt.exe"
    assert plain(BIDI) == "".join(f"\\u{ord(c):04x}" for c in BIDI)
    assert plain(C1) == ""                                   # 8-bit CSI/OSC sequences and lone C1 removed
    assert plain(HOSTILE) == "safe.txt\\u202etxt.exe [" + plain(BIDI) + "]  end"
    assert plain("שלום עולם مرحبا ü 漢字") == "שלום עולם مرحبا ü 漢字"  # right-to-left text itself is left alone


def test_json_text_escapes_them_and_keeps_the_value():
    text = json_text({"k" + BIDI: [HOSTILE]})
    assert_no_raw(text)
    assert json.loads(text) == {"k" + BIDI: [HOSTILE]}
    assert "\\u202e" in text and "\\u009b" in text


# --- the CLI ----------------------------------------------------------------------------------------

def test_cli_readable_output_shows_no_raw_control(fs, capsys):
    for argv in (["api", fs.url, "--all"], ["call", fs.url, "/predict", '["x"]'], ["history"]):
        code, out, err = cli(capsys, *argv)
        assert code == 0, (argv, err)
        assert_no_raw(out + err)
        if argv[0] != "history":                                 # (history lists no values)
            assert "safe.txt\\u202etxt.exe" in out, argv       # visibly there, not silently dropped


def test_cli_error_lines_show_no_raw_control(fs, capsys):
    fs.script = lambda eid, body: [estimation(eid), failed(eid, HOSTILE, HOSTILE)]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 1
    assert_no_raw(out + err)
    assert "safe.txt\\u202etxt.exe" in err


def test_cli_json_escapes_them_and_keeps_the_values(fs, capsys):
    code, out, err = cli(capsys, "api", fs.url, "--json", "--all")
    assert code == 0
    assert_no_raw(out + err)
    shape = json.loads(out)
    assert shape["app"]["title"] == HOSTILE and "/say" + SPOOF in shape["named_endpoints"]
    code, out, err = cli(capsys, "call", fs.url, "/predict", json.dumps([HOSTILE]), "--json")
    assert code == 0
    assert_no_raw(out + err)
    events = [json.loads(line) for line in out.splitlines()]
    complete = next(e for e in events if e["type"] == "complete")
    assert complete["data"] == [HOSTILE, {"k" + BIDI: [HOSTILE]}]
    assert fs.joins and fs.requests  # the value went to the app (the fault server echoes nothing back)
    code, out, err = cli(capsys, "history", "--json")
    assert_no_raw(out + err)
    assert json.loads(out)[0]["args"] and HOSTILE in json.dumps(json.loads(out)[0]["args"], ensure_ascii=False)


def test_history_file_and_download_names_hold_no_raw_control(fs, capsys, tmp_path):
    """``cat history.jsonl`` is safe (values escaped, exact when read back); a downloaded file's
    name loses its bidi controls (``invoice<RLO>fdp.exe`` would list as ``invoiceexe.pdf``)."""
    from gradio_tui.core.history import HistoryStore

    files = [{"path": "/tmp/a", "url": f"{fs.url}/gradio_api/file=a", "orig_name": "invoice\u202efdp.exe",
              "meta": {"_type": "gradio.FileData"}}]
    fs.script = lambda eid, body: [estimation(eid), completed(eid, [files, HOSTILE])]
    out_dir = tmp_path / "dl"
    code, out, err = cli(capsys, "call", fs.url, "/predict", json.dumps([HOSTILE]), "--download", str(out_dir))
    assert code == 0, err
    assert_no_raw(out + err)
    assert [p.name for p in out_dir.iterdir()] == ["invoicefdp.exe"]
    store = HistoryStore()
    assert_no_raw(store.path.read_text(encoding="utf-8"))
    assert store.load(limit=1)[0].args["text"] == HOSTILE


@pytest.mark.parametrize("lang", ["curl", "python", "js"])
def test_export_and_call_export_show_no_raw_control(fs, capsys, lang):
    code, out, err = cli(capsys, "export", fs.url, "/predict", json.dumps([HOSTILE, "a"]), "--lang", lang)
    assert code == 0, err
    assert_no_raw(out + err)
    assert "202e" in out                                       # escaped inside the literal, not dropped
    code, out, err = cli(capsys, "call", fs.url, "/predict", json.dumps([HOSTILE]), "--export", lang, "--report")
    assert code == 0, err
    assert_no_raw(out + err)


# --- the TUI ----------------------------------------------------------------------------------------

async def test_tui_paints_them_as_visible_escapes(fs):
    from tests.tui.test_faults import run_tui

    shots, notes = await run_tui(fs)
    assert fs.joins == 1
    for text in shots + notes:
        assert_no_raw(text)
    assert any("safe.txt\\u202etxt.exe" in shot for shot in shots)
