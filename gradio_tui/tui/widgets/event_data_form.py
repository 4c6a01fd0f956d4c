"""The form's "event data" section, for a listener whose function reads ``gr.SelectData``,
``gr.LikeData``, … (``core.eventdata``): one field per field of the event, pre-filled with the
core's sample, sent as the join's ``event_data``.

Each field takes JSON (``[0, 1]``, ``true``, ``"text"``); text that is not JSON is taken as a
string, so ``hello`` needs no quotes. An event without known fields gets one JSON-object field.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from gradio_tui.core import EventTrigger, plain

WHOLE = "*"     # the field name of the one JSON-object field of an event without known fields


class EventDataSection(Vertical):
    """The event's fields; ``value()`` gives the ``event_data`` object or raises ``ValueError``."""

    DEFAULT_CSS = """
    EventDataSection { height: auto; margin: 1 0 0 0; border-top: dashed $primary-darken-2; }
    EventDataSection .event-title { margin: 1 0 0 0; }
    EventDataSection .event-name { margin: 1 0 0 0; }
    EventDataSection .event-error { color: $error; height: auto; }
    """

    def __init__(self, trigger: EventTrigger) -> None:
        super().__init__(id="event-data")
        self.trigger = trigger

    def compose(self) -> ComposeResult:
        trigger = self.trigger
        title = Text("Event data", style="bold")
        where = f" on {plain(trigger.component)}" if trigger.component else ""
        title.append(f"  {trigger.class_name} of the {plain(trigger.event)} event{where}", style="dim")
        yield Static(title, classes="event-title")
        yield Static(Text("The app's function reads these; gradio_client cannot send them. JSON values "
                          "(plain text is a string).", style="dim"), classes="event-hint")
        names = list(trigger.fields) or [WHOLE]
        for name in names:
            yield Static(Text(plain(name) if name != WHOLE else "event data (a JSON object)", style="bold"),
                         classes="event-name")
            text = json.dumps(trigger.sample, ensure_ascii=False) if name == WHOLE else (
                json.dumps(trigger.sample[name], ensure_ascii=False) if name in trigger.sample else "")
            yield Input(plain(text), id=f"event-{name if name != WHOLE else 'all'}", classes="event-field",
                        compact=True)
        yield Static("", classes="event-error")

    def value(self) -> dict[str, Any]:
        """The event data to send; ``ValueError`` (shown under the section) when it is not valid."""
        error = self.query_one(".event-error", Static)
        error.update("")
        if not self.trigger.fields:
            text = self.query_one("#event-all", Input).value.strip() or "{}"
            try:
                data = json.loads(text)
            except ValueError:
                data = None
            if not isinstance(data, dict):
                error.update("event data: give a JSON object, e.g. {\"index\": 0}")
                raise ValueError("event data is not a JSON object")
            return data
        data = {}
        for name in self.trigger.fields:
            text = self.query_one(f"#event-{name}", Input).value.strip()
            if not text:
                continue
            try:
                data[name] = json.loads(text)
            except ValueError:
                data[name] = text
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Fill the fields from an event data object (a recorded call reopened)."""
        if not self.trigger.fields:
            self.query_one("#event-all", Input).value = json.dumps(data, ensure_ascii=False)
            return
        for name in self.trigger.fields:
            if name in data:
                self.query_one(f"#event-{name}", Input).value = json.dumps(data[name], ensure_ascii=False)
