"""One form field per parameter kind, each with its label, hint and inline error.

``field_for(param)`` picks the widget: Textbox → Input / TextArea, Number and Slider → a numeric
Input (min / max / step shown and enforced, ↑/↓ step), Checkbox → ``[x]`` / ``[ ]``, Dropdown /
Radio → Select with the display labels (no blank entry when required), multiselect → a
SelectionList ticked ``[x]`` / ``[ ]``, File / Image / Audio / Video / an ImageEditor's background → a path
or URL with a file picker, several files (a list, Gallery, ImageSlider, MultimodalTextbox) → one
path per line with a picker that adds, JSON and anything else → a TextArea that must hold JSON.

``read()`` turns the widget's state into the value the core expects, raising ``FieldError`` with
a sentence for the user; ``validate()`` adds the core's own ``check_value`` and shows the result
under the field; ``reset()`` (ctrl+z, binding ``field.reset``) puts the app's default back.
Ticked and unticked differ in a character, not only in colour. External text (labels, choices)
is always shown as ``Text``, never markup.
"""

from __future__ import annotations

import json
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, OptionList, Select, SelectionList, Static, TextArea

from gradio_tui.core import (
    ONE_PATH_SHAPES,
    ArgumentError,
    Param,
    check_value,
    form_shape,
    is_url,
    json_text,
    paths_from_value,
    plain,
    value_from_paths,
)
from gradio_tui.tui.keymap import shown_key

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


