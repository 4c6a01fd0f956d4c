"""Remappable bindings: ``keymap.toml`` (``binding-id = "keys"``) in the user config dir.

The file lives at ``platformdirs.user_config_path("gradio-tui") / "keymap.toml"`` (honours
``XDG_CONFIG_HOME``; ``GRADIO_TUI_CONFIG_DIR`` overrides). Example::

    run = "ctrl+r,f5"
    cancel = "ctrl+g"
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

LINE = re.compile(r'^\s*([\w.-]+)\s*=\s*"([^"]*)"\s*$')


def config_dir() -> Path:
    override = os.environ.get("GRADIO_TUI_CONFIG_DIR")
    return Path(override) if override else platformdirs.user_config_path("gradio-tui")


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """Binding id → keys; unreadable lines are skipped (``#`` starts a comment)."""
    path = path or config_dir() / "keymap.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    keymap: dict[str, str] = {}
    for raw in text.splitlines():
        match = LINE.match(raw.split("#", 1)[0])
        if match and match.group(2).strip():
            keymap[match.group(1)] = match.group(2).strip()
    return keymap
