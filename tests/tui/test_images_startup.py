"""Issue 16, speed: what the TUI's start leaves out. The pictures' library (Pillow) loads with the
first image, and start-up loads none of httpx's own command line (click, pygments), markdown-it
(the help screen's) or the TOML parser (a keymap.toml's): the modules the connected screen's
first frame would otherwise wait for. Timings are in ``benchmarks/`` (not timed here)."""

from __future__ import annotations

import subprocess
import sys

LEFT_OUT = ("PIL", "click", "pygments", "markdown_it", "tomllib", "rich.syntax", "rich.progress")


def test_the_connected_screen_loads_without_the_modules_it_does_not_draw(tmp_path):
    code = (
        "import sys\n"
        "import gradio_tui.cli.main\n"                                  # the entry point, as `gradio-tui URL` starts
        "from gradio_tui.tui import app, main\n"
        "from gradio_tui.tui.screens import connected\n"
        "from gradio_tui.core import session\n"
        "app.read_keymap()\n"                                      # no keymap.toml: nothing to parse
        f"print(sorted(m for m in {LEFT_OUT!r} if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_httpx_works_without_its_command_line():
    code = ("import gradio_tui.cli.main, httpx\n"
            "print(httpx.URL('http://127.0.0.1:7860/x').port, callable(httpx.main))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["7860", "True"]
