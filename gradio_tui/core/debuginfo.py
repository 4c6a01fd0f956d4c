"""Everything the debug view shows about a connected app (or a Space that will not start).

``gather_debug(session)`` collects the versions, the raw config and info, the endpoint ↔
fn_index map with visibility, the monitoring latencies, the queue status and, for a Space, its
stage, hardware, sleep time and the token's ZeroGPU quota. Every part fails soft: a part that
cannot be had says why (``reason`` / ``unavailable``) instead of raising, so a broken Space still
gets a debug view. ``gather_debug(space_id="owner/name")`` works without a session (a Space in
RUNTIME_ERROR cannot be connected to, but its stage and logs can be read).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from gradio_tui import __version__
from gradio_tui.core.coerce import as_int
from gradio_tui.core.errors import GradioTuiError
from gradio_tui.core.monitoring import (
    MonitoringSummary,
    QueueStatus,
    fetch_monitoring,
    fetch_queue_status,
    millis,
    percent,
)
from gradio_tui.core.report import scrub

NOT_CONNECTED = "not connected to the app"
FETCH_TIMEOUT_HUB = 15.0


@dataclass
class Versions:
    gradio: str
    protocol: str
    api_prefix: str
    gradio_tui: str = __version__


@dataclass
class EndpointRow:
    fn_index: int
    route: str
    visibility: str
    generator: bool = False
    queue: bool = True
    in_info: bool = False
    parameters: int = 0


@dataclass
class SpaceStatus:
    id: str
    stage: str | None = None
    hardware: str | None = None
    requested_hardware: str | None = None
    sleep_time: int | None = None       # seconds idle before it sleeps (runtime.gcTimeout)
    error_message: str | None = None
    zero_gpu: bool = False
    private: bool | None = None
    quota: Any = None                   # hub_account.ZeroGpuQuota, when a token is set
    quota_note: str | None = None       # why there is no quota
    unavailable: str | None = None      # why the Hub could not tell (the values may be as of connecting)


@dataclass
class DebugInfo:
    target: str
    root: str | None = None
    space_id: str | None = None
    versions: Versions | None = None
    config: dict[str, Any] | None = None
    info: dict[str, Any] | None = None
    endpoints: list[EndpointRow] = field(default_factory=list)
    monitoring: MonitoringSummary = field(default_factory=lambda: MonitoringSummary(False, reason=NOT_CONNECTED))
    queue: QueueStatus = field(default_factory=lambda: QueueStatus(False, reason=NOT_CONNECTED))
    space: SpaceStatus | None = None
    gathered_at: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.space is not None and self.space.quota is not None:
            data["space"]["quota"] = asdict(self.space.quota)
        return data


def endpoint_rows(schema: Any) -> list[EndpointRow]:
    return [EndpointRow(fn_index=e.fn_index, route=e.route, visibility=e.visibility, generator=e.generator,
                        queue=e.queue, in_info=e.in_info, parameters=len(e.parameters))
            for e in sorted(schema.endpoints, key=lambda e: e.fn_index)]


def sleep_words(seconds: int | None) -> str:
    if seconds is None:
        return "unknown (or never)"
    if seconds % 3600 == 0:
        return f"after {seconds // 3600} h idle"
    if seconds % 60 == 0:
        return f"after {seconds // 60} min idle"
    return f"after {seconds} s idle"


async def gather_space(space_id: str, *, client: httpx.AsyncClient, token: str | None,
                       known: Any = None) -> SpaceStatus:
    """The Space's stage, hardware and sleep time from the Hub (``known``: the SpaceInfo of
    connecting, used when the Hub does not answer now), and the ZeroGPU quota when a token is set."""
    from gradio_tui.core.hub import spaces as hub
    from gradio_tui.core.hub.account import zero_gpu_quota

    status = SpaceStatus(id=space_id)
    info = known
    try:
        info = await hub.space_info(space_id, client=client, token=token)
    except GradioTuiError as err:
        status.unavailable = str(err) + (" (values as of connecting)" if known is not None else "")
    except httpx.HTTPError as err:
        status.unavailable = f"cannot reach the Hub: {err}"
    if info is not None:
        for key in ("stage", "hardware", "requested_hardware", "sleep_time", "error_message", "zero_gpu", "private"):
            setattr(status, key, getattr(info, key, getattr(status, key)))
        status.sleep_time = as_int(status.sleep_time)   # a number from the wire: bounded or dropped
    if not token:
        status.quota_note = "set HF_TOKEN to see your ZeroGPU quota" if status.zero_gpu else "not a ZeroGPU Space"
    elif not status.zero_gpu:
        status.quota_note = "not a ZeroGPU Space"
    else:
        try:
            status.quota = await zero_gpu_quota(client=client, token=token)
        except GradioTuiError as err:
            status.quota_note = f"quota not available: {err}"
        except httpx.HTTPError as err:
            status.quota_note = f"quota not available: {err}"
    return status


async def gather_debug(session: Any = None, *, space_id: str | None = None, token: str | None = None,
                       client: httpx.AsyncClient | None = None) -> DebugInfo:
    """The debug picture of ``session`` (or of the Space ``space_id`` without one).

    ``token`` defaults to the session's (else ``HF_TOKEN`` and friends); ``client`` (for the Hub)
    defaults to the session's. Never raises for a part that cannot be had."""
    from gradio_tui.core.net.auth import find_token

    if token is None:
        token = session.token if session is not None else None
        token = token or find_token()
    target = getattr(session, "target", None)
    space_id = space_id or getattr(target, "space_id", None)
    own_client = None
    if client is None:
        if session is not None:
            client = session.client
        else:
            from gradio_tui.core.net.http import make_client

            client = own_client = make_client(FETCH_TIMEOUT_HUB)
    try:
        info = DebugInfo(target=target.display if target is not None else (space_id or "?"), space_id=space_id)
        tasks: dict[str, Any] = {}
        if session is not None:
            schema = session.schema
            info.root = schema.root
            info.versions = Versions(gradio=schema.version, protocol=schema.protocol, api_prefix=schema.api_prefix)
            info.config, info.info = schema.config, schema.info
            info.endpoints = endpoint_rows(schema)
            tasks["monitoring"] = fetch_monitoring(session.client, schema.root)
            tasks["queue"] = fetch_queue_status(session.client, schema.api_root)
        if space_id:
            tasks["space"] = gather_space(space_id, client=client, token=token,
                                          known=getattr(session, "space_info", None))
        results = await asyncio.gather(*tasks.values())
        for key, value in zip(tasks, results):
            setattr(info, key, value)
        return info
    finally:
        if own_client is not None:
            await own_client.aclose()



