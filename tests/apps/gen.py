"""Generators: /count (growing text), /count_json (two outputs), /stream_many (stress)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import gradio as gr

from tests.apps._compat import listener


def count(n: float, delay: float) -> Iterator[str]:
    """Yields "tick0 ", "tick0 tick1 ", ... with `delay` seconds between yields."""
    text = ""
    for i in range(int(n)):
        if i and delay:
            time.sleep(delay)
        text += f"tick{i} "
        yield text


def count_json(n: float) -> Iterator[tuple[dict, int]]:
    """Yields ({"items": [0..i]}, i + 1)."""
    items: list[int] = []
    for i in range(int(n)):
        items.append(i)
        yield {"items": list(items)}, i + 1
        time.sleep(0.05)


def stream_many(n: float) -> Iterator[str]:
    """Yields n small strings as fast as it can."""
    for i in range(int(n)):
        yield str(i + 1)


def build() -> gr.Blocks:
    with gr.Blocks(title="gen", analytics_enabled=False) as demo:
        n = gr.Number(label="n", value=5, precision=0)
        delay = gr.Number(label="Delay", value=0.2)
        ticks = gr.Textbox(label="Ticks")
        gr.Button("Count").click(count, [n, delay], ticks, **listener("count"))

        jn = gr.Number(label="n", value=3, precision=0)
        items = gr.JSON(label="Items")
        how_many = gr.Number(label="How many")
        gr.Button("Count JSON").click(count_json, jn, [items, how_many], **listener("count_json"))

        many = gr.Number(label="n", value=10000, precision=0)
        last = gr.Textbox(label="Last")
        gr.Button("Stream many").click(stream_many, many, last, **listener("stream_many"))
    return demo
