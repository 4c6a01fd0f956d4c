"""Start the demo app in a subprocess for ``gradio-tui --demo``, and stop it afterwards.

``DemoServer`` picks a free 127.0.0.1 port, runs ``python -m gradio_tui.demo --port N`` offline
in its own process group, waits until ``/config`` answers, and kills the group on ``stop()``
(also from ``atexit``, so a crash of the TUI never leaves it running).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

from gradio_tui.demo.serve import OFFLINE_ENV

INSTALL_HINT = "the demo needs gradio: pip install 'gradio-tui[demo]'"


class DemoUnavailable(RuntimeError):
    """gradio is not installed (exit 3 with the install hint)."""


class DemoFailed(RuntimeError):
    """The demo process did not come up; the message carries its stderr."""


def gradio_installed() -> bool:
    return importlib.util.find_spec("gradio") is not None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    def __init__(self, python: str | None = None, port: int | None = None) -> None:
        self.python = python or sys.executable
        self.port = port
        self.url: str | None = None
        self.process: subprocess.Popen | None = None
        self._workdir: Path | None = None
        self._stderr: BinaryIO | None = None

    def start(self, timeout: float = 90.0) -> str:
        """Start and wait until ``/config`` answers; the app URL."""
        if not gradio_installed() and self.python == sys.executable:
            raise DemoUnavailable(INSTALL_HINT)
        self.port = self.port or free_port()
        self._workdir = Path(tempfile.mkdtemp(prefix="gradio-tui-demo-"))
        env = dict(os.environ)
        env.update(OFFLINE_ENV)
        env["GRADIO_TEMP_DIR"] = str(self._workdir / "gradio-tmp")
        env["PYTHONUNBUFFERED"] = "1"
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self._stderr = open(self._workdir / "stderr.txt", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [self.python, "-m", "gradio_tui.demo", "--port", str(self.port)],
            cwd=str(self._workdir), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self._stderr, start_new_session=True,
        )
        atexit.register(self.stop)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                self._fail(f"exited with code {self.process.returncode}")
            if self._answers():
                return self.url
            if time.monotonic() > deadline:
                self._fail(f"did not answer within {timeout:.0f} s")
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/config", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def logs(self) -> str:
        if self._workdir is None:
            return ""
        try:
            return (self._workdir / "stderr.txt").read_text(errors="replace")
        except OSError:
            return ""

    def _fail(self, what: str) -> None:
        logs = self.logs()[-3000:]
        self.stop()
        raise DemoFailed(f"the demo app {what}" + (f":\n{logs}" if logs.strip() else ""))

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    break
                try:
                    proc.wait(5)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            try:
                proc.wait(1)
            except subprocess.TimeoutExpired:
                pass
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._workdir is not None:
            import shutil

            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
