"""JavaScript snippets: ``@gradio/client`` as an ES module for node (top-level await).

``Client.connect(src, {token, auth})`` then ``client.predict("/x", {name: value})`` and
``console.log(JSON.stringify(result.data))``. Literals are JSON (``json.dumps``), which is valid
JavaScript. Two things @gradio/client 2.7 needs that its own docs do not say:

* a local file goes as ``handle_file(new File([await readFile(path)], name))``: given the path
  itself, the client uploads it as a Blob named "blob", so the app never sees the file's name;
* ``process.exit(0)`` at the end: the client keeps the app's heartbeat stream open (apps with
  State) and ``client.close()`` does not close it, so node would never exit.

Values go as an object keyed by parameter name, unless a name is one a JavaScript object cannot
hold as its own key (``__proto__`` sets the prototype, so the client sends the default; an own
``hasOwnProperty`` breaks the client's lookup): then, and for unnamed endpoints, as a list in
order, which the client sends as it is. An endpoint named ``__proto__`` is called by its
fn_index: the client's name → index map is a plain object, which cannot hold that key.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import FileArg
from gradio_tui.core.snippets.common import (
    file_name,
    header,
    new_session_at,
    one_line,
    replayable,
    route,
    session_count,
    value_with_files,
)
from gradio_tui.core.textsafe import json_escaped

INDENT = "  "
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# Object.prototype's own names: a parameter named like one is not a safe object key.
PROTOTYPE_NAMES = frozenset({
    "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
    "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
    "toString", "valueOf",
})


def literal(value: Any) -> str:
    """JSON is JavaScript. U+2028/U+2029 (line ends to JS before ES2019 and many editors), C1
    and bidi controls are written as ``\\uXXXX`` escapes: the same string, nothing raw shown."""
    return json_escaped(json.dumps(value, ensure_ascii=False))


def _key(name: str) -> str:
    return name if IDENTIFIER.match(name) else literal(name)


def _file(fa: FileArg) -> str:
    if fa.is_url:
        return f"handle_file({literal(fa.source)})"
    return f"handle_file(new File([await readFile({literal(fa.source)})], {literal(file_name(fa.source))}))"


def _value(record: CallRecord, param: str) -> str:
    """The value's literal, with ``handle_file(...)`` at the place of each file: marker strings
    go in first and their JSON (a plain quoted word) is swapped for the expression."""
    code: dict[str, str] = {}

    def mark(fa: FileArg) -> str:
        marker = f"@@file{uuid.uuid4().hex}@@"
        code[json.dumps(marker)] = _file(fa)
        return marker

    text = literal(value_with_files(record, param, mark))
    for marker, expression in code.items():
        text = text.replace(marker, expression)
    return text


def _predict(record: CallRecord, first: bool) -> list[str]:
    by_name = bool(record.api_name) and record.api_name != "__proto__"
    endpoint = literal(f"/{record.api_name}") if by_name else str(record.fn_index)
    assign = "let result = " if first else "result = "
    if not record.params:
        call = [f"{assign}await client.predict({endpoint});"]
    elif not by_name or PROTOTYPE_NAMES.intersection(record.params):
        # No name (the client cannot match names), or a name no object can hold as its own key:
        # the values go as a list, in order.
        values = [_value(record, p) for p in record.params]
        call = [f"{assign}await client.predict({endpoint}, [", *[f"{INDENT}{v}," for v in values], "]);"]
    else:
        items = [f"{INDENT}{_key(p)}: {_value(record, p)}," for p in record.params]
        call = [f"{assign}await client.predict({endpoint}, {{", *items, "});"]
    if record.event_data is not None:
        call = _submit_with_event_data(record, call, assign)
    return [*call, "console.log(JSON.stringify(result.data));"]


def _submit_with_event_data(record: CallRecord, call: list[str], assign: str) -> list[str]:
    """``predict`` sends no event data: ``client.submit(endpoint, data, event_data,
    trigger_id)`` does (@gradio/client 1.x/2.x), and the loop keeps its last data message."""
    head = call[0].replace(f"{assign}await client.predict(", "for await (const message of client.submit(", 1)
    event = f"{literal(record.event_data)}, {literal(record.trigger_id)}"
    if len(call) == 1:                          # no parameters: predict(endpoint);
        head = head[:-2] + f", {{}}, {event})) {{"
        body = [head]
    else:                                       # the data's closing line: "});" or "]);"
        body = [head, *call[1:-1], call[-1][:-2] + f", {event})) {{"]
    first = assign.startswith("let")
    return [
        f"// {one_line(record.event or 'event', 40)} event data goes through client.submit (predict sends none).",
        *(["let result;"] if first else []),
        "{",
        f"{INDENT}let complete = false;",
        *[f"{INDENT}{text}" for text in body],
        f"{INDENT * 2}if (message.type === \"data\") result = message;",
        f"{INDENT * 2}if (message.type === \"status\" && message.stage === \"error\") "
        f"throw new Error(message.message ?? \"the call failed\");",
        f"{INDENT * 2}if (message.type === \"status\" && message.stage === \"complete\") complete = true;",
        f"{INDENT * 2}if (complete && result) break;",
        f"{INDENT}}}",
        "}",
    ]


def render_calls(records: list[CallRecord], *, recorder: bool) -> str:
    plan = replayable(records, recorder)
    records = plan.records
    first = records[0]
    login = any(r.needs_login for r in records)
    token = any(r.needs_token for r in records)
    local_files = any(not f.is_url for r in records for f in r.files)
    out = header(plan, recorder=recorder, comment="//",
                 how_to_run="// npm install @gradio/client, save as snippet.mjs, run: node snippet.mjs")
    if any(not r.api_name for r in records):
        out.append("// Unnamed endpoints are called by fn_index; @gradio/client refuses private ones.")
    names = "Client, handle_file" if any(r.files for r in records) else "Client"
    out.append(f'import {{ {names} }} from "@gradio/client";')
    if local_files:
        out.append('import { readFile } from "node:fs/promises";')
    out.append("")
    options = []
    if token:
        options.append("token: process.env.HF_TOKEN")
    if login:
        options.append("auth: [process.env.GRADIO_USERNAME, process.env.GRADIO_PASSWORD]")
    opts = f", {{ {', '.join(options)} }}" if options else ""
    connect = f"await Client.connect({literal(first.target)}{opts});"
    several = recorder and session_count(records) > 1
    out.append(f"{'let' if several else 'const'} client = {connect}")
    for index, record in enumerate(records):
        out.append("")
        if recorder and new_session_at(records, index):
            out += ["// The session was reset here (ctrl+n): a new client, a new session; State starts over.",
                    f"client = {connect}", ""]
        if recorder:
            out.append(f"// {one_line(route(record))}")
        out += _predict(record, first=index == 0)
    out += ["", "// The client keeps the app's heartbeat stream open: end the script here.", "process.exit(0);"]
    return "\n".join(out) + "\n"
