"""curl snippets: POSIX sh (bash, dash, zsh, busybox), curl, sed and awk — no jq.

Three forms (``common.call_form``):

* ``call``: ``EVENT_ID=$(curl -X POST $API/call/NAME -d '{"data": […]}' | sed …)``, then
  ``curl -N $API/call/NAME/$EVENT_ID`` and awk prints the ``complete`` event's data (an
  ``error`` event goes to stderr, exit 1). A State call sends ``"session_hash"`` (6.18 and
  later find its stream by event id).
* ``call+queue``: State before 6.18 — the same POST with a session_hash, but the result comes
  from ``$API/queue/data?session_hash=…`` (the ``/call`` GET answers 404 there, protocol §2.4):
  awk prints ``output.data`` of that event's ``process_completed`` message.
* ``queue``: an unnamed endpoint, or a server older than 4.20 (no ``/call``): ``POST
  $API/queue/join`` with the fn_index and the full input list, read like ``call+queue``.

Files are uploaded first (``curl -F files=@…`` to ``$API/upload``) and passed as FileData; a
login posts ``$GRADIO_USERNAME`` / ``$GRADIO_PASSWORD`` to ``$ROOT/login`` (never prefixed) into
a cookie jar; a Space that needs a token gets ``X-HF-Authorization: Bearer $HF_TOKEN``.
Every value is one ``shlex.quote``d word; JSON bodies come from ``json.dumps``, with what a
terminal could act on (C1, bidi controls, …) as ``\\uXXXX`` escapes; other words spell such
characters with ``printf`` octal escapes (``$'…'`` is not POSIX sh), so the script shows none of
them raw and still sends exactly the same characters. Values known
only when the script runs (uploaded paths, the session hash) are spliced into the quoted JSON
as ``"$VAR"`` words, where the shell expands them without re-reading them.
"""

from __future__ import annotations

import json
import re
import shlex
import uuid
from typing import Any
from urllib.parse import quote as urlquote

from gradio_tui.core.history import CallRecord
from gradio_tui.core.protocol.filedata import FileArg, uploaded_filedata
from gradio_tui.core.snippets.common import (
    CALL,
    CALL_QUEUE,
    QUEUE,
    call_form,
    file_name,
    header,
    input_slots,
    new_session_at,
    one_line,
    one_segment,
    replayable,
    route,
    url_filedata,
    value_with_files,
)
from gradio_tui.core.textsafe import UNSAFE_CHARS, json_escaped

# Shell functions the script defines when it needs them. Each reads an SSE stream on stdin.
CALL_RESULT_FN = r"""# Prints the data of the stream's "complete" event; an "error" event goes to stderr (exit 1).
call_result() {
  awk '{ sub(/\r$/, "") }
    done { next }
    /^event:/ { event = $2; next }
    /^data:/ && event == "complete" { sub(/^data: ?/, ""); print; done = 1; next }
    /^data:/ && event == "error" { sub(/^data: ?/, ""); print "error: " $0 | "cat >&2"; done = 2; next }
    END { if (!done) print "the stream ended without a result" | "cat >&2"; exit (done == 1 ? 0 : 1) }'
}"""

QUEUE_RESULT_FN = r"""# Prints output.data of event $1's "process_completed" message on the session's stream
# (an error goes to stderr, exit 1). Each message is one JSON object on a "data:" line.
queue_result() {
  awk -v id="$1" '{ sub(/\r$/, "") }
    done || !/^data:/ { next }
    { line = $0; sub(/^data: ?/, "", line) }
    line ~ /"msg": *"unexpected_error"/ { print "error: " line | "cat >&2"; done = 2; next }
    line !~ /"msg": *"process_completed"/ || line !~ ("\"event_id\": *\"" id "\"") { next }
    !match(line, /"output": *\{ *"data": */) { print "error: " line | "cat >&2"; done = 2; next }
    {
      rest = substr(line, RSTART + RLENGTH); s = rest; n = 0
      while (match(s, /, *"is_generating": */)) { n += RSTART; s = substr(s, RSTART + 1) }
      print (n ? substr(rest, 1, n - 1) : rest); done = 1
    }
    END { if (!done) print "the stream ended without a result" | "cat >&2"; exit (done == 1 ? 0 : 1) }'
}"""

EVENT_ID_SED = r"""sed -n 's/.*"event_id": *"\([^"]*\)".*/\1/p'"""
UPLOAD_SED = r"""sed -n 's/^\[ *"\(.*\)" *\]$/\1/p'"""
SESSION_HASH_LINE = ('SESSION_HASH=${SESSION_HASH:-$(od -An -N8 -tx1 /dev/urandom | tr -d \' \\n\')}')
NEW_SESSION_HASH_LINE = "SESSION_HASH=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \\n')"