def _decimals(step: float) -> int:
    """Digits after the point of ``step`` (0.25 → 2): where a stepped value is rounded."""
    exponent = Decimal(str(step)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rejected_reason(value: str, typed: str, whole: bool = False) -> str:
    """Why a number box refused ``typed`` at the end of ``value``: one short sentence."""
    odd = next((c for c in typed if c not in "0123456789+-.eE_"), None)
    if odd is not None:
        shown = repr(odd) if odd.isprintable() else "that character"
        return f"{shown} is not part of a number (digits, '.', 'e', a leading sign)"
    if "." in typed and whole:
        return "a whole number: no '.'"
    if "." in typed and "." in value:
        return "a number has one '.'"
    if any(c in "eE" for c in typed) and any(c in "eE" for c in value):
        return "a number has one exponent 'e'"
    if any(c in "+-" for c in typed):
        return "a sign goes first (or right after the 'e')"
    return f"{typed!r} here would not make a number"


class TickBox(Checkbox):
    """A checkbox that shows ``[x]`` ticked and ``[ ]`` not: it reads the same without colour."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--label")
        return Content.assemble(("[", style), ("x" if self.value else " ", style + TextualStyle(bold=True)),
                                ("]", style))


class TickList(SelectionList[Any]):
    """A SelectionList whose options start ``[x]`` when chosen and ``[ ]`` when not (not a
    ``▐X▌`` told apart by colour alone)."""

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        index = self.scroll_offset.y + y
        if not 0 <= index < self.option_count:
            return line
        value = self.get_option_at_index(index).value
        base = next(iter(line)).style or self.rich_style
        meta = Style(meta={"option": index})     # a click on the mark toggles, as on the label
        mark = "x" if value in self._selected else " "
        return Strip([Segment("[", base + meta), Segment(mark, base + Style(bold=True) + meta),
                      Segment("] ", base + meta), *line])


class ChoiceSelect(Select[Any]):
    """A Select that starts blank ("choose one") but, when ``required``, offers no blank entry:
    once a choice is made, nothing in the list takes it back to ``null``."""

    def __init__(self, options: list[tuple[Any, Any]], *, value: Any, required: bool, **kwargs: Any) -> None:
        self.required = required
        super().__init__(options, value=value, allow_blank=not required,
                         prompt="choose one" if required else "none", **kwargs)

    def _setup_variables_for_options(self, options: Any) -> None:
        super()._setup_variables_for_options(options)
        self._legal_values.add(self.NULL)       # blank until a choice is made, even when required

    def _init_selected_option(self, hint: Any = Select.NULL) -> None:
        self.value = hint


class NumberInput(Input):
    """A number box that says why it refused a character (Textual's Input only rings the bell)."""

    class Rejected(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, *args: Any, whole: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.whole = whole
        self._typed = ""

    def replace(self, text: str, start: int, end: int) -> None:
        self._typed = text
        super().replace(text, start, end)

    def restricted(self) -> None:
        self.post_message(self.Rejected(rejected_reason(self.value, self._typed, self.whole)))


class ParamField(Vertical):
    """Base: label (``*`` when required), the control, a hint, and the error line."""

    BINDINGS = [Binding("ctrl+z", "reset", "Default", id="field.reset", show=False,
                        tooltip="Put the focused field back to the app's default")]

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

    def reset(self) -> None:
        """Back to what the field showed at first: the app's default, or empty."""
        self.write(self.param.default if self.param.has_default else None)

    def action_reset(self) -> None:
        self.reset()
        self.set_error(None)

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

    def reset(self) -> None:
        self.write(self.shown_default())

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.edited()


class NumberField(ParamField):
    """Number and Slider: a number box; ↑/↓ step by the step (1 when the app gives none), kept
    within min / max and on the slider's grid; a refused character is explained under it."""

    BINDINGS = [
        Binding("up", "step(1)", "Step up", id="field.step_up", show=False, tooltip="Number: one step up"),
        Binding("down", "step(-1)", "Step down", id="field.step_down", show=False, tooltip="Number: one step down"),
    ]
    _refused_at: str | None = None            # the box's text when a character was last refused

    @property
    def control(self) -> Input:
        return cast("Input", super().control)

    def compose_control(self) -> ComposeResult:
        yield NumberInput(_number_text(self.param.default), type="number", valid_empty=True, classes="field-control",
                          placeholder="a number" + ("" if self.param.required else " (empty: none)"),
                          whole=_wants_int(self.param))
        yield Static("", classes="field-notice")

    def hint(self) -> str:
        p = self.param
        parts = []
        if p.minimum is not None or p.maximum is not None:
            low = _number_text(p.minimum) if p.minimum is not None else "−∞"
            high = _number_text(p.maximum) if p.maximum is not None else "∞"
            parts.append(f"{low} … {high}")
        if p.step is not None and p.component.lower() == "slider":
            parts.append(f"step {_number_text(p.step)} (↑/↓)")
        if p.has_default and p.default is not None:
            reset = shown_key(self.app, "field.reset", "ctrl+z")
            parts.append(f"default {_number_text(p.default) or p.default} ({reset})")
        return " · ".join(parts)

    @property
    def step_size(self) -> float:
        step = self.param.step
        return float(step) if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0 else 1.0

    def stepped(self, direction: int) -> float:
        """The value one step up (1) or down (-1) from the box's, within min / max; from an
        empty or unreadable box, the default (or the minimum, or 0)."""
        p, size = self.param, self.step_size
        try:
            current: float | None = float(self.control.value.strip())
        except ValueError:
            current = None
        if current is None or not math.isfinite(current):
            start = p.default if isinstance(p.default, (int, float)) and not isinstance(p.default, bool) else None
            number = float(start if start is not None else p.minimum if p.minimum is not None else 0)
        else:
            number = current + direction * size
            if p.component.lower() == "slider":      # back onto the slider's grid
                base = float(p.minimum or 0)
                number = base + round((number - base) / size) * size
        if p.maximum is not None:
            number = min(number, float(p.maximum))
        if p.minimum is not None:
            number = max(number, float(p.minimum))
        # Rounded to the digits the step and the value had (3.5 + 1 is 4.5, 0.1 + 0.2 is 0.3)
        return round(number, max(_decimals(size), _decimals(current) if current is not None else 0))

    def action_step(self, direction: int) -> None:
        number = self.stepped(direction)
        self.write(int(number) if number.is_integer() else number)
        self.control.cursor_position = len(self.control.value)

    def show_notice(self, text: str) -> None:
        self.query_one(".field-notice", Static).update(Text(plain(text), style="yellow"))
        self.set_class(bool(text), "-notice")

    @on(NumberInput.Rejected)
    def _rejected(self, event: NumberInput.Rejected) -> None:
        event.stop()
        self._refused_at = self.control.value
        self.show_notice(f"not typed: {event.reason}")

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
        if event.value != self._refused_at:     # a change queued before the refusal keeps its notice
            self.show_notice("")
        self.edited()


class BoolField(ParamField):
    @property
    def control(self) -> Checkbox:
        return cast("Checkbox", super().control)

    def compose_control(self) -> ComposeResult:
        yield TickBox(Text("space toggles", style="dim"), bool(self.param.default), classes="field-control",
                      compact=True)

    def read(self) -> bool:
        return bool(self.control.value)

    def write(self, value: Any) -> None:
        self.control.value = bool(value)

    @on(Checkbox.Changed)
    def _changed(self, event: Checkbox.Changed) -> None:
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
        yield ChoiceSelect(options, value=current if current is not None else Select.NULL,
                           required=self.param.required, classes="field-control")

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
        selection = TickList(*items, classes="field-control")
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

    def reset(self) -> None:
        shown = [p for p in paths_from_value(self.shape, self.param.default)[0] if is_url(p)]   # as compose
        self.control.value = plain(shown[0]) if shown else ""

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

    def reset(self) -> None:
        paths, text = paths_from_value(self.shape, self.param.default)
        self.control.load_text("\n".join(p for p in paths if is_url(p)))
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

    def reset(self) -> None:
        default = self.param.default if self.param.has_default else None
        self.control.load_text("" if default is None else json_text(default, indent=2))

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
