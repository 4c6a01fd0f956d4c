"""FileData, gradio's file value: the one place that detects, builds and finds it.

A file can stand anywhere in a value: the whole value (``File``), an item of a list
(``File(file_count="multiple")``, ``UploadButton``), a key of an object (``ImageEditor``'s
``background``/``layers``/``composite``, ``Video``'s ``video``/``subtitles`` on 4.x/5.x,
``MultimodalTextbox``'s ``files``), or a position of a tuple (``ImageSlider``). ``find_files``
walks a value along the parameter's JSON schema (as ``/info`` gives it) and notes every place
where a local file or a URL goes, so the call uploads each one (gradio_client's
``traverse(..., is_file_obj_with_meta)`` does the same, but only for values already wrapped
with ``handle_file``; here a plain path is enough where the schema says a file goes).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from gradio_tui.core.errors import ArgumentError


@dataclass
class FileArg:
    """A file argument as the user gave it: a local path or an http(s) URL."""

    param: str
    source: str                     # local path or URL, as given
    is_url: bool = False
    server_path: str | None = None  # where /upload put it (filled after upload)
    at: list[str | int] = field(default_factory=list)  # where in the parameter's value ([]: all of it)


FILE_META = {"_type": "gradio.FileData"}
#: The names gradio gives its file models in a JSON schema.
FILE_TITLES = ("FileData", "ImageData", "VideoData", "AudioData")
#: The schema of a file component that gave none: the whole value is one file.
FILE_SCHEMA = {"title": "FileData", "type": "object", "properties": {"path": {"type": "string"}}}
_MAX_REF_HOPS = 32   # a hostile schema's $ref chain (or loop) ends here
_MAX_DEPTH = 64      # how deep a value is walked
_MAX_SCHEMA_STEPS = 20_000   # a hostile schema's anyOf fan-out ends here
_MAX_BRANCHES = 64           # alternatives kept at one place of a value

Location = list[str | int]  # keys (str) and indexes (int) from the parameter's value down to one file


def is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def is_filedata(value: Any) -> bool:
    """A FileData object: a dict with a string ``path`` and gradio's ``meta`` (or, from servers
    older than 4.21, an ``orig_name`` or ``url`` beside the path)."""
    return isinstance(value, dict) and isinstance(value.get("path"), str) and (
        _meta_type(value) == "gradio.FileData" or "orig_name" in value or "url" in value)


def _meta_type(value: dict[str, Any]) -> Any:
    meta = value.get("meta")
    return meta.get("_type") if isinstance(meta, dict) else None


def url_filedata(url: str) -> dict[str, Any]:
    """A file given as an http(s) URL: the server fetches it (protocol §3)."""
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "file"
    return {"path": url, "url": url, "orig_name": name, "meta": dict(FILE_META)}


def uploaded_filedata(server_path: str, name: str, size: int | None = None) -> dict[str, Any]:
    """The FileData of a file ``/upload`` stored at ``server_path``."""
    data: dict[str, Any] = {"path": server_path, "meta": dict(FILE_META), "orig_name": name}
    if size is not None:
        data["size"] = size
    return data


def file_name(path: str) -> str:
    return os.path.basename(str(path).rstrip("/")) or "file"


# --- schemas --------------------------------------------------------------------------------
def is_filedata_schema(schema: Any) -> bool:
    """The schema of one FileData object: ``path`` among its properties and ``meta`` marking
    ``gradio.FileData`` (a ``$ref`` to ``FileDataMeta`` on 5.x+, a default on 4.x), or one of
    gradio's file model titles."""
    if not isinstance(schema, dict):
        return False
    props = schema.get("properties")
    if not isinstance(props, dict) or "path" not in props:
        return False
    meta = props.get("meta", {})
    if isinstance(meta, dict) and ("$ref" in meta or meta.get("default", {}) == FILE_META):
        return True
    return schema.get("title") in FILE_TITLES


