"""``gradio-tui --help`` starts with how to open the TUI, then lists the headless commands."""

from __future__ import annotations

import subprocess
import sys


def test_help_says_how_to_start_the_tui_before_the_subcommands():
    done = subprocess.run([sys.executable, "-m", "gradio_tui", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    head = "\n".join(out.splitlines()[:12])
    assert "gradio-tui [SRC]" in head and "--demo" in head
    assert "owner/name" in head and "http://127.0.0.1:7860" in head      # what SRC may be
    assert "search the Hub" in head                                      # nothing: the search screen
    start, commands = out.index("Start the TUI"), out.index("headless commands")
    assert start < commands and out.index("    api ") > commands
    assert "GRADIO_USERNAME" in out and "ps" in out                     # the better way than --auth


def test_the_tuis_own_help_points_back_at_the_commands():
    done = subprocess.run([sys.executable, "-m", "gradio_tui", "--demo", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--demo" in done.stdout and "gradio-tui --help" in done.stdout
