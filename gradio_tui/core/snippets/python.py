"""Python snippets: gradio_client's ``Client`` and ``predict``, keyword arguments by name.

Literals come from ``repr`` (``True``, ``None``, escaped strings), never from pasted text;
files are ``handle_file(...)``; a token or login comes from the environment. The recorder's
calls share one ``Client``, hence one session_hash, so State carries over. Values go in order
(positional) when the endpoint has no name or a parameter is named like one of ``predict``'s
own keywords (``headers``, ``self``, …): as a keyword it would be taken by ``predict`` itself.
"""

from __future__ import annotations

import json
import keyword
import math
from typing import Any

from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import is_filedata, is_url
from gradio_tui.core.snippets.common import (
    has_subpath,
    header,
    new_session_at,
    one_line,
    replayable,
    route,
    value_with_files,
    version,
)

INDENT = "    "
# Client.predict / Client.submit's own parameters (gradio_client 1.3 to 2.x): a keyword argument
# so named never reaches the app. Gradio renames api_name/fn_index/result_callbacks "param_N",
# but not the others.
PREDICT_KEYWORDS = frozenset({"self", "api_name", "fn_index", "headers", "result_callbacks"})
RESET_COMMENT = "# The session was reset here (ctrl+n): a new client, a new session; State starts over."


class Code(str):
    """Python source that goes into a literal as it is (``handle_file(...)``)."""


def literal(value: Any) -> str:
    """A Python expression for a JSON-like value."""
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f'float("{value}")'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, str):
        text = repr(value)  # escapes what is not printable; single quotes unless the text has one
        if text.startswith("'") and '"' not in value:
            text = f'"{text[1:-1]}"'  # no quote of either kind inside: the same literal in "…"
        return text
    return repr(value)


def _is_name(text: str) -> bool:
    return text.isidentifier() and not keyword.iskeyword(text)


def _no_local_reads(value: Any, depth: int = 0) -> Any:
    """``value`` with the ``meta`` dropped from every FileData left in it that names a path, not
    a URL (one the app itself gave: its default). gradio_client uploads any such FileData from
    the local disk, so a hostile app's default could make the snippet send one of your files;
    without ``meta`` it is sent as the plain object the app gave. The user's files are already
    ``handle_file(...)`` here."""
    if depth > 64 or isinstance(value, Code):
        return value
    if is_filedata(value) and not is_url(value.get("path")) and "meta" in value:
        return {k: v for k, v in value.items() if k != "meta"}
    if isinstance(value, list):
        return [_no_local_reads(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _no_local_reads(v, depth + 1) for k, v in value.items()}
    return value


def _arguments(record: CallRecord) -> list[str]:
    """``name=value`` lines (``**{...}`` for a name that is not an identifier)."""
    items: list[tuple[str, str]] = []
    for param in record.params:
        value = value_with_files(record, param, lambda fa: Code(f"handle_file({literal(fa.source)})"))
        items.append((param, literal(_no_local_reads(value))))
    if not record.api_name or PREDICT_KEYWORDS.intersection(record.params):
        # No name (gradio_client matches no keywords), or a name predict() keeps for itself:
        # the values go in order.
        return [value for _, value in items]
    plain = [f"{name}={value}" for name, value in items if _is_name(name)]
    odd = [f"{literal(name)}: {value}" for name, value in items if not _is_name(name)]
    if odd:
        plain.append("**{" + ", ".join(odd) + "}")
    return plain


def _no_event_data(record: CallRecord) -> list[str]:
    """Plain words for a call that needs event data: gradio_client has no way to send it."""
    if record.event_data is None:
        return []
    return [
        f"# This listener reads the {one_line(record.event or 'event', 40)} event's data, and gradio_client",
        "# cannot send event data (it always sends event_data: null), so the app's function fails on",
        "# the server. The curl and JavaScript snippets send it; so does: gradio-tui call … --event-data '{…}'.",
        f"# The event data: {one_line(json.dumps(record.event_data, ensure_ascii=False), 200)}",
    ]


def _predict(record: CallRecord) -> list[str]:
    args = _arguments(record)
    args.append(f"api_name={literal('/' + record.api_name)}" if record.api_name else f"fn_index={record.fn_index}")
    return [*_no_event_data(record), "result = client.predict(", *[f"{INDENT}{a}," for a in args], ")",
            "print(result)"]


def render_calls(records: list[CallRecord], *, recorder: bool) -> str:
    plan = replayable(records, recorder)
    records = plan.records
    first = records[0]
    login = any(r.needs_login for r in records)
    token = any(r.needs_token for r in records)
    uses_files = any(r.files for r in records)
    out = header(plan, recorder=recorder, comment="#", how_to_run="# pip install gradio_client")
    if not first.is_space and version(first) < (5,) and has_subpath(first.root):
        out += [
            "# Note: this Gradio 4.x app is served under a sub-path. gradio_client 1.14 and 2.x build its",
            "# API URLs with urljoin(src, '/') and so call /queue/join at the host's root (HTTP 404);",
            "# gradio_client 1.3.0 (the one gradio 4.44 ships with) keeps the sub-path.",
        ]
    if any(not r.api_name for r in records):
        out.append("# Unnamed endpoints are called by fn_index; gradio_client refuses private ones.")
    if login or token:
        out.append("import os")
        out.append("")
    out.append("from gradio_client import Client, handle_file" if uses_files else "from gradio_client import Client")
    out.append("")
    options = [literal(first.target)]
    if token:
        options.append('token=os.environ["HF_TOKEN"]')
    if login:
        options.append('auth=(os.environ["GRADIO_USERNAME"], os.environ["GRADIO_PASSWORD"])')
    options.append("verbose=False")
    client = f"client = Client({', '.join(options)})"
    out.append(client)
    for index, record in enumerate(records):
        out.append("")
        if recorder and new_session_at(records, index):
            out += [RESET_COMMENT, client, ""]
        if recorder:
            out.append(f"# {one_line(route(record))}")
        out += _predict(record)
    return "\n".join(out) + "\n"
