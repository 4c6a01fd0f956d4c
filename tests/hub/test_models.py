"""Hub parsing and rules as pure functions: no server."""

from __future__ import annotations

import json

import httpx
import pytest

from gradio_tui.core.errors import SpaceNotRunning
from gradio_tui.core.hub import spaces as hub
from gradio_tui.core.hub.client import rate_limited, retry_after
from gradio_tui.core.hub.logs import parse_log_event
from gradio_tui.core.hub.models import (
    SEARCH_JSON_KEYS,
    SPACE_JSON_KEYS,
    Runtime,
    SpaceInfo,
    SpaceResult,
    subdomain_guess,
)
from gradio_tui.core.hub.search import parse_results, sort_results
from gradio_tui.core.net.auth import token_headers
from tests.support.hubstub import fixture_http, fixture_json, fixture_log_events


def test_semantic_fixture_parses_every_field():
    results = parse_results(fixture_json("semantic-search-flux.json"))
    assert [r.id for r in results] == ["ginipick/FLUXllama", "ginipick/Realtime-FLUX", "evalstate/flux1_schnell",
                                       "black-forest-labs/FLUX.1-schnell"]
    first = results[0]
    assert first.title == "FLUXllama" and first.emoji == "🦀🏆🦀" and first.likes == 378 and first.sdk == "gradio"
    assert first.stage == "RUNNING" and first.hardware == "zero-a10g" and first.zero_gpu is True
    assert first.category == "Image Generation"
    assert first.description == "mcp_server & FLUX 4-bit Quantization(just 8GB VRAM)"   # author's text first
    assert results[2].description == "Generate images from text prompts"                # else the AI's
    assert first.score == pytest.approx(0.9137691233545246)
    assert first.private is False
    assert first.host == "https://ginipick-fluxllama.hf.space"
    assert results[1].trending == 3.5
    assert list(first.to_json()) == list(SEARCH_JSON_KEYS)
    json.dumps([r.to_json() for r in results])


@pytest.mark.parametrize("item", [
    {"id": "a/b"},
    {"id": "a/b", "likes": "many", "runtime": "RUNNING", "private": "no", "semanticRelevancyScore": None},
    {"id": "a/b", "runtime": {"stage": "SOMETHING_NEW", "hardware": None, "domains": [None, {"x": 1}]},
     "brandNewField": {"deep": [1, 2]}, "trendingScore": "hot"},
    {"id": "a/b", "runtime": {"stage": "RUNNING", "hardware": {"current": None, "requested": "t4-small"}}},
])
def test_unknown_fields_values_and_stages_never_break_parsing(item):
    result = SpaceResult.from_json(item)
    assert result is not None and result.id == "a/b"
    assert result.likes is None or isinstance(result.likes, int)
    assert set(result.to_json()) == set(SEARCH_JSON_KEYS)


def test_items_without_id_and_non_objects_are_skipped():
    assert [r.id for r in parse_results([{"title": "x"}, "junk", 3, None, {"id": "a/b"}])] == ["a/b"]
    with pytest.raises(ValueError):
        parse_results("not a list")


def test_unknown_stage_is_kept_verbatim():
    result = SpaceResult.from_json({"id": "a/b", "runtime": {"stage": "QUANTUM_SUPERPOSITION"}})
    assert result.stage == "QUANTUM_SUPERPOSITION"
    assert not hub.stage_usable(result.stage)


def test_sorts_are_descending_with_unknowns_last():
    rs = [SpaceResult(id="a/1", likes=5, trending=1.0), SpaceResult(id="a/2", likes=None, trending=None),
          SpaceResult(id="a/3", likes=50, trending=0.5), SpaceResult(id="a/4", likes=7, trending=9.0)]
    assert [r.id for r in sort_results(rs, "relevance")] == ["a/1", "a/2", "a/3", "a/4"]
    assert [r.id for r in sort_results(rs, "likes")] == ["a/3", "a/4", "a/1", "a/2"]
    assert [r.id for r in sort_results(rs, "trending")] == ["a/4", "a/1", "a/3", "a/2"]


