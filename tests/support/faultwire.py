"""Hostile JSON for the fault server (``tests/support/faultserver.py``): what Python parses but cannot
print or store, sent as literal wire text so that no encoder of ours cleans it first.

    fs.script = lambda eid, body: [estimation_raw(eid, rank=HUGE), completed_raw(eid, '["a\\ud800"]')]
    json_route(fs, "/monitoring/summary", '{"functions": ...}')
    code, out, err = run_cli("call", fs.url, "/predict", '["x"]', "--json")   # a real process: bytes
    strict_json_lines(out); terminal_safe(out + err)

Values: ``HUGE`` (``10**400``: overflows ``float()`` and ``format()``), ``NON_FINITE`` (``NaN``,
``Infinity``), ``SURROGATES`` (a lone high and a lone low surrogate; ``\\udc9b`` leaves Python's
surrogateescape as the raw byte 0x9b, an 8-bit CSI), ``deep(n)`` (a list nested ``n`` deep).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

from tests.support.faultserver import FAULT_LOG, reply

HUGE = str(10 ** 400)
NON_FINITE = "[NaN, Infinity, -Infinity]"
SURROGATES = '"a\\ud800b\\udc9bc"'


def deep(n: int, leaf: str = "1") -> str:
    return "[" * n + leaf + "]" * n


def frame(text: str) -> tuple[str, bytes]:
    """One ``data:`` frame with ``text`` as is (a ``("raw", bytes)`` step)."""
    return ("raw", b"data: " + text.encode("utf-8") + b"\n\n")


def estimation_raw(eid: str, rank: str = "0", queue_size: str = "1", eta: str = "null") -> tuple[str, bytes]:
    return frame(f'{{"msg": "estimation", "event_id": "{eid}", "rank": {rank}, "queue_size": {queue_size}, '
                 f'"rank_eta": {eta}}}')


def starts_raw(eid: str, eta: str = "null") -> tuple[str, bytes]:
    return frame(f'{{"msg": "process_starts", "event_id": "{eid}", "eta": {eta}}}')


def progress_raw(eid: str, index: str, length: str) -> tuple[str, bytes]:
    return frame(f'{{"msg": "progress", "event_id": "{eid}", "progress_data": [{{"index": {index}, '
                 f'"length": {length}, "unit": "steps", "progress": null, "desc": null}}]}}')


def log_raw(eid: str, message: str) -> tuple[str, bytes]:
    return frame(f'{{"msg": "log", "event_id": "{eid}", "log": {message}, "level": "info", "title": null}}')


def completed_raw(eid: str, data: str, duration: str = "0.01", average: str = "0.01") -> tuple[str, bytes]:
    return frame(f'{{"msg": "process_completed", "event_id": "{eid}", "success": true, "output": '
                 f'{{"data": {data}, "is_generating": false, "duration": {duration}, '
                 f'"average_duration": {average}}}}}')


def json_route(fs: Any, path: str, text: str, method: str = "GET", status: int = 200) -> None:
    """Answer ``method path`` with ``text`` as the JSON body (literal, unchecked)."""
    async def route(scope, receive, send, body):
        await reply(send, status, text.encode("utf-8"))
    fs.routes[(method, path)] = route


def fault(name: str) -> None:
    FAULT_LOG.append(name)


# --- checking what reached the terminal ----------------------------------------------------------

def run_cli(*argv: str, env: dict[str, str] | None = None, stdin: bytes | None = None,
            timeout: float = 60) -> tuple[int, bytes, bytes]:
    """The CLI in a real process (bytes as a terminal would get them), C locale by default:
    Python then writes with surrogateescape, the mode where ``\\udc9b`` became a raw 0x9b."""
    full_env = {**os.environ, "LC_ALL": "C", "LANG": "C", **(env or {})}
    full_env.pop("GRADIO_TUI_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "gradio_tui", *argv], input=stdin, capture_output=True,
                          env=full_env, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


_C1_OR_ESC = re.compile("[\x1b\x80-\x9f]")


def terminal_safe(data: bytes) -> str:
    """``data`` is valid UTF-8 with no ESC and no C1 control (raw or encoded), and no traceback
    or "internal error": returns it decoded."""
    text = data.decode("utf-8")          # raises on a raw 0x9b or an encoded surrogate
    assert not _C1_OR_ESC.search(text), repr(text[:300])
    assert "Traceback" not in text and "internal error" not in text, text[-600:]
    return text


def _no_constant(name: str) -> Any:
    raise AssertionError(f"not JSON: {name}")


def strict_json_lines(text: str) -> list[Any]:
    """Every non-empty line parsed by a strict parser (``NaN`` / ``Infinity`` refused)."""
    return [json.loads(line, parse_constant=_no_constant) for line in text.splitlines() if line.strip()]
