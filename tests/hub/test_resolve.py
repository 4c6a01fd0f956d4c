"""Space resolution and stage handling against the Hub stand-in (real HTTP, offline)."""

from __future__ import annotations

import httpx
import pytest

from gradio_tui.core.errors import RateLimited, SpaceNotFound, SpaceNotRunning, TimeoutError_
from gradio_tui.core.hub import spaces as hub
from gradio_tui.core.net.target import parse_target
from gradio_tui.core.protocol.events import StageEvent


@pytest.fixture
async def client():
    async with httpx.AsyncClient(timeout=10) as c:
        yield c


async def resolve(src, client, *, token=None, wait=30.0, events=None):
    return await hub.resolve_app(parse_target(src), client=client, token=token, wait=wait,
                                 on_stage=events.append if events is not None else None)


async def test_space_id_resolves_to_its_host(hub, client):
    space = hub.add_space("acme/echo", likes=3)
    target, info = await resolve("acme/echo", client)
    assert target.url == space.host and not target.url.endswith("/")
    assert target.space_id == "acme/echo"
    assert info.id == "acme/echo" and info.stage == "RUNNING" and info.hardware == "cpu-basic" and info.likes == 3


async def test_page_url_resolves_like_the_id(hub, client):
    space = hub.add_space("acme/echo")
    target, info = await resolve(f"{hub.url}/spaces/acme/echo", client)
    assert target.url == space.host and info.id == "acme/echo"
    target, _ = await resolve("https://huggingface.co/spaces/acme/echo", client)
    assert target.url == space.host


async def test_hf_space_url_finds_its_space_by_subdomain(hub, client):
    hub.add_space("acme/echo", stages=["RUNNING"])
    target, info = await resolve("https://acme-echo.hf.space", client)
    assert target.url == "https://acme-echo.hf.space"          # the URL the user gave stays
    assert target.space_id == "acme/echo" and info.stage == "RUNNING"
    assert hub.requests_to("/api/spaces/by-subdomain/acme-echo")


async def test_hf_space_url_unknown_to_the_hub_is_not_fatal(hub, client):
    target, info = await resolve("https://nobody-here.hf.space/", client)
    assert target.url == "https://nobody-here.hf.space" and info is None
    hub.fail("/api/spaces/by-subdomain/", 500, times=None)
    target, info = await resolve("https://other-one.hf.space", client)
    assert info is None


async def test_hf_space_url_of_a_paused_space_raises(hub, client):
    hub.add_space("acme/sleeper", stages=["PAUSED"])
    with pytest.raises(SpaceNotRunning):
        await resolve("https://acme-sleeper.hf.space", client)


async def test_other_urls_pass_through_without_the_hub(hub, client):
    target, info = await resolve("http://127.0.0.1:1/app", client)
    assert target.url == "http://127.0.0.1:1/app" and info is None
    assert hub.requests == []


async def test_host_endpoint_when_info_fails(hub, client):
    space = hub.add_space("acme/echo")
    hub.fail("/api/spaces/acme/echo", 503, times=1)
    target, info = await resolve("acme/echo", client)
    assert target.url == space.host
    assert [r.path for r in hub.hub_requests()][:2] == ["/api/spaces/acme/echo", "/api/spaces/acme/echo/host"]


