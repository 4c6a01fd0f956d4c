"""One form field per parameter kind, each with its label, hint and inline error.

``field_for(param)`` picks the widget: Textbox → Input / TextArea, Number and Slider → a numeric
Input (min / max / step shown and enforced), Checkbox → Switch, Dropdown / Radio → Select with
the display labels, multiselect → SelectionList, File / Image / Audio / Video / an ImageEditor's background → a path
or URL with a file picker, several files (a list, Gallery, ImageSlider, MultimodalTextbox) → one
path per line with a picker that adds, JSON and anything else → a TextArea that must hold JSON.

``read()`` turns the widget's state into the value the core expects, raising ``FieldError`` with
a sentence for the user; ``validate()`` adds the core's own ``check_value`` and shows the result
under the field. External text (labels, choices) is always shown as ``Text``, never markup.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, Switch, TextArea

from ...core.errors import ArgumentError
from ...core.filedata import is_url
from ...core.fileforms import ONE_PATH_SHAPES, form_shape, paths_from_value, value_from_paths
from ...core.payload import check_value
from ...core.schema import Param
from ...textsafe import json_text, plain

TEXT_COMPONENTS = {"textbox", "code", "markdown", "html", "label", "highlightedtext", "colorpicker",
                   "datetime", "multimodaltextbox"}
NUMBER_COMPONENTS = {"number", "slider"}


class FieldError(ValueError):
    """A value the form cannot send; the message is shown under the field."""


def _number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _wants_int(param: Param) -> bool:
    kind = param.schema.get("type") if isinstance(param.schema, dict) else None
    return kind == "integer" or param.python_type == "int"


class ParamField(Vertical):
    """Base: label (``*`` when required), the control, a hint, and the error line."""

    class Edited(Message):
        """The user changed the value (the form re-validates the field)."""

        def __init__(self, field: ParamField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, param: Param) -> None:
        super().__init__(classes="param-field", id=f"field-{param.index}")
        self.param = param
        self.error: str | None = None

    # --- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        param = self.param
        label = Text(plain(param.label or param.name), style="bold")
        if param.required:
            label.append(" *", style="bold red")
        if param.name != (param.label or "").strip().lower():
            label.append(f"  {plain(param.name)}", style="dim")
        yield Static(label, classes="field-label")
        yield from self.compose_control()
        described = (self.param.description_summary, self.param.info or "")
        hint = " · ".join(plain(part) for part in (self.type_hint(), *described, self.hint()) if part)
        if hint:
            yield Static(Text(plain(hint), style="dim"), classes="field-hint")
        yield Static("", classes="field-error")

    def compose_control(self) -> ComposeResult:
        raise NotImplementedError

    def hint(self) -> str:
        return ""

    def type_hint(self) -> str:
        """The Python type, unless the widget already says it (choices, switches)."""
        kind = plain(self.param.python_type)
        if self.param.choices is not None or kind in ("bool", "Any") or len(kind) > 60:
            return ""
        return kind

    @property
    def control(self) -> Widget:
        """The field's input widget (each kind of field names the class it composes)."""
        return self.query(".field-control").first()

    def focus_control(self) -> None:
        self.control.focus()

    # --- values -----------------------------------------------------------------------------
    def read(self) -> Any:
        raise NotImplementedError

    def write(self, value: Any) -> None:
        """Set the widget from a value (tests and the palette use it)."""
        raise NotImplementedError

    def validate(self) -> Any:
        """The value, after the field's and the core's checks; shows or clears the error."""
        try:
            value = self.read()
            check_value(self.param, value)
        except FieldError as err:
            self.set_error(str(err))
            raise
        except ArgumentError as err:
            self.set_error(str(err))
            raise FieldError(str(err)) from None
        self.set_error(None)
        return value

    def set_error(self, message: str | None) -> None:
        self.error = message
        self.set_class(bool(message), "-error")
        self.query_one(".field-error", Static).update(Text(plain(message or ""), style="bold red"))

    def edited(self) -> None:
        self.post_message(self.Edited(self))

    def required_missing(self) -> FieldError:
        return FieldError(f"{self.param.name} is required")


