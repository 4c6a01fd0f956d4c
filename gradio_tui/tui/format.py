"""Words and colours for what the core reports: event lines, badges, durations, values.

Pure functions (Rich ``Text`` only, no widgets), so the log, the run list, the queue bar and the
tests agree on how a thing is said. Every external string goes through ``plain()`` and into
``Text`` (never markup).
"""

from __future__ import annotations

import json
import math
from typing import Any

from rich.text import Text

from ..core.events import Event
from ..core.filedata import is_filedata  # noqa: F401 (the one home of FileData; result_view uses it)
from ..core.schema import Endpoint
from ..textsafe import plain

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
HIDDEN_ERROR = "the app hides error details (it was not launched with show_error=True)"
LINE_LIMIT = 400


def safe(text: object) -> str:
    """External text for places that parse Textual markup (the command palette): no control
    sequences, brackets escaped."""
    from textual.markup import escape

    return escape(plain(text))


def clip(text: str, limit: int = LINE_LIMIT) -> str:
    text = plain(text).replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_json(value: Any, limit: int = LINE_LIMIT) -> str:
    return clip(_dumps(value), limit)


def _dumps(value: Any, **kwargs: Any) -> str:
    """JSON of a value from the wire, else its repr, else a word (neither raises here)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str, **kwargs)
    except (TypeError, ValueError, RecursionError):
        try:
            return repr(value)
        except (ValueError, RecursionError):
            return f"({type(value).__name__} too large to show)"


#: Counts past this are not spelled out (a server may send ``10**400``; Python will not even
#: print an int past 4,300 digits).
COUNT_LIMIT = 10**15


def finite(value: Any) -> float | None:
    """A number from the wire as a finite float, or None (not a number, NaN, ±inf, past a float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) else None


def count(value: Any) -> str:
    """A count (rank, queue size, bytes, a progress index) for a line: whole numbers as they are,
    huge or broken ones said briefly, anything else as clipped text. Never raises."""
    if value is None:
        return "?"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return clip(str(value), 40)
    if isinstance(value, int):
        if -COUNT_LIMIT < value < COUNT_LIMIT:
            return str(value)
        return "> 10^15" if value > 0 else "< -10^15"
    if not math.isfinite(value):
        return "?"
    if value.is_integer() and abs(value) < COUNT_LIMIT:
        return str(int(value))
    return f"{value:.6g}"


def seconds(value: float | None, digits: int = 1) -> str:
    value = finite(value)
    if value is None:
        return "–"
    if value >= 100 * 3600:
        return f"{value / 86400:.3g}d"
    if value >= 3600:
        return f"{int(value // 3600)}h{int(value % 3600 // 60):02d}m"
    if value >= 60:
        return f"{int(value // 60)}m{int(value % 60):02d}s"
    return f"{value:.{digits}f}s"


def progress_words(units: list[dict[str, Any]]) -> str:
    """``[{index, length, unit, progress, desc}]`` → ``Epoch 3/5 steps`` / ``Saving 99%``."""
    parts = []
    for unit in units or []:
        desc = clip(str(unit.get("desc") or ""), 60)
        progress = finite(unit.get("progress"))
        if progress is not None:
            amount = f"{max(-1e6, min(1e6, progress)) * 100:.0f}%"
        elif unit.get("index") is not None:
            amount = f"{count(unit['index'])}/{count(unit.get('length'))} {clip(str(unit.get('unit') or ''), 20)}"
        else:
            amount = ""
        parts.append(" ".join(p for p in (desc, amount.strip()) if p))
    return " · ".join(parts)


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


def describe(event: Event) -> str:
    """The words of a decoded log line (without the time)."""
    d = event.to_json()
    kind = event.type
    if kind == "stage":
        return f"Space is {clip(str(d.get('stage')))} ({seconds(d.get('elapsed'), 0)})"
    if kind == "upload":
        verb = "uploaded" if d.get("done") else "uploading"
        return f"{verb} {clip(d.get('name') or '')} ({count(d.get('bytes'))} bytes)"
    if kind == "estimation":
        eta = f", eta {seconds(d['eta'])}" if d.get("eta") is not None else ""
        return f"queued: rank {count(d.get('rank'))} of {count(d.get('queue_size'))}{eta}"
    if kind == "process_starts":
        return "processing" + (f" (expected {seconds(d['eta'])})" if d.get("eta") is not None else "")
    if kind == "progress":
        return f"progress: {progress_words(d.get('units') or [])}"
    if kind == "log":
        title = f"{clip(d['title'], 60)}: " if d.get("title") else ""
        return f"{d.get('level')}: {title}{clip(d.get('message') or '')}"
    if kind in ("generating", "streaming"):
        return f"{kind}: {short_json(d.get('data'))}"
    if kind == "complete":
        took = f" in {seconds(d['duration'], 2)}" if d.get("duration") is not None else ""
        return f"complete{took}: {short_json(d.get('data'))}"
    if kind == "error":
        title = f"{clip(d['title'], 60)}: " if d.get("title") else ""
        message = clip(d["message"]) if d.get("message") else HIDDEN_ERROR
        return f"error ({d.get('kind')}): {title}{message}"
    if kind == "retry":
        return f"retry {count(d.get('attempt'))}: {clip(d.get('reason') or '')} (waiting {seconds(d.get('wait'))})"
    return kind


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
    line.append(plain(describe(event)))
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
    return plain(_dumps(value, indent=2))
