"""Recent targets, newest first, in ``recent.json`` under the user data dir: one entry per app,
with the app's title.

An app is one entry however it was written: ``acme/kitchen`` and its Space page with
``?view=api`` are one Space; a URL and its ``/gradio_api/info`` or ``/config`` are one app
(``core.target.parse_target`` finds the app in each). The file holds ``{"target", "title"}``
objects; an older file's plain strings are still read.

The data dir comes from ``core.paths`` (``XDG_DATA_HOME`` / ``GRADIO_TUI_DATA_DIR``); the file is
written atomically with mode 0600. A broken file is treated as empty. A URL's ``user:password@``
is never stored (nor shown again from an older file).

A cold start reads the list for its first frame: ``json`` loads only when there is a file to read
(or to write), and the entries this module wrote are not parsed again (an older file's strings are).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradio_tui.core import data_dir, plain

LIMIT = 20
TITLE_LIMIT = 120


@dataclass
class RecentTarget:
    target: str              # how the app is opened again: a Space id, or the app's root URL
    title: str = ""          # the app's title when it was last connected (plain text)


def recent_path() -> Path:
    return data_dir() / "recent.json"


def canonical(target: str) -> str:
    """The one way to write ``target``'s app: its Space id, else its root URL (and page)."""
    from gradio_tui.core import UsageError, parse_target, redact_userinfo

    text = redact_userinfo(target.strip())
    try:
        parsed = parse_target(text)
    except UsageError:
        return text
    key = parsed.space_id or parsed.url or text
    if parsed.page:
        key += f"?page={parsed.page}"
    return redact_userinfo(key)


def _entry(item: Any) -> RecentTarget | None:
    if isinstance(item, str):                   # an older file: written as typed, folded here
        target, title = item, ""
        key = canonical(target) if target.strip() else ""
    elif isinstance(item, dict) and isinstance(item.get("target"), str):
        from gradio_tui.core import redact_userinfo

        target = item["target"]
        title = item["title"] if isinstance(item.get("title"), str) else ""
        # Written by ``remember``, already canonical: not parsed again (the URL check loads httpx,
        # ~30 ms of a returning user's first frame); a password is still never shown.
        key = redact_userinfo(target.strip())
    else:
        return None
    if not key:
        return None
    return RecentTarget(key, plain(title or "")[:TITLE_LIMIT])


def load_entries() -> list[RecentTarget]:
    """The recent apps, newest first, one entry each."""
    try:
        text = recent_path().read_text(encoding="utf-8")
    except OSError:
        return []
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    entries: list[RecentTarget] = []
    seen: set[str] = set()
    for item in data:
        entry = _entry(item)
        if entry is not None and entry.target not in seen:
            seen.add(entry.target)
            entries.append(entry)
    return entries[:LIMIT]


def load_recent() -> list[str]:
    """The recent targets, newest first (what opens each app again)."""
    return [entry.target for entry in load_entries()]


def _save(entries: list[RecentTarget]) -> None:
    import json

    from gradio_tui.core import write_private

    data = [{"target": e.target, "title": e.title} if e.title else {"target": e.target} for e in entries[:LIMIT]]
    try:
        write_private(recent_path(), json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass                              # saving failures are ignored: the list is a convenience


def remember(target: str, title: str | None = None) -> list[str]:
    """Put ``target``'s app first (with ``title``, or the title it had); returns the new list."""
    key = canonical(target)
    old = load_entries()
    previous = next((e.title for e in old if e.target == key), "")
    entries = [RecentTarget(key, plain(title)[:TITLE_LIMIT] if title else previous)]
    entries += [e for e in old if e.target != key]
    _save(entries)
    return [e.target for e in entries[:LIMIT]]


def forget(target: str) -> list[str]:
    """Remove ``target``'s app from the list; returns the new list."""
    key = canonical(target)
    entries = [e for e in load_entries() if e.target != key]
    _save(entries)
    return [e.target for e in entries]
