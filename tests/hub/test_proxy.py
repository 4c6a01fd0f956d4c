"""End to end through the Hub stand-in: a Space id → the stand-in's proxy → a real Gradio app.

No network: ``HF_ENDPOINT`` is the stand-in, whose Spaces' hosts reverse-proxy to the test
servers of tests/support/fixtures_servers.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

import httpx

from gradio_tui.core.protocol.events import CompleteEvent, StageEvent
from gradio_tui.core.session import Session


async def test_proxy_serves_config_with_its_own_root(hub, gradio_server):
    space = hub.add_space("acme/basic", upstream=gradio_server.url("basic"))
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(f"{space.host}/config")
    assert response.status_code == 200
    config = response.json()
    assert config["root"].rstrip("/") == space.host          # gradio's own URL rewritten to the proxy's
    assert config["version"].split(".")[0] == gradio_server.version
    assert gradio_server.base_url not in response.text


async def test_call_a_sleeping_space_by_id(hub, gradio_server):
    space = hub.add_space("acme/basic", upstream=gradio_server.url("basic"),
                          stages=["SLEEPING", "APP_STARTING", "RUNNING"])
    stages: list[StageEvent] = []
    async with await Session.connect("acme/basic", timeout=30, wait=30, on_stage=stages.append) as session:
        assert session.target.url == space.host and session.target.space_id == "acme/basic"
        assert session.schema.root.rstrip("/") == space.host
        assert await session.submit("/echo", ["héllo \"quoted\""]).result() == ["héllo \"quoted\""]
        assert await session.submit("/add", [2, 3]).result() == [5]
    assert space.wake_requests == 1
    assert [e.stage for e in stages] == ["SLEEPING", "APP_STARTING", "RUNNING"]
    assert hub.requests_to("/_app/acme-basic/", port=hub.app_port)


async def test_file_outputs_point_through_the_proxy(hub, gradio6, tmp_path):
    space = hub.add_space("acme/files", upstream=gradio6.url("files"))
    async with await Session.connect("acme/files", timeout=30) as session:
        events = [e async for e in session.submit("/make_file", ["through the proxy"])]
        done = events[-1]
        assert isinstance(done, CompleteEvent), events
        filedata = done.data[0]
        assert filedata["url"].startswith(space.host + "/"), filedata
        saved = await session.download(filedata, tmp_path)
    assert "through the proxy" in saved.read_text()


async def test_token_never_reaches_the_app_host(hub, gradio6, hub_token, monkeypatch):
    """The token from the environment goes to the Hub only: the stand-in's app host is not *.hf.space.

    (An explicit ``token=`` is the user's word that the app may see it: ``Session`` then sends it
    as X-HF-Authorization to the resolved host too; see auth.token_headers(explicit_for_app).)
    """
    monkeypatch.setenv("HF_TOKEN", hub_token)
    hub.add_space("acme/basic", upstream=gradio6.url("basic"), stages=["SLEEPING", "RUNNING"])
    async with await Session.connect("acme/basic", timeout=30) as session:
        assert await session.submit("/echo", ["x"]).result() == ["x"]
    assert hub.app_requests() and hub.hub_requests()
    for r in hub.hub_requests():
        assert r.headers.get("authorization") == f"Bearer {hub_token}", r.path
    for r in hub.app_requests():
        assert hub_token not in json.dumps(r.headers), r.path


def test_cli_call_by_space_id_end_to_end(hub, gradio6):
    hub.add_space("acme/basic", upstream=gradio6.url("basic"), stages=["BUILDING", "RUNNING"])
    proc = subprocess.run([sys.executable, "-m", "gradio_tui", "call", "acme/basic", "/echo", '["hi"]', "--json"],
                          env=hub.env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [e["stage"] for e in events if e["type"] == "stage"] == ["BUILDING", "RUNNING"]
    assert events[-1]["type"] == "complete" and events[-1]["data"] == ["hi"]


def test_cli_call_paused_space_exit_3(hub):
    hub.add_space("acme/basic", stages=["PAUSED"])
    proc = subprocess.run([sys.executable, "-m", "gradio_tui", "call", "acme/basic", "/echo", '["hi"]'],
                          env=hub.env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert "paused" in proc.stderr and "gradio-tui logs acme/basic" in proc.stderr
