"""Token discovery and host scoping: the HF token goes only to the Hub and ``*.hf.space``."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from .target import hub_endpoint, is_hf_space_host


def find_token() -> str | None:
    """``HF_TOKEN``, ``HUGGING_FACE_HUB_TOKEN``, the file at ``HF_TOKEN_PATH``, ``$HF_HOME/token``."""
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = (os.environ.get(var) or "").strip()
        if value:
            return value
    path = os.environ.get("HF_TOKEN_PATH")
    if not path:
        home = os.environ.get("HF_HOME") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface")
        path = os.path.join(home, "token")
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def is_hub_url(url: str) -> bool:
    hub = urlsplit(hub_endpoint())
    parts = urlsplit(url)
    return (parts.scheme, parts.netloc.lower()) == (hub.scheme, hub.netloc.lower())


def token_headers(url: str, token: str | None, *, explicit_for_app: bool = False) -> dict[str, str]:
    """The header carrying ``token`` to ``url``, or nothing when the host may not see it.

    The Hub gets ``Authorization``; ``*.hf.space`` gets ``X-HF-Authorization`` (the Spaces
    proxy strips it); any other host only when the user passed the token for that app
    (``explicit_for_app``), then as ``X-HF-Authorization`` too, which is what a Space behind a
    custom domain reads.
    """
    if not token:
        return {}
    if is_hub_url(url):
        return {"Authorization": f"Bearer {token}"}
    if is_hf_space_host(url):
        return {"X-HF-Authorization": f"Bearer {token}"}
    if explicit_for_app:
        return {"X-HF-Authorization": f"Bearer {token}"}
    return {}


def credentials_from_env(auth: str | None = None) -> tuple[str, str] | None:
    """``--auth USER:PASS`` else ``GRADIO_USERNAME`` / ``GRADIO_PASSWORD``."""
    if auth:
        user, sep, password = auth.partition(":")
        return (user, password) if sep else (user, os.environ.get("GRADIO_PASSWORD", ""))
    user = os.environ.get("GRADIO_USERNAME")
    if user:
        return user, os.environ.get("GRADIO_PASSWORD", "")
    return None
