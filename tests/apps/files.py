"""File and image inputs/outputs: /file_info, /image_info, /make_file."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import gradio as gr

from tests.apps._compat import listener


def _out_dir() -> Path:
    # Under tempfile.gettempdir(), which every gradio version allows as an output location.
    return Path(tempfile.mkdtemp(prefix="gradio-tui-test-"))


def file_info(f: str) -> tuple[str, str]:
    """Returns "name:size:sha256" and a report file saying the same."""
    path = Path(f)
    data = path.read_bytes()
    summary = f"{path.name}:{len(data)}:{hashlib.sha256(data).hexdigest()}"
    report = _out_dir() / "report.txt"
    report.write_text(summary + "\n", encoding="utf-8")
    return summary, str(report)


def image_info(img: str):
    """Returns "WxH" and the image flipped left to right (PNG)."""
    from PIL import Image

    with Image.open(img) as im:
        im.load()
        size = f"{im.width}x{im.height}"
        flipped = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return size, flipped


def make_file(text: str) -> str:
    """Returns a file made.txt containing `text` (UTF-8)."""
    path = _out_dir() / "made.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def build() -> gr.Blocks:
    with gr.Blocks(title="files", analytics_enabled=False) as demo:
        f = gr.File(label="File")
        summary = gr.Textbox(label="Summary")
        report = gr.File(label="Report")
        gr.Button("Info").click(file_info, f, [summary, report], **listener("file_info"))

        img = gr.Image(type="filepath", label="Image")
        size = gr.Textbox(label="Size")
        flipped = gr.Image(label="Flipped", format="png")
        gr.Button("Image info").click(image_info, img, [size, flipped], **listener("image_info"))

        text = gr.Textbox(label="Text")
        made = gr.File(label="Made")
        gr.Button("Make").click(make_file, text, made, **listener("make_file"))
    return demo
