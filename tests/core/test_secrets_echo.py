"""An app that was given the token, the password or its login cookie and echoes them back (in a
log line, an output, an error and its title) gets them shown as ``***``: in ``call``'s lines,
``--json``, the error on stderr, ``--report`` (meant to be pasted in public) and the history."""

from __future__ import annotations

import pytest

from tests.support.faultserver import completed, failed, msg
from tests.support.fixtures_faults import cli

pytestmark = pytest.mark.trust

TOKEN, USER, PASSWORD = "hf_ECHOsecretTOKEN4242abcd", "alice", "PW-echo-secret-987"


@pytest.fixture
def echoing(fs, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    fs.auth = (USER, PASSWORD)
    return fs


def leaks(fs, text: str) -> list[str]:
    return [name for name, secret in (("token", TOKEN), ("password", PASSWORD), ("cookie", fs.cookie_value))
            if secret in text]


@pytest.mark.parametrize("extra", [[], ["--json"], ["--report"], ["--export", "python"]])
def test_secrets_the_app_echoes_are_masked_in_every_output(echoing, capsys, tmp_path, extra):
    fs = echoing
    said = f"{TOKEN} {PASSWORD} {fs.cookie_value}"
    fs.script = lambda eid, body: [msg(msg="log", event_id=eid, log=f"log {said}", level="info", title=f"t {TOKEN}"),
                                   completed(eid, [f"out {said}"])]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--auth", f"{USER}:{PASSWORD}",
                         "--token", TOKEN, *extra)
    assert code == 0, err
    assert "***" in out
    assert leaks(fs, out + err) == []
    history = (tmp_path / "data" / "gradio-tui" / "history.jsonl").read_text(encoding="utf-8")
    assert leaks(fs, history) == []


def test_secrets_in_an_apps_error_are_masked(echoing, capsys):
    fs = echoing
    fs.script = lambda eid, body: [failed(eid, f"bad {TOKEN} {PASSWORD} {fs.cookie_value}", title=f"T {PASSWORD}")]
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--auth", f"{USER}:{PASSWORD}",
                         "--token", TOKEN)
    assert code == 1
    assert "bad ***" in out + err
    assert leaks(fs, out + err) == []
