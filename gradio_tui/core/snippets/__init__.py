"""``CallRecord`` → a curl, Python or JavaScript snippet that runs (or the app's MCP client config).

``render(record, lang)`` gives the snippet of one call; ``render_session(records, lang)`` the
recorder's script: the ordered calls of one session sharing one client (or one session_hash for
curl), so State carries over from call to call; where the user reset the session (ctrl+n), the
script starts a new client (a new session_hash) too. Snippets are fed only by records; every value
is quoted by ``shlex.quote`` / ``json.dumps`` / ``repr``, never pasted as text, and no token,
password or cookie ever appears (they come from ``$HF_TOKEN``, ``$GRADIO_USERNAME`` and
``$GRADIO_PASSWORD`` when the snippet runs).

One module per language: ``curl`` (POSIX sh, curl + sed + awk), ``python`` (gradio_client),
``js`` (@gradio/client, an ES module for node); ``mcp`` is the app's MCP client configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gradio_tui.core.history import CallRecord
from gradio_tui.core.snippets import curl, js, mcp, python
from gradio_tui.core.snippets.common import call_form, session_count

LANGS = ("curl", "python", "js", "mcp")
_RENDERERS: dict[str, Callable[..., str]] = {
    "curl": curl.render_calls, "python": python.render_calls, "js": js.render_calls, "mcp": mcp.render_calls}
_ALIASES = {"bash": "curl", "sh": "curl", "shell": "curl", "py": "python",
            "javascript": "js", "node": "js", "ts": "js"}


def _renderer(lang: str) -> Callable[..., str]:
    key = _ALIASES.get(lang.lower(), lang.lower())
    if key not in _RENDERERS:
        raise ValueError(f"unknown snippet language {lang!r}; use one of {', '.join(LANGS)}")
    return _RENDERERS[key]


def render(record: CallRecord, lang: str) -> str:
    """The snippet of one call (``lang``: curl | python | js | mcp)."""
    return _renderer(lang)([record], recorder=False)


def render_session(records: Sequence[CallRecord], lang: str) -> str:
    """One script for the ordered calls of one session (the recorder)."""
    records = list(records)
    if not records:
        raise ValueError("no calls to export")
    roots = {r.root for r in records}
    if len(roots) > 1:
        raise ValueError("the calls went to different apps: " + ", ".join(sorted(roots)))
    return _renderer(lang)(records, recorder=True)


__all__ = ["LANGS", "call_form", "render", "render_session", "session_count"]
