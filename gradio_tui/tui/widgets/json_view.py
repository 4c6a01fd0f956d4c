"""Raw JSON (an app's config or info), pretty and searchable: a filter box over a read-only text.

With an empty filter it shows the pretty-printed JSON. With words typed, it shows the matching
leaves as ``path = value`` lines (``dependencies[3].api_name = "predict"``), so a match in a
30,000-line config says where it is. The text is plain text (a ``TextArea``), never markup, and
JSON escapes every control character.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, Static, TextArea

from gradio_tui.core import json_text, plain

DEBOUNCE = 0.15
VALUE_LIMIT = 300
MAX_MATCHES = 5000


def flatten(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every leaf of ``value`` as ``(path, json of the value)``; empty containers are leaves."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict) and item:
            for key in reversed(list(item)):
                name = str(key)
                part = f".{name}" if name.isidentifier() else f"[{json_text(name)}]"
                stack.append((f"{where}{part}" if where or part.startswith("[") else name, item[key]))
        elif isinstance(item, list) and item:
            for index in range(len(item) - 1, -1, -1):
                stack.append((f"{where}[{index}]", item[index]))
        else:
            text = json_text(item)
            if len(text) > VALUE_LIMIT:
                text = text[:VALUE_LIMIT] + f"… ({len(text) - VALUE_LIMIT} more characters)"
            out.append((where or "(root)", text))
    return out


def search(leaves: list[tuple[str, str]], query: str) -> list[str]:
    """``path = value`` lines where every word of ``query`` is in the path or the value."""
    words = query.lower().split()
    lines = []
    for path, value in leaves:
        line = f"{path} = {value}"
        low = line.lower()
        if all(word in low for word in words):
            lines.append(line)
            if len(lines) >= MAX_MATCHES:
                break
    return lines


class JsonView(Vertical):
    DEFAULT_CSS = """
    JsonView { height: 1fr; }
    JsonView > Input { margin: 0 0 0 0; }
    JsonView > .json-count { height: 1; padding: 0 1; color: $text-muted; }
    JsonView > TextArea { height: 1fr; }
    """

    HELP = """\
## Raw JSON

The app's own description of itself. Type in the box to search: each word must be in a
leaf's path or value, and matches show as `path = value`. **Escape** clears the box.
"""

    def __init__(self, what: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.what = what
        self.value: Any = None
        self.pretty = ""
        self.leaves: list[tuple[str, str]] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder=f"search the {self.what}: words in paths or values", classes="json-filter")
        yield Static("", classes="json-count")
        yield TextArea("", read_only=True, soft_wrap=False, show_line_numbers=True, classes="json-text")

    def set_json(self, value: Any, missing: str | None = None) -> None:
        """Show ``value``; ``missing`` (why there is none) when it is None."""
        self.value = value
        if value is None:
            self.pretty, self.leaves = plain(missing or f"no {self.what}"), []
        else:
            self.pretty = json_text(value, indent=2)
            self.leaves = flatten(value)
        self.apply_filter()

    @property
    def query_text(self) -> str:
        return self.query_one(".json-filter", Input).value

    @property
    def shown_text(self) -> str:
        return self.query_one(".json-text", TextArea).text

    def apply_filter(self) -> None:
        query = self.query_text.strip()
        area = self.query_one(".json-text", TextArea)
        count = self.query_one(".json-count", Static)
        if not query or self.value is None:
            area.load_text(self.pretty)
            size = f"{len(self.leaves):,} values · {len(self.pretty):,} characters" if self.value is not None else ""
            count.update(Text(size, style="dim"))
            return
        lines = search(self.leaves, query)
        area.load_text("\n".join(lines) if lines else "")
        more = " (first ones)" if len(lines) >= MAX_MATCHES else ""
        count.update(Text(f"{len(lines):,} of {len(self.leaves):,} values match{more}", style="dim"))

    @on(Input.Changed, ".json-filter")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.apply_filter)

    @on(Input.Submitted, ".json-filter")
    def _submitted(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.apply_filter()
        self.query_one(".json-text", TextArea).focus()

    def clear_filter(self) -> bool:
        """Empty the search box; False when it was empty already (Escape then goes back)."""
        box = self.query_one(".json-filter", Input)
        if not box.value:
            return False
        box.value = ""
        self.apply_filter()
        return True
