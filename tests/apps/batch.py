"""/batch_upper with batch=True, max_batch_size=4."""

from __future__ import annotations

import time

import gradio as gr

from tests.apps._compat import listener


def batch_upper(texts: list[str]) -> list[list[str]]:
    time.sleep(0.2)  # lets concurrent calls gather into one batch
    return [[t.upper() for t in texts]]


def build() -> gr.Blocks:
    with gr.Blocks(title="batch", analytics_enabled=False) as demo:
        text = gr.Textbox(label="Text")
        upper = gr.Textbox(label="Upper")
        gr.Button("Upper").click(
            batch_upper, text, upper, batch=True, max_batch_size=4, **listener("batch_upper")
        )
    return demo
