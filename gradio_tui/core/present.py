"""One wording of the events: ``summary(event)``, and the words for numbers, times and values.

The TUI's log, the history's detail and the report's table say an event the same way; the faces
add only their decoration (the TUI a time column and colour, the report a table cell, the CLI a
time column and ``cli_summary``'s three lines its users' scripts read). Every external string is
made safe here (``textsafe.plain``, line breaks shown as ``⏎``), so no face can forget it.
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

from gradio_tui.core.errors import HIDDEN_ERROR
from gradio_tui.core.protocol.events import Event
from gradio_tui.core.textsafe import json_text, line, plain

LINE_LIMIT = 400         # characters of one value in a summary
PREVIEW_ITEMS = 1000     # list items and dict keys the CLI's line shows (the line is clipped anyway)

#: Counts past this are not spelled out (a server may send ``10**400``; Python will not even
#: print an int past 4,300 digits).
COUNT_LIMIT = 10**15


# --- words for values ---------------------------------------------------------------------------

def clip(text: str, limit: int = LINE_LIMIT) -> str:
    """External text on one line: safe, line breaks as ``⏎``, at most ``limit`` characters."""
    text = plain(text).replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dumps_any(value: Any, **kwargs: Any) -> str:
    """JSON of a value from the wire, else its repr, else a word (neither raises here)."""
    try:
        return json.dumps(value, ensure_ascii=False, default=str, **kwargs)
    except (TypeError, ValueError, RecursionError):
        try:
            return repr(value)
        except (ValueError, RecursionError):
            return f"({type(value).__name__} too large to show)"


def short_json(value: Any, limit: int = LINE_LIMIT) -> str:
    return clip(dumps_any(value), limit)


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


def number(value: Any, spec: str = "g") -> str:
    """A number the way ``spec`` says; anything else (a hostile server's string) as safe text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return format(value, spec)
        except (OverflowError, ValueError):   # the core bounds wire numbers; never fail a line on one
            return "?"
    return line(value, 40)


def progress_words(units: list[dict[str, Any]]) -> str:
    """``[{index, length, unit, progress, desc}]`` → ``Epoch 3/5 steps`` / ``Saving 99%``."""
    parts = []
    for unit in units or []:
        if not isinstance(unit, dict):
            continue
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


# --- the one wording of an event ------------------------------------------------------------------

def summary(event: Event) -> str:
    """What ``event`` says, in one line (without its time)."""
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
        return f"{clip(str(d.get('level')), 20)}: {title}{clip(d.get('message') or '')}"
    if kind in ("generating", "streaming"):
        return f"{kind}: {short_json(d.get('data'))}"
    if kind == "complete":
        took = f" in {seconds(d['duration'], 2)}" if d.get("duration") is not None else ""
        return f"complete{took}: {short_json(d.get('data'))}"
    if kind == "error":
        title = f"{clip(d['title'], 60)}: " if d.get("title") else ""
        message = clip(d["message"]) if d.get("message") else HIDDEN_ERROR
        return f"error ({clip(str(d.get('kind')), 40)}): {title}{message}"
    if kind == "retry":
        return (f"retry {count(d.get('attempt'))}: {clip(d.get('reason') or '', 200)} "
                f"(waiting {number(d.get('wait'))} s)")
    return clip(kind, 40)


def cli_summary(event: Event) -> str | None:
    """The CLI's words: ``summary``, but for what its users' scripts read since the first
    release — the queue line (``queue: rank 1 of 2``), a result without its duration and outputs
    shown whole up to the line's limit — and no heartbeats (None: not shown)."""
    d = event.to_json()
    kind = event.type
    if kind == "heartbeat":
        return None
    if kind == "estimation":
        eta = f", eta {number(d['eta'], '.1f')}s" if d.get("eta") is not None else ""
        return f"queue: rank {number(d.get('rank'))} of {number(d.get('queue_size'))}{eta}"
    if kind in ("generating", "streaming", "complete"):
        return f"{kind}: {line(json_text(_preview(d.get('data'))))}"
    return summary(event)


def _preview(value: Any, budget: list[int] | None = None, depth: int = 0) -> Any:
    """``value`` with its containers cut to ``PREVIEW_ITEMS`` items in all: a 500,000-element
    output costs a readable line no more than a small one."""
    budget = [PREVIEW_ITEMS] if budget is None else budget
    if not isinstance(value, (list, dict)):
        return value
    if depth > 50 or budget[0] <= 0:
        return f"… ({len(value):,} items)"
    if isinstance(value, list):
        shown = value[:budget[0]]
        budget[0] -= len(shown)
        out: Any = [_preview(item, budget, depth + 1) for item in shown]
        return out + [f"… ({len(value) - len(shown):,} more items)"] if len(shown) < len(value) else out
    keys = list(itertools.islice(value, budget[0]))
    budget[0] -= len(keys)
    out = {k: _preview(value[k], budget, depth + 1) for k in keys}
    if len(keys) < len(value):
        out["…"] = f"{len(value) - len(keys):,} more keys"
    return out
