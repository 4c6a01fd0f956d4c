"""External text made safe to show: terminal control sequences removed.

Labels, outputs, Space titles, server errors and log lines come from apps we do not trust:
an OSC 52 sequence could write the clipboard, a title sequence rename the terminal. The TUI
also escapes Rich markup; the CLI only needs this.
"""

from __future__ import annotations

import re

# CSI, OSC (BEL or ST terminated), other ESC sequences, and C0/C1 controls but \n and \t.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"          # CSI … final
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL / ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"    # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"                   # two-byte ESC sequences, lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]"
)


def plain(text: object) -> str:
    """``text`` as a string with every terminal control sequence removed."""
    return _ESCAPES.sub("", text if isinstance(text, str) else str(text))
