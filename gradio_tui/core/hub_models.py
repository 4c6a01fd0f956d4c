"""What the Hub tells us about Spaces, as small tolerant models.

Parsing never fails on a missing field, an extra field, a wrong type or an unknown stage: a value
that is not what we expect becomes ``None``. Only ``id`` is required of a search result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

RUNNING_STAGES = frozenset({"RUNNING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"})
WAIT_STAGES = frozenset({"BUILDING", "APP_STARTING"})
SLEEP_STAGES = frozenset({"SLEEPING", "STOPPED"})
BROKEN_STAGES = frozenset({"PAUSED", "BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE", "DELETING"})
ZERO_GPU_PREFIX = "zero-"

SEARCH_JSON_KEYS = ("id", "title", "emoji", "likes", "sdk", "stage", "hardware", "zero_gpu", "category",
                    "description", "score", "private", "host")
SPACE_JSON_KEYS = ("id", "host", "sdk", "stage", "hardware", "zero_gpu", "private", "likes", "sleep_time",
                   "error_message")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def stage_usable(stage: str | None) -> bool:
    return stage in RUNNING_STAGES


def is_zero_gpu(hardware: str | None) -> bool:
    return bool(hardware) and hardware.startswith(ZERO_GPU_PREFIX)


def is_paid_hardware(hardware: str | None) -> bool:
    """Anything but the free CPU tier (ZeroGPU included: it needs PRO and uses quota)."""
    return bool(hardware) and hardware != "cpu-basic"


def subdomain_guess(space_id: str) -> str:
    """The Hub's usual rule; only a guess (subdomains are assigned), so it is used last."""
    return space_id.lower().replace("/", "-").replace(".", "-").replace("_", "-")


def subdomain_of(url: str) -> str:
    """``https://acme-echo.hf.space/x`` → ``acme-echo``: what ``/api/spaces/by-subdomain`` takes."""
    return (urlsplit(url).hostname or "").split(".")[0]


@dataclass
class Runtime:
    """``GET /api/spaces/{id}/runtime`` (also embedded as ``runtime`` in info and search)."""

    stage: str | None = None
    hardware: str | None = None            # current, else requested
    requested_hardware: str | None = None
    error_message: str | None = None
    gc_timeout: int | None = None          # seconds of inactivity before it sleeps
    domains: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> "Runtime":
        data = _dict(data)
        hardware = _dict(data.get("hardware"))
        current = _str(hardware.get("current"))
        requested = _str(hardware.get("requested"))
        domains = []
        ready = []
        for item in data.get("domains") or []:
            name = _str(_dict(item).get("domain"))
            if name:
                domains.append(name)
                if _dict(item).get("stage") == "READY":
                    ready.append(name)
        return cls(stage=_str(data.get("stage")), hardware=current or requested, requested_hardware=requested,
                   error_message=_str(data.get("errorMessage")), gc_timeout=_int(data.get("gcTimeout")),
                   domains=ready + [d for d in domains if d not in ready])

    @property
    def host(self) -> str | None:
        return f"https://{self.domains[0]}" if self.domains else None


def _host_of(data: dict[str, Any], runtime: Runtime) -> str | None:
    host = _str(data.get("host"))
    if host:
        return host.rstrip("/")
    subdomain = _str(data.get("subdomain"))
    if subdomain:
        return f"https://{subdomain}.hf.space"
    return runtime.host


@dataclass
class SpaceResult:
    """One search hit (semantic or keyword listing)."""

    id: str
    title: str | None = None
    emoji: str | None = None
    likes: int | None = None
    sdk: str | None = None
    stage: str | None = None
    hardware: str | None = None
    zero_gpu: bool = False
    category: str | None = None
    description: str | None = None
    score: float | None = None             # semantic relevance 0..1; None in keyword mode
    private: bool | None = None
    host: str | None = None
    trending: float | None = None          # trendingScore, for sorting
    author: str | None = None
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> "SpaceResult | None":
        data = _dict(data)
        space_id = _str(data.get("id"))
        if not space_id:
            return None
        card = _dict(data.get("cardData"))
        runtime = Runtime.from_json(data.get("runtime"))
        hardware = runtime.hardware
        return cls(
            id=space_id,
            title=_str(data.get("title")) or _str(card.get("title")),
            emoji=_str(data.get("emoji")) or _str(card.get("emoji")),
            likes=_int(data.get("likes")),
            sdk=_str(data.get("sdk")) or _str(card.get("sdk")),
            stage=runtime.stage,
            hardware=hardware,
            zero_gpu=is_zero_gpu(hardware),
            category=_str(data.get("ai_category")),
            description=(_str(data.get("shortDescription")) or _str(data.get("ai_short_description"))
                         or _str(card.get("short_description"))),
            score=_float(data.get("semanticRelevancyScore")),
            private=_bool(data.get("private")),
            host=_host_of(data, runtime),
            trending=_float(data.get("trendingScore")),
            author=_str(data.get("author")) or space_id.partition("/")[0],
            tags=[t for t in data.get("tags") or [] if isinstance(t, str)] if isinstance(data.get("tags"), list) else [],
        )

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in SEARCH_JSON_KEYS}


@dataclass
class SpaceInfo:
    """``GET /api/spaces/{id}`` (with its runtime), the shape of ``space --json``."""

    id: str
    host: str | None = None
    sdk: str | None = None
    stage: str | None = None
    hardware: str | None = None
    zero_gpu: bool = False
    private: bool | None = None
    likes: int | None = None
    sleep_time: int | None = None          # runtime.gcTimeout, seconds
    error_message: str | None = None
    title: str | None = None
    emoji: str | None = None
    description: str | None = None
    sdk_version: str | None = None
    subdomain: str | None = None
    requested_hardware: str | None = None

    @classmethod
    def from_json(cls, data: Any, *, space_id: str | None = None) -> "SpaceInfo":
        data = _dict(data)
        card = _dict(data.get("cardData"))
        runtime = Runtime.from_json(data.get("runtime"))
        info = cls(id=_str(data.get("id")) or space_id or "", host=_host_of(data, runtime),
                   sdk=_str(data.get("sdk")) or _str(card.get("sdk")), private=_bool(data.get("private")),
                   likes=_int(data.get("likes")), title=_str(card.get("title")) or _str(data.get("title")),
                   emoji=_str(card.get("emoji")) or _str(data.get("emoji")),
                   description=_str(card.get("short_description")) or _str(data.get("shortDescription")),
                   sdk_version=_str(card.get("sdk_version")), subdomain=_str(data.get("subdomain")))
        info.apply_runtime(runtime)
        return info

    def apply_runtime(self, runtime: Runtime) -> None:
        if runtime.stage:
            self.stage = runtime.stage
        self.hardware = runtime.hardware or self.hardware
        self.requested_hardware = runtime.requested_hardware or self.requested_hardware
        self.zero_gpu = is_zero_gpu(self.hardware)
        self.sleep_time = runtime.gc_timeout if runtime.gc_timeout is not None else self.sleep_time
        self.error_message = runtime.error_message
        if not self.host and runtime.host:
            self.host = runtime.host

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in SPACE_JSON_KEYS}
