"""/describe: one input of every form widget kind; returns a sorted JSON dump of them."""

from __future__ import annotations

import json

import gradio as gr

from tests.apps._compat import listener

COLOURS = [("Red colour", "red"), ("Green colour", "green"), ("Blue colour", "blue")]


def describe(choice, size, flags, multi, level, amount, payload, on) -> str:
    """Describes the inputs as JSON (sorted keys, so it is deterministic)."""
    values = {
        "choice": choice,
        "size": size,
        "flags": flags,
        "multi": multi,
        "level": level,
        "amount": amount,
        "payload": payload,
        "on": on,
    }
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def build() -> gr.Blocks:
    with gr.Blocks(title="widgets", analytics_enabled=False) as demo:
        choice = gr.Dropdown(choices=COLOURS, value="red", label="Choice")
        size = gr.Radio(["S", "M", "L"], label="Size")  # no value and no default: required
        flags = gr.CheckboxGroup(["x", "y", "z"], value=["x"], label="Flags")
        multi = gr.Dropdown(["a", "b", "c"], value=[], multiselect=True, label="Multi")
        level = gr.Slider(0, 10, step=0.5, value=5, label="Level")
        amount = gr.Number(value=3.5, label="Amount")
        payload = gr.JSON(value={"k": 1}, label="Payload")
        on = gr.Checkbox(value=False, label="On")
        out = gr.Textbox(label="Description")
        gr.Button("Describe").click(
            describe,
            [choice, size, flags, multi, level, amount, payload, on],
            out,
            **listener("describe"),
        )
    return demo
