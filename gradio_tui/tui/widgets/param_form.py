"""The parameter form of one endpoint: its fields, Run and Cancel, errors inline before sending."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Static

from gradio_tui.core import Endpoint, plain
from gradio_tui.tui.format import badges
from gradio_tui.tui.keymap import shown_key
from gradio_tui.tui.widgets.event_data_form import EventDataSection
from gradio_tui.tui.widgets.fields import FieldError, ParamField, field_for


def endpoint_title(endpoint: Endpoint) -> Text:
    title = Text(plain(endpoint.route), style="bold")
    title.append(f"  fn {endpoint.fn_index}", style="dim")
    for word, style in badges(endpoint):
        title.append("  ")
        title.append(f" {word} ", style=f"reverse {style}")
    return title


class ParamForm(VerticalScroll):
    """Fields for ``endpoint.parameters``; ``collect()`` gives the values or marks the errors."""

    HELP = """\
## Parameter form

One field per parameter of the endpoint, prefilled with its defaults.
A red `*` marks a required parameter. Values are checked as you type; a field
with an error blocks the run and says why underneath.

- **Tab / shift+Tab** move between fields
- **ctrl+r** (or F5) runs the endpoint with these values; **ctrl+g** cancels the selected run
- Numbers and sliders show their range and step; **↑/↓** steps them (kept within the range);
  a character a number cannot take is refused with the reason under the field
- **ctrl+z** puts the focused field back to the app's default
- Checkboxes and choice lists show `[x]` ticked and `[ ]` not; dropdowns show the app's
  display labels; a required choice has no blank entry
- Files: type a path or URL, or press *Browse…* to pick one; fields of several files
  (lists, galleries, sliders) take one per line, and *Add…* appends a picked one
- JSON fields must hold valid JSON
- **Event data** (listeners of `.select`, `.like`, `.key_up`, `.edit`, … whose function
  reads the event): the event's fields, pre-filled; each takes JSON, plain text is a string
"""

    class RunRequested(Message):
        def __init__(self, form: ParamForm) -> None:
            super().__init__()
            self.form = form

    class CancelRequested(Message):
        pass

    class Changed(Message):
        """A field was edited: the export panel's snippet of the form follows it."""

        def __init__(self, form: ParamForm) -> None:
            super().__init__()
            self.form = form

    def __init__(self, endpoint: Endpoint, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="param-form")
        self.endpoint = endpoint
        self.can_focus = False         # Tab goes from the list straight to the first field: keys typed
                                       # into the scroll container itself went nowhere

    def compose(self) -> ComposeResult:
        yield Static(endpoint_title(self.endpoint), classes="form-title")
        if self.endpoint.description:
            yield Static(Text(plain(self.endpoint.description), style="italic"), classes="form-description")
        if self.endpoint.shared_name is not None:
            yield Static(Text(plain(self.endpoint.shared_name_note), style="yellow"), classes="form-note")
        if self.endpoint.visibility == "private":
            yield Static(Text("Private: not part of the app's API, but the server runs it.", style="red"),
                         classes="form-note")
        params = self.endpoint.parameters
        if not params:
            yield Static(Text("This endpoint takes no inputs.", style="dim"), classes="form-note")
        for param in params:
            yield field_for(param)
        if self.endpoint.event is not None:
            yield EventDataSection(self.endpoint.event)
        with Horizontal(classes="form-buttons"):
            yield Button(f"Run {shown_key(self.app, 'run', 'ctrl+r')}", variant="primary", id="run-button")
            yield Button(f"Cancel {shown_key(self.app, 'cancel', 'ctrl+g')}", variant="error", id="cancel-button")

    @property
    def fields(self) -> list[ParamField]:
        return list(self.query(ParamField))

    def field(self, name: str) -> ParamField | None:
        return next((f for f in self.fields if f.param.name == name), None)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Values by parameter name, and the errors by parameter name (empty when sendable)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field in self.fields:
            try:
                values[field.param.name] = field.validate()
            except FieldError as err:
                errors[field.param.name] = str(err)
        try:
            self.event_data()
        except ValueError as err:
            errors["event data"] = str(err)
        return values, errors

    def peek(self) -> tuple[dict[str, Any], dict[str, str]]:
        """Like ``collect()``, but the fields show the errors they showed before (the export
        panel reads the form as it is edited; a fresh form is not marked red)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field in self.fields:
            shown = field.error
            try:
                values[field.param.name] = field.validate()
            except FieldError as err:
                errors[field.param.name] = str(err)
            finally:
                if field.error != shown:
                    field.set_error(shown)
        return values, errors

    def event_data(self) -> dict[str, Any] | None:
        """The event data section's object, None for a listener that reads none
        (``ValueError`` when the section holds no valid object)."""
        sections = self.query(EventDataSection)
        return sections.first().value() if sections else None

    def show_error(self, name: str | None, message: str) -> bool:
        """Put an error from the core under its field; False when no field matches."""
        field = self.field(name) if name else None
        if field is None:
            return False
        field.set_error(message)
        field.focus_control()
        return True

    def focus_first(self, errors_first: bool = False, _attempt: int = 0) -> None:
        """Focus the first field (with an error, if asked); waits for a form still composing."""
        buttons = self.query("#run-button")
        if not buttons:
            if _attempt < 20:
                self.call_after_refresh(self.focus_first, errors_first, _attempt + 1)
            return
        fields = self.fields
        if errors_first:
            fields = [f for f in fields if f.error] or fields
        if fields and fields[0].query(".field-control"):
            fields[0].focus_control()
        elif self.query(".event-field"):                # no inputs, but the event's data
            self.query(".event-field").first().focus()
        else:
            buttons.first().focus()

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            field = self.field(name)
            if field is not None:
                field.write(value)

    def set_event_data(self, data: dict[str, Any] | None) -> None:
        """Fill the event data section (a recorded call reopened); nothing without one."""
        sections = self.query(EventDataSection)
        if sections and isinstance(data, dict):
            sections.first().write(data)

    @on(ParamField.Edited)
    def _revalidate(self, event: ParamField.Edited) -> None:
        event.stop()
        try:
            event.field.validate()
        except FieldError:
            pass
        self.post_message(self.Changed(self))

    @on(Button.Pressed, "#run-button")
    def _run(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RunRequested(self))

    @on(Button.Pressed, "#cancel-button")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.CancelRequested())
