"""Real Gradio servers for the tests: one process per gradio version, every test app in it.

``GradioServer`` runs ``tests/apps/serve.py`` with the python of a venv that has that gradio
version, on a free 127.0.0.1 port, and stops the whole process group afterwards.  No pytest
here: the fixtures live in ``tests/support/fixtures_servers.py``.

Versions: "6" is the interpreter running the tests; "4" and "5" are the compat venvs
``.venvs/gradio4`` and ``.venvs/gradio5`` under the project root (built by ``.ci/run``
from ``.ci/constraints-gradioN.txt``), overridden by ``GRADIO_TUI_COMPAT4`` /
``GRADIO_TUI_COMPAT5`` (the path of a python executable).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVE_SCRIPT = PROJECT_ROOT / "tests" / "apps" / "serve.py"

#: Versions in the order the fixtures use them.
VERSIONS = ("6", "5", "4")
COMPAT_ENV = {"4": "GRADIO_TUI_COMPAT4", "5": "GRADIO_TUI_COMPAT5"}
#: The app also mounted at the root of every server.
ROOT_APP = "basic"


class ServerUnavailable(RuntimeError):
    """No python with this gradio version is installed (a skip locally, a failure on CI)."""


class ServerFailed(RuntimeError):
    """The server process did not become ready; the message carries its stderr."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (racy by nature; serve.py itself binds port 0 instead)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def python_for(version: str) -> str:
    """The python executable that has gradio `version`; raises ServerUnavailable."""
    if version not in VERSIONS:
        raise ValueError(f"unknown gradio version label {version!r}; known: {VERSIONS}")
    if version == "6":
        return sys.executable
    env_name = COMPAT_ENV[version]
    override = os.environ.get(env_name)
    if override:
        if not Path(override).exists():
            raise ServerUnavailable(f"{env_name}={override} does not exist")
        return override
    python = PROJECT_ROOT / ".venvs" / f"gradio{version}" / "bin" / "python"
    if not python.exists():
        raise ServerUnavailable(
            f"no gradio {version}.x venv at {python.parent.parent} "
            f"(build it with `bash .ci/run`, or set {env_name} to a python with gradio {version}.x)"
        )
    return str(python)


