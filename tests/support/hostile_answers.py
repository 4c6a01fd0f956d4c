"""Hostile answers for the fault server's routes (``FaultServer.routes[(method, path)] = …``).

Each builder returns an ASGI route ``(scope, receive, send, body)`` that answers in a way meant
to exhaust the client: a trickle (slowloris), an endless body, a compression bomb. They stop when
the client goes (``send`` raises). ``cli_run`` runs the CLI in a child process and measures what
the attack cost: its exit code, its output, its peak RSS and how long it took.

    fs.routes[("GET", "/config")] = trickle(json.dumps(make_config()).encode(), every=2)
    result = cli_run("api", fs.url, "--timeout", "3")
    assert result.code == 3 and result.seconds < 10
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.faultserver import send_body

Route = Callable[..., Any]


async def _start(send: Callable, status: int, content_type: str, extra: list[tuple[bytes, bytes]] = ()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), *extra]})


def trickle(body: bytes, every: float, status: int = 200, content_type: str = "application/json") -> Route:
    """Headers at once, then ``body`` one byte every ``every`` seconds."""
    async def route(scope, receive, send, request_body) -> None:
        import asyncio

        await _start(send, status, content_type)
        for byte in body:
            await send_body(send, bytes([byte]))
            await asyncio.sleep(every)
        await send_body(send, b"", more=False)
    return route


def endless(status: int = 200, content_type: str = "application/json", head: bytes = b'{"version": "',
            chunk: bytes = b"x" * 65536, upto: int | None = None) -> Route:
    """A body that never ends (``head`` then ``chunk`` forever), as fast as the client reads;
    or ends after ``upto`` bytes (for an in-process client that would otherwise read it all)."""
    async def route(scope, receive, send, request_body) -> None:
        await _start(send, status, content_type)
        await send_body(send, head)
        sent = 0
        while upto is None or sent < upto:
            await send_body(send, chunk)
            sent += len(chunk)
        await send_body(send, b"", more=False)
    return route


@functools.lru_cache(maxsize=4)
def gzip_bomb(inflated: int) -> bytes:
    """A gzip body of ``inflated`` bytes of JSON-ish text (spaces): ~1,000 times smaller."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * (1024 * 1024)
    parts = [packer.compress(b'{"version": "6.31.0", "pad": "')]
    for _ in range(inflated // len(block)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b'"}'))
    parts.append(packer.flush())
    return b"".join(parts)


def gzipped(body: bytes, status: int = 200) -> Route:
    async def route(scope, receive, send, request_body) -> None:
        await _start(send, status, "application/json",
                     [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())])
        await send_body(send, body, more=False)
    return route


# --- the client under attack: the CLI in a child process -------------------------------------------

_WRAPPER = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
code = subprocess.call(sys.argv[2:])
print(f"\\nPEAK_RSS_KIB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


@dataclass
class CliRun:
    code: int
    out: str
    err: str
    peak_rss: int        # bytes, of the CLI process alone
    seconds: float


def cli_run(*argv: str, env: dict[str, str] | None = None, give_up: float = 60,
            address_space: int = 4 * 1024 ** 3, stdin: Any = None) -> CliRun:
    """``gradio-tui ARGV`` in a child (its own process group, killed after ``give_up`` s), its
    address space capped (so a client that would eat the machine dies instead)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(address_space), sys.executable, "-m",
                             "gradio_tui", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True, stdin=stdin)
    try:
        out, err = proc.communicate(timeout=give_up)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(f"gradio-tui {' '.join(argv)[:200]} still ran after {give_up} s") from None
    seconds = time.monotonic() - started
    err, _, peak = err.rpartition("\nPEAK_RSS_KIB ")
    return CliRun(proc.returncode, out, err, int(peak.strip() or 0) * 1024, seconds)
