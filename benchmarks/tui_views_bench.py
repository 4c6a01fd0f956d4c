"""The TUI's view benches of issue 16, headless (``App.run_test``), each a row of ``benchmarks/run.py``:

    5e. Switching endpoints on a 300-endpoint / 1,000-component app (``run.synthetic_config`` served
        by the fault server): ↓ in the endpoint list → the next endpoint's form is the visible
        one and painted; each form built for the first time (the slow case).
    5f. An image output of 1024×1024 (the ``images`` test app's ``/big``): the run's ``complete``
        → the picture decoded and painted in the result view.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _painted(app) -> None:
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await asyncio.wait_for(done, 10)


async def _until(condition, timeout: float, what: str, step: float = 0.001) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(step)


async def switch_times(switches: int = 40) -> list[float]:
    from textual import events

    from benchmarks.run import synthetic_config
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.endpoint_browser import EndpointList
    from tests.support.faultserver import FaultServer
    from tests.support.pilot import SIZE, until_connected

    server = FaultServer().start()
    try:
        server.config, server.info = synthetic_config()
        session = await Session.connect(server.url, timeout=30)
        app = GradioTuiApp(session=session, remember_targets=False)
        times: list[float] = []
        async with app.run_test(size=SIZE) as pilot:
            screen = await until_connected(pilot, app)
            await _until(lambda: screen.current_center() is not None and str(screen.current_center().id).startswith(
                "form-"), 20, "the first form")
            screen.query_one(EndpointList).focus()
            await pilot.pause(0.2)
            for _ in range(switches):
                before = screen.current_center()
                t0 = time.perf_counter()
                app._driver.send_message(events.Key("down", None))
                await _until(lambda: screen.current_center() is not before, 10, "the next form")   # noqa: B023
                await _painted(app)
                times.append(time.perf_counter() - t0)
                await pilot.pause(0.02)
            await app.action_quit()
        return times
    finally:
        server.stop()


async def image_times(url: str, rounds: int = 5, sent: list[int] | None = None) -> list[float]:
    """complete → picture shown, per round; ``sent`` gets the bytes of each picture's escape (its
    graphics protocol is ``GRADIO_TUI_IMAGES``'s; none for half-blocks)."""
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.widgets.image_view import ImageView
    from tests.support.pilot import SIZE, open_endpoint, panel, press, until_connected

    app = GradioTuiApp(url, remember_targets=False)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_connected(pilot, app)
        await open_endpoint(pilot, app, "/big")
        for round_ in range(rounds + 1):             # the first round warms up (Pillow's import)
            runs = panel(app).runs
            before = len(runs)
            await press(pilot, "ctrl+r")
            await _until(lambda: len(runs) > before, 10, "the run")   # noqa: B023
            run = runs[-1]
            await _until(lambda: run.finished, 60, "complete")        # noqa: B023
            t0 = time.perf_counter()

            def shown() -> bool:
                views = list(screen.query(ImageView))
                return bool(views) and all(v.picture is not None or v.problem for v in views)

            await _until(shown, 30, "the picture")
            await _painted(app)
            views = list(screen.query(ImageView))
            assert views[0].problem is None, views[0].problem
            if round_:
                times.append(time.perf_counter() - t0)
                graphic = getattr(views[0].picture, "graphic", None)
                if sent is not None and graphic is not None:
                    sent.append(len(graphic.data.encode()))
        await app.action_quit()
    return times


def run(server, args) -> list[tuple[str, list[str]]]:
    from benchmarks.targets import check

    quick = bool(getattr(args, "quick", False))
    switch = asyncio.run(switch_times(20 if quick else 60))
    med, p95 = statistics.median(switch), _pct(switch, 0.95)
    check("switching endpoints, 300 endpoints / 1,000 components", "≤ 50 ms",
          f"{med * 1000:.0f} ms median (p95 {p95 * 1000:.0f}, max {max(switch) * 1000:.0f})", med <= 0.05)
    image = asyncio.run(image_times(server.url("images"), 3 if quick else 7))
    imed = statistics.median(image)
    check("a 1024×1024 image output shown after `complete`", "≤ 150 ms",
          f"{imed * 1000:.0f} ms median (max {max(image) * 1000:.0f})", imed <= 0.15)
    return [
        ("5e. Switching endpoints (300 endpoints, 1,000 components)", [
            f"Headless (140×45): ↓ in the endpoint list → the next form visible and painted, {len(switch)} "
            "switches, each form built for the first time.", "",
            "| switches | median ms | p95 ms | max ms |", "|---:|---:|---:|---:|",
            f"| {len(switch)} | {med * 1000:.1f} | {p95 * 1000:.1f} | {max(switch) * 1000:.1f} |"]),
        ("5f. Image output shown", [
            "Headless (140×45), the `images` test app's `/big` (1024×1024 PNG, Gradio 6 local): the run's "
            f"`complete` → the half-block picture decoded and painted; {len(image)} runs after a warm-up.", "",
            "| runs | median ms | max ms | min ms |", "|---:|---:|---:|---:|",
            f"| {len(image)} | {imed * 1000:.1f} | {max(image) * 1000:.1f} | {min(image) * 1000:.1f} |"]),
    ]


if __name__ == "__main__":
    from tests.support.servers import GradioServer

    class _Args:
        quick = "--quick" in sys.argv

    with GradioServer("6", apps=["images"]) as images_server:
        for title, lines in run(images_server, _Args()):
            print(f"## {title}\n\n" + "\n".join(lines) + "\n")
    from benchmarks.targets import targets_section

    print("\n".join(targets_section()))
