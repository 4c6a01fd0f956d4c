"""External text made safe to show: terminal control sequences removed.

Labels, outputs, Space titles, server errors and log lines come from apps we do not trust:
an OSC 52 sequence could write the clipboard, a title sequence rename the terminal. The TUI
also escapes Rich markup; the CLI only needs this.
"""

from __future__ import annotations

import re

# CSI, OSC (BEL or ST terminated), other ESC sequences, their 8-bit (C1) forms, and C0/C1
# controls but \n and \t.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"                    # CSI … final
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"   # OSC … BEL / ST
    r"|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"                   # two-byte ESC sequences, lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]"
)


# Every sequence above starts with one of these: finding them first is ~20x faster on big text.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """``text`` as a string with every terminal control sequence removed."""
    text = text if isinstance(text, str) else str(text)
    found = _ANY_CONTROL.search(text)
    if found is None:
        return text
    out: list[str] = []
    pos = 0
    while found is not None:
        start = found.start()
        sequence = _ESCAPES.match(text, start)
        out.append(text[pos:start])
        pos = sequence.end() if sequence else start + 1
        found = _ANY_CONTROL.search(text, pos)
    out.append(text[pos:])
    return "".join(out)


# C1 controls, DEL and the Unicode line/paragraph separators are valid raw in JSON strings
# (``ensure_ascii=False`` keeps them); a terminal may still act on C1 (0x9b is CSI).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")
LINE_LIMIT = 4000


def clip(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def line(text: object, limit: int = LINE_LIMIT, indent: str = "    ") -> str:
    """External text for a readable output line: clipped, escapes removed, and any line
    breaks it holds indented, so it can never pass for a line of our own."""
    raw = text if isinstance(text, str) else str(text)
    return plain(clip(raw, limit)).replace("\n", "\n" + indent)


def json_text(value: object, **kwargs: object) -> str:
    """``json.dumps`` (UTF-8 kept) with every character a terminal could act on escaped; strict
    JSON always (``core.wirejson.dumps``: NaN / Infinity from an app print as ``null``)."""
    from .core.wirejson import dumps

    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("default", str)
    text = dumps(value, **kwargs)
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
