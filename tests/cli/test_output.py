"""Trust boundary, output side (issue 12, items 6, 13, 14, 16, 17, 18): whatever numbers, strings
and nesting an app sends, the CLI prints valid UTF-8 without control bytes, strict JSON with
``--json``, exits with the contract's code and keeps the call in the history; bad arguments are
exit 2 with one line; a reader that goes away ends us quietly.

The hostile app is ``tests/support/faultserver.py`` fed literal wire text (``tests/support/faultwire.py``); the
CLI runs as a real process so the bytes checked are the bytes a terminal would get.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gradio_tui.core.history import HistoryStore
from gradio_tui.core.wirejson import MAX_DEPTH, TOO_DEEP
from tests.support.faultserver import completed, dependency, estimation, make_config, textbox
from tests.support.faultwire import (
    HUGE,
    NON_FINITE,
    SURROGATES,
    completed_raw,
    deep,
    estimation_raw,
    fault,
    json_route,
    log_raw,
    progress_raw,
    run_cli,
    starts_raw,
    strict_json_lines,
    terminal_safe,
)

pytestmark = pytest.mark.trust

REPLACED = "a\ufffdb\ufffdc"      # SURROGATES once decoded


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def env_for(data_dir) -> dict[str, str]:
    return {"GRADIO_TUI_DATA_DIR": str(data_dir)}


def saved(data_dir) -> list[dict]:
    """The history file's lines, each parsed strictly (it is JSON, without NaN)."""
    return strict_json_lines((data_dir / "history.jsonl").read_text(encoding="utf-8"))


def nesting(value) -> int:
    stack, most = [(value, 0)], 0
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (list, dict)):
            most = max(most, depth + 1)
            stack.extend((v, depth + 1) for v in (node.values() if isinstance(node, dict) else node))
    return most


# --- 6: huge numbers ----------------------------------------------------------------------------

def test_huge_numbers_in_events_are_dropped_and_the_call_is_saved(fs, data_dir):
    fault("10**400 in rank, queue_size, eta, progress, duration")
    fs.script = lambda eid, body: [
        estimation_raw(eid, rank=HUGE, queue_size=HUGE, eta=HUGE), starts_raw(eid, eta=f"-{HUGE}"),
        progress_raw(eid, index=HUGE, length=HUGE), completed_raw(eid, '["x"]', duration=HUGE, average=HUGE)]
    code, out, err = run_cli("call", fs.url, "/predict", '["a"]', env=env_for(data_dir))
    assert code == 0, err
    text = terminal_safe(out + err)
    assert "queue: rank None of None" in text and 'complete: ["x"]' in text

    code, out, err = run_cli("call", fs.url, "/predict", '["b"]', "--json", env=env_for(data_dir))
    assert code == 0, err
    events = {e["type"]: e for e in strict_json_lines(terminal_safe(out))}
    assert events["estimation"]["rank"] is None and events["estimation"]["queue_size"] is None
    assert events["estimation"]["eta"] is None and events["process_starts"]["eta"] is None
    assert events["progress"]["units"][0]["index"] is None
    assert events["complete"]["data"] == ["x"] and events["complete"]["duration"] is None

    history = saved(data_dir)
    assert [(h["args"], h["status"]) for h in history] == [({"text": "a"}, "complete"), ({"text": "b"}, "complete")]


async def test_huge_numbers_in_monitoring_and_queue_status_still_give_the_debug_data(fs):
    fault("10**400 in /monitoring/summary and /queue/status")
    from gradio_tui.core.debuginfo import gather_debug, render_debug_report
    from gradio_tui.core.session import Session

    # JSON templates: %s keeps their braces single (UP031 wants a format string).
    json_route(fs, "/monitoring/summary", '{"functions": {"predict": {"total_requests": %s, "success_rate": %s, '  # noqa: UP031
               '"process_time_percentiles": {"50th": %s, "90th": 0.25, "99th": NaN}}}}' % (HUGE, HUGE, HUGE))
    json_route(fs, "/gradio_api/queue/status", '{"queue_size": %s}' % HUGE)  # noqa: UP031
    async with await Session.connect(fs.url, timeout=5) as session:
        info = await gather_debug(session)
    assert info.monitoring.available
    row = info.monitoring.get("/predict")
    assert (row.total_requests, row.success_rate, row.p50, row.p90, row.p99) == (None, None, None, 0.25, None)
    assert not info.queue.available and "unexpected answer" in info.queue.reason
    report = render_debug_report(info)
    assert "| `/predict` | – | – | – | 250 ms | – |" in report


# --- 13: lone surrogates -------------------------------------------------------------------------

