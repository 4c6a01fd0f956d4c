"""Colours for what the core reports: event lines, badges, status marks, values.

The words are the core's (``core.present``: one wording of every event, numbers and times);
this adds the TUI's decoration (a time column, colour) with Rich ``Text`` only, no widgets.
Every external string goes through ``plain()`` and into ``Text`` (never markup).
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from gradio_tui.core import (
    HIDDEN_ERROR,  # noqa: F401 (defined once; the history screen shows it)
    Endpoint,
    Event,
    clip,
    dumps_any,
    finite,
    is_filedata,  # noqa: F401 (the one home of FileData; result_view uses it)
    plain,
    summary,
)

#: Style per event type, as the log colours them.
EVENT_STYLES = {
    "stage": "magenta",
    "upload": "cyan",
    "estimation": "yellow",
    "process_starts": "bright_blue",
    "progress": "bright_blue",
    "log": "bright_cyan",
    "generating": "green",
    "streaming": "green",
    "retry": "yellow",
    "heartbeat": "dim",
    "complete": "bold green",
    "error": "bold red",
    "cancelled": "bold yellow",
}
LOG_LEVEL_STYLES = {"info": "bright_cyan", "warning": "bold yellow", "error": "bold red", "success": "green"}
STATUS_MARKS = {
    "pending": ("·", "dim"), "uploading": ("↑", "cyan"), "queued": ("○", "yellow"), "running": ("▶", "bright_cyan"),
    "complete": ("✓", "green"), "error": ("✗", "red"), "cancelled": ("■", "yellow"),
}
LINE_LIMIT = 400


def safe(text: object) -> str:
    """External text for places that parse Textual markup (the command palette): no control
    sequences, brackets escaped."""
    from textual.markup import escape

    return escape(plain(text))


def progress_fraction(units: list[dict[str, Any]]) -> float | None:
    """The innermost unit's fraction done, or None when it has no length."""
    for unit in reversed(units or []):
        progress = finite(unit.get("progress"))
        if progress is not None:
            return max(0.0, min(1.0, progress))
        index, length = finite(unit.get("index")), finite(unit.get("length"))
        if index is not None and length:
            return max(0.0, min(1.0, index / length))
    return None


def event_style(event: Event) -> str:
    if event.type == "log":
        return LOG_LEVEL_STYLES.get(str(getattr(event, "level", "info")).lower(), "bright_cyan")
    return EVENT_STYLES.get(event.type, "")


def event_line(event: Event, raw: bool = False) -> Text:
    """One log line: ``+  0.123s  estimation  queued: rank 1 of 2``, coloured by type."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"+{event.t:8.3f}s ", style="dim")
    if raw:
        frame = event.raw or json.dumps(event.to_json(), ensure_ascii=False, default=str)
        line.append(clip(frame.strip(), 2000), style=event_style(event) or None)
        return line
    line.append(f"{plain(event.type):<14} ", style=event_style(event) or None)
    line.append(summary(event))
    return line


def badges(endpoint: Endpoint) -> list[tuple[str, str]]:
    """``(word, style)`` pairs that say what is special about an endpoint."""
    out = []
    if endpoint.visibility == "undocumented":
        out.append(("undocumented", "yellow"))
    elif endpoint.visibility == "private":
        out.append(("private", "red"))
    if endpoint.generator:
        out.append(("gen", "green"))
    if endpoint.uses_state:
        out.append(("state", "magenta"))
    if endpoint.has_files:
        out.append(("files", "cyan"))
    if endpoint.batch:
        out.append(("batch", "blue"))
    if is_chat(endpoint):
        out.append(("chat", "bright_magenta"))
    return out


def is_chat(endpoint: Endpoint) -> bool:
    """A ChatInterface-style endpoint: a ``message`` text box and the history in State."""
    params = endpoint.parameters
    if not params:
        return False
    first = params[0]
    text_like = first.component.lower() in ("textbox", "multimodaltextbox")
    if endpoint.api_name == "chat" and text_like:
        return True
    return first.name == "message" and text_like and endpoint.uses_state and endpoint.visibility == "public"


def value_text(value: Any) -> str:
    """An output value for the result view: strings as they are, the rest as pretty JSON."""
    if isinstance(value, str):
        return plain(value)
    return plain(dumps_any(value, indent=2))
