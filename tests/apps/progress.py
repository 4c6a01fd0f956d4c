"""/slow_job: gr.Progress (explicit and tqdm), gr.Info and gr.Warning; about 1 s."""

from __future__ import annotations

import time

import gradio as gr

from tests.apps._compat import listener


def slow_job(steps: float, progress=gr.Progress()) -> str:  # noqa: B008 (gradio idiom)
    """Works through `steps` steps, reporting progress."""
    steps = int(steps)
    progress(0.0, desc="Starting")
    gr.Info("Job started")
    time.sleep(0.1)
    for _ in progress.tqdm(range(steps), desc="Working"):
        time.sleep(0.1)
    progress(0.99, desc="Finishing")
    gr.Warning("Almost done")
    time.sleep(0.2)
    return f"done {steps} steps"


def build() -> gr.Blocks:
    with gr.Blocks(title="progress", analytics_enabled=False) as demo:
        steps = gr.Number(label="Steps", value=5, precision=0)
        result = gr.Textbox(label="Result")
        gr.Button("Run").click(slow_job, steps, result, **listener("slow_job"))
    return demo