class GradioServer:
    """One serve.py process.  ``url("basic")`` is the app at /basic; ``url()`` is the root app."""

    def __init__(
        self,
        version: str,
        python: str | None = None,
        apps: list[str] | None = None,
        root_app: str | None = ROOT_APP,
        env: dict[str, str] | None = None,
    ) -> None:
        self.version = version  # the label: "4", "5", "6"
        self.python = python or python_for(version)
        self.apps = list(apps) if apps else None
        self.root_app = root_app
        self.extra_env = dict(env or {})
        self.base_url: str | None = None
        self.port: int | None = None
        self.gradio_version: str | None = None  # e.g. "4.44.1", from the READY line
        self.startup_seconds: float | None = None  # wall time from spawn to READY
        self.process: subprocess.Popen | None = None
        self._workdir: Path | None = None
        self._spawned_at = 0.0

    # ---- URLs -------------------------------------------------------------------------
    def url(self, app: str = "") -> str:
        """Base URL of a mounted app, no trailing slash: url("basic") → http://127.0.0.1:P/basic."""
        if self.base_url is None:
            raise RuntimeError("server not started")
        app = app.strip("/")
        return f"{self.base_url}/{app}" if app else self.base_url

    @property
    def api_prefix(self) -> str:
        """ "/gradio_api" on ≥5, "" on 4.x (as config.api_prefix says)."""
        return "" if self.version == "4" else "/gradio_api"

    def api_url(self, app: str, route: str) -> str:
        """url(app) + prefix + /route, e.g. api_url("basic", "info")."""
        return f"{self.url(app)}{self.api_prefix}/{route.lstrip('/')}"

    # ---- lifecycle ----------------------------------------------------------------------
    def spawn(self) -> None:
        """Start the process without waiting (see wait_ready)."""
        if self.process is not None:
            return
        self._workdir = Path(tempfile.mkdtemp(prefix=f"gradio-tui-server-g{self.version}-"))
        env = dict(os.environ)
        # PYTHONDONTWRITEBYTECODE: let the server cache bytecode; gradio's import is 2-3x
        # slower without .pyc files (.ci/run also installs with --compile-bytecode).
        for key in (
            "PYTHONPATH",
            "PYTHONHOME",
            "VIRTUAL_ENV",
            "GRADIO_SERVER_PORT",
            "PYTHONDONTWRITEBYTECODE",
        ):
            env.pop(key, None)
        env.update(
            {
                "GRADIO_ANALYTICS_ENABLED": "False",
                "HF_HUB_OFFLINE": "1",
                "HF_HUB_DISABLE_TELEMETRY": "1",
                "DO_NOT_TRACK": "1",
                "GRADIO_SSR_MODE": "False",
                "GRADIO_TEMP_DIR": str(self._workdir / "gradio-tmp"),
                "TMPDIR": str(self._workdir / "tmp"),
                "MPLCONFIGDIR": str(self._workdir / "mpl"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        (self._workdir / "tmp").mkdir()
        env.update(self.extra_env)
        cmd = [self.python, str(SERVE_SCRIPT), "--port", "0", "--exit-with-parent"]
        cmd += ["--root", self.root_app or ""]
        if self.apps:
            cmd += ["--apps", ",".join(self.apps)]
        self._stdout = open(self._workdir / "stdout.txt", "wb")  # noqa: SIM115 - the server's; closed in stop()
        self._stderr = open(self._workdir / "stderr.txt", "wb")  # noqa: SIM115 - the server's; closed in stop()
        self._spawned_at = time.monotonic()
        self.process = subprocess.Popen(
            cmd,
            cwd=str(self._workdir),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._stdout,
            stderr=self._stderr,
            start_new_session=True,  # own process group, killed whole on stop()
        )

    def wait_ready(self, timeout: float = 120.0) -> GradioServer:
        """Wait for the READY line; raise ServerFailed (with stderr) on exit or timeout."""
        if self.base_url is not None:
            return self
        if self.process is None:
            self.spawn()
        assert self.process is not None and self._workdir is not None
        deadline = time.monotonic() + timeout
        stdout_path = self._workdir / "stdout.txt"
        while True:
            for line in stdout_path.read_text(errors="replace").splitlines():
                if line.startswith("READY "):
                    self._parse_ready(line)
                    self.startup_seconds = time.monotonic() - self._spawned_at
                    return self
            code = self.process.poll()
            if code is not None:
                self._fail(f"exited with code {code} before it was ready")
            if time.monotonic() > deadline:
                self._fail(f"not ready after {timeout:.0f} s")
            time.sleep(0.05)

    def start(self, timeout: float = 120.0) -> GradioServer:
        self.spawn()
        return self.wait_ready(timeout)

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            try:  # stragglers in the group (none expected), then reap
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        for stream in (getattr(self, "_stdout", None), getattr(self, "_stderr", None)):
            if stream is not None:
                stream.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        self.base_url = None

    def logs(self) -> str:
        """The server's stderr so far (for failure messages)."""
        if self._workdir is None:
            return ""
        try:
            return (self._workdir / "stderr.txt").read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> GradioServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.base_url or "stopped"
        return f"GradioServer(g{self.version}, {self.gradio_version or '?'}, {where})"

    # ---- internals ----------------------------------------------------------------------
    def _parse_ready(self, line: str) -> None:
        fields = line.split()
        self.base_url = fields[1]
        self.port = int(self.base_url.rsplit(":", 1)[1])
        for field in fields[2:]:
            key, _, value = field.partition("=")
            if key == "gradio":
                self.gradio_version = value

    def _fail(self, what: str) -> None:
        stderr = self.logs()[-4000:]
        cmd = f"{self.python} {SERVE_SCRIPT}"
        self.stop()
        raise ServerFailed(
            f"gradio {self.version} server ({cmd}) {what}.\n--- stderr ---\n{stderr}"
        )


class ServerPool:
    """Servers started on demand, at most one per (version, root app), all stopped by close().

    Every server mounts every app under /<name>; ``root_app`` is the one also mounted at /.
    (gradio_client 2.x cannot call a gradio 4.x app under a sub-path: with api_prefix ""
    it joins "/" onto the URL and posts to the host root.  Compare with gradio_client on
    4.x through the root app, ``server.url()``; ask for another root app if you need one.)
    """

    def __init__(self) -> None:
        self._servers: dict[tuple[str, str | None], GradioServer] = {}
        self._failures: dict[tuple[str, str | None], Exception] = {}

    def spawn(self, version: str, root_app: str | None = ROOT_APP) -> GradioServer:
        """Start the process for `version` in the background (no wait)."""
        key = (version, root_app)
        if key in self._failures:  # fail fast: do not restart a broken server per test
            raise self._failures[key]
        server = self._servers.get(key)
        if server is None:
            server = GradioServer(version, root_app=root_app)  # raises ServerUnavailable
            self._servers[key] = server
        server.spawn()
        return server

    def get(
        self, version: str, root_app: str | None = ROOT_APP, timeout: float = 120.0
    ) -> GradioServer:
        key = (version, root_app)
        try:
            return self.spawn(version, root_app).wait_ready(timeout)
        except (ServerUnavailable, ServerFailed) as exc:
            self._failures[key] = exc
            raise

    def started(self) -> list[GradioServer]:
        return list(self._servers.values())

    def close(self) -> None:
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.stop()
