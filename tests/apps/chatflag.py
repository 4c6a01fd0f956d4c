"""A ChatInterface the way Gradio 6 builds one: flagging on, translated labels.

Gradio 6 gives the Chatbot, the textbox placeholder and the accordion translation keys
(``__i18n__{…}`` in /config, ``{"key": …, "_type": "translation_metadata"}`` in /info), and an app
may add its own with ``gr.I18n`` (5.x+): the Slider's label has English, its info only French.
"""

from __future__ import annotations

import inspect

import gradio as gr

from tests.apps._compat import chat_interface_kwargs

I18N = gr.I18n(en={"rounds": "Rounds"}, fr={"rounds": "Tours", "only_fr": "Seulement en français"}) \
    if hasattr(gr, "I18n") else None
MOUNT_KWARGS = {"i18n": I18N} if I18N is not None and "i18n" in inspect.signature(
    gr.mount_gradio_app).parameters else {}


def _text(key: str, fallback: str):
    return I18N(key) if I18N is not None else fallback


def respond(message, history, rounds) -> str:
    text = message.get("text", "") if isinstance(message, dict) else str(message)
    return f"{text} x{rounds}"


def build() -> gr.Blocks:
    kwargs = chat_interface_kwargs()
    if "flagging_mode" in inspect.signature(gr.ChatInterface.__init__).parameters:
        kwargs["flagging_mode"] = "manual"
    rounds = gr.Slider(1, 3, value=1, step=1, label=_text("rounds", "Rounds"), info=_text("only_fr", "Only"))
    return gr.ChatInterface(respond, additional_inputs=[rounds], title="chatflag", analytics_enabled=False,
                            cache_examples=False, **kwargs)
