"""The TUI's rows of ``benchmarks/run.py``: streaming through the TUI, cold start, RSS after a long stream.

``run(server, args)`` returns ``[(title, markdown_lines), ...]``; ``server`` is run.py's Gradio 6
``GradioServer`` (with the ``gen`` app). Everything runs headless or in a pseudo-terminal; no
code in ``gradio_tui`` is changed for it.

    5a. Streaming through the TUI (``App.run_test``): ctrl+r → the completed event is in the
        log and painted; client CPU (``process_time``); a harmless key (an extra, bench-only
        app binding) pressed every 50 ms while it streams, latency = key sent → its action runs.
        Interleaved with run.py's raw httpx-sse ``drain_raw`` in the same process.
    5a'. The same keys as a user has them, in a pty: ``benchmarks/tui_keys_bench.py``.
    5b. Cold start: ``python -m gradio_tui`` in a pty (no network: proxies point at a dead port,
        ``HF_HUB_OFFLINE=1``, empty data dir, bytecode compiled) until the search screen's title
        is written to the terminal; the child's peak RSS (VmHWM) at that moment. Interleaved
        with a minimal Textual app that draws the same title: the framework's floor here.
    5c. Peak RSS after a long stream through the TUI: a child process (``python
        benchmarks/tui_bench.py rss URL N``) streams N events headless and reports its RSS.
"""

from __future__ import annotations

import asyncio
import gc
import json
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The checkout whose gradio_tui the pty benches start (``python -m`` from there): another one,
# e.g. ``git worktree add /tmp/before HEAD~3``, gives the "before" column.
APP_ROOT = Path(os.environ.get("GRADIO_TUI_BENCH_ROOT") or ROOT)
KEY_EVERY = 0.05
PING_KEY = "f19"
COLD_MARKER = b"find a Space on the Hub"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _bench_app_class():
    from textual.binding import Binding

    from gradio_tui.tui.app import GradioTuiApp

    class BenchApp(GradioTuiApp):
        """The real app plus one bench-only binding whose action records the key's latency."""

        BINDINGS = [Binding(PING_KEY, "bench_ping", "ping", show=False)]
        CSS_PATH = [str(Path(sys.modules[GradioTuiApp.__module__].__file__).parent / path)
                    for path in GradioTuiApp.CSS_PATH]

        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, remember_targets=False, **kw)
            self.sent: list[float] = []          # FIFO of send times (keys are handled in order)
            self.latencies: list[float] = []
            self.when: list[float] = []          # send time of each answered key

        def action_bench_ping(self) -> None:
            if self.sent:
                now = time.perf_counter()
                sent = self.sent.pop(0)
                self.latencies.append(now - sent)
                self.when.append(sent)

    return BenchApp


async def _until(condition, timeout: float, what: str, step: float = 0.005) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(step)


async def tui_stream_once(url: str, n: int, ping: bool = True, profiler=None) -> dict:
    """One headless TUI run of ``/stream_many(n)``: wall to the painted completion, CPU, key latencies.

    ``profiler`` (a ``cProfile.Profile``) is enabled from ctrl+r to the painted completion only."""
    from textual import events

    from gradio_tui.tui.widgets.event_log import EventLog
    from tests.support.pilot import SIZE, open_endpoint, panel, screen_of, until_connected

    app = _bench_app_class()(url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/stream_many", {"n": n})
        await pilot.pause(0.1)
        runs = panel(app).runs
        log = screen_of(app).query_one(EventLog)
        if profiler is not None:
            profiler.enable()
        c0, t0 = time.process_time(), time.perf_counter()
        app._driver.send_message(events.Key("ctrl+r", None))
        await _until(lambda: len(runs) > 0, 10, "the run to start")
        run = runs[-1]

        async def pinger() -> None:
            while True:
                await asyncio.sleep(KEY_EVERY)
                app.sent.append(time.perf_counter())
                app._driver.send_message(events.Key(PING_KEY, None))

        task = asyncio.ensure_future(pinger()) if ping else None

        def shown() -> bool:
            return not run.active and bool(log.lines) and log.lines[-1].split()[2:3] == ["complete"]

        try:
            try:
                await _until(shown, max(60.0, n / 500), "the completed event in the log", 0.01)
            except TimeoutError as err:
                tail = log.lines[-1] if log.lines else None
                raise TimeoutError(f"{err}: run {run.status}, {run.event_count} events, log tail {tail!r}") from None
        finally:
            if task:
                task.cancel()
        painted = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda: painted.done() or painted.set_result(None))
        await asyncio.wait_for(painted, 10)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if profiler is not None:
            profiler.disable()
        generating = run.counts["generating"]
        assert run.status == "complete" and generating == n, (run.status, generating)
        pending = len(app.sent)
        await pilot.pause(0.2)
        worst_at = (app.when[app.latencies.index(max(app.latencies))] - t0) if app.latencies else None
        out = {"wall": wall, "cpu": cpu, "latencies": list(app.latencies), "unanswered": pending, "worst_at": worst_at,
               "log_lines": len(log.lines)}
        await app.action_quit()
    return out


