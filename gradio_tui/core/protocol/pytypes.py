"""JSON schema → the Python type text gradio_client shows (``json_schema_to_python_type``).

Used only when an app's ``/info`` is missing; otherwise the server's own text is kept.
"""

from __future__ import annotations

from typing import Any

from gradio_tui.core.protocol.filedata import is_filedata_schema


def is_file_schema(schema: Any) -> bool:
    """A FileData schema (``core.filedata``), or a list or union of them (the ``filepath`` of
    the type text, and a file parameter's badge)."""
    if not isinstance(schema, dict):
        return False
    if is_filedata_schema(schema):
        return True
    for key in ("anyOf", "oneOf", "allOf"):
        if any(is_file_schema(s) for s in schema.get(key, []) or []):
            return True
    items = schema.get("items")
    return isinstance(items, dict) and is_file_schema(items)


def python_type(schema: Any, defs: dict[str, Any] | None = None) -> str:
    if not isinstance(schema, dict):
        return "Any"
    defs = {**(defs or {}), **schema.get("$defs", {})}
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[-1]
        return python_type(defs.get(ref, {}), defs)
    if is_file_schema(schema):
        return "filepath"
    if schema.get("description") == "any valid json" or schema.get("type") == {}:
        return "str | float | bool | list | dict"
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
    if "const" in schema:
        return f"Literal[{schema['const']!r}]"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = []
            for sub in schema[key]:
                text = python_type(sub, defs)
                if text not in parts:
                    parts.append(text)
            return " | ".join(parts)
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(python_type({**schema, "type": k}, defs) for k in kind)
    simple = {"string": "str", "number": "float", "integer": "int", "boolean": "bool", "null": "None"}
    if kind in simple:
        return simple[kind]
    if kind == "array":
        if "prefixItems" in schema:
            return "tuple[" + ", ".join(python_type(s, defs) for s in schema["prefixItems"]) + "]"
        items = schema.get("items")
        return f"list[{python_type(items, defs)}]" if items else "list[Any]"
    if kind == "object":
        props = schema.get("properties")
        if props:
            return "dict(" + ", ".join(f"{k}: {python_type(v, defs)}" for k, v in props.items()) + ")"
        extra = schema.get("additionalProperties")
        return f"dict(str, {python_type(extra, defs)})" if isinstance(extra, dict) else "dict"
    return "Any"


_SCHEMA_FAULTS = (TypeError, AttributeError, ValueError, KeyError, IndexError, RecursionError)


def safe_python_type(schema: Any) -> str:
    """``python_type`` of a schema from an app we do not trust: ``Any`` when it makes no sense
    (a ``$ref`` loop, a list where an object belongs, …)."""
    try:
        return python_type(schema)
    except _SCHEMA_FAULTS:
        return "Any"


def safe_is_file_schema(schema: Any) -> bool:
    try:
        return is_file_schema(schema)
    except _SCHEMA_FAULTS:
        return False
