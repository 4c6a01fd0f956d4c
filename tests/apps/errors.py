"""Failures: /boom_gr (gr.Error with a title), /boom_plain (ValueError), /gen_error.

Mounted with show_error=False, the default of launch(); errors_shown is the same app
mounted with show_error=True.
"""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from tests.apps._compat import error, listener

MOUNT_KWARGS = {"show_error": False}


def boom_gr(x: str) -> str:
    raise error("Custom failure: " + x, title="Bad input")


def boom_plain(x: str) -> str:
    raise ValueError("Plain failure: " + x)


def gen_error(n: float) -> Iterator[str]:
    """Yields n times (default 2), then raises gr.Error."""
    for i in range(int(n)):
        yield f"step {i + 1}"
    raise error("Generator failed", title="Generator")


def build() -> gr.Blocks:
    with gr.Blocks(title="errors", analytics_enabled=False) as demo:
        x = gr.Textbox(label="x", value="x")
        out = gr.Textbox(label="Out")
        gr.Button("gr.Error").click(boom_gr, x, out, **listener("boom_gr"))
        gr.Button("ValueError").click(boom_plain, x, out, **listener("boom_plain"))
        n = gr.Number(label="n", value=2, precision=0)
        gr.Button("Generator error").click(gen_error, n, out, **listener("gen_error"))
    return demo
