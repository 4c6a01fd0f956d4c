"""Credentials belong to one origin (scheme, host, port), and never travel in cleartext.

Issue 12, items 2 and 3, and the one client factory. The app is a fault server (``fs``) holding a
login; a second fault server on another port of the same host (``other``) is the attacker. Both
log every request, header names and values and bodies included; the tests assert that no
secret (the HF token, the app password, the app's login cookie) reached a request it should not.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from gradio_tui.core.errors import ConnectError
from gradio_tui.core.session import Session
from tests.support.faultserver import FaultServer, make_config, reply
from tests.support.fixtures_faults import cli
from tests.support.hostile import PASSWORD, TOKEN, USER, host_of, redirect_to, resolve_to, secrets_sent

pytestmark = pytest.mark.trust


@pytest.fixture
def fs(server, monkeypatch):
    """The app: a login (USER, PASSWORD), HF_TOKEN in the environment, GRADIO_* not set."""
    server.reset()
    server.auth = (USER, PASSWORD)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")     # no Hub: nothing resolves through it
    yield server


def all_secrets(fs: FaultServer) -> dict[str, str]:
    return {"token": TOKEN, "password": PASSWORD, "cookie": fs.cookie_value}


def serve_config_when_logged_in(fs: FaultServer, config: dict):
    async def route(scope, receive, send, body):
        if not fs.logged_in_cookie_seen():
            return await reply(send, 401, b'{"detail":{"error":"Not authenticated","auth_message":null}}')
        await reply(send, 200, json.dumps(config).encode())
    return route


# --- item 2: the origin, not the host name ----------------------------------------------------------

def test_config_redirect_to_another_port_gets_no_credential(fs, other, capsys):
    """The app's /config redirects to another port of the same host: that port gets nothing."""
    fs.routes[("GET", "/config")] = redirect_to(f"{other.url}/config")
    other.config = make_config()
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--token", TOKEN,
                         "--auth", f"{USER}:{PASSWORD}", "--json")
    assert code == 0, err
    assert any(r.path == "/config" for r in other.requests)                 # the redirect was followed
    assert secrets_sent(other, all_secrets(fs)) == []
    joins = [r for r in fs.requests if r.path.endswith("/queue/join")]     # the app itself still gets them
    assert joins and joins[0].headers.get("x-hf-authorization") == f"Bearer {TOKEN}"
    assert fs.cookie_value in joins[0].headers.get("cookie", "")


@pytest.mark.parametrize("prefix", ["@127.0.0.1:{port}/gradio_api", "//127.0.0.1:{port}/gradio_api",
                                    "http://127.0.0.1:{port}/gradio_api", "/gradio_api/../../x",
                                    ":{port}/gradio_api"])
def test_api_prefix_off_the_origin_is_a_bad_config(fs, other, capsys, prefix):
    fs.routes[("GET", "/config")] = serve_config_when_logged_in(
        fs, make_config(api_prefix=prefix.format(port=other.port)))
    code, out, err = cli(capsys, "call", fs.url, "/predict", '["x"]', "--token", TOKEN,
                         "--auth", f"{USER}:{PASSWORD}")
    assert code == 3
    assert "api_prefix" in err and "not a plain path on the app's origin" in err, err
    assert other.requests == []
    assert not any(r.path not in ("/login", "/config") for r in fs.requests), [r.path for r in fs.requests]


@pytest.mark.parametrize("root", ["http://alice:x@127.0.0.1:{port}/", "ftp://127.0.0.1:{port}/", 42,
                                  "http://127.0.0.1:{port}/a/../b", "http://127.0.0.1:{port}/a\x1b]0;x\x07"])
def test_config_root_that_is_not_the_app_is_a_bad_config(fs, other, capsys, root):
    value = root.format(port=other.port) if isinstance(root, str) else root
    fs.routes[("GET", "/config")] = serve_config_when_logged_in(fs, make_config(root=value))
    code, out, err = cli(capsys, "api", fs.url, "--auth", f"{USER}:{PASSWORD}")
    assert code == 3 and "root" in err and "config is unusable" in err, err
    assert "\x1b" not in err and other.requests == []


