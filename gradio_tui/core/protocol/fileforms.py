"""A value made of paths: how a form asks for a parameter whose files stand inside its value.

``form_shape`` names the few shapes gradio's components give (by where ``core.filedata`` finds
their files), ``value_from_paths`` builds the value from the paths a user typed or picked, and
``paths_from_value`` shows a value (a recorded call's, say) as those paths again.
"""

from __future__ import annotations

import os
from typing import Any

from gradio_tui.core.protocol.filedata import file_places, is_url

VIDEO_SUFFIXES = (".mp4", ".webm", ".mov", ".avi", ".mkv", ".m4v", ".ogv")


def form_shape(schema: Any) -> str | None:
    """How a form asks for a value whose files stand inside it, by where they go:
    ``one`` (the value is a file), ``list`` (a list of files), ``gallery`` (a list of
    ``{"image": file, "caption"}``), ``pair`` (an ImageSlider's two images), ``editor`` (an
    ImageEditor: its background), ``video`` (``{"video", "subtitles"}``), ``multimodal``
    (``{"text", "files"}``); None for anything else (the form's JSON box)."""
    found = [tuple(p) for p in file_places(schema)]
    if found == [()]:
        return "one"
    if found == [("*",)]:
        return "list"
    if found and all(len(p) == 2 and p[0] == "*" for p in found) and ("*", "image") in found:
        return "gallery"
    if found == [(0,), (1,)]:
        return "pair"
    if ("background",) in found and ("composite",) in found:
        return "editor"
    if found and found[0] == ("video",):
        return "video"
    if found == [("files", "*")]:
        return "multimodal"
    return None


class FilePaths(list):  # type: ignore[type-arg]
    """Paths (or URLs) the user gave for one parameter (``--file NAME=PATH``, repeatable), to be
    laid out as the parameter's schema says (``value_from_paths``) once the endpoint is known."""


#: Shapes a form fills from one path; the others take several.
ONE_PATH_SHAPES = ("one", "editor", "video")


def value_from_paths(shape: str | None, paths: list[str], text: str = "") -> Any:
    """The value of a ``form_shape`` from the paths (or URLs) the user gave, in order."""
    if shape in ("one", None):
        return paths[0] if paths else None
    if shape == "list":
        return list(paths)
    if shape == "gallery":
        return [{("video" if p.lower().endswith(VIDEO_SUFFIXES) else "image"): p, "caption": None} for p in paths]
    if shape == "pair":
        return (list(paths) + [None, None])[:2] if paths else None
    if shape == "editor":
        return {"background": paths[0], "layers": [], "composite": paths[0]} if paths else None
    if shape == "video":
        return {"video": paths[0], "subtitles": paths[1] if len(paths) > 1 else None} if paths else None
    if shape == "multimodal":
        return {"text": text, "files": list(paths)}
    raise ValueError(f"unknown form shape {shape!r}")


def paths_from_value(shape: str | None, value: Any) -> tuple[list[str], str]:
    """The paths (and a multimodal message's text) a form shows for a value of that shape."""
    def path(item: Any) -> str | None:
        if isinstance(item, str):
            return item
        if isinstance(item, dict):   # a URL, or a local file (not a path on the server)
            if is_url(item.get("url")) or is_url(item.get("path")):
                return str(item["url"] if is_url(item.get("url")) else item["path"])
            inner = item.get("path")
            return inner if isinstance(inner, str) and os.path.isfile(os.path.expanduser(inner)) else None
        return None

    items: list[Any]
    text = ""
    if isinstance(value, dict) and shape == "multimodal":
        text = value["text"] if isinstance(value.get("text"), str) else ""
        items = value["files"] if isinstance(value.get("files"), list) else []
    elif isinstance(value, dict) and shape == "editor":
        items = [value.get("background") or value.get("composite")]
    elif isinstance(value, dict) and shape == "video":
        items = [value.get("video"), value.get("subtitles")]
    elif isinstance(value, list) and shape == "gallery":
        items = [v.get("image") or v.get("video") if isinstance(v, dict) else v for v in value]
    elif isinstance(value, (list, tuple)) and shape in ("list", "pair"):
        items = list(value)
    else:
        items = [value]
    return [p for p in (path(i) for i in items) if p], text
