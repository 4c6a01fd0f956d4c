"""Where ``shared/`` (protocol captures, Hub fixtures) lives: beside the clone, or $GRADIO_TUI_SHARED."""

from __future__ import annotations

import json
import os
from pathlib import Path

SHARED = Path(os.environ.get("GRADIO_TUI_SHARED") or Path(__file__).resolve().parents[3] / "shared")
GRADIO_FIXTURES = SHARED / "fixtures" / "gradio"
HUB_FIXTURES = SHARED / "fixtures" / "hub"


def load_json(name: str) -> dict:
    return json.loads((GRADIO_FIXTURES / name).read_text(encoding="utf-8"))


def sse_messages(name: str) -> list[dict]:
    """The ``data:`` payloads of a captured SSE body, parsed."""
    out = []
    for line in (GRADIO_FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("data:"):
            payload = line[5:].strip()
            if payload and payload != "null":
                try:
                    out.append(json.loads(payload))
                except ValueError:
                    pass
    return out
