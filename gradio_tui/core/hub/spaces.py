"""The Hugging Face Hub: find a Space's app, wait for it to be up, and the rest of the Hub face.

``resolve_app(target)`` is what ``Session.connect`` calls for a Space id or a ``*.hf.space`` URL:
Space info (``/api/spaces/{id}``, then the lighter ``/host``, then the derived-subdomain guess
when the Hub cannot be reached), then the stage: usable → go; building → poll; asleep → one
request to the app to wake it, then poll; paused or broken → ``SpaceNotRunning`` pointing to the
logs. Resolutions are cached per process.

One Space's facts (info, runtime, host, the Space behind a subdomain) live in ``hub_spaces``;
search, logs and the account pieces (quota, duplicate) in ``hub_search``, ``hub_logs`` and
``hub_account``; their public names are re-exported here. The Hub's base URL is ``HF_ENDPOINT``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import replace

import httpx

from gradio_tui.core.errors import ConnectError, RateLimited, SpaceNotRunning, TargetError, TimeoutError_
from gradio_tui.core.hub.account import (
    DuplicatePlan,
    DuplicateResult,
    ZeroGpuQuota,
    duplicate_space,
    plan_duplicate,
    whoami,
    zero_gpu_quota,
)
from gradio_tui.core.hub.client import HubUnreachable
from gradio_tui.core.hub.info import space_by_subdomain, space_host, space_info, space_runtime
from gradio_tui.core.hub.logs import LogLine, stream_logs
from gradio_tui.core.hub.models import (
    BROKEN_STAGES,
    RUNNING_STAGES,
    SLEEP_STAGES,
    WAIT_STAGES,
    Runtime,
    SpaceInfo,
    SpaceResult,
    is_paid_hardware,
    is_zero_gpu,
    stage_usable,
    subdomain_guess,
    subdomain_of,
)
from gradio_tui.core.hub.search import SORTS, SearchResults, search_spaces
from gradio_tui.core.net.auth import token_headers
from gradio_tui.core.net.bodies import fetch
from gradio_tui.core.net.target import AppTarget, hub_endpoint, is_hf_space_host
from gradio_tui.core.protocol.events import StageEvent

DEFAULT_POLL = 2.0          # seconds between runtime polls (gradio_client polls every 2 s too)
WAKE_AGAIN_AFTER = 20.0     # still asleep this long after a wake request: send another
WAKE_TIMEOUT = 10.0
WAKE_ANSWER = 64 * 1024     # bytes of the wake-up answer read (it is ignored)

_CACHE: dict[tuple[str, str], tuple[str, SpaceInfo | None]] = {}

StageCallback = Callable[[StageEvent], None]


def poll_interval() -> float:
    """Seconds between runtime polls; ``GRADIO_TUI_HUB_POLL`` overrides (the tests make it short)."""
    try:
        return max(0.01, float(os.environ.get("GRADIO_TUI_HUB_POLL", DEFAULT_POLL)))
    except ValueError:
        return DEFAULT_POLL


def clear_cache() -> None:
    _CACHE.clear()


async def _locate(space_id: str, client: httpx.AsyncClient, token: str | None) -> SpaceInfo:
    """Info → ``/host`` → the derived subdomain, in that order; not-found and 429 are final."""
    try:
        info = await space_info(space_id, client=client, token=token)
        if info.host:
            return info
    except HubUnreachable:
        info = SpaceInfo(id=space_id)
    try:
        info.host = await space_host(space_id, client=client, token=token)
    except HubUnreachable:
        pass
    if not info.host:
        info.host = f"https://{subdomain_guess(space_id)}.hf.space"
    return info


# --- stages ------------------------------------------------------------------------------------------

STAGE_WORDS = {
    "BUILDING": "building", "APP_STARTING": "starting", "SLEEPING": "asleep, waking it up",
    "STOPPED": "stopped, waking it up", "RUNNING": "running", "RUNNING_BUILDING": "running (rebuilding)",
    "RUNNING_APP_STARTING": "running (restarting)", "PAUSED": "paused", "BUILD_ERROR": "build failed",
    "RUNTIME_ERROR": "crashed", "CONFIG_ERROR": "misconfigured", "NO_APP_FILE": "has no app file",
    "DELETING": "being deleted",
}


def describe_stage(stage: str | None) -> str:
    if not stage:
        return "unknown"
    return STAGE_WORDS.get(stage, stage)


def stage_error(info: SpaceInfo) -> SpaceNotRunning:
    """The error for a Space that cannot serve calls, carrying its ``errorMessage``."""
    sid, stage, detail = info.id, info.stage or "?", info.error_message
    logs = f"see `gradio-tui logs {sid}{' --build' if stage == 'BUILD_ERROR' else ''}`"
    messages = {
        "PAUSED": f"Space {sid} is paused: only its owner can restart it",
        "BUILD_ERROR": f"Space {sid} failed to build",
        "RUNTIME_ERROR": f"Space {sid} crashed (RUNTIME_ERROR)",
        "CONFIG_ERROR": f"Space {sid} has a configuration error",
        "NO_APP_FILE": f"Space {sid} has no app file",
        "DELETING": f"Space {sid} is being deleted",
    }
    message = messages.get(stage, f"Space {sid} is in stage {stage}, which cannot serve calls")
    if detail:
        message += f": {detail}"
    hint = f"its owner can restart it on https://huggingface.co/spaces/{sid}; {logs}" if stage == "PAUSED" else logs
    return SpaceNotRunning(message, stage=stage, error_message=detail, hint=hint)


async def _wake(url: str, client: httpx.AsyncClient, token: str | None) -> None:
    """One request to the app host: the Spaces proxy starts a sleeping Space on any request."""
    try:                                       # its answer is ignored: a bomb or a trickle is cut short
        await fetch(client, "GET", url.rstrip("/") + "/", limit=WAKE_ANSWER, deadline=WAKE_TIMEOUT,
                    headers=token_headers(url, token), timeout=WAKE_TIMEOUT, follow_redirects=True)
    except (httpx.HTTPError, httpx.InvalidURL, ConnectError, asyncio.CancelledError):
        pass


async def wait_until_running(info: SpaceInfo, *, client: httpx.AsyncClient, token: str | None,
                             wait: float = 300.0, on_stage: StageCallback | None = None,
                             wake_url: str | None = None) -> SpaceInfo:
    """Return once ``info.stage`` is usable (``info`` is updated); raise if it cannot be."""
    if info.stage is None or info.stage in RUNNING_STAGES:
        return info
    start = time.monotonic()
    deadline = start + max(0.0, wait)
    wakes: list[asyncio.Task[None]] = []
    last_wake: float | None = None
    wake_url = wake_url or info.host

    def emit(stage: str) -> None:
        if on_stage is not None:
            on_stage(StageEvent(stage=stage, elapsed=round(time.monotonic() - start, 3)))

    try:
        while True:
            stage = info.stage or ""
            if stage in RUNNING_STAGES:
                emit(stage)
                return info
            if stage in BROKEN_STAGES or (stage not in WAIT_STAGES and stage not in SLEEP_STAGES):
                raise stage_error(info)
            emit(stage)
            now = time.monotonic()
            if stage in SLEEP_STAGES and wake_url and (last_wake is None or now - last_wake >= WAKE_AGAIN_AFTER):
                wakes.append(asyncio.create_task(_wake(wake_url, client, token)))
                last_wake = now
            if now >= deadline:
                raise TimeoutError_(f"Space {info.id} did not start within {wait:g} s (still {describe_stage(stage)})",
                                    hint="raise --wait, or try again later")
            await asyncio.sleep(min(poll_interval(), deadline - now))
            try:
                runtime = await space_runtime(info.id, client=client, token=token)
            except RateLimited as err:
                if err.retry_after is not None and time.monotonic() + err.retry_after > deadline:
                    raise
                await asyncio.sleep(err.retry_after or poll_interval())
                continue
            except HubUnreachable:
                continue
            if runtime.stage:
                info.apply_runtime(runtime)
    finally:
        for task in wakes:
            if not task.done():
                task.cancel()


# --- the entry point of the core -------------------------------------------------------------------

async def resolve_app(target: AppTarget, *, client: httpx.AsyncClient, token: str | None,
                      wait: float = 300.0, on_stage: StageCallback | None = None,
                      ) -> tuple[AppTarget, SpaceInfo | None]:
    """A target naming a Space → the target with ``url`` set to the running app's host."""
    if target.url and not is_hf_space_host(target.url):
        return target, None
    if not target.url:
        if not target.space_id:
            return target, None
        key = (hub_endpoint(), target.space_id)
        if key in _CACHE:
            url, info = _CACHE[key]
            return replace(target, url=url), info
        info = await _locate(target.space_id, client, token)
        await wait_until_running(info, client=client, token=token, wait=wait, on_stage=on_stage)
        url = (info.host or "").rstrip("/")
        _CACHE[key] = (url, info)
        return replace(target, url=url), info

    # A *.hf.space URL: find its Space (best effort), then check the stage the same way.
    key = (hub_endpoint(), target.url)
    if key in _CACHE:
        _, info = _CACHE[key]
        return (replace(target, space_id=info.id) if info and not target.space_id else target), info
    info = None
    try:
        if target.space_id:
            info = await space_info(target.space_id, client=client, token=token)
        else:
            info = await space_by_subdomain(subdomain_of(target.url), client=client, token=token)
            if info is not None and info.stage is None:
                info = await space_info(info.id, client=client, token=token)
    except TargetError:          # not found, private, rate-limited, Hub down: use the URL as given
        info = None
    if info is None:
        return target, None
    await wait_until_running(info, client=client, token=token, wait=wait, on_stage=on_stage,
                             wake_url=info.host or target.url)
    _CACHE[key] = (target.url, info)
    return (replace(target, space_id=info.id) if not target.space_id else target), info


__all__ = [
    "SORTS",
    "DuplicatePlan",
    "DuplicateResult",
    "HubUnreachable",
    "LogLine",
    "Runtime",
    "SearchResults",
    "SpaceInfo",
    "SpaceResult",
    "ZeroGpuQuota",
    "clear_cache",
    "describe_stage",
    "duplicate_space",
    "is_paid_hardware",
    "is_zero_gpu",
    "plan_duplicate",
    "poll_interval",
    "resolve_app",
    "search_spaces",
    "space_by_subdomain",
    "space_host",
    "space_info",
    "space_runtime",
    "stage_error",
    "stage_usable",
    "stream_logs",
    "wait_until_running",
    "whoami",
    "zero_gpu_quota",
]
