"""The core never imports Textual: the TUI and the CLI are two faces over it."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.hygiene


def test_core_does_not_import_textual():
    code = (
        "import sys, pkgutil, importlib, gradio_tui.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('gradio_tui.core.' + m.name)\n"
        "import gradio_tui.cli.calls\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    # (rich may be there: httpx imports it for its own command line when it is installed.)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
