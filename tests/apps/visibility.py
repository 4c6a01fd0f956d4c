"""API visibility: public, undocumented, private, a .then() chain, lambdas, a js-only listener.

Names as the servers report them: /public_fn, /hidden (undocumented), /secret (private;
on 4.x/5.x a private listener has api_name False, so no name), /step1 followed by a
.then() lambda, and a standalone lambda.  Unnamed lambdas get "lambda", "lambda_1", ...
"""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener


def public_fn(x: str) -> str:
    return x.upper()


def hidden(x: str) -> str:
    return f"hidden:{x}"


def secret(x: str) -> str:
    return f"secret:{x}"


def step1(x: str) -> str:
    return f"{x}>step1"


def build() -> gr.Blocks:
    with gr.Blocks(title="visibility", analytics_enabled=False) as demo:
        x = gr.Textbox(label="x", value="x")
        out = gr.Textbox(label="Out")
        gr.Button("Public").click(public_fn, x, out, **listener("public_fn"))
        gr.Button("Hidden").click(hidden, x, out, **listener("hidden", "undocumented"))
        gr.Button("Secret").click(secret, x, out, **listener("secret", "private"))
        gr.Button("Reverse").click(lambda s: s[::-1], x, out)  # auto api_name: lambda
        chained = gr.Textbox(label="Chained")
        gr.Button("Chain").click(step1, x, chained, **listener("step1")).then(
            lambda s: f"{s}>then", chained, chained
        )  # auto api_name: lambda_1
        gr.Button("JS only").click(None, None, None, js="() => {}")
    return demo
