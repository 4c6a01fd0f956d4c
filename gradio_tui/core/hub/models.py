"""What the Hub tells us about Spaces, as small tolerant models.

Parsing never fails on a missing field, an extra field, a wrong type or an unknown stage: a value
that is not what we expect becomes ``None``. Only ``id`` is required of a search result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from gradio_tui.core.coerce import as_bool, as_dict, as_float, as_int, as_list, as_name

RUNNING_STAGES = frozenset({"RUNNING", "RUNNING_BUILDING", "RUNNING_APP_STARTING"})
WAIT_STAGES = frozenset({"BUILDING", "APP_STARTING"})
SLEEP_STAGES = frozenset({"SLEEPING", "STOPPED"})
BROKEN_STAGES = frozenset({"PAUSED", "BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE", "DELETING"})
ZERO_GPU_PREFIX = "zero-"

SEARCH_JSON_KEYS = ("id", "title", "emoji", "likes", "sdk", "stage", "hardware", "zero_gpu", "category",
                    "description", "score", "private", "host")
SPACE_JSON_KEYS = ("id", "host", "sdk", "stage", "hardware", "zero_gpu", "private", "likes", "sleep_time",
                   "error_message")


def stage_usable(stage: str | None) -> bool:
    return stage in RUNNING_STAGES


def is_zero_gpu(hardware: str | None) -> bool:
    return hardware is not None and hardware.startswith(ZERO_GPU_PREFIX)


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
    def from_json(cls, data: Any) -> Runtime:
        data = as_dict(data)
        hardware = as_dict(data.get("hardware"))
        current = as_name(hardware.get("current"))
        requested = as_name(hardware.get("requested"))
        domains = []
        ready = []
        for item in as_list(data.get("domains")):
            name = as_name(as_dict(item).get("domain"))
            if name:
                domains.append(name)
                if as_dict(item).get("stage") == "READY":
                    ready.append(name)
        return cls(stage=as_name(data.get("stage")), hardware=current or requested, requested_hardware=requested,
                   error_message=as_name(data.get("errorMessage")), gc_timeout=as_int(data.get("gcTimeout")),
                   domains=ready + [d for d in domains if d not in ready])

    @property
    def host(self) -> str | None:
        return f"https://{self.domains[0]}" if self.domains else None


def host_of(data: Any, runtime: Runtime | None = None) -> str | None:
    """The app host in a Hub answer (info, search, ``/host``): ``host``, else ``subdomain``, else the
    runtime's domains; no trailing slash."""
    data = as_dict(data)
    host = as_name(data.get("host"))
    if host:
        return host.rstrip("/")
    subdomain = as_name(data.get("subdomain"))
    if subdomain:
        return f"https://{subdomain}.hf.space"
    return runtime.host if runtime is not None else None


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
    def from_json(cls, data: Any) -> SpaceResult | None:
        data = as_dict(data)
        space_id = as_name(data.get("id"))
        if not space_id:
            return None
        card = as_dict(data.get("cardData"))
        runtime = Runtime.from_json(data.get("runtime"))
        hardware = runtime.hardware
        return cls(
            id=space_id,
            title=as_name(data.get("title")) or as_name(card.get("title")),
            emoji=as_name(data.get("emoji")) or as_name(card.get("emoji")),
            likes=as_int(data.get("likes")),
            sdk=as_name(data.get("sdk")) or as_name(card.get("sdk")),
            stage=runtime.stage,
            hardware=hardware,
            zero_gpu=is_zero_gpu(hardware),
            category=as_name(data.get("ai_category")),
            description=(as_name(data.get("shortDescription")) or as_name(data.get("ai_short_description"))
                         or as_name(card.get("short_description"))),
            score=as_float(data.get("semanticRelevancyScore")),
            private=as_bool(data.get("private")),
            host=host_of(data, runtime),
            trending=as_float(data.get("trendingScore")),
            author=as_name(data.get("author")) or space_id.partition("/")[0],
            tags=[t for t in data["tags"] if isinstance(t, str)] if isinstance(data.get("tags"), list) else [],
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
    def from_json(cls, data: Any, *, space_id: str | None = None) -> SpaceInfo:
        data = as_dict(data)
        card = as_dict(data.get("cardData"))
        runtime = Runtime.from_json(data.get("runtime"))
        info = cls(id=as_name(data.get("id")) or space_id or "", host=host_of(data, runtime),
                   sdk=as_name(data.get("sdk")) or as_name(card.get("sdk")), private=as_bool(data.get("private")),
                   likes=as_int(data.get("likes")), title=as_name(card.get("title")) or as_name(data.get("title")),
                   emoji=as_name(card.get("emoji")) or as_name(data.get("emoji")),
                   description=as_name(card.get("short_description")) or as_name(data.get("shortDescription")),
                   sdk_version=as_name(card.get("sdk_version")), subdomain=as_name(data.get("subdomain")))
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
