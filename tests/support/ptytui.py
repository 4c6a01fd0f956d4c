"""The real TUI in a real pseudo-terminal: what it writes to the terminal, byte for byte.

Pilot shows what Textual meant to paint; a terminal acts on the bytes the process wrote. This
runs ``python -m gradio_tui ARGS`` on the slave side of a pty (80-odd columns, xterm), reads
everything from the master in a thread, and can type keys, hang the terminal up (close the
master), or send a signal::

    tui = PtyTui([url], home=tmp_path).start()
    tui.wait_for(b"predict")            # the endpoint list is drawn
    tui.type("\\x12")                    # ctrl+r
    tui.hang_up()                       # as a killed tmux pane / a dropped SSH session
    assert tui.wait_exit(10) is not None
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path


class PtyTui:
    def __init__(self, args: list[str], *, home: Path, size: tuple[int, int] = (140, 45),
                 controlling: bool = True, env: dict[str, str] | None = None) -> None:
        self.args = args
        self.home = Path(home)
        self.size = size
        self.controlling = controlling       # the pty is the process's controlling terminal (SIGHUP on hang-up)
        self.extra_env = env or {}
        self.output = bytearray()
        self.proc: subprocess.Popen | None = None
        self.master: int | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> PtyTui:
        master, slave = os.openpty()
        cols, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("HF_", "HUGGING", "GRADIO_", "TEXTUAL", "PYTEST", "COLUMNS", "LINES"))}
        env.update({"TERM": "xterm-256color", "COLORTERM": "truecolor", "HOME": str(self.home),
                    "XDG_DATA_HOME": str(self.home / "data"), "XDG_CONFIG_HOME": str(self.home / "config"),
                    "XDG_CACHE_HOME": str(self.home / "cache"), "HF_HOME": str(self.home / "hf"),
                    "GRADIO_TUI_NO_SYSTEM_CLIPBOARD": "1", "PYTHONUNBUFFERED": "1"})
        env.update(self.extra_env)
        controlling = self.controlling

        def child_setup() -> None:
            os.setsid()
            if controlling:
                fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.proc = subprocess.Popen([sys.executable, "-m", "gradio_tui", *self.args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, cwd=str(self.home), preexec_fn=child_setup,
                                     close_fds=True)
        os.close(slave)
        self.master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        while True:
            master = self.master
            if master is None:
                return
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.output += data

    # --- looking and typing ----------------------------------------------------------------------
    @property
    def written(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def wait_for(self, needle: bytes, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.written:
                return True
            if self.proc is not None and self.proc.poll() is not None:
                return needle in self.written
            time.sleep(0.05)
        return False

    def until(self, condition, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return bool(condition())

    def type(self, keys: str | bytes) -> None:
        assert self.master is not None
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)

    # --- ending -----------------------------------------------------------------------------------
    def hang_up(self) -> None:
        """Close the master side: the terminal is gone (a killed tmux pane, a dropped SSH session)."""
        master, self.master = self.master, None
        if master is not None:
            os.close(master)

    def signal(self, signum: int) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signum)

    def wait_exit(self, timeout: float) -> int | None:
        assert self.proc is not None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        """Whatever happened: the process is gone and the master closed."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.hang_up()
