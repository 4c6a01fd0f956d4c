"""The test harness serves real Gradio apps on every supported gradio version."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.apps import APP_NAMES
from tests.support.fixtures_servers import get_server
from tests.support.servers import ServerPool

# Named endpoints each app lists in /info (public only), the same on every version.
PUBLIC_ENDPOINTS = {
    "basic": {"/greet", "/echo", "/add"},
    "gen": {"/count", "/count_json", "/stream_many"},
    "progress": {"/slow_job"},
    "state": {"/increment", "/reset_count"},
    "widgets": {"/describe"},
    "files": {"/file_info", "/image_info", "/make_file"},
    "errors": {"/boom_gr", "/boom_plain", "/gen_error"},
    "errors_shown": {"/boom_gr", "/boom_plain", "/gen_error"},
    "queued": {"/slow", "/fast"},
    "auth": {"/whoami"},
    "visibility": {"/public_fn", "/lambda", "/step1", "/lambda_1"},
    "chat": {"/chat"},
    "busychat": {"/respond"},   # and twelve undocumented helpers
    "batch": {"/batch_upper"},
    "pages": {"/home_fn", "/second_fn"},  # 4.x has no pages: /home_fn only
    "oauth": {"/token_tail"},
    "oddnames": {"/odd/name", "/odd name?#%ü", "/__proto__", "/clash"},
    "realworld": {"/html_default", "/load_example", "/more_examples", "/describe", "/twin", "/twin_1"},
    "chatflag": {"/chat", "/flag"},  # 4.x ChatInterface has no flagging: /chat only
    "filevalues": {"/files_multi", "/upload_multi", "/editor", "/slider", "/gallery", "/multimodal", "/video"},
    "events": {"/on_select", "/on_like", "/on_key_up", "/on_edit"},  # 4.x has no gr.EditData: no /on_edit
    "mcp_tools": {"/letters", "/file_size", "/countdown", "/greet", "/note", "/ask"},
    "images": {"/picture", "/gallery", "/annotated", "/big", "/chat"},
}
OPEN_APPS = [name for name in APP_NAMES if name != "auth"]


@pytest.fixture(scope="module")
def http():
    with httpx.Client(timeout=30) as client:
        yield client


def _check_config(config: dict, server) -> None:
    assert config["version"] == server.gradio_version
    assert config["version"].split(".")[0] == server.version
    if server.version == "4":
        assert "api_prefix" not in config
    else:
        assert config["api_prefix"] == "/gradio_api"
    assert config["protocol"] == "sse_v3"


def test_apps_cover_the_registry():
    assert set(PUBLIC_ENDPOINTS) == set(APP_NAMES)


def test_config_of_every_app(gradio_server, http):
    for app in OPEN_APPS:
        response = http.get(gradio_server.url(app) + "/config")
        assert response.status_code == 200, (app, response.text[:300])
        config = response.json()
        _check_config(config, gradio_server)
        assert config["root"].rstrip("/") == gradio_server.url(app)


def test_root_app(gradio_server, http):
    config = http.get(gradio_server.url() + "/config").json()
    _check_config(config, gradio_server)
    info = http.get(gradio_server.api_url("", "info")).json()
    assert set(info["named_endpoints"]) == PUBLIC_ENDPOINTS["basic"]


@pytest.mark.parametrize("app", OPEN_APPS)
def test_info_lists_the_public_endpoints(gradio_server, http, app):
    response = http.get(gradio_server.api_url(app, "info"))
    assert response.status_code == 200, response.text[:300]
    expected = PUBLIC_ENDPOINTS[app]
    if app == "pages" and gradio_server.version == "4":
        expected = {"/home_fn"}
    if app == "chatflag" and gradio_server.version == "4":
        expected = {"/chat"}
    if app == "filevalues" and gradio_server.version == "4":
        expected = expected - {"/slider"}  # gr.ImageSlider is new in 5.x
    if app == "events" and gradio_server.version == "4":
        expected = expected - {"/on_edit"}
    assert set(response.json()["named_endpoints"]) == expected


def test_info_is_under_the_api_prefix(gradio_server, http):
    status = http.get(gradio_server.url("basic") + "/info").status_code
    assert status == (200 if gradio_server.version == "4" else 404)


def test_info_parameters_and_defaults(gradio_server, http):
    def params(app: str, endpoint: str) -> dict:
        info = http.get(gradio_server.api_url(app, "info")).json()
        return {
            p["parameter_name"]: (
                p["parameter_has_default"],
                p["parameter_default"],
                p["component"],
            )
            for p in info["named_endpoints"][endpoint]["parameters"]
        }

    assert params("basic", "/greet") == {
        "name": (True, "World", "Textbox"),
        "excited": (True, False, "Checkbox"),
        "times": (True, 1, "Slider"),
    }
    assert params("basic", "/add") == {"a": (False, None, "Number"), "b": (True, 1, "Number")}
    widgets = params("widgets", "/describe")
    assert widgets["size"] == (False, None, "Radio")
    assert widgets["choice"] == (True, "red", "Dropdown")
    assert widgets["payload"] == (True, {"k": 1}, "Json")
    assert params("state", "/increment") == {}  # State is not part of the API


def test_visibility(gradio_server, http):
    everything = http.get(
        gradio_server.api_url("visibility", "info") + "?all_endpoints=true"
    ).json()
    assert set(everything["named_endpoints"]) == PUBLIC_ENDPOINTS["visibility"] | {"/hidden"}
    config = http.get(gradio_server.url("visibility") + "/config").json()
    names = [dep["api_name"] for dep in config["dependencies"]]
    if gradio_server.version == "6":
        assert "secret" in names  # private but named
    else:
        assert False in names and "secret" not in names  # api_name=False


def test_show_error(gradio_server, http):
    """errors hides plain exceptions, errors_shown exposes them (checked through /call)."""

    def boom_plain_error(app: str):
        post = http.post(gradio_server.api_url(app, "call/boom_plain"), json={"data": ["q"]})
        event_id = post.json()["event_id"]
        body = http.get(gradio_server.api_url(app, f"call/boom_plain/{event_id}")).text
        assert "event: error" in body
        return json.loads(body.split("data:", 1)[1].split("\n", 1)[0])

    if gradio_server.version == "6":
        assert boom_plain_error("errors") == {"error": None}
        assert boom_plain_error("errors_shown")["error"] == "Plain failure: q"
    else:  # before 6.13, /call reports every error as null
        assert boom_plain_error("errors") is None
        assert boom_plain_error("errors_shown") is None


def test_call_runs_a_function(gradio_server, http):
    post = http.post(gradio_server.api_url("basic", "call/add"), json={"data": [2, 3]})
    assert post.status_code == 200, post.text
    body = http.get(gradio_server.api_url("basic", f"call/add/{post.json()['event_id']}")).text
    assert "event: complete" in body, body
    assert json.loads(body.split("data:", 1)[1].split("\n", 1)[0]) == [5]


def test_auth_app_needs_login(gradio_server):
    base = gradio_server.url("auth")
    with httpx.Client(timeout=30) as client:
        assert client.get(base + "/config").status_code == 401
        assert client.get(gradio_server.api_url("auth", "info")).status_code == 401
        bad = client.post(base + "/login", data={"username": "user", "password": "wrong"})
        assert bad.status_code == 400
        login = client.post(base + "/login", data={"username": "user", "password": "pass"})
        assert login.status_code == 200 and login.json() == {"success": True}
        config = client.get(base + "/config")
        assert config.status_code == 200
        _check_config(config.json(), gradio_server)
        info = client.get(gradio_server.api_url("auth", "info")).json()
        assert set(info["named_endpoints"]) == {"/whoami"}


# --- the registry's rules for missing compat venvs (no server started) ---


def test_missing_compat_venv_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("GRADIO_TUI_COMPAT4", "/nonexistent/bin/python")
    with pytest.raises(pytest.skip.Exception, match="GRADIO_TUI_COMPAT4"):
        get_server(ServerPool(), "4")


def test_missing_compat_venv_fails_on_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GRADIO_TUI_COMPAT5", "/nonexistent/bin/python")
    with pytest.raises(pytest.fail.Exception, match="unavailable on CI"):
        get_server(ServerPool(), "5")
