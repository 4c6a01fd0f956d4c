"""The few differences between gradio 4.44, 5.x and 6.x that the test apps need."""

from __future__ import annotations

import inspect
from typing import Any

import gradio as gr

GRADIO_VERSION: str = gr.__version__
MAJOR: int = int(GRADIO_VERSION.split(".")[0])

_ERROR_PARAMS = inspect.signature(gr.Error.__init__).parameters


def listener(api_name: str | None = None, visibility: str = "public") -> dict[str, Any]:
    """Keyword arguments for an event listener with this api_name and visibility.

    visibility: "public" (listed in /info), "undocumented" (callable, listed only with
    ?all_endpoints) or "private" (not part of the API; clients refuse it).
    6.x spells this ``api_visibility=``; 4.x/5.x use ``show_api=False`` for undocumented
    and ``api_name=False`` for private, so a private endpoint has no name there.
    """
    if visibility not in ("public", "undocumented", "private"):
        raise ValueError(visibility)
    kwargs: dict[str, Any] = {}
    if MAJOR >= 6:
        if api_name is not None:
            kwargs["api_name"] = api_name
        if visibility != "public":
            kwargs["api_visibility"] = visibility
        return kwargs
    if visibility == "private":
        kwargs["api_name"] = False
        return kwargs
    if api_name is not None:
        kwargs["api_name"] = api_name
    if visibility == "undocumented":
        kwargs["show_api"] = False
    return kwargs


def error(message: str, *, title: str | None = None, duration: float | None = 5) -> gr.Error:
    """gr.Error with a title where supported (``title=`` is new in 5.x)."""
    kwargs: dict[str, Any] = {"duration": duration}
    if title is not None and "title" in _ERROR_PARAMS:
        kwargs["title"] = title
    return gr.Error(message, **kwargs)


def chat_interface_kwargs() -> dict[str, Any]:
    """Messages-style history and the endpoint name /chat on every version.

    4.x defaults to tuple-style history and 5.x warns about it; 6.x only has messages.
    4.x always names the endpoint "chat"; 5.x defaults to "chat"; 6.x to the fn's name.
    """
    params = inspect.signature(gr.ChatInterface.__init__).parameters
    kwargs: dict[str, Any] = {}
    if "type" in params:
        kwargs["type"] = "messages"
    if "api_name" in params:
        kwargs["api_name"] = "chat"
    return kwargs