class _Schema:
    """A parameter's schema with its ``$defs``: the branches a value may take at each place."""

    def __init__(self, root: Any) -> None:
        root = root if isinstance(root, dict) else {}
        defs = root.get("$defs", root.get("definitions"))
        self.defs: dict[str, Any] = defs if isinstance(defs, dict) else {}
        self._refs: dict[str, list[dict[str, Any]]] = {}   # each $ref resolved once
        self._seen: dict[int, list[dict[str, Any]]] = {}   # each (sub)schema flattened once
        self._budget = _MAX_SCHEMA_STEPS

    def branches(self, schema: Any, hops: int = 0) -> list[dict[str, Any]]:
        """The alternatives a schema allows (``anyOf``/``oneOf``/``allOf`` flattened, ``$ref``
        followed); an empty list means "anything" (also for a loop or a schema too large).
        Each part is worked out once, so a long list of files costs one look at its schema."""
        if not isinstance(schema, dict):
            return []
        known = self._seen.get(id(schema))
        if known is not None:
            return known
        self._budget -= 1
        if hops > _MAX_REF_HOPS or self._budget < 0:
            return []
        self._seen[id(schema)] = []   # while in progress: a loop back here means "anything"
        ref = schema.get("$ref")
        out: list[dict[str, Any]] = []
        if isinstance(ref, str):
            if ref not in self._refs:
                self._refs[ref] = []
                self._refs[ref] = self.branches(self.defs.get(ref.rsplit("/", 1)[-1]), hops + 1)
            out = self._refs[ref]
        else:
            for key in ("anyOf", "oneOf", "allOf"):
                subs = schema.get(key)
                if isinstance(subs, list):
                    for sub in subs[:_MAX_BRANCHES]:
                        out += self.branches(sub, hops + 1)
            out = out[:_MAX_BRANCHES] or [schema]
        self._seen[id(schema)] = out
        return out

    def takes_file(self, branches: list[dict[str, Any]]) -> bool:
        """A file goes here: one branch is FileData and none is plain text."""
        return any(is_filedata_schema(b) for b in branches) and not any(b.get("type") == "string" for b in branches)

    def item(self, branches: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for b in branches:
            if is_filedata_schema(b):
                continue
            prefix = b.get("prefixItems")
            if isinstance(prefix, list) and index < len(prefix):
                out += self.branches(prefix[index])
            elif isinstance(b.get("items"), dict):
                out += self.branches(b["items"])
        return out

    def member(self, branches: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for b in branches:
            if is_filedata_schema(b):
                continue
            props = b.get("properties")
            if isinstance(props, dict) and key in props:
                out += self.branches(props[key])
            elif isinstance(b.get("additionalProperties"), dict):
                out += self.branches(b["additionalProperties"])
        return out


def file_places(schema: Any, limit: int = 8) -> list[Location]:
    """Where files go in a value of this schema: ``[]`` (the whole value), ``["*"]`` (each item
    of a list), ``["background"]``, ``["layers", "*"]``, ``[0]``, … (at most ``limit``)."""
    s = _Schema(schema)
    found: list[Location] = []

    def walk(branches: list[dict[str, Any]], at: Location, depth: int) -> None:
        if len(found) >= limit or depth > 6:
            return
        if s.takes_file(branches):
            found.append(at)
            return
        for b in branches:
            if is_filedata_schema(b):
                continue
            if isinstance(b.get("prefixItems"), list):
                for i, sub in enumerate(b["prefixItems"][:8]):
                    walk(s.branches(sub), at + [i], depth + 1)
            elif isinstance(b.get("items"), dict):
                walk(s.branches(b["items"]), at + ["*"], depth + 1)
            if isinstance(b.get("properties"), dict):
                for key, sub in list(b["properties"].items())[:16]:
                    walk(s.branches(sub), at + [str(key)], depth + 1)

    try:
        walk(s.branches(schema), [], 0)
    except (TypeError, AttributeError, ValueError, RecursionError):
        return []
    return found


# --- values ---------------------------------------------------------------------------------
def strings_in(value: Any, limit: int = 10_000) -> set[str]:
    """Every string in ``value`` (at most ``limit`` of them, 64 levels deep)."""
    found: set[str] = set()
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and len(found) < limit:
        item, depth = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif depth < _MAX_DEPTH and isinstance(item, (list, tuple)):
            stack.extend((sub, depth + 1) for sub in item)
        elif depth < _MAX_DEPTH and isinstance(item, dict):
            stack.extend((sub, depth + 1) for sub in item.values())
    return found


def find_files(param: str, value: Any, schema: Any, base: Path | None = None,
               local: bool = True, app_value: Any = None, plain_paths: bool = True) -> tuple[Any, list[FileArg]]:
    """The value with every list made a list, and a ``FileArg`` for each file to upload or pass
    as a URL: a plain path or URL where the schema says a file goes, or a FileData anywhere whose
    path is a local file. A single path where a list of files goes becomes a one-item list.

    ``local=False`` (a value the app itself gave, its default) takes URLs only: an app must not
    be able to name a file of this machine and have it uploaded. For the same reason a FileData
    whose path stands anywhere in ``app_value`` (the app's default, which a form shows for the
    user to edit) is never read, and plain strings are paths only where ``plain_paths`` (a file
    component: a text box whose schema says "file" must not turn what the user typed into an
    upload). Raises ``ArgumentError`` for a path that is not a file (the user's typo, said
    before sending).
    """
    s = _Schema(schema)
    files: list[FileArg] = []
    apps = strings_in(app_value) if app_value is not None else set()

    def local_file(text: str, at: Location) -> str:
        path = Path(os.path.expanduser(text))
        if base is not None and not path.is_absolute():
            path = base / path
        if not path.is_file():
            where = param + "".join(f"[{k!r}]" for k in at)
            raise ArgumentError(f"{where}: file not found: {text}", param=param)
        return str(path)

    def walk(item: Any, branches: list[dict[str, Any]], at: Location, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            return item
        if is_filedata(item):
            path = item["path"]
            if (local and _meta_type(item) == "gradio.FileData" and not is_url(path) and path not in apps
                    and os.path.isfile(os.path.expanduser(path))):
                files.append(FileArg(param=param, source=local_file(path, at), at=list(at)))
            return item
        if branches and s.takes_file(branches):
            if is_url(item):
                files.append(FileArg(param=param, source=item, is_url=True, at=list(at)))
            elif local and plain_paths and isinstance(item, (str, os.PathLike)):
                files.append(FileArg(param=param, source=local_file(str(item), at), at=list(at)))
            return item
        if isinstance(item, (str, os.PathLike)) and _wants_list_of_files(s, branches):
            return walk([item], branches, at, depth)
        if isinstance(item, (list, tuple)):
            return [walk(sub, s.item(branches, i), at + [i], depth + 1) for i, sub in enumerate(item)]
        if isinstance(item, dict):
            return {k: walk(sub, s.member(branches, str(k)), at + [k], depth + 1) for k, sub in item.items()}
        return item

    try:
        return walk(value, s.branches(schema), [], 0), files
    except (TypeError, AttributeError, RecursionError):   # a schema that makes no sense
        return value, files


def _wants_list_of_files(s: _Schema, branches: list[dict[str, Any]]) -> bool:
    if not branches or any(b.get("type") == "string" for b in branches):
        return False
    arrays = [b for b in branches if b.get("type") == "array" and isinstance(b.get("items"), dict)]
    return any(s.takes_file(s.branches(b["items"])) for b in arrays)


def walk_filedata(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every FileData in a value (an output's files), outermost first."""
    if depth > _MAX_DEPTH:
        return
    if is_filedata(value):
        yield value
    elif isinstance(value, dict):
        for sub in value.values():
            yield from walk_filedata(sub, depth + 1)
    elif isinstance(value, (list, tuple)):
        for sub in value:
            yield from walk_filedata(sub, depth + 1)


def put_at(value: Any, at: Location, new: Any) -> Any:
    """``value`` with ``new`` at ``at`` (copies along the way; the original is left alone)."""
    if not at:
        return new
    key, rest = at[0], at[1:]
    if isinstance(value, dict):
        copy = dict(value)
        copy[key] = put_at(value[key], rest, new)
        return copy
    copy_list = list(value)
    copy_list[cast(int, key)] = put_at(value[key], rest, new)
    return copy_list