def test_lone_surrogates_become_replacement_characters_everywhere(fs, data_dir):
    fault("lone surrogates in config, info, events and outputs")
    hostile = "a\ud800b\udc9bc"      # json.dumps sends them as \ud800 / \udc9b escapes
    fs.config = make_config(components=[textbox(1, hostile, hostile), textbox(2, "Output")],
                            endpoints=[dependency(0, "predict", [1], [2], api_description=hostile)], title=hostile)
    fs.script = lambda eid, body: [estimation(eid), log_raw(eid, SURROGATES), completed_raw(eid, f"[{SURROGATES}]")]

    for argv in (["api", fs.url], ["api", fs.url, "--json"], ["call", fs.url, "/predict", '["x"]'],
                 ["call", fs.url, "/predict", '["x"]', "--json", "--report"], ["history"], ["history", "--json"]):
        code, out, err = run_cli(*argv, env=env_for(data_dir))
        assert code == 0, (argv, err)
        text = terminal_safe(out + err)          # valid UTF-8: no raw 0x9b, no encoded surrogate
        if argv[0] != "history":
            assert REPLACED in text, (argv, text[:500])
        if "--json" in argv:
            strict_json_lines(out.decode().replace("\n", " ") if argv[0] != "call" else out.decode())
    history = saved(data_dir)
    assert len(history) == 2 and history[-1]["status"] == "complete" and history[-1]["result"] == [REPLACED]


def test_surrogates_escaped_or_raw_in_wire_bytes_are_replaced():
    from gradio_tui.core.wirejson import loads

    assert loads(b'{"k\\udc9b": ["\\ud83d\\ude00", "\\ud800"]}') == {"k\ufffd": ["\U0001f600", "\ufffd"]}
    assert loads('{"log": "\\udc9b"}') == {"log": "\ufffd"}
    assert loads(b'["\xed\xa0\x80"]') == ["\ufffd"]                # UTF-8-encoded surrogate
    assert loads('"\\ud800"'.encode("utf-16")) == "\ufffd"
    assert loads('"a\ud800"'.encode("utf-16", "surrogatepass")) == "a\ufffd"
    clean = [{"a": 1}]
    assert loads(json.dumps(clean)) == clean


def test_json_text_is_strict_json_for_every_command():
    """``textsafe.json_text`` is what every ``--json`` prints (call, api, history and the Hub
    commands): non-finite numbers become null, a value too deep to print is cut."""
    from gradio_tui.core.textsafe import json_text

    assert json_text({"a": [float("nan"), float("inf"), -float("inf"), 1.5]}) == '{"a": [null, null, null, 1.5]}'
    value = 1
    for _ in range(5000):
        value = [value]
    text = json_text(value)
    assert TOO_DEEP in text and nesting(strict_json_lines(text)[0]) == MAX_DEPTH


# --- 14: deep nesting ----------------------------------------------------------------------------

def test_an_output_nested_500_deep_is_saved_and_reported(fs, data_dir):
    fault("output nested 500 deep")
    fs.script = lambda eid, body: [estimation(eid), completed_raw(eid, f"[{deep(500)}]")]
    code, out, err = run_cli("call", fs.url, "/predict", '["x"]', "--report", env=env_for(data_dir))
    assert code == 0, err
    text = terminal_safe(out + err)
    assert "### Events" in text and "### Reproduce" in text and "history not saved" not in text

    code, out, err = run_cli("call", fs.url, "/predict", '["y"]', "--json", env=env_for(data_dir))
    assert code == 0, err
    complete = strict_json_lines(terminal_safe(out))[-1]
    assert complete["type"] == "complete" and nesting(complete["data"]) == 501     # printed whole

    history = saved(data_dir)
    assert [h["status"] for h in history] == ["complete", "complete"]
    for record in history:
        assert nesting(record) <= MAX_DEPTH + 2 and TOO_DEEP in json.dumps(record, ensure_ascii=False)


# --- 16: bad arguments -----------------------------------------------------------------------------

DEAD = "http://127.0.0.1:9"     # nothing listens: an argument that got through would be exit 3

