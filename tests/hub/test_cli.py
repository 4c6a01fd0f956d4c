"""``search``, ``space``, ``logs``, ``duplicate`` against the Hub stand-in: outputs and exit codes.

Most run ``gradio_tui.cli.main.main`` in-process (fast); a few run ``python -m gradio_tui`` in a
subprocess, where stdin is not a terminal, as a script would.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gradio_tui.cli.main import main
from gradio_tui.core.hub.models import SEARCH_JSON_KEYS, SPACE_JSON_KEYS


def run_cli(hub, *args: str, token: str | None = None, stdin: str = "", timeout: float = 60):
    env = hub.env(**({"HF_TOKEN": token} if token else {}))
    return subprocess.run([sys.executable, "-m", "gradio_tui", *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def test_search_json_subprocess(hub):
    proc = run_cli(hub, "search", "image generation", "--json", "--sort", "likes", "--limit", "3")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [item["id"] for item in data] == ["black-forest-labs/FLUX.1-schnell", "ginipick/FLUXllama",
                                             "ginipick/Realtime-FLUX"]
    assert all(list(item) == list(SEARCH_JSON_KEYS) for item in data)
    assert data[0]["zero_gpu"] is True and data[0]["stage"] == "RUNNING"


def test_search_text_and_fallback_note(hub, capsys):
    hub.semantic = (500, {"error": "down"})
    hub.add_space("acme/flux-echo", likes=7, description="echoes \x1b]52;c;aGk=\x07text")
    assert main(["search", "flux", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    assert "semantic search failed" in err
    assert "acme/flux-echo" in out and "echoes text" in out and "\x1b" not in out


def test_search_text_lines(hub, capsys):
    assert main(["search", "flux", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("ginipick/FLUXllama  🦀🏆🦀 FLUXllama  [♥ 378, running, ZeroGPU")
    assert "mcp_server & FLUX 4-bit Quantization" in out


def test_search_keyword_json_and_empty(hub, capsys):
    assert main(["search", "zzz-nothing", "--keyword", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "zzz-nothing", "--keyword"]) == 0
    assert "no Spaces found" in capsys.readouterr().err


def test_search_429_exit_3(hub, capsys):
    hub.rate_limit("/api/spaces/semantic-search")
    assert main(["search", "flux"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("gradio-tui: ") and "retry in 42 s" in err and "set HF_TOKEN" in err
    assert len(err.strip().splitlines()) == 1


def test_space_json(hub, capsys):
    space = hub.add_space("acme/echo", stages=["RUNTIME_ERROR"], error_message="boom", likes=4)
    assert main(["space", "acme/echo", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == list(SPACE_JSON_KEYS)
    assert data == {"id": "acme/echo", "host": space.host, "sdk": "gradio", "stage": "RUNTIME_ERROR",
                    "hardware": "cpu-basic", "zero_gpu": False, "private": False, "likes": 4,
                    "sleep_time": 172800, "error_message": "boom"}


def test_space_text_with_zero_gpu_quota(hub, capsys, monkeypatch, hub_token):
    hub.add_space("acme/zero", hardware="zero-a10g")
    monkeypatch.setenv("HF_TOKEN", hub_token)
    assert main(["space", f"{hub.url}/spaces/acme/zero"]) == 0
    out = capsys.readouterr().out
    assert "id:           acme/zero" in out and "hardware:     zero-a10g (ZeroGPU)" in out
    assert "ZeroGPU quota: 2400 s of 2400 s GPU time" in out


def test_space_by_hf_space_url_and_not_found(hub, capsys):
    hub.add_space("acme/echo", stages=["PAUSED"])
    assert main(["space", "https://acme-echo.hf.space"]) == 0
    out = capsys.readouterr().out
    assert "PAUSED" in out and "gradio-tui logs acme/echo" in out
    assert main(["space", "acme/missing"]) == 3
    assert "not found, or private: set HF_TOKEN" in capsys.readouterr().err
    assert main(["space", "http://127.0.0.1:1/app"]) == 2


def test_logs_subprocess(hub, hub_token):
    hub.add_space("acme/echo", logs_end="close")
    proc = run_cli(hub, "logs", "acme/echo", token=hub_token)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["===== Application Startup at 2026-08-20 10:00:00 =====",
                                        "* Running on local URL:  http://0.0.0.0:7860",
                                        "Traceback (most recent call last):"]


def test_logs_json_tail_and_token_message(hub, capsys, monkeypatch, hub_token):
    hub.add_space("acme/echo", logs_end="close")
    assert main(["logs", "acme/echo", "--tail", "1", "--json"]) == 3
    assert "logs need the owner's token" in capsys.readouterr().err
    monkeypatch.setenv("HF_TOKEN", hub_token)
    assert main(["logs", "acme/echo", "--tail", "1", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [{"text": "Traceback (most recent call last):", "timestamp": "2026-08-20T10:01:00.000Z"}]
    assert main(["logs", "acme/echo", "--build", "--tail", "1"]) == 0
    assert capsys.readouterr().out == "Successfully built\n"


def test_duplicate_cpu_space(hub, capsys, monkeypatch, hub_token):
    hub.add_space("abidlabs/en2fr")
    monkeypatch.setenv("HF_TOKEN", hub_token)
    assert main(["duplicate", "abidlabs/en2fr", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": "ada/en2fr", "created": True,
                                                    "url": f"{hub.url}/spaces/ada/en2fr"}
    assert main(["duplicate", "abidlabs/en2fr"]) == 0                       # 409 → reuse
    assert "ada/en2fr exists already: reusing it" in capsys.readouterr().out


def test_duplicate_gpu_space_refuses_without_a_terminal_and_without_yes(hub, hub_token):
    hub.add_space("big/model", hardware="t4-small")
    proc = run_cli(hub, "duplicate", "big/model", token=hub_token)
    assert proc.returncode == 2
    assert "t4-small" in proc.stderr and "--yes" in proc.stderr and "refusing" in proc.stderr
    assert not hub.requests_to("/api/spaces/big/model/duplicate")
    proc = run_cli(hub, "duplicate", "big/model", "--yes", "--public", token=hub_token)
    assert proc.returncode == 0, proc.stderr
    assert "created ada/model (public)" in proc.stdout
    assert hub.requests_to("/api/spaces/big/model/duplicate")[0].json == {"repository": "ada/model",
                                                                          "visibility": "public"}


@pytest.mark.parametrize("answer, code", [("y\n", 0), ("n\n", 2)])
def test_duplicate_asks_on_a_terminal(hub, capsys, monkeypatch, hub_token, answer, code):
    hub.add_space("big/model", hardware="t4-small")
    monkeypatch.setenv("HF_TOKEN", hub_token)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": answer.strip())
    assert main(["duplicate", "big/model"]) == code
    assert bool(hub.requests_to("/api/spaces/big/model/duplicate")) == (code == 0)


def test_duplicate_without_token(hub, capsys):
    assert main(["duplicate", "abidlabs/en2fr"]) == 3
    assert "HF_TOKEN" in capsys.readouterr().err
