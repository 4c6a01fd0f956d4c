"""What the app says about its own load: ``/monitoring/summary`` and ``{P}/queue/status``.

``GET ROOT/monitoring/summary`` (at the app root, no prefix; 5.x and 6.x) gives per-endpoint
latency percentiles and success rates. Gradio 4.x guards it with the app's monitoring key and
answers 401/403 (``{"detail":"Invalid key."}`` or ``"Monitoring is not enabled."``): that is
"not available", never an error. ``GET ROOT{P}/queue/status`` gives the number of jobs waiting
now (running ones are not counted). Both fail soft: the value says why it is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from gradio_tui.core.coerce import as_float, as_int
from gradio_tui.core.errors import ConnectError
from gradio_tui.core.net.bodies import fetch
from gradio_tui.core.wirejson import loads

FETCH_TIMEOUT = 10.0
MONITORING_ANSWER = 8 * 1024 * 1024     # bytes of a /monitoring/summary or /queue/status answer


@dataclass
class EndpointLatency:
    """One row of ``/monitoring/summary``: seconds, as the server measured them."""

    name: str                           # the summary's key: the api_name without "/"
    total_requests: int | None = None
    success_rate: float | None = None   # 0..1
    p50: float | None = None            # null when nothing succeeded
    p90: float | None = None
    p99: float | None = None

    @property
    def route(self) -> str:
        return self.name if self.name.startswith(("/", "fn:")) else f"/{self.name}"


@dataclass
class MonitoringSummary:
    available: bool
    endpoints: list[EndpointLatency] = field(default_factory=list)
    reason: str | None = None           # why it is not available

    def get(self, route: str) -> EndpointLatency | None:
        return next((e for e in self.endpoints if e.route == route or e.name == route), None)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QueueStatus:
    available: bool
    waiting: int | None = None          # jobs waiting now, over every concurrency group
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_monitoring(data: Any) -> list[EndpointLatency]:
    """``{"functions": {name: {success_rate, total_requests, process_time_percentiles}}}`` →
    rows sorted by name; unknown shapes give what can be read, never an exception."""
    functions = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(functions, dict):
        return []
    rows = []
    for name, stats in functions.items():
        stats = stats if isinstance(stats, dict) else {}
        pct = stats.get("process_time_percentiles")
        pct = pct if isinstance(pct, dict) else {}
        rows.append(EndpointLatency(name=str(name), total_requests=as_int(stats.get("total_requests")),
                                    success_rate=as_float(stats.get("success_rate")), p50=as_float(pct.get("50th")),
                                    p90=as_float(pct.get("90th")), p99=as_float(pct.get("99th"))))
    return sorted(rows, key=lambda row: row.name)


def _detail(response: httpx.Response) -> str:
    try:
        detail = loads(response.content).get("detail")
    except (ValueError, AttributeError, RecursionError):
        detail = None
    return str(detail) if detail else response.text[:120].strip()


def _unreachable(err: Exception) -> str:
    text = str(err) or type(err).__name__
    return f"no answer ({text})"


async def _get_json(client: httpx.AsyncClient, url: str, timeout: float,
                    refused: Callable[[httpx.Response], str | None] = lambda response: None,
                    ) -> tuple[Any, str | None, str]:
    """``GET url`` → (the JSON answer, None, the body) or (None, why not, the body). The answer
    is capped (``MONITORING_ANSWER``) and must arrive whole within ``timeout``."""
    try:
        response = await fetch(client, "GET", url, limit=MONITORING_ANSWER, deadline=timeout, timeout=timeout)
    except (httpx.HTTPError, httpx.InvalidURL, ConnectError) as err:
        return None, _unreachable(err), ""
    reason = refused(response)
    if reason is not None:
        return None, reason, response.text
    if response.status_code != 200:
        return None, f"HTTP {response.status_code}: {_detail(response)}", response.text
    try:
        return loads(response.content), None, response.text
    except (ValueError, RecursionError):
        return None, "the answer is not JSON", response.text


def _monitoring_refused(response: httpx.Response) -> str | None:
    if response.status_code in (401, 403):
        return f"the app keeps it behind its monitoring key ({_detail(response)}); Gradio 4.x does"
    if response.status_code == 404:
        return "this Gradio has no /monitoring/summary"
    return None


async def fetch_monitoring(client: httpx.AsyncClient, root: str, *,
                           timeout: float = FETCH_TIMEOUT) -> MonitoringSummary:
    """``GET ROOT/monitoring/summary``; ``root`` is the app URL (no prefix, no trailing slash)."""
    data, reason, text = await _get_json(client, f"{root.rstrip('/')}/monitoring/summary", timeout,
                                         _monitoring_refused)
    if reason is not None:
        return MonitoringSummary(False, reason=reason)
    if not isinstance(data, dict) or "functions" not in data:
        return MonitoringSummary(False, reason=f"unexpected answer: {text[:120]}")
    return MonitoringSummary(True, parse_monitoring(data))


async def fetch_queue_status(client: httpx.AsyncClient, api_root: str, *,
                             timeout: float = FETCH_TIMEOUT) -> QueueStatus:
    """``GET ROOT{P}/queue/status`` → the number of waiting jobs."""
    data, reason, text = await _get_json(client, f"{api_root.rstrip('/')}/queue/status", timeout)
    if reason is not None:
        return QueueStatus(False, reason=reason)
    size = as_int(data.get("queue_size")) if isinstance(data, dict) else None
    if size is None:
        return QueueStatus(False, reason=f"unexpected answer: {text[:120]}")
    return QueueStatus(True, waiting=size)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def millis(value: float | None) -> str:
    """Seconds → ``12 ms`` / ``1.30 s``; ``–`` for unknown."""
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
