"""Config text that may be a translation (Gradio 6 ``gr.I18n``) → one plain string.

Gradio 6 sends a translatable text three ways: in ``/config`` as a string with a marker,
``__i18n__{"__type__": "translation_metadata", "key": "chat_interface.chatbot"}`` (maybe with text
around it), and in ``/info`` as an object ``{"key": …, "_type": "translation_metadata"}`` (or
``__type__``). The browser looks the key up in the app's own translations (``i18n_translations``
of the config: ``{locale: {key: text}}``) and then in Gradio's bundled locales. We take English,
else the first locale that has the key, else the key itself, so no face ever sees a dict.
"""

from __future__ import annotations

import json
from typing import Any

MARKER = "__i18n__"
TRANSLATION_TYPE = "translation_metadata"

#: Gradio's own English for the keys its Python code emits (gradio/chat_interface.py;
#: the front end's lang/en.json). Any other key falls back to the app's translations.
GRADIO_ENGLISH = {
    "chat_interface.additional_inputs": "Additional inputs",
    "chat_interface.chatbot": "Chatbot",
    "chat_interface.conversation": "Conversation",
    "chat_interface.message_placeholder": "Type a message...",
    "chat_interface.new_chat": "New chat",
}


def is_translation(value: Any) -> bool:
    """A serialised ``I18nData``: ``{"key": str, "__type__"|"_type": "translation_metadata"}``."""
    return (isinstance(value, dict) and isinstance(value.get("key"), str)
            and TRANSLATION_TYPE in (value.get("__type__"), value.get("_type")))


class Translations:
    """The app's ``i18n_translations`` (``{locale: {key: text}}``), English first."""

    def __init__(self, raw: Any = None) -> None:
        tables = raw if isinstance(raw, dict) else {}
        locales = [loc for loc in tables if isinstance(loc, str) and isinstance(tables[loc], dict)]
        english = [loc for loc in locales if loc.lower() == "en" or loc.lower().startswith("en-")]
        self._order = [tables[loc] for loc in english + [loc for loc in locales if loc not in english]]
        self._english = len(english)

    @classmethod
    def of_config(cls, config: Any) -> Translations:
        return cls(config.get("i18n_translations") if isinstance(config, dict) else None)

    def lookup(self, key: str) -> str:
        for table in self._order[:self._english]:
            found = _find(table, key)
            if found is not None:
                return found
        if key in GRADIO_ENGLISH:
            return GRADIO_ENGLISH[key]
        for table in self._order[self._english:]:
            found = _find(table, key)
            if found is not None:
                return found
        return key

    def text(self, value: Any) -> str | None:
        """Any config value meant as text → a string (None stays None)."""
        if value is None:
            return None
        if isinstance(value, str):
            return self._unmark(value) if MARKER in value else value
        if is_translation(value):
            return self.lookup(value["key"])
        if isinstance(value, (dict, list)):
            try:
                return json.dumps(value, ensure_ascii=False, default=str)
            except (TypeError, ValueError, RecursionError):
                return str(type(value).__name__)
        return str(value)

    def _unmark(self, text: str) -> str:
        """Replace each ``__i18n__{…}`` in a string by its text (as the front end does)."""
        out: list[str] = []
        pos = 0
        decoder = json.JSONDecoder()
        while True:
            start = text.find(MARKER, pos)
            if start < 0:
                out.append(text[pos:])
                return "".join(out)
            out.append(text[pos:start])
            try:
                obj, end = decoder.raw_decode(text, start + len(MARKER))
            except (ValueError, RecursionError):
                out.append(MARKER)
                pos = start + len(MARKER)
                continue
            out.append(self.lookup(obj["key"]) if is_translation(obj) else text[start:end])
            pos = end


def _find(table: dict[str, Any], key: str) -> str | None:
    """``key`` in a flat table, or as a dotted path in a nested one."""
    value = table.get(key)
    if isinstance(value, str):
        return value
    node: Any = table
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node if isinstance(node, str) else None
