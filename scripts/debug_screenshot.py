"""Make the README's debug-view screenshots: the real TUI, the bundled demo app behind the Hub stand-in.

    python scripts/debug_screenshot.py [--out screenshots] [--png]

The demo app (``gradio_tui.demo``) runs in a subprocess; the tests' Hub stand-in
(``tests/support/hubstub.py``) plays a ZeroGPU Space ``gradio-tui/demo`` that proxies to it, with a run
log. A few calls (one failing, two queued behind ``/render``'s concurrency limit) give the debug
view something to show. Writes ``debug.svg`` (overview) and ``debug-logs.svg`` (the run log).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from screenshots import finish, parse_args, private_dirs, saver, wait_until  # scripts/screenshots.py

SIZE = (132, 40)
LOG_LINES = [
    "Loading model weights (fp16)…",
    "Model ready in 4.2 s",
    "ZeroGPU: allocated an A10G slice for 60 s",
    "POST /gradio_api/queue/join 200",
    "Traceback (most recent call last):",
    '  File "/home/user/app/app.py", line 145, in fail',
    "gradio.exceptions.Error: 'The flux capacitor is empty'",
]


async def scene(out: Path, space) -> list[Path]:
    from gradio_tui.core.errors import CallFailed
    from gradio_tui.core.session import Session
    from gradio_tui.tui.app import GradioTuiApp
    from gradio_tui.tui.debugging import open_debug
    from gradio_tui.tui.widgets.log_pane import LogPane

    made: list[Path] = []
    save = saver(out, made)

    session = await Session.connect("gradio-tui/demo")
    for name in ("Ada", "Grace", "Linus"):
        await session.submit("/greet", [name, "pirate", 2, False]).result()
    for _ in range(2):
        await session.submit("/render", [0.3]).result()
    try:
        await session.submit("/fail", ["The flux capacitor is empty"]).result()
    except CallFailed:
        pass
    busy = [session.submit("/render", [6]) for _ in range(3)]     # concurrency 1: two of them wait
    tasks = [asyncio.ensure_future(job.result()) for job in busy]
    app = GradioTuiApp(session=session, remember_targets=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: getattr(app.screen, "session", None) is not None, 20)
            await pilot.pause(0.3)
            screen = open_debug(app)
            await wait_until(pilot, lambda: screen.info is not None and (screen.info.queue.waiting or 0) >= 1
                             and screen.info.monitoring.endpoints, 20)
            await wait_until(pilot, lambda: len(screen.query_one("#debug-run-log", LogPane).lines) >= 8, 10)
            await pilot.pause(0.5)
            save(app, "debug")
            screen.show_tab("run-log")
            await pilot.pause(0.5)
            save(app, "debug-logs")
            for job in busy:
                await job.cancel()
    finally:
        await asyncio.gather(*tasks, return_exceptions=True)
        await session.aclose()
    return made


def main(argv: list[str] | None = None) -> int:
    out, png = parse_args(__doc__, argv)

    from gradio_tui.demo.launcher import DemoServer
    from tests.support.hubstub import HubStub

    data_dir = private_dirs()
    os.environ.update({"XDG_DATA_HOME": str(data_dir / "xdg"), "GRADIO_TUI_HUB_POLL": "0.05",
                       "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    print("starting the demo app…")
    with DemoServer() as demo, HubStub() as stub:
        os.environ["HF_ENDPOINT"] = stub.url
        os.environ["HF_TOKEN"] = stub.owner_token          # the stand-in's owner: logs and quota
        space = stub.add_space("gradio-tui/demo", upstream=demo.url, hardware="zero-a10g", gc_timeout=172800)
        for text in LOG_LINES:
            space.append_log(text)
        made = asyncio.run(scene(out, space))
    return finish(made, png, data_dir)


if __name__ == "__main__":
    sys.exit(main())