class TextField(ParamField):
    @property
    def control(self) -> Input | TextArea:
        return cast("Input | TextArea", super().control)

    def compose_control(self) -> ComposeResult:
        default = self.shown_default()
        lines = self.param.lines or 1
        if lines > 1:
            area = TextArea(default, soft_wrap=True, show_line_numbers=False, classes="field-control -multiline")
            area.styles.height = min(lines, 8) + 2
            yield area
        else:
            yield Input(default, placeholder=plain(self.param.placeholder or self.param.label or self.param.name),
                        classes="field-control")

    def shown_default(self) -> str:
        """The app's default as the field shows it: text, through the sanitiser."""
        default = self.param.default
        return "" if default is None or isinstance(default, (dict, list)) else plain(str(default))

    def read(self) -> Any:
        control = self.control
        text = control.text if isinstance(control, TextArea) else control.value
        if self.param.has_default and text == self.shown_default():
            # The app's own default, sent as the app gave it: a number (gr.HTML(value=3)), or
            # text whose control characters the field does not show.
            return self.param.default
        return text

    def write(self, value: Any) -> None:
        control = self.control
        if isinstance(control, TextArea):
            control.load_text(plain(value))
        else:
            control.value = plain(value)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.edited()


class NumberField(ParamField):
    @property
    def control(self) -> Input:
        return cast("Input", super().control)

    def compose_control(self) -> ComposeResult:
        yield Input(_number_text(self.param.default), type="number", valid_empty=True, classes="field-control",
                    placeholder="a number" + ("" if self.param.required else " (empty: none)"))

    def hint(self) -> str:
        p = self.param
        parts = []
        if p.minimum is not None or p.maximum is not None:
            low = _number_text(p.minimum) if p.minimum is not None else "−∞"
            high = _number_text(p.maximum) if p.maximum is not None else "∞"
            parts.append(f"{low} … {high}")
        if p.step is not None and p.component.lower() == "slider":
            parts.append(f"step {_number_text(p.step)}")
        if p.has_default and p.default is not None:
            parts.append(f"default {_number_text(p.default) or p.default}")
        return " · ".join(parts)

    def read(self) -> int | float | None:
        text = self.control.value.strip()
        if not text:
            if self.param.required:
                raise self.required_missing()
            return None
        try:
            number = float(text)
        except ValueError:
            raise FieldError(f"{text!r} is not a number") from None
        if not math.isfinite(number):
            raise FieldError("the number must be finite")
        p = self.param
        if p.minimum is not None and number < p.minimum:
            raise FieldError(f"{text} is below the minimum {_number_text(p.minimum)}")
        if p.maximum is not None and number > p.maximum:
            raise FieldError(f"{text} is above the maximum {_number_text(p.maximum)}")
        if p.step and p.component.lower() == "slider":
            base = p.minimum or 0
            steps = (number - base) / p.step
            if abs(steps - round(steps)) > 1e-6:
                raise FieldError(f"{text} is not on a step of {_number_text(p.step)} from {_number_text(base)}")
        if number.is_integer() and (_wants_int(p) or ("." not in text and "e" not in text.lower())):
            return int(number)
        if _wants_int(p):
            raise FieldError(f"{text} is not a whole number")
        return number

    def write(self, value: Any) -> None:
        self.control.value = _number_text(value) if value is not None else ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()


class BoolField(ParamField):
    @property
    def control(self) -> Switch:
        return cast("Switch", super().control)

    def compose_control(self) -> ComposeResult:
        with Horizontal(classes="switch-row"):
            yield Switch(bool(self.param.default), classes="field-control")
            yield Static(Text("space toggles", style="dim"), classes="switch-label")

    def read(self) -> bool:
        return bool(self.control.value)

    def write(self, value: Any) -> None:
        self.control.value = bool(value)

    @on(Switch.Changed)
    def _changed(self, event: Switch.Changed) -> None:
        event.stop()
        self.edited()


