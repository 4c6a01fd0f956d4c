"""Arguments → the server's input list, checked before anything is sent.

``construct_args`` follows gradio_client's ``predict`` rules (positional first, then keywords
by parameter name, then defaults), so a call here and a call there mean the same thing. The
checks catch what the server would only answer with a bare 500 or a run-time error, and are no
stricter than the server: the app's own default is never refused (``gr.HTML(value=3)`` sends an
int where the schema says str); a number or bool where text goes is sent as is, with a warning
(Textbox ``str()``s it, HTML and the other text components pass it on); a number written as text
where a number goes is sent as that number, with a warning (Number would pass the text on to the
function, Slider refuses it on 5.x+). Other mismatches are refused before sending: the server
either refuses them too (choices, ranges and Slider on 5.x+) or hands them to a function that was
written for the schema's type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gradio_tui.core.errors import ArgumentError
from gradio_tui.core.protocol.filedata import FILE_SCHEMA, FileArg, file_places, find_files
from gradio_tui.core.protocol.fileforms import FilePaths, form_shape, value_from_paths
from gradio_tui.core.protocol.schema import FILE_COMPONENTS, Endpoint, Param


@dataclass
class Payload:
    """The full input list (State/layout slots ``None``) plus what the record needs."""

    data: list[Any]
    args: dict[str, Any]                       # visible values by parameter name
    files: list[FileArg] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # sent anyway; the faces show them
    event_data: dict[str, Any] | None = None   # sent as the join's event_data (core.eventdata)
    trigger_id: int | None = None


def construct_args(endpoint: Endpoint, args: list[Any] | None, kwargs: dict[str, Any] | None) -> dict[str, Any]:
    """Positional then keyword values by name, defaults filled; unknown or missing names raise."""
    params = endpoint.parameters
    args = list(args or [])
    kwargs = dict(kwargs or {})
    if len(args) > len(params):
        raise ArgumentError(f"{endpoint.route} takes {len(params)} argument(s), {len(args)} given",
                            hint="parameters: " + (", ".join(p.name for p in params) or "none"))
    values: dict[str, Any] = {}
    for param, value in zip(params, args):
        values[param.name] = value
    names = {p.name for p in params}
    for key, value in kwargs.items():
        if key not in names:
            import difflib

            close = difflib.get_close_matches(key, sorted(names), n=1)
            raise ArgumentError(f"{key!r} is not a parameter of {endpoint.route}", param=key,
                                hint=(f"did you mean {close[0]!r}?" if close else
                                      "parameters: " + (", ".join(p.name for p in params) or "none")))
        if key in values:
            raise ArgumentError(f"parameter {key!r} is already set as a positional argument", param=key)
        values[key] = value
    for param in params:
        if param.name not in values:
            if param.has_default:
                values[param.name] = param.default
            else:
                raise ArgumentError(f"no value for required parameter {param.name!r}", param=param.name,
                                    hint=f"{param.label or param.name}: {param.python_type}")
    return {p.name: values[p.name] for p in params}


_JSON_TYPES = {
    "string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,),
    "array": (list, tuple), "object": (dict,), "null": (type(None),),
}


def _matches(value: Any, schema: Any) -> bool:
    """A shallow JSON-schema type check: enough to catch a string for a number."""
    if not isinstance(schema, dict) or not schema:
        return True
    if schema.get("description") == "any valid json" or schema.get("type") == {}:
        return True
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            return any(_matches(value, sub) for sub in schema[key])
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []
    if not kinds:
        return True
    for k in kinds:
        allowed = _JSON_TYPES.get(k) if isinstance(k, str) else None   # a hostile schema: "type": [[…]]
        if allowed is None:
            return True
        if isinstance(value, bool) and k in ("number", "integer"):
            continue
        if k == "integer" and isinstance(value, float) and value.is_integer():
            return True
        if isinstance(value, allowed):
            return True
    return False


def _is_default(param: Param, value: Any) -> bool:
    """The app's own default value (``True`` is not the default ``1``)."""
    return param.has_default and type(value) is type(param.default) and value == param.default


def _schema_kinds(schema: Any) -> set[str]:
    """The JSON types a schema names at its top level (``anyOf`` branches included)."""
    if not isinstance(schema, dict):
        return set()
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    for key in ("anyOf", "oneOf"):
        for sub in schema.get(key) or []:
            kinds |= _schema_kinds(sub)
    return kinds


