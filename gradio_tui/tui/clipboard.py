"""The one way text reaches the clipboard: pyperclip where a clipboard exists, OSC 52 always.

``App.copy_to_clipboard`` writes the OSC 52 sequence (it reaches SSH sessions and tmux with
``set-clipboard on``) and sets ``app.clipboard``. The returned sentence says which worked.
"""

from __future__ import annotations

import os

from textual.app import App

from gradio_tui.core import plain


def _pyperclip(text: str) -> bool:
    if os.environ.get("GRADIO_TUI_NO_SYSTEM_CLIPBOARD"):
        return False
    try:
        import pyperclip

        pyperclip.copy(text)
        return True
    except Exception:  # noqa: BLE001 - no clipboard mechanism here (headless, SSH): OSC 52 only
        return False


def copy_text(app: App, text: str, what: str = "text") -> str:
    """Copy ``text``; notify and return how it was copied."""
    system = _pyperclip(text)
    app.copy_to_clipboard(text)
    how = ("system clipboard + terminal (OSC 52)" if system
           else "terminal only (OSC 52): no system clipboard here")
    message = plain(f"Copied {what} · {how}")
    app.notify(message, title="Copied", markup=False)
    return message