async def test_a_file_url_on_another_port_gets_no_credential(fs, other):
    """Any request of the session's client (a file URL in an output, a saved link) to another
    origin of the same host carries neither the token nor the app's login cookie."""
    async with await Session.connect(fs.url, token=TOKEN, auth=(USER, PASSWORD), timeout=10) as session:
        assert session.logged_in and session.uses_token
        await session.client.get(f"{other.url}/gradio_api/file=/etc/hostname")
        await session.client.get(f"{fs.url_as('localhost')}/gradio_api/file=/etc/hostname")   # another host name
        await session.client.get(f"{fs.url}/redirect", params={"to": f"{other.url}/gradio_api/file=x"})
        await session.client.get(f"{fs.url}/gradio_api/file=/tmp/ok")
    assert len(other.requests) == 2
    assert secrets_sent(other, all_secrets(fs)) == []
    assert secrets_sent(fs, all_secrets(fs), allowed=lambda r, which: r.host == f"127.0.0.1:{fs.port}") == []
    own = [r for r in fs.requests if r.path == "/gradio_api/file=/tmp/ok"]
    assert own and fs.cookie_value in own[0].headers.get("cookie", "")
    assert own[0].headers.get("x-hf-authorization") == f"Bearer {TOKEN}"


@pytest.mark.parametrize("status", [307, 308])
def test_login_redirected_elsewhere_does_not_replay_the_password(fs, other, capsys, status):
    """A 307/308 keeps a POST's body: the login form would go to the other origin as is."""
    fs.routes[("POST", "/login")] = redirect_to(f"{other.url}/login", status)
    code, out, err = cli(capsys, "api", fs.url, "--auth", f"{USER}:{PASSWORD}")
    assert code == 3 and "not followed" in err, err
    assert secrets_sent(other, all_secrets(fs)) == []
    assert not any(r.path == "/login" for r in other.requests)


def test_login_redirected_on_its_own_origin_still_works(fs, capsys):
    """A 307 to the same origin (``/login`` → ``/login/``) is followed, with the form."""
    seen = []

    async def login_slash(scope, receive, send, body):
        seen.append(body)
        cookie = f"access-token-unsecure-fault={fs.cookie_value}; HttpOnly; Path=/".encode()
        await reply(send, 200, b'{"success":true}', headers=[(b"set-cookie", cookie)])

    fs.routes[("POST", "/login")] = redirect_to("/login/", 307)
    fs.routes[("POST", "/login/")] = login_slash
    code, out, err = cli(capsys, "api", fs.url, "--auth", f"{USER}:{PASSWORD}")
    assert code == 0, err
    assert seen and PASSWORD.encode() in seen[0]


# --- item 3: no downgrade -----------------------------------------------------------------------------

@pytest.fixture
def spaces(fs, monkeypatch):
    """``*.hf.space`` resolves to the fault server (which then plays every Space)."""
    fs.auth = None
    resolve_to(monkeypatch, fs, ".hf.space")
    return fs


@pytest.mark.parametrize("with_flag", [True, False], ids=["--token", "HF_TOKEN"])
def test_https_space_redirecting_to_http_space_loses_the_token(spaces, capsys, with_flag):
    """``https://a.hf.space`` → ``http://b.hf.space``: b gets the request, not the token."""
    def to_b(scope):
        return "http://b.hf.space/config" if host_of(scope) == "a.hf.space" else ""

    async def config(scope, receive, send, body):
        if host_of(scope) == "a.hf.space":
            return await redirect_to(to_b)(scope, receive, send, body)
        await reply(send, 200, json.dumps(spaces.config).encode())

    spaces.routes[("GET", "/config")] = config
    argv = ["api", "https://a.hf.space"] + (["--token", TOKEN] if with_flag else [])
    code, out, err = cli(capsys, *argv)
    assert code == 0, err
    hosts = [r.host for r in spaces.requests]
    assert "a.hf.space" in hosts and "b.hf.space" in hosts
    assert secrets_sent(spaces, {"token": TOKEN}, allowed=lambda r, which: r.host == "a.hf.space") == []
    first = next(r for r in spaces.requests if r.host == "a.hf.space")
    assert first.headers.get("x-hf-authorization") == f"Bearer {TOKEN}"       # https: the Space gets it


