"""Queueing: /slow (concurrency_limit=1), /fast; queue(max_size=3) so a burst gets 503.

Served at /queued, not /queue: on gradio 4.x the root app's own routes /queue/join and
/queue/data would be swallowed by a mount at /queue.
"""

from __future__ import annotations

import time

import gradio as gr

from tests.apps._compat import listener

MAX_SIZE = 3


def slow(seconds: float) -> str:
    time.sleep(float(seconds))
    return "done"


def fast(x: str) -> str:
    return x


def build() -> gr.Blocks:
    with gr.Blocks(title="queue", analytics_enabled=False) as demo:
        seconds = gr.Number(label="Seconds", value=3)
        out = gr.Textbox(label="Out")
        gr.Button("Slow").click(slow, seconds, out, concurrency_limit=1, **listener("slow"))
        x = gr.Textbox(label="x", value="x")
        fast_out = gr.Textbox(label="Fast out")
        gr.Button("Fast").click(fast, x, fast_out, **listener("fast"))
    demo.queue(max_size=MAX_SIZE)
    return demo
