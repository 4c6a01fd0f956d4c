"""Server faults and malformed targets are errors with a message, never "internal error"
(issue 12, items 15 and 16 (the target part)).

A config ``api_prefix`` that is not a plain path, redirect loops and redirects to URLs no client
can use on ``/config``, ``queue/join`` and ``queue/data``: exit 3 (4 for ``queue/data``, where
the contract's "stream dropped" applies), one line naming what is wrong. Malformed URLs and ports
given by the user: exit 2. ``cli`` (tests/support/fixtures_faults.py) fails on a traceback or "internal error".
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.faultserver import make_config
from tests.support.fixtures_faults import cli
from tests.support.hostile import redirect_to

pytestmark = pytest.mark.trust


@pytest.mark.parametrize("prefix, why", [
    ("/gra\x07dio", "control characters"),
    ("http://127.0.0.1:1/gradio_api", "not a plain path"),
    ("@127.0.0.1:99999/gradio_api", "not a plain path"),
    (":99999/gradio_api", "not a plain path"),
    ({"path": "/gradio_api"}, "not a string"),
    (["/gradio_api"], "not a string"),
], ids=["control-char", "http-url", "userinfo-port-99999", "port-99999", "dict", "list"])
def test_bad_api_prefix_is_exit_3(fs, capsys, prefix, why):
    fs.config = make_config(api_prefix=prefix)
    for argv in (["api", fs.url], ["call", fs.url, "/predict", '["x"]']):
        code, out, err = cli(capsys, *argv)
        assert code == 3, err
        assert "api_prefix" in err and why in err, err
        assert "\x07" not in err


def loop(scope):
    return scope["path"]


@pytest.mark.parametrize("location, words", [
    (loop, "redirects in a loop"),
    ("http://127.0.0.1:99999/x", "port 99999"),
    ("ftp://127.0.0.1/x", "cannot use"),
    ("http://[::1/x", "cannot use"),
], ids=["loop", "port-99999", "ftp", "bad-ipv6"])
def test_redirect_faults_on_config_are_exit_3(fs, capsys, location, words):
    fs.routes[("GET", "/config")] = redirect_to(location, 302)
    code, out, err = cli(capsys, "api", fs.url, "--timeout", "10")
    assert code == 3, err
    assert words in err and f"127.0.0.1:{fs.port}" in err, err


@pytest.mark.parametrize("location, words", [
    (loop, "redirects in a loop"),
    ("http://127.0.0.1:99999/x", "not followed"),         # a 307 would replay the job to another origin
    ("ftp://127.0.0.1/x", "not followed"),
    ("http://[::1/x", "cannot use"),
], ids=["loop", "port-99999", "ftp", "bad-ipv6"])
def test_redirect_faults_on_join_are_exit_3(fs, capsys, location, words):
    fs.routes[("POST", "/gradio_api/queue/join")] = redirect_to(location, 307)
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--timeout", "10")
    assert code == 3, err
    assert words in err and f"127.0.0.1:{fs.port}" in err, err


@pytest.mark.parametrize("location, words", [
    (loop, "TooManyRedirects"),
    ("http://127.0.0.1:99999/x", "port 99999"),
    ("ftp://127.0.0.1/x", "unsupported protocol"),
], ids=["loop", "port-99999", "ftp"])
def test_redirect_faults_on_queue_data_end_the_call(fs, capsys, location, words):
    fs.routes[("GET", "/gradio_api/queue/data")] = redirect_to(location, 302)
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--timeout", "10")
    assert code == 4, err
    assert "could not open the app's event stream" in err and words in err, err
    assert "please report it" not in err


@pytest.mark.parametrize("argv", [
    ["api", "http://[::1"], ["api", "http://127.0.0.1:99999"], ["call", "http://127.0.0.1:99999/app", "/x"],
    ["api", "127.0.0.1:99999"], ["api", "http://h:80:80/"], ["api", "http://exa mple.com/"], ["api", "http://:80/"],
    ["export", "https://[fe80::1/", "/x", "--lang", "curl"],
])
def test_malformed_targets_are_usage_errors(capsys, argv):
    code, out, err = cli(capsys, *argv)
    assert code == 2, err
    assert "not a valid URL" in err and len(err.strip().splitlines()) == 1, err


def test_tui_with_a_malformed_target_prints_one_line():
    """``gradio-tui 'http://[::1'`` (the TUI) exits 2 with one line before drawing anything."""
    proc = subprocess.run([sys.executable, "-m", "gradio_tui", "http://[::1"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "not a valid URL" in proc.stderr
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
