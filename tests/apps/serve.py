"""Serve the test apps from one process: each at /<name>, optionally one more at /.

    python tests/apps/serve.py --port 0 [--apps basic,gen] [--root basic]
    python -m tests.apps.serve ...

Needs only gradio (with its fastapi and uvicorn) and the tests/apps modules, so it runs
in the compat venvs, which have neither pytest nor gradio_tui.  Binds 127.0.0.1 only.
When uvicorn is listening it prints one line to stdout:

    READY http://127.0.0.1:PORT gradio=X.Y.Z apps=a,b,... root=basic startup=1.23

(``--port 0`` lets the OS pick a free port; read it from that line.)
"""

from __future__ import annotations

import os
import sys
import time

_T0 = time.perf_counter()

# Run as a script, Python puts tests/apps first on sys.path, where queue.py would shadow
# the standard library's queue module.  Swap it for the project root so the apps import
# as the package tests.apps.
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(os.path.dirname(_HERE))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# Offline and quiet: nothing may phone home (the tests run without a network).
for _key, _value in {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
    "GRADIO_SSR_MODE": "False",
    "GRADIO_MCP_SERVER": "False",
}.items():
    os.environ.setdefault(_key, _value)

# The environment above is set before anything that could import gradio reads it.
import argparse  # noqa: E402
import importlib  # noqa: E402
import socket  # noqa: E402
import warnings  # noqa: E402

DEFAULT_ROOT_APP = "basic"


def _all_apps() -> tuple[str, ...]:
    from tests.apps import APP_NAMES

    return APP_NAMES


def build_app(apps: list[str], root: str | None):
    """A FastAPI app with each test app mounted at /<name> (and `root` at /)."""
    import gradio as gr
    from fastapi import FastAPI

    warnings.filterwarnings(
        "ignore", category=DeprecationWarning
    )  # show_api / api_name=False on 5.x
    app = FastAPI()

    @app.get("/__health")
    def health() -> dict:
        return {"gradio": gr.__version__, "apps": apps, "root": root}

    mounts = [(name, f"/{name}") for name in apps]
    if root:
        mounts.append((root, "/"))  # last: a mount at / matches every path
    for name, path in mounts:
        module = importlib.import_module(f"tests.apps.{name}")
        kwargs = {"show_error": False}  # launch()'s default; mount's own default is True
        kwargs.update(getattr(module, "MOUNT_KWARGS", {}))
        # A fresh Blocks per mount: one Blocks cannot be mounted twice.
        gr.mount_gradio_app(app, module.build(), path=path, **kwargs)
    return app, gr.__version__


def _exit_with_parent() -> None:
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:  # re-parented: the starter is gone
                os._exit(3)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--apps", default="", help="comma-separated app names (default: all)")
    parser.add_argument(
        "--root",
        default=DEFAULT_ROOT_APP,
        help=f"app also mounted at / (default {DEFAULT_ROOT_APP}; '' for none)",
    )
    parser.add_argument("--log-level", default="warning")
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="exit when the process that started this one dies (no orphaned servers)",
    )
    args = parser.parse_args(argv)

    known = _all_apps()
    apps = [a for a in args.apps.split(",") if a] or list(known)
    for name in apps + ([args.root] if args.root else []):
        if name not in known:
            parser.error(f"unknown app {name!r}; known: {', '.join(known)}")

    if args.exit_with_parent:
        _exit_with_parent()

    import uvicorn

    app, version = build_app(apps, args.root or None)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if not self.should_exit:
                print(
                    f"READY http://127.0.0.1:{port} gradio={version} apps={','.join(apps)}"
                    f" root={args.root or '-'} startup={time.perf_counter() - _T0:.2f}",
                    flush=True,
                )

    config = uvicorn.Config(
        app,
        log_level=args.log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=1,
    )
    Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
