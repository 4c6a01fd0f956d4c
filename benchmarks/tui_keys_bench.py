"""§5a': key latency during a 10,000-event stream as a user has it, in a pseudo-terminal (issue 16).

``gradio-tui URL`` runs in a 140×45 pty on the gen test app: ``/stream_many`` (n = 10,000), ctrl+r,
then ↑ in the ``n`` field every 50 ms while it streams. A key is answered when the stepped value is
read back from the terminal, so the app's read, its action, the frame and the write are all inside
its latency (the headless §5a times only the key's action). ``tui_bench.py ptykeys [RUNS]`` runs it
alone; ``GRADIO_TUI_BENCH_ROOT`` points it at another checkout (the "before" column).
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

from benchmarks.tui_bench import APP_ROOT, KEY_EVERY, _cpu_seconds, _pct, _quiet_env

# The gen app's /stream_many form: its one field, n, defaults to 10,000 (what is streamed). ↑ in
# that field steps it: 10001, 10002, … are drawn by the app and never streamed (the stream yields
# "1" … "10000"), so each one read back from the terminal is that key's answer.
STREAM_FORM = b"10000"
UP, DOWN, F3, F4, CTRL_R = b"\x1b[A", b"\x1b[B", b"\x1bOR", b"\x1bOS", b"\x12"
DONE_MARKER = b"done in"


class _Pty:
    """A child in a 140×45 pseudo-terminal, read as it writes (a terminal that keeps up)."""

    def __init__(self, argv: list[str], env: dict) -> None:
        import fcntl
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
        self.proc = subprocess.Popen([sys.executable, *argv], stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=str(APP_ROOT), start_new_session=True, close_fds=True)
        os.close(slave)
        self.tail = b""

    def send(self, keys: bytes) -> float:
        os.write(self.master, keys)
        return time.perf_counter()

    def until(self, markers: tuple[bytes, ...], timeout: float) -> tuple[bytes | None, float]:
        """Read until one of ``markers`` is written (searched only in what comes after the call):
        the marker and when it was read; ``(None, now)`` at the timeout."""
        self.tail = b""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None, time.perf_counter()
            if not select.select([self.master], [], [], min(left, 0.05))[0]:
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                return None, time.perf_counter()
            now = time.perf_counter()
            window = self.tail + chunk
            for marker in markers:
                if marker in window:
                    self.tail = window[window.index(marker) + len(marker):]
                    return marker, now
            self.tail = window[-64:]

    def close(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.master)


def pty_stream_once(url: str, timeout: float = 120.0, argv: list[str] | None = None) -> dict:
    """``gradio-tui URL`` in a pty: open ``/stream_many`` (n = 10,000), ctrl+r, then ↑ in the n
    field every 50 ms while it streams; a key's latency = its bytes written → the new value read
    back from the terminal (the app read it, stepped the field, and drew it). One key at a time:
    the next goes 50 ms after the last, or as soon as that one is answered if it took longer.
    ``argv``: what python runs instead of ``-m gradio_tui URL`` (a wrapper that traces it)."""
    with tempfile.TemporaryDirectory(prefix="gradio-tui-bench-") as data:
        env = _quiet_env(data)
        for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env.pop(key)
        term = _Pty(argv or ["-m", "gradio_tui", url], env)
        try:
            if term.until((b"Delay",), 60)[0] is None:
                raise RuntimeError(f"no form drawn; tail {term.tail!r}")
            term.send(F3)
            for _ in range(6):                 # down the list to /stream_many (its n: 10000)
                time.sleep(0.2)
                term.send(DOWN)
                if term.until((STREAM_FORM,), 2)[0]:
                    break
            else:
                raise RuntimeError("/stream_many not found in the endpoint list")
            time.sleep(0.3)
            term.send(F4)
            time.sleep(0.3)
            c0, t0 = _cpu_seconds(term.proc.pid), term.send(CTRL_R)
            latencies, when, value, unanswered, done = [], [], 10000, 0, None
            deadline = t0 + timeout
            while done is None and time.perf_counter() < deadline:
                value += 1
                want = str(value).encode()
                sent = term.send(UP)
                seen, at = term.until((DONE_MARKER, want), 2.0)
                if seen == DONE_MARKER:        # the stream ended first: this key is not counted
                    done = at
                    break
                if seen is None:
                    unanswered += 1
                    break
                latencies.append(at - sent)
                when.append(sent - t0)
                pause = sent + KEY_EVERY - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            if done is None:
                seen, done = term.until((DONE_MARKER,), max(1.0, deadline - time.perf_counter()))
                if seen is None:
                    raise RuntimeError(f"the stream did not complete; tail {term.tail!r}")
            cpu = _cpu_seconds(term.proc.pid) - c0
        finally:
            term.close()
    worst_at = when[latencies.index(max(latencies))] if latencies else None
    return {"wall": done - t0, "cpu": cpu, "latencies": latencies, "unanswered": unanswered, "worst_at": worst_at,
            "sent_at": [t0 + w for w in when]}       # perf_counter: CLOCK_MONOTONIC, the child's clock too


def key_stats(latencies: list[float]) -> dict:
    """Median, p95, p99 and worst of key latencies, in ms."""
    if not latencies:
        return {"keys": 0}
    return {"keys": len(latencies), "median": statistics.median(latencies) * 1000,
            "p95": _pct(latencies, 0.95) * 1000, "p99": _pct(latencies, 0.99) * 1000, "worst": max(latencies) * 1000}


def bench_pty_keys(url: str, rounds: int) -> list[str]:
    """``pty_stream_once`` ``rounds`` times (a fresh ``gradio-tui URL`` each): the keys of all runs."""
    lat: list[float] = []
    per_round, cpu, wall, unanswered = [], [], [], 0
    for _ in range(rounds):
        r = pty_stream_once(url)
        lat += r["latencies"]
        per_round.append(max(r["latencies"]) if r["latencies"] else float("nan"))
        cpu.append(r["cpu"])
        wall.append(r["wall"])
        unanswered += r["unanswered"]
    k = key_stats(lat)
    lines = [f"`gradio-tui URL` in a 140×45 pty, {rounds} run(s): `/stream_many` (10,000 yields), ↑ in its `n` field "
             f"every {KEY_EVERY * 1000:.0f} ms while it streams; latency = the key's bytes written → the stepped value "
             "read back from the terminal. The TUI's CPU from ctrl+r to `done in` on screen: "
             f"median {statistics.median(cpu):.2f} s over {statistics.median(wall):.2f} s.", "",
             "| keys | median ms | p95 ms | p99 ms | worst ms | worst per run ms |", "|---:|---:|---:|---:|---:|---|"]
    if lat:
        lines.append(f"| {k['keys']} | {k['median']:.1f} | {k['p95']:.1f} | {k['p99']:.1f} | {k['worst']:.1f} | "
                     f"{', '.join(f'{w * 1000:.0f}' for w in per_round)} |")
        from benchmarks.targets import check

        check("key latency during a 10,000-event stream, in a pty", "p99 < 50 ms, worst < 100 ms",
              f"p99 {k['p99']:.0f} ms, worst {k['worst']:.0f} ms ({k['keys']} keys)",
              k["p99"] < 50 and k["worst"] < 100)
    if unanswered:
        lines.append(f"\n{unanswered} key(s) not answered within 2 s.")
    return lines
