"""External text made safe to show: terminal control sequences removed.

Labels, outputs, Space titles, server errors and log lines come from apps we do not trust:
an OSC 52 sequence could write the clipboard, a title sequence rename the terminal. The TUI
also escapes Rich markup; the CLI only needs this.

Unicode bidi controls (embeddings, overrides, isolates and the LRM/RLM/ALM marks) are shown as
a visible ``\\u202e`` instead of being removed: a terminal that reorders text (VTE, Konsole,
mlterm) would let them make a line read differently from what it holds ("Trojan Source"), and
the escape says that the app sent one, as ``json_text`` and the snippets say it.
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


# Unicode bidi controls: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")

# Every sequence above starts with one of these (and the bidi controls are escaped): finding
# them first is ~20x faster on big text.
_ANY_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")

# What a terminal could act on in text we print, for the literals of code we print (snippets):
# C0 controls but \t and \n, DEL, C1, the Unicode line/paragraph separators, bidi controls.
UNSAFE_CHARS = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{BIDI_CONTROLS}]")


def escaped(char: str) -> str:
    """``\\u202e``: a character as the escape JSON, JavaScript and Python all read back."""
    return f"\\u{ord(char):04x}"


# --- secrets: never shown, whatever text they turn up in ---------------------------------------

_SECRETS: set[str] = set()
MIN_SECRET = 8      # shorter values are not masked: masking "pass" would mangle every "password"


def register_secret(*values: object) -> None:
    """Values never to be shown or written, wherever they turn up (an app that echoes the token
    it was given, a cookie in an error text). ``Session.connect`` registers its token, password
    and cookies; ``plain``, ``json_text`` and the history file mask them as ``***``."""
    for value in values:
        if isinstance(value, str) and len(value) >= MIN_SECRET:
            _SECRETS.add(value)


def mask_secrets(text: str) -> str:
    """``text`` with every registered secret (as is, or as it reads inside a JSON string) as ``***``."""
    import json

    for secret in _SECRETS:
        for form in (secret, json.dumps(secret, ensure_ascii=False)[1:-1]):
            if form in text:
                text = text.replace(form, "***")
    return text


def plain(text: object) -> str:
    """``text`` as a string with every terminal control sequence removed, every bidi control
    shown as its ``\\u202e`` escape, and every registered secret masked."""
    text = text if isinstance(text, str) else str(text)
    if _SECRETS:
        text = mask_secrets(text)
    found = _ANY_CONTROL.search(text)
    if found is None:
        return text
    out: list[str] = []
    pos = 0
    while found is not None:
        start = found.start()
        out.append(text[pos:start])
        if _BIDI.match(text, start):
            out.append(escaped(text[start]))
            pos = start + 1
        else:
            sequence = _ESCAPES.match(text, start)
            pos = sequence.end() if sequence else start + 1
        found = _ANY_CONTROL.search(text, pos)
    out.append(text[pos:])
    return "".join(out)


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
    from gradio_tui.core.wirejson import dumps

    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("default", str)
    text = dumps(value, **kwargs)
    return json_escaped(mask_secrets(text) if _SECRETS else text)


def json_escaped(text: str) -> str:
    """JSON text (or a JavaScript literal) with every character a terminal could act on written
    as a ``\\uXXXX`` escape: the same value when parsed. ``json.dumps(ensure_ascii=False)``
    escapes C0 controls but leaves DEL, C1 (0x9b is CSI), U+2028/U+2029 and bidi controls raw."""
    if UNSAFE_CHARS.search(text) is None:
        return text
    return UNSAFE_CHARS.sub(lambda m: escaped(m.group()), text)