# --- a Markdown report of the situation (no call needed) ---------------------------------------

def render_debug_report(info: DebugInfo, logs: list[str] | None = None, *, log_lines: int = 40) -> str:
    """Target, versions, Space stage and error, latencies, queue and the run log's last lines:
    what to paste into a Space discussion when there is no failing call to show."""
    from gradio_tui.core.hub.spaces import describe_stage

    lines = [f"## gradio-tui debug report: `{info.target}`", ""]
    if info.root:
        lines.append(f"- **App**: {info.root}")
    if info.versions:
        v = info.versions
        lines.append(f"- **Versions**: Gradio {v.gradio}, protocol {v.protocol}, api_prefix "
                     f"`{v.api_prefix or '(none)'}`, gradio-tui {v.gradio_tui}")
    space = info.space
    if space is not None:
        stage = f"{space.stage} ({describe_stage(space.stage)})" if space.stage else "unknown"
        lines.append(f"- **Space stage**: {stage}" + (f" on {space.hardware}" if space.hardware else ""))
        lines.append(f"- **Sleeps**: {sleep_words(space.sleep_time)}")
        if space.error_message:
            lines.append(f"- **Error message**: {scrub(space.error_message)}")
        if space.unavailable:
            lines.append(f"- **Hub**: {scrub(space.unavailable)}")
    queue = info.queue
    lines.append(f"- **Queue**: {queue.waiting} waiting" if queue.available else f"- **Queue**: not available "
                 f"({queue.reason})")
    monitoring = info.monitoring
    if monitoring.available and monitoring.endpoints:
        lines += ["", "### Latencies (server side)", "", "| endpoint | requests | success | p50 | p90 | p99 |",
                  "|---|---:|---:|---:|---:|---:|"]
        for row in monitoring.endpoints:
            lines.append(f"| `{row.route}` | {row.total_requests if row.total_requests is not None else '–'} | "
                         f"{percent(row.success_rate)} | {millis(row.p50)} | {millis(row.p90)} | {millis(row.p99)} |")
    elif not monitoring.available:
        lines.append(f"- **Monitoring**: not available ({monitoring.reason})")
    if logs:
        tail = [str(scrub(line)) for line in logs[-log_lines:]]
        lines += ["", f"### Run log (last {len(tail)} lines)", "", "```text", *tail, "```"]
    lines.append("")
    return "\n".join(lines)
