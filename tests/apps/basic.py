"""Interface-like Blocks: /greet, /echo, /add."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener


def greet(name: str, excited: bool, times: float) -> tuple[str, int]:
    """Greets a person."""
    text = f"Hello, {name}{'!' if excited else '.'}" * int(times)
    return text, len(text)


def echo(text: str) -> str:
    """Returns its input unchanged (quoting and unicode round trips)."""
    return text


def add(a: float, b: float) -> float:
    """Adds two numbers."""
    return a + b


def build() -> gr.Blocks:
    with gr.Blocks(title="basic", analytics_enabled=False) as demo:
        with gr.Row():
            name = gr.Textbox(label="Name", value="World")
            excited = gr.Checkbox(label="Excited", value=False)
            times = gr.Slider(1, 5, step=1, value=1, label="Times")
        with gr.Row():
            greeting = gr.Textbox(label="Greeting")
            length = gr.Number(label="Length")
        gr.Button("Greet").click(
            greet, [name, excited, times], [greeting, length], **listener("greet")
        )

        text = gr.Textbox(label="Text", lines=3)
        echoed = gr.Textbox(label="Echoed", lines=3)
        gr.Button("Echo").click(echo, text, echoed, **listener("echo"))

        with gr.Row():
            a = gr.Number(label="a")
            b = gr.Number(label="b", value=1)
            total = gr.Number(label="Sum")
        gr.Button("Add").click(add, [a, b], total, **listener("add"))
    return demo
