"""Listeners whose function takes event data (gr.SelectData, gr.LikeData, gr.KeyUpData,
gr.EditData): /on_select, /on_like, /on_key_up, /on_edit (5.x+: EditData is new in 5.0).

Each returns text made of the event's fields, so a test sees what the server received; a call
without event data fails on the server (``'NoneType' object is not subscriptable``)."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener


def on_select(table: list, evt: gr.SelectData) -> str:
    return f"selected {evt.index} = {evt.value} ({'on' if evt.selected else 'off'})"


def on_like(evt: gr.LikeData) -> str:
    return f"{'liked' if evt.liked else 'disliked'} {evt.index}: {evt.value}"


def on_key_up(fruit: str, evt: gr.KeyUpData) -> str:
    return f"key {evt.key} in {evt.input_value!r}"


def on_edit(evt: gr.EditData) -> str:   # gradio 5.x+
    return f"edited {evt.index}: {evt.previous_value} -> {evt.value}"


def build() -> gr.Blocks:
    with gr.Blocks(title="events", analytics_enabled=False) as demo:
        table = gr.Dataframe(value=[["a", "b"], ["c", "d"]], headers=["x", "y"], label="Table")
        chat = gr.Chatbot(value=[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}],
                          label="Chat", **({"type": "messages"} if _has_messages_type() else {}))
        box = gr.Dropdown(["apple", "banana"], value="apple", label="Fruit", allow_custom_value=True)
        out = gr.Textbox(label="Out")
        table.select(on_select, table, out, **listener("on_select"))
        chat.like(on_like, None, out, **listener("on_like"))
        box.key_up(on_key_up, box, out, **listener("on_key_up"))
        if hasattr(gr, "EditData"):
            chat.edit(on_edit, None, out, **listener("on_edit"))
    return demo


def _has_messages_type() -> bool:
    import inspect

    return "type" in inspect.signature(gr.Chatbot.__init__).parameters
