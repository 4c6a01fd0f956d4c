"""Serve the demo app on 127.0.0.1, offline; print ``READY <url>`` when it answers.

    python -m gradio_tui.demo --port 0
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings

OFFLINE_ENV = {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "GRADIO_SSR_MODE": "False",
    "GRADIO_MCP_SERVER": "False",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gradio_tui.demo", description="Serve the gradio-tui demo app.")
    parser.add_argument("--port", type=int, default=0, help="0 = any free port")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    warnings.filterwarnings("ignore")

    import gradio as gr
    import uvicorn
    from fastapi import FastAPI

    from gradio_tui.demo.app import build

    app = gr.mount_gradio_app(FastAPI(), build(), path="/", show_error=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    port = sock.getsockname()[1]

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            await super().startup(sockets=sockets)
            if not self.should_exit:
                print(f"READY http://127.0.0.1:{port} gradio={gr.__version__}", flush=True)

    config = uvicorn.Config(app, log_level=args.log_level, access_log=False, lifespan="on",
                            timeout_graceful_shutdown=1)
    Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
