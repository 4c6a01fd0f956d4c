"""One Space's facts from the Hub: its info (with the runtime), its host, the Space behind a
``*.hf.space`` subdomain. ``hub`` (waking and resolving) and ``hub_account`` (duplicating) both
read these; this module imports neither, so the Hub modules have no cycle."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from gradio_tui.core.errors import HubError
from gradio_tui.core.hub.client import hub_request, json_or_error, space_path
from gradio_tui.core.hub.models import Runtime, SpaceInfo, host_of


async def space_runtime(space_id: str, *, client: httpx.AsyncClient, token: str | None) -> Runtime:
    response = await hub_request(client, "GET", space_path(space_id, "runtime"), token=token, space_id=space_id)
    return Runtime.from_json(json_or_error(response, f"runtime of {space_id}"))


async def space_host(space_id: str, *, client: httpx.AsyncClient, token: str | None) -> str | None:
    """``/api/spaces/{id}/host`` → the app host (no trailing slash)."""
    response = await hub_request(client, "GET", space_path(space_id, "host"), token=token, space_id=space_id)
    return host_of(json_or_error(response, f"host of {space_id}"))


async def space_info(space_id: str, *, client: httpx.AsyncClient, token: str | None) -> SpaceInfo:
    """``/api/spaces/{id}`` with its runtime (fetched separately when the info lacks it)."""
    response = await hub_request(client, "GET", space_path(space_id), token=token, space_id=space_id)
    info = SpaceInfo.from_json(json_or_error(response, f"info of {space_id}"), space_id=space_id)
    if info.stage is None:
        try:
            info.apply_runtime(await space_runtime(space_id, client=client, token=token))
        except HubError:
            pass
    return info


async def space_by_subdomain(subdomain: str, *, client: httpx.AsyncClient, token: str | None) -> SpaceInfo | None:
    """``/api/spaces/by-subdomain/{sub}`` → the Space behind a ``*.hf.space`` host; None if unknown."""
    response = await hub_request(client, "GET", f"/api/spaces/by-subdomain/{quote(subdomain, safe='')}",
                                 token=token)
    data = json_or_error(response, f"Space of {subdomain}.hf.space")
    if not isinstance(data, dict):
        return None
    space_id = data.get("id") or data.get("name")
    if not isinstance(space_id, str) or "/" not in space_id:
        return None
    return SpaceInfo.from_json(data, space_id=space_id)
