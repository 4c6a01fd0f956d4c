"""A URL's ``user:password@`` is the app's login, and appears nowhere (issue 12, item 4).

The app is a fault server with a login; the user names it as ``http://alice:PASSWORD@127.0.0.1:PORT``.
The password must reach the app's login form (and nothing else on the wire), and never stdout,
stderr, ``--json`` events, ``--report``, snippets, ``history.jsonl`` or ``recent.json``.
"""

from __future__ import annotations

import json

import pytest

from gradio_tui.core.history import history_path
from gradio_tui.core.net.target import parse_target
from tests.support.fixtures_faults import cli
from tests.support.hostile import PASSWORD, USER, secrets_sent

pytestmark = pytest.mark.trust


@pytest.fixture
def fs(server, monkeypatch, tmp_path):
    server.reset()
    server.auth = (USER, PASSWORD)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("GRADIO_TUI_DATA_DIR", raising=False)
    yield server


def with_userinfo(url: str, password: str = PASSWORD) -> str:
    return url.replace("http://", f"http://{USER}:{password}@")


def test_userinfo_logs_in_and_is_never_printed_or_stored(fs, capsys):
    url = with_userinfo(fs.url)
    outputs = []
    for argv in (["api", url], ["api", url, "--json"],
                 ["call", url, "/predict", '["x"]', "--report", "--export", "curl"],
                 ["call", url, "/predict", '["x"]', "--json", "--report", "--export", "python"],
                 ["call", url, "/predict", '["x"]', "--export", "js"],
                 ["export", url, "/predict", '["x"]', "--lang", "curl"],
                 ["history"], ["history", "--json"]):
        code, out, err = cli(capsys, *argv)
        assert code == 0, (argv, err)
        outputs.append(out + err)
    text = "\n".join(outputs)
    assert PASSWORD not in text and f"{USER}:" not in text
    assert f"{fs.url}" in text                                        # the app is shown, without userinfo
    assert "$GRADIO_PASSWORD" in text and "process.env.GRADIO_PASSWORD" in text   # snippets log in from env
    assert 'os.environ[\\"GRADIO_PASSWORD\\"]' in text                    # (python, inside --json)
    history = history_path().read_text(encoding="utf-8")
    assert history and PASSWORD not in history and "@127.0.0.1" not in history
    logins = [r for r in fs.requests if r.path == "/login"]
    assert logins and all(PASSWORD in r.body.decode() for r in logins)   # taken as the app's login…
    assert secrets_sent(fs, {"password": PASSWORD}, allowed=lambda r, which: r.path == "/login") == []
    assert not any("authorization" in r.headers for r in fs.requests)     # …not as HTTP basic auth


def test_explicit_auth_wins_over_userinfo_which_wins_over_env(fs, capsys, monkeypatch):
    monkeypatch.setenv("GRADIO_USERNAME", "bob")
    monkeypatch.setenv("GRADIO_PASSWORD", "bob-pw")
    code, out, err = cli(capsys, "api", with_userinfo(fs.url, "wrong"), "--auth", f"{USER}:{PASSWORD}")
    assert code == 0, err
    code, out, err = cli(capsys, "api", with_userinfo(fs.url))
    assert code == 0, err
    forms = [r.body.decode() for r in fs.requests if r.path == "/login"]
    assert forms == [f"username={USER}&password={PASSWORD}"] * 2
    assert "wrong" not in out + err


def test_errors_about_the_target_do_not_show_the_password(fs, capsys):
    for argv in (["api", f"http://{USER}:{PASSWORD}@[::1"], ["api", f"http://{USER}:{PASSWORD}@127.0.0.1:1"],
                 ["api", with_userinfo(fs.url, PASSWORD + "x")], ["call", f"{USER}:{PASSWORD}@localhost:99999", "/x"]):
        code, out, err = cli(capsys, *argv)
        assert code in (2, 3), (argv, err)
        assert PASSWORD not in out + err, err


@pytest.mark.parametrize("password", ["pa/ss-SECRET", "pa#SECRET", "pa?SECRET", "pa SECRET", "pa@SECRET/x"])
def test_a_password_with_unencoded_characters_is_never_shown(capsys, password):
    code, out, err = cli(capsys, "api", f"http://{USER}:{password}@127.0.0.1:9/", "--timeout", "2")
    assert code in (2, 3), err
    assert "SECRET" not in out + err and password[:3] not in out + err, err
    if code == 2:
        assert "its user:password has characters to percent-encode" in err
    from gradio_tui.core.net.target import redact_userinfo
    assert redact_userinfo(f"http://{USER}:{password}@127.0.0.1:9/x") == "http://127.0.0.1:9/x"
    assert redact_userinfo(f"{USER}:{password}@localhost:9") == "localhost:9"


def test_target_forms_carry_no_userinfo():
    target = parse_target(f"http://{USER}:p%40ss@127.0.0.1:7860/app/?view=api")
    assert target.credentials == (USER, "p@ss")
    assert "p%40ss" not in target.raw + str(target.url) + target.display + repr(target)
    page = parse_target(f"https://{USER}:{PASSWORD}@huggingface.co/spaces/acme/app")
    assert page.space_id == "acme/app" and PASSWORD not in page.raw + repr(page)


def test_recent_never_stores_userinfo(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "d"))
    from gradio_tui.tui.recent import load_recent, recent_path, remember

    recent_path().parent.mkdir(parents=True)
    recent_path().write_text(json.dumps([f"http://{USER}:{PASSWORD}@10.0.0.1:7860/old", "acme/x"]))
    assert load_recent() == ["http://10.0.0.1:7860/old", "acme/x"]      # an older file is shown clean
    items = remember(f"  http://{USER}:{PASSWORD}@127.0.0.1:7860/app ")
    assert items[0] == "http://127.0.0.1:7860/app"
    stored = recent_path().read_text(encoding="utf-8")
    assert PASSWORD not in stored and USER not in stored


async def test_tui_shows_and_remembers_the_target_without_userinfo(fs, monkeypatch, tmp_path):
    """The TUI on ``http://alice:PW@host``: logged in; the header, the connecting message and
    recent.json show the URL without ``alice:PW@`` (while connecting and once connected)."""
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.recent import recent_path
    from tests.support.pilot import SIZE, static_text, until_connected, wait_for

    monkeypatch.setenv("GRADIO_TUI_DATA_DIR", str(tmp_path / "tui-data"))
    fs.config_fault = ("hang", 1.0)                       # time to look at the connecting screen
    app = GradioTuiApp(with_userinfo(fs.url))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: any(r.path == "/config" for r in fs.requests), 20, "the config request")
        connecting = app.export_screenshot() + static_text(app, "#connect-message")
        await until_connected(pilot, app)
        await pilot.pause(0.2)
        connected = app.export_screenshot()
    assert f"127.0.0.1:{fs.port}" in static_text_safe(connecting)
    for text in (connecting, connected):
        assert PASSWORD not in text and f"{USER}:" not in text
    assert [r.path for r in fs.requests][:1] == ["/login"]
    stored = recent_path().read_text(encoding="utf-8")
    assert fs.url in stored and PASSWORD not in stored


def static_text_safe(svg: str) -> str:
    """Screenshot SVG text with its non-breaking spaces as spaces."""
    return svg.replace("&#160;", " ")
