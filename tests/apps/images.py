"""Image outputs, made by Pillow: /picture, /gallery, /annotated, /big, and /chat (a chat view's reply)."""

from __future__ import annotations

import gradio as gr

from tests.apps._compat import listener

QUADRANTS = ((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255))   # top-left, top-right, bottom-left, -right


def quadrants(width: int, height: int):
    """Four solid quadrants: red, green / blue, white."""
    from PIL import Image

    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    for index, (x, y) in enumerate(((0, 0), (half_w, 0), (0, half_h), (half_w, half_h))):
        image.paste(QUADRANTS[index], (x, y, x + (half_w if x == 0 else width - half_w),
                                       y + (half_h if y == 0 else height - half_h)))
    return image


def picture(width: float, height: float):
    """A width×height image of four coloured quadrants (PNG)."""
    return quadrants(max(2, int(width)), max(2, int(height)))


def gallery():
    """Three solid-colour images with captions."""
    from PIL import Image

    return [(Image.new("RGB", (16, 16), colour), name)
            for colour, name in (((255, 0, 0), "red"), ((0, 255, 0), "green"), ((0, 0, 255), "blue"))]


def annotated():
    """The quadrants image with one box over its top-left quarter."""
    return quadrants(64, 32), [((0, 0, 32, 16), "red box")]


def big():
    """A 1024×1024 gradient (the benchmark's image)."""
    from PIL import Image

    image = Image.linear_gradient("L").resize((1024, 1024)).convert("RGB")
    return image


def chat(message: str):
    """A chat endpoint whose reply is a picture (the chat view draws it under the bubble)."""
    return quadrants(32, 16)


def build() -> gr.Blocks:
    with gr.Blocks(title="images", analytics_enabled=False) as demo:
        width = gr.Number(label="Width", value=64)
        height = gr.Number(label="Height", value=32)
        out = gr.Image(label="Picture", format="png", type="pil")
        gr.Button("Picture").click(picture, [width, height], out, **listener("picture"))

        shown = gr.Gallery(label="Gallery", format="png")
        gr.Button("Gallery").click(gallery, None, shown, **listener("gallery"))

        boxes = gr.AnnotatedImage(label="Annotated")
        gr.Button("Annotated").click(annotated, None, boxes, **listener("annotated"))

        large = gr.Image(label="Big", format="png", type="pil")
        gr.Button("Big").click(big, None, large, **listener("big"))

        message = gr.Textbox(label="message")
        reply = gr.Image(label="Reply", format="png", type="pil")
        gr.Button("Send").click(chat, message, reply, **listener("chat"))
    return demo
