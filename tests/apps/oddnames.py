"""Names a snippet must not trip over: an api_name with a ``/`` (and other characters a URL
path must encode), and parameter names that clash with ``Client.predict``'s own keywords
(Python: ``headers``, ``self``; ``api_name``/``fn_index``/``result_callbacks`` Gradio renames
``param_N``) or with JavaScript's ``Object.prototype`` (``__proto__``, ``constructor``, …), and
an endpoint named ``__proto__`` (which @gradio/client cannot find by name).

Every input has a default, so a snippet that loses a value sends the default and the app's
answer shows it.
"""

from __future__ import annotations

import json

import gradio as gr

from tests.apps._compat import listener

SLASH_NAME = "odd/name"
ENCODED_NAME = "odd name?#%ü"
CLASHING = ("self", "headers", "api_name", "fn_index", "result_callbacks",
            "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf")


def echo(text: str) -> str:
    """Returns its input unchanged."""
    return text


def clash(self, headers, api_name, fn_index, result_callbacks, __proto__, constructor, toString,
          hasOwnProperty, valueOf):
    """Returns its inputs, in order, as JSON text."""
    return json.dumps([self, headers, api_name, fn_index, result_callbacks, __proto__, constructor, toString,
                       hasOwnProperty, valueOf], ensure_ascii=False)


def build() -> gr.Blocks:
    with gr.Blocks(title="oddnames", analytics_enabled=False) as demo:
        text = gr.Textbox(label="Text", value="default")
        out = gr.Textbox(label="Out")
        gr.Button("Slash").click(echo, text, out, **listener(SLASH_NAME))
        gr.Button("Encoded").click(echo, text, out, **listener(ENCODED_NAME))
        gr.Button("Proto").click(echo, text, out, **listener("__proto__"))
        boxes = [gr.Textbox(label=name, value=f"default {name}") for name in CLASHING]
        gr.Button("Clash").click(clash, boxes, out, **listener("clash"))
    return demo
