"""An endpoint that declares ``gr.OAuthToken`` (its token comes from the caller on ≥ 6.x,
when the caller grants it); older servers get a plain echo under the same name."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import MAJOR, listener

if MAJOR >= 6:
    def token_tail(x: str, oauth_token: gr.OAuthToken | None) -> str:
        return f"{x}:{oauth_token.token[-4:] if oauth_token else 'none'}"
else:
    def token_tail(x: str) -> str:
        return f"{x}:none"


def build() -> gr.Blocks:
    with gr.Blocks(title="oauth", analytics_enabled=False) as demo:
        x = gr.Textbox(label="x", value="x")
        out = gr.Textbox(label="Out")
        gr.Button("Go").click(token_tail, x, out, **listener("token_tail"))
    return demo
