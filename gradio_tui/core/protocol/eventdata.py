"""Event data: what a listener whose function takes ``gr.SelectData``, ``gr.LikeData``, … reads.

A browser sends the event's fields as ``event_data`` (and the triggering component's id as
``trigger_id``) in the queue join body; gradio_client sends ``null`` and such a function fails
on the server (``'NoneType' object is not subscriptable``). The config says which listeners read
event data (the dependency's ``collects_event_data``, on 4.44 to 6.x) and which event triggers
them (``targets``: ``[[component_id, "select"], …]``); the fields of each event type are the
ones ``gradio/events.py`` reads (``data["index"]``, ``data.get("selected", True)``, …).

``POST /call/{name}`` takes no event data (4.44 to 6.31): such calls go through the queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gradio_tui.core.coerce import as_dict, as_list
from gradio_tui.core.errors import ArgumentError

# Event name → the fields its EventData subclass reads, in the order a form shows them.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "select": ("index", "value", "selected"),
    "like": ("index", "value", "liked"),
    "key_up": ("key", "input_value"),
    "edit": ("index", "value", "previous_value"),
    "copy": ("value",),
    "retry": ("index", "value"),
    "undo": ("index", "value"),
    "delete": ("file",),
    "download": ("file",),
}
# The gr.* class a function takes for each event (for the words shown to people).
EVENT_CLASSES: dict[str, str] = {
    "select": "gr.SelectData", "like": "gr.LikeData", "key_up": "gr.KeyUpData", "edit": "gr.EditData",
    "copy": "gr.CopyData", "retry": "gr.RetryData", "undo": "gr.UndoData", "delete": "gr.DeletedFileData",
    "download": "gr.DownloadData",
}
MAX_TEXT = 200      # characters of a component's value taken into a pre-filled field


@dataclass
class EventTrigger:
    """The event that triggers a listener which reads event data, and a sensible first value."""

    event: str                          # "select", "like", "key_up", … (as the config names it)
    trigger_id: int | None              # the component whose event it is (sent as trigger_id)
    component: str = ""                 # that component's type ("dataframe", "chatbot", …)
    sample: dict[str, Any] = field(default_factory=dict)   # pre-filled fields

    @property
    def fields(self) -> tuple[str, ...]:
        return EVENT_FIELDS.get(self.event, ())

    @property
    def class_name(self) -> str:
        return EVENT_CLASSES.get(self.event, "gr.EventData")

    def data(self, given: Any = None) -> dict[str, Any]:
        """The ``event_data`` to send: the sample with ``given``'s fields over it."""
        if given is None:
            return dict(self.sample)
        if not isinstance(given, dict):
            raise ArgumentError(f"event data must be a JSON object of the {self.event} event's fields",
                                hint="fields: " + (", ".join(self.fields) or "any"))
        return {**self.sample, **given}


def event_trigger(dep: dict[str, Any], components: dict[Any, dict[str, Any]]) -> EventTrigger | None:
    """The event data a dependency reads, or None. ``collects_event_data`` decides where the
    config has it; a config without it (older or odd) is taken at its first target's word when
    that event carries data."""
    targets = [t for t in as_list(dep.get("targets")) if isinstance(t, (list, tuple)) and len(t) >= 2]
    collects = dep.get("collects_event_data")
    if collects is False or not targets:
        return None
    chosen = next((t for t in targets if isinstance(t[1], str) and t[1] in EVENT_FIELDS), targets[0])
    event = chosen[1] if isinstance(chosen[1], str) else ""
    if collects is not True and event not in EVENT_FIELDS:
        return None
    trigger = chosen[0] if isinstance(chosen[0], int) and not isinstance(chosen[0], bool) else None
    comp = as_dict(components.get(trigger)) if trigger is not None else {}
    kind = str(comp.get("type") or "").lower()
    return EventTrigger(event=event[:40], trigger_id=trigger, component=kind[:40],
                        sample=_sample(event, kind, as_dict(comp.get("props")).get("value")))


def _clip(value: Any) -> Any:
    return value[:MAX_TEXT] if isinstance(value, str) else value if isinstance(value, (int, float, bool)) else ""


def _first(kind: str, value: Any) -> tuple[Any, Any]:
    """(index, value) of the component's first item: a table's first cell, a chat's first
    message, a text's whole text, a choice list's first value."""
    if kind == "dataframe":
        rows = as_list(as_dict(value).get("data")) if isinstance(value, dict) else as_list(value)
        row = as_list(rows[0]) if rows else []
        return [0, 0], _clip(row[0]) if row else ""
    if kind == "chatbot":
        items = as_list(value)
        first = items[0] if items else None
        if isinstance(first, dict):                 # messages: {"role", "content"}
            content = first.get("content")
            if isinstance(content, list):           # 6.x: [{"type": "text", "text": …}, …]
                content = next((as_dict(part).get("text") for part in content
                                if isinstance(as_dict(part).get("text"), str)), "")
            return 0, _clip(content if isinstance(content, str) else "")
        if isinstance(first, (list, tuple)) and first:   # tuples: [user, bot]
            return [0, 0], _clip(first[0])
        return 0, ""
    if kind in ("textbox", "textarea", "code", "markdown", "html"):
        text = _clip(value) if isinstance(value, str) else ""
        return [0, len(text)], text
    if isinstance(value, list):
        return 0, _clip(value[0]) if value else ""
    return 0, _clip(value) if value is not None else ""


def _sample(event: str, kind: str, value: Any) -> dict[str, Any]:
    index, item = _first(kind, value)
    if event == "select":
        return {"index": index, "value": item, "selected": True}
    if event == "like":
        return {"index": index, "value": item, "liked": True}
    if event == "key_up":
        return {"key": "Enter", "input_value": item if isinstance(item, str) else ""}
    if event == "edit":
        return {"index": index, "value": item, "previous_value": item}
    if event == "copy":
        return {"value": item}
    if event in ("retry", "undo"):
        return {"index": index, "value": item}
    return {}


__all__ = ["EVENT_CLASSES", "EVENT_FIELDS", "EventTrigger", "event_trigger"]