class ChoiceField(ParamField):
    @property
    def control(self) -> Select[Any]:
        return cast("Select[Any]", super().control)

    """Dropdown / Radio: a Select showing the display labels, sending the values."""

    def compose_control(self) -> ComposeResult:
        choices = self.param.choices or []
        options = [(Text(plain(label)), index) for index, (label, _) in enumerate(choices)]
        current = self._index_of(self.param.default)
        yield Select(options, value=current if current is not None else Select.NULL,
                     allow_blank=True, prompt="choose one", classes="field-control")

    def _index_of(self, value: Any) -> int | None:
        for index, (_, choice) in enumerate(self.param.choices or []):
            if choice == value:
                return index
        return None

    def read(self) -> Any:
        index = self.control.value
        if index is Select.NULL or index is None:
            if self.param.required:
                raise FieldError(f"{self.param.name}: choose one")
            return None
        return (self.param.choices or [])[cast(int, index)][1]   # Select.NULL is ruled out above

    def write(self, value: Any) -> None:
        index = self._index_of(value)
        self.control.value = index if index is not None else Select.NULL

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        self.edited()


class CustomChoiceField(TextField):
    """A Dropdown that also takes values outside its choices: free text, labels suggested."""

    @property
    def control(self) -> Input:
        return cast("Input", super().control)

    def compose_control(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        labels = [plain(label) for label, _ in self.param.choices or []]
        default = next((label for label, value in self.param.choices or [] if value == self.param.default),
                       self.param.default if isinstance(self.param.default, str) else "")
        yield Input(plain(default), suggester=SuggestFromList(labels, case_sensitive=False), classes="field-control")

    def hint(self) -> str:
        shown = ", ".join(plain(label) for label, _ in (self.param.choices or [])[:8])
        return f"any value; choices: {shown}" if shown else "any value"

    def read(self) -> Any:
        text = self.control.value
        for label, value in self.param.choices or []:
            if text == label:
                return value
        return text


class MultiChoiceField(ParamField):
    @property
    def control(self) -> SelectionList[Any]:
        return cast("SelectionList[Any]", super().control)

    """CheckboxGroup / multiselect Dropdown: a SelectionList (space toggles)."""

    def compose_control(self) -> ComposeResult:
        chosen = self.param.default if isinstance(self.param.default, list) else []
        items = [(Text(plain(label)), index, value in chosen)
                 for index, (label, value) in enumerate(self.param.choices or [])]
        selection = SelectionList(*items, classes="field-control")
        selection.styles.height = min(len(items), 6) + 2
        yield selection

    def hint(self) -> str:
        return "space toggles · any number of choices"

    def read(self) -> list[Any]:
        choices = self.param.choices or []
        picked = sorted(self.control.selected)
        return [choices[index][1] for index in picked]

    def write(self, value: Any) -> None:
        wanted = value if isinstance(value, list) else []
        control = self.control
        control.deselect_all()
        for index, (_, choice) in enumerate(self.param.choices or []):
            if choice in wanted:
                control.select(index)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self.edited()


class FileField(ParamField):
    """A local path (picked or typed) or an http(s) URL. For an ImageEditor the path is its
    background, for a 4.x/5.x Video the video (``core.filedata.form_shape``)."""

    @property
    def control(self) -> Input:
        return cast("Input", super().control)

    class Browse(Message):
        def __init__(self, field: FileField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, param: Param, shape: str = "one") -> None:
        super().__init__(param)
        self.shape = shape

    def compose_control(self) -> ComposeResult:
        # Only a URL default is shown: a path from the app names a file of its machine (or, from a
        # hostile app, one of ours that a careless run would upload).
        shown = [p for p in paths_from_value(self.shape, self.param.default)[0] if is_url(p)]
        with Horizontal(classes="file-row"):
            yield Input(plain(shown[0]) if shown else "", placeholder="path or URL", classes="field-control")
            yield Button("Browse…", classes="browse", compact=True)

    def hint(self) -> str:
        what = {"editor": "the background image", "video": "the video"}.get(self.shape, "a local file")
        return f"{self.param.component}: {what} (uploaded) or an http(s) URL"

    def read_path(self, text: str) -> str:
        text = text.strip()
        if text.startswith(("http://", "https://")):
            return text
        path = Path(os.path.expanduser(text))
        if not path.is_file():
            raise FieldError(f"no such file: {text}")
        return str(path)

    def read(self) -> Any:
        text = self.control.value.strip()
        if not text:
            if self.param.required:
                raise FieldError(f"{self.param.name}: pick a file or give a URL")
            return None
        return value_from_paths(self.shape, [self.read_path(text)])

    def write(self, value: Any) -> None:
        paths = paths_from_value(self.shape, value)[0] if value is not None else []
        self.control.value = plain(paths[0]) if paths else ""

    def browse_from(self) -> str:
        """Where the file picker opens: by the path given last."""
        return self.control.value

    def add_picked(self, path: str) -> None:
        self.control.value = path

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()

    @on(Button.Pressed, ".browse")
    def _browse(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Browse(self))


class FileListField(FileField):
    """Several files: a list of files, a Gallery, an ImageSlider's pair, a MultimodalTextbox's
    files (with its text above): one path or URL per line, *Add…* appends a picked file."""

    @property
    def control(self) -> TextArea:  # type: ignore[override]  # every method that reads it is its own here
        return cast("TextArea", super().control)

    def compose_control(self) -> ComposeResult:
        paths, text = paths_from_value(self.shape, self.param.default)
        paths = [p for p in paths if is_url(p)]   # as FileField: never an app's local path
        if self.shape == "multimodal":
            yield Input(text, placeholder="message text", classes="field-text")
        area = TextArea("\n".join(paths), soft_wrap=False, show_line_numbers=False, classes="field-control -files")
        area.styles.height = 5
        yield area
        yield Button("Add…", classes="browse", compact=True)

    def hint(self) -> str:
        what = {"pair": "two images", "gallery": "images (or videos)", "multimodal": "attached files"}
        return f"{self.param.component}: {what.get(self.shape, 'files')}, one path or URL per line (uploaded)"

    def read(self) -> Any:
        paths = [self.read_path(line) for line in self.control.text.splitlines() if line.strip()]
        if self.shape == "pair" and len(paths) > 2:
            raise FieldError(f"{self.param.name}: at most two images, one per line")
        text = self.query_one(".field-text", Input).value if self.shape == "multimodal" else ""
        if not paths and not text:
            if self.param.required:
                raise FieldError(f"{self.param.name}: give at least one file, one path or URL per line")
            return None
        return value_from_paths(self.shape, paths, text)

    def write(self, value: Any) -> None:
        paths, text = paths_from_value(self.shape, value) if value is not None else ([], "")
        self.control.load_text("\n".join(paths))
        if self.shape == "multimodal":
            self.query_one(".field-text", Input).value = text

    def browse_from(self) -> str:
        lines = [line for line in self.control.text.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""

    def add_picked(self, path: str) -> None:
        lines = [line for line in self.control.text.splitlines() if line.strip()]
        self.control.load_text("\n".join([*lines, path]))

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()


class JsonField(ParamField):
    @property
    def control(self) -> TextArea:
        return cast("TextArea", super().control)

    """JSON and every component the form has no widget for: JSON text, checked as you type."""

    def compose_control(self) -> ComposeResult:
        text = ""
        if self.param.has_default and self.param.default is not None:
            text = json_text(self.param.default, indent=2)
        area = TextArea(text, soft_wrap=True, show_line_numbers=False, classes="field-control -json")
        area.styles.height = max(3, min(text.count("\n") + 1, 8)) + 2
        yield area

    def hint(self) -> str:
        return f"{self.param.component}: JSON" + ("" if self.param.required else " (empty: none)")

    def read(self) -> Any:
        text = self.control.text.strip()
        if not text:
            if self.param.required:
                raise self.required_missing()
            return None
        try:
            return json.loads(text)
        except ValueError as err:
            raise FieldError(f"not valid JSON: {err}") from None

    def write(self, value: Any) -> None:
        self.control.load_text(json_text(value, indent=2))

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()


def field_for(param: Param) -> ParamField:
    kind = param.component.lower()
    shape = form_shape(param.schema)
    if shape in ONE_PATH_SHAPES or (param.is_file and shape is None):
        return FileField(param, shape or "one")
    if shape is not None:
        return FileListField(param, shape)
    if param.choices is not None:
        if param.multiselect or kind == "checkboxgroup":
            return MultiChoiceField(param)
        if param.allow_custom:
            return CustomChoiceField(param)
        return ChoiceField(param)
    if kind == "checkbox":
        return BoolField(param)
    if kind in NUMBER_COMPONENTS:
        return NumberField(param)
    schema_type = param.schema.get("type") if isinstance(param.schema, dict) else None
    if kind in TEXT_COMPONENTS and (param.python_type in ("str", "string") or schema_type == "string"):
        return TextField(param)
    return JsonField(param)
