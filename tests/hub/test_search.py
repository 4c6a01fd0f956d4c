"""Space search against the Hub stand-in: semantic, keyword, fallback, sort, limit."""

from __future__ import annotations

import httpx
import pytest

from gradio_tui.core.errors import RateLimited, UsageError
from gradio_tui.core.hub import spaces as core_hub
from gradio_tui.core.hub.client import HubUnreachable


@pytest.fixture
async def client():
    async with httpx.AsyncClient(timeout=10) as c:
        yield c


async def test_semantic_search_sends_the_documented_params(hub, client):
    out = await core_hub.search_spaces("image generation", client=client, filters=["mcp-server"],
                                  include_non_running=True)
    assert out.mode == "semantic" and out.fallback_reason is None
    assert [r.id for r in out] == ["ginipick/FLUXllama", "ginipick/Realtime-FLUX", "evalstate/flux1_schnell",
                                   "black-forest-labs/FLUX.1-schnell"]      # the Hub's order: best first
    query = hub.requests_to("/api/spaces/semantic-search")[0].query
    assert query == {"q": ["image generation"], "sdk": ["gradio"], "filter": ["mcp-server"],
                     "includeNonRunning": ["true"]}


async def test_long_queries_are_cut_and_running_only_is_the_default(hub, client):
    await core_hub.search_spaces("x" * 600, client=client)
    query = hub.requests_to("/api/spaces/semantic-search")[0].query
    assert len(query["q"][0]) == 250 and "includeNonRunning" not in query


@pytest.mark.parametrize("sort, expected", [
    ("likes", ["black-forest-labs/FLUX.1-schnell", "ginipick/FLUXllama"]),
    ("trending", ["black-forest-labs/FLUX.1-schnell", "ginipick/FLUXllama"]),
    ("relevance", ["ginipick/FLUXllama", "ginipick/Realtime-FLUX"]),
])
async def test_sort_then_limit_on_our_side(hub, client, sort, expected):
    out = await core_hub.search_spaces("flux", client=client, sort=sort, limit=2)
    assert [r.id for r in out] == expected
    assert "limit" not in hub.requests_to("/api/spaces/semantic-search")[0].query


@pytest.mark.parametrize("failure", [(500, {"error": "semantic index down"}), (200, {"unexpected": "shape"}),
                                     (400, {"error": "bad query"})])
async def test_semantic_failure_falls_back_to_keyword(hub, client, failure):
    hub.add_space("acme/flux-echo", likes=2)
    hub.semantic = failure
    out = await core_hub.search_spaces("flux", client=client, limit=10)
    assert out.mode == "keyword" and "semantic search failed" in out.fallback_reason
    assert "acme/flux-echo" in [r.id for r in out]
    assert hub.requests_to("/api/spaces")[-1].path == "/api/spaces"


async def test_a_hub_that_is_gone_falls_back_and_then_raises(hub, client):
    hub.semantic = (500, {"error": "x"})
    hub.fail("/api/spaces", 503, times=None)
    with pytest.raises(HubUnreachable):
        await core_hub.search_spaces("flux", client=client)


async def test_keyword_mode_lists_ids_with_expand_and_server_sort(hub, client):
    hub.add_space("acme/tts-fast", likes=10, trending=1.0, description="speaks", stages=["SLEEPING"])
    hub.add_space("acme/tts-broken", likes=99, stages=["RUNTIME_ERROR"])
    hub.add_space("acme/other", likes=50)
    out = await core_hub.search_spaces("tts", client=client, keyword=True, sort="likes", limit=5)
    assert out.mode == "keyword" and out.fallback_reason is None
    assert [r.id for r in out] == ["acme/tts-fast"]            # broken Spaces dropped unless asked for
    first = out.results[0]
    assert first.description == "speaks" and first.stage == "SLEEPING" and first.score is None
    assert first.host == "https://acme-tts-fast.hf.space"
    query = hub.requests_to("/api/spaces")[0].query
    assert query["search"] == ["tts"] and query["filter"] == ["gradio"] and query["sort"] == ["likes"]
    assert set(query["expand"]) >= {"sdk", "likes", "runtime", "subdomain", "cardData", "private"}
    assert not hub.requests_to("/api/spaces/semantic-search")
    out = await core_hub.search_spaces("tts", client=client, keyword=True, include_non_running=True, sort="likes")
    assert [r.id for r in out] == ["acme/tts-broken", "acme/tts-fast"]


async def test_429_is_not_a_reason_to_fall_back(hub, client):
    hub.rate_limit("/api/spaces/semantic-search")
    with pytest.raises(RateLimited) as err:
        await core_hub.search_spaces("flux", client=client)
    assert err.value.retry_after == 42
    assert [r.path for r in hub.requests] == ["/api/spaces/semantic-search"]


async def test_token_goes_to_search_as_authorization(hub, client, hub_token):
    await core_hub.search_spaces("flux", client=client, token=hub_token)
    assert hub.requests[0].headers["authorization"] == f"Bearer {hub_token}"


async def test_bad_options(hub, client):
    with pytest.raises(UsageError):
        await core_hub.search_spaces("x", client=client, sort="stars")
    with pytest.raises(UsageError):
        await core_hub.search_spaces("x", client=client, limit=0)
