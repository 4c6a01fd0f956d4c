"""Shapes found in real apps: a default of another type, a Dataset in the API, described
types, and two listeners that end up with one api_name.

/html_default: ``gr.HTML(value=3)`` — the app's own default is an int where the schema says str.
/load_example: a ``Dataset`` input (``skip_api`` false in the config) → the sample at that index.
/more_examples: a ``Dataset`` output (an update with new samples).
/describe: a Slider and a File, whose types carry descriptions in /info.
/twin and fn of the same name: a rendered Blocks whose own ``twin`` is renamed ``twin_1`` and so
collides with its second listener, really named ``twin_1`` (the server routes the name to the
first; /info describes the last).
"""

from __future__ import annotations

import os

import gradio as gr

from tests.apps._compat import listener

SAMPLES = [["alpha"], ["beta"]]


def show_value(value) -> str:
    return f"{type(value).__name__}:{value}"


def load_example(index) -> str:
    return SAMPLES[index][0] if isinstance(index, int) else f"value:{index}"


def more_examples():
    return gr.Dataset(samples=[["gamma"], ["delta"], ["epsilon"]])


def describe(level, doc) -> str:
    name = os.path.basename(doc) if doc else None
    return f"level={level} doc={name}"


def _twins() -> gr.Blocks:
    with gr.Blocks() as inner:
        word = gr.Textbox(label="Word")
        number = gr.Number(label="Count", value=2)
        said = gr.Textbox(label="Said")
        gr.Button("First").click(lambda w: f"first:{w}", word, said, **listener("twin"))
        gr.Button("Second").click(lambda n: f"second:{n}", number, said, **listener("twin_1"))
    return inner


def build() -> gr.Blocks:
    twins = _twins()  # built outside, rendered inside: its names are made unique only then
    with gr.Blocks(title="realworld", analytics_enabled=False) as demo:
        page = gr.HTML(value=3)
        shown = gr.Textbox(label="Shown")
        gr.Button("Show").click(show_value, page, shown, **listener("html_default"))

        word = gr.Textbox(label="Example word")
        examples = gr.Dataset(components=[word], samples=SAMPLES, type="index", label="Examples")
        examples.click(load_example, examples, word, **listener("load_example"))
        gr.Button("More").click(more_examples, None, examples, **listener("more_examples"))

        level = gr.Slider(1, 10, value=2, step=1, label="Level")
        doc = gr.File(label="Doc")
        gr.Button("Describe").click(describe, [level, doc], shown, **listener("describe"))

        said = gr.Textbox(label="Root said")
        gr.Button("Root").click(lambda w: f"root:{w}", said, said, **listener("twin"))
        twins.render()
    return demo
