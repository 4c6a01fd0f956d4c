"""Recent targets, newest first, in ``recent.json`` under the user data dir.

The data dir comes from ``core.paths`` (``XDG_DATA_HOME`` / ``GRADIO_TUI_DATA_DIR``); the file is
written atomically with mode 0600. A broken file is treated as empty. A URL's ``user:password@``
is never stored (nor shown again from an older file).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.paths import data_dir, write_private
from ..core.target import redact_userinfo

LIMIT = 20


def recent_path() -> Path:
    return data_dir() / "recent.json"


def load_recent() -> list[str]:
    try:
        data = json.loads(recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    items: list[str] = []
    for item in data:
        if isinstance(item, str) and item.strip() and redact_userinfo(item.strip()) not in items:
            items.append(redact_userinfo(item.strip()))
    return items[:LIMIT]


def remember(target: str) -> list[str]:
    """Put ``target`` first; returns the new list (saving failures are ignored)."""
    target = redact_userinfo(target.strip())
    items = [target] + [item for item in load_recent() if item != target]
    items = items[:LIMIT]
    path = recent_path()
    try:
        write_private(path, json.dumps(items, indent=1).encode("utf-8"))
    except OSError:
        pass
    return items