def q(value: str) -> str:
    """One shell word, always quoted (so a reader sees where it starts and ends); characters a
    terminal could act on are spliced in as ``"$(printf '\\342\\200\\256')"``."""
    if UNSAFE_CHARS.search(value) is None:
        return _quoted(value)
    out, pos = [], 0
    for run in re.finditer(f"{UNSAFE_CHARS.pattern}+", value):
        if run.start() > pos:
            out.append(_quoted(value[pos:run.start()]))
        octal = "".join(f"\\{byte:03o}" for byte in run.group().encode("utf-8"))
        out.append(f'"$(printf \'{octal}\')"')
        pos = run.end()
    if pos < len(value):
        out.append(_quoted(value[pos:]))
    return "".join(out)


def _quoted(value: str) -> str:
    quoted = shlex.quote(value)
    return quoted if quoted.startswith("'") else f"'{value}'"


class _Splicer:
    """JSON text with shell variables spliced in: ``'{"path": "'"$FILE_1"'"}'``.

    A value that is only known when the script runs is put in the JSON as a unique marker
    string; ``word()`` cuts the JSON at the markers' quotes and joins single-quoted pieces with
    ``"$VAR"``. The variable must hold JSON string *content* (already escaped), which is what
    the upload's response gives and what a hex session hash is.
    """

    def __init__(self) -> None:
        self._vars: dict[str, str] = {}

    def var(self, name: str) -> str:
        marker = f"@@{uuid.uuid4().hex}@@"
        self._vars[marker] = name
        return marker

    def word(self, value: Any) -> str:
        text = json_escaped(json.dumps(value, ensure_ascii=False))
        if not self._vars:
            return q(text)
        pieces = re.split("(" + "|".join(map(re.escape, self._vars)) + ")", text)
        out = []
        for index, piece in enumerate(pieces):
            if index % 2:
                out.append(f'"${self._vars[piece]}"')
            elif piece:
                out.append(q(piece))
        return "".join(out)


def api_url(path: str, tail: str = "") -> str:
    """``"$API/call/name"`` (+ ``tail``, shell text such as ``/$EVENT_ID``): the path is
    percent-encoded and shell-quoted when it is not plain."""
    encoded = urlquote(path, safe="/")
    if re.fullmatch(r"[A-Za-z0-9_./-]*", encoded):
        return f'"$API{encoded}{tail}"'
    return f'"$API"{q(encoded)}' + (f'"{tail}"' if tail else "")


def fail(message: str) -> str:
    return f"{{ printf '%s\\n' {q(one_line(message, 120))} >&2; exit 1; }}"


class _Script:
    def __init__(self, records: list[CallRecord]) -> None:
        self.first = records[0]
        self.login = any(r.needs_login for r in records)
        self.token = any(r.needs_token for r in records)
        self.file_count = 0

    def curl_opts(self) -> list[str]:
        opts = []
        if self.login:
            opts.append('-b "$JAR"')
        if self.token:
            opts.append('-H "$HF_AUTH"')
        return opts

    def command(self, first: str, *lines: str) -> str:
        """A curl command with the shared options; long ones continue over lines."""
        head = " ".join([first, *self.curl_opts()])
        flat = " ".join([head, *lines])
        if len(flat) <= 88 and "\n" not in flat:
            return flat
        return " \\\n  ".join([head, *lines])