def test_space_info_fixture_and_runtime_fixtures():
    info = SpaceInfo.from_json(fixture_json("space-info.json"))
    assert info.to_json() == {"id": "abidlabs/en2fr", "host": "https://abidlabs-en2fr.hf.space", "sdk": "gradio",
                              "stage": "RUNNING", "hardware": "cpu-basic", "zero_gpu": False, "private": False,
                              "likes": 12, "sleep_time": 172800, "error_message": None}
    assert list(info.to_json()) == list(SPACE_JSON_KEYS)
    assert info.title == "En2fr" and info.emoji == "🌍" and info.sdk_version == "5.9.1"
    error = Runtime.from_json(fixture_json("runtime-error.json"))
    assert error.stage == "RUNTIME_ERROR" and error.hardware == "t4-small"
    assert error.error_message.startswith("Exit code: 1. Reason: ModuleNotFoundError")
    static = Runtime.from_json(fixture_json("runtime-static-running.json"))
    assert static.stage == "RUNNING" and static.hardware is None and static.host is None
    building = Runtime.from_json(fixture_json("runtime-building.json"))
    assert building.stage == "BUILDING" and building.host == "https://user-tmp-test-space.hf.space"
    assert Runtime.from_json(fixture_json("runtime-paused.json")).stage == "PAUSED"
    assert Runtime.from_json(fixture_json("runtime-sleeping.json")).stage == "SLEEPING"


def test_subdomain_guess():
    assert subdomain_guess("Black-Forest-Labs/FLUX.1_schnell") == "black-forest-labs-flux-1-schnell"


def test_stage_errors_carry_the_error_message_and_point_to_the_logs():
    err = hub.stage_error(SpaceInfo(id="o/n", stage="RUNTIME_ERROR", error_message="No module named 'torch'"))
    assert isinstance(err, SpaceNotRunning) and err.exit_code == 3
    assert err.stage == "RUNTIME_ERROR" and err.error_message == "No module named 'torch'"
    assert "No module named 'torch'" in str(err) and "gradio-tui logs o/n" in str(err)
    assert "--build" in str(hub.stage_error(SpaceInfo(id="o/n", stage="BUILD_ERROR")))
    paused = hub.stage_error(SpaceInfo(id="o/n", stage="PAUSED"))
    assert "paused" in str(paused) and "owner" in str(paused)
    odd = hub.stage_error(SpaceInfo(id="o/n", stage="WEIRD_NEW_STAGE"))
    assert "WEIRD_NEW_STAGE" in str(odd) and odd.stage == "WEIRD_NEW_STAGE"


def test_rate_limit_headers_from_the_recorded_429():
    status, headers, body = fixture_http("rate-limited.txt")
    response = httpx.Response(status, headers=headers, content=body.encode())
    assert retry_after(response) == 42
    err = rate_limited(response, token=None)
    assert err.retry_after == 42 and err.exit_code == 3
    assert "retry in 42 s" in str(err) and "500 requests per 300 s" in str(err)
    assert "anonymous" in str(err) and "HF_TOKEN" in str(err)
    assert "anonymous" not in str(rate_limited(response, token="hf_x"))
    only_ratelimit = httpx.Response(429, headers={"RateLimit": '"api";r=0;t=17'})
    assert retry_after(only_ratelimit) == 17
    assert retry_after(httpx.Response(429)) is None


def test_token_host_rule(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "https://huggingface.co")
    token = "hf_secret"
    assert token_headers("https://huggingface.co/api/spaces/a/b", token) == {"Authorization": f"Bearer {token}"}
    assert token_headers("https://owner-name.hf.space/config", token) == {"X-HF-Authorization": f"Bearer {token}"}
    for url in ("http://127.0.0.1:7860/", "https://abc123.gradio.live/", "https://example.com/app",
                "https://huggingface.co.evil.com/", "https://hf.space.evil.com/", "http://huggingface.co/api"):
        assert token_headers(url, token) == {}, url
    assert token_headers("https://huggingface.co/api", None) == {}
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9999")
    assert token_headers("http://127.0.0.1:9999/api/whoami-v2", token) == {"Authorization": f"Bearer {token}"}
    assert token_headers("http://127.0.0.1:9998/_app/x", token) == {}
    assert token_headers("https://huggingface.co/api", token) == {}


def test_log_events():
    lines = [parse_log_event(data) for data in fixture_log_events()]
    assert [line.text for line in lines if line] == [
        "===== Application Startup at 2026-08-20 10:00:00 =====",
        "* Running on local URL:  http://0.0.0.0:7860",
        "Traceback (most recent call last):"]
    assert lines[2] is None                       # keep-alive
    assert lines[0].timestamp == "2026-08-20T10:00:00.123Z"
    assert parse_log_event("plain text line\n").text == "plain text line"

