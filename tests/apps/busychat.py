"""A chat-like Blocks with many internal listeners, as real chat Spaces have.

/respond is the one public endpoint; the rest are undocumented helpers that keep State
(``/_save_conversation``, ``_1``, ``_2`` … ``/_export_json``): the endpoint list groups them.
"""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener

INTERNAL = ("_save_conversation", "_save_conversation_1", "_save_conversation_2", "_load_conversation",
            "_delete_conversation", "_rename_conversation", "_like", "_retry", "_undo", "_clear", "_edit",
            "_export_json")


def respond(message: str, history: str) -> tuple[str, str]:
    history = f"{history}\n> {message}\nYou said: {message}".strip()
    return history, history


def keep(history: str) -> str:
    return history


def build() -> gr.Blocks:
    with gr.Blocks(title="busychat", analytics_enabled=False) as demo:
        state = gr.State("")
        message = gr.Textbox(label="Message")
        shown = gr.Textbox(label="Conversation")
        message.submit(respond, [message, state], [shown, state], **listener("respond"))
        for name in INTERNAL:
            gr.Button(name).click(keep, state, state, **listener(name, "undocumented"))
    return demo
