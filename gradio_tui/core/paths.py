"""Where gradio-tui keeps its files, and how it writes them.

Data (history, recent targets) under ``platformdirs.user_data_path("gradio-tui")``, so
``XDG_DATA_HOME`` moves it; ``GRADIO_TUI_DATA_DIR`` overrides it outright. Small files are
written atomically with mode 0600: a crash mid-write leaves the old file whole.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("GRADIO_TUI_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path("gradio-tui")


def ensure_private_dir(folder: Path) -> str | None:
    """Create ``folder`` (mode 0700) if it is missing; a warning when it exists and others can
    write to it (they could put a link where our next file goes, or replace what we wrote)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = folder.stat()
    mode = info.st_mode
    if info.st_uid != os.getuid():
        return f"warning: {folder} belongs to another user; use a folder of your own (GRADIO_TUI_DATA_DIR)"
    if mode & (stat.S_IWGRP | stat.S_IWOTH):
        who = "everyone" if mode & stat.S_IWOTH else "its group"
        return (f"warning: {folder} is writable by {who} (mode {stat.S_IMODE(mode):o}); "
                f"make it private: chmod 700 {folder}")
    return None


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename), mode 0600, folder 0700."""
    ensure_private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
