"""Open a file output with the system's viewer (``xdg-open``, macOS ``open``, Windows' default),
run detached: the TUI never waits on it, and a viewer that outlives the TUI is not its child.

An app is potentially hostile and a viewer dispatches on the file's type (``xdg-open`` would run
a ``.desktop`` launcher), so only the media and document types in ``VIEWABLE`` are opened;
anything else is left saved, with its path said, and so is a file whose content is a launcher, a
script or a program whatever its name (viewers sniff content). The file is a copy the core
downloaded (same origin, size cap), created without the executable bit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

VIEWABLE = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico", ".avif",   # no svg: it can carry script
    ".wav", ".mp3", ".ogg", ".oga", ".flac", ".m4a", ".aac", ".opus", ".weba",
    ".mp4", ".webm", ".mkv", ".mov", ".avi", ".m4v", ".ogv",
    ".pdf", ".txt", ".md", ".csv", ".tsv", ".json", ".log",
})


SNIFFED = 4096                      # bytes of a file read to see what it really is
PROGRAM_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe")
LAUNCHER_LINES = (b"[desktop entry]", b"[kde desktop entry]", b"[desktop action")


def runnable_content(path: Path) -> str | None:
    """What the file really is when a viewer could run it whatever its name says: a desktop
    launcher, a script (``#!``) or a program; None for anything else.

    Viewers sniff: GIO prefers the sniffed ``application/x-desktop`` to a ``.txt`` name (a
    subtype of ``text/plain``) and xdg-mime's generic mode asks ``file``, so the name alone
    does not decide what ``xdg-open`` does with an app's file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFFED)
    except OSError:
        return None
    text = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(PROGRAM_MAGIC):
        return "a program"
    if text.lstrip().startswith(b"#!"):
        return "a script"
    if any(line.strip().lower().startswith(LAUNCHER_LINES) for line in text.splitlines()):
        return "a desktop launcher"
    return None


def viewer_name(name: str) -> str:
    """The name the viewer's copy gets: letters, digits, ``.``, ``_`` and ``-`` only, never a
    leading ``-`` or ``.``, its type kept. ``xdg-open`` is a shell script, and old ones lost the
    quoting of a name under dash (CVE-2015-1877): an app's ``$(…)`` or `` `…` `` stays out of it."""
    path = Path(name)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).lstrip("-._")[:100] or "file"
    suffix = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,10}", path.suffix.lower()) else ""
    return stem + suffix


def viewable(name: str) -> bool:
    """Whether a file of this name is one the viewer may open (by its type)."""
    return Path(name).suffix.lower() in VIEWABLE


def viewer_command() -> list[str] | None:
    """The command that opens a file with the desktop's default viewer, when there is one."""
    name = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(name)
    return [found] if found else None


def open_detached(path: Path) -> tuple[bool, str]:
    """Open ``path`` with the system viewer; ``(opened, the sentence to show)``."""
    suffix = path.suffix.lower()
    if not viewable(path.name):
        kind = f"a {suffix} file" if suffix else "a file without a type"
        return False, f"Not opened: {kind} is not opened by gradio-tui (an app may send anything). It is at {path}"
    really = runnable_content(path)
    if really is not None:
        return False, (f"Not opened: the {suffix} file is {really} inside (an app may send anything; a viewer "
                       f"could run it). It is at {path}")
    if sys.platform == "win32":  # pragma: no cover - not tested here
        os.startfile(path)
        return True, f"Opened {path}"
    command = viewer_command()
    if command is None:
        return False, f"No system viewer here (xdg-open / open not found). The file is at {path}"
    try:
        process = subprocess.Popen(
            [*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
        )
    except OSError as err:
        return False, f"The viewer did not start ({err.strerror or err}). The file is at {path}"
    threading.Thread(target=process.wait, daemon=True, name="viewer-reaper").start()   # no zombie
    return True, f"Opened {path.name} with {Path(command[0]).name}"
