"""The token's user: who they are, their ZeroGPU quota, and duplicating a Space into their namespace.

Duplicating is what the gradio_client docs advise for heavy use (your own copy, your own queue
and rate limits). It is two steps so a face can ask first: ``plan_duplicate`` says what would
happen (and whether it costs money), ``duplicate_space`` does it. A 409 means the copy exists:
it is reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from gradio_tui.core import wirejson
from gradio_tui.core.coerce import as_dict, as_float, as_name
from gradio_tui.core.errors import AuthRequired, UsageError
from gradio_tui.core.hub.client import hub_request, json_or_error, raise_for_status, space_path
from gradio_tui.core.hub.info import space_info
from gradio_tui.core.hub.models import is_paid_hardware, is_zero_gpu
from gradio_tui.core.net.target import hub_endpoint

TOKEN_NEEDED = "set HF_TOKEN (or --token) to a token with write access"


@dataclass
class ZeroGpuQuota:
    """``/api/spaces/zero-gpu/quota`` in GPU-seconds (``current``: what is left, as we read it)."""

    base: float | None = None
    current: float | None = None
    resets_at: str | None = None
    overquota_used: float | None = None

    @classmethod
    def from_json(cls, data: Any) -> ZeroGpuQuota:
        data = as_dict(data)
        return cls(base=as_float(data.get("base")), current=as_float(data.get("current")),
                   resets_at=as_name(data.get("resetsAt")), overquota_used=as_float(data.get("overquotaUsed")))

    def describe(self) -> str:
        def sec(value: float | None) -> str:
            return "?" if value is None else f"{value:.0f} s"

        text = f"ZeroGPU quota: {sec(self.current)} of {sec(self.base)} GPU time"
        if self.resets_at:
            text += f", resets at {self.resets_at}"
        if self.overquota_used:
            text += f" ({sec(self.overquota_used)} over quota used)"
        return text


async def whoami(*, client: httpx.AsyncClient, token: str | None) -> str:
    """The token's user name (their namespace), from ``/api/whoami-v2``."""
    if not token:
        raise AuthRequired("this needs your Hugging Face account", hint=TOKEN_NEEDED)
    response = await hub_request(client, "GET", "/api/whoami-v2", token=token)
    data = json_or_error(response, "whoami")
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name:
        raise AuthRequired("the Hub did not say whose token this is", hint=TOKEN_NEEDED)
    return name


async def zero_gpu_quota(*, client: httpx.AsyncClient, token: str | None) -> ZeroGpuQuota | None:
    """The token's ZeroGPU quota; None without a token (anonymous quota is per IP and not reported)."""
    if not token:
        return None
    response = await hub_request(client, "GET", "/api/spaces/zero-gpu/quota", token=token)
    return ZeroGpuQuota.from_json(json_or_error(response, "ZeroGPU quota"))


@dataclass
class DuplicatePlan:
    source: str
    target: str                       # "namespace/name"
    private: bool = True
    hardware: str | None = None       # what the copy will run on (asked for, else the source's)
    hardware_requested: bool = False  # given by the user (sent to the Hub) or inherited
    warning: str | None = None        # set when the copy costs money or quota: ask first

    @property
    def needs_confirmation(self) -> bool:
        return self.warning is not None

    def describe(self) -> str:
        return (f"duplicate {self.source} to {self.target} ({'private' if self.private else 'public'}, "
                f"{self.hardware or 'default hardware'})")


@dataclass
class DuplicateResult:
    id: str
    created: bool                     # False: it existed already (409) and is reused
    url: str | None = None            # the Space's page

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "created": self.created, "url": self.url}


async def plan_duplicate(space_id: str, *, client: httpx.AsyncClient, token: str | None, to: str | None = None,
                         hardware: str | None = None, private: bool = True) -> DuplicatePlan:
    namespace = await whoami(client=client, token=token)
    name = to or space_id.partition("/")[2]
    if "/" not in name:
        name = f"{namespace}/{name}"
    if name.count("/") != 1 or not all(name.split("/")):
        raise UsageError(f"not a Space name: {to!r}", hint="use NAME or NAMESPACE/NAME")
    if name == space_id:
        raise UsageError(f"{space_id} is already yours: nothing to duplicate", hint="give another name with --to")
    source = await space_info(space_id, client=client, token=token)
    copy_hardware = hardware or source.requested_hardware or source.hardware
    plan = DuplicatePlan(source=space_id, target=name, private=private, hardware=copy_hardware,
                         hardware_requested=bool(hardware))
    if is_paid_hardware(copy_hardware):
        if is_zero_gpu(copy_hardware):
            plan.warning = (f"{space_id} runs on ZeroGPU ({copy_hardware}): the copy needs a PRO account "
                            f"and uses your ZeroGPU quota (use --hardware cpu-basic to avoid)")
        else:
            plan.warning = (f"{space_id} runs on {copy_hardware}: the copy keeps it and bills your account "
                            f"while it runs (use --hardware cpu-basic to avoid)")
    return plan


async def duplicate_space(plan: DuplicatePlan, *, client: httpx.AsyncClient, token: str | None) -> DuplicateResult:
    """``POST /api/spaces/{id}/duplicate``; 409 (exists already) is success with ``created=False``."""
    if not token:
        raise AuthRequired("duplicating a Space needs your account", hint=TOKEN_NEEDED)
    body: dict[str, Any] = {"repository": plan.target, "visibility": "private" if plan.private else "public"}
    if plan.hardware_requested and plan.hardware:
        body["hardware"] = plan.hardware
    response = await hub_request(client, "POST", space_path(plan.source, "duplicate"), token=token,
                                 json=body, check=False)
    page = f"{hub_endpoint()}/spaces/{plan.target}"
    if response.status_code == 409:
        return DuplicateResult(id=plan.target, created=False, url=page)
    if response.status_code in (401, 403):
        raise AuthRequired(f"the Hub refused to duplicate {plan.source} (HTTP {response.status_code})",
                           hint=TOKEN_NEEDED)
    raise_for_status(response, token=token, space_id=plan.source)
    try:
        data = wirejson.loads(response.content)
    except ValueError:
        data = {}
    url = data.get("url") if isinstance(data, dict) and isinstance(data.get("url"), str) else page
    return DuplicateResult(id=plan.target, created=True, url=url)
