"""JSON that crossed the trust boundary: decoded safely, stored and printed within bounds.

An app (or the Hub) can send JSON that Python parses but cannot print or store: a lone UTF-16
surrogate (``"\\ud800"``) makes every later ``encode("utf-8")`` fail, and ``"\\udc9b"`` leaves a
terminal through ``surrogateescape`` as the raw byte 0x9b (an 8-bit CSI). ``loads`` is the one
decoder for wire JSON: it replaces lone surrogates with U+FFFD, after a fast look at the raw
text so that clean payloads (nearly all) cost one regex search.

``bounded`` cuts a value nested deeper than ``MAX_DEPTH`` (what history and reports store:
``json.dumps`` / ``asdict`` recurse, and a 500-deep output overflows them) and ``printable``
also turns non-finite floats into ``null`` (``NaN`` / ``Infinity`` are not JSON).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 100                       # containers within containers kept in history and reports
TOO_DEEP = "…(nested too deep)"       # what stands for a value below that depth

_SURROGATE = re.compile("[\ud800-\udfff]")
# A lone surrogate reaches ``json.loads`` as a ``\uDxxx`` escape (a regex with a literal prefix:
# ~8x faster than the parse), or in bytes UTF-8-encoded (``json.loads`` decodes bytes with
# surrogatepass). Text is never searched for raw surrogates: every str the core decodes comes
# from a UTF-8 decoder with errors="replace" (httpx, ``sse.SSEDecoder``), which makes none.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPED_SURROGATE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_ENCODED_SURROGATE_BYTES = re.compile(rb"\xed[\xa0-\xbf]")


def loads(data: str | bytes | bytearray) -> Any:
    """``json.loads`` for what an app or the Hub sent: lone surrogates become U+FFFD.

    Raises what ``json.loads`` raises (``ValueError``, ``RecursionError``)."""
    if isinstance(data, (bytes, bytearray)):
        encoding = json.detect_encoding(data)
        if encoding != "utf-8":
            data = bytes(data).decode(encoding, "replace")   # a lone UTF-16 surrogate → U+FFFD
    value = json.loads(data)
    suspect: object
    if isinstance(data, str):
        suspect = _ESCAPED_SURROGATE.search(data)
    else:
        suspect = (_ESCAPED_SURROGATE_BYTES.search(data)
                   or (b"\xed" in data and _ENCODED_SURROGATE_BYTES.search(data)))
    return without_surrogates(value) if suspect else value


def _fix(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def without_surrogates(value: Any) -> Any:
    """``value`` (fresh from ``json.loads``: changed in place) with every lone surrogate in its
    strings and keys replaced by U+FFFD. Iterative: as deep as the parser went, never deeper."""
    if isinstance(value, str):
        return _fix(value)
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, str):
                    node[i] = _fix(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
        elif isinstance(node, dict):
            if any(isinstance(k, str) and _SURROGATE.search(k) for k in node):
                items = list(node.items())
                node.clear()
                node.update((_fix(k) if isinstance(k, str) else k, v) for k, v in items)
            for key, item in node.items():
                if isinstance(item, str):
                    node[key] = _fix(item)
                elif isinstance(item, (list, dict)):
                    stack.append(item)
    return value


def bounded(value: Any, max_depth: int = MAX_DEPTH) -> Any:
    """``value`` with every container nested deeper than ``max_depth`` replaced by ``TOO_DEEP``
    (a copy down to that depth; the recursion never goes deeper than ``max_depth``)."""
    return _walk(value, max_depth, finite=False)


def printable(value: Any, max_depth: int = MAX_DEPTH) -> Any:
    """``bounded(value)`` with non-finite floats as ``None``: what strict JSON can hold.
    Tuples become lists and other objects stay as they are (``json.dumps``' ``default`` sees them)."""
    return _walk(value, max_depth, finite=True)


def _walk(value: Any, depth: int, finite: bool) -> Any:
    if isinstance(value, float):
        return None if finite and not math.isfinite(value) else value
    if isinstance(value, (list, tuple, dict)):
        if depth <= 0:
            return TOO_DEEP
        if isinstance(value, dict):
            return {k: _walk(v, depth - 1, finite) for k, v in value.items()}
        return [_walk(v, depth - 1, finite) for v in value]
    return value


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that always gives strict JSON (RFC 8259): non-finite floats as ``null``, a
    value nested past ``MAX_DEPTH`` cut. The common case (a clean value) costs one ``dumps``."""
    kwargs["allow_nan"] = False
    try:
        return json.dumps(value, **kwargs)
    except (ValueError, RecursionError):   # NaN / Infinity, too deep (or a cycle)
        return json.dumps(printable(value), **kwargs)


def depth_exceeds(value: Any, max_depth: int = MAX_DEPTH) -> bool:
    """Whether ``value`` holds containers nested deeper than ``max_depth`` (iterative)."""
    stack = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (list, dict)):
            if depth >= max_depth:
                return True
            stack.extend((item, depth + 1) for item in (node.values() if isinstance(node, dict) else node))
    return False
