"""/whoami behind a login: mounted with auth=("user", "pass")."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener

USERNAME, PASSWORD = "user", "pass"
MOUNT_KWARGS = {"auth": (USERNAME, PASSWORD), "auth_message": "Log in with user/pass"}


def whoami(x: str, request: gr.Request) -> str:
    return f"{request.username}: {x}"


def build() -> gr.Blocks:
    with gr.Blocks(title="auth", analytics_enabled=False) as demo:
        x = gr.Textbox(label="x", value="hi")
        out = gr.Textbox(label="Out")
        gr.Button("Who am I").click(whoami, x, out, **listener("whoami"))
    return demo