def render_calls(records: list[CallRecord], *, recorder: bool) -> str:
    plan = replayable(records, recorder)
    records = plan.records
    script = _Script(records)
    first = script.first
    forms = [call_form(r) for r in records]
    out: list[str] = ["#!/bin/sh"]
    out += header(plan, recorder=recorder, comment="#",
                  how_to_run="# Runs under bash or any POSIX sh; needs curl, sed and awk (no jq).",
                  target=first.target if first.is_space else first.root, session="in one session")
    out += ["set -eu", ""]

    if script.token:
        out.append(': "${HF_TOKEN:?set HF_TOKEN to a Hugging Face token that can read this Space}"')
        out.append('HF_AUTH="X-HF-Authorization: Bearer $HF_TOKEN"')
    out.append(f"ROOT={q(first.root)}")
    prefix = first.api_prefix
    out.append(f'API="$ROOT{prefix}"' if re.fullmatch(r"[A-Za-z0-9_./-]*", prefix) else f'API="$ROOT"{q(prefix)}')
    has_hash = any(f != CALL or r.uses_state for f, r in zip(forms, records))
    if has_hash:
        out.append("# One session for the script: State lives under this hash (set SESSION_HASH to continue one).")
        out.append(SESSION_HASH_LINE)
    if script.login:
        out += [
            "",
            "# Log in (the login route is at the app's root, never under the API prefix); the cookie",
            "# jar carries the session to every request below.",
            ': "${GRADIO_USERNAME:?set GRADIO_USERNAME and GRADIO_PASSWORD}" "${GRADIO_PASSWORD:?set GRADIO_PASSWORD}"',
            "JAR=$(mktemp)",
            "trap 'rm -f \"$JAR\"' EXIT",
            script.command('curl -sSf -o /dev/null -c "$JAR"', '"$ROOT/login"',
                           '--data-urlencode "username=$GRADIO_USERNAME"',
                           '--data-urlencode "password=$GRADIO_PASSWORD"')
            + " \\\n  || { echo 'login failed: check GRADIO_USERNAME and GRADIO_PASSWORD' >&2; exit 1; }",
        ]
    if CALL in forms:
        out += ["", CALL_RESULT_FN]
    if QUEUE in forms or CALL_QUEUE in forms:
        out += ["", QUEUE_RESULT_FN]
    for index, (record, form) in enumerate(zip(records, forms)):
        out.append("")
        if recorder and new_session_at(records, index) and has_hash:
            out += ["# The session was reset here (ctrl+n): a new session_hash; State starts over.",
                    NEW_SESSION_HASH_LINE, ""]
        out += _call_block(script, record, form, recorder)
    return "\n".join(out) + "\n"


def _call_block(script: _Script, record: CallRecord, form: str, recorder: bool) -> list[str]:
    lines: list[str] = []
    name = record.api_name or ""
    if recorder:
        lines.append(f"# {one_line(route(record))}")
    if form == QUEUE:
        if record.event_data is not None:
            why = f"the {record.event or 'event'}'s data goes only through the queue; /call takes none"
        elif not record.api_name:
            why = "the endpoint has no name, so no /call route"
        elif not one_segment(record.api_name):
            why = "no /call URL can address a name with a '/' or a dot segment"
        else:
            why = f"Gradio {record.gradio_version} has no /call route (added in 4.20)"
        lines.append(f"# Queue protocol ({one_line(why)}): join, then read the session's stream.")
    elif form == CALL_QUEUE:
        version = one_line(record.gradio_version)
        lines.append(f"# State: the call carries the session hash. Gradio {version} (< 6.18) only")
        lines.append("# delivers such a call on the session's stream, not on GET /call/…/$EVENT_ID.")
    if record.uses_state:
        lines.append("# The State output comes back as null.")

    splicer = _Splicer()

    def upload(fa: FileArg) -> dict[str, Any]:
        if fa.is_url:
            return url_filedata(fa.source)
        script.file_count += 1
        var = f"FILE_{script.file_count}"
        spec = fa.source.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f"# Upload {one_line(fa.source)} for {one_line(fa.param)}; the server answers [\"<its path>\"].")
        lines.append(f"{var}=$(" + script.command("curl -sS", api_url("/upload"), "-F " + q(f'files=@"{spec}"'))
                     + f" | {UPLOAD_SED})")
        lines.append(f'[ -n "${var}" ] || ' + fail("upload of " + fa.source + " failed"))
        return uploaded_filedata(splicer.var(var), file_name(fa.source))

    values = {param: value_with_files(record, param, upload) for param in record.params}

    if form == QUEUE:
        data = [None if slot is None else values.get(slot) for slot in input_slots(record)]
        body = {"data": data, "fn_index": record.fn_index, "session_hash": splicer.var("SESSION_HASH")}
        if record.event_data is not None:
            body["event_data"] = record.event_data
            body["trigger_id"] = record.trigger_id
        post = api_url("/queue/join")
    else:
        # /call takes the full input list; State slots go as null (4.x/5.x refuse a list without them).
        data = [None if slot is None else values.get(slot) for slot in input_slots(record)]
        body = {"data": data}
        if record.uses_state:
            body["session_hash"] = splicer.var("SESSION_HASH")
        post = api_url(f"/call/{name}")
    label = route(record)
    lines.append("EVENT_ID=$(" + script.command("curl -sS -X POST", post, "-H 'Content-Type: application/json'",
                                                f"-d {splicer.word(body)}") + f" \\\n  | {EVENT_ID_SED})")
    lines.append('[ -n "$EVENT_ID" ] || ' + fail(f"no event id: the POST of {label} failed"))
    if form == CALL:
        lines.append(script.command("curl -sSN", api_url(f"/call/{name}", "/$EVENT_ID")) + " | call_result")
    else:
        lines.append(script.command("curl -sSN", api_url("/queue/data", "?session_hash=$SESSION_HASH"))
                     + ' | queue_result "$EVENT_ID"')
    return lines
