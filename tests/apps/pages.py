"""A multipage app (``Blocks.route``, gradio ≥ 5): /home_fn on the first page, /second_fn on
"second". On 4.x, which has no pages, only the first page exists."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import MAJOR, listener


def build() -> gr.Blocks:
    with gr.Blocks(title="pages", analytics_enabled=False) as demo:
        x = gr.Textbox(label="x", value="home")
        out = gr.Textbox(label="Out")
        gr.Button("Home").click(lambda s: "home:" + s, x, out, **listener("home_fn"))
    if MAJOR >= 5:
        with demo.route("Second", "/second"):
            y = gr.Textbox(label="y", value="second")
            out2 = gr.Textbox(label="Out")
            gr.Button("Second").click(lambda s: "second:" + s, y, out2, **listener("second_fn"))
    return demo