def _number_from_text(text: str, integer: bool) -> int | float | None:
    try:
        number = float(text.strip())
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if number.is_integer() and (integer or not any(c in text for c in ".eE")):
        return int(number)
    return number


def _as_server_reads(param: Param, value: Any, notes: list[str] | None) -> Any:
    """A value of another type than the schema's: what the server would accept, or raise."""
    kinds = _schema_kinds(param.schema)
    shown = f"{type(value).__name__} {value!r:.60}"
    if kinds & {"number", "integer"} and isinstance(value, str):
        number = _number_from_text(value, "number" not in kinds)
        if number is not None:
            if notes is not None:
                notes.append(f"{param.name}: the text {value!r:.40} is sent as the number {number}")
            return number
    if "string" in kinds and isinstance(value, (int, float, bool)):
        if notes is not None:
            notes.append(f"{param.name}: expected {param.python_type}, got {shown}; sent as is")
        return value
    raise ArgumentError(f"{param.name}: expected {param.python_type}, got {shown}", param=param.name)


def check_value(param: Param, value: Any, notes: list[str] | None = None) -> Any:
    """The value to send, or ``ArgumentError`` for a value the form rules reject; ``notes``
    collects what is let through with a warning."""
    if value is None or param.is_file or _is_default(param, value):
        return value
    label = param.name
    if not _matches(value, param.schema):
        value = _as_server_reads(param, value, notes)
    if param.choices is not None and not param.allow_custom:
        allowed = [v for _, v in param.choices]
        items = value if param.multiselect and isinstance(value, list) else [value]
        for item in items:
            if item not in allowed:
                shown = ", ".join(repr(v) for v in allowed[:12])
                raise ArgumentError(f"{label}: {item!r} is not among the choices", param=label,
                                    hint=f"choices: {shown}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if param.minimum is not None and value < param.minimum:
            raise ArgumentError(f"{label}: {value} is below the minimum {param.minimum}", param=label)
        if param.maximum is not None and value > param.maximum:
            raise ArgumentError(f"{label}: {value} is above the maximum {param.maximum}", param=label)
    return value


def takes_paths(param: Param) -> bool:
    """Whether a plain string is a file path for ``param``: for file components only (and the
    multimodal box's files), never for a component that looks like text to the user."""
    return param.is_file or param.component.lower() in (*FILE_COMPONENTS, "multimodaltextbox")


def file_schema(param: Param) -> Any:
    """The schema files are looked for by: the parameter's, or FileData itself for a file
    component whose schema does not say where its file goes (none, or an odd one)."""
    if param.is_file and not file_places(param.schema):
        return FILE_SCHEMA
    return param.schema


def build_payload(endpoint: Endpoint, args: list[Any] | None = None, kwargs: dict[str, Any] | None = None,
                  event_data: Any = None) -> Payload:
    """Validate and lay out a call. Files are noted (``Payload.files``: each one's parameter
    and place in its value), not uploaded: the job does that. ``event_data`` (a JSON object)
    goes over the event's sample for an endpoint that reads event data."""
    values = construct_args(endpoint, args, kwargs)
    given = {p.name for p in endpoint.parameters[:len(args or [])]} | set(kwargs or {})
    files: list[FileArg] = []
    data: list[Any] = []
    notes: list[str] = [endpoint.shared_name_note] if endpoint.shared_name is not None else []
    for param in endpoint.inputs:
        if param.skip:
            data.append(None)
            continue
        if isinstance(values[param.name], FilePaths):       # --file NAME=PATH: laid out as the schema says
            paths = list(values[param.name])
            shape = form_shape(file_schema(param))
            values[param.name] = value_from_paths(shape or ("one" if len(paths) == 1 else "list"), paths)
        # The app's own default is sent as it is, but for URLs: it may not name our files.
        value, found = find_files(param.name, values[param.name], file_schema(param), local=param.name in given,
                                  app_value=param.default if param.has_default else None,
                                  plain_paths=takes_paths(param))
        value = values[param.name] = check_value(param, value, notes)
        files += found
        data.append(value)
    payload = Payload(data=data, args=values, files=files, warnings=notes)
    if endpoint.event is not None:
        payload.event_data = endpoint.event.data(event_data)
        payload.trigger_id = endpoint.event.trigger_id
    elif event_data is not None:
        raise ArgumentError(f"{endpoint.route} reads no event data",
                            hint="only listeners whose function takes gr.SelectData, gr.LikeData, … do")
    return payload
