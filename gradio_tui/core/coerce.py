"""JSON from an app or the Hub read as the type we need, or ``None``: the one home of the coercers.

Neither an app nor the Hub is trusted to send the types it promises: a rank may come as a string,
a count as ``1e400``, a flag as ``"yes"``. Every reader of wire JSON (events, monitoring, the
debug view, the Hub's models, the schema) takes its fields through these, so a value of the wrong
type is dropped, never an exception further on. Numbers are kept only when finite and within
``±MAX_INT``: larger ones overflow ``float()`` and ``format()``.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_INT = 2 ** 53


def as_int(value: Any) -> int | None:
    """A whole number within ``±MAX_INT`` (a float that is one counts); anything else is ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and -MAX_INT <= value <= MAX_INT:
        return value
    return None


def as_float(value: Any) -> float | None:
    """A finite float (an int within ``±MAX_INT`` converted); anything else is ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int) and not -MAX_INT <= value <= MAX_INT:
        return None   # float(10**400) raises OverflowError
    value = float(value)
    return value if math.isfinite(value) else None


def as_number(value: Any) -> int | float | None:
    """An int stays an int, a float a float, both bounded as above; anything else is ``None``."""
    return as_int(value) if isinstance(value, int) else as_float(value)


def as_text(value: Any) -> str | None:
    """A string as is; ``None`` stays ``None``; anything else as its JSON text."""
    if value is None or isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def as_name(value: Any) -> str | None:
    """A string with something in it (an id, a title, a stage); blank or another type is ``None``."""
    return value if isinstance(value, str) and value.strip() else None


def as_bool(value: Any) -> bool | None:
    """``true`` / ``false`` only (``"yes"``, ``1`` are not booleans)."""
    return value if isinstance(value, bool) else None


def as_dict(value: Any) -> dict[str, Any]:
    """An object, or an empty one: ``as_dict(x).get(…)`` is always safe."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """An array, or an empty one."""
    return value if isinstance(value, list) else []


__all__ = ["MAX_INT", "as_bool", "as_dict", "as_float", "as_int", "as_list", "as_name", "as_number", "as_text"]
