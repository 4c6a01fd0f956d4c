"""Login credentials from the environment (``GRADIO_USERNAME`` / ``GRADIO_PASSWORD``) are for the
apps that ask for them: an app without a login never sees the password, one that asks gets a login
and then works. Credentials the user gave for the target (``--auth``, ``user:pass@`` in the URL)
log in first, as before."""

from __future__ import annotations

import pytest

from gradio_tui.core.errors import AuthRequired
from gradio_tui.core.session import Session
from tests.support.fixtures_faults import cli

pytestmark = pytest.mark.trust

USER, PASSWORD = "alice", "pw-ENV-secret-41c9"


def password_sent(fs) -> list[str]:
    """The requests that carried the password anywhere (form body, header or query)."""
    return [f"{r.method} {r.path}" for r in fs.requests
            if PASSWORD in (r.body.decode("utf-8", "replace") if isinstance(r.body, bytes) else str(r.body))
            or PASSWORD in str(r.headers) or PASSWORD in str(r.query)]


@pytest.fixture
def env_login(monkeypatch):
    monkeypatch.setenv("GRADIO_USERNAME", USER)
    monkeypatch.setenv("GRADIO_PASSWORD", PASSWORD)


def test_an_app_without_a_login_never_sees_the_environments_password(fs, env_login, capsys):
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]')
    assert code == 0, err
    assert "echo:x" in out
    assert password_sent(fs) == []
    assert not any(r.path.endswith("/login") for r in fs.requests)


async def test_an_app_that_asks_gets_the_environments_login(fs, env_login):
    fs.auth = (USER, PASSWORD)
    async with await Session.connect(fs.url, timeout=10) as session:
        assert session.logged_in
        assert await session.submit("/predict", ["y"]).result() == ["echo:y"]
    assert [f"{r.method} {r.path}" for r in fs.requests[:3]] == ["GET /config", "POST /login", "GET /config"]
    assert password_sent(fs) == ["POST /login"]


async def test_explicit_credentials_log_in_first(fs):
    fs.auth = (USER, PASSWORD)
    async with await Session.connect(fs.url, auth=(USER, PASSWORD), timeout=10) as session:
        assert session.logged_in
    assert fs.requests[0].method == "POST" and fs.requests[0].path == "/login"


async def test_a_wrong_environment_login_is_one_clear_error(fs, monkeypatch):
    fs.auth = (USER, PASSWORD)
    monkeypatch.setenv("GRADIO_USERNAME", USER)
    monkeypatch.setenv("GRADIO_PASSWORD", "not-the-password")
    with pytest.raises(AuthRequired, match="wrong username or password"):
        await Session.connect(fs.url, timeout=10)
