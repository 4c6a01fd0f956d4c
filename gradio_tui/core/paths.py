"""Where gradio-tui keeps its files, and how it writes them.

Data (history, recent targets) under ``platformdirs.user_data_path("gradio-tui")``, so
``XDG_DATA_HOME`` moves it; ``GRADIO_TUI_DATA_DIR`` overrides it outright. Small files are
written atomically with mode 0600: a crash mid-write leaves the old file whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    override = os.environ.get("GRADIO_TUI_DATA_DIR")
    return Path(override) if override else platformdirs.user_data_path("gradio-tui")


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename), mode 0600, folder 0700."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
