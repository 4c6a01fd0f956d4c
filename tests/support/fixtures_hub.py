"""Hub stand-in fixtures, registered by tests/conftest.py through ``pytest_plugins``.

    def test_x(hub):                          # a clean stand-in; HF_ENDPOINT points at it
        space = hub.add_space("acme/echo", upstream=gradio6.url("basic"), stages=["BUILDING", "RUNNING"])
        ...resolve_app(parse_target("acme/echo"), ...) → url == space.host (a proxy to the app)
        hub.requests_to("/api/spaces/acme/echo")      # what reached it, headers included
        subprocess.run([... "-m", "gradio_tui", "space", "acme/echo"], env=hub.env())

``hub_server`` is the session's one stand-in (started on first use, stopped at the end); ``hub``
resets it for the test, points ``HF_ENDPOINT`` at it, makes stage polling fast, clears the
resolution cache and removes any real token from the environment. ``hub_token`` is the token the
stand-in accepts as the owner's (set it with ``monkeypatch.setenv("HF_TOKEN", hub_token)``).
"""

from __future__ import annotations

import pytest

from tests.support.hubstub import HubStub


@pytest.fixture(scope="session")
def hub_server():
    stub = HubStub().start()
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
def hub(hub_server: HubStub, monkeypatch: pytest.MonkeyPatch, tmp_path) -> HubStub:
    from gradio_tui.core.hub import spaces as core_hub

    hub_server.reset()
    core_hub.clear_cache()
    monkeypatch.setenv("HF_ENDPOINT", hub_server.url)
    monkeypatch.setenv("GRADIO_TUI_HUB_POLL", "0.05")
    for var in ("NO_PROXY", "no_proxy"):              # a CI proxy must not see the stand-in's traffic
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_TOKEN_PATH", str(tmp_path / "no-token"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    yield hub_server
    core_hub.clear_cache()


@pytest.fixture
def hub_token(hub: HubStub) -> str:
    return hub.owner_token