async def bench_tui_stream(url: str, n: int, rounds: int) -> tuple[list[str], dict]:
    from benchmarks.run import drain_core, drain_raw
    from gradio_tui.core.session import Session

    s = await Session.connect(url)
    ep = s.schema.endpoint("/stream_many")
    api = s.schema.api_root
    await s.aclose()
    raw_w, raw_c, core_w, core_c, tui_w, tui_c, lat, worst = [], [], [], [], [], [], [], []
    unanswered = 0
    await tui_stream_once(url, 300)      # warm-up: lazy imports and first-use caches are cold start, not streaming
    for _ in range(rounds):
        c0, t0 = time.process_time(), time.perf_counter()
        assert await drain_raw(url, api, ep.fn_index, n) >= n * 0.9
        raw_w.append(time.perf_counter() - t0)
        raw_c.append(time.process_time() - c0)
        c0, t0 = time.process_time(), time.perf_counter()
        assert await drain_core(url, n) >= n * 0.9
        core_w.append(time.perf_counter() - t0)
        core_c.append(time.process_time() - c0)
        gc.collect()                     # the last app's garbage is not this run's (a user's process has one app)
        r = await tui_stream_once(url, n)
        tui_w.append(r["wall"])
        tui_c.append(r["cpu"])
        lat += r["latencies"]
        worst.append(max(r["latencies"]) if r["latencies"] else float("nan"))
        unanswered += r["unanswered"]
        if os.environ.get("GRADIO_TUI_BENCH_DEBUG"):
            print(f"tui round: wall {r['wall']:.2f} cpu {r['cpu']:.2f} worst key at +{r['worst_at']:.2f}s",
                  file=sys.stderr)
    fw, fc = statistics.median(raw_w), statistics.median(raw_c)
    lines = [f"{n:,} yields of `/stream_many`, median of {rounds}; raw, core and TUI interleaved in one process.",
             "TUI = headless `run_test` (140×45): ctrl+r → the `complete` event's line in the event log and "
             "painted.", "",
             "| contender | wall s | × raw | client CPU s | × raw |", "|---|---:|---:|---:|---:|"]
    for name, w, c in (("raw httpx-sse (`drain_raw`)", raw_w, raw_c), ("core (`Session.submit`)", core_w, core_c),
                       ("TUI (`GradioTuiApp`, headless)", tui_w, tui_c)):
        mw, mc = statistics.median(w), statistics.median(c)
        lines.append(f"| {name} | {mw:.2f} | {mw / fw:.2f} | {mc:.2f} | {mc / fc:.2f} |")
    lines += ["", f"Key presses during the TUI streams (one every {KEY_EVERY * 1000:.0f} ms, "
                  "latency = key event sent → its action ran):", "",
              "| keys | median ms | p95 ms | p99 ms | worst ms | worst per round ms |",
              "|---:|---:|---:|---:|---:|---|"]
    if lat:
        lines.append(f"| {len(lat)} | {statistics.median(lat) * 1000:.1f} | {_pct(lat, 0.95) * 1000:.1f} | "
                     f"{_pct(lat, 0.99) * 1000:.1f} | {max(lat) * 1000:.1f} | "
                     f"{', '.join(f'{w * 1000:.0f}' for w in worst)} |")
    if unanswered:
        lines.append(f"\n{unanswered} key(s) still queued when the stream completed.")
    stats = {"wall_ratio": statistics.median(tui_w) / fw, "cpu_ratio": statistics.median(tui_c) / fc,
             "core_wall_ratio": statistics.median(core_w) / fw, "worst_key": max(lat) if lat else None}
    from benchmarks.targets import check

    check("streaming wall time through the core (§5a)", "≤ 1.1× raw", f"{stats['core_wall_ratio']:.2f}×",
          stats["core_wall_ratio"] <= 1.1)
    check("streaming wall time through the TUI", "≤ 1.2× raw", f"{stats['wall_ratio']:.2f}×",
          stats["wall_ratio"] <= 1.2)
    check("client CPU through the TUI", "≤ 3× raw", f"{stats['cpu_ratio']:.2f}×", stats["cpu_ratio"] <= 3)
    if lat:
        check("key-press latency during a stream", "< 100 ms",
              f"worst {max(lat) * 1000:.0f} ms (median {statistics.median(lat) * 1000:.1f}, "
              f"p95 {_pct(lat, 0.95) * 1000:.0f}; {len(lat)} keys)", max(lat) < 0.1)
    return lines, stats


