"""A gr.ChatInterface whose reply streams word by word."""

from __future__ import annotations

import time
from collections.abc import Iterator

import gradio as gr

from tests.apps._compat import chat_interface_kwargs


def respond(message, history) -> Iterator[str]:
    text = message.get("text", "") if isinstance(message, dict) else str(message)
    reply = f"You said: {text}"
    out = ""
    for i, word in enumerate(reply.split(" ")):
        out += ("" if i == 0 else " ") + word
        time.sleep(0.02)
        yield out


def build() -> gr.Blocks:
    return gr.ChatInterface(
        respond,
        title="chat",
        analytics_enabled=False,
        cache_examples=False,
        **chat_interface_kwargs(),
    )