BAD_ARGUMENTS = {
    "timeout nan": ["call", DEAD, "/x", "[]", "--timeout", "nan"],
    "timeout inf": ["api", DEAD, "--timeout", "inf"],
    "timeout negative": ["api", DEAD, "--timeout", "-1"],
    "timeout zero": ["export", DEAD, "/x", "--lang", "curl", "--timeout", "0"],
    "wait nan": ["api", DEAD, "--wait", "nan"],
    "deep ARGS": ["call", DEAD, "/x", "[" * 100_000],
    "ARGS 65 deep": ["call", DEAD, "/x", deep(65)],
    "deep --kwargs": ["call", DEAD, "/x", "--kwargs", '{"a": ' + "[" * 100_000 + "}"],
    "NaN in ARGS": ["call", DEAD, "/x", "[NaN]"],
    "1e400 in --kwargs": ["call", DEAD, "/x", "--kwargs", '{"a": 1e400}'],
    "history limit": ["history", "--limit", "-3"],
    "api: bad IPv6 URL": ["api", "http://[::1"],
    "call: port out of range": ["call", "http://127.0.0.1:99999", "/x"],
    "space: bad IPv6 URL": ["space", "http://[::1"],
    "TUI: bad IPv6 URL": ["http://[::1"],
    "TUI: port out of range": ["http://127.0.0.1:99999"],
    "TUI: timeout nan": [DEAD, "--timeout", "nan"],
}


@pytest.mark.parametrize("argv", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_arguments_are_exit_2_with_one_line(argv):
    code, out, err = run_cli(*argv, stdin=b"", timeout=30)
    text = terminal_safe(out + err)
    assert code == 2, text
    assert out == b"" and len(err.decode().strip().splitlines()) == 1, text


def test_deep_args_from_stdin_are_exit_2():
    code, out, err = run_cli("call", DEAD, "/x", "-", stdin=b"[" * 100_000)
    assert code == 2 and "nested too deeply" in terminal_safe(err) and out == b""


# --- 17: a reader that goes away ----------------------------------------------------------------------

def through_head(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """``gradio-tui ARGV | head -1`` in bash: (gradio-tui's exit status, head's output, our stderr)."""
    script = 'python -m gradio_tui "$@" 2>"$ERR" | head -1; echo "status ${PIPESTATUS[0]}"'
    full_env = {**os.environ, **env, "ERR": env["ERR"], "PATH": f"{os.path.dirname(sys.executable)}:"
                f"{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["bash", "-c", script, "gradio-tui", *argv], capture_output=True, env=full_env,
                          timeout=60)
    lines = proc.stdout.decode().splitlines()
    assert lines[-1].startswith("status "), proc.stdout[-300:]
    return int(lines[-1].split()[1]), "\n".join(lines[:-1]), open(env["ERR"], encoding="utf-8").read()


def test_output_into_a_closed_pipe_ends_quietly(fs, data_dir, tmp_path):
    fault("reader of stdout goes away (| head -1)")
    env = {**env_for(data_dir), "ERR": str(tmp_path / "stderr")}
    fs.script = lambda eid, body: [estimation(eid), *[log_raw(eid, json.dumps(f"line {i} " + "x" * 100))
                                                      for i in range(3000)], completed(eid, ["done"])]
    for argv in (["call", fs.url, "/predict", '["x"]'], ["call", fs.url, "/predict", '["x"]', "--json"]):
        status, first, err = through_head(argv, env)
        assert status == 141 and err == "", (status, err)
        assert "queue: rank 0 of 1" in first or '"type": "estimation"' in first, first

    store = HistoryStore(data_dir / "history.jsonl")
    record = store.load(limit=1)[0]
    for _ in range(1500):        # ~200 kB of `history` lines: more than a pipe holds
        store.append(record)
    status, first, err = through_head(["history", "--limit", "1500"], env)
    assert status == 141 and err == "" and record.id in first


# --- 18: strict JSON ------------------------------------------------------------------------------

def test_every_json_output_is_strict_json(fs, data_dir):
    fault("NaN and Infinity in outputs, config defaults and durations")
    fs.config = make_config(components=[textbox(1, "Input", float("nan")), textbox(2, "Output", float("inf"))])
    fs.script = lambda eid, body: [estimation_raw(eid, eta="NaN"), completed_raw(eid, NON_FINITE, duration="Infinity")]

    code, out, err = run_cli("call", fs.url, "/predict", '["x"]', "--json", "--export", "python",
                             env=env_for(data_dir))
    assert code == 0, err
    events = strict_json_lines(terminal_safe(out))
    complete = next(e for e in events if e["type"] == "complete")
    assert complete["data"] == [None, None, None] and complete["duration"] is None

    code, out, err = run_cli("api", fs.url, "--json", env=env_for(data_dir))
    assert code == 0, err
    api = strict_json_lines(terminal_safe(out).replace("\n", " "))[0]
    assert api["named_endpoints"]["/predict"]["parameters"][0]["parameter_default"] is None

    code, out, err = run_cli("history", "--json", env=env_for(data_dir))
    assert code == 0 and strict_json_lines(terminal_safe(out).replace("\n", " "))[0][0]["status"] == "complete"
    assert saved(data_dir)[-1]["result"] == [None, None, None]       # the history file is strict JSON too
