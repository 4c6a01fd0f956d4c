"""``gradio-tui api`` and ``call`` as a script would use them: output, ``--json`` events, exit codes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from gradio_tui.cli.main import main

CLI = [sys.executable, "-m", "gradio_tui"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def events(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("gradio-tui ")


def test_api_lists_endpoints(gradio_server, capsys):
    code, out, _ = run(capsys, "api", gradio_server.url("basic"))
    assert code == 0
    assert "/greet" in out and "name: str" in out and gradio_server.gradio_version in out
    code, out, _ = run(capsys, "api", gradio_server.url("visibility"), "--json")
    shape = json.loads(out)
    assert "/public_fn" in shape["named_endpoints"] and "/hidden" not in shape["named_endpoints"]
    param = shape["named_endpoints"]["/public_fn"]["parameters"][0]
    assert {"label", "parameter_name", "parameter_has_default", "parameter_default", "type", "python_type",
            "component", "example_input"} <= set(param)
    code, out, _ = run(capsys, "api", gradio_server.url("visibility"), "--json", "--all")
    assert json.loads(out)["named_endpoints"]["/hidden"]["visibility"] == "undocumented"


def test_call_json_events(gradio_server, capsys):
    code, out, _ = run(capsys, "call", gradio_server.url("gen"), "count", "[3, 0.05]", "--json")
    assert code == 0
    evs = events(out)
    assert all("type" in e and isinstance(e["t"], float) for e in evs)
    assert [e["type"] for e in evs if e["type"] in ("generating", "complete")] == ["generating"] * 3 + ["complete"]
    assert evs[-1]["data"] == ["tick0 tick1 tick2 "]
    assert evs[-1]["event_id"]


def test_call_kwargs_and_readable_output(gradio_server, capsys):
    code, out, _ = run(capsys, "call", gradio_server.url("basic"), "/greet", '["Bo"]', "--kwargs", '{"times": 2}')
    assert code == 0
    assert 'complete: ["Hello, Bo.Hello, Bo.", 20]' in out


def test_call_args_from_stdin(gradio_server, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO('["from stdin"]'))
    code, out, _ = run(capsys, "call", gradio_server.url("basic"), "/echo", "-", "--json")
    assert code == 0 and events(out)[-1]["data"] == ["from stdin"]


def test_call_state_with_session(gradio_server, capsys):
    seen = []
    for _ in range(2):
        code, out, _ = run(capsys, "call", gradio_server.url("state"), "/increment", "--session", "cli-sess-1",
                           "--json")
        seen.append(events(out)[-1]["data"])
    code, out, _ = run(capsys, "call", gradio_server.url("state"), "/increment", "--json")
    assert seen == [["1"], ["2"]]
    assert events(out)[-1]["data"] == ["1"]  # a fresh session per invocation


def test_call_file_and_download(gradio_server, tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("content")
    code, out, _ = run(capsys, "call", gradio_server.url("files"), "/file_info", "--file", f"f={src}",
                       "--download", str(tmp_path / "dl"), "--json")
    assert code == 0
    evs = events(out)
    assert evs[0]["type"] == "upload" and evs[0]["name"] == "in.txt"
    report = evs[-1]["data"][1]
    assert report["local_path"] and os.path.exists(report["local_path"])


@pytest.mark.parametrize("argv, code, message", [
    (["errors", "/boom_gr", '["x"]'], 1, "Custom failure: x"),
    (["errors", "/boom_plain", '["x"]'], 1, "hides error details"),
    (["errors_shown", "/boom_plain", '["x"]'], 1, "Plain failure: x"),
    (["basic", "/gret"], 2, "did you mean /greet"),
    (["basic", "/greet", "[1, 2, 3, 4]"], 2, "takes 3 argument"),
    (["basic", "/greet", "not json"], 2, "not valid JSON"),
    (["basic", "/greet", "--kwargs", '{"nam": "x"}'], 2, "did you mean 'name'"),
    (["basic", "/greet", "--kwargs", '{"times": 9}'], 2, r"above the maximum 5"),
    (["basic", "/add", '["two"]'], 2, "expected float"),
    (["widgets", "/describe", "--kwargs", '{"size": "XXL"}'], 2, "not among the choices"),
    (["widgets", "/describe"], 2, "no value for required parameter 'size'"),
    (["files", "/file_info", '["/no/such/file.txt"]'], 2, "file not found"),
    (["auth", "/whoami", '["x"]'], 3, "needs a login"),
    # private: refused by name on 6.x; on 4.x/5.x a private listener has no name at all
    (["visibility", "/secret", '["x"]'], 2, "private|unknown endpoint"),
])
def test_call_errors_give_message_and_exit_code(gradio_server, capsys, argv, code, message):
    app, *rest = argv
    got, out, err = run(capsys, "call", gradio_server.url(app), *rest)
    assert got == code
    assert re.search(message, (out + err).replace("'Custom", "Custom"))
    assert "Traceback" not in out + err


def test_login(gradio_server, capsys, monkeypatch):
    url = gradio_server.url("auth")
    code, out, err = run(capsys, "call", url, "/whoami", '["x"]', "--auth", "user:wrong")
    assert code == 3 and "wrong username or password" in err
    monkeypatch.setenv("GRADIO_USERNAME", "user")
    monkeypatch.setenv("GRADIO_PASSWORD", "pass")
    code, out, err = run(capsys, "call", url, "/whoami", '["x"]', "--json")
    assert code == 0, err
    assert "user" in json.dumps(events(out)[-1]["data"])
    assert "pass" not in out + err


def test_unreachable_and_not_gradio(gradio_server, capsys):
    code, _, err = run(capsys, "call", "http://127.0.0.1:9/", "/x", "--timeout", "3")
    assert code == 3 and "cannot reach 127.0.0.1:9" in err
    code, _, err = run(capsys, "api", gradio_server.base_url + "/no-such-app/")
    assert code == 3 and "not a Gradio app" in err


def test_silence_past_timeout_is_exit_4(gradio_server, capsys):
    code, out, err = run(capsys, "call", gradio_server.url("queued"), "/slow", "[4]", "--timeout", "1")
    assert code == 4 and "no message from the app for 1 s" in out + err


def test_unsupported_old_server_message():
    from gradio_tui.core.errors import UnsupportedVersion
    from gradio_tui.core.protocol.discovery import check_supported

    with pytest.raises(UnsupportedVersion, match=r"unsupported Gradio 3\.50"):
        check_supported({"version": "3.50.2"})
    with pytest.raises(UnsupportedVersion, match=r"unsupported Gradio 4\.5"):
        check_supported({"version": "4.5.0", "protocol": "sse"})
    check_supported({"version": "4.44.1", "protocol": "sse_v3"})


def test_ctrl_c_cancels_and_exits_130(gradio6):
    proc = subprocess.Popen([*CLI, "call", gradio6.url("gen"), "/count", "[200, 0.1]", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if '"generating"' in line:
                break
        proc.send_signal(signal.SIGINT)
        # A generous "does not hang" deadline (a loaded machine once took 20 s here); that the
        # cancel ends a call the app never ends is test_trust_scope_held.py's fault-server test.
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "cancelled" in err and "Traceback" not in err
