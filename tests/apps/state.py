"""gr.State: /increment returns the per-session count as text, /reset_count."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener


def increment(count: int) -> tuple[int, str]:
    count = (count or 0) + 1
    return count, str(count)


def reset_count() -> tuple[int, str]:
    return 0, "0"


def build() -> gr.Blocks:
    with gr.Blocks(title="state", analytics_enabled=False) as demo:
        counter = gr.State(0)
        shown = gr.Textbox(label="Count")
        gr.Button("+1").click(increment, counter, [counter, shown], **listener("increment"))
        gr.Button("Reset").click(reset_count, None, [counter, shown], **listener("reset_count"))
    return demo
