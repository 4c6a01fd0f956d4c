"""Every SRC form of the contract, and the token's host rule."""

from __future__ import annotations

import pytest

from gradio_tui.core.errors import UsageError
from gradio_tui.core.net.auth import credentials_from_env, find_token, token_headers
from gradio_tui.core.net.target import parse_target


@pytest.mark.parametrize("src, space_id, url, page", [
    ("acme/echo", "acme/echo", None, None),
    ("https://huggingface.co/spaces/acme/echo", "acme/echo", None, None),
    ("https://huggingface.co/spaces/acme/echo/tree/main", "acme/echo", None, None),
    ("https://acme-echo.hf.space", None, "https://acme-echo.hf.space", None),
    ("https://acme-echo.hf.space/?view=api", None, "https://acme-echo.hf.space", None),
    ("http://127.0.0.1:7860/", None, "http://127.0.0.1:7860", None),
    ("http://127.0.0.1:7860/sub/app/?view=api", None, "http://127.0.0.1:7860/sub/app", None),
    ("http://127.0.0.1:7860/?page=second", None, "http://127.0.0.1:7860", "second"),
    ("http://127.0.0.1:7860/gradio_api/info", None, "http://127.0.0.1:7860", None),
    ("localhost:7860", None, "http://localhost:7860", None),
])
def test_target_forms(src, space_id, url, page):
    t = parse_target(src)
    assert (t.space_id, t.url, t.page) == (space_id, url, page)


def test_hub_endpoint_page_urls(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9999")
    assert parse_target("http://127.0.0.1:9999/spaces/a/b").space_id == "a/b"


@pytest.mark.parametrize("bad", ["", "   ", "not a target", "ftp://x/y"])
def test_bad_targets(bad):
    with pytest.raises(UsageError):
        parse_target(bad)


def test_token_only_to_hf_hosts(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "https://huggingface.co")
    assert token_headers("https://huggingface.co/api/spaces/a/b", "hf_x") == {"Authorization": "Bearer hf_x"}
    assert token_headers("https://a-b.hf.space/config", "hf_x") == {"X-HF-Authorization": "Bearer hf_x"}
    assert token_headers("https://evil.hf.space.example.com/", "hf_x") == {}
    assert token_headers("http://127.0.0.1:7860", "hf_x") == {}
    assert token_headers("https://my.custom.domain", "hf_x") == {}
    assert token_headers("https://my.custom.domain", "hf_x", explicit_for_app=True) == {
        "X-HF-Authorization": "Bearer hf_x"}
    assert token_headers("https://a-b.hf.space", None) == {}


def test_token_discovery_order(monkeypatch, tmp_path):
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    assert find_token() is None
    (tmp_path / "token").write_text("hf_file\n")
    assert find_token() == "hf_file"
    other = tmp_path / "other"
    other.write_text("  hf_path  ")
    monkeypatch.setenv("HF_TOKEN_PATH", str(other))
    assert find_token() == "hf_path"
    monkeypatch.setenv("HUGGING_FACE_HUB_TOKEN", "hf_legacy")
    assert find_token() == "hf_legacy"
    monkeypatch.setenv("HF_TOKEN", "hf_env")
    assert find_token() == "hf_env"
    monkeypatch.setenv("HF_TOKEN", "   ")
    assert find_token() == "hf_legacy"


def test_credentials(monkeypatch):
    monkeypatch.delenv("GRADIO_USERNAME", raising=False)
    monkeypatch.delenv("GRADIO_PASSWORD", raising=False)
    assert credentials_from_env(None) is None
    assert credentials_from_env("u:p:q") == ("u", "p:q")
    monkeypatch.setenv("GRADIO_USERNAME", "user")
    monkeypatch.setenv("GRADIO_PASSWORD", "pass")
    assert credentials_from_env(None) == ("user", "pass")
