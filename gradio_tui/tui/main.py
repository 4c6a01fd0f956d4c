"""``gradio-tui [SRC] [--demo]``: run the TUI; returns the exit code.

``--demo`` starts the bundled demo app (``gradio_tui.demo``) on a free 127.0.0.1 port, opens
the TUI on it and stops it on exit, also when the TUI crashes, is terminated (SIGTERM) or loses
its terminal (SIGHUP), even while the demo is still starting.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from typing import Any

from gradio_tui.core import UsageError


def _warm_tls() -> None:
    """Build the TLS context (the CA bundle: 30-100 ms of C that lets go of the GIL) on the other
    core while Textual loads, so the first connect finds it made."""
    import threading

    def warm() -> None:
        from gradio_tui.core import ssl_context

        ssl_context()

    threading.Thread(target=warm, name="gradio-tui-tls", daemon=True).start()


def run(args: argparse.Namespace) -> int:
    # No cyclic collections while Textual and the first screen load (two or three full passes,
    # 20-45 ms each, for garbage that hardly exists yet); GradioTuiApp.settle() freezes what
    # start-up made and turns the collector back on once the first screen is drawn.
    gc.disable()
    from gradio_tui.tui.app import ConnectOptions, GradioTuiApp

    options = ConnectOptions(token=getattr(args, "token", None), auth=getattr(args, "auth", None),
                             timeout=getattr(args, "timeout", 30.0) or 30.0, wait=getattr(args, "wait", 300.0) or 300.0)
    src = getattr(args, "src", None)
    if src:
        from gradio_tui.core import parse_target

        parse_target(src)  # a UsageError here is one line and exit 2, before the screen opens
        _warm_tls()
    want_demo = bool(getattr(args, "demo", False))
    if want_demo and src:
        raise UsageError("give SRC or --demo, not both")
    if options.auth and not src and not want_demo:
        raise UsageError("--auth is a password for one app: give that app as SRC",
                         hint="other apps you open in the TUI never get it")
    if want_demo:
        from gradio_tui.demo.launcher import INSTALL_HINT, gradio_installed

        if not gradio_installed():
            print(f"gradio-tui: {INSTALL_HINT}", file=sys.stderr)
            return 3

    state: dict[str, Any] = {"demo": None, "app": None}

    def stop_and_exit(signum, frame):
        """SIGTERM / SIGHUP: leave like ctrl+q (jobs cancelled, sessions closed); stop the demo.
        The app's loop is woken through its self-pipe: a bare ``ensure_future`` from a signal
        handler waits for whatever wakes the loop next."""
        app = state["app"]
        loop = getattr(app, "_loop", None)
        if app is not None and app.is_running and loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(app.leave, 128 + signum)
            return
        if state["demo"] is not None:
            state["demo"].stop()
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, stop_and_exit)
        except (ValueError, OSError):  # not the main thread
            pass
    try:
        if want_demo:
            from gradio_tui.demo.launcher import DemoFailed, DemoServer

            print("gradio-tui: starting the demo app…", file=sys.stderr, flush=True)
            state["demo"] = DemoServer()
            try:
                src = state["demo"].start()
            except DemoFailed as err:
                print(f"gradio-tui: {err}", file=sys.stderr)
                return 3
        app = state["app"] = GradioTuiApp(src, options=options, ephemeral=(src,) if want_demo and src else ())
        result = app.run()
        if app.quit_report:
            try:
                print(f"gradio-tui: {app.quit_report}", file=sys.stderr)
            except OSError:          # the terminal is gone
                pass
        return app.return_code if app.return_code is not None else (result or 0)
    finally:
        if state["demo"] is not None:
            state["demo"].stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