async def test_subdomain_guess_when_the_hub_is_down(hub, client, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")        # nothing listens on port 9
    target, info = await resolve("Acme/My_Space.v2", client)
    assert target.url == "https://acme-my-space-v2.hf.space"
    assert info.stage is None


async def test_resolutions_are_cached_per_process(hub, client):
    hub.add_space("acme/echo")
    first, _ = await resolve("acme/echo", client)
    count = len(hub.requests)
    second, _ = await resolve("acme/echo", client)
    assert second.url == first.url and len(hub.requests) == count
    hub.reset()                      # the stand-in forgets the Space; the core's cache still knows it
    third, _ = await resolve("acme/echo", client)
    assert third.url == first.url and hub.requests == []


async def test_missing_or_private_space(hub, client, hub_token):
    hub.add_space("acme/secret", private=True)
    with pytest.raises(SpaceNotFound) as err:
        await resolve("acme/nope", client)
    assert "not found, or private: set HF_TOKEN" in str(err.value) and err.value.exit_code == 3
    with pytest.raises(SpaceNotFound):
        await resolve("acme/secret", client)                        # 401 + RepoNotFound without a token
    target, info = await resolve("acme/secret", client, token=hub_token)
    assert info.private is True and target.url.endswith("/_app/acme-secret")


async def test_building_then_running_reports_stages(hub, client):
    space = hub.add_space("acme/build", stages=["BUILDING", "BUILDING", "APP_STARTING", "RUNNING"])
    events: list[StageEvent] = []
    target, info = await resolve("acme/build", client, events=events)
    assert [e.stage for e in events] == ["BUILDING", "BUILDING", "APP_STARTING", "RUNNING"]
    assert all(isinstance(e, StageEvent) for e in events)
    assert [e.elapsed for e in events] == sorted(e.elapsed for e in events) and events[-1].elapsed > 0
    assert events[0].to_json()["type"] == "stage"
    assert info.stage == "RUNNING" and target.url == space.host
    assert space.wake_requests == 0


async def test_running_space_reports_no_stage(hub, client):
    hub.add_space("acme/up", stages=["RUNNING_BUILDING"])
    events: list[StageEvent] = []
    await resolve("acme/up", client, events=events)
    assert events == []


async def test_sleeping_space_is_woken_by_a_request_to_its_host(hub, client):
    space = hub.add_space("acme/sleepy", stages=["SLEEPING", "APP_STARTING", "RUNNING"])
    events: list[StageEvent] = []
    target, info = await resolve("acme/sleepy", client, events=events)
    assert space.wake_requests == 1
    assert hub.requests_to("/_app/acme-sleepy/", port=hub.app_port)
    assert [e.stage for e in events] == ["SLEEPING", "APP_STARTING", "RUNNING"]
    assert info.stage == "RUNNING"


async def test_a_space_that_does_not_wake_in_time_times_out(hub, client):
    hub.add_space("acme/slow", stages=["BUILDING"])
    events: list[StageEvent] = []
    with pytest.raises(TimeoutError_) as err:
        await resolve("acme/slow", client, wait=0.3, events=events)
    assert err.value.exit_code == 4
    assert "did not start within 0.3 s" in str(err.value) and "building" in str(err.value)
    assert len(events) >= 2 and all(e.stage == "BUILDING" for e in events)


@pytest.mark.parametrize("stage, error_message, expected", [
    ("PAUSED", None, "is paused: only its owner can restart it"),
    ("RUNTIME_ERROR", "Exit code: 1. Reason: ModuleNotFoundError: No module named 'torch'",
     "crashed (RUNTIME_ERROR): Exit code: 1. Reason: ModuleNotFoundError: No module named 'torch'"),
    ("BUILD_ERROR", "pip failed", "failed to build: pip failed"),
    ("NO_APP_FILE", None, "has no app file"),
    ("DELETING", None, "is being deleted"),
    ("SOMETHING_NEW", None, "is in stage SOMETHING_NEW"),
])
async def test_unusable_stages(hub, client, stage, error_message, expected):
    hub.add_space("acme/bad", stages=[stage], error_message=error_message)
    with pytest.raises(SpaceNotRunning) as err:
        await resolve("acme/bad", client)
    assert expected in str(err.value)
    assert "gradio-tui logs acme/bad" in str(err.value)
    assert err.value.stage == stage and err.value.error_message == error_message and err.value.exit_code == 3


async def test_a_build_that_fails_while_waiting(hub, client):
    hub.add_space("acme/flaky", stages=["BUILDING", "BUILD_ERROR"], error_message="No such file: requirements.txt")
    events: list[StageEvent] = []
    with pytest.raises(SpaceNotRunning) as err:
        await resolve("acme/flaky", client, events=events)
    assert "requirements.txt" in str(err.value) and [e.stage for e in events] == ["BUILDING"]


async def test_429_says_when_to_retry(hub, client):
    hub.add_space("acme/echo")
    hub.rate_limit("/api/spaces/acme/echo")
    with pytest.raises(RateLimited) as err:
        await resolve("acme/echo", client)
    assert err.value.retry_after == 42 and err.value.exit_code == 3
    assert "retry in 42 s" in str(err.value) and "set HF_TOKEN" in str(err.value)


async def test_transient_errors_while_polling_are_survived(hub, client):
    hub.add_space("acme/build", stages=["BUILDING", "BUILDING", "RUNNING"])
    hub.fail("/api/spaces/acme/build/runtime", 502, times=2)
    _, info = await resolve("acme/build", client)
    assert info.stage == "RUNNING"


async def test_the_token_goes_to_the_hub_as_authorization_and_nowhere_else(hub, client, hub_token):
    hub.add_space("acme/sleepy", stages=["SLEEPING", "RUNNING"])
    await resolve("acme/sleepy", client, token=hub_token)
    hub_reqs, app_reqs = hub.hub_requests(), hub.app_requests()
    assert hub_reqs and app_reqs                                # the wake-up went to the app host
    for r in hub_reqs:
        assert r.headers.get("authorization") == f"Bearer {hub_token}", r.path
        assert "x-hf-authorization" not in r.headers
    for r in app_reqs:
        assert "authorization" not in r.headers and "x-hf-authorization" not in r.headers, r.path
        assert hub_token not in repr(r.headers)


async def test_a_short_429_is_waited_out_and_retried(hub, client):
    space = hub.add_space("acme/echo")
    hub.fail("/api/spaces/acme/echo", 429, times=1, headers={"Retry-After": "0"})
    target, _ = await resolve("acme/echo", client)
    assert target.url == space.host
    assert [r.path for r in hub.requests][:2] == ["/api/spaces/acme/echo", "/api/spaces/acme/echo"]
