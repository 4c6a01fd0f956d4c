"""Secrets: a fake HF token, a fake app password and the app's login cookie are in play; none of
them may appear in what we print, write or send where it does not belong.

* printed: stdout and stderr of every command, ``--json`` output, error messages, reports,
  exported snippets;
* written: the history file (0600, in a 0700 directory, written so a crash loses nothing);
* sent: the token only to the Hub (``Authorization``) and to ``*.hf.space`` or an app the user
  named with ``--token`` (``X-HF-Authorization``); the password only in the app's login form;
  the cookie only to the app's host. ``tests/support/faultserver.py`` records every request's headers,
  under two host names (``127.0.0.1`` is the app, ``localhost`` stands for any other host).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import httpx
import pytest

from gradio_tui.cli.main import main
from gradio_tui.core.history import CallRecord, HistoryStore, history_path
from gradio_tui.core.net.http import token_scope
from tests.support.faultserver import FaultServer, completed, estimation, failed

pytestmark = pytest.mark.faults

TOKEN = "hf_FAKEsecretTOKEN0123456789abcdef"
USER, PASSWORD = "alice", "pw-SECRET-7f3a9"
CLI = [sys.executable, "-m", "gradio_tui"]


@pytest.fixture
def fs(server, monkeypatch, tmp_path):
    server.reset()
    server.auth = (USER, PASSWORD)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setenv("GRADIO_USERNAME", USER)
    monkeypatch.setenv("GRADIO_PASSWORD", PASSWORD)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    other = server.url_as("localhost")

    def script(eid, body):
        # The app echoes what it received (but its own cookie) and offers files on both hosts.
        join = next(r for r in reversed(server.requests) if r.path.endswith("/queue/join"))
        headers = {k: v for k, v in join.headers.items() if k != "cookie"}
        files = [{"path": "/tmp/a", "url": f"{server.url}/gradio_api/file=a", "orig_name": "a.txt",
                  "meta": {"_type": "gradio.FileData"}},
                 {"path": "/tmp/b", "url": f"{server.url}/redirect?to={other}/gradio_api/file=b", "orig_name": "b.txt",
                  "meta": {"_type": "gradio.FileData"}},
                 {"path": "/tmp/c", "url": f"{other}/gradio_api/file=c", "orig_name": "c.txt",
                  "meta": {"_type": "gradio.FileData"}}]
        if (body.get("data") or [None])[0] == "fail":
            return [estimation(eid), failed(eid, f"failed with headers {json.dumps(headers)}", "Echo")]
        return [estimation(eid), completed(eid, [json.dumps(headers), files])]

    server.script = script
    yield server


def secrets(fs: FaultServer) -> list[str]:
    return [TOKEN, PASSWORD, fs.cookie_value, TOKEN[3:20]]


def run(capsys, *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    return f"[exit {code}]\n{out}\n{err}"


def assert_no_secret(text: str, fs: FaultServer, where: str) -> None:
    for secret in secrets(fs):
        at = text.find(secret)
        assert secret not in text, f"a secret in {where}: …{text[max(0, at - 80):at + 40]}…"


def assert_requests_clean(fs: FaultServer, token_allowed_here: bool = False) -> None:
    app_host = f"127.0.0.1:{fs.port}"
    assert fs.requests
    for r in fs.requests:
        wire = json.dumps(r.headers) + r.body.decode("utf-8", "replace")
        if not token_allowed_here or r.host != app_host:
            assert TOKEN not in wire, f"token sent to {r.host}{r.path}"
        if r.host != app_host:
            assert fs.cookie_value not in wire and PASSWORD not in wire, f"cookie/password sent to {r.host}{r.path}"
        elif PASSWORD in wire:
            assert (r.method, r.path) == ("POST", "/login"), f"password sent to {r.path}"


def test_every_command_keeps_the_secrets(fs, capsys, tmp_path):
    url = fs.url
    outputs = [
        run(capsys, "api", url), run(capsys, "api", url, "--json", "--all"),
        run(capsys, "call", url, "/predict", '["x"]'),
        run(capsys, "call", url, "/predict", '["x"]', "--json", "--download", str(tmp_path / "dl")),
        run(capsys, "call", url, "/predict", '["fail"]'), run(capsys, "call", url, "/predict", '["fail"]', "--json"),
        run(capsys, "call", url, "/predict", '["x"]', "--report"),
        run(capsys, "call", url, "/nope"), run(capsys, "call", url, "/predict", "[1, 2, 3]"),
        run(capsys, "call", url, "/predict", '["x"]', "--auth", f"{USER}:wrong-{PASSWORD}"),
        run(capsys, "api", url, "--auth", f"{USER}:{PASSWORD}"),
    ]
    for lang in ("curl", "python", "js"):
        outputs.append(run(capsys, "call", url, "/predict", '["x"]', "--export", lang))
        outputs.append(run(capsys, "export", url, "/predict", '["x"]', "--lang", lang))
    outputs += [run(capsys, "history"), run(capsys, "history", "--json")]
    assert "[exit 0]" in outputs[0] and "wrong username or password" in outputs[9]
    assert any("a.txt" in o for o in outputs)                  # the echo and the files did arrive
    for text in outputs:
        assert_no_secret(text, fs, "a command's output")
    assert_no_secret(history_path().read_text(encoding="utf-8"), fs, "the history file")
    assert_requests_clean(fs)
    assert not any(r.host.startswith("localhost") for r in fs.requests)   # b.txt's redirect to it refused…
    assert {p.name for p in (tmp_path / "dl").iterdir()} == {"a.txt"}        # …and c.txt too
    assert sum(PASSWORD in r.body.decode() for r in fs.requests if r.path == "/login") >= 10


def test_explicit_token_goes_to_that_app_only(fs, capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    text = run(capsys, "call", fs.url, "/predict", '["x"]', "--token", TOKEN, "--json", "--download", str(tmp_path))
    joins = [r for r in fs.requests if r.path.endswith("/queue/join")]
    assert joins and joins[0].headers.get("x-hf-authorization") == f"Bearer {TOKEN}"   # the user named this app
    assert_requests_clean(fs, token_allowed_here=True)          # …and no other host saw it (redirect, file URL)
    assert "[exit 3]" in text                                   # c.txt refused: not on the app's host
    assert TOKEN not in text and "Bearer ***" in text   # the app echoes what it was given: masked when shown…
    history = history_path().read_text(encoding="utf-8")
    assert TOKEN not in history and PASSWORD not in history     # …but never written down
    assert "Bearer ***" in history


def test_history_and_settings_files_are_private(fs, capsys):
    run(capsys, "call", fs.url, "/predict", '["x"]')
    path = history_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_recent_targets_file_is_private(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "d"))
    from gradio_tui.tui.recent import recent_path, remember

    remember("http://127.0.0.1:1/app")
    assert stat.S_IMODE(os.stat(recent_path()).st_mode) == 0o600


# --- the token's host rule, on its own ---------------------------------------------------------------

async def test_token_headers_only_where_allowed(monkeypatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    seen: list[tuple[str, dict[str, str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, {k: v for k, v in request.headers.items() if "authorization" in k}))
        if request.url.path == "/bounce":
            return httpx.Response(302, headers={"location": request.url.params["to"]})
        return httpx.Response(200, json={})

    headers = {"Authorization": f"Bearer {TOKEN}", "X-HF-Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler), headers=headers, follow_redirects=True,
                                 event_hooks={"request": [token_scope({"my.app"})]}) as client:
        await client.get("https://huggingface.co/api/spaces/a/b")
        await client.get("https://owner-space.hf.space/config")
        await client.get("https://my.app/config")
        await client.get("https://evil.example/x")
        await client.get("https://owner-space.hf.space/bounce", params={"to": "https://evil.example/stolen"})
        await client.get("https://hf.space.evil.example/x")
    by_host = [(host, sorted(h)) for host, h in seen]
    assert by_host == [
        ("huggingface.co", ["authorization"]),             # the Hub: Authorization only
        ("owner-space.hf.space", ["x-hf-authorization"]),  # a Space: X-HF-Authorization only
        ("my.app", ["x-hf-authorization"]),                # the app the user gave the token for
        ("evil.example", []),
        ("owner-space.hf.space", ["x-hf-authorization"]),
        ("evil.example", []),                               # a redirect off the Space loses it
        ("hf.space.evil.example", []),
    ]


def test_hub_gets_the_token_the_app_host_does_not(fs, hub, capsys, monkeypatch, hub_token):
    """A Space through the Hub stand-in (its app host is 127.0.0.1, not *.hf.space)."""
    monkeypatch.setenv("HF_TOKEN", hub_token)
    monkeypatch.delenv("GRADIO_USERNAME")
    fs.auth = None
    hub.add_space("acme/secretive", upstream=fs.url)
    outputs = [run(capsys, "call", "acme/secretive", "/predict", '["x"]', "--json"),
               run(capsys, "space", "acme/secretive", "--json"), run(capsys, "space", "acme/secretive"),
               run(capsys, "search", "echo", "--json")]
    assert '"type": "complete"' in outputs[0]
    for text in outputs:
        assert hub_token not in text
    hub_calls = [r for r in hub.hub_requests() if r.path.startswith("/api/spaces/acme/secretive")]
    assert hub_calls and all(r.headers.get("authorization") == f"Bearer {hub_token}" for r in hub_calls)
    for r in hub.app_requests():
        assert hub_token not in json.dumps(r.headers), f"token sent to the app host: {r.path}"
    assert all(hub_token not in json.dumps(r.headers) for r in fs.requests)


# --- history written so a crash loses nothing ---------------------------------------------------------

def record(i: int, **kw) -> CallRecord:
    return CallRecord(target="t", root="http://x", gradio_version="6", api_prefix="", api_name="e", fn_index=0,
                      args={"i": i}, **kw)


def test_a_line_cut_by_a_crash_loses_no_other_record(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    store.append(record(1))
    with open(store.path, "ab") as f:
        f.write(b'{"target": "t", "args": {"i": 2}, "sta')        # the process died mid-write
    store.append(record(3))
    assert [r.args["i"] for r in store.load()] == [3, 1]


def test_a_crash_while_trimming_leaves_the_old_file(tmp_path, monkeypatch):
    store = HistoryStore(tmp_path / "h.jsonl", max_bytes=2_000)
    for i in range(5):
        store.append(record(i))
    before = store.path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        for i in range(5, 40):
            store.append(record(i))
    assert store.path.read_bytes().startswith(before)           # appended to, never cut
    assert [p.name for p in tmp_path.iterdir()] == ["h.jsonl"]  # no temporary file left


def test_a_huge_record_is_kept_cut(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl", max_bytes=1_000_000)
    store.append(record(1))
    store.append(record(2, result=["x" * 5_000_000], status="complete"))
    loaded = store.load()
    assert [r.args["i"] for r in loaded] == [2, 1]
    assert "characters not kept" in loaded[0].result[0] and os.path.getsize(store.path) < 1_000_000


def test_an_append_waiting_while_another_process_trims_is_not_lost(tmp_path, monkeypatch):
    """Process B opens the file, waits for the lock; A trims (renames a new file over it). B must
    append to the new file, not to the unlinked one it opened."""
    import fcntl

    from gradio_tui.core import history

    store = HistoryStore(tmp_path / "h.jsonl", max_bytes=3_000)
    for i in range(3):
        store.append(record(i))
    real_flock = fcntl.flock
    raced = []

    def flock(fd, op):
        if not raced:                                    # A's trim lands while B waits for the lock
            raced.append(True)
            other = HistoryStore(store.path, max_bytes=1)
            other._trim()
        return real_flock(fd, op)

    monkeypatch.setattr(history.fcntl, "flock", flock)
    store.append(record(99))
    assert raced and 99 in [r.args["i"] for r in store.load()]


def test_history_survives_a_cli_killed_mid_call(fs, tmp_path):
    """SIGKILL of the CLI while it streams: the history file stays valid (no half line)."""
    fs.script = lambda eid, body: [estimation(eid), ("hold",)]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HF_TOKEN": TOKEN}
    proc = subprocess.Popen([*CLI, "call", fs.url, "/predict", '["x"]', "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "estimation" in proc.stdout.readline()
        proc.kill()
        proc.wait(10)
    finally:
        proc.kill()
    path = tmp_path / "data" / "gradio-tui" / "history.jsonl"
    assert not path.exists() or all(json.loads(line) for line in path.read_text().splitlines())
