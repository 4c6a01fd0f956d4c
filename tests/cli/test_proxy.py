"""Red team 4 and 15: the proxy environment. Loopback never goes through a proxy (a password
for a local app would reach the proxy in plain text); a proxy setting httpx cannot use is a
usage error (exit 2) that names the variable, not an internal error.
"""

from __future__ import annotations

import socket
import threading

import httpcore
import httpx
import pytest

from gradio_tui.core.net.http import make_client
from tests.support.hostile_answers import cli_run

pytestmark = pytest.mark.trust

NO_PROXY_ENV = {"NO_PROXY": "", "no_proxy": ""}


def proxy_env(name: str, value: str) -> dict[str, str]:
    """``name`` set (both spellings: an empty lower-case one would unset it), nothing exempt."""
    return {**NO_PROXY_ENV, name.upper(): value, name.lower(): value}


@pytest.fixture
def logging_proxy():
    """A "proxy" that records what reaches it and answers 502."""
    seen: list[bytes] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            seen.append(data)
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    sock.close()


def test_loopback_never_goes_through_a_proxy(fs, logging_proxy, tmp_path):
    proxy, seen = logging_proxy
    fs.auth = ("alice", "S3CRET-PASSWORD")
    result = cli_run("api", fs.url_as("localhost"), "--auth", "alice:S3CRET-PASSWORD", "--token", "hf_SECRETTOKEN",
                     env={**proxy_env("HTTP_PROXY", proxy), "XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.code == 0, result.err
    assert seen == []                                           # nothing, let alone the password


async def test_other_hosts_still_go_through_the_proxy(monkeypatch, logging_proxy):
    proxy, _ = logging_proxy
    for name, value in proxy_env("HTTP_PROXY", proxy).items():
        monkeypatch.setenv(name, value)
    async with make_client(5) as client:
        loopback = client._transport_for_url(httpx.URL("http://127.0.0.1:5/"))    # its own: no keep-alive
        for url in ("http://127.0.0.1:5/", "http://localhost:5/", "http://[::1]:5/"):
            transport = client._transport_for_url(httpx.URL(url))
            assert transport is loopback and not isinstance(transport._pool, httpcore.AsyncHTTPProxy)
        assert isinstance(client._transport_for_url(httpx.URL("http://example.com/"))._pool, httpcore.AsyncHTTPProxy)


@pytest.mark.parametrize("name, value, why", [
    ("ALL_PROXY", "socks5://127.0.0.1:1", "a SOCKS proxy needs httpx's socks extra"),
    ("HTTP_PROXY", "ftp://user:pw@127.0.0.1:1", "not an http://, https:// or socks5:// URL"),
    ("HTTP_PROXY", "http://user:pw@[::1", "not an http://, https:// or socks5:// URL"),
])
def test_a_proxy_setting_that_cannot_be_used_is_a_usage_error(name, value, why, tmp_path):
    result = cli_run("api", "http://127.0.0.1:9", "--timeout", "2",
                     env={**proxy_env(name, value), "XDG_DATA_HOME": str(tmp_path / "data")})
    assert result.code == 2, result.err
    assert f"the proxy setting in {name}, {name.lower()} cannot be used: {why}" in result.err
    assert "internal error" not in result.err and "pw" not in result.err