def test_plain_http_space_never_gets_the_token(spaces, capsys):
    code, out, err = cli(capsys, "api", "http://a.hf.space", "--token", TOKEN)
    assert code == 0, err
    assert spaces.requests and secrets_sent(spaces, {"token": TOKEN}) == []


def test_login_over_plain_http_to_another_machine_is_refused(spaces, capsys):
    code, out, err = cli(capsys, "api", "http://a.hf.space", "--auth", f"{USER}:{PASSWORD}")
    assert code == 3 and "over plain http" in err, err
    assert PASSWORD not in out + err
    assert spaces.requests == []


async def test_login_downgraded_by_a_redirect_keeps_the_password(spaces):
    """``https://a.hf.space/login`` answers 307 → ``http://a.hf.space/login``: not followed."""
    spaces.routes[("POST", "/login")] = redirect_to("http://a.hf.space/login", 307)
    with pytest.raises(ConnectError) as caught:
        await Session.connect("https://a.hf.space", auth=(USER, PASSWORD), timeout=10)
    assert "not followed" in str(caught.value)
    assert [r.path for r in spaces.requests] == ["/login"]


async def test_loopback_over_http_keeps_working(fs):
    """Local apps (127.0.0.0/8, ::1, localhost) over http: the user's token and login do go."""
    async with await Session.connect(fs.url_as("localhost"), token=TOKEN, auth=(USER, PASSWORD),
                                     timeout=10) as session:
        assert await session.submit("/predict", ["x"]).result() == ["echo:x"]
    join = next(r for r in fs.requests if r.path.endswith("/queue/join"))
    assert join.headers.get("x-hf-authorization") == f"Bearer {TOKEN}"
    assert fs.cookie_value in join.headers.get("cookie", "")


# --- one client factory ----------------------------------------------------------------------------

def test_every_httpx_client_comes_from_the_factory():
    """No module but core/net/http.py constructs an httpx client (or calls httpx's module-level verbs)."""
    root = Path(__file__).resolve().parents[2] / "gradio_tui"
    makers = {"AsyncClient", "Client", "get", "post", "put", "delete", "request", "stream", "head"}
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in makers
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "httpx"):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert [place.split(":")[0] for place in found] == ["core/net/http.py"], found


def test_hub_commands_use_the_factory(fs, hub, capsys, monkeypatch):
    """``space`` and the app session send the same user-agent, and the Hub client scopes too:
    a Hub redirect to another origin loses ``Authorization``."""
    from gradio_tui.core.net.http import USER_AGENT

    monkeypatch.setenv("HF_TOKEN", hub.owner_token)
    fs.auth = None
    hub.add_space("acme/scope", upstream=fs.url)
    cli(capsys, "space", "acme/scope", "--json")
    cli(capsys, "api", fs.url)
    agents = {r.headers.get("user-agent") for r in hub.hub_requests()} | {r.headers.get("user-agent")
                                                                          for r in fs.requests}
    assert agents == {USER_AGENT}


async def test_hub_client_strips_credentials_off_its_origin(fs, other, monkeypatch):
    from gradio_tui.core.net.http import make_client

    monkeypatch.setenv("HF_ENDPOINT", fs.url)
    async with make_client(10, headers={"Authorization": f"Bearer {TOKEN}",
                                        "X-HF-Authorization": f"Bearer {TOKEN}"}) as client:
        await client.get(f"{fs.url}/redirect", params={"to": f"{other.url}/api/x"})
        await client.get(f"{other.url}/api/y")
    assert [r.path for r in other.requests] == ["/api/x", "/api/y"]
    assert secrets_sent(other, {"token": TOKEN}) == []
    hub_request = next(r for r in fs.requests if r.path == "/redirect")
    assert hub_request.headers.get("authorization") == f"Bearer {TOKEN}"
    assert "x-hf-authorization" not in hub_request.headers          # the Hub is not a Space

