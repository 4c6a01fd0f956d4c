"""A Markdown debug report of one call: paste-ready for a Space discussion or an issue.

Target, versions, stage, the call's arguments, its events with relative times, the error and
the exact curl that reproduces it. Built from the ``CallRecord`` (which holds no secrets) and
the schema; token-like strings in arguments are masked all the same.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from gradio_tui.core.history import CallRecord, elided_count, events_total, stored
from gradio_tui.core.present import summary
from gradio_tui.core.protocol.events import Event
from gradio_tui.core.textsafe import mask_secrets
from gradio_tui.core.wirejson import dumps

TOKEN_LIKE = re.compile(r"\b(hf_[A-Za-z0-9]{6,}|api_org_[A-Za-z0-9]{6,})\b")


def scrub(value: Any) -> Any:
    """Mask anything that looks like an HF token, in strings nested anywhere."""
    if isinstance(value, str):
        return TOKEN_LIKE.sub("hf_***", value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def _event_line(event: dict[str, Any]) -> str:
    """A table row: the time, the type and the core's words for the event (``core.present``)."""
    cell = scrub(summary(Event.from_json(event))).replace("|", "\\|").replace("`", "'")
    return f"| {event.get('t', 0):.3f} | {event.get('type')} | `{cell}` |"


def render_report(session: Any, record: CallRecord, *, stage: str | None = None) -> str:
    record = stored(record)   # values nested past wirejson.MAX_DEPTH cut: scrub and dumps recurse
    schema = getattr(session, "schema", None)
    space = getattr(session, "space_info", None)
    lines = [f"## gradio-tui report: `{record.route}` on `{record.target}`", ""]
    lines.append(f"- **App**: {record.root} — Gradio {record.gradio_version}"
                 + (f", protocol {schema.protocol}" if schema else "")
                 + f", api_prefix `{record.api_prefix or '(none)'}`")
    stage = stage or getattr(space, "stage", None)
    if stage:
        hardware = getattr(space, "hardware", None)
        lines.append(f"- **Space stage**: {stage}" + (f" on {hardware}" if hardware else ""))
    lines.append(f"- **Status**: {record.status}" + (f" — {scrub(record.error)}" if record.error else ""))
    t = record.timings
    parts = [f"{name} {value:.3f}s" for name, value in (("queue", t.queue_wait), ("first output", t.first_output),
                                                          ("total", t.total)) if value is not None]
    if parts:
        lines.append("- **Timings**: " + ", ".join(parts))
    arguments = dumps(scrub(record.args), indent=2, ensure_ascii=False, default=str)
    lines += ["", "### Arguments", "", "```json", arguments, "```", ""]
    if record.events:
        lines += ["### Events", "", "| t (s) | type | event |", "|---:|---|---|"]
        shown = [e for e in record.events if e.get("type") != "heartbeat"]
        lines += [_event_line(e) for e in shown[:60] if not elided_count(e)]
        if len(shown) > 60:
            lines.append(f"| | … | {events_total(shown[60:])} more events |")
        lines.append("")
    masked = replace(record, args=scrub(record.args), files=[replace(f, source=scrub(f.source)) for f in record.files])
    try:
        from gradio_tui.core.snippets import render

        curl = render(masked, "curl")   # a token pasted into an argument stays out of the snippet too
    except Exception as err:  # noqa: BLE001 - a report is still useful without the snippet
        curl = f"# (no curl snippet: {err})"
    lines += ["### Reproduce", "", "```bash", curl.rstrip(), "```", ""]
    if masked.args != record.args or masked.files != record.files:
        lines += ["Token-like values are masked as `hf_***`: put the real ones back to reproduce.", ""]
    return mask_secrets("\n".join(lines))   # a token, password or cookie the app echoed