# --- cold start --------------------------------------------------------------------------------

def _quiet_env(data_dir: str) -> dict:
    env = dict(os.environ)
    env.update({"GRADIO_TUI_DATA_DIR": data_dir, "HF_HUB_OFFLINE": "1", "TERM": "xterm-256color",
                "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
                "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
                "NO_PROXY": "", "no_proxy": "", "COLUMNS": "140", "LINES": "45"})
    env.pop("TEXTUAL", None)
    # An installed package has its bytecode compiled (pip and uv --compile-bytecode do it); this
    # sandbox sets PYTHONDONTWRITEBYTECODE, which would leave the editable gradio_tui/ uncompiled
    # and time the compiler on every run. The warm-up run writes the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# The floor: the smallest Textual app that draws the same title (what `import textual.app` and a
# first frame cost on this machine, before gradio-tui adds anything).
MINIMAL_APP = f"""
from textual.app import App
from textual.widgets import Footer, Input, Static
class Minimal(App):
    def compose(self):
        yield Static({COLD_MARKER.decode()!r})
        yield Input()
        yield Footer()
Minimal().run()
"""


def cold_start_once(python: str, env: dict, timeout: float = 30.0, argv: list[str] | None = None,
                    marker: bytes = COLD_MARKER) -> tuple[float, int]:
    """Seconds from spawn to ``marker`` (default: the search screen's title) on the terminal, and the
    child's peak RSS then (KiB)."""
    seen, hwm, _ = launch_once(python, env, timeout, argv, marker)
    return seen, hwm


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used (what a loaded machine inflates least)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch_once(python: str, env: dict, timeout: float = 30.0, argv: list[str] | None = None,
                marker: bytes = COLD_MARKER) -> tuple[float, int, float]:
    """``cold_start_once`` plus the child's CPU seconds when ``marker`` was seen."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen([python, *(argv or ["-m", "gradio_tui"])], stdin=slave, stdout=slave, stderr=slave,
                            env=env, cwd=str(APP_ROOT), start_new_session=True, close_fds=True)
    os.close(slave)
    seen, buf = None, b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            buf = buf[-200:] + chunk
            if marker in buf:
                seen = time.perf_counter() - t0
                break
        if seen is None:
            raise RuntimeError(f"no {marker!r} within {timeout:.0f} s; tail: {buf[-400:]!r}")
        cpu = _cpu_seconds(proc.pid)
        # VmHWM, not wait4's ru_maxrss: on Linux the latter keeps the pre-exec fork of this (big) parent
        hwm = int(next(line.split()[1] for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                       if line.startswith("VmHWM:")))
        os.write(master, b"\x11")             # ctrl+q
        end = time.monotonic() + 10
        while time.monotonic() < end:
            try:                               # keep draining so the child never blocks on write
                if select.select([master], [], [], 0.05)[0]:
                    os.read(master, 65536)
            except OSError:
                pass
            pid, _, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
        else:
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
        proc.returncode = 0
        return seen, hwm, cpu
    finally:
        os.close(master)
        if proc.returncode is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def bench_cold_start(runs: int) -> list[str]:
    """gradio-tui and the minimal Textual app, interleaved run by run (the machine's noise hits both)."""
    minimal = ["-c", MINIMAL_APP]
    with tempfile.TemporaryDirectory(prefix="gradio-tui-bench-") as data:
        env = _quiet_env(data)
        warm = cold_start_once(sys.executable, env)   # bytecode cache, page cache
        cold_start_once(sys.executable, env, argv=minimal)
        times, rss, floor = [], [], []
        for _ in range(runs):
            t, r = cold_start_once(sys.executable, env)
            times.append(t)
            rss.append(r)
            floor.append(cold_start_once(sys.executable, env, argv=minimal)[0])
    from benchmarks.targets import check

    check("cold start to the first screen", "≤ 0.5 s", f"{statistics.median(times) * 1000:.0f} ms median "
          f"(floor {statistics.median(floor) * 1000:.0f} ms)", statistics.median(times) <= 0.5)
    return [f"`python -m gradio_tui` in a 140×45 pty, no network, empty data dir, bytecode compiled (as an "
            f"installed package has it); median of {runs} (one warm-up run first: {warm[0] * 1000:.0f} ms). "
            "Interleaved with the floor: a three-widget Textual app drawing the same title.", "",
            "| what | median | p95 / max | min |", "|---|---:|---:|---:|",
            f"| process start → search screen drawn | {statistics.median(times) * 1000:.0f} ms | "
            f"{max(times) * 1000:.0f} ms | {min(times) * 1000:.0f} ms |",
            f"| floor: minimal Textual app, start → drawn | {statistics.median(floor) * 1000:.0f} ms | "
            f"{max(floor) * 1000:.0f} ms | {min(floor) * 1000:.0f} ms |",
            f"| peak RSS at first screen (child VmHWM) | {statistics.median(rss) / 1024:.1f} MiB | "
            f"{max(rss) / 1024:.1f} MiB | {min(rss) / 1024:.1f} MiB |"]


# The form's last field label on the basic app's first endpoint (/greet): the form is drawn.
FORM_MARKER = b"Times"


def minimal_app(marker: bytes) -> str:
    return MINIMAL_APP.replace(repr(COLD_MARKER.decode()), repr(marker.decode()))


def bench_ready_form(url: str, runs: int) -> list[str]:
    """``gradio-tui URL`` until its form is drawn, and the search screen, each interleaved with the floor.

    The same pty as the cold start; a local app (the basic test app) so the network is ~60 ms of it."""
    with tempfile.TemporaryDirectory(prefix="gradio-tui-bench-") as data:
        env = _quiet_env(data)
        for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env.pop(key)          # loopback never goes through a proxy anyway; keep the run plain
        app = ["-m", "gradio_tui", url]
        floor_app = ["-c", minimal_app(FORM_MARKER)]
        cold_start_once(sys.executable, env, argv=app, marker=FORM_MARKER)      # warm-up: bytecode, page cache
        cold_start_once(sys.executable, env)
        cold_start_once(sys.executable, env, argv=floor_app, marker=FORM_MARKER)
        form, search, floor = [], [], []
        cpu: dict[str, list[float]] = {"form": [], "search": [], "floor": []}
        for _ in range(runs):
            for name, argv, marker, into in (("form", app, FORM_MARKER, form), ("search", None, COLD_MARKER, search),
                                              ("floor", floor_app, FORM_MARKER, floor)):
                seen, _, used = launch_once(sys.executable, env, argv=argv, marker=marker)
                into.append(seen)
                cpu[name].append(used)
    from benchmarks.targets import check

    f, s, fl = (statistics.median(v) for v in (form, search, floor))
    check("launch → search screen drawn", "≤ 1.1× floor", f"{s / fl:.2f}× ({s * 1000:.0f} ms, floor {fl * 1000:.0f})",
          s <= 1.1 * fl)
    check("launch with a local app → its form drawn", "≤ floor + 0.3 s",
          f"floor + {(f - fl) * 1000:.0f} ms ({f * 1000:.0f} ms, floor {fl * 1000:.0f})", f - fl <= 0.3)

    def row(name: str, values: list[float]) -> str:
        return (f"| {name} | {statistics.median(values) * 1000:.0f} ms | {max(values) * 1000:.0f} ms | "
                f"{min(values) * 1000:.0f} ms |")

    return [f"In a 140×45 pty, bytecode compiled, empty data dir; median of {runs}, the three interleaved run by "
            "run. `gradio-tui URL` on the basic test app (Gradio 6, local): until its first endpoint's form has "
            "drawn its fields. Floor: the three-widget Textual app drawing the same word.", "",
            "| what | median | max | min |", "|---|---:|---:|---:|",
            row("`gradio-tui URL` → form drawn", form), row("`gradio-tui` → search screen drawn", search),
            row("floor: minimal Textual app → drawn", floor), "",
            "CPU the child had used when it drew it (user + system; a loaded machine inflates it least):", "",
            "| what | median CPU | min CPU |", "|---|---:|---:|",
            *(f"| {name} | {statistics.median(cpu[key]) * 1000:.0f} ms | {min(cpu[key]) * 1000:.0f} ms |"
              for name, key in (("`gradio-tui URL` → form drawn", "form"), ("`gradio-tui` → search screen", "search"),
                                ("floor", "floor")))]


def bench_ready_before_after(url: str, before: Path, runs: int) -> list[str]:
    """``gradio-tui URL`` → form drawn: ``before`` (another checkout, e.g. a copy of the branch
    point), this checkout and the floor, interleaved run by run; medians, and each run's lead
    over the floor run beside it (the machine's noise hits the three alike)."""
    global APP_ROOT
    roots = {"before": before, "after": APP_ROOT}
    with tempfile.TemporaryDirectory(prefix="gradio-tui-bench-") as data:
        env = _quiet_env(data)
        for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            env.pop(key)
        app, floor_app = ["-m", "gradio_tui", url], ["-c", minimal_app(FORM_MARKER)]
        wall: dict[str, list[float]] = {"before": [], "after": [], "floor": []}
        cpu: dict[str, list[float]] = {name: [] for name in wall}
        try:
            for root in roots.values():                                  # warm-up: bytecode, page cache
                APP_ROOT = root
                launch_once(sys.executable, env, argv=app, marker=FORM_MARKER)
            launch_once(sys.executable, env, argv=floor_app, marker=FORM_MARKER)
            for _ in range(runs):
                for name in wall:
                    if name != "floor":
                        APP_ROOT = roots[name]
                    seen, _, used = launch_once(sys.executable, env, argv=floor_app if name == "floor" else app,
                                                marker=FORM_MARKER)
                    wall[name].append(seen * 1000)
                    cpu[name].append(used * 1000)
        finally:
            APP_ROOT = roots["after"]
    floor = statistics.median(wall["floor"])
    lines = [f"`gradio-tui URL` → its form drawn, {runs} runs of each interleaved; before = `{before}`.", "",
             "| what | median | min | max | lead over the floor, run by run (median) | CPU median (min) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, values in wall.items():
        lead = statistics.median(v - f for v, f in zip(values, wall["floor"]))
        lines.append(f"| {name} | {statistics.median(values):.0f} ms (floor + {statistics.median(values) - floor:.0f}) "
                     f"| {min(values):.0f} | {max(values):.0f} | {lead:.0f} ms | "
                     f"{statistics.median(cpu[name]):.0f} ms ({min(cpu[name]):.0f}) |")
    return lines


def bench_cold_before_after(before: Path, runs: int) -> list[str]:
    """Cold start → search screen drawn: ``before`` (another checkout), this one and the floor,
    interleaved run by run, as ``bench_ready_before_after`` does for the form."""
    global APP_ROOT
    roots = {"before": before, "after": APP_ROOT}
    minimal = ["-c", MINIMAL_APP]
    wall: dict[str, list[float]] = {"before": [], "after": [], "floor": []}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    with tempfile.TemporaryDirectory(prefix="gradio-tui-bench-") as data:
        env = _quiet_env(data)
        try:
            for root in roots.values():                                  # warm-up: bytecode, page cache
                APP_ROOT = root
                launch_once(sys.executable, env)
            launch_once(sys.executable, env, argv=minimal)
            for _ in range(runs):
                for name in wall:
                    if name != "floor":
                        APP_ROOT = roots[name]
                    seen, _, used = launch_once(sys.executable, env, argv=minimal if name == "floor" else None)
                    wall[name].append(seen * 1000)
                    cpu[name].append(used * 1000)
        finally:
            APP_ROOT = roots["after"]
    floor = statistics.median(wall["floor"])
    lines = [f"`python -m gradio_tui` → search screen drawn, {runs} runs of each interleaved; before = `{before}`.",
             "", "| what | median | ratio to the floor | min | max | CPU median (min) |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, values in wall.items():
        lines.append(f"| {name} | {statistics.median(values):.0f} ms | {statistics.median(values) / floor:.2f}× "
                     f"| {min(values):.0f} | {max(values):.0f} | "
                     f"{statistics.median(cpu[name]):.0f} ms ({min(cpu[name]):.0f}) |")
    return lines


# --- RSS after a long stream -------------------------------------------------------------------

def _vm(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def rss_child(url: str, n: int) -> dict:
    from textual import events

    from gradio_tui.tui.widgets.event_log import EventLog
    from tests.support.pilot import SIZE, open_endpoint, panel, screen_of, until_connected

    app = _bench_app_class()(url)
    async with app.run_test(size=SIZE) as pilot:
        await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/stream_many", {"n": n})
        await pilot.pause(0.2)
        before = _vm("VmRSS")
        t0 = time.perf_counter()
        app._driver.send_message(events.Key("ctrl+r", None))
        runs = panel(app).runs
        await _until(lambda: len(runs) > 0, 10, "the run to start")
        run = runs[-1]
        log = screen_of(app).query_one(EventLog)
        await _until(lambda: not run.active, n / 200 + 60, "the long stream", 0.1)
        await pilot.pause(0.3)
        wall = time.perf_counter() - t0
        out = {"n": n, "generating": run.counts["generating"], "status": run.status,
               "wall": wall, "rss_before_kib": before, "rss_after_kib": _vm("VmRSS"), "hwm_kib": _vm("VmHWM"),
               "log_lines": len(log.lines), "max_lines": log.max_lines, "run_events": len(run.events),
               "record_events": len(run.record.events) if run.record is not None else 0}
        await app.action_quit()
    return out


def bench_rss(url: str, n: int) -> list[str]:
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "rss", url, str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(ROOT))
    out, err = proc.communicate(timeout=n / 200 + 180)
    if proc.returncode:
        return [f"The RSS child failed ({proc.returncode}): `{err.decode(errors='replace')[-400:]}`"]
    r = json.loads(out.decode().strip().splitlines()[-1])
    per_event = (r["rss_after_kib"] - r["rss_before_kib"]) * 1024 / max(1, r["n"])
    from benchmarks.targets import check

    check(f"event log capped after {r['n']:,} events", f"≤ {r['max_lines']:,} lines",
          f"{r['log_lines']:,} lines; peak RSS {r['hwm_kib'] / 1024:.0f} MiB", r["log_lines"] <= r["max_lines"])
    return [f"A child process streams {r['n']:,} yields of `/stream_many` through the headless TUI "
            f"({r['wall']:.0f} s; {r['generating']:,} generating events, status {r['status']}).", "",
            "| what | value |", "|---|---:|",
            f"| RSS connected, before the stream | {r['rss_before_kib'] / 1024:.1f} MiB |",
            f"| RSS after the stream | {r['rss_after_kib'] / 1024:.1f} MiB |",
            f"| peak RSS (VmHWM) | {r['hwm_kib'] / 1024:.1f} MiB |",
            f"| growth per event | {per_event:.0f} B |",
            f"| event-log lines kept (cap {r['max_lines']:,}) | {r['log_lines']:,} |",
            f"| events the run keeps (the latest; the log shows fewer) | {r['run_events']:,} |",
            f"| events its record keeps (first and last, for history / reports) | {r['record_events']:,} |"]


# --- entry points --------------------------------------------------------------------------------

def run(server, args) -> list[tuple[str, list[str]]]:
    quick = bool(getattr(args, "quick", False))
    n = getattr(args, "yields", 10_000)
    url = server.url("gen")
    sections = []
    scratch = tempfile.mkdtemp(prefix="gradio-tui-bench-data-")   # keep the bench's runs out of the user's history
    os.environ.setdefault("GRADIO_TUI_DATA_DIR", scratch)
    lines, _ = asyncio.run(bench_tui_stream(url, n, 1 if quick else 3))
    sections.append(("5a. Streaming through the TUI", lines))
    from benchmarks.tui_keys_bench import bench_pty_keys

    sections.append(("5a'. Key latency during a stream, in a pty", bench_pty_keys(url, 1 if quick else 5)))
    sections.append(("5b. TUI cold start", bench_cold_start(5 if quick else 7)))
    sections.append(("5d. Launch → ready form", bench_ready_form(server.url("basic"), 5 if quick else 9)))
    # 200,000 (the figure) takes the server 3-5 min on the 2-core box (1-1.5 ms a yield);
    # GRADIO_TUI_BENCH_RSS_EVENTS sets another count.
    rss_n = int(os.environ.get("GRADIO_TUI_BENCH_RSS_EVENTS", 10_000 if quick else 200_000))
    sections.append((f"5c. Peak RSS after {rss_n:,} streamed events", bench_rss(url, rss_n)))
    return sections


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "rss":
        print(json.dumps(asyncio.run(rss_child(sys.argv[2], int(sys.argv[3])))))
    elif len(sys.argv) >= 2 and sys.argv[1] == "ready":    # §5d alone, on its own Gradio 6 server
        from tests.support.servers import GradioServer

        with GradioServer("6", apps=["basic"]) as basic_server:
            print("\n".join(bench_ready_form(basic_server.url("basic"), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
    elif len(sys.argv) >= 2 and sys.argv[1] == "ptykeys":    # §5a's pty keys alone, on its own Gradio 6 server
        from tests.support.servers import GradioServer

        with GradioServer("6", apps=["gen"]) as gen_server:
            from benchmarks.tui_keys_bench import bench_pty_keys

            print("\n".join(bench_pty_keys(gen_server.url("gen"), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
    elif len(sys.argv) >= 3 and sys.argv[1] == "ready-vs":   # §5d, another checkout vs this one
        from tests.support.servers import GradioServer

        with GradioServer("6", apps=["basic"]) as basic_server:
            print("\n".join(bench_ready_before_after(basic_server.url("basic"), Path(sys.argv[2]).resolve(),
                                                     int(sys.argv[3]) if len(sys.argv) > 3 else 9)))
    elif len(sys.argv) >= 3 and sys.argv[1] == "cold-vs":    # the cold start, another checkout vs this one
        print("\n".join(bench_cold_before_after(Path(sys.argv[2]).resolve(),
                                                 int(sys.argv[3]) if len(sys.argv) > 3 else 11)))
    elif len(sys.argv) >= 2 and sys.argv[1] == "cold":
        print("\n".join(bench_cold_start(int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
    elif len(sys.argv) >= 2 and sys.argv[1] == "stream":     # §5a alone, on its own Gradio 6 server
        from tests.support.servers import GradioServer

        with GradioServer("6", apps=["gen"]) as gen_server, tempfile.TemporaryDirectory() as scratch:
            os.environ["GRADIO_TUI_DATA_DIR"] = scratch
            n_yields = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
            rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
            print("\n".join(asyncio.run(bench_tui_stream(gen_server.url("gen"), n_yields, rounds))[0]))
    else:
        sys.exit("usage: tui_bench.py rss URL N | cold [RUNS] | ready [RUNS] | ready-vs BEFORE_ROOT [RUNS] | "
                 "cold-vs BEFORE_ROOT [RUNS] | stream [N] [ROUNDS] | ptykeys [RUNS]  "
                 "(the full set runs from benchmarks/run.py)")
