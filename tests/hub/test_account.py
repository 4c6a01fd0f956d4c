"""The token's user against the Hub stand-in: whoami, ZeroGPU quota, duplicating a Space."""

from __future__ import annotations

import httpx
import pytest

from gradio_tui.core.errors import AuthRequired, SpaceNotFound, UsageError
from gradio_tui.core.hub import spaces as core_hub


@pytest.fixture
async def client():
    async with httpx.AsyncClient(timeout=10) as c:
        yield c


async def test_whoami_and_quota(hub, client, hub_token):
    assert await core_hub.whoami(client=client, token=hub_token) == "ada"
    quota = await core_hub.zero_gpu_quota(client=client, token=hub_token)
    assert (quota.base, quota.current, quota.resets_at, quota.overquota_used) == (2400, 2400, None, 0)
    assert quota.describe() == "ZeroGPU quota: 2400 s of 2400 s GPU time"
    for r in hub.requests:
        assert r.headers["authorization"] == f"Bearer {hub_token}"


async def test_no_token_no_quota_and_no_whoami(hub, client):
    assert await core_hub.zero_gpu_quota(client=client, token=None) is None
    with pytest.raises(AuthRequired):
        await core_hub.whoami(client=client, token=None)
    assert hub.requests == []


async def test_duplicate_a_cpu_space_privately(hub, client, hub_token):
    hub.add_space("abidlabs/en2fr", hardware="cpu-basic")
    plan = await core_hub.plan_duplicate("abidlabs/en2fr", client=client, token=hub_token)
    assert plan.target == "ada/en2fr" and plan.private and plan.hardware == "cpu-basic"
    assert not plan.needs_confirmation
    result = await core_hub.duplicate_space(plan, client=client, token=hub_token)
    assert result.created and result.id == "ada/en2fr"
    body = hub.requests_to("/api/spaces/abidlabs/en2fr/duplicate")[0].json
    assert body == {"repository": "ada/en2fr", "visibility": "private"}
    assert hub.spaces["ada/en2fr"].private is True


async def test_an_existing_duplicate_is_reused(hub, client, hub_token):
    hub.add_space("abidlabs/en2fr")
    hub.add_space("ada/en2fr")
    plan = await core_hub.plan_duplicate("abidlabs/en2fr", client=client, token=hub_token)
    result = await core_hub.duplicate_space(plan, client=client, token=hub_token)
    assert result.created is False and result.id == "ada/en2fr"
    assert result.url.endswith("/spaces/ada/en2fr")


async def test_gpu_hardware_needs_confirmation(hub, client, hub_token):
    hub.add_space("big/model", hardware="a10g-large")
    plan = await core_hub.plan_duplicate("big/model", client=client, token=hub_token, to="team/copy",
                                         private=False)
    assert plan.target == "team/copy" and not plan.private
    assert plan.needs_confirmation and "a10g-large" in plan.warning and "bills your account" in plan.warning
    cheap = await core_hub.plan_duplicate("big/model", client=client, token=hub_token, hardware="cpu-basic")
    assert not cheap.needs_confirmation
    await core_hub.duplicate_space(cheap, client=client, token=hub_token)
    body = hub.requests_to("/api/spaces/big/model/duplicate")[-1].json
    assert body == {"repository": "ada/model", "visibility": "private", "hardware": "cpu-basic"}
    hub.add_space("zero/gpu", hardware="zero-a10g")
    zero = await core_hub.plan_duplicate("zero/gpu", client=client, token=hub_token)
    assert zero.needs_confirmation and "ZeroGPU" in zero.warning


async def test_duplicate_errors(hub, client, hub_token):
    with pytest.raises(AuthRequired):
        await core_hub.plan_duplicate("abidlabs/en2fr", client=client, token=None)
    with pytest.raises(SpaceNotFound):
        await core_hub.plan_duplicate("abidlabs/missing", client=client, token=hub_token)
    hub.add_space("ada/mine")
    with pytest.raises(UsageError):
        await core_hub.plan_duplicate("ada/mine", client=client, token=hub_token)
